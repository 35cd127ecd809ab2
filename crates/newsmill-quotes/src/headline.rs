//! Headlines as attributions. News headlines are often the attribution itself, in forms a
//! sentence does not take: `Песков: Россия продолжит диалог`, `Россия продолжает поддерживать
//! Башара Асада — Песков`. A channel post may be nothing but such a line. The finder reads a
//! headline as it reads a body (`Песков заявил, что …`, "Kremlin says …"), and where that finds
//! nothing, reads these two forms: a named speaker and a colon before the words, or the words
//! and a dash before a named speaker.
use std::ops::Range;

use newsmill_model::{Entity, Field, Quote, QuoteKind, Speaker};
use newsmill_nlp::morph::{morph, Pos};
use newsmill_nlp::token::{CharOffsets, Kind, Token};

use crate::Layout;

/// The most tokens a speaker before a colon or after a dash takes (`Глава МИД России
/// Сергей Лавров`).
const MAX_SPEAKER: usize = 7;

/// The quotes of a headline, their offsets in the headline and `field` set to
/// [`Field::Title`]; `entities` are the headline's own.
pub fn find_title(
    title: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    entities: &[Entity],
    lang: Option<&str>,
) -> Vec<Quote> {
    let mut quotes = crate::find_lang(title, tokens, sentences, entities, Layout::default(), lang);
    if quotes.is_empty() {
        quotes.extend(headline_form(title, tokens, entities));
    }
    for q in &mut quotes {
        q.field = Field::Title;
    }
    quotes
}

/// A mention in token terms: its entity and token range.
struct Named {
    entity: usize,
    tokens: Range<usize>,
    chars: (usize, usize),
}

fn named(tokens: &[Token], offsets: &CharOffsets, entities: &[Entity]) -> Vec<Named> {
    let starts: Vec<usize> = tokens.iter().map(|t| offsets.char_at(t.start)).collect();
    let ends: Vec<usize> = tokens.iter().map(|t| offsets.char_at(t.end)).collect();
    let mut out = Vec::new();
    for (e, entity) in entities.iter().enumerate() {
        for m in &entity.mentions {
            let (Some(first), Some(last)) = (
                starts.iter().position(|&c| c == m.start),
                ends.iter().position(|&c| c == m.end),
            ) else {
                continue;
            };
            if first <= last {
                out.push(Named {
                    entity: e,
                    tokens: first..last + 1,
                    chars: (m.start, m.end),
                });
            }
        }
    }
    out
}

/// `X: words` or `words — X`, X a named speaker.
fn headline_form(title: &str, tokens: &[Token], entities: &[Entity]) -> Option<Quote> {
    let offsets = CharOffsets::new(title);
    let names = named(tokens, &offsets, entities);
    let n = tokens.len();
    let text = |i: usize| tokens[i].text(title);
    // The speaker's tokens and the words', and the named mention in the speaker part.
    let colon = (1..n.min(MAX_SPEAKER + 1)).find(|&i| text(i) == ":");
    let (part, words, name) = if let Some(c) = colon {
        let name = names.iter().find(|m| m.tokens.end == c)?;
        (0..c, c + 1..n, name)
    } else {
        let dash = (1..n).rev().find(|&i| tokens[i].kind == Kind::Dash)?;
        if n - dash - 1 > MAX_SPEAKER {
            return None;
        }
        let name = names
            .iter()
            .find(|m| m.tokens.end == n && m.tokens.start > dash)?;
        (dash + 1..n, 0..dash, name)
    };
    // A speaker is a name, with perhaps a role before it (`глава МИД Лавров`, `источник в
    // Госдуме`): no verb, no number (`— 2024 присудили писательнице Хан Ган` is no speaker).
    let verb_or_number = part.clone().any(|i| {
        tokens[i].kind == Kind::Number
            || morph()
                .analyze_shared(&text(i).to_lowercase())
                .iter()
                .any(|p| matches!(p.tag.pos, Pos::Verb | Pos::Infn | Pos::Prts))
    });
    if verb_or_number {
        return None;
    }
    let words = trim(tokens, title, words);
    // Two words at least, and a clause rather than a name: `Лавров: интервью` is a rubric.
    if words.len() < 3 {
        return None;
    }
    let quoted = text(words.start) == "«" && text(words.end - 1) == "»"
        || text(words.start) == "\"" && text(words.end - 1) == "\"";
    let (kind, content) = if quoted {
        (QuoteKind::Direct, words.start + 1..words.end - 1)
    } else {
        (QuoteKind::Indirect, words)
    };
    if content.is_empty() {
        return None;
    }
    let (cs, ce) = (
        offsets.char_at(tokens[content.start].start),
        offsets.char_at(tokens[content.end - 1].end),
    );
    // The name alone is the entity; a longer speaker (`МЧС России`, `источник в Госдуме`) is
    // given as written.
    let speaker = if name.tokens == part {
        let entity = &entities[name.entity];
        Speaker {
            entity: Some(name.entity),
            start: name.chars.0,
            end: name.chars.1,
            text: title_slice(title, tokens, &part).to_owned(),
            norm: entity.norm.clone(),
        }
    } else {
        let written = title_slice(title, tokens, &part).to_owned();
        Speaker {
            entity: None,
            start: offsets.char_at(tokens[part.start].start),
            end: offsets.char_at(tokens[part.end - 1].end),
            text: written.clone(),
            norm: written,
        }
    };
    Some(Quote {
        kind,
        start: cs,
        end: ce,
        text: title_slice(title, tokens, &content).to_owned(),
        speaker: Some(speaker),
        cue: None,
        field: Field::Title,
    })
}

/// The headline's text over tokens `r`.
fn title_slice<'t>(title: &'t str, tokens: &[Token], r: &Range<usize>) -> &'t str {
    &title[tokens[r.start].start..tokens[r.end - 1].end]
}

/// `words` without a bullet or dash before them and sentence-final punctuation after.
fn trim(tokens: &[Token], title: &str, words: Range<usize>) -> Range<usize> {
    let mut start = words.start;
    while start < words.end && matches!(tokens[start].kind, Kind::Punct | Kind::Dash) {
        start += 1;
    }
    let words = start..words.end;
    let mut end = words.end;
    while end > words.start
        && matches!(tokens[end - 1].kind, Kind::Terminal | Kind::Punct)
        && tokens[end - 1].text(title) != "»"
    {
        end -= 1;
    }
    words.start..end
}

#[cfg(test)]
mod tests {
    use newsmill_model::{EntityType, Field, QuoteKind};
    use newsmill_nlp::token::{sentences, tokenize};

    use crate::tests::entities;

    fn title_quotes(title: &str, names: &[(&str, EntityType, &str)]) -> Vec<newsmill_model::Quote> {
        let ents = entities(title, names);
        let tokens = tokenize(title);
        let sents = sentences(title, &tokens);
        super::find_title(title, &tokens, &sents, &ents, Some("ru"))
    }

    #[test]
    fn a_name_and_a_colon_attribute_the_headline() {
        let q = title_quotes(
            "Песков: Россия продолжит диалог с Арменией",
            &[("Песков", EntityType::Per, "Дмитрий Песков")],
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].text, "Россия продолжит диалог с Арменией");
        assert_eq!(q[0].field, Field::Title);
        assert_eq!(q[0].kind, QuoteKind::Indirect);
        let sp = q[0].speaker.as_ref().unwrap();
        assert_eq!((sp.entity, sp.norm.as_str()), (Some(0), "Дмитрий Песков"));
    }

    #[test]
    fn words_and_a_dash_before_a_name_attribute_the_headline() {
        let q = title_quotes(
            "«Россия продолжает поддерживать Асада» — Песков",
            &[("Песков", EntityType::Per, "Дмитрий Песков")],
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].kind, QuoteKind::Direct);
        assert_eq!(q[0].text, "Россия продолжает поддерживать Асада");
        // A longer speaker is given as written, with no entity.
        let q = title_quotes(
            "Госдума рассмотрит проект о МРОТ — источник в Госдуме",
            &[("Госдуме", EntityType::Org, "Государственная дума")],
        );
        let sp = q[0].speaker.as_ref().unwrap();
        assert_eq!((sp.entity, sp.text.as_str()), (None, "источник в Госдуме"));
    }

    #[test]
    fn a_dash_inside_the_words_names_no_speaker() {
        let q = title_quotes(
            "Премию по литературе — 2024 присудили писательнице Хан Ган",
            &[("Хан Ган", EntityType::Per, "Хан Ган")],
        );
        assert!(q.is_empty(), "{q:?}");
        let q = title_quotes(
            "Лавров: интервью",
            &[("Лавров", EntityType::Per, "Сергей Лавров")],
        );
        assert!(q.is_empty(), "{q:?}");
    }
}
