#![no_main]
//! WARC streams of any bytes: record framing, HTTP headers, chunked and gzip bodies.
use libfuzzer_sys::fuzz_target;
use newsmill_ingest::WarcReader;

fuzz_target!(|data: &[u8]| {
    for doc in WarcReader::new(data, "fuzz.warc".into(), 1 << 20).take(10_000) {
        let _ = doc;
    }
});
