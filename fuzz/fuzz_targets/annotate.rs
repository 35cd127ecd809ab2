#![no_main]
//! Any text through the annotation layers: tokens, sentences, entities, quotes. Offsets must stay
//! inside the text and every layer must terminate.
use libfuzzer_sys::fuzz_target;
use newsmill_ner::{Annotator, Prepared};
use std::sync::LazyLock;

static ANNOTATOR: LazyLock<Annotator> =
    LazyLock::new(|| Annotator::new().expect("the committed NER model loads"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let p = Prepared::new(text);
    let entities = ANNOTATOR.annotate_prepared(&p);
    let layout = newsmill_quotes::Layout {
        headline_first: data.len() % 2 == 0,
    };
    let quotes = newsmill_quotes::find_with(text, &p.tokens, &p.sentences(), &entities, layout);
    let chars = text.chars().count();
    for q in &quotes {
        assert!(q.start < q.end && q.end <= chars);
        if let Some(s) = &q.speaker {
            assert!(s.end <= chars);
            assert!(s.entity.map_or(true, |e| e < entities.len()));
        }
    }
});
