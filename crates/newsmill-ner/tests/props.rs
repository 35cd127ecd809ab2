//! Property tests for the annotator: offsets valid, output deterministic, no panics.
use newsmill_ner::Annotator;
use proptest::prelude::*;
use std::sync::OnceLock;

fn annotator() -> &'static Annotator {
    static A: OnceLock<Annotator> = OnceLock::new();
    A.get_or_init(|| Annotator::new().expect("committed model"))
}

fn texts() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(
            prop_oneof![
                Just("Дмитрий".to_string()),
                Just("Песков".to_string()),
                Just("Пескова".to_string()),
                Just("МИД".to_string()),
                Just("России".to_string()),
                Just("Министерства иностранных дел".to_string()),
                Just("«Газпром»".to_string()),
                Just("В.".to_string()),
                Just("заявил".to_string()),
                Just(",".to_string()),
                Just(".".to_string()),
                Just("\n\n".to_string()),
                "[A-ZА-Я][a-zа-я]{1,10}",
                "[a-zа-я]{1,10}",
            ],
            0..60
        )
        .prop_map(|w| w.join(" ")),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn mentions_are_exact_char_spans_and_stable(text in texts()) {
        let a = annotator().annotate(&text);
        let chars: Vec<char> = text.chars().collect();
        for (i, e) in a.iter().enumerate() {
            prop_assert_eq!(e.id, i);
            prop_assert!(!e.norm.is_empty());
            prop_assert!(!e.mentions.is_empty());
            for m in &e.mentions {
                prop_assert!(m.start < m.end && m.end <= chars.len());
                let s: String = chars[m.start..m.end].iter().collect();
                prop_assert_eq!(&s, &m.text);
            }
        }
        prop_assert_eq!(a, annotator().annotate(&text));
    }
}
