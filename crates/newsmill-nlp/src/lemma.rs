//! Search keys: the dictionary forms under which a word is indexed and looked up, so that a query
//! for «Степанакерт» finds «Степанакерте» and «заявление» finds «заявления».
//!
//! A Russian word the dictionary knows gives every distinct lemma of its analyses (at most four:
//! «стали» is indexed under both «стать» and «сталь», so either query finds it); an unknown word
//! gives the lemma of its most likely predicted analysis. An English word is lowercased and loses
//! its plural or possessive ending. A Russian word is also indexed as itself, since the
//! dictionary lacks many surnames in the nominative. Numbers are kept as written. `ё` is folded to `е` everywhere,
//! as news text and queries use both.
use crate::morph::morph;
use crate::token::{tokenize, Kind, Token};

/// The most lemmas one ambiguous word is indexed under.
const MAX_KEYS: usize = 4;

/// Appends the search keys of one word (a token's text) to `out`, without duplicates.
pub fn word_keys(word: &str, out: &mut Vec<String>) {
    let start = out.len();
    let lower = word.to_lowercase().replace('ё', "е");
    if lower.chars().any(|c| matches!(c, 'а'..='я')) {
        let parses = morph().analyze_shared(&lower);
        let known = parses.iter().any(|p| p.known);
        for p in parses.iter().filter(|p| p.known || !known) {
            let lemma = p.lemma.replace('ё', "е");
            if !out[start..].contains(&lemma) {
                out.push(lemma);
            }
            if !known || out.len() - start == MAX_KEYS {
                break;
            }
        }
        // The word itself too: the dictionary lacks many surnames in the nominative
        // («Песков» is only a form of «песок»), and a query may name exactly what the text says.
        if !out[start..].contains(&lower) {
            out.push(lower);
        }
    } else if lower.chars().any(|c| c.is_alphabetic()) {
        out.push(english_stem(&lower));
    } else if !lower.is_empty() {
        out.push(lower);
    }
}

/// Lowercase English word without its plural or possessive ending: `ministries` → `ministry`,
/// `talks` → `talk`, `Russia's` → `russia`. Deliberately light: a wrong cut would merge
/// unrelated words, a missed one only costs recall on rare forms.
fn english_stem(lower: &str) -> String {
    let w = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("’s"))
        .unwrap_or(lower);
    let n = w.chars().count();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    if n > 4
        && ["ches", "shes", "sses", "xes", "zes"]
            .iter()
            .any(|s| w.ends_with(s))
    {
        return w[..w.len() - 2].to_owned();
    }
    if n > 3 && w.ends_with('s') && !["ss", "us", "is"].iter().any(|s| w.ends_with(s)) {
        return w[..w.len() - 1].to_owned();
    }
    w.to_owned()
}

/// Calls `f` with every word and number token of `text` and its search keys, in text order;
/// returning `false` from `f` stops the walk.
pub fn walk_keys(text: &str, mut f: impl FnMut(&Token, &[String]) -> bool) {
    let mut keys = Vec::new();
    for t in tokenize(text) {
        if !matches!(t.kind, Kind::Word | Kind::Number) {
            continue;
        }
        keys.clear();
        word_keys(t.text(text), &mut keys);
        if !f(&t, &keys) {
            break;
        }
    }
}

/// The search keys of every word and number of `text`, space-separated, in text order: the
/// string a full-text index stores for the text.
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    walk_keys(text, |_, keys| {
        push_index_keys(&mut out, keys);
        true
    });
    out
}

/// Appends one token's keys to an [`index_text`] string being built: for a caller that walks
/// the tokens ([`walk_keys`]) for something else at the same time.
pub fn push_index_keys(out: &mut String, keys: &[String]) {
    for k in keys {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(w: &str) -> Vec<String> {
        let mut v = Vec::new();
        word_keys(w, &mut v);
        v
    }

    #[test]
    fn inflected_forms_share_a_key() {
        for (a, b) in [
            ("Степанакерте", "Степанакерт"),
            ("заявления", "заявление"),
            ("Армении", "Армения"),
            ("Пескова", "Песков"),
            ("ministries", "ministry"),
            ("Russia's", "Russia"),
            ("ещё", "еще"),
        ] {
            let (ka, kb) = (keys(a), keys(b));
            assert!(
                ka.iter().any(|k| kb.contains(k)),
                "{a} {ka:?} vs {b} {kb:?}"
            );
        }
    }

    #[test]
    fn ambiguous_words_keep_every_lemma() {
        let k = keys("стали");
        assert!(
            k.contains(&"стать".to_owned()) && k.contains(&"сталь".to_owned()),
            "{k:?}"
        );
    }

    #[test]
    fn different_words_stay_apart() {
        assert_ne!(keys("Армения"), keys("Азербайджан"));
        assert_eq!(keys("boss"), ["boss"]);
    }

    #[test]
    fn index_text_skips_punctuation() {
        assert_eq!(index_text("«Армения», — 2023!"), "армения 2023");
    }
}
