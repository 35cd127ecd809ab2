//! Blocks: the unit both extractors classify (an HTML block element's text, or a line of
//! scraped text), their features, and the rules that name why a dropped block was dropped.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use newsmill_model::RemovedKind;
use regex::Regex;

use crate::linear::{feature_from_hash, fnv, ns, Ns, FNV_OFFSET};

/// One block of a page, with what its source (DOM or line) told about it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    /// Whitespace-collapsed text.
    pub text: String,
    /// The block element (`p`, `h2`, `li`, …) or `line` for scraped text.
    pub tag: &'static str,
    /// Number of words ([`count_words`]).
    pub words: u32,
    /// Characters of the text inside links.
    pub link_chars: u32,
    /// Pre-hashed features of the block's DOM context (ancestor classes, semantic ancestors).
    pub context: Vec<u32>,
    /// A kind the DOM context says (inside `<nav>`, `<figcaption>`, a `comments` box, …).
    pub hint: Option<RemovedKind>,
    /// Inside the container that holds most of the page's paragraph text.
    pub in_main: bool,
    /// HTML only: the ids of the block-level elements around the block, outermost first
    /// (the block's own element last). Blocks of one element share it.
    pub ancestry: Rc<[u32]>,
    /// HTML only: the block follows the heading of a box of other stories ("You may also
    /// like", a heading whose class says related) inside that heading's parent element. Over
    /// the 92 development pages such blocks hold 3,500 words on 41 pages, none of them
    /// article text (decision 46).
    pub teaser_box: bool,
    /// HTML only: the block's words are the heading of a box of other stories
    /// ([`is_related_heading`]), read once when the block is made.
    pub related_heading: bool,
    /// HTML only: the block is inside an element shown in print only (`d-none
    /// d-print-block`): a citation or copyright notice for printouts, which a reader of the
    /// page never sees. Such blocks are parsed as usual, so the model's features are those
    /// of the page as it was, and dropped as chrome (decision 47).
    pub print_only: bool,
    /// Share of the block's words found in the page's JSON-LD `articleBody`, when it has one.
    pub ld_overlap: Option<f32>,
    /// Share of the block's words found in the page's description meta tag, when it has one.
    pub desc_overlap: Option<f32>,
}

impl Block {
    /// Whether most of the block's visible characters are link text: a menu item, a
    /// headline pointing to another story.
    pub fn mostly_links(&self) -> bool {
        self.link_chars as usize * 2 > self.text.chars().filter(|c| !c.is_whitespace()).count()
    }

    /// A block of `text` from `tag`, with its token count filled in.
    pub fn new(text: String, tag: &'static str) -> Block {
        let words = count_words(&text);
        Block {
            text,
            tag,
            words,
            ..Block::default()
        }
    }
}

/// Counts words: `\w+` tokens, as the metric does, plus one for every two Chinese or
/// Japanese characters, which are written without spaces (a Japanese paragraph is a few
/// `\w+` tokens long, and would otherwise look like a navigation link).
pub(crate) fn count_words(text: &str) -> u32 {
    let mut n = 0;
    let mut unspaced = 0;
    let mut in_word = false;
    for c in text.chars() {
        let w = is_alphanumeric(c) || c == '_';
        if w && !in_word {
            n += 1;
        }
        if matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}') {
            unspaced += 1;
        }
        in_word = w;
    }
    n + unspaced / 2
}

/// `char::is_alphanumeric` with the answer for ASCII and the Russian alphabet given directly:
/// the general lookup is a binary search over Unicode tables, and page text is mostly these.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    match c {
        '\0'..='\x7f' => c.is_ascii_alphanumeric(),
        'А'..='я' | 'Ё' | 'ё' => true,
        _ => c.is_alphanumeric(),
    }
}

/// What the block features count in one pass over a text: characters, digits, letters,
/// capitals, sentence ends and commas.
#[derive(Default)]
struct CharCounts {
    chars: usize,
    digits: usize,
    letters: usize,
    upper: usize,
    sentences: usize,
    commas: usize,
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
    fn of(text: &str) -> CharCounts {
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

fn bucket(n: usize) -> &'static str {
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

fn char_class(c: Option<char>) -> &'static str {
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

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([0-9]{1,2}[./][0-9]{1,2}[./][0-9]{2,4}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}:[0-9]{2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? [0-9]{1,2}|[0-9]{1,2} (янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек)\p{L}*)").unwrap()
});
/// "… - Sputnik Литва, 1920, 20.09.2023": an image caption with outlet, width and date.
pub(crate) static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*\S)\s+[-–—]\s+([^,]{2,60}),\s*[0-9]{3,4},\s*([0-9]{2}\.[0-9]{2}\.[0-9]{4})$")
        .unwrap()
});

/// Whether `text` is an image caption with outlet and date ([`CAPTION`]). The pattern ends in
/// an ASCII digit, so most texts are ruled out by their last byte before the regex runs.
pub(crate) fn is_caption(text: &str) -> bool {
    text.ends_with(|c: char| c.is_ascii_digit()) && CAPTION.is_match(text)
}

/// Whether `text` holds a date or a time ([`DATE`]); every form has ASCII digits.
fn has_date(text: &str) -> bool {
    text.bytes().any(|c| c.is_ascii_digit()) && DATE.is_match(text)
}

/// What the features of one block need to know about the whole page, computed once.
pub(crate) struct PageStats<'a> {
    counts: HashMap<&'a str, u32>,
    max_words: u32,
    caption: Vec<bool>,
    date: Vec<bool>,
    /// Nearest long, sentence-like block before and after each block.
    long: Vec<(Option<usize>, Option<usize>)>,
    /// Each block's topic words as shares of those another block repeats and of those the
    /// page's first line holds ([`topic_shares`]); scraped text only.
    topics: Vec<TopicShares>,
    /// The nearest blocks of three words or more before and after each block.
    substantial: Vec<(Option<usize>, Option<usize>)>,
    /// The nearest related-stories heading before each line that itself follows prose
    /// ([`is_related_heading`]); scraped text only, like `topics`.
    related: Vec<Option<usize>>,
    /// The headline line, where the page's first line (its `<title>`) repeats it with a site
    /// name after it ([`headline_of_title`]); scraped text only.
    title: Option<usize>,
}

/// The line that the page's first line repeats at its start: scrapers render `<title>`
/// ("Só quem se Ama… — Mensagens de Reflexão") first and the `<h1>` ("Só quem se Ama…")
/// later, right above the article. Compared lower-cased, without a trailing ellipsis or full
/// stop, and only for lines of ten characters and two words or more, so that a one-word menu
/// entry does not match a title that begins with it.
fn headline_of_title(blocks: &[Block]) -> Option<usize> {
    let trim = |t: &str| t.trim_end_matches(['…', '.', ' ']).to_lowercase();
    let first = &blocks.first()?.text;
    let title = trim(first);
    blocks
        .iter()
        .enumerate()
        .skip(1)
        .take(400)
        // Lower-casing rarely changes a text's length by more than a few bytes: longer lines
        // are ruled out before it allocates.
        .filter(|(_, b)| b.words >= 2 && (10..=first.len() + 8).contains(&b.text.len()))
        .find(|(_, b)| {
            let t = trim(&b.text);
            t.len() >= 10 && title.starts_with(&t)
        })
        .map(|(i, _)| i)
}

/// The heading of a box of other stories ("You may also like", "Most read", "Читайте
/// также", "Você pode gostar…"), in the languages of the pages we meet. What follows such a
/// heading after the article's prose is other stories' teasers far more often than the article
/// going on (of the 100-odd such headings after prose in the development pages, a handful
/// sit inside the article). The lexicon turns each language's phrasing into one feature, so
/// the model learns from English pages what the heading means on a Portuguese one.
static RELATED_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(you (may|might) (also )?(like|enjoy)|related( (articles?|posts?|stories|news|content|coverage|links|reading|topics))?|more (from|stories|on|in|news)\b.*|read (more|also|next)|recommended( for you| stories| reading)?|see also|also read|further reading|most (read|popular|viewed|shared)\b.*|trending( now| news| stories)?\b.*|top stories|latest news|editor'?s picks|você (também )?pode gostar|veja também|leia também|notícias relacionadas|ti potrebbe interessare|potrebbe interessarti|articoli correlati|leggi anche|(también )?te puede interesar|artículos relacionados|noticias relacionadas|lea también|lesen sie auch|das könnte sie auch interessieren|mehr zum thema|vous aimerez aussi|à lire aussi|lire aussi|sur le même sujet|читайте( также| ещё| еще)|смотрите также|похожие (новости|статьи|материалы)|вам может быть интересно|по теме|другие новости|ещё по теме|самое (читаемое|популярное)|популярное)\W*$",
    )
    .expect("static pattern")
});

/// Whether a short block is the heading of a box of other stories.
pub(crate) fn is_related_heading(b: &Block) -> bool {
    b.words <= 8 && RELATED_HEADING.is_match(b.text.trim())
}

/// HTML: marks as proven teasers (probability 0) each related-stories heading and the run of
/// mostly-link blocks right after it, wherever the markup puts them: [`Block::teaser_box`]
/// covers the box around the heading, this the headlines a template sets beside it. Over the
/// 92 development pages such runs hold 2,683 words of chrome and 34 of gold, all of those
/// one-word tag links ("India", "Health") whose words the article also has (decision 47).
pub(crate) fn drop_related_runs(blocks: &[Block], probs: &mut [f32]) {
    let mut in_run = false;
    for (b, p) in blocks.iter().zip(probs) {
        if b.related_heading {
            in_run = true;
        } else if !(in_run && b.mostly_links()) {
            in_run = false;
            continue;
        }
        *p = 0.0;
    }
}

/// Topic words of a text: words of at least six letters, and capitalised words of at least
/// three after the first, each cut to its first six letters (a crude stem that joins
/// inflected forms in Russian as in English), hashed.
fn topic_stems(text: &str, out: &mut Vec<u64>) {
    let eat = |h: &mut u64, c: char| *h = fnv(*h, u64::from(c));
    out.clear();
    // One pass: the word's index, length, first character's kind and the hash of its first
    // six characters lower-cased.
    let (mut k, mut len, mut h) = (0usize, 0usize, FNV_OFFSET);
    let (mut numeric, mut capital) = (false, false);
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_alphanumeric(c) {
            if len == 0 {
                numeric = c.is_numeric();
                capital = c.is_uppercase();
                h = FNV_OFFSET;
            }
            if len < 6 {
                match c {
                    'A'..='Z' | 'А'..='Я' => {
                        eat(&mut h, char::from_u32(c as u32 + 32).unwrap_or(c))
                    }
                    'Ё' => eat(&mut h, 'ё'),
                    c if c.is_ascii() || ('а'..='ё').contains(&c) => eat(&mut h, c),
                    c => c.to_lowercase().for_each(|l| eat(&mut h, l)),
                }
            }
            len += 1;
        } else if len > 0 {
            if !numeric && (len >= 6 || (k > 0 && len >= 3 && capital)) {
                out.push(h);
            }
            k += 1;
            len = 0;
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// Where a block's topic words recur on its page, in tenths of them (None when it has fewer
/// than three).
#[derive(Debug, Clone, Copy, PartialEq)]
struct TopicShares {
    /// The share found in another distinct block. An article's paragraphs repeat their
    /// topic's names and terms; teasers of other stories and navigation do not.
    repeated: Option<usize>,
    /// The share found in the page's first line, which in scraped text is its `<title>`
    /// (None too when that line has fewer than two). The article's paragraphs speak of what
    /// the title names; other stories' teasers seldom do.
    in_title: Option<usize>,
}

/// [`TopicShares`] of every block.
fn topic_shares(blocks: &[Block]) -> Vec<TopicShares> {
    // Every block's stems, flat, with where each block's end.
    let mut stems: Vec<u64> = Vec::with_capacity(blocks.len() * 8);
    let mut ends: Vec<usize> = Vec::with_capacity(blocks.len());
    let mut df: rustc_hash::FxHashMap<u64, u32> = Default::default();
    let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
    let mut buf = Vec::new();
    for b in blocks {
        topic_stems(&b.text, &mut buf);
        if seen.insert(b.text.as_str()) {
            for &h in &buf {
                *df.entry(h).or_insert(0) += 1;
            }
        }
        stems.extend_from_slice(&buf);
        ends.push(stems.len());
    }
    // `topic_stems` leaves each block's stems sorted.
    let title = ends.first().map_or(&[][..], |&end| &stems[..end]);
    let mut start = 0;
    ends.iter()
        .map(|&end| {
            let s = &stems[start..end];
            start = end;
            let share = |shared: usize| (s.len() >= 3).then(|| shared * 10 / s.len());
            let repeated = s
                .iter()
                .filter(|h| df.get(h).is_some_and(|&n| n >= 2))
                .count();
            let in_title = s.iter().filter(|h| title.binary_search(h).is_ok()).count();
            TopicShares {
                repeated: share(repeated),
                in_title: share(in_title).filter(|_| title.len() >= 2),
            }
        })
        .collect()
}

/// Whether `blocks` are lines of scraped text rather than HTML blocks.
pub(crate) fn are_lines(blocks: &[Block]) -> bool {
    blocks.first().is_some_and(|b| b.tag == "line")
}

/// The article region: the run of blocks with the largest sum of `(p - 0.5)·√(1 + words)`
/// (Kadane's algorithm), as first and last index; `None` when no block leans to body. The
/// decoder trusts blocks inside it more, and the second pass over scraped text reads where
/// a line stands against it.
pub(crate) fn article_region(
    probs: &[f32],
    words: impl IntoIterator<Item = u32>,
) -> Option<(usize, usize)> {
    let (mut best, mut span) = (0.0f32, None);
    let (mut run, mut start) = (0.0f32, 0);
    for (i, (p, w)) in probs.iter().zip(words).enumerate() {
        if run <= 0.0 {
            run = 0.0;
            start = i;
        }
        run += (p - 0.5) * (1.0 + w as f32).sqrt();
        if run > best {
            best = run;
            span = Some((start, i));
        }
    }
    span
}

/// For each of `n` blocks, the nearest block before it and after it for which `pick` holds.
fn nearest(n: usize, pick: impl Fn(usize) -> bool) -> Vec<(Option<usize>, Option<usize>)> {
    let mut out = vec![(None, None); n];
    let mut last = None;
    for (i, o) in out.iter_mut().enumerate() {
        o.0 = last;
        if pick(i) {
            last = Some(i);
        }
    }
    last = None;
    for (i, o) in out.iter_mut().enumerate().rev() {
        o.1 = last;
        if pick(i) {
            last = Some(i);
        }
    }
    out
}

/// A block is "long" when it is sentence-like and long for this page: at least a third of
/// the page's longest block and ten words, so short wire stories count as well as features.
fn is_long(b: &Block, max_words: u32) -> bool {
    b.words >= 10.max(max_words / 3) && (ends_sentence(&b.text) || b.text.ends_with(')'))
}

/// Whether `text` ends as a sentence does: a full stop, question or exclamation mark (Latin
/// or the full-width marks of Chinese and Japanese), or a closing quotation mark.
pub(crate) fn ends_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', '"', '»', '”', '。', '！', '？', '」', '』'])
}

impl<'a> PageStats<'a> {
    pub fn new(blocks: &'a [Block]) -> PageStats<'a> {
        let max_words = blocks.iter().map(|b| b.words).max().unwrap_or(0);
        let text = are_lines(blocks);
        let long = nearest(blocks.len(), |i| is_long(&blocks[i], max_words));
        let mut last_related = None;
        let related = if text {
            blocks
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let seen = last_related;
                    if long[i].0.is_some() && is_related_heading(b) {
                        last_related = Some(i);
                    }
                    seen
                })
                .collect()
        } else {
            Vec::new()
        };
        PageStats {
            counts: text_counts(blocks),
            max_words,
            caption: blocks.iter().map(|b| is_caption(&b.text)).collect(),
            date: blocks
                .iter()
                .map(|b| b.words <= 12 && has_date(&b.text))
                .collect(),
            long,
            // Only scraped-text features read these (see `features`).
            topics: if text {
                topic_shares(blocks)
            } else {
                Vec::new()
            },
            substantial: if text {
                nearest(blocks.len(), |i| blocks[i].words >= 3)
            } else {
                Vec::new()
            },
            related,
            title: if text {
                headline_of_title(blocks)
            } else {
                None
            },
        }
    }
}

/// The most words of one line that [`bag_of_words`] reads.
const BAG_MAX_WORDS: usize = 64;

/// The words of a scraped line as features: each distinct word of three letters or more,
/// lower-cased, among the line's first [`BAG_MAX_WORDS`]. Chrome that reads like prose (a
/// cookie notice, a newsletter pitch, an author's biography, a comment policy, a shop's
/// terms) says so in its words rather than its shape, and across sites it uses the same
/// words. Only scraped text has them: on HTML the markup already tells the model where such
/// blocks sit, and the words cost 0.002–0.007 of F1 there (decision 44).
fn bag_of_words(text: &str, out: &mut Vec<u32>) {
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
fn feat(namespace: Ns, parts: &[&str]) -> u32 {
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

/// What the second pass reads of a whole page's first-pass probabilities (decision 45).
pub(crate) struct PageContext<'a> {
    probs: &'a [f32],
    /// Scraped text only: where each line stands against the page's prose.
    lines: Option<LineContext>,
}

/// Where each line of scraped text stands against the page's prose, by the first pass. HTML
/// does without: its markup already outlines the article, and the region features moved it
/// by +0.002 over three runs of one seed and −0.004 over three of another.
struct LineContext {
    /// The article region as the decoder finds it ([`article_region`]).
    span: Option<(usize, usize)>,
    /// For each line, the nearest sure prose line before it and after it (probability at
    /// least [`SURE_PROB`], at least [`SURE_WORDS`] words).
    sure: Vec<(Option<usize>, Option<usize>)>,
}

/// How sure the first pass must be of a line, and how long the line must be, for it to
/// anchor [`LineContext::sure`]. Over nine runs, 0.5 and
/// 10 words scored 0.9007 against 0.8975 for 0.7 and 15; on seed 0, 0.85 and 20 scored
/// 0.8957 (decision 45).
const SURE_PROB: f32 = 0.5;
const SURE_WORDS: u32 = 10;

impl<'a> PageContext<'a> {
    /// The context of blocks with `words` each and first-pass `probs`; `text` says the blocks
    /// are lines of scraped text.
    pub fn new(probs: &'a [f32], words: &[u32], text: bool) -> PageContext<'a> {
        PageContext {
            probs,
            lines: text.then(|| LineContext::new(probs, words)),
        }
    }
}

impl LineContext {
    fn new(probs: &[f32], words: &[u32]) -> LineContext {
        LineContext {
            span: article_region(probs, words.iter().copied()),
            sure: nearest(probs.len(), |i| {
                probs[i] >= SURE_PROB && words[i] >= SURE_WORDS
            }),
        }
    }

    /// The features of line `i` whose own first-pass probability bucket is `own`.
    fn features(&self, i: usize, own: &str, out: &mut Vec<u32>) {
        let (rel, dist) = match self.span {
            None => ("none", 0),
            Some((a, _)) if i < a => ("before", a - i),
            Some((_, b)) if i > b => ("after", i - b),
            Some((a, b)) => ("in", (i - a).min(b - i)),
        };
        out.push(feat(ns!("s2_span"), &[rel, own]));
        out.push(feat(ns!("s2_span_dist"), &[rel, bucket(dist)]));
        let gap = |j: Option<usize>| j.map_or("none", |j| bucket(j.abs_diff(i)));
        let (prev, next) = (gap(self.sure[i].0), gap(self.sure[i].1));
        out.push(feat(ns!("s2_sure"), &[prev, next]));
        out.push(feat(ns!("s2_sure_own"), &[prev, next, own]));
    }
}

/// Features of the second pass: the first pass's probabilities around block `i`, so that the
/// decision follows the article's contiguity (a short line between two body paragraphs is
/// body; a long one amid chrome is likely a teaser); for scraped text, also where the line
/// stands against the page's prose ([`LineContext`]).
pub(crate) fn context_features(ctx: &PageContext, i: usize, out: &mut Vec<u32>) {
    let probs = ctx.probs;
    let pb = |p: f32| bucket((p * 10.0) as usize);
    let own = pb(probs[i]);
    out.push(feat(ns!("s2_own"), &[own]));
    if let Some(lines) = &ctx.lines {
        lines.features(i, own, out);
    }
    for (name, j) in [
        (ns!("s2_p1"), i.checked_sub(1)),
        (ns!("s2_n1"), Some(i + 1)),
        (ns!("s2_p2"), i.checked_sub(2)),
        (ns!("s2_n2"), Some(i + 2)),
    ] {
        let v = j.and_then(|j| probs.get(j)).map_or("none", |&p| pb(p));
        out.push(feat(name, &[v]));
        out.push(feat(name, &[v, own]));
    }
    let window = |range: std::ops::Range<usize>| {
        let slice = &probs[range.start.min(probs.len())..range.end.min(probs.len())];
        if slice.is_empty() {
            "none"
        } else {
            pb(slice.iter().sum::<f32>() / slice.len() as f32)
        }
    };
    let before = window(i.saturating_sub(5)..i);
    let after = window(i + 1..i + 6);
    out.push(feat(ns!("s2_before"), &[before]));
    out.push(feat(ns!("s2_after"), &[after]));
    out.push(feat(ns!("s2_around"), &[before, after, own]));
}

/// Counts of each block text in a page (repeated blocks are chrome more often than not).
fn text_counts(blocks: &[Block]) -> HashMap<&str, u32> {
    let mut counts = HashMap::with_capacity(blocks.len());
    for b in blocks {
        *counts.entry(b.text.as_str()).or_insert(0) += 1;
    }
    counts
}

const SUBSCRIBE: &str = r"(?i)подпис|рассылк|subscri|newsletter|sign up|sign-up|inbox";
const PROMO: &str = r"(?i)telegram|телеграм|\bvk\b|вконтакте|дзен|youtube|whatsapp|viber|follow us|download (our|the) app|our app|скачайте|читайте нас|мы в соцсетях|теперь в|advert|реклам|sponsored|promoted";
const CREDIT: &str = r"(?i)^(©|\(c\)|фото:|photo:|image:|picture:|credit:|getty images|фото\s|photo by|photograph:)|/ перейти в фотобанк|фотобанк|getty images|shutterstock|reuters/|/ reuters|\bap photo|afp via";
const COMMENTS: &str = r"(?i)коммент|comment|обсужд|discuss|reply|ответить";
const COUNTER: &str = r"(?i)^\d[\d\s.,kкmм]*(\s*(comments?|views?|shares?|likes?|просмотр\p{L}*|коммент\p{L}*|репост\p{L}*))?$";
const META: &str =
    r"(?i)^(by|автор|авторы|updated|published|обновлено|опубликовано|posted|written by)\b";
const NAVIGATION: &str = r"(?i)^(home|главная|menu|меню|лента новостей|news feed|search|поиск|back to top|наверх|next|previous|далее|назад|share|поделиться|log ?in|войти|more|ещё|еще|read more|читать далее|читайте также|see also|смотрите также|related|tags?|теги|темы)\b";

/// The lead-in of a link to another story inside or after the body.
static TEASER_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(читайте также|читайте еще|читайте ещё|также читайте|смотрите также|по теме|read more|read also|see also|related|more on this|recommended)\s*[:.\-–—]").expect("static pattern")
});

/// The credit notes a news story ends with: who reported and edited it ("(Reporting by Will
/// Dunham; Editing by Tom Brown)", "Fox News' Jessica Napoli contributed to this report.").
static CREDIT_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\(?(additional )?(reporting|writing|editing) by\b|contributed (to )?(this|the) (report|story|article)\.?\)?$").expect("static pattern")
});

/// The notes on how to reach a story's writer ("Amy Kuperinsky may be reached at …", "Email
/// Tariq Malik at … or follow him @tariqjmalik").
static CONTACT_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(may|can) be reached at\b|^e-?mail [^@]{2,40} at \S+@|\bfollow (him|her|them|us) on (twitter|x|facebook|instagram)\b").expect("static pattern")
});

/// Whether a text is written in capitals: twelve cased letters or more, none lower-case.
fn in_capitals(text: &str) -> bool {
    let mut cased = 0;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        cased += usize::from(c.is_uppercase());
    }
    cased >= 12
}

/// Whether a text is a staff note, and of which kind: reporting credits ([`CREDIT_NOTE`]) are
/// credits, the writer's addresses ([`CONTACT_NOTE`]) metadata. Over the 92 development pages these notes hold 150 words,
/// 8 of them gold (one page's gold keeps its Reuters credit line, two others' do not).
fn staff_note(text: &str) -> Option<RemovedKind> {
    // Words every note has, found by one literal scan: the regexes' Unicode word boundaries
    // need their slowest engine, so they run only on the few blocks that have one.
    static CUES: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([" by", "contributed", "reached at", "mail ", "follow "])
            .expect("static patterns")
    });
    if !CUES.is_match(text) {
        return None;
    }
    if CREDIT_NOTE.is_match(text) {
        Some(RemovedKind::Credit)
    } else if CONTACT_NOTE.is_match(text) {
        Some(RemovedKind::Meta)
    } else {
        None
    }
}

/// A picture's caption that ends in its credit: "… (Image: GETTY)", "(Photo: Getty Images)",
/// "Sanjeev Verma/Hindustan Times/Getty Images", "Alex Wong | Getty Images".
static CREDITED_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\((image|photo|picture|pic|credit|фото)s?( credit)?:\s?[^)]*\)|[/|]\s*(getty images|afp|reuters|shutterstock|epa|ap photo|ap|риа новости|тасс))\s*$").expect("static pattern")
});

/// Index of each pattern in [`KIND_PATTERNS`].
const K_SUBSCRIBE: usize = 0;
const K_PROMO: usize = 1;
const K_CREDIT: usize = 2;
const K_COMMENTS: usize = 3;
const K_COUNTER: usize = 4;
const K_META: usize = 5;
const K_NAVIGATION: usize = 6;

/// The text patterns of the kinds, each matched on demand against lower-cased text. (A
/// `RegexSet` would answer all at once, but only with the slow PikeVM; single regexes run
/// on the lazy DFA, and most blocks are decided by the first one or two.) Lower-casing first
/// keeps the automata small: case-insensitive Unicode classes are several times larger.
static KIND_PATTERNS: LazyLock<[Regex; 7]> = LazyLock::new(|| {
    [
        SUBSCRIBE, PROMO, CREDIT, COMMENTS, COUNTER, META, NAVIGATION,
    ]
    .map(|p| Regex::new(p.trim_start_matches("(?i)")).expect("static pattern"))
});

/// Lower-cased block text with lazily matched kind patterns.
struct Hits(String);

impl Hits {
    fn new(text: &str) -> Hits {
        Hits(text.to_lowercase())
    }

    fn matched(&self, pattern: usize) -> bool {
        KIND_PATTERNS[pattern].is_match(&self.0)
    }
}

/// A teaser whose headline a scraper glued to its summary: "Customers Leave Without Paying
/// $690 Bill At Troy SteakhouseA party of six left …", "Is Violence In Sports On The
/// Rise?Violence is part of …". At the glue a lower-case word of four letters or more (or a
/// question or exclamation mark) runs into a capital, the words before it are a title-cased
/// headline of three or more, and those after it a sentence of five or more. Camel-cased
/// names ("MacBook", "YouTube") have shorter lower-case runs before the capital, and in
/// "SpaceX and" the capital opens no word.
fn glued_headline(text: &str) -> bool {
    // One pass, no allocation until a glue point is found: the lower-case run before each
    // character, and the two characters before it.
    let (mut run, mut before_run, mut prev2, mut prev) = (0usize, None::<char>, None, None);
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if c.is_uppercase() && prev.is_some() {
            // The capital opens a word: "SteakhouseA party", "MichiganMichigan Department",
            // not "SpaceX and" or "SciSpacE team".
            let opens_word = next.is_some_and(char::is_lowercase)
                || (matches!(c, 'A' | 'I') && next == Some(' '));
            let glue = if prev.is_some_and(char::is_lowercase) {
                run >= 4 || (run == 3 && before_run.is_some_and(char::is_uppercase))
            } else {
                matches!(prev, Some('?' | '!')) && prev2.is_some_and(char::is_lowercase)
            };
            if opens_word && glue && headline_then_sentence(&text[..at], &text[at..]) {
                return true;
            }
        }
        if c.is_lowercase() {
            if prev.is_none_or(|p| !p.is_lowercase()) {
                before_run = prev;
                run = 0;
            }
            run += 1;
        } else {
            run = 0;
        }
        prev2 = prev;
        prev = Some(c);
    }
    false
}

/// Whether `head` reads as a title-cased headline of three words or more and `tail` as a
/// sentence of five or more.
fn headline_then_sentence(head: &str, tail: &str) -> bool {
    let head: Vec<&str> = head.split_whitespace().collect();
    let tail: Vec<&str> = tail.split_whitespace().collect();
    if head.len() < 3 || tail.len() < 5 {
        return false;
    }
    let capitalised = head
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
        .count();
    let lower = tail[1..]
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .count();
    capitalised * 10 >= head.len() * 7 && lower * 2 >= tail.len() - 1
}

/// Chrome that the text itself proves, whatever the model says: captions in the
/// "… - Outlet, 1920, 20.09.2023" form, photo credits, bare counters, calls to subscribe and
/// channel promotions, and the fixed navigation phrases. These lexicons cover Russian and
/// English; the model, trained mostly on English pages, has seen too few of them to learn them.
///
/// On HTML only the two forms no article sentence takes apply: the caption form and a
/// "Читайте также: …" / "Read more: …" lead-in to another story; and what the markup proves:
/// the stories that follow a related-stories heading in its box ([`Block::teaser_box`]), and
/// the text of a `<figcaption>` or `<figure>` (decision 46).
pub(crate) fn proven_chrome(block: &Block, html: bool) -> Option<RemovedKind> {
    if block.teaser_box {
        return Some(RemovedKind::Teaser);
    }
    if block.print_only {
        return Some(RemovedKind::Chrome);
    }
    if html && matches!(block.tag, "figcaption" | "figure") {
        return Some(RemovedKind::Caption);
    }
    let text = block.text.as_str();
    if !html && block.words <= 80 && glued_headline(text) {
        return Some(RemovedKind::Teaser);
    }
    if block.words > 40 {
        return None;
    }
    if is_caption(text) {
        return Some(RemovedKind::Caption);
    }
    if TEASER_LEAD.is_match(text) {
        return Some(RemovedKind::Teaser);
    }
    if html {
        // A link written in capitals is a teaser or a promotion set in the article ("SEAN
        // SPICER ELIMINATED FROM 'DANCING WITH THE STARS'", "CLICK HERE TO GET THE FOX NEWS
        // APP"): 300 words on the development pages, none of them gold.
        if in_capitals(text) && block.mostly_links() {
            return Some(RemovedKind::Teaser);
        }
        return staff_note(text);
    }
    // End-anchored: the regex engine matches it in reverse from the last character.
    if CREDITED_CAPTION.is_match(text) {
        return Some(RemovedKind::Caption);
    }
    let hits = Hits::new(text);
    if hits.matched(K_COUNTER) {
        return Some(RemovedKind::Counter);
    }
    if hits.matched(K_CREDIT)
        && block.words <= 25
        && text.starts_with(['©', '(', 'Ф', 'P', 'p', 'ф'])
    {
        return Some(RemovedKind::Credit);
    }
    if hits.matched(K_PROMO) && (hits.matched(K_SUBSCRIBE) || block.words <= 2) {
        return Some(RemovedKind::Promo);
    }
    if hits.matched(K_SUBSCRIBE) && block.words <= 6 && !text.ends_with('.') {
        return Some(RemovedKind::Subscribe);
    }
    if hits.matched(K_NAVIGATION) && block.words <= 3 && !text.ends_with('.') {
        return Some(RemovedKind::Navigation);
    }
    None
}

/// Why a block that is not body was dropped, from the DOM hint, the text and its neighbours.
pub(crate) fn kind_of(block: &Block, prev: Option<&Block>, after_body_start: bool) -> RemovedKind {
    let text = block.text.as_str();
    if block.words > 60 && block.hint.is_none() {
        // Long prose: none of the short-line patterns apply.
        return RemovedKind::Chrome;
    }
    let hits = Hits::new(text);
    if hits.matched(K_CREDIT) {
        return RemovedKind::Credit;
    }
    if is_caption(text) || CREDITED_CAPTION.is_match(text) {
        return RemovedKind::Caption;
    }
    if hits.matched(K_COUNTER) {
        return RemovedKind::Counter;
    }
    if hits.matched(K_PROMO) && block.words <= 40 {
        return RemovedKind::Promo;
    }
    if hits.matched(K_SUBSCRIBE) && (block.words <= 8 || block.words <= 25 && !text.ends_with('.'))
    {
        return RemovedKind::Subscribe;
    }
    if block.teaser_box {
        return RemovedKind::Teaser;
    }
    if let Some(hint) = block.hint {
        return hint;
    }
    if block.words <= 12 && hits.matched(K_COMMENTS) {
        return RemovedKind::Comments;
    }
    if hits.matched(K_META) && block.words <= 15 || block.words <= 6 && has_date(text) {
        return RemovedKind::Meta;
    }
    if hits.matched(K_NAVIGATION) && block.words <= 6 {
        return RemovedKind::Navigation;
    }
    let headline_like = block.words >= 4
        && block.words <= 30
        && !text.ends_with(['.', ':', ','])
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric() || c == '"' || c == '«');
    let after_caption =
        prev.is_some_and(|p| is_caption(&p.text) || p.hint == Some(RemovedKind::Caption));
    if headline_like
        && (after_caption || after_body_start || block.link_chars as usize * 2 > text.len())
    {
        return RemovedKind::Teaser;
    }
    if block.words <= 3 {
        return RemovedKind::Navigation;
    }
    RemovedKind::Chrome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> RemovedKind {
        kind_of(&Block::new(text.into(), "line"), None, true)
    }

    #[test]
    fn lines_are_placed_against_the_region_and_the_sure_prose() {
        // Menu, prose, a short line, prose, footer.
        let probs = [0.1, 0.9, 0.4, 0.8, 0.05];
        let words = [1, 30, 3, 25, 2];
        let lines = LineContext::new(&probs, &words);
        assert_eq!(lines.span, Some((1, 3)));
        let prev: Vec<_> = lines.sure.iter().map(|s| s.0).collect();
        let next: Vec<_> = lines.sure.iter().map(|s| s.1).collect();
        assert_eq!(prev, [None, None, Some(1), Some(1), Some(3)]);
        assert_eq!(next, [Some(1), Some(3), Some(3), None, None]);

        // A short line is never an anchor, however sure.
        let lines = LineContext::new(&[0.9, 0.9], &[5, 5]);
        assert_eq!(lines.sure, [(None, None), (None, None)]);

        // HTML blocks get no line context, so the HTML model's features are as before.
        assert!(PageContext::new(&probs, &words, false).lines.is_none());
        let mut html = Vec::new();
        context_features(&PageContext::new(&probs, &words, false), 2, &mut html);
        let mut text = Vec::new();
        context_features(&PageContext::new(&probs, &words, true), 2, &mut text);
        assert_eq!(text.len(), html.len() + 4);
    }

    #[test]
    fn kinds_of_the_example_chrome() {
        assert_eq!(kind("© Sputnik / Алексей Никольский / Перейти в фотобанкПресс-секретарь президента РФ Дмитрий Песков"), RemovedKind::Credit);
        assert_eq!(
            kind("Пресс-секретарь президента РФ Дмитрий Песков - Sputnik Литва, 1920, 20.09.2023"),
            RemovedKind::Caption
        );
        assert_eq!(kind("Подписаться"), RemovedKind::Subscribe);
        assert_eq!(kind("Sputnik Литва теперь в Telegram! Подписывайтесь на самые быстрые, яркие и подробные новости о Литве, Балтии и не только."), RemovedKind::Promo);
        assert_eq!(kind("Лента новостей"), RemovedKind::Navigation);
        assert_eq!(kind("0"), RemovedKind::Counter);
        assert_eq!(
            kind("МИД РФ призвал конфликтующие в Карабахе стороны остановить кровопролитие"),
            RemovedKind::Teaser
        );
    }

    #[test]
    fn word_count_is_the_metric_tokens_plus_unspaced_script() {
        assert_eq!(count_words("Hello, world — it's 2023!"), 5);
        assert_eq!(count_words(""), 0);
        // One `\w+` token, eight characters written without spaces.
        assert_eq!(count_words("今回はそれを使う"), 1 + 4);
    }

    #[test]
    fn full_width_marks_end_sentences_as_latin_ones_do() {
        // A Japanese paragraph: its full stops count as sentences, and it ends as prose does.
        let ja = "商標には、商品の出所を表示する機能があります。例えば、消費者はマークを見て理解します。";
        let counts = CharCounts::of(ja);
        assert_eq!(counts.sentences, 2);
        assert_eq!(counts.commas, 2);
        assert!(ends_sentence(ja));
        assert_eq!(char_class(ja.chars().last()), ".");
        assert_eq!(char_class(Some('？')), "!");
        assert_eq!(char_class(Some('」')), "q");
        // So a long Japanese line is "long", and opens the article region of scraped text.
        let block = Block::new(ja.repeat(2), "line");
        assert!(is_long(&block, block.words));
        assert!(!ends_sentence("お問い合わせ"));
    }

    #[test]
    fn the_headline_is_the_line_the_title_line_begins_with() {
        let blocks: Vec<Block> = [
            "Só quem se Ama... — Mensagens de Reflexão",
            "Bom Dia",
            "Só",
            "Mensagens",
            "Só quem se Ama…",
            "Viver uma verdadeira experiência amorosa é um dos maiores prazeres da vida.",
        ]
        .into_iter()
        .map(|t| Block::new(t.into(), "line"))
        .collect();
        assert_eq!(headline_of_title(&blocks), Some(4));
        assert_eq!(PageStats::new(&blocks).title, Some(4));
        // No line repeats the first: no headline, and HTML blocks never have one.
        assert_eq!(headline_of_title(&blocks[1..]), None);
        let html: Vec<Block> = blocks
            .iter()
            .map(|b| Block::new(b.text.clone(), "p"))
            .collect();
        assert_eq!(PageStats::new(&html).title, None);
        assert_eq!(headline_of_title(&[]), None);
    }

    #[test]
    fn headlines_glued_to_their_summaries_are_teasers_in_text() {
        let line = |t: &str| Block::new(t.into(), "line");
        for t in [
            "Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left Ruth's Chris Steakhouse in Troy without paying their bill.",
            "DNR Seeks Tips About Bull Elk Poached In Northern MichiganMichigan Department of Natural Resources conservation officers are seeking information.",
            "Is Violence In Sports On The Rise?Violence is part of the game in many sports but Myles Garrett crossed a line.",
        ] {
            assert_eq!(proven_chrome(&line(t), false), Some(RemovedKind::Teaser), "{t}");
            assert_eq!(proven_chrome(&Block::new(t.into(), "p"), true), None, "{t}");
        }
        // Camel-cased names, and a capital that opens no word, are not glue.
        for t in [
            "NASA said the five companies — Blue Origin, Ceres Robotics, Sierra Nevada Corporation (SNC), SpaceX and Tyvak had been selected.",
            "The New Apple MacBook Pro has a larger screen and a better keyboard than the old one.",
            "Now the Agency's SciSpacE team has called in the design facility for a study.",
        ] {
            assert_eq!(proven_chrome(&line(t), false), None, "{t}");
        }
    }

    #[test]
    fn related_headings_after_prose_mark_the_lines_after_them() {
        let prose = "The council voted on Monday to close the old bridge for repairs, and the work will take two years.";
        let lines: Vec<Block> = [
            "Most Read",
            prose,
            "Você pode gostar...",
            "Another story that the page teases.",
            "Читайте также",
        ]
        .into_iter()
        .map(|t| Block::new(t.into(), "line"))
        .collect();
        let stats = PageStats::new(&lines);
        // The heading before any prose is not counted; the one after it is.
        assert_eq!(stats.related, vec![None, None, None, Some(2), Some(2)]);
        assert!(is_related_heading(&lines[4]));
        assert!(!is_related_heading(&lines[1]));
        // HTML pages do not compute it (the DOM says the same; measured, it cost 0.001).
        let html: Vec<Block> = lines
            .iter()
            .map(|b| Block::new(b.text.clone(), "p"))
            .collect();
        assert!(PageStats::new(&html).related.is_empty());
    }

    #[test]
    fn captions_ending_in_a_credit_are_proven_chrome_in_text() {
        let line = |t: &str| Block::new(t.into(), "line");
        for t in [
            "China has warned they will cease control of Hong Kong (Image: GETTY )",
            "WeWork chairman Marcelo Claure (Credit: Getty Images)",
            "(Image credit: Blue Origin)",
            "Sanjeev Verma/Hindustan Times/Getty Images",
            "Alex Wong | Getty Images",
        ] {
            assert_eq!(
                proven_chrome(&line(t), false),
                Some(RemovedKind::Caption),
                "{t}"
            );
            assert!(
                matches!(kind(t), RemovedKind::Caption | RemovedKind::Credit),
                "{t}"
            );
        }
        // A sentence that mentions a picture, and the HTML path, are left to the model.
        let prose = "He posted the photo (see below) on Monday, and it spread fast.";
        assert_eq!(proven_chrome(&line(prose), false), None);
        let credit = "Photograph (Image: GETTY)";
        assert_eq!(proven_chrome(&Block::new(credit.into(), "p"), true), None);
        // In HTML, the markup itself can say caption.
        let caption = "A cross-section through the module, showing the crew quarters.";
        assert_eq!(
            proven_chrome(&Block::new(caption.into(), "figcaption"), true),
            Some(RemovedKind::Caption)
        );
        assert_eq!(proven_chrome(&Block::new(caption.into(), "p"), true), None);
    }

    #[test]
    fn a_bag_of_words_holds_each_longer_word_once_whatever_its_case() {
        let bag = |text: &str| {
            let mut out = vec![7];
            bag_of_words(text, &mut out);
            out
        };
        // Case and repetition do not count; words under three letters are not read.
        assert_eq!(
            bag("Sign up for our Newsletter"),
            bag("newsletter SIGN up, sign for our")
        );
        assert_eq!(bag("Sign up for our Newsletter").len(), 1 + 4);
        assert_eq!(bag("a to be"), vec![7]);
        // What was in `out` before stays first.
        assert_eq!(bag("Подпишитесь на рассылку")[0], 7);
        assert_ne!(
            bag("Подпишитесь на рассылку"),
            bag("Подпишитесь на новости")
        );
        // A long line is read up to its 64th word.
        let long: Vec<String> = (0..100).map(|i| format!("word{i}")).collect();
        assert_eq!(bag(&long.join(" ")).len(), 1 + BAG_MAX_WORDS);
    }

    #[test]
    fn topic_shares_count_words_repeated_elsewhere_and_in_the_title() {
        let blocks: Vec<Block> = [
            "Stadia launches today with Google promising streaming everywhere",
            "Reviewers found Stadia streaming smooth but the library thin",
            "Subscribe to our newsletter for weekly gardening inspiration",
            "Hi",
        ]
        .into_iter()
        .map(|t| Block::new(t.into(), "line"))
        .collect();
        let c = topic_shares(&blocks);
        let repeated: Vec<_> = c.iter().map(|t| t.repeated).collect();
        // Two of the first line's six topic words (Stadia, launch, Google, promis, stream,
        // everyw) recur in the second: three tenths, rounded down.
        assert_eq!(repeated, [Some(3), Some(4), Some(0), None], "{c:?}");
        // The first line is the title: two of the second's five (Stadia, stream) are in it,
        // none of the third's, and all of the first's.
        let in_title: Vec<_> = c.iter().map(|t| t.in_title).collect();
        assert_eq!(in_title, [Some(10), Some(4), Some(0), None], "{c:?}");
    }

    fn html_block(text: &str, link_chars: u32) -> Block {
        let mut b = Block::new(text.into(), "p");
        b.link_chars = link_chars;
        b.related_heading = is_related_heading(&b);
        b
    }

    #[test]
    fn staff_notes_and_capital_links_are_proven_on_html() {
        let proven = |text: &str| proven_chrome(&html_block(text, 0), true);
        assert_eq!(
            proven("(Reporting by Will Dunham; Editing by Tom Brown)"),
            Some(RemovedKind::Credit)
        );
        assert_eq!(
            proven("Fox News’ Jessica Napoli contributed to this report."),
            Some(RemovedKind::Credit)
        );
        assert_eq!(
            proven("Have a tip? Amy Kuperinsky may be reached at akuperinsky@example.com."),
            Some(RemovedKind::Meta)
        );
        // An address is metadata whatever the name holds ("by" in Bobby).
        assert_eq!(
            proven("Email Bobby Ghosh at bobby@example.com."),
            Some(RemovedKind::Meta)
        );
        // A sentence of the story about reporting is not a note.
        assert_eq!(
            proven("The reporting by local papers was later confirmed by the police."),
            None
        );
        let caps = "SEAN SPICER ELIMINATED FROM 'DANCING WITH THE STARS'";
        assert_eq!(
            proven_chrome(&html_block(caps, 44), true),
            Some(RemovedKind::Teaser)
        );
        // Capitals without a link are a shouted subheading, left to the model; so are
        // short ones ("NASA", "UPDATE").
        assert_eq!(proven_chrome(&html_block(caps, 0), true), None);
        assert_eq!(proven_chrome(&html_block("UPDATE NOW", 9), true), None);
    }

    #[test]
    fn a_related_heading_and_the_links_right_after_it_are_dropped() {
        let blocks = vec![
            html_block("The council met on Monday and voted for the plan.", 0),
            html_block("Related news", 0),
            html_block("Markets rally as earnings beat forecasts", 38),
            html_block("Rupee weakens against the dollar", 29),
            html_block("The plan now goes to the regional parliament.", 0),
            html_block("Tags linked from the story", 22),
        ];
        let mut probs = vec![0.9; blocks.len()];
        drop_related_runs(&blocks, &mut probs);
        assert_eq!(probs, [0.9, 0.0, 0.0, 0.0, 0.9, 0.9]);
    }
}
