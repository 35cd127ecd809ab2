//! Flat tables streamed from PostgreSQL: the same columns, types and order as the SQLite
//! store's, read through a server-side cursor in pages so memory stays flat.
use newsmill_store::{ColumnType, Result, StoreError, Table, Value};
use postgres::Client;

use crate::server;

/// Rows fetched per page of the cursor.
const PAGE: i64 = 2_000;

/// The query of `table`'s rows: the SQLite store's, column for column.
fn sql(table: Table) -> &'static str {
    match table {
        Table::Articles => {
            "SELECT a.id, r.url, o.name, a.lang, a.published, r.title,
                    (SELECT nullif(string_agg(x, '; '), '')
                     FROM jsonb_array_elements_text(r.json::jsonb -> 'authors') AS x),
                    r.json::jsonb ->> 'text', sm.story
             FROM articles a JOIN records r ON r.seq = a.seq
             LEFT JOIN outlets o ON o.id = a.outlet
             LEFT JOIN story_members sm ON sm.article = a.seq
             ORDER BY a.seq"
        }
        Table::Entities => "SELECT id, type, norm, documents, mentions FROM entities ORDER BY id",
        Table::Mentions => {
            "SELECT a.id, m.entity, e.type, e.norm, m.field, m.start::bigint, m.\"end\"::bigint,
                    o.name, a.published
             FROM mentions m JOIN articles a ON a.seq = m.article
             JOIN entities e ON e.id = m.entity
             LEFT JOIN outlets o ON o.id = a.outlet
             ORDER BY m.article, m.field DESC, m.start, m.entity"
        }
        Table::Quotes => {
            "SELECT a.id, q.kind, q.field, q.start::bigint, q.\"end\"::bigint, q.text,
                    q.speaker_entity, q.speaker_text, q.speaker_norm, q.cue_lemma, o.name,
                    a.published
             FROM quotes q JOIN articles a ON a.seq = q.article
             LEFT JOIN outlets o ON o.id = a.outlet
             ORDER BY q.article, q.id"
        }
        Table::Stories => {
            "SELECT sm.story, s.articles, a.id, o.name, a.published, r.title, sm.decision,
                    sm.score, ma.id
             FROM story_members sm JOIN stories s ON s.id = sm.story
             JOIN articles a ON a.seq = sm.article
             JOIN records r ON r.seq = a.seq
             LEFT JOIN outlets o ON o.id = a.outlet
             LEFT JOIN articles ma ON ma.seq = sm.matched
             ORDER BY sm.story, sm.time NULLS FIRST, sm.article"
        }
    }
}

/// Streams the rows of `table` to `row`; returns how many. An error from `row` stops the
/// export and is returned as it is.
pub(crate) fn rows(
    c: &mut Client,
    table: Table,
    row: &mut dyn FnMut(&[Value]) -> Result<()>,
) -> Result<u64> {
    let columns = table.columns();
    let mut tx = c
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(server)?;
    tx.batch_execute(&format!(
        "DECLARE export NO SCROLL CURSOR FOR {}",
        sql(table)
    ))
    .map_err(server)?;
    let mut values = Vec::with_capacity(columns.len());
    let mut n = 0;
    loop {
        let page = tx
            .query(&format!("FETCH {PAGE} FROM export"), &[])
            .map_err(server)?;
        if page.is_empty() {
            break;
        }
        for r in &page {
            values.clear();
            for (i, col) in columns.iter().enumerate() {
                let v = match col.kind {
                    ColumnType::Int => r
                        .try_get::<_, Option<i64>>(i)
                        .map(|v| v.map_or(Value::Null, Value::Int)),
                    ColumnType::Float => r
                        .try_get::<_, Option<f64>>(i)
                        .map(|v| v.map_or(Value::Null, Value::Float)),
                    ColumnType::Text => r
                        .try_get::<_, Option<String>>(i)
                        .map(|v| v.map_or(Value::Null, Value::Text)),
                }
                .map_err(|e| {
                    StoreError::BadQuery(format!(
                        "export {}: column {}: {e}",
                        table.name(),
                        col.name
                    ))
                })?;
                values.push(v);
            }
            row(&values)?;
            n += 1;
        }
    }
    tx.commit().map_err(server)?;
    Ok(n)
}
