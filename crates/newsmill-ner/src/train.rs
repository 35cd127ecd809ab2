//! Training: gold documents → tagger model and normal-form lexicon, deterministically.
use std::collections::HashMap;

use crate::contexts::Contexts;
use crate::corpus::{instances_with, Alignment, GoldDoc, Labelled};
use crate::norm::{resolve, Lexicon};
use crate::tagger::{CrfTrainer, Instance, Model, Trainer};
use crate::{Annotator, Prepared, Span};

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Passes over the data.
    pub epochs: usize,
    /// `true`: a CRF trained by AdaGrad; `false`: the averaged structured perceptron.
    pub crf: bool,
    /// AdaGrad step (CRF).
    pub rate: f32,
    /// Weight decay per update (CRF).
    pub l2: f32,
    /// Whether to train the second, document-level pass.
    pub second_pass: bool,
    /// Minimum observations of a lexicon entry.
    pub lexicon_min_count: usize,
    /// Minimum agreement of the corpus on a lexicon entry.
    pub lexicon_min_share: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            epochs: 20,
            crf: false,
            rate: 0.1,
            l2: 0.0,
            second_pass: true,
            lexicon_min_count: 2,
            lexicon_min_share: 0.6,
        }
    }
}

/// What training made, with counts for the log.
pub struct Trained {
    /// The tagger's first pass.
    pub model: Model,
    /// The second pass, which also reads the first pass's document-wide evidence.
    pub second: Option<Model>,
    /// The normal-form lexicon.
    pub lexicon: Lexicon,
    /// How gold spans met the tokenizer.
    pub alignment: Alignment,
    /// Training sequences.
    pub sequences: usize,
}

impl Trained {
    /// Trains on `docs`.
    pub fn train(docs: &[GoldDoc], settings: Settings) -> Trained {
        Trained::train_with(docs, settings, None)
    }

    /// Trains on `docs` with the word-context features of `contexts` (the English tagger).
    pub fn train_with(
        docs: &[GoldDoc],
        settings: Settings,
        contexts: Option<&Contexts>,
    ) -> Trained {
        let mut alignment = Alignment::default();
        let labelled: Vec<Labelled> = docs
            .iter()
            .map(|d| instances_with(d, &mut alignment, contexts))
            .collect();
        let fit = |data: &[Instance]| {
            if settings.crf {
                CrfTrainer::train(data, settings.epochs, settings.rate, settings.l2)
            } else {
                Trainer::train(data, settings.epochs)
            }
        };
        let gather = |keep: &dyn Fn(usize) -> bool| -> Vec<Instance> {
            labelled
                .iter()
                .enumerate()
                .filter(|(d, _)| keep(*d))
                .flat_map(|(_, l)| l.instances.iter().map(|(_, inst)| inst.clone()))
                .collect()
        };
        let all = gather(&|_| true);
        let sequences = all.len();
        let model = fit(&all);
        drop(all);
        let second = settings.second_pass.then(|| {
            // The second pass must learn from first-pass labels as wrong as they will be on
            // unseen text, so each document's first pass comes from a model trained without it.
            let mut first_labels: Vec<Vec<u8>> = vec![Vec::new(); labelled.len()];
            for fold in 0..JACKKNIFE {
                let model = fit(&gather(&|d| d % JACKKNIFE != fold));
                for (d, l) in labelled.iter().enumerate() {
                    if d % JACKKNIFE == fold {
                        first_labels[d] = first_labels_of(&model, l);
                    }
                }
            }
            let mut stacked = Vec::with_capacity(sequences);
            for (l, labels) in labelled.iter().zip(first_labels) {
                let first = l.prepared.first_pass(labels);
                for (seg, inst) in &l.instances {
                    let mut feats = inst.feats.clone();
                    for (f, doc) in feats
                        .iter_mut()
                        .zip(l.prepared.doc_features(&first, seg.clone()))
                    {
                        f.extend(doc);
                    }
                    stacked.push(Instance {
                        feats,
                        gold: inst.gold.clone(),
                    });
                }
            }
            fit(&stacked)
        });
        let lexicon = learn_lexicon(docs, settings);
        Trained {
            model,
            second,
            lexicon,
            alignment,
            sequences,
        }
    }

    /// The annotator made of these parts.
    pub fn annotator(self) -> Annotator {
        Annotator::from_parts(self.model, self.second, self.lexicon)
    }
}

/// Folds of the first pass whose labels the second pass trains on.
const JACKKNIFE: usize = 4;

/// First-pass labels of every token of a training document (`O` where a segment was empty).
fn first_labels_of(model: &Model, l: &Labelled) -> Vec<u8> {
    let mut labels = vec![0u8; l.prepared.tokens.len()];
    for (seg, inst) in &l.instances {
        labels[seg.clone()].copy_from_slice(&model.tag(&inst.feats));
    }
    labels
}

/// Runs normalisation over the gold spans of `docs` and records, for each gold mention with a
/// label, our normal form and the corpus name.
fn learn_lexicon(docs: &[GoldDoc], settings: Settings) -> Lexicon {
    let mut obs = Vec::new();
    for doc in docs {
        let p = Prepared::new(&doc.text);
        let mut byte_of: Vec<usize> = doc.text.char_indices().map(|(b, _)| b).collect();
        byte_of.push(doc.text.len());
        let mut spans = Vec::new();
        let mut labels: HashMap<(usize, usize), String> = HashMap::new();
        for (s, e, kind, label) in doc.scored(false) {
            let (Some(&bs), Some(&be)) = (byte_of.get(s), byte_of.get(e)) else {
                continue;
            };
            let first = p.tokens.partition_point(|t| t.start < bs);
            let last = p.tokens.partition_point(|t| t.end <= be);
            if first >= last || p.tokens[first].start != bs || p.tokens[last - 1].end != be {
                continue;
            }
            if spans
                .iter()
                .any(|sp: &Span| sp.first < last && first < sp.last)
            {
                continue;
            }
            spans.push(Span { first, last, kind });
            if let Some(l) = label {
                labels.insert((s, e), l.to_owned());
            }
        }
        spans.sort_by_key(|s| s.first);
        for ent in resolve(&doc.text, &p, &spans, &Lexicon::default()) {
            for m in &ent.mentions {
                if let Some(l) = labels.get(&(m.start, m.end)) {
                    obs.push((ent.kind, ent.norm.clone(), l.clone()));
                }
            }
        }
    }
    Lexicon::learn(&obs, settings.lexicon_min_count, settings.lexicon_min_share)
}
