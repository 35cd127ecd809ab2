//! A block's features for the classifier: its text's shape (length, sentences, capitals,
//! digits, code), its markup, its neighbours, and for scraped lines their words.
use super::page::{PageStats, TopicShares};
use super::{is_alphanumeric, Block};
use crate::linear::{feature_from_hash, fnv, ns, Ns};

/// What the block features count in one pass over a text: characters, digits, letters,
/// capitals, sentence ends and commas.
#[derive(Default)]
pub(super) struct CharCounts {
    chars: usize,
    digits: usize,
    letters: usize,
    upper: usize,
    pub(super) sentences: usize,
    pub(super) commas: usize,
    /// Words (runs of letters and digits), and those that start lower-case or are short.
    tokens: usize,
    lower_tokens: usize,
    short_tokens: usize,
    /// A lower-case letter followed directly by a capital ("Student-AthleteA 24-year-old"):
    /// a headline glued to its teaser text, rare in prose (brand names aside).
    glued: usize,
    /// Characters of markup and code (`/ _ = { } < > # @ | \\`), rare in prose.
    code: usize,
}

impl CharCounts {
    pub(super) fn of(text: &str) -> CharCounts {
        let mut n = CharCounts::default();
        let mut token_len = 0usize;
        let mut prev_lower = false;
        for c in text.chars() {
            n.chars += 1;
            // (letter or digit, lower-case, upper-case), with ASCII and Russian answered
            // directly: the general lookups are binary searches over Unicode tables.
            let (alnum, lower, upper) = match c {
                '0'..='9' => {
                    n.digits += 1;
                    (true, false, false)
                }
                'a'..='z' | 'а'..='я' | 'ё' => {
                    n.letters += 1;
                    (true, true, false)
                }
                'A'..='Z' | 'А'..='Я' | 'Ё' => {
                    n.letters += 1;
                    (true, false, true)
                }
                '.' | '!' | '?' | '。' | '！' | '？' => {
                    n.sentences += 1;
                    (false, false, false)
                }
                ',' | '、' | '，' => {
                    n.commas += 1;
                    (false, false, false)
                }
                '/' | '_' | '=' | '{' | '}' | '<' | '>' | '#' | '@' | '|' | '\\' => {
                    n.code += 1;
                    (false, false, false)
                }
                '\0'..='\x7f' => (false, false, false),
                c if c.is_numeric() => {
                    n.digits += 1;
                    (true, false, false)
                }
                c if c.is_alphabetic() => {
                    n.letters += 1;
                    (true, c.is_lowercase(), c.is_uppercase())
                }
                _ => (false, false, false),
            };
            n.upper += usize::from(upper);
            if prev_lower && upper {
                n.glued += 1;
            }
            prev_lower = lower;
            if alnum {
                if token_len == 0 {
                    n.tokens += 1;
                    n.lower_tokens += usize::from(lower);
                }
                token_len += 1;
            } else {
                if (1..=3).contains(&token_len) {
                    n.short_tokens += 1;
                }
                token_len = 0;
            }
        }
        if (1..=3).contains(&token_len) {
            n.short_tokens += 1;
        }
        n
    }
}

pub(super) fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4",
        6..=9 => "6",
        10..=19 => "10",
        20..=39 => "20",
        40..=79 => "40",
        80..=159 => "80",
        _ => "160",
    }
}

pub(super) fn char_class(c: Option<char>) -> &'static str {
    match c {
        None => "none",
        Some('.' | '。' | '．') => ".",
        Some('!' | '?' | '！' | '？') => "!",
        Some(':' | '：') => ":",
        Some(',' | ';' | '、' | '，' | '；') => ",",
        Some('"' | '\'' | '»' | '«' | '“' | '”' | '„' | '’' | '」' | '』') => "q",
        Some('—' | '–' | '-') => "-",
        Some('|' | '/' | '>' | '•' | '·') => "|",
        Some(')' | ']' | '）') => ")",
        Some(c) if c.is_numeric() => "9",
        Some(c) if c.is_uppercase() => "A",
        Some(c) if c.is_lowercase() => "a",
        Some(_) => "o",
    }
}

/// The most words of one line that [`bag_of_words`] reads.
pub(super) const BAG_MAX_WORDS: usize = 64;

/// The words of a scraped line as features: each distinct word of three letters or more,
/// lower-cased, among the line's first [`BAG_MAX_WORDS`]. Chrome that reads like prose (a
/// cookie notice, a newsletter pitch, an author's biography, a comment policy, a shop's
/// terms) says so in its words rather than its shape, and across sites it uses the same
/// words. Only scraped text has them: on HTML the markup already tells the model where such
/// blocks sit, and the words cost 0.002–0.007 of F1 there (decision 44).
pub(super) fn bag_of_words(text: &str, out: &mut Vec<u32>) {
    let start = out.len();
    let (mut h, mut len, mut n) = (ns!("bow").0, 0usize, 0usize);
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_alphanumeric(c) {
            for l in c.to_lowercase() {
                h = fnv(h, u64::from(l));
            }
            len += 1;
            continue;
        }
        if len >= 3 {
            out.push(feature_from_hash(h));
            n += 1;
            if n == BAG_MAX_WORDS {
                break;
            }
        }
        h = ns!("bow").0;
        len = 0;
    }
    // Each word once, however often the line repeats it.
    out[start..].sort_unstable();
    let mut kept = start;
    for i in start..out.len() {
        if kept == start || out[kept - 1] != out[i] {
            out[kept] = out[i];
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// Hashes a feature of several parts in `namespace` without allocating.
pub(super) fn feat(namespace: Ns, parts: &[&str]) -> u32 {
    let mut h = namespace.0;
    let mut eat = |bytes: &[u8]| {
        h = bytes.iter().fold(h, |h, &b| fnv(h, u64::from(b)));
    };
    for p in parts {
        eat(&[0xff]);
        eat(p.as_bytes());
    }
    feature_from_hash(h)
}

/// Features of block `i` among `blocks`, appended to `out` (cleared first).
pub(crate) fn features(blocks: &[Block], stats: &PageStats<'_>, i: usize, out: &mut Vec<u32>) {
    out.clear();
    let b = &blocks[i];
    let n = blocks.len().max(1);
    let CharCounts {
        chars,
        digits,
        letters,
        upper,
        sentences,
        commas,
        tokens,
        lower_tokens,
        short_tokens,
        glued,
        code,
    } = CharCounts::of(&b.text);
    let words = bucket(b.words as usize);
    let rel = bucket((b.words as usize * 10) / (stats.max_words as usize).max(1));
    let ld = (b.link_chars as usize * 10).checked_div(chars).unwrap_or(0);
    let ld = match ld {
        0 => "0",
        1..=2 => "1",
        3..=5 => "3",
        6..=8 => "6",
        _ => "9",
    };
    let first = b.text.chars().next();
    let last = b.text.chars().last();
    let end = char_class(last);
    let main = if b.in_main { "1" } else { "0" };
    out.push(feat(ns!("bias"), &[]));
    out.push(feat(ns!("tag"), &[b.tag]));
    out.push(feat(ns!("len"), &[bucket(chars / 8)]));
    out.push(feat(ns!("words"), &[words]));
    out.push(feat(ns!("rel"), &[rel]));
    out.push(feat(ns!("rel_end"), &[rel, end]));
    out.push(feat(ns!("tag_words"), &[b.tag, words]));
    out.push(feat(ns!("ld"), &[ld]));
    out.push(feat(ns!("ld_words"), &[ld, words]));
    out.push(feat(ns!("end"), &[end]));
    out.push(feat(ns!("start"), &[char_class(first)]));
    out.push(feat(ns!("end_words"), &[end, words]));
    out.push(feat(ns!("shape"), &[char_class(first), end, words]));
    out.push(feat(ns!("sent"), &[bucket(sentences)]));
    out.push(feat(
        ns!("commas"),
        &[bucket(commas * 10 / (b.words as usize).max(1))],
    ));
    out.push(feat(ns!("digits"), &[bucket(digits * 10 / chars.max(1))]));
    out.push(feat(ns!("upper"), &[bucket(upper * 10 / letters.max(1))]));
    out.push(feat(ns!("pos"), &[bucket(i * 10 / n)]));
    // Prose and cohesion features apply to scraped text only: on HTML the DOM context
    // carries the same signal, and with them HTML cross-validated F1 fell by 0.001.
    let line = b.tag == "line";
    if tokens >= 5 && line {
        let lower = bucket(lower_tokens * 10 / tokens);
        let short = bucket(short_tokens * 10 / tokens);
        out.push(feat(ns!("lower"), &[lower]));
        out.push(feat(ns!("lower_words"), &[lower, words]));
        out.push(feat(ns!("shortw"), &[short]));
        out.push(feat(ns!("shortw_words"), &[short, words]));
        out.push(feat(ns!("wlen"), &[bucket(letters / tokens)]));
        out.push(feat(ns!("code"), &[bucket(code * 100 / chars.max(1))]));
        out.push(feat(ns!("glued"), &[bucket(glued)]));
        out.push(feat(ns!("glued_words"), &[bucket(glued), words]));
        out.push(feat(ns!("spw"), &[bucket(sentences * 100 / tokens)]));
        // A wire dateline ("WASHINGTON (AP) —", "МОСКВА, 20 сен – РИА Новости.") opens a
        // story's first paragraph. Its place is in capitals, so two capitals come first.
        let mut head = b.text.chars();
        if head.next().is_some_and(char::is_uppercase)
            && head.next().is_some_and(char::is_uppercase)
            && crate::meta::dateline(&b.text).is_some()
        {
            out.push(feat(ns!("dateline"), &[]));
        }
    }
    out.push(feat(ns!("main"), &[main]));
    out.push(feat(ns!("main_words"), &[main, words]));
    out.push(feat(ns!("main_rel"), &[main, rel]));
    if b.teaser_box {
        out.push(feat(ns!("teaser_box"), &[]));
        out.push(feat(ns!("teaser_box_words"), &[words]));
    }
    if stats.counts.get(b.text.as_str()).copied().unwrap_or(0) > 1 {
        out.push(feat(ns!("dup"), &[words]));
    }
    if let Some(overlap) = b.ld_overlap {
        let o = bucket((overlap * 10.0) as usize);
        out.push(feat(ns!("ld_overlap"), &[o]));
        out.push(feat(ns!("ld_overlap_words"), &[o, words]));
    }
    if let Some(overlap) = b.desc_overlap {
        let o = bucket((overlap * 10.0) as usize);
        out.push(feat(ns!("desc_overlap"), &[o]));
        out.push(feat(ns!("desc_overlap_pos"), &[o, bucket(i * 10 / n)]));
    }
    if let Some(hint) = b.hint {
        out.push(feat(ns!("hint"), &[hint.as_str()]));
        out.push(feat(ns!("hint_words"), &[hint.as_str(), words]));
    }
    if stats.date[i] {
        out.push(feat(ns!("date"), &[words]));
    }
    if b.text.contains('©') {
        out.push(feat(ns!("copy"), &[]));
    }
    if stats.caption[i] {
        out.push(feat(ns!("caption"), &[]));
    }
    if b.words <= 6 {
        let lower = b.text.to_lowercase();
        out.push(feat(ns!("short"), &[&lower]));
        if let Some(w) = lower
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
        {
            out.push(feat(ns!("w0"), &[w]));
        }
    }
    if line && b.words > 6 {
        bag_of_words(&b.text, out);
    }
    out.extend_from_slice(&b.context);
    // Neighbours, one and two away.
    for (name, j) in [
        (ns!("p1"), i.checked_sub(1)),
        (ns!("n1"), Some(i + 1)),
        (ns!("p2"), i.checked_sub(2)),
        (ns!("n2"), Some(i + 2)),
    ] {
        match j.and_then(|j| blocks.get(j).map(|o| (j, o))) {
            Some((j, o)) => {
                let ow = bucket(o.words as usize);
                let orel = bucket((o.words as usize * 10) / (stats.max_words as usize).max(1));
                out.push(feat(name, &["w", ow]));
                out.push(feat(name, &["r", orel, rel]));
                out.push(feat(name, &["t", o.tag]));
                out.push(feat(name, &["e", char_class(o.text.chars().last())]));
                out.push(feat(name, &["m", if o.in_main { "1" } else { "0" }]));
                out.push(feat(name, &["ww", ow, words]));
                if stats.caption[j] {
                    out.push(feat(name, &["caption"]));
                }
            }
            None => out.push(feat(name, &["none"])),
        }
    }
    if line {
        // The nearest lines of three words or more, past the one- and two-word lines
        // (template words, "Advertisement", share buttons) that scrapers leave between
        // paragraphs.
        let (prev, next) = stats.substantial[i];
        for (name, o) in [(ns!("sp"), prev), (ns!("sn"), next)] {
            match o.map(|j| &blocks[j]) {
                Some(o) => {
                    let ow = bucket(o.words as usize);
                    let oe = char_class(o.text.chars().last());
                    out.push(feat(name, &["ww", ow, words]));
                    out.push(feat(name, &["e", oe, end]));
                }
                None => out.push(feat(name, &["none"])),
            }
        }
    }
    let (before, after) = stats.long[i];
    let before = before.map_or("none", |j| bucket(i - j));
    let after = after.map_or("none", |j| bucket(j - i));
    out.push(feat(ns!("dl"), &[before]));
    out.push(feat(ns!("dr"), &[after]));
    out.push(feat(ns!("dlr"), &[before, after, rel]));
    if let Some(j) = stats.related.get(i).copied().flatten() {
        let d = bucket(i - j);
        out.push(feat(ns!("after_related"), &[d]));
        out.push(feat(ns!("after_related_words"), &[d, words]));
    }
    if line {
        // Where the article starts: a few lines after the headline, as a rule.
        let t = match stats.title {
            Some(t) if i > t => bucket(i - t),
            Some(t) if i == t => "t",
            Some(_) => "b",
            None => "none",
        };
        out.push(feat(ns!("after_title"), &[t]));
        out.push(feat(ns!("after_title_words"), &[t, words]));
        let TopicShares { repeated, in_title } = stats.topics[i];
        let coh = repeated.map_or("none", bucket);
        out.push(feat(ns!("coh"), &[coh]));
        out.push(feat(ns!("coh_words"), &[coh, words]));
        let ov = in_title.map_or("none", bucket);
        out.push(feat(ns!("title_ov"), &[ov]));
        out.push(feat(ns!("title_ov_words"), &[ov, words]));
    }
}
