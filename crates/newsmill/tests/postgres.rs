//! The CLI on a PostgreSQL store: `NEWSMILL_DB` (or `--db URL`) takes `ingest`, `stats`,
//! `search`, `stories`, `export` and `serve` to the server, with the same results as a SQLite
//! file. The server is real, started by the test (skipped where PostgreSQL is not installed;
//! CI requires it).
use std::process::{Command, Stdio};

use serde_json::Value;

mod common;
use common::{newsmill, served_url, stdout_of};

fn run(db: &str, args: &[&str]) -> String {
    stdout_of(args, &[("NEWSMILL_DB", db)])
}

#[test]
fn the_cli_on_postgres_gives_what_it_gives_on_sqlite() {
    let Some(pg) = newsmill_testkit::servers::Postgres::start() else {
        return;
    };
    let url = pg.create_db("news");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("news.db");
    let file = file.to_str().unwrap();
    for db in [url.as_str(), file] {
        run(db, &["ingest", "samples/"]);
        run(db, &["ingest", "samples/"]);
    }
    let json = |db: &str, args: &[&str]| -> Vec<Value> {
        run(db, args)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    for args in [
        &["stats", "--json"][..],
        &["search", "--json", "Поволжье"],
        &["search", "--json", "--outlet", "Harbor Daily"],
        &["stories", "--json"],
    ] {
        assert_eq!(json(&url, args), json(file, args), "{args:?}");
    }
    assert_eq!(json(&url, &["stats", "--json"])[0]["documents"], 7);
    for what in ["articles", "mentions", "quotes", "stories"] {
        let export = |db: &str| run(db, &["export", "--what", what, "--format", "csv", "-"]);
        assert_eq!(export(&url), export(file), "{what}");
    }

    // The web UI and API over the server's store.
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(["serve", "--port", "0"])
        .env("NEWSMILL_DB", &url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = served_url(&mut child);
    let answers = base.as_ref().map(|u| {
        let api: Value = ureq::get(&format!("{u}api/search?q=Поволжье"))
            .call()
            .expect("the API answers")
            .into_json()
            .unwrap();
        let page = ureq::get(&format!("{u}?q=Поволжье"))
            .call()
            .expect("the UI answers")
            .into_string()
            .unwrap();
        (api, page)
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let (api, page) = answers.expect("serve printed its URL");
    assert_eq!(api["total"], 1, "{api}");
    assert!(page.contains("Волжский вестник"));
    assert!(!base.unwrap().contains("***"));

    // A server that is not there is a clear error naming it, without its password.
    let out = newsmill(&[
        "stats",
        "--db",
        "postgres://newsmill:secret@127.0.0.1:1/none",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("postgres://newsmill:***@127.0.0.1:1/none"),
        "{err}"
    );
    assert!(!err.contains("secret"), "{err}");
}
