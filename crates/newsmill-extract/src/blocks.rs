//! Blocks: the unit both extractors classify (an HTML block element's text, or a line of
//! scraped text), their features, and the rules that name why a dropped block was dropped.

use std::collections::HashMap;
use std::sync::LazyLock;

use newsmill_model::RemovedKind;
use regex::Regex;

use crate::linear::feature;

/// One block of a page, with what its source (DOM or line) told about it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    /// Whitespace-collapsed text.
    pub text: String,
    /// The block element (`p`, `h2`, `li`, …) or `line` for scraped text.
    pub tag: &'static str,
    /// Number of `\w+` tokens.
    pub words: u32,
    /// Characters of the text inside links.
    pub link_chars: u32,
    /// Pre-hashed features of the block's DOM context (ancestor classes, semantic ancestors).
    pub context: Vec<u32>,
    /// A kind the DOM context says (inside `<nav>`, `<figcaption>`, a `comments` box, …).
    pub hint: Option<RemovedKind>,
    /// Inside the container that holds most of the page's paragraph text.
    pub in_main: bool,
    /// Share of the block's words found in the page's JSON-LD `articleBody`, when it has one.
    pub ld_overlap: Option<f32>,
}

impl Block {
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

    fn chars(&self) -> usize {
        self.text.chars().count()
    }
}

/// Counts `\w+` tokens, as the metric does.
pub(crate) fn count_words(text: &str) -> u32 {
    let mut n = 0;
    let mut in_word = false;
    for c in text.chars() {
        let w = c.is_alphanumeric() || c == '_';
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    n
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
        Some('.') => ".",
        Some('!') | Some('?') => "!",
        Some(':') => ":",
        Some(',') | Some(';') => ",",
        Some('"' | '\'' | '»' | '«' | '“' | '”' | '„' | '’') => "q",
        Some('—' | '–' | '-') => "-",
        Some('|' | '/' | '>' | '•' | '·') => "|",
        Some(')' | ']') => ")",
        Some(c) if c.is_numeric() => "9",
        Some(c) if c.is_uppercase() => "A",
        Some(c) if c.is_lowercase() => "a",
        Some(_) => "o",
    }
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}|\d{1,2} (янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек)\p{L}*)").unwrap()
});
/// "… - Sputnik Литва, 1920, 20.09.2023": an image caption with outlet, width and date.
pub(crate) static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*\S)\s+[-–—]\s+([^,]{2,60}),\s*\d{3,4},\s*(\d{2}\.\d{2}\.\d{4})$").unwrap()
});

/// Features of block `i` among `blocks`, appended to `out` (cleared first).
pub(crate) fn features(blocks: &[Block], i: usize, counts: &HashMap<&str, u32>, out: &mut Vec<u32>) {
    out.clear();
    let b = &blocks[i];
    let n = blocks.len().max(1);
    let chars = b.chars();
    let len = bucket(chars / 8);
    let words = bucket(b.words as usize);
    let ld = if chars == 0 { 0 } else { (b.link_chars as usize * 10) / chars };
    let ld = match ld {
        0 => "0",
        1..=2 => "1",
        3..=5 => "3",
        6..=8 => "6",
        _ => "9",
    };
    let first = b.text.chars().next();
    let last = b.text.chars().last();
    let sentences = b.text.matches(['.', '!', '?']).count();
    let digits = b.text.chars().filter(|c| c.is_numeric()).count();
    let upper = b.text.chars().filter(|c| c.is_uppercase()).count();
    let letters = b.text.chars().filter(|c| c.is_alphabetic()).count().max(1);
    out.push(feature("bias", ""));
    out.push(feature("tag", b.tag));
    out.push(feature("len", len));
    out.push(feature("words", words));
    out.push(feature("tag_words", &format!("{}_{words}", b.tag)));
    out.push(feature("ld", ld));
    out.push(feature("ld_words", &format!("{ld}_{words}")));
    out.push(feature("end", char_class(last)));
    out.push(feature("start", char_class(first)));
    out.push(feature("end_words", &format!("{}_{words}", char_class(last))));
    out.push(feature("sent", bucket(sentences)));
    out.push(feature("digits", bucket(digits * 10 / chars.max(1))));
    out.push(feature("upper", bucket(upper * 10 / letters)));
    out.push(feature("pos", bucket(i * 10 / n)));
    out.push(feature("main", if b.in_main { "1" } else { "0" }));
    out.push(feature("main_words", &format!("{}_{words}", b.in_main)));
    if counts.get(b.text.as_str()).copied().unwrap_or(0) > 1 {
        out.push(feature("dup", words));
    }
    if let Some(overlap) = b.ld_overlap {
        let o = bucket((overlap * 10.0) as usize);
        out.push(feature("ld_overlap", o));
        out.push(feature("ld_overlap_words", &format!("{o}_{words}")));
    }
    if let Some(hint) = b.hint {
        out.push(feature("hint", hint.as_str()));
    }
    if DATE.is_match(&b.text) {
        out.push(feature("date", words));
    }
    if b.text.contains('©') {
        out.push(feature("copy", ""));
    }
    if CAPTION.is_match(&b.text) {
        out.push(feature("caption", ""));
    }
    if b.words <= 6 {
        let lower = b.text.to_lowercase();
        out.push(feature("short", &lower));
        if let Some(w) = lower.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()) {
            out.push(feature("w0", w));
        }
    }
    out.extend_from_slice(&b.context);
    // Neighbours, one and two away.
    for (name, j) in [("p1", i.checked_sub(1)), ("n1", Some(i + 1)), ("p2", i.checked_sub(2)), ("n2", Some(i + 2))] {
        match j.and_then(|j| blocks.get(j)) {
            Some(o) => {
                let ow = bucket(o.words as usize);
                out.push(feature(name, &format!("w{ow}")));
                out.push(feature(name, &format!("t{}", o.tag)));
                out.push(feature(name, &format!("e{}", char_class(o.text.chars().last()))));
                out.push(feature(name, &format!("m{}", o.in_main)));
                out.push(feature(name, &format!("w{ow}_{words}")));
                if CAPTION.is_match(&o.text) {
                    out.push(feature(name, "caption"));
                }
            }
            None => out.push(feature(name, "none")),
        }
    }
    // Distance to the nearest long, sentence-like block on each side.
    let long = |o: &Block| o.words >= 25 && o.text.ends_with(['.', '!', '?', '"', '»', '”']);
    let before = blocks[..i].iter().rev().position(long);
    let after = blocks[i + 1..].iter().position(long);
    out.push(feature("dl", before.map_or("none", bucket)));
    out.push(feature("dr", after.map_or("none", bucket)));
    out.push(feature("dlr", &format!("{}_{}_{words}", before.map_or("none", bucket), after.map_or("none", bucket))));
}

/// Counts of each block text in a page (repeated blocks are chrome more often than not).
pub(crate) fn text_counts(blocks: &[Block]) -> HashMap<&str, u32> {
    let mut counts = HashMap::with_capacity(blocks.len());
    for b in blocks {
        *counts.entry(b.text.as_str()).or_insert(0) += 1;
    }
    counts
}

static SUBSCRIBE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)подпис|рассылк|subscri|newsletter|sign up|sign-up|inbox").unwrap()
});
static PROMO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)telegram|телеграм|\bvk\b|вконтакте|дзен|youtube|whatsapp|viber|follow us|download (our|the) app|our app|скачайте|читайте нас|мы в соцсетях|теперь в|advert|реклам|sponsored|promoted").unwrap()
});
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(©|\(c\)|фото:|photo:|image:|picture:|credit:|getty images|фото\s|photo by|photograph:)|/ перейти в фотобанк|фотобанк|getty images|shutterstock|reuters/|/ reuters|\bap photo|afp via").unwrap()
});
static COMMENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)коммент|comment|обсужд|discuss|reply|ответить").unwrap()
});
static COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d[\d\s.,kкmм]*(\s*(comments?|views?|shares?|likes?|просмотр\p{L}*|коммент\p{L}*|репост\p{L}*))?$").unwrap()
});
static META: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(by|автор|авторы|updated|published|обновлено|опубликовано|posted|written by)\b").unwrap()
});
static NAVIGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(home|главная|menu|меню|лента новостей|news feed|search|поиск|back to top|наверх|next|previous|далее|назад|share|поделиться|log ?in|войти|more|ещё|еще|read more|читать далее|читайте также|see also|смотрите также|related|tags?|теги|темы)\b").unwrap()
});

/// Why a block that is not body was dropped, from the DOM hint, the text and its neighbours.
pub(crate) fn kind_of(block: &Block, prev: Option<&Block>, after_body_start: bool) -> RemovedKind {
    let text = block.text.as_str();
    if CREDIT.is_match(text) {
        return RemovedKind::Credit;
    }
    if CAPTION.is_match(text) {
        return RemovedKind::Caption;
    }
    if COUNTER.is_match(text.trim()) {
        return RemovedKind::Counter;
    }
    if PROMO.is_match(text) && block.words <= 40 {
        return RemovedKind::Promo;
    }
    if block.words <= 8 && SUBSCRIBE.is_match(text) || SUBSCRIBE.is_match(text) && block.words <= 25 && !text.ends_with('.') {
        return RemovedKind::Subscribe;
    }
    if let Some(hint) = block.hint {
        return hint;
    }
    if block.words <= 12 && COMMENTS.is_match(text) {
        return RemovedKind::Comments;
    }
    if META.is_match(text) && block.words <= 15 || block.words <= 6 && DATE.is_match(text) {
        return RemovedKind::Meta;
    }
    if NAVIGATION.is_match(text) && block.words <= 6 {
        return RemovedKind::Navigation;
    }
    let headline_like = block.words >= 4
        && block.words <= 30
        && !text.ends_with(['.', ':', ','])
        && text.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric() || c == '"' || c == '«');
    let after_caption = prev.is_some_and(|p| CAPTION.is_match(&p.text) || p.hint == Some(RemovedKind::Caption));
    if headline_like && (after_caption || after_body_start || block.link_chars as usize * 2 > text.len()) {
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
    fn kinds_of_the_example_chrome() {
        assert_eq!(kind("© Sputnik / Алексей Никольский / Перейти в фотобанкПресс-секретарь президента РФ Дмитрий Песков"), RemovedKind::Credit);
        assert_eq!(kind("Пресс-секретарь президента РФ Дмитрий Песков - Sputnik Литва, 1920, 20.09.2023"), RemovedKind::Caption);
        assert_eq!(kind("Подписаться"), RemovedKind::Subscribe);
        assert_eq!(kind("Sputnik Литва теперь в Telegram! Подписывайтесь на самые быстрые, яркие и подробные новости о Литве, Балтии и не только."), RemovedKind::Promo);
        assert_eq!(kind("Лента новостей"), RemovedKind::Navigation);
        assert_eq!(kind("0"), RemovedKind::Counter);
        assert_eq!(kind("МИД РФ призвал конфликтующие в Карабахе стороны остановить кровопролитие"), RemovedKind::Teaser);
    }

    #[test]
    fn word_count_matches_the_metric_tokens() {
        assert_eq!(count_words("Hello, world — it's 2023!"), 5);
        assert_eq!(count_words(""), 0);
    }
}
