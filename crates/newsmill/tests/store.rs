//! The store from the command line: `ingest`, `search`, `stats` over the shared example page and
//! the development pages (skipped, with one line, where a clone has no `../shared`),
//! idempotence, crash safety and bad database files.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

mod common;
use common::{newsmill, root, served_url};

/// The example page and every development HTML page; `None` (the test skips) without them.
fn pages() -> Option<Vec<String>> {
    let example = newsmill_testkit::shared("examples/000_a9c71da2a506d810.txt")?;
    let dev = newsmill_testkit::shared("data/extraction/dev")?;
    let mut v = vec![example.display().to_string()];
    let mut html: Vec<String> = std::fs::read_dir(&dev)
        .expect("shared/data/extraction/dev")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .map(|p| p.display().to_string())
        .collect();
    html.sort();
    v.extend(html);
    Some(v)
}

fn ingest(db: &Path, pages: &[String], extra: &[&str]) -> Output {
    let mut args = vec!["ingest", "--db", db.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.extend(pages.iter().map(String::as_str));
    newsmill(&args)
}

fn stats(db: &Path) -> Value {
    let out = newsmill(&["stats", "--db", db.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stats JSON")
}

#[test]
fn ingest_twice_stores_each_page_once_and_search_finds_inflections() {
    let Some(pages) = pages() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    for _ in 0..2 {
        let out = ingest(&db, &pages, &[]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let s = stats(&db);
    assert_eq!(s["documents"], 93, "{s}");
    assert!(
        s["entities"].as_u64().unwrap() > 10 && s["quotes"].as_u64().unwrap() > 10,
        "{s}"
    );

    let out = newsmill(&[
        "search",
        "--db",
        db.to_str().unwrap(),
        "--json",
        "Степанакерт",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hits: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        hits.iter().any(|h| h["title"]
            .as_str()
            .is_some_and(|t| t.contains("Армению, и Азербайджан"))
            && h["snippet"].as_str().unwrap().contains("Степанакерте")),
        "{hits:?}"
    );
    for h in &hits {
        for key in ["id", "title", "published", "outlet", "snippet"] {
            assert!(h.get(key).is_some(), "{key} missing in {h}");
        }
    }
    // FTS syntax and a huge query: a clear answer, not a crash.
    let out = newsmill(&["search", "--db", db.to_str().unwrap(), "NEAR(\"a\" *", "OR"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let long = "слово ".repeat(2_000);
    let out = newsmill(&["search", "--db", db.to_str().unwrap(), &long]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at most 1000"));
}

#[test]
fn a_killed_ingest_loses_nothing_and_doubles_nothing() {
    let Some(pages) = pages() else { return };
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.db");
    assert!(ingest(&clean, &pages, &["--batch", "4"]).status.success());
    let expected = stats(&clean);

    let db = dir.path().join("killed.db");
    for delay_ms in [150, 300, 450] {
        let mut args = vec![
            "ingest".to_owned(),
            "--db".into(),
            db.display().to_string(),
            "--batch".into(),
            "4".into(),
            "--threads".into(),
            "1".into(),
        ];
        args.extend(pages.iter().cloned());
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsmill"))
            .args(&args)
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Whatever was committed is readable and consistent.
        let partial = stats(&db);
        assert!(partial["documents"].as_u64().unwrap() <= 93);
    }
    assert!(ingest(&db, &pages, &[]).status.success());
    assert_eq!(stats(&db), expected);
}

#[test]
fn a_file_that_is_not_a_store_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("junk.db");
    let junk = b"this is not an SQLite database, just some bytes ".repeat(200);
    std::fs::write(&db, &junk).unwrap();
    for args in [
        vec!["stats", "--db", db.to_str().unwrap()],
        vec!["ingest", "--db", db.to_str().unwrap(), "samples"],
    ] {
        let out = newsmill(&args);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a newsmill database"), "{err}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), junk);
    // An empty file is no store either: reading it must not turn it into one.
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let out = newsmill(&["stats", "--db", empty.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a newsmill database"));
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    let out = newsmill(&[
        "stats",
        "--db",
        dir.path().join("missing.db").to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("run `newsmill ingest"));
}

#[test]
fn serve_reports_a_port_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    assert!(
        newsmill(&["ingest", "--db", db.to_str().unwrap(), "samples"])
            .status
            .success()
    );
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = newsmill(&["serve", "--db", db.to_str().unwrap(), "--port", &port]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the port is in use"), "{err}");
}

#[test]
fn demo_ingests_the_samples_and_serves_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(["demo", "--db", db.to_str().unwrap(), "--port", "0"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = served_url(&mut child);
    let stats: Option<Value> = url.map(|u| {
        ureq::get(&format!("{u}api/stats"))
            .call()
            .expect("the demo server answers")
            .into_json()
            .expect("stats JSON")
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let stats = stats.expect("demo printed its URL");
    assert!(stats["documents"].as_u64().unwrap() >= 4, "{stats}");
}

/// `newsmill export` writes each table of a store, whole, in each format; a destination that
/// cannot be written is a clear error and leaves nothing behind.
#[test]
fn export_writes_every_table_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let db = db.to_str().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let out = common::newsmill(&["ingest", "--db", db, samples.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats = common::newsmill(&["stats", "--db", db, "--json"]);
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    for what in ["articles", "entities", "mentions", "quotes", "stories"] {
        for format in ["jsonl", "csv", "parquet"] {
            let path = dir.path().join(format!("{what}.{format}"));
            let out = common::newsmill(&[
                "export",
                "--db",
                db,
                "--what",
                what,
                "--format",
                format,
                path.to_str().unwrap(),
            ]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let bytes = std::fs::read(&path).unwrap();
            match format {
                "jsonl" => {
                    let rows = bytes
                        .split(|&b| b == b'\n')
                        .filter(|l| !l.is_empty())
                        .count();
                    let expected = match what {
                        "articles" | "stories" => stats["documents"].as_u64(),
                        "entities" => stats["entities"].as_u64(),
                        "mentions" => stats["mentions"].as_u64(),
                        _ => stats["quotes"].as_u64(),
                    };
                    assert_eq!(Some(rows as u64), expected, "{what}");
                }
                "csv" => assert!(
                    bytes.starts_with(b"article,")
                        || bytes.starts_with(b"id,")
                        || bytes.starts_with(b"entity,")
                        || bytes.starts_with(b"story,"),
                    "{what}"
                ),
                _ => assert!(
                    bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
                    "{what}"
                ),
            }
            assert!(!dir.path().join(format!("{what}.{format}.partial")).exists());
        }
    }
    let bad = common::newsmill(&[
        "export",
        "--db",
        db,
        "--what",
        "articles",
        "--format",
        "csv",
        "/nonexistent/dir/a.csv",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("/nonexistent/dir/a.csv"));
}
