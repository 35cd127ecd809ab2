//! The web UI: server-rendered pages that work without JavaScript.
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use newsmill_model::{Field, Record};
use newsmill_store::{
    ArticleView, EntityCount, EntityRef, EntityView, FacetCount, PeriodCount, QuoteQuery, QuoteRow,
    SearchQuery, StoryMember, StorySummary, StoryView,
};

use crate::params::{self, segment, url, Params};
use crate::{blocking, Failure, Shared};

fn page(title: &str, q: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ru" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · newsmill" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                header.top {
                    a.brand href="/" { "newsmill" }
                    nav { a href="/stories" { "Stories" } }
                    form action="/" method="get" role="search" {
                        input type="search" name="q" value=(q) placeholder="Search: Песков Армения, Степанакерт…" aria-label="Search";
                        button type="submit" { "Search" }
                    }
                }
                main { (body) }
            }
        }
    }
}

fn respond(status: StatusCode, markup: Markup) -> Response {
    (status, Html(markup.into_string())).into_response()
}

fn error_page(f: Failure) -> Response {
    let title = if f.status == StatusCode::NOT_FOUND {
        "Not found"
    } else if f.status.is_client_error() {
        "Bad request"
    } else {
        "Error"
    };
    respond(
        f.status,
        page(
            title,
            "",
            html! { div.error { h1 { (title) } p { (f.message) } p { a href="/" { "Back to search" } } } },
        ),
    )
}

/// Anything unrouted: a 404 page (or JSON under `/api/`).
pub async fn not_found(uri: axum::http::Uri) -> Response {
    let f = Failure::not_found(format!("nothing at {}", uri.path()));
    if uri.path().starts_with("/api/") {
        f.into_response()
    } else {
        error_page(f)
    }
}

fn date(d: &Option<String>) -> &str {
    d.as_deref().map_or("undated", |d| d.get(..10).unwrap_or(d))
}

/// `text` with the code-point ranges `marks` wrapped in `<mark>`.
fn marked(text: &str, marks: &[[usize; 2]]) -> Markup {
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    html! {
        @for &[s, e] in marks {
            @if s >= pos && e <= chars.len() && s < e {
                (chars[pos..s].iter().collect::<String>())
                mark { (chars[s..e].iter().collect::<String>()) }
                ({ pos = e; "" })
            }
        }
        (chars[pos.min(chars.len())..].iter().collect::<String>())
    }
}

fn search_url(q: &SearchQuery, change: &[(&str, &str)]) -> String {
    let entity = entity_param(&q.entity);
    let speaker = entity_param(&q.speaker);
    let story = q.story.map(|s| s.to_string()).unwrap_or_default();
    let mut pairs: Vec<(&str, &str)> = vec![
        ("q", q.text.as_deref().unwrap_or("")),
        ("outlet", q.outlet.as_deref().unwrap_or("")),
        ("from", q.from.as_deref().unwrap_or("")),
        ("to", q.to.as_deref().unwrap_or("")),
        ("lang", q.lang.as_deref().unwrap_or("")),
        ("entity", &entity),
        ("speaker", &speaker),
        ("story", &story),
    ];
    for (k, v) in change {
        match pairs.iter_mut().find(|(pk, _)| pk == k) {
            Some(p) => p.1 = v,
            None => pairs.push((k, v)),
        }
    }
    url("/", &pairs)
}

fn entity_param(e: &Option<EntityRef>) -> String {
    match e {
        Some(EntityRef::Id(id)) => id.to_string(),
        Some(EntityRef::Norm(n)) => n.clone(),
        None => String::new(),
    }
}

fn facet_list(q: &SearchQuery, name: &str, items: &[FacetCount]) -> Markup {
    html! {
        @if !items.is_empty() {
            ul {
                @for f in items {
                    li { a href=(search_url(q, &[(name, &f.value)])) { (f.value) } span.n { (f.count) } }
                }
            }
        }
    }
}

fn entity_facet(q: &SearchQuery, name: &str, items: &[EntityCount]) -> Markup {
    html! {
        ul {
            @for e in items {
                li {
                    span {
                        span class={"badge " (e.kind)} { (e.kind) } " "
                        a href=(search_url(q, &[(name, &e.id.to_string())])) title=(format!("filter by {}", e.norm)) { (e.norm) }
                    }
                    span.n { (e.count) }
                }
            }
        }
    }
}

/// `GET /`: the search page (the newest articles when there is no query).
pub async fn search(State(store): State<Shared>, Query(p): Query<Params>) -> Response {
    let q = match params::search(&p) {
        Ok(q) => q,
        Err(f) => return error_page(f),
    };
    let query = q.clone();
    let result = blocking(&store, move |s| Ok((s.search(&query)?, s.stats()?))).await;
    let (results, stats) = match result {
        Ok(r) => r,
        Err(f) => return error_page(f),
    };
    let text = q.text.clone().unwrap_or_default();
    let page_no = q.offset / 20 + 1;
    let filters: Vec<(&str, String)> = [
        ("outlet", q.outlet.clone().unwrap_or_default()),
        ("from", q.from.clone().unwrap_or_default()),
        ("to", q.to.clone().unwrap_or_default()),
        ("lang", q.lang.clone().unwrap_or_default()),
        ("entity", entity_param(&q.entity)),
        ("speaker", entity_param(&q.speaker)),
        ("story", q.story.map(|s| s.to_string()).unwrap_or_default()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect();
    let title = if text.is_empty() {
        "Latest articles".to_owned()
    } else {
        text.clone()
    };
    let body = html! {
        div.layout {
            aside {
                form.facet action="/" method="get" {
                    h3 { "Filters" }
                    input type="hidden" name="q" value=(text);
                    div.filters {
                        label { "From" input type="date" name="from" value=(q.from.as_deref().unwrap_or("")); }
                        label { "To" input type="date" name="to" value=(q.to.as_deref().unwrap_or("")); }
                        label { "Outlet" input type="text" name="outlet" value=(q.outlet.as_deref().unwrap_or("")); }
                        label { "Language" input type="text" name="lang" size="3" value=(q.lang.as_deref().unwrap_or("")); }
                        label { "Entity" input type="text" name="entity" value=(entity_param(&q.entity)); }
                        label { "Speaker" input type="text" name="speaker" value=(entity_param(&q.speaker)); }
                    }
                    p { button type="submit" { "Apply" } }
                }
                @if !results.facets.outlets.is_empty() {
                    section.facet id="facet-outlets" { h3 { "Outlets" } (facet_list(&q, "outlet", &results.facets.outlets)) }
                }
                @if !results.facets.entities.is_empty() {
                    section.facet id="facet-entities" {
                        h3 { "Entities" }
                        (entity_facet(&q, "entity", &results.facets.entities))
                    }
                }
                @if !results.facets.speakers.is_empty() {
                    section.facet id="facet-speakers" {
                        h3 { "Speakers" }
                        (entity_facet(&q, "speaker", &results.facets.speakers))
                    }
                }
                @if !results.facets.stories.is_empty() {
                    section.facet id="facet-stories" {
                        h3 { "Stories" }
                        ul { @for st in &results.facets.stories {
                            li {
                                a href=(search_url(&q, &[("story", &st.id.to_string())])) title="only this story's articles" {
                                    (st.title.as_deref().unwrap_or("(untitled story)"))
                                }
                                span.n { (st.count) }
                            }
                        } }
                    }
                }
                @if !results.facets.months.is_empty() {
                    section.facet id="facet-months" {
                        h3 { "Months" }
                        ul { @for m in &results.facets.months {
                            li { a href=(search_url(&q, &[("from", &m.value), ("to", &m.value)])) { (m.value) } span.n { (m.count) } }
                        } }
                    }
                }
                @if results.facets.langs.len() > 1 {
                    section.facet id="facet-langs" { h3 { "Languages" } (facet_list(&q, "lang", &results.facets.langs)) }
                }
            }
            section {
                @if !filters.is_empty() {
                    p.active-filters {
                        @for (k, v) in &filters {
                            span.chip { (k) ": " (v) " " a href=(search_url(&q, &[(k, "")])) title="remove" { "×" } }
                        }
                    }
                }
                p.stats id="total" {
                    strong { (results.total) } " articles"
                    @if text.is_empty() { " · " (stats.documents) " in the store, " (stats.entities) " entities, " (stats.quotes) " quotes" }
                    @if results.ranked_over > 0 && (results.ranked_over as u64) < results.total {
                        " · best matches among the " (results.ranked_over) " latest stored, then by date"
                    }
                }
                @if results.hits.is_empty() {
                    p.empty { "Nothing found. Words match any inflected form; try fewer words or remove a filter." }
                }
                @for hit in &results.hits {
                    div.hit {
                        h2 { a.hit-link href=(format!("/articles/{}", segment(&hit.id))) { (hit.title.as_deref().unwrap_or("(no title)")) } }
                        div.meta { (hit.outlet.as_deref().unwrap_or("unknown outlet")) " · " (date(&hit.published)) @if let Some(l) = &hit.lang { " · " (l) } }
                        p.snippet { (marked(&hit.snippet, &hit.marks)) }
                    }
                }
                div.pager {
                    @if page_no > 1 { a rel="prev" href=(search_url(&q, &[("page", &(page_no - 1).to_string())])) { "← Newer" } } @else { span {} }
                    @if (q.offset + results.hits.len()) < results.total as usize && q.offset + 20 <= newsmill_store::MAX_OFFSET {
                        a rel="next" href=(search_url(&q, &[("page", &(page_no + 1).to_string())])) { "More →" }
                    }
                }
            }
        }
    };
    respond(StatusCode::OK, page(&title, &text, body))
}

/// One highlighted span of the article body.
struct Segment {
    start: usize,
    end: usize,
    entity: Option<usize>,
    quote: Option<usize>,
}

/// Cuts `field`'s text (code points) at every mention and quote boundary in that field; each
/// piece knows the entity and the quote it lies in, so that overlapping layers render as flat,
/// well-nested HTML.
fn segments(record: &Record, field: Field, start: usize, end: usize) -> Vec<Segment> {
    let mut cuts = vec![start, end];
    for e in &record.entities {
        for m in e.mentions.iter().filter(|m| m.field == field) {
            cuts.extend([m.start, m.end]);
        }
    }
    for q in record.quotes.iter().filter(|q| q.field == field) {
        cuts.extend([q.start, q.end]);
    }
    cuts.retain(|&c| c >= start && c <= end);
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let (s, e) = (w[0], w[1]);
            let entity = record.entities.iter().position(|en| {
                en.mentions
                    .iter()
                    .any(|m| m.field == field && m.start <= s && e <= m.end)
            });
            let quote = record
                .quotes
                .iter()
                .position(|q| q.field == field && q.start <= s && e <= q.end);
            Segment {
                start: s,
                end: e,
                entity,
                quote,
            }
        })
        .collect()
}

fn body_markup(view: &ArticleView) -> Markup {
    let r = &view.record;
    let chars: Vec<char> = r.text.chars().collect();
    // Paragraphs: runs between blank lines, as code-point ranges.
    let mut paragraphs = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\n' {
            if i > start {
                paragraphs.push((start, i));
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < chars.len() {
        paragraphs.push((start, chars.len()));
    }
    html! {
        @for &(ps, pe) in &paragraphs {
            p { (spans_markup(view, Field::Text, &chars, ps, pe)) }
        }
    }
}

/// The headline with its entities and quotes highlighted as the body's are.
fn title_markup(view: &ArticleView, title: &str) -> Markup {
    let chars: Vec<char> = title.chars().collect();
    spans_markup(view, Field::Title, &chars, 0, chars.len())
}

/// `chars[start..end]` of `field`, each mention a link to its entity and each quote shaded.
fn spans_markup(
    view: &ArticleView,
    field: Field,
    chars: &[char],
    start: usize,
    end: usize,
) -> Markup {
    let r = &view.record;
    let piece = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    html! {
        @for seg in segments(r, field, start, end) {
            @let text = piece(seg.start, seg.end);
            @let inner = match seg.entity {
                Some(i) => {
                    let e = &r.entities[i];
                    let id = view.entity_ids.get(i).copied().unwrap_or(-1);
                    html! { a class={"ent " (e.kind.as_str())} href=(format!("/entities/{id}"))
                              title=(format!("{} · {}", e.norm, e.kind.as_str())) data-norm=(e.norm) { (text) } }
                }
                None => html! { (text) },
            };
            @match seg.quote {
                Some(qi) => {
                    @let q = &r.quotes[qi];
                    @let who = q.speaker.as_ref().map_or("speaker unknown".to_owned(), |s| format!("{} quote · {}", q.kind.as_str(), if s.norm.is_empty() { &s.text } else { &s.norm }));
                    span class={"q " (q.kind.as_str())} title=(who) { (inner) }
                }
                None => (inner),
            }
        }
    }
}

fn quote_item(q: &QuoteRow, show_speaker: bool) -> Markup {
    html! {
        blockquote.quote {
            p { span class={"badge " (q.kind)} { (q.kind) } " " (q.text) }
            div.meta {
                @if show_speaker {
                    @match (q.speaker_entity, q.speaker_norm.as_deref()) {
                        (Some(id), Some(n)) => { a href=(format!("/speakers/{id}")) { (n) } " · " }
                        (None, Some(n)) => { (n) " · " }
                        _ => { "unattributed · " }
                    }
                }
                @if let Some(c) = &q.cue { "«" (c) "» · " }
                a href=(format!("/articles/{}", segment(&q.article))) { (q.title.as_deref().unwrap_or("(no title)")) }
                " · " (q.outlet.as_deref().unwrap_or("")) " · " (date(&q.published))
            }
        }
    }
}

/// `GET /articles/{id}`: the article with entities and quotes highlighted.
pub async fn article(State(store): State<Shared>, Path(id): Path<String>) -> Response {
    let key = id.clone();
    let view = match blocking(&store, move |s| s.article(&key)).await {
        Ok(Some(v)) => v,
        Ok(None) => return error_page(Failure::not_found(format!("no article {id:?}"))),
        Err(f) => return error_page(f),
    };
    let r = &view.record;
    let title = r.title.clone().unwrap_or_else(|| "(no title)".into());
    let body = html! {
        div.layout {
            aside.sidecol {
                section.facet {
                    h3 { "Entities" }
                    ul {
                        @for (i, e) in r.entities.iter().enumerate() {
                            li {
                                span {
                                    span class={"badge " (e.kind.as_str())} { (e.kind.as_str()) } " "
                                    a href=(format!("/entities/{}", view.entity_ids.get(i).copied().unwrap_or(-1))) { (e.norm) }
                                }
                                span.n { (e.mentions.len()) }
                            }
                        }
                    }
                }
                section.facet {
                    h3 { "Quotes" }
                    p.meta { (r.quotes.len()) " quotes" }
                }
            }
            article.doc {
                h1 { (title_markup(&view, &title)) }
                div.meta {
                    (r.outlet.as_deref().unwrap_or("unknown outlet")) " · " (date(&r.published))
                    @if !r.authors.is_empty() { " · " (r.authors.join(", ")) }
                    @if let Some(d) = &r.dateline { " · " (d.text) }
                    @if !r.credited_sources.is_empty() { " · source: " (r.credited_sources.join(", ")) }
                    @if let Some(u) = &r.url { " · " a href=(u) rel="noopener noreferrer nofollow" { "original" } }
                }
                @if let Some(st) = view.story.as_ref().filter(|st| st.articles > 1) {
                    p.story-link {
                        "Part of a story told by " (st.articles) " articles from " (st.outlets)
                        (if st.outlets == 1 { " outlet: " } else { " outlets: " })
                        a href=(format!("/stories/{}", st.id)) { (st.title.as_deref().unwrap_or("(untitled story)")) }
                    }
                }
                p.legend {
                    span.ent.PER { "person" } " " span.ent.LOC { "place" } " " span.ent.ORG { "organisation" } " "
                    span.q.direct { "direct quote" } " " span.q.indirect { "reported speech" }
                    " · hover a name for its normal form"
                }
                div.body { (body_markup(&view)) }
                @if !r.quotes.is_empty() {
                    h2 { "Who said what" }
                    @for q in &r.quotes {
                        blockquote.quote {
                            p { span class={"badge " (q.kind.as_str())} { (q.kind.as_str()) } " " (q.text) }
                            div.meta {
                                @match &q.speaker {
                                    Some(s) => {
                                        @match s.entity.and_then(|i| view.entity_ids.get(i)) {
                                            Some(id) => { a href=(format!("/speakers/{id}")) { (if s.norm.is_empty() { &s.text } else { &s.norm }) } }
                                            None => { (if s.norm.is_empty() { &s.text } else { &s.norm }) }
                                        }
                                    }
                                    None => { "unattributed" }
                                }
                                @if let Some(c) = &q.cue { " · «" (c.text) "»" }
                            }
                        }
                    }
                }
                @if !r.removed.is_empty() {
                    details.removed {
                        summary { "Removed by extraction (" (r.removed.len()) " blocks)" }
                        ul { @for b in &r.removed { li { span.kind { (b.kind.as_str()) } (b.text) } } }
                    }
                }
                p.meta { "id " code { (r.id) } " · " a href=(format!("/api/articles/{}", segment(&r.id))) { "JSON" } }
            }
        }
    };
    respond(StatusCode::OK, page(&title, "", body))
}

/// Bars of articles per period; days are merged into months when there are too many.
fn timeline_chart(points: &[PeriodCount]) -> Markup {
    let mut bars: Vec<(String, u64)> = points.iter().map(|p| (p.period.clone(), p.count)).collect();
    if bars.len() > 60 {
        let mut months: Vec<(String, u64)> = Vec::new();
        for (d, n) in bars {
            let m = d.get(..7).unwrap_or(&d).to_owned();
            match months.last_mut() {
                Some(last) if last.0 == m => last.1 += n,
                _ => months.push((m, n)),
            }
        }
        bars = months;
    }
    let (w, h, pad) = (720.0_f64, 170.0_f64, 24.0_f64);
    let max = bars.iter().map(|b| b.1).max().unwrap_or(1).max(1) as f64;
    let slot = (w - 2.0 * pad) / bars.len().max(1) as f64;
    // Thin bars for long spans, never wider than 36 units for short ones.
    let bw = (slot * 0.8).clamp(1.0, 36.0);
    html! {
        svg.chart viewBox=(format!("0 0 {w} {h}")) role="img" aria-label="Articles mentioning this entity over time" {
            @for (i, (period, n)) in bars.iter().enumerate() {
                @let bh = (h - 2.0 * pad) * (*n as f64) / max;
                rect.bar x=(format!("{:.1}", pad + i as f64 * slot)) y=(format!("{:.1}", h - pad - bh))
                    width=(format!("{bw:.1}")) height=(format!("{bh:.1}")) {
                    title { (period) ": " (n) }
                }
            }
            text x=(pad) y=(h - 6.0) { (bars.first().map_or("", |b| b.0.as_str())) }
            text x=(w - pad) y=(h - 6.0) text-anchor="end" { (bars.last().map_or("", |b| b.0.as_str())) }
            text x=(pad) y="14" { "max " (max as u64) " articles / " (if bars.first().is_some_and(|b| b.0.len() == 7) { "month" } else { "day" }) }
        }
    }
}

/// `GET /entities/{id}`.
pub async fn entity(State(store): State<Shared>, Path(id): Path<String>) -> Response {
    let e: EntityView = match entity_view(&store, &id).await {
        Ok(e) => e,
        Err(f) => return error_page(f),
    };
    let body = html! {
        h1 { span class={"badge " (e.kind)} { (e.kind) } " " (e.norm) }
        p.stats { (e.documents) (if e.documents == 1 { " article · " } else { " articles · " }) (e.mentions) (if e.mentions == 1 { " mention · " } else { " mentions · " })
            a href=(url("/", &[("entity", &e.id.to_string())])) { "search its articles" }
            @if !e.quotes_by.is_empty() { " · " a href=(format!("/speakers/{}", e.id)) { "every quote in time order" } }
        }
        @if e.timeline.is_empty() { p.empty { "No dated articles." } } @else { (timeline_chart(&e.timeline)) }
        div.grid2 {
            section {
                h2 { "Quotes by " (e.norm) }
                @if e.quotes_by.is_empty() { p.empty { "None." } }
                @for q in &e.quotes_by { (quote_item(q, false)) }
                h2 { "Quotes about " (e.norm) }
                @if e.quotes_about.is_empty() { p.empty { "None." } }
                @for q in &e.quotes_about { (quote_item(q, true)) }
            }
            section {
                h2 { "Appears with" }
                @if e.cooccurring.is_empty() { p.empty { "Nobody else." } }
                ul id="cooccurring" {
                    @for c in &e.cooccurring {
                        li { span class={"badge " (c.kind)} { (c.kind) } " " a href=(format!("/entities/{}", c.id)) { (c.norm) } " " span.meta { (c.count) } }
                    }
                }
                h2 { "Articles" }
                ul { @for a in &e.articles {
                    li { a href=(format!("/articles/{}", segment(&a.id))) { (a.title.as_deref().unwrap_or("(no title)")) }
                         " " span.meta { (a.outlet.as_deref().unwrap_or("")) " · " (date(&a.published)) } }
                } }
            }
        }
    };
    respond(StatusCode::OK, page(&e.norm, "", body))
}

async fn entity_view(store: &Shared, raw: &str) -> Result<EntityView, Failure> {
    let id = params::id(raw)?;
    blocking(store, move |s| s.entity(id))
        .await?
        .ok_or_else(|| Failure::not_found(format!("no entity {id}")))
}

/// `GET /speakers/{id}`: every quote of one speaker, oldest first.
pub async fn speaker(State(store): State<Shared>, Path(id): Path<String>) -> Response {
    let e = match entity_view(&store, &id).await {
        Ok(e) => e,
        Err(f) => return error_page(f),
    };
    let query = QuoteQuery {
        speaker: Some(EntityRef::Id(e.id)),
        chronological: true,
        limit: 1000,
    };
    let quotes = match blocking(&store, move |s| s.quotes(&query)).await {
        Ok(q) => q,
        Err(f) => return error_page(f),
    };
    let body = html! {
        h1 { "Quotes of " a href=(format!("/entities/{}", e.id)) { (e.norm) } }
        p.stats { (quotes.len()) " quotes, oldest first" }
        @if quotes.is_empty() { p.empty { "No quotes attributed." } }
        @for q in &quotes { (quote_item(q, false)) }
    };
    respond(
        StatusCode::OK,
        page(&format!("Quotes of {}", e.norm), "", body),
    )
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn story_dates(s: &StorySummary) -> String {
    match (&s.first, &s.last) {
        (Some(f), Some(l)) if f == l => f.clone(),
        (Some(f), Some(l)) => format!("{f} – {l}"),
        _ => "undated".to_owned(),
    }
}

/// `GET /stories`: stories told by two or more articles, largest first.
pub async fn stories(State(store): State<Shared>, Query(p): Query<Params>) -> Response {
    let q = match params::stories(&p) {
        Ok(q) => q,
        Err(f) => return error_page(f),
    };
    let query = q.clone();
    let list = match blocking(&store, move |s| s.stories(&query)).await {
        Ok(l) => l,
        Err(f) => return error_page(f),
    };
    let page_no = q.offset / 20 + 1;
    let min = q.min_articles.max(2).to_string();
    let body = html! {
        h1 { "Stories" }
        p.stats id="total" { strong { (list.total) } " stories told by " (min) " or more articles, largest first" }
        @if list.stories.is_empty() { p.empty { "No story has been told twice yet." } }
        @for st in &list.stories {
            div.hit.story {
                h2 { a.story-link href=(format!("/stories/{}", st.id)) { (st.title.as_deref().unwrap_or("(untitled story)")) } }
                div.meta { (plural(st.articles, "article", "articles")) " · " (plural(st.outlets, "outlet", "outlets")) " · " (story_dates(st)) }
            }
        }
        div.pager {
            @if page_no > 1 { a rel="prev" href=(url("/stories", &[("min", &min), ("page", &(page_no - 1).to_string())])) { "← Larger" } } @else { span {} }
            @if (q.offset + list.stories.len()) < list.total as usize && q.offset + 20 <= newsmill_store::MAX_OFFSET {
                a rel="next" href=(url("/stories", &[("min", &min), ("page", &(page_no + 1).to_string())])) { "More →" }
            }
        }
    };
    respond(StatusCode::OK, page("Stories", "", body))
}

/// Outlets on a time axis: one row per outlet in order of first appearance, one dot per
/// article; the origin ringed.
fn story_chart(v: &StoryView) -> Markup {
    let dated: Vec<(&StoryMember, i64)> = v
        .members
        .iter()
        .filter_map(|m| {
            m.article
                .published
                .as_deref()
                .and_then(newsmill_stories::parse_time)
                .map(|t| (m, t))
        })
        .collect();
    if dated.is_empty() {
        return html! { p.empty { "No dated articles." } };
    }
    let mut outlets: Vec<&str> = Vec::new();
    for (m, _) in &dated {
        let o = m.article.outlet.as_deref().unwrap_or("unknown outlet");
        if !outlets.contains(&o) {
            outlets.push(o);
        }
    }
    let outlets: Vec<&str> = outlets.into_iter().take(30).collect();
    let (t0, t1) = (
        dated.iter().map(|d| d.1).min().unwrap_or(0),
        dated.iter().map(|d| d.1).max().unwrap_or(0),
    );
    let (w, row, left, pad) = (720.0_f64, 22.0_f64, 170.0_f64, 16.0_f64);
    let h = row * outlets.len() as f64 + 2.0 * pad + 14.0;
    let span = (t1 - t0).max(1) as f64;
    let x = |t: i64| left + (w - left - pad) * ((t - t0) as f64 / span);
    let label = |t: i64| {
        chrono::DateTime::from_timestamp(t, 0)
            .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    html! {
        svg.chart.story-chart viewBox=(format!("0 0 {w} {h}")) role="img" aria-label="Outlets that carried the story over time" {
            @for (i, o) in outlets.iter().enumerate() {
                @let y = pad + row * (i as f64 + 0.5);
                text x="4" y=(format!("{:.1}", y + 4.0)) { (o.chars().take(24).collect::<String>()) }
                line.lane x1=(left) x2=(w - pad) y1=(format!("{y:.1}")) y2=(format!("{y:.1}")) {}
            }
            @for (m, t) in &dated {
                @let o = m.article.outlet.as_deref().unwrap_or("unknown outlet");
                @if let Some(i) = outlets.iter().position(|x| *x == o) {
                    @let y = pad + row * (i as f64 + 0.5);
                    @let origin = v.origin.as_deref() == Some(m.article.id.as_str());
                    circle class={"dot " (kind_class(m)) @if origin { " origin" }} cx=(format!("{:.1}", x(*t))) cy=(format!("{y:.1}")) r="6" {
                        title { (o) " · " (label(*t)) " · " (member_kind(m)) }
                    }
                }
            }
            text x=(left) y=(h - 4.0) { (label(t0)) }
            text x=(w - pad) y=(h - 4.0) text-anchor="end" { (label(t1)) }
        }
    }
}

fn kind_class(m: &StoryMember) -> &'static str {
    if m.copied_from.is_some() && m.verbatim {
        "verbatim"
    } else if m.copied_from.is_some() {
        "edited"
    } else {
        "own"
    }
}

fn member_kind(m: &StoryMember) -> &'static str {
    match kind_class(m) {
        "verbatim" => "verbatim copy",
        "edited" => "edited copy",
        _ => "own report",
    }
}

/// `GET /stories/{id}`: the outlets on a timeline, the first publisher, each copy with what it
/// changed, and the story's entities and quotes.
pub async fn story(State(store): State<Shared>, Path(id): Path<String>) -> Response {
    let id = match params::id(&id) {
        Ok(id) => id,
        Err(f) => return error_page(f),
    };
    let v = match blocking(&store, move |s| s.story(id)).await {
        Ok(Some(v)) => v,
        Ok(None) => return error_page(Failure::not_found(format!("no story {id}"))),
        Err(f) => return error_page(f),
    };
    let title = v
        .summary
        .title
        .clone()
        .unwrap_or_else(|| "(untitled story)".into());
    let by_id = |id: &str| v.members.iter().find(|m| m.article.id == id);
    let body = html! {
        h1 { (title) }
        p.stats {
            (plural(v.summary.articles, "article", "articles")) " · " (plural(v.summary.outlets, "outlet", "outlets")) " · " (story_dates(&v.summary))
            " · " a href=(url("/", &[("story", &v.summary.id.to_string())])) { "search within it" }
            " · " a href=(format!("/api/stories/{}", v.summary.id)) { "JSON" }
        }
        @if let Some(o) = v.origin.as_deref().and_then(by_id) {
            p.origin id="origin" { "First published by " strong { (o.article.outlet.as_deref().unwrap_or("an unknown outlet")) } " on " (date(&o.article.published)) ": "
                a href=(format!("/articles/{}", segment(&o.article.id))) { (o.article.title.as_deref().unwrap_or("(no title)")) } }
        }
        (story_chart(&v))
        p.legend { span.dot-key.own { "own report" } " " span.dot-key.edited { "edited copy" } " " span.dot-key.verbatim { "verbatim copy" } " · the ringed dot is the origin" }
        h2 { "Articles in time order" }
        table.members id="members" {
            thead { tr { th { "Published" } th { "Outlet" } th { "Article" } th { "Kind" } th { "Why here" } } }
            tbody {
                @for m in &v.members {
                    tr class=(kind_class(m)) {
                        td { (date(&m.article.published)) }
                        td { (m.article.outlet.as_deref().unwrap_or("unknown")) }
                        td {
                            a href=(format!("/articles/{}", segment(&m.article.id))) { (m.article.title.as_deref().unwrap_or("(no title)")) }
                            @if let Some(d) = &m.diff {
                                details.diff {
                                    summary {
                                        "What it changed: "
                                        @if d.title_changed { "new title, " }
                                        (d.kept) " paragraphs kept, " (d.edited.len()) " edited, " (d.cut.len()) " cut, " (d.added.len()) " added"
                                    }
                                    @for (before, after) in &d.edited { div.edited { del { (before) } ins { (after) } } }
                                    @for c in &d.cut { div.cut { del { (c) } } }
                                    @for a in &d.added { div.added { ins { (a) } } }
                                }
                            }
                        }
                        td {
                            span class={"badge " (kind_class(m))} { (member_kind(m)) }
                            @if let Some(from) = m.copied_from.as_deref().and_then(by_id) {
                                div.meta { "from " a href=(format!("/articles/{}", segment(&from.article.id))) { (from.article.outlet.as_deref().unwrap_or("an earlier article")) }
                                    @if let Some(sh) = m.shared { " · " (format!("{:.0}%", sh * 100.0)) " shared" } }
                            }
                        }
                        td.meta { (m.reason) @if let Some(e) = &m.evidence { br; (e) } }
                    }
                }
            }
        }
        @if (v.members.len() as u64) < v.summary.articles { p.meta { "Showing the first " (v.members.len()) " articles." } }
        div.grid2 {
            section {
                h2 { "Quotes" }
                @if v.quotes.is_empty() { p.empty { "None." } }
                @for q in &v.quotes { (quote_item(q, true)) }
            }
            section {
                h2 { "Entities" }
                ul { @for e in &v.entities {
                    li { span class={"badge " (e.kind)} { (e.kind) } " " a href=(format!("/entities/{}", e.id)) { (e.norm) } " " span.meta { (e.count) } }
                } }
            }
        }
    };
    respond(StatusCode::OK, page(&title, "", body))
}
