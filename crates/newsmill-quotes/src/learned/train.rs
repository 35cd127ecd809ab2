//! Training the attribution tagger from gold quotes with their cue and source spans.
use std::collections::HashMap;
use std::ops::Range;

use newsmill_model::Entity;
use newsmill_ner::tagger::Instance;
use newsmill_nlp::token::{Kind, Token};

use super::{features, gold_labels, Attributor, CueWords, CONTENT, CUE, SOURCE};
use crate::gold::GoldQuote;
use crate::Doc;

/// One annotated text with the layers inference would see: its tokens, sentences and entities.
pub struct TrainDoc<'a> {
    /// The text.
    pub text: &'a str,
    /// Its tokens (byte offsets).
    pub tokens: &'a [Token],
    /// Its sentences (token ranges).
    pub sentences: &'a [Range<usize>],
    /// The entities the entity layer finds in it.
    pub entities: &'a [Entity],
    /// Its gold attributions (code-point offsets).
    pub quotes: &'a [GoldQuote],
}

/// What training saw.
#[derive(Debug, Default, Clone, Copy)]
pub struct TrainReport {
    /// Paragraphs trained on.
    pub sequences: usize,
    /// Gold attributions labelled.
    pub attributions: usize,
    /// Gold attributions left out: nested in another, or crossing a paragraph.
    pub skipped: usize,
    /// Cue words learned.
    pub cue_words: usize,
}

/// A cue word is one that stands in a gold cue span at least this many times…
const MIN_CUE_COUNT: usize = 3;
/// …and in at least this share of its occurrences.
const MIN_CUE_SHARE: f64 = 0.3;

/// The token range covering code points `s..e`: tokens wholly inside.
fn token_range(char_start: &[usize], char_end: &[usize], s: usize, e: usize) -> Range<usize> {
    let first = char_start.partition_point(|&c| c < s);
    let last = char_end.partition_point(|&c| c <= e);
    first..last.max(first)
}

impl Attributor {
    /// Trains on `docs` for `epochs` passes.
    pub fn train(docs: &[TrainDoc], epochs: usize) -> (Attributor, TrainReport) {
        let mut report = TrainReport::default();
        // Gold spans in tokens, per document.
        let mut spans = Vec::with_capacity(docs.len());
        let mut in_cue: HashMap<String, usize> = HashMap::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let parsed: Vec<Doc> = docs
            .iter()
            .map(|d| Doc::new(d.text, d.tokens, d.sentences, d.entities))
            .collect();
        for (d, doc) in docs.iter().zip(&parsed) {
            let cs: Vec<usize> = d
                .tokens
                .iter()
                .map(|t| doc.offsets.char_at(t.start))
                .collect();
            let ce: Vec<usize> = d
                .tokens
                .iter()
                .map(|t| doc.offsets.char_at(t.end))
                .collect();
            let mut atts: Vec<[Option<Range<usize>>; 3]> = d
                .quotes
                .iter()
                .map(|q| {
                    let span = |s: Option<usize>, e: Option<usize>| {
                        Some(token_range(&cs, &ce, s?, e?)).filter(|r| !r.is_empty())
                    };
                    let mut a: [Option<Range<usize>>; 3] = Default::default();
                    a[SOURCE] = span(q.speaker_start, q.speaker_end);
                    a[CUE] = span(q.cue_start, q.cue_end);
                    a[CONTENT] = span(Some(q.start), Some(q.end));
                    a
                })
                .collect();
            // Outer attributions first.
            atts.sort_by_key(|a| std::cmp::Reverse(a[CONTENT].as_ref().map_or(0, |r| r.len())));
            for a in &atts {
                if let Some(r) = &a[CUE] {
                    for i in r.clone() {
                        if d.tokens[i].kind == Kind::Word {
                            *in_cue.entry(doc.word(i).to_owned()).or_default() += 1;
                        }
                    }
                }
            }
            for i in 0..d.tokens.len() {
                if d.tokens[i].kind == Kind::Word {
                    *seen.entry(doc.word(i).to_owned()).or_default() += 1;
                }
            }
            spans.push(atts);
        }
        let mut cues: std::collections::HashSet<String> = in_cue
            .iter()
            .filter(|(w, &n)| {
                n >= MIN_CUE_COUNT && n as f64 >= MIN_CUE_SHARE * seen[w.as_str()] as f64
            })
            .map(|(w, _)| w.clone())
            .collect();
        cues.extend(crate::lexicon::en_cue_words().map(str::to_owned));
        let cues = CueWords(cues);
        report.cue_words = cues.0.len();
        let mut instances = Vec::new();
        for (doc, atts) in parsed.iter().zip(&spans) {
            for window in doc.windows() {
                let (gold, skipped) = gold_labels(&window, atts);
                report.skipped += skipped;
                let quoting = features::Quoting::new(doc, &window);
                let feats = features::window_features(doc, window, &cues, &quoting);
                instances.push(Instance { feats, gold });
            }
        }
        report.sequences = instances.len();
        report.attributions = docs.iter().map(|d| d.quotes.len()).sum::<usize>() - report.skipped;
        (Attributor::from_parts(&instances, cues, epochs), report)
    }
}
