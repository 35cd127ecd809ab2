//! The quote gold format of `shared/data/quotes/GUIDELINES.md`, and the stand-off form the
//! project keeps its own annotations in (no text: offsets and the document id, joined with the
//! corpus text at load time).
use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// What can go wrong reading a gold file.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// The file could not be read.
    #[error("{0}: {1}")]
    Io(String, #[source] std::io::Error),
    /// A line is not a gold document.
    #[error("{0}:{1}: {2}")]
    Json(String, usize, #[source] serde_json::Error),
    /// A stand-off document names a text the corpus does not have, or its offsets do not fit it.
    #[error("{0}")]
    Join(String),
}

/// One annotated quote (code-point offsets, half-open).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldQuote {
    /// `direct`, `indirect` or `mixed`.
    pub kind: Option<String>,
    /// Content start.
    pub start: usize,
    /// Content end.
    pub end: usize,
    /// Cue start.
    #[serde(default)]
    pub cue_start: Option<usize>,
    /// Cue end.
    #[serde(default)]
    pub cue_end: Option<usize>,
    /// Start of the mention that attributes the quote.
    #[serde(default)]
    pub speaker_start: Option<usize>,
    /// End of that mention.
    #[serde(default)]
    pub speaker_end: Option<usize>,
    /// The speaker's normal form.
    #[serde(default)]
    pub speaker: Option<String>,
    /// Other acceptable normal forms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speaker_alt: Vec<String>,
}

/// One gold document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldDoc {
    /// The document id, as a string (numbers are written as JSON writes them).
    #[serde(deserialize_with = "id_string")]
    pub id: String,
    /// Language.
    #[serde(default)]
    pub lang: Option<String>,
    /// The text; absent in stand-off files until joined.
    #[serde(default)]
    pub text: Option<String>,
    /// The quotes.
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    /// Whether `text` was filled by [`join`] rather than read from the gold file. The reference
    /// scorer reads the text only from the gold file, so its "speaker as written" test does not
    /// apply to stand-off documents, and the metric here follows it.
    #[serde(skip)]
    pub joined: bool,
}

/// Reads an id that may be a string or a number, as Python's `str()` renders it.
fn id_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => "None".to_owned(),
        other => other.to_string(),
    })
}

/// Reads a JSONL gold file.
pub fn load(path: &Path) -> Result<Vec<GoldDoc>, GoldError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| GoldError::Io(name.clone(), e))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| GoldError::Json(name.clone(), n + 1, e)))
        .collect()
}

/// Fills the text of stand-off documents from a corpus (any JSONL with `id` and `text`), and
/// checks that every offset fits it.
pub fn join(docs: &mut [GoldDoc], corpus: &Path) -> Result<(), GoldError> {
    #[derive(Deserialize)]
    struct Text {
        #[serde(deserialize_with = "id_string")]
        id: String,
        text: String,
    }
    let name = corpus.display().to_string();
    let raw = std::fs::read_to_string(corpus).map_err(|e| GoldError::Io(name.clone(), e))?;
    let mut texts: HashMap<String, String> = HashMap::new();
    for (n, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let t: Text =
            serde_json::from_str(line).map_err(|e| GoldError::Json(name.clone(), n + 1, e))?;
        texts.insert(t.id, t.text);
    }
    for doc in docs.iter_mut() {
        if doc.text.is_some() {
            continue;
        }
        let text = texts
            .get(&doc.id)
            .ok_or_else(|| GoldError::Join(format!("{name} has no document {}", doc.id)))?;
        let len = text.chars().count();
        for q in &doc.quotes {
            let spans = [
                Some((q.start, q.end)),
                q.cue_start.zip(q.cue_end),
                q.speaker_start.zip(q.speaker_end),
            ];
            if spans.iter().flatten().any(|&(s, e)| s > e || e > len) {
                return Err(GoldError::Join(format!(
                    "document {}: a quote's offsets do not fit its text of {len} characters",
                    doc.id
                )));
            }
        }
        doc.text = Some(text.clone());
        doc.joined = true;
    }
    Ok(())
}
