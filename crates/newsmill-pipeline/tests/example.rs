//! The example page through the whole pipeline, with and without annotation (skipped, with one
//! line, where a clone has no `../shared`).
use newsmill_model::{Field, Format, Origin, RawDoc};
use newsmill_pipeline::Pipeline;

#[test]
fn the_example_page_becomes_an_annotated_record() {
    let Some(path) = newsmill_testkit::shared("examples/000_a9c71da2a506d810.txt") else {
        return;
    };
    let raw = RawDoc::new(
        Origin::default(),
        Format::Text,
        std::fs::read(path).expect("a readable example page"),
    );
    let record = Pipeline::new(true).unwrap().record(&raw).unwrap();
    assert_eq!(
        record.title.as_deref(),
        Some("В Кремле назвали и Армению, и Азербайджан партнерами России")
    );
    let peskov = record
        .entities
        .iter()
        .find(|e| e.norm == "Дмитрий Песков")
        .expect("Песков is found");
    assert!(peskov.mentions.iter().all(|m| m.field == Field::Text));
    assert!(record.quotes.iter().any(|q| q
        .speaker
        .as_ref()
        .is_some_and(|s| s.norm == "Дмитрий Песков")));

    // Without annotation: the same article, no layers, and no models loaded.
    let pipeline = Pipeline::new(false).unwrap();
    assert!(pipeline.annotator().is_none());
    let bare = pipeline.record(&raw).unwrap();
    assert_eq!((bare.title, bare.text), (record.title, record.text));
    assert!(bare.entities.is_empty() && bare.quotes.is_empty());
}
