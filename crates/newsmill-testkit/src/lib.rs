//! Test support shared by newsmill's crates: where the development data in `../shared` is, and
//! what a test does when a clone has none (decision 48).
//!
//! Tests that measure on the development sets or the example page call [`shared`]. On a bare
//! clone it returns `None` after printing one line that names the test's missing file, so the
//! test returns early and passes as a skip. CI sets `NEWSMILL_REQUIRE_SHARED=1`, under which a
//! missing file fails the test instead: CI keeps measuring on the real sets.
//!
//! The data is looked for in `NEWSMILL_SHARED` when set, else in `shared/` beside the
//! repository (the layout CI and the development machines have).
use std::io::Write;
use std::path::{Path, PathBuf};

pub mod servers;

/// The variable under which a missing shared file fails a test instead of skipping it.
pub const REQUIRE_VAR: &str = "NEWSMILL_REQUIRE_SHARED";

/// The variable that points at the shared directory when it is not beside the repository.
pub const DIR_VAR: &str = "NEWSMILL_SHARED";

/// The repository root.
pub fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// The shared directory: `NEWSMILL_SHARED`, else `shared` beside the repository.
pub fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DIR_VAR) {
        return PathBuf::from(dir);
    }
    let root = repo_root();
    match root.parent() {
        Some(parent) => parent.join("shared"),
        None => root.join("../shared"),
    }
}

/// `REL` inside the shared directory when it exists, else the path that was looked for.
pub fn locate(rel: &str) -> Result<PathBuf, PathBuf> {
    let path = shared_dir().join(rel);
    if path.exists() {
        Ok(path)
    } else {
        Err(path)
    }
}

/// `REL` inside the shared directory, when it exists.
///
/// When it does not, the test is skipped: one line on the terminal says which test and which
/// file (written past the test harness's capture, so it shows without `--nocapture`), and the
/// caller returns. Under `NEWSMILL_REQUIRE_SHARED=1` it panics instead.
#[track_caller]
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = match locate(rel) {
        Ok(path) => return Some(path),
        Err(path) => path,
    };
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    if required() {
        panic!(
            "{REQUIRE_VAR} is set but {} is missing (needed by {test})",
            path.display()
        );
    }
    // The harness captures print! and eprint!, not the stream itself.
    let _ = writeln!(
        std::io::stderr(),
        "skip: {test}: {} is absent (clone the shared data beside the repository, or set {DIR_VAR})",
        path.display()
    );
    None
}

/// Whether `NEWSMILL_REQUIRE_SHARED` asks for every shared file to be present.
pub fn required() -> bool {
    std::env::var(REQUIRE_VAR).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// `shared(rel)`, or return from the calling test.
///
/// ```ignore
/// let dev = newsmill_testkit::shared_or_skip!("data/extraction/dev");
/// ```
#[macro_export]
macro_rules! shared_or_skip {
    ($rel:expr) => {
        match $crate::shared($rel) {
            Some(path) => path,
            None => return,
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_reported_with_the_path_looked_for() {
        let missing = locate("no/such/file/anywhere.txt").unwrap_err();
        assert!(missing.starts_with(shared_dir()));
        assert!(missing.ends_with("no/such/file/anywhere.txt"));
    }

    #[test]
    fn the_shared_dir_is_beside_the_repository_by_default() {
        if std::env::var_os(DIR_VAR).is_none() {
            assert_eq!(shared_dir().parent(), repo_root().parent());
            assert!(shared_dir().ends_with("shared"));
        }
    }
}
