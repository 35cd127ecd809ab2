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
