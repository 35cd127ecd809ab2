//! The language layer every annotator stands on: tokens and sentences with exact offsets
//! ([`token`]), Russian morphology from the OpenCorpora dictionary ([`morph`]), and a cheap language
//! guess ([`guess_lang`]).
//!
//! ```
//! let text = "Песков заявил, что Армения остается союзником.";
//! let tokens = newsmill_nlp::token::tokenize(text);
//! assert_eq!(tokens[0].text(text), "Песков");
//! let parses = newsmill_nlp::morph::morph().analyze("Армении");
//! assert!(parses.iter().any(|p| p.lemma == "армения"));
//! ```
pub mod lemma;
pub mod morph;
pub mod token;

/// `"ru"` when at least a third of the letters are Cyrillic, `"en"` when letters are mostly Latin,
/// `None` when the text has no letters. Good enough to pick a model; the extractor's whatlang guess
/// is used where one exists.
pub fn guess_lang(text: &str) -> Option<&'static str> {
    let (mut cyr, mut lat) = (0usize, 0usize);
    for c in text.chars().take(4000) {
        if matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё') {
            cyr += 1;
        } else if c.is_ascii_alphabetic() {
            lat += 1;
        }
    }
    match (cyr, lat) {
        (0, 0) => None,
        (c, l) if c * 2 >= l => Some("ru"),
        _ => Some("en"),
    }
}

/// The runs of word characters in `text` (letters, digits and `_`), as the reference scorers'
/// `re.findall(r'\w+', …)` reads them: the metrics compare names and labels word by word.
pub fn word_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// The first `n` characters of each word run of `text` ([`word_runs`]): the scorers' test that a
/// text writes a word in some inflection (`w[:4]`).
pub fn word_stems(text: &str, n: usize) -> std::collections::HashSet<String> {
    word_runs(text)
        .map(|w| w.chars().take(n).collect())
        .collect()
}

#[cfg(test)]
mod word_tests {
    use super::*;

    #[test]
    fn word_runs_split_as_the_scorers_do() {
        let words: Vec<&str> = word_runs("Иванов, Иван-Петрович (ИП_1)!").collect();
        assert_eq!(words, ["Иванов", "Иван", "Петрович", "ИП_1"]);
        assert!(
            !word_stems("Пескова заявил", 4).contains("песк"),
            "stems are not folded"
        );
        assert!(word_stems("пескова заявил", 4).contains("песк"));
    }
}
