//! A progress line on stderr for long counts: what is being done and for how long, redrawn every
//! tenth of a second, erased at the end; a phase whose size is known (reading and parsing the
//! file) is drawn as a bar with its percentage, the others with a spinner. Shown only when
//! stderr is a terminal and the input is large, so pipes, files and tests see nothing.

use std::io::Write;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Inputs at least this large get a progress line.
pub const LARGE_INPUT: u64 = 8 * 1024 * 1024;

const FRAMES: [char; 4] = ['|', '/', '-', '\\'];
/// Cells of the bar.
const BAR: usize = 24;

/// How much of a phase is done: a reading of work done, and the whole.
struct Measure {
    done: Arc<dyn Fn() -> u64 + Send + Sync>,
    total: u64,
}

enum Msg {
    Phase(String, Option<Measure>),
    Done,
}

/// `[#########...............]  37%`
fn bar(done: u64, total: u64) -> String {
    let fraction = if total == 0 {
        1.0
    } else {
        (done.min(total) as f64) / (total as f64)
    };
    let filled = ((fraction * BAR as f64).round() as usize).min(BAR);
    format!(
        "[{}{}] {:>3}%",
        "#".repeat(filled),
        ".".repeat(BAR - filled),
        (fraction * 100.0).floor() as u32
    )
}

/// The progress line (does nothing when disabled).
pub struct Progress {
    sender: Option<mpsc::Sender<Msg>>,
    drawer: Option<JoinHandle<()>>,
}

impl Progress {
    /// A progress line on stderr if it is a terminal and `input_bytes` is large.
    pub fn on_stderr(input_bytes: u64) -> Progress {
        use std::io::IsTerminal;
        if input_bytes >= LARGE_INPUT && std::io::stderr().is_terminal() {
            Progress::to(Box::new(std::io::stderr()), Duration::from_millis(100))
        } else {
            Progress::disabled()
        }
    }

    pub fn disabled() -> Progress {
        Progress {
            sender: None,
            drawer: None,
        }
    }

    /// A progress line drawn on `out` every `every`.
    pub fn to(mut out: Box<dyn Write + Send>, every: Duration) -> Progress {
        let (sender, receiver) = mpsc::channel::<Msg>();
        let drawer = std::thread::spawn(move || {
            let (mut phase, mut since, mut frame) = (String::new(), Instant::now(), 0usize);
            let mut measure: Option<Measure> = None;
            loop {
                match receiver.recv_timeout(every) {
                    Ok(Msg::Phase(p, m)) => {
                        phase = p;
                        measure = m;
                        since = Instant::now();
                    }
                    Ok(Msg::Done) | Err(RecvTimeoutError::Disconnected) => break,
                    Err(RecvTimeoutError::Timeout) => {}
                }
                if !phase.is_empty() {
                    let head = match &measure {
                        Some(m) => bar((m.done)(), m.total),
                        None => FRAMES[frame % FRAMES.len()].to_string(),
                    };
                    let _ = write!(
                        out,
                        "\r\x1b[2K{head} {phase}… {:.1} s",
                        since.elapsed().as_secs_f64()
                    );
                    let _ = out.flush();
                    frame += 1;
                }
            }
            let _ = write!(out, "\r\x1b[2K");
            let _ = out.flush();
        });
        Progress {
            sender: Some(sender),
            drawer: Some(drawer),
        }
    }

    /// Whether anything is drawn (skip work that only feeds the line when it is not).
    pub fn enabled(&self) -> bool {
        self.sender.is_some()
    }

    /// Starts a new phase ("parsing 1,000,000 lines", "counting: meek").
    pub fn phase(&self, what: impl Into<String>) {
        if let Some(s) = &self.sender {
            let _ = s.send(Msg::Phase(what.into(), None));
        }
    }

    /// Starts a phase of known size, drawn as a bar: `done` says how much of `total` is done.
    pub fn measured(
        &self,
        what: impl Into<String>,
        total: u64,
        done: impl Fn() -> u64 + Send + Sync + 'static,
    ) {
        if let Some(s) = &self.sender {
            let measure = Measure {
                done: Arc::new(done),
                total,
            };
            let _ = s.send(Msg::Phase(what.into(), Some(measure)));
        }
    }

    /// Erases the line and waits for it to be erased.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some(s) = self.sender.take() {
            let _ = s.send(Msg::Done);
        }
        if let Some(d) = self.drawer.take() {
            let _ = d.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Condvar, Mutex};

    /// What the drawer wrote, and a signal at each write.
    #[derive(Clone, Default)]
    struct Shared(Arc<(Mutex<Vec<u8>>, Condvar)>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let (text, written) = &*self.0;
            text.lock().unwrap().extend_from_slice(buf);
            written.notify_all();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Shared {
        fn text(&self) -> String {
            String::from_utf8(self.0.0.lock().unwrap().clone()).unwrap()
        }

        /// Waits until the drawer has written `needle` (fails the test after 10 s).
        fn wait_for(&self, needle: &str) {
            let (text, written) = &*self.0;
            let deadline = Instant::now() + Duration::from_secs(10);
            let mut buf = text.lock().unwrap();
            while !String::from_utf8_lossy(&buf).contains(needle) {
                let left = deadline
                    .checked_duration_since(Instant::now())
                    .unwrap_or_else(|| panic!("{needle:?} not drawn within 10 s"));
                buf = written.wait_timeout(buf, left).unwrap().0;
            }
        }
    }

    #[test]
    fn draws_each_phase_then_erases_the_line() {
        let out = Shared::default();
        let p = Progress::to(Box::new(out.clone()), Duration::from_millis(5));
        p.phase("parsing 3 lines");
        out.wait_for("parsing 3 lines…");
        p.phase("counting: meek");
        out.wait_for("counting: meek…");
        p.finish();
        let text = out.text();
        let parsing = text.find("parsing 3 lines…").expect("first phase shown");
        let counting = text.find("counting: meek…").expect("second phase shown");
        assert!(parsing < counting);
        assert!(text.ends_with("\r\x1b[2K"), "the line is erased: {text:?}");
    }

    #[test]
    fn a_measured_phase_is_a_bar_that_fills() {
        use std::sync::atomic::{AtomicU64, Ordering};
        let out = Shared::default();
        let p = Progress::to(Box::new(out.clone()), Duration::from_millis(5));
        let done = Arc::new(AtomicU64::new(0));
        let reading = done.clone();
        p.measured("parsing 8 lines", 200, move || {
            reading.load(Ordering::Relaxed)
        });
        let empty = "[........................]   0% parsing 8 lines…";
        let quarter = "[######..................]  25% parsing 8 lines…";
        let full = "[########################] 100% parsing 8 lines…";
        out.wait_for(empty);
        done.store(50, Ordering::Relaxed);
        out.wait_for(quarter);
        done.store(200, Ordering::Relaxed);
        out.wait_for(full);
        p.finish();
        let text = out.text();
        let (empty, quarter, full) = (
            text.find(empty).expect("an empty bar first"),
            text.find(quarter).expect("a quarter"),
            text.find(full).expect("then full"),
        );
        assert!(empty < quarter && quarter < full, "{text:?}");
    }

    #[test]
    fn bars_never_overflow() {
        assert_eq!(bar(0, 0), format!("[{}] 100%", "#".repeat(BAR)));
        assert_eq!(bar(7, 3), format!("[{}] 100%", "#".repeat(BAR)));
        assert_eq!(bar(1, 3), format!("[########{}]  33%", ".".repeat(16)));
    }

    #[test]
    fn disabled_and_small_inputs_draw_nothing() {
        let p = Progress::disabled();
        p.phase("nothing");
        p.finish();
        // Not a terminal under the test harness, and small anyway.
        let p = Progress::on_stderr(10);
        assert!(p.sender.is_none());
    }
}
