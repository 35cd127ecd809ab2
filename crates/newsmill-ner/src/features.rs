//! Token features for the tagger: word, lemma, affixes, shape, morphology flags, quotes and
//! neighbours, hashed into a fixed space (no feature dictionary to store or look up).
use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap as HashMap;

use newsmill_nlp::morph::{flag, morph, Case, Pos};
use newsmill_nlp::token::{Kind, Token};

/// Bits of the hashed feature space.
pub const BITS: u32 = 21;

/// What the tagger knows about one distinct word form, computed once per document.
#[derive(Debug, Clone)]
pub struct WordInfo {
    /// Lowercased form.
    pub lower: String,
    /// Lemma of the first dictionary analysis (the lowercased form when there is none).
    pub lemma: String,
    /// Part of speech of the first analysis.
    pub pos: Pos,
    /// Case of the first analysis.
    pub case: Option<Case>,
    /// Union of the name-ish flags over all analyses (Name, Surn, Patr, Geox, Orgn, Abbr, Init).
    pub flags: u32,
    /// Whether the dictionary knows the word.
    pub known: bool,
    /// The form's [`shape`].
    pub shape: String,
    /// Hashed features of the form alone (word, lemma, affixes, shape, morphology), computed
    /// once per distinct form.
    pub form_features: Vec<u32>,
}

const NAME_FLAGS: u32 =
    flag::NAME | flag::SURN | flag::PATR | flag::GEOX | flag::ORGN | flag::ABBR | flag::INIT;

impl WordInfo {
    /// Analyses `word` (any case).
    pub fn of(word: &str) -> WordInfo {
        let lower = word.to_lowercase();
        let parses = morph().analyze_shared(word);
        let mut flags = 0;
        for p in parses.iter() {
            flags |= p.tag.flags & NAME_FLAGS;
        }
        let (lemma, pos, case, known) = match parses.first() {
            Some(p) => (p.lemma.clone(), p.tag.pos, p.tag.case, p.known),
            None => (lower.clone(), Pos::Other, None, false),
        };
        let mut info = WordInfo {
            lemma,
            pos,
            case,
            flags,
            known,
            shape: shape(word),
            form_features: Vec::new(),
            lower,
        };
        let mut out = Vec::with_capacity(20);
        form_features(&info, &mut out);
        if info.pos == Pos::Adjf && crate::norm::place_of_adjective(&info.lemma).is_some() {
            Sink { out: &mut out }.add("padj", "");
        }
        info.form_features = out;
        info
    }
}

/// The features of a form alone.
fn form_features(info: &WordInfo, out: &mut Vec<u32>) {
    let mut f = Sink { out };
    let sh = info.shape.as_str();
    f.add("b", "");
    f.add("w", &info.lower);
    f.add("l", &info.lemma);
    f.add("s", sh);
    f.add2("sw", sh, &info.lemma);
    for k in 1..=4 {
        f.add("suf", suffix(&info.lower, k));
    }
    f.add("pre", prefix(&info.lower, 3));
    f.add("p", pos_name(info.pos));
    f.add("c", case_name(info.case));
    f.add2("pc", pos_name(info.pos), case_name(info.case));
    for name in flag_names(info.flags) {
        f.add("f", name);
    }
    if !info.known {
        f.add("unk", sh);
    }
}

/// The shape of a token: `X` upper, `x` lower, `d` digit, other characters as is; runs collapsed.
pub fn shape(word: &str) -> String {
    let mut out = String::with_capacity(8);
    let mut last = '\0';
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s != last {
            out.push(s);
            last = s;
        }
    }
    if let Some((cut, _)) = out.char_indices().nth(6) {
        out.truncate(cut);
    }
    out
}

/// Per-token data for one line of text.
pub struct Sequence<'a> {
    /// The tokens of the line.
    pub tokens: &'a [Token],
    /// Word info of each token (shared per form).
    pub info: Vec<&'a WordInfo>,
    /// Whether each token starts a sentence.
    pub starts: &'a [bool],
    /// Document evidence per token: bit 0, the form is written in lowercase somewhere in the
    /// document; bit 1, it is capitalised somewhere not at a sentence start.
    pub doc_case: &'a [u8],
}

/// Distinct word forms a thread remembers across documents before it starts afresh: news
/// vocabulary is Zipfian, so most lookups hit, and memory stays bounded (a few MB).
const THREAD_CACHE: usize = 50_000;

thread_local! {
    static SEEN: RefCell<HashMap<String, Rc<WordInfo>>> = RefCell::new(HashMap::default());
}

/// The [`WordInfo`] of `word`, from this thread's cache when it has met the form before.
pub fn word_info(word: &str) -> Rc<WordInfo> {
    SEEN.with(|seen| {
        if let Some(info) = seen.borrow().get(word) {
            return info.clone();
        }
        let info = Rc::new(WordInfo::of(word));
        let mut seen = seen.borrow_mut();
        if seen.len() >= THREAD_CACHE {
            seen.clear();
        }
        seen.insert(word.to_owned(), info.clone());
        info
    })
}

/// FNV-1a over `bytes` from `seed`: the hash every hashed-feature template of the taggers
/// (this one's and the attribution tagger of `newsmill-quotes`) is built from.
#[inline]
pub fn fnv(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// The scheme-specific copy of hashed feature `f`: another slot of the same table, picked by
/// a mix of `f` with a fixed salt.
#[inline]
pub fn scheme_copy(f: u32) -> u32 {
    let mut h = (f as u64 ^ 0x9e37_79b9_7f4a_7c15).wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 29;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    (h >> (64 - BITS)) as u32
}

/// Collects hashed features into a buffer.
pub struct Sink<'b> {
    out: &'b mut Vec<u32>,
}

impl Sink<'_> {
    #[inline]
    fn add(&mut self, template: &str, value: &str) {
        let h = fnv(
            fnv(0xcbf29ce484222325, template.as_bytes()) ^ 0xff,
            value.as_bytes(),
        );
        self.out.push((h >> (64 - BITS)) as u32);
    }
    #[inline]
    fn add2(&mut self, template: &str, a: &str, b: &str) {
        let h = fnv(
            fnv(fnv(0xcbf29ce484222325, template.as_bytes()), a.as_bytes()) ^ 0x1f,
            b.as_bytes(),
        );
        self.out.push((h >> (64 - BITS)) as u32);
    }
}

/// The hashed context features ([`crate::contexts`]) of a lower-case word.
pub fn context_features(ctx: &crate::contexts::Contexts, lower: &str, out: &mut Vec<u32>) {
    let mut sink = Sink { out };
    ctx.features_of(lower, |template, value| sink.add(template, value));
}

fn suffix(s: &str, n: usize) -> &str {
    let mut idx = s.len();
    for (k, (i, _)) in s.char_indices().rev().enumerate() {
        if k == n {
            break;
        }
        idx = i;
    }
    &s[idx..]
}

fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

fn pos_name(p: Pos) -> &'static str {
    match p {
        Pos::Noun => "N",
        Pos::Adjf | Pos::Adjs | Pos::Comp => "A",
        Pos::Verb | Pos::Infn => "V",
        Pos::Prtf | Pos::Prts | Pos::Grnd => "P",
        Pos::Numr => "M",
        Pos::Advb => "D",
        Pos::Npro => "R",
        Pos::Pred => "E",
        Pos::Prep => "S",
        Pos::Conj => "C",
        Pos::Prcl => "Q",
        Pos::Intj => "I",
        Pos::Other => "O",
    }
}

fn case_name(c: Option<Case>) -> &'static str {
    match c {
        Some(Case::Nomn) => "nom",
        Some(Case::Gent) => "gen",
        Some(Case::Datv) => "dat",
        Some(Case::Accs) => "acc",
        Some(Case::Ablt) => "abl",
        Some(Case::Loct) => "loc",
        Some(Case::Voct) => "voc",
        None => "-",
    }
}

fn flag_names(flags: u32) -> impl Iterator<Item = &'static str> {
    [
        (flag::NAME, "Name"),
        (flag::SURN, "Surn"),
        (flag::PATR, "Patr"),
        (flag::GEOX, "Geox"),
        (flag::ORGN, "Orgn"),
        (flag::ABBR, "Abbr"),
        (flag::INIT, "Init"),
    ]
    .into_iter()
    .filter(move |(f, _)| flags & f != 0)
    .map(|(_, n)| n)
}

/// Writes the features of token `i` of `seq` into `out` (cleared first).
pub fn token_features(text: &str, seq: &Sequence, i: usize, out: &mut Vec<u32>) {
    out.clear();
    let mut f = Sink { out };
    let n = seq.tokens.len();
    let info = seq.info[i];
    let word = seq.tokens[i].text(text);
    let sh = info.shape.as_str();
    f.out.extend_from_slice(&info.form_features);
    let upper = seq.tokens[i].capitalised(text);
    f.add2(
        "cap",
        if upper { "U" } else { "l" },
        if seq.starts[i] { "S" } else { "m" },
    );
    if seq.tokens[i].kind == Kind::Quote {
        f.add("q", word);
    }
    // Inside a quotation mark opened on this line (names of companies, media, parties).
    let mut open = false;
    for j in (i.saturating_sub(8)..i).rev() {
        let t = seq.tokens[j].text(text);
        if t == "»" || t == "”" {
            break;
        }
        if t == "«" || t == "„" || t == "“" || t == "\"" {
            open = true;
            break;
        }
    }
    if open {
        f.add("inq", "");
    }
    // A closing quote ahead on the line, before any opening one.
    for j in i + 1..(i + 8).min(n) {
        let t = seq.tokens[j].text(text);
        if t == "«" || t == "„" {
            break;
        }
        if t == "»" || t == "”" || t == "“" {
            f.add2(
                "qclose",
                if open { "in" } else { "out" },
                if j == i + 1 { "1" } else { "n" },
            );
            break;
        }
    }
    let dc = seq.doc_case[i];
    f.add2(
        "dc",
        if dc & 1 != 0 { "low" } else { "-" },
        if dc & 2 != 0 { "cap" } else { "-" },
    );
    // Position in a run of capitalised words.
    let cap = |j: usize| seq.tokens[j].capitalised(text);
    if upper {
        let before = i > 0 && cap(i - 1);
        let after = i + 1 < n && cap(i + 1);
        f.add(
            "run",
            match (before, after) {
                (false, false) => "U",
                (false, true) => "B",
                (true, true) => "I",
                (true, false) => "L",
            },
        );
    }
    // Wider context as a bag: the lemma three tokens away on either side, and the lemma pairs
    // just before and just after ("компании «", "заявили в").
    if i >= 3 {
        f.add("l-3", &seq.info[i - 3].lemma);
    }
    if i + 3 < n {
        f.add("l+3", &seq.info[i + 3].lemma);
    }
    if i >= 2 {
        f.add2("ll-2", &seq.info[i - 2].lemma, &seq.info[i - 1].lemma);
    }
    if i + 2 < n {
        f.add2("ll+2", &seq.info[i + 1].lemma, &seq.info[i + 2].lemma);
    }
    // The nearest lowercase noun before a capitalised word, within five tokens: the common noun a
    // name stands beside ("компании", "агентство", "города", "министр").
    if upper {
        for j in (i.saturating_sub(5)..i).rev() {
            let oi = seq.info[j];
            let lower_start = seq.tokens[j].lowercase(text);
            if lower_start && oi.pos == Pos::Noun {
                f.add("trig", &oi.lemma);
                break;
            }
        }
    }
    // The run of capitalised words this one belongs to, as a whole: its length and its first and
    // last lemmas ("Всемирной организации здравоохранения" is told by its head).
    if upper {
        let mut a = i;
        while a > 0 && cap(a - 1) {
            a -= 1;
        }
        let mut b = i + 1;
        while b < n && cap(b) {
            b += 1;
        }
        if b - a > 1 {
            let len = ["1", "2", "3", "4+"][(b - a - 1).min(3)];
            f.add("rlen", len);
            f.add2("rfirst", len, &seq.info[a].lemma);
            f.add2("rlast", len, &seq.info[b - 1].lemma);
        }
    }
    for (d, tag) in [(-2i32, "-2"), (-1, "-1"), (1, "+1"), (2, "+2")] {
        let j = i as i32 + d;
        if j < 0 || j >= n as i32 {
            f.add("edge", tag);
            continue;
        }
        let j = j as usize;
        let oi = seq.info[j];
        f.add2("l", tag, &oi.lemma);
        f.add2("s", tag, &oi.shape);
        if d.abs() == 1 {
            f.add2("w", tag, &oi.lower);
            f.add2("p", tag, pos_name(oi.pos));
            for name in flag_names(oi.flags) {
                f.add2("f", tag, name);
            }
            if d == -1 {
                f.add2("ss-", &oi.shape, sh);
                f.add2("ll-", &oi.lemma, &info.lemma);
            } else {
                f.add2("ss+", sh, &oi.shape);
                f.add2("ll+", &info.lemma, &oi.lemma);
            }
        }
    }
}

/// What a first tagging pass said about one document, read by the second pass: every token's
/// first-pass label, and for each lemma how often the first pass put it outside any entity and
/// inside one of each type. A name recognised in one sentence is then evidence in the others
/// ("The Prodigy", "Monsanto" written four times, tagged once), which a tagger that sees one
/// line at a time cannot use.
pub struct FirstPass<'a> {
    labels: Vec<u8>,
    /// Per lemma: occurrences tagged O, PER, LOC, ORG.
    counts: HashMap<&'a str, [u16; 4]>,
}

/// 0 for `O`, 1 + the type index for an entity label.
fn label_type(label: u8) -> usize {
    if label == 0 {
        0
    } else {
        1 + (label as usize - 1) / 4
    }
}

const TYPE_NAMES: [&str; 4] = ["O", "PER", "LOC", "ORG"];
const LABEL_NAMES: [&str; crate::tagger::LABELS] = [
    "O", "BP", "IP", "LP", "UP", "BL", "IL", "LL", "UL", "BO", "IO", "LO", "UO",
];

impl<'a> FirstPass<'a> {
    /// The evidence of `labels` (one per token of the document) over the words of `info`.
    pub fn new(info: &[&'a WordInfo], labels: Vec<u8>) -> FirstPass<'a> {
        let mut counts: HashMap<&'a str, [u16; 4]> = HashMap::default();
        for (w, &l) in info.iter().zip(&labels) {
            let c = counts.entry(w.lemma.as_str()).or_default();
            c[label_type(l)] = c[label_type(l)].saturating_add(1);
        }
        FirstPass { labels, counts }
    }

    /// Appends the second-pass features of token `i` (a document index) to `out`: its own and
    /// its neighbours' first-pass labels within `seg`, and what the other occurrences of its
    /// lemma were tagged.
    pub fn add_features(
        &self,
        info: &WordInfo,
        seg: std::ops::Range<usize>,
        i: usize,
        out: &mut Vec<u32>,
    ) {
        let mut f = Sink { out };
        let own = self.labels[i];
        f.add("p1", LABEL_NAMES[own as usize]);
        let prev = if i > seg.start {
            LABEL_NAMES[self.labels[i - 1] as usize]
        } else {
            "^"
        };
        let next = if i + 1 < seg.end {
            LABEL_NAMES[self.labels[i + 1] as usize]
        } else {
            "$"
        };
        f.add2("p1-", prev, LABEL_NAMES[own as usize]);
        f.add2("p1+", LABEL_NAMES[own as usize], next);
        if let Some(c) = self.counts.get(info.lemma.as_str()) {
            evidence(&mut f, c, own, &info.shape);
        }
    }
}

/// Features of what the other occurrences of a word (`c`, counts including this one, labelled
/// `own`) were tagged.
fn evidence(f: &mut Sink, c: &[u16; 4], own: u8, shape: &str) {
    let mut others = *c;
    others[label_type(own)] = others[label_type(own)].saturating_sub(1);
    let total: u32 = others.iter().map(|&x| u32::from(x)).sum();
    if total == 0 {
        return;
    }
    let (best, n) = (1..4)
        .map(|t| (t, others[t]))
        .max_by_key(|&(t, n)| (n, std::cmp::Reverse(t)))
        .expect("three types");
    if n == 0 {
        f.add2("dall", "d", "O");
        return;
    }
    let share = if u32::from(n) * 2 >= total {
        "most"
    } else {
        "some"
    };
    f.add2("d", TYPE_NAMES[best], share);
    f.add2("d", TYPE_NAMES[best], shape);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash2(template: &str, a: &str, b: &str) -> u32 {
        let mut out = Vec::new();
        Sink { out: &mut out }.add2(template, a, b);
        out[0]
    }

    /// The second pass hears what the first said of the word's other occurrences, never of
    /// the occurrence itself.
    #[test]
    fn first_pass_evidence_counts_only_other_occurrences() {
        let w = WordInfo::of("Monsanto");
        let x = WordInfo::of("акции");
        let info = [&w, &x, &w];
        let unit_org =
            crate::tagger::label(newsmill_model::EntityType::Org, crate::tagger::Part::Unit);
        let features = |labels: Vec<u8>, i: usize| {
            let first = FirstPass::new(&info, labels);
            let mut out = Vec::new();
            first.add_features(info[i], 0..3, i, &mut out);
            out
        };
        let org = hash2("d", "ORG", "most");
        // Tagged ORG at 0: token 2 hears it, token 0 hears only token 2 (O).
        assert!(features(vec![unit_org, 0, 0], 2).contains(&org));
        let own = features(vec![unit_org, 0, 0], 0);
        assert!(!own.contains(&org));
        assert!(own.contains(&hash2("dall", "d", "O")));
        // A word said once has no evidence beyond its own label.
        assert!(!features(vec![unit_org, 0, 0], 1).contains(&hash2("dall", "d", "O")));
    }
}
