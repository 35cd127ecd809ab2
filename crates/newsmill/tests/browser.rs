//! The web UI in a real browser: Debian's headless Chromium, driven over WebDriver
//! (chromedriver), against `newsmill serve` on a store of the bundled samples (no `../shared`).
//! It types a query into the search box, opens the article from the hits, checks the entity and
//! quote highlights and the normal form on hover, and follows an entity to its page.
//!
//! Needs `chromium` and `chromium-driver` (`.ci/run` installs them). Without them the test says
//! so and passes, unless `NEWSMILL_REQUIRE_BROWSER` is set, as CI sets it.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

mod common;
use common::root;

/// Kills the child when the test ends, however it ends.
struct Guard(Child);
impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find_program(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Ok(p) = std::env::var(env) {
        return Some(PathBuf::from(p));
    }
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A WebDriver session.
struct Browser {
    base: String,
    session: String,
}

impl Browser {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let req = ureq::request(method, &url).timeout(Duration::from_secs(60));
        let res = match body {
            Some(b) => req.send_json(b),
            None => req.call(),
        };
        match res {
            Ok(r) => r.into_json::<Value>().unwrap()["value"].clone(),
            Err(ureq::Error::Status(code, r)) => {
                panic!(
                    "{method} {path}: {code} {}",
                    r.into_string().unwrap_or_default()
                )
            }
            Err(e) => panic!("{method} {path}: {e}"),
        }
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[ELEMENT].as_str().unwrap().to_owned())
        .collect()
    }

    fn find(&self, css: &str) -> String {
        let all = self.find_all(css);
        assert!(!all.is_empty(), "no element {css} on {}", self.url());
        all[0].clone()
    }

    fn text(&self, el: &str) -> String {
        self.call("GET", &format!("/element/{el}/text"), None)
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    fn attr(&self, el: &str, name: &str) -> Option<String> {
        self.call("GET", &format!("/element/{el}/attribute/{name}"), None)
            .as_str()
            .map(str::to_owned)
    }

    fn click(&self, el: &str) {
        self.call("POST", &format!("/element/{el}/click"), Some(json!({})));
    }

    fn url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap().to_owned()
    }

    /// Waits (up to 10 s) until the address contains `part`: on a loaded machine a click can
    /// return before the navigation it starts.
    fn wait_for_url(&self, part: &str) {
        let started = Instant::now();
        while !self.url().contains(part) && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(self.url().contains(part), "{} lacks {part}", self.url());
    }
}

#[test]
fn search_article_and_entity_pages_in_chromium() {
    let chromium = find_program(
        "NEWSMILL_CHROMIUM",
        &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
    );
    let driver = find_program("NEWSMILL_CHROMEDRIVER", &["/usr/bin/chromedriver"]);
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        assert!(
            std::env::var_os("NEWSMILL_REQUIRE_BROWSER").is_none(),
            "NEWSMILL_REQUIRE_BROWSER is set but chromium or chromedriver is missing"
        );
        eprintln!("skipped: chromium and chromium-driver are not installed");
        return;
    };

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ui.db");
    let out = Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(["ingest", "--db", db.to_str().unwrap(), "samples"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The server prints its URL once it listens.
    let mut server = Guard(
        Command::new(env!("CARGO_BIN_EXE_newsmill"))
            .args(["serve", "--db", db.to_str().unwrap(), "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let site = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .trim_end_matches('/')
        .to_owned();

    let port = free_port();
    let _driver = Guard(
        Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while ureq::get(&format!("{base}/status")).call().is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = dir.path().join("profile");
    let caps = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
        "binary": chromium,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", format!("--user-data-dir={}", profile.display())]
    }}}});
    let session: Value = ureq::post(&format!("{base}/session"))
        .timeout(Duration::from_secs(120))
        .send_json(caps)
        .unwrap_or_else(|e| panic!("starting Chromium: {e}"))
        .into_json()
        .unwrap();
    let browser = Browser {
        base: base.clone(),
        session: session["value"]["sessionId"].as_str().unwrap().to_owned(),
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // Search: type into the box and submit.
        browser.go(&format!("{site}/"));
        let input = browser.find("header form input[name=q]");
        browser.call(
            "POST",
            &format!("/element/{input}/value"),
            Some(json!({"text": "Поволжье"})),
        );
        browser.click(&browser.find("header form button[type=submit]"));
        browser.wait_for_url("q=");
        let total = browser.text(&browser.find("#total"));
        assert!(total.starts_with("1 "), "{total}");
        // Found by lemma: the body writes «Поволжья».
        let marks: Vec<String> = browser
            .find_all(".hit .snippet mark")
            .iter()
            .map(|m| browser.text(m))
            .collect();
        assert!(marks.iter().any(|m| m == "Поволжья"), "{marks:?}");

        // Open the article from the hit.
        browser.click(&browser.find("a.hit-link"));
        browser.wait_for_url("/articles/");
        let h1 = browser.text(&browser.find("article h1"));
        assert!(h1.contains("ремонта мостов"), "{h1}");
        // Highlights: people, places and organisations, with the normal form on hover.
        let people = browser.find_all(".body a.ent.PER");
        assert!(!people.is_empty());
        let titles: Vec<String> = people
            .iter()
            .filter_map(|p| browser.attr(p, "title"))
            .collect();
        assert!(
            titles.iter().any(|t| t.contains("Роман Новиков")),
            "{titles:?}"
        );
        assert!(!browser.find_all(".body a.ent.LOC").is_empty());
        assert!(!browser.find_all(".body .q.direct").is_empty());
        // The removed chrome is there to show.
        assert!(!browser.find_all("details.removed li").is_empty());

        // Follow «Поволжья» to its entity page.
        let place = browser
            .find_all(".body a.ent.LOC")
            .into_iter()
            .find(|e| browser.text(e) == "Поволжья")
            .expect("Поволжья is highlighted as a place");
        assert_eq!(
            browser.attr(&place, "title").as_deref(),
            Some("Поволжье · LOC")
        );
        browser.click(&place);
        browser.wait_for_url("/entities/");
        let h1 = browser.text(&browser.find("h1"));
        assert!(h1.contains("Поволжье"), "{h1}");
        assert!(!browser.find_all("svg.chart rect.bar").is_empty());
        assert!(!browser.find_all("#cooccurring li").is_empty());

        // Stories: the port strike is carried by three outlets of the samples.
        browser.go(&format!("{site}/stories"));
        browser.click(&browser.find("a.story-link"));
        browser.wait_for_url("/stories/");
        let dots = browser.find_all("svg.story-chart circle.dot");
        assert_eq!(dots.len(), 3);
        assert_eq!(browser.find_all("svg.story-chart circle.origin").len(), 1);
        assert_eq!(browser.find_all("#members tbody tr").len(), 3);
        let origin = browser.text(&browser.find("#origin"));
        assert!(origin.contains("Harbor Daily"), "{origin}");
        // The copy's changes are there to open.
        assert!(!browser.find_all("#members details.diff").is_empty());
    }));
    let _ = ureq::delete(&format!("{base}/session/{}", browser.session)).call();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}
