use newsmill_model::{Entity, EntityType, Field, Mention, Quote, QuoteKind};
use newsmill_nlp::token::{sentences, tokenize};

/// Entities given by their surface strings (every occurrence is a mention).
/// Entities of `text` from `(surface, type, norm)`: every whole-word occurrence of a surface is
/// a mention, and surfaces of one type and norm are one entity.
pub(crate) fn entities(text: &str, names: &[(&str, EntityType, &str)]) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    for &(surface, kind, norm) in names {
        let mut mentions = Vec::new();
        for (b, _) in text.match_indices(surface) {
            let after = text[b + surface.len()..].chars().next();
            if after.is_some_and(char::is_alphabetic) {
                continue;
            }
            let start = text[..b].chars().count();
            mentions.push(Mention {
                start,
                end: start + surface.chars().count(),
                text: surface.to_owned(),
                field: Field::Text,
            });
        }
        match out.iter_mut().find(|e| e.kind == kind && e.norm == norm) {
            Some(e) => {
                e.mentions.extend(mentions);
                e.mentions.sort_by_key(|m| m.start);
            }
            None => out.push(Entity {
                id: out.len(),
                kind,
                norm: norm.to_owned(),
                mentions,
            }),
        }
    }
    out
}

/// The quote whose text starts with `prefix`; fails the test, listing the quotes, if none does.
pub(crate) fn starting<'a>(q: &'a [Quote], prefix: &str) -> &'a Quote {
    q.iter()
        .find(|x| x.text.starts_with(prefix))
        .unwrap_or_else(|| panic!("no quote starts with {prefix:?}: {q:?}"))
}

pub(crate) fn quotes(text: &str, ents: &[Entity]) -> Vec<Quote> {
    let tokens = tokenize(text);
    let sents = sentences(text, &tokens);
    super::find(text, &tokens, &sents, ents)
}

pub(crate) fn speaker(q: &Quote) -> Option<&str> {
    q.speaker.as_ref().map(|s| s.norm.as_str())
}

/// The entity a quote's speaker resolves to, by its normal form: `None` both with no speaker
/// and with one given only as written (`Коронер`, `эксперты`; decision 55).
pub(crate) fn named(q: &Quote) -> Option<&str> {
    q.speaker
        .as_ref()
        .filter(|s| s.entity.is_some())
        .map(|s| s.norm.as_str())
}

#[test]
fn direct_quote_after_dash_attribution() {
    let text = "\"Мы продолжаем наши контакты\", — заявил Песков.";
    let ents = entities(text, &[("Песков", EntityType::Per, "Дмитрий Песков")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].kind, QuoteKind::Direct);
    assert_eq!(q[0].text, "Мы продолжаем наши контакты");
    assert_eq!(speaker(&q[0]), Some("Дмитрий Песков"));
    let cue = q[0].cue.as_ref().expect("cue");
    assert_eq!(
        (cue.text.as_str(), cue.lemma.as_str()),
        ("заявил", "заявить")
    );
}

#[test]
fn quote_broken_by_attribution_is_two_quotes_with_one_speaker() {
    let text = "«Это первое», — сказал он, — «а это второе». Он ушёл.";
    let ents = entities(text, &[]);
    let q = quotes(text, &ents);
    let direct: Vec<_> = q.iter().filter(|q| q.kind == QuoteKind::Direct).collect();
    assert_eq!(direct.len(), 2, "{q:?}");
    assert_eq!(direct[1].text, "а это второе");
}

#[test]
fn pronoun_resolves_to_the_latest_speaker() {
    let text = "\"Контакты продолжаются\", — заявил Дмитрий Песков.\n\nОн отметил, что российские военные выполняют реальные дела.";
    let ents = entities(
        text,
        &[("Дмитрий Песков", EntityType::Per, "Дмитрий Песков")],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[1].kind, QuoteKind::Indirect);
    assert_eq!(q[1].text, "российские военные выполняют реальные дела");
    assert_eq!(speaker(&q[1]), Some("Дмитрий Песков"));
    assert_eq!(q[1].speaker.as_ref().unwrap().text, "Он");
}

#[test]
fn inverted_indirect_speech_takes_the_speaker_after_the_cue() {
    let text = "Контакты России с Арменией продолжаются, заявил пресс-секретарь президента РФ Дмитрий Песков.";
    let ents = entities(
        text,
        &[
            ("России", EntityType::Loc, "Россия"),
            ("Арменией", EntityType::Loc, "Армения"),
            ("РФ", EntityType::Loc, "Россия"),
            ("Дмитрий Песков", EntityType::Per, "Дмитрий Песков"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].text, "Контакты России с Арменией продолжаются");
    assert_eq!(speaker(&q[0]), Some("Дмитрий Песков"));
}

#[test]
fn institutions_and_places_speak() {
    let text = "В Ереване назвали происходящее агрессией и заявили, что армянских подразделений в Карабахе нет. \
                Минобороны РФ призвало стороны конфликта немедленно прекратить огонь.";
    let ents = entities(
        text,
        &[
            ("Ереване", EntityType::Loc, "Ереван"),
            ("Карабахе", EntityType::Loc, "Карабах"),
            ("Минобороны РФ", EntityType::Org, "Минобороны РФ"),
        ],
    );
    let q = quotes(text, &ents);
    let nyet = q
        .iter()
        .find(|q| q.text == "армянских подразделений в Карабахе нет")
        .expect("the что-clause");
    assert_eq!(speaker(nyet), Some("Ереван"));
    assert_eq!(nyet.speaker.as_ref().unwrap().text, "В Ереване");
    let call = starting(&q, "стороны конфликта");
    assert_eq!(speaker(call), Some("Минобороны России"));
    assert_eq!(call.cue.as_ref().unwrap().lemma, "призвать");
}

#[test]
fn anaphoric_noun_takes_the_latest_organisation() {
    let text = "Минобороны РФ призвало стороны прекратить огонь. В российском военном ведомстве отметили, что миротворцы организовали эвакуацию.";
    let ents = entities(text, &[("Минобороны РФ", EntityType::Org, "Минобороны РФ")]);
    let q = quotes(text, &ents);
    let second = starting(&q, "миротворцы");
    assert_eq!(speaker(second), Some("Минобороны России"));
}

#[test]
fn anonymous_source_gives_no_speaker() {
    let text =
        "Иван Петров приехал в город. Собеседник агентства сообщил, что переговоры продолжатся.";
    let ents = entities(text, &[("Иван Петров", EntityType::Per, "Иван Петров")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(named(&q[0]), None, "{q:?}");
}

#[test]
fn po_slovam_reports_the_rest_of_the_sentence() {
    let text = "По словам Лаврова, переговоры зашли в тупик.";
    let ents = entities(text, &[("Лаврова", EntityType::Per, "Сергей Лавров")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].text, "переговоры зашли в тупик");
    assert_eq!(speaker(&q[0]), Some("Сергей Лавров"));
    assert_eq!(q[0].cue.as_ref().unwrap().lemma, "по словам");
}

#[test]
fn quoted_fragment_in_reported_speech_is_mixed() {
    let text =
        "Пресс-служба отмечает, что на момент обыска \"в доме находились сотрудники посольства\".";
    let q = quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].kind, QuoteKind::Mixed);
}

#[test]
fn names_in_quotes_are_not_quotes() {
    let text = "Газета \"Коммерсант\" вышла утром. Компания «Газпром» выросла.";
    assert!(quotes(text, &[]).is_empty());
}

#[test]
fn an_unclosed_quote_never_runs_past_its_paragraph() {
    let text = "«Мы никогда не сдадимся, — заявил он.\n\nДругой абзац «с кавычками» и текстом.";
    let q = quotes(text, &[]);
    let para_end = text.find('\n').map(|b| text[..b].chars().count()).unwrap();
    assert!(
        q.iter().all(|q| q.end <= para_end || q.start > para_end),
        "{q:?}"
    );
}

#[test]
fn a_quote_over_two_paragraphs_is_a_quote_in_each() {
    // The marks open in one paragraph and close in the next: one quote per paragraph, both
    // the speaker's, and the text after the closing mark is the reporter's again.
    let text = "Лавров сказал: «Мы готовы к переговорам.\n\nНо условия остаются прежними». \
                Встреча прошла в Москве.\n\nДругой абзац.";
    let ents = entities(text, &[("Лавров", EntityType::Per, "Сергей Лавров")]);
    let q = quotes(text, &ents);
    let texts: Vec<&str> = q.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Мы готовы к переговорам.", "Но условия остаются прежними"],
        "{q:?}"
    );
    for q in &q {
        assert_eq!(q.kind, QuoteKind::Direct);
        assert_eq!(speaker(q), Some("Сергей Лавров"));
    }
    // A mark left open with no closing one in the next paragraph stays a fragment there.
    let text = "Лавров сказал: «Мы готовы к переговорам.\n\nВстреча прошла в Москве.";
    let q = quotes(text, &ents);
    let para_end = text.find('\n').map(|b| text[..b].chars().count()).unwrap();
    assert!(q.iter().all(|q| q.end <= para_end), "{q:?}");
}

#[test]
fn english_said_that_and_trailing_attribution() {
    let text = "\"We will win,\" Smith said. The minister said that the talks had failed.";
    let q = quotes(text, &[]);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].kind, QuoteKind::Direct);
    assert_eq!(q[0].text, "We will win");
    assert_eq!(speaker(&q[0]), Some("Smith"));
    assert_eq!(q[1].text, "the talks had failed");
}

#[test]
fn dialogue_dash_turn() {
    let text = "— Мы готовы к переговорам, — сказал Лавров.";
    let ents = entities(text, &[("Лавров", EntityType::Per, "Сергей Лавров")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].text, "Мы готовы к переговорам");
    assert_eq!(speaker(&q[0]), Some("Сергей Лавров"));
}

#[test]
fn hostile_inputs_do_not_panic() {
    for text in [
        "",
        "\"",
        "«««««",
        "»»» — заявил",
        "— — — сказал, — «",
        "\"a\" \"b\" \"c\", — сказал он, — \"",
        "по словам",
        "по словам ,",
        "как следует из",
        "according to",
        ", заявил",
        "заявил, что",
        ",   —  заявил по словам «",
    ] {
        let _ = quotes(text, &[]);
    }
}

#[test]
fn unknown_and_acronym_names_can_be_subjects() {
    let text = "Фельдшер Шани Гамлиэль рассказала журналистам, что помощь оказал спасатель. \
                13 апреля ВАДА признала, что ситуация стала беспрецедентной.";
    let ents = entities(
        text,
        &[
            ("Шани Гамлиэль", EntityType::Per, "Шани Гамлиэль"),
            (
                "ВАДА",
                EntityType::Org,
                "Всемирное антидопинговое агентство",
            ),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Шани Гамлиэль"));
    // An organisation named by its acronym speaks under it.
    assert_eq!(speaker(&q[1]), Some("ВАДА"));
}

#[test]
fn a_headline_is_no_quote_where_the_text_may_open_with_one() {
    let text = "Мандела оказал влияние на людей по всему миру, заявил Обама\n\n\
                Президент США сказал, что встретился с семьей Манделы.";
    let ents = entities(text, &[("Обама", EntityType::Per, "Барак Обама")]);
    let tokens = tokenize(text);
    let sents = sentences(text, &tokens);
    let layout = super::Layout {
        headline_first: true,
    };
    let q = super::find_with(text, &tokens, &sents, &ents, layout);
    assert_eq!(q.len(), 1, "{q:?}");
    assert!(q[0].text.starts_with("встретился"));
    // A record's body opens with its lead, never its headline: the first line counts.
    assert_eq!(quotes(text, &ents).len(), 2);
}

#[test]
fn a_voice_and_authorities_are_named_by_what_they_speak_for() {
    let text = "Израиль выслал активистку. Израильские власти заявили, что она нарушила запрет. \
                Пресс-служба Кремля сообщила, что законопроект внесён в Думу.";
    let ents = entities(
        text,
        &[
            ("Израиль", EntityType::Loc, "Израиль"),
            ("Израильские власти", EntityType::Org, "Израильские власти"),
            (
                "Пресс-служба Кремля",
                EntityType::Org,
                "Пресс-служба Кремля",
            ),
        ],
    );
    let q = quotes(text, &ents);
    let banned = starting(&q, "она нарушила");
    assert_eq!(speaker(banned), Some("Израиль"));
    let bill = starting(&q, "законопроект");
    assert_eq!(speaker(bill), Some("Кремль"));
    // A service that is an institution keeps its name.
    let text = "Служба безопасности Украины заявила, что задержала агента.";
    let ents = entities(
        text,
        &[(
            "Служба безопасности Украины",
            EntityType::Org,
            "Служба безопасности Украины",
        )],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Служба безопасности Украины"));
}

#[test]
fn a_role_names_the_person_the_text_gave_it_to_and_no_one_else() {
    // The title was given to Назарбаев; the latest speaker (Рогов) holds another.
    let text = "Об этом сказал президент Казахстана Нурсултан Назарбаев. \
                Председатель совета Игорь Рогов заявил, что формулировки неточны. \
                Президент отметил, что выборы пройдут честно.";
    let ents = entities(
        text,
        &[
            ("Казахстана", EntityType::Loc, "Казахстан"),
            (
                "Нурсултан Назарбаев",
                EntityType::Per,
                "Нурсултан Назарбаев",
            ),
            ("Игорь Рогов", EntityType::Per, "Игорь Рогов"),
        ],
    );
    let q = quotes(text, &ents);
    let fair = starting(&q, "выборы");
    assert_eq!(speaker(fair), Some("Нурсултан Назарбаев"));
    // A profession the text gave no one is a new, unnamed person, and a relative is not the
    // person named.
    let text = "Певица Патриша Хьюстон заявила, что скорбит. \
                Коронер отметил, что медикаменты не превышали норму. \
                Племянник сказал, что она была счастлива.";
    let ents = entities(
        text,
        &[("Патриша Хьюстон", EntityType::Per, "Патриша Хьюстон")],
    );
    let q = quotes(text, &ents);
    for start in ["медикаменты", "она была"] {
        let quote = starting(&q, start);
        assert_eq!(named(quote), None, "{quote:?}");
    }
}

#[test]
fn a_subject_before_the_cue_is_no_report_and_an_announcement_is_no_quote() {
    // The comma closes a parenthetical date: what precedes the cue is its subject.
    let text = "Парламент Грузии в среду, 20 июня, выразил доверие Мамуке Бахтадзе.";
    let ents = entities(
        text,
        &[
            ("Парламент Грузии", EntityType::Org, "Парламент Грузии"),
            ("Мамуке Бахтадзе", EntityType::Per, "Мамука Бахтадзе"),
        ],
    );
    assert!(quotes(text, &ents).is_empty());
    // The announced quote was an embed the page lost: the next line announces another one.
    let text = "Директор цирка Дмитрий Резниченко уточнил:\n\nВ комментарии НТВ Резниченко сказал:\n\nПо его словам, похороны пройдут в Германии.";
    let ents = entities(
        text,
        &[("Дмитрий Резниченко", EntityType::Per, "Дмитрий Резниченко")],
    );
    let q = quotes(text, &ents);
    assert!(
        q.iter().all(|q| !q.text.starts_with("В комментарии")),
        "{q:?}"
    );
}

#[test]
fn the_report_phrase_names_a_colon_paragraph_and_an_oblique_noun_is_no_subject() {
    let text = "Президент Сербии Александр Вучич дал интервью.\n\nПо его словам, тогда Сербии пришлось бы признать Косово, часть жителей которого считает себя государством:\n\nМы не признали Крым частью России.";
    let ents = entities(
        text,
        &[
            ("Сербии", EntityType::Loc, "Сербия"),
            ("Александр Вучич", EntityType::Per, "Александр Вучич"),
            ("Косово", EntityType::Loc, "Косово"),
        ],
    );
    let q = quotes(text, &ents);
    let crimea = starting(&q, "Мы не признали");
    assert_eq!(speaker(crimea), Some("Александр Вучич"));
    let text = "Прокуратура предъявила обвинение Валентину Данилову. Данилов был директором центра.\nОн признался, что продавал китайской компании данные, однако заявил, что эта технология была доступна.";
    let ents = entities(
        text,
        &[
            ("Прокуратура", EntityType::Org, "Прокуратура"),
            ("Валентину Данилову", EntityType::Per, "Валентин Данилов"),
            ("Данилов", EntityType::Per, "Валентин Данилов"),
        ],
    );
    let q = quotes(text, &ents);
    let open = starting(&q, "эта технология");
    assert_eq!(speaker(open), Some("Валентин Данилов"));
}

#[test]
fn a_statement_speaks_with_the_voice_last_quoted() {
    let text = "МВД Украины сообщило, что взрыв произошёл у здания Рады.\n\nВ заявлении также говорится, что погибший был охранником депутата.";
    let ents = entities(text, &[("МВД Украины", EntityType::Org, "МВД Украины")]);
    let q = quotes(text, &ents);
    let guard = starting(&q, "погибший");
    assert_eq!(speaker(guard), Some("МВД Украины"));
    // With no statement quoted before, the statement speaks for itself.
    let text = "В заявлении говорится, что погибший был охранником депутата.";
    let q = quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("заявление"));
}

#[test]
fn a_name_in_its_normal_form_is_nominative_and_a_consonant_surname_has_no_gender() {
    // The dictionary reads `Мартина` only as the genitive of `Мартин`, and knows `Рейнольдс`
    // as a man's first name; neither may turn a woman's name away from her verb.
    let text = "Ребенком она любила Памелу Андерсон.\n\nВ купальнике Мартина Биг позировала на пляже. Она рассказала: «Я счастлива».\n\nЕё мать – актриса Дебби Рейнольдс – сказала, что состояние дочери стабилизировалось.";
    let ents = entities(
        text,
        &[
            ("Памелу Андерсон", EntityType::Per, "Памела Андерсон"),
            ("Мартина Биг", EntityType::Per, "Мартина Биг"),
            ("Дебби Рейнольдс", EntityType::Per, "Дебби Рейнольдс"),
        ],
    );
    let q = quotes(text, &ents);
    let happy = q.iter().find(|q| q.text.starts_with("Я счастлива"));
    assert_eq!(happy.and_then(speaker), Some("Мартина Биг"), "{q:?}");
    let stable = q.iter().find(|q| q.text.starts_with("состояние"));
    assert_eq!(stable.and_then(speaker), Some("Дебби Рейнольдс"), "{q:?}");
}

#[test]
fn a_relative_named_in_apposition_speaks_and_a_gerund_takes_its_own_clause() {
    let text = "Ей позвонил младший брат Пётр и сказал: «Я, кажется, её убил».";
    let ents = entities(text, &[("Пётр", EntityType::Per, "Пётр Завьялов")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Пётр Завьялов"));
    // `Отец Сингха` is still the unnamed father.
    let text = "Отец Сингха заявил, что сын был убит.";
    let ents = entities(text, &[("Сингха", EntityType::Per, "Сингх")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), None);
    // The gerund's subject is the nearest clause's, and the quoted word is mixed, not direct.
    let text = "Глава ЛДПР Владимир Жириновский потребовал лишить его мандата, а депутат Александр Хинштейн назвал его «вруном», заявив, что «слово ранит сильнее, чем дело».";
    let ents = entities(
        text,
        &[
            (
                "Владимир Жириновский",
                EntityType::Per,
                "Владимир Жириновский",
            ),
            ("Александр Хинштейн", EntityType::Per, "Александр Хинштейн"),
        ],
    );
    let q = quotes(text, &ents);
    let word = q
        .iter()
        .find(|q| q.text.contains("вруном"))
        .expect("the word");
    assert_eq!(word.kind, QuoteKind::Mixed);
    assert_eq!(speaker(word), Some("Александр Хинштейн"));
    let said = q
        .iter()
        .find(|q| q.text.contains("слово ранит"))
        .expect("the saying");
    assert_eq!(speaker(said), Some("Александр Хинштейн"));
}

#[test]
fn attributions_past_doubled_marks_appositions_and_quoted_names() {
    let text = "\"Совет объявляет, что выборы пройдут через 60 дней\"\" – сообщил председатель совета Фатхи Абд Эннатхер.";
    let ents = entities(
        text,
        &[("Фатхи Абд Эннатхер", EntityType::Per, "Фатхи Абд Эннатхер")],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].kind, QuoteKind::Direct);
    assert_eq!(speaker(&q[0]), Some("Фатхи Абд Эннатхер"));
    let text = "Законопроект призван «укрепить престиж военной службы», пояснил автор законопроекта, первый зампред комитета по обороне Андрей Красов.";
    let ents = entities(text, &[("Андрей Красов", EntityType::Per, "Андрей Красов")]);
    let q = quotes(text, &ents);
    assert_eq!(q.first().and_then(speaker), Some("Андрей Красов"), "{q:?}");
    let text = "Как сообщило новостное агентство «Ассошиэйтед пресс», певица утонула в ванне.";
    let ents = entities(
        text,
        &[("Ассошиэйтед пресс", EntityType::Org, "Ассошиэйтед пресс")],
    );
    let q = quotes(text, &ents);
    assert_eq!(
        q.first().and_then(speaker),
        Some("Ассошиэйтед пресс"),
        "{q:?}"
    );
}

#[test]
fn an_institution_noun_takes_the_latest_organisation_of_its_kind() {
    let text = "МВД Украины расследует нападение. В Верховной Раде Украины заседание прервали.\n\nНачато расследование по статье о терроризме, сообщило министерство.";
    let ents = entities(
        text,
        &[
            ("МВД Украины", EntityType::Org, "МВД Украины"),
            (
                "Верховной Раде Украины",
                EntityType::Org,
                "Верховная Рада Украины",
            ),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.first().and_then(speaker), Some("МВД Украины"), "{q:?}");
    // Police speak only through a police organisation the text names.
    let text = "Мэрия Москвы молчит.\n\nВ полиции рассказали, что женщина подошла к нему.";
    let ents = entities(text, &[("Мэрия Москвы", EntityType::Org, "Мэрия Москвы")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), None);
}

#[test]
fn a_place_adjective_or_a_preposition_led_place_is_no_source() {
    let text = "По информации японских СМИ, Окава ни разу серьёзно не болела.";
    let ents = entities(text, &[("японских", EntityType::Loc, "Япония")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), None);
    let text = "Адвокат родственников расстрелянных под Катынью военнопленных заявил, что удовлетворен решением суда.";
    let ents = entities(text, &[("под Катынью", EntityType::Loc, "Катынь")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    // (The lawyer, unnamed, speaks as written.)
    assert_eq!(
        speaker(&q[0]),
        Some("Адвокат родственников расстрелянных под Катынью военнопленных")
    );
}

#[test]
fn a_colon_before_blank_lines_announced_what_the_page_lost() {
    // The embedded statement is gone; the next paragraph is the reporter's, with its own source.
    let text = "Балахничев также добавил, что ВФЛА в услугах бегуна не нуждается:\n\n\nКак сообщает «МК», бегун не должен был ехать на чемпионат.";
    let ents = entities(
        text,
        &[
            ("Балахничев", EntityType::Per, "Валентин Балахничев"),
            ("МК", EntityType::Org, "МК"),
        ],
    );
    let q = quotes(text, &ents);
    assert!(q.iter().all(|q| q.kind != QuoteKind::Direct), "{q:?}");
    let mk = starting(&q, "бегун");
    assert_eq!(speaker(mk), Some("МК"));
    // With the quote right after the colon, it is his.
    let text = "Балахничев также добавил:\nМы в услугах бегуна не нуждаемся.";
    let ents = entities(
        text,
        &[("Балахничев", EntityType::Per, "Валентин Балахничев")],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].kind, QuoteKind::Direct);
    assert_eq!(speaker(&q[0]), Some("Валентин Балахничев"));
}

#[test]
fn american_authorities_speak_for_the_united_states() {
    let text = "Американские власти потребовали выдать его, чтобы он предстал перед судом.";
    let ents = entities(
        text,
        &[(
            "Американские власти",
            EntityType::Org,
            "Американские власти",
        )],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.first().and_then(speaker), Some("США"), "{q:?}");
}

#[test]
fn a_surname_of_the_other_gender_is_an_oblique_mention_not_the_antecedent() {
    let text = "Заявил зампрокурора Станислав Буянский, который проник в резиденцию Д.Медведева. В обращении к СМИ он рассказал, что столкнулся с злоупотреблениями.";
    let ents = entities(
        text,
        &[
            ("Станислав Буянский", EntityType::Per, "Станислав Буянский"),
            ("Д.Медведева", EntityType::Per, "Дмитрий Медведев"),
        ],
    );
    let q = quotes(text, &ents);
    let abuse = starting(&q, "столкнулся");
    assert_eq!(speaker(abuse), Some("Станислав Буянский"), "{q:?}");
}

#[test]
fn quoted_fragments_of_an_inverted_report_make_one_mixed_quote() {
    let text = "Малайзия не хочет конфликтовать с Китаем, заявил её премьер-министр Махатхир Мохамад.\n\nМалайзия не критикует «лагеря» в Синьцзяне, поскольку Китай — «очень могущественное государство» и «выгоден нам», заявил премьер.";
    let ents = entities(
        text,
        &[("Махатхир Мохамад", EntityType::Per, "Махатхир Мохамад")],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[1].kind, QuoteKind::Mixed);
    assert!(q[1].text.starts_with("Малайзия не критикует"), "{q:?}");
    assert_eq!(speaker(&q[1]), Some("Махатхир Мохамад"));
}

#[test]
fn a_hyphen_inside_a_word_is_no_dash_in_the_attribution() {
    let text = "«Теперь и умереть можно», — сказал один из зрителей, 62-летний Хоакин Ортис.";
    let ents = entities(text, &[("Хоакин Ортис", EntityType::Per, "Хоакин Ортис")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Хоакин Ортис"));
}

#[test]
fn writing_and_supposing_report_and_a_latin_name_at_the_cue_speaks() {
    let text = "Главный тренер Сергей Колмогоров допустил, что Юлия может вернуться в Россию.";
    let ents = entities(
        text,
        &[("Сергей Колмогоров", EntityType::Per, "Сергей Колмогоров")],
    );
    let q = quotes(text, &ents);
    assert_eq!(
        q.first().and_then(speaker),
        Some("Сергей Колмогоров"),
        "{q:?}"
    );
    // No entity for `Mash`, yet it writes what follows the colon.
    let text = "Актрису Заворотнюк госпитализировали.\n\nMash пишет:\nНейрохирурги планируют провести операцию.";
    let ents = entities(
        text,
        &[("Заворотнюк", EntityType::Per, "Анастасия Заворотнюк")],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].speaker.as_ref().map(|s| s.text.as_str()), Some("Mash"));
}

#[test]
fn a_bare_noun_right_after_a_speaker_is_that_speaker_and_a_genitive_title_is_a_role() {
    let text = "Заведующий отделением Дмитрий Мясников заявил, что женщину оперируют.\n\n«У пациентки есть ожоги», — сказал врач.";
    let ents = entities(
        text,
        &[("Дмитрий Мясников", EntityType::Per, "Дмитрий Мясников")],
    );
    let q = quotes(text, &ents);
    let burns = q
        .iter()
        .find(|q| q.text.contains("ожоги"))
        .expect("the quote");
    assert_eq!(speaker(burns), Some("Дмитрий Мясников"), "{q:?}");
    // After someone else was named, the noun is someone new, named as written.
    let text = "Мясников заявил, что женщину оперируют. Пострадал Антон Петров.\n\n«Он в тяжёлом состоянии», — сказал врач.";
    let ents = entities(
        text,
        &[
            ("Мясников", EntityType::Per, "Дмитрий Мясников"),
            ("Антон Петров", EntityType::Per, "Антон Петров"),
        ],
    );
    let q = quotes(text, &ents);
    let state = q
        .iter()
        .find(|q| q.text.contains("тяжёлом"))
        .expect("the quote");
    assert_eq!(speaker(state), Some("врач"), "{q:?}");
    let text = "Президент Турции Реджеп Тайип Эрдоган заявил, что Турция предупреждала.\n\nПо словам турецкого лидера, его правительство предупредило власти Бельгии.";
    let ents = entities(
        text,
        &[
            (
                "Реджеп Тайип Эрдоган",
                EntityType::Per,
                "Реджеп Тайип Эрдоган",
            ),
            ("Турции", EntityType::Loc, "Турция"),
            ("турецкого", EntityType::Loc, "Турция"),
        ],
    );
    let q = quotes(text, &ents);
    let warned = q
        .iter()
        .find(|q| q.text.contains("Бельгии"))
        .expect("the quote");
    assert_eq!(speaker(warned), Some("Реджеп Тайип Эрдоган"), "{q:?}");
}

#[test]
fn a_first_names_plural_is_no_subject() {
    let text = "Дети убитой журналистки Анны Политковской заявили, что не придут на процесс.";
    let ents = entities(
        text,
        &[("Анны Политковской", EntityType::Per, "Анна Политковская")],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), None);
}

#[test]
fn an_outlet_noun_names_the_outlet_introduced_with_one_and_a_statement_its_author() {
    let text = "Об этом пишет газета \"Коммерсантъ\". Синдеев ушёл.\n\nПо данным издания, именно Синдеев готовил доклады.";
    let ents = entities(text, &[("Коммерсантъ", EntityType::Org, "Коммерсантъ")]);
    let q = quotes(text, &ents);
    let reports = q
        .iter()
        .find(|q| q.text.contains("доклады"))
        .expect("the report");
    assert_eq!(speaker(reports), Some("Коммерсантъ"), "{q:?}");
    // `СМИ` or an outlet never named: no speaker.
    let text = "Компания Apple молчит.\n\nПо данным издания, смартфон взорвался.";
    let ents = entities(text, &[("Apple", EntityType::Org, "Apple")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), None);
    let text = "Компания Apple выразила соболезнования. В заявлении корпорации говорится, что она готова расследовать инцидент.";
    let ents = entities(text, &[("Apple", EntityType::Org, "Apple")]);
    let q = quotes(text, &ents);
    assert_eq!(q.first().and_then(speaker), Some("Apple"), "{q:?}");
}

#[test]
fn a_person_noun_before_an_institution_speaks_and_a_renamed_place_is_named_in_the_nominative() {
    let kremlin = |text: &str, surface: &str| {
        entities(
            text,
            &[(surface, EntityType::Org, "Администрация президента России")],
        )
    };
    let text = "Источники в Кремле указывали, что целью документа является национализация элит.";
    let q = quotes(text, &kremlin(text, "Кремле"));
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), None);
    let text = "Также в Кремле заявили, что это неправда.";
    let q = quotes(text, &kremlin(text, "Кремле"));
    assert_eq!(q.first().and_then(speaker), Some("Кремль"), "{q:?}");
    // An adverb (that is also an adjective form) before `в` still opens the clause.
    let text = "Позднее в Кремле призвали стороны немедленно остановить кровопролитие.";
    let q = quotes(text, &kremlin(text, "Кремле"));
    assert_eq!(q.first().and_then(speaker), Some("Кремль"), "{q:?}");
    let text = "«Я все еще пытаюсь умерить чувство соперничества», — признался ветеран НХЛ.";
    let ents = entities(
        text,
        &[("НХЛ", EntityType::Org, "Национальная хоккейная лига")],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    // (Not the league: the veteran, unnamed, as written.)
    assert_eq!(speaker(&q[0]), Some("ветеран НХЛ"));
}

#[test]
fn an_indefinite_person_is_nobody_named() {
    let text = "Режиссёр Гай Ричи сказал, что кастинг идёт.\n\nОдин агент сказал о кастинге:\nБардак, а не прослушивание.";
    let ents = entities(text, &[("Гай Ричи", EntityType::Per, "Гай Ричи")]);
    let q = quotes(text, &ents);
    let mess = starting(&q, "Бардак");
    assert_eq!(named(mess), None, "{q:?}");
}

#[test]
fn an_institution_after_a_plural_cue_speaks() {
    for (text, surface, norm) in [
        (
            "СБУ запретила въезд. «Решение принято на три года», — заявили в СБУ.",
            "СБУ",
            "СБУ",
        ),
        (
            "Учения начались. «Учения пройдут по плану», — сообщили в пресс-службе МВД.",
            "МВД",
            "МВД",
        ),
        (
            "Генерал Болдырев покидает пост, сообщили в Минобороны.",
            "Минобороны",
            "Минобороны России",
        ),
    ] {
        let ents = entities(text, &[(surface, EntityType::Org, norm)]);
        let q = quotes(text, &ents);
        assert_eq!(q.len(), 1, "{text}: {q:?}");
        assert_eq!(speaker(&q[0]), Some(norm), "{text}: {q:?}");
    }
}

#[test]
fn naming_is_reported_only_as_a_judgement() {
    // A judgement has its predicate in the instrumental or quotes the word.
    let text = "Министр Иванов назвал решение ошибкой.";
    let ents = entities(text, &[("Иванов", EntityType::Per, "Иванов")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].text, "решение ошибкой");
    // Naming a child or a person is not speech.
    for text in [
        "Родители назвали дочь Рэддикс.",
        "Издание называет командующего 58-й армии генерал-лейтенанта Анатолия Хрулева.",
    ] {
        let q = quotes(text, &entities(text, &[]));
        let naming = |q: &Quote| {
            q.cue
                .as_ref()
                .is_some_and(|c| c.lemma == "назвать" || c.lemma == "называть")
        };
        assert!(!q.iter().any(naming), "{text}: {q:?}");
    }
}

#[test]
fn an_outlet_named_after_its_noun_and_a_role_after_a_statement_speak() {
    // `по данным журнала Forbes`: the name that follows the noun, tagged or not.
    let text =
        "Свадьба прошла в Москве. По данным журнала Forbes, состояние оценивается в 8 миллиардов.";
    let q = quotes(text, &entities(text, &[]));
    assert_eq!(q.first().and_then(speaker), Some("Forbes"), "{q:?}");
    let text = "По данным газеты «Ведомости», сделка сорвалась.";
    let ents = entities(text, &[("Ведомости", EntityType::Org, "Ведомости")]);
    let q = quotes(text, &ents);
    assert_eq!(q.first().and_then(speaker), Some("Ведомости"), "{q:?}");
    // `В заявлении президента говорится`: the president the text named.
    let text = "Президент ЮАР Джейкоб Зума прервал визит.\n\nВ заявлении президента говорится, что Мандела остается в больнице.";
    let ents = entities(
        text,
        &[
            ("Джейкоб Зума", EntityType::Per, "Джейкоб Зума"),
            ("Мандела", EntityType::Per, "Нельсон Мандела"),
        ],
    );
    let q = quotes(text, &ents);
    let report = q
        .iter()
        .find(|q| q.text.contains("больнице"))
        .expect("report");
    assert_eq!(speaker(report), Some("Джейкоб Зума"), "{q:?}");
}

#[test]
fn a_channel_one_speaks_in_is_not_the_speaker() {
    let text = "Глава Чечни Рамзан Кадыров в своём Telegram-канале сказал, что взгляды Азимова сформировались во Франции.";
    let ents = entities(
        text,
        &[
            ("Рамзан Кадыров", EntityType::Per, "Рамзан Кадыров"),
            ("Telegram-канале", EntityType::Org, "Telegram"),
            ("Азимова", EntityType::Per, "Азимов"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.first().and_then(speaker), Some("Рамзан Кадыров"), "{q:?}");
}

#[test]
fn an_unnamed_voice_of_an_organisation_is_the_organisation() {
    let text = "Прокуроры допросили бизнесмена Ли Джэёна. После допроса официальный представитель надзорного ведомства заявил, что Ли Джэён получал выгоду.";
    let ents = entities(
        text,
        &[
            ("Ли Джэён", EntityType::Per, "Ли Джэён"),
            (
                "надзорного ведомства",
                EntityType::Org,
                "надзорное ведомство",
            ),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(
        q.first().and_then(speaker),
        Some("надзорное ведомство"),
        "{q:?}"
    );
}

#[test]
fn a_pronoun_after_a_new_subject_is_that_subject() {
    let text = "Президент Милош Земан заявил, что кризис закончен.\n\nИржи Руснок сейчас занят подбором кабинета. Он обещает, что сформирует правительство за две недели.";
    let ents = entities(
        text,
        &[
            ("Милош Земан", EntityType::Per, "Милош Земан"),
            ("Иржи Руснок", EntityType::Per, "Иржи Руснок"),
        ],
    );
    let q = quotes(text, &ents);
    let promise = q
        .iter()
        .find(|q| q.text.contains("две недели"))
        .expect("the promise");
    assert_eq!(speaker(promise), Some("Иржи Руснок"), "{q:?}");
}

#[test]
fn an_outlets_source_is_nobody_and_a_title_speaks_with_the_name_it_ends_in() {
    // The source of an outlet is not the outlet, after `по словам` or as a subject.
    for text in [
        "По словам источника агентства «Интерфакс» в прокуратуре, генерал совершил преступление.",
        "Источник «Интерфакса» в правительстве пояснил, что отставка согласована.",
    ] {
        let ents = entities(text, &[("Интерфакс", EntityType::Org, "Интерфакс")]);
        let q = quotes(text, &ents);
        assert_eq!(q.len(), 1, "{text}: {q:?}");
        assert_eq!(speaker(&q[0]), None, "{text}: {q:?}");
    }
    // `— заявил житель штата Массачусетс Джеймс Костелло`: the name the source noun's phrase
    // ends in.
    let text = "«Нужно найти авторов статьи», — заявил 30-летний житель штата Массачусетс Джеймс \
                Костелло.";
    let ents = entities(
        text,
        &[
            ("Массачусетс", EntityType::Loc, "Массачусетс"),
            ("Джеймс Костелло", EntityType::Per, "Джеймс Костелло"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(
        q.first().and_then(speaker),
        Some("Джеймс Костелло"),
        "{q:?}"
    );
    // A person named later in the same zone still speaks (`По данным источников водитель —
    // Андрей Липатов утверждает`).
    let text =
        "По данным источников водитель Андрей Липатов утверждает, что не знал о преступлении.";
    let ents = entities(
        text,
        &[("Андрей Липатов", EntityType::Per, "Андрей Липатов")],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.first().and_then(speaker), Some("Андрей Липатов"), "{q:?}");
    // `По словам лидера парламентского большинства Арчила Талаквадзе`: the name, not the
    // premier who was the latest `лидер`.
    let text =
        "Лидер партии Георгий Квирикашвили подал в отставку. По словам лидера парламентского \
                большинства Арчила Талаквадзе, главными темами были события в стране.";
    let ents = entities(
        text,
        &[
            (
                "Георгий Квирикашвили",
                EntityType::Per,
                "Георгий Квирикашвили",
            ),
            ("Арчила Талаквадзе", EntityType::Per, "Арчил Талаквадзе"),
        ],
    );
    let q = quotes(text, &ents);
    let report = q
        .iter()
        .find(|q| q.text.contains("темами"))
        .expect("report");
    assert_eq!(speaker(report), Some("Арчил Талаквадзе"), "{q:?}");
}

#[test]
fn subjectless_cues_titles_and_appositions() {
    // `«…», — и добавил`: the verb goes on with the speaker just before.
    let text = "Пресс-секретарь Дмитрий Песков сказал, что тенденции нет. «Это незначительное \
                увеличение», — и добавил, что мигалки согласованы.";
    let ents = entities(
        text,
        &[("Дмитрий Песков", EntityType::Per, "Дмитрий Песков")],
    );
    let q = quotes(text, &ents);
    let direct = q
        .iter()
        .find(|q| q.kind == QuoteKind::Direct)
        .expect("direct");
    assert_eq!(speaker(direct), Some("Дмитрий Песков"), "{q:?}");
    // A subject after the verb is not elided (`— отметил один из экспертов`).
    let text = "Премьер объявил о планах. «Это заявление сделано в неопределенности», — отметил \
                один из экспертов.";
    let q = quotes(text, &entities(text, &[]));
    assert!(q.iter().all(|q| speaker(q).is_none()), "{q:?}");
    // `по информации Tmz`: a Latin name right after the cue, untagged beside other entities.
    let text = "Вертолёт разбился в Калифорнии. По информации Tmz, пожар начался в воздухе.";
    let ents = entities(text, &[("Калифорнии", EntityType::Loc, "Калифорния")]);
    let q = quotes(text, &ents);
    assert_eq!(q.first().and_then(speaker), Some("Tmz"), "{q:?}");
    // A name inside a quoted title is no subject.
    let text = "Михаил Прохоров назвал ответ на «Закон Магнитского» «аморальным» и предложил \
                журналистам объявить мораторий.";
    let ents = entities(
        text,
        &[
            ("Михаил Прохоров", EntityType::Per, "Михаил Прохоров"),
            ("Магнитского", EntityType::Per, "Сергей Магнитский"),
        ],
    );
    let q = quotes(text, &ents);
    let call = q
        .iter()
        .find(|q| q.text.contains("мораторий"))
        .expect("call");
    assert_eq!(speaker(call), Some("Михаил Прохоров"), "{q:?}");
    // `В интервью журналу Wired … Макафи настаивает …, утверждая, что`: the name the outlet
    // noun holds is not the clause's subject.
    let text = "В интервью журналу Wired Джон Макафи настаивает на невиновности, утверждая, что \
                полиция сфабриковала дело.";
    let ents = entities(
        text,
        &[
            ("Wired", EntityType::Org, "Wired"),
            ("Джон Макафи", EntityType::Per, "Джон Макафи"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.first().and_then(speaker), Some("Джон Макафи"), "{q:?}");
}

#[test]
fn plural_verbs_and_namings_after_someone() {
    // `Врачи, лечащие Гиффордс, говорят`: one person is no subject of a plural verb …
    let text = "Врачи, лечащие 40-летнюю Гиффордс, говорят, что они настроены оптимистично.";
    let ents = entities(text, &[("Гиффордс", EntityType::Per, "Гэбриэль Гиффордс")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), None, "{q:?}");
    // … but two joined are (`Иванов и Петров заявили`).
    let text = "Иван Иванов и Пётр Петров заявили, что сделка сорвалась.";
    let ents = entities(
        text,
        &[
            ("Иван Иванов", EntityType::Per, "Иван Иванов"),
            ("Пётр Петров", EntityType::Per, "Пётр Петров"),
        ],
    );
    let q = quotes(text, &ents);
    assert!(q.first().and_then(speaker).is_some(), "{q:?}");
    // Naming a ship after someone judges nothing ("в" is no instrumental of "век"); a fronted
    // instrumental predicate does judge.
    let text = "Компания Northrop Grumman назвала транспортный корабль в честь Роберта Лоуренса.";
    assert!(quotes(text, &entities(text, &[])).is_empty());
    let text = "Основанием для лишения гражданства в ведомстве называют ложные данные в анкете.";
    assert_eq!(quotes(text, &entities(text, &[])).len(), 1);
}

#[test]
fn a_feminine_pronoun_finds_a_newspaper() {
    // `Об этом пишет газета "Коммерсант". По ее данным, …`: the outlet a feminine noun
    // introduced.
    let text = "Правительство не нашло кандидата. Об этом пишет газета \"Коммерсант\". По ее \
                данным, все кандидаты отказались.";
    let ents = entities(text, &[("Коммерсант", EntityType::Org, "Коммерсантъ")]);
    let q = quotes(text, &ents);
    assert_eq!(q.first().and_then(speaker), Some("Коммерсантъ"), "{q:?}");
}

#[test]
fn a_title_before_the_verb_is_the_gerunds_subject_not_the_organisation_after_it() {
    let text = "Папа Бенедикт XVI назначил 22 новых кардиналов. В ходе церемонии Папа подчеркнул \
                универсальность Католической церкви, напомнив о том, что это церковь всех людей.";
    let ents = entities(
        text,
        &[
            ("Бенедикт XVI", EntityType::Per, "Бенедикт XVI"),
            (
                "Католической церкви",
                EntityType::Org,
                "Католическая церковь",
            ),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Бенедикт XVI"));
    // Named before the verb, the name speaks.
    let text = "Министр спорта РФ Павел Колобков предложил ей работу, заявив ТАСС, что она \
                великая спортсменка.";
    let ents = entities(
        text,
        &[("Павел Колобков", EntityType::Per, "Павел Колобков")],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Павел Колобков"));
}

#[test]
fn a_plural_verb_after_its_object_speaks_for_nobody_in_the_clauses_before() {
    let text = "Уотертаун и его окрестности переведены на осадное положение: дороги перекрыты, \
                жителей просят не выходить из домов.";
    let ents = entities(text, &[("Уотертаун", EntityType::Loc, "Уотертаун")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), None);
    // With its subject in its own clause, the place still speaks.
    let text = "Переговоры идут, в Ереване заявили, что армянских подразделений в Карабахе нет.";
    let ents = entities(
        text,
        &[
            ("Ереване", EntityType::Loc, "Ереван"),
            ("Карабахе", EntityType::Loc, "Карабах"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Ереван"));
}

#[test]
fn words_of_a_name_and_verbs_with_a_thing_for_object_report_nothing() {
    let text = "Вердикт носит временный характер. Это связано с тем, что Комитет по Оценке СМИ \
                решил опротестовать решение суда.";
    let ents = entities(
        text,
        &[(
            "Комитет по Оценке СМИ",
            EntityType::Org,
            "Комитет по Оценке СМИ",
        )],
    );
    assert!(quotes(text, &ents).is_empty());
    let text = "Он не подпустит Клару Освальд близко, что напоминает поведение Первого Доктора, \
                что коррелирует с возрастом актёров.";
    let ents = entities(text, &[("Клару Освальд", EntityType::Per, "Клара Освальд")]);
    assert!(quotes(text, &ents).is_empty());
    // An addressee keeps the verb a report.
    let text = "Песков напомнил журналистам, что контакты с Арменией продолжаются.";
    let ents = entities(
        text,
        &[
            ("Песков", EntityType::Per, "Дмитрий Песков"),
            ("Арменией", EntityType::Loc, "Армения"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Дмитрий Песков"));
}

#[test]
fn a_spokesman_of_a_person_speaks_for_him_and_other_relations_do_not() {
    let text = "Эрдоган выступил в Кельне. Представитель Эрдогана назвал решение суда \
                нарушением свободы слова.";
    let ents = entities(
        text,
        &[
            ("Эрдоган", EntityType::Per, "Реджеп Тайип Эрдоган"),
            ("Эрдогана", EntityType::Per, "Реджеп Тайип Эрдоган"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Реджеп Тайип Эрдоган"));
    // The man a sentence names in the genitive is not the subject of its later verb.
    let text = "Здоровенин признал вину. Суд приговорил Здоровенина к конфискации имущества, \
                однако защита утверждает, что денег у него нет.";
    let ents = entities(
        text,
        &[
            ("Здоровенина", EntityType::Per, "Владимир Здоровенин"),
            ("Здоровенин", EntityType::Per, "Владимир Здоровенин"),
        ],
    );
    let q = quotes(text, &ents);
    let money = starting(&q, "денег");
    assert_eq!(named(money), None, "{q:?}");
}

#[test]
fn an_agency_named_in_wiki_quotes_speaks() {
    let text = "Болгарское правительство уходит в отставку, сообщает агентство ''Reuters''.";
    let ents = entities(
        text,
        &[
            (
                "Болгарское правительство",
                EntityType::Org,
                "Болгарское правительство",
            ),
            ("Reuters", EntityType::Org, "Reuters"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Reuters"));
}

#[test]
fn the_outlet_told_is_no_speaker_when_the_institution_follows_it() {
    let text = "Как пояснили \"Ъ\" в Минэнерго, для его избрания необходимо, чтобы пять \
                участников ратифицировали соглашение.";
    let ents = entities(
        text,
        &[
            ("Ъ", EntityType::Org, "Коммерсантъ"),
            ("Минэнерго", EntityType::Org, "Минэнерго"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Минэнерго"));
}

#[test]
fn the_outlet_that_wrote_is_the_one_by_whose_data() {
    let text = "Андрей назначен на пост заместителя гендиректора. Об этом пишет \"Коммерсантъ\" \
                со ссылкой на источники. По данным издания, Патрушев будет соруководителем \
                компании.";
    let ents = entities(
        text,
        &[
            ("Коммерсантъ", EntityType::Org, "Коммерсантъ"),
            ("Патрушев", EntityType::Per, "Андрей Патрушев"),
        ],
    );
    let q = quotes(text, &ents);
    // (`Об этом пишет` reports the sentence before as well.)
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(
        speaker(starting(&q, "Андрей назначен")),
        Some("Коммерсантъ")
    );
    assert_eq!(speaker(starting(&q, "Патрушев будет")), Some("Коммерсантъ"));
}

#[test]
fn a_ranking_by_an_organisation_is_no_report() {
    let text = "Виталий Кличко был чемпионом мира по версии WBC. Марк Цукерберг стал человеком \
                года по версии Time. По версии следствия, он действовал один.";
    let ents = entities(
        text,
        &[
            ("Виталий Кличко", EntityType::Per, "Виталий Кличко"),
            ("WBC", EntityType::Org, "WBC"),
            ("Марк Цукерберг", EntityType::Per, "Марк Цукерберг"),
            ("Time", EntityType::Org, "Time"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert!(q[0].text.starts_with("он действовал"), "{q:?}");
}

#[test]
fn a_subject_after_a_particle_is_fresher_than_the_last_speaker() {
    let text = "Биограф Энди Килпатрик заявил, что ничего не знает об этом человеке. \
                Сам Баффет не скрывает удовольствия. \"Такого специалиста мы искали три года, \
                - заявил он. - Мы в восторге\".";
    let ents = entities(
        text,
        &[
            ("Энди Килпатрик", EntityType::Per, "Энди Килпатрик"),
            ("Баффет", EntityType::Per, "Уоррен Баффет"),
        ],
    );
    let q = quotes(text, &ents);
    let glad = starting(&q, "Мы в восторге");
    assert_eq!(speaker(glad), Some("Уоррен Баффет"), "{q:?}");
}

#[test]
fn a_verdict_is_no_report() {
    let text = "Суд приговорил мужчину к 10 годам, признав его виновным в оскорблении. \
                Казарян признал, что вымогал деньги.";
    let ents = entities(text, &[("Казарян", EntityType::Per, "Карен Казарян")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Карен Казарян"));
}

#[test]
fn a_title_before_adjectives_and_an_organisation_is_a_role() {
    let text = "Крессида Дик отдала службе в Скотленд-Ярде более 30 лет. После назначения новый \
                глава столичной полиции сказала, что она рада вернуться.";
    let ents = entities(
        text,
        &[
            ("Крессида Дик", EntityType::Per, "Крессида Дик"),
            ("Скотленд-Ярде", EntityType::Org, "Скотленд-Ярд"),
            ("полиции", EntityType::Org, "Полиция Лондона"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Крессида Дик"), "{q:?}");
}

#[test]
fn their_words_after_unnamed_people_are_theirs_as_written() {
    let text = "Лаборатория Касперского отказалась от комментариев. Арест может отразиться на \
                рынке, полагают собеседники издания. По их словам, Михайлов курирует весь \
                интернет-бизнес.";
    let ents = entities(
        text,
        &[
            (
                "Лаборатория Касперского",
                EntityType::Org,
                "Лаборатория Касперского",
            ),
            ("Михайлов", EntityType::Per, "Сергей Михайлов"),
        ],
    );
    let q = quotes(text, &ents);
    let theirs = starting(&q, "Михайлов");
    assert_eq!(speaker(theirs), Some("собеседники издания"), "{q:?}");
}

#[test]
fn a_withheld_name_and_a_group_behind_one_title_are_nobody() {
    let text = "Министр Чонг Чун Хи вдаваться в детали не стала. Позднее неназванный \
                представитель министерства рассказал, что вице-премьер был расстрелян.";
    let ents = entities(text, &[("Чонг Чун Хи", EntityType::Per, "Чонг Чун Хи")]);
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(named(&q[0]), None);
    let text = "Мэр Иваново Иосиф Обручник промолчал. Глава администрации Иваново и \
                представители РПЦ утверждали, что решение приняли жители.";
    let ents = entities(
        text,
        &[
            ("Иосиф Обручник", EntityType::Per, "Иосиф Обручник"),
            ("Иваново", EntityType::Loc, "Иваново"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(named(&q[0]), None);
}

#[test]
fn his_words_after_a_cited_source_are_the_sources() {
    let text = "Ингвар Кампрад передал управление сыновьям. Об этом сообщает Expressen со \
                ссылкой на представителя IKEA. По его словам, Кампрад больше не будет \
                участвовать в управлении.";
    let ents = entities(
        text,
        &[
            ("Ингвар Кампрад", EntityType::Per, "Ингвар Кампрад"),
            ("Кампрад", EntityType::Per, "Ингвар Кампрад"),
            ("Expressen", EntityType::Org, "Expressen"),
            ("IKEA", EntityType::Org, "IKEA"),
        ],
    );
    let q = quotes(text, &ents);
    let his = starting(&q, "Кампрад");
    assert_eq!(speaker(his), Some("IKEA"), "{q:?}");
    let text = "Ингвар Кампрад передал управление сыновьям. Об этом сообщает Expressen со \
                ссылкой на источник в компании. По его словам, Кампрад больше не будет \
                участвовать в управлении.";
    let ents = entities(
        text,
        &[
            ("Ингвар Кампрад", EntityType::Per, "Ингвар Кампрад"),
            ("Кампрад", EntityType::Per, "Ингвар Кампрад"),
            ("Expressen", EntityType::Org, "Expressen"),
        ],
    );
    let q = quotes(text, &ents);
    let his = starting(&q, "Кампрад");
    assert_eq!(speaker(his), None, "{q:?}");
}

#[test]
fn he_after_an_unnamed_speaker_is_that_speaker() {
    let text = "Патрик Фэрроу умер в понедельник. Менеджер Мии Фэрроу сказал, что семья \
                оплакивает потерю. «Они ценят поддержку друзей», — добавил он.";
    let ents = entities(
        text,
        &[
            ("Патрик Фэрроу", EntityType::Per, "Патрик Фэрроу"),
            ("Мии Фэрроу", EntityType::Per, "Миа Фэрроу"),
        ],
    );
    let q = quotes(text, &ents);
    let thanks = starting(&q, "Они ценят");
    assert_eq!(speaker(thanks), None, "{q:?}");
    // Someone named since speaks on.
    let text = "Её адвокаты утверждают, что её передали на границе. В пятницу адвокат Марк \
                Фейгин опубликовал записку, которую, по его словам, подзащитная передала ему.";
    let ents = entities(text, &[("Марк Фейгин", EntityType::Per, "Марк Фейгин")]);
    let q = quotes(text, &ents);
    let note = starting(&q, "подзащитная");
    assert_eq!(speaker(note), Some("Марк Фейгин"), "{q:?}");
}

#[test]
fn a_telegram_of_the_president_is_the_presidents() {
    let text = "Владимир Путин поздравил Владимира Машкова с юбилеем. В поздравительной \
                телеграмме Президента, в частности, говорится: «Большой талант помог Вам \
                состояться в профессии».";
    let ents = entities(
        text,
        &[
            ("Владимир Путин", EntityType::Per, "Владимир Путин"),
            ("Владимира Машкова", EntityType::Per, "Владимир Машков"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Владимир Путин"));
}

#[test]
fn the_agency_is_the_one_introduced_as_an_agency() {
    let text = "Эмир может уйти, передает агентство Рейтер со ссылкой на телеканал \
                \"Аль-Джазира\". Ранее появились слухи, что эмир готовит передачу власти, \
                отмечает агентство. По данным агентства, дипломаты оценивают это решение \
                осторожно.";
    let ents = entities(
        text,
        &[
            ("Рейтер", EntityType::Org, "Рейтер"),
            ("Аль-Джазира", EntityType::Org, "Аль-Джазира"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "Ранее появились")), Some("Рейтер"));
    assert_eq!(speaker(starting(&q, "дипломаты")), Some("Рейтер"));
}

#[test]
fn a_possessive_before_someone_unnamed_is_no_speaker() {
    let text = "Мадуро приехал в Каракас. По словам его представителя, Мадуро устал. \
                По словам его соседей, он много работает.";
    let ents = entities(text, &[("Мадуро", EntityType::Per, "Николас Мадуро")]);
    let q = quotes(text, &ents);
    assert_eq!(
        speaker(starting(&q, "Мадуро устал")),
        Some("Николас Мадуро")
    );
    assert_eq!(speaker(starting(&q, "он много")), None);
}

#[test]
fn a_minister_of_a_portfolio_nobody_held_is_someone_new() {
    let text = "«Мы победим», — заявил Каприлес. Каприлес призвал суд вынести решение. \
                Венесуэльский министр информации объявил, что у Чавеса инфекция.";
    let ents = entities(
        text,
        &[
            ("Каприлес", EntityType::Per, "Энрике Каприлес"),
            ("Чавеса", EntityType::Per, "Уго Чавес"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(named(starting(&q, "у Чавеса")), None);
}

#[test]
fn a_list_of_quoted_names_is_no_quote() {
    let text = "Клубы выразили соболезнования в связи со смертью чемпиона: «Милан», \
                «Барселона», «Реал». Тренер сказал: «Это огромная потеря».";
    let q = quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert!(q[0].text.starts_with("Это огромная"));
}

#[test]
fn a_gerund_after_a_comma_is_no_inverted_attribution() {
    let text = "Дик должна была получить одобрение мэра Лондона Садика Хана. Однако мэр дал \
                своё согласие, назвав выбор Дик «историческим решением».";
    let ents = entities(
        text,
        &[
            ("Дик", EntityType::Per, "Крессида Дик"),
            ("Садика Хана", EntityType::Per, "Садик Хан"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(q.len(), 1, "{q:?}");
    assert!(q[0].text.starts_with("выбор Дик"), "{q:?}");
    assert_eq!(speaker(&q[0]), Some("Садик Хан"));
}

/// A text, its entities `(surface, type, norm)`, a quote's first words and its speaker's name.
type SpeakerCase<'a> = (
    &'a str,
    &'a [(&'a str, EntityType, &'a str)],
    &'a str,
    Option<&'a str>,
);

/// Asserts the speaker of every case's quote.
fn assert_speakers(cases: &[SpeakerCase]) {
    for &(text, names, prefix, want) in cases {
        let q = quotes(text, &entities(text, names));
        assert_eq!(speaker(starting(&q, prefix)), want, "{text}");
    }
}

#[test]
fn a_quoted_name_inside_the_attribution_does_not_end_it() {
    let (org, per) = (EntityType::Org, EntityType::Per);
    assert_speakers(&[
        (
            "«Он был очень близким другом», — сказал в интервью каналу «Вести» руководитель \
             дирекции Сергей Архипов.",
            &[
                ("Вести", org, "Вести"),
                ("Сергей Архипов", per, "Сергей Архипов"),
            ],
            "Он был",
            Some("Сергей Архипов"),
        ),
        // An outlet right after the verb is told; the speaker is unnamed.
        (
            "\"Я знаю, что было письмо\",- подтвердил \"Ъ\" участник газового рынка.",
            &[("Ъ", org, "Ъ")],
            "Я знаю",
            None,
        ),
    ]);
}

#[test]
fn a_source_phrase_ends_at_a_verb() {
    let text = "В Германии находится Алексей Ковальчук, который по версии следствия является \
                организатором поставок через посольство России.";
    let ents = entities(
        text,
        &[
            ("Алексей Ковальчук", EntityType::Per, "Алексей Ковальчук"),
            ("посольство России", EntityType::Org, "посольство России"),
        ],
    );
    for q in quotes(text, &ents) {
        assert_ne!(speaker(&q), Some("посольство России"), "{q:?}");
    }
}

#[test]
fn himself_and_a_spokesman_point_back_at_the_person_named() {
    let per = EntityType::Per;
    assert_speakers(&[
        (
            "Первенец Криштиану Роналду родился в 2010 году. По заявлениям самого \
             футболиста, его сын родился во Флориде.",
            &[("Криштиану Роналду", per, "Криштиану Роналду")],
            "его сын",
            Some("Криштиану Роналду"),
        ),
        // A woman's name after a spokesman with a masculine verb is whom he speaks for.
        (
            "Концерт Дженнифер Лопес вызвал скандал. Представитель Лопес сообщил, что \
             выступление было частью концерта.",
            &[
                ("Дженнифер Лопес", per, "Дженнифер Лопес"),
                ("Лопес", per, "Дженнифер Лопес"),
            ],
            "выступление",
            Some("Дженнифер Лопес"),
        ),
    ]);
}

#[test]
fn an_outlet_noun_as_subject_names_the_outlet_named_before() {
    let org = EntityType::Org;
    assert_speakers(&[
        (
            "Сообщение опровергла \"Российская газета\". Издание сообщило, что генерал \
             продолжает ходить на работу.",
            &[("Российская газета", org, "Российская газета")],
            "генерал",
            Some("Российская газета"),
        ),
        // Unnamed outlets are nobody.
        (
            "Газета \"Коммерсантъ\" вышла. Палестинские издания сообщили, что министр ушёл.",
            &[("Коммерсантъ", org, "Коммерсантъ")],
            "министр",
            None,
        ),
        // A bare press service speaks for the organisation whose press service was named.
        (
            "Об этом сообщает пресс-служба МВД Киргизии. Пресс-служба отмечает, что в доме \
             находились сотрудники посольства.",
            &[("МВД Киргизии", org, "МВД Киргизии")],
            "в доме",
            Some("МВД Киргизии"),
        ),
    ]);
}

#[test]
fn an_apposition_a_demonstrative_and_a_described_noun_point_to_the_person() {
    let per = EntityType::Per;
    assert_speakers(&[
        // A noun set off by commas after a name is that name's apposition.
        (
            "Руссефф, экономист по образованию, заявила, что перераспределение фондов \
             является обычной практикой.",
            &[("Руссефф", per, "Дилма Руссефф")],
            "перераспределение",
            Some("Дилма Руссефф"),
        ),
        // `тот` is the person named as an object, not the subject.
        (
            "Владимир Путин спросил у Максима Орешкина, что самое важное, на что тот ответил: \
             «Самое плохое уже позади».",
            &[
                ("Владимир Путин", per, "Владимир Путин"),
                ("Максима Орешкина", per, "Максим Орешкин"),
            ],
            "Самое плохое",
            Some("Максим Орешкин"),
        ),
        // … and nobody when the only name qualifies a noun.
        (
            "В прессу попало письмо деда Дональда Трампа, в котором тот просит власти не \
             депортировать его.",
            &[("Дональда Трампа", per, "Дональд Трамп")],
            "власти",
            None,
        ),
        // A noun the text used before with a description is the person it described.
        (
            "Глава отделения Кристиан фон Беттихер ушёл в отставку. 40-летний политик \
             познакомился с девушкой на Facebook.\n\n\"Это правда, - заявил политик. - Это \
             была просто любовь\".",
            &[("Кристиан фон Беттихер", per, "Кристиан фон Беттихер")],
            "Это правда",
            Some("Кристиан фон Беттихер"),
        ),
    ]);
}

#[test]
fn a_verb_with_its_own_object_does_not_report_the_clause_before() {
    let org = EntityType::Org;
    let text = "Две фракции — УДАР и Свобода, заявили о выходе из коалиции «Европейский выбор».";
    let ents = entities(
        text,
        &[
            ("УДАР", org, "УДАР"),
            ("Свобода", org, "Свобода"),
            ("Европейский выбор", org, "Европейский выбор"),
        ],
    );
    assert!(quotes(text, &ents).is_empty());
    // `сообщил об этом` still points back at the clause.
    let text = "Пострадавших нет, сообщил об этом глава МЧС Иван Петров.";
    let ents = entities(text, &[("Иван Петров", EntityType::Per, "Иван Петров")]);
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "Пострадавших")), Some("Иван Петров"));
}

#[test]
fn a_second_cue_in_a_sentence_keeps_its_subject_out_of_the_words_reported_before() {
    let (org, per) = (EntityType::Org, EntityType::Per);
    assert_speakers(&[
        // The name inside the first report is not the second cue's subject.
        (
            "Ивоби сказал, что рад победе. Политик заявил, что вся партия и сам Сальвини \
             осудили этот случай, однако напомнил, что там была убита итальянка.",
            &[
                ("Ивоби", per, "Ивоби"),
                ("Сальвини", per, "Маттео Сальвини"),
            ],
            "там была",
            Some("Ивоби"),
        ),
        // A gerund's subject is its clause's, even inside a report.
        (
            "По данным следствия, в 2015 году Хендрикс связался с осведомителем, сообщив, что \
             ему нужны люди.",
            &[("Хендрикс", per, "Эрик Хендрикс")],
            "ему нужны",
            Some("Эрик Хендрикс"),
        ),
        // A contrasted clause with a named subject ends the report before it.
        (
            "Американские власти потребовали выдать его США, чтобы он предстал перед судом, но \
             президент Владимир Путин в этом отказал, хотя и выразил пожелание, чтобы Сноуден \
             вылетел в другую страну.",
            &[
                ("США", org, "США"),
                ("Владимир Путин", per, "Владимир Путин"),
            ],
            "Сноуден",
            Some("Владимир Путин"),
        ),
        // A gloss in brackets is not whom a pronoun points back to.
        (
            "Заявление сделал пресс-секретарь талибов Кари Юсеф Ахмади (Yousef Ahmadi). Он \
             также пообещал: «Наш джихад будет продолжаться».",
            &[
                ("Кари Юсеф Ахмади", per, "Кари Юсеф Ахмади"),
                ("Yousef Ahmadi", per, "Yousef Ahmadi"),
            ],
            "Наш джихад",
            Some("Кари Юсеф Ахмади"),
        ),
    ]);
}

#[test]
fn members_main_clauses_and_genitive_nouns_point_to_whom_the_text_named() {
    let (org, per) = (EntityType::Org, EntityType::Per);
    assert_speakers(&[
        // The members of a party the text named speak for it.
        (
            "Фракция Социал-демократической партии Киргизии вышла из большинства. Причиной \
             такого шага социал-демократы назвали противоречия во взглядах на реформу.",
            &[(
                "Социал-демократической партии Киргизии",
                org,
                "Социал-демократическая партия Киргизии",
            )],
            "противоречия",
            Some("Социал-демократическая партия Киргизии"),
        ),
        // A title points back to a main clause's subject, not to a name in a subordinate one.
        (
            "Владимир Путин подписал указ, согласно которому Андрей Воробьёв назначен \
             губернатором.\n\nОб этом Президент России сообщил депутату: «Хотел бы Вам \
             предложить другую работу».",
            &[
                ("Владимир Путин", per, "Владимир Путин"),
                ("Андрей Воробьёв", per, "Андрей Воробьёв"),
            ],
            "Хотел бы",
            Some("Владимир Путин"),
        ),
        // After a title, a name that does not decline hangs on the noun before it.
        (
            "Как сообщает куратор музея По в Балтиморе Джефф Джером, могилу По посетили 55 \
             любопытных.",
            &[
                ("По", per, "Эдгар По"),
                ("Джефф Джером", per, "Джефф Джером"),
            ],
            "могилу",
            Some("Джефф Джером"),
        ),
        // `По словам актрисы`: the woman who had just spoken.
        (
            "Бриджит Бардо рассказала о причинах. По словам актрисы, власти не отвечают на \
             просьбы.",
            &[("Бриджит Бардо", per, "Бриджит Бардо")],
            "власти",
            Some("Бриджит Бардо"),
        ),
        // … but a relative is someone else, named as written.
        (
            "Иван Петров рассказал о причинах. По словам отца, власти не отвечают на просьбы.",
            &[("Иван Петров", per, "Иван Петров")],
            "власти",
            Some("отец"),
        ),
    ]);
}

#[test]
fn an_institution_noun_the_verb_governs_is_no_subject() {
    let per = EntityType::Per;
    assert_speakers(&[(
        "Аман Тулеев остался на посту. Сам губернатор в конце января уклончиво отвечал на \
         вопросы агентства о планах: «Если есть кто-то, кто работает лучше меня, пусть \
         работает».",
        &[("Аман Тулеев", per, "Аман Тулеев")],
        "Если есть",
        Some("Аман Тулеев"),
    )]);
}

#[test]
fn an_object_relative_clause_and_a_told_outlet_keep_the_speaker_apart() {
    let org = EntityType::Org;
    assert_speakers(&[
        // The subject inside `которого … называет` is the verb's.
        (
            "В сообщении упомянут стрелок Стивен Пэддок, которого ИГ называет «муджахид \
             Амрики».",
            &[
                ("Стивен Пэддок", EntityType::Per, "Стивен Пэддок"),
                ("ИГ", org, "ИГ"),
            ],
            "муджахид",
            Some("ИГ"),
        ),
        // An outlet between the institution and the verb is told, not telling.
        (
            "Газета \"Ъ\" выяснила подробности. В уфимской мэрии \"Ъ\" сообщили, что Сагитов \
             получил новое назначение.",
            &[("Ъ", org, "Ъ")],
            "Сагитов",
            None,
        ),
    ]);
}

#[test]
fn impersonal_reports_are_quotes_of_the_statement_s_author() {
    let (org, per) = (EntityType::Org, EntityType::Per);
    assert_speakers(&[
        // `отмечается` with no author named: a quote, unattributed.
        (
            "Путин подписал указ. В Указе отмечается, что Астахов уволен по собственному \
             желанию.",
            &[("Путин", per, "Владимир Путин")],
            "Астахов",
            None,
        ),
        // `сказано` in a statement of a named body.
        (
            "В заявлении Нобелевского комитета было сказано, что премия присуждается за \
             смелость.",
            &[("Нобелевского комитета", org, "Нобелевский комитет")],
            "премия",
            Some("Нобелевский комитет"),
        ),
        // `в его телеграмме`: the man the possessive stands for.
        (
            "Чемпионку поздравил губернатор Сергей Боженов. «Вашим успехом гордятся все \
             жители области», — отмечается в его телеграмме.",
            &[("Сергей Боженов", per, "Сергей Боженов")],
            "Вашим успехом",
            Some("Сергей Боженов"),
        ),
        // `в заявлении группы`: the band named before.
        (
            "На Кубе выступили The Rolling Stones. «Это шоу станет для нас важнейшим \
             событием», — это было отмечено в заявлении группы.",
            &[("The Rolling Stones", org, "The Rolling Stones")],
            "Это шоу",
            Some("The Rolling Stones"),
        ),
    ]);
}

#[test]
fn a_cue_in_a_relative_clause_does_not_end_the_report() {
    let text = "По данным \"Коммерсанта\", Москва, которая предлагала Петербург, согласилась на \
                это.";
    let ents = entities(
        text,
        &[
            ("Коммерсанта", EntityType::Org, "Коммерсантъ"),
            ("Москва", EntityType::Loc, "Москва"),
        ],
    );
    let q = quotes(text, &ents);
    let quote = starting(&q, "Москва");
    assert!(quote.text.ends_with("согласилась на это"), "{quote:?}");
    assert_eq!(speaker(quote), Some("Коммерсантъ"));
}

#[test]
fn a_latin_word_where_one_speaks_is_no_speaker() {
    let per = EntityType::Per;
    assert_speakers(&[
        (
            "Глава Чечни Рамзан Кадыров в своём Telegram-канале сказал, что взгляды Азимова \
             сформировались во Франции.",
            &[("Рамзан Кадыров", per, "Рамзан Кадыров")],
            "взгляды",
            Some("Рамзан Кадыров"),
        ),
        // A Latin name right at the cue still speaks.
        (
            "Mash пишет, что взрыв произошёл утром.",
            &[],
            "взрыв",
            Some("Mash"),
        ),
    ]);
}

#[test]
fn reports_found_in_session_18_samples() {
    let (org, per) = (EntityType::Org, EntityType::Per);
    assert_speakers(&[
        // An impersonal report with no author in reach is a quote all the same, the
        // document's.
        (
            "Фокс принял решение об отставке, говорится в документе.",
            &[("Фокс", per, "Лайам Фокс")],
            "Фокс принял",
            Some("документ"),
        ),
        // `Как сообщает X, …`: a clause opening with a noun is no apposition to X.
        (
            "Как сообщает Джефф Джером, самолёт упал в реку.",
            &[("Джефф Джером", per, "Джефф Джером")],
            "самолёт",
            Some("Джефф Джером"),
        ),
        // An apposition closes with a comma and has no verb.
        (
            "Как сообщил Иван Петров, глава МЧС, пожар потушен.",
            &[("Иван Петров", per, "Иван Петров"), ("МЧС", org, "МЧС")],
            "пожар",
            Some("Иван Петров"),
        ),
        // `…, как заметил X.` closing the sentence reports the clause before it, without the
        // reporter's `Стоит отметить, что`.
        (
            "Стоит отметить, что руководство клуба сделало Тарасенко предложение, как заметил \
             генеральный менеджер клуба Кирилл Фастовский.",
            &[
                ("Тарасенко", per, "Владимир Тарасенко"),
                ("Кирилл Фастовский", per, "Кирилл Фастовский"),
            ],
            "руководство",
            Some("Кирилл Фастовский"),
        ),
        // A gloss in brackets between the verb and `что`.
        (
            "Мак-Киннон объяснял газете «Гардиан» (The Guardian), что он чувствует себя \
             оставленным без защиты.",
            &[
                ("Мак-Киннон", per, "Гэри Мак-Киннон"),
                ("Гардиан", org, "The Guardian"),
                ("The Guardian", org, "The Guardian"),
            ],
            "он чувствует",
            Some("Гэри Мак-Киннон"),
        ),
        // The newspaper is told the words; the doctors who said them are not named.
        (
            "Группа медиков подтвердила газете «Кларин» (Clarin), что у президента \
             остановилось сердце.",
            &[("Кларин", org, "Кларин"), ("Clarin", org, "Кларин")],
            "у президента",
            None,
        ),
        // `передает` (written with е) is a cue.
        (
            "Асад направил телеграмму Рухани, передает ТАСС.",
            &[
                ("Асад", per, "Башар Асад"),
                ("Рухани", per, "Хасан Рухани"),
                ("ТАСС", org, "ТАСС"),
            ],
            "Асад",
            Some("ТАСС"),
        ),
        // A court speaks for the court named before, as its verb's own subject.
        (
            "ЕСПЧ постановил, что Россия нарушила конвенцию. Суд также счел, что российская \
             сторона не предоставила информации.",
            &[("ЕСПЧ", org, "ЕСПЧ"), ("Россия", EntityType::Loc, "Россия")],
            "российская",
            Some("ЕСПЧ"),
        ),
        (
            "Решение вынес Верховный суд. Суд также приговорил Здоровенина к конфискации \
             имущества, однако защита утверждает, что денег у него нет.",
            &[("Верховный суд", org, "Верховный суд")],
            "денег",
            // The defence, as written: not the court named before (decision 55).
            Some("защита"),
        ),
    ]);
}

#[test]
fn reports_found_in_session_19_samples() {
    let (org, per, loc) = (EntityType::Org, EntityType::Per, EntityType::Loc);
    assert_speakers(&[
        // A role names the person standing beside it, not one after a verb: the president
        // who sent a telegram to Кастро is the one named before.
        (
            "Президент России Владимир Путин поздравил Мигеля Диас-Канеля. Кроме того, \
             президент России направил телеграмму Раулю Кастро. Президент России выразил \
             уверенность, что деятельность Рауля Кастро будет полезной.",
            &[
                ("России", loc, "Россия"),
                ("Владимир Путин", per, "Владимир Путин"),
                ("Мигеля Диас-Канеля", per, "Мигель Диас-Канель"),
                ("Раулю Кастро", per, "Рауль Кастро"),
                ("Рауля Кастро", per, "Рауль Кастро"),
            ],
            "деятельность",
            Some("Владимир Путин"),
        ),
        // An outlet after a noun in the dative is told the words.
        (
            "В пресс-службе музея журналистам ИА Красная Весна сообщили, что номер \
             журнала изъят.",
            &[("ИА Красная Весна", org, "ИА Красная Весна")],
            "номер",
            None,
        ),
        // … but a dative governed by a preposition is no addressee.
        (
            "На прошлой неделе Франция заявила, что будет направлять оружие повстанцам.",
            &[("Франция", loc, "Франция")],
            "будет",
            Some("Франция"),
        ),
        (
            "Но ко второму чтению Красов предложил увеличить срок до десяти лет.",
            &[("Красов", per, "Андрей Красов")],
            "увеличить",
            Some("Андрей Красов"),
        ),
        // `По словам врачей` with its comma left out: the name opens what they said.
        (
            "По словам врачей Ричард Бах находился в тяжёлом состоянии.",
            &[("Ричард Бах", per, "Ричард Бах")],
            "Ричард Бах находился",
            None,
        ),
        // … but a name in apposition to a person's title is the source.
        (
            "По словам шерифа округа Харрис Эда Гонзалеса, полиция устанавливает число \
             пострадавших.",
            &[
                ("Харрис", loc, "Харрис"),
                ("Эда Гонзалеса", per, "Эд Гонзалес"),
            ],
            "полиция",
            Some("Эд Гонзалес"),
        ),
    ]);
}

#[test]
fn an_outlet_quoting_someone_passes_the_words_on() {
    let (org, per) = (EntityType::Org, EntityType::Per);
    assert_speakers(&[
        // The person after `цитирует` spoke; the outlet before it only passed the words on.
        (
            "«Мы готовы к переговорам», — цитирует РИА Новости Сергея Лаврова.",
            &[
                ("РИА Новости", org, "РИА Новости"),
                ("Сергея Лаврова", per, "Сергей Лавров"),
            ],
            "Мы готовы",
            Some("Сергей Лавров"),
        ),
        // With nobody named, the speaker is unknown rather than the outlet.
        (
            "«Решение уже принято», — цитирует агентство Интерфакс.",
            &[("Интерфакс", org, "Интерфакс")],
            "Решение",
            None,
        ),
    ]);
    // `X, цитирует Y` reports Y's words as someone else's quote, not as Y's indirect speech.
    let text = "Переговоры продолжатся, цитирует РБК источник в правительстве.";
    let q = quotes(text, &entities(text, &[("РБК", org, "РБК")]));
    assert!(q.iter().all(|q| speaker(q) != Some("РБК")), "{q:?}");
}

#[test]
fn an_impersonal_cue_reports_with_no_speaker() {
    let org = EntityType::Org;
    let text = "Компания «Ромашка» закрыла завод. Как поясняется в сообщении, производство \
                перенесут в Казань.";
    let q = quotes(text, &entities(text, &[("Ромашка", org, "Ромашка")]));
    let found = starting(&q, "производство");
    assert_eq!(found.kind, QuoteKind::Indirect, "{q:?}");
}

#[test]
fn reports_found_in_session_20_samples() {
    let (org, per, loc) = (EntityType::Org, EntityType::Per, EntityType::Loc);
    assert_speakers(&[
        // An institution with adverbs between it and the verb still speaks.
        (
            "Комиссия SEC провела проверку. В SEC тем временем отмечают, что число \
             разбирательств выросло.",
            &[("SEC", org, "SEC")],
            "число",
            Some("SEC"),
        ),
        // A person in the clause before `, а` is not the next clause's subject.
        (
            "Украинское правительство считает Савченко политзаключенной, а Вашингтон \
             называет её заложницей.",
            &[
                ("Украинское правительство", org, "Украинское правительство"),
                ("Савченко", per, "Надежда Савченко"),
                ("Вашингтон", loc, "Вашингтон"),
            ],
            "её заложницей",
            Some("Вашингтон"),
        ),
        // The person an object relative clause hangs on is its object, not its subject.
        (
            "Его сын, 48-летний Петер, которого пресса называет \"главным экономистом \
             семьи\", возглавит структуру.",
            &[("Петер", per, "Петер")],
            "главным",
            Some("пресса"),
        ),
        // An attribution set off by commas after an opening word reports the rest.
        (
            "Газета The Washington Post назвала кандидатов. Впрочем, подчеркивает газета, \
             Мэйсон — не единственный кандидат на пост.",
            &[
                ("The Washington Post", org, "The Washington Post"),
                ("Мэйсон", per, "Майкл Мэйсон"),
            ],
            "Мэйсон — не",
            Some("The Washington Post"),
        ),
        // A title in the plural is no subject of a singular verb.
        (
            "Отставку главы ГРУ \"Коммерсантъ\" объяснил тем, что президент поручил \
             чиновникам покинуть советы директоров.",
            &[("ГРУ", org, "ГРУ"), ("Коммерсантъ", org, "Коммерсантъ")],
            "президент",
            Some("Коммерсантъ"),
        ),
        // `сообщают СМИ`: a quote from sources the text does not name …
        (
            "Теннисистка Серена Уильямс родила дочь, сообщают СМИ.",
            &[("Серена Уильямс", per, "Серена Уильямс")],
            "Теннисистка",
            Some("СМИ"),
        ),
        // … and a named person who explains after `По данным Mash` speaks for himself.
        (
            "По данным телеграм-канала Mash, водитель автобуса Раджабали Судоуров \
             объясняет аварию так:\n\nМеня подрезал таксист.",
            &[
                ("Mash", org, "Mash"),
                ("Раджабали Судоуров", per, "Раджабали Судоуров"),
            ],
            "Меня подрезал",
            Some("Раджабали Судоуров"),
        ),
    ]);
    // A caption line is no name for a title: `Глава государства` is not the `главой МИД`
    // captioned below it, and a caption is no antecedent.
    let text = "Путин провёл встречу с главой МИД.\nСергей Лавров\nГлава государства заявил, \
                что переговоры продолжатся.";
    let ents = entities(
        text,
        &[
            ("Путин", per, "Владимир Путин"),
            ("МИД", org, "МИД"),
            ("Сергей Лавров", per, "Сергей Лавров"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "переговоры")), Some("Владимир Путин"));
    let text = "Путин провёл встречу с министром.\nСергей Лавров\nОн заявил, что переговоры \
                продолжатся.";
    let ents = entities(
        text,
        &[
            ("Путин", per, "Владимир Путин"),
            ("Сергей Лавров", per, "Сергей Лавров"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "переговоры")), Some("Владимир Путин"));
    // `По их словам` after sources cited in the plural is those sources' organisation, not
    // the outlet that cited them.
    let text = "Глава комиссии покинет пост, передает New York Times со ссылкой на неназванных \
                представителей администрации президента США Барака Обамы. По их словам, \
                заявление будет сделано сегодня.";
    let ents = entities(
        text,
        &[
            ("New York Times", org, "The New York Times"),
            (
                "администрации президента США",
                org,
                "администрация президента США",
            ),
            ("Барака Обамы", per, "Барак Обама"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(
        speaker(starting(&q, "заявление")),
        Some("администрация президента США")
    );
    // A thing that `говорит о том, что` shows; nobody says it.
    for text in [
        "Жители обнаружили кости. Последнее говорило о том, что рядом было кладбище.",
        "То, с каким перевесом был избран патриарх, говорит о том, что он способен \
         объединить церковь.",
        "Рынок вырос вдвое. Это говорит о том, что спрос восстановился.",
    ] {
        let q = quotes(text, &[]);
        assert!(q.is_empty(), "{text}: {q:?}");
    }
    let text = "Эксперт говорит о том, что рынок растёт.";
    assert_eq!(quotes(text, &[]).len(), 1, "{text}");
}

/// Session 21's sampled patterns: each assertion failed before its rule.
#[test]
fn session_21_sampled_patterns() {
    let per = EntityType::Per;
    // A subject after `, но` is the one a following pronoun points back to, over the last
    // speaker.
    let text = "«Миллер — молодец», — заявил Нейл Патрик Харрис.\n\nВ этом году конкурс проходит \
                в России, но Коэн решил бойкотировать его.\n\nВ интервью E! News он объяснил, \
                что геи не могут чувствовать себя в безопасности.";
    let ents = entities(
        text,
        &[
            ("Нейл Патрик Харрис", per, "Нейл Патрик Харрис"),
            ("Коэн", per, "Энди Коэн"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "геи")), Some("Энди Коэн"));
    // A cue inside quotation marks, or in a `, кто` clause, does not end the content.
    let text = "Азимов выступил с обращением. По его словам, он «не первый, кто это говорит».";
    let ents = entities(text, &[("Азимов", per, "Хамзат Азимов")]);
    let q = quotes(text, &ents);
    assert_eq!(starting(&q, "он").text, "он «не первый, кто это говорит");
    // A dash without its comma before an inverted cue.
    let text = "Прокуратурой района возбуждено уголовное дело - сообщил прокурор района \
                Василий Кричун.";
    let ents = entities(text, &[("Василий Кричун", per, "Василий Кричун")]);
    let q = quotes(text, &ents);
    assert_eq!(
        speaker(starting(&q, "Прокуратурой")),
        Some("Василий Кричун")
    );
    // `«…», так сказал X`.
    let text = "Боксёр выступил в четверг. «Я готов к этому шагу», так сказал 34-летний Кличко.";
    let ents = entities(text, &[("Кличко", per, "Виталий Кличко")]);
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "Я готов")), Some("Виталий Кличко"));
    // Wiki italics glued to the closing mark: `»'', — заявила`.
    let text = "Актриса Бардо выступила с заявлением.\n''«Я решила просить российского \
                гражданства»'', — заявила актриса.";
    let ents = entities(text, &[("Бардо", per, "Бриджит Бардо")]);
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "Я решила")), Some("Бриджит Бардо"));
    // More verbs attribute quoted words: `подытожил`, `возмущается`, `опровергал …:`.
    let text = "«Законы есть», — подытожил Канаев. «Суды не слушают!» — возмущается Канаев. \
                Год назад Усманов опровергал все сведения о наследниках: «Ничего не оставлю».";
    let ents = entities(
        text,
        &[
            ("Канаев", per, "Сергей Канаев"),
            ("Усманов", per, "Алишер Усманов"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "Законы")), Some("Сергей Канаев"));
    assert_eq!(speaker(starting(&q, "Суды")), Some("Сергей Канаев"));
    assert_eq!(speaker(starting(&q, "Ничего")), Some("Алишер Усманов"));
    // But those that also narrate open no clause, nor end one another source reports.
    let text = "Прокуроры встретились с адвокатами Стросс-Кана, поделились с ними своими \
                выводами. По данным издания, Москва согласилась на это при условии, что \
                генсеком будет россиянин.";
    let q = quotes(text, &[]);
    assert!(!q.iter().any(|x| x.text.starts_with("Прокуроры")), "{q:?}");
    assert!(
        starting(&q, "Москва согласилась")
            .text
            .ends_with("россиянин"),
        "{q:?}"
    );
    // A paragraph in the first person after a colon is the words of the intro's subject,
    // named after a set-off opener (`Тем не менее, Макафи`) rather than the last speaker.
    let text = "Барроу назвал Макафи «параноиком». Тем не менее, Макафи не спешил к \
                сотрудничеству с полицией. Вот как он описывал своё убежище:\nЯ скрываюсь в \
                таком месте, где в матрасе водятся вши.";
    let ents = entities(
        text,
        &[
            ("Барроу", per, "Дин Барроу"),
            ("Макафи", per, "Джон Макафи"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "Я скрываюсь")), Some("Джон Макафи"));
    // Not when the paragraph is the reporter's, nor when an organisation passes it on.
    for text in [
        "В апреле Фидель Кастро выступил с речью:\nФидель Кастро родился в 1926 году в Биране.",
        "Агентство Life News приводит его рассказ:\nЯ ехал по Вернадского.",
    ] {
        let ents = entities(
            text,
            &[
                ("Фидель Кастро", per, "Фидель Кастро"),
                ("Life News", EntityType::Org, "Life News"),
            ],
        );
        let q = quotes(text, &ents);
        assert!(q.is_empty(), "{text}: {q:?}");
    }
}

#[test]
fn reports_found_in_the_fifth_set() {
    let (org, per, loc) = (EntityType::Org, EntityType::Per, EntityType::Loc);
    assert_speakers(&[
        // A verb right after `, но` shares the subject of the clause before; the names of
        // its object (`матче Топалов — Крамник`) do not speak.
        (
            "Чемпион мира Гарри Каспаров, который закончил карьеру, отказался назвать \
             фаворита в матче Топалов — Крамник, но сказал: «Топалов не фаворит».",
            &[
                ("Гарри Каспаров", per, "Гарри Каспаров"),
                ("Топалов", per, "Веселин Топалов"),
                ("Крамник", per, "Владимир Крамник"),
            ],
            "Топалов не",
            Some("Гарри Каспаров"),
        ),
        // … from the first verb's subject, not a name in the clause it reports.
        (
            "Политик заявил, что партия и сам Сальвини осудили этот случай, однако \
             напомнил, что там была убита девушка.",
            &[("Сальвини", per, "Маттео Сальвини")],
            "там была",
            // (The first verb's subject as written, no name: decision 55.)
            Some("Политик"),
        ),
        // A name after a noun governed by `через` is the channel.
        (
            "Исламское государство через агентство Amaq назвало нападавшего «солдатом ИГ».",
            &[
                ("Исламское государство", org, "Исламское государство"),
                ("Amaq", org, "Amaq"),
            ],
            "нападавшего",
            Some("Исламское государство"),
        ),
        // `— говорится в сообщении.` after the words: the statement reported before.
        (
            "Президент Сирии направил телеграмму, передает САНА.\n\n\"Президент САР \
             подтвердил решимость своей страны\", - говорится в сообщении.",
            &[("САНА", org, "САНА"), ("Сирии", loc, "Сирия")],
            "Президент САР",
            Some("САНА"),
        ),
        // Describing something as something reports a judgement.
        (
            "Очевидцы описывают его как молодого человека с бородой.",
            &[],
            "его как",
            // The guideline's own unnamed speaker, as written (decision 55).
            Some("Очевидцы"),
        ),
        // A plural noun hanging on another (`на посту главы`) is no unnamed group speaking.
        (
            "Рауль Кастро, который сменил на посту главы государства брата, ранее \
             предлагал ограничить срок полномочий членов руководства.",
            &[("Рауль Кастро", per, "Рауль Кастро")],
            "ограничить",
            Some("Рауль Кастро"),
        ),
        // A gloss in brackets holds no subject.
        (
            "Марина Миронова (мать 16-летнего парня) также сообщила изданию, что в России она \
             работала учителем.",
            &[("Марина Миронова", per, "Марина Миронова")],
            "в России",
            Some("Марина Миронова"),
        ),
        // A statement's author in quotation marks.
        (
            "В сообщении «Милана» говорится: «У нас не было слов».",
            &[("Милана", org, "Милан")],
            "У нас",
            Some("Милан"),
        ),
    ]);
}

#[test]
fn a_name_and_a_colon_attribute_words_and_a_clause_before_a_colon_is_reported_too() {
    let text = "Матч начался.\n\nГарри Каспаров: «Если Топалов выиграет, он будет чемпионом».\n\n\
                Кержаев также сказал, что мамонт прожил до 50 лет, буквально: «Судя по \
                размеру костей, это был взрослый мамонт».";
    let ents = entities(
        text,
        &[
            ("Гарри Каспаров", EntityType::Per, "Гарри Каспаров"),
            ("Топалов", EntityType::Per, "Веселин Топалов"),
            ("Кержаев", EntityType::Per, "Александр Кержаев"),
        ],
    );
    let q = quotes(text, &ents);
    let named = starting(&q, "Если Топалов");
    assert_eq!(named.kind, QuoteKind::Direct);
    assert!(named.cue.is_none());
    assert_eq!(speaker(named), Some("Гарри Каспаров"));
    let reported = starting(&q, "мамонт прожил");
    assert_eq!(reported.text, "мамонт прожил до 50 лет");
    assert_eq!(speaker(reported), Some("Александр Кержаев"));
    assert_eq!(speaker(starting(&q, "Судя по")), Some("Александр Кержаев"));
}

#[test]
fn reports_found_in_the_sixth_set() {
    let (org, per, loc) = (EntityType::Org, EntityType::Per, EntityType::Loc);
    assert_speakers(&[
        // An outlet that relays a named speaker's own report is the channel, not the speaker.
        (
            "Как сообщает \"Интерфакс\", пресс-секретарь президента Наталья Тимакова назвала \
             среди задач Абызова координацию работы \"большого правительства\".",
            &[
                ("Интерфакс", org, "Интерфакс"),
                ("Наталья Тимакова", per, "Наталья Тимакова"),
                ("Абызова", per, "Михаил Абызов"),
            ],
            "среди задач",
            Some("Наталья Тимакова"),
        ),
        // A circumstance may open what was promised.
        (
            "Медведев пообещал в случае победы Путина сформировать правительство из новых \
             людей.",
            &[
                ("Медведев", per, "Дмитрий Медведев"),
                ("Путина", per, "Владимир Путин"),
            ],
            "в случае",
            Some("Дмитрий Медведев"),
        ),
        // An instruction is reported speech.
        (
            "Президент Владимир Путин поручил ФСБ утвердить порядок сертификации.",
            &[
                ("Владимир Путин", per, "Владимир Путин"),
                ("ФСБ", org, "ФСБ"),
            ],
            "ФСБ утвердить",
            Some("Владимир Путин"),
        ),
        // …but the document described after it is not the instructor's: it speaks for itself.
        (
            "Путин поручил ФСБ утвердить порядок.\n\nФСБ опубликовала приказ. Как указывается \
             в документе, организатор предоставляет данные по запросу.",
            &[("Путин", per, "Владимир Путин"), ("ФСБ", org, "ФСБ")],
            "организатор",
            Some("документ"),
        ),
        // Qualified reports of an unnamed source, with or without their comma.
        (
            "По предварительной информации, в градоначальника стрелял снайпер.",
            &[],
            "в градоначальника",
            None,
        ),
        (
            "По предварительным данным эта трагедия произошла из-за ошибки пилота.",
            &[],
            "эта трагедия",
            None,
        ),
        // Some of a union's members do not speak for it.
        (
            "Несколько членов ЕС выразили обеспокоенность, что поток оружия приведет к \
             кровопролитию.",
            &[("ЕС", org, "ЕС")],
            "поток оружия",
            None,
        ),
        // A person named after a title that opens the sentence is its subject, whom the
        // next pronoun stands for.
        (
            "Владимир Сливяк отметил, что Думы ничего не сделали.\n\nЛидер московского \
             отделения ФАР Сергей Канаев думает, что в Думе мало что изменится.\n\n«Свои \
             надежды мы связываем с отменой налога», — резюмировал он.",
            &[
                ("Владимир Сливяк", per, "Владимир Сливяк"),
                ("Сергей Канаев", per, "Сергей Канаев"),
                ("ФАР", org, "ФАР"),
            ],
            "Свои надежды",
            Some("Сергей Канаев"),
        ),
        // So is one after a time phrase.
        (
            "Дэвид Кэмерон сказал, что его тревожат потери.\n\nВо вторник Гордон Браун \
             объявил о решении уйти. Выступая перед журналистами, он сказал, что уходит с \
             поста лидера партии.",
            &[
                ("Дэвид Кэмерон", per, "Дэвид Кэмерон"),
                ("Гордон Браун", per, "Гордон Браун"),
            ],
            "уходит",
            Some("Гордон Браун"),
        ),
        // A gerund's subject opens its clause, past `в 2011 году`.
        (
            "Напомним, что в 2011 году Бардо написала Путину письмо с благодарностью за то, \
             что он запретил охоту, назвав его «президентом своего сердца».",
            &[
                ("Бардо", per, "Бриджит Бардо"),
                ("Путину", per, "Владимир Путин"),
            ],
            "его",
            Some("Бриджит Бардо"),
        ),
        // An outlet right after the cue, before the source it names, is told.
        (
            "Как рассказал \"Ъ\" источник в правительстве РФ, еще в апреле было решено \
             выдвинуть Игоря Юсуфова.",
            &[("Ъ", org, "Ъ"), ("Игоря Юсуфова", per, "Игорь Юсуфов")],
            "еще в апреле",
            None,
        ),
        // A quoted fragment's subject is the person named after a title's organisation.
        (
            "Глава Союза ММА России Фёдор Емельяненко обратил внимание, что «по факту зрители \
             увидели реальные бои».",
            &[
                ("Союза ММА России", org, "Союз ММА России"),
                ("Фёдор Емельяненко", per, "Фёдор Емельяненко"),
            ],
            "обратил",
            Some("Фёдор Емельяненко"),
        ),
        // A participle phrase describing the source is no part of the report.
        (
            "По мнению телеканала, принадлежащего организации «Хамас», глава Минобороны \
             оставил должность из-за поражения.",
            &[("Хамас", org, "Хамас")],
            "глава Минобороны",
            None,
        ),
        // A qualified phrase set off inside its sentence reports the whole sentence.
        (
            "Признаков насильственной смерти, по предварительным данным, не обнаружено.",
            &[],
            "Признаков",
            None,
        ),
        // Wiki italics around the marks; the voice of the one `которого` stands for.
        (
            "Соболезнования выразил Владимир Путин, в пресс-службе которого сообщили: \
             ''«Президент высоко ценит огромный вклад Лесина»''.",
            &[
                ("Владимир Путин", per, "Владимир Путин"),
                ("Лесина", per, "Михаил Лесин"),
            ],
            "Президент высоко",
            Some("Владимир Путин"),
        ),
        // A press office tagged with its institution's preposition speaks for the institution.
        (
            "В пресс-службе в ГУ МВД России сообщили, что задержание произошло у метро.",
            &[(
                "пресс-службе в ГУ МВД России",
                org,
                "пресс-служба в ГУ МВД России",
            )],
            "задержание",
            Some("ГУ МВД России"),
        ),
        // `о том, что` past a time phrase; `Как позднее сообщил X, …` past an adverb.
        (
            "Владимир Тарасенко заявил во вторник 24 мая о том, что он не поедет в НХЛ.",
            &[("Владимир Тарасенко", per, "Владимир Тарасенко")],
            "он не поедет",
            Some("Владимир Тарасенко"),
        ),
        (
            "Как позднее сообщил Иосиф Кобзон, экс-мэр собирается подать в суд.",
            &[("Иосиф Кобзон", per, "Иосиф Кобзон")],
            "экс-мэр",
            Some("Иосиф Кобзон"),
        ),
        // An infinitive up to seven words into the object of a call; `посчитать, что`.
        (
            "Энрике Каприлес призвал президентов других латиноамериканских стран не \
             принимать участия в акции.",
            &[("Энрике Каприлес", per, "Энрике Каприлес")],
            "президентов",
            Some("Энрике Каприлес"),
        ),
        (
            "Судьи ЕСПЧ посчитали, что Россия нарушила права Навального.",
            &[
                ("ЕСПЧ", org, "ЕСПЧ"),
                ("Навального", per, "Алексей Навальный"),
            ],
            "Россия нарушила",
            Some("ЕСПЧ"),
        ),
        // A comma slipped between a named subject and its verb is no inversion.
        (
            "Министр обороны Израиля Эхуд Барак, призвал нанести ответный удар по \
             террористам.",
            &[
                ("Израиля", loc, "Израиль"),
                ("Эхуд Барак", per, "Эхуд Барак"),
            ],
            "нанести",
            Some("Эхуд Барак"),
        ),
        // An unnamed group after an inverted cue reports the clause before it, unattributed.
        (
            "Пост вице-президента займет Сабина Лаутеншлегер, добавили высокопоставленные лица \
             в Берлине.",
            &[("Сабина Лаутеншлегер", per, "Сабина Лаутеншлегер")],
            "Пост вице-президента",
            Some("высокопоставленные лица"),
        ),
        // A described person in `по словам` is the person, not the organisation after.
        (
            "Полиция задержала Азата Мифтахова.\n\nПо словам 25-летнего аспиранта МГУ, его \
             били.",
            &[
                ("Азата Мифтахова", per, "Азат Мифтахов"),
                ("МГУ", org, "МГУ"),
            ],
            "его били",
            Some("Азат Мифтахов"),
        ),
        // The verbs a name agrees with tell its gender when the dictionary cannot.
        (
            "Жан Дюжарден сказал, что фильм удался.\n\nБриджит Бардо написала письмо. «Я \
             нахожу его человечным», — сказал он.",
            &[
                ("Жан Дюжарден", per, "Жан Дюжарден"),
                ("Бриджит Бардо", per, "Бриджит Бардо"),
            ],
            "Я нахожу",
            Some("Жан Дюжарден"),
        ),
    ]);
}

#[test]
fn quoted_names_of_things_are_no_reported_words() {
    let per = EntityType::Per;
    for (text, names) in [
        (
            "Дмитрий Медведев выдвинул концепцию «большого правительства» в октябре.",
            vec![("Дмитрий Медведев", per, "Дмитрий Медведев")],
        ),
        (
            "У Курнеса трое детей, он старается придерживаться «здорового образа жизни».",
            vec![("Курнеса", per, "Курнес")],
        ),
        (
            "Джон Нэш получил Нобелевскую премию в 1994 году «за фундаментальный анализ \
             равновесия».",
            vec![("Джон Нэш", per, "Джон Нэш")],
        ),
        (
            "«Аль-Джазира», в свою очередь, ссылается на «надежный источник в Катаре».",
            vec![],
        ),
        // The infinitive after a comma is another verb's.
        (
            "Бизнесмены, которым предлагали этот пост, отказывались его занимать.",
            vec![],
        ),
    ] {
        let q = quotes(text, &entities(text, &names));
        assert!(q.is_empty(), "{text}: {q:?}");
    }
    // A fragment of the speaker's words keeps its subject.
    let text = "Задачей-минимум Канаев видит закрепление ответственности власти «за \
                бездействие и неправильное исполнение своих обязанностей».";
    let q = quotes(text, &entities(text, &[("Канаев", per, "Сергей Канаев")]));
    assert_eq!(speaker(starting(&q, "видит")), Some("Сергей Канаев"));
}

#[test]
fn an_english_pronoun_stands_for_the_untagged_name_that_spoke_last() {
    let text = "\"We are continuing our contacts with Armenia,\" Kremlin spokesman Dmitry Peskov \
                told reporters on Wednesday. He added that Azerbaijan was also an important \
                partner.";
    let q = quotes(text, &[]);
    assert_eq!(
        speaker(starting(&q, "We are continuing")),
        Some("Dmitry Peskov")
    );
    assert_eq!(speaker(starting(&q, "Azerbaijan")), Some("Dmitry Peskov"));
}

#[test]
fn a_thing_demands_nothing_and_threats_are_reported_with_an_infinitive() {
    let per = EntityType::Per;
    // A law's requirement is the expert's report, not the state's words.
    let text = "Кладбище должен выделить город, считает Таня Марш. Закон штата Массачусетс \
                требует, чтобы каждый муниципалитет выделил место для захоронения, указывает она.";
    let ents = entities(
        text,
        &[
            ("Таня Марш", per, "Таня Марш"),
            ("Массачусетс", EntityType::Loc, "Массачусетс"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "Закон штата")), Some("Таня Марш"));
    assert!(!q.iter().any(|x| x.text.starts_with("каждый")), "{q:?}");
    // A threat with an infinitive reports; a thing threatens with no words.
    let text = "Террористы угрожают убить заложников, если правительство не уйдёт.";
    let q = quotes(text, &[]);
    assert_eq!(
        starting(&q, "убить").cue.as_ref().map(|c| c.lemma.as_str()),
        Some("угрожать")
    );
    for text in [
        "Нынешний политический кризис угрожает дестабилизировать экономику страны.",
        "Последнее требует провести расследование.",
    ] {
        let q = quotes(text, &[]);
        assert!(q.is_empty(), "{text}: {q:?}");
    }
    // Not threatening, inside a report, ends nothing.
    let text = "Адвокат сообщил, что его подзащитный не угрожал никому всерьёз.";
    let q = quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert!(q[0].text.ends_with("всерьёз"), "{q:?}");
    // A body of people and a person named before the verb still speak.
    for (text, names) in [
        ("Власти потребовали, чтобы жители покинули город.", vec![]),
        (
            "Легенда кино Брижит Бардо пригрозила эмигрировать в Россию.",
            vec![("Брижит Бардо", per, "Брижит Бардо")],
        ),
        (
            "Интересно, что сам пострадавший попросил суд не наказывать обвиняемого.",
            vec![],
        ),
    ] {
        let q = quotes(text, &entities(text, &names));
        assert_eq!(q.len(), 1, "{text}: {q:?}");
    }
}

#[test]
fn a_report_about_something_is_a_quote_when_it_quotes_the_words() {
    let text = "В первоначальном сообщении НАТО говорилось только о ранении «небольшого числа» \
                солдат.";
    let ents = entities(text, &[("НАТО", EntityType::Org, "НАТО")]);
    let q = quotes(text, &ents);
    let about = starting(&q, "о ранении");
    assert_eq!(about.kind, QuoteKind::Mixed);
    assert!(about.text.ends_with("солдат"), "{q:?}");
    assert_eq!(speaker(about), Some("НАТО"));
    // Fronted before the verb, with the speaker after it.
    let text = "Ранее о взятках и участии прокурора в «коррумпированной группировке» заявил \
                бывший зампрокурора Станислав Буянский.";
    let ents = entities(
        text,
        &[("Станислав Буянский", EntityType::Per, "Станислав Буянский")],
    );
    let q = quotes(text, &ents);
    let about = starting(&q, "о взятках");
    assert_eq!(about.kind, QuoteKind::Mixed);
    assert!(about.text.ends_with("группировке"), "{q:?}");
    assert_eq!(speaker(about), Some("Станислав Буянский"));
    // A topic, or a name in quotation marks, is no quote. (`заявила о выходе из коалиции`
    // is a declaration, whose object is content: decision 54.)
    for text in [
        "Партия сообщила о выходе из коалиции.",
        "Алекс Фергюсон рассказал об уходе с поста тренера «Манчестер Юнайтед».",
    ] {
        let q = quotes(text, &[]);
        assert!(q.is_empty(), "{text}: {q:?}");
    }
}

#[test]
fn verbs_that_agree_twice_outvote_the_dictionary_on_a_names_gender() {
    // `Андреа` is a woman's name to the dictionary; the verbs say a man.
    let text = "«Всё началось случайно», — рассказал Андреа. Андреа Падован рассказал, что его \
                отец заразился.";
    let ents = entities(
        text,
        &[
            ("Андреа Падован", EntityType::Per, "Андреа Падован"),
            ("Андреа", EntityType::Per, "Андреа Падован"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(
        speaker(starting(&q, "Всё началось")),
        Some("Андреа Падован")
    );
    assert_eq!(speaker(starting(&q, "его отец")), Some("Андреа Падован"));
}

#[test]
fn a_former_title_and_a_verb_with_no_subject_name_the_speaker_before() {
    let per = EntityType::Per;
    // `экс-президент` is the president the text named, like `президент`.
    let text = "Бывший президент Украины Виктор Янукович дал интервью. Экс-президент рассказал, \
                что не обсуждал ввод войск.";
    let ents = entities(text, &[("Виктор Янукович", per, "Виктор Янукович")]);
    let q = quotes(text, &ents);
    assert_eq!(
        speaker(starting(&q, "не обсуждал")),
        Some("Виктор Янукович")
    );
    // A singular verb opening its sentence goes on with the speaker before; a plural one
    // reports indefinitely.
    let text = "Карин Кортманн прилетела из Берлина. Она призвала лидеров отдать голоса за \
                заместителя. Причём просила сделать это единогласно. Также сообщили, что \
                голосование перенесли.";
    let ents = entities(text, &[("Карин Кортманн", per, "Карин Кортманн")]);
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "сделать это")), Some("Карин Кортманн"));
    assert_eq!(speaker(starting(&q, "голосование")), None);
}

#[test]
fn a_report_phrase_hanging_on_a_noun_is_no_report() {
    for text in [
        "Генерал прибывает в Турцию в рамках поездки по оценке ситуации в борьбе с \
         группировкой.",
        "Это был отборочный по версии IBF бой.",
    ] {
        let q = quotes(text, &[]);
        assert!(q.is_empty(), "{text}: {q:?}");
    }
    // After a conjunction or a relative word the comma before it is often left out.
    for text in [
        "Напомним, что по данным следствия, конфликт возник в августе.",
        "Блогер разместил запись, которая по мнению суда, оскорбила эмира.",
    ] {
        let q = quotes(text, &[]);
        assert_eq!(q.len(), 1, "{text}: {q:?}");
    }
}

#[test]
fn clauses_missed_in_session_26s_recall_sample() {
    let per = EntityType::Per;
    // A time between the cue and `что`, with a direct quote after a colon: both are quotes.
    let text = "Пресс-секретарь Альфредо Скоссимарро заявил в субботу, что анализ не выявил \
                раковых клеток: «Врачи сообщили, что рака нет».";
    let ents = entities(
        text,
        &[("Альфредо Скоссимарро", per, "Альфредо Скоссимарро")],
    );
    let q = quotes(text, &ents);
    assert_eq!(
        speaker(starting(&q, "анализ")),
        Some("Альфредо Скоссимарро")
    );
    assert_eq!(speaker(starting(&q, "Врачи")), Some("Альфредо Скоссимарро"));
    // Quotation marks around the outlet told do not count against the reach of `что`.
    let text = "Томислав Николич заявил газете ''Rheinische Post'', что Белград не присоединится \
                к санкциям.";
    let ents = entities(text, &[("Томислав Николич", per, "Томислав Николич")]);
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "Белград")), Some("Томислав Николич"));
    // But a `чтобы` inside quotation marks opened after the cue is the quoted words' own.
    let text = "Обама назвал Керри «лучшей кандидатурой для того, чтобы вести дипломатию».";
    let ents = entities(
        text,
        &[("Обама", per, "Барак Обама"), ("Керри", per, "Джон Керри")],
    );
    let q = quotes(text, &ents);
    assert!(!q.iter().any(|x| x.text.starts_with("вести")), "{q:?}");
    // A one-word clause that is a verb.
    let text = "Джеймсон говорил, что готов умереть. Но накануне он сказал агенту, что передумал.";
    let ents = entities(text, &[("Джеймсон", per, "Джеймсон")]);
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "передумал")), Some("Джеймсон"));
}

#[test]
fn hints_and_forecasts_are_cues_and_a_quoted_name_before_a_dash_is_no_quote() {
    let per = EntityType::Per;
    let text = "«Грузия и Россия должны развивать отношения на новой основе», — прогнозирует \
                Лолашвили. «Вопрос может зацепить и транзит», — намекнул Товпинец.";
    let ents = entities(
        text,
        &[
            ("Лолашвили", per, "Ираклий Лолашвили"),
            ("Товпинец", per, "Эдуард Товпинец"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "Грузия")), Some("Ираклий Лолашвили"));
    assert_eq!(speaker(starting(&q, "Вопрос")), Some("Эдуард Товпинец"));
    // A name in quotation marks inside a clause, then a parenthetical dash: the verb after
    // the dash reports its own clause, not the name.
    let text = "Тед Круз — один из фаворитов консервативного «Движения чаепития» — намекал, что \
                не исключает участия в гонке.";
    let ents = entities(text, &[("Тед Круз", per, "Тед Круз")]);
    let q = quotes(text, &ents);
    assert!(!q.iter().any(|x| x.kind == QuoteKind::Direct), "{q:?}");
    assert_eq!(speaker(starting(&q, "не исключает")), Some("Тед Круз"));
}

#[test]
fn a_cue_after_its_quote_reports_its_own_clause_and_a_title_may_open_a_name_colon() {
    let per = EntityType::Per;
    let text = "Иван Петров сказал, что тенденции нет. «Это незначительное увеличение», — и \
                добавил, что «дополнительные мигалки были обоснованы».";
    let ents = entities(text, &[("Иван Петров", per, "Иван Петров")]);
    let q = quotes(text, &ents);
    assert_eq!(
        speaker(starting(&q, "Это незначительное")),
        Some("Иван Петров")
    );
    assert_eq!(speaker(starting(&q, "дополнительные")), Some("Иван Петров"));
    let text = "Что придет на смену ЕГЭ\n\nОбозреватель РИА Новости Сергей Петухов: \"Здесь \
                возможны три варианта\".";
    let ents = entities(
        text,
        &[
            ("РИА Новости", EntityType::Org, "РИА Новости"),
            ("Сергей Петухов", per, "Сергей Петухов"),
        ],
    );
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "Здесь")), Some("Сергей Петухов"));
}

#[test]
fn a_pronoun_after_a_person_brought_in_by_age_alone_names_nobody() {
    let per = EntityType::Per;
    let text = "Глава республики Радий Хабиров подписал указ. 33-летний мужчина вышел во двор. \
                Он сообщил, что ничего не знал об указе.";
    let ents = entities(text, &[("Радий Хабиров", per, "Радий Хабиров")]);
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "ничего")), None);
    // An apposition by age describes the person just named.
    let text = "Эмадельдин Эльсаед, 23-летний студент из Каира, предстал перед судом после того, \
                как он написал, что готов отсидеть срок.";
    let ents = entities(text, &[("Эмадельдин Эльсаед", per, "Эмадельдин Эльсаед")]);
    let q = quotes(text, &ents);
    assert_eq!(speaker(starting(&q, "готов")), Some("Эмадельдин Эльсаед"));
}
