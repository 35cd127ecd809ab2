//! Readers: everything that turns input into [`RawDoc`]s.
//!
//! [`Documents`] walks the paths it is given (files, directories recursively, `-` for standard
//! input) and yields one `Result<RawDoc, IngestError>` per document, lazily, so a 10 GB WARC
//! streams through in bounded memory. An error names the file (and the line, record or item)
//! and what went wrong; the iterator goes on with the next document or file after it, so one bad
//! input never stops a batch.
//!
//! What each input is comes from its name, else from its first bytes: `.html`/`.htm` pages,
//! `.txt` scraped text, `.jsonl` (objects with `html` or `text`, optional `url` and `id`),
//! `.warc`/`.warc.gz` (HTML response records), RSS/Atom feeds (`.xml`, `.rss`, `.atom`; each
//! item a document). Gzip is undone wherever it is found.
//!
//! ```
//! use newsmill_ingest::{Documents, ReadOptions};
//! use newsmill_model::Format;
//!
//! let dir = std::env::temp_dir().join("newsmill-ingest-doc");
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("a.html"), "<html><title>T</title><p>Body</p></html>").unwrap();
//! std::fs::write(dir.join("b.jsonl"), "{\"text\": \"Line one\\nLine two\", \"id\": \"x\"}\n").unwrap();
//! let docs: Vec<_> = Documents::new(&[dir], ReadOptions::default()).collect();
//! assert_eq!(docs.len(), 2);
//! assert_eq!(docs[0].as_ref().unwrap().format, Format::Html);
//! assert_eq!(docs[1].as_ref().unwrap().origin.source_id.as_deref(), Some("x"));
//! ```
#![deny(missing_docs)]

mod error;
mod feed;
mod jsonl;
mod source;
mod warc;

pub use error::IngestError;
pub use feed::parse_feed;
pub use jsonl::{parse_document, JsonDocError};
pub use source::{Documents, InputKind, ReadOptions};
pub use warc::WarcReader;

pub use newsmill_model::RawDoc;
