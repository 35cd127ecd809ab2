//! What of an article the pair decision looks at.
use std::hash::{Hash, Hasher};

use newsmill_model::Record;
use newsmill_nlp::lemma::word_keys;
use newsmill_nlp::token::{tokenize, Kind};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::minhash::Signature;

/// Words of the body, after the title, that make up the opening: where a news story states
/// its event, and what survives when a copy is cut.
const OPENING_WORDS: usize = 300;

/// An article reduced to what tells whether two articles report the same story.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Title lemmas with log-scaled counts.
    pub title: FxHashMap<String, f32>,
    /// Lemmas of the title and the opening with log-scaled counts.
    pub opening: FxHashMap<String, f32>,
    /// Entities as `TYPE:lowercased normal form`.
    pub entities: FxHashSet<String>,
    /// Numbers of two or more digits the text gives (`19`, `2020`, `8,1`).
    pub numbers: FxHashSet<String>,
    /// Numbers in the title (`8` in «Прогноз погоды на 8 ноября»).
    pub title_numbers: FxHashSet<String>,
    /// Main lemmas of the capitalised words of the title after its first word: the names it
    /// puts forward («Погода в Бресте» → брест).
    pub title_names: FxHashSet<String>,
    /// Lemmas of the whole text with log-scaled counts.
    pub body: FxHashMap<String, f32>,
    /// MinHash of the lemma 3-grams of the whole text.
    pub signature: Signature,
    /// Words in the whole text.
    pub words: usize,
}

/// The first key (the main lemma, or the lowercased word) of each word of `text`, and its
/// numbers.
fn lemmas(text: &str, numbers: &mut FxHashSet<String>) -> Vec<String> {
    let mut keys = Vec::new();
    let mut out = Vec::new();
    for t in tokenize(text) {
        match t.kind {
            Kind::Word => {
                keys.clear();
                word_keys(t.text(text), &mut keys);
                if let Some(k) = keys.drain(..).next() {
                    out.push(k);
                }
            }
            Kind::Number => {
                let n = t.text(text);
                if n.chars().filter(char::is_ascii_digit).count() >= 2 {
                    numbers.insert(n.to_owned());
                }
                out.push(n.to_owned());
            }
            _ => {}
        }
    }
    out
}

fn counts<'a>(words: impl IntoIterator<Item = &'a String>) -> FxHashMap<String, f32> {
    let mut c: FxHashMap<String, f32> = FxHashMap::default();
    for w in words {
        *c.entry(w.clone()).or_default() += 1.0;
    }
    for v in c.values_mut() {
        *v = 1.0 + v.ln();
    }
    c
}

impl Profile {
    /// The profile of a title, a body and the `(type, normal form)` of its entities.
    pub fn new<'a>(
        title: &str,
        text: &str,
        entities: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Profile {
        let mut title_numbers = FxHashSet::default();
        let title_words = lemmas(title, &mut title_numbers);
        for t in tokenize(title).iter().filter(|t| t.kind == Kind::Number) {
            title_numbers.insert(t.text(title).to_owned());
        }
        let mut title_names = FxHashSet::default();
        let mut keys = Vec::new();
        for t in tokenize(title)
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .skip(1)
        {
            let w = t.text(title);
            if w.chars().next().is_some_and(char::is_uppercase) {
                keys.clear();
                word_keys(w, &mut keys);
                title_names.extend(keys.drain(..).next());
            }
        }
        let mut numbers = title_numbers.clone();
        let body = lemmas(text, &mut numbers);
        let opening = counts(title_words.iter().chain(body.iter().take(OPENING_WORDS)));
        let signature = Signature::of(body.windows(3).map(|w| {
            let mut h = FxHasher::default();
            w.hash(&mut h);
            h.finish()
        }));
        Profile {
            title_numbers,
            title_names,
            title: counts(&title_words),
            body: counts(title_words.iter().chain(body.iter())),
            opening,
            entities: entities
                .into_iter()
                .map(|(kind, norm)| format!("{kind}:{}", norm.to_lowercase()))
                .collect(),
            numbers,
            signature,
            words: body.len(),
        }
    }

    /// The profile of a record: its title, body and entities.
    pub fn of_record(r: &Record) -> Profile {
        Profile::new(
            r.title.as_deref().unwrap_or(""),
            &r.text,
            r.entities
                .iter()
                .map(|e| (e.kind.as_str(), e.norm.as_str())),
        )
    }
}

/// Inverse document frequencies of lemmas over a collection: common words weigh little in the
/// cosines. Built from the documents being compared (the store, or an evaluation file).
#[derive(Debug, Clone, Default)]
pub struct Idf {
    df: FxHashMap<String, u32>,
    docs: u32,
}

impl Idf {
    /// Document frequencies over the texts of `profiles`.
    pub fn from_profiles<'a>(profiles: impl IntoIterator<Item = &'a Profile>) -> Idf {
        let mut idf = Idf::default();
        for p in profiles {
            idf.add(p);
        }
        idf
    }

    /// Counts one more document.
    pub fn add(&mut self, p: &Profile) {
        self.docs += 1;
        for w in p.body.keys() {
            *self.df.entry(w.clone()).or_default() += 1;
        }
    }

    /// The weight of a lemma: ln((N + 1) / (df + 1)) + 1; unseen lemmas weigh most.
    pub fn weight(&self, w: &str) -> f32 {
        let df = self.df.get(w).copied().unwrap_or(0);
        ((self.docs as f32 + 1.0) / (df as f32 + 1.0)).ln() + 1.0
    }

    /// Cosine of two weighted term vectors.
    pub fn cosine(&self, a: &FxHashMap<String, f32>, b: &FxHashMap<String, f32>) -> f64 {
        let norm = |v: &FxHashMap<String, f32>| {
            v.iter()
                .map(|(w, tf)| {
                    let x = tf * self.weight(w);
                    f64::from(x * x)
                })
                .sum::<f64>()
                .sqrt()
        };
        let (na, nb) = (norm(a), norm(b));
        if na == 0.0 || nb == 0.0 {
            return 0.0;
        }
        let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        let dot: f64 = small
            .iter()
            .filter_map(|(w, ta)| {
                large.get(w).map(|tb| {
                    let iw = self.weight(w);
                    f64::from(ta * iw * tb * iw)
                })
            })
            .sum();
        dot / (na * nb)
    }
}
