#![no_main]
//! HTML pages of any bytes: decoding, parsing, block building, classification, metadata.
use libfuzzer_sys::fuzz_target;
use newsmill_extract::Extractor;
use newsmill_model::{Format, Origin, RawDoc};
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);

fuzz_target!(|data: &[u8]| {
    let raw = RawDoc::new(Origin::default(), Format::Html, data.to_vec());
    let _ = EXTRACTOR.extract(&raw);
});
