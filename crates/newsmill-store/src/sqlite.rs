//! The embedded store: one SQLite file in WAL mode.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError, RwLock};
use std::time::Duration;

use newsmill_model::{EntityType, Record};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, ErrorCode, OpenFlags, OptionalExtension};

use crate::query::{hit_snippet, lemma_query};
use crate::types::*;
use crate::{Indexed, Result, Store, StoreError};

/// The schema version this build writes and reads.
const SCHEMA_VERSION: i64 = 6;
/// How long a writer waits for another process's lock before giving up.
const BUSY_SECONDS: u64 = 10;
/// Read connections kept open for reuse (a server's worker threads).
const POOL: usize = 4;
/// Page cache of each read connection, KiB: with `POOL`, bounds the server's cache memory.
const READ_CACHE_KIB: i64 = 32 * 1024;
/// How many of the best hits the entity and speaker facets are counted over.
pub const FACET_DEPTH: usize = 200;
/// How many of the most recently stored matches are ranked by relevance.
const RANK_DEPTH: usize = 2_000;
/// The most index rows walked to find them when filters drop some.
const RANK_WALK: usize = 10_000;

/// The SQLite store. Writes go through one connection (SQLite has one writer at a time);
/// reads take a connection from a small pool, so request handlers read in parallel.
pub struct SqliteStore {
    path: Option<PathBuf>,
    writer: Option<Mutex<Writer>>,
    readers: Mutex<Vec<Connection>>,
    columns: RwLock<Columns>,
}

/// The write side: the connection and the story clusterer, loaded at the first write and
/// dropped after a failed one (so that it is rebuilt from what was committed).
struct Writer {
    conn: Connection,
    clusters: Option<newsmill_stories::Clusterer>,
}

impl Writer {
    fn new(conn: Connection) -> Writer {
        Writer {
            conn,
            clusters: None,
        }
    }

    /// The clusterer, loaded from the stored profiles (placing any article stored without a
    /// story) the first time it is needed.
    fn clusters(&mut self, path: &Path) -> Result<&mut newsmill_stories::Clusterer> {
        if self.clusters.is_none() {
            let loaded = crate::stories::load(&mut self.conn).map_err(|e| reclassify(path, e))?;
            self.clusters = Some(loaded);
        }
        Ok(self.clusters.as_mut().expect("loaded above"))
    }
}

/// [`classify`] for errors that may already be typed.
fn reclassify(path: &Path, e: StoreError) -> StoreError {
    match e {
        StoreError::Db(e) => classify(path, e),
        e => e,
    }
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
            writer: Some(Mutex::new(Writer::new(conn))),
            readers: Mutex::new(Vec::new()),
            columns: RwLock::default(),
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
            columns: RwLock::default(),
        };
        let conn = store.open_reader()?;
        let version = Self::check_version(&conn, path)?;
        if version == 0 {
            // An empty file or someone else's database: nothing to read, and `serve` must not
            // turn it into a store.
            return Err(StoreError::Corrupt {
                path: path.display().to_string(),
                reason: "no newsmill tables in it".into(),
            });
        }
        if version < SCHEMA_VERSION {
            return Err(StoreError::Outdated {
                path: path.display().to_string(),
                found: version,
                current: SCHEMA_VERSION,
            });
        }
        lock(&store.readers).push(conn);
        Ok(store)
    }

    /// Brings the store at `path` up to this version: new tables, and every stored article
    /// placed in a story. What `open` followed by a first write does; done alone for tools
    /// that then read.
    pub fn upgrade(path: &Path) -> Result<()> {
        let store = SqliteStore::open(path)?;
        let writer = store.writer.as_ref().expect("opened for writing");
        lock(writer).clusters(path)?;
        Ok(())
    }

    /// A private store in memory (tests, examples).
    pub fn open_in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory()?;
        Self::migrate(&conn, Path::new(":memory:"))?;
        Ok(SqliteStore {
            path: None,
            writer: Some(Mutex::new(Writer::new(conn))),
            readers: Mutex::new(Vec::new()),
            columns: RwLock::default(),
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

    /// Creates the schema in an empty file, or brings an older newsmill store up to date
    /// (version 1 lacks stories: the tables are added here; version 2 has story profiles of an
    /// older layout: they are dropped here. Either way the articles already stored are placed
    /// in stories when the clusterer first loads. Versions before 4 lack the `field` of
    /// mentions and quotes: their rows are the body's. Version 4's profiles lack the outlet:
    /// its stories are placed again too).
    fn migrate(conn: &Connection, path: &Path) -> Result<()> {
        let version = Self::check_version(conn, path)?;
        let steps = match version {
            SCHEMA_VERSION => return Ok(()),
            0 => {
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
                concat!(
                    include_str!("schema.sql"),
                    include_str!("schema_v2.sql"),
                    include_str!("schema_v3.sql"),
                    include_str!("schema_v4.sql"),
                    include_str!("schema_v5.sql"),
                    include_str!("schema_v6.sql")
                )
            }
            1 => concat!(
                include_str!("schema_v2.sql"),
                include_str!("schema_v3.sql"),
                include_str!("schema_v4.sql"),
                include_str!("schema_v5.sql"),
                include_str!("schema_v6.sql")
            ),
            2 => concat!(
                include_str!("schema_v3.sql"),
                include_str!("schema_v4.sql"),
                include_str!("schema_v5.sql"),
                include_str!("schema_v6.sql")
            ),
            3 => concat!(
                include_str!("schema_v4.sql"),
                include_str!("schema_v5.sql"),
                include_str!("schema_v6.sql")
            ),
            4 => concat!(include_str!("schema_v5.sql"), include_str!("schema_v6.sql")),
            _ => include_str!("schema_v6.sql"),
        };
        conn.execute_batch(&format!(
            "BEGIN; {steps} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
        ))
        .map_err(|e| classify(path, e))?;
        Ok(())
    }

    /// The path for messages and the write connection; an error on a read-only store.
    fn writer(&self) -> Result<(PathBuf, MutexGuard<'_, Writer>)> {
        let path = self.path.clone().unwrap_or_else(|| ":memory:".into());
        let writer = self
            .writer
            .as_ref()
            .ok_or_else(|| StoreError::BadQuery("the store was opened read-only".into()))?;
        Ok((path, lock(writer)))
    }

    fn open_reader(&self) -> Result<Connection> {
        let path = self.path.as_deref().expect("file store");
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, e))?;
        // The rows a search scans (articles, the index's hot doclists) should stay in SQLite's
        // cache rather than be re-read from the OS on every query.
        conn.busy_timeout(Duration::from_secs(BUSY_SECONDS))
            .and_then(|()| conn.pragma_update(None, "cache_size", -READ_CACHE_KIB))
            .map_err(|e| classify(path, e))?;
        Ok(conn)
    }

    /// Runs `f` on a read connection: a pooled one for a file store, the only one in memory.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let Some(path) = self.path.as_deref() else {
            let writer = self.writer.as_ref().expect("in-memory store has a writer");
            return f(&lock(writer).conn);
        };
        let pooled = lock(&self.readers).pop();
        let conn = match pooled {
            Some(c) => c,
            None => self.open_reader()?,
        };
        let out = f(&conn).map_err(|e| reclassify(path, e));
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

/// The name a quote's speaker is stored and looked up under: its normal form, or its text as
/// written when it has none (`эксперты`).
pub fn speaker_name(q: &newsmill_model::Quote) -> Option<String> {
    q.speaker.as_ref().map(|s| {
        if s.norm.is_empty() {
            s.text.clone()
        } else {
            s.norm.clone()
        }
    })
}

/// An entity's normal form, or its first mention when it has none: the name under which every
/// backend keeps one store entity per type.
pub fn entity_norm(e: &newsmill_model::Entity) -> &str {
    if e.norm.trim().is_empty() {
        e.mentions.first().map_or("", |m| m.text.as_str())
    } else {
        &e.norm
    }
}

/// Stores one document unless its id is stored already; returns its new row number.
fn insert_one(
    tx: &rusqlite::Transaction<'_>,
    doc: &Indexed,
    now: &str,
) -> rusqlite::Result<Option<i64>> {
    let r = &doc.record;
    let known = tx
        .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?
        .exists([&r.id])?;
    if known {
        return Ok(None);
    }
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
            "INSERT INTO articles (id, outlet, lang, published, day) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            r.id,
            outlet,
            r.lang,
            r.published,
            r.published.as_deref().and_then(day_number)
        ])?;
    if inserted == 0 {
        return Ok(None);
    }
    let seq = tx.last_insert_rowid();
    tx.prepare_cached(
        "INSERT INTO records (seq, url, title, ingested, json) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![seq, r.url, r.title, now, doc.json])?;
    let ids = upsert_entities(tx, r)?;
    let mut mention = tx.prepare_cached(
        "INSERT INTO mentions (article, entity, start, \"end\", field)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (e, id) in r.entities.iter().zip(&ids) {
        for m in &e.mentions {
            mention.execute(params![
                seq,
                id,
                m.start as i64,
                m.end as i64,
                m.field.as_str()
            ])?;
        }
    }
    let mut quote = tx.prepare_cached(
        "INSERT INTO quotes (article, kind, start, \"end\", text, speaker_entity, speaker_text,
             speaker_norm, speaker_key, cue_lemma, field)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for q in &r.quotes {
        let speaker = q.speaker.as_ref();
        let entity = speaker
            .and_then(|s| s.entity)
            .and_then(|i| ids.get(i).copied());
        let norm = speaker_name(q);
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
            q.field.as_str(),
        ])?;
    }
    Ok(Some(seq))
}

/// `YYYYMMDD` of an ISO date (`2023-09-20`, `2023-09-20T10:00:00+03:00`), when it starts
/// with one: the column every backend sorts, filters and facets dates by.
pub fn day_number(published: &str) -> Option<i64> {
    let b = published.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| published.get(r)?.parse::<i64>().ok();
    Some(num(0..4)? * 10_000 + num(5..7)? * 100 + num(8..10)?)
}

/// The first (or, for `end`, last) day number a validated `YYYY[-MM[-DD]]` covers.
pub fn date_bound(date: &str, end: bool) -> i64 {
    let num = |r: std::ops::Range<usize>| date.get(r).and_then(|s| s.parse::<i64>().ok());
    let year = num(0..4).unwrap_or(0);
    let month = num(5..7);
    let day = num(8..10);
    match (month, day, end) {
        (Some(m), Some(d), _) => year * 10_000 + m * 100 + d,
        (Some(m), None, false) => year * 10_000 + m * 100,
        (Some(m), None, true) => year * 10_000 + m * 100 + 99,
        (None, _, false) => year * 10_000,
        (None, _, true) => year * 10_000 + 9_999,
    }
}

/// What a search asks of the database: the word expression and the entity and speaker
/// filters, as one SQL statement yielding article row ids (`seq`), or `None` for "every article".
/// Outlet, language and date filters are applied to the [`Columns`] cache instead.
struct Filter {
    sql: Option<String>,
    params: Vec<Value>,
    fts: bool,
}

fn build_filter(q: &SearchQuery) -> Option<(Filter, std::collections::HashSet<String>)> {
    let mut params = Vec::new();
    let mut keys = std::collections::HashSet::new();
    let mut parts: Vec<&str> = Vec::new();
    let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    if let Some(t) = text {
        // Text with no word in it ("***") matches nothing rather than everything.
        let (expr, k) = lemma_query(t)?;
        keys = k;
        params.push(Value::Text(expr));
        parts.push("SELECT rowid FROM search WHERE search MATCH ?");
    }
    match &q.entity {
        Some(EntityRef::Id(id)) => {
            parts.push("SELECT DISTINCT article FROM mentions WHERE entity = ?");
            params.push(Value::Integer(*id));
        }
        Some(EntityRef::Norm(n)) => {
            parts.push(
                "SELECT DISTINCT article FROM mentions WHERE entity IN (SELECT id FROM entities WHERE key = ?)",
            );
            params.push(Value::Text(n.to_lowercase()));
        }
        None => {}
    }
    match &q.speaker {
        Some(EntityRef::Id(id)) => {
            parts.push("SELECT DISTINCT article FROM quotes WHERE speaker_entity = ?");
            params.push(Value::Integer(*id));
        }
        Some(EntityRef::Norm(n)) => {
            parts.push("SELECT DISTINCT article FROM quotes WHERE speaker_key = ?");
            params.push(Value::Text(n.to_lowercase()));
        }
        None => {}
    }
    if let Some(story) = q.story {
        parts.push("SELECT article FROM story_members WHERE story = ?");
        params.push(Value::Integer(story));
    }
    let sql = (!parts.is_empty()).then(|| parts.join(" INTERSECT "));
    Some((
        Filter {
            sql,
            params,
            fts: text.is_some(),
        },
        keys,
    ))
}

/// The columns a search counts and sorts by, for every article, in memory: a search over
/// 100,000 matches reads them from here instead of joining 100,000 rows. Articles are only
/// ever added, with increasing `seq`, so the cache catches up by reading the rows above the
/// highest `seq` it holds.
#[derive(Default)]
pub(crate) struct Columns {
    /// `seq` of the first slot (row ids start at 1).
    base: i64,
    outlet: Vec<i32>,
    lang: Vec<u8>,
    day: Vec<i32>,
    langs: Vec<String>,
}

impl Columns {
    fn max_seq(&self) -> i64 {
        self.base + self.outlet.len() as i64 - 1
    }

    fn catch_up(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        if self.outlet.is_empty() {
            self.base = 1;
        }
        let mut stmt = conn.prepare_cached(
            "SELECT seq, outlet, lang, day FROM articles WHERE seq > ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query([self.max_seq()])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            // Row ids are dense unless a write was rolled back; a gap is a slot that no
            // article fills (outlet -1, day 0 never match a filter's values).
            while self.max_seq() < seq - 1 {
                self.outlet.push(-2);
                self.lang.push(u8::MAX);
                self.day.push(-1);
            }
            self.outlet
                .push(r.get::<_, Option<i64>>(1)?.map_or(-1, |o| o as i32));
            let lang = match r
                .get_ref(2)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?
            {
                None => u8::MAX - 1,
                Some(l) => match self.langs.iter().position(|x| x == l) {
                    Some(i) => i as u8,
                    None if self.langs.len() < 250 => {
                        self.langs.push(l.to_owned());
                        (self.langs.len() - 1) as u8
                    }
                    None => u8::MAX - 1,
                },
            };
            self.lang.push(lang);
            self.day
                .push(r.get::<_, Option<i64>>(3)?.unwrap_or(0) as i32);
        }
        Ok(())
    }

    fn slot(&self, seq: i64) -> Option<usize> {
        let i = seq - self.base;
        (i >= 0 && (i as usize) < self.outlet.len()).then_some(i as usize)
    }
}

/// One matching article as the search pass sees it: enough to rank, page and count facets.
struct Match {
    seq: i64,
    score: f64,
    day: i64,
}

/// A search in one pass over the matching rows: the total, the outlet, language and month
/// counts and the ranking all come from the same scan; then the page of hits and the entity and
/// speaker facets of the best hits are read by row id.
fn search_with(
    conn: &Connection,
    columns: &Columns,
    q: &SearchQuery,
    f: &Filter,
    keys: &std::collections::HashSet<String>,
) -> Result<SearchResults> {
    // Filters on the cached columns.
    let outlet_filter: Option<i32> = match &q.outlet {
        Some(name) => Some(
            conn.prepare_cached("SELECT id FROM outlets WHERE name = ?1")?
                .query_row([name], |r| r.get::<_, i64>(0))
                .optional()?
                .map_or(-3, |id| id as i32),
        ),
        None => None,
    };
    let lang_filter: Option<u8> = q.lang.as_ref().map(|l| {
        columns
            .langs
            .iter()
            .position(|x| x == l)
            .map_or(u8::MAX - 2, |i| i as u8)
    });
    let from = q.from.as_deref().map_or(i64::MIN, |d| date_bound(d, false));
    let to = q.to.as_deref().map_or(i64::MAX, |d| date_bound(d, true));
    let mut matches = Vec::new();
    let mut outlets: HashMap<i32, u64> = HashMap::new();
    let mut langs: HashMap<u8, u64> = HashMap::new();
    let mut months: HashMap<i64, u64> = HashMap::new();
    let mut consider = |seq: i64| {
        let Some(i) = columns.slot(seq) else { return };
        let (outlet, lang, day) = (columns.outlet[i], columns.lang[i], columns.day[i] as i64);
        if outlet == -2
            || outlet_filter.is_some_and(|o| o != outlet)
            || lang_filter.is_some_and(|l| l != lang)
            || ((from != i64::MIN || to != i64::MAX) && (day < from || day > to || day == 0))
        {
            return;
        }
        if outlet >= 0 {
            *outlets.entry(outlet).or_default() += 1;
        }
        if (lang as usize) < columns.langs.len() {
            *langs.entry(lang).or_default() += 1;
        }
        if day > 0 {
            *months.entry(day / 100).or_default() += 1;
        }
        matches.push(Match {
            seq,
            score: 0.0,
            day,
        });
    };
    match &f.sql {
        Some(sql) => {
            let mut stmt = conn.prepare_cached(sql)?;
            let mut rows = stmt.query(params_from_iter(f.params.iter()))?;
            while let Some(r) = rows.next()? {
                consider(r.get(0)?);
            }
        }
        None => {
            for seq in columns.base..=columns.max_seq() {
                consider(seq);
            }
        }
    }
    let langs: HashMap<String, u64> = langs
        .into_iter()
        .map(|(l, n)| (columns.langs[l as usize].clone(), n))
        .collect();
    let total = matches.len();
    let ids = |v: &[i64]| serde_json::to_string(v).expect("ids serialise");
    let mut ranked_over = 0usize;
    if f.fts && total > 0 {
        // Relevance (bm25) costs about 2 µs per article, so it is computed for the most
        // recently stored matches only: FTS5 walks its index newest row first and stops after
        // `depth` rows. With filters, only some of those rows pass them, so the walk is deeper
        // in proportion (bounded). Matches beyond it rank after the ranked ones, newest first.
        let filtered = f.params.len() > 1
            || q.outlet.is_some()
            || q.lang.is_some()
            || q.from.is_some()
            || q.to.is_some();
        let fts_total: i64 = if filtered {
            conn.prepare_cached("SELECT count(*) FROM search WHERE search MATCH ?1")?
                .query_row([&f.params[0]], |r| r.get(0))?
        } else {
            total as i64
        };
        let depth = (RANK_DEPTH as f64 * fts_total as f64 / total as f64)
            .clamp(RANK_DEPTH as f64, RANK_WALK as f64) as i64;
        let mut scores: HashMap<i64, f64> = HashMap::with_capacity(depth as usize);
        let mut stmt = conn.prepare_cached(
            "SELECT rowid, bm25(search, 4.0, 1.0) FROM search WHERE search MATCH ?1
             ORDER BY rowid DESC LIMIT ?2",
        )?;
        let mut rows = stmt.query(params![f.params[0], depth])?;
        while let Some(r) = rows.next()? {
            scores.insert(r.get(0)?, r.get(1)?);
        }
        for m in &mut matches {
            if let Some(&s) = scores.get(&m.seq) {
                m.score = s;
                ranked_over += 1;
            }
        }
    }
    // Best first: by relevance for words (bm25 is lower for better), newest first otherwise,
    // newest first among equals either way.
    let order = |a: &Match, b: &Match| {
        a.score
            .total_cmp(&b.score)
            .then_with(|| b.day.cmp(&a.day))
            .then_with(|| b.seq.cmp(&a.seq))
    };
    let depth = (q.offset + q.page_size()).max(FACET_DEPTH).min(total);
    if depth < total && depth > 0 {
        matches.select_nth_unstable_by(depth - 1, order);
        matches.truncate(depth);
    }
    matches.sort_unstable_by(order);

    let page: Vec<i64> = matches
        .iter()
        .skip(q.offset)
        .take(q.page_size())
        .map(|m| m.seq)
        .collect();
    let best: Vec<i64> = matches.iter().take(FACET_DEPTH).map(|m| m.seq).collect();

    let mut hits: Vec<(usize, Hit)> = conn
        .prepare_cached(
            "SELECT a.seq, a.id, r.title, a.published, o.name, a.lang,
                    json_extract(r.json, '$.text'), json_extract(r.json, '$.lead')
             FROM articles a JOIN records r ON r.seq = a.seq
             LEFT JOIN outlets o ON o.id = a.outlet
             WHERE a.seq IN (SELECT value FROM json_each(?1))",
        )?
        .query_map([ids(&page)], |r| {
            let seq: i64 = r.get(0)?;
            let s = hit_snippet(r.get(6)?, r.get(7)?, keys);
            Ok((
                page.iter().position(|&p| p == seq).unwrap_or(usize::MAX),
                Hit {
                    id: r.get(1)?,
                    title: r.get(2)?,
                    published: r.get(3)?,
                    outlet: r.get(4)?,
                    lang: r.get(5)?,
                    snippet: s.text,
                    marks: s.marks,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    hits.sort_by_key(|h| h.0);

    let mut outlet_names: HashMap<String, u64> = HashMap::new();
    {
        let mut name = conn.prepare_cached("SELECT name FROM outlets WHERE id = ?1")?;
        for (id, n) in outlets {
            let id = i64::from(id);
            if let Some(s) = name.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                outlet_names.insert(s, n);
            }
        }
    }
    let months = months
        .into_iter()
        .map(|(m, n)| (format!("{:04}-{:02}", m / 100, m % 100), n))
        .collect();
    let mut months = FacetCount::top(months, 36);
    months.sort_by(|a, b| b.value.cmp(&a.value));
    let best_ids = ids(&best);
    let entities = conn
        .prepare_cached(
            "SELECT e.id, e.type, e.norm, count(DISTINCT m.article) AS n
             FROM mentions m JOIN entities e ON e.id = m.entity
             WHERE m.article IN (SELECT value FROM json_each(?1))
             GROUP BY e.id ORDER BY n DESC, e.documents DESC LIMIT 15",
        )?
        .query_map([&best_ids], entity_count)?
        .collect::<rusqlite::Result<_>>()?;
    let speakers = conn
        .prepare_cached(
            "SELECT e.id, e.type, e.norm, count(*) AS n
             FROM quotes q JOIN entities e ON e.id = q.speaker_entity
             WHERE q.article IN (SELECT value FROM json_each(?1))
             GROUP BY e.id ORDER BY n DESC, e.id LIMIT 10",
        )?
        .query_map([&best_ids], entity_count)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(SearchResults {
        total: total as u64,
        hits: hits.into_iter().map(|h| h.1).collect(),
        facets: Facets {
            outlets: FacetCount::top(outlet_names, 20),
            langs: FacetCount::top(langs, 20),
            months,
            entities,
            speakers,
            stories: crate::stories::facet(conn, &best_ids)?,
            entities_over: best.len(),
        },
        ranked_over,
    })
}

pub(crate) fn entity_count(r: &rusqlite::Row<'_>) -> rusqlite::Result<EntityCount> {
    Ok(EntityCount {
        id: r.get(0)?,
        kind: r.get(1)?,
        norm: r.get(2)?,
        count: r.get::<_, i64>(3)? as u64,
    })
}

pub(crate) const QUOTE_COLUMNS: &str = "a.id, (SELECT title FROM records WHERE seq = a.seq), a.published, o.name, q.kind, q.text, q.speaker_text,
    q.speaker_norm, q.speaker_entity, q.cue_lemma";

pub(crate) fn quote_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QuoteRow> {
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
    fn export(
        &self,
        table: crate::Table,
        row: &mut dyn FnMut(&[crate::Value]) -> Result<()>,
    ) -> Result<u64> {
        self.read(|conn| crate::export::rows(conn, table, row))
    }

    fn put(&self, docs: &[Indexed]) -> Result<PutSummary> {
        let (path, mut w) = self.writer()?;
        let w = &mut *w;
        w.clusters(&path)?;
        let clusters = w.clusters.as_mut().expect("loaded above");
        let now = now_utc();
        let now_secs: i64 = now.parse().unwrap_or(0);
        let mut run = |conn: &mut Connection| -> rusqlite::Result<PutSummary> {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut summary = PutSummary::default();
            let mut stored = Vec::with_capacity(docs.len());
            for doc in docs {
                if let Some(seq) = insert_one(&tx, doc, &now)? {
                    crate::stories::place_indexed(&tx, clusters, seq, doc, now_secs)?;
                    stored.push((seq, doc));
                    summary.stored += 1;
                } else {
                    summary.existing += 1;
                }
            }
            // The full-text rows go in last. FTS5 writes its pending terms out as a new segment
            // at every statement savepoint, so rows inserted between the batch's other
            // statements made one segment (and later merges) per article; together they make
            // one per batch.
            let mut search =
                tx.prepare_cached("INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)")?;
            for (seq, doc) in stored {
                search.execute(params![seq, doc.title_keys, doc.body_keys])?;
            }
            drop(search);
            tx.commit()?;
            Ok(summary)
        };
        let out = run(&mut w.conn).map_err(|e| classify(&path, e));
        if out.is_err() {
            // The clusterer holds placements of a batch that was rolled back: rebuild it from
            // what is stored at the next write.
            w.clusters = None;
        }
        out
    }

    fn record_skips(&self, skips: &[Skip]) -> Result<usize> {
        let (path, mut w) = self.writer()?;
        let now: i64 = now_utc().parse().unwrap_or(0);
        let run = |conn: &mut Connection| -> rusqlite::Result<usize> {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut new = 0;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO skips (key, source, reason, at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (key) DO NOTHING",
                )?;
                for skip in skips {
                    new += insert.execute(params![skip.key, skip.source, skip.reason, now])?;
                }
            }
            tx.commit()?;
            Ok(new)
        };
        run(&mut w.conn).map_err(|e| classify(&path, e))
    }

    fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        q.validate()?;
        let Some((f, keys)) = build_filter(q) else {
            return Ok(SearchResults {
                total: 0,
                hits: Vec::new(),
                facets: Facets::default(),
                ranked_over: 0,
            });
        };
        self.read(|conn| {
            // Catch the column cache up with what was stored since (one indexed read when
            // nothing was), then search under a shared lock.
            let stale = {
                let c = self.columns.read().unwrap_or_else(PoisonError::into_inner);
                let newest: i64 =
                    conn.query_row("SELECT coalesce(max(seq), 0) FROM articles", [], |r| {
                        r.get(0)
                    })?;
                newest > c.max_seq()
            };
            if stale {
                self.columns
                    .write()
                    .unwrap_or_else(PoisonError::into_inner)
                    .catch_up(conn)?;
            }
            let columns = self.columns.read().unwrap_or_else(PoisonError::into_inner);
            search_with(conn, &columns, q, &f, &keys)
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
                stories: count("SELECT count(*) FROM stories")?,
                multi_article_stories: count("SELECT count(*) FROM stories WHERE articles > 1")?,
                skipped: count("SELECT count(*) FROM skips")?,
                // This store stores staged records at once.
                staged: 0,
            })
        })
    }

    fn article(&self, id: &str) -> Result<Option<ArticleView>> {
        self.read(|conn| {
            let json: Option<String> = conn
                .prepare_cached(
                    "SELECT r.json FROM articles a JOIN records r ON r.seq = a.seq WHERE a.id = ?1",
                )?
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
            let story = crate::stories::of_article(conn, id)?;
            Ok(Some(ArticleView {
                record,
                entity_ids,
                story,
            }))
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
                    "SELECT a.id, (SELECT title FROM records WHERE seq = a.seq), a.published, o.name
                     FROM articles a
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

    fn stories(&self, query: &StoryQuery) -> Result<StoryList> {
        self.read(|conn| crate::stories::list(conn, query))
    }

    fn story(&self, id: i64) -> Result<Option<StoryView>> {
        self.read(|conn| crate::stories::view(conn, id))
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
