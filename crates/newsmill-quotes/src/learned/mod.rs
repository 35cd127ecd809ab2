//! Attribution learned from annotated news: a linear-chain tagger marks each token of a
//! paragraph as part of a source, a cue or a content span (BILOU over three span types, the
//! entity tagger's machinery), and a decoder joins the spans into quotes: each content to its
//! nearest cue, the fragments of one cue's content into their hull, the cue to its nearest
//! source.
//!
//! English uses it (`shared/data/quotes/polnear_en_train.jsonl`: 840 articles, 19,741
//! attributions of every kind a news reader sees, far more than rules over a cue list cover);
//! Russian keeps its rules, with no corpus of that size to learn from (decision 54).
use std::collections::HashSet;
use std::io::Write;
use std::ops::Range;
use std::sync::OnceLock;

use newsmill_model::QuoteKind;
use newsmill_ner::tagger::{span_label, span_unlabel, Instance, Model, Part, Trainer};
use newsmill_nlp::token::Kind;

use crate::lexicon;
use crate::{Agr, CueTok, Doc, Found, Range2, Who};

mod features;
#[cfg(test)]
mod tests;
mod train;

pub use train::{TrainDoc, TrainReport};

/// Span types of the attribution tagger.
const SOURCE: usize = 0;
const CUE: usize = 1;
const CONTENT: usize = 2;

/// Words that open or make a cue (`said`, `according`, `told`), learned from the training cue
/// spans: the tagger's features point every token at the nearest of them in its sentence.
#[derive(Debug, Default, Clone)]
pub struct CueWords(HashSet<String>);

impl CueWords {
    fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

/// Rows of the trained model whose weights all lie within ±`PRUNE` are dropped: on
/// `polnear_en_val` F1 was 0.626 with none dropped (5.2 MB) and with these (under 1 MB), 0.622
/// at 16.
const PRUNE: f32 = 8.0;

/// A trained attribution tagger: its weights and its cue words.
pub struct Attributor {
    model: Model,
    cues: CueWords,
}

static EN_MODEL: &[u8] = include_bytes!("../../models/en-attribution.model.gz");
static EN_CUES: &str = include_str!("../../models/en-attribution.cues.txt");

/// Errors reading a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The tagger's weights did not read.
    #[error("attribution model: {0}")]
    Model(#[from] newsmill_ner::NerError),
}

impl Attributor {
    /// The committed English model, read once; `None` when the build carries none.
    pub fn english() -> Option<&'static Attributor> {
        static ONCE: OnceLock<Option<Attributor>> = OnceLock::new();
        ONCE.get_or_init(|| {
            if EN_MODEL.is_empty() {
                return None;
            }
            // The committed model is tested to read (`english_model_reads`).
            Attributor::read(EN_MODEL, EN_CUES).ok()
        })
        .as_ref()
    }

    /// Reads a model file and its cue-word list (one word per line).
    pub fn read(model: &[u8], cues: &str) -> Result<Attributor, ModelError> {
        Ok(Attributor {
            model: Model::read(model)?,
            cues: CueWords(
                cues.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
        })
    }

    /// Writes the model and the cue-word list.
    pub fn write(&self, model: impl Write, mut cues: impl Write) -> std::io::Result<()> {
        self.model.write(model)?;
        let mut words: Vec<&String> = self.cues.0.iter().collect();
        words.sort();
        for w in words {
            writeln!(cues, "{w}")?;
        }
        cues.flush()
    }

    fn from_parts(instances: &[Instance], cues: CueWords, epochs: usize) -> Attributor {
        Attributor {
            model: Trainer::train(instances, epochs).pruned(PRUNE),
            cues,
        }
    }
}

/// A labelled span of the tagger's output, in tokens.
#[derive(Debug, Clone)]
struct Span {
    kind: usize,
    range: Range<usize>,
}

fn spans(labels: &[u8], offset: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (k, &l) in labels.iter().enumerate() {
        match span_unlabel(l) {
            Some((t, Part::Unit)) => out.push(Span {
                kind: t,
                range: offset + k..offset + k + 1,
            }),
            Some((t, Part::Begin)) => open = Some((t, k)),
            Some((t, Part::Last)) => {
                if let Some((o, s)) = open.take() {
                    if o == t {
                        out.push(Span {
                            kind: t,
                            range: offset + s..offset + k + 1,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Token gap between two ranges (0 when they touch or overlap).
fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

impl Doc<'_> {
    /// Quotes of one paragraph by the learned tagger.
    pub(crate) fn learned(&self, att: &Attributor, window: Range<usize>) -> Vec<Found> {
        let quoting = features::Quoting::new(self, &window);
        let feats = features::window_features(self, window.clone(), &att.cues, &quoting);
        let labels = att.model.tag(&feats);
        self.decode(&spans(&labels, window.start), &window, &quoting)
    }

    /// Joins tagged spans into quotes.
    fn decode(
        &self,
        spans: &[Span],
        window: &Range<usize>,
        quoting: &features::Quoting,
    ) -> Vec<Found> {
        let of = |t: usize| spans.iter().filter(move |s| s.kind == t);
        let cues: Vec<&Span> = of(CUE).collect();
        if cues.is_empty() {
            return Vec::new();
        }
        // Each content to its nearest cue (ties to the one in its sentence, then the earlier).
        let mut hulls: Vec<Option<Range<usize>>> = vec![None; cues.len()];
        for c in of(CONTENT) {
            let best = (0..cues.len()).min_by_key(|&j| {
                let same = self.sent_of[cues[j].range.start] == self.sent_of[c.range.start]
                    || self.sent_of[cues[j].range.start] == self.sent_of[c.range.end - 1];
                (gap(&cues[j].range, &c.range), !same, cues[j].range.start)
            });
            let Some(j) = best else { continue };
            let h = &mut hulls[j];
            *h = Some(match h.take() {
                None => c.range.clone(),
                Some(r) => r.start.min(c.range.start)..r.end.max(c.range.end),
            });
        }
        let mut out = Vec::new();
        for (j, hull) in hulls.into_iter().enumerate() {
            let Some(content) = hull else { continue };
            let cue = &cues[j].range;
            let source = of(SOURCE)
                .min_by_key(|s| (gap(&s.range, cue), s.range.start))
                .map(|s| s.range.clone());
            let kind = self.learned_kind(&content, cue, source.as_ref(), quoting, window);
            let who = source.map(|s| {
                Who::Spoken(Range2 {
                    start: s.start,
                    end: s.end,
                })
            });
            let lemma = lexicon::en_cue(self.word(cue.start)).map_or("", |(l, _)| l);
            let cue_tok = CueTok {
                first: cue.start,
                last: cue.end,
                lemma,
                gerund: false,
                impersonal: false,
            };
            out.push(Found::attributed(kind, content, cue_tok, who, Agr::Any));
        }
        out.sort_by_key(|f| f.content.start);
        out
    }

    /// Direct when every word of the content, its own attribution aside, stands inside
    /// quotation marks; mixed when some do; indirect otherwise.
    fn learned_kind(
        &self,
        content: &Range<usize>,
        cue: &Range<usize>,
        source: Option<&Range<usize>>,
        quoting: &features::Quoting,
        window: &Range<usize>,
    ) -> QuoteKind {
        let own = |i: usize| cue.contains(&i) || source.is_some_and(|s| s.contains(&i));
        let words: Vec<bool> = content
            .clone()
            .filter(|&i| {
                !own(i) && matches!(self.toks[i].kind, Kind::Word | Kind::Number | Kind::Abbrev)
            })
            .map(|i| quoting.inside[i - window.start])
            .collect();
        match (words.iter().all(|&x| x), words.iter().any(|&x| x)) {
            (true, true) => QuoteKind::Direct,
            (_, true) => QuoteKind::Mixed,
            _ => QuoteKind::Indirect,
        }
    }
}

/// Gold labels of one window: outer attributions first; an attribution whose spans meet one
/// already labelled is left out (the tagger marks one level of nesting).
fn gold_labels(
    window: &Range<usize>,
    attributions: &[[Option<Range<usize>>; 3]],
) -> (Vec<u8>, usize) {
    let mut labels = vec![0u8; window.len()];
    let mut skipped = 0;
    for a in attributions {
        let inside = |r: &Range<usize>| window.start <= r.start && r.end <= window.end;
        if a.iter().flatten().any(|r| !inside(r) || r.is_empty()) {
            continue;
        }
        let own: Vec<&Range<usize>> = a[SOURCE].iter().chain(a[CUE].iter()).collect();
        let free = |r: &Range<usize>, skip_own: bool| {
            r.clone().all(|i| {
                (skip_own && own.iter().any(|o| o.contains(&i))) || labels[i - window.start] == 0
            })
        };
        let ok = own.iter().all(|r| free(r, false))
            && a[CONTENT].as_ref().is_some_and(|c| free(c, true));
        if !ok {
            skipped += 1;
            continue;
        }
        for t in [SOURCE, CUE] {
            if let Some(r) = &a[t] {
                mark(&mut labels, r, window.start, t);
            }
        }
        // The content's fragments around its own source and cue.
        let content = a[CONTENT].clone().unwrap_or_default();
        let mut start = None;
        for i in content.clone().chain(std::iter::once(content.end)) {
            let part = i < content.end && !own.iter().any(|o| o.contains(&i));
            match (part, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    mark(&mut labels, &(s..i), window.start, CONTENT);
                    start = None;
                }
                _ => {}
            }
        }
    }
    (labels, skipped)
}

fn mark(labels: &mut [u8], r: &Range<usize>, offset: usize, t: usize) {
    if r.len() == 1 {
        labels[r.start - offset] = span_label(t, Part::Unit);
        return;
    }
    for i in r.clone() {
        let part = if i == r.start {
            Part::Begin
        } else if i + 1 == r.end {
            Part::Last
        } else {
            Part::Inside
        };
        labels[i - offset] = span_label(t, part);
    }
}
