//! What the entity, speaker and story pages read, and story lists: the SQLite store's queries
//! in PostgreSQL's dialect, returning the same types.
use std::collections::HashSet;

use newsmill_store::{
    story_members, ArticleRef, EntityRef, EntityView, MemberRow, PeriodCount, QuoteQuery, QuoteRow,
    Result, StoreError, StoryList, StoryQuery, StorySummary, StoryView,
};
use newsmill_stories::Profile;
use postgres::types::ToSql;
use postgres::{Client, Row};

use crate::search::entity_counts;
use crate::server;

/// Members shown on a story page.
const VIEW_MEMBERS: i64 = 200;

/// The columns [`quote_row`] reads, over `quotes q`, `articles a` and `outlets o`.
const QUOTE_COLUMNS: &str = "a.id, (SELECT title FROM records WHERE seq = a.seq), a.published,
    o.name, q.kind, q.text, q.speaker_text, q.speaker_norm, q.speaker_entity, q.cue_lemma";

fn quote_row(r: &Row) -> QuoteRow {
    QuoteRow {
        article: r.get(0),
        title: r.get(1),
        published: r.get(2),
        outlet: r.get(3),
        kind: r.get(4),
        text: r.get(5),
        speaker_text: r.get(6),
        speaker_norm: r.get(7),
        speaker_entity: r.get(8),
        cue: r.get(9),
    }
}

fn quotes_where(c: &mut Client, sql: &str, param: &(dyn ToSql + Sync)) -> Result<Vec<QuoteRow>> {
    Ok(c.query(sql, &[param])
        .map_err(server)?
        .iter()
        .map(quote_row)
        .collect())
}

/// One entity with its timeline, neighbours, quotes and articles.
pub(crate) fn entity(c: &mut Client, id: i64) -> Result<Option<EntityView>> {
    let Some(head) = c
        .query_opt(
            "SELECT type, norm, documents, mentions FROM entities WHERE id = $1",
            &[&id],
        )
        .map_err(server)?
    else {
        return Ok(None);
    };
    let timeline = c
        .query(
            "SELECT substr(a.published, 1, 10) AS d, count(DISTINCT a.seq)
             FROM mentions m JOIN articles a ON a.seq = m.article
             WHERE m.entity = $1 AND a.published IS NOT NULL GROUP BY d ORDER BY d",
            &[&id],
        )
        .map_err(server)?
        .into_iter()
        .map(|r| PeriodCount {
            period: r.get(0),
            count: r.get::<_, i64>(1) as u64,
        })
        .collect();
    // Neighbours over the entity's latest 2,000 articles: bounded work for the most mentioned.
    let cooccurring = entity_counts(
        c,
        "WITH docs AS (SELECT DISTINCT article FROM mentions WHERE entity = $1
                       ORDER BY article DESC LIMIT 2000)
         SELECT e.id, e.type, e.norm, count(DISTINCT m.article) AS n
         FROM docs JOIN mentions m ON m.article = docs.article AND m.entity <> $1
         JOIN entities e ON e.id = m.entity
         GROUP BY e.id ORDER BY n DESC, e.documents DESC, e.id LIMIT 20",
        &id,
    )?;
    let quotes_by = quotes_where(
        c,
        &format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.seq = q.article
             LEFT JOIN outlets o ON o.id = a.outlet WHERE q.speaker_entity = $1
             ORDER BY a.published DESC NULLS LAST, a.seq, q.start, q.id LIMIT 100"
        ),
        &id,
    )?;
    // Quotes that mention it, each distinct row once (a headline quote repeated in the body
    // is one row), as the SQLite store's SELECT DISTINCT gives them.
    let mut seen = HashSet::new();
    let quotes_about = quotes_where(
        c,
        &format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.seq = q.article
             LEFT JOIN outlets o ON o.id = a.outlet
             WHERE q.id IN (SELECT q2.id FROM mentions m JOIN quotes q2 ON q2.article = m.article
                            AND q2.start <= m.start AND m.\"end\" <= q2.\"end\"
                            WHERE m.entity = $1 AND q2.speaker_entity IS DISTINCT FROM $1)
             ORDER BY a.published DESC NULLS LAST, a.seq, q.start, q.id LIMIT 1000"
        ),
        &id,
    )?
    .into_iter()
    .filter(|q| seen.insert(serde_json::to_string(q).unwrap_or_default()))
    .take(100)
    .collect();
    let articles = c
        .query(
            "SELECT a.id, (SELECT title FROM records WHERE seq = a.seq), a.published, o.name
             FROM articles a LEFT JOIN outlets o ON o.id = a.outlet
             WHERE a.seq IN (SELECT article FROM mentions WHERE entity = $1)
             ORDER BY a.published DESC NULLS LAST, a.seq DESC LIMIT 100",
            &[&id],
        )
        .map_err(server)?
        .into_iter()
        .map(|r| ArticleRef {
            id: r.get(0),
            title: r.get(1),
            published: r.get(2),
            outlet: r.get(3),
        })
        .collect();
    Ok(Some(EntityView {
        id,
        kind: head.get(0),
        norm: head.get(1),
        documents: head.get::<_, i64>(2) as u64,
        mentions: head.get::<_, i64>(3) as u64,
        timeline,
        cooccurring,
        quotes_by,
        quotes_about,
        articles,
    }))
}

/// Quotes, newest first unless the query asks for time order.
pub(crate) fn quotes(c: &mut Client, query: &QuoteQuery) -> Result<Vec<QuoteRow>> {
    let limit = match query.limit {
        0 => 100,
        n => n.min(1000),
    };
    // SQLite sorts NULL first: undated quotes come first in time order and last otherwise.
    let (order, nulls) = if query.chronological {
        ("ASC", "NULLS FIRST")
    } else {
        ("DESC", "NULLS LAST")
    };
    let sql = |filter: &str| {
        format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.seq = q.article
             LEFT JOIN outlets o ON o.id = a.outlet {filter}
             ORDER BY a.published {order} {nulls}, a.seq {order}, q.start, q.id LIMIT {limit}"
        )
    };
    match &query.speaker {
        Some(EntityRef::Id(id)) => quotes_where(c, &sql("WHERE q.speaker_entity = $1"), id),
        Some(EntityRef::Norm(n)) => {
            quotes_where(c, &sql("WHERE q.speaker_key = $1"), &n.to_lowercase())
        }
        None => Ok(c
            .query(&sql(""), &[])
            .map_err(server)?
            .iter()
            .map(quote_row)
            .collect()),
    }
}

/// The summary columns of story `s` (id, articles, first, last, title, outlets), in SQL.
const SUMMARY_COLUMNS: &str = "s.id, s.articles,
    to_char(to_timestamp(s.first) AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
    to_char(to_timestamp(s.last) AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
    (SELECT r.title FROM story_members m JOIN records r ON r.seq = m.article
     WHERE m.story = s.id ORDER BY m.time IS NULL, m.time, m.article LIMIT 1),
    (SELECT count(DISTINCT a.outlet) FROM story_members m JOIN articles a ON a.seq = m.article
     WHERE m.story = s.id)";

fn summary(r: &Row) -> StorySummary {
    StorySummary {
        id: r.get(0),
        articles: r.get::<_, i64>(1) as u64,
        first: r.get(2),
        last: r.get(3),
        title: r.get(4),
        outlets: r.get::<_, i64>(5) as u64,
    }
}

/// The story of the article with record id `id`.
pub(crate) fn story_of(c: &mut Client, id: &str) -> Result<Option<StorySummary>> {
    Ok(c.query_opt(
        &format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a
                 JOIN story_members sm ON sm.article = a.seq JOIN stories s ON s.id = sm.story
                 WHERE a.id = $1"
        ),
        &[&id],
    )
    .map_err(server)?
    .as_ref()
    .map(summary))
}

/// Stories, largest first (then latest first).
pub(crate) fn list(c: &mut Client, q: &StoryQuery) -> Result<StoryList> {
    q.validate()?;
    let min = q.min_articles.max(if q.min_articles == 0 { 2 } else { 1 }) as i64;
    let limit = if q.limit == 0 { 20 } else { q.limit } as i64;
    let total: i64 = c
        .query_one("SELECT count(*) FROM stories WHERE articles >= $1", &[&min])
        .map_err(server)?
        .get(0);
    let stories = c
        .query(
            &format!(
                "SELECT {SUMMARY_COLUMNS} FROM stories s WHERE s.articles >= $1
                 ORDER BY s.articles DESC, s.last DESC NULLS LAST, s.id LIMIT $2 OFFSET $3"
            ),
            &[&min, &limit, &(q.offset as i64)],
        )
        .map_err(server)?
        .iter()
        .map(summary)
        .collect();
    Ok(StoryList {
        total: total as u64,
        stories,
    })
}

/// One story with its members, who copied whom, its entities and quotes.
pub(crate) fn view(c: &mut Client, id: i64) -> Result<Option<StoryView>> {
    let Some(head) = c
        .query_opt(
            &format!("SELECT {SUMMARY_COLUMNS} FROM stories s WHERE s.id = $1"),
            &[&id],
        )
        .map_err(server)?
    else {
        return Ok(None);
    };
    let mut rows = Vec::new();
    for r in c
        .query(
            "SELECT m.article, a.id, r.title, a.published, o.name, m.decision, m.score, m.reason,
                    m.time, m.profile, r.json::jsonb -> 'credited_sources'
             FROM story_members m JOIN articles a ON a.seq = m.article
             JOIN records r ON r.seq = m.article LEFT JOIN outlets o ON o.id = a.outlet
             WHERE m.story = $1 ORDER BY m.time IS NULL, m.time, m.article LIMIT $2",
            &[&id, &VIEW_MEMBERS],
        )
        .map_err(server)?
    {
        let seq: i64 = r.get(0);
        let bytes: Vec<u8> = r.get(9);
        let profile = Profile::from_bytes(&bytes).map_err(|e| StoreError::Profile {
            article: seq,
            reason: e.to_string(),
        })?;
        let credited: Option<postgres::types::Json<Vec<String>>> = r.try_get(10).ok().flatten();
        rows.push(MemberRow {
            seq,
            article: ArticleRef {
                id: r.get(1),
                title: r.get(2),
                published: r.get(3),
                outlet: r.get(4),
            },
            decision: r.get(5),
            score: r.get(6),
            reason: r.get(7),
            time: r.get(8),
            signature: profile.signature,
            credited: credited.map(|j| j.0).unwrap_or_default(),
        });
    }
    let text_stmt = c
        .prepare(
            "SELECT coalesce(title, ''), coalesce(json::jsonb ->> 'text', '') FROM records
             WHERE seq = $1",
        )
        .map_err(server)?;
    let (origin, members) = story_members(&rows, |seq| -> Result<(String, String)> {
        let r = c.query_one(&text_stmt, &[&seq]).map_err(server)?;
        Ok((r.get(0), r.get(1)))
    })?;
    let entities = entity_counts(
        c,
        "SELECT e.id, e.type, e.norm, count(DISTINCT m.article) AS n
         FROM mentions m JOIN entities e ON e.id = m.entity
         WHERE m.article IN (SELECT article FROM story_members WHERE story = $1)
         GROUP BY e.id ORDER BY n DESC, e.documents DESC, e.id LIMIT 20",
        &id,
    )?;
    // Copies repeat their source's quotes: each quote once, from its earliest article.
    let mut seen = HashSet::new();
    let quotes = quotes_where(
        c,
        &format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.seq = q.article
             LEFT JOIN outlets o ON o.id = a.outlet
             WHERE q.article IN (SELECT article FROM story_members WHERE story = $1)
             ORDER BY a.published NULLS FIRST, a.seq, q.start, q.id LIMIT 1000"
        ),
        &id,
    )?
    .into_iter()
    .filter(|q| seen.insert(q.dedup_key()))
    .take(100)
    .collect();
    Ok(Some(StoryView {
        summary: summary(&head),
        origin,
        members,
        entities,
        quotes,
    }))
}
