//! Word contexts learned from unlabelled text: what a word's usual neighbours are and how often
//! it is written with a capital inside a sentence.
//!
//! A tagger trained on one corpus (CoNLL-2003's Reuters wire of 1996) meets names it never saw
//! and names its corpus used in one sense only ("Philadelphia" is a sports team there). How a
//! word is used in a larger body of running text carries across domains: a place follows "in"
//! and "near", a person precedes "said", a proper name keeps its capital mid-sentence. These are
//! the features of this module, learned by `newsmill train ner` from unlabelled English news
//! (PolNeAR texts) and stored beside the English model as `contexts.tsv.gz`, one line a word:
//! `word \t left left \t right right \t capital-bucket`.

use std::io::{BufRead, BufReader, Read, Write};

use rustc_hash::FxHashMap as HashMap;

use newsmill_nlp::token::{sentences, tokenize, Kind};

use crate::NerError;

/// Words seen fewer times than this get no context features.
const MIN_COUNT: u32 = 4;

/// The contexts of the words of a language.
#[derive(Debug, Default, Clone)]
pub struct Contexts {
    words: HashMap<String, Context>,
}

/// One word's usual neighbours and capitalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Context {
    left: Vec<String>,
    right: Vec<String>,
    capital: u8,
}

/// A neighbour as contexts record it: lower case, numbers as `0`, a sentence edge as `<s>`.
fn neighbour(text: &str, kind: Kind) -> String {
    match kind {
        Kind::Number => "0".to_string(),
        _ => text.to_lowercase(),
    }
}

#[derive(Default)]
struct Counts {
    n: u32,
    capital: u32,
    inner: u32,
    left: HashMap<String, u32>,
    right: HashMap<String, u32>,
}

/// The two most frequent keys of `counts`, most frequent first (ties by key, for a stable file).
fn top_two(counts: &HashMap<String, u32>) -> Vec<String> {
    let mut all: Vec<(&String, &u32)> = counts.iter().collect();
    all.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    all.into_iter().take(2).map(|(k, _)| k.clone()).collect()
}

impl Contexts {
    /// Learns contexts from running texts.
    pub fn learn<'a>(texts: impl Iterator<Item = &'a str>) -> Contexts {
        let mut counts: HashMap<String, Counts> = HashMap::default();
        for text in texts {
            let tokens = tokenize(text);
            for sent in sentences(text, &tokens) {
                let toks = &tokens[sent.clone()];
                for (i, t) in toks.iter().enumerate() {
                    if t.kind != Kind::Word {
                        continue;
                    }
                    let word = t.text(text);
                    let c = counts.entry(word.to_lowercase()).or_default();
                    c.n += 1;
                    if i > 0 {
                        c.inner += 1;
                        c.capital += u32::from(word.chars().next().is_some_and(char::is_uppercase));
                    }
                    let left = match i.checked_sub(1) {
                        Some(j) => neighbour(toks[j].text(text), toks[j].kind),
                        None => "<s>".to_string(),
                    };
                    let right = match toks.get(i + 1) {
                        Some(r) => neighbour(r.text(text), r.kind),
                        None => "<s>".to_string(),
                    };
                    *c.left.entry(left).or_default() += 1;
                    *c.right.entry(right).or_default() += 1;
                }
            }
        }
        let words = counts
            .into_iter()
            .filter(|(_, c)| c.n >= MIN_COUNT)
            .map(|(w, c)| {
                // 0–4: the share of its mid-sentence uses written with a capital; 5: never
                // seen mid-sentence.
                let capital = (c.capital * 4).checked_div(c.inner).map_or(5, |b| b as u8);
                (
                    w,
                    Context {
                        left: top_two(&c.left),
                        right: top_two(&c.right),
                        capital,
                    },
                )
            })
            .collect();
        Contexts { words }
    }

    /// Number of words with contexts.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word has a context.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The feature names (template, value) of a lower-case word, for the tagger to hash.
    pub fn features_of(&self, lower: &str, mut add: impl FnMut(&str, &str)) {
        let Some(c) = self.words.get(lower) else {
            add("cx-unseen", "");
            return;
        };
        for (k, l) in c.left.iter().enumerate() {
            add(if k == 0 { "cx-l1" } else { "cx-l2" }, l);
        }
        for (k, r) in c.right.iter().enumerate() {
            add(if k == 0 { "cx-r1" } else { "cx-r2" }, r);
        }
        add(
            "cx-cap",
            ["0", "1", "2", "3", "4", "-"][usize::from(c.capital.min(5))],
        );
    }

    /// Writes the contexts as gzipped TSV, sorted by word.
    pub fn write(&self, w: impl Write) -> std::io::Result<()> {
        let mut gz = flate2::write::GzEncoder::new(w, flate2::Compression::best());
        let mut words: Vec<(&String, &Context)> = self.words.iter().collect();
        words.sort_by(|a, b| a.0.cmp(b.0));
        for (word, c) in words {
            writeln!(
                gz,
                "{word}\t{}\t{}\t{}",
                c.left.join(" "),
                c.right.join(" "),
                c.capital
            )?;
        }
        gz.finish()?.flush()
    }

    /// Reads contexts written by [`Contexts::write`].
    pub fn read(bytes: impl Read) -> Result<Contexts, NerError> {
        let reader = BufReader::new(flate2::read::GzDecoder::new(bytes));
        let mut words = HashMap::default();
        for (n, line) in reader.lines().enumerate() {
            let line = line.map_err(|e| NerError::Io("contexts".into(), e))?;
            let mut parts = line.split('\t');
            let (Some(word), Some(left), Some(right), Some(capital)) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(NerError::Model(format!(
                    "contexts line {}: four fields",
                    n + 1
                )));
            };
            let split = |s: &str| {
                s.split(' ')
                    .filter(|x| !x.is_empty())
                    .map(String::from)
                    .collect()
            };
            words.insert(
                word.to_string(),
                Context {
                    left: split(left),
                    right: split(right),
                    capital: capital
                        .parse()
                        .map_err(|_| NerError::Model(format!("contexts line {}", n + 1)))?,
                },
            );
        }
        Ok(Contexts { words })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_and_people_show_in_their_neighbours_and_the_file_round_trips() {
        let text = "He lives in Paris. She moved to Paris. They met in Paris. We flew to Paris. \
                    Smith said no. Then Smith said yes. Later Smith said it. Again Smith said so.";
        let c = Contexts::learn(std::iter::once(text));
        let mut paris = Vec::new();
        c.features_of("paris", |t, v| paris.push(format!("{t}={v}")));
        assert!(paris.contains(&"cx-l1=in".to_string()), "{paris:?}");
        assert!(paris.contains(&"cx-cap=4".to_string()), "{paris:?}");
        let mut smith = Vec::new();
        c.features_of("smith", |t, v| smith.push(format!("{t}={v}")));
        assert!(smith.contains(&"cx-r1=said".to_string()), "{smith:?}");
        let mut bytes = Vec::new();
        c.write(&mut bytes).unwrap();
        let back = Contexts::read(&bytes[..]).unwrap();
        assert_eq!(back.words, c.words);
        let mut none = Vec::new();
        c.features_of("zebra", |t, _| none.push(t.to_string()));
        assert_eq!(none, ["cx-unseen"]);
    }
}
