//! The committed model on the real development data in `../shared/data/ner` (each test skips,
//! with one line, where a clone has none).
use std::collections::HashMap;

use newsmill_model::EntityType;
use newsmill_ner::corpus::GoldDoc;
use newsmill_ner::score::{Predicted, Report};
use newsmill_ner::train::{Settings, Trained};
use newsmill_ner::{Annotator, Scheme};

/// `name` in `shared/data/ner`, or `None` (the test skips) without it.
fn data(name: &str) -> Option<std::path::PathBuf> {
    newsmill_testkit::shared(&format!("data/ner/{name}"))
}

fn predict(a: &Annotator, docs: &[GoldDoc]) -> HashMap<String, Predicted> {
    docs.iter()
        .map(|d| {
            let mut p = Predicted::new();
            for e in a.annotate(&d.text) {
                for m in e.mentions {
                    p.insert((m.start, m.end, e.kind), Some(e.norm.clone()));
                }
            }
            (d.id.clone(), p)
        })
        .collect()
}

#[test]
fn committed_model_scores_well_on_nerel_dev() {
    let Some(path) = data("nerel_dev.jsonl") else {
        return;
    };
    let gold = GoldDoc::load(&path).expect("nerel_dev");
    let report = Report::new(&gold, &predict(&Annotator::new().unwrap(), &gold), false);
    // Measured 0.872 micro F1 and 0.579 norm accuracy at commit time (0.846 before the second
    // pass, 0.869 before decision 22); natasha scores 0.777 here.
    assert!(report.micro_f1() > 0.865, "{}", report.render());
    assert!(
        report.norm_accuracy().unwrap() > 0.57,
        "{}",
        report.render()
    );
}

/// The committed second pass earns its cost: the first pass alone scores lower.
#[test]
fn the_second_pass_improves_on_the_first() {
    let Some(path) = data("nerel_dev.jsonl") else {
        return;
    };
    let gold = GoldDoc::load(&path).expect("nerel_dev");
    let models = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let read = |name: &str| std::fs::read(models.join(name)).expect(name);
    let (first, second, norms) = (
        read("ner.model.gz"),
        read("ner-doc.model.gz"),
        read("norms.tsv.gz"),
    );
    let one = Annotator::from_bytes(&first, None, &norms).unwrap();
    let two = Annotator::from_bytes(&first, Some(&second), &norms).unwrap();
    let f1 = |a: &Annotator| Report::new(&gold, &predict(a, &gold), false).micro_f1();
    let (one, two) = (f1(&one), f1(&two));
    assert!(two > one + 0.005, "first pass {one:.3}, both {two:.3}");
}

#[test]
fn training_is_deterministic_and_the_model_survives_a_round_trip() {
    let Some(path) = data("nerel_train.jsonl") else {
        return;
    };
    let docs = GoldDoc::load(&path).expect("nerel_train");
    let small = &docs[..60];
    let settings = Settings {
        epochs: 3,
        ..Settings::default()
    };
    let write = |t: &Trained| {
        let mut bytes = Vec::new();
        t.model.write(&mut bytes).unwrap();
        let mut second = Vec::new();
        t.second
            .as_ref()
            .expect("second pass")
            .write(&mut second)
            .unwrap();
        let mut norms = Vec::new();
        t.lexicon.write(&mut norms).unwrap();
        (bytes, second, norms)
    };
    let a = Trained::train(small, settings);
    let b = Trained::train(small, settings);
    let (model, second, norms) = write(&a);
    assert_eq!((model.clone(), second.clone(), norms.clone()), write(&b));
    let Some(path) = data("nerel_dev.jsonl") else {
        return;
    };
    let dev = GoldDoc::load(&path).expect("nerel_dev");
    let dev = &dev[..20];
    let reloaded = Annotator::from_bytes(&model, Some(&second), &norms).unwrap();
    let trained = a.annotator();
    for d in dev {
        assert_eq!(trained.annotate(&d.text), reloaded.annotate(&d.text));
    }
}

#[test]
fn example_page_entities_have_one_identity_per_person() {
    let text =
        "Пресс-секретарь президента РФ Дмитрий Песков заявил, что Армения остается союзником. \
                По словам Пескова, Россия поддерживает контакты с Арменией и Азербайджаном.";
    let ents = Annotator::new().unwrap().annotate(text);
    let peskov: Vec<_> = ents.iter().filter(|e| e.norm.contains("Песков")).collect();
    assert_eq!(peskov.len(), 1, "{ents:#?}");
    assert_eq!(peskov[0].mentions.len(), 2, "{ents:#?}");
    assert!(peskov[0].norm.starts_with("Дмитрий"), "{ents:#?}");
    let armenia: Vec<_> = ents.iter().filter(|e| e.norm == "Армения").collect();
    assert_eq!(armenia.len(), 1, "{ents:#?}");
    assert_eq!(armenia[0].mentions.len(), 2, "{ents:#?}");
}

/// One model, two conventions: NEREL tags the bare party name and place adjectives, the
/// factRuEval scheme takes the party noun in (ending before the closing mark, as factRuEval
/// does) and leaves adjectives out.
#[test]
fn schemes_tag_by_their_own_conventions() {
    let text =
        "Лидер партии «Яблоко» Сергей Митрохин заявил, что российские власти нарушают закон.";
    let spans = |scheme: Scheme| -> Vec<(String, EntityType, String)> {
        let ents = Annotator::new().unwrap().with_scheme(scheme).annotate(text);
        let chars: Vec<char> = text.chars().collect();
        ents.iter()
            .flat_map(|e| {
                e.mentions.iter().map(|m| {
                    let written: String = chars[m.start..m.end].iter().collect();
                    (written, e.kind, e.norm.clone())
                })
            })
            .collect()
    };
    let nerel = spans(Scheme::Nerel);
    assert!(
        nerel
            .iter()
            .any(|(w, k, _)| w == "Яблоко" && *k == EntityType::Org),
        "{nerel:?}"
    );
    let factru = spans(Scheme::FactRu);
    assert!(
        factru.iter().any(|(w, k, n)| w == "партии «Яблоко"
            && *k == EntityType::Org
            && n == "партия «Яблоко»"),
        "{factru:?}"
    );
    assert!(
        !factru.iter().any(|(w, _, _)| w.starts_with("российск")),
        "{factru:?}"
    );
    assert!(factru
        .iter()
        .any(|(w, k, _)| w == "Сергей Митрохин" && *k == EntityType::Per));
}

/// The scheme of a gold file is told by its fine types.
#[test]
fn gold_files_tell_their_scheme() {
    let Some(path) = data("factru_dev.jsonl") else {
        return;
    };
    let factru = GoldDoc::load(&path).unwrap();
    assert_eq!(GoldDoc::scheme_of(&factru), Scheme::FactRu);
    let Some(path) = data("nerel_dev.jsonl") else {
        return;
    };
    let nerel = GoldDoc::load(&path).unwrap();
    assert_eq!(GoldDoc::scheme_of(&nerel), Scheme::Nerel);
    assert!(nerel.iter().all(|d| d.scheme() == Scheme::Nerel));
}

/// English text goes to the English tagger: one entity per referent, titles, articles and
/// possessives out of the names, an acronym joined to its expansion. Other languages without a
/// tagger get none.
#[test]
fn english_entities_have_one_identity_per_referent() {
    let text = "President Joe Biden met German Chancellor Olaf Scholz in Washington. Biden said \
                the United Nations (UN) must act, and the UN agreed.";
    let a = Annotator::new().unwrap();
    let ents = a.annotate_lang(text, Some("en"));
    let by_norm = |n: &str| ents.iter().find(|e| e.norm == n);
    let biden = by_norm("Joe Biden").unwrap_or_else(|| panic!("{ents:#?}"));
    assert_eq!(biden.kind, EntityType::Per);
    assert_eq!(biden.mentions.len(), 2, "{ents:#?}");
    assert!(by_norm("Olaf Scholz").is_some(), "{ents:#?}");
    assert!(by_norm("Washington").is_some_and(|e| e.kind == EntityType::Loc));
    let un = by_norm("United Nations").unwrap_or_else(|| panic!("{ents:#?}"));
    assert_eq!(un.mentions.len(), 3, "{ents:#?}");
    assert!(a
        .annotate_lang("Der Kanzler Olaf Scholz", Some("de"))
        .is_empty());
}
