#![no_main]
//! Scraped-text pages of any bytes: decoding, mojibake repair, line classification, metadata.
use libfuzzer_sys::fuzz_target;
use newsmill_extract::Extractor;
use newsmill_model::{Format, Origin, RawDoc};
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);

fuzz_target!(|data: &[u8]| {
    let raw = RawDoc::new(Origin::default(), Format::Text, data.to_vec());
    let _ = EXTRACTOR.extract(&raw);
});
