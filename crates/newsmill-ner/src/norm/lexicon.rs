//! The normal-form lexicon: corpus names learned from the training data (`Путин` → `Владимир
//! Путин`, `РФ` → `Россия`) and first-name counts, read from and written to `norms.tsv.gz`.
use std::collections::HashMap;
use std::io::{Read, Write};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use newsmill_model::EntityType;

use crate::NerError;

/// Normal forms the training corpus names differently: our form (case-folded) → the corpus name.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    map: HashMap<String, String>,
    /// How often each first name (case-folded) opens a person's corpus name: the prior that
    /// tells "Анастасия" (many) from "Анастасий" (none) where the dictionary reads a name
    /// either way.
    first_names: HashMap<String, u32>,
}

impl Lexicon {
    /// Builds a lexicon from `(type, our form, corpus name)` observations: an entry is kept when
    /// it was seen at least `min_count` times and the corpus agrees on it at least `min_share` of
    /// the time. Entries are per type: the hockey club "Сибирь" named by its league must not
    /// rename the region.
    pub fn learn(
        observations: &[(EntityType, String, String)],
        min_count: usize,
        min_share: f64,
    ) -> Lexicon {
        let mut by_key: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for (kind, ours, label) in observations {
            // NEREL writes "нет данных" ("no data") where Wikidata has no label: not a name.
            if label.trim().is_empty() || label == "нет данных" {
                continue;
            }
            *by_key
                .entry(lexicon_key(*kind, ours))
                .or_default()
                .entry(label.clone())
                .or_default() += 1;
        }
        let mut first_names: HashMap<String, u32> = HashMap::new();
        for (kind, _, label) in observations {
            let words: Vec<&str> = label.split_whitespace().collect();
            if *kind == EntityType::Per && words.len() >= 2 && !label.contains(',') {
                *first_names.entry(fold(words[0])).or_default() += 1;
            }
        }
        let mut map = HashMap::new();
        for (key, labels) in by_key {
            let total: usize = labels.values().sum();
            let (best, n) = labels
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .expect("nonempty");
            let same = key.split_once('\t').is_some_and(|(_, k)| fold(&best) == k);
            if n >= min_count && n as f64 >= min_share * total as f64 && !same {
                map.insert(key, best);
            }
        }
        Lexicon { map, first_names }
    }

    /// How often the corpus names open with first name `name` (any case; 0 if never).
    pub fn first_name_count(&self, name: &str) -> u32 {
        self.first_names.get(&fold(name)).copied().unwrap_or(0)
    }

    /// The corpus name for a normal form of an entity of type `kind`, if the lexicon has one.
    pub fn get(&self, kind: EntityType, norm: &str) -> Option<&str> {
        self.map.get(&lexicon_key(kind, norm)).map(String::as_str)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the lexicon is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Writes the lexicon as gzipped `TYPE\tform\tname` lines, sorted (so training is
    /// reproducible).
    pub fn write(&self, out: impl Write) -> std::io::Result<()> {
        let mut gz = GzEncoder::new(out, flate2::Compression::best());
        let mut entries: Vec<_> = self.map.iter().collect();
        entries.sort();
        for (k, v) in entries {
            writeln!(gz, "{k}\t{v}")?;
        }
        let mut names: Vec<_> = self.first_names.iter().collect();
        names.sort();
        for (name, n) in names {
            writeln!(gz, "{FIRST_NAME}\t{name}\t{n}")?;
        }
        gz.finish()?;
        Ok(())
    }

    /// Reads what [`Lexicon::write`] wrote.
    pub fn read(bytes: &[u8]) -> Result<Lexicon, NerError> {
        let mut text = String::new();
        GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|e| NerError::Model(format!("norm lexicon: {e}")))?;
        let mut map = HashMap::new();
        let mut first_names = HashMap::new();
        for (k, v) in text.lines().filter_map(|l| l.rsplit_once('\t')) {
            match k
                .strip_prefix(FIRST_NAME)
                .and_then(|r| r.strip_prefix('\t'))
            {
                Some(name) => {
                    let n = v
                        .parse()
                        .map_err(|e| NerError::Model(format!("norm lexicon: {k}: {e}")))?;
                    first_names.insert(name.to_owned(), n);
                }
                None => {
                    map.insert(k.to_owned(), v.to_owned());
                }
            }
        }
        Ok(Lexicon { map, first_names })
    }
}

/// The first field of the lexicon file's first-name lines (`FIRST\tname\tcount`), which no
/// entity type is.
const FIRST_NAME: &str = "FIRST";

/// The lexicon's key of a form: its type and its [`fold`], tab-separated.
fn lexicon_key(kind: EntityType, norm: &str) -> String {
    format!("{}\t{}", kind.as_str(), fold(norm))
}

/// Case-folded with ё as е: the comparison the metric uses.
pub fn fold(s: &str) -> String {
    s.to_lowercase().replace('ё', "е")
}
