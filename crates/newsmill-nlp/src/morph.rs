//! Russian morphology over the OpenCorpora dictionary: lemma, part of speech, case, number, gender, and
//! inflection (to the nominative above all, for normal forms of names).
//!
//! The dictionary is compiled at build time (see `build.rs`) into an `fst::Set` whose keys are
//! `word \x01 paradigm form`; a paradigm lists, for each of its forms, a suffix, a tag and a prefix.
//! A word's analyses are one range query; its lemma is its stem plus the paradigm's first suffix; any
//! other form of the lexeme is the stem plus that form's suffix. Words the dictionary does not know get
//! analyses predicted from their last letters (the dictionary's own suffix statistics), as pymorphy
//! does, so that foreign surnames and new place names still inflect.
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use fst::Set;

static WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.fst"));
static PREDICT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/predict.fst"));
static PARADIGMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/paradigms.bin"));
static SUFFIXES: &str = include_str!(concat!(env!("OUT_DIR"), "/suffixes.txt"));
static TAGS: &str = include_str!(concat!(env!("OUT_DIR"), "/tags.txt"));
static PREFIXES: &str = include_str!(concat!(env!("OUT_DIR"), "/prefixes.txt"));

/// Part of speech (OpenCorpora's inventory).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    Noun,
    Adjf,
    Adjs,
    Comp,
    Verb,
    Infn,
    Prtf,
    Prts,
    Grnd,
    Numr,
    Advb,
    Npro,
    Pred,
    Prep,
    Conj,
    Prcl,
    Intj,
    /// Anything else (no part of speech in the tag).
    Other,
}

/// Grammatical case. `Loc2`, `Gen2` etc. fold into the main six with a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    Nomn,
    Gent,
    Datv,
    Accs,
    Ablt,
    Loct,
    Voct,
}

/// Grammatical number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Number {
    Sing,
    Plur,
}

/// Grammatical gender (`Ms-f` nouns, "common gender", are `Common`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Masc,
    Femn,
    Neut,
    Common,
}

/// Lexical and grammatical flags of a tag.
pub mod flag {
    /// Animate.
    pub const ANIM: u32 = 1;
    /// First name.
    pub const NAME: u32 = 1 << 1;
    /// Surname.
    pub const SURN: u32 = 1 << 2;
    /// Patronymic.
    pub const PATR: u32 = 1 << 3;
    /// Toponym.
    pub const GEOX: u32 = 1 << 4;
    /// Organisation name.
    pub const ORGN: u32 = 1 << 5;
    /// Abbreviation.
    pub const ABBR: u32 = 1 << 6;
    /// Indeclinable.
    pub const FIXD: u32 = 1 << 7;
    /// Initial (a name's first letter).
    pub const INIT: u32 = 1 << 8;
    /// Only singular (singularia tantum).
    pub const SGTM: u32 = 1 << 9;
    /// Only plural (pluralia tantum).
    pub const PLTM: u32 = 1 << 10;
    /// Trademark.
    pub const TRAD: u32 = 1 << 11;
    /// Second genitive / locative (`чаю`, `в лесу`).
    pub const CASE2: u32 = 1 << 12;
    /// Past tense.
    pub const PAST: u32 = 1 << 13;
    /// Third person.
    pub const PER3: u32 = 1 << 14;
}

/// One parsed OpenCorpora tag.
#[derive(Debug, Clone)]
pub struct Tag {
    /// Part of speech.
    pub pos: Pos,
    /// Case, where the form has one.
    pub case: Option<Case>,
    /// Number, where the form has one.
    pub number: Option<Number>,
    /// Gender, where the form has one.
    pub gender: Option<Gender>,
    /// [`flag`] bits.
    pub flags: u32,
    /// The tag as OpenCorpora writes it, e.g. `NOUN,anim,masc,Surn sing,gent`.
    pub text: &'static str,
}

impl Tag {
    fn parse(text: &'static str) -> Tag {
        let mut tag = Tag {
            pos: Pos::Other,
            case: None,
            number: None,
            gender: None,
            flags: 0,
            text,
        };
        for g in text.split([',', ' ']) {
            match g {
                "NOUN" => tag.pos = Pos::Noun,
                "ADJF" => tag.pos = Pos::Adjf,
                "ADJS" => tag.pos = Pos::Adjs,
                "COMP" => tag.pos = Pos::Comp,
                "VERB" => tag.pos = Pos::Verb,
                "INFN" => tag.pos = Pos::Infn,
                "PRTF" => tag.pos = Pos::Prtf,
                "PRTS" => tag.pos = Pos::Prts,
                "GRND" => tag.pos = Pos::Grnd,
                "NUMR" => tag.pos = Pos::Numr,
                "ADVB" => tag.pos = Pos::Advb,
                "NPRO" => tag.pos = Pos::Npro,
                "PRED" => tag.pos = Pos::Pred,
                "PREP" => tag.pos = Pos::Prep,
                "CONJ" => tag.pos = Pos::Conj,
                "PRCL" => tag.pos = Pos::Prcl,
                "INTJ" => tag.pos = Pos::Intj,
                "nomn" => tag.case = Some(Case::Nomn),
                "gent" => tag.case = Some(Case::Gent),
                "gen2" => (tag.case, tag.flags) = (Some(Case::Gent), tag.flags | flag::CASE2),
                "datv" => tag.case = Some(Case::Datv),
                "accs" | "acc2" => tag.case = Some(Case::Accs),
                "ablt" => tag.case = Some(Case::Ablt),
                "loct" => tag.case = Some(Case::Loct),
                "loc2" => (tag.case, tag.flags) = (Some(Case::Loct), tag.flags | flag::CASE2),
                "voct" => tag.case = Some(Case::Voct),
                "sing" => tag.number = Some(Number::Sing),
                "plur" => tag.number = Some(Number::Plur),
                "masc" => tag.gender = Some(Gender::Masc),
                "femn" => tag.gender = Some(Gender::Femn),
                "neut" => tag.gender = Some(Gender::Neut),
                "ms-f" | "Ms-f" => tag.gender = Some(Gender::Common),
                "anim" => tag.flags |= flag::ANIM,
                "Name" => tag.flags |= flag::NAME,
                "Surn" => tag.flags |= flag::SURN,
                "Patr" => tag.flags |= flag::PATR,
                "Geox" => tag.flags |= flag::GEOX,
                "Orgn" => tag.flags |= flag::ORGN,
                "Abbr" => tag.flags |= flag::ABBR,
                "Fixd" => tag.flags |= flag::FIXD,
                "Init" => tag.flags |= flag::INIT,
                "Sgtm" => tag.flags |= flag::SGTM,
                "Pltm" => tag.flags |= flag::PLTM,
                "Trad" => tag.flags |= flag::TRAD,
                "past" => tag.flags |= flag::PAST,
                "3per" => tag.flags |= flag::PER3,
                _ => {}
            }
        }
        tag
    }

    /// Whether all of `flags` are set.
    pub fn has(&self, flags: u32) -> bool {
        self.flags & flags == flags
    }
}

/// One analysis of a word: a form of one lexeme.
#[derive(Debug, Clone)]
pub struct Parse {
    /// The analysed word, lowercased.
    pub word: String,
    /// The dictionary form (nominative singular, infinitive...), lowercased.
    pub lemma: String,
    /// The form's tag.
    pub tag: &'static Tag,
    /// Whether the word is in the dictionary (else the analysis is predicted from its ending).
    pub known: bool,
    paradigm: u16,
    form: u16,
}

impl Parse {
    /// The form of this lexeme with `case` (and the same number, falling back to singular), or
    /// `None` when the paradigm has no such form. Gender follows the lexeme for nouns; for
    /// adjectives it is `gender` when given, else this form's gender.
    pub fn inflect(&self, case: Case, gender: Option<Gender>) -> Option<String> {
        let m = morph();
        let para = m.paradigm(self.paradigm);
        let n = para.len() / 3;
        let gender = gender.or(self.tag.gender);
        // OpenCorpora files a patronymic under its father's name ("Сергеевича" is a form of
        // "Сергей"): the form wanted is the patronymic's own, never the name's.
        let patronymic = self.tag.has(flag::PATR);
        let candidates = |number: Option<Number>| {
            (0..n).filter(move |&i| {
                let t = &m.tags[para[n + i] as usize];
                t.case == Some(case)
                    && !t.has(flag::CASE2)
                    && t.pos == self.tag.pos
                    && t.has(flag::PATR) == patronymic
                    && (number.is_none() || t.number == number)
            })
        };
        // Same number (else singular); among those, the wanted gender where the paradigm has
        // gendered forms (adjectives, and surnames whose lexeme holds both genders).
        // Among spelling variants of one form ("Анатольевич", "Анатолиевич"), the one that
        // keeps most of the word as written.
        let kept = |i: usize| {
            let form = m.form_of(&self.word, self.paradigm, self.form, i as u16);
            let shared = form
                .chars()
                .zip(self.word.chars())
                .take_while(|(a, b)| a == b)
                .count();
            (shared, std::cmp::Reverse(i))
        };
        // The lexeme-level grammemes of a tag (before its space), gender aside: a superlative
        // stays one ("высшей" → "высшая", not "высокая"), a passive participle stays passive,
        // and a positive stays positive ("древней" → "древняя", not "древнейшая").
        let lexical = |t: &Tag| -> Vec<&str> {
            t.text
                .split(' ')
                .next()
                .unwrap_or("")
                .split(',')
                .filter(|g| !matches!(*g, "masc" | "femn" | "neut" | "ms-f" | "GNdr"))
                .collect()
        };
        let own = lexical(self.tag);
        let pick = |number: Option<Number>| {
            let all: Vec<usize> = candidates(number).collect();
            let alike: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&i| lexical(&m.tags[para[n + i] as usize]) == own)
                .collect();
            let pool = if alike.is_empty() { all } else { alike };
            let gendered: Vec<usize> = pool
                .iter()
                .copied()
                .filter(|&i| {
                    let t = &m.tags[para[n + i] as usize];
                    gender.is_none() || t.gender.is_none() || t.gender == gender
                })
                .collect();
            let pool = if gendered.is_empty() { pool } else { gendered };
            pool.into_iter().max_by_key(|&i| kept(i))
        };
        let i = pick(self.tag.number).or_else(|| pick(Some(Number::Sing)))?;
        Some(m.form_of(&self.word, self.paradigm, self.form, i as u16))
    }
}

/// Calls `f` with the `N`-byte payload of every key `prefix \x01 payload` of `set`, in order.
/// A walk over the raw automaton: the node after the separator, then the payload bytes below it,
/// with no stream state allocated per lookup.
fn payloads<const N: usize>(set: &Set<&'static [u8]>, prefix: &[u8], mut f: impl FnMut(&[u8; N])) {
    let fst = set.as_fst();
    let mut node = fst.root();
    for &b in prefix.iter().chain(&[1u8]) {
        match node.find_input(b) {
            Some(i) => node = fst.node(node.transition(i).addr),
            None => return,
        }
    }
    fn walk<const N: usize>(
        fst: &fst::raw::Fst<&'static [u8]>,
        node: fst::raw::Node<'_>,
        buf: &mut [u8; N],
        depth: usize,
        f: &mut impl FnMut(&[u8; N]),
    ) {
        if depth == N {
            if node.is_final() {
                f(buf);
            }
            return;
        }
        for t in node.transitions() {
            buf[depth] = t.inp;
            walk(fst, fst.node(t.addr), buf, depth + 1, f);
        }
    }
    let mut buf = [0u8; N];
    walk(fst, node, &mut buf, 0, &mut f);
}

/// The compiled dictionary.
pub struct Morph {
    words: Set<&'static [u8]>,
    predict: Set<&'static [u8]>,
    paradigm_offsets: Vec<(u32, u32)>,
    paradigm_data: Vec<u16>,
    suffixes: Vec<&'static str>,
    tags: Vec<Tag>,
    prefixes: Vec<&'static str>,
}

/// Whether `word` (lowercase) is a preposition that governs the instrumental (`с`, `под`,
/// `над`, `за`, `перед`, `между`, and their `-о` forms): a word after it may be read as an
/// instrumental, elsewhere an instrumental reading is a predicate or a guess to doubt.
pub fn governs_instrumental(word: &str) -> bool {
    matches!(
        word,
        "с" | "со" | "под" | "подо" | "над" | "надо" | "за" | "перед" | "передо" | "между"
    )
}

/// The process-wide dictionary, loaded on first use (a few milliseconds: the word sets are used in
/// place, only the small tables are parsed).
pub fn morph() -> &'static Morph {
    static MORPH: OnceLock<Morph> = OnceLock::new();
    MORPH.get_or_init(Morph::load)
}

impl Morph {
    fn load() -> Morph {
        let words = Set::new(WORDS).expect("compiled words.fst");
        let predict = Set::new(PREDICT).expect("compiled predict.fst");
        let u16_at = |i: usize| u16::from_le_bytes([PARADIGMS[i], PARADIGMS[i + 1]]);
        let count = u16_at(0) as usize;
        let mut pos = 2;
        let mut paradigm_offsets = Vec::with_capacity(count);
        let mut paradigm_data = Vec::new();
        for _ in 0..count {
            let len = u16_at(pos) as usize;
            pos += 2;
            let start = paradigm_data.len() as u32;
            for k in 0..len {
                paradigm_data.push(u16_at(pos + 2 * k));
            }
            pos += 2 * len;
            paradigm_offsets.push((start, len as u32));
        }
        Morph {
            words,
            predict,
            paradigm_offsets,
            paradigm_data,
            suffixes: SUFFIXES.split('\0').collect(),
            tags: TAGS.split('\0').map(Tag::parse).collect(),
            prefixes: PREFIXES.split('\0').collect(),
        }
    }

    fn paradigm(&self, id: u16) -> &[u16] {
        let (start, len) = self.paradigm_offsets[id as usize];
        &self.paradigm_data[start as usize..(start + len) as usize]
    }

    /// Rebuilds form `to` of the lexeme that `word` (form `from` of `paradigm`) belongs to.
    fn form_of(&self, word: &str, paradigm: u16, from: u16, to: u16) -> String {
        let para = self.paradigm(paradigm);
        let n = para.len() / 3;
        let (from, to) = (from as usize, to as usize);
        let suffix = self.suffixes[para[from] as usize];
        let prefix = self.prefixes[para[2 * n + from] as usize];
        // (`е` written for the dictionary's `ё` matches it: `передает` is `переда|ёт`.)
        let stem = strip_prefix_yo(word, prefix)
            .and_then(|w| strip_suffix_yo(w, suffix))
            .unwrap_or(word);
        let mut out = String::with_capacity(word.len() + 8);
        out.push_str(self.prefixes[para[2 * n + to] as usize]);
        out.push_str(stem);
        out.push_str(self.suffixes[para[to] as usize]);
        out
    }

    /// Every analysis of `word` (any case; `е` also finds words the dictionary spells with `ё`). Dictionary analyses come in
    /// the dictionary's order; unknown words get predicted ones, most frequent pattern first. Words
    /// with no Cyrillic letter get none.
    pub fn analyze(&'static self, word: &str) -> Vec<Parse> {
        self.analyze_shared(word).as_ref().clone()
    }

    /// [`Morph::analyze`] through a per-thread cache of recent words (bounded; news vocabulary
    /// is Zipfian, so most lookups hit). The cheap way to analyse the same word many times.
    pub fn analyze_shared(&'static self, word: &str) -> Rc<Vec<Parse>> {
        thread_local! {
            static CACHE: RefCell<FxHashMap<String, Rc<Vec<Parse>>>> = RefCell::new(FxHashMap::default());
        }
        const CAPACITY: usize = 50_000;
        CACHE.with(|cache| {
            if let Some(hit) = cache.borrow().get(word) {
                return hit.clone();
            }
            let parses = Rc::new(self.analyze_uncached(word));
            let mut cache = cache.borrow_mut();
            if cache.len() >= CAPACITY {
                cache.clear();
            }
            cache.insert(word.to_owned(), parses.clone());
            parses
        })
    }

    fn analyze_uncached(&'static self, word: &str) -> Vec<Parse> {
        let lower = word.to_lowercase();
        if !lower.chars().any(|c| matches!(c, 'а'..='я' | 'ё')) {
            return Vec::new();
        }
        let mut out = self.lookup(&lower);
        if out.is_empty() {
            out = self.predict(&lower);
        }
        out
    }

    fn lookup(&'static self, lower: &str) -> Vec<Parse> {
        let mut out = Vec::new();
        payloads::<4>(&self.words, lower.as_bytes(), |p| {
            let (paradigm, form) = (
                u16::from_be_bytes([p[0], p[1]]),
                u16::from_be_bytes([p[2], p[3]]),
            );
            out.push(self.parse_of(lower, paradigm, form, true));
        });
        out
    }

    fn parse_of(&'static self, lower: &str, paradigm: u16, form: u16, known: bool) -> Parse {
        let para = self.paradigm(paradigm);
        let n = para.len() / 3;
        Parse {
            word: lower.to_owned(),
            lemma: self.form_of(lower, paradigm, form, 0),
            tag: &self.tags[para[n + form as usize] as usize],
            known,
            paradigm,
            form,
        }
    }

    /// Analyses of an unknown word from the longest ending (up to five letters) the dictionary
    /// has statistics for, most frequent first, at most one per tag.
    fn predict(&'static self, lower: &str) -> Vec<Parse> {
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        for len in (1..=5.min(chars.len().saturating_sub(1))).rev() {
            let start = chars[chars.len() - len].0;
            let ending = &lower[start..];
            let mut found: Vec<(u16, u16, u16)> = Vec::new();
            payloads::<6>(&self.predict, ending.as_bytes(), |p| {
                found.push((
                    u16::from_be_bytes([p[0], p[1]]),
                    u16::from_be_bytes([p[2], p[3]]),
                    u16::from_be_bytes([p[4], p[5]]),
                ));
            });
            if found.is_empty() {
                continue;
            }
            found.sort_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
            let mut out: Vec<Parse> = Vec::new();
            for (_, paradigm, form) in found {
                let para = self.paradigm(paradigm);
                let n = para.len() / 3;
                let suffix = self.suffixes[para[form as usize] as usize];
                if !lower.ends_with(suffix) || lower.len() == suffix.len() {
                    continue;
                }
                let tag = para[n + form as usize];
                if out
                    .iter()
                    .any(|p| std::ptr::eq(p.tag, &self.tags[tag as usize]))
                {
                    continue;
                }
                out.push(self.parse_of(lower, paradigm, form, false));
                if out.len() == 8 {
                    break;
                }
            }
            if !out.is_empty() {
                return out;
            }
        }
        Vec::new()
    }
}

/// `word` without `affix` at its start, where `е` in the word may stand for `ё` in the affix.
fn strip_prefix_yo<'a>(word: &'a str, affix: &str) -> Option<&'a str> {
    let head = word.get(..affix.len())?;
    yo_equal(head, affix).then(|| &word[affix.len()..])
}

/// `word` without `affix` at its end, where `е` in the word may stand for `ё` in the affix.
fn strip_suffix_yo<'a>(word: &'a str, affix: &str) -> Option<&'a str> {
    let cut = word.len().checked_sub(affix.len())?;
    yo_equal(word.get(cut..)?, affix).then(|| &word[..cut])
}

/// Whether `w` spells `a` letter by letter, `е` standing for `ё`. (The two letters are as long
/// in UTF-8, so equal spellings are equally long.)
fn yo_equal(w: &str, a: &str) -> bool {
    w.len() == a.len() && w.chars().zip(a.chars()).all(|(w, a)| yo_matches(w, a))
}

/// Whether letter `w` of a word spells letter `a` of the dictionary (`е` for `ё`).
fn yo_matches(w: char, a: char) -> bool {
    w == a || (w == 'е' && a == 'ё')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nominative(word: &str) -> String {
        morph().analyze(word)[0]
            .inflect(Case::Nomn, None)
            .unwrap_or_default()
    }

    #[test]
    fn lemmas_and_tags_of_known_words() {
        let a = morph().analyze("Армении");
        assert!(a
            .iter()
            .any(|p| p.lemma == "армения" && p.tag.has(flag::GEOX)));
        let a = morph().analyze("заявил");
        assert_eq!(a[0].lemma, "заявить");
        assert_eq!(a[0].tag.pos, Pos::Verb);
        let a = morph().analyze("Пескова");
        assert!(a
            .iter()
            .any(|p| p.lemma == "песков" && p.tag.has(flag::SURN)));
        assert!(morph().analyze("Obama").is_empty());
    }

    #[test]
    fn inflection_to_the_nominative() {
        assert_eq!(nominative("Степанакерте"), "степанакерт");
        assert_eq!(nominative("Министерства"), "министерство");
        let surname = morph()
            .analyze("Пескова")
            .into_iter()
            .find(|p| p.tag.has(flag::SURN))
            .expect("surname");
        assert_eq!(surname.inflect(Case::Nomn, None).as_deref(), Some("песков"));
        // A patronymic stays one: "Сергеевичу" is filed under "Сергей" but names the son.
        for (word, want) in [
            ("Сергеевичу", "сергеевич"),
            ("Петровны", "петровна"),
            ("Анатольевича", "анатольевич"),
            ("Васильевне", "васильевна"),
        ] {
            let patr = morph()
                .analyze(word)
                .into_iter()
                .find(|p| p.tag.has(flag::PATR))
                .expect("patronymic");
            assert_eq!(patr.inflect(Case::Nomn, None).as_deref(), Some(want));
        }
        // A form keeps its lexeme-level grammemes: a superlative, a passive participle, a
        // positive adjective; and of two spellings, the one written ("Анатольевич" above).
        for (word, want) in [
            ("высшей", "высшая"),
            ("древней", "древняя"),
            ("вооружённых", "вооружённые"),
            ("объединённого", "объединённый"),
        ] {
            let first = morph()
                .analyze(word)
                .into_iter()
                .find(|p| matches!(p.tag.pos, Pos::Adjf | Pos::Prtf))
                .expect("adjective");
            let got = first.inflect(Case::Nomn, None);
            assert_eq!(got.as_deref(), Some(want), "{word} ({})", first.tag.text);
        }
    }

    #[test]
    fn unknown_words_are_predicted() {
        let a = morph().analyze("Локхартом");
        assert!(!a.is_empty());
        assert!(!a[0].known);
        assert!(a.iter().any(|p| p.lemma == "локхарт"), "{a:?}");
    }

    #[test]
    fn yo_spelling_is_found() {
        let a = morph().analyze("ещё");
        assert!(a.iter().all(|p| p.known));
        let b = morph().analyze("елки");
        assert!(b.iter().any(|p| p.lemma == "елка" && p.known), "{b:?}");
        // `е` for `ё` in the ending or in a whole-word paradigm still gives the lemma.
        for (word, lemma) in [
            ("передает", "передавать"),
            ("признает", "признавать"),
            ("ведет", "вести"),
            ("ее", "она"),
            ("Петр", "пётр"),
        ] {
            let parses = morph().analyze(word);
            assert!(
                parses.iter().any(|p| p.lemma == lemma),
                "{word}: {parses:?}"
            );
        }
    }
}
