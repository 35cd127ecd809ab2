//! Property tests: tokens and sentences tile the text exactly; morphology never panics.
use newsmill_nlp::morph::{morph, Case};
use newsmill_nlp::token::{sentences, tokenize, CharOffsets};
use proptest::prelude::*;

fn texts() -> impl Strategy<Value = String> {
    prop_oneof![
        // News-like: Russian and English words, numbers, quotes, dashes, abbreviations.
        proptest::collection::vec(
            prop_oneof![
                Just("Песков".to_string()),
                Just("заявил".to_string()),
                Just("«".to_string()),
                Just("»".to_string()),
                Just("—".to_string()),
                Just("т.е.".to_string()),
                Just("В.".to_string()),
                Just("U.S.".to_string()),
                Just("20.09.2023".to_string()),
                Just("Нью-Йорк".to_string()),
                Just("https://ria.ru/a?b=1".to_string()),
                Just(".".to_string()),
                Just("\n".to_string()),
                "[a-zA-Zа-яА-ЯёЁ0-9]{1,12}",
            ],
            0..40
        )
        .prop_map(|w| w.join(" ")),
        // Anything at all, control characters and astral planes included.
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn tokens_lie_on_char_boundaries_in_order(text in texts()) {
        let tokens = tokenize(&text);
        let mut last = 0;
        for t in &tokens {
            prop_assert!(t.start >= last && t.start < t.end && t.end <= text.len());
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            // What lies between tokens is whitespace or control characters only.
            prop_assert!(text[last..t.start].chars().all(|c| c.is_whitespace() || c.is_control()));
            last = t.end;
        }
        prop_assert!(text[last..].chars().all(|c| c.is_whitespace() || c.is_control()));
        let offsets = CharOffsets::new(&text);
        prop_assert_eq!(offsets.char_at(text.len()), text.chars().count());
    }

    #[test]
    fn sentences_cover_every_token_once(text in texts()) {
        let tokens = tokenize(&text);
        let sents = sentences(&text, &tokens);
        let mut next = 0;
        for s in &sents {
            prop_assert_eq!(s.start, next);
            prop_assert!(s.end > s.start);
            next = s.end;
        }
        prop_assert_eq!(next, tokens.len());
    }

    #[test]
    fn morphology_never_panics(word in "\\PC{0,20}") {
        for p in morph().analyze(&word) {
            let _ = p.inflect(Case::Nomn, None);
            let _ = p.inflect(Case::Gent, None);
        }
    }
}
