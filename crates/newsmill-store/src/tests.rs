use newsmill_model::Record;
use serde_json::json;

use crate::*;

fn record(id: &str, outlet: &str, published: &str, text: &str) -> Record {
    let mut r: Record = serde_json::from_value(json!({
        "id": id, "url": null, "origin": {}, "lang": "ru", "outlet": outlet,
        "title": format!("Заголовок {id}"), "lead": null, "published": published, "authors": [],
        "dateline": null, "credited_sources": [], "text": text, "removed": []
    }))
    .unwrap();
    let start = text.find("Песков").map(|b| text[..b].chars().count());
    if let Some(s) = start {
        r.entities = serde_json::from_value(json!([
            {"id": 0, "type": "PER", "norm": "Дмитрий Песков",
             "mentions": [{"start": s, "end": s + 6, "text": "Песков"}]},
            {"id": 1, "type": "LOC", "norm": "Армения",
             "mentions": [{"start": 0, "end": 1, "text": "А"}]}
        ]))
        .unwrap();
        r.quotes = serde_json::from_value(json!([
            {"kind": "indirect", "start": 0, "end": text.chars().count(), "text": text,
             "speaker": {"entity": 0, "start": s, "end": s + 6, "text": "Песков", "norm": "Дмитрий Песков"},
             "cue": null}
        ]))
        .unwrap();
    }
    r
}

fn store() -> SqliteStore {
    let s = SqliteStore::open_in_memory().unwrap();
    let docs = [
        record(
            "a",
            "ТАСС",
            "2023-09-20",
            "Армения: Песков заявил о Степанакерте.",
        ),
        record(
            "b",
            "РИА Новости",
            "2023-09-21T10:00:00+03:00",
            "Армения и Песков говорили о мире.",
        ),
        record(
            "c",
            "ТАСС",
            "2024-01-05",
            "В Степанакерте прошли заявления властей.",
        ),
        record("d", "BBC", "2022-03-01", "The ministries said nothing."),
    ];
    let summary = s
        .put(&docs.into_iter().map(Indexed::new).collect::<Vec<_>>())
        .unwrap();
    assert_eq!(summary.stored, 4);
    s
}

fn ids(r: &SearchResults) -> Vec<String> {
    let mut v: Vec<String> = r.hits.iter().map(|h| h.id.clone()).collect();
    v.sort();
    v
}

/// Indexing walks the body once for two purposes; what it makes must be what each makes alone.
#[test]
fn one_walk_gives_the_same_keys_and_profile_as_two() {
    for text in [
        "",
        "Песков заявил, что Армения остается союзником России. В 2023 году 15 встреч.",
        "Police said 12 people were hurt in Leeds on Tuesday; 3,500 left their homes.",
    ] {
        let r = record("x", "Outlet", "2023-09-20", text);
        let indexed = Indexed::new(r.clone());
        assert_eq!(indexed.body_keys, newsmill_nlp::lemma::index_text(text));
        assert_eq!(indexed.profile, newsmill_stories::Profile::of_record(&r));
    }
}

#[test]
fn dates_become_day_numbers() {
    use crate::sqlite::{date_bound, day_number};
    assert_eq!(day_number("2023-09-20T10:00:00+03:00"), Some(20230920));
    assert_eq!(day_number("2023"), None);
    assert_eq!(date_bound("2023", false), 20230000);
    assert_eq!(date_bound("2023-09", true), 20230999);
    assert_eq!(date_bound("2023-09-20", true), 20230920);
}

#[test]
fn put_is_idempotent_and_counts() {
    let s = store();
    let again = s
        .put(&[Indexed::new(record("a", "x", "2020", "другой текст"))])
        .unwrap();
    assert_eq!(
        again,
        PutSummary {
            stored: 0,
            existing: 1
        }
    );
    let st = s.stats().unwrap();
    assert_eq!(st.documents, 4);
    assert_eq!(
        st.entities, 2,
        "one entity per (type, norm) across documents"
    );
    assert_eq!(st.mentions, 4);
    assert_eq!(st.quotes, 2);
    assert_eq!(st.speakers, 1);
    assert_eq!(st.outlets, 3);
}

#[test]
fn words_match_any_inflection_and_all_words_are_required() {
    let s = store();
    assert_eq!(
        ids(&s.search(&SearchQuery::text("Степанакерт")).unwrap()),
        ["a", "c"]
    );
    assert_eq!(
        ids(&s.search(&SearchQuery::text("заявление")).unwrap()),
        ["c"]
    );
    assert_eq!(
        ids(&s.search(&SearchQuery::text("Степанакерт Песков")).unwrap()),
        ["a"]
    );
    assert_eq!(
        ids(&s.search(&SearchQuery::text("ministry")).unwrap()),
        ["d"]
    );
    assert_eq!(s.search(&SearchQuery::text("***")).unwrap().total, 0);
}

#[test]
fn filters_narrow_and_facets_count() {
    let s = store();
    let q = |f: &dyn Fn(&mut SearchQuery)| {
        let mut q = SearchQuery::default();
        f(&mut q);
        ids(&s.search(&q).unwrap())
    };
    assert_eq!(q(&|q| q.outlet = Some("ТАСС".into())), ["a", "c"]);
    assert_eq!(q(&|q| q.from = Some("2023-09-21".into())), ["b", "c"]);
    assert_eq!(q(&|q| q.to = Some("2023-09-21".into())), ["a", "b", "d"]);
    assert_eq!(q(&|q| q.to = Some("2023".into())), ["a", "b", "d"]);
    assert_eq!(
        q(&|q| q.entity = Some(EntityRef::Norm("дмитрий песков".into()))),
        ["a", "b"]
    );
    assert_eq!(
        q(&|q| q.speaker = Some(EntityRef::Norm("Дмитрий Песков".into()))),
        ["a", "b"]
    );
    let all = s.search(&SearchQuery::default()).unwrap();
    assert_eq!(all.total, 4);
    assert_eq!(all.hits[0].id, "c", "newest first without words");
    assert_eq!(
        all.facets.outlets[0],
        FacetCount {
            value: "ТАСС".into(),
            count: 2
        }
    );
    assert_eq!(all.facets.months[0].value, "2024-01");
    assert_eq!(all.facets.entities[0].count, 2);
    assert_eq!(all.facets.speakers[0].norm, "Дмитрий Песков");
    let paged = s
        .search(&SearchQuery {
            offset: 3,
            limit: 2,
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(paged.hits.len(), 1);
}

#[test]
fn entity_article_and_quote_views() {
    let s = store();
    let a = s.article("a").unwrap().unwrap();
    assert_eq!(a.entity_ids.len(), 2);
    let e = s.entity(a.entity_ids[0]).unwrap().unwrap();
    assert_eq!(
        (e.norm.as_str(), e.documents, e.mentions),
        ("Дмитрий Песков", 2, 2)
    );
    assert_eq!(e.timeline.len(), 2);
    assert_eq!(e.cooccurring[0].norm, "Армения");
    assert_eq!(e.quotes_by.len(), 2);
    assert_eq!(e.articles.len(), 2);
    let oldest = s
        .quotes(&QuoteQuery {
            speaker: Some(EntityRef::Id(e.id)),
            chronological: true,
            limit: 0,
        })
        .unwrap();
    assert_eq!(oldest[0].article, "a");
    assert!(s.article("zzz").unwrap().is_none());
    assert!(s.entity(999).unwrap().is_none());
}

#[test]
fn files_that_are_not_stores_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![0x5a; 8192]).unwrap();
    assert!(matches!(
        SqliteStore::open(&junk),
        Err(StoreError::Corrupt { .. })
    ));
    assert!(matches!(
        SqliteStore::open_read_only(&junk),
        Err(StoreError::Corrupt { .. })
    ));
    assert_eq!(std::fs::read(&junk).unwrap(), vec![0x5a; 8192]);

    let foreign = dir.path().join("foreign.db");
    let c = rusqlite::Connection::open(&foreign).unwrap();
    c.execute_batch("CREATE TABLE t (x)").unwrap();
    drop(c);
    assert!(matches!(
        SqliteStore::open(&foreign),
        Err(StoreError::Corrupt { .. })
    ));

    let newer = dir.path().join("newer.db");
    let c = rusqlite::Connection::open(&newer).unwrap();
    c.execute_batch("PRAGMA user_version = 99").unwrap();
    drop(c);
    assert!(matches!(
        SqliteStore::open(&newer),
        Err(StoreError::Version { found: 99, .. })
    ));
}

#[test]
fn skips_are_recorded_once_each_and_counted() {
    let s = SqliteStore::open_in_memory().unwrap();
    let skip = |key: &str| Skip {
        key: key.into(),
        source: format!("newsmill.docs#{key}"),
        reason: "not a newsmill document".into(),
    };
    assert_eq!(s.record_skips(&[skip("a"), skip("b")]).unwrap(), 2);
    // A redelivered bad message is the same skip.
    assert_eq!(s.record_skips(&[skip("b"), skip("c")]).unwrap(), 1);
    assert_eq!(s.record_skips(&[]).unwrap(), 0);
    assert_eq!(s.stats().unwrap().skipped, 3);
}

#[test]
fn a_read_only_store_refuses_writes_and_a_file_store_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    {
        let s = SqliteStore::open(&path).unwrap();
        s.put(&[Indexed::new(record(
            "a",
            "ТАСС",
            "2023-09-20",
            "Песков в Ереване.",
        ))])
        .unwrap();
    }
    let ro = SqliteStore::open_read_only(&path).unwrap();
    assert_eq!(ro.stats().unwrap().documents, 1);
    assert_eq!(ro.search(&SearchQuery::text("Ереван")).unwrap().total, 1);
    assert!(ro.put(&[]).is_err());
}

#[test]
fn older_stores_are_upgraded_and_their_articles_placed_in_stories() {
    // What each older version wrote, made from a current store: version 1 had no story tables;
    // versions 2 and 4 stored profiles without their last fields (dates, then the outlet: a
    // profile cut by a byte no longer decodes); versions before 4 had no `field` on mentions
    // and quotes.
    // Versions before 6 had no skips table.
    const NO_FIELDS: &str = "DROP TABLE skips; ALTER TABLE mentions DROP COLUMN field; \
         ALTER TABLE quotes DROP COLUMN field;";
    let downgrades = [
        (
            1,
            format!("{NO_FIELDS} DROP TABLE story_members; DROP TABLE stories; PRAGMA user_version = 1;"),
        ),
        (
            2,
            format!(
                "{NO_FIELDS} UPDATE story_members SET profile = substr(profile, 1, length(profile) - 1);
                 PRAGMA user_version = 2;"
            ),
        ),
        (3, format!("{NO_FIELDS} PRAGMA user_version = 3;")),
        (
            4,
            "DROP TABLE skips;
             UPDATE story_members SET profile = substr(profile, 1, length(profile) - 1);
             PRAGMA user_version = 4;"
                .to_owned(),
        ),
        (5, "DROP TABLE skips; PRAGMA user_version = 5;".to_owned()),
    ];
    for (version, downgrade) in downgrades {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let long =
            "Пресс-секретарь президента Дмитрий Песков заявил, что контакты России с Арменией \
                    продолжаются, она была и остается союзником и партнером, также продолжаются \
                    контакты с Азербайджаном, который тоже является важным партнером России.";
        {
            let s = SqliteStore::open(&path).unwrap();
            let docs = [
                record("a", "ТАСС", "2023-09-20", long),
                record("b", "РИА Новости", "2023-09-20", long),
                record("c", "BBC", "2023-09-20", "The ministries said nothing."),
            ];
            s.put(&docs.into_iter().map(Indexed::new).collect::<Vec<_>>())
                .unwrap();
        }
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&downgrade).unwrap();
        drop(conn);
        assert!(matches!(
            SqliteStore::open_read_only(&path),
            Err(StoreError::Outdated { found, .. }) if found == version
        ));
        SqliteStore::upgrade(&path).unwrap();
        let s = SqliteStore::open_read_only(&path).unwrap();
        let stats = s.stats().unwrap();
        assert_eq!(
            (stats.stories, stats.multi_article_stories),
            (2, 1),
            "v{version}"
        );
        let list = s.stories(&StoryQuery::default()).unwrap();
        assert_eq!(list.stories[0].articles, 2);
        // Every profile decodes again: the story page reads them.
        assert!(s.story(list.stories[0].id).unwrap().is_some());
    }
}

#[test]
fn stories_of_the_store_follow_its_articles() {
    let s = store();
    let stats = s.stats().unwrap();
    // Four short, unrelated articles: four stories of one.
    assert_eq!((stats.stories, stats.multi_article_stories), (4, 0));
    assert_eq!(s.stories(&StoryQuery::default()).unwrap().total, 0);
    let one = s
        .stories(&StoryQuery {
            min_articles: 1,
            ..StoryQuery::default()
        })
        .unwrap();
    assert_eq!(one.total, 4);
    let view = s.story(one.stories[0].id).unwrap().unwrap();
    assert_eq!(view.members.len(), 1);
    assert!(view.members[0].reason.contains("too short"));
    assert!(s.story(12345).unwrap().is_none());
    assert!(s
        .stories(&StoryQuery {
            limit: 1_000,
            ..StoryQuery::default()
        })
        .is_err());
}
