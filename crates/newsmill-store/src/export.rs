//! Flat tables of a store, streamed row by row: what `newsmill export` writes as JSONL, CSV or
//! Parquet for pandas, polars and DuckDB. Column names and types are part of the interface:
//! [`Table::columns`] lists them, and a column is only ever added at the end.
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::{Result, StoreError};

/// A flat table of the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// One row per article: its metadata, title, authors, body and story.
    Articles,
    /// One row per entity of the store (one per type and normal form).
    Entities,
    /// One row per mention, with its article's outlet and date: entities per outlet per month
    /// is a group-by on this table alone.
    Mentions,
    /// One row per quote, with speaker, cue, outlet and date.
    Quotes,
    /// One row per article placed in a story, with the story's size and how the article joined.
    Stories,
}

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// 64-bit signed integer.
    Int,
    /// 64-bit float.
    Float,
    /// UTF-8 text.
    Text,
}

/// A column of an exported table. Every column may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Its name, stable across versions.
    pub name: &'static str,
    /// Its type.
    pub kind: ColumnType,
}

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value.
    Null,
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// Text.
    Text(String),
}

const fn col(name: &'static str, kind: ColumnType) -> Column {
    Column { name, kind }
}

use ColumnType::{Float, Int, Text};

const ARTICLES: &[Column] = &[
    col("id", Text),
    col("url", Text),
    col("outlet", Text),
    col("lang", Text),
    col("published", Text),
    col("title", Text),
    col("authors", Text),
    col("text", Text),
    col("story", Int),
];
const ENTITIES: &[Column] = &[
    col("entity", Int),
    col("type", Text),
    col("norm", Text),
    col("documents", Int),
    col("mentions", Int),
];
const MENTIONS: &[Column] = &[
    col("article", Text),
    col("entity", Int),
    col("type", Text),
    col("norm", Text),
    col("field", Text),
    col("start", Int),
    col("end", Int),
    col("outlet", Text),
    col("published", Text),
];
const QUOTES: &[Column] = &[
    col("article", Text),
    col("kind", Text),
    col("field", Text),
    col("start", Int),
    col("end", Int),
    col("text", Text),
    col("speaker_entity", Int),
    col("speaker_text", Text),
    col("speaker_norm", Text),
    col("cue_lemma", Text),
    col("outlet", Text),
    col("published", Text),
];
const STORIES: &[Column] = &[
    col("story", Int),
    col("story_articles", Int),
    col("article", Text),
    col("outlet", Text),
    col("published", Text),
    col("title", Text),
    col("decision", Text),
    col("score", Float),
    col("matched", Text),
];

impl Table {
    /// Every table, in the order the CLI lists them.
    pub const ALL: [Table; 5] = [
        Table::Articles,
        Table::Entities,
        Table::Mentions,
        Table::Quotes,
        Table::Stories,
    ];

    /// The table's name (`articles`, `entities`, …).
    pub fn name(self) -> &'static str {
        match self {
            Table::Articles => "articles",
            Table::Entities => "entities",
            Table::Mentions => "mentions",
            Table::Quotes => "quotes",
            Table::Stories => "stories",
        }
    }

    /// The table of a name, if there is one.
    pub fn parse(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Its columns, in order.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Table::Articles => ARTICLES,
            Table::Entities => ENTITIES,
            Table::Mentions => MENTIONS,
            Table::Quotes => QUOTES,
            Table::Stories => STORIES,
        }
    }

    /// The SQLite query of its rows, in a stable order (storing order, then position).
    fn sql(self) -> &'static str {
        match self {
            Table::Articles => {
                "SELECT a.id, r.url, o.name, a.lang, a.published, r.title,
                        json_extract(r.json, '$.authors'), json_extract(r.json, '$.text'), sm.story
                 FROM articles a JOIN records r ON r.seq = a.seq
                 LEFT JOIN outlets o ON o.id = a.outlet
                 LEFT JOIN story_members sm ON sm.article = a.seq
                 ORDER BY a.seq"
            }
            Table::Entities => {
                "SELECT id, type, norm, documents, mentions FROM entities ORDER BY id"
            }
            Table::Mentions => {
                "SELECT a.id, m.entity, e.type, e.norm, m.field, m.start, m.\"end\", o.name,
                        a.published
                 FROM mentions m JOIN articles a ON a.seq = m.article
                 JOIN entities e ON e.id = m.entity
                 LEFT JOIN outlets o ON o.id = a.outlet
                 ORDER BY m.article, m.field DESC, m.start, m.entity"
            }
            Table::Quotes => {
                "SELECT a.id, q.kind, q.field, q.start, q.\"end\", q.text, q.speaker_entity,
                        q.speaker_text, q.speaker_norm, q.cue_lemma, o.name, a.published
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
                 ORDER BY sm.story, sm.time, sm.article"
            }
        }
    }
}

/// Authors as stored (a JSON list) written as one text: names joined by `; `, null when none.
fn authors(json: &str) -> Value {
    match serde_json::from_str::<Vec<String>>(json) {
        Ok(names) if !names.is_empty() => Value::Text(names.join("; ")),
        _ => Value::Null,
    }
}

/// Streams the rows of `table` to `row`, one at a time from one cursor: memory stays flat
/// whatever the store's size. Returns the number of rows. An error from `row` stops the export
/// and is returned as it is.
pub(crate) fn rows(
    conn: &Connection,
    table: Table,
    row: &mut dyn FnMut(&[Value]) -> Result<()>,
) -> Result<u64> {
    let columns = table.columns();
    let mut stmt = conn.prepare(table.sql())?;
    let mut cursor = stmt.query([])?;
    let mut values = Vec::with_capacity(columns.len());
    let mut n = 0;
    while let Some(r) = cursor.next()? {
        values.clear();
        for (i, c) in columns.iter().enumerate() {
            let v = match (r.get_ref(i)?, c.kind) {
                (ValueRef::Null, _) => Value::Null,
                (ValueRef::Text(t), Text) if table == Table::Articles && c.name == "authors" => {
                    authors(&String::from_utf8_lossy(t))
                }
                (ValueRef::Integer(v), Int) => Value::Int(v),
                (ValueRef::Integer(v), Float) => Value::Float(v as f64),
                (ValueRef::Real(v), Float) => Value::Float(v),
                (ValueRef::Text(t), Text) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                (other, _) => {
                    return Err(StoreError::BadQuery(format!(
                        "export {}: column {} holds {:?}, not {:?}",
                        table.name(),
                        c.name,
                        other.data_type(),
                        c.kind
                    )))
                }
            };
            values.push(v);
        }
        row(&values)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_round_trip_their_names_and_name_their_columns_once() {
        for t in Table::ALL {
            assert_eq!(Table::parse(t.name()), Some(t));
            let mut names: Vec<&str> = t.columns().iter().map(|c| c.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), t.columns().len(), "{t:?}");
        }
        assert_eq!(Table::parse("nope"), None);
    }

    #[test]
    fn authors_become_one_text() {
        assert_eq!(
            authors(r#"["А. Б.", "В. Г."]"#),
            Value::Text("А. Б.; В. Г.".into())
        );
        assert_eq!(authors("[]"), Value::Null);
        assert_eq!(authors("not json"), Value::Null);
    }
}
