//! Persons' names in the nominative: every name word inflected by the morphology, with the
//! reading the document's other forms confirm, and surnames compared across their forms.
use std::collections::HashSet;

use newsmill_nlp::morph::{flag, morph, Case, Gender, Number, Parse, Pos};
use newsmill_nlp::token::Kind;

use super::identity::spelling;
use super::lexicon::{fold, Lexicon};
use super::phrase::join_tokens;
use crate::{Prepared, Span};

/// Restores the capitalisation of `written` onto `form` (lowercase): per hyphen-separated part,
/// a capital first letter where the written part had one.
pub(super) fn recase(form: &str, written: &str) -> String {
    let wparts: Vec<&str> = written.split('-').collect();
    form.split('-')
        .enumerate()
        .map(|(i, part)| {
            let cap = wparts
                .get(i)
                .and_then(|w| w.chars().next())
                .is_some_and(char::is_uppercase);
            if cap {
                let mut c = part.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            } else {
                part.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

pub(super) fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && word.chars().filter(|c| c.is_uppercase()).count() * 2 > letters
}

/// The nominative of one word, given the parse to inflect.
pub(super) fn nominative_word(parse: &Parse, written: &str, gender: Option<Gender>) -> String {
    match parse.inflect(Case::Nomn, gender) {
        Some(form) => recase(&form, written),
        None => written.to_owned(),
    }
}

fn name_like(p: &Parse) -> bool {
    p.tag.flags & (flag::NAME | flag::SURN | flag::PATR) != 0
}

fn gender_fits(p: &Parse, gender: Gender) -> bool {
    matches!(p.tag.gender, None | Some(Gender::Common)) || p.tag.gender == Some(gender)
}

/// The singular analysis of a name word in `case` and `gender`: a name reading first, then any
/// noun reading. In an oblique case a declining name comes before an indeclinable one written
/// alike ("Анне Ивановой" is Анна's dative, not the French "Анне").
fn name_parse(parses: &[Parse], case: Case, gender: Gender) -> Option<&Parse> {
    let fits = |p: &&Parse| {
        p.tag.case == Some(case) && p.tag.number != Some(Number::Plur) && gender_fits(p, gender)
    };
    let names = || parses.iter().filter(|p| name_like(p)).filter(fits);
    (case != Case::Nomn)
        .then(|| names().find(|p| !p.tag.has(flag::FIXD)))
        .flatten()
        .or_else(|| names().next())
        .or_else(|| parses.iter().filter(|p| p.tag.pos == Pos::Noun).find(fits))
}

/// Women's kin and companions: a name after one of these is as often another person's
/// genitive (`жена Путина`) as the woman herself.
const FEMININE_RELATIONS: &[&str] = &[
    "жена",
    "дочь",
    "мать",
    "сестра",
    "вдова",
    "супруга",
    "бабушка",
    "внучка",
    "подруга",
    "невеста",
    "племянница",
    "тётя",
    "тетя",
    "мама",
    "падчерица",
    "свекровь",
    "тёща",
    "теща",
];

/// The cases of a feminine title right before a person span (`телеведущая`, `актрисы`,
/// `певице`): a word whose every noun or adjective reading is feminine and singular, an
/// animate noun if a noun, and no kin noun.
fn feminine_title_before(text: &str, p: &Prepared, span: &Span) -> Option<Vec<Case>> {
    let t = p.tokens.get(span.first.checked_sub(1)?)?;
    if t.kind != Kind::Word {
        return None;
    }
    let parses = morph().analyze_shared(t.text(text));
    let nominal: Vec<&Parse> = parses
        .iter()
        .filter(|a| matches!(a.tag.pos, Pos::Noun | Pos::Adjf))
        .collect();
    let title = !nominal.is_empty()
        && nominal.iter().all(|a| {
            a.tag.gender == Some(Gender::Femn)
                && a.tag.number != Some(Number::Plur)
                && (a.tag.pos != Pos::Noun || a.tag.has(flag::ANIM))
                && !FEMININE_RELATIONS.contains(&a.lemma.as_str())
        });
    title.then(|| nominal.iter().filter_map(|a| a.tag.case).collect())
}

/// A person mention, parsed: the nominative form and its parts.
#[derive(Debug, Clone)]
pub(super) struct PersonName {
    /// Name words in the nominative, initials kept.
    pub(super) full: String,
    pub(super) first: Option<String>,
    pub(super) surname: Option<String>,
    /// The first initial, for "В. Лукашенко".
    pub(super) initial: Option<char>,
}

/// Prepositions that govern the locative: a name is read as one only after them.
const LOCATIVE_PREPOSITIONS: &[&str] = &["в", "во", "на", "о", "об", "обо", "при"];

const CASES: [Case; 6] = [
    Case::Nomn,
    Case::Gent,
    Case::Datv,
    Case::Accs,
    Case::Ablt,
    Case::Loct,
];

/// A person mention in the nominative. Case and gender are chosen for the whole name (the pair
/// most words have a singular name reading in, masculine and nominative first on ties), so that
/// "Дмитрия Пескова" gives "Дмитрий Песков" and "Мария Шукшина" stays as it is.
pub(super) fn person_nominative(
    text: &str,
    p: &Prepared,
    span: &Span,
    doc_words: &HashSet<String>,
    verb_gender: Option<Gender>,
    lexicon: &Lexicon,
) -> PersonName {
    let toks = &p.tokens[span.first..span.last];
    let words: Vec<&str> = toks
        .iter()
        .filter(|t| t.kind == Kind::Word)
        .map(|t| t.text(text))
        .collect();
    let initial = toks
        .iter()
        .find(|t| t.kind == Kind::Initial)
        .and_then(|t| t.text(text).chars().next());
    if words.is_empty() {
        return PersonName {
            full: join_tokens(text, toks),
            first: None,
            surname: None,
            initial,
        };
    }
    let parses: Vec<std::rc::Rc<Vec<Parse>>> =
        words.iter().map(|w| morph().analyze_shared(w)).collect();
    // A woman's surname the dictionary does not know and that ends in a consonant does not
    // decline ("Юлия Ауг", "Юлии Ауг"): beside a woman's first name it counts as a name word in
    // that name's case, so "Юлия Ауг" is not read as the accusative of "Юлий" (its masculine
    // guesses say nothing). An oblique case counts only where the first name cannot be a
    // nominative ("Оливье Метцнер" is not the dative of "Оливья"). Not a word in -м, the
    // instrumental of a man's name ("Фридкином").)
    let fixed_for_women: Vec<bool> = words
        .iter()
        .zip(&parses)
        .map(|(w, ps)| {
            !ps.iter().any(|a| a.known)
                && w.chars()
                    .last()
                    .is_some_and(|c| is_cyrillic(c) && !"аеёиоуыэюяйьмАЕЁИОУЫЭЮЯЙЬМ".contains(c))
        })
        .collect();
    let word_score =
        |k: usize, case: Case, gender: Gender| match name_parse(&parses[k], case, gender) {
            Some(pp) if name_like(pp) => 2,
            Some(_) => 1,
            None if gender == Gender::Femn
                && fixed_for_women[k]
                && parses.iter().enumerate().any(|(j, ps)| {
                    j != k
                        && ps.iter().any(|a| {
                            a.tag.has(flag::NAME)
                                && a.tag.gender == Some(Gender::Femn)
                                && a.tag.case == Some(case)
                        })
                        && (case == Case::Nomn
                            || !ps.iter().any(|a| {
                                a.tag.case == Some(Case::Nomn) && a.tag.number != Some(Number::Plur)
                            }))
                }) =>
            {
                2
            }
            None => 0,
        };
    // A guessed dative or locative in -е ("Бейонсе" as the locative of "Бейонс") is believed only
    // after a preposition that governs it; foreign names in -е are mostly indeclinable.
    let is_one_of = |t: &newsmill_nlp::token::Token, words: &[&str]| {
        words.contains(&fold(t.text(text)).as_str())
    };
    let after_preposition = span.first > 0
        && (is_one_of(&p.tokens[span.first - 1], LOCATIVE_PREPOSITIONS)
            || is_one_of(&p.tokens[span.first - 1], &["к", "ко", "по"]));
    // The locative stands only after a preposition, which may govern a title before the name
    // ("о президенте Владимире Путине"): "министр Хорхе Арреаза" is no locative of a "Хорх".
    // Only words that can themselves be locatives stand between ("президенте США").
    let can_be_locative = |t: &newsmill_nlp::token::Token| {
        t.kind == Kind::Number
            || (t.kind == Kind::Word
                && morph()
                    .analyze_shared(t.text(text))
                    .iter()
                    .any(|a| a.tag.case == Some(Case::Loct)))
    };
    let locative_possible = p.tokens[..span.first]
        .iter()
        .rev()
        .take(6)
        .find(|t| is_one_of(t, LOCATIVE_PREPOSITIONS) || !can_be_locative(t))
        .is_some_and(|t| is_one_of(t, LOCATIVE_PREPOSITIONS));
    // Between oblique cases of one gender that score alike, the one more words decline in as
    // known names: "Анне Ивановой" is a dative (Анна's), not the genitive the indeclinable
    // "Анне" also fits. The nominative keeps its ties.
    let declining = |case: Case, gender: Gender| -> usize {
        if case == Case::Nomn {
            return words.len();
        }
        parses
            .iter()
            .filter(|ps| {
                name_parse(ps, case, gender)
                    .is_some_and(|p| p.known && name_like(p) && !p.tag.has(flag::FIXD))
            })
            .count()
    };
    let score = |case: Case, gender: Gender| -> usize {
        (0..words.len()).map(|k| word_score(k, case, gender)).sum()
    };
    // The best-scoring of `cases` for `gender`, the earliest case on ties.
    let best_of = |cases: &mut dyn Iterator<Item = Case>, gender: Gender| {
        cases
            .map(|c| (score(c, gender), c))
            .max_by_key(|&(s, c)| (s, std::cmp::Reverse(c as usize)))
    };
    let possible = || {
        CASES
            .into_iter()
            .filter(move |&c| c != Case::Loct || locative_possible)
    };
    let mut best = (Case::Nomn, Gender::Masc, 0usize);
    let mut best_declining = 0;
    for gender in [Gender::Masc, Gender::Femn] {
        for case in possible() {
            let score = score(case, gender);
            let tie = score == best.2 && score > 0 && gender == best.1;
            if score > best.2 || tie {
                let d = declining(case, gender);
                if !tie || d > best_declining {
                    best_declining = d;
                    best = (case, gender, score);
                }
            }
        }
    }
    // "Дэн Сяопина", "Ким Чен Ына", "Цзян Цзэминя": an East Asian name puts its one-syllable
    // family name first, and only the last word declines; the dictionary reads "Дэн", "Ким",
    // "Цзян" as nominatives of declining names, which outvote a last word that cannot be one.
    // When every word before the last is that short and the last has no nominative reading but
    // reads as an oblique case of a man's name on a nasal ("Сяопин", "Ын", "Цзэминь"), that
    // case is the name's. (A longer first name keeps its say: "Нельсон Мандела".)
    let east_asian = words.len() > 1
        && words[..words.len() - 1]
            .iter()
            .all(|w| w.chars().count() <= 4);
    if best.0 == Case::Nomn && east_asian {
        let last = words.len() - 1;
        let readings = || parses[last].iter().filter(|a| a.tag.pos == Pos::Noun);
        if !readings().any(|a| a.tag.case == Some(Case::Nomn)) {
            // Chinese, Korean and Vietnamese syllables close on a vowel, a nasal or (Korean) a
            // stop or -л: a name on one of those declines ("Сяопина", "Ына", "Нама", "Тхэку");
            // one on -р, -с, -в and the like is no such name.
            let consonant_stem = |a: &Parse| {
                a.tag.gender == Some(Gender::Masc)
                    && a.tag.number != Some(Number::Plur)
                    && (name_like(a) || !a.known)
                    && ["н", "нь", "нг", "м", "к", "п", "л", "т"]
                        .iter()
                        .any(|e| a.lemma.ends_with(e))
            };
            let oblique = best_of(
                &mut CASES[1..]
                    .iter()
                    .copied()
                    .filter(|&c| readings().any(|a| a.tag.case == Some(c) && consonant_stem(a))),
                Gender::Masc,
            );
            if let Some((_, c)) = oblique {
                best = (c, Gender::Masc, best.2);
            }
        }
    }
    // "Анастасия Кузнецова": a woman's nominative and a man's genitive ("Анастасий
    // Кузнецов") that score alike go to the first name the corpus names people by more often.
    if best.1 == Gender::Masc && words.len() > 1 {
        let femn = best_of(&mut possible(), Gender::Femn);
        if let Some((score, c)) = femn.filter(|f| f.0 == best.2 && best.2 > 0) {
            let count = |case: Case, gender: Gender| {
                name_parse(&parses[0], case, gender)
                    .filter(|a| a.tag.has(flag::NAME))
                    .map_or(0, |a| lexicon.first_name_count(&a.lemma))
            };
            if count(c, Gender::Femn) > count(best.0, Gender::Masc) {
                best = (c, Gender::Femn, score);
            }
        }
    }
    // "Мартина Биг участвовала": a past-tense verb agreeing with the name (this or another
    // mention written the same way) shows a nominative of that gender, whatever the dictionary
    // reads the words as ("Мартина" is only the genitive of "Мартин" there).
    // Only a verb the dictionary's reading cannot explain counts: a genitive modifier may stand
    // before any verb, but not as the subject of one of the other gender.
    if let Some(g) = verb_gender.filter(|&g| g != best.1) {
        best = (Case::Nomn, g, best.2);
    }
    // "Телеведущая Анфиса Чехова": a feminine title right before the name settles a tie
    // between a woman's nominative and a man's genitive ("Анфис Чехов") the dictionary
    // cannot. Masculine titles say nothing (a woman is "министр" too), nor do kin nouns,
    // which govern a genitive ("жена Анфиса Чехова" may be a man's wife).
    if best.1 == Gender::Masc && verb_gender.is_none() {
        if let Some(cases) = feminine_title_before(text, p, span) {
            let femn = best_of(&mut cases.into_iter(), Gender::Femn);
            if let Some((score, c)) = femn.filter(|&(score, _)| score > 0 && score >= best.2) {
                best = (c, Gender::Femn, score);
            }
        }
    }
    let (mut case, gender, _) = best;
    // "Прит Бхарара", "Хакубун Симомура": a man's first name ending in a consonant (or -й, -ь)
    // takes an ending in every oblique case ("Прита", "Игоря"), so one written bare shows the
    // name is a nominative, whatever the guesser makes of the surname. Not in an East Asian
    // name, where only the last word declines ("Ким Чен Ына"): short first words and a last
    // word that can close on an East Asian syllable ("Прит Бхарара" is no such name).
    let asian_stem = parses[words.len() - 1].iter().any(|a| {
        a.tag.pos == Pos::Noun
            && ["н", "нь", "нг", "м", "к", "п", "л", "т"]
                .iter()
                .any(|e| a.lemma.ends_with(e))
    });
    if case != Case::Nomn
        && gender == Gender::Masc
        && words.len() > 1
        && !(east_asian && asian_stem)
    {
        // Known: a man's nominative first name on a consonant, -й or -ь, with no oblique
        // reading. Unknown: a consonant ending that is no case's (not the -ом / -ем of the
        // instrumental).
        let known = parses[0].iter().any(|p| p.known);
        let consonant_end = words[0]
            .chars()
            .last()
            .is_some_and(|c| is_cyrillic(c) && !"аеёиоуыэюяАЕЁИОУЫЭЮЯ".contains(c));
        let first_bare = if known {
            consonant_end
                && parses[0].iter().any(|p| {
                    p.known
                        && p.tag.has(flag::NAME)
                        && p.tag.case == Some(Case::Nomn)
                        && p.tag.gender == Some(Gender::Masc)
                })
                && !parses[0]
                    .iter()
                    .any(|p| p.known && p.tag.case.is_some_and(|c| c != Case::Nomn))
        } else {
            consonant_end && !words[0].ends_with(['й', 'ь', 'м', 'Й', 'Ь', 'М'])
        };
        if first_bare {
            case = Case::Nomn;
        }
    }
    // "Мисао Кимура": when every other word is indeclinable (it fits every case) and the last is
    // an unknown word in -а that the document never writes without it (no "Кимур"), the guess
    // "genitive of Кимур" has nothing behind it: the name is a nominative. ("Джо Байдена" stays
    // a genitive where the document also writes "Байден".)
    if case != Case::Nomn && words.len() > 1 {
        let (last, others) = parses.split_last().expect("words is not empty");
        let indeclinable = |ps: &std::rc::Rc<Vec<Parse>>| ps.iter().any(|p| p.tag.has(flag::FIXD));
        let last_word = fold(words[words.len() - 1]);
        let bare = last_word.strip_suffix('а').filter(|b| !b.is_empty());
        let unknown_in_a = !last.is_empty() && !last.iter().any(|p| p.known);
        // (A Chinese name on a nasal does decline: "Си Цзиньпина" is the genitive; "Фернандо
        // Осуна" is not "Осун".)
        let nasal = east_asian && bare.is_some_and(|b| b.ends_with('н'));
        if unknown_in_a
            && !nasal
            && bare.is_some_and(|b| !doc_words.contains(b))
            && others.iter().all(indeclinable)
        {
            case = Case::Nomn;
        }
    }
    let mut parts = Vec::with_capacity(words.len());
    let mut first = None;
    for (k, (w, ps)) in words.iter().zip(&parses).enumerate() {
        let pick = name_parse(ps, case, gender);
        let unknown = !ps.iter().any(|p| p.known);
        // "Юлии Сырых", "Никиты Белых": a surname in -ых / -их never declines.
        let fixed_surname = k > 0 && k + 1 == words.len() && {
            let l = fold(w);
            l.ends_with("ых") || l.ends_with("их")
        };
        // (A word of one or two letters is a syllable of an East Asian name, "Ху", "Ли", not
        // an ending on a one-letter stem.)
        let syllable = w.chars().count() <= 2;
        let form = match pick {
            _ if case == Case::Nomn || is_acronym(w) || fixed_surname || syllable => {
                (*w).to_owned()
            }
            Some(pp)
                if !pp.known
                    && matches!(case, Case::Datv | Case::Loct)
                    && w.ends_with(['е', 'Е'])
                    && !after_preposition =>
            {
                (*w).to_owned()
            }
            // A guessed analysis is trusted only for consonant stems ("Локхарту" → "Локхарт"),
            // adjectival surnames ("Соханьского" → "Соханьский") and a woman's name in an
            // ending only the -а declension has ("Шакирой" → "Шакира"); foreign names ending
            // in a vowel are mostly indeclinable ("Цвангираи").
            Some(pp)
                if pp.known
                    || pp.lemma.ends_with(|c: char| !"аеёиоуыэюяй".contains(c))
                    // ... a patronymic-like surname whose nominative is a consonant stem
                    // ("Джоковичем" → "Джокович")
                    || (pp.tag.has(flag::PATR)
                        && nominative_word(pp, w, Some(gender))
                            .ends_with(|c: char| !"аеёиоуыэюяй".contains(c)))
                    // ... and a man's name on a vowel and -й ("Чухрая" → "Чухрай"; not
                    // "Гарсия", which no "Гарсий" explains)
                    || (gender == Gender::Masc
                        && ["ай", "ей", "ой", "уй"].iter().any(|e| pp.lemma.ends_with(e)))
                    || (pp.tag.has(flag::SURN)
                        && ["ский", "цкий", "ской", "цкой"]
                            .iter()
                            .any(|s| pp.lemma.ends_with(s)))
                    || (gender == Gender::Femn
                        && pp.lemma.ends_with('а')
                        && matches!(case, Case::Gent | Case::Accs | Case::Ablt))
                    // ... and a woman's -я name in the instrumental ("Чантурией").
                    || (gender == Gender::Femn
                        && pp.lemma.ends_with('я')
                        && case == Case::Ablt
                        && w.ends_with("ей"))
                    // ... and a woman's -ия name in -ии ("Патрисии" → "Патрисия").
                    || (gender == Gender::Femn
                        && pp.lemma.ends_with("ия")
                        && matches!(case, Case::Gent | Case::Datv | Case::Loct)
                        && w.ends_with("ии")) =>
            {
                nominative_word(pp, w, Some(gender))
            }
            // An unknown surname with no reading in the name's case declines like "Окава"
            // ("Кимуры", "Кимуре", "Кимуру", "Кимурой" → "Кимура") for a woman or where the
            // dictionary guessed nothing masculine, like "Ольга" for a man
            // ("Фридкином" → "Фридкин").
            None if k + 1 == words.len() && words.len() > 1 && unknown => {
                if gender == Gender::Masc {
                    second_declension_nominative(w, case)
                        .unwrap_or_else(|| first_declension_nominative(w, case))
                } else {
                    first_declension_nominative(w, case)
                }
            }
            // A surname the dictionary knows only as an adjective ("Поперечного" →
            // "Поперечный").
            None if k > 0 && w.chars().next().is_some_and(char::is_uppercase) => ps
                .iter()
                .find(|a| {
                    a.tag.pos == Pos::Adjf && a.tag.case == Some(case) && gender_fits(a, gender)
                })
                .map_or_else(|| (*w).to_owned(), |a| nominative_word(a, w, Some(gender))),
            _ => (*w).to_owned(),
        };
        if first.is_none() && k + 1 < words.len() && ps.iter().any(|a| a.tag.has(flag::NAME)) {
            first = Some(form.clone());
        }
        parts.push(form);
    }
    // One word: a surname, unless the dictionary knows it only as a first name ("Мишель"); a
    // guessed name reading of an unknown word ("Красов", "Хендрикс") proves nothing.
    let lone_first_name = words.len() == 1
        && parses[0].iter().any(|a| a.tag.has(flag::NAME) && a.known)
        && !parses[0].iter().any(|a| a.tag.has(flag::SURN));
    if lone_first_name {
        first = Some(parts[0].clone());
    }
    // "Виктор Фёдорович": a first name and a patronymic, the polite way to name someone the
    // text names in full elsewhere; the patronymic is no surname.
    let patronymic_last = words.len() == 2
        && first.is_some()
        && parses[1].iter().any(|a| a.tag.has(flag::PATR))
        && !parses[1].iter().any(|a| a.tag.has(flag::SURN));
    let surname = (!lone_first_name && !patronymic_last)
        .then(|| parts.last().cloned())
        .flatten();
    PersonName {
        full: parts.join(" "),
        first,
        surname,
        initial,
    }
}

/// The nominative of a name of the -а declension from its `case` form ("Кимуры" → "Кимура"),
/// or the word as written when its ending is not that case's.
fn first_declension_nominative(word: &str, case: Case) -> String {
    // Only the endings no indeclinable foreign name has ("Берни", "Эль-Барадеи" stay).
    let ending = match case {
        Case::Gent => "ы",
        Case::Datv | Case::Loct => "е",
        Case::Accs => "у",
        Case::Ablt => "ой",
        _ => return word.to_owned(),
    };
    match word.strip_suffix(ending) {
        Some(stem) if stem.chars().count() >= 2 => format!("{stem}а"),
        _ => word.to_owned(),
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё')
}

/// The nominative of a man's foreign surname of the consonant declension from its `case` form
/// ("Фридкином" → "Фридкин", "Локхарту" → "Локхарт"), or `None` when the word does not end in
/// that case's hard-stem ending after a consonant.
fn second_declension_nominative(word: &str, case: Case) -> Option<String> {
    // A soft stem: "Скрипаля", "Скрипалю", "Скрипалем" → "Скрипаль"; "Чухрая" → "Чухрай".
    let soft = match case {
        Case::Gent | Case::Accs => Some("я"),
        Case::Datv => Some("ю"),
        Case::Ablt => Some("ем"),
        _ => None,
    };
    if let Some(stem) = soft.and_then(|e| word.strip_suffix(e)) {
        let last = stem
            .chars()
            .last()
            .map(|c| c.to_lowercase().next().unwrap_or(c));
        if stem.chars().count() >= 3 {
            match last {
                Some(c) if "аеоу".contains(c) => return Some(format!("{stem}й")),
                Some(c) if c.is_alphabetic() && !"аеёиоуыэюяйьжшчщц".contains(c) => {
                    return Some(format!("{stem}ь"))
                }
                _ => {}
            }
        }
    }
    let ending = match case {
        Case::Gent | Case::Accs => "а",
        Case::Datv => "у",
        Case::Ablt => "ом",
        Case::Loct => "е",
        _ => return None,
    };
    let stem = word.strip_suffix(ending)?;
    let consonant = stem.chars().last().is_some_and(|c| {
        c.is_alphabetic() && !"аеёиоуыэюяйьжшчщц".contains(c.to_lowercase().next().unwrap_or(c))
    });
    (consonant && stem.chars().count() >= 3).then(|| stem.to_owned())
}

/// Whether `form` is a case form of the name word `nominative` (both case-folded) in the
/// paradigm its nominative ending implies: "пейдж" gives "пейджа", "пейджу", "пейджем";
/// "трусова" gives "трусовой", "трусову", but "трусов" does not give "трусовой"; a word on -у,
/// -и, -о, -е does not decline ("роналду"). Used to choose, among the readings a person's
/// mentions gave, the one that explains how the document writes the name.
pub(super) fn declines_to(nominative: &str, form: &str) -> bool {
    if nominative == form {
        return true;
    }
    // "Юлий" declines as a noun ("Юлия", "Юлию"), "Зеленский" as an adjective.
    if let Some(stem) = nominative.strip_suffix("ий") {
        if form
            .strip_prefix(stem)
            .is_some_and(|e| ["ия", "ию", "ием", "ии"].contains(&e))
        {
            return true;
        }
    }
    let (stem, endings): (&str, &[&str]) = if let Some(stem) = ["ий", "ый", "ой"]
        .iter()
        .find_map(|e| nominative.strip_suffix(e))
    {
        (stem, &["ого", "его", "ому", "ему", "им", "ым", "ом", "ем"])
    } else if let Some(stem) = ["ая", "яя"].iter().find_map(|e| nominative.strip_suffix(e)) {
        (stem, &["ой", "ей", "ую", "юю"])
    } else if let Some(stem) = nominative.strip_suffix('а') {
        (stem, &["ы", "и", "е", "у", "ой", "ей", "ою"])
    } else if let Some(stem) = nominative.strip_suffix('я') {
        (stem, &["и", "е", "ю", "ей", "ёй", "ею"])
    } else if let Some(stem) = nominative.strip_suffix(['й', 'ь']) {
        (stem, &["я", "ю", "ем", "ём", "е", "и"])
    } else if nominative
        .chars()
        .last()
        .is_some_and(|c| c.is_alphabetic() && !"аеёиоуыэюяaeiouy".contains(c))
    {
        (nominative, &["а", "у", "ом", "ем", "е", "ым", "ым"])
    } else {
        return false;
    };
    form.strip_prefix(stem)
        .is_some_and(|e| endings.contains(&e))
}

/// A surname's stem without its case ending, so that the forms of one surname compare equal
/// whichever declension the morphology guessed for them: "Окава", "Окаве" → "окав"; "Кимура",
/// "Кимур" → "кимур"; "Соханьского", "Соханьский" → "соханьск".
pub(super) fn surname_stem(word: &str) -> String {
    let w = spelling(word);
    const ENDINGS: [&str; 25] = [
        "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ом", "ем", "ым", "им", "ую", "юю",
        "ая", "яя", "ий", "ый", "а", "я", "у", "ю", "е", "ы", "и",
    ];
    for e in ENDINGS {
        if let Some(stem) = w.strip_suffix(e) {
            if stem.chars().count() >= 3 {
                return stem.to_owned();
            }
        }
    }
    w
}

/// Whether two surnames name one family: equal stems, or (with `parts`, for a surname written
/// alone) one is a part of the other's hyphenated form ("Пайпер" of "Стефанишин-Пайпер",
/// "Завахири" of "аль-Завахири").
pub(super) fn surnames_match(a: &str, b: &str, parts: bool) -> bool {
    let (sa, sb) = (surname_stem(a), surname_stem(b));
    if sa == sb {
        return true;
    }
    if !parts {
        return false;
    }
    // Every other part must be a name too, or a particle: "Лукашенко-младший" is another man.
    let part_of = |part: &str, whole: &str| {
        whole.contains('-')
            && !part.contains('-')
            && whole
                .split('-')
                .any(|w| w.chars().count() >= 3 && surname_stem(w) == surname_stem(part))
            && whole.split('-').all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    || NAME_PARTICLES.contains(&fold(w).as_str())
            })
    };
    part_of(a, b) || part_of(b, a)
}

/// Particles hyphenated to a surname ("аль-Завахири", "ибн-Салман").
const NAME_PARTICLES: [&str; 10] = [
    "аль", "эль", "ад", "ас", "ат", "ан", "ибн", "бен", "бин", "ал",
];
