//! The PostgreSQL store against a real server started for the test (skipped, with a line
//! saying so, where PostgreSQL is not installed; CI installs it and requires it).
use newsmill_model::Record;
use newsmill_store::{Indexed, SqliteStore, Store};
use newsmill_store_pg::PgStore;
use newsmill_testkit::servers::Postgres;

fn record(id: &str, outlet: &str, published: &str, title: &str, text: &str) -> Record {
    serde_json::from_value(serde_json::json!({
        "id": id, "url": null, "origin": {}, "lang": "ru", "outlet": outlet, "title": title,
        "lead": null, "published": published, "authors": [], "dateline": null,
        "credited_sources": [], "text": text, "removed": [],
        "entities": [{"id": 0, "type": "PER", "norm": "Дмитрий Песков",
                      "mentions": [{"start": 0, "end": 6, "text": "Песков", "field": "text"}]}],
        "quotes": [{"kind": "direct", "start": 10, "end": 20, "text": "мы партнеры",
                    "field": "text", "speaker": {"entity": 0, "start": 0, "end": 6,
                    "text": "Песков", "norm": "Дмитрий Песков"}}]
    }))
    .unwrap()
}

/// Articles in three outlets: two reports of one event and one of another.
fn batch() -> Vec<Indexed> {
    let event = "Песков заявил, что Россия считает Армению и Азербайджан партнерами и призывает \
                 стороны к переговорам о мирном договоре, сообщили в Кремле во вторник вечером.";
    vec![
        record(
            "a1",
            "ТАСС",
            "2024-05-02T10:00:00+00:00",
            "Песков о партнерах",
            event,
        ),
        record(
            "a2",
            "РИА Новости",
            "2024-05-02T11:00:00+00:00",
            "Песков о партнерах России",
            event,
        ),
        record(
            "b1",
            "Коммерсантъ",
            "2024-05-09T08:00:00+00:00",
            "Погода",
            "Песков ответил на вопрос о погоде в Москве, где в выходные ожидаются сильные дожди \
             и порывистый ветер, предупредили синоптики Гидрометцентра в своем прогнозе.",
        ),
    ]
    .into_iter()
    .map(Indexed::new)
    .collect()
}

#[test]
fn writes_read_back_and_match_the_sqlite_store() {
    let Some(pg) = Postgres::start() else { return };
    let url = pg.create_db("news");
    let store = PgStore::connect(&url).unwrap();
    let docs = batch();
    let put = store.put(&docs).unwrap();
    assert_eq!((put.stored, put.existing), (3, 0));
    let again = store.put(&docs).unwrap();
    assert_eq!((again.stored, again.existing), (0, 3));

    let sqlite = SqliteStore::open_in_memory().unwrap();
    sqlite.put(&docs).unwrap();
    let (a, b) = (store.stats().unwrap(), sqlite.stats().unwrap());
    assert_eq!((a.documents, a.entities, a.quotes, a.outlets), (3, 1, 3, 3));
    assert_eq!(
        serde_json::to_value(a).unwrap(),
        serde_json::to_value(b).unwrap()
    );

    for id in ["a1", "a2", "b1"] {
        let (x, y) = (
            store.article(id).unwrap().unwrap(),
            sqlite.article(id).unwrap().unwrap(),
        );
        assert_eq!(x.record.id, id);
        assert_eq!(x.entity_ids.len(), 1);
        let story = |v: &newsmill_store::ArticleView| {
            v.story
                .as_ref()
                .map(|s| (s.articles, s.outlets, s.first.clone(), s.title.clone()))
        };
        assert_eq!(story(&x), story(&y), "{id}");
    }
    assert!(store.article("missing").unwrap().is_none());
}

#[test]
fn a_second_process_sees_the_schema_and_places_after_the_first() {
    let Some(pg) = Postgres::start() else { return };
    let url = pg.create_db("news");
    let docs = batch();
    let first = PgStore::connect(&url).unwrap();
    let second = PgStore::connect(&url).unwrap();
    first.put(&docs[..1]).unwrap();
    // The second writer never saw a1 in memory: it must catch up inside its lock and join a2
    // to a1's story, as one process would.
    second.put(&docs[1..]).unwrap();
    let a1 = first.article("a1").unwrap().unwrap().story.unwrap();
    let a2 = second.article("a2").unwrap().unwrap().story.unwrap();
    assert_eq!(a1.id, a2.id);
    assert_eq!(a2.articles, 2);
    assert_eq!(first.stats().unwrap().stories, 2);
}

#[test]
fn a_database_from_a_newer_newsmill_is_refused() {
    let Some(pg) = Postgres::start() else { return };
    let url = pg.create_db("news");
    drop(PgStore::connect(&url).unwrap());
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.execute("UPDATE newsmill_schema SET version = 99", &[])
        .unwrap();
    let err = PgStore::connect(&url).err().unwrap();
    assert!(err.to_string().contains("99"), "{err}");
    assert!(matches!(
        PgStore::connect("postgres://newsmill@127.0.0.1:1/none"),
        Err(newsmill_store::StoreError::Server(_))
    ));
}

/// Every read of the interface gives what the SQLite store gives over the same records: the
/// repository's samples and 439 Telegram posts from 25 channels, through the real pipeline.
#[test]
fn reads_match_the_sqlite_store_on_real_documents() {
    let Some(corpus) = newsmill_testkit::shared("data/corpus/ru_news.jsonl.gz") else {
        return;
    };
    let Some(pg) = Postgres::start() else { return };
    let pipeline = newsmill_pipeline::Pipeline::new(true).unwrap();
    let samples = newsmill_testkit::repo_root().join("samples");
    let read = |p: std::path::PathBuf| {
        newsmill_ingest::Documents::new(&[p], newsmill_ingest::ReadOptions::default())
    };
    // The corpus is grouped by channel: every 40th post spreads the sample over all of them.
    let docs: Vec<Indexed> = read(samples)
        .chain(read(corpus).step_by(40))
        .map(|d| Indexed::new(pipeline.record(&d.unwrap()).unwrap()))
        .collect();
    let store = PgStore::connect(&pg.create_db("news")).unwrap();
    let sqlite = SqliteStore::open_in_memory().unwrap();
    for chunk in docs.chunks(100) {
        store.put(chunk).unwrap();
        sqlite.put(chunk).unwrap();
    }
    let json = |v: &dyn erased::Json| v.value();
    assert_eq!(
        json(&store.stats().unwrap()),
        json(&sqlite.stats().unwrap())
    );

    for table in newsmill_store::Table::ALL {
        let rows = |s: &dyn Store| {
            let mut out = Vec::new();
            s.export(table, &mut |r| {
                out.push(r.to_vec());
                Ok(())
            })
            .unwrap();
            out
        };
        let (a, b) = (rows(&store), rows(&sqlite));
        assert_eq!(a.len(), b.len(), "{table:?}");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{table:?}");
        }
    }

    for (text, outlet) in [
        ("Путин", None),
        ("курс доллара", None),
        ("", Some("Mash")),
        ("Москва", Some("Mash")),
    ] {
        let q = newsmill_store::SearchQuery {
            text: Some(text.to_owned()).filter(|t| !t.is_empty()),
            outlet: outlet.map(str::to_owned),
            limit: 100,
            ..Default::default()
        };
        let (a, b) = (store.search(&q).unwrap(), sqlite.search(&q).unwrap());
        assert_eq!(a.total, b.total, "{text}");
        assert!(a.total > 0, "{text}");
        let ids = |r: &newsmill_store::SearchResults| {
            let mut v: Vec<String> = r.hits.iter().map(|h| h.id.clone()).collect();
            v.sort();
            v
        };
        if a.total <= 100 {
            assert_eq!(ids(&a), ids(&b), "{text}");
        }
        let facets = |r: &newsmill_store::SearchResults| {
            json(&(&r.facets.outlets, &r.facets.langs, &r.facets.months))
        };
        assert_eq!(facets(&a), facets(&b), "{text}");
    }

    let q = newsmill_store::StoryQuery::default();
    let (a, b) = (store.stories(&q).unwrap(), sqlite.stories(&q).unwrap());
    assert_eq!(json(&a), json(&b));
    assert!(a.total > 0);
    for s in a.stories.iter().take(5) {
        assert_eq!(
            json(&store.story(s.id).unwrap()),
            json(&sqlite.story(s.id).unwrap())
        );
    }
    let top = store
        .search(&newsmill_store::SearchQuery::default())
        .unwrap();
    for e in top.facets.entities.iter().take(5) {
        // The SQLite store orders an article's distinct quotes about an entity loosely (by a
        // column its SELECT DISTINCT does not return): compare those as sets.
        let view = |s: &dyn Store| {
            let mut v = json(&s.entity(e.id).unwrap().unwrap());
            if let Some(serde_json::Value::Array(q)) = v.get_mut("quotes_about") {
                q.sort_by_key(|x| x.to_string());
            }
            v
        };
        let (a, b) = (view(&store), view(&sqlite));
        for key in [
            "timeline",
            "cooccurring",
            "quotes_by",
            "quotes_about",
            "articles",
        ] {
            assert_eq!(a[key], b[key], "{}: {key}", e.norm);
        }
        assert_eq!(a, b, "{}", e.norm);
    }
    let q = newsmill_store::QuoteQuery::default();
    assert_eq!(
        json(&store.quotes(&q).unwrap()),
        json(&sqlite.quotes(&q).unwrap())
    );
}

/// Comparing results of different types as JSON values.
mod erased {
    pub trait Json {
        fn value(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Json for T {
        fn value(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap()
        }
    }
}

#[test]
fn workers_starting_together_create_the_schema_once() {
    let Some(pg) = Postgres::start() else { return };
    let url = pg.create_db("news");
    let stores: Vec<PgStore> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| PgStore::connect(&url).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let docs = batch();
    std::thread::scope(|s| {
        for (store, doc) in stores.iter().zip(docs.chunks(1)) {
            s.spawn(move || store.put(doc).unwrap());
        }
    });
    let stats = stores[0].stats().unwrap();
    assert_eq!((stats.documents, stats.entities), (3, 1));
}
