//! `eval stories` over the shared labelled pairs: the printed figures match the decisions it
//! writes, the committed model beats the TF-IDF baseline (0.752), and its cross-validated
//! accuracy stays where it was measured.
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

#[test]
fn eval_stories_prints_what_it_decides() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let gold = newsmill_testkit::shared_or_skip!("data/stories/pairs_dev.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pred.jsonl");
    let run = Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(["eval", "stories", "--gold"])
        .arg(&gold)
        .arg("--out")
        .arg(&out)
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let printed = String::from_utf8_lossy(&run.stdout).to_string();

    let labels: HashMap<String, bool> = std::fs::read_to_string(&gold)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| (v["id"].to_string(), v["same_story"].as_bool().unwrap()))
        .collect();
    let preds: Vec<Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(preds.len(), labels.len());
    let right = preds
        .iter()
        .filter(|p| {
            let score = p["score"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&score));
            // Each decision shows the features that drove it.
            let date_conflict = p["features"]["date_conflict"].as_f64().unwrap();
            assert!(date_conflict == 0.0 || date_conflict == 1.0, "{p}");
            labels[&p["id"].to_string()] == p["same_story"].as_bool().unwrap()
        })
        .count();
    let accuracy = right as f64 / preds.len() as f64;
    assert!(
        printed.contains(&format!("accuracy {accuracy:.3}")),
        "{printed} vs {accuracy}"
    );
    assert!(accuracy > 0.8, "{printed}");

    // Cross-validated (0.904 when this floor was set at 0.88; 0.896 → 0.880 when English
    // pairs gained entities, decision 51). On 125 pairs one pair moves it by 0.008, and issue
    // 43 judges stories on held-out pairs instead: this is a floor against breakage only.
    let cv = Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(["eval", "stories", "--cv", "5", "--gold"])
        .arg(&gold)
        .current_dir(&root)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&cv.stdout).to_string();
    let accuracy: f64 = printed
        .split("accuracy ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no accuracy in {printed:?}"));
    assert!(accuracy >= 0.85, "{printed}");
}

mod common;

/// The example page's article paragraphs, from its dateline on, without the agency's promo.
fn example_paragraphs(example: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(example).unwrap();
    let body: Vec<String> = text
        .lines()
        .skip_while(|l| !l.starts_with("ВИЛЬНЮС"))
        .filter(|l| l.len() > 150 && !l.contains("Sputnik Литва"))
        .map(str::to_owned)
        .collect();
    assert!(body.len() >= 4, "{body:?}");
    body
}

/// The example page and every development HTML page, then a near-verbatim copy of the example
/// by another outlet a day later (its last paragraphs cut, one sentence reworded).
#[test]
fn stories_after_ingest_link_the_copy_to_the_example_and_keep_unrelated_news_apart() {
    let example = newsmill_testkit::shared_or_skip!("examples/000_a9c71da2a506d810.txt");
    let dev = newsmill_testkit::shared_or_skip!("data/extraction/dev");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let db = db.to_str().unwrap();
    let out = common::newsmill(&[
        "ingest",
        "--db",
        db,
        example.to_str().unwrap(),
        dev.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The copy, as another outlet's HTML page.
    let body = example_paragraphs(&example);
    let paragraphs: String = body[..body.len() - 1]
        .iter()
        .map(|p| {
            format!(
                "<p>{}</p>\n",
                p.replace("ВИЛЬНЮС, 20 сен – Sputnik.", "МОСКВА.")
            )
        })
        .collect();
    let copy = format!(
        "<html><head><title>Песков: Армения и Азербайджан остаются партнерами России</title>\
         <meta property=\"og:site_name\" content=\"Балтийские вести\">\
         <meta property=\"article:published_time\" content=\"2023-09-21T09:00:00+03:00\"></head>\
         <body><article><h1>Песков: Армения и Азербайджан остаются партнерами России</h1>\
         {paragraphs}</article></body></html>"
    );
    let copy_path = dir.path().join("copy.html");
    std::fs::write(&copy_path, copy).unwrap();
    let out = common::newsmill(&["ingest", "--db", db, copy_path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = common::newsmill(&["stories", "--db", db, "--json", "--limit", "100"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stories: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut found_copy = false;
    for s in &stories {
        let id = s["id"].to_string();
        let out = common::newsmill(&["stories", "--db", db, "--json", "--id", &id]);
        assert!(out.status.success());
        let view: Value = serde_json::from_slice(&out.stdout).unwrap();
        let members = view["members"].as_array().unwrap();
        // Every pair of a story shares a name or a long word in its titles: nothing unrelated.
        let words = |m: &Value| -> HashSet<String> {
            m["title"]
                .as_str()
                .unwrap_or("")
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 5)
                .map(|w| w.to_lowercase().chars().take(5).collect())
                .collect()
        };
        for a in members {
            for b in members {
                assert!(
                    !words(a).is_disjoint(&words(b)),
                    "unrelated titles in one story: {} / {}",
                    a["title"],
                    b["title"]
                );
            }
        }
        if let Some(copy) = members.iter().find(|m| m["outlet"] == "Балтийские вести")
        {
            found_copy = true;
            let original = members
                .iter()
                .find(|m| m["outlet"] == "Sputnik Литва")
                .expect("the example is in the copy's story");
            assert_eq!(copy["copied_from"], original["id"]);
            assert_eq!(view["origin"], original["id"]);
            assert!(copy["shared"].as_f64().unwrap() > 0.5);
            let diff = &copy["diff"];
            assert_eq!(diff["title_changed"], true);
            assert!(!diff["cut"].as_array().unwrap().is_empty());
        }
    }
    assert!(found_copy, "the copy joined no story: {stories:?}");

    let out = common::newsmill(&["stats", "--db", db, "--json"]);
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["documents"], 94);
    assert_eq!(
        stats["multi_article_stories"].as_u64().unwrap(),
        stories.len() as u64
    );
}

/// `bench stories --corpus`: posts of a JSONL corpus placed as a store places them and judged
/// against labelled pairs by address. Two channels repost the example within the hour (one
/// story); a weather post of the same morning stays apart.
#[test]
fn bench_stories_on_a_corpus_judges_its_stories_by_the_labelled_pairs() {
    let example = newsmill_testkit::shared_or_skip!("examples/000_a9c71da2a506d810.txt");
    let body = example_paragraphs(&example);
    let repost = body[..body.len() - 1]
        .join("\n\n")
        .replace("заявил пресс-секретарь", "сказал пресс-секретарь");
    let weather = "В Москве в субботу ожидается до 25 градусов тепла, в воскресенье пройдут \
                   дожди с грозой. Синоптики советуют взять зонт, атмосферное давление будет \
                   пониженным, ветер северо-западный, до семи метров в секунду.";
    let post = |url: &str, outlet: &str, date: &str, title: &str, text: &str| {
        serde_json::json!({"url": url, "outlet": outlet, "date": date, "title": title, "text": text})
            .to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("posts.jsonl");
    std::fs::write(
        &corpus,
        [
            post(
                "https://t.me/c/1/1",
                "Канал А",
                "2023-09-20T10:00:00+00:00",
                "В Кремле назвали и Армению, и Азербайджан партнерами России",
                &body.join("\n\n"),
            ),
            post(
                "https://t.me/c/2/7",
                "Канал Б",
                "2023-09-20T10:40:00+00:00",
                "Песков: Армения и Азербайджан остаются партнерами России",
                &repost,
            ),
            post(
                "https://t.me/c/3/9",
                "Канал В",
                "2023-09-20T10:20:00+00:00",
                "Погода на выходные",
                weather,
            ),
        ]
        .join("\n"),
    )
    .unwrap();
    let pairs = dir.path().join("pairs.jsonl");
    let pair = |a: &str, b: &str, same: bool| {
        serde_json::json!({"a": {"url": a}, "b": {"url": b}, "same_story": same, "bucket": "x"})
            .to_string()
    };
    std::fs::write(
        &pairs,
        [
            pair("https://t.me/c/1/1", "https://t.me/c/2/7", true),
            pair("https://t.me/c/1/1", "https://t.me/c/3/9", false),
            pair("https://t.me/c/1/1", "https://t.me/c/9/9", false),
        ]
        .join("\n"),
    )
    .unwrap();
    let out = common::newsmill(&[
        "bench",
        "stories",
        "--corpus",
        corpus.to_str().unwrap(),
        "--pairs",
        pairs.to_str().unwrap(),
    ]);
    let printed = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(printed.contains("3 posts (0 skipped"), "{printed}");
    assert!(
        printed.contains("labelled pairs 2 (1 not in the corpus): agreement 1.000"),
        "{printed}"
    );
    assert!(printed.contains("F1 1.000"), "{printed}");
    // The story spans two channels, and the titles read as text.
    assert!(printed.contains("1 of them across outlets"), "{printed}");
    assert!(
        printed.contains("titles with Markdown markers: 0"),
        "{printed}"
    );
}

/// The Telegram pairs are judged as a store judges them: posts extracted, dated, and the
/// clusterer's windows applied, so that follow-ups weeks later are different stories.
#[test]
fn eval_stories_on_channel_posts_applies_the_time_windows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let gold = newsmill_testkit::shared_or_skip!("data/stories/pairs_telegram_dev.jsonl");
    let run = Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(["eval", "stories", "--gold"])
        .arg(&gold)
        .current_dir(&root)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&run.stdout).to_string();
    let bucket = |name: &str| -> f64 {
        printed
            .lines()
            .find(|l| l.trim_start().starts_with(name))
            .and_then(|l| l.split("accuracy ").nth(1))
            .and_then(|a| a.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {printed}"))
    };
    // 36 of the 38 follow-ups 4–30 days later are other stories; the windows call them so.
    assert!(bucket("C_entity_followup") >= 0.9, "{printed}");
    // Floors against breakage (0.928 in-sample when set; 0.912 by grouped CV).
    assert!(bucket("D_random") >= 0.95, "{printed}");
    let accuracy: f64 = printed
        .split("accuracy ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|a| a.parse().ok())
        .unwrap();
    assert!(accuracy >= 0.88, "{printed}");
}
