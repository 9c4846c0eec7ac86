//! The observers' process (`asamblea-load observe`, started by `--observers-process`): a hall's
//! screens that do not fit even a process of their own are refused with the same sentence as
//! in one process, naming the limit. (Cargo builds the binary for this test, so the tests of
//! crates/asamblea that run the tool with its observers apart find it next to `asamblea`.)

use std::process::Command;

#[test]
fn observers_that_do_not_fit_their_own_process_are_refused_clearly() {
    let o = Command::new(env!("CARGO_BIN_EXE_asamblea-load"))
        .args(["observe", "--observers", "100000000", "--after", "0"])
        .args(["--url", "http://127.0.0.1:9"])
        .output()
        .expect("run asamblea-load observe");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the observers' process would need about") && err.contains("ulimit -n"),
        "{err}"
    );
    assert!(o.stdout.is_empty(), "nothing connected");
}
