//! Gold NER documents in the shared JSONL format, and their conversion to training sequences.
use std::path::Path;

use newsmill_model::EntityType;
use serde::Deserialize;

use crate::tagger::{label, Instance, Part};
use crate::{NerError, Prepared, Scheme};

/// One gold entity as the shared data gives it (code-point offsets).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    /// First code point.
    pub start: usize,
    /// Past the last code point.
    pub end: usize,
    /// `PER`, `LOC`, `ORG`, or null for types that are not scored.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The entity's normal form (NEREL's Wikidata label).
    #[serde(default)]
    pub wikidata_label: Option<String>,
    /// The corpus's own type (`PERSON`, `CITY` in NEREL; `Person`, `LocOrg` in factRuEval).
    #[serde(default)]
    pub fine_type: Option<String>,
}

/// One gold document.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    /// Document id.
    pub id: String,
    /// The text.
    pub text: String,
    /// Its language (ISO 639-1), when the corpus says.
    #[serde(default)]
    pub lang: Option<String>,
    /// Its entities.
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
}

impl GoldDoc {
    /// The annotation scheme the document's entities follow, told by its fine types: factRuEval
    /// writes them `Person`, `Org`, `Location`, `LocOrg`; NEREL in capitals.
    pub fn scheme(&self) -> Scheme {
        let factru = self.entities.iter().any(|e| {
            matches!(
                e.fine_type.as_deref(),
                Some("Person" | "Org" | "Location" | "LocOrg")
            )
        });
        if factru {
            Scheme::FactRu
        } else {
            Scheme::Nerel
        }
    }

    /// The scheme most documents of a corpus follow.
    pub fn scheme_of(docs: &[GoldDoc]) -> Scheme {
        let factru = docs.iter().filter(|d| d.scheme() == Scheme::FactRu).count();
        if factru * 2 > docs.len() {
            Scheme::FactRu
        } else {
            Scheme::Nerel
        }
    }

    /// Reads a JSONL file of gold documents.
    pub fn load(path: &Path) -> Result<Vec<GoldDoc>, NerError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| NerError::Io(path.display().to_string(), e))?;
        let mut out = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let doc: GoldDoc = serde_json::from_str(line)
                .map_err(|e| NerError::Data(format!("{}:{}: {e}", path.display(), n + 1)))?;
            out.push(doc);
        }
        Ok(out)
    }

    /// The scored entities as the metric sees them: PER/LOC/ORG, without those nested in a longer
    /// scored entity (unless `nested`). Sorted by start.
    pub fn scored(&self, nested: bool) -> Vec<(usize, usize, EntityType, Option<&str>)> {
        let ents: Vec<(usize, usize, EntityType, Option<&str>)> = self
            .entities
            .iter()
            .filter_map(|e| {
                let t = EntityType::parse(e.kind.as_deref()?)?;
                Some((e.start, e.end, t, e.wikidata_label.as_deref()))
            })
            .collect();
        let mut out: Vec<_> = ents
            .iter()
            .filter(|e| {
                nested
                    || !ents
                        .iter()
                        .any(|o| o.0 <= e.0 && e.1 <= o.1 && (o.1 - o.0) > (e.1 - e.0))
            })
            .copied()
            .collect();
        out.sort_by_key(|e| (e.0, e.1));
        out
    }
}

/// Counts of how gold spans met the tokenizer.
#[derive(Debug, Default, Clone, Copy)]
pub struct Alignment {
    /// Spans whose ends are token boundaries.
    pub aligned: usize,
    /// Spans cutting a token, or overlapping an earlier span (left out of training).
    pub dropped: usize,
}

/// One document made ready for training: its prepared text and one sequence per segment.
pub struct Labelled<'t> {
    /// The prepared text.
    pub prepared: Prepared<'t>,
    /// One training sequence per segment of `prepared` (in order; empty segments left out).
    pub instances: Vec<(std::ops::Range<usize>, Instance)>,
}

/// Training sequences of one document: every line (or line chunk) with gold BILOU labels.
pub fn instances<'t>(doc: &'t GoldDoc, alignment: &mut Alignment) -> Labelled<'t> {
    instances_with(doc, alignment, None)
}

/// [`instances`] with the word-context features of `contexts` (the English tagger's).
pub fn instances_with<'t>(
    doc: &'t GoldDoc,
    alignment: &mut Alignment,
    contexts: Option<&crate::contexts::Contexts>,
) -> Labelled<'t> {
    let prepared = Prepared::new(&doc.text);
    let scheme = doc.scheme();
    // Code points to bytes.
    let mut byte_of = Vec::with_capacity(doc.text.len() + 1);
    for (b, _) in doc.text.char_indices() {
        byte_of.push(b);
    }
    byte_of.push(doc.text.len());
    let tokens = &prepared.tokens;
    let mut labels = vec![0u8; tokens.len()];
    let mut taken = vec![false; tokens.len()];
    for (start, end, kind, _) in doc.scored(false) {
        let (Some(&bs), Some(&be)) = (byte_of.get(start), byte_of.get(end)) else {
            alignment.dropped += 1;
            continue;
        };
        let first = tokens.partition_point(|t| t.start < bs);
        let last = tokens.partition_point(|t| t.end <= be);
        if first >= last
            || tokens[first].start != bs
            || tokens[last - 1].end != be
            || taken[first..last].iter().any(|&t| t)
        {
            alignment.dropped += 1;
            continue;
        }
        alignment.aligned += 1;
        for (k, l) in labels[first..last].iter_mut().enumerate() {
            let part = match (k, last - first) {
                (_, 1) => Part::Unit,
                (0, _) => Part::Begin,
                (k, n) if k == n - 1 => Part::Last,
                _ => Part::Inside,
            };
            *l = label(kind, part);
        }
        taken[first..last].iter_mut().for_each(|t| *t = true);
    }
    let instances = prepared
        .segments
        .iter()
        .filter_map(|seg| {
            let gold = labels[seg.clone()].to_vec();
            let feats = prepared.features_with(seg.clone(), scheme, contexts);
            (!gold.is_empty()).then_some((seg.clone(), Instance { feats, gold }))
        })
        .collect();
    Labelled {
        prepared,
        instances,
    }
}
