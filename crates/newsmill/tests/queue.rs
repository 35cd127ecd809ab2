//! The JetStream work queue end to end, on real servers the tests start (NATS with JetStream,
//! PostgreSQL): documents pushed by `queue push` and stored by `worker` processes end up as
//! exactly what one `ingest` into SQLite stores (stories and ids included), with two workers at once, with a worker killed
//! with -9 mid-run, and with one stopped by SIGTERM; a bad message is one skip and the queue
//! drains.
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use newsmill_testkit::servers::{Nats, Postgres};
use serde_json::Value;

mod common;
use common::root;

fn newsmill(args: &[&str]) -> String {
    common::stdout_of(args, &[])
}

fn worker(nats: &str, db: &str, extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(["worker", "--nats", nats, "--db", db, "--threads", "1"])
        .args(extra)
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for `child` and returns its stderr; panics if it failed or took over two minutes.
fn finish(mut child: Child) -> String {
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "a worker did not finish");
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "worker failed: {err}");
    err
}

fn queue_status(nats: &str) -> Value {
    serde_json::from_str(&newsmill(&["queue", "status", "--nats", nats, "--json"])).unwrap()
}

fn stats(db: &str) -> Value {
    serde_json::from_str(&newsmill(&["stats", "--db", db, "--json"])).unwrap()
}

/// What must match between stores whatever order articles were stored in: the articles, the
/// entities with their counts, the quotes, and the stories as sets of articles (story ids are
/// the row number of their first article, which depends on storing order).
fn content(
    db: &str,
) -> (
    BTreeSet<String>,
    Vec<String>,
    Vec<String>,
    BTreeSet<Vec<String>>,
) {
    let rows = |what: &str| -> Vec<Value> {
        newsmill(&[
            "export", "--db", db, "--what", what, "--format", "jsonl", "-",
        ])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
    };
    let articles = rows("articles");
    let ids = articles
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    let mut entities: Vec<String> = rows("entities")
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {}",
                e["type"], e["norm"], e["documents"], e["mentions"]
            )
        })
        .collect();
    entities.sort();
    let mut quotes: Vec<String> = rows("quotes")
        .iter()
        .map(|q| {
            format!(
                "{} {} {} {} {} {}",
                q["article"], q["field"], q["start"], q["end"], q["kind"], q["speaker_norm"]
            )
        })
        .collect();
    quotes.sort();
    let mut stories = std::collections::BTreeMap::<String, Vec<String>>::new();
    for a in &articles {
        stories
            .entry(a["story"].to_string())
            .or_default()
            .push(a["id"].as_str().unwrap().to_owned());
    }
    let stories = stories
        .into_values()
        .map(|mut members| {
            members.sort();
            members
        })
        .collect();
    (ids, entities, quotes, stories)
}

/// Asserts that two stores hold the same [`content`], naming only what differs.
fn same_content(a: &str, b: &str) {
    let (a, b) = (content(a), content(b));
    fn diff<T: Ord + std::fmt::Debug + Clone>(what: &str, a: &[T], b: &[T]) {
        let (x, y): (BTreeSet<T>, BTreeSet<T>) =
            (a.iter().cloned().collect(), b.iter().cloned().collect());
        let only_a: Vec<_> = x.difference(&y).take(5).collect();
        let only_b: Vec<_> = y.difference(&x).take(5).collect();
        assert!(
            a.len() == b.len() && only_a.is_empty() && only_b.is_empty(),
            "{what}: {} vs {} rows; only in the first: {only_a:?}; only in the second: {only_b:?}",
            a.len(),
            b.len()
        );
    }
    diff(
        "articles",
        &Vec::from_iter(a.0.clone()),
        &Vec::from_iter(b.0.clone()),
    );
    diff("entities", &a.1, &b.1);
    diff("quotes", &a.2, &b.2);
    diff("stories", &Vec::from_iter(a.3), &Vec::from_iter(b.3));
}

/// Asserts that every exported table of the two stores is the same, byte for byte: ids, row
/// numbers and story ids included.
fn same_exports(a: &str, b: &str) {
    for what in ["articles", "entities", "mentions", "quotes", "stories"] {
        let export = |db: &str| {
            newsmill(&[
                "export", "--db", db, "--what", what, "--format", "jsonl", "-",
            ])
        };
        let (x, y) = (export(a), export(b));
        if let Some((i, (l, r))) = x
            .lines()
            .zip(y.lines())
            .enumerate()
            .find(|(_, (l, r))| l != r)
        {
            let cut = |s: &str| s.chars().take(300).collect::<String>();
            panic!(
                "the {what} tables differ at row {i}:\n{}\n{}",
                cut(l),
                cut(r)
            );
        }
        assert_eq!(x.lines().count(), y.lines().count(), "rows of {what}");
    }
}

/// Publishes `payload` as a plain NATS message (not through `queue push`): what a foreign or
/// broken producer would put on the subject.
fn publish_raw(nats: &str, subject: &str, payload: &[u8]) {
    let addr = nats.trim_start_matches("nats://");
    let mut conn = TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("INFO"), "{line}");
    write!(
        conn,
        "CONNECT {{\"verbose\":false}}\r\nPUB {subject} {}\r\n",
        payload.len()
    )
    .unwrap();
    conn.write_all(payload).unwrap();
    conn.write_all(b"\r\nPING\r\n").unwrap();
    line.clear();
    reader.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "PONG");
}

/// The servers, a SQLite store of the pages ingested the usual way, and the pages' folder;
/// `None` where a server or the shared pages are missing (a skip, or a failure in CI).
fn setup(dir: &Path) -> Option<(Nats, Postgres, String, &'static str)> {
    let pages = newsmill_testkit::shared("data/extraction/dev")?;
    let pages: &'static str = Box::leak(pages.to_string_lossy().into_owned().into_boxed_str());
    let nats = Nats::start()?;
    let pg = Postgres::start()?;
    let sqlite = dir.join("one.db").to_string_lossy().into_owned();
    newsmill(&["ingest", "--db", &sqlite, pages]);
    Some((nats, pg, sqlite, pages))
}

#[test]
fn two_workers_store_what_one_ingest_stores_and_a_bad_message_is_one_skip() {
    let dir = tempfile::tempdir().unwrap();
    let Some((nats, pg, sqlite, pages)) = setup(dir.path()) else {
        return;
    };
    let (url, db) = (nats.url(), pg.create_db("two"));
    let pushed = Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(["queue", "push", "--nats", &url, pages])
        .current_dir(root())
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&pushed.stderr);
    assert!(pushed.status.success(), "{log}");
    // Two pages of the set are over 1 MiB; compressed, they fit NATS's default message limit.
    assert!(log.contains("0 refused"), "{log}");
    publish_raw(
        &url,
        "newsmill.docs",
        b"{\"text\": \"not in the envelope\"}",
    );

    let status: Value = queue_status(&url);
    let one = stats(&sqlite);
    assert_eq!(
        status["waiting"].as_u64(),
        Some(one["documents"].as_u64().unwrap() + 1)
    );

    let idle = ["--exit-when-idle", "3", "--batch", "16"];
    let (a, b) = (worker(&url, &db, &idle), worker(&url, &db, &idle));
    let (a, b) = (finish(a), finish(b));
    // Both took part.
    for log in [&a, &b] {
        assert!(log.contains("batch processed and acknowledged"), "{log}");
    }

    let two = stats(&db);
    assert_eq!(two["skipped"], 1);
    for key in [
        "documents",
        "entities",
        "mentions",
        "quotes",
        "outlets",
        "stories",
    ] {
        assert_eq!(two[key], one[key], "{key}");
    }
    same_content(&db, &sqlite);
    same_exports(&db, &sqlite);
    let search = |db: &str| newsmill(&["search", "--db", db, "--json", "Степанакерт"]);
    assert_eq!(search(&db), search(&sqlite));

    // Drained: nothing waits, nothing is held.
    let status: Value = queue_status(&url);
    assert_eq!(
        (status["waiting"].as_u64(), status["in_progress"].as_u64()),
        (Some(0), Some(0))
    );
}

#[test]
fn a_worker_killed_with_minus_9_or_stopped_by_sigterm_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let Some((nats, pg, sqlite, pages)) = setup(dir.path()) else {
        return;
    };
    let (url, db) = (nats.url(), pg.create_db("killed"));
    newsmill(&["queue", "push", "--nats", &url, pages]);
    let total = stats(&sqlite)["documents"].as_u64().unwrap();
    let stored = || stats(&db)["documents"].as_u64().unwrap_or(0);
    let wait_for_progress = |at_least: u64| {
        let deadline = Instant::now() + Duration::from_secs(120);
        while stored() < at_least {
            assert!(Instant::now() < deadline, "no progress");
            std::thread::sleep(Duration::from_millis(50));
        }
    };

    // Small batches, so that the kill lands with a batch in hand; a short ack wait, so that
    // its messages come back soon.
    let small = ["--batch", "4", "--ack-wait", "2"];
    let mut killed = worker(&url, &db, &small);
    wait_for_progress(4);
    killed.kill().unwrap(); // SIGKILL
    killed.wait().unwrap();
    let after_kill = stored();
    assert!(
        after_kill < total,
        "the worker finished before it was killed"
    );

    // Stopped once it has finished its first batch: it finishes the one in hand, hands back
    // what it pulled ahead, and exits 0 with work left in the queue.
    let mut stopped = worker(&url, &db, &small);
    let mut lines = BufReader::new(stopped.stderr.take().unwrap()).lines();
    let mut log = String::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        log.push_str(&line);
        log.push('\n');
        if line.contains("batch processed and acknowledged") {
            break;
        }
    }
    let pid = stopped.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    for line in lines {
        log.push_str(&line.unwrap());
        log.push('\n');
    }
    let status = stopped.wait().unwrap();
    assert!(status.success(), "{log}");
    assert!(
        log.contains("stopping: finishing the batch in hand"),
        "{log}"
    );
    let queued: Value = queue_status(&url);
    assert!(queued["waiting"].as_u64().unwrap() > 0, "{queued}");

    // The rest, and the killed worker's batch once its ack wait is over.
    finish(worker(
        &url,
        &db,
        &["--exit-when-idle", "5", "--ack-wait", "2"],
    ));
    let one = stats(&sqlite);
    let after = stats(&db);
    for key in [
        "documents",
        "entities",
        "mentions",
        "quotes",
        "stories",
        "skipped",
    ] {
        assert_eq!(after[key], one[key], "{key}");
    }
    same_content(&db, &sqlite);
    same_exports(&db, &sqlite);
}
