//! Property tests: extraction never panics, and is deterministic.

use newsmill_extract::Extractor;
use newsmill_model::{Format, Origin, RawDoc};
use proptest::prelude::*;

fn html_soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("<p>".to_string()),
            Just("</p>".to_string()),
            Just("<div class='article-body'>".to_string()),
            Just("</div>".to_string()),
            Just("<script>".to_string()),
            Just("</script>".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            Just("<br>".to_string()),
            Just("<a href=x>".to_string()),
            Just("<meta property='og:title' content='T'>".to_string()),
            Just("<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"author\":[1,{}]}</script>".to_string()),
            "[a-zA-Zа-яА-Я0-9 .,«»—-]{0,80}",
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn html_extraction_never_panics_and_is_deterministic(html in html_soup()) {
        let extractor = Extractor::new();
        let raw = RawDoc::new(Origin::default(), Format::Html, html.into_bytes());
        let a = extractor.extract(&raw).ok();
        let b = extractor.extract(&raw).ok();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn text_extraction_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let raw = RawDoc::new(Origin::default(), Format::Text, bytes);
        let _ = Extractor::new().extract(&raw);
    }

    #[test]
    fn lines_of_text_are_never_invented(lines in proptest::collection::vec("[A-Za-zА-Яа-я ,.]{0,120}", 0..30)) {
        let text = lines.join("\n");
        let raw = RawDoc::new(Origin::default(), Format::Text, text.clone().into_bytes());
        // Every paragraph is one input line, whitespace collapsed.
        let collapsed: Vec<String> = lines.iter().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        if let Ok(article) = Extractor::new().extract(&raw) {
            for p in &article.paragraphs {
                prop_assert!(collapsed.contains(p), "{:?} not an input line", p);
            }
        }
    }
}
