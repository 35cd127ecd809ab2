//! The JSON API.
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use newsmill_store::{ArticleView, EntityView, SearchResults, Stats, StoryList, StoryView};
use serde_json::json;

use crate::params::{self, Params};
use crate::{blocking, Failure, Shared};

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

/// `GET /api/search`: hits, total and facets.
pub async fn search(
    State(store): State<Shared>,
    Query(p): Query<Params>,
) -> Result<Json<SearchResults>, Failure> {
    let q = params::search(&p)?;
    blocking(&store, move |s| s.search(&q)).await.map(Json)
}

/// `GET /api/articles/{id}`: the stored record with store ids of its entities.
pub async fn article(
    State(store): State<Shared>,
    Path(id): Path<String>,
) -> Result<Json<ArticleView>, Failure> {
    let key = id.clone();
    blocking(&store, move |s| s.article(&key))
        .await?
        .map(Json)
        .ok_or_else(|| Failure::not_found(format!("no article {id:?}")))
}

/// `GET /api/entities/{id}`: timeline, neighbours, quotes, articles.
pub async fn entity(
    State(store): State<Shared>,
    Path(id): Path<String>,
) -> Result<Json<EntityView>, Failure> {
    let id = params::id(&id)?;
    blocking(&store, move |s| s.entity(id))
        .await?
        .map(Json)
        .ok_or_else(|| Failure::not_found(format!("no entity {id}")))
}

/// `GET /api/quotes?speaker=…&order=newest|oldest&limit=…`.
pub async fn quotes(
    State(store): State<Shared>,
    Query(p): Query<Params>,
) -> Result<Json<serde_json::Value>, Failure> {
    let q = params::quotes(&p)?;
    let rows = blocking(&store, move |s| s.quotes(&q)).await?;
    Ok(Json(json!({ "quotes": rows })))
}

/// `GET /api/stories?min=…&offset=…&limit=…`: stories, largest first.
pub async fn stories(
    State(store): State<Shared>,
    Query(p): Query<Params>,
) -> Result<Json<StoryList>, Failure> {
    let q = params::stories(&p)?;
    blocking(&store, move |s| s.stories(&q)).await.map(Json)
}

/// `GET /api/stories/{id}`: members in time order with who copied whom, entities, quotes.
pub async fn story(
    State(store): State<Shared>,
    Path(id): Path<String>,
) -> Result<Json<StoryView>, Failure> {
    let id = params::id(&id)?;
    blocking(&store, move |s| s.story(id))
        .await?
        .map(Json)
        .ok_or_else(|| Failure::not_found(format!("no story {id}")))
}

/// `GET /api/stats`.
pub async fn stats(State(store): State<Shared>) -> Result<Json<Stats>, Failure> {
    blocking(&store, |s| s.stats()).await.map(Json)
}

/// `GET /api/openapi.json`: the OpenAPI 3.1 description of this API.
pub async fn openapi() -> Response {
    (StatusCode::OK, Json(openapi_document())).into_response()
}

/// The OpenAPI document, written out by hand: the API is small and this keeps it exact.
pub fn openapi_document() -> serde_json::Value {
    let string = json!({"type": "string"});
    let nullable_string = json!({"type": ["string", "null"]});
    let q = |name: &str, desc: &str, schema: serde_json::Value| json!({"name": name, "in": "query", "required": false, "description": desc, "schema": schema});
    let error = json!({"description": "Bad parameter", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let not_found = json!({"description": "Unknown id", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let ok = |schema: &str| json!({"description": "OK", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}});
    let int = json!({"type": "integer", "minimum": 0});
    json!({
        "openapi": "3.1.0",
        "info": {"title": "newsmill", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Search and browse articles, entities and quotes extracted by newsmill. Read-only."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Full-text search over lemmas with filters and facet counts",
                "parameters": [
                    q("q", "Words; each matches any inflected form. FTS syntax is treated as plain words. At most 1000 characters.", string.clone()),
                    q("outlet", "Outlet name, exact", string.clone()),
                    q("from", "Published on or after (YYYY-MM-DD, YYYY-MM, YYYY)", string.clone()),
                    q("to", "Published on or before, inclusive", string.clone()),
                    q("lang", "Language code", string.clone()),
                    q("entity", "Entity id or normal form", string.clone()),
                    q("speaker", "Speaker entity id or name", string.clone()),
                    q("story", "Story id", json!({"type": "integer"})),
                    q("offset", "Hits to skip (at most 10000)", int.clone()),
                    q("limit", "Hits to return (default 20, at most 100)", int.clone()),
                ],
                "responses": {"200": ok("SearchResults"), "400": error.clone()}}},
            "/api/articles/{id}": {"get": {
                "summary": "One article: the full record and the store ids of its entities",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": string.clone()}],
                "responses": {"200": ok("ArticleView"), "404": not_found.clone()}}},
            "/api/entities/{id}": {"get": {
                "summary": "One entity: mentions over time, co-occurring entities, quotes by and about it",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "responses": {"200": ok("EntityView"), "400": error.clone(), "404": not_found}}},
            "/api/quotes": {"get": {
                "summary": "Quotes, optionally by one speaker",
                "parameters": [
                    q("speaker", "Speaker entity id or name", string.clone()),
                    q("order", "newest (default) or oldest", json!({"type": "string", "enum": ["newest", "oldest"]})),
                    q("limit", "At most this many (default 100, at most 1000)", int.clone()),
                ],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["quotes"],
                    "properties": {"quotes": {"type": "array", "items": {"$ref": "#/components/schemas/Quote"}}}}}}},
                    "400": error}}},
            "/api/stories": {"get": {
                "summary": "Stories (articles reporting one event), largest first",
                "parameters": [
                    q("min", "Only stories with at least this many articles (default 2)", int.clone()),
                    q("offset", "Stories to skip (at most 10000)", int.clone()),
                    q("limit", "Stories to return (default 20, at most 100)", int),
                ],
                "responses": {"200": ok("StoryList"), "400": error.clone()}}},
            "/api/stories/{id}": {"get": {
                "summary": "One story: its articles in time order, the first publisher, who copied whom and what each copy changed, its entities and quotes",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "responses": {"200": ok("StoryView"), "400": error.clone(), "404": not_found.clone()}}},
            "/api/stats": {"get": {"summary": "Counts of everything stored", "responses": {"200": ok("Stats")}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": string.clone()}},
            "Hit": {"type": "object", "required": ["id", "snippet", "marks"], "properties": {
                "id": string.clone(), "title": nullable_string.clone(), "published": nullable_string.clone(),
                "outlet": nullable_string.clone(), "lang": nullable_string.clone(), "snippet": string.clone(),
                "marks": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}}}},
            "Count": {"type": "object", "required": ["value", "count"], "properties": {"value": string.clone(), "count": {"type": "integer"}}},
            "EntityCount": {"type": "object", "required": ["id", "type", "norm", "count"], "properties": {
                "id": {"type": "integer"}, "type": string.clone(), "norm": string.clone(), "count": {"type": "integer"}}},
            "SearchResults": {"type": "object", "required": ["total", "hits", "facets", "ranked_over"], "properties": {
                "total": {"type": "integer"},
                "ranked_over": {"type": "integer", "description": "How many matches (the most recently stored) were ranked by relevance; the rest follow newest first"},
                "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                "facets": {"type": "object", "properties": {
                    "outlets": {"type": "array", "items": {"$ref": "#/components/schemas/Count"}},
                    "langs": {"type": "array", "items": {"$ref": "#/components/schemas/Count"}},
                    "months": {"type": "array", "items": {"$ref": "#/components/schemas/Count"}},
                    "entities": {"type": "array", "items": {"$ref": "#/components/schemas/EntityCount"}},
                    "speakers": {"type": "array", "items": {"$ref": "#/components/schemas/EntityCount"}},
                    "stories": {"type": "array", "items": {"type": "object", "required": ["id", "count"], "properties": {
                        "id": {"type": "integer"}, "title": nullable_string.clone(), "count": {"type": "integer"}}}},
                    "entities_over": {"type": "integer"}}}}},
            "StorySummary": {"type": "object", "required": ["id", "articles", "outlets"], "properties": {
                "id": {"type": "integer"}, "title": nullable_string.clone(), "articles": {"type": "integer"},
                "outlets": {"type": "integer"}, "first": nullable_string.clone(), "last": nullable_string.clone()}},
            "StoryList": {"type": "object", "required": ["total", "stories"], "properties": {
                "total": {"type": "integer"},
                "stories": {"type": "array", "items": {"$ref": "#/components/schemas/StorySummary"}}}},
            "StoryMember": {"type": "object", "required": ["id", "decision", "reason", "verbatim"], "properties": {
                "id": string.clone(), "title": nullable_string.clone(), "published": nullable_string.clone(),
                "outlet": nullable_string.clone(),
                "decision": {"type": "string", "enum": ["new_story", "near_copy", "same_event", "too_short"]},
                "score": {"type": ["number", "null"]}, "reason": string.clone(),
                "copied_from": nullable_string.clone(), "shared": {"type": ["number", "null"]},
                "verbatim": {"type": "boolean"}, "evidence": nullable_string.clone(),
                "diff": {"type": ["object", "null"], "properties": {
                    "title_changed": {"type": "boolean"}, "kept": {"type": "integer"},
                    "edited": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
                    "cut": {"type": "array", "items": {"type": "string"}},
                    "added": {"type": "array", "items": {"type": "string"}}}}}},
            "StoryView": {"allOf": [{"$ref": "#/components/schemas/StorySummary"}, {"type": "object", "properties": {
                "origin": nullable_string.clone(),
                "members": {"type": "array", "items": {"$ref": "#/components/schemas/StoryMember"}},
                "entities": {"type": "array", "items": {"$ref": "#/components/schemas/EntityCount"}},
                "quotes": {"type": "array", "items": {"$ref": "#/components/schemas/Quote"}}}}]},
            "ArticleView": {"type": "object", "required": ["record", "entity_ids"], "properties": {
                "record": {"type": "object", "description": "The newsmill record (see DESIGN.md, the data contract)"},
                "entity_ids": {"type": "array", "items": {"type": "integer"}}}},
            "Quote": {"type": "object", "required": ["article", "kind", "text"], "properties": {
                "article": string.clone(), "title": nullable_string.clone(), "published": nullable_string.clone(),
                "outlet": nullable_string.clone(), "kind": {"type": "string", "enum": ["direct", "indirect", "mixed"]},
                "text": string.clone(), "speaker_text": nullable_string.clone(), "speaker_norm": nullable_string.clone(),
                "speaker_entity": {"type": ["integer", "null"]}, "cue": nullable_string}},
            "EntityView": {"type": "object", "required": ["id", "type", "norm"], "properties": {
                "id": {"type": "integer"}, "type": string.clone(), "norm": string,
                "documents": {"type": "integer"}, "mentions": {"type": "integer"},
                "timeline": {"type": "array", "items": {"type": "object", "properties": {"period": {"type": "string"}, "count": {"type": "integer"}}}},
                "cooccurring": {"type": "array", "items": {"$ref": "#/components/schemas/EntityCount"}},
                "quotes_by": {"type": "array", "items": {"$ref": "#/components/schemas/Quote"}},
                "quotes_about": {"type": "array", "items": {"$ref": "#/components/schemas/Quote"}},
                "articles": {"type": "array", "items": {"type": "object"}}}},
            "Stats": {"type": "object", "properties": {
                "documents": {"type": "integer"}, "entities": {"type": "integer"}, "mentions": {"type": "integer"},
                "quotes": {"type": "integer"}, "speakers": {"type": "integer"}, "outlets": {"type": "integer"}}},
        }}
    })
}
