//! `Store`: a newsmill store from Python: ingest files, search, read articles and stories,
//! and read or export its flat tables. Every call runs with the GIL released but `table`, which
//! builds Python rows as it reads them.
use std::path::{Path, PathBuf};
use std::sync::Arc;

use newsmill_store::{
    EntityRef, SearchQuery, SqliteStore, Store as Backend, StoreError, StoryQuery,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// Skip reasons kept for the caller of one `ingest` (the counts are always whole).
const MAX_SKIP_REASONS: usize = 1000;

/// A store opened from Python; see the module documentation.
#[pyclass(frozen, module = "newsmill._native")]
pub struct Store {
    inner: Arc<dyn Backend>,
}

/// `ValueError` for what the caller asked wrongly, `newsmill.Error` for the rest.
fn store_error(e: StoreError) -> PyErr {
    match e {
        StoreError::BadQuery(reason) => PyValueError::new_err(reason),
        other => crate::error(other),
    }
}

/// `s` as JSON; the store's types always serialise.
fn json(s: &impl serde::Serialize) -> PyResult<String> {
    serde_json::to_string(s).map_err(crate::error)
}

/// Opens (creating) the SQLite store at `path` for writing, or an existing one read-only; a
/// store made by an older newsmill is upgraded first, as the CLI does.
fn open(path: &Path, read_only: bool) -> Result<Arc<dyn Backend>, StoreError> {
    let store = if !read_only {
        SqliteStore::open(path)?
    } else {
        match SqliteStore::open_read_only(path) {
            Err(StoreError::Outdated { .. }) => {
                SqliteStore::upgrade(path)?;
                SqliteStore::open_read_only(path)?
            }
            other => other?,
        }
    };
    Ok(Arc::new(store))
}

#[pymethods]
impl Store {
    /// Opens the SQLite store at `path`, creating it (and its folder) unless `read_only`, or
    /// connects to the PostgreSQL store at a `postgres://` URL.
    #[new]
    #[pyo3(signature = (path, read_only=false))]
    fn new(py: Python<'_>, path: String, read_only: bool) -> PyResult<Self> {
        if path.starts_with("postgres://") || path.starts_with("postgresql://") {
            let store = py
                .detach(|| newsmill_store_pg::PgStore::connect(&path))
                .map_err(store_error)?;
            return Ok(Store {
                inner: Arc::new(store),
            });
        }
        let path = PathBuf::from(path);
        if !read_only {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| {
                    crate::Error::new_err(format!("creating {}: {e}", dir.display()))
                })?;
            }
        }
        let inner = py.detach(|| open(&path, read_only)).map_err(store_error)?;
        Ok(Store { inner })
    }

    /// Extracts, annotates and stores every document under `paths` in batches of `batch`, on
    /// `threads` workers. Returns `(processed, skipped, stored, existing, skip reasons)`.
    #[pyo3(signature = (paths, batch=256, threads=None))]
    fn ingest(
        &self,
        py: Python<'_>,
        paths: Vec<PathBuf>,
        batch: usize,
        threads: Option<usize>,
    ) -> PyResult<(u64, u64, usize, usize, Vec<String>)> {
        if batch == 0 {
            return Err(PyValueError::new_err("batch must be at least 1"));
        }
        let pool = crate::pool(threads)?;
        let pipeline = crate::pipeline(true)?;
        let mut reasons = Vec::new();
        let summary = py
            .detach(|| {
                pool.install(|| {
                    let docs = newsmill_ingest::Documents::new(
                        &paths,
                        newsmill_ingest::ReadOptions::default(),
                    );
                    newsmill_pipeline::ingest(pipeline, self.inner.as_ref(), docs, batch, |skip| {
                        if let Some(reason) = skip.filter(|_| reasons.len() < MAX_SKIP_REASONS) {
                            reasons.push(reason.to_owned());
                        }
                    })
                })
            })
            .map_err(store_error)?;
        Ok((
            summary.processed.written,
            summary.processed.skipped,
            summary.stored,
            summary.existing,
            reasons,
        ))
    }

    /// Articles matching the words (by lemma) and filters, as the JSON of the store's search
    /// results: `total`, `hits`, `facets`.
    #[pyo3(signature = (text=None, outlet=None, since=None, until=None, lang=None, entity=None,
                        speaker=None, story=None, limit=20, offset=0))]
    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        py: Python<'_>,
        text: Option<String>,
        outlet: Option<String>,
        since: Option<String>,
        until: Option<String>,
        lang: Option<String>,
        entity: Option<String>,
        speaker: Option<String>,
        story: Option<i64>,
        limit: usize,
        offset: usize,
    ) -> PyResult<String> {
        let query = SearchQuery {
            text: text.filter(|t| !t.trim().is_empty()),
            outlet,
            from: since,
            to: until,
            lang,
            entity: entity.as_deref().map(EntityRef::parse),
            speaker: speaker.as_deref().map(EntityRef::parse),
            story,
            offset,
            limit,
        };
        query.validate().map_err(store_error)?;
        let results = py
            .detach(|| self.inner.search(&query))
            .map_err(store_error)?;
        json(&results)
    }

    /// One stored article (`record`, `entity_ids`, `story`) as JSON, or `None`.
    fn article(&self, py: Python<'_>, id: String) -> PyResult<Option<String>> {
        let view = py.detach(|| self.inner.article(&id)).map_err(store_error)?;
        view.map(|v| json(&v)).transpose()
    }

    /// Stories with at least `min_articles` articles, largest first, as JSON (`total`,
    /// `stories`).
    #[pyo3(signature = (min_articles=2, limit=20, offset=0))]
    fn stories(
        &self,
        py: Python<'_>,
        min_articles: usize,
        limit: usize,
        offset: usize,
    ) -> PyResult<String> {
        let query = StoryQuery {
            min_articles,
            limit,
            offset,
        };
        query.validate().map_err(store_error)?;
        let list = py
            .detach(|| self.inner.stories(&query))
            .map_err(store_error)?;
        json(&list)
    }

    /// One story with its articles, entities and quotes, as JSON, or `None`.
    fn story(&self, py: Python<'_>, id: i64) -> PyResult<Option<String>> {
        let view = py.detach(|| self.inner.story(id)).map_err(store_error)?;
        view.map(|v| json(&v)).transpose()
    }

    /// Counts of everything stored, as JSON.
    fn stats(&self, py: Python<'_>) -> PyResult<String> {
        let stats = py.detach(|| self.inner.stats()).map_err(store_error)?;
        json(&stats)
    }

    /// The column names of a flat table and its rows as tuples of `None`, `int`, `float` and
    /// `str`.
    fn table<'py>(
        &self,
        py: Python<'py>,
        name: &str,
    ) -> PyResult<(Vec<&'static str>, Vec<Bound<'py, PyTuple>>)> {
        let table = table(name)?;
        let columns = table.columns().iter().map(|c| c.name).collect();
        let mut rows = Vec::new();
        let mut failed = None;
        let read = self.inner.export(table, &mut |values| {
            match row(py, values) {
                Ok(r) => rows.push(r),
                Err(e) => {
                    failed = Some(e);
                    return Err(StoreError::BadQuery("stopped by Python".into()));
                }
            }
            Ok(())
        });
        if let Some(e) = failed {
            return Err(e);
        }
        read.map_err(store_error)?;
        Ok((columns, rows))
    }

    /// Writes a flat table to `path` as `jsonl`, `csv` or `parquet`; returns the rows written.
    fn export(&self, py: Python<'_>, name: &str, format: &str, path: PathBuf) -> PyResult<u64> {
        let table = table(name)?;
        let format = newsmill_export::Format::parse(format).ok_or_else(|| {
            PyValueError::new_err(format!(
                "format must be \"jsonl\", \"csv\" or \"parquet\", not {format:?}"
            ))
        })?;
        py.detach(|| newsmill_export::export_file(self.inner.as_ref(), table, format, &path))
            .map_err(|e| {
                crate::Error::new_err(format!(
                    "exporting {name} to {}: {}",
                    path.display(),
                    crate::chain(&e)
                ))
            })
    }
}

/// The table called `name`, or a `ValueError` listing the names.
fn table(name: &str) -> PyResult<newsmill_store::Table> {
    newsmill_store::Table::parse(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "no table {name:?}: articles, entities, mentions, quotes or stories"
        ))
    })
}

/// One exported row as a Python tuple.
fn row<'py>(py: Python<'py>, values: &[newsmill_store::Value]) -> PyResult<Bound<'py, PyTuple>> {
    use newsmill_store::Value;
    let cells: Vec<Bound<'py, PyAny>> = values
        .iter()
        .map(|v| -> PyResult<Bound<'py, PyAny>> {
            Ok(match v {
                Value::Null => py.None().into_bound(py),
                Value::Int(i) => i.into_pyobject(py)?.into_any(),
                Value::Float(f) => f.into_pyobject(py)?.into_any(),
                Value::Text(s) => s.into_pyobject(py)?.into_any(),
            })
        })
        .collect::<PyResult<_>>()?;
    PyTuple::new(py, cells)
}
