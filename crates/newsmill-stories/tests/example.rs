//! The shared example page against a reworded-and-cut copy of itself and against unrelated news
//! (skipped, with one line, where a clone has no `../shared`).
use newsmill_stories::{features, Idf, LshIndex, PairModel, Profile};

/// The example page's text, or `None` (the test skips) without it.
fn example() -> Option<String> {
    let path = newsmill_testkit::shared("examples/000_a9c71da2a506d810.txt")?;
    Some(std::fs::read_to_string(path).expect("a readable example page"))
}

#[test]
fn a_near_verbatim_copy_is_found_and_judged_the_same_story() {
    let Some(text) = example() else { return };
    // Another outlet's copy: its own title, the last paragraphs cut, one sentence reworded.
    let paragraphs: Vec<&str> = text.split('\n').filter(|l| !l.trim().is_empty()).collect();
    let copy = paragraphs[..paragraphs.len() * 3 / 4]
        .join("\n")
        .replace("заявил пресс-секретарь", "сказал пресс-секретарь");
    let original = Profile::new(
        "В Кремле назвали и Армению, и Азербайджан партнерами России",
        &text,
        [],
    );
    let copied = Profile::new(
        "Песков: Армения и Азербайджан остаются партнерами Москвы",
        &copy,
        [],
    );
    let other = Profile::new(
        "Прогноз погоды на выходные",
        "В Москве в субботу ожидается до 25 градусов тепла, в воскресенье пройдут дожди. \
         Синоптики советуют взять зонт. Атмосферное давление будет пониженным.",
        [],
    );

    let mut lsh = LshIndex::new();
    assert!(lsh.insert(0, &original.signature).is_empty());
    assert!(lsh.insert(1, &other.signature).is_empty());
    assert_eq!(lsh.insert(2, &copied.signature), vec![0]);
    assert!(original.signature.jaccard(&copied.signature) > 0.5);

    let idf = Idf::from_profiles([&original, &copied, &other]);
    let model = PairModel::committed();
    assert!(model.same(&features(&original, &copied, &idf, Some(3_600))));
    assert!(!model.same(&features(&original, &other, &idf, Some(3_600))));
}

#[test]
fn empty_and_one_word_documents_match_nothing() {
    let idf = Idf::default();
    let empty = Profile::new("", "", []);
    let word = Profile::new("", "Армения", []);
    let model = PairModel::committed();
    assert!(!model.same(&features(&empty, &empty, &idf, Some(0))));
    assert!(!model.same(&features(&empty, &word, &idf, Some(0))));
    assert!(LshIndex::new().insert(0, &empty.signature).is_empty());
}
