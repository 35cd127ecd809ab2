//! Dates and bylines end to end: `extract` on small pages written here, and `eval meta` on the
//! shared date set.

use serde_json::Value;

mod common;
use common::newsmill;
use newsmill_testkit::shared_or_skip;

/// Extracts one HTML page written to a temporary file and returns its record.
fn record_of(html: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.html");
    std::fs::write(&path, html).unwrap();
    let out = newsmill(&["extract", path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.lines().next().expect("one record")).unwrap()
}

const BODY: &str = "<p>Der Gemeinderat hat am Dienstagabend nach langer Debatte beschlossen, die \
    alte Brücke über den Fluss zu sanieren und nicht abzureißen, wie es die Verwaltung \
    vorgeschlagen hatte.</p><p>Die Kosten werden auf rund zwei Millionen Euro geschätzt; der \
    Kanton übernimmt einen Drittel, den Rest trägt die Gemeinde aus ihren Rücklagen.</p>";

#[test]
fn a_byline_dates_a_page_without_metadata() {
    let html = format!(
        "<html lang=de><body><article><h1>Die alte Brücke bleibt stehen</h1>\
         <p class=meta>Veröffentlicht am 3. Mai 2024</p>{BODY}</article></body></html>"
    );
    let r = record_of(&html);
    assert_eq!(r["published"], "2024-05-03");
    assert_eq!(r["published_source"], "text");
    assert!(r.get("modified").is_none());
}

#[test]
fn publication_and_modification_come_apart_with_their_sources() {
    let html = format!(
        r#"<html lang=de><head><script type="application/ld+json">{{"@type":"NewsArticle",
        "headline":"Die alte Brücke bleibt stehen","datePublished":"2024-05-03T09:00:00+02:00",
        "dateModified":"2024-05-04T11:30:00+02:00","author":[{{"@type":"Person","name":"Anna Martel"}},
        {{"@type":"Organization","name":"Reuters"}}]}}</script></head>
        <body><article><h1>Die alte Brücke bleibt stehen</h1>{BODY}</article></body></html>"#
    );
    let r = record_of(&html);
    assert_eq!(r["published"], "2024-05-03T09:00:00+02:00");
    assert_eq!(r["published_source"], "json-ld");
    assert_eq!(r["modified"], "2024-05-04T11:30:00+02:00");
    assert_eq!(r["modified_source"], "json-ld");
    assert_eq!(r["authors"], serde_json::json!(["Anna Martel"]));
    assert_eq!(r["credited_sources"], serde_json::json!(["Reuters"]));
}

#[test]
fn a_page_without_a_date_keeps_none() {
    let html = format!(
        "<html lang=de><body><article><h1>Die alte Brücke bleibt stehen</h1>{BODY}</article></body></html>"
    );
    let r = record_of(&html);
    assert!(r["published"].is_null());
    assert!(r.get("published_source").is_none());
}

/// The tune and unread parts split the set, and the news sites with rich metadata keep their
/// days (a regression floor, not the figure: `eval meta` prints that).
#[test]
fn eval_meta_reports_days_sources_and_authors() {
    let gold = shared_or_skip!("data/dates/dev");
    let gold = gold.to_str().unwrap();
    let run = |part: &str| {
        let out = newsmill(&["eval", "meta", "--gold", gold, "--part", part]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let pages = |report: &str| -> usize {
        let first = report.lines().next().unwrap();
        let at = first.find("pages").unwrap() + "pages".len();
        first[at..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let all = run("all");
    assert_eq!(pages(&all), pages(&run("tune")) + pages(&run("unread")));
    assert!(all.contains("source json-ld"), "{all}");
    let fundus = all
        .lines()
        .find(|l| l.trim_start().starts_with("fundus"))
        .unwrap();
    let at = fundus.find("day right").unwrap() + "day right".len();
    let right: f64 = fundus[at..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(right >= 95.0, "{fundus}");
    assert!(fundus.contains("authors exact"), "{fundus}");
}
