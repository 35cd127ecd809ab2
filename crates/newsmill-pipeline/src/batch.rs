//! Many documents through the pipeline: bounded chunks computed in parallel on the current rayon
//! pool, each handed in input order to a sink on its own thread, so that writing one chunk
//! overlaps computing the next. The CLI's `extract` and `ingest`, the ingest bench and the
//! Python binding all run this one loop.
use std::fmt::Display;

use newsmill_model::{RawDoc, Record};
use newsmill_store::{Indexed, Store, StoreError};
use rayon::prelude::*;

use crate::Pipeline;

/// Documents in flight at once by default: bounds memory whatever the input size.
pub const CHUNK: usize = 256;

/// Counts of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents that became records and reached the sink.
    pub written: u64,
    /// Documents skipped as bad input (each reported to the observer with its reason).
    pub skipped: u64,
}

/// Runs every document of `docs` through `pipeline` in chunks of `chunk_size`, turns each record
/// into a `T` with `finish` (still in parallel), and hands each chunk, in input order, to `sink`.
///
/// A document that cannot be read (an `Err` from `docs`), extracted or finished is a skip: its
/// reason goes to `observe`, and the run goes on. `observe` also sees `None` for each document
/// that reached the sink, which is what a progress bar needs. Only an error from `sink` stops the
/// run, and it is returned; chunks already handed over stay with the sink.
pub fn run<DE, T, E>(
    pipeline: &Pipeline,
    docs: impl Iterator<Item = Result<RawDoc, DE>>,
    chunk_size: usize,
    finish: impl Fn(Record) -> Result<T, String> + Sync,
    mut sink: impl FnMut(Vec<T>) -> Result<(), E> + Send,
    mut observe: impl FnMut(Option<&str>),
) -> Result<Summary, E>
where
    DE: Display + Send,
    T: Send,
    E: Send,
{
    let mut docs = docs;
    let mut summary = Summary::default();
    std::thread::scope(|scope| -> Result<(), E> {
        // One chunk computed ahead of the sink at most: memory stays bounded.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<T>>(1);
        let writer = scope.spawn(move || -> Result<(), E> {
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
                        observe(None);
                    }
                    Err(reason) => {
                        summary.skipped += 1;
                        observe(Some(&reason));
                    }
                }
            }
            if tx.send(done).is_err() {
                // The sink stopped: its error is returned below.
                break;
            }
        }
        drop(tx);
        match writer.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })?;
    Ok(summary)
}

/// Counts of an ingest run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Documents processed (stored now or before) and skipped.
    pub processed: Summary,
    /// Records newly stored.
    pub stored: usize,
    /// Records that were already in the store.
    pub existing: usize,
}

/// Extracts, annotates (as `pipeline` does) and stores every document of `docs`: one
/// transaction per `batch` documents, so a run killed at any point leaves whole batches stored
/// and a rerun adds exactly the rest. Skips go to `observe` as in [`run`].
pub fn ingest<DE: Display + Send>(
    pipeline: &Pipeline,
    store: &dyn Store,
    docs: impl Iterator<Item = Result<RawDoc, DE>>,
    batch: usize,
    observe: impl FnMut(Option<&str>),
) -> Result<IngestSummary, StoreError> {
    let (mut stored, mut existing) = (0, 0);
    let processed = run::<_, _, StoreError>(
        pipeline,
        docs,
        batch,
        |record| Ok(Indexed::new(record)),
        |docs| {
            let put = store.put(&docs)?;
            stored += put.stored;
            existing += put.existing;
            Ok(())
        },
        observe,
    )?;
    Ok(IngestSummary {
        processed,
        stored,
        existing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsmill_model::{Format, Origin};

    fn page(i: usize) -> RawDoc {
        let body = format!(
            "<html><head><title>Заголовок {i}</title></head><body><article><p>Жители города \
             номер {i} вышли на улицы, чтобы встретить весну. Праздник продолжался до вечера, \
             рассказали организаторы.</p></article></body></html>"
        );
        RawDoc::new(Origin::default(), Format::Html, body.into_bytes())
    }

    #[test]
    fn chunks_reach_the_sink_in_input_order_and_bad_documents_are_skips() {
        let pipeline = Pipeline::new(false).unwrap();
        let docs = (0..7).map(|i| {
            if i == 3 {
                Err("unreadable")
            } else {
                Ok(page(i))
            }
        });
        let mut titles = Vec::new();
        let mut seen = (0, Vec::new());
        let summary = run(
            &pipeline,
            docs,
            2,
            |r| Ok(r.title.unwrap_or_default()),
            |chunk| {
                titles.extend(chunk);
                Ok::<_, ()>(())
            },
            |skip| match skip {
                None => seen.0 += 1,
                Some(reason) => seen.1.push(reason.to_string()),
            },
        )
        .unwrap();
        assert_eq!(
            summary,
            Summary {
                written: 6,
                skipped: 1
            }
        );
        assert_eq!(seen, (6, vec!["unreadable".to_string()]));
        let want: Vec<String> = [0, 1, 2, 4, 5, 6]
            .iter()
            .map(|i| format!("Заголовок {i}"))
            .collect();
        assert_eq!(titles, want);
    }

    #[test]
    fn a_sink_error_stops_the_run_and_is_returned() {
        let pipeline = Pipeline::new(false).unwrap();
        let docs = (0..100).map(|i| Ok::<_, String>(page(i)));
        let mut calls = 0;
        let result = run(
            &pipeline,
            docs,
            4,
            Ok,
            |_| {
                calls += 1;
                Err("disk full")
            },
            |_| {},
        );
        assert_eq!(result, Err("disk full"));
        assert_eq!(calls, 1);
    }

    #[test]
    fn ingest_stores_each_record_once() {
        let pipeline = Pipeline::new(false).unwrap();
        let store = newsmill_store::SqliteStore::open_in_memory().unwrap();
        let docs = || (0..5).map(|i| Ok::<_, String>(page(i)));
        let first = ingest(&pipeline, &store, docs(), 2, |_| {}).unwrap();
        assert_eq!((first.stored, first.existing), (5, 0));
        let again = ingest(&pipeline, &store, docs(), 2, |_| {}).unwrap();
        assert_eq!((again.stored, again.existing), (0, 5));
    }
}
