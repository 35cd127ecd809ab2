//! `ingest`, `search`, `stats`, `serve` and `demo`: the store from the command line.
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;
use newsmill_store::{EntityRef, SearchQuery, SqliteStore, Store};

/// Filters shared by `search` on the command line.
#[derive(Args, Debug, Default)]
pub struct Filters {
    /// Only this outlet (exact name).
    #[arg(long)]
    pub outlet: Option<String>,
    /// Published on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    pub from: Option<String>,
    /// Published on or before this date.
    #[arg(long)]
    pub to: Option<String>,
    /// Only this language (ru, en).
    #[arg(long)]
    pub lang: Option<String>,
    /// Only articles mentioning this entity (store id or normal form).
    #[arg(long)]
    pub entity: Option<String>,
    /// Only articles quoting this speaker (store id or name).
    #[arg(long)]
    pub speaker: Option<String>,
    /// Only articles of this story (story id, as `newsmill stories` lists them).
    #[arg(long)]
    pub story: Option<i64>,
    /// Hits to print.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
}

/// A store opened by the CLI, whichever backend: `serve` shares it between request handlers.
pub type Opened = Arc<dyn Store>;

/// The PostgreSQL URL a `--db` value is, if it is one; anything else is a SQLite file.
fn postgres_url(db: &Path) -> Option<&str> {
    db.to_str()
        .filter(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

/// Whether a `--db` value names a database server rather than a file.
pub fn is_server(db: &Path) -> bool {
    postgres_url(db).is_some()
}

/// The size of the server database `db` names, in bytes (tables, indexes and TOAST).
pub fn database_bytes(db: &Path) -> Result<u64> {
    let url = postgres_url(db).context("not a database server URL")?;
    newsmill_store_pg::PgStore::connect(url)
        .and_then(|s| s.database_bytes())
        .with_context(|| format!("measuring {}", redact(url)))
}

/// `url` with its password, if any, replaced by `***`, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or_default();
            format!("{scheme}://{name}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

/// How a `--db` value is named in messages.
pub fn describe(db: &Path) -> String {
    postgres_url(db).map_or_else(|| db.display().to_string(), redact)
}

/// Connects to the PostgreSQL store at `url` (creating or upgrading its schema).
fn connect(url: &str) -> Result<Opened> {
    let store = newsmill_store_pg::PgStore::connect(url)
        .with_context(|| format!("connecting to the store {}", redact(url)))?;
    Ok(Arc::new(store))
}

/// Opens (creating) the store for writing: a SQLite file (its folder created too) or a
/// PostgreSQL URL, named in any error.
pub fn open(db: &Path) -> Result<Opened> {
    if let Some(url) = postgres_url(db) {
        return connect(url);
    }
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let store =
        SqliteStore::open(db).with_context(|| format!("opening the store {}", db.display()))?;
    Ok(Arc::new(store))
}

/// Opens an existing store for reading. A SQLite store made by an older newsmill is upgraded
/// first (which writes to it once), so that `serve` and `search` work on it; a PostgreSQL
/// store is upgraded on connecting.
pub fn open_read_only(db: &Path) -> Result<Opened> {
    if let Some(url) = postgres_url(db) {
        return connect(url);
    }
    let store = match SqliteStore::open_read_only(db) {
        Err(newsmill_store::StoreError::Outdated { found, current, .. }) => {
            tracing::info!(
                "upgrading {} from schema {found} to {current} (placing its articles in stories)",
                db.display()
            );
            SqliteStore::upgrade(db).with_context(|| format!("upgrading {}", db.display()))?;
            SqliteStore::open_read_only(db)
        }
        other => other,
    }
    .with_context(|| format!("opening the store {}", db.display()))?;
    Ok(Arc::new(store))
}

/// `newsmill ingest`.
pub fn ingest(db: &Path, paths: &[PathBuf], max_doc_bytes: u64, batch: usize) -> Result<()> {
    let store = open(db)?;
    let started = std::time::Instant::now();
    let s = crate::run::ingest(store.as_ref(), paths, max_doc_bytes, batch)?;
    let secs = started.elapsed().as_secs_f64();
    tracing::info!(
        "{} documents processed in {secs:.1} s ({:.0}/s): {} stored, {} already stored, {} skipped",
        s.processed.written,
        s.processed.written as f64 / secs.max(1e-9),
        s.stored,
        s.existing,
        s.processed.skipped
    );
    Ok(())
}

/// `newsmill search`.
pub fn search(db: &Path, words: &[String], filters: Filters, json: bool) -> Result<()> {
    let store = open_read_only(db)?;
    let text = words.join(" ");
    let query = SearchQuery {
        text: Some(text).filter(|t| !t.trim().is_empty()),
        outlet: filters.outlet,
        from: filters.from,
        to: filters.to,
        lang: filters.lang,
        entity: filters.entity.as_deref().map(EntityRef::parse),
        speaker: filters.speaker.as_deref().map(EntityRef::parse),
        story: filters.story,
        offset: filters.offset,
        limit: filters.limit,
    };
    let results = store.search(&query).context("searching")?;
    let mut out = io::stdout().lock();
    if json {
        for hit in &results.hits {
            let line = serde_json::json!({
                "id": hit.id,
                "title": hit.title,
                "published": hit.published,
                "outlet": hit.outlet,
                "lang": hit.lang,
                "snippet": hit.snippet,
            });
            writeln!(out, "{line}").context("writing hits")?;
        }
        return Ok(());
    }
    writeln!(out, "{} articles", results.total).context("writing hits")?;
    for (i, hit) in results.hits.iter().enumerate() {
        writeln!(
            out,
            "\n{}. {}\n   {} · {} · {}\n   {}",
            query.offset + i + 1,
            hit.title.as_deref().unwrap_or("(no title)"),
            hit.outlet.as_deref().unwrap_or("?"),
            hit.published.as_deref().unwrap_or("undated"),
            hit.id,
            hit.snippet
        )
        .context("writing hits")?;
    }
    Ok(())
}

/// `newsmill export`: one table of the store to `out` (`-` for stdout). A file is written as
/// `OUT.partial` and renamed into place once complete, so a failed export leaves no short file
/// behind.
pub fn export(db: &Path, what: &str, format: &str, out: &Path) -> Result<()> {
    let table = newsmill_store::Table::parse(what).with_context(|| format!("no table {what:?}"))?;
    let format =
        newsmill_export::Format::parse(format).with_context(|| format!("no format {format:?}"))?;
    let store = open_read_only(db)?;
    if out == Path::new("-") {
        let rows = newsmill_export::export(store.as_ref(), table, format, io::stdout())
            .with_context(|| format!("exporting {what}"))?;
        tracing::info!("{rows} rows of {what}");
        return Ok(());
    }
    let rows = newsmill_export::export_file(store.as_ref(), table, format, out)
        .with_context(|| format!("exporting {what} to {}", out.display()))?;
    tracing::info!("{rows} rows of {what} → {}", out.display());
    Ok(())
}

/// `newsmill stats`.
pub fn stats(db: &Path, json: bool) -> Result<()> {
    let stats = open_read_only(db)?.stats().context("counting")?;
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(&stats)?)?;
    } else {
        if stats.staged > 0 {
            writeln!(
                out,
                "staged    {} (processed by queue workers, stored once earlier messages are)",
                stats.staged
            )?;
        }
        writeln!(
            out,
            "documents {}\nentities  {}\nmentions  {}\nquotes    {}\nspeakers  {}\noutlets   {}\nstories   {} ({} told by two or more articles)\nskipped   {}",
            stats.documents,
            stats.entities,
            stats.mentions,
            stats.quotes,
            stats.speakers,
            stats.outlets,
            stats.stories,
            stats.multi_article_stories,
            stats.skipped
        )?;
    }
    Ok(())
}

/// `newsmill serve`: the API and UI over an existing store, read-only.
pub fn serve(db: &Path, host: std::net::IpAddr, port: u16) -> Result<()> {
    let store = open_read_only(db)?;
    run_server(store, std::net::SocketAddr::new(host, port), db)
}

fn run_server(store: Opened, addr: std::net::SocketAddr, db: &Path) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let db = describe(db);
    runtime.block_on(newsmill_server::serve(store, addr, |bound| {
        // The one line a user (or a test) waits for; stdout so scripts can read it.
        println!("newsmill is serving {db} at http://{bound}/  (Ctrl-C stops it)");
    }))?;
    Ok(())
}

/// Where `demo` keeps its database when no `--db` is given: the user's data directory.
pub fn default_demo_db() -> PathBuf {
    dirs::data_local_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("newsmill")
        .join("demo.db")
}

/// `newsmill demo`: ingests the sample pages (or `paths`) and serves them.
pub fn demo(db: Option<PathBuf>, paths: Vec<PathBuf>, port: u16) -> Result<()> {
    let db = db.unwrap_or_else(default_demo_db);
    let paths = if paths.is_empty() {
        let local = PathBuf::from("samples");
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
        vec![if local.is_dir() { local } else { bundled }]
    } else {
        paths
    };
    eprintln!("ingesting {} into {}", display_paths(&paths), describe(&db));
    ingest(&db, &paths, 32 << 20, crate::run::CHUNK)?;
    stats(&db, false)?;
    let host = std::net::IpAddr::from([127, 0, 0, 1]);
    // A demo should start: when the port is taken, take a free one and say so.
    let addr = match std::net::TcpListener::bind((host, port)) {
        Ok(probe) => {
            drop(probe);
            std::net::SocketAddr::new(host, port)
        }
        Err(_) => {
            eprintln!("port {port} is in use; picking a free one");
            std::net::SocketAddr::new(host, 0)
        }
    };
    run_server(open_read_only(&db)?, addr, &db)
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
