//! `Stream`: the engine behind `newsmill.extract_many`. The Python half submits chunks of
//! documents and collects finished chunks in order; each chunk runs on a rayon pool with the GIL
//! released, so extraction of the next chunk overlaps Python's reading of the last.
use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Mutex};

use newsmill_model::RawDoc;
use newsmill_pipeline::Pipeline;
use pyo3::prelude::*;
use rayon::prelude::*;

use crate::input::{self, Page};

/// One document's outcome: its record as JSON, or why it was skipped.
type Outcome = Result<String, String>;

/// A document as the Python half hands it over: `(kind, page, url, path)`.
type Item = (String, Page, Option<String>, Option<String>);

/// Documents in, records out, in input order; see the module documentation.
#[pyclass(frozen, module = "newsmill._native")]
pub struct Stream {
    pool: rayon::ThreadPool,
    pipeline: &'static Pipeline,
    pending: Mutex<VecDeque<mpsc::Receiver<Vec<Outcome>>>>,
}

#[pymethods]
impl Stream {
    /// A stream on `threads` workers (all cores when `None`), annotating when `annotate`.
    #[new]
    #[pyo3(signature = (threads=None, annotate=true))]
    fn new(threads: Option<usize>, annotate: bool) -> PyResult<Self> {
        Ok(Stream {
            pool: crate::pool(threads)?,
            pipeline: crate::pipeline(annotate)?,
            pending: Mutex::new(VecDeque::new()),
        })
    }

    /// Queues a chunk of `(kind, page, url, path)` items and returns at once.
    fn submit(&self, items: Vec<Item>) {
        let docs: Vec<Result<RawDoc, String>> = items
            .into_iter()
            .map(|(kind, page, url, path)| input::raw_doc(page, &kind, url, path))
            .collect();
        let (tx, rx) = mpsc::sync_channel(1);
        let pipeline = self.pipeline;
        self.pool.spawn(move || {
            let outcomes: Vec<Outcome> = docs
                .into_par_iter()
                .map(|doc| record_json(pipeline, doc?))
                .collect();
            // The receiver is gone only when the stream was dropped mid-way.
            let _ = tx.send(outcomes);
        });
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(rx);
    }

    /// The oldest queued chunk's outcomes as `(ok, record JSON or skip reason)`, waiting for it
    /// with the GIL released; `None` when nothing is queued.
    fn collect(&self, py: Python<'_>) -> PyResult<Option<Vec<(bool, String)>>> {
        let next = self
            .pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop_front();
        let Some(rx) = next else {
            return Ok(None);
        };
        let outcomes = py
            .detach(move || rx.recv())
            .map_err(|_| crate::Error::new_err("a newsmill worker thread stopped"))?;
        Ok(Some(
            outcomes
                .into_iter()
                .map(|o| match o {
                    Ok(json) => (true, json),
                    Err(reason) => (false, reason),
                })
                .collect(),
        ))
    }
}

/// The record of `raw` as JSON. A panic inside the engine is this document's error, not the
/// interpreter's end: a notebook must survive one bad page.
pub(crate) fn record_json(pipeline: &Pipeline, raw: RawDoc) -> Outcome {
    let name = raw.origin.describe();
    catch_unwind(AssertUnwindSafe(|| {
        let record = pipeline.record(&raw).map_err(|e| e.to_string())?;
        serde_json::to_string(&record).map_err(|e| e.to_string())
    }))
    .unwrap_or_else(|_| {
        Err(format!(
            "{name}: internal error (a newsmill bug; please report it)"
        ))
    })
}
