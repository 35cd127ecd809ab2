//! Block features, page statistics and chrome kinds on written examples.
use super::context::{context_features, LineContext, PageContext};
use super::features::{bag_of_words, char_class, CharCounts, BAG_MAX_WORDS};
use super::kinds::{kind_of, proven_chrome};
use super::page::{
    drop_related_runs, ends_sentence, headline_of_title, is_long, is_related_heading, topic_shares,
    PageStats,
};
use super::*;

fn kind(text: &str) -> RemovedKind {
    kind_of(&Block::new(text.into(), "line"), None, true)
}

#[test]
fn lines_are_placed_against_the_region_and_the_sure_prose() {
    // Menu, prose, a short line, prose, footer.
    let probs = [0.1, 0.9, 0.4, 0.8, 0.05];
    let words = [1, 30, 3, 25, 2];
    let lines = LineContext::new(&probs, &words);
    assert_eq!(lines.span, Some((1, 3)));
    let prev: Vec<_> = lines.sure.iter().map(|s| s.0).collect();
    let next: Vec<_> = lines.sure.iter().map(|s| s.1).collect();
    assert_eq!(prev, [None, None, Some(1), Some(1), Some(3)]);
    assert_eq!(next, [Some(1), Some(3), Some(3), None, None]);

    // A short line is never an anchor, however sure.
    let lines = LineContext::new(&[0.9, 0.9], &[5, 5]);
    assert_eq!(lines.sure, [(None, None), (None, None)]);

    // HTML blocks get no line context, so the HTML model's features are as before.
    assert!(PageContext::new(&probs, &words, false).lines.is_none());
    let mut html = Vec::new();
    context_features(&PageContext::new(&probs, &words, false), 2, &mut html);
    let mut text = Vec::new();
    context_features(&PageContext::new(&probs, &words, true), 2, &mut text);
    assert_eq!(text.len(), html.len() + 4);
}

#[test]
fn kinds_of_the_example_chrome() {
    assert_eq!(kind("© Sputnik / Алексей Никольский / Перейти в фотобанкПресс-секретарь президента РФ Дмитрий Песков"), RemovedKind::Credit);
    assert_eq!(
        kind("Пресс-секретарь президента РФ Дмитрий Песков - Sputnik Литва, 1920, 20.09.2023"),
        RemovedKind::Caption
    );
    assert_eq!(kind("Подписаться"), RemovedKind::Subscribe);
    assert_eq!(kind("Sputnik Литва теперь в Telegram! Подписывайтесь на самые быстрые, яркие и подробные новости о Литве, Балтии и не только."), RemovedKind::Promo);
    assert_eq!(kind("Лента новостей"), RemovedKind::Navigation);
    assert_eq!(kind("0"), RemovedKind::Counter);
    assert_eq!(
        kind("МИД РФ призвал конфликтующие в Карабахе стороны остановить кровопролитие"),
        RemovedKind::Teaser
    );
}

#[test]
fn word_count_is_the_metric_tokens_plus_unspaced_script() {
    assert_eq!(count_words("Hello, world — it's 2023!"), 5);
    assert_eq!(count_words(""), 0);
    // One `\w+` token, eight characters written without spaces.
    assert_eq!(count_words("今回はそれを使う"), 1 + 4);
}

#[test]
fn full_width_marks_end_sentences_as_latin_ones_do() {
    // A Japanese paragraph: its full stops count as sentences, and it ends as prose does.
    let ja =
        "商標には、商品の出所を表示する機能があります。例えば、消費者はマークを見て理解します。";
    let counts = CharCounts::of(ja);
    assert_eq!(counts.sentences, 2);
    assert_eq!(counts.commas, 2);
    assert!(ends_sentence(ja));
    assert_eq!(char_class(ja.chars().last()), ".");
    assert_eq!(char_class(Some('？')), "!");
    assert_eq!(char_class(Some('」')), "q");
    // So a long Japanese line is "long", and opens the article region of scraped text.
    let block = Block::new(ja.repeat(2), "line");
    assert!(is_long(&block, block.words));
    assert!(!ends_sentence("お問い合わせ"));
}

#[test]
fn the_headline_is_the_line_the_title_line_begins_with() {
    let blocks: Vec<Block> = [
        "Só quem se Ama... — Mensagens de Reflexão",
        "Bom Dia",
        "Só",
        "Mensagens",
        "Só quem se Ama…",
        "Viver uma verdadeira experiência amorosa é um dos maiores prazeres da vida.",
    ]
    .into_iter()
    .map(|t| Block::new(t.into(), "line"))
    .collect();
    assert_eq!(headline_of_title(&blocks), Some(4));
    assert_eq!(PageStats::new(&blocks).title, Some(4));
    // No line repeats the first: no headline, and HTML blocks never have one.
    assert_eq!(headline_of_title(&blocks[1..]), None);
    let html: Vec<Block> = blocks
        .iter()
        .map(|b| Block::new(b.text.clone(), "p"))
        .collect();
    assert_eq!(PageStats::new(&html).title, None);
    assert_eq!(headline_of_title(&[]), None);
}

#[test]
fn headlines_glued_to_their_summaries_are_teasers_in_text() {
    let line = |t: &str| Block::new(t.into(), "line");
    for t in [
        "Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left Ruth's Chris Steakhouse in Troy without paying their bill.",
        "DNR Seeks Tips About Bull Elk Poached In Northern MichiganMichigan Department of Natural Resources conservation officers are seeking information.",
        "Is Violence In Sports On The Rise?Violence is part of the game in many sports but Myles Garrett crossed a line.",
    ] {
        assert_eq!(proven_chrome(&line(t), false), Some(RemovedKind::Teaser), "{t}");
        assert_eq!(proven_chrome(&Block::new(t.into(), "p"), true), None, "{t}");
    }
    // Camel-cased names, and a capital that opens no word, are not glue.
    for t in [
        "NASA said the five companies — Blue Origin, Ceres Robotics, Sierra Nevada Corporation (SNC), SpaceX and Tyvak had been selected.",
        "The New Apple MacBook Pro has a larger screen and a better keyboard than the old one.",
        "Now the Agency's SciSpacE team has called in the design facility for a study.",
    ] {
        assert_eq!(proven_chrome(&line(t), false), None, "{t}");
    }
}

#[test]
fn related_headings_after_prose_mark_the_lines_after_them() {
    let prose = "The council voted on Monday to close the old bridge for repairs, and the work will take two years.";
    let lines: Vec<Block> = [
        "Most Read",
        prose,
        "Você pode gostar...",
        "Another story that the page teases.",
        "Читайте также",
    ]
    .into_iter()
    .map(|t| Block::new(t.into(), "line"))
    .collect();
    let stats = PageStats::new(&lines);
    // The heading before any prose is not counted; the one after it is.
    assert_eq!(stats.related, vec![None, None, None, Some(2), Some(2)]);
    assert!(is_related_heading(&lines[4]));
    assert!(!is_related_heading(&lines[1]));
    // HTML pages do not compute it (the DOM says the same; measured, it cost 0.001).
    let html: Vec<Block> = lines
        .iter()
        .map(|b| Block::new(b.text.clone(), "p"))
        .collect();
    assert!(PageStats::new(&html).related.is_empty());
}

#[test]
fn captions_ending_in_a_credit_are_proven_chrome_in_text() {
    let line = |t: &str| Block::new(t.into(), "line");
    for t in [
        "China has warned they will cease control of Hong Kong (Image: GETTY )",
        "WeWork chairman Marcelo Claure (Credit: Getty Images)",
        "(Image credit: Blue Origin)",
        "Sanjeev Verma/Hindustan Times/Getty Images",
        "Alex Wong | Getty Images",
    ] {
        assert_eq!(
            proven_chrome(&line(t), false),
            Some(RemovedKind::Caption),
            "{t}"
        );
        assert!(
            matches!(kind(t), RemovedKind::Caption | RemovedKind::Credit),
            "{t}"
        );
    }
    // A sentence that mentions a picture, and the HTML path, are left to the model.
    let prose = "He posted the photo (see below) on Monday, and it spread fast.";
    assert_eq!(proven_chrome(&line(prose), false), None);
    let credit = "Photograph (Image: GETTY)";
    assert_eq!(proven_chrome(&Block::new(credit.into(), "p"), true), None);
    // In HTML, the markup itself can say caption.
    let caption = "A cross-section through the module, showing the crew quarters.";
    assert_eq!(
        proven_chrome(&Block::new(caption.into(), "figcaption"), true),
        Some(RemovedKind::Caption)
    );
    assert_eq!(proven_chrome(&Block::new(caption.into(), "p"), true), None);
}

#[test]
fn a_bag_of_words_holds_each_longer_word_once_whatever_its_case() {
    let bag = |text: &str| {
        let mut out = vec![7];
        bag_of_words(text, &mut out);
        out
    };
    // Case and repetition do not count; words under three letters are not read.
    assert_eq!(
        bag("Sign up for our Newsletter"),
        bag("newsletter SIGN up, sign for our")
    );
    assert_eq!(bag("Sign up for our Newsletter").len(), 1 + 4);
    assert_eq!(bag("a to be"), vec![7]);
    // What was in `out` before stays first.
    assert_eq!(bag("Подпишитесь на рассылку")[0], 7);
    assert_ne!(
        bag("Подпишитесь на рассылку"),
        bag("Подпишитесь на новости")
    );
    // A long line is read up to its 64th word.
    let long: Vec<String> = (0..100).map(|i| format!("word{i}")).collect();
    assert_eq!(bag(&long.join(" ")).len(), 1 + BAG_MAX_WORDS);
}

#[test]
fn topic_shares_count_words_repeated_elsewhere_and_in_the_title() {
    let blocks: Vec<Block> = [
        "Stadia launches today with Google promising streaming everywhere",
        "Reviewers found Stadia streaming smooth but the library thin",
        "Subscribe to our newsletter for weekly gardening inspiration",
        "Hi",
    ]
    .into_iter()
    .map(|t| Block::new(t.into(), "line"))
    .collect();
    let c = topic_shares(&blocks);
    let repeated: Vec<_> = c.iter().map(|t| t.repeated).collect();
    // Two of the first line's six topic words (Stadia, launch, Google, promis, stream,
    // everyw) recur in the second: three tenths, rounded down.
    assert_eq!(repeated, [Some(3), Some(4), Some(0), None], "{c:?}");
    // The first line is the title: two of the second's five (Stadia, stream) are in it,
    // none of the third's, and all of the first's.
    let in_title: Vec<_> = c.iter().map(|t| t.in_title).collect();
    assert_eq!(in_title, [Some(10), Some(4), Some(0), None], "{c:?}");
}

fn html_block(text: &str, link_chars: u32) -> Block {
    let mut b = Block::new(text.into(), "p");
    b.link_chars = link_chars;
    b.related_heading = is_related_heading(&b);
    b
}

#[test]
fn staff_notes_and_capital_links_are_proven_on_html() {
    let proven = |text: &str| proven_chrome(&html_block(text, 0), true);
    assert_eq!(
        proven("(Reporting by Will Dunham; Editing by Tom Brown)"),
        Some(RemovedKind::Credit)
    );
    assert_eq!(
        proven("Fox News’ Jessica Napoli contributed to this report."),
        Some(RemovedKind::Credit)
    );
    assert_eq!(
        proven("Have a tip? Amy Kuperinsky may be reached at akuperinsky@example.com."),
        Some(RemovedKind::Meta)
    );
    // An address is metadata whatever the name holds ("by" in Bobby).
    assert_eq!(
        proven("Email Bobby Ghosh at bobby@example.com."),
        Some(RemovedKind::Meta)
    );
    // A sentence of the story about reporting is not a note.
    assert_eq!(
        proven("The reporting by local papers was later confirmed by the police."),
        None
    );
    let caps = "SEAN SPICER ELIMINATED FROM 'DANCING WITH THE STARS'";
    assert_eq!(
        proven_chrome(&html_block(caps, 44), true),
        Some(RemovedKind::Teaser)
    );
    // Capitals without a link are a shouted subheading, left to the model; so are
    // short ones ("NASA", "UPDATE").
    assert_eq!(proven_chrome(&html_block(caps, 0), true), None);
    assert_eq!(proven_chrome(&html_block("UPDATE NOW", 9), true), None);
}

#[test]
fn a_related_heading_and_the_links_right_after_it_are_dropped() {
    let blocks = vec![
        html_block("The council met on Monday and voted for the plan.", 0),
        html_block("Related news", 0),
        html_block("Markets rally as earnings beat forecasts", 38),
        html_block("Rupee weakens against the dollar", 29),
        html_block("The plan now goes to the regional parliament.", 0),
        html_block("Tags linked from the story", 22),
    ];
    let mut probs = vec![0.9; blocks.len()];
    drop_related_runs(&blocks, &mut probs);
    assert_eq!(probs, [0.9, 0.0, 0.0, 0.0, 0.9, 0.9]);
}

/// The lines channels end their posts with have kinds of their own.
#[test]
fn channel_sign_offs_and_tag_lines_have_kinds() {
    for t in [
        "@banksta",
        "📱 Прислать новость",
        "🔴 Подписаться | Прислать новость",
        "Читать нас без VPN можно здесь: bit.ly/bbcrussian",
    ] {
        assert_eq!(kind(t), RemovedKind::Signoff, "{t}");
    }
    assert_eq!(kind("#москва #дтп"), RemovedKind::Tags);
    assert_eq!(kind("#реклама"), RemovedKind::Promo);
    assert_eq!(kind("#промо"), RemovedKind::Promo);
    assert_eq!(kind("Подписаться"), RemovedKind::Subscribe);
    // A sentence that mentions a handle or a hashtag is no sign-off.
    assert_ne!(
        kind("Об этом написал @banksta в своём канале"),
        RemovedKind::Signoff
    );
    assert_ne!(kind("#москва и #дтп в одной строке"), RemovedKind::Tags);
}

/// A time stamp on its own line is metadata; a sentence with a date is not.
#[test]
fn stamp_lines_and_ad_labels_are_proven_chrome() {
    for t in [
        "May 2, 2024 6:12 PM UTC",
        "Updated 20.09.2023, 14:05",
        "Friday 3 March 2021",
        "20 сентября 2023, 14:05 МСК",
    ] {
        assert!(super::kinds::is_stamp_line(t), "{t}");
        assert_eq!(
            proven_chrome(&Block::new(t.into(), "p"), true),
            Some(RemovedKind::Meta),
            "{t}"
        );
    }
    for t in [
        "The strike ended on May 2, 2024.",
        "Премьера состоится 25 декабря 2024 года в Москве",
        "2024",
    ] {
        assert!(!super::kinds::is_stamp_line(t), "{t}");
    }
    assert_eq!(
        proven_chrome(&Block::new("Advertisement".into(), "div"), true),
        Some(RemovedKind::Promo)
    );
    assert_eq!(proven_chrome(&Block::new("Ad hoc".into(), "p"), true), None);
}
