//! The binary under test, run as a process.

use std::process::{Command, Output};

/// The `asamblea` binary cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_asamblea");

/// Runs `asamblea <args>` to its end (without `ASAMBLEA_DATABASE_URL` from the environment).
pub fn asamblea(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("ASAMBLEA_DATABASE_URL")
        .output()
        .expect("run asamblea")
}

/// A finished process's stdout and stderr.
pub fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}
