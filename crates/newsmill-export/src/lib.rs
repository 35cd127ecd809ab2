//! The store's flat tables ([`Table`]) written for the tools analysts use: JSON lines, CSV with
//! a header, or Parquet that pandas, polars and DuckDB read as is. Rows stream from the store's
//! cursor to the writer; Parquet is written in row groups of [`ROW_GROUP`] rows, so memory stays
//! flat whatever the store's size.
//!
//! ```
//! use newsmill_export::{export, Format};
//! use newsmill_store::{SqliteStore, Table};
//! let store = SqliteStore::open_in_memory().unwrap();
//! let mut out = Vec::new();
//! assert_eq!(export(&store, Table::Entities, Format::Csv, &mut out).unwrap(), 0);
//! assert_eq!(String::from_utf8(out).unwrap(), "entity,type,norm,documents,mentions\n");
//! ```
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use newsmill_store::{ColumnType, Store, StoreError, Table, Value};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

/// Rows of a Parquet row group: what the writer holds in memory before it writes them out.
pub const ROW_GROUP: usize = 16_384;
/// Rows gathered into one Arrow batch before they are handed to the Parquet writer.
const BATCH: usize = 4_096;

/// A file format to export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per row, keys in column order, nulls as `null`.
    Jsonl,
    /// RFC 4180 CSV with a header row; a null is an empty field.
    Csv,
    /// Apache Parquet, Snappy-compressed: integers as INT64, floats as DOUBLE, text as UTF-8
    /// strings, every column nullable.
    Parquet,
}

impl Format {
    /// The format of a name: `jsonl`, `csv` or `parquet`.
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "jsonl" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }
}

/// What can go wrong while exporting. Each variant says what was being done; the cause is its
/// [`std::error::Error::source`].
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the store failed.
    #[error("reading the store")]
    Store(#[from] StoreError),
    /// Writing the output failed (a full disk, a closed pipe).
    #[error("writing")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed for a reason other than the output's.
    #[error("writing CSV")]
    Csv(#[source] csv::Error),
    /// The Parquet writer failed.
    #[error("writing Parquet")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// An Arrow batch could not be built (a bug: the columns are typed by the table).
    #[error("building an Arrow batch")]
    Arrow(#[from] arrow_schema::ArrowError),
}

/// Writes every row of `table` in `store` to `out` in `format`; returns the number of rows.
pub fn export<W: Write + Send>(
    store: &dyn Store,
    table: Table,
    format: Format,
    out: W,
) -> Result<u64, ExportError> {
    match format {
        Format::Jsonl => stream(store, table, JsonLines::new(table, out)),
        Format::Csv => stream(store, table, CsvRows::new(table, out)?),
        Format::Parquet => stream(store, table, ParquetRows::new(table, out)?),
    }
}

/// Writes every row of `table` in `store` to the file `path` in `format`; returns the number
/// of rows. The file is written as `PATH.partial` and renamed into place once complete and
/// synced, so a failed export leaves no short file behind (and no `.partial` either).
pub fn export_file(
    store: &dyn Store,
    table: Table,
    format: Format,
    path: &Path,
) -> Result<u64, ExportError> {
    let mut name = path.as_os_str().to_owned();
    name.push(".partial");
    let partial = PathBuf::from(name);
    let write = || -> Result<u64, ExportError> {
        let file = std::fs::File::create(&partial)?;
        let rows = export(store, table, format, &file)?;
        file.sync_all()?;
        std::fs::rename(&partial, path)?;
        Ok(rows)
    };
    write().inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })
}

/// A writer of rows in one format.
trait Rows {
    /// Writes one row.
    fn row(&mut self, values: &[Value]) -> Result<(), ExportError>;
    /// Writes what is buffered and the format's footer.
    fn finish(self) -> Result<(), ExportError>;
}

/// Feeds the store's rows to `sink`, keeping the sink's own error when it is what stopped the
/// export.
fn stream(store: &dyn Store, table: Table, mut sink: impl Rows) -> Result<u64, ExportError> {
    let mut failed: Option<ExportError> = None;
    let n = store.export(table, &mut |values| {
        sink.row(values).map_err(|e| {
            failed = Some(e);
            StoreError::BadQuery("the export's writer failed".into())
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let n = n?;
    sink.finish()?;
    Ok(n)
}

struct JsonLines<W: Write> {
    names: Vec<String>,
    out: std::io::BufWriter<W>,
}

impl<W: Write> JsonLines<W> {
    fn new(table: Table, out: W) -> Self {
        JsonLines {
            // Each key JSON-quoted once.
            names: table
                .columns()
                .iter()
                .map(|c| serde_json::to_string(c.name).expect("a name serialises"))
                .collect(),
            out: std::io::BufWriter::with_capacity(1 << 16, out),
        }
    }
}

impl<W: Write> Rows for JsonLines<W> {
    fn row(&mut self, values: &[Value]) -> Result<(), ExportError> {
        self.out.write_all(b"{")?;
        for (i, (name, v)) in self.names.iter().zip(values).enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            self.out.write_all(name.as_bytes())?;
            self.out.write_all(b":")?;
            match v {
                Value::Null => self.out.write_all(b"null")?,
                Value::Int(x) => write!(self.out, "{x}")?,
                // JSON has no NaN or infinity: those are null.
                Value::Float(x) if x.is_finite() => write!(self.out, "{x}")?,
                Value::Float(_) => self.out.write_all(b"null")?,
                Value::Text(t) => serde_json::to_writer(&mut self.out, t)
                    .map_err(|e| ExportError::Io(e.into()))?,
            }
        }
        self.out.write_all(b"}\n")?;
        Ok(())
    }

    fn finish(mut self) -> Result<(), ExportError> {
        self.out.flush()?;
        Ok(())
    }
}

/// A CSV error, with the output's own failures (a closed pipe, a full disk) as
/// [`ExportError::Io`], so that a caller can tell them apart.
fn csv_error(e: csv::Error) -> ExportError {
    if !e.is_io_error() {
        return ExportError::Csv(e);
    }
    match e.into_kind() {
        csv::ErrorKind::Io(io) => ExportError::Io(io),
        // `is_io_error` holds only for the `Io` kind.
        _ => ExportError::Io(std::io::Error::other("the CSV output failed")),
    }
}

struct CsvRows<W: Write> {
    out: csv::Writer<W>,
    fields: Vec<String>,
}

impl<W: Write> CsvRows<W> {
    fn new(table: Table, out: W) -> Result<Self, ExportError> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(table.columns().iter().map(|c| c.name))
            .map_err(csv_error)?;
        Ok(CsvRows {
            out,
            fields: Vec::new(),
        })
    }
}

impl<W: Write> Rows for CsvRows<W> {
    fn row(&mut self, values: &[Value]) -> Result<(), ExportError> {
        self.fields.clear();
        self.fields.extend(values.iter().map(|v| match v {
            Value::Null => String::new(),
            Value::Int(x) => x.to_string(),
            Value::Float(x) => x.to_string(),
            Value::Text(t) => t.clone(),
        }));
        self.out.write_record(&self.fields).map_err(csv_error)
    }

    fn finish(mut self) -> Result<(), ExportError> {
        self.out.flush()?;
        Ok(())
    }
}

/// One column being gathered into an Arrow batch.
enum Builder {
    Int(Int64Builder),
    Float(Float64Builder),
    Text(StringBuilder),
}

impl Builder {
    fn push(&mut self, v: &Value) {
        match (self, v) {
            (Builder::Int(b), Value::Int(x)) => b.append_value(*x),
            (Builder::Float(b), Value::Float(x)) => b.append_value(*x),
            (Builder::Text(b), Value::Text(t)) => b.append_value(t),
            (Builder::Int(b), _) => b.append_null(),
            (Builder::Float(b), _) => b.append_null(),
            (Builder::Text(b), _) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
            Builder::Text(b) => Arc::new(b.finish()),
        }
    }
}

struct ParquetRows<W: Write + Send> {
    schema: Arc<Schema>,
    builders: Vec<Builder>,
    pending: usize,
    writer: ArrowWriter<W>,
}

/// The Arrow schema of a table: its columns in order, every one nullable.
pub fn arrow_schema(table: Table) -> Schema {
    Schema::new(
        table
            .columns()
            .iter()
            .map(|c| {
                let kind = match c.kind {
                    ColumnType::Int => DataType::Int64,
                    ColumnType::Float => DataType::Float64,
                    ColumnType::Text => DataType::Utf8,
                };
                Field::new(c.name, kind, true)
            })
            .collect::<Vec<_>>(),
    )
}

impl<W: Write + Send> ParquetRows<W> {
    fn new(table: Table, out: W) -> Result<Self, ExportError> {
        let schema = Arc::new(arrow_schema(table));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_size(ROW_GROUP)
            .set_created_by(format!("newsmill {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props))?;
        let builders = table
            .columns()
            .iter()
            .map(|c| match c.kind {
                ColumnType::Int => Builder::Int(Int64Builder::with_capacity(BATCH)),
                ColumnType::Float => Builder::Float(Float64Builder::with_capacity(BATCH)),
                ColumnType::Text => Builder::Text(StringBuilder::new()),
            })
            .collect();
        Ok(ParquetRows {
            schema,
            builders,
            pending: 0,
            writer,
        })
    }

    fn flush_batch(&mut self) -> Result<(), ExportError> {
        if self.pending == 0 {
            return Ok(());
        }
        let columns: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), columns)?;
        self.writer.write(&batch)?;
        self.pending = 0;
        Ok(())
    }
}

impl<W: Write + Send> Rows for ParquetRows<W> {
    fn row(&mut self, values: &[Value]) -> Result<(), ExportError> {
        for (b, v) in self.builders.iter_mut().zip(values) {
            b.push(v);
        }
        self.pending += 1;
        if self.pending >= BATCH {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(), ExportError> {
        self.flush_batch()?;
        self.writer.close()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
