//! What of an article the pair decision looks at, in a compact form: terms are 32-bit hashes of
//! lemmas, so a profile of a news article takes about two kilobytes and a million of them fit in
//! memory.
use std::hash::{Hash, Hasher};

use newsmill_model::Record;
use newsmill_nlp::lemma::walk_keys;
use newsmill_nlp::token::{tokenize, Kind};
use rustc_hash::{FxHashMap, FxHasher};
use serde::{Deserialize, Serialize};

use crate::minhash::Signature;

/// Words of the body, after the title, that make up the opening: where a news story states
/// its event, and what survives when a copy is cut.
const OPENING_WORDS: usize = 300;
/// Distinct terms kept of the whole text, the most frequent first: the rest of a long text adds
/// little to a cosine and much to memory.
const BODY_TERMS: usize = 160;

/// The 32-bit id of a term (a lemma, a number, an entity key). Collisions between two of a
/// collection's terms are rare enough (one pair in 4·10⁹) to leave cosines unchanged.
pub fn term_id(s: &str) -> u32 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    let v = h.finish();
    (v ^ (v >> 32)) as u32
}

/// A bag of terms: ids in ascending order with their counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Terms {
    ids: Box<[u32]>,
    counts: Box<[u16]>,
}

impl Terms {
    fn from_counts(counts: FxHashMap<u32, u32>, keep: usize) -> Terms {
        let mut v: Vec<(u32, u32)> = counts.into_iter().collect();
        if v.len() > keep {
            // The most frequent, ties by id: deterministic.
            v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(keep);
        }
        v.sort_unstable_by_key(|&(id, _)| id);
        Terms {
            ids: v.iter().map(|&(id, _)| id).collect(),
            counts: v
                .iter()
                .map(|&(_, c)| c.min(u32::from(u16::MAX)) as u16)
                .collect(),
        }
    }

    fn of<'a>(words: impl IntoIterator<Item = &'a u32>, keep: usize) -> Terms {
        let mut c: FxHashMap<u32, u32> = FxHashMap::default();
        for &w in words {
            *c.entry(w).or_default() += 1;
        }
        Terms::from_counts(c, keep)
    }

    /// Term ids, ascending.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// `(id, log-scaled count)` pairs, ascending by id.
    pub fn weighted(&self) -> impl Iterator<Item = (u32, f32)> + '_ {
        self.ids
            .iter()
            .zip(self.counts.iter())
            .map(|(&id, &c)| (id, 1.0 + f32::from(c).ln()))
    }
}

/// An article reduced to what tells whether two articles report the same story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Title lemmas.
    pub title: Terms,
    /// Lemmas of the title and the opening.
    pub opening: Terms,
    /// The most frequent lemmas of the whole text.
    pub body: Terms,
    /// Entities (`TYPE:lowercased normal form`), as sorted term ids.
    pub entities: Box<[u32]>,
    /// Numbers of two or more digits the text gives (`19`, `2020`, `8,1`), sorted term ids.
    pub numbers: Box<[u32]>,
    /// MinHash of the lemma 3-grams of the whole text.
    pub signature: Signature,
    /// Words in the whole text.
    pub words: u32,
    /// Calendar dates (day and month) the title and the opening name, sorted: what tells the
    /// weather for 8 November from the weather for 16 November. Last, so that a profile stored
    /// before it existed fails to decode rather than decodes wrong.
    pub dates: Box<[u16]>,
    /// The outlet that published the article (a term id of its lowercased name), when known:
    /// a channel posting its daily template again a day later is not reporting one event
    /// twice. Last, for the reason `dates` is.
    pub outlet: Option<u32>,
}

/// The terms of a text in order (each word's first search key, each number as written) and its
/// numbers of two digits or more. Built by [`BodyTerms::of`], or token by token with
/// [`BodyTerms::push`] by a caller that walks the same tokens for its own keys (the store's
/// full-text index), so that each word is analysed once.
#[derive(Debug, Default, Clone)]
pub struct BodyTerms {
    terms: Vec<u32>,
    numbers: Vec<u32>,
    /// Calendar dates (day and month) the text names, with the number of terms before each.
    dates: Vec<(u32, u16)>,
    /// A day number just read (`9` of «9 мая»), waiting for its month.
    day: Option<u8>,
    /// A month just read (`May` of «May 9»), waiting for its day.
    month: Option<u8>,
}

/// Month names by number, Russian lemma and English word.
const MONTHS: [[&str; 2]; 12] = [
    ["январь", "january"],
    ["февраль", "february"],
    ["март", "march"],
    ["апрель", "april"],
    ["май", "may"],
    ["июнь", "june"],
    ["июль", "july"],
    ["август", "august"],
    ["сентябрь", "september"],
    ["октябрь", "october"],
    ["ноябрь", "november"],
    ["декабрь", "december"],
];

/// The month (1–12) a word names, from its search keys.
fn month(keys: &[String]) -> Option<u8> {
    keys.iter().find_map(|k| {
        MONTHS
            .iter()
            .position(|m| m.contains(&k.as_str()))
            .map(|i| i as u8 + 1)
    })
}

/// A day and a month as one small number.
fn date(day: u8, month: u8) -> u16 {
    u16::from(month) * 32 + u16::from(day)
}

impl BodyTerms {
    /// The terms of `text`.
    pub fn of(text: &str) -> BodyTerms {
        let mut body = BodyTerms::default();
        walk_keys(text, |t, keys| {
            body.push(t.kind, t.text(text), keys);
            true
        });
        body
    }

    /// Adds one token: its kind, its text and its search keys
    /// ([`newsmill_nlp::lemma::walk_keys`] gives all three).
    pub fn push(&mut self, kind: Kind, text: &str, keys: &[String]) {
        match kind {
            Kind::Word => {
                let m = month(keys);
                if let (Some(d), Some(m)) = (self.day, m) {
                    self.dates.push((self.terms.len() as u32, date(d, m)));
                }
                (self.day, self.month) = (None, m);
                if let Some(k) = keys.first() {
                    self.terms.push(term_id(k));
                }
            }
            Kind::Number => {
                let day = text.parse::<u8>().ok().filter(|d| (1..=31).contains(d));
                if let (Some(d), Some(m)) = (day, self.month) {
                    self.dates.push((self.terms.len() as u32, date(d, m)));
                }
                (self.day, self.month) = (day, None);
                let id = term_id(text);
                if text.chars().filter(char::is_ascii_digit).count() >= 2 {
                    self.numbers.push(id);
                }
                self.terms.push(id);
            }
            _ => {}
        }
    }
}

fn sorted_set(mut v: Vec<u32>) -> Box<[u32]> {
    v.sort_unstable();
    v.dedup();
    v.into_boxed_slice()
}

impl Profile {
    /// The profile of a title, a body and the `(type, normal form)` of its entities.
    pub fn new<'a>(
        title: &str,
        text: &str,
        entities: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Profile {
        Profile::with_body(title, BodyTerms::of(text), entities)
    }

    /// The profile of an article whose body terms are already gathered ([`BodyTerms`]).
    fn with_body<'a>(
        title: &str,
        body: BodyTerms,
        entities: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Profile {
        let title_body = BodyTerms::of(title);
        // The title's numbers count whatever their length («на 8 ноября»): a title has few.
        let mut numbers: Vec<u32> = tokenize(title)
            .iter()
            .filter(|t| t.kind == Kind::Number)
            .map(|t| term_id(t.text(title)))
            .collect();
        numbers.extend_from_slice(&body.numbers);
        let mut dates: Vec<u16> = title_body.dates.iter().map(|d| d.1).collect();
        dates.extend(
            body.dates
                .iter()
                .take_while(|d| (d.0 as usize) < OPENING_WORDS)
                .map(|d| d.1),
        );
        dates.sort_unstable();
        dates.dedup();
        let title_words = title_body.terms;
        let body = body.terms;
        let signature = Signature::of(body.windows(3).map(|w| {
            let mut h = FxHasher::default();
            w.hash(&mut h);
            h.finish()
        }));
        Profile {
            title: Terms::of(&title_words, usize::MAX),
            opening: Terms::of(
                title_words.iter().chain(body.iter().take(OPENING_WORDS)),
                usize::MAX,
            ),
            body: Terms::of(title_words.iter().chain(body.iter()), BODY_TERMS),
            entities: sorted_set(
                entities
                    .into_iter()
                    .map(|(kind, norm)| term_id(&format!("{kind}:{}", norm.to_lowercase())))
                    .collect(),
            ),
            numbers: sorted_set(numbers),
            signature,
            words: u32::try_from(body.len()).unwrap_or(u32::MAX),
            dates: dates.into_boxed_slice(),
            outlet: None,
        }
    }

    /// The same profile, published by `outlet`.
    pub fn with_outlet(mut self, outlet: Option<&str>) -> Profile {
        self.outlet = outlet
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(|o| term_id(&o.to_lowercase()));
        self
    }

    /// The profile of a record: its title, body, entities and outlet.
    pub fn of_record(r: &Record) -> Profile {
        Profile::of_record_with(r, BodyTerms::of(&r.text))
    }

    /// The profile of a record whose body terms are already gathered ([`BodyTerms`]).
    pub fn of_record_with(r: &Record, body: BodyTerms) -> Profile {
        Profile::with_body(
            r.title.as_deref().unwrap_or(""),
            body,
            r.entities
                .iter()
                .map(|e| (e.kind.as_str(), e.norm.as_str())),
        )
        .with_outlet(r.outlet.as_deref())
    }

    /// The profile in a compact binary form, for storing beside the article.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("a profile always serialises")
    }

    /// A profile from [`Profile::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Profile, crate::StoriesError> {
        Ok(postcard::from_bytes(bytes)?)
    }

    /// Bytes this profile holds on the heap and inline: what a clusterer pays to keep it.
    pub fn memory(&self) -> usize {
        let terms = |t: &Terms| t.ids.len() * 6;
        std::mem::size_of::<Profile>()
            + terms(&self.title)
            + terms(&self.opening)
            + terms(&self.body)
            + 4 * (self.entities.len() + self.numbers.len())
            + 2 * self.dates.len()
    }
}

/// Inverse document frequencies of lemmas over a collection: common words weigh little in the
/// cosines. Built from the documents being compared (the store, or an evaluation file).
#[derive(Debug, Clone, Default)]
pub struct Idf {
    df: FxHashMap<u32, u32>,
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

    /// Counts one more document: the terms of its opening and its most frequent ones.
    pub fn add(&mut self, p: &Profile) {
        self.docs += 1;
        let (a, b) = (p.opening.ids(), p.body.ids());
        let (mut i, mut j) = (0, 0);
        // A merge of two ascending lists: every distinct term once.
        while i < a.len() || j < b.len() {
            let next = match (a.get(i), b.get(j)) {
                (Some(&x), Some(&y)) if x == y => {
                    i += 1;
                    j += 1;
                    x
                }
                (Some(&x), Some(&y)) if x < y => {
                    i += 1;
                    x
                }
                (Some(&x), None) => {
                    i += 1;
                    x
                }
                (_, Some(&y)) => {
                    j += 1;
                    y
                }
                (None, None) => unreachable!(),
            };
            *self.df.entry(next).or_default() += 1;
        }
    }

    /// Documents counted.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// The weight of a term: ln((N + 1) / (df + 1)) + 1; unseen terms weigh most.
    pub fn weight(&self, term: u32) -> f32 {
        let df = self.df.get(&term).copied().unwrap_or(0);
        ((self.docs as f32 + 1.0) / (df as f32 + 1.0)).ln() + 1.0
    }

    /// Cosine of two weighted term bags.
    pub fn cosine(&self, a: &Terms, b: &Terms) -> f64 {
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let weights =
            |t: &Terms| -> Vec<f32> { t.weighted().map(|(id, tf)| tf * self.weight(id)).collect() };
        let (wa, wb) = (weights(a), weights(b));
        let norm = |w: &[f32]| w.iter().map(|&x| f64::from(x * x)).sum::<f64>().sqrt();
        let (na, nb) = (norm(&wa), norm(&wb));
        if na == 0.0 || nb == 0.0 {
            return 0.0;
        }
        let (ia, ib) = (a.ids(), b.ids());
        let (mut i, mut j, mut dot) = (0, 0, 0.0f64);
        while i < ia.len() && j < ib.len() {
            match ia[i].cmp(&ib[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += f64::from(wa[i] * wb[j]);
                    i += 1;
                    j += 1;
                }
            }
        }
        dot / (na * nb)
    }
}

/// Elements two ascending lists share.
pub(crate) fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_round_trip_through_bytes() {
        let p = Profile::new(
            "Песков назвал Армению партнером",
            "Дмитрий Песков заявил 20 сентября, что Армения остается союзником России.",
            [("PER", "Дмитрий Песков")],
        );
        assert_eq!(Profile::from_bytes(&p.to_bytes()).unwrap(), p);
        assert!(Profile::from_bytes(b"\xff\xff").is_err());
        assert!(p.memory() < 1_000);
    }

    #[test]
    fn long_texts_keep_a_bounded_body() {
        let text: String = (0..2_000).map(|i| format!("слово{i} ")).collect();
        let p = Profile::new("", &text, []);
        assert_eq!(p.body.ids().len(), BODY_TERMS);
        assert_eq!(p.words, 2_000);
    }

    #[test]
    fn dates_are_a_day_next_to_a_month_name() {
        let dates =
            |text: &str| -> Vec<u16> { BodyTerms::of(text).dates.iter().map(|d| d.1).collect() };
        assert_eq!(dates("Во вторник, 5 ноября, на трассе"), [date(5, 11)]);
        assert_eq!(dates("9 мая и 31 декабря"), [date(9, 5), date(31, 12)]);
        assert_eq!(dates("on May 9 2017 and 3 June"), [date(9, 5), date(3, 6)]);
        // A year, an age or a count beside a month is no day.
        assert!(dates("в мае 2020 года, 45 лет, 5 человек, 40 ноября").is_empty());
        // The opening only: a date deep in a long text is background.
        let long = format!("Снег. {} 8 ноября.", "слово ".repeat(OPENING_WORDS));
        assert!(Profile::new("", &long, []).dates.is_empty());
        assert_eq!(
            Profile::new("Погода на 8 ноября", "", []).dates[..],
            [date(8, 11)]
        );
    }

    #[test]
    fn shared_counts_common_elements() {
        assert_eq!(shared(&[1, 3, 5, 7], &[2, 3, 7, 9]), 2);
        assert_eq!(shared(&[], &[1]), 0);
    }
}
