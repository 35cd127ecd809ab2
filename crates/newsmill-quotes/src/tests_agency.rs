//! Forms of attribution that recur in agency news (`shared/data/corpus/ru_articles`), each
//! counted there before it was added.
use newsmill_model::{EntityType, QuoteKind};

use crate::tests::{entities, quotes, speaker, starting};

#[test]
fn an_editors_note_across_lines_keeps_the_quote_whole() {
    let text = "Вступление.\n«Руководство аэропорта сегодня в 19:55 (совпадает с мск. — \nRT\n) \
                организует коктейль для пассажиров», — сказал Махмут Дениз.";
    let ents = entities(text, &[("Махмут Дениз", EntityType::Per, "Махмут Дениз")]);
    let q = quotes(text, &ents);
    let quote = starting(&q, "Руководство аэропорта");
    assert!(quote.text.ends_with("для пассажиров"), "{q:?}");
    assert_eq!(speaker(quote), Some("Махмут Дениз"));
}

#[test]
fn a_line_break_outside_parentheses_still_ends_the_paragraph() {
    let text = "Он сказал (это важно) одно.\n«Второй абзац», — сказал он.";
    let q = quotes(text, &[]);
    assert_eq!(starting(&q, "Второй абзац").text, "Второй абзац");
}

#[test]
fn an_outlet_passing_on_words_gives_them_to_whose_words_they_are() {
    let text = "Вступление.\n«Они уже давно не самые главные», — приводит слова \
                вице-спикера парламента Ефима Фикса РИА Новости.";
    let ents = entities(
        text,
        &[
            ("Ефима Фикса", EntityType::Per, "Ефим Фикс"),
            ("РИА Новости", EntityType::Org, "РИА Новости"),
        ],
    );
    let q = quotes(text, &ents);
    let quote = starting(&q, "Они уже давно");
    assert_eq!(quote.kind, QuoteKind::Direct);
    assert_eq!(speaker(quote), Some("Ефим Фикс"));
    assert_eq!(
        quote.cue.as_ref().map(|c| c.text.as_str()),
        Some("приводит слова")
    );
}

#[test]
fn according_to_a_document_reports_what_follows() {
    let text = "Вступление.\nСогласно документу, депутаты должны нести ответственность за визит.";
    let q = quotes(text, &[]);
    let quote = starting(&q, "депутаты должны");
    assert_eq!(quote.kind, QuoteKind::Indirect);
    // A document seen ("согласно документу") is not a document found in every prepositional
    // phrase: `по документу` reports nothing.
    let text = "Вступление.\nПо документу было видно, что он приехал вчера.";
    assert!(quotes(text, &[]).is_empty());
}

#[test]
fn a_fear_is_a_cognition_cue() {
    let text = "Вступление.\nДипломаты опасаются, что спор Берлина с Вашингтоном помешает ЕС.";
    let q = quotes(text, &[]);
    assert_eq!(
        starting(&q, "спор Берлина").text,
        "спор Берлина с Вашингтоном помешает ЕС"
    );
}

#[test]
fn a_declaration_reports_its_o_object() {
    let text = "Вступление.\nМинистерство обороны Германии заявило о начале программы семинаров.";
    let ents = entities(
        text,
        &[(
            "Министерство обороны Германии",
            EntityType::Org,
            "Министерство обороны Германии",
        )],
    );
    let q = quotes(text, &ents);
    let quote = starting(&q, "о начале программы");
    assert_eq!(speaker(quote), Some("Министерство обороны Германии"));
    // Other verbs with `о` name a topic, not what was said.
    let text = "Вступление.\nМинистерство сообщило о начале программы семинаров.";
    assert!(quotes(text, &[]).is_empty());
}

#[test]
fn a_group_named_by_a_common_noun_speaks_as_written() {
    let text = "Вступление.\nЕвропейские дипломаты опасаются, что спор помешает ЕС.";
    let q = quotes(text, &[]);
    let sp = starting(&q, "спор помешает")
        .speaker
        .as_ref()
        .expect("a speaker");
    assert_eq!(
        (sp.text.as_str(), sp.entity),
        ("Европейские дипломаты", None)
    );
    // Through a relative pronoun, the phrase before its comma.
    let text = "Вступление.\nСанкции встревожили ряд европейских чиновников, которые опасаются, \
                что меры ударят по экономике.";
    let q = quotes(text, &[]);
    let sp = starting(&q, "меры ударят")
        .speaker
        .as_ref()
        .expect("a speaker");
    assert_eq!(sp.text, "ряд европейских чиновников");
    // An object before the verb is no subject: nobody is named.
    let text = "Вступление.\nЖурналистам сообщили, что рейс отменён.";
    let q = quotes(text, &[]);
    assert_eq!(speaker(starting(&q, "рейс отменён")), None);
}

#[test]
fn a_role_stands_for_the_person_just_quoted_and_no_one_else() {
    let text = "Вступление.\n«Санкции не помогут», — сказал Василий Кашин.\nЭксперт полагает, что \
                нормы изменятся.";
    let ents = entities(text, &[("Василий Кашин", EntityType::Per, "Василий Кашин")]);
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "нормы")), Some("Василий Кашин"));
    // With another person named since, the role may be theirs: it stays as written.
    let text = "Вступление.\n«Санкции не помогут», — сказал Василий Кашин.\nНовичок команды \
                Вандерсон усилил игру. Футболист отметил, что игра была трудной.";
    let ents = entities(
        text,
        &[
            ("Василий Кашин", EntityType::Per, "Василий Кашин"),
            ("Вандерсон", EntityType::Per, "Вандерсон"),
        ],
    );
    let q = quotes(text, &ents);
    let sp = starting(&q, "игра была")
        .speaker
        .as_ref()
        .expect("a speaker");
    assert_eq!((sp.text.as_str(), sp.entity), ("Футболист", None));
}

#[test]
fn a_group_after_its_verb_speaks_as_written() {
    // The subject after the verb, closing its clause; an outlet told the words stands aside.
    for (text, start, want) in [
        (
            "Вступление.\nДоза не превышала норму, сообщил коронер.",
            "Доза",
            "коронер",
        ),
        (
            "Вступление.\nЦены вырастут, полагают собеседники издания.",
            "Цены",
            "собеседники издания",
        ),
        (
            "Вступление.\nРынок растёт, рассказали RT профильные специалисты.",
            "Рынок",
            "профильные специалисты",
        ),
        (
            "Вступление.\nТеперь, как пишут СМИ, операторов обяжут платить.",
            "операторов",
            "СМИ",
        ),
    ] {
        let ents = entities(text, &[("RT", EntityType::Org, "RT")]);
        let q = quotes(text, &ents);
        let sp = starting(&q, start).speaker.as_ref().expect(text);
        assert_eq!((sp.text.as_str(), sp.entity), (want, None), "{text}");
    }
    // A verb whose content is its object takes the noun after it as that object.
    let text = "Вступление.\nПротестующие обвинили власти в фальсификации.";
    let q = quotes(text, &[]);
    assert!(q
        .iter()
        .all(|q| q.speaker.as_ref().is_none_or(|s| s.text != "власти")));
}

#[test]
fn a_group_in_a_report_phrase_is_named_in_the_nominative() {
    let text = "Вступление.\nПо данным следствия, деньги вывели за рубеж.";
    let q = quotes(text, &[]);
    let sp = starting(&q, "деньги").speaker.as_ref().expect("a speaker");
    assert_eq!(
        (sp.text.as_str(), sp.norm.as_str()),
        ("следствия", "следствие")
    );
    let text = "Вступление.\nПо словам независимых экспертов, рост продолжится.";
    let q = quotes(text, &[]);
    let sp = starting(&q, "рост").speaker.as_ref().expect("a speaker");
    assert_eq!(sp.norm, "независимые эксперты");
}

#[test]
fn a_document_with_no_author_speaks_by_its_noun() {
    let text = "Вступление.\nСогласно документу, данные будут обрабатываться по критериям.";
    let q = quotes(text, &[]);
    let sp = starting(&q, "данные").speaker.as_ref().expect("a speaker");
    assert_eq!(
        (sp.text.as_str(), sp.norm.as_str()),
        ("документу", "документ")
    );
    let text = "Вступление.\nВ докладе говорится, что целью были военные.";
    let q = quotes(text, &[]);
    let sp = starting(&q, "целью").speaker.as_ref().expect("a speaker");
    assert_eq!(sp.norm, "доклад");
}

#[test]
fn a_role_skips_persons_named_inside_the_quoted_words() {
    let text = "Вступление.\n«Рынок растёт», — отметил Дмитрий Егорченков.\n«Тот же Сорос ищет \
                противоречия», — утверждает эксперт.";
    let ents = entities(
        text,
        &[
            ("Дмитрий Егорченков", EntityType::Per, "Дмитрий Егорченков"),
            ("Сорос", EntityType::Per, "Джордж Сорос"),
        ],
    );
    let q = quotes(text, &ents);
    let sp = starting(&q, "Тот же").speaker.as_ref().expect("a speaker");
    assert_eq!(sp.norm, "Дмитрий Егорченков");
}

#[test]
fn an_unnamed_source_and_a_title_no_one_is_named_by_speak_as_written() {
    let text = "Вступление.\n«Призыв сорван», — рассказал источник RT в Генштабе.";
    let ents = entities(text, &[("RT", EntityType::Org, "RT")]);
    let q = quotes(text, &ents);
    let sp = starting(&q, "Призыв").speaker.as_ref().expect("a speaker");
    assert_eq!((sp.text.as_str(), sp.entity), ("источник RT", None));
    let text = "Вступление.\n«Мы против», — цитирует ТАСС неназванного политика.";
    let ents = entities(text, &[("ТАСС", EntityType::Org, "ТАСС")]);
    let q = quotes(text, &ents);
    let sp = starting(&q, "Мы против")
        .speaker
        .as_ref()
        .expect("a speaker");
    assert_eq!(sp.norm, "неназванный политик");
}

#[test]
fn about_this_attributes_the_sentence_before() {
    let text =
        "Вступление.\nСербия проведёт референдум о вступлении в ЕС. Об этом в четверг заявил \
                президент Александр Вучич.";
    let ents = entities(
        text,
        &[("Александр Вучич", EntityType::Per, "Александр Вучич")],
    );
    let q = quotes(text, &ents);
    let found = starting(&q, "Сербия проведёт");
    assert_eq!(found.kind, QuoteKind::Indirect);
    assert_eq!(speaker(found), Some("Александр Вучич"));
    // Not across a paragraph in between, and not a heading with no predicate.
    let text = "Вступление.\nСербия проведёт референдум.\n\nИтоги.\n\nОб этом сообщил Вучич.";
    let ents = entities(text, &[("Вучич", EntityType::Per, "Александр Вучич")]);
    assert!(quotes(text, &ents).is_empty());
}
