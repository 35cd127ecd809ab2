//! The words quotes hang on: speech and cognition cues (by lemma), pronouns, and the nouns that
//! stand for a speaker without naming one.

/// What follows a cue verb when it reports speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// A content clause (`заявил, что …`, `said that …`) or a quote it introduces or closes.
    Clause,
    /// An object or an infinitive that is the content itself (`призвал стороны прекратить огонь`).
    Object,
}

/// Russian speech and cognition verbs, by lemma, with their frame.
const RU_CUES: &[(&str, Frame)] = &[
    ("заявить", Frame::Clause),
    ("заявлять", Frame::Clause),
    ("сказать", Frame::Clause),
    ("говорить", Frame::Clause),
    ("отметить", Frame::Clause),
    ("отмечать", Frame::Clause),
    ("подчеркнуть", Frame::Clause),
    ("подчёркивать", Frame::Clause),
    ("подчеркивать", Frame::Clause),
    ("сообщить", Frame::Clause),
    ("сообщать", Frame::Clause),
    ("сообщаться", Frame::Clause),
    ("говориться", Frame::Clause),
    ("отмечаться", Frame::Clause),
    ("указываться", Frame::Clause),
    ("подчёркиваться", Frame::Clause),
    ("подчеркиваться", Frame::Clause),
    ("поясняться", Frame::Clause),
    ("уточняться", Frame::Clause),
    ("утверждаться", Frame::Clause),
    ("признать", Frame::Clause),
    ("признавать", Frame::Clause),
    ("пояснить", Frame::Clause),
    ("пояснять", Frame::Clause),
    ("добавить", Frame::Clause),
    ("добавлять", Frame::Clause),
    ("уточнить", Frame::Clause),
    ("уточнять", Frame::Clause),
    ("заметить", Frame::Clause),
    ("замечать", Frame::Clause),
    ("указать", Frame::Clause),
    ("указывать", Frame::Clause),
    ("напомнить", Frame::Clause),
    ("напоминать", Frame::Clause),
    ("рассказать", Frame::Clause),
    ("рассказывать", Frame::Clause),
    ("утверждать", Frame::Clause),
    ("считать", Frame::Clause),
    ("полагать", Frame::Clause),
    ("думать", Frame::Clause),
    // Fears are cognition cues as the guideline counts them (`дипломаты опасаются, что …`:
    // 198 and 55 of the 9,204 RT/НГ articles of `shared/data/corpus/ru_articles`).
    ("опасаться", Frame::Clause),
    ("бояться", Frame::Clause),
    ("сомневаться", Frame::Clause),
    ("заверить", Frame::Clause),
    ("заверять", Frame::Clause),
    ("подтвердить", Frame::Clause),
    ("подтверждать", Frame::Clause),
    ("опровергнуть", Frame::Clause),
    ("опровергать", Frame::Clause),
    ("подытожить", Frame::Clause),
    ("подытоживать", Frame::Clause),
    ("резюмировать", Frame::Clause),
    ("заключить", Frame::Clause),
    ("возмутиться", Frame::Clause),
    ("возмущаться", Frame::Clause),
    ("посетовать", Frame::Clause),
    ("сетовать", Frame::Clause),
    ("пожаловаться", Frame::Clause),
    ("жаловаться", Frame::Clause),
    ("поделиться", Frame::Clause),
    ("воскликнуть", Frame::Clause),
    ("повторить", Frame::Clause),
    ("повторять", Frame::Clause),
    ("возражать", Frame::Clause),
    ("признаваться", Frame::Clause),
    ("согласиться", Frame::Clause),
    ("прокомментировать", Frame::Clause),
    ("пошутить", Frame::Clause),
    ("отшутиться", Frame::Clause),
    ("продолжить", Frame::Clause),
    ("констатировать", Frame::Clause),
    ("написать", Frame::Clause),
    ("писать", Frame::Clause),
    ("допустить", Frame::Clause),
    ("допускать", Frame::Clause),
    ("предположить", Frame::Clause),
    ("предполагать", Frame::Clause),
    ("отрицать", Frame::Clause),
    ("уверять", Frame::Clause),
    ("возразить", Frame::Clause),
    ("ответить", Frame::Clause),
    ("отвечать", Frame::Clause),
    ("объяснить", Frame::Clause),
    ("объяснять", Frame::Clause),
    ("настаивать", Frame::Clause),
    ("передать", Frame::Clause),
    ("передавать", Frame::Clause),
    ("предупредить", Frame::Clause),
    ("предупреждать", Frame::Clause),
    ("выразить", Frame::Clause),
    ("выразиться", Frame::Clause),
    ("высказать", Frame::Clause),
    ("признаться", Frame::Clause),
    ("объявить", Frame::Clause),
    ("объявлять", Frame::Clause),
    ("счесть", Frame::Clause),
    ("посчитать", Frame::Clause),
    ("постановить", Frame::Clause),
    ("намекнуть", Frame::Clause),
    ("намекать", Frame::Clause),
    ("прогнозировать", Frame::Clause),
    ("спрогнозировать", Frame::Clause),
    ("предсказать", Frame::Clause),
    ("предсказывать", Frame::Clause),
    ("парировать", Frame::Clause),
    ("убеждать", Frame::Clause),
    ("разъяснить", Frame::Clause),
    ("разъяснять", Frame::Clause),
    ("цитировать", Frame::Clause),
    ("процитировать", Frame::Clause),
    ("посоветовать", Frame::Object),
    ("советовать", Frame::Object),
    ("пообещать", Frame::Object),
    ("обещать", Frame::Object),
    ("призвать", Frame::Object),
    ("призывать", Frame::Object),
    ("потребовать", Frame::Object),
    ("требовать", Frame::Object),
    ("предложить", Frame::Object),
    ("предлагать", Frame::Object),
    ("попросить", Frame::Object),
    ("просить", Frame::Object),
    ("назвать", Frame::Object),
    ("называть", Frame::Object),
    ("описать", Frame::Object),
    ("описывать", Frame::Object),
    ("пригрозить", Frame::Object),
    ("угрожать", Frame::Object),
    ("поручить", Frame::Object),
    ("поручать", Frame::Object),
    ("рекомендовать", Frame::Object),
];

/// English speech verbs: word form → (lemma, frame).
const EN_CUES: &[(&str, &str, Frame)] = &[
    ("said", "say", Frame::Clause),
    ("says", "say", Frame::Clause),
    ("say", "say", Frame::Clause),
    ("saying", "say", Frame::Clause),
    ("told", "tell", Frame::Clause),
    ("tells", "tell", Frame::Clause),
    ("added", "add", Frame::Clause),
    ("adds", "add", Frame::Clause),
    ("noted", "note", Frame::Clause),
    ("notes", "note", Frame::Clause),
    ("warned", "warn", Frame::Clause),
    ("warns", "warn", Frame::Clause),
    ("stated", "state", Frame::Clause),
    ("explained", "explain", Frame::Clause),
    ("claimed", "claim", Frame::Clause),
    ("claims", "claim", Frame::Clause),
    ("argued", "argue", Frame::Clause),
    ("argues", "argue", Frame::Clause),
    ("insisted", "insist", Frame::Clause),
    ("announced", "announce", Frame::Clause),
    ("wrote", "write", Frame::Clause),
    ("writes", "write", Frame::Clause),
    ("replied", "reply", Frame::Clause),
    ("responded", "respond", Frame::Clause),
    ("acknowledged", "acknowledge", Frame::Clause),
    ("admitted", "admit", Frame::Clause),
    ("suggested", "suggest", Frame::Clause),
    ("believes", "believe", Frame::Clause),
    ("believed", "believe", Frame::Clause),
    ("thinks", "think", Frame::Clause),
    ("confirmed", "confirm", Frame::Clause),
    ("denied", "deny", Frame::Clause),
    ("asked", "ask", Frame::Clause),
    ("predicted", "predict", Frame::Clause),
    ("promised", "promise", Frame::Object),
    ("urged", "urge", Frame::Object),
    ("vowed", "vow", Frame::Object),
    ("demanded", "demand", Frame::Object),
];

/// The English cue words of the rules, as written (lowercase).
pub fn en_cue_words() -> impl Iterator<Item = &'static str> {
    EN_CUES.iter().map(|&(w, _, _)| w)
}

/// The frame and lemma of an English cue word (lowercase).
pub fn en_cue(word: &str) -> Option<(&'static str, Frame)> {
    EN_CUES
        .iter()
        .find(|(w, _, _)| *w == word)
        .map(|&(_, lemma, frame)| (lemma, frame))
}

/// Whether a cue lemma reports without a subject (`говорится`, `сообщается`, `отмечается`).
pub fn is_impersonal_cue(lemma: &str) -> bool {
    matches!(
        lemma,
        "говориться"
            | "сообщаться"
            | "отмечаться"
            | "указываться"
            | "подчёркиваться"
            | "подчеркиваться"
            | "поясняться"
            | "уточняться"
            | "утверждаться"
    )
}

/// Verbs that attribute words in quotation marks (`«…», — поделился он`, `заключил`) but
/// narrate otherwise: `поделились с ними своими выводами`, `согласилась на это при условии,
/// что …`. They open no reported clause of their own.
const QUOTE_ONLY: &[&str] = &[
    PASSES_ON_WORDS,
    "поделиться",
    "воскликнуть",
    "возмутиться",
    "возмущаться",
    "пошутить",
    "заключить",
    "повторить",
    "повторять",
    "согласиться",
    "продолжить",
];

/// `«…», — приводит слова вице-спикера … РИА Новости`: an outlet passing on whose words they
/// are (569 of the 9,204 RT/НГ articles of `shared/data/corpus/ru_articles`), read as a citation.
pub const PASSES_ON_WORDS: &str = "приводить слова";

/// Nouns of documents that report after `согласно` (`Согласно докладу Amnesty International`,
/// `Согласно этому документу`): the document, or whoever it names, is the source.
pub fn is_document_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "документ"
            | "доклад"
            | "отчёт"
            | "отчет"
            | "обзор"
            | "исследование"
            | "опрос"
            | "резолюция"
            | "прогноз"
            | "норма"
            | "постановление"
            | "приговор"
            | "решение"
    )
}

/// Whether a cue lemma attributes only quoted words (see [`QUOTE_ONLY`]).
pub fn is_quote_only(lemma: &str) -> bool {
    QUOTE_ONLY.contains(&lemma)
}

/// Whether a cue lemma, met inside words reported by someone else, belongs to them rather than
/// ending them: `по сообщению AP, жители Эквадора жалуются на то, что …` is AP's report of a
/// complaint; `сообщил, что …, но он думал, что …` is one report of what he thought.
pub fn nests_in_reports(lemma: &str) -> bool {
    is_quote_only(lemma)
        || matches!(
            lemma,
            "жаловаться"
                | "пожаловаться"
                | "сетовать"
                | "посетовать"
                | "думать"
                | "сомневаться"
                | "угрожать"
        )
}

/// The frame of a Russian cue lemma.
pub fn ru_cue(lemma: &str) -> Option<(&'static str, Frame)> {
    RU_CUES
        .iter()
        .find(|(l, _)| *l == lemma)
        .map(|&(l, frame)| (l, frame))
}

/// Personal pronouns that can stand for a speaker, and what they can refer to.
pub fn pronoun(word: &str) -> Option<PronounKind> {
    Some(match word {
        "он" | "he" => PronounKind::Masc,
        "она" | "she" => PronounKind::Femn,
        "они" | "they" => PronounKind::Plural,
        "оно" => PronounKind::Neut,
        "его" | "него" | "him" | "his" => PronounKind::Masc,
        "ее" | "её" | "нее" | "неё" | "her" => PronounKind::Femn,
        "их" | "них" | "them" | "their" => PronounKind::Plural,
        _ => return None,
    })
}

/// Cues by which an outlet passes on someone else's words (`цитирует`): the outlet is never
/// the speaker.
pub fn is_citation(lemma: &str) -> bool {
    matches!(lemma, "цитировать" | "процитировать" | PASSES_ON_WORDS)
}

/// Whether a lowercased word is a first-person pronoun or possessive (`я`, `мне`, `наш`): a
/// paragraph that holds one speaks for someone.
pub fn is_first_person(word: &str) -> bool {
    matches!(
        word,
        "я" | "мы"
            | "меня"
            | "мне"
            | "мной"
            | "нас"
            | "нам"
            | "нами"
            | "мой"
            | "моя"
            | "моё"
            | "мое"
            | "мои"
            | "моих"
            | "моим"
            | "моей"
            | "моего"
            | "наш"
            | "наша"
            | "наше"
            | "наши"
            | "наших"
            | "нашим"
            | "нашей"
            | "нашего"
    )
}

/// What a pronoun can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PronounKind {
    /// A man (or a masculine-named organisation).
    Masc,
    /// A woman.
    Femn,
    /// An organisation named by a neuter noun (`министерство`).
    Neut,
    /// A group or an institution.
    Plural,
}

/// Nouns that refer back to an organisation already named (`ведомство` for the ministry).
pub fn is_org_anaphor(lemma: &str) -> bool {
    matches!(
        lemma,
        "ведомство"
            | "министерство"
            | "агентство"
            | "компания"
            | "организация"
            | "служба"
            | "пресс-служба"
            | "правительство"
            | "администрация"
            | "полиция"
            | "прокуратура"
            | "суд"
            | "ministry"
            | "department"
            | "agency"
            | "company"
    )
}

/// What a minister is minister of (`министр информации`, `министр иностранных дел`): a title
/// with a portfolio names one office, not any earlier speaker.
pub fn is_portfolio(lemma: &str) -> bool {
    matches!(
        lemma,
        "информация"
            | "оборона"
            | "здравоохранение"
            | "финансы"
            | "экономика"
            | "образование"
            | "культура"
            | "юстиция"
            | "транспорт"
            | "энергетика"
            | "промышленность"
            | "торговля"
            | "труд"
            | "спорт"
            | "наука"
            | "дело"
            | "связь"
            | "хозяйство"
            | "туризм"
            | "экология"
    )
}

/// Nouns of people who speak without a name the document gives (`собеседник агентства`): a
/// quote they attribute has no resolvable speaker.
pub fn is_anonymous_source(lemma: &str) -> bool {
    matches!(
        lemma,
        "собеседник"
            | "источник"
            | "эксперт"
            | "аналитик"
            | "очевидец"
            | "свидетель"
            | "житель"
            | "пользователь"
            | "сми"
            | "пресса"
            | "media"
            | "source"
            | "official"
            | "officials"
            | "expert"
            | "analyst"
    )
}

/// Nouns for a news outlet (`газета`, `издание`): `по данным издания` is the outlet the text
/// named with one of them before.
pub fn is_media_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "газета"
            | "издание"
            | "телеканал"
            | "телекомпания"
            | "журнал"
            | "радиостанция"
            | "агентство"
            | "портал"
    )
}

/// Nouns for a body of people, which speak though grammar counts them inanimate (`власти
/// потребовали`, `руководство клуба призвало`), unlike a thing (`закон требует`, `кризис
/// угрожает`) or a text (`документ предлагает` proposes; whoever wrote it is the speaker).
pub fn speaks_though_inanimate(lemma: &str) -> bool {
    matches!(
        lemma,
        "власть"
            | "руководство"
            | "командование"
            | "парламент"
            | "кабинет"
            | "сторона"
            | "режим"
            | "штаб"
            | "комиссия"
            | "комитет"
            | "совет"
            | "партия"
            | "движение"
            | "группировка"
            | "оппозиция"
            | "страна"
            | "государство"
            | "делегация"
            | "посольство"
            | "профсоюз"
            | "союз"
            | "альянс"
            | "коалиция"
            | "фракция"
            | "команда"
            | "клуб"
            | "федерация"
            | "ассоциация"
            | "общество"
            | "сообщество"
            | "армия"
            | "семья"
            | "банк"
            | "фонд"
            | "следствие"
            | "обвинение"
            | "защита"
            | "организатор"
    )
}

/// Heads of a phrase naming an institution's voice by the institution (`пресс-служба МВД`,
/// `представитель МИД`): the speaker is the organisation named after it.
pub fn is_voice_of(lemma: &str) -> bool {
    matches!(
        lemma,
        "пресс-служба"
            | "служба"
            | "представитель"
            | "представительство"
            | "пресс-центр"
            | "пресс-секретарь"
            | "пресс-агент"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
    )
}

/// Nouns after `по`/`согласно`/`из` that report a speaker's words (`по словам`, `из заявления`).
pub fn is_report_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "слово"
            | "мнение"
            | "заявление"
            | "сообщение"
            | "данные"
            | "информация"
            | "оценка"
            | "утверждение"
            | "версия"
            | "пресс-релиз"
            | "релиз"
            | "текст"
    )
}

/// Nouns of kinship or counsel: `Отец Сингха заявил` is the father speaking, not Сингх.
pub fn is_relative(lemma: &str) -> bool {
    matches!(
        lemma,
        "отец"
            | "мать"
            | "сын"
            | "дочь"
            | "брат"
            | "сестра"
            | "жена"
            | "муж"
            | "вдова"
            | "внук"
            | "внучка"
            | "племянник"
            | "племянница"
            | "дядя"
            | "тётя"
            | "тетя"
            | "друг"
            | "подруга"
            | "родственник"
            | "родитель"
            | "сосед"
            | "адвокат"
            | "защитник"
            | "коллега"
            | "знакомый"
    )
}

/// A title without the `экс-` that marks it as held before (`экс-президент` → `президент`).
pub fn without_former(word: &str) -> &str {
    word.strip_prefix("экс-").unwrap_or(word)
}

/// Offices named by the place or body they serve (`президент РФ`, `глава КНР`), held now or
/// before (`экс-президент`).
pub fn is_role(lemma: &str) -> bool {
    matches!(
        without_former(lemma),
        "президент"
            | "глава"
            | "премьер"
            | "премьер-министр"
            | "лидер"
            | "председатель"
            | "руководитель"
            | "спикер"
            | "посол"
            | "губернатор"
            | "мэр"
            | "канцлер"
            | "король"
            | "королева"
            | "папа"
            | "понтифик"
            | "патриарх"
            | "министр"
            | "генсек"
            | "генсекретарь"
    )
}
