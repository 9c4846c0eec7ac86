//! The subcommands run as the binary runs them, without a process: arguments parsed by clap,
//! output and errors captured; test files written to fresh temporary directories or read from
//! `tests/data/`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use asamblea_tally::{ApportionArgs, CountArgs, run_apportion, run_count};
use clap::Parser;
use serde_json::Value;

#[derive(Parser)]
struct Count {
    #[command(flatten)]
    args: CountArgs,
}

#[derive(Parser)]
struct Apportion {
    #[command(flatten)]
    args: ApportionArgs,
}

/// Writes `content` to a file named `name` in a fresh temporary directory; its path.
pub fn file(name: &str, content: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("asamblea-tally-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// A file of `tests/data/<dir>/`.
pub fn data(dir: &str, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir)
        .join(name)
}

/// `asamblea count <argv>`: (exit code, stdout, stderr).
pub fn count(argv: &[&str]) -> (i32, String, String) {
    let cli = Count::try_parse_from(["count"].iter().chain(argv)).expect("arguments parse");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_count(&cli.args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// `asamblea apportion <argv>`: (exit code, stdout, stderr).
pub fn apportion(argv: &[&str]) -> (i32, String, String) {
    let cli = Apportion::try_parse_from(["apportion"].iter().chain(argv)).expect("arguments parse");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_apportion(&cli.args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// The count of `path` by `method` (and `extra` arguments) as JSON; fails the test if the
/// count fails.
pub fn count_json(path: &Path, method: &str, extra: &[&str]) -> Value {
    let path = path.display().to_string();
    let mut argv = vec![path.as_str(), "--method", method, "--format", "json"];
    argv.extend_from_slice(extra);
    let (code, out, err) = count(&argv);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// A JSON array of names.
pub fn names(v: &Value) -> Vec<String> {
    serde_json::from_value(v.clone()).unwrap()
}
