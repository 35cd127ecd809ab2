//! Stories in the SQLite store: each new article is placed by the clusterer inside the batch's
//! transaction; the clusterer is rebuilt from the stored profiles when a store is reopened.
use newsmill_model::Record;
use newsmill_stories::{
    diff, event_time, syndicate, Assignment, Clusterer, Member, PairModel, Profile, Signature,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::sqlite::{entity_count, quote_row, QUOTE_COLUMNS};
use crate::types::*;
use crate::{Indexed, Result, StoreError};

/// Members shown on a story page.
const VIEW_MEMBERS: usize = 200;

/// The clusterer of a store: every placed article put back in the order it was stored, then
/// any article stored without a story (by a version-1 store) placed now.
pub(crate) fn load(conn: &mut Connection) -> Result<Clusterer> {
    let mut clusters = Clusterer::new(PairModel::committed());
    {
        let mut stmt = conn
            .prepare("SELECT article, story, time, profile FROM story_members ORDER BY article")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let profile = profile_at(r, 3, seq)?;
            clusters.restore(seq as u64, profile, r.get(2)?, r.get::<_, i64>(1)? as u64);
        }
    }
    let tx = conn.transaction()?;
    let missing: Vec<(i64, String, i64)> = tx
        .prepare(
            "SELECT a.seq, r.json, CAST(r.ingested AS INTEGER) FROM articles a
             JOIN records r ON r.seq = a.seq
             WHERE a.seq NOT IN (SELECT article FROM story_members) ORDER BY a.seq",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (seq, json, ingested) in missing {
        let record: Record = serde_json::from_str(&json).map_err(|source| StoreError::Record {
            id: seq.to_string(),
            source,
        })?;
        let profile = Profile::of_record(&record);
        let bytes = profile.to_bytes();
        place(&tx, &mut clusters, seq, &record, profile, &bytes, ingested)?;
    }
    tx.commit()?;
    Ok(clusters)
}

/// The story profile in column `i` of a row about article `seq`.
fn profile_at(r: &rusqlite::Row<'_>, i: usize, seq: i64) -> Result<Profile> {
    let bytes: Vec<u8> = r.get(i)?;
    Profile::from_bytes(&bytes).map_err(|e| StoreError::Profile {
        article: seq,
        reason: e.to_string(),
    })
}

/// Places a newly stored article in a story and records where and why.
pub(crate) fn place(
    tx: &Transaction<'_>,
    clusters: &mut Clusterer,
    seq: i64,
    record: &Record,
    profile: Profile,
    profile_bytes: &[u8],
    now: i64,
) -> rusqlite::Result<Assignment> {
    let (time, note) = event_time(record.published.as_deref(), now);
    let a = clusters.insert(seq as u64, profile, time, note);
    let story = a.story as i64;
    if story == seq {
        tx.prepare_cached(
            "INSERT INTO stories (id, articles, first, last) VALUES (?1, 1, ?2, ?2)",
        )?
        .execute(params![story, time])?;
    } else {
        tx.prepare_cached(
            "UPDATE stories SET articles = articles + 1,
                 first = CASE WHEN ?2 IS NULL THEN first WHEN first IS NULL THEN ?2
                              ELSE min(first, ?2) END,
                 last = CASE WHEN ?2 IS NULL THEN last WHEN last IS NULL THEN ?2
                             ELSE max(last, ?2) END
             WHERE id = ?1",
        )?
        .execute(params![story, time])?;
    }
    let (decision, score) = (a.decision.name(), a.decision.score());
    tx.prepare_cached(
        "INSERT INTO story_members (article, story, time, matched, decision, score, reason, profile)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        seq,
        story,
        time,
        a.matched().map(|m| m as i64),
        decision,
        score,
        a.reason(),
        profile_bytes
    ])?;
    Ok(a)
}

/// Places a stored [`Indexed`] document.
pub(crate) fn place_indexed(
    tx: &Transaction<'_>,
    clusters: &mut Clusterer,
    seq: i64,
    doc: &Indexed,
    now: i64,
) -> rusqlite::Result<Assignment> {
    place(
        tx,
        clusters,
        seq,
        &doc.record,
        doc.profile.clone(),
        &doc.profile_bytes,
        now,
    )
}

fn date(t: Option<i64>) -> Option<String> {
    t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// The title of a story: that of its earliest article (undated ones last).
fn story_title(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.title FROM story_members m JOIN records r ON r.seq = m.article
             WHERE m.story = ?1 ORDER BY m.time IS NULL, m.time, m.article LIMIT 1",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?
        .flatten())
}

fn summary(
    conn: &Connection,
    id: i64,
    articles: i64,
    first: Option<i64>,
    last: Option<i64>,
) -> Result<StorySummary> {
    let title = story_title(conn, id)?;
    let outlets: i64 = conn
        .prepare_cached(
            "SELECT count(DISTINCT a.outlet) FROM story_members m
             JOIN articles a ON a.seq = m.article WHERE m.story = ?1",
        )?
        .query_row([id], |r| r.get(0))?;
    Ok(StorySummary {
        id,
        title,
        articles: articles as u64,
        outlets: outlets as u64,
        first: date(first),
        last: date(last),
    })
}

/// The story of the article with record id `id`.
pub(crate) fn of_article(conn: &Connection, id: &str) -> Result<Option<StorySummary>> {
    let head: Option<(i64, i64, Option<i64>, Option<i64>)> = conn
        .prepare_cached(
            "SELECT s.id, s.articles, s.first, s.last FROM articles a
             JOIN story_members m ON m.article = a.seq JOIN stories s ON s.id = m.story
             WHERE a.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    head.map(|(id, n, first, last)| summary(conn, id, n, first, last))
        .transpose()
}

/// Stories, largest first (then latest first).
pub(crate) fn list(conn: &Connection, q: &StoryQuery) -> Result<StoryList> {
    q.validate()?;
    let min = q.min_articles.max(if q.min_articles == 0 { 2 } else { 1 }) as i64;
    let limit = if q.limit == 0 { 20 } else { q.limit };
    let total: i64 = conn
        .prepare_cached("SELECT count(*) FROM stories WHERE articles >= ?1")?
        .query_row([min], |r| r.get(0))?;
    let rows: Vec<(i64, i64, Option<i64>, Option<i64>)> = conn
        .prepare_cached(
            "SELECT id, articles, first, last FROM stories WHERE articles >= ?1
             ORDER BY articles DESC, last DESC, id LIMIT ?2 OFFSET ?3",
        )?
        .query_map(params![min, limit as i64, q.offset as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let stories = rows
        .into_iter()
        .map(|(id, n, first, last)| summary(conn, id, n, first, last))
        .collect::<Result<_>>()?;
    Ok(StoryList {
        total: total as u64,
        stories,
    })
}

/// One member of a story as a backend reads it for the story page.
pub struct MemberRow {
    /// The article's row number.
    pub seq: i64,
    /// The article.
    pub article: ArticleRef,
    /// How it joined.
    pub decision: String,
    /// Shared text or pair probability.
    pub score: Option<f64>,
    /// Why, in words.
    pub reason: String,
    /// Its publication time used for placement, Unix seconds.
    pub time: Option<i64>,
    /// Its text signature, from the stored profile.
    pub signature: Signature,
    /// The agencies it credits.
    pub credited: Vec<String>,
}

/// The origin and members of a story page from its rows in time order: who copied whom, and
/// what each copy changed. `text_of(seq)` reads an article's title and body. Every backend
/// builds its story pages with this.
pub fn story_members<E>(
    rows: &[MemberRow],
    mut text_of: impl FnMut(i64) -> std::result::Result<(String, String), E>,
) -> std::result::Result<(Option<String>, Vec<StoryMember>), E> {
    let members: Vec<Member<'_>> = rows
        .iter()
        .map(|r| Member {
            key: r.seq as u64,
            outlet: r.article.outlet.as_deref(),
            time: r.time,
            credited: &r.credited,
            signature: &r.signature,
        })
        .collect();
    let (origin, copies) = syndicate(&members);
    let id_of = |seq: u64| {
        rows.iter()
            .find(|r| r.seq as u64 == seq)
            .map(|r| r.article.id.clone())
    };
    let mut out = Vec::with_capacity(rows.len());
    for (row, copy) in rows.iter().zip(&copies) {
        let diff = match copy.copied_from {
            Some(from) => {
                let (st, s) = text_of(from as i64)?;
                let (ct, c) = text_of(row.seq)?;
                Some(diff(&st, &s, &ct, &c))
            }
            None => None,
        };
        out.push(StoryMember {
            article: row.article.clone(),
            decision: row.decision.clone(),
            score: row.score,
            reason: row.reason.clone(),
            copied_from: copy.copied_from.and_then(id_of),
            shared: copy.shared,
            verbatim: copy.verbatim,
            evidence: copy.evidence.clone(),
            diff,
        });
    }
    Ok((origin.and_then(id_of), out))
}

/// One story with its members, who copied whom, its entities and quotes.
pub(crate) fn view(conn: &Connection, id: i64) -> Result<Option<StoryView>> {
    let head: Option<(i64, Option<i64>, Option<i64>)> = conn
        .prepare_cached("SELECT articles, first, last FROM stories WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((n, first, last)) = head else {
        return Ok(None);
    };
    let summary = summary(conn, id, n, first, last)?;
    let mut rows = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT m.article, a.id, r.title, a.published, o.name, m.decision, m.score, m.reason,
                    m.time, m.profile, json_extract(r.json, '$.credited_sources')
             FROM story_members m JOIN articles a ON a.seq = m.article
             JOIN records r ON r.seq = m.article LEFT JOIN outlets o ON o.id = a.outlet
             WHERE m.story = ?1 ORDER BY m.time IS NULL, m.time, m.article LIMIT ?2",
        )?;
        let mut q = stmt.query(params![id, VIEW_MEMBERS as i64])?;
        while let Some(r) = q.next()? {
            let seq: i64 = r.get(0)?;
            let profile = profile_at(r, 9, seq)?;
            let credited: Option<String> = r.get(10)?;
            rows.push(MemberRow {
                seq,
                article: ArticleRef {
                    id: r.get(1)?,
                    title: r.get(2)?,
                    published: r.get(3)?,
                    outlet: r.get(4)?,
                },
                decision: r.get(5)?,
                score: r.get(6)?,
                reason: r.get(7)?,
                time: r.get(8)?,
                signature: profile.signature,
                credited: credited
                    .and_then(|c| serde_json::from_str(&c).ok())
                    .unwrap_or_default(),
            });
        }
    }
    let mut text = conn.prepare_cached(
        "SELECT coalesce(title, ''), coalesce(json_extract(json, '$.text'), '') FROM records
         WHERE seq = ?1",
    )?;
    let (origin, out) = story_members(&rows, |seq| {
        text.query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))
    })?;
    let entities = conn
        .prepare_cached(
            "SELECT e.id, e.type, e.norm, count(DISTINCT m.article) AS n
             FROM mentions m JOIN entities e ON e.id = m.entity
             WHERE m.article IN (SELECT article FROM story_members WHERE story = ?1)
             GROUP BY e.id ORDER BY n DESC, e.documents DESC LIMIT 20",
        )?
        .query_map([id], entity_count)?
        .collect::<rusqlite::Result<_>>()?;
    // Copies repeat their source's quotes: each quote once, from its earliest article.
    let mut seen = std::collections::HashSet::new();
    let quotes = conn
        .prepare_cached(&format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.seq = q.article
             LEFT JOIN outlets o ON o.id = a.outlet
             WHERE q.article IN (SELECT article FROM story_members WHERE story = ?1)
             ORDER BY a.published, a.seq, q.start LIMIT 1000"
        ))?
        .query_map([id], quote_row)?
        .filter(|q| q.as_ref().map_or(true, |q| seen.insert(q.dedup_key())))
        .take(100)
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(StoryView {
        summary,
        origin,
        members: out,
        entities,
        quotes,
    }))
}

/// Stories of two or more articles among `best` (a JSON array of article `seq`s), most hits
/// first.
pub(crate) fn facet(conn: &Connection, best: &str) -> Result<Vec<StoryCount>> {
    let counts: Vec<(i64, i64)> = conn
        .prepare_cached(
            "SELECT m.story, count(*) AS n FROM story_members m JOIN stories s ON s.id = m.story
             WHERE m.article IN (SELECT value FROM json_each(?1)) AND s.articles > 1
             GROUP BY m.story ORDER BY n DESC, m.story LIMIT 10",
        )?
        .query_map([best], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    counts
        .into_iter()
        .map(|(id, count)| {
            Ok(StoryCount {
                id,
                title: story_title(conn, id)?,
                count: count as u64,
            })
        })
        .collect()
}
