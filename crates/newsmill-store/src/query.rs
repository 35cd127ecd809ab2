//! From user text to a full-text expression over lemma keys, and snippets with the matched words.
use std::collections::HashSet;

use newsmill_nlp::lemma::walk_keys;

/// The most words of a query that are used; the rest are ignored.
const MAX_WORDS: usize = 32;

/// The words of `text` as groups of lemma keys (a word matches through any key of its group;
/// every group must match), at most 32 words, or `None` when the text has no words. Each
/// backend writes these in its own full-text syntax.
pub fn lemma_groups(text: &str) -> Option<Vec<Vec<String>>> {
    let mut groups = Vec::new();
    walk_keys(text, |_, keys| {
        if !keys.is_empty() {
            groups.push(keys.to_vec());
        }
        groups.len() < MAX_WORDS
    });
    (!groups.is_empty()).then_some(groups)
}

/// The FTS5 expression for `text` and the set of keys it looks for, or `None` when the text has
/// no words. Every word must match through one of its lemmas: `(“k1” OR “k2”) AND …`. Keys are
/// emitted as quoted strings, so FTS operators typed by the user (`NEAR`, `*`, `"`, `-`, `:`) are
/// plain words or punctuation, never syntax.
pub fn lemma_query(text: &str) -> Option<(String, HashSet<String>)> {
    let groups = lemma_groups(text)?;
    let all = groups.iter().flatten().cloned().collect();
    let expr = groups
        .iter()
        .map(|keys| {
            let alternatives: Vec<String> = keys
                .iter()
                .map(|k| format!("\"{}\"", k.replace('"', "\"\"")))
                .collect();
            format!("({})", alternatives.join(" OR "))
        })
        .collect::<Vec<_>>()
        .join(" AND ");
    Some((expr, all))
}

/// The snippet of a search hit: cut from its body, or from its lead when the body is empty.
pub fn hit_snippet(text: Option<String>, lead: Option<String>, keys: &HashSet<String>) -> Snippet {
    let text = text.filter(|t| !t.is_empty()).or(lead).unwrap_or_default();
    snippet(&text, keys)
}

/// A passage of an article with the query's words marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The passage.
    pub text: String,
    /// Matched words, code-point ranges into `text`.
    pub marks: Vec<[usize; 2]>,
}

/// Code points shown before the first match.
const BEFORE: usize = 80;
/// Code points in a snippet.
const LENGTH: usize = 260;

/// The passage of `text` around the first word whose keys meet `keys` (or its opening when none
/// does), cut at spaces, with every matched word in it marked.
pub fn snippet(text: &str, keys: &HashSet<String>) -> Snippet {
    let mut matched = Vec::new();
    if !keys.is_empty() {
        // Matches up to the end of the longest snippet that can follow the first one.
        let mut limit = usize::MAX;
        walk_keys(text, |t, found| {
            if found.iter().any(|k| keys.contains(k)) {
                if matched.is_empty() {
                    limit = t.start.saturating_add(4 * LENGTH);
                }
                matched.push((t.start, t.end));
            }
            t.end < limit
        });
    }
    let first = matched.first().map_or(0, |m| m.0);
    // Back up BEFORE code points, then forward to a space.
    let mut start = text[..first]
        .char_indices()
        .rev()
        .nth(BEFORE - 1)
        .map_or(0, |(i, _)| i);
    if start > 0 {
        if let Some(sp) = text[start..first].find(char::is_whitespace) {
            start += sp + 1;
        }
    }
    let mut end = text[start..]
        .char_indices()
        .nth(LENGTH)
        .map_or(text.len(), |(i, _)| start + i);
    if end < text.len() {
        if let Some(sp) = text[first.max(start)..end].rfind(char::is_whitespace) {
            end = first.max(start) + sp;
        }
    }
    let mut out = String::new();
    let prefix = usize::from(start > 0);
    if start > 0 {
        out.push('…');
    }
    let body = &text[start..end];
    // Paragraph breaks read as one line in a snippet.
    for (i, line) in body.split('\n').filter(|l| !l.is_empty()).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(line);
    }
    let marks = matched
        .iter()
        .filter(|&&(s, e)| s >= start && e <= end)
        .map(|&(s, e)| {
            // Offsets into `out`: newlines became single spaces, blank lines vanished.
            let cs = collapsed_len(&text[start..s]) + prefix;
            [cs, cs + text[s..e].chars().count()]
        })
        .collect();
    if end < text.len() {
        out.push('…');
    }
    Snippet { text: out, marks }
}

/// Code points of `s` once newline runs are one space, as [`snippet`] writes it.
fn collapsed_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_break = false;
    let mut started = false;
    for c in s.chars() {
        if c == '\n' {
            in_break = true;
            continue;
        }
        if in_break && started {
            n += 1;
        }
        in_break = false;
        started = true;
        n += 1;
    }
    if in_break && started {
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_syntax_is_quoted() {
        let (q, _) = lemma_query(r#"Песков NEAR "Армения" * -Кремль OR x:y"#).unwrap();
        assert!(!q.contains("NEAR ("), "{q}");
        assert!(q.starts_with("(\""), "{q}");
        assert!(q.contains("\"near\""), "{q}");
        assert!(lemma_query("*** \"\" --").is_none());
    }

    #[test]
    fn snippet_marks_the_inflected_word() {
        let (_, keys) = lemma_query("Степанакерт").unwrap();
        let text = "Первый абзац.\n\nЖители Степанакерта вышли на улицы.";
        let s = snippet(text, &keys);
        let [a, b] = s.marks[0];
        let marked: String = s.text.chars().skip(a).take(b - a).collect();
        assert_eq!(marked, "Степанакерта", "{s:?}");
    }

    #[test]
    fn snippet_of_a_long_text_is_bounded() {
        let (_, keys) = lemma_query("Армения").unwrap();
        let text = format!("{} Армения {}", "слово ".repeat(500), "слово ".repeat(500));
        let s = snippet(&text, &keys);
        assert!(s.text.chars().count() <= LENGTH + 2);
        let [a, b] = s.marks[0];
        let marked: String = s.text.chars().skip(a).take(b - a).collect();
        assert_eq!(marked, "Армения");
    }
}
