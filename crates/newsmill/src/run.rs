//! The batch pipeline: reader → parallel extraction and annotation → JSONL writer, in bounded
//! chunks.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsmill_extract::Extractor;
use newsmill_ingest::{Documents, ReadOptions};
use newsmill_model::Record;

pub use newsmill_pipeline::batch::CHUNK;
pub use newsmill_pipeline::{IngestSummary, Summary};

/// Sets the size of the rayon pool once.
pub fn init_threads(threads: Option<usize>) -> Result<()> {
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    Ok(())
}

/// Reads, extracts and (when `annotate`) annotates every document under `paths` in parallel
/// chunks ([`newsmill_pipeline::batch::run`]) with a progress bar; a bad document is a one-line
/// reason on stderr and a skip; only an error from `sink` fails the run.
pub(crate) fn pipeline<T: Send>(
    paths: &[PathBuf],
    max_doc_bytes: u64,
    chunk_size: usize,
    annotate: bool,
    finish: impl Fn(Record) -> Result<T, String> + Sync,
    sink: impl FnMut(Vec<T>) -> Result<()> + Send,
) -> Result<Summary> {
    let pipeline = newsmill_pipeline::Pipeline::new(annotate).context("loading the NER model")?;
    let docs = Documents::new(paths, ReadOptions { max_doc_bytes });
    let progress = progress_bar();
    let summary = newsmill_pipeline::batch::run(
        &pipeline,
        docs,
        chunk_size,
        finish,
        sink,
        observer(&progress),
    )?;
    progress.finish_and_clear();
    Ok(summary)
}

/// A spinner counting documents on stderr.
fn progress_bar() -> ProgressBar {
    let progress = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    progress.set_style(
        ProgressStyle::with_template("{spinner} {pos} documents {per_sec} {elapsed}")
            .expect("static template"),
    );
    progress
}

/// Counts each document on `progress` and reports each skip on stderr.
fn observer(progress: &ProgressBar) -> impl FnMut(Option<&str>) + '_ {
    move |skip| {
        if let Some(reason) = skip {
            progress.suspend(|| tracing::warn!("skip: {reason}"));
        }
        progress.inc(1);
    }
}

/// Extracts every document under `paths` and writes records to stdout; without `annotate`,
/// records hold the article and its metadata but no entities or quotes, and the entity
/// models are never loaded.
pub fn extract(paths: &[PathBuf], max_doc_bytes: u64, annotate: bool) -> Result<Summary> {
    // Written from the pipeline's writer thread; the buffer makes locking per chunk cheap.
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout());
    let summary = pipeline(
        paths,
        max_doc_bytes,
        CHUNK,
        annotate,
        |record| serde_json::to_string(&record).map_err(|e| format!("{}: {e}", record.id)),
        |lines| {
            for line in lines {
                out.write_all(line.as_bytes()).context("writing records")?;
                out.write_all(b"\n").context("writing records")?;
            }
            out.flush().context("writing records")
        },
    )?;
    Ok(summary)
}

/// Extracts, annotates and stores every document under `paths`: one transaction per `batch`
/// documents, so a run killed at any point leaves whole batches stored and a rerun adds exactly
/// the rest.
pub fn ingest(
    store: &dyn newsmill_store::Store,
    paths: &[PathBuf],
    max_doc_bytes: u64,
    batch: usize,
) -> Result<IngestSummary> {
    let pipeline = newsmill_pipeline::Pipeline::new(true).context("loading the NER model")?;
    let docs = Documents::new(paths, ReadOptions { max_doc_bytes });
    let progress = progress_bar();
    let summary = newsmill_pipeline::ingest(&pipeline, store, docs, batch, observer(&progress))
        .context("storing a batch")?;
    progress.finish_and_clear();
    Ok(summary)
}

/// Prints each block of the first document at `path` with its body probability.
pub fn explain(path: &std::path::Path, models: Option<&std::path::Path>) -> Result<()> {
    let extractor = match models {
        Some(dir) => {
            let read = |name: &str| {
                std::fs::read(dir.join(name))
                    .with_context(|| format!("reading {}", dir.join(name).display()))
            };
            Extractor::from_model_bytes(&read("html.model.gz")?, &read("text.model.gz")?)?
        }
        None => Extractor::new(),
    };
    let raw = Documents::new(&[path], ReadOptions::default())
        .next()
        .context("no document")??;
    let mut out = io::stdout().lock();
    for (text, p) in extractor.block_scores(&raw) {
        let short: String = text.chars().take(100).collect();
        writeln!(out, "{p:.3}  {short}").context("writing")?;
    }
    Ok(())
}
