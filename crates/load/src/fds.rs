//! File descriptors and memory of a process, from `/proc`: what each observer costs the server
//! and this tool, and whether a run fits the limit on open files (`ulimit -n`) before it starts.

use serde_json::{Value, json};

/// Open file descriptors of process `pid` (`None` for this process).
pub fn open(pid: Option<u32>) -> Option<usize> {
    let dir = pid.map_or_else(|| "/proc/self/fd".to_string(), |p| format!("/proc/{p}/fd"));
    Some(std::fs::read_dir(dir).ok()?.count())
}

/// The soft limit on open files of process `pid` (`None` for this process); `None` if unlimited
/// or unknown.
pub fn limit(pid: Option<u32>) -> Option<u64> {
    let file = pid.map_or_else(
        || "/proc/self/limits".to_string(),
        |p| format!("/proc/{p}/limits"),
    );
    let text = std::fs::read_to_string(file).ok()?;
    let line = text.lines().find(|l| l.starts_with("Max open files"))?;
    line["Max open files".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Descriptors kept free for everything else (database, log, listening socket, ...).
const SPARE: u64 = 64;

/// A clear refusal when `needed` more descriptors would not fit the limit of `who` (`pid`).
pub fn check(needed: usize, pid: Option<u32>, who: &str) -> Result<(), String> {
    let Some(limit) = limit(pid) else {
        return Ok(());
    };
    let used = open(pid).unwrap_or(0) as u64;
    if used + needed as u64 + SPARE > limit {
        return Err(format!(
            "{who} would need about {} open files ({used} open now, {needed} connections for the \
             clients and observers, {SPARE} spare) but its limit is {limit} (`ulimit -n`): raise \
             the limit, or use fewer --clients or --observers",
            used + needed as u64 + SPARE
        ));
    }
    Ok(())
}

/// What the observers cost: resident memory and descriptors of the server and of this tool,
/// measured just before and just after they connected.
#[derive(Clone, Copy, Default)]
pub struct Usage {
    pub server_rss_kib: u64,
    pub server_fds: usize,
    pub tool_rss_kib: u64,
    pub tool_fds: usize,
}

impl Usage {
    pub fn now(server: u32) -> Usage {
        Usage {
            server_rss_kib: crate::server::status_kib(server, "VmRSS:"),
            server_fds: open(Some(server)).unwrap_or(0),
            tool_rss_kib: crate::server::status_kib(std::process::id(), "VmRSS:"),
            tool_fds: open(None).unwrap_or(0),
        }
    }

    /// Per observer, from `before` to `self` with `n` observers connected.
    pub fn per_observer(&self, before: &Usage, n: usize) -> Value {
        let n = n.max(1) as f64;
        let bytes = |a: u64, b: u64| ((a.saturating_sub(b) * 1024) as f64 / n).round();
        let fds = |a: usize, b: usize| (a.saturating_sub(b) as f64 / n * 100.0).round() / 100.0;
        json!({
            "server_rss_mib": {"before": before.server_rss_kib / 1024, "connected": self.server_rss_kib / 1024},
            "server_bytes_each": bytes(self.server_rss_kib, before.server_rss_kib),
            "server_fds_each": fds(self.server_fds, before.server_fds),
            "tool_bytes_each": bytes(self.tool_rss_kib, before.tool_rss_kib),
            "tool_fds_each": fds(self.tool_fds, before.tool_fds),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_that_does_not_fit_the_limit_is_refused_clearly() {
        let limit = limit(None).expect("Linux: a limit on open files");
        assert!(open(None).expect("open descriptors") > 0);
        assert!(check(0, None, "this tool").is_ok());
        let e = check(limit as usize, None, "this tool").expect_err("cannot fit");
        assert!(e.contains("ulimit -n") && e.contains("--observers"), "{e}");
    }
}
