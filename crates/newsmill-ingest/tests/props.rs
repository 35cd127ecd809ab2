//! Property tests: no input, however broken, makes a reader panic or loop.

use std::path::Path;

use newsmill_ingest::{parse_feed, WarcReader};
use proptest::prelude::*;

fn warc_like() -> impl Strategy<Value = Vec<u8>> {
    let header =
        "WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: ";
    (
        0usize..400,
        proptest::collection::vec(any::<u8>(), 0..400),
        0usize..600,
    )
        .prop_map(move |(len, body, cut)| {
            let mut v = format!("{header}{len}\r\n\r\nHTTP/1.1 200 OK\r\n\r\n").into_bytes();
            v.extend(body);
            v.truncate(cut.max(10));
            v
        })
}

proptest! {
    #[test]
    fn warc_reader_never_panics(bytes in prop_oneof![proptest::collection::vec(any::<u8>(), 0..2000), warc_like()]) {
        let docs: Vec<_> = WarcReader::new(&bytes[..], "t.warc".into(), 1 << 20).take(1000).collect();
        prop_assert!(docs.len() < 1000);
    }

    #[test]
    fn feed_parser_never_panics(text in "(<rss>|<feed>|<item>|</item>|<entry>|</entry>|<title>|</title>|<link href='x'/>|&amp;|&#1234;|&bogus;|<!\\[CDATA\\[|\\]\\]>|[a-zа-я <>/&;])*") {
        let _ = parse_feed(text.as_bytes(), Path::new("f.xml"));
    }
}
