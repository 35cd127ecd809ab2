//! The newsmill store on PostgreSQL (issue 42): the [`Store`] interface of the embedded SQLite
//! store, for a desk where several workers write and several analysts read one database.
//!
//! Every method of the interface is here, with the SQLite store's semantics: the same records,
//! ids, entities, quotes and stories, the same filters and facets. Search keys (the lemma keys
//! of title and body) are lexemes of a `tsvector` taken as they are (`array_to_tsvector`, no
//! text-search parser or dictionary between them and the query), weighted A and B, under a GIN
//! index; the query's words become a `tsquery` of quoted lexemes, and relevance is `ts_rank`
//! with the title four times the body.
//!
//! **Several writers** (decision 60). Each `put` is one transaction that first takes a
//! transaction-scoped advisory lock, so batches from any number of processes are written one
//! after another. Inside the lock the writer's in-memory clusterer catches up with the
//! articles other writers placed since its last batch (their stored profiles, in `seq` order)
//! and then places its own: every article is placed against exactly the articles stored
//! before it, as in a single process. Readers never take the lock.
use std::sync::{Mutex, MutexGuard, PoisonError};

use newsmill_model::Record;
use newsmill_store::{
    entity_norm, ArticleView, EntityView, Indexed, PutSummary, QuoteQuery, QuoteRow, Result,
    SearchQuery, SearchResults, Skip, Stats, Store, StoreError, StoryList, StoryQuery, StoryView,
    Table, Value,
};
use newsmill_stories::{event_time, Clusterer, PairModel, Profile};
use postgres::{Client, NoTls, Transaction};

mod export;
mod pages;
mod search;

/// The migrations, in order; the database records how many it has run.
const MIGRATIONS: &[&str] = &[include_str!("schema_v1.sql"), include_str!("schema_v2.sql")];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Advisory lock keys ("newsmill" in ASCII, then the purpose).
const MIGRATE_LOCK: i64 = 0x6e65_7773_6d69_6c01;
const WRITE_LOCK: i64 = 0x6e65_7773_6d69_6c02;

/// Idle reader connections kept open.
const READERS: usize = 4;

/// A store in a PostgreSQL database; see the crate documentation.
pub struct PgStore {
    url: String,
    writer: Mutex<Writer>,
    readers: Mutex<Vec<Client>>,
}

/// Statements prepared once on the write connection, by their SQL: parsing and planning each
/// of a batch's thousands of statements anew cost the server more than running them.
#[derive(Default)]
struct Prepared(std::collections::HashMap<&'static str, postgres::Statement>);

impl Prepared {
    /// The statement for `sql`, prepared on first use.
    fn get(&mut self, tx: &mut Transaction<'_>, sql: &'static str) -> Result<postgres::Statement> {
        if let Some(s) = self.0.get(sql) {
            return Ok(s.clone());
        }
        let s = tx.prepare(sql).map_err(server)?;
        self.0.insert(sql, s.clone());
        Ok(s)
    }
}

/// The write connection and the stories clusterer it keeps in step with the database.
struct Writer {
    client: Client,
    /// Prepared statements of `client`.
    prepared: Prepared,
    /// `None` until the first batch, and after a failed one: rebuilt from the database.
    clusters: Option<Clusterer>,
    /// The highest article `seq` the clusterer has seen.
    seen: i64,
}

/// A server error as the store reports it, with its causes.
pub(crate) fn server(e: postgres::Error) -> StoreError {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        let m = s.to_string();
        if !text.contains(&m) {
            text.push_str(": ");
            text.push_str(&m);
        }
        source = s.source();
    }
    StoreError::Server(text)
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn connect(url: &str) -> Result<Client> {
    Client::connect(url, NoTls).map_err(server)
}

/// `url` with its database name replaced by `db` (`postgres://u@h:p/old?x` → `…/db?x`).
pub fn url_with_database(url: &str, db: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{db}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// Creates database `db` (dropping it first when `replace`) through the server at `admin_url`
/// (a role allowed to create databases), and returns the new database's URL. For benches and
/// set-up scripts.
pub fn create_database(admin_url: &str, db: &str, replace: bool) -> Result<String> {
    if !db.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(StoreError::BadQuery(format!(
            "database name {db:?}: letters, digits and `_` only"
        )));
    }
    let mut client = connect(admin_url)?;
    if replace {
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS \"{db}\""))
            .map_err(server)?;
    }
    client
        .batch_execute(&format!("CREATE DATABASE \"{db}\""))
        .map_err(server)?;
    Ok(url_with_database(admin_url, db))
}

/// Drops database `db` through the server at `admin_url`, if it exists.
pub fn drop_database(admin_url: &str, db: &str) -> Result<()> {
    let mut client = connect(admin_url)?;
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{db}\""))
        .map_err(server)
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user@host:port/db`) and brings its schema
    /// to this build's version; several processes may do so at once.
    pub fn connect(url: &str) -> Result<PgStore> {
        let mut client = connect(url)?;
        migrate(&mut client)?;
        Ok(PgStore {
            url: url.to_owned(),
            writer: Mutex::new(Writer {
                client,
                prepared: Prepared::default(),
                clusters: None,
                seen: 0,
            }),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// The size of the database on disk, in bytes: tables, indexes and TOAST.
    pub fn database_bytes(&self) -> Result<u64> {
        self.read(|c| {
            let n: i64 = c
                .query_one("SELECT pg_database_size(current_database())", &[])
                .map_err(server)?
                .get(0);
            Ok(n as u64)
        })
    }

    /// Runs `f` on a pooled reader connection.
    fn read<T>(
        &self,
        f: impl FnOnce(&mut Client) -> std::result::Result<T, StoreError>,
    ) -> Result<T> {
        let pooled = lock(&self.readers).pop();
        let mut client = match pooled {
            Some(c) if !c.is_closed() => c,
            _ => connect(&self.url)?,
        };
        let out = f(&mut client);
        let mut pool = lock(&self.readers);
        if pool.len() < READERS && !client.is_closed() {
            pool.push(client);
        }
        out
    }
}

/// Creates or upgrades the schema under a lock, so that two processes starting at once do not
/// both run a migration.
fn migrate(client: &mut Client) -> Result<()> {
    // A database already at this version needs neither the lock nor any DDL, so that a
    // read-only hot standby (a replica serving searches) opens too.
    let exists: bool = client
        .query_one("SELECT to_regclass('newsmill_schema') IS NOT NULL", &[])
        .map_err(server)?
        .get(0);
    if exists {
        let found: i64 = client
            .query_opt("SELECT version FROM newsmill_schema", &[])
            .map_err(server)?
            .map_or(0, |r| r.get(0));
        if found == SCHEMA_VERSION {
            return Ok(());
        }
    }
    // The lock comes first: CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin.
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATE_LOCK])
        .map_err(server)?;
    let result = (|| -> Result<()> {
        client
            .batch_execute("CREATE TABLE IF NOT EXISTS newsmill_schema (version bigint NOT NULL)")
            .map_err(server)?;
        let found: i64 = client
            .query_opt("SELECT version FROM newsmill_schema", &[])
            .map_err(server)?
            .map_or(0, |r| r.get(0));
        if found > SCHEMA_VERSION {
            return Err(StoreError::Version {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let version = i as i64 + 1;
            let mut tx = client.transaction().map_err(server)?;
            tx.batch_execute(sql).map_err(server)?;
            tx.execute("DELETE FROM newsmill_schema", &[])
                .map_err(server)?;
            tx.execute(
                "INSERT INTO newsmill_schema (version) VALUES ($1)",
                &[&version],
            )
            .map_err(server)?;
            tx.commit().map_err(server)?;
        }
        Ok(())
    })();
    let unlocked = client
        .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATE_LOCK])
        .map_err(server);
    result.and(unlocked.map(drop))
}

/// Puts every placed article since `seen` back into `clusters`; returns the new high mark.
fn catch_up(tx: &mut Transaction<'_>, clusters: &mut Clusterer, seen: i64) -> Result<i64> {
    let rows = tx
        .query(
            "SELECT article, story, time, profile FROM story_members WHERE article > $1
             ORDER BY article",
            &[&seen],
        )
        .map_err(server)?;
    let mut high = seen;
    for r in rows {
        let seq: i64 = r.get(0);
        let bytes: Vec<u8> = r.get(3);
        let profile = Profile::from_bytes(&bytes).map_err(|e| StoreError::Profile {
            article: seq,
            reason: e.to_string(),
        })?;
        let story: i64 = r.get(1);
        clusters.restore(seq as u64, profile, r.get(2), story as u64);
        high = high.max(seq);
    }
    Ok(high)
}

/// Store ids of a record's entities, inserting new ones and counting this document once.
fn upsert_entities(
    tx: &mut Transaction<'_>,
    p: &mut Prepared,
    record: &Record,
) -> Result<Vec<i64>> {
    // One row per distinct (type, norm), in order of first appearance, with its mentions
    // summed; `group[i]` is entity i's row.
    let mut kinds: Vec<&str> = Vec::new();
    let mut norms: Vec<&str> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut mentions: Vec<i64> = Vec::new();
    let mut group = Vec::with_capacity(record.entities.len());
    for e in &record.entities {
        let (kind, norm) = (e.kind.as_str(), entity_norm(e));
        match kinds
            .iter()
            .zip(&norms)
            .position(|(k, n)| *k == kind && *n == norm)
        {
            Some(g) => {
                mentions[g] += e.mentions.len() as i64;
                group.push(g);
            }
            None => {
                group.push(kinds.len());
                kinds.push(kind);
                norms.push(norm);
                keys.push(norm.to_lowercase());
                mentions.push(e.mentions.len() as i64);
            }
        }
    }
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    // One statement for all of them: the known ones counted up, the new ones numbered after
    // the table's largest id in order of appearance (as SQLite numbers them; see
    // `insert_one`). Both parts read the snapshot from before the statement.
    let st = p.get(
        tx,
        "WITH input AS (
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
                 WITH ORDINALITY AS t(type, norm, key, mentions, ord)
         ), updated AS (
             UPDATE entities e SET documents = e.documents + 1, mentions = e.mentions + i.mentions
             FROM input i WHERE e.type = i.type AND e.norm = i.norm
             RETURNING e.id, i.ord
         ), base AS (
             SELECT coalesce(max(id), 0) AS top FROM entities
         ), fresh AS (
             SELECT i.*, base.top + row_number() OVER (ORDER BY i.ord) AS id
             FROM input i, base
             WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.type = i.type AND e.norm = i.norm)
         ), inserted AS (
             INSERT INTO entities (id, type, norm, key, documents, mentions)
             SELECT id, type, norm, key, 1, mentions FROM fresh
             RETURNING id
         )
         SELECT ord, id FROM updated
         UNION ALL SELECT ord, id FROM fresh",
    )?;
    let rows = tx
        .query(&st, &[&kinds, &norms, &keys, &mentions])
        .map_err(server)?;
    let mut ids = vec![0i64; kinds.len()];
    for r in rows {
        let ord: i64 = r.get(0);
        ids[ord as usize - 1] = r.get(1);
    }
    Ok(group.into_iter().map(|g| ids[g]).collect())
}

/// Stores one document unless its id is stored already; returns its new `seq`.
fn insert_one(
    tx: &mut Transaction<'_>,
    p: &mut Prepared,
    doc: &Indexed,
    now: i64,
) -> Result<Option<i64>> {
    let r = &doc.record;
    // Writers hold the write lock, so looking up before inserting is safe. Row numbers are
    // the table's largest plus one, drawn under the lock, as SQLite draws rowids: a sequence
    // would be drawn for an upsert that finds its row and by a batch that is rolled back (a
    // worker killed mid-write), and ids would drift from the SQLite store's.
    let exists = p.get(tx, "SELECT 1 FROM articles WHERE id = $1")?;
    if tx.query_opt(&exists, &[&r.id]).map_err(server)?.is_some() {
        return Ok(None);
    }
    let outlet: Option<i64> = match r.outlet.as_deref().filter(|o| !o.is_empty()) {
        Some(name) => {
            let find = p.get(tx, "SELECT id FROM outlets WHERE name = $1")?;
            let found = tx.query_opt(&find, &[&name]).map_err(server)?;
            Some(match found {
                Some(row) => row.get(0),
                None => {
                    let insert = p.get(
                        tx,
                        "INSERT INTO outlets (id, name)
                         VALUES ((SELECT coalesce(max(id), 0) + 1 FROM outlets), $1) RETURNING id",
                    )?;
                    tx.query_one(&insert, &[&name]).map_err(server)?.get(0)
                }
            })
        }
        None => None,
    };
    let day = r
        .published
        .as_deref()
        .and_then(newsmill_store::day_number)
        .map(|d| d as i32);
    let article = p.get(
        tx,
        "INSERT INTO articles (seq, id, outlet, lang, published, day, keys)
         VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM articles), $1, $2, $3, $4, $5,
             setweight(array_to_tsvector($6::text[]), 'A')
             || setweight(array_to_tsvector($7::text[]), 'B'))
         RETURNING seq",
    )?;
    let seq: i64 = tx
        .query_one(
            &article,
            &[
                &r.id,
                &outlet,
                &r.lang,
                &r.published,
                &day,
                &search::lexemes(&doc.title_keys),
                &search::lexemes(&doc.body_keys),
            ],
        )
        .map_err(server)?
        .get(0);
    let record = p.get(
        tx,
        "INSERT INTO records (seq, url, title, ingested, json) VALUES ($1, $2, $3, $4, $5)",
    )?;
    tx.execute(&record, &[&seq, &r.url, &r.title, &now, &doc.json])
        .map_err(server)?;
    let ids = upsert_entities(tx, p, r)?;
    // One statement for all of an article's mentions, one for its quotes: arrays unnested
    // in order.
    let (mut entity, mut start, mut end, mut field) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (e, id) in r.entities.iter().zip(&ids) {
        for m in &e.mentions {
            entity.push(*id);
            start.push(m.start as i32);
            end.push(m.end as i32);
            field.push(m.field.as_str());
        }
    }
    if !entity.is_empty() {
        let mentions = p.get(
            tx,
            "INSERT INTO mentions (article, entity, start, \"end\", field)
             SELECT $1, * FROM unnest($2::bigint[], $3::int[], $4::int[], $5::text[])",
        )?;
        tx.execute(&mentions, &[&seq, &entity, &start, &end, &field])
            .map_err(server)?;
    }
    if !r.quotes.is_empty() {
        let n = r.quotes.len();
        let mut cols = QuoteColumns::with_capacity(n);
        for q in &r.quotes {
            let speaker = q.speaker.as_ref();
            let norm = newsmill_store::speaker_name(q);
            cols.kind.push(q.kind.as_str());
            cols.start.push(q.start as i32);
            cols.end.push(q.end as i32);
            cols.text.push(q.text.as_str());
            cols.entity.push(
                speaker
                    .and_then(|s| s.entity)
                    .and_then(|i| ids.get(i).copied()),
            );
            cols.speaker_text.push(speaker.map(|s| s.text.as_str()));
            cols.key.push(norm.as_ref().map(|n| n.to_lowercase()));
            cols.norm.push(norm);
            cols.cue.push(q.cue.as_ref().map(|c| c.lemma.as_str()));
            cols.field.push(q.field.as_str());
        }
        let quotes = p.get(
            tx,
            "INSERT INTO quotes (id, article, kind, start, \"end\", text, speaker_entity,
                 speaker_text, speaker_norm, speaker_key, cue_lemma, field)
             SELECT (SELECT coalesce(max(id), 0) FROM quotes) + t.n, $1, t.k, t.s, t.e, t.x,
                 t.se, t.st, t.sn, t.sk, t.c, t.f
             FROM unnest($2::text[], $3::int[], $4::int[], $5::text[], $6::bigint[],
                 $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
                 WITH ORDINALITY AS t(k, s, e, x, se, st, sn, sk, c, f, n)",
        )?;
        tx.execute(
            &quotes,
            &[
                &seq,
                &cols.kind,
                &cols.start,
                &cols.end,
                &cols.text,
                &cols.entity,
                &cols.speaker_text,
                &cols.norm,
                &cols.key,
                &cols.cue,
                &cols.field,
            ],
        )
        .map_err(server)?;
    }
    Ok(Some(seq))
}

/// An article's quotes as columns, for one `unnest` insert.
struct QuoteColumns<'a> {
    kind: Vec<&'a str>,
    start: Vec<i32>,
    end: Vec<i32>,
    text: Vec<&'a str>,
    entity: Vec<Option<i64>>,
    speaker_text: Vec<Option<&'a str>>,
    norm: Vec<Option<String>>,
    key: Vec<Option<String>>,
    cue: Vec<Option<&'a str>>,
    field: Vec<&'a str>,
}

impl QuoteColumns<'_> {
    fn with_capacity(n: usize) -> Self {
        QuoteColumns {
            kind: Vec::with_capacity(n),
            start: Vec::with_capacity(n),
            end: Vec::with_capacity(n),
            text: Vec::with_capacity(n),
            entity: Vec::with_capacity(n),
            speaker_text: Vec::with_capacity(n),
            norm: Vec::with_capacity(n),
            key: Vec::with_capacity(n),
            cue: Vec::with_capacity(n),
            field: Vec::with_capacity(n),
        }
    }
}

/// Places a newly stored article in a story and records where and why.
fn place(
    tx: &mut Transaction<'_>,
    p: &mut Prepared,
    clusters: &mut Clusterer,
    seq: i64,
    doc: &Indexed,
    now: i64,
) -> Result<()> {
    let (time, note) = event_time(doc.record.published.as_deref(), now);
    let a = clusters.insert(seq as u64, doc.profile.clone(), time, note);
    let story = a.story as i64;
    let st = if story == seq {
        p.get(
            tx,
            "INSERT INTO stories (id, articles, first, last) VALUES ($1, 1, $2, $2)",
        )?
    } else {
        // LEAST and GREATEST skip NULLs: an undated article leaves the span as it was.
        p.get(
            tx,
            "UPDATE stories SET articles = articles + 1, first = LEAST(first, $2),
                 last = GREATEST(last, $2) WHERE id = $1",
        )?
    };
    tx.execute(&st, &[&story, &time]).map_err(server)?;
    let matched = a.matched().map(|m| m as i64);
    let member = p.get(
        tx,
        "INSERT INTO story_members (article, story, time, matched, decision, score, reason,
             profile) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )?;
    tx.execute(
        &member,
        &[
            &seq,
            &story,
            &time,
            &matched,
            &a.decision.name(),
            &a.decision.score(),
            &a.reason(),
            &doc.profile_bytes,
        ],
    )
    .map_err(server)?;
    Ok(())
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Staged documents stored per transaction by [`Store::place_staged`].
const PLACE_CHUNK: usize = 256;

/// Stores `docs` in order and places each new one, inside a write transaction.
fn write_all(
    tx: &mut Transaction<'_>,
    w: &mut WriteState<'_>,
    docs: &[Indexed],
) -> Result<PutSummary> {
    let now = now_secs();
    let mut summary = PutSummary::default();
    for doc in docs {
        match insert_one(tx, w.prepared, doc, now)? {
            Some(seq) => {
                place(tx, w.prepared, w.clusters, seq, doc, now)?;
                *w.seen = (*w.seen).max(seq);
                summary.stored += 1;
            }
            None => summary.existing += 1,
        }
    }
    Ok(summary)
}

/// What a write transaction works with besides the transaction itself.
struct WriteState<'a> {
    prepared: &'a mut Prepared,
    clusters: &'a mut Clusterer,
    seen: &'a mut i64,
}

impl PgStore {
    /// Runs `f` in one transaction holding the store-wide write lock, with the clusterer
    /// caught up with what other writers placed; commits if `f` succeeds. On any failure the
    /// clusterer (which may hold placements of the rolled-back batch) is rebuilt at the next
    /// write.
    fn write<T>(
        &self,
        f: impl FnOnce(&mut Transaction<'_>, &mut WriteState<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut guard = self.writer()?;
        let w = &mut *guard;
        let Writer {
            client,
            prepared,
            clusters,
            seen,
        } = w;
        let run = || -> Result<T> {
            let mut tx = client.transaction().map_err(server)?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
                .map_err(server)?;
            let clusters = clusters.get_or_insert_with(|| Clusterer::new(PairModel::committed()));
            let mut high = catch_up(&mut tx, clusters, *seen)?;
            let out = f(
                &mut tx,
                &mut WriteState {
                    prepared,
                    clusters,
                    seen: &mut high,
                },
            )?;
            tx.commit().map_err(server)?;
            *seen = high;
            Ok(out)
        };
        let out = run();
        if out.is_err() {
            w.clusters = None;
            w.seen = 0;
            w.prepared = Prepared::default();
        }
        out
    }

    /// Runs `f` on the write connection outside any transaction (statements that need no
    /// lock: staging, skips).
    fn with_client<T>(&self, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
        f(&mut self.writer()?.client)
    }

    /// The write connection, connected again (with its caches reset) if the server closed it.
    fn writer(&self) -> Result<MutexGuard<'_, Writer>> {
        let mut w = lock(&self.writer);
        if w.client.is_closed() {
            w.client = connect(&self.url)?;
            w.prepared = Prepared::default();
            w.clusters = None;
            w.seen = 0;
        }
        Ok(w)
    }
}

impl Store for PgStore {
    fn put(&self, docs: &[Indexed]) -> Result<PutSummary> {
        self.write(|tx, w| write_all(tx, w, docs))
    }

    fn stage(&self, positions: &[u64], docs: &[Indexed]) -> Result<PutSummary> {
        let positions: Vec<i64> = positions.iter().map(|&p| p as i64).collect();
        let json: Vec<&str> = docs.iter().map(|d| d.json.as_str()).collect();
        let title: Vec<&str> = docs.iter().map(|d| d.title_keys.as_str()).collect();
        let body: Vec<&str> = docs.iter().map(|d| d.body_keys.as_str()).collect();
        let profile: Vec<&[u8]> = docs.iter().map(|d| d.profile_bytes.as_slice()).collect();
        let staged = self.with_client(|c| {
            c.execute(
                "INSERT INTO staged (position, json, title_keys, body_keys, profile)
                 SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[],
                     $5::bytea[])
                 ON CONFLICT (position) DO NOTHING",
                &[&positions, &json, &title, &body, &profile],
            )
            .map_err(server)
        })?;
        // Counted as stored once placed; here only how many were new to the staging area.
        Ok(PutSummary {
            stored: 0,
            existing: docs.len() - staged as usize,
        })
    }

    fn place_staged(&self, through: u64) -> Result<PutSummary> {
        let through = through as i64;
        let mut total = PutSummary::default();
        loop {
            // Looked at without the lock first: an idle worker asks twice a second.
            let waiting = self.with_client(|c| {
                c.query_one(
                    "SELECT EXISTS (SELECT 1 FROM staged WHERE position <= $1)",
                    &[&through],
                )
                .map(|r| r.get::<_, bool>(0))
                .map_err(server)
            })?;
            if !waiting {
                return Ok(total);
            }
            let put = self.write(|tx, w| {
                let rows = tx
                    .query(
                        "SELECT position, json, title_keys, body_keys, profile FROM staged
                         WHERE position <= $1 ORDER BY position LIMIT $2",
                        &[&through, &(PLACE_CHUNK as i64)],
                    )
                    .map_err(server)?;
                let mut positions = Vec::with_capacity(rows.len());
                let mut docs = Vec::with_capacity(rows.len());
                for r in rows {
                    positions.push(r.get::<_, i64>(0));
                    docs.push(Indexed::from_parts(r.get(1), r.get(2), r.get(3), r.get(4))?);
                }
                let put = write_all(tx, w, &docs)?;
                tx.execute("DELETE FROM staged WHERE position = ANY($1)", &[&positions])
                    .map_err(server)?;
                Ok(put)
            })?;
            total.stored += put.stored;
            total.existing += put.existing;
        }
    }

    fn record_skips(&self, skips: &[Skip]) -> Result<usize> {
        let now = now_secs();
        let keys: Vec<&str> = skips.iter().map(|s| s.key.as_str()).collect();
        let sources: Vec<&str> = skips.iter().map(|s| s.source.as_str()).collect();
        let reasons: Vec<&str> = skips.iter().map(|s| s.reason.as_str()).collect();
        let new = self.with_client(|c| {
            c.execute(
                "INSERT INTO skips (key, source, reason, at)
                 SELECT k, s, r, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(k, s, r)
                 ON CONFLICT (key) DO NOTHING",
                &[&keys, &sources, &reasons, &now],
            )
            .map_err(server)
        })?;
        Ok(new as usize)
    }

    fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        query.validate()?;
        self.read(|c| search::search(c, query))
    }

    fn stats(&self) -> Result<Stats> {
        self.read(|c| {
            let row = c
                .query_one(
                    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM entities),
                        (SELECT count(*) FROM mentions), (SELECT count(*) FROM quotes),
                        (SELECT count(DISTINCT speaker_entity) FROM quotes),
                        (SELECT count(*) FROM outlets), (SELECT count(*) FROM stories),
                        (SELECT count(*) FROM stories WHERE articles > 1),
                        (SELECT count(*) FROM skips), (SELECT count(*) FROM staged)",
                    &[],
                )
                .map_err(server)?;
            let n = |i: usize| row.get::<_, i64>(i) as u64;
            Ok(Stats {
                documents: n(0),
                entities: n(1),
                mentions: n(2),
                quotes: n(3),
                speakers: n(4),
                outlets: n(5),
                stories: n(6),
                multi_article_stories: n(7),
                skipped: n(8),
                staged: n(9),
            })
        })
    }

    fn article(&self, id: &str) -> Result<Option<ArticleView>> {
        self.read(|c| {
            let Some(row) = c
                .query_opt(
                    "SELECT r.json FROM articles a JOIN records r ON r.seq = a.seq
                     WHERE a.id = $1",
                    &[&id],
                )
                .map_err(server)?
            else {
                return Ok(None);
            };
            let json: String = row.get(0);
            let record: Record =
                serde_json::from_str(&json).map_err(|source| StoreError::Record {
                    id: id.to_owned(),
                    source,
                })?;
            let lookup = c
                .prepare("SELECT id FROM entities WHERE type = $1 AND norm = $2")
                .map_err(server)?;
            let mut entity_ids = Vec::with_capacity(record.entities.len());
            for e in &record.entities {
                let found = c
                    .query_opt(&lookup, &[&e.kind.as_str(), &entity_norm(e)])
                    .map_err(server)?;
                entity_ids.push(found.map_or(-1, |r| r.get(0)));
            }
            let story = pages::story_of(c, id)?;
            Ok(Some(ArticleView {
                record,
                entity_ids,
                story,
            }))
        })
    }

    fn entity(&self, id: i64) -> Result<Option<EntityView>> {
        self.read(|c| pages::entity(c, id))
    }

    fn quotes(&self, query: &QuoteQuery) -> Result<Vec<QuoteRow>> {
        self.read(|c| pages::quotes(c, query))
    }

    fn stories(&self, query: &StoryQuery) -> Result<StoryList> {
        self.read(|c| pages::list(c, query))
    }

    fn story(&self, id: i64) -> Result<Option<StoryView>> {
        self.read(|c| pages::view(c, id))
    }

    fn export(&self, table: Table, row: &mut dyn FnMut(&[Value]) -> Result<()>) -> Result<u64> {
        self.read(|c| export::rows(c, table, row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_gets_another_database_and_keeps_its_options() {
        assert_eq!(
            url_with_database("postgres://u@h:5432/postgres", "bench_1"),
            "postgres://u@h:5432/bench_1"
        );
        assert_eq!(
            url_with_database("postgresql://u:p@h/x?sslmode=disable", "b"),
            "postgresql://u:p@h/b?sslmode=disable"
        );
        assert_eq!(url_with_database("postgres://h:1", "b"), "postgres://h:1/b");
    }
}
