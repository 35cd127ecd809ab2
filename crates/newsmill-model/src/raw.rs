use serde::{Deserialize, Serialize};

/// What kind of content a [`RawDoc`] holds, decided by the reader from the container, the file
/// extension or a sniff of the first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// An HTML page (possibly with a declared charset in [`RawDoc::charset`]).
    Html,
    /// Text already scraped from a page: one line per block element, chrome left in.
    Text,
}

/// Where a document came from: enough to find it again and to name it in an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The input file (`-` for standard input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The `WARC-Record-ID` of the response record, for WARC input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warc_record_id: Option<String>,
    /// The `WARC-Date` of the record (when it was fetched), for WARC input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warc_date: Option<String>,
    /// The 1-based line of a JSONL input file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The 0-based position of the item in an RSS/Atom feed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<u64>,
    /// The `id` the input gave the document (JSONL `id`, feed `guid`), kept as it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
}

impl Origin {
    /// A short human-readable name of the document for messages: `path:line`, `path#item`,
    /// `path@record-id`, or the path alone.
    pub fn describe(&self) -> String {
        let path = self.path.as_deref().unwrap_or("<unknown>");
        if let Some(line) = self.line {
            format!("{path}:{line}")
        } else if let Some(id) = &self.warc_record_id {
            format!("{path}@{id}")
        } else if let Some(item) = self.item {
            format!("{path}#item{item}")
        } else {
            path.to_string()
        }
    }
}

/// A document as it arrives: undecoded bytes plus what the container said about them.
///
/// Readers fill what they know; extraction decodes the bytes (BOM, declared charset, `<meta>`,
/// then statistical detection) and never trusts any of the hints blindly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDoc {
    /// Where it came from.
    pub origin: Origin,
    /// HTML page or scraped text.
    pub format: Format,
    /// The page as bytes, in whatever encoding it came.
    pub bytes: Vec<u8>,
    /// The address of the page, if the container knew it (WARC target URI, JSONL `url`, feed
    /// `link`).
    pub url: Option<String>,
    /// A charset declared outside the page (HTTP `Content-Type` in WARC, XML declaration).
    pub charset: Option<String>,
    /// Title given by the container (feed item title); used when the page has none.
    pub title_hint: Option<String>,
    /// Publication date given by the container (feed `pubDate`), used when the page has none.
    pub published_hint: Option<String>,
    /// The publisher named by the container (JSONL `outlet`): it wins over an outlet read from
    /// the page or its address, which is often a section or a host (`t.me`).
    pub outlet_hint: Option<String>,
    /// The language the container states (JSONL `lang`), preferred to detection.
    pub lang_hint: Option<String>,
    /// Authors the container names (JSONL `authors`), preferred to bylines read from the page.
    pub authors_hint: Vec<String>,
    /// The container says the bytes are the article body itself (a feed item's content), not
    /// a whole page: extraction keeps every block but proven chrome instead of searching for
    /// the article.
    pub body_only: bool,
}

impl RawDoc {
    /// A document of `format` with `bytes`, from `origin`, and no hints.
    pub fn new(origin: Origin, format: Format, bytes: Vec<u8>) -> Self {
        RawDoc {
            origin,
            format,
            bytes,
            url: None,
            charset: None,
            title_hint: None,
            published_hint: None,
            outlet_hint: None,
            lang_hint: None,
            authors_hint: Vec::new(),
            body_only: false,
        }
    }
}
