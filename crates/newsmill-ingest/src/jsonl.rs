use std::io::BufRead;
use std::path::PathBuf;

use newsmill_model::{Format, Origin, RawDoc};
use serde_json::Value;

use crate::IngestError;

/// Documents from JSON lines: `{"html": …}` or `{"text": …}`, with optional `url`, `id`, and the
/// metadata the line states about itself: `title`, `published` (or `date`), `outlet`, `lang` and
/// `authors` (a list of names, or one name). A channel export knows its channel better than
/// any page could tell it, so these are honoured as hints the extractor prefers.
pub(crate) struct JsonlReader {
    reader: Box<dyn BufRead + Send>,
    path: PathBuf,
    line: u64,
    limit: u64,
    done: bool,
}

impl JsonlReader {
    pub(crate) fn new(reader: Box<dyn BufRead + Send>, path: PathBuf, limit: u64) -> Self {
        JsonlReader {
            reader,
            path,
            line: 0,
            limit,
            done: false,
        }
    }

    fn error(&self, message: impl Into<String>) -> IngestError {
        IngestError::Jsonl {
            path: self.path.clone(),
            line: self.line,
            message: message.into(),
        }
    }

    /// Reads one line of at most `limit` bytes; a longer one is consumed and reported.
    fn read_line(&mut self) -> Option<Result<Vec<u8>, IngestError>> {
        let mut buf = Vec::new();
        let mut too_long = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) => {
                    self.done = true;
                    return Some(Err(IngestError::Io {
                        path: self.path.clone(),
                        source: e,
                    }));
                }
            };
            if chunk.is_empty() {
                self.done = true;
                if buf.is_empty() && !too_long {
                    return None;
                }
                break;
            }
            let (take, found) = match memchr::memchr(b'\n', chunk) {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            if !too_long {
                if (buf.len() + take) as u64 > self.limit + 1 {
                    too_long = true;
                    buf = Vec::new();
                } else {
                    buf.extend_from_slice(&chunk[..take]);
                }
            }
            self.reader.consume(take);
            if found {
                break;
            }
        }
        self.line += 1;
        if too_long {
            return Some(Err(IngestError::TooLarge {
                what: format!("{}:{}", self.path.display(), self.line),
                size: self.limit + 1,
                limit: self.limit,
            }));
        }
        Some(Ok(buf))
    }

    fn parse(&self, line: &[u8]) -> Result<RawDoc, IngestError> {
        let origin = Origin {
            path: Some(self.path.to_string_lossy().into_owned()),
            line: Some(self.line),
            ..Origin::default()
        };
        parse_document(line, origin).map_err(|e| match e {
            JsonDocError::Empty => IngestError::Empty {
                what: format!("{}:{}", self.path.display(), self.line),
            },
            JsonDocError::Invalid(message) => self.error(message),
        })
    }
}

/// Why a JSON object is not a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonDocError {
    /// Not a JSON object with a string `html` or `text`.
    #[error("{0}")]
    Invalid(String),
    /// Its `html` or `text` holds nothing but whitespace.
    #[error("the document is empty")]
    Empty,
}

/// One document from one JSON object, as a JSONL line gives it: `{"html": …}` or
/// `{"text": …}`, with the optional `url`, `id`, `title`, `published` (or `date`), `outlet`,
/// `lang` and `authors` that [`crate::Documents`] reads from `.jsonl` files. `origin` says where
/// it came from; its `source_id` is set from `id`.
pub fn parse_document(json: &[u8], mut origin: Origin) -> Result<RawDoc, JsonDocError> {
    let invalid = |m: String| JsonDocError::Invalid(m);
    let value: Value =
        serde_json::from_slice(json).map_err(|e| invalid(format!("invalid JSON: {e}")))?;
    let Value::Object(obj) = value else {
        return Err(invalid("not a JSON object".into()));
    };
    let string = |key: &str| obj.get(key).and_then(Value::as_str).map(str::to_owned);
    let (format, body) = if let Some(html) = string("html") {
        (Format::Html, html)
    } else if let Some(text) = string("text") {
        (Format::Text, text)
    } else {
        return Err(invalid("no string field \"html\" or \"text\"".into()));
    };
    if body.trim().is_empty() {
        return Err(JsonDocError::Empty);
    }
    origin.source_id = obj.get("id").and_then(|v| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    let mut doc = RawDoc::new(origin, format, body.into_bytes());
    doc.url = string("url");
    doc.title_hint = string("title");
    doc.published_hint = string("published").or_else(|| string("date"));
    doc.outlet_hint = string("outlet").filter(|s| !s.trim().is_empty());
    doc.lang_hint = string("lang").filter(|s| !s.trim().is_empty());
    doc.authors_hint = match obj.get("authors") {
        Some(Value::String(name)) => vec![name.clone()],
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    doc.authors_hint.retain(|name| !name.trim().is_empty());
    Ok(doc)
}

impl Iterator for JsonlReader {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let line = match self.read_line()? {
                Ok(line) => line,
                Err(e) => return Some(Err(e)),
            };
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(self.parse(&line));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str, limit: u64) -> Vec<Result<RawDoc, IngestError>> {
        let reader: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(input.to_string()));
        JsonlReader::new(reader, "in.jsonl".into(), limit).collect()
    }

    #[test]
    fn reads_html_and_text_and_reports_bad_lines() {
        let docs = read(
            "{\"html\":\"<p>a</p>\",\"url\":\"http://x\"}\n\nnot json\n{\"id\":5}\n{\"text\":\"t\",\"id\":7}",
            1 << 20,
        );
        assert_eq!(docs.len(), 4);
        let first = docs[0].as_ref().unwrap();
        assert_eq!(first.format, Format::Html);
        assert_eq!(first.url.as_deref(), Some("http://x"));
        assert!(matches!(docs[1], Err(IngestError::Jsonl { line: 3, .. })));
        assert!(matches!(docs[2], Err(IngestError::Jsonl { line: 4, .. })));
        let last = docs[3].as_ref().unwrap();
        assert_eq!(last.origin.source_id.as_deref(), Some("7"));
        assert_eq!(last.origin.line, Some(5));
    }

    #[test]
    fn the_metadata_a_line_states_is_kept_as_hints() {
        let docs = read(
            concat!(
                r#"{"text":"Пост","outlet":"Mash","lang":"ru","authors":["А. Б.",""],"date":"2024-05-19T08:30:19+00:00","title":"Т"}"#,
                "\n",
                r#"{"text":"Пост","outlet":" ","authors":"Одна Фамилия"}"#
            ),
            1 << 20,
        );
        let first = docs[0].as_ref().unwrap();
        assert_eq!(first.outlet_hint.as_deref(), Some("Mash"));
        assert_eq!(first.lang_hint.as_deref(), Some("ru"));
        assert_eq!(first.authors_hint, ["А. Б."]);
        assert_eq!(
            first.published_hint.as_deref(),
            Some("2024-05-19T08:30:19+00:00")
        );
        assert_eq!(first.title_hint.as_deref(), Some("Т"));
        let second = docs[1].as_ref().unwrap();
        assert_eq!(second.outlet_hint, None);
        assert_eq!(second.authors_hint, ["Одна Фамилия"]);
    }

    #[test]
    fn overlong_line_is_skipped_and_the_next_one_read() {
        let long = format!(
            "{{\"text\":\"{}\"}}\n{{\"text\":\"ok\"}}\n",
            "x".repeat(500)
        );
        let docs = read(&long, 100);
        assert_eq!(docs.len(), 2);
        assert!(matches!(docs[0], Err(IngestError::TooLarge { .. })));
        assert!(docs[1].is_ok());
    }
}
