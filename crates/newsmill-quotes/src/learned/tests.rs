use newsmill_model::{EntityType, QuoteKind};
use newsmill_ner::tagger::{span_label, Part};
use newsmill_nlp::token::{sentences, tokenize};

use super::{gold_labels, spans, Attributor, CONTENT, CUE, SOURCE};
use crate::tests::entities;

fn english(text: &str, ents: &[newsmill_model::Entity]) -> Vec<newsmill_model::Quote> {
    let tokens = tokenize(text);
    let sents = sentences(text, &tokens);
    let att = Attributor::english().expect("the committed English model reads");
    crate::find_by(
        text,
        &tokens,
        &sents,
        ents,
        crate::Layout::default(),
        Some(att),
    )
}

#[test]
fn english_model_reads() {
    assert!(Attributor::english().is_some());
}

#[test]
fn english_finds_said_that_and_a_direct_quote() {
    let text = "The senator said that the bill would pass next week.\n\
                “We have the votes,” Smith told reporters on Tuesday.";
    let ents = entities(text, &[("Smith", EntityType::Per, "John Smith")]);
    let q = english(text, &ents);
    let indirect = q
        .iter()
        .find(|q| q.text.contains("the bill would pass"))
        .unwrap_or_else(|| panic!("{q:?}"));
    assert_eq!(indirect.kind, QuoteKind::Indirect);
    assert_eq!(
        indirect.speaker.as_ref().map(|s| s.text.as_str()),
        Some("The senator")
    );
    let direct = q
        .iter()
        .find(|q| q.text.starts_with("We have the votes"))
        .unwrap_or_else(|| panic!("{q:?}"));
    assert_eq!(direct.kind, QuoteKind::Direct);
    assert_eq!(
        direct.speaker.as_ref().map(|s| s.norm.as_str()),
        Some("John Smith")
    );
}

#[test]
fn english_pronoun_sources_resolve_or_stay_as_written() {
    let text = "They said the election was rigged.";
    let q = english(text, &[]);
    let quote = q.first().unwrap_or_else(|| panic!("{q:?}"));
    let sp = quote.speaker.as_ref().expect("a speaker as written");
    assert_eq!((sp.text.as_str(), sp.entity), ("They", None));
}

#[test]
fn decoding_joins_fragments_of_one_cue_and_finds_its_source() {
    // “A,” he said, “B.” as labels: content A, source, cue, content B.
    let labels = [
        span_label(CONTENT, Part::Unit),
        span_label(SOURCE, Part::Unit),
        span_label(CUE, Part::Unit),
        span_label(CONTENT, Part::Begin),
        span_label(CONTENT, Part::Last),
    ];
    let found = spans(&labels, 10);
    assert_eq!(found.len(), 4);
    assert_eq!(found[3].range, 13..15);
}

#[test]
fn gold_labels_keep_the_outer_attribution_and_its_own_cue() {
    // Tokens 0..8: source 0, cue 1, content 2..8 holding an inner source 3 and cue 4.
    let outer = [Some(0..1), Some(1..2), Some(2..8)];
    let inner = [Some(3..4), Some(4..5), Some(5..8)];
    let (labels, skipped) = gold_labels(&(0..8), &[outer, inner]);
    assert_eq!(skipped, 1);
    assert_eq!(labels[0], span_label(SOURCE, Part::Unit));
    assert_eq!(labels[1], span_label(CUE, Part::Unit));
    assert_eq!(labels[2], span_label(CONTENT, Part::Begin));
    assert_eq!(labels[7], span_label(CONTENT, Part::Last));
}
