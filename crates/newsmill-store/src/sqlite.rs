//! The embedded store: one SQLite file in WAL mode.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use newsmill_model::{EntityType, Record};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, ErrorCode, OpenFlags, OptionalExtension};

use crate::query::{lemma_query, snippet};
use crate::types::*;
use crate::{Indexed, Result, Store, StoreError};

/// The schema version this build writes and reads.
const SCHEMA_VERSION: i64 = 1;
/// How long a writer waits for another process's lock before giving up.
const BUSY_SECONDS: u64 = 10;
/// Read connections kept open for reuse (a server's worker threads).
const POOL: usize = 8;
/// How many of the best hits the entity and speaker facets are counted over.
const FACET_DEPTH: usize = 200;

/// The SQLite store. Writes go through one connection (SQLite has one writer at a time);
/// reads take a connection from a small pool, so request handlers read in parallel.
pub struct SqliteStore {
    path: Option<PathBuf>,
    writer: Option<Mutex<Connection>>,
    readers: Mutex<Vec<Connection>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding a connection leaves nothing half-done in SQLite (transactions roll
    // back on drop), so a poisoned lock is still usable.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Turns SQLite's error codes into the causes a user can act on.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        match f.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                return StoreError::Locked(BUSY_SECONDS)
            }
            ErrorCode::DiskFull => return StoreError::DiskFull,
            ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => {
                return StoreError::Corrupt {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                }
            }
            _ => {}
        }
    }
    StoreError::Db(e)
}

impl SqliteStore {
    /// Opens (creating when missing) the store at `path` for reading and writing.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, e))?;
        Self::prepare_writer(&conn).map_err(|e| classify(path, e))?;
        Self::migrate(&conn, path)?;
        Ok(SqliteStore {
            path: Some(path.to_owned()),
            writer: Some(Mutex::new(conn)),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// Opens an existing store read-only: what `serve` uses, so the UI can never change it.
    pub fn open_read_only(path: &Path) -> Result<SqliteStore> {
        if !path.exists() {
            return Err(StoreError::BadQuery(format!(
                "no database at {} (run `newsmill ingest --db {}` first)",
                path.display(),
                path.display()
            )));
        }
        let store = SqliteStore {
            path: Some(path.to_owned()),
            writer: None,
            readers: Mutex::new(Vec::new()),
        };
        let conn = store.open_reader()?;
        Self::check_version(&conn, path)?;
        lock(&store.readers).push(conn);
        Ok(store)
    }

    /// A private store in memory (tests, examples).
    pub fn open_in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory()?;
        Self::migrate(&conn, Path::new(":memory:"))?;
        Ok(SqliteStore {
            path: None,
            writer: Some(Mutex::new(conn)),
            readers: Mutex::new(Vec::new()),
        })
    }

    fn prepare_writer(conn: &Connection) -> rusqlite::Result<()> {
        conn.busy_timeout(Duration::from_secs(BUSY_SECONDS))?;
        // WAL: readers (the server) never wait for the writer. Where the file system cannot
        // do WAL, SQLite keeps its rollback journal and the store still works.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // NORMAL in WAL mode: a committed batch survives a killed process; only power loss can
        // drop the last commits, never corrupt the file.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(())
    }

    fn check_version(conn: &Connection, path: &Path) -> Result<i64> {
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        // Reading the schema is what detects a file that is not a database.
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| classify(path, e))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Version {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(version)
    }

    fn migrate(conn: &Connection, path: &Path) -> Result<()> {
        if Self::check_version(conn, path)? == SCHEMA_VERSION {
            return Ok(());
        }
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 {
            return Err(StoreError::Corrupt {
                path: path.display().to_string(),
                reason: "an SQLite database, but not one newsmill made".into(),
            });
        }
        conn.execute_batch(&format!(
            "BEGIN; {} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;",
            include_str!("schema.sql")
        ))
        .map_err(|e| classify(path, e))?;
        Ok(())
    }

    fn open_reader(&self) -> Result<Connection> {
        let path = self.path.as_deref().expect("file store");
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, e))?;
        conn.busy_timeout(Duration::from_secs(BUSY_SECONDS))?;
        Ok(conn)
    }

    /// Runs `f` on a read connection: a pooled one for a file store, the only one in memory.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let Some(path) = self.path.as_deref() else {
            let writer = self.writer.as_ref().expect("in-memory store has a writer");
            return f(&lock(writer));
        };
        let pooled = lock(&self.readers).pop();
        let conn = match pooled {
            Some(c) => c,
            None => self.open_reader()?,
        };
        let out = f(&conn).map_err(|e| match e {
            StoreError::Db(e) => classify(path, e),
            e => e,
        });
        let mut pool = lock(&self.readers);
        if pool.len() < POOL {
            pool.push(conn);
        }
        out
    }
}

/// Store id of every entity of `record`, inserting new ones and counting this document.
fn upsert_entities(tx: &rusqlite::Transaction<'_>, record: &Record) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO entities (type, norm, key, documents, mentions) VALUES (?1, ?2, ?3, 1, ?4)
         ON CONFLICT (type, norm) DO UPDATE SET documents = documents + 1,
             mentions = mentions + excluded.mentions
         RETURNING id",
    )?;
    let mut ids = Vec::with_capacity(record.entities.len());
    // Two entities of one document can share a normal form (the tagger keeps them apart when
    // it cannot group them); the store merges them, counting the document once.
    let mut seen: HashMap<(EntityType, &str), i64> = HashMap::new();
    for e in &record.entities {
        let norm = entity_norm(e);
        if let Some(&id) = seen.get(&(e.kind, norm)) {
            tx.prepare_cached("UPDATE entities SET mentions = mentions + ?1 WHERE id = ?2")?
                .execute(params![e.mentions.len() as i64, id])?;
            ids.push(id);
            continue;
        }
        let id: i64 = stmt.query_row(
            params![
                e.kind.as_str(),
                norm,
                norm.to_lowercase(),
                e.mentions.len() as i64
            ],
            |r| r.get(0),
        )?;
        seen.insert((e.kind, norm), id);
        ids.push(id);
    }
    Ok(ids)
}

/// An entity's normal form, or its first mention when it has none.
fn entity_norm(e: &newsmill_model::Entity) -> &str {
    if e.norm.trim().is_empty() {
        e.mentions.first().map_or("", |m| m.text.as_str())
    } else {
        &e.norm
    }
}

fn insert_one(tx: &rusqlite::Transaction<'_>, doc: &Indexed, now: &str) -> rusqlite::Result<bool> {
    let r = &doc.record;
    let outlet: Option<i64> = match r.outlet.as_deref().filter(|o| !o.is_empty()) {
        Some(name) => Some(
            tx.prepare_cached(
                "INSERT INTO outlets (name) VALUES (?1)
                 ON CONFLICT (name) DO UPDATE SET name = name RETURNING id",
            )?
            .query_row([name], |row| row.get(0))?,
        ),
        None => None,
    };
    let inserted = tx
        .prepare_cached(
            "INSERT INTO articles (id, url, outlet, lang, title, published, ingested, record)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            r.id,
            r.url,
            outlet,
            r.lang,
            r.title,
            r.published,
            now,
            doc.json
        ])?;
    if inserted == 0 {
        return Ok(false);
    }
    let seq = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![seq, doc.title_keys, doc.body_keys])?;
    let ids = upsert_entities(tx, r)?;
    let mut mention = tx.prepare_cached(
        "INSERT INTO mentions (article, entity, start, \"end\") VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (e, id) in r.entities.iter().zip(&ids) {
        for m in &e.mentions {
            mention.execute(params![seq, id, m.start as i64, m.end as i64])?;
        }
    }
    let mut quote = tx.prepare_cached(
        "INSERT INTO quotes (article, kind, start, \"end\", text, speaker_entity, speaker_text,
             speaker_norm, speaker_key, cue_lemma)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for q in &r.quotes {
        let speaker = q.speaker.as_ref();
        let entity = speaker
            .and_then(|s| s.entity)
            .and_then(|i| ids.get(i).copied());
        let norm = speaker.map(|s| {
            if s.norm.is_empty() {
                s.text.clone()
            } else {
                s.norm.clone()
            }
        });
        quote.execute(params![
            seq,
            q.kind.as_str(),
            q.start as i64,
            q.end as i64,
            q.text,
            entity,
            speaker.map(|s| s.text.as_str()),
            norm,
            norm.as_ref().map(|n| n.to_lowercase()),
            q.cue.as_ref().map(|c| c.lemma.as_str()),
        ])?;
    }
    Ok(true)
}

/// SQL pieces of a search: the FROM/WHERE clause over `a` (articles) and its parameters.
struct Filter {
    from_where: String,
    params: Vec<Value>,
    fts: bool,
}

fn build_filter(q: &SearchQuery) -> Option<(Filter, std::collections::HashSet<String>)> {
    let mut params = Vec::new();
    let mut keys = std::collections::HashSet::new();
    let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let mut sql = match text {
        Some(t) => {
            // Text with no word in it ("***") matches nothing rather than everything.
            let (expr, k) = lemma_query(t)?;
            keys = k;
            params.push(Value::Text(expr));
            String::from("FROM search JOIN articles a ON a.seq = search.rowid WHERE search MATCH ?")
        }
        None => String::from("FROM articles a WHERE 1"),
    };
    if let Some(o) = &q.outlet {
        sql.push_str(" AND a.outlet = (SELECT id FROM outlets WHERE name = ?)");
        params.push(Value::Text(o.clone()));
    }
    if let Some(l) = &q.lang {
        sql.push_str(" AND a.lang = ?");
        params.push(Value::Text(l.clone()));
    }
    if let Some(f) = &q.from {
        sql.push_str(" AND a.published >= ?");
        params.push(Value::Text(f.clone()));
    }
    if let Some(t) = &q.to {
        // Inclusive of the whole day (or month, year): `~` sorts after every date character.
        sql.push_str(" AND a.published <= ?");
        params.push(Value::Text(format!("{t}~")));
    }
    match &q.entity {
        Some(EntityRef::Id(id)) => {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM mentions m WHERE m.article = a.seq AND m.entity = ?)",
            );
            params.push(Value::Integer(*id));
        }
        Some(EntityRef::Norm(n)) => {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM mentions m WHERE m.article = a.seq AND m.entity IN
                   (SELECT id FROM entities WHERE key = ?))",
            );
            params.push(Value::Text(n.to_lowercase()));
        }
        None => {}
    }
    match &q.speaker {
        Some(EntityRef::Id(id)) => {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM quotes q WHERE q.article = a.seq AND q.speaker_entity = ?)",
            );
            params.push(Value::Integer(*id));
        }
        Some(EntityRef::Norm(n)) => {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM quotes q WHERE q.article = a.seq AND q.speaker_key = ?)",
            );
            params.push(Value::Text(n.to_lowercase()));
        }
        None => {}
    }
    Some((
        Filter {
            from_where: sql,
            params,
            fts: text.is_some(),
        },
        keys,
    ))
}

fn facet(conn: &Connection, f: &Filter, expr: &str) -> Result<Vec<FacetCount>> {
    let sql = format!(
        "SELECT {expr} AS v, count(*) AS n {} GROUP BY v HAVING v IS NOT NULL
         ORDER BY n DESC, v LIMIT 20",
        f.from_where
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(f.params.iter()), |r| {
        Ok(FacetCount {
            value: r.get(0)?,
            count: r.get::<_, i64>(1)? as u64,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn entity_count(r: &rusqlite::Row<'_>) -> rusqlite::Result<EntityCount> {
    Ok(EntityCount {
        id: r.get(0)?,
        kind: r.get(1)?,
        norm: r.get(2)?,
        count: r.get::<_, i64>(3)? as u64,
    })
}

const QUOTE_COLUMNS: &str = "a.id, a.title, a.published, o.name, q.kind, q.text, q.speaker_text,
    q.speaker_norm, q.speaker_entity, q.cue_lemma";

fn quote_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        article: r.get(0)?,
        title: r.get(1)?,
        published: r.get(2)?,
        outlet: r.get(3)?,
        kind: r.get(4)?,
        text: r.get(5)?,
        speaker_text: r.get(6)?,
        speaker_norm: r.get(7)?,
        speaker_entity: r.get(8)?,
        cue: r.get(9)?,
    })
}

fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    secs.to_string()
}

impl Store for SqliteStore {
    fn put(&self, docs: &[Indexed]) -> Result<PutSummary> {
        let path = self.path.clone().unwrap_or_else(|| ":memory:".into());
        let writer = self
            .writer
            .as_ref()
            .ok_or_else(|| StoreError::BadQuery("the store was opened read-only".into()))?;
        let mut conn = lock(writer);
        let now = now_utc();
        let run = |conn: &mut Connection| -> rusqlite::Result<PutSummary> {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut summary = PutSummary::default();
            for doc in docs {
                if insert_one(&tx, doc, &now)? {
                    summary.stored += 1;
                } else {
                    summary.existing += 1;
                }
            }
            tx.commit()?;
            Ok(summary)
        };
        run(&mut conn).map_err(|e| classify(&path, e))
    }

    fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        q.validate()?;
        let Some((f, keys)) = build_filter(q) else {
            return Ok(SearchResults {
                total: 0,
                hits: Vec::new(),
                facets: Facets::default(),
            });
        };
        self.read(|conn| {
            let total: i64 = conn
                .prepare_cached(&format!("SELECT count(*) {}", f.from_where))?
                .query_row(params_from_iter(f.params.iter()), |r| r.get(0))?;
            let order = if f.fts {
                "bm25(search, 4.0, 1.0), a.published DESC"
            } else {
                "a.published DESC, a.seq DESC"
            };
            let sql = format!(
                "SELECT a.id, a.title, a.published, (SELECT name FROM outlets WHERE id = a.outlet),
                        a.lang, json_extract(a.record, '$.text'), json_extract(a.record, '$.lead')
                 {} ORDER BY {order} LIMIT {} OFFSET {}",
                f.from_where,
                q.page_size(),
                q.offset
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let hits = stmt
                .query_map(params_from_iter(f.params.iter()), |r| {
                    let text: Option<String> = r.get(5)?;
                    let lead: Option<String> = r.get(6)?;
                    let text = text.filter(|t| !t.is_empty()).or(lead).unwrap_or_default();
                    let s = snippet(&text, &keys);
                    Ok(Hit {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        published: r.get(2)?,
                        outlet: r.get(3)?,
                        lang: r.get(4)?,
                        snippet: s.text,
                        marks: s.marks,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut facets = Facets {
                outlets: facet(conn, &f, "(SELECT name FROM outlets WHERE id = a.outlet)")?,
                langs: facet(conn, &f, "a.lang")?,
                months: facet(conn, &f, "substr(a.published, 1, 7)")?,
                ..Facets::default()
            };
            facets.months.sort_by(|a, b| b.value.cmp(&a.value));
            let top = format!(
                "WITH top AS (SELECT a.seq AS seq {} ORDER BY {order} LIMIT {FACET_DEPTH})",
                f.from_where
            );
            facets.entities = conn
                .prepare_cached(&format!(
                    "{top} SELECT e.id, e.type, e.norm, count(DISTINCT m.article) AS n
                     FROM top JOIN mentions m ON m.article = top.seq
                     JOIN entities e ON e.id = m.entity
                     GROUP BY e.id ORDER BY n DESC, e.documents DESC LIMIT 15"
                ))?
                .query_map(params_from_iter(f.params.iter()), entity_count)?
                .collect::<rusqlite::Result<_>>()?;
            facets.speakers = conn
                .prepare_cached(&format!(
                    "{top} SELECT e.id, e.type, e.norm, count(*) AS n
                     FROM top JOIN quotes q ON q.article = top.seq
                     JOIN entities e ON e.id = q.speaker_entity
                     GROUP BY e.id ORDER BY n DESC LIMIT 10"
                ))?
                .query_map(params_from_iter(f.params.iter()), entity_count)?
                .collect::<rusqlite::Result<_>>()?;
            facets.entities_over = FACET_DEPTH.min(total as usize);
            Ok(SearchResults {
                total: total as u64,
                hits,
                facets,
            })
        })
    }

    fn stats(&self) -> Result<Stats> {
        self.read(|conn| {
            let count = |sql: &str| -> Result<u64> {
                Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
            };
            Ok(Stats {
                documents: count("SELECT count(*) FROM articles")?,
                entities: count("SELECT count(*) FROM entities")?,
                mentions: count("SELECT count(*) FROM mentions")?,
                quotes: count("SELECT count(*) FROM quotes")?,
                speakers: count(
                    "SELECT count(DISTINCT speaker_entity) FROM quotes
                     WHERE speaker_entity IS NOT NULL",
                )?,
                outlets: count("SELECT count(*) FROM outlets")?,
            })
        })
    }

    fn article(&self, id: &str) -> Result<Option<ArticleView>> {
        self.read(|conn| {
            let json: Option<String> = conn
                .prepare_cached("SELECT record FROM articles WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            let Some(json) = json else { return Ok(None) };
            let record: Record =
                serde_json::from_str(&json).map_err(|source| StoreError::Record {
                    id: id.to_owned(),
                    source,
                })?;
            let mut stmt =
                conn.prepare_cached("SELECT id FROM entities WHERE type = ?1 AND norm = ?2")?;
            let entity_ids = record
                .entities
                .iter()
                .map(|e| {
                    stmt.query_row(params![e.kind.as_str(), entity_norm(e)], |r| r.get(0))
                        .optional()
                        .map(|id| id.unwrap_or(-1))
                })
                .collect::<rusqlite::Result<_>>()?;
            Ok(Some(ArticleView { record, entity_ids }))
        })
    }

    fn entity(&self, id: i64) -> Result<Option<EntityView>> {
        self.read(|conn| {
            let head = conn
                .prepare_cached("SELECT type, norm, documents, mentions FROM entities WHERE id = ?1")?
                .query_row([id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                })
                .optional()?;
            let Some((kind, norm, documents, mentions)) = head else {
                return Ok(None);
            };
            let timeline = conn
                .prepare_cached(
                    "SELECT substr(a.published, 1, 10) AS d, count(DISTINCT a.seq)
                     FROM mentions m JOIN articles a ON a.seq = m.article
                     WHERE m.entity = ?1 AND a.published IS NOT NULL
                     GROUP BY d ORDER BY d",
                )?
                .query_map([id], |r| {
                    Ok(PeriodCount {
                        period: r.get(0)?,
                        count: r.get::<_, i64>(1)? as u64,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            // Neighbours over the entity's latest 2,000 articles: bounded work for the most
            // mentioned names.
            let cooccurring = conn
                .prepare_cached(
                    "WITH docs AS (SELECT DISTINCT article FROM mentions WHERE entity = ?1
                                   ORDER BY article DESC LIMIT 2000)
                     SELECT e.id, e.type, e.norm, count(DISTINCT m.article) AS n
                     FROM docs JOIN mentions m ON m.article = docs.article AND m.entity <> ?1
                     JOIN entities e ON e.id = m.entity
                     GROUP BY e.id ORDER BY n DESC, e.documents DESC LIMIT 20",
                )?
                .query_map([id], entity_count)?
                .collect::<rusqlite::Result<_>>()?;
            let quotes_by = conn
                .prepare_cached(&format!(
                    "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.seq = q.article
                     LEFT JOIN outlets o ON o.id = a.outlet
                     WHERE q.speaker_entity = ?1
                     ORDER BY a.published DESC, a.seq, q.start LIMIT 100"
                ))?
                .query_map([id], quote_row)?
                .collect::<rusqlite::Result<_>>()?;
            let quotes_about = conn
                .prepare_cached(&format!(
                    "SELECT DISTINCT {QUOTE_COLUMNS} FROM mentions m
                     JOIN quotes q ON q.article = m.article AND q.start <= m.start AND m.\"end\" <= q.\"end\"
                     JOIN articles a ON a.seq = q.article
                     LEFT JOIN outlets o ON o.id = a.outlet
                     WHERE m.entity = ?1 AND q.speaker_entity IS NOT ?1
                     ORDER BY a.published DESC, a.seq, q.start LIMIT 100"
                ))?
                .query_map([id], quote_row)?
                .collect::<rusqlite::Result<_>>()?;
            let articles = conn
                .prepare_cached(
                    "SELECT a.id, a.title, a.published, o.name FROM articles a
                     LEFT JOIN outlets o ON o.id = a.outlet
                     WHERE a.seq IN (SELECT article FROM mentions WHERE entity = ?1)
                     ORDER BY a.published DESC, a.seq DESC LIMIT 100",
                )?
                .query_map([id], |r| {
                    Ok(ArticleRef {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        published: r.get(2)?,
                        outlet: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(Some(EntityView {
                id,
                kind,
                norm,
                documents: documents as u64,
                mentions: mentions as u64,
                timeline,
                cooccurring,
                quotes_by,
                quotes_about,
                articles,
            }))
        })
    }

    fn quotes(&self, query: &QuoteQuery) -> Result<Vec<QuoteRow>> {
        let limit = match query.limit {
            0 => 100,
            n => n.min(1000),
        };
        let order = if query.chronological { "ASC" } else { "DESC" };
        let (filter, param) = match &query.speaker {
            Some(EntityRef::Id(id)) => ("WHERE q.speaker_entity = ?1", Value::Integer(*id)),
            Some(EntityRef::Norm(n)) => ("WHERE q.speaker_key = ?1", Value::Text(n.to_lowercase())),
            None => ("WHERE ?1 IS NULL", Value::Null),
        };
        self.read(|conn| {
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.seq = q.article
                     LEFT JOIN outlets o ON o.id = a.outlet {filter}
                     ORDER BY a.published {order}, a.seq {order}, q.start LIMIT {limit}"
                ))?
                .query_map([param], quote_row)?
                .collect::<rusqlite::Result<_>>()?)
        })
    }
}
