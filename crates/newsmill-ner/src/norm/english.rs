//! English normal forms and identity: one entity per referent in a document.
//!
//! English names do not inflect, so a normal form is the name as written with what is not the
//! name taken off: a possessive (`Trump's`), an article (`the White House`), a title (`President
//! Joe Biden`), and the capitals of a shouted headline (`GERMANY`). Identity joins a surname or
//! any shorter run of a person's words to the fullest name the document gives (`Biden` → `Joe
//! Biden`), and an acronym to the name whose initials it spells (`UN` → `United Nations`).

use newsmill_model::{Entity, EntityType, Field, Mention};
use newsmill_nlp::token::{CharOffsets, Kind};

use crate::{Prepared, Span};

/// Words that stand before a name as a title or a role, lower case.
const TITLES: &[&str] = &[
    "president",
    "vice",
    "chancellor",
    "prime",
    "minister",
    "secretary",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "mayor",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "general",
    "gen",
    "judge",
    "justice",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "sir",
    "lord",
    "lady",
    "coach",
    "captain",
    "capt",
    "col",
    "lt",
    "sgt",
];

/// Small words an acronym skips ("United States of America" → USA).
const SKIPPED: &[&str] = &["of", "the", "and", "for", "de", "&"];

/// The tokens of a span that are the name: title, article and possessive off.
fn name_tokens(text: &str, p: &Prepared, span: &Span) -> (usize, usize) {
    let (mut first, mut last) = (span.first, span.last);
    // `U.S.`: an abbreviation's closing dot, which a tagger leaves out as the sentence's.
    let single_letter = |i: usize| {
        let w = p.tokens[i].text(text);
        w.chars().count() == 1 && w.chars().all(char::is_alphabetic)
    };
    if last < p.tokens.len()
        && p.tokens[last].text(text) == "."
        && p.tokens[last].start == p.tokens[last - 1].end
        && single_letter(last - 1)
    {
        last += 1;
    }
    let word = |i: usize| p.tokens[i].text(text).to_lowercase();
    // A possessive: `'s`, `’s` or a lone apostrophe after the name.
    while last > first + 1 {
        let w = word(last - 1);
        let apostrophe = matches!(w.as_str(), "'" | "’" | "'s" | "’s");
        let s_after_apostrophe = w == "s" && matches!(p.tokens[last - 2].text(text), "'" | "’");
        if s_after_apostrophe {
            last -= 2;
        } else if apostrophe {
            last -= 1;
        } else {
            break;
        }
    }
    // An article or a title before at least one word of the name.
    while last > first + 1 {
        let w = word(first);
        let w = w.trim_end_matches('.');
        if w == "the" || TITLES.contains(&w) || w == "." {
            first += 1;
        } else {
            break;
        }
    }
    (first, last)
}

/// The byte range of the name in tokens `first..last`, a possessive written inside the last
/// word (`Biden's`, `Jones'`) cut off.
fn name_bytes(text: &str, p: &Prepared, first: usize, last: usize) -> (usize, usize) {
    let (bs, mut be) = (p.tokens[first].start, p.tokens[last - 1].end);
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(head) = text[bs..be].strip_suffix(suffix) {
            if !head.is_empty() {
                be = bs + head.len();
                break;
            }
        }
    }
    (bs, be)
}

/// The normal form of a name: its words joined by single spaces, headline capitals lowered.
fn normal(name: &str) -> String {
    let mut out = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let letters = out.chars().filter(|c| c.is_alphabetic()).count();
    let shouted = letters > 4 && out.chars().all(|c| !c.is_lowercase());
    if shouted {
        // "GERMANY" → "Germany"; short all-capital words (`UN`, `NATO`) stay.
        out = out
            .split(' ')
            .map(|w| {
                if w.chars().filter(|c| c.is_alphabetic()).count() <= 4 {
                    w.to_string()
                } else {
                    let mut cs = w.chars();
                    cs.next()
                        .map(|f| f.to_string() + &cs.as_str().to_lowercase())
                        .unwrap_or_default()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    out
}

/// The acronym a name's initials spell (`United Nations` → `UN`), when it has two words or more.
fn initials(norm: &str) -> Option<String> {
    let words: Vec<&str> = norm
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !SKIPPED.contains(&w.to_lowercase().as_str()))
        .collect();
    (words.len() >= 2).then(|| {
        words
            .iter()
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    })
}

/// One referent: its type, normal form and the spans that name it.
struct Group {
    kind: EntityType,
    norm: String,
    words: Vec<String>,
    members: Vec<(usize, usize)>,
}

/// Entities of an English text from its tagged spans, one per referent.
pub fn resolve_english(text: &str, p: &Prepared, spans: &[Span]) -> Vec<Entity> {
    let offsets = CharOffsets::new(text);
    let mut named: Vec<(EntityType, usize, usize, String)> = spans
        .iter()
        .filter_map(|s| {
            let (first, last) = name_tokens(text, p, s);
            let wordy = p.tokens[first..last]
                .iter()
                .any(|t| matches!(t.kind, Kind::Word | Kind::Initial | Kind::Abbrev));
            if last <= first || !wordy {
                return None;
            }
            let (bs, be) = name_bytes(text, p, first, last);
            let norm = normal(&text[bs..be]);
            (!norm.is_empty()).then_some((s.kind, bs, be, norm))
        })
        .collect();
    // Fullest names first, so that shorter mentions find the group they belong to.
    named.sort_by_key(|(_, first, _, norm)| (std::cmp::Reverse(norm.split(' ').count()), *first));
    let mut groups: Vec<Group> = Vec::new();
    for (kind, first, last, norm) in named {
        let words: Vec<String> = norm.split(' ').map(str::to_lowercase).collect();
        let upper = norm.to_uppercase();
        let found = groups.iter().position(|g| {
            if g.kind != kind {
                return false;
            }
            if g.words == words {
                return true;
            }
            match kind {
                // "Biden" or "Joe" in "Joe Biden": a run of the fuller name's words.
                EntityType::Per => {
                    words.len() < g.words.len()
                        && g.words.windows(words.len()).any(|w| w == words.as_slice())
                }
                // "UN" for "United Nations".
                _ => {
                    norm.len() >= 2
                        && norm == upper
                        && !norm.contains(' ')
                        && initials(&g.norm).as_deref() == Some(norm.as_str())
                }
            }
        });
        match found {
            Some(gi) => groups[gi].members.push((first, last)),
            None => groups.push(Group {
                kind,
                norm,
                words,
                members: vec![(first, last)],
            }),
        }
    }
    groups.sort_by_key(|g| g.members.iter().map(|m| m.0).min());
    groups
        .into_iter()
        .enumerate()
        .map(|(id, g)| {
            let mut mentions: Vec<Mention> = g
                .members
                .iter()
                .map(|&(bs, be)| Mention {
                    start: offsets.char_at(bs),
                    end: offsets.char_at(be),
                    text: text[bs..be].to_owned(),
                    field: Field::Text,
                })
                .collect();
            mentions.sort_by_key(|m| m.start);
            mentions.dedup_by_key(|m| (m.start, m.end));
            Entity {
                id,
                kind: g.kind,
                norm: g.norm,
                mentions,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(p: &Prepared, text: &str, needle: &str, kind: EntityType) -> Span {
        let bs = text.find(needle).unwrap();
        let be = bs + needle.len();
        Span {
            first: p.tokens.iter().position(|t| t.start == bs).unwrap(),
            last: p.tokens.iter().position(|t| t.end == be).unwrap() + 1,
            kind,
        }
    }

    #[test]
    fn names_lose_titles_articles_and_possessives_and_join_their_referents() {
        let text = "President Joe Biden met the United Nations chief. Biden's aides at \
                    the White House said the UN agreed. GERMANY won.";
        let p = Prepared::new(text);
        let spans = vec![
            span(&p, text, "President Joe Biden", EntityType::Per),
            span(&p, text, "United Nations", EntityType::Org),
            span(&p, text, "Biden's", EntityType::Per),
            span(&p, text, "the White House", EntityType::Org),
            span(&p, text, "UN", EntityType::Org),
            span(&p, text, "GERMANY", EntityType::Loc),
        ];
        let entities = resolve_english(text, &p, &spans);
        let norms: Vec<(&str, usize)> = entities
            .iter()
            .map(|e| (e.norm.as_str(), e.mentions.len()))
            .collect();
        assert_eq!(
            norms,
            [
                ("Joe Biden", 2),
                ("United Nations", 2),
                ("White House", 1),
                ("Germany", 1)
            ]
        );
        assert_eq!(entities[0].mentions[0].text, "Joe Biden");
        assert_eq!(entities[0].mentions[1].text, "Biden");
    }
}
