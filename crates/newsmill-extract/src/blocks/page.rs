//! What a whole page says about each block: repeated texts, the headline the title begins
//! with, the article region and the nearest prose, related-stories runs, and topic words.
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{is_alphanumeric, Block};
use crate::linear::{fnv, FNV_OFFSET};

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
pub(super) fn has_date(text: &str) -> bool {
    text.bytes().any(|c| c.is_ascii_digit()) && DATE.is_match(text)
}

/// What the features of one block need to know about the whole page, computed once.
pub(crate) struct PageStats<'a> {
    pub(super) counts: HashMap<&'a str, u32>,
    pub(super) max_words: u32,
    pub(super) caption: Vec<bool>,
    pub(super) date: Vec<bool>,
    /// Nearest long, sentence-like block before and after each block.
    pub(super) long: Vec<(Option<usize>, Option<usize>)>,
    /// Each block's topic words as shares of those another block repeats and of those the
    /// page's first line holds ([`topic_shares`]); scraped text only.
    pub(super) topics: Vec<TopicShares>,
    /// The nearest blocks of three words or more before and after each block.
    pub(super) substantial: Vec<(Option<usize>, Option<usize>)>,
    /// The nearest related-stories heading before each line that itself follows prose
    /// ([`is_related_heading`]); scraped text only, like `topics`.
    pub(super) related: Vec<Option<usize>>,
    /// The headline line, where the page's first line (its `<title>`) repeats it with a site
    /// name after it ([`headline_of_title`]); scraped text only.
    pub(super) title: Option<usize>,
}

/// The line that the page's first line repeats at its start: scrapers render `<title>`
/// ("Só quem se Ama… — Mensagens de Reflexão") first and the `<h1>` ("Só quem se Ama…")
/// later, right above the article. Compared lower-cased, without a trailing ellipsis or full
/// stop, and only for lines of ten characters and two words or more, so that a one-word menu
/// entry does not match a title that begins with it.
pub(super) fn headline_of_title(blocks: &[Block]) -> Option<usize> {
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
pub(super) struct TopicShares {
    /// The share found in another distinct block. An article's paragraphs repeat their
    /// topic's names and terms; teasers of other stories and navigation do not.
    pub(super) repeated: Option<usize>,
    /// The share found in the page's first line, which in scraped text is its `<title>`
    /// (None too when that line has fewer than two). The article's paragraphs speak of what
    /// the title names; other stories' teasers seldom do.
    pub(super) in_title: Option<usize>,
}

/// [`TopicShares`] of every block.
pub(super) fn topic_shares(blocks: &[Block]) -> Vec<TopicShares> {
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
pub(super) fn nearest(
    n: usize,
    pick: impl Fn(usize) -> bool,
) -> Vec<(Option<usize>, Option<usize>)> {
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
pub(super) fn is_long(b: &Block, max_words: u32) -> bool {
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

/// Counts of each block text in a page (repeated blocks are chrome more often than not).
fn text_counts(blocks: &[Block]) -> HashMap<&str, u32> {
    let mut counts = HashMap::with_capacity(blocks.len());
    for b in blocks {
        *counts.entry(b.text.as_str()).or_insert(0) += 1;
    }
    counts
}
