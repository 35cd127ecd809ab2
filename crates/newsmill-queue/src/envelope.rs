//! One document as one queue message: a header line of JSON with everything a [`RawDoc`] knows
//! besides its bytes, then the bytes exactly as they came.
//!
//! The bytes are not put inside the JSON: a page may be in any encoding (a declared `windows-1251`
//! charset is common in Russian news), and JSON strings hold only Unicode. Pages over a few
//! kilobytes are compressed with zstd (the header says so): HTML shrinks five to ten times, so a
//! page of several megabytes, scripts and all, still fits NATS's default 1 MiB message limit,
//! and the stream's disk holds five times as many waiting documents.

use newsmill_model::{Format, Origin, RawDoc};
use serde::{Deserialize, Serialize};

/// The first bytes of every message this version writes. A message without them is not a
/// newsmill document; a later layout will change the number.
const MAGIC: &[u8] = b"newsmill-doc/1 ";

/// Pages shorter than this go uncompressed: zstd gains little on them and costs a frame.
const COMPRESS_FROM: usize = 4 << 10;

/// The largest page a message may expand to: a compressed message is refused beyond it rather
/// than inflated without bound.
pub const MAX_PAGE_BYTES: usize = 64 << 20;

/// A message that is not a newsmill document.
#[derive(Debug, thiserror::Error)]
pub enum EnvelopeError {
    /// The message does not start with the envelope's mark.
    #[error("not a newsmill document (a message starts with `newsmill-doc/1 `)")]
    NotADocument,
    /// The header line is missing its end.
    #[error("the document's header line has no end")]
    Unterminated,
    /// The header line is not the JSON the envelope writes.
    #[error("the document's header is malformed: {0}")]
    Header(#[from] serde_json::Error),
    /// The compressed page does not decompress, or grows past [`MAX_PAGE_BYTES`].
    #[error("the document's compressed page is damaged or too large: {0}")]
    Compressed(String),
}

/// Everything of a [`RawDoc`] but its bytes, borrowed for writing.
#[derive(Serialize)]
struct HeaderRef<'a> {
    format: Format,
    origin: &'a Origin,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    charset: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title_hint: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published_hint: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outlet_hint: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang_hint: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    authors_hint: &'a [String],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    body_only: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    zstd: bool,
}

/// The header as read back.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: Format,
    #[serde(default)]
    origin: Origin,
    url: Option<String>,
    charset: Option<String>,
    title_hint: Option<String>,
    published_hint: Option<String>,
    outlet_hint: Option<String>,
    lang_hint: Option<String>,
    #[serde(default)]
    authors_hint: Vec<String>,
    #[serde(default)]
    body_only: bool,
    /// The page's bytes are one zstd frame.
    #[serde(default)]
    zstd: bool,
}

/// The message for `doc`.
pub fn encode(doc: &RawDoc) -> Vec<u8> {
    let compressed = (doc.bytes.len() >= COMPRESS_FROM)
        .then(|| zstd::bulk::compress(&doc.bytes, 3).ok())
        .flatten()
        .filter(|c| c.len() < doc.bytes.len());
    let header = HeaderRef {
        format: doc.format,
        origin: &doc.origin,
        url: doc.url.as_deref(),
        charset: doc.charset.as_deref(),
        title_hint: doc.title_hint.as_deref(),
        published_hint: doc.published_hint.as_deref(),
        outlet_hint: doc.outlet_hint.as_deref(),
        lang_hint: doc.lang_hint.as_deref(),
        authors_hint: &doc.authors_hint,
        body_only: doc.body_only,
        zstd: compressed.is_some(),
    };
    let page = compressed.as_deref().unwrap_or(&doc.bytes);
    // serde_json escapes every control character in strings, so the header is one line.
    let json = serde_json::to_vec(&header).expect("a header always serialises");
    let mut out = Vec::with_capacity(MAGIC.len() + json.len() + 1 + page.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&json);
    out.push(b'\n');
    out.extend_from_slice(page);
    out
}

/// The document in `message`, as [`encode`] wrote it.
pub fn decode(message: &[u8]) -> Result<RawDoc, EnvelopeError> {
    let rest = message
        .strip_prefix(MAGIC)
        .ok_or(EnvelopeError::NotADocument)?;
    let end = rest
        .iter()
        .position(|&b| b == b'\n')
        .ok_or(EnvelopeError::Unterminated)?;
    let header: Header = serde_json::from_slice(&rest[..end])?;
    let page = &rest[end + 1..];
    let bytes = if header.zstd {
        decompress(page)?
    } else {
        page.to_vec()
    };
    let mut doc = RawDoc::new(header.origin, header.format, bytes);
    doc.url = header.url;
    doc.charset = header.charset;
    doc.title_hint = header.title_hint;
    doc.published_hint = header.published_hint;
    doc.outlet_hint = header.outlet_hint;
    doc.lang_hint = header.lang_hint;
    doc.authors_hint = header.authors_hint;
    doc.body_only = header.body_only;
    Ok(doc)
}

/// One zstd frame, refused past [`MAX_PAGE_BYTES`] (a small message must not inflate to fill
/// the worker's memory).
fn decompress(frame: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
    use std::io::Read;
    let decoder =
        zstd::stream::Decoder::new(frame).map_err(|e| EnvelopeError::Compressed(e.to_string()))?;
    let mut out = Vec::with_capacity(frame.len() * 4);
    decoder
        .take(MAX_PAGE_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| EnvelopeError::Compressed(e.to_string()))?;
    if out.len() > MAX_PAGE_BYTES {
        return Err(EnvelopeError::Compressed(format!(
            "over {MAX_PAGE_BYTES} bytes"
        )));
    }
    Ok(out)
}

/// The message's identity for skips: a hash of its bytes, so that a bad message redelivered
/// is one skip.
pub fn message_id(message: &[u8]) -> String {
    blake3::hash(message).to_hex()[..32].to_owned()
}

/// The id JetStream de-duplicates publishes by: the message's hash on its subject, so that the
/// same document pushed twice to one subject within the stream's duplicate window is queued
/// once, and pushed to two subjects (two desks, two benches) is queued for each.
pub fn publish_id(subject: &str, message: &[u8]) -> String {
    let mut h = blake3::Hasher::new();
    h.update(subject.as_bytes());
    h.update(&[0]);
    h.update(message);
    h.finalize().to_hex()[..32].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn full_doc() -> RawDoc {
        let mut doc = RawDoc::new(
            Origin {
                path: Some("feeds/ria.xml".into()),
                item: Some(3),
                source_id: Some("guid-7".into()),
                ..Origin::default()
            },
            Format::Html,
            // windows-1251 «Привет», then a newline inside the page.
            vec![0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, b'\n', b'x'],
        );
        doc.url = Some("https://ria.ru/1.html".into());
        doc.charset = Some("windows-1251".into());
        doc.title_hint = Some("Заголовок\nс переводом строки".into());
        doc.published_hint = Some("2024-03-01".into());
        doc.outlet_hint = Some("РИА Новости".into());
        doc.lang_hint = Some("ru".into());
        doc.authors_hint = vec!["Иван Петров".into()];
        doc.body_only = true;
        doc
    }

    fn same(a: &RawDoc, b: &RawDoc) {
        assert_eq!(a.origin, b.origin);
        assert_eq!(a.format, b.format);
        assert_eq!(a.bytes, b.bytes);
        assert_eq!(a.url, b.url);
        assert_eq!(a.charset, b.charset);
        assert_eq!(a.title_hint, b.title_hint);
        assert_eq!(a.published_hint, b.published_hint);
        assert_eq!(a.outlet_hint, b.outlet_hint);
        assert_eq!(a.lang_hint, b.lang_hint);
        assert_eq!(a.authors_hint, b.authors_hint);
        assert_eq!(a.body_only, b.body_only);
    }

    #[test]
    fn a_document_with_every_hint_and_non_utf8_bytes_round_trips() {
        let doc = full_doc();
        same(&decode(&encode(&doc)).unwrap(), &doc);
        let bare = RawDoc::new(Origin::default(), Format::Text, Vec::new());
        same(&decode(&encode(&bare)).unwrap(), &bare);
    }

    #[test]
    fn a_large_page_travels_compressed_and_comes_back_whole() {
        let page: Vec<u8> = "<p>Пресс-секретарь президента заявил журналистам.</p>\n"
            .repeat(40_000)
            .into_bytes();
        let doc = RawDoc::new(Origin::default(), Format::Html, page);
        let message = encode(&doc);
        assert!(message.len() * 20 < doc.bytes.len(), "{}", message.len());
        same(&decode(&message).unwrap(), &doc);
    }

    #[test]
    fn a_damaged_or_inflating_frame_is_an_error() {
        assert!(matches!(
            decode(b"newsmill-doc/1 {\"format\":\"html\",\"zstd\":true}\nnot zstd"),
            Err(EnvelopeError::Compressed(_))
        ));
        let bomb = zstd::bulk::compress(&vec![0u8; MAX_PAGE_BYTES + 10], 1).unwrap();
        let mut message = b"newsmill-doc/1 {\"format\":\"text\",\"zstd\":true}\n".to_vec();
        message.extend_from_slice(&bomb);
        assert!(matches!(
            decode(&message),
            Err(EnvelopeError::Compressed(_))
        ));
    }

    #[test]
    fn foreign_and_damaged_messages_are_errors() {
        assert!(matches!(
            decode(b"{\"text\": \"hello\"}"),
            Err(EnvelopeError::NotADocument)
        ));
        assert!(matches!(
            decode(b"newsmill-doc/1 {\"format\":\"html\"}"),
            Err(EnvelopeError::Unterminated)
        ));
        assert!(matches!(
            decode(b"newsmill-doc/1 {\"format\":\"pdf\"}\nbody"),
            Err(EnvelopeError::Header(_))
        ));
        assert!(matches!(
            decode(b"newsmill-doc/1 {\"format\":\"html\",\"colour\":1}\nbody"),
            Err(EnvelopeError::Header(_))
        ));
    }

    #[test]
    fn the_message_id_is_a_hash_of_the_bytes() {
        let a = encode(&full_doc());
        let mut b = a.clone();
        *b.last_mut().unwrap() = b'y';
        assert_eq!(message_id(&a), message_id(&a.clone()));
        assert_ne!(message_id(&a), message_id(&b));
        assert_eq!(message_id(&a).len(), 32);
        assert_ne!(publish_id("a.docs", &a), publish_id("b.docs", &a));
        assert_eq!(publish_id("a.docs", &a), publish_id("a.docs", &a.clone()));
    }

    proptest! {
        #[test]
        fn decoding_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = decode(&bytes);
            let mut tagged = MAGIC.to_vec();
            tagged.extend_from_slice(&bytes);
            let _ = decode(&tagged);
        }

        #[test]
        fn any_page_and_hints_round_trip(
            bytes in proptest::collection::vec(any::<u8>(), 0..300),
            title in proptest::option::of(".{0,40}"),
            url in proptest::option::of("[ -~]{0,40}"),
            line in proptest::option::of(0u64..1_000_000),
        ) {
            let mut doc = RawDoc::new(Origin { line, ..Origin::default() }, Format::Text, bytes);
            doc.title_hint = title;
            doc.url = url;
            let back = decode(&encode(&doc)).unwrap();
            same(&back, &doc);
        }
    }
}
