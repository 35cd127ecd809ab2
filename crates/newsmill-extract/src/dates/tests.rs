use super::*;

fn block(text: &str, tag: &'static str) -> Block {
    Block::new(text.to_string(), tag)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Evidence over `blocks` with the headline first and nothing else.
fn choose_over(
    blocks: &[Block],
    metas: &[(String, String)],
    ld: (Option<&str>, Option<&str>),
    urls: &[&str],
    fetched: Option<NaiveDate>,
) -> Dates {
    let keep = vec![true; blocks.len()];
    choose(&Evidence {
        ld_published: ld.0,
        ld_modified: ld.1,
        metas,
        marks: &[],
        urls,
        blocks,
        keep: &keep,
        title_at: Some(0),
        lang: None,
        fetched,
    })
}

fn meta(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

#[test]
fn structured_publication_wins_and_modification_is_kept_apart() {
    let blocks = [block("Headline", "h1"), block("Updated 5 March 2021", "p")];
    let d = choose_over(
        &blocks,
        &[meta("article:modified_time", "2021-03-05T10:00:00+01:00")],
        (Some("2021-03-03T09:00:00+01:00"), None),
        &[],
        None,
    );
    assert_eq!(
        d.published,
        Some(("2021-03-03T09:00:00+01:00".into(), DateSource::JsonLd))
    );
    assert_eq!(
        d.modified,
        Some(("2021-03-05T10:00:00+01:00".into(), DateSource::Meta))
    );
}

#[test]
fn a_byline_under_the_headline_dates_a_page_without_metadata() {
    let blocks = [
        block("Headline", "h1"),
        block("Von Anna Fink · 3. Mai 2024", "p"),
        block(
            "Der Text beginnt am 1. Mai 2024 mit einer langen Geschichte.",
            "p",
        ),
    ];
    let d = choose_over(&blocks, &[], (None, None), &[], None);
    assert_eq!(d.published, Some(("2024-05-03".into(), DateSource::Text)));
}

#[test]
fn the_address_dates_a_page_before_its_text() {
    let blocks = [
        block("Headline", "h1"),
        block("Seit 12.01.2019 gilt das.", "p"),
    ];
    let d = choose_over(
        &blocks,
        &[],
        (None, None),
        &["https://example.org/2020/04/17/story"],
        None,
    );
    assert_eq!(d.published, Some(("2020-04-17".into(), DateSource::Url)));
}

#[test]
fn no_date_is_invented() {
    let blocks = [
        block("Headline", "h1"),
        block("A page that names no day.", "p"),
    ];
    assert_eq!(
        choose_over(&blocks, &[], (None, None), &[], None),
        Dates::default()
    );
}

#[test]
fn a_utc_stamp_near_midnight_takes_the_local_day_the_page_writes() {
    let blocks = [block("Headline", "h1")];
    let d = choose_over(
        &blocks,
        &[meta("date", "2023-11-08 18:09:55")],
        (Some("2023-11-09T01:09:55Z"), None),
        &[],
        None,
    );
    assert_eq!(d.published.unwrap().0, "2023-11-08T18:09:55");
}

#[test]
fn dates_after_the_fetch_are_not_the_publication() {
    let blocks = [block("Headline", "h1"), block("20.09.2031", "p")];
    let d = choose_over(&blocks, &[], (None, None), &[], Some(day("2023-09-20")));
    assert_eq!(d.published, None);
}

#[test]
fn relative_bylines_resolve_against_the_fetch_day() {
    let blocks = [block("Заголовок", "h1"), block("Вчера, 14:05", "p")];
    let d = choose_over(&blocks, &[], (None, None), &[], Some(day("2023-09-20")));
    assert_eq!(d.published, Some(("2023-09-19".into(), DateSource::Text)));
}

#[test]
fn a_reissued_article_is_dated_as_it_shows() {
    // The byline shows the day the metadata calls a modification.
    let blocks = [block("Headline", "h1"), block("03.04.2019", "p")];
    let d = choose_over(
        &blocks,
        &[],
        (Some("2017-08-21T13:09:00Z"), Some("2019-04-03T08:04:01Z")),
        &[],
        None,
    );
    assert_eq!(d.published.unwrap().0, "2019-04-03");
}

#[test]
fn cues_name_publication_and_update() {
    assert_eq!(cue_of("Veröffentlicht: 30.07.2019"), Some(Role::Published));
    assert_eq!(cue_of("Обновлено 20.09.2023"), Some(Role::Modified));
    assert_eq!(
        cue_of("Published 3 May, updated 5 May"),
        Some(Role::Published)
    );
    assert_eq!(cue_of("3 May 2021"), None);
    assert!(vendor_date_key("five_hundred_pixels:uploaded"));
    assert!(!vendor_date_key("og:updated_time"));
}

#[test]
fn a_same_night_update_does_not_move_the_publication() {
    let blocks = [block("見出し", "h1"), block("2024/12/04 00:05", "p")];
    let d = choose_over(
        &blocks,
        &[],
        (
            Some("2024-12-03T23:17:00+09:00"),
            Some("2024-12-04T00:06:42+09:00"),
        ),
        &[],
        None,
    );
    assert_eq!(d.published.unwrap().0, "2024-12-03T23:17:00+09:00");
}

proptest::proptest! {
    /// Any text, timestamps and bylines alike, is read without a panic, and every date found
    /// is a real calendar day inside the text.
    #[test]
    fn any_text_is_read_without_panic(text in "\\PC{0,80}", n in 0u32..40) {
        let _ = parse::stamp(&text);
        let _ = parse::date_in_url(&text);
        let _ = parse::relative_date(&text, day("2023-09-20"));
        let _ = cue_of(&text);
        for found in parse::dates_in_text(&text, parse::NumericOrder::MonthFirst) {
            proptest::prop_assert!(found.at < text.len());
        }
        let digits = format!("{n}.{n}.20{:02} {text} {n} März 2019", n % 100);
        let _ = parse::dates_in_text(&digits, parse::NumericOrder::DayFirst);
    }
}
