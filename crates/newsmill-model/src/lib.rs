//! The data contract of newsmill: the types that flow between stages.
//!
//! A page travels `RawDoc` → [`Article`] → [`Record`]: the reader (`newsmill-ingest`) makes a
//! [`RawDoc`] (bytes plus where they came from), extraction (`newsmill-extract`) turns it into an
//! [`Article`] (clean body and metadata, with everything it dropped kept in
//! [`Article::removed`]), and the binary serialises a [`Record`], one JSON object per document.
//! Later stages add stand-off layers (entities, quotes) over [`Record::text`]; their offsets are
//! Unicode code points, half-open, the indices Python uses.
//!
//! ```
//! use newsmill_model::{Article, Origin, Record};
//!
//! let article = Article {
//!     title: Some("В Кремле назвали партнеров".into()),
//!     paragraphs: vec!["Первый абзац.".into(), "Второй абзац.".into()],
//!     ..Article::default()
//! };
//! let record = Record::from_article(article, Origin::default());
//! assert_eq!(record.text, "Первый абзац.\n\nВторой абзац.");
//! assert_eq!(record.id.len(), 32);
//! ```
#![deny(missing_docs)]

mod article;
mod raw;
mod record;

mod annotation;
pub use annotation::{Cue, Entity, EntityType, Field, Mention, Quote, QuoteKind, Speaker};
pub use article::{Article, DateSource, Dateline, Link, Removed, RemovedKind};
pub use raw::{Format, Origin, RawDoc};
pub use record::{content_id, Record};
