//! The newsmill store: records, their entities, mentions, quotes, speakers and outlets, and
//! full-text search over lemmas, behind one interface ([`Store`]).
//!
//! [`SqliteStore`] is the embedded default: one file, WAL mode, no server. Writes are idempotent
//! upserts keyed by the record's content id, one transaction per batch, so a process killed at
//! any moment leaves every batch either wholly stored or not at all, and a rerun stores exactly
//! what is missing. A server database implements the same trait.
//!
//! ```
//! use newsmill_store::{SearchQuery, SqliteStore, Store};
//! let store = SqliteStore::open_in_memory().unwrap();
//! let mut record: newsmill_model::Record = serde_json::from_str(
//!     r#"{"id":"a1","url":null,"origin":{},"lang":"ru","outlet":"Sputnik","title":"В Степанакерте",
//!        "lead":null,"published":"2023-09-20","authors":[],"dateline":null,"credited_sources":[],
//!        "text":"Жители Степанакерта вышли на улицы.","removed":[]}"#).unwrap();
//! use newsmill_store::Indexed;
//! assert_eq!(store.put(&[Indexed::new(record.clone())]).unwrap().stored, 1);
//! record.title = Some("changed".into());
//! assert_eq!(store.put(&[Indexed::new(record)]).unwrap().stored, 0); // same id: stored once
//! let hits = store.search(&SearchQuery::text("Степанакерт")).unwrap();
//! assert_eq!(hits.total, 1);
//! ```
mod export;
mod query;
mod sqlite;
mod stories;
mod types;

pub use export::{Column, ColumnType, Table, Value};
pub use query::{hit_snippet, lemma_groups, lemma_query, snippet, Snippet};
pub use sqlite::{date_bound, day_number, entity_norm, speaker_name, SqliteStore, FACET_DEPTH};
pub use stories::{story_members, MemberRow};
pub use types::*;

use newsmill_model::Record;

/// What can go wrong in the store. Every variant names the cause a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not a newsmill database (or is damaged).
    #[error("{path}: not a newsmill database or damaged ({reason})")]
    Corrupt {
        /// The database file.
        path: String,
        /// What SQLite said.
        reason: String,
    },
    /// Another process holds the write lock longer than the busy timeout.
    #[error("the database is locked by another process (busy for more than {0} s)")]
    Locked(u64),
    /// The database was made by a newer newsmill.
    #[error(
        "database schema version {found} is newer than this newsmill understands ({supported})"
    )]
    Version {
        /// The file's version.
        found: i64,
        /// The newest this build reads.
        supported: i64,
    },
    /// The database was made by an older newsmill: opening it for writing (`newsmill ingest`)
    /// upgrades it.
    #[error("{path}: database schema version {found} predates this newsmill ({current}); open it for writing once to upgrade it")]
    Outdated {
        /// The database file.
        path: String,
        /// The file's version.
        found: i64,
        /// The version this build writes.
        current: i64,
    },
    /// A query parameter is out of range or malformed.
    #[error("bad query: {0}")]
    BadQuery(String),
    /// The disk is full: the batch was rolled back.
    #[error("the disk is full; the current batch was rolled back, the store is intact")]
    DiskFull,
    /// Any other database failure.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// A database server (PostgreSQL) failed, refused, or could not be reached.
    #[error("database server: {0}")]
    Server(String),
    /// The backend does not offer this operation yet.
    #[error("{0} is not available on this store backend yet")]
    Unsupported(&'static str),
    /// A stored story profile could not be decoded.
    #[error("the story profile of article {article} is damaged: {reason}")]
    Profile {
        /// The article's row number.
        article: i64,
        /// What the decoder said.
        reason: String,
    },
    /// A stored record could not be read back.
    #[error("stored record {id} is unreadable: {source}")]
    Record {
        /// The record id.
        id: String,
        /// The JSON error.
        source: serde_json::Error,
    },
}

/// A record ready to store: with its search keys and JSON computed, which is the costly part of
/// a write, so that callers can prepare records in parallel and the single writer only writes.
#[derive(Debug, Clone)]
pub struct Indexed {
    /// The record.
    pub record: Record,
    /// Lemma keys of the title.
    pub title_keys: String,
    /// Lemma keys of the body.
    pub body_keys: String,
    /// The record as JSON.
    pub json: String,
    /// What story clustering compares.
    pub profile: newsmill_stories::Profile,
    /// `profile`, encoded for the store.
    pub profile_bytes: Vec<u8>,
}

impl Indexed {
    /// Computes the search keys and the JSON of `record`.
    pub fn new(record: Record) -> Indexed {
        let title_keys = newsmill_nlp::lemma::index_text(record.title.as_deref().unwrap_or(""));
        // One walk over the body gives both its full-text keys and its story terms: the
        // morphological analysis of each word is the costly part of either.
        let mut body_keys = String::with_capacity(record.text.len());
        let mut terms = newsmill_stories::BodyTerms::default();
        newsmill_nlp::lemma::walk_keys(&record.text, |t, keys| {
            newsmill_nlp::lemma::push_index_keys(&mut body_keys, keys);
            terms.push(t.kind, t.text(&record.text), keys);
            true
        });
        let json = serde_json::to_string(&record).expect("a record always serialises");
        let profile = newsmill_stories::Profile::of_record_with(&record, terms);
        let profile_bytes = profile.to_bytes();
        Indexed {
            record,
            title_keys,
            body_keys,
            json,
            profile,
            profile_bytes,
        }
    }
}

impl Indexed {
    /// A record prepared earlier, from the parts a store keeps: the record's JSON, its search
    /// keys and its encoded story profile (no morphology is run again).
    pub fn from_parts(
        json: String,
        title_keys: String,
        body_keys: String,
        profile_bytes: Vec<u8>,
    ) -> Result<Indexed> {
        let record: Record = serde_json::from_str(&json).map_err(|source| StoreError::Record {
            id: "(staged)".into(),
            source,
        })?;
        let profile = newsmill_stories::Profile::from_bytes(&profile_bytes).map_err(|e| {
            StoreError::Profile {
                article: 0,
                reason: e.to_string(),
            }
        })?;
        Ok(Indexed {
            record,
            title_keys,
            body_keys,
            json,
            profile,
            profile_bytes,
        })
    }
}

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One store of records. All methods take `&self` so that a server can share one store between
/// request handlers; implementations manage their own connections.
pub trait Store: Send + Sync {
    /// Stores `docs` in one transaction: records whose id is already stored are left as they
    /// are. Either the whole batch is stored or none of it.
    fn put(&self, docs: &[Indexed]) -> Result<PutSummary>;
    /// Records documents that were skipped as bad input; a skip whose key is already recorded
    /// is left as it is. Returns how many were new.
    fn record_skips(&self, skips: &[Skip]) -> Result<usize>;
    /// Keeps `docs` aside under their queue `positions` (`positions[i]` is `docs[i]`'s), for
    /// [`Store::place_staged`] to store in position order. Several queue workers commit in an
    /// order of their own, and placing an article in a story reads the articles stored before
    /// it: storing in queue order makes their result the one a single `ingest` of the same
    /// input gives, ids included. Staging the same position again is a no-op.
    ///
    /// The default stores at once, for a backend with one writer.
    fn stage(&self, positions: &[u64], docs: &[Indexed]) -> Result<PutSummary> {
        debug_assert_eq!(positions.len(), docs.len());
        self.put(docs)
    }
    /// Stores every staged document at a position up to `through`, in position order, as
    /// [`Store::put`] does, and forgets it from the staging area. The caller knows that no
    /// position up to `through` is still to come (every queue message up to it has been
    /// acknowledged).
    fn place_staged(&self, through: u64) -> Result<PutSummary> {
        let _ = through;
        Ok(PutSummary::default())
    }
    /// Articles matching `query`, best first, with the total and facet counts.
    fn search(&self, query: &SearchQuery) -> Result<SearchResults>;
    /// Counts of everything stored.
    fn stats(&self) -> Result<Stats>;
    /// One stored article with the store ids of its entities.
    fn article(&self, id: &str) -> Result<Option<ArticleView>>;
    /// One entity with its timeline, neighbours, quotes and articles.
    fn entity(&self, id: i64) -> Result<Option<EntityView>>;
    /// Quotes, newest first unless the query asks for time order.
    fn quotes(&self, query: &QuoteQuery) -> Result<Vec<QuoteRow>>;
    /// Stories, largest first.
    fn stories(&self, query: &StoryQuery) -> Result<StoryList>;
    /// One story: its articles in time order with who copied whom, its entities and quotes.
    fn story(&self, id: i64) -> Result<Option<StoryView>>;
    /// Every row of a flat table, streamed to `row` in a stable order (memory stays flat);
    /// returns the number of rows. An error from `row` stops the export and is returned.
    fn export(&self, table: Table, row: &mut dyn FnMut(&[Value]) -> Result<()>) -> Result<u64>;
}

#[cfg(test)]
mod tests;
