//! The native half of the `newsmill` Python package (`newsmill._native`): the same Rust engine as
//! the CLI, called in process. It speaks in JSON strings and plain tuples; the Python half
//! (`python/newsmill/__init__.py`) turns them into dicts, lists and DataFrames and holds the
//! docstrings a notebook user reads.
//!
//! Work on documents runs with the GIL released, on a rayon pool of the caller's size; a bad
//! document is a `ValueError` (one call) or a skip with its reason (a batch), never a crash.
use std::sync::OnceLock;

use newsmill_pipeline::Pipeline;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;

mod input;
mod store;
mod stream;

/// mimalloc, as the CLI uses: extraction and annotation allocate many small strings, and the
/// package must keep the CLI's pace.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pyo3::create_exception!(
    newsmill,
    Error,
    PyException,
    "A failure inside newsmill that is not the caller's argument: a damaged store, a full disk, a model that would not load."
);

/// The error a Python caller sees for `e`, with its causes.
pub(crate) fn error(e: impl std::error::Error) -> PyErr {
    Error::new_err(chain(&e))
}

/// `e` and each of its sources, joined by `: `.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// The committed models, loaded once per process on first use: with the entity models when
/// `annotate`, without them otherwise.
pub(crate) fn pipeline(annotate: bool) -> PyResult<&'static Pipeline> {
    static WITH: OnceLock<Pipeline> = OnceLock::new();
    static WITHOUT: OnceLock<Pipeline> = OnceLock::new();
    let cell = if annotate { &WITH } else { &WITHOUT };
    if let Some(p) = cell.get() {
        return Ok(p);
    }
    let p = Pipeline::new(annotate).map_err(error)?;
    Ok(cell.get_or_init(|| p))
}

/// A rayon pool of `threads` workers (all cores when `None`).
pub(crate) fn pool(threads: Option<usize>) -> PyResult<rayon::ThreadPool> {
    if threads == Some(0) {
        return Err(PyValueError::new_err("threads must be at least 1"));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .thread_name(|i| format!("newsmill-{i}"))
        .build()
        .map_err(error)
}

/// One page to its record, as JSON; `path` names the file it was read from.
#[pyfunction]
#[pyo3(signature = (page, url=None, kind="auto", annotate=true, path=None))]
fn extract(
    py: Python<'_>,
    page: input::Page,
    url: Option<String>,
    kind: &str,
    annotate: bool,
    path: Option<String>,
) -> PyResult<String> {
    let raw = input::raw_doc(page, kind, url, path).map_err(PyValueError::new_err)?;
    let pipeline = pipeline(annotate)?;
    py.detach(|| stream::record_json(pipeline, raw))
        .map_err(PyValueError::new_err)
}

/// One bare text's language, entities and quotes, as JSON.
#[pyfunction]
#[pyo3(signature = (text, lang=None))]
fn annotate(py: Python<'_>, text: String, lang: Option<String>) -> PyResult<String> {
    let pipeline = pipeline(true)?;
    let annotator = pipeline
        .annotator()
        .ok_or_else(|| Error::new_err("the entity models are not loaded"))?;
    py.detach(|| {
        let (lang, entities, quotes) = newsmill_pipeline::annotate_text(annotator, &text, lang);
        serde_json::to_string(&serde_json::json!({
            "lang": lang,
            "text": text,
            "entities": entities,
            "quotes": quotes,
        }))
    })
    .map_err(error)
}

/// The module: `extract`, `annotate`, `Stream` (behind `extract_many`), `Store` and `Error`.
#[pymodule]
mod _native {
    #[pymodule_export]
    use super::annotate;
    #[pymodule_export]
    use super::extract;
    #[pymodule_export]
    use super::store::Store;
    #[pymodule_export]
    use super::stream::Stream;
    #[pymodule_export]
    use super::Error;
}
