use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use newsmill_model::Record;
use newsmill_store::{Indexed, SqliteStore, Store};
use tower::ServiceExt;

use super::*;

fn record(id: &str, title: &str, text: &str) -> Record {
    let mut r: Record = serde_json::from_value(serde_json::json!({
        "id": id, "url": null, "origin": {}, "lang": "ru", "outlet": "Sputnik Литва",
        "title": title, "lead": null, "published": "2023-09-20", "authors": [],
        "dateline": null, "credited_sources": [], "text": text, "removed": []
    }))
    .unwrap();
    r.entities = serde_json::from_value(serde_json::json!([
        {"id": 0, "type": "PER", "norm": "Дмитрий Песков",
         "mentions": [{"start": 0, "end": 6, "text": "Песков"}]}
    ]))
    .unwrap();
    r
}

fn app() -> Router {
    let store = SqliteStore::open_in_memory().unwrap();
    let hostile = record(
        "evil",
        "<script>alert(1)</script>",
        "Песков <img src=x onerror=alert(1)> в Степанакерте.",
    );
    let long = "Пресс-секретарь президента Дмитрий Песков заявил, что контакты России с Арменией \
                продолжаются, она была и остается союзником и партнером, также продолжаются \
                контакты с Азербайджаном, который тоже является важным партнером России.";
    let mut copy = record("s2", "<b>Копия</b> заявления", long);
    copy.published = Some("2023-09-21".into());
    copy.outlet = Some("<i>Вестник</i>".into());
    store
        .put(&[
            Indexed::new(record("a1", "В Кремле", "Песков заявил о Степанакерте.")),
            Indexed::new(hostile),
            Indexed::new(record("s1", "Песков об Армении", long)),
            Indexed::new(copy),
        ])
        .unwrap();
    router(Arc::new(store))
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String) {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn search_finds_inflected_forms_by_api_and_page() {
    let app = app();
    let (status, body) = get(
        &app,
        "/api/search?q=%D0%A1%D1%82%D0%B5%D0%BF%D0%B0%D0%BD%D0%B0%D0%BA%D0%B5%D1%80%D1%82",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["total"], 2, "{body}");
    let (status, html) = get(
        &app,
        "/?q=%D0%A1%D1%82%D0%B5%D0%BF%D0%B0%D0%BD%D0%B0%D0%BA%D0%B5%D1%80%D1%82",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<mark>Степанакерте</mark>"), "{html}");
}

#[tokio::test]
async fn page_text_is_escaped() {
    let app = app();
    let (_, html) = get(&app, &params::url("/", &[("q", "Песков")])).await;
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
    let (status, html) = get(&app, "/articles/evil").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(html.contains("class=\"ent PER\""), "{html}");
    assert!(html.contains("title=\"Дмитрий Песков · PER\""), "{html}");
}

#[tokio::test]
async fn bad_parameters_are_4xx() {
    let app = app();
    for uri in [
        "/api/search?from=yesterday",
        "/api/search?limit=100000",
        "/api/search?offset=abc",
        "/api/entities/abc",
        "/api/quotes?order=sideways",
        "/?page=0",
    ] {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
    }
    let long = format!("/api/search?q={}", "a".repeat(10_000));
    assert_eq!(get(&app, &long).await.0, StatusCode::BAD_REQUEST);
    for uri in [
        "/api/articles/nope",
        "/api/entities/999",
        "/articles/nope",
        "/nowhere",
    ] {
        assert_eq!(get(&app, uri).await.0, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test]
async fn fts_syntax_is_plain_text() {
    let app = app();
    for q in [
        "\"Песков",
        "NEAR(a b)",
        "*",
        "Песков OR",
        "a:b",
        "-",
        "\"\"",
        "^x",
    ] {
        let (status, body) = get(&app, &params::url("/api/search", &[("q", q)])).await;
        assert_eq!(status, StatusCode::OK, "{q}: {body}");
    }
}

#[tokio::test]
async fn entity_and_speaker_pages_render() {
    let app = app();
    let (_, body) = get(&app, "/api/articles/a1").await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = v["entity_ids"][0].as_i64().unwrap();
    let (status, html) = get(&app, &format!("/entities/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Дмитрий Песков") && html.contains("<svg"),
        "{html}"
    );
    assert_eq!(
        get(&app, &format!("/speakers/{id}")).await.0,
        StatusCode::OK
    );
    let (status, body) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("\"/api/search\""));
}

#[tokio::test]
async fn stories_by_api_and_page() {
    let app = app();
    let (status, body) = get(&app, "/api/stories").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let list: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list["total"], 1, "{body}");
    let id = list["stories"][0]["id"].as_i64().unwrap();
    assert_eq!(list["stories"][0]["articles"], 2);
    assert_eq!(list["stories"][0]["title"], "Песков об Армении");

    let (status, body) = get(&app, &format!("/api/stories/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let view: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(view["origin"], "s1");
    assert_eq!(view["members"][1]["copied_from"], "s1");
    assert_eq!(view["members"][1]["verbatim"], true);
    assert_eq!(view["members"][1]["diff"]["title_changed"], true);

    let (status, page) = get(&app, &format!("/stories/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("verbatim copy") && page.contains("First published by"));
    assert!(!page.contains("<b>Копия") && !page.contains("<i>Вестник"));
    let (status, page) = get(&app, "/stories").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("/stories/{id}")));
    let (status, page) = get(&app, "/articles/s2").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("/stories/{id}")),
        "the article links its story"
    );
    let (_, body) = get(&app, &format!("/api/search?story={id}")).await;
    let hits: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(hits["total"], 2, "{body}");

    assert_eq!(get(&app, "/api/stories/999").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/stories/abc").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(
        get(&app, "/api/stories?limit=1000").await.0,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn headline_mentions_and_quotes_are_highlighted_in_the_title() {
    let store = SqliteStore::open_in_memory().unwrap();
    let mut r = record(
        "h1",
        "Песков: контакты продолжаются",
        "Текст статьи без имён.",
    );
    r.entities = serde_json::from_value(serde_json::json!([
        {"id": 0, "type": "PER", "norm": "Дмитрий Песков",
         "mentions": [{"start": 0, "end": 6, "text": "Песков", "field": "title"}]}
    ]))
    .unwrap();
    r.quotes = serde_json::from_value(serde_json::json!([
        {"kind": "indirect", "start": 8, "end": 29, "text": "контакты продолжаются",
         "speaker": {"entity": 0, "start": 0, "end": 6, "text": "Песков", "norm": "Дмитрий Песков"},
         "cue": null, "field": "title"}
    ]))
    .unwrap();
    store.put(&[Indexed::new(r)]).unwrap();
    let app = router(Arc::new(store));
    let (status, html) = get(&app, "/articles/h1").await;
    assert_eq!(status, StatusCode::OK);
    let h1 = &html[html.find("<h1>").unwrap()..html.find("</h1>").unwrap()];
    assert!(
        h1.contains("class=\"ent PER\"") && h1.contains("class=\"q indirect\""),
        "{h1}"
    );
    // The body, whose offsets the title's spans do not count in, has no highlight.
    let body = &html[html.find("class=\"body\"").unwrap()..];
    let body = &body[..body.find("</div>").unwrap()];
    assert!(!body.contains("class=\"ent"), "{body}");
    let (_, json) = get(&app, "/api/articles/h1").await;
    assert!(json.contains("\"field\":\"title\""), "{json}");
}
