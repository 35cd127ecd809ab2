//! What goes in and out of a [`Store`](crate::Store): queries and the views answered.
use newsmill_model::Record;
use serde::Serialize;

use crate::{Result, StoreError};

/// The most hits one search page returns.
pub const MAX_LIMIT: usize = 100;
/// How deep paging goes: beyond this, refine the query.
pub const MAX_OFFSET: usize = 10_000;
/// The longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// Counts of one [`Store::put`](crate::Store::put).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PutSummary {
    /// Records newly stored.
    pub stored: usize,
    /// Records whose id was already stored.
    pub existing: usize,
}

/// A document that could not become a record, kept so that `stats` can count it and an
/// operator can find it: a queue worker acknowledges bad input instead of seeing it again, so
/// the store is the only place it is remembered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skip {
    /// What makes two reports of one skip the same (a hash of the message): a redelivered bad
    /// message is counted once.
    pub key: String,
    /// Where the document came from, as a person would look for it (a path and line, a
    /// queue subject and sequence).
    pub source: String,
    /// Why it was skipped.
    pub reason: String,
}

/// An entity filter: a store id, or a normal form (any type, case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityRef {
    /// The store's entity id.
    Id(i64),
    /// A normal form such as `Дмитрий Песков`.
    Norm(String),
}

impl EntityRef {
    /// A number is an id, anything else a normal form.
    pub fn parse(s: &str) -> EntityRef {
        match s.trim().parse() {
            Ok(id) => EntityRef::Id(id),
            Err(_) => EntityRef::Norm(s.trim().to_owned()),
        }
    }
}

/// A search: words (matched by lemma, all required) and filters. Every field is optional; with
/// no words, the newest articles that pass the filters come first.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Free text; FTS syntax in it is treated as plain words.
    pub text: Option<String>,
    /// Outlet name, exact.
    pub outlet: Option<String>,
    /// Earliest publication date, `YYYY-MM-DD` (inclusive).
    pub from: Option<String>,
    /// Latest publication date, `YYYY-MM-DD` (inclusive).
    pub to: Option<String>,
    /// Language code.
    pub lang: Option<String>,
    /// Articles that mention this entity.
    pub entity: Option<EntityRef>,
    /// Articles quoting this speaker (entity id or speaker name).
    pub speaker: Option<EntityRef>,
    /// Articles of this story (story id).
    pub story: Option<i64>,
    /// Hits to skip.
    pub offset: usize,
    /// Hits to return (0 means the default, 20).
    pub limit: usize,
}

impl SearchQuery {
    /// A query for `text` with no filters.
    pub fn text(text: &str) -> SearchQuery {
        SearchQuery {
            text: Some(text.to_owned()),
            ..SearchQuery::default()
        }
    }

    /// Rejects what the store will not run: too long a text, malformed dates, paging too deep.
    pub fn validate(&self) -> Result<()> {
        if let Some(t) = &self.text {
            let n = t.chars().count();
            if n > MAX_QUERY_CHARS {
                return Err(StoreError::BadQuery(format!(
                    "query is {n} characters; at most {MAX_QUERY_CHARS}"
                )));
            }
        }
        for (name, d) in [("from", &self.from), ("to", &self.to)] {
            if let Some(d) = d {
                if !valid_date(d) {
                    return Err(StoreError::BadQuery(format!(
                        "`{name}` must be a date YYYY-MM-DD (or YYYY-MM, YYYY), got {d:?}"
                    )));
                }
            }
        }
        if self.limit > MAX_LIMIT {
            return Err(StoreError::BadQuery(format!(
                "limit {} is above {MAX_LIMIT}",
                self.limit
            )));
        }
        if self.offset > MAX_OFFSET {
            return Err(StoreError::BadQuery(format!(
                "offset {} is above {MAX_OFFSET}",
                self.offset
            )));
        }
        Ok(())
    }

    /// The page size in force.
    pub fn page_size(&self) -> usize {
        if self.limit == 0 {
            20
        } else {
            self.limit
        }
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with digits where digits belong.
fn valid_date(d: &str) -> bool {
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

/// One search hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The record id.
    pub id: String,
    /// The headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The outlet.
    pub outlet: Option<String>,
    /// Language.
    pub lang: Option<String>,
    /// A passage around the first matched word (or the lead).
    pub snippet: String,
    /// Matched words in `snippet`, as code-point ranges `[start, end)`.
    pub marks: Vec<[usize; 2]>,
}

/// A value and how many matching articles have it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FacetCount {
    /// The value (outlet name, language code, speaker name).
    pub value: String,
    /// Matching articles with it.
    pub count: u64,
}

impl FacetCount {
    /// The most frequent values of `counts`, most first (ties by value), at most `n`: how
    /// every backend turns its counts into a facet.
    pub fn top(counts: std::collections::HashMap<String, u64>, n: usize) -> Vec<FacetCount> {
        let mut v: Vec<FacetCount> = counts
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        v.truncate(n);
        v
    }
}

/// An entity in a facet or a neighbour list.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EntityCount {
    /// Store id.
    pub id: i64,
    /// `PER`, `LOC` or `ORG`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Normal form.
    pub norm: String,
    /// Articles counted.
    pub count: u64,
}

/// Facet counts over the matching articles.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    /// By outlet, most first.
    pub outlets: Vec<FacetCount>,
    /// By language.
    pub langs: Vec<FacetCount>,
    /// By publication year-month.
    pub months: Vec<FacetCount>,
    /// Entities most mentioned among the best hits (see `entities_over`).
    pub entities: Vec<EntityCount>,
    /// Speakers most quoted among the best hits.
    pub speakers: Vec<EntityCount>,
    /// Stories of two or more articles most represented among the best hits.
    pub stories: Vec<StoryCount>,
    /// How many of the best hits the entity and speaker facets were counted over.
    pub entities_over: usize,
}

/// A page of search results.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// All matching articles.
    pub total: u64,
    /// This page of hits.
    pub hits: Vec<Hit>,
    /// Counts for narrowing the search.
    pub facets: Facets,
    /// How many matches were ranked by relevance: the most recently stored ones, at least
    /// 2,000 of them when there are that many (the rest follow, newest first). 0 when there
    /// are no words to rank by (then all hits are newest first).
    pub ranked_over: usize,
}

/// Counts of everything stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Articles.
    pub documents: u64,
    /// Distinct entities (type and normal form) across documents.
    pub entities: u64,
    /// Entity mentions.
    pub mentions: u64,
    /// Quotes.
    pub quotes: u64,
    /// Distinct quoted entities.
    pub speakers: u64,
    /// Outlets.
    pub outlets: u64,
    /// Stories (an article no other joined is a story of one).
    pub stories: u64,
    /// Stories told by two or more articles.
    pub multi_article_stories: u64,
    /// Documents recorded as skipped (bad input a worker acknowledged), each counted once.
    pub skipped: u64,
    /// Records queue workers have processed that wait for earlier queue messages before they
    /// are stored ([`Store::stage`](crate::Store::stage)); 0 outside a queue.
    pub staged: u64,
}

/// A stored article: its record and, for each of its entities, the store-wide entity id.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    /// The record as ingested.
    pub record: Record,
    /// `entity_ids[i]` is the store id of `record.entities[i]`.
    pub entity_ids: Vec<i64>,
    /// The story the article belongs to.
    pub story: Option<StorySummary>,
}

/// Mentions in one period.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PeriodCount {
    /// `YYYY-MM-DD` (or `YYYY-MM` when the span is long).
    pub period: String,
    /// Articles mentioning the entity in the period.
    pub count: u64,
}

/// A quote as listed on entity and speaker pages.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteRow {
    /// The article id.
    pub article: String,
    /// The article's headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The outlet.
    pub outlet: Option<String>,
    /// `direct`, `indirect` or `mixed`.
    pub kind: String,
    /// The quoted text.
    pub text: String,
    /// The speaker as named in the text.
    pub speaker_text: Option<String>,
    /// The speaker's normal form.
    pub speaker_norm: Option<String>,
    /// The speaker's store entity id.
    pub speaker_entity: Option<i64>,
    /// The cue verb's lemma.
    pub cue: Option<String>,
}

impl QuoteRow {
    /// The quote's words, lower-cased, single-spaced: copies of one quote share it, so a
    /// story page lists each quote once.
    pub fn dedup_key(&self) -> String {
        self.text
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// An article in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRef {
    /// The record id.
    pub id: String,
    /// The headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The outlet.
    pub outlet: Option<String>,
}

/// Everything about one entity.
#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    /// Store id.
    pub id: i64,
    /// `PER`, `LOC` or `ORG`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Normal form.
    pub norm: String,
    /// Articles mentioning it.
    pub documents: u64,
    /// Mentions in all.
    pub mentions: u64,
    /// Articles mentioning it per day, oldest first (undated articles are left out).
    pub timeline: Vec<PeriodCount>,
    /// Entities most often in the same articles.
    pub cooccurring: Vec<EntityCount>,
    /// Quotes it said, newest first (at most 100).
    pub quotes_by: Vec<QuoteRow>,
    /// Quotes that mention it, newest first (at most 100).
    pub quotes_about: Vec<QuoteRow>,
    /// Articles mentioning it, newest first (at most 100).
    pub articles: Vec<ArticleRef>,
}

/// A story in a facet.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StoryCount {
    /// Story id.
    pub id: i64,
    /// The title of its first article.
    pub title: Option<String>,
    /// Matching articles in it.
    pub count: u64,
}

/// Which stories to list.
#[derive(Debug, Clone, Default)]
pub struct StoryQuery {
    /// Only stories with at least this many articles (0 means 2: stories told more than once).
    pub min_articles: usize,
    /// Stories to skip.
    pub offset: usize,
    /// Stories to return (0 means 20; at most 100).
    pub limit: usize,
}

impl StoryQuery {
    /// Rejects paging out of range.
    pub fn validate(&self) -> Result<()> {
        if self.limit > MAX_LIMIT || self.offset > MAX_OFFSET {
            return Err(StoreError::BadQuery(format!(
                "limit must be at most {MAX_LIMIT} and offset at most {MAX_OFFSET}"
            )));
        }
        Ok(())
    }
}

/// A story in a list.
#[derive(Debug, Clone, Serialize)]
pub struct StorySummary {
    /// Story id (the row number of its first article).
    pub id: i64,
    /// The title of its earliest article.
    pub title: Option<String>,
    /// Articles in it.
    pub articles: u64,
    /// Distinct outlets that carried it.
    pub outlets: u64,
    /// Earliest publication date among its articles (ISO 8601, UTC).
    pub first: Option<String>,
    /// Latest publication date.
    pub last: Option<String>,
}

/// A page of stories, largest first.
#[derive(Debug, Clone, Serialize)]
pub struct StoryList {
    /// Stories that pass the query.
    pub total: u64,
    /// This page.
    pub stories: Vec<StorySummary>,
}

/// One article of a story.
#[derive(Debug, Clone, Serialize)]
pub struct StoryMember {
    /// The article.
    #[serde(flatten)]
    pub article: ArticleRef,
    /// How it joined: `new_story`, `near_copy`, `same_event` or `too_short`.
    pub decision: String,
    /// Shared text (near copies) or the pair probability (same event).
    pub score: Option<f64>,
    /// Why it is in this story, in words.
    pub reason: String,
    /// The earlier article of the story it was taken from, where the evidence holds.
    pub copied_from: Option<String>,
    /// Estimated share of text in common with `copied_from`.
    pub shared: Option<f32>,
    /// Whether it is a verbatim copy of `copied_from`.
    pub verbatim: bool,
    /// The evidence for `copied_from`.
    pub evidence: Option<String>,
    /// What it changed against `copied_from`.
    pub diff: Option<newsmill_stories::TextDiff>,
}

/// Everything about one story.
#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    /// Id, title, counts, dates.
    #[serde(flatten)]
    pub summary: StorySummary,
    /// The article the story started from: the earliest one whose outlet others credit, else
    /// the earliest dated one.
    pub origin: Option<String>,
    /// Its articles in time order (at most 200; undated last).
    pub members: Vec<StoryMember>,
    /// Entities most mentioned across its articles.
    pub entities: Vec<EntityCount>,
    /// Quotes in its articles (at most 100), in time order, each once (copies repeat them).
    pub quotes: Vec<QuoteRow>,
}

/// Which quotes to list.
#[derive(Debug, Clone, Default)]
pub struct QuoteQuery {
    /// Said by this entity (id) or speaker name (normal form or text, case-insensitive).
    pub speaker: Option<EntityRef>,
    /// Oldest first instead of newest first.
    pub chronological: bool,
    /// At most this many (0: 100; capped at 1,000).
    pub limit: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert!(valid_date("2023-09-20") && valid_date("2023-09") && valid_date("2023"));
        assert!(!valid_date("20-09-2023") && !valid_date("2023-9-1") && !valid_date("x"));
        let q = SearchQuery {
            from: Some("yesterday".into()),
            ..SearchQuery::default()
        };
        assert!(matches!(q.validate(), Err(StoreError::BadQuery(_))));
    }

    #[test]
    fn long_queries_are_refused() {
        assert!(SearchQuery::text(&"а".repeat(10_000)).validate().is_err());
        assert!(SearchQuery::text("Песков").validate().is_ok());
    }
}
