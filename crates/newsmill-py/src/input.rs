//! Python input to raw documents: a page as `str` or `bytes`, or a JSON object in the shape of a
//! JSONL line (`{"html"|"text": …, "url", "id", "title", "published", "outlet", "lang",
//! "authors"}`), which the Python half serialises from a dict.
use newsmill_ingest::InputKind;
use newsmill_model::{Format, Origin, RawDoc};
use pyo3::FromPyObject;

/// A page as Python gives it. `bytes` are decoded by extraction (BOM, declared charset,
/// detection); `str` is already text.
#[derive(FromPyObject)]
pub enum Page {
    /// A `str`.
    Text(String),
    /// A `bytes`.
    Bytes(Vec<u8>),
}

impl Page {
    fn into_bytes(self) -> Vec<u8> {
        match self {
            Page::Text(s) => s.into_bytes(),
            Page::Bytes(b) => b,
        }
    }
}

/// The raw document of `page`. `kind` is `html`, `text`, `json` (a JSON object as above) or
/// `auto`, which takes a page whose first non-blank byte is `<` for HTML and anything else for
/// scraped text. `url` wins over a JSON object's own; `path` names the file it came from.
pub fn raw_doc(
    page: Page,
    kind: &str,
    url: Option<String>,
    path: Option<String>,
) -> Result<RawDoc, String> {
    let bytes = page.into_bytes();
    let origin = Origin {
        path,
        ..Origin::default()
    };
    let format = match kind {
        "html" => Format::Html,
        "text" => Format::Text,
        "auto" => match InputKind::sniff(&bytes) {
            InputKind::Html => Format::Html,
            _ => Format::Text,
        },
        "json" => {
            let mut doc = newsmill_ingest::parse_document(&bytes, origin)
                .map_err(|e| format!("not a document: {e}"))?;
            if url.is_some() {
                doc.url = url;
            }
            return Ok(doc);
        }
        other => {
            return Err(format!(
                "kind must be \"auto\", \"html\", \"text\" or \"json\", not {other:?}"
            ))
        }
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("the page is empty".into());
    }
    let mut doc = RawDoc::new(origin, format, bytes);
    doc.url = url;
    Ok(doc)
}
