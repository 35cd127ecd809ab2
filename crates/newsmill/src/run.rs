//! The batch pipeline: reader → parallel extraction and annotation → JSONL writer, in bounded
//! chunks.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsmill_extract::Extractor;
use newsmill_ingest::{Documents, ReadOptions};
use newsmill_model::Record;
use newsmill_ner::Annotator;
use rayon::prelude::*;

/// Documents in flight at once: bounds memory whatever the input size.
const CHUNK: usize = 256;

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

/// Extracts every document under `paths` and writes records to stdout. A bad document is a
/// one-line reason on stderr and a skip; only a failure to write output fails the run.
pub fn extract(paths: &[PathBuf], max_doc_bytes: u64) -> Result<Summary> {
    let extractor = Extractor::new();
    let annotator = Annotator::new().context("loading the NER model")?;
    let mut docs = Documents::new(paths, ReadOptions { max_doc_bytes });
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let progress = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    progress.set_style(
        ProgressStyle::with_template("{spinner} {pos} documents {per_sec} {elapsed}")
            .expect("static template"),
    );
    let mut summary = Summary {
        written: 0,
        skipped: 0,
    };
    loop {
        let chunk: Vec<_> = docs.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let results: Vec<Result<String, String>> = chunk
            .into_par_iter()
            .map(|doc| {
                let raw = doc.map_err(|e| e.to_string())?;
                let article = extractor.extract(&raw).map_err(|e| e.to_string())?;
                let mut record = Record::from_article(article, raw.origin);
                (record.entities, record.quotes) = crate::ner::layers(
                    &annotator,
                    &record.text,
                    record.lang.as_deref(),
                    newsmill_quotes::Layout::default(),
                );
                serde_json::to_string(&record).map_err(|e| format!("{}: {e}", record.id))
            })
            .collect();
        for result in results {
            match result {
                Ok(line) => {
                    out.write_all(line.as_bytes()).context("writing records")?;
                    out.write_all(b"\n").context("writing records")?;
                    summary.written += 1;
                }
                Err(reason) => {
                    progress.suspend(|| tracing::warn!("skip: {reason}"));
                    summary.skipped += 1;
                }
            }
            progress.inc(1);
        }
    }
    out.flush().context("writing records")?;
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
