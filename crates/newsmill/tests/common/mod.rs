//! Helpers shared by the binary's integration tests.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (tests run the binary from there, as a user would).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `newsmill ARGS` from the repository root and returns what it did.
pub fn newsmill(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("newsmill runs")
}

/// Runs `newsmill ARGS` from the repository root with the environment `env` added, asserts
/// that it succeeded (showing its stderr if not), and returns its stdout.
pub fn stdout_of(args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .output()
        .expect("newsmill runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The address a `serve` or `demo` child prints on stdout (`… at http://127.0.0.1:PORT/ …`),
/// read line by line until it comes; `None` if the child ends first.
pub fn served_url(child: &mut std::process::Child) -> Option<String> {
    use std::io::{BufRead, BufReader};
    BufReader::new(child.stdout.take()?)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("http://"))
                .map(str::to_owned)
        })
}
