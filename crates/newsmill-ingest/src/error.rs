use std::path::PathBuf;

/// Why a document (or the rest of a file) could not be read.
///
/// Every variant names where: the path, and the line, record offset or item within it.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file or directory could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The input.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A document is larger than [`crate::ReadOptions::max_doc_bytes`]; it is skipped whole.
    #[error("{what}: document of {size} bytes is over the limit of {limit} bytes; skipped")]
    TooLarge {
        /// The document (path, record or line).
        what: String,
        /// Its size, as far as it is known (at least `limit + 1`).
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// A JSONL line is not a JSON object with `html` or `text`.
    #[error("{path}:{line}: {message}")]
    Jsonl {
        /// The input.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// What is wrong with it.
        message: String,
    },
    /// A WARC file is malformed or truncated at `offset`; the rest of the file is skipped.
    #[error("{path}: WARC record at byte {offset}: {message}")]
    Warc {
        /// The input.
        path: PathBuf,
        /// Offset of the record in the (decompressed) stream.
        offset: u64,
        /// What is wrong with it.
        message: String,
    },
    /// An RSS/Atom feed could not be parsed.
    #[error("{path}: feed: {message}")]
    Feed {
        /// The input.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The input is empty: nothing to extract.
    #[error("{what}: empty input; skipped")]
    Empty {
        /// The input.
        what: String,
    },
}
