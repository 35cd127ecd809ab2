//! End-to-end tests of the `newsmill` binary over the bundled samples, the shared example page
//! and the shared development data. Tests of the shared files skip with one line where a clone
//! has none (`newsmill_testkit::shared`); CI requires them.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod common;
use common::{newsmill, root};
use newsmill_testkit::shared_or_skip;

/// The example page, relative to the shared directory.
const EXAMPLE: &str = "examples/000_a9c71da2a506d810.txt";

/// What the reference scorer `tool` (`shared/tools/NAME.py`) prints for GOLD PRED, trimmed.
fn reference_score(tool: &Path, gold: &Path, pred: &Path) -> String {
    let python = Command::new("python3")
        .arg(tool)
        .arg(gold)
        .arg(pred)
        .output()
        .unwrap_or_else(|e| panic!("python3 runs {}: {e}", tool.display()));
    assert!(
        python.status.success(),
        "{}",
        String::from_utf8_lossy(&python.stderr)
    );
    String::from_utf8_lossy(&python.stdout).trim().to_string()
}

fn records(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each stdout line is a JSON record"))
        .collect()
}

#[test]
fn example_page_is_cleaned_to_lead_and_six_paragraphs() {
    let example = shared_or_skip!(EXAMPLE);
    let out = newsmill(&["extract", example.to_str().unwrap()]);
    assert!(out.status.success());
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    assert_eq!(
        r["title"],
        "В Кремле назвали и Армению, и Азербайджан партнерами России"
    );
    assert_eq!(r["published"], "2023-09-20");
    assert_eq!(r["outlet"], "Sputnik Литва");
    assert_eq!(r["lang"], "ru");
    assert_eq!(r["dateline"]["place"], "Вильнюс");
    assert_eq!(r["credited_sources"], serde_json::json!(["РИА Новости"]));
    let paragraphs: Vec<&str> = r["text"].as_str().unwrap().split("\n\n").collect();
    assert_eq!(paragraphs.len(), 7, "{paragraphs:#?}");
    assert!(paragraphs[0].starts_with("Песков отметил, что в настоящее время"));
    assert_eq!(r["lead"].as_str(), Some(paragraphs[0]));
    assert!(paragraphs[1].starts_with("ВИЛЬНЮС, 20 сен – Sputnik."));
    assert!(paragraphs[6].starts_with("Минобороны РФ призвало"));
    let kinds: Vec<(&str, &str)> = r["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["kind"].as_str().unwrap(), x["text"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds.len(), 11, "{kinds:#?}");
    let kind_of = |prefix: &str| {
        kinds
            .iter()
            .find(|(_, t)| t.starts_with(prefix))
            .map(|(k, _)| *k)
    };
    assert_eq!(kind_of("© Sputnik"), Some("credit"));
    assert_eq!(
        kind_of("Пресс-секретарь президента РФ Дмитрий Песков - Sputnik"),
        Some("caption")
    );
    assert_eq!(kind_of("Подписаться"), Some("subscribe"));
    assert_eq!(kind_of("МИД РФ призвал"), Some("teaser"));
    assert_eq!(kind_of("В Кремле назвали главную задачу"), Some("teaser"));
    assert_eq!(kind_of("Sputnik Литва теперь в Telegram"), Some("promo"));
    assert_eq!(kind_of("Лента новостей"), Some("navigation"));
    assert_eq!(kind_of("0"), Some("counter"));
    assert_eq!(r["origin"]["path"], example.to_str().unwrap());
    assert_eq!(r["id"].as_str().unwrap().len(), 32);
}

/// `--no-annotate` gives the same articles without the entity and quote layers.
#[test]
fn extract_without_annotation_keeps_the_article() {
    let full = records(&newsmill(&["extract", "samples"]));
    let out = newsmill(&["extract", "--no-annotate", "samples"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bare = records(&out);
    assert_eq!(bare.len(), full.len());
    assert!(full
        .iter()
        .any(|r| r["entities"].as_array().is_some_and(|e| !e.is_empty())));
    for (b, f) in bare.iter().zip(&full) {
        for key in ["id", "title", "text", "published", "outlet", "authors"] {
            assert_eq!(b[key], f[key], "{key}");
        }
        assert!(b["entities"].as_array().is_none_or(Vec::is_empty), "{b}");
        assert!(b["quotes"].as_array().is_none_or(Vec::is_empty), "{b}");
    }
}

#[test]
fn bundled_samples_extract_with_metadata() {
    let out = newsmill(&["extract", "--threads", "2", "samples"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out);
    assert_eq!(recs.len(), 7, "6 files, the feed holding two items");
    let by_path = |suffix: &str| {
        recs.iter()
            .find(|r| r["origin"]["path"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("no record for {suffix}"))
    };
    let en = by_path("en_wire_story.html");
    assert_eq!(
        en["title"],
        "Port strike ends after unions accept new wage deal"
    );
    assert_eq!(en["outlet"], "Harbor Daily");
    assert_eq!(en["published"], "2024-05-02T18:12:00+00:00");
    assert_eq!(
        en["authors"],
        serde_json::json!(["Maria Lopez", "Tom Becker"])
    );
    assert_eq!(en["dateline"]["place"], "Rotterdam");
    assert!(en["credited_sources"]
        .as_array()
        .unwrap()
        .contains(&"Reuters".into()));
    assert!(!en["text"].as_str().unwrap().contains("Advertisement"));
    let ru = by_path("ru_vedomosti_style.html");
    assert_eq!(ru["outlet"], "Волжский вестник");
    assert_eq!(ru["authors"], serde_json::json!(["Ирина Соколова"]));
    assert_eq!(ru["dateline"]["place"], "Самара");
    assert!(ru["text"]
        .as_str()
        .unwrap()
        .contains("заявил руководитель Росавтодора"));
    assert!(!ru["text"].as_str().unwrap().contains("Популярное"));
    let feed_item = by_path("feed.rss");
    assert_eq!(
        feed_item["title"],
        "В Казани открылся новый терминал аэропорта"
    );
    assert_eq!(
        feed_item["text"].as_str().unwrap().split("\n\n").count(),
        2,
        "feed content is kept whole"
    );
    assert_eq!(feed_item["dateline"]["place"], "Казань");
    assert_eq!(feed_item["credited_sources"], serde_json::json!(["ТАСС"]));
    let scraped = by_path("ru_scraped_page.txt");
    assert_eq!(scraped["outlet"], "РИА Приволжье");
    assert_eq!(scraped["dateline"]["place"], "Нижний Новгород");
    assert_eq!(
        scraped["credited_sources"],
        serde_json::json!(["Интерфакс"])
    );
    assert!(
        !scraped["text"]
            .as_str()
            .unwrap()
            .contains("Водителей призвали"),
        "teaser dropped"
    );
    assert!(
        !ru["text"].as_str().unwrap().contains("Читайте также"),
        "inline teaser dropped"
    );
    let ids: std::collections::HashSet<&str> =
        recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 7, "content ids differ");
}

#[test]
fn bad_inputs_are_skipped_with_reasons_and_the_batch_goes_on() {
    let dir = std::env::temp_dir().join(format!("newsmill-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("empty.html"), "").unwrap();
    std::fs::write(
        dir.join("junk.html"),
        (0u32..20_000)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    std::fs::write(
        dir.join("invalid-utf8.txt"),
        b"\xff\xfe\xfd broken \xc3\x28 text line one\nline two is here\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("deep.html"),
        "<div>".repeat(20_000) + "<p>Deep text.</p>",
    )
    .unwrap();
    std::fs::write(
        dir.join("lines.jsonl"),
        "{\"text\": \"ok line\\nsecond\"}\nnot json\n{\"id\": 1}\n",
    )
    .unwrap();
    // A gzip cut in the middle.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>".repeat(20)).unwrap();
    let bytes = gz.finish().unwrap();
    std::fs::write(dir.join("cut.warc.gz"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::copy(
        root().join("samples/en_wire_story.html"),
        dir.join("good.html"),
    )
    .unwrap();

    let out = newsmill(&["extract", dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let recs = records(&out);
    assert!(
        recs.iter()
            .any(|r| r["title"] == "Port strike ends after unions accept new wage deal"),
        "the good page survives"
    );
    assert!(stderr.contains("empty.html: empty input"), "{stderr}");
    assert!(stderr.contains("junk.html: binary content"), "{stderr}");
    assert!(stderr.contains("lines.jsonl:2: invalid JSON"), "{stderr}");
    assert!(
        stderr.contains("lines.jsonl:3: no string field"),
        "{stderr}"
    );
    assert!(stderr.contains("cut.warc.gz"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(recs.iter().any(|r| r["text"] == "Deep text."));
}

#[test]
fn warc_records_carry_uri_and_date() {
    let html = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_string()
        + &std::fs::read_to_string(root().join("samples/en_wire_story.html")).unwrap();
    let warc = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://harbor.example/2024/05/02/strike\r\nWARC-Date: 2024-05-03T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{html}\r\n\r\n",
        html.len()
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(warc.as_bytes()).unwrap();
    let path = std::env::temp_dir().join(format!("newsmill-{}.warc.gz", std::process::id()));
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    let out = newsmill(&["extract", path.to_str().unwrap()]);
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["url"], "https://harbor.example/2024/05/02/strike");
    assert_eq!(recs[0]["origin"]["warc_record_id"], "<urn:uuid:1>");
    assert_eq!(recs[0]["origin"]["warc_date"], "2024-05-03T00:00:00Z");
}

#[test]
fn stdin_is_read() {
    let out = piped(&["extract", "-"], "{\"html\": \"<title>T</title><p>Первый абзац новости, достаточно длинный, чтобы быть текстом статьи.</p>\", \"id\": \"a1\"}\n".as_bytes());
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["origin"]["source_id"], "a1");
}

/// A channel post exported as JSONL: the line's outlet, language, authors and date are the
/// record's; Telegram's markdown is read as text, and its links are kept beside the body.
#[test]
fn a_channel_post_keeps_its_metadata_and_reads_its_markdown() {
    let post = serde_json::json!({
        "id": "tg-1-2",
        "url": "https://t.me/c/1/2",
        "outlet": "Новости Приволжья",
        "lang": "ru",
        "authors": ["Ольга Орлова"],
        "date": "2024-05-19T08:30:19+00:00",
        "text": "**Мэрия Казани закрыла два моста на ремонт.**\n\nРаботы продлятся до осени, \
                 сообщили в __городской администрации__. Объезд проложен по улице Баумана, \
                 автобусы пойдут по временной схеме.\n\n[Подробности на сайте](https://example.org/news/1)"
    });
    let out = piped(&["extract", "-"], format!("{post}\n").as_bytes());
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    assert_eq!(r["outlet"], "Новости Приволжья");
    assert_eq!(r["lang"], "ru");
    assert_eq!(r["authors"], serde_json::json!(["Ольга Орлова"]));
    assert!(
        r["published"].as_str().unwrap().starts_with("2024-05-19"),
        "{r}"
    );
    let everything = format!("{} {} {}", r["title"], r["text"], r["removed"]);
    for marker in ["**", "__", "](http"] {
        assert!(
            !everything.contains(marker),
            "{marker} left in {everything}"
        );
    }
    assert_eq!(
        r["links"],
        serde_json::json!([{"text": "Подробности на сайте", "url": "https://example.org/news/1"}])
    );
}

/// `eval extract` prints what shared/tools/extraction_score.py prints for the same predictions,
/// and the committed model keeps its quality on the development pages.
#[test]
fn eval_matches_the_reference_scorer() {
    let gold = shared_or_skip!("data/extraction/dev");
    let tool = shared_or_skip!("tools/extraction_score.py");
    let extract = newsmill(&["extract", gold.to_str().unwrap()]);
    assert!(extract.status.success());
    let pred = std::env::temp_dir().join(format!("newsmill-pred-{}.jsonl", std::process::id()));
    std::fs::write(&pred, &extract.stdout).unwrap();
    let ours = newsmill(&["eval", "extract", "--gold", gold.to_str().unwrap()]);
    let ours = String::from_utf8_lossy(&ours.stdout).trim().to_string();
    let f1: f64 = ours
        .split("F1 ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(f1 >= 0.95, "{ours}");
    assert_eq!(reference_score(&tool, &gold, &pred), ours);
}

fn annotate(input: &[u8]) -> Output {
    piped(&["annotate", "--threads", "2"], input)
}

/// `newsmill ARGS` from the repository root with `input` on its standard input.
fn piped(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmill"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Write on another thread: the child's stdout fills while we write.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

/// `annotate` keeps ids and text, finds entities with offsets into exactly that text, and skips
/// bad lines with a reason while the run goes on.
#[test]
fn annotate_keeps_ids_and_skips_bad_lines() {
    let huge_token = "ж".repeat(1 << 19);
    let mut input = String::new();
    input.push_str("{\"id\": \"a\", \"text\": \"Пресс-секретарь Дмитрий Песков заявил, что Армения остается союзником. Позже Пескова спросили о Карабахе.\"}\n");
    input.push_str("not json at all\n");
    input.push_str("{\"id\": \"no-text\"}\n");
    input.push_str("{\"id\": 7, \"text\": \"\"}\n");
    input.push_str(&format!(
        "{{\"id\": \"huge\", \"text\": \"{huge_token}\"}}\n"
    ));
    input.push_str("{\"id\": \"ctl\", \"text\": \"\\u0000\\u0007 Путин\\u001b[31m в Москве \\ud83d\\ude00\"}\n");
    input.push_str("{\"id\": \"en\", \"text\": \"Reuters reported that John Smith visited Paris.\", \"lang\": \"en\"}\n");
    let out = annotate(input.as_bytes());
    assert!(out.status.success());
    let recs = records(&out);
    let ids: Vec<String> = recs.iter().map(|r| r["id"].to_string()).collect();
    assert_eq!(ids, ["\"a\"", "7", "\"huge\"", "\"ctl\"", "\"en\""]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2: invalid JSON"), "{stderr}");
    assert!(stderr.contains("line 3: no \"text\" field"), "{stderr}");
    let a = &recs[0];
    let text: Vec<char> = a["text"].as_str().unwrap().chars().collect();
    let ents = a["entities"].as_array().unwrap();
    let peskov = ents
        .iter()
        .find(|e| e["norm"].as_str().unwrap().contains("Песков"))
        .expect("Песков found");
    assert_eq!(peskov["type"], "PER");
    assert_eq!(peskov["mentions"].as_array().unwrap().len(), 2, "{peskov}");
    for e in ents {
        for m in e["mentions"].as_array().unwrap() {
            let (s, end) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let span: String = text[s..end].iter().collect();
            assert_eq!(span, m["text"].as_str().unwrap());
        }
    }
    assert!(ents
        .iter()
        .any(|e| e["norm"] == "Армения" && e["type"] == "LOC"));
    // English goes to the English tagger.
    let en: Vec<(&str, &str)> = recs[4]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["type"].as_str().unwrap(), e["norm"].as_str().unwrap()))
        .collect();
    assert!(en.contains(&("PER", "John Smith")), "{en:?}");
    assert!(en.contains(&("LOC", "Paris")), "{en:?}");
}

/// `eval ner` prints what shared/tools/ner_score.py prints for the same predictions.
#[test]
fn eval_ner_matches_the_reference_scorer() {
    let gold = shared_or_skip!("data/ner/nerel_dev.jsonl");
    let tool = shared_or_skip!("tools/ner_score.py");
    let mut input = String::new();
    for line in std::fs::read_to_string(&gold).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        input.push_str(&serde_json::json!({"id": v["id"], "text": v["text"]}).to_string());
        input.push('\n');
    }
    let out = annotate(input.as_bytes());
    assert!(out.status.success());
    let pred = std::env::temp_dir().join(format!("newsmill-ner-{}.jsonl", std::process::id()));
    std::fs::write(&pred, &out.stdout).unwrap();
    let ours = newsmill(&["eval", "ner", "--gold", gold.to_str().unwrap()]);
    assert!(ours.status.success());
    let ours = String::from_utf8_lossy(&ours.stdout).trim().to_string();
    let from_file = newsmill(&[
        "eval",
        "ner",
        "--gold",
        gold.to_str().unwrap(),
        "--pred",
        pred.to_str().unwrap(),
    ]);
    assert_eq!(String::from_utf8_lossy(&from_file.stdout).trim(), ours);
    assert_eq!(reference_score(&tool, &gold, &pred), ours);
    let _ = std::fs::remove_file(&pred);
}

/// `extract` annotates what it extracts: the example page's people and places come out with
/// normal forms and one entity per referent.
#[test]
fn extract_annotates_the_example_page() {
    let example = shared_or_skip!(EXAMPLE);
    let out = newsmill(&["extract", example.to_str().unwrap()]);
    assert!(out.status.success());
    let recs = records(&out);
    let ents = recs[0]["entities"].as_array().unwrap();
    let norms: Vec<&str> = ents.iter().map(|e| e["norm"].as_str().unwrap()).collect();
    for want in ["Карабах", "Азербайджан", "Баку", "Ереван", "Степанакерт"]
    {
        assert!(norms.contains(&want), "{want} missing from {norms:?}");
    }
    let peskov: Vec<&Value> = ents
        .iter()
        .filter(|e| e["norm"].as_str().unwrap().contains("Песков"))
        .collect();
    assert_eq!(peskov.len(), 1, "{norms:?}");
    let mentions: Vec<&str> = peskov[0]["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert!(
        mentions.contains(&"Дмитрий Песков") && mentions.contains(&"Песков"),
        "{mentions:?}"
    );
    // The same referent is one entity: no two entities share type and norm.
    let mut keys: Vec<(String, String)> = ents
        .iter()
        .map(|e| (e["type"].to_string(), e["norm"].to_string()))
        .collect();
    keys.sort();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n, "{norms:?}");
}

/// The example page's statements come out with their speakers: Песков's two direct quotes and
/// the indirect ones, Yerevan's denial, the Defence Ministry's call for a ceasefire.
#[test]
fn extract_finds_who_said_what_on_the_example_page() {
    let example = shared_or_skip!(EXAMPLE);
    let out = newsmill(&["extract", example.to_str().unwrap()]);
    assert!(out.status.success());
    let recs = records(&out);
    let norms: Vec<&str> = recs[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["norm"].as_str().unwrap())
        .collect();
    for want in [
        "Дмитрий Песков",
        "Армения",
        "Азербайджан",
        "Карабах",
        "Баку",
        "Ереван",
        "Степанакерт",
    ] {
        assert!(norms.contains(&want), "{want} missing from {norms:?}");
    }
    let quotes = recs[0]["quotes"].as_array().unwrap();
    let said = |start: &str| -> (&str, &str) {
        let q = quotes
            .iter()
            .find(|q| q["text"].as_str().unwrap().starts_with(start))
            .unwrap_or_else(|| panic!("no quote starting {start:?} in {quotes:#?}"));
        (
            q["kind"].as_str().unwrap(),
            q["speaker"]["norm"].as_str().unwrap_or("-"),
        )
    };
    assert_eq!(
        said("Мы продолжаем наши контакты и с армянской"),
        ("direct", "Дмитрий Песков")
    );
    assert_eq!(
        said("Мы продолжаем наши контакты и с армянами"),
        ("direct", "Дмитрий Песков")
    );
    assert_eq!(
        said("Контакты России с Арменией продолжаются"),
        ("indirect", "Дмитрий Песков")
    );
    assert_eq!(
        said("российские военные в Карабахе не занимаются"),
        ("indirect", "Дмитрий Песков")
    );
    assert_eq!(
        said("армянских подразделений в Карабахе нет"),
        ("indirect", "Ереван")
    );
    assert_eq!(
        said("стороны конфликта немедленно прекратить огонь"),
        ("indirect", "Минобороны России")
    );
    assert_eq!(
        said("российские миротворцы организовали"),
        ("indirect", "Минобороны России")
    );
    assert_eq!(
        said("конфликтующие стороны немедленно остановить"),
        ("indirect", "МИД России")
    );
    // Every quote's speaker points at an entity of the record with the same name.
    for q in quotes {
        if let Some(e) = q["speaker"]["entity"].as_u64() {
            assert!((e as usize) < norms.len());
        }
    }
}

/// `eval quotes` prints what shared/tools/quote_score.py prints, on the project's own dev set
/// (stand-off annotations joined with the NEREL texts).
#[test]
fn eval_quotes_matches_the_reference_scorer() {
    let gold = root().join("crates/newsmill-quotes/data/nerel_dev_quotes.jsonl");
    let texts = shared_or_skip!("data/ner/nerel_train.jsonl");
    let tool = shared_or_skip!("tools/quote_score.py");
    let pred = std::env::temp_dir().join(format!("newsmill-quotes-{}.jsonl", std::process::id()));
    let ours = newsmill(&[
        "eval",
        "quotes",
        "--gold",
        gold.to_str().unwrap(),
        "--texts",
        texts.to_str().unwrap(),
        "--out",
        pred.to_str().unwrap(),
    ]);
    assert!(
        ours.status.success(),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );
    let ours = String::from_utf8_lossy(&ours.stdout).trim().to_string();
    assert!(ours.starts_with("docs 62  predicted for 62"), "{ours}");
    assert_eq!(reference_score(&tool, &gold, &pred), ours);
    let _ = std::fs::remove_file(&pred);
}

/// The quote layer holds its figures on the annotated sets that have been read (floors a
/// little under the session 10 figures: dev 0.912 / 0.929 / 0.847, second set 0.922 / 0.915 /
/// 0.844, third set 0.941 / 0.906 / 0.853; under session 22's for the fifth set, 0.977 /
/// 0.952 / 0.930; under session 23's for the sixth, 0.939 / 0.957 / 0.898, and under session
/// 26's for the seventh, 0.954 / 0.903 / 0.862: decision 38 found two quotes there whose
/// speaker the entity tagger does not know, so their speaker is null). The unread fourth set
/// has no floor: it is measured, not tested.
#[test]
fn quote_figures_hold_on_the_annotated_sets() {
    let texts = shared_or_skip!("data/ner/nerel_train.jsonl");
    for (file, floors) in [
        ("nerel_dev_quotes.jsonl", [0.90, 0.91, 0.83]),
        ("nerel_heldout_quotes.jsonl", [0.90, 0.90, 0.83]),
        ("nerel_third_quotes.jsonl", [0.92, 0.88, 0.83]),
        ("nerel_fifth_quotes.jsonl", [0.92, 0.90, 0.85]),
        ("nerel_sixth_quotes.jsonl", [0.92, 0.93, 0.87]),
        ("nerel_seventh_quotes.jsonl", [0.93, 0.88, 0.84]),
    ] {
        let gold = root().join("crates/newsmill-quotes/data").join(file);
        let out = newsmill(&[
            "eval",
            "quotes",
            "--gold",
            gold.to_str().unwrap(),
            "--texts",
            texts.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let got =
            [" F1 ", "speaker acc ", "end-to-end F1 "].map(|name| figure(&stdout, "all", name));
        for (g, f) in got.iter().zip(floors) {
            assert!(*g >= f, "{file}: {stdout}");
        }
    }
}

/// The figure after `name` on the line starting with `line` of an eval report.
fn figure(report: &str, line: &str, name: &str) -> f64 {
    let row = report
        .lines()
        .find(|l| l.starts_with(line))
        .unwrap_or_else(|| panic!("no `{line}` line in {report}"));
    let rest = &row[row.find(name).unwrap_or_else(|| panic!("{name} in {row}")) + name.len()..];
    rest.split_whitespace().next().unwrap().parse().unwrap()
}

/// `eval quotes` and `eval ner` on the bundled fixtures: gold with inline text is read, every
/// document is predicted, and the easy cases written there are found (no `../shared` needed).
#[test]
fn eval_commands_score_the_bundled_fixtures() {
    let report = eval_fixture("quotes", "quotes.jsonl");
    assert!(figure(&report, "all", " F1 ") >= 0.8, "{report}");
    assert!(figure(&report, "all", "speaker acc ") >= 0.8, "{report}");
    let report = eval_fixture("ner", "ner.jsonl");
    assert!(figure(&report, "micro", " F1 ") >= 0.8, "{report}");
    assert!(
        figure(&report, "norm accuracy", "accuracy ") >= 0.5,
        "{report}"
    );
}

/// What `eval STAGE --gold tests/fixtures/FILE` prints, after checking that it ran and
/// predicted every document.
fn eval_fixture(stage: &str, file: &str) -> String {
    let gold = root().join("crates/newsmill/tests/fixtures").join(file);
    let out = newsmill(&["eval", stage, "--gold", gold.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(report.starts_with("docs 3  predicted for 3"), "{report}");
    report
}

/// `train quotes` learns an attribution tagger from gold with cue and source spans, writes its
/// two files, and scores the model-selection set with the model just trained (two tiny
/// documents here, so that the test is quick; the CLI loads the entity models either way).
#[test]
fn train_quotes_writes_a_model_and_scores_it() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    let text = "The senator said that the bill would pass. Smith told reporters it was over.";
    let doc = |id: &str| {
        serde_json::json!({"id": id, "lang": "en", "text": text, "quotes": [
            {"kind": "indirect", "start": 22, "end": 41, "cue_start": 12, "cue_end": 16,
             "speaker_start": 0, "speaker_end": 11, "speaker": null},
            {"kind": "indirect", "start": 64, "end": 75, "cue_start": 49, "cue_end": 53,
             "speaker_start": 43, "speaker_end": 48, "speaker": null}
        ]})
    };
    std::fs::write(&gold, format!("{}\n{}\n", doc("a"), doc("b"))).unwrap();
    let out_dir = dir.path().join("models");
    let out = newsmill(&[
        "train",
        "quotes",
        "--gold",
        gold.to_str().unwrap(),
        "--dev",
        gold.to_str().unwrap(),
        "--epochs",
        "2",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out_dir.join("en-attribution.model.gz").exists());
    let cues = std::fs::read_to_string(out_dir.join("en-attribution.cues.txt")).unwrap();
    assert!(cues.lines().any(|w| w == "said"), "{cues}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("docs 2  predicted for 2"), "{stdout}");
}
