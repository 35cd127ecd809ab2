//! Search on PostgreSQL: the words as a `tsquery` over the articles' lemma-key `tsvector`
//! (GIN-indexed), the filters in the same statement, and the total, facets and order computed
//! from the matching rows as the SQLite store computes them.
use std::collections::{HashMap, HashSet};

use newsmill_store::{
    date_bound, hit_snippet, lemma_groups, EntityCount, EntityRef, FacetCount, Facets, Hit, Result,
    SearchQuery, SearchResults, StoryCount, FACET_DEPTH,
};
use postgres::types::ToSql;
use postgres::Client;

use crate::server;

/// Longest key put in a `tsvector` (PostgreSQL refuses lexemes over 2,047 bytes).
pub(crate) const MAX_KEY_BYTES: usize = 1_000;

/// The lexemes of an index-key string (`Indexed::title_keys` / `body_keys`) for a `tsvector`.
pub(crate) fn lexemes(keys: &str) -> Vec<&str> {
    keys.split(' ')
        .filter(|k| !k.is_empty() && k.len() <= MAX_KEY_BYTES)
        .collect()
}

/// `key` as a quoted `tsquery` lexeme: taken as it is, never as operators.
fn quoted(key: &str) -> String {
    format!("'{}'", key.replace('\\', "\\\\").replace('\'', "''"))
}

/// The `tsquery` text of the query's words and the keys it looks for, or `None` when the text
/// has no words (which matches nothing).
pub(crate) fn tsquery(text: &str) -> Option<(String, HashSet<String>)> {
    let groups = lemma_groups(text)?;
    let keys = groups.iter().flatten().cloned().collect();
    let expr = groups
        .iter()
        .map(|g| {
            let alts: Vec<String> = g
                .iter()
                .filter(|k| k.len() <= MAX_KEY_BYTES)
                .map(|k| quoted(k))
                .collect();
            format!("({})", alts.join(" | "))
        })
        .collect::<Vec<_>>()
        .join(" & ");
    Some((expr, keys))
}

/// One matching article: what ranking, paging and the facets read.
struct Match {
    seq: i64,
    outlet: Option<i64>,
    lang: Option<String>,
    day: i64,
    rank: f32,
}

/// Runs `q` (validated by the caller).
pub(crate) fn search(c: &mut Client, q: &SearchQuery) -> Result<SearchResults> {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Box<dyn ToSql + Sync>> = Vec::new();
    let arg = |params: &mut Vec<Box<dyn ToSql + Sync>>, v: Box<dyn ToSql + Sync>| {
        params.push(v);
        format!("${}", params.len())
    };
    let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let mut keys = HashSet::new();
    let mut rank = "0::real".to_owned();
    if let Some(t) = text {
        let Some((expr, k)) = tsquery(t) else {
            return Ok(empty());
        };
        keys = k;
        let p = arg(&mut params, Box::new(expr));
        conds.push(format!("a.keys @@ {p}::text::tsquery"));
        // Title keys weigh four times body keys, as bm25 weighs them in the SQLite store.
        rank = format!("ts_rank('{{0, 0, 0.25, 1}}', a.keys, {p}::text::tsquery)");
    }
    if let Some(o) = &q.outlet {
        let p = arg(&mut params, Box::new(o.clone()));
        conds.push(format!(
            "a.outlet = (SELECT id FROM outlets WHERE name = {p})"
        ));
    }
    if let Some(l) = &q.lang {
        let p = arg(&mut params, Box::new(l.clone()));
        conds.push(format!("a.lang = {p}"));
    }
    if q.from.is_some() || q.to.is_some() {
        let from = q.from.as_deref().map_or(0, |d| date_bound(d, false)) as i32;
        let to =
            q.to.as_deref()
                .map_or(i32::MAX as i64, |d| date_bound(d, true)) as i32;
        let (pf, pt) = (
            arg(&mut params, Box::new(from)),
            arg(&mut params, Box::new(to)),
        );
        conds.push(format!("a.day > 0 AND a.day BETWEEN {pf} AND {pt}"));
    }
    match &q.entity {
        Some(EntityRef::Id(id)) => {
            let p = arg(&mut params, Box::new(*id));
            conds.push(format!(
                "a.seq IN (SELECT article FROM mentions WHERE entity = {p})"
            ));
        }
        Some(EntityRef::Norm(n)) => {
            let p = arg(&mut params, Box::new(n.to_lowercase()));
            conds.push(format!(
                "a.seq IN (SELECT article FROM mentions WHERE entity IN
                     (SELECT id FROM entities WHERE key = {p}))"
            ));
        }
        None => {}
    }
    match &q.speaker {
        Some(EntityRef::Id(id)) => {
            let p = arg(&mut params, Box::new(*id));
            conds.push(format!(
                "a.seq IN (SELECT article FROM quotes WHERE speaker_entity = {p})"
            ));
        }
        Some(EntityRef::Norm(n)) => {
            let p = arg(&mut params, Box::new(n.to_lowercase()));
            conds.push(format!(
                "a.seq IN (SELECT article FROM quotes WHERE speaker_key = {p})"
            ));
        }
        None => {}
    }
    if let Some(story) = q.story {
        let p = arg(&mut params, Box::new(story));
        conds.push(format!(
            "a.seq IN (SELECT article FROM story_members WHERE story = {p})"
        ));
    }
    let sql = format!(
        "SELECT a.seq, a.outlet, a.lang, coalesce(a.day, 0), {rank} FROM articles a {}",
        if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        }
    );
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
    let mut matches: Vec<Match> = c
        .query(&sql, &refs)
        .map_err(server)?
        .into_iter()
        .map(|r| Match {
            seq: r.get(0),
            outlet: r.get(1),
            lang: r.get(2),
            day: i64::from(r.get::<_, i32>(3)),
            rank: r.get(4),
        })
        .collect();
    let total = matches.len();
    let mut outlets: HashMap<i64, u64> = HashMap::new();
    let mut langs: HashMap<String, u64> = HashMap::new();
    let mut months: HashMap<i64, u64> = HashMap::new();
    for m in &matches {
        if let Some(o) = m.outlet {
            *outlets.entry(o).or_default() += 1;
        }
        if let Some(l) = &m.lang {
            *langs.entry(l.clone()).or_default() += 1;
        }
        if m.day > 0 {
            *months.entry(m.day / 100).or_default() += 1;
        }
    }
    // Best first: by relevance for words, newest first otherwise and among equals.
    matches.sort_unstable_by(|a, b| {
        b.rank
            .total_cmp(&a.rank)
            .then_with(|| b.day.cmp(&a.day))
            .then_with(|| b.seq.cmp(&a.seq))
    });
    let page: Vec<i64> = matches
        .iter()
        .skip(q.offset)
        .take(q.page_size())
        .map(|m| m.seq)
        .collect();
    let best: Vec<i64> = matches.iter().take(FACET_DEPTH).map(|m| m.seq).collect();

    let mut hits: Vec<(usize, Hit)> = c
        .query(
            "SELECT a.seq, a.id, r.title, a.published, o.name, a.lang,
                    r.json::jsonb ->> 'text', r.json::jsonb ->> 'lead'
             FROM articles a JOIN records r ON r.seq = a.seq
             LEFT JOIN outlets o ON o.id = a.outlet WHERE a.seq = ANY($1)",
            &[&page],
        )
        .map_err(server)?
        .into_iter()
        .map(|r| {
            let seq: i64 = r.get(0);
            let s = hit_snippet(r.get(6), r.get(7), &keys);
            let hit = Hit {
                id: r.get(1),
                title: r.get(2),
                published: r.get(3),
                outlet: r.get(4),
                lang: r.get(5),
                snippet: s.text,
                marks: s.marks,
            };
            (
                page.iter().position(|&p| p == seq).unwrap_or(usize::MAX),
                hit,
            )
        })
        .collect();
    hits.sort_by_key(|h| h.0);

    let ids: Vec<i64> = outlets.keys().copied().collect();
    let names: HashMap<i64, String> = c
        .query("SELECT id, name FROM outlets WHERE id = ANY($1)", &[&ids])
        .map_err(server)?
        .into_iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let outlets = outlets
        .into_iter()
        .filter_map(|(id, n)| names.get(&id).map(|name| (name.clone(), n)))
        .collect();
    let months = months
        .into_iter()
        .map(|(m, n)| (format!("{:04}-{:02}", m / 100, m % 100), n))
        .collect();
    let mut months = FacetCount::top(months, 36);
    months.sort_by(|a, b| b.value.cmp(&a.value));
    let entities = entity_counts(
        c,
        "SELECT e.id, e.type, e.norm, count(DISTINCT m.article) AS n
         FROM mentions m JOIN entities e ON e.id = m.entity WHERE m.article = ANY($1)
         GROUP BY e.id ORDER BY n DESC, e.documents DESC, e.id LIMIT 15",
        &best,
    )?;
    let speakers = entity_counts(
        c,
        "SELECT e.id, e.type, e.norm, count(*) AS n
         FROM quotes q JOIN entities e ON e.id = q.speaker_entity WHERE q.article = ANY($1)
         GROUP BY e.id ORDER BY n DESC, e.id LIMIT 10",
        &best,
    )?;
    Ok(SearchResults {
        total: total as u64,
        hits: hits.into_iter().map(|h| h.1).collect(),
        facets: Facets {
            outlets: FacetCount::top(outlets, 20),
            langs: FacetCount::top(langs, 20),
            months,
            entities,
            speakers,
            stories: story_facet(c, &best)?,
            entities_over: best.len(),
        },
        ranked_over: if text.is_some() { total } else { 0 },
    })
}

fn empty() -> SearchResults {
    SearchResults {
        total: 0,
        hits: Vec::new(),
        facets: Facets::default(),
        ranked_over: 0,
    }
}

/// Entity counts from a statement selecting `(id, type, norm, n)` with one parameter.
pub(crate) fn entity_counts(
    c: &mut Client,
    sql: &str,
    param: &(dyn ToSql + Sync),
) -> Result<Vec<EntityCount>> {
    Ok(c.query(sql, &[param])
        .map_err(server)?
        .into_iter()
        .map(|r| EntityCount {
            id: r.get(0),
            kind: r.get(1),
            norm: r.get(2),
            count: r.get::<_, i64>(3) as u64,
        })
        .collect())
}

/// Stories of two or more articles among `best`, most hits first.
fn story_facet(c: &mut Client, best: &[i64]) -> Result<Vec<StoryCount>> {
    Ok(c.query(
        "SELECT m.story, count(*) AS n, (SELECT r.title FROM story_members x
                 JOIN records r ON r.seq = x.article WHERE x.story = m.story
                 ORDER BY x.time IS NULL, x.time, x.article LIMIT 1)
             FROM story_members m JOIN stories s ON s.id = m.story
             WHERE m.article = ANY($1) AND s.articles > 1
             GROUP BY m.story ORDER BY n DESC, m.story LIMIT 10",
        &[&best],
    )
    .map_err(server)?
    .into_iter()
    .map(|r| StoryCount {
        id: r.get(0),
        count: r.get::<_, i64>(1) as u64,
        title: r.get(2),
    })
    .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_words_are_quoted_lexemes_never_operators() {
        assert_eq!(quoted("it's"), "'it''s'");
        assert_eq!(quoted("a\\b"), "'a\\\\b'");
        assert!(tsquery("***").is_none());
        let (expr, keys) = tsquery("мосты & !Поволжья").unwrap();
        assert!(expr.contains(" & ") && !expr.contains("!'"), "{expr}");
        assert!(keys.iter().any(|k| k.contains("мост")), "{keys:?}");
    }

    #[test]
    fn overlong_keys_stay_out_of_the_index() {
        let long = "я".repeat(MAX_KEY_BYTES);
        let keys = format!("мост {long} волга");
        assert_eq!(lexemes(&keys), vec!["мост", "волга"]);
        assert!(lexemes("").is_empty());
    }
}
