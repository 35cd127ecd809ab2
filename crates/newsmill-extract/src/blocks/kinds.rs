//! Why a dropped block was dropped: proven chrome (captions, credits, staff notes, glued
//! teaser headlines) and the kind named from the text, its neighbours and DOM hints.
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use newsmill_model::RemovedKind;
use regex::Regex;

use super::page::{has_date, is_caption};
use super::Block;
use crate::dates::parse::{dates_in_text, month_of, NumericOrder};

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
    pub(super) fn new(text: &str) -> Hits {
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

/// Words a time stamp line holds besides its date and time: ordinal endings, weekdays, clock
/// words, zones and the labels before a stamp.
const STAMP_WORDS: &[&str] = &[
    "st",
    "nd",
    "rd",
    "th",
    "h",
    "am",
    "pm",
    "a.m",
    "p.m",
    "utc",
    "gmt",
    "et",
    "est",
    "edt",
    "ct",
    "cst",
    "cdt",
    "pt",
    "pst",
    "pdt",
    "bst",
    "cet",
    "cest",
    "msk",
    "мск",
    "at",
    "on",
    "в",
    "updated",
    "published",
    "posted",
    "обновлено",
    "опубликовано",
    "aktualisiert",
    "veröffentlicht",
    "um",
    "uhr",
    "le",
    "à",
    "mis",
    "jour",
    "publié",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
    "г",
    "года",
    "год",
];

/// Whether a block is a time stamp and nothing else: "May 2, 2024 6:12 PM UTC", "Updated
/// 20.09.2023, 14:05", "Friday 3 March 2021". The record carries the date in `published`, so
/// on the page it is metadata, whatever a gold set's truth does with it.
pub(crate) fn is_stamp_line(text: &str) -> bool {
    if text.split_whitespace().count() > 10
        || dates_in_text(text, NumericOrder::DayFirst).is_empty()
    {
        return false;
    }
    text.split(|c: char| !c.is_alphabetic() && c != '.')
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .all(|w| {
            let lower = w.to_lowercase();
            STAMP_WORDS.contains(&lower.as_str()) || month_of(w).is_some()
        })
}

/// The label an advertising slot carries on its own: "Advertisement", "Реклама", "Anzeige".
pub(crate) fn is_ad_label(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':').to_lowercase();
    matches!(
        t.as_str(),
        "advertisement"
            | "advertising"
            | "sponsored"
            | "sponsored content"
            | "ad"
            | "реклама"
            | "anzeige"
            | "werbung"
            | "publicité"
            | "publicidad"
            | "pubblicità"
    )
}

/// Chrome that the text itself proves, whatever the model says: captions in the
/// "… - Outlet, 1920, 20.09.2023" form, photo credits, bare counters, calls to subscribe and
/// channel promotions, and the fixed navigation phrases. These lexicons cover Russian and
/// English; the model, trained mostly on English pages, has seen too few of them to learn them.
///
/// On HTML only the two forms no article sentence takes apply: the caption form and a
/// "Читайте также: …" / "Read more: …" lead-in to another story; and what the markup proves:
/// the text of a `<figcaption>` or `<figure>` (decision 46). What follows a related-stories
/// heading in its box ([`Block::teaser_box`]) is left to the model, which reads it as a
/// feature: as an override it lowered three of the four sets it was not written for
/// (decision 49).
pub(crate) fn proven_chrome(block: &Block, html: bool) -> Option<RemovedKind> {
    if block.print_only {
        return Some(RemovedKind::Chrome);
    }
    if html && matches!(block.tag, "figcaption" | "figure") {
        return Some(RemovedKind::Caption);
    }
    // A stamp or an ad slot's label on its own line: metadata and chrome on any page, and the
    // record has the date in `published`. Over the five HTML sets left out in turn, these
    // raised `dev` 0.966 → 0.968 and readability-tests 0.920 → 0.921 and moved no other set
    // (decision 52).
    if block.words <= 3 && is_ad_label(&block.text) {
        return Some(RemovedKind::Promo);
    }
    if block.words <= 10 && is_stamp_line(&block.text) {
        return Some(RemovedKind::Meta);
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

/// A channel's sign-off: a line that sends readers to send news or to a mirror of the
/// channel. (Its handle alone is caught by [`is_signoff`] before this runs.)
static SIGNOFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(присла(ть|ли|ть нам) новост|присылайте (нам )?новост|предложить новост|прислали через|без vpn|зеркало канала|send us (a )?(news|tip)|news tips?:)").expect("static pattern")
});

/// Whether a dropped line is a channel's sign-off ([`RemovedKind::Signoff`]): its handle on
/// its own, or a link to send it news or to read it without a block. Over 3,000 corpus posts
/// these are the lines a dozen channels end with (decision 52).
fn is_signoff(text: &str, words: u32) -> bool {
    let t = text.trim();
    (words <= 2 && t.starts_with('@') && t.len() > 1) || (words <= 16 && SIGNOFF.is_match(t))
}

/// Whether a line holds hashtags and nothing else ([`RemovedKind::Tags`]).
fn is_tag_line(text: &str) -> bool {
    let mut words = text.split_whitespace().peekable();
    words.peek().is_some() && words.all(|w| w.starts_with('#') && w.len() > 1)
}

/// Why a block that is not body was dropped, from the DOM hint, the text and its neighbours.
pub(crate) fn kind_of(block: &Block, prev: Option<&Block>, after_body_start: bool) -> RemovedKind {
    let text = block.text.as_str();
    if block.words <= 20 {
        if is_tag_line(text) {
            // "#реклама", "#промо": the tag that marks a post as an advert.
            let lower = text.to_lowercase();
            return if lower.contains("промо") || Hits(lower).matched(K_PROMO) {
                RemovedKind::Promo
            } else {
                RemovedKind::Tags
            };
        }
        if is_signoff(text, block.words) {
            return RemovedKind::Signoff;
        }
    }
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
