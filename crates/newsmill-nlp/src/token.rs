//! Tokens and sentences for Russian and English news text.
//!
//! Offsets are byte offsets into the text the caller passed; [`CharOffsets`] turns them into the
//! code-point offsets of the record. The rules are the ones news text needs: abbreviations with their
//! dot (`т.е.`, `г.`, `U.S.`, `Mr.`), initials (`В.`), numbers with inner separators (`8,1`,
//! `20.09.2023`, `12:30`), hyphenated words (`Нью-Йорк`, `Су-57`), apostrophes (`O'Brien`), URLs,
//! every quotation mark and dash as its own token.
use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Letters (and digits, hyphens, apostrophes inside).
    Word,
    /// Digits, with inner `.`, `,` or `:` separators.
    Number,
    /// A capital letter and its dot: `В.`, `J.`.
    Initial,
    /// A known abbreviation with its dot(s): `т.е.`, `г.`, `U.S.`, `Mr.`.
    Abbrev,
    /// `«`, `»`, `„`, `“`, `”`, `"`, `'`, `‘`, `’`.
    Quote,
    /// `—`, `–`, `-` standing alone.
    Dash,
    /// Sentence-final punctuation: `.`, `!`, `?`, `…` (and runs of them).
    Terminal,
    /// Any other punctuation or symbol.
    Punct,
    /// `http(s)://…` or `www.…`.
    Url,
}

/// One token: a byte range of the text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// What the token is.
    pub kind: Kind,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// Whether the token opens with a capital letter: the first clue to a name.
    pub fn capitalised(&self, text: &str) -> bool {
        self.text(text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }

    /// Whether the token opens with a lowercase letter: a common word, not a name.
    pub fn lowercase(&self, text: &str) -> bool {
        self.text(text)
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
    }
}

const QUOTES: &[char] = &['«', '»', '„', '“', '”', '"', '\'', '‘', '’', '‹', '›', '‚'];
const DASHES: &[char] = &['—', '–', '-', '‒', '―', '−'];

/// Abbreviations that keep their final dot (lowercase, without the dot). Multi-dot ones (`т.е.`,
/// `U.S.`) are recognised by shape instead.
const ABBREVIATIONS: &[&str] = &[
    "г",
    "гг",
    "им",
    "ул",
    "пр",
    "просп",
    "пер",
    "д",
    "кв",
    "обл",
    "р",
    "руб",
    "коп",
    "долл",
    "млн",
    "млрд",
    "трлн",
    "тыс",
    "см",
    "ст",
    "стр",
    "рис",
    "табл",
    "т",
    "тт",
    "напр",
    "др",
    "проф",
    "акад",
    "доц",
    "ген",
    "гос",
    "зам",
    "пос",
    "с",
    "дер",
    "мин",
    "сек",
    "ч",
    "чел",
    "ред",
    "англ",
    "рус",
    "лат",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "inc",
    "ltd",
    "co",
    "corp",
    "jr",
    "sr",
    "st",
    "vs",
    "etc",
    "no",
    "gen",
    "sen",
    "rep",
    "gov",
    "lt",
    "col",
    "sgt",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mt",
    "ft",
    "approx",
    "dept",
    "est",
];

fn is_word_char(c: char) -> bool {
    // Fast paths for ASCII and Russian before the general Unicode tables.
    c.is_ascii_alphanumeric()
        || matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё')
        || (!c.is_ascii() && (c.is_alphanumeric() || c == '\u{301}' || c == '\u{300}'))
}

/// Splits `text` into tokens. Whitespace is dropped; every other character belongs to exactly one
/// token, and tokens come in text order without overlap.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().expect("char boundary");
        let clen = c.len_utf8();
        if c.is_whitespace() || c.is_control() {
            i += clen;
            continue;
        }
        let start = i;
        if let Some(end) = url_at(text, i) {
            out.push(Token {
                start,
                end,
                kind: Kind::Url,
            });
            i = end;
            continue;
        }
        if is_word_char(c) {
            let (end, kind) = word_at(text, i);
            out.push(Token { start, end, kind });
            i = end;
            continue;
        }
        let kind = if QUOTES.contains(&c) {
            Kind::Quote
        } else if DASHES.contains(&c) {
            Kind::Dash
        } else if matches!(c, '.' | '!' | '?' | '…') {
            // A run of terminal punctuation (`...`, `?!`) is one token.
            let mut end = i + clen;
            while let Some(n) = text[end..].chars().next() {
                if matches!(n, '.' | '!' | '?' | '…') {
                    end += n.len_utf8();
                } else {
                    break;
                }
            }
            out.push(Token {
                start,
                end,
                kind: Kind::Terminal,
            });
            i = end;
            continue;
        } else {
            Kind::Punct
        };
        out.push(Token {
            start,
            end: i + clen,
            kind,
        });
        i += clen;
    }
    out
}

fn url_at(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    // Compare bytes: slicing the text at byte 8 may split a character, and copying the rest of
    // the text instead made tokenizing quadratic.
    let bytes = rest.as_bytes();
    let starts = |p: &[u8]| bytes.len() >= p.len() && bytes[..p.len()].eq_ignore_ascii_case(p);
    if !(starts(b"http://") || starts(b"https://") || starts(b"www.")) {
        return None;
    }
    let len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '«' | '»' | '"' | '<' | '>'))
        .unwrap_or(rest.len());
    let url = rest[..len].trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '\'']);
    (url.len() > 4).then_some(i + url.len())
}

/// A word or number starting at `i`, with the dot of an abbreviation or initial.
fn word_at(text: &str, i: usize) -> (usize, Kind) {
    let mut end = i;
    let mut all_digits = true;
    let mut chars = text[i..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        if is_word_char(c) {
            all_digits &= c.is_ascii_digit();
            end = i + off + c.len_utf8();
            continue;
        }
        // Inner joiners: a hyphen or apostrophe between word characters; a separator between digits.
        let next = chars.peek().map(|&(_, n)| n);
        let joins = match c {
            '-' | '‑' => next.is_some_and(is_word_char) && !all_digits,
            '\'' | '’' => next.is_some_and(|n| n.is_alphabetic()) && !all_digits,
            '.' | ',' | ':' => all_digits && next.is_some_and(|n| n.is_ascii_digit()),
            _ => false,
        };
        if !joins {
            break;
        }
    }
    let word = &text[i..end];
    if all_digits {
        return (end, Kind::Number);
    }
    // Dotted forms: initials, `т.е.`, `U.S.`, known abbreviations.
    if text[end..].starts_with('.') {
        let mut n = word.chars();
        let first = n.next().expect("nonempty word");
        if n.next().is_none() {
            // One letter and a dot: a chain like `т.е.`/`U.S.`, else an initial or `г.`.
            let mut j = end + 1;
            let mut chained = false;
            loop {
                let mut it = text[j..].chars();
                match (it.next(), it.next()) {
                    (Some(l), Some('.')) if l.is_alphabetic() => {
                        j += l.len_utf8() + 1;
                        chained = true;
                    }
                    _ => break,
                }
            }
            if chained {
                return (j, Kind::Abbrev);
            }
            if first.is_uppercase() {
                return (end + 1, Kind::Initial);
            }
        }
        if ABBREVIATIONS.contains(&word.to_lowercase().as_str()) {
            return (end + 1, Kind::Abbrev);
        }
    }
    (end, Kind::Word)
}

/// Sentences as token ranges (indices into `tokens`). A sentence ends at terminal punctuation
/// (with any closing quotes and brackets after it) followed by a token that can open a sentence, and
/// always at a line break.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let mut end = None;
        if t.kind == Kind::Terminal && !brand_bang(text, tokens, i) {
            let mut j = i + 1;
            while j < tokens.len()
                && (tokens[j].kind == Kind::Quote || matches!(tokens[j].text(text), ")" | "]"))
                && !text[tokens[j - 1].end..tokens[j].start].contains('\n')
                && !opens_quote(text, tokens, j)
            {
                j += 1;
            }
            if j == tokens.len()
                || can_open(text, tokens[j], &text[tokens[j - 1].end..tokens[j].start])
            {
                end = Some(j);
            }
        }
        if end.is_none() && i + 1 < tokens.len() && text[t.end..tokens[i + 1].start].contains('\n')
        {
            end = Some(i + 1);
        }
        if let Some(e) = end {
            out.push(start..e);
            start = e;
            i = e;
        } else {
            i += 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

/// Whether the `!` at `i` belongs to a Latin name inside Cyrillic text (`В интервью E! News
/// он …`, `в Yahoo! Japan`): glued to a Latin word that follows a Cyrillic one and followed by
/// a capitalised Latin word. In English text `Stop! Please` still ends a sentence.
fn brand_bang(text: &str, tokens: &[Token], i: usize) -> bool {
    let latin = |t: &Token| t.text(text).chars().all(|c| c.is_ascii_alphabetic());
    let cyrillic = |t: &Token| {
        t.text(text)
            .chars()
            .next()
            .is_some_and(|c| ('\u{400}'..='\u{4ff}').contains(&c))
    };
    i >= 2
        && i + 1 < tokens.len()
        && tokens[i].text(text) == "!"
        && tokens[i - 1].end == tokens[i].start
        && latin(&tokens[i - 1])
        && cyrillic(&tokens[i - 2])
        && text[tokens[i].end..tokens[i + 1].start] == *" "
        && latin(&tokens[i + 1])
        && tokens[i + 1]
            .text(text)
            .starts_with(|c: char| c.is_ascii_uppercase())
}

/// Whether the quote at `j` opens (is followed by a word with no space) rather than closes.
fn opens_quote(text: &str, tokens: &[Token], j: usize) -> bool {
    let q = tokens[j].text(text);
    if q == "«" || q == "„" {
        return true;
    }
    if q == "»" {
        return false;
    }
    let spaced_before = j > 0 && tokens[j - 1].end < tokens[j].start;
    let glued_after = tokens.get(j + 1).is_some_and(|n| n.start == tokens[j].end);
    spaced_before && glued_after
}

fn can_open(text: &str, next: Token, gap: &str) -> bool {
    if gap.is_empty() {
        return false;
    }
    let first = next.text(text).chars().next().unwrap_or(' ');
    first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(next.kind, Kind::Quote | Kind::Dash | Kind::Initial)
}

/// Byte to code-point offset conversion for one text, in O(1) per lookup after an O(n) pass.
pub struct CharOffsets {
    /// For each byte offset that starts a character (and the end), its code-point index.
    map: Vec<u32>,
}

impl CharOffsets {
    /// Builds the table for `text`.
    pub fn new(text: &str) -> Self {
        let mut map = vec![0u32; text.len() + 1];
        let mut n = 0u32;
        for (b, c) in text.char_indices() {
            for k in 0..c.len_utf8() {
                map[b + k] = n;
            }
            n += 1;
        }
        map[text.len()] = n;
        CharOffsets { map }
    }

    /// The code-point offset of byte offset `byte` (which must lie on a character boundary).
    pub fn char_at(&self, byte: usize) -> usize {
        self.map[byte] as usize
    }
}

/// An acronym without a case ending (`МИДа` → `МИД`, `ВОЗ` → `ВОЗ`), or `None` for a word that
/// is not one: at least two capitals, then at most two lowercase letters. Russian writes case
/// endings onto acronyms, and both the entity grouping and the speaker names need the bare one.
pub fn acronym_stem(word: &str) -> Option<&str> {
    let caps = word
        .char_indices()
        .take_while(|(_, c)| c.is_uppercase())
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    let (head, tail) = word.split_at(caps);
    (head.chars().count() >= 2 && tail.chars().count() <= 2 && tail.chars().all(char::is_lowercase))
        .then_some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_stems_drop_case_endings_only() {
        assert_eq!(acronym_stem("МИДа"), Some("МИД"));
        assert_eq!(acronym_stem("ВОЗ"), Some("ВОЗ"));
        assert_eq!(acronym_stem("Москва"), None);
        assert_eq!(acronym_stem("СШАxyz"), None);
    }

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn russian_news_tokens() {
        assert_eq!(
            texts("В. В. Путин, т.е. президент РФ, прибыл в г. Нью-Йорк 20.09.2023 в 12:30."),
            vec![
                "В.",
                "В.",
                "Путин",
                ",",
                "т.е.",
                "президент",
                "РФ",
                ",",
                "прибыл",
                "в",
                "г.",
                "Нью-Йорк",
                "20.09.2023",
                "в",
                "12:30",
                "."
            ]
        );
        assert_eq!(
            texts("«Это наш союзник», — заявил Песков. Сумма — 8,1 млн долларов..."),
            vec![
                "«",
                "Это",
                "наш",
                "союзник",
                "»",
                ",",
                "—",
                "заявил",
                "Песков",
                ".",
                "Сумма",
                "—",
                "8,1",
                "млн",
                "долларов",
                "..."
            ]
        );
    }

    #[test]
    fn english_tokens() {
        assert_eq!(
            texts("Mr. O'Brien told U.S. officials (see https://example.com/a.html)."),
            vec![
                "Mr.",
                "O'Brien",
                "told",
                "U.S.",
                "officials",
                "(",
                "see",
                "https://example.com/a.html",
                ")",
                "."
            ]
        );
    }

    #[test]
    fn sentence_boundaries() {
        let s = "Песков заявил это. «Мы готовы», — сказал он. В. В. Путин прибыл в г. Москву.\nЗаголовок. В интервью E! News он ответил. Stop! Please";
        let toks = tokenize(s);
        let sents: Vec<&str> = sentences(s, &toks)
            .into_iter()
            .map(|r| &s[toks[r.start].start..toks[r.end - 1].end])
            .collect();
        assert_eq!(
            sents,
            vec![
                "Песков заявил это.",
                "«Мы готовы», — сказал он.",
                "В. В. Путин прибыл в г. Москву.",
                "Заголовок.",
                "В интервью E! News он ответил.",
                "Stop!",
                "Please"
            ]
        );
    }

    #[test]
    fn char_offsets() {
        let s = "Ёж ate";
        let c = CharOffsets::new(s);
        let toks = tokenize(s);
        assert_eq!(c.char_at(toks[1].start), 3);
        assert_eq!(c.char_at(s.len()), 6);
    }
}

#[cfg(test)]
mod url_tests {
    use super::*;

    #[test]
    fn urls_are_found_in_any_case_next_to_multibyte_text() {
        // The eighth byte after a token start may fall inside a character: detection must not
        // care (it once copied the rest of the text instead, making tokenizing quadratic).
        for text in [
            "Смотри www.example.com и HTTPS://A.RU/x",
            "éé www.example.com",
            "ё http://x.ru",
        ] {
            let toks = tokenize(text);
            assert!(toks.iter().any(|t| t.kind == Kind::Url), "{text}: {toks:?}");
        }
        let toks = tokenize("Привет, мир");
        assert!(toks.iter().all(|t| t.kind != Kind::Url));
    }
}
