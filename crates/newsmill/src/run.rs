//! The batch pipeline: reader → parallel extraction and annotation → JSONL writer, in bounded
//! chunks.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsmill_extract::Extractor;
use newsmill_ingest::{Documents, ReadOptions};
use newsmill_model::Record;
use rayon::prelude::*;

/// Documents in flight at once: bounds memory whatever the input size.
pub const CHUNK: usize = 256;

/// Counts of one run.
pub struct Summary {
    pub written: u64,
    pub skipped: u64,
}

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
/// chunks, turns each record into a `T` with `finish` (still in parallel), and hands each
/// chunk, in input order, to `sink` on a separate thread, so that writing one chunk overlaps
/// computing the next. A bad document is a one-line reason on stderr and a skip; only an
/// error from `sink` fails the run.
pub(crate) fn pipeline<T: Send>(
    paths: &[PathBuf],
    max_doc_bytes: u64,
    chunk_size: usize,
    annotate: bool,
    finish: impl Fn(Record) -> Result<T, String> + Sync,
    mut sink: impl FnMut(Vec<T>) -> Result<()> + Send,
) -> Result<Summary> {
    let pipeline = newsmill_pipeline::Pipeline::new(annotate).context("loading the NER model")?;
    let mut docs = Documents::new(paths, ReadOptions { max_doc_bytes });
    let progress = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    progress.set_style(
        ProgressStyle::with_template("{spinner} {pos} documents {per_sec} {elapsed}")
            .expect("static template"),
    );
    let mut summary = Summary {
        written: 0,
        skipped: 0,
    };
    std::thread::scope(|scope| -> Result<()> {
        // One chunk computed ahead of the writer at most: memory stays bounded.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<T>>(1);
        let writer = scope.spawn(move || -> Result<()> {
            for chunk in rx {
                sink(chunk)?;
            }
            Ok(())
        });
        loop {
            let chunk: Vec<_> = docs.by_ref().take(chunk_size.max(1)).collect();
            if chunk.is_empty() {
                break;
            }
            let results: Vec<Result<T, String>> = chunk
                .into_par_iter()
                .map(|doc| {
                    let raw = doc.map_err(|e| e.to_string())?;
                    let record = pipeline.record(&raw).map_err(|e| e.to_string())?;
                    finish(record)
                })
                .collect();
            let mut done = Vec::with_capacity(results.len());
            for result in results {
                match result {
                    Ok(item) => {
                        done.push(item);
                        summary.written += 1;
                    }
                    Err(reason) => {
                        progress.suspend(|| tracing::warn!("skip: {reason}"));
                        summary.skipped += 1;
                    }
                }
                progress.inc(1);
            }
            if tx.send(done).is_err() {
                // The writer stopped: its error is reported below.
                break;
            }
        }
        drop(tx);
        writer.join().expect("writer thread panicked")
    })?;
    progress.finish_and_clear();
    Ok(summary)
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

/// Counts of an ingest run.
pub struct IngestSummary {
    /// Documents extracted (stored now or before).
    pub processed: Summary,
    /// Records newly stored.
    pub stored: usize,
    /// Records that were already in the store.
    pub existing: usize,
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
    let (mut stored, mut existing) = (0, 0);
    let processed = pipeline(
        paths,
        max_doc_bytes,
        batch,
        true,
        |record| Ok(newsmill_store::Indexed::new(record)),
        |docs| {
            let put = store.put(&docs).context("storing a batch")?;
            stored += put.stored;
            existing += put.existing;
            Ok(())
        },
    )?;
    Ok(IngestSummary {
        processed,
        stored,
        existing,
    })
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
