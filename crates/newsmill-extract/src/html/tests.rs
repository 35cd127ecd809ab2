//! HTML reading on written pages and on the development pages.
use std::cell::RefCell;
use std::collections::HashMap;

use lol_html::{element, Settings};
use newsmill_model::RemovedKind;

use super::vocab::names_print_only;
use super::walk::{parse_dom, tag_name, tokenize, Attrs};
use super::*;

/// A paragraph long enough to count for the main container.
fn para(topic: &str) -> String {
    format!(
        "<p>The {topic} report, published on Monday, says that the council will meet again \
         next week, and that the vote, delayed twice, is now expected before the summer.</p>"
    )
}

fn main_texts(html: &str) -> Vec<String> {
    let (blocks, _) = parse(html);
    blocks
        .into_iter()
        .filter(|b| b.in_main)
        .map(|b| b.text)
        .collect()
}

#[test]
fn hover_cards_inside_the_word_they_explain_are_not_read() {
    let html = "<p>He threatened Rep. <span class=\"rollover-people\">\
         <a class=\"rollover-people-link\" href=\"/p/1\">Ilhan Omar</a>\
         <span class=\"rollover-people-block\"><a href=\"/s/2\">Latest stories about \
         her</a></span></span> (D-Minn.) in June.</p>\
         <p>A <span class=\"tooltip\">quorum<span class=\"tooltiptext\">the least number \
         of members</span></span> was present.</p>";
    let (blocks, _) = parse(html);
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "He threatened Rep. Ilhan Omar (D-Minn.) in June.",
            "A quorum was present."
        ]
    );
}

#[test]
fn print_only_elements_are_marked() {
    let html = "<article><p>Seen on screen.</p>\
         <div class=\"d-none d-print-block\"><p>Citation: retrieved 18 November.</p></div>\
         <div class=\"d-none d-md-block\"><p>Shown on wider screens.</p></div>\
         <p class=\"visible-print-block\">This document is subject to copyright.</p>\
         </article>";
    let (blocks, _) = parse(html);
    let marks: Vec<(&str, bool)> = blocks
        .iter()
        .map(|b| (b.text.as_str(), b.print_only))
        .collect();
    assert_eq!(
        marks,
        [
            ("Seen on screen.", false),
            ("Citation: retrieved 18 November.", true),
            ("Shown on wider screens.", false),
            ("This document is subject to copyright.", true),
        ]
    );
    assert!(names_print_only("D-NONE d-print-inline"));
    assert!(!names_print_only("d-none d-print-none"));
    assert!(!names_print_only("d-print-block"));
}

#[test]
fn what_follows_a_related_heading_in_its_box_is_marked() {
    let html = format!(
        "<body><article><div class=\"entry\">{}{}</div>\
         <div class=\"box\"><h3>Você pode gostar...</h3><article>{}</article>\
         <article>{}</article></div>\
         <div><h3 class=\"relatedpoststitle\">More</h3><ul><li>Other story</li></ul></div>\
         {}</article></body>",
        para("lead"),
        para("body"),
        para("teaser1"),
        para("teaser2"),
        para("after")
    );
    let (blocks, _) = parse(&html);
    let starts: Vec<String> = blocks
        .iter()
        .map(|b| b.text.chars().take(16).collect())
        .collect();
    let marked: Vec<(&str, bool)> = starts
        .iter()
        .zip(&blocks)
        .map(|(s, b)| (s.as_str(), b.teaser_box))
        .collect();
    assert_eq!(
        marked,
        [
            ("The lead report,", false),
            ("The body report,", false),
            ("Você pode gostar", false),
            ("The teaser1 repo", true),
            ("The teaser2 repo", true),
            ("More", false),
            ("Other story", true),
            // Past the box, the article's own container is unmarked.
            ("The after report", false),
        ]
    );
}

#[test]
fn an_article_split_into_section_boxes_is_main_as_a_whole() {
    let sections: String = ["budget", "school", "road", "park"]
        .iter()
        .map(|t| {
            format!(
                "<div class=\"block\"><div class=\"text\">{}{}</div></div>",
                para(t),
                para(t)
            )
        })
        .collect();
    let html = format!(
        "<body><div class=\"article\">{sections}</div><div>{}</div></body>",
        para("other")
    );
    let main = main_texts(&html);
    assert_eq!(main.len(), 8, "{main:?}");
    assert!(main.iter().all(|t| !t.contains("other")));
}

#[test]
fn asides_captions_and_page_classes_do_not_choose_the_main_container() {
    let teasers: String = (0..6)
        .map(|i| format!("<article>{}</article>", para(&format!("teaser{i}"))))
        .collect();
    let html = format!(
        "<body class=\"no-sidebar nav-below-header featured-image\">\
         <div class=\"main-content has-section-nav\"><article>\
         <div class=\"image\"><p>In this file photo, made available by the agency, the \
         minister, left, and his deputy, right, arrive at the meeting, in Berlin, on May 2, 2019, \
         with the delegation, escorted by police, officials, guards, and reporters.</p></div>\
         {}{}</article></div><aside>{teasers}</aside></body>",
        para("lead"),
        para("body")
    );
    let main = main_texts(&html);
    assert_eq!(main.len(), 3, "{main:?}");
    assert!(main.iter().any(|t| t.contains("lead")) && main.iter().any(|t| t.contains("body")));
    let (blocks, _) = parse(&html);
    assert!(blocks
        .iter()
        .any(|b| b.text.contains("lead") && b.hint.is_none()));
}

#[test]
fn blocks_follow_block_elements_and_skip_scripts() {
    let (blocks, meta) = parse(
        "<html lang=ru><head><title>T | Site</title><meta property='og:site_name' content='Site'></head>\
         <body><nav><a href=/>Home</a></nav><article><h1>Head</h1><p>One <b>two</b> three.</p>\
         <script>var x = 1;</script><p>Four<br><br>Five</p></article></body></html>",
    );
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["Home", "Head", "One two three.", "Four", "Five"]);
    assert_eq!(blocks[0].hint, Some(RemovedKind::Navigation));
    assert_eq!(blocks[0].link_chars, 4);
    assert_eq!(meta.title_tag.as_deref(), Some("T | Site"));
    assert_eq!(meta.meta(&["og:site_name"]), Some("Site"));
    assert_eq!(meta.lang.as_deref(), Some("ru"));
}

#[test]
fn omitted_end_tags_close_as_in_a_browser() {
    let (blocks, _) = parse(
        "<body><div class=story><p>One.<p>Two.<div>Three.</div><ul><li>A<li>B</ul>\
         <table><tr><td>x<td>y<tr><td>z</table><h2>Head<h3>Sub</h3></div>\
         <footer>Foot</footer></body>",
    );
    let texts: Vec<(&str, &str)> = blocks.iter().map(|b| (b.text.as_str(), b.tag)).collect();
    assert_eq!(
        texts,
        [
            ("One.", "p"),
            ("Two.", "p"),
            ("Three.", "div"),
            ("A", "li"),
            ("B", "li"),
            ("x", "td"),
            ("y", "td"),
            ("z", "td"),
            ("Head", "h2"),
            ("Sub", "h3"),
            ("Foot", "footer"),
        ]
    );
    // "Three." is the div's own text, not inside the paragraph before it: the two `<p>`
    // blocks and the div are siblings, and only the footer is outside the story box.
    let story = blocks[0].context.clone();
    assert!(blocks[..10].iter().all(|b| b.hint.is_none()));
    assert_ne!(blocks[10].context, story);
    assert_eq!(blocks[10].hint, Some(RemovedKind::Navigation));
}

#[test]
fn character_references_and_line_breaks_are_decoded() {
    let (blocks, meta) = parse(
        "<html><head><title>A &amp; B &laquo;C&raquo;</title>\
         <meta property=og:title content=\"Q&amp;A &#8212; now\"></head>\
         <body><div>Line&nbsp;one\r\n\r\nLine two &#x2014; &lt;b&gt;</div></body></html>",
    );
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    // `&nbsp;` decodes to a no-break space, which block text collapses like any space.
    assert_eq!(texts, ["Line one", "Line two — <b>"]);
    assert_eq!(meta.title_tag.as_deref(), Some("A & B «C»"));
    assert_eq!(meta.meta(&["og:title"]), Some("Q&A — now"));
}

#[test]
fn unread_elements_end_with_their_parent_when_their_end_tag_is_missing() {
    let (blocks, meta) = parse(
        "<div><select><option>one<option>two</select><p>After select.</p>\
         <div hidden><p>Hidden.<span>deep</div><p>After hidden.</p>\
         <section><button>Press</section><p>After button.</p></div>\
         <script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"H &amp; I\"}</script>",
    );
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["After select.", "After hidden.", "After button."]);
    // JSON-LD is read as it is written: its references are JSON's business, not HTML's.
    assert_eq!(meta.json_ld.len(), 1);
    assert!(meta.json_ld[0].contains("H &amp; I"));
}

/// A parse with the element ids of [`Block::ancestry`] renumbered in order of first use:
/// slimming drops elements, so the ids differ while the tree they describe does not.
fn numbered((mut blocks, meta): (Vec<Block>, PageMeta)) -> (Vec<Block>, PageMeta) {
    let mut ids: HashMap<u32, u32> = HashMap::new();
    for block in &mut blocks {
        let renumbered: Vec<u32> = block
            .ancestry
            .iter()
            .map(|id| {
                let next = ids.len() as u32;
                *ids.entry(*id).or_insert(next)
            })
            .collect();
        block.ancestry = renumbered.into();
    }
    (blocks, meta)
}

/// The slimming pass changes the cost of a parse, never its result: every real page in the
/// shared dev set gives the same blocks and metadata with and without it.
#[test]
fn slimming_keeps_every_dev_page_the_same() {
    let dir = newsmill_testkit::shared_or_skip!("data/extraction/dev");
    let entries = std::fs::read_dir(&dir).expect("a readable directory");
    let mut pages = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("readable page");
        let (html, _) = crate::decode::decode(&bytes, None, true, None);
        let slimmed = slim(&html);
        assert!(slimmed.len() < html.len(), "{}", path.display());
        assert_eq!(
            format!("{:?}", numbered(parse_dom(&html))),
            format!("{:?}", numbered(parse_dom(&slimmed))),
            "{}",
            path.display()
        );
        pages += 1;
    }
    assert!(pages >= 90, "only {pages} pages in {}", dir.display());
}

fn tag_soup() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    proptest::collection::vec(
        prop_oneof![
            Just("<p class=lead style='a>b' data-x=\"1\">"),
            Just("</p>"),
            Just("<div id=main onclick=go() hidden>"),
            Just("<DIV CLASS=\"Article-Body\"/ >"),
            Just("</div>"),
            Just("<nav aria-hidden=true>"),
            Just("</nav>"),
            Just("<script src=x.js>var a = '<p>';"),
            Just("</script>"),
            Just("<script type=application/ld+json>{\"@type\":\"NewsArticle\"}"),
            Just("<style>p{}"),
            Just("</style>"),
            Just("<title>a <b x=y> c"),
            Just("</title>"),
            Just("<textarea><p style=x>"),
            Just("</textarea>"),
            Just("<!--"),
            Just("-->"),
            Just("--!>"),
            Just("<!-->"),
            Just("<a href='/x' title=\"t\">"),
            Just("</a>"),
            Just("<link rel=canonical href=https://e.com/a>"),
            Just("<meta property=og:title content='T > U'>"),
            Just("<time datetime=2023-09-20 class=date>"),
            Just("<table><input type=hidden name=n><tr><td>"),
            Just("<br/>"),
            Just("<img src=x alt=\"a>b\">"),
            Just("< p>"),
            Just("<"),
            Just("="),
            Just("'"),
            Just("\""),
            Just(">"),
            Just("<script><!--"),
            Just("<script>"),
            Just("<noscript><p class=x>"),
            Just("</noscript>"),
            Just("<iframe src=x>"),
            Just("</iframe>"),
            Just("<plaintext>"),
            Just("<div class = \"x\" >"),
            Just("<x-y data=1 class=z>"),
            Just("<SPAN Class=a CLASS=b ARIA-HIDDEN=true Hidden>"),
            Just("<meta NAME=description content=a&amp;b itemprop=x HTTP-EQUIV=y>"),
            Just("<html lang='ru' id=\"\" rel>"),
            Just("<?xml version='1.0'?>"),
            Just("<!DOCTYPE html>"),
            Just("</p foo='>'>"),
            Just("&lt;"),
            Just("Слова и текст, "),
            Just("more words. "),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// The walk reads tag names and attributes from the page itself; they must be what
    /// lol_html's own (allocating) accessors return, on any input.
    #[test]
    fn tags_are_read_as_lol_html_reads_them(html in tag_soup()) {
        let mismatches = RefCell::new(Vec::new());
        tokenize(
            &html,
            Settings {
                element_content_handlers: vec![element!("*", |el| {
                    let attrs = Attrs::read(&html, el);
                    let read = [
                        ("aria-hidden", &attrs.aria_hidden),
                        ("class", &attrs.class),
                        ("id", &attrs.id),
                        ("rel", &attrs.rel),
                        ("itemprop", &attrs.itemprop),
                        ("lang", &attrs.lang),
                        ("property", &attrs.property),
                        ("name", &attrs.name),
                        ("http-equiv", &attrs.http_equiv),
                        ("content", &attrs.content),
                        ("datetime", &attrs.datetime),
                        ("type", &attrs.type_),
                        ("href", &attrs.href),
                    ];
                    let mut m = mismatches.borrow_mut();
                    if tag_name(&html, el) != el.tag_name() {
                        m.push(format!("tag {}", el.tag_name()));
                    }
                    if attrs.hidden != el.has_attribute("hidden") {
                        m.push("hidden".to_owned());
                    }
                    for (key, value) in read {
                        if value.as_deref().map(str::to_owned) != el.get_attribute(key) {
                            m.push(format!("{key}: {value:?}"));
                        }
                    }
                    Ok(())
                })],
                ..Settings::new()
            },
        );
        proptest::prop_assert!(mismatches.borrow().is_empty(), "{:?}", mismatches.borrow());
    }

    /// Same property on generated tag soup: quotes holding `>`, unclosed tags and comments,
    /// raw-text elements, self-closing and upper-case tags. (Inline SVG is left out: its
    /// body is dropped whole, even where HTML inside it would break out of foreign content.)
    #[test]
    fn slimming_keeps_tag_soup_the_same(html in tag_soup()) {
        proptest::prop_assert_eq!(
            format!("{:?}", parse_dom(&html)),
            format!("{:?}", parse_dom(&slim(&html)))
        );
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let html = "<div>".repeat(10_000) + "text" + &"</div>".repeat(10_000);
    let (blocks, _) = parse(&html);
    assert_eq!(blocks.len(), 1);
}
