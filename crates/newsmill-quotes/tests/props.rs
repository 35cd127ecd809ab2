//! Properties of the quote finder over arbitrary text: spans on character boundaries inside the
//! text and inside one paragraph, speakers that name existing entities, and determinism.
use newsmill_model::{Entity, EntityType, Field, Mention};
use newsmill_nlp::token::{sentences, tokenize};
use proptest::prelude::*;

fn run(text: &str, entities: &[Entity]) -> Vec<newsmill_model::Quote> {
    let tokens = tokenize(text);
    let sents = sentences(text, &tokens);
    newsmill_quotes::find(text, &tokens, &sents, entities)
}

/// Every capitalised word becomes a one-mention person, so speakers have something to resolve to.
fn capitalised_people(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut offset = 0;
    for word in text.split(' ') {
        let len = word.chars().count();
        if word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().all(char::is_alphabetic)
        {
            out.push(Entity {
                id: out.len(),
                kind: EntityType::Per,
                norm: word.to_owned(),
                mentions: vec![Mention {
                    start: offset,
                    end: offset + len,
                    text: word.to_owned(),
                    field: Field::Text,
                }],
            });
        }
        offset += len + 1;
    }
    out
}

fn news_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("«"),
        Just("»"),
        Just("\""),
        Just("„"),
        Just("“"),
        Just("”"),
        Just(" — "),
        Just(", "),
        Just(". "),
        Just(":"),
        Just("\n\n"),
        Just("заявил"),
        Just("сказала"),
        Just("что"),
        Just("по словам"),
        Just("как сообщил"),
        Just("призвал"),
        Just("он"),
        Just("Песков"),
        Just("Мария"),
        Just("В Кремле"),
        Just("мы продолжаем контакты"),
        Just("said"),
        Just("that"),
        Just("Smith"),
        Just("\u{0}"),
        Just("😀"),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.join(" "))
}

proptest! {
    #[test]
    fn spans_are_inside_the_text_and_one_paragraph(text in news_text()) {
        let entities = capitalised_people(&text);
        let quotes = run(&text, &entities);
        let chars: Vec<char> = text.chars().collect();
        for q in &quotes {
            prop_assert!(q.start < q.end && q.end <= chars.len());
            let content: String = chars[q.start..q.end].iter().collect();
            prop_assert_eq!(&content, &q.text);
            prop_assert!(!content.contains('\n'), "a quote crossed a paragraph: {:?}", content);
            if let Some(s) = &q.speaker {
                prop_assert!(s.start < s.end && s.end <= chars.len());
                if let Some(e) = s.entity {
                    prop_assert!(e < entities.len());
                }
            }
            if let Some(c) = &q.cue {
                prop_assert!(c.start < c.end && c.end <= chars.len());
            }
        }
    }

    #[test]
    fn finding_twice_gives_the_same_quotes(text in news_text()) {
        let entities = capitalised_people(&text);
        prop_assert_eq!(run(&text, &entities), run(&text, &entities));
    }
}

#[test]
fn a_huge_paragraph_of_quotation_marks_stays_bounded() {
    // 60,000 quoted fragments and cues in one paragraph: windows keep the work linear.
    let text = "«а», — заявил он, что «б» ".repeat(20_000);
    let quotes = run(&text, &[]);
    assert!(!quotes.is_empty());
    assert!(quotes.iter().all(|q| q.end - q.start < 1_000));
}

#[test]
fn a_long_quote_is_one_quote_and_a_one_megabyte_one_runs_nowhere() {
    // A quote of a few kilobytes (longer than any in the news) is found whole.
    let inner = "слово ".repeat(1_000);
    let text = format!("«{inner}», — сказал Иван.");
    let quotes = run(&text, &[]);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].text, inner.trim_end());
    // One of a megabyte with no sentence break is longer than the stretch searched as one: it
    // is not reported, and nothing else runs across it.
    let inner = "слово ".repeat(170_000);
    let text = format!("«{inner}», — сказал Иван.");
    let quotes = run(&text, &[]);
    assert!(
        quotes.iter().all(|q| q.end - q.start < 20_000),
        "{}",
        quotes.len()
    );
}
