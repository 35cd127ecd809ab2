//! One entity per referent: which mentions name the same person (a surname and the full name,
//! a first name and patronymic), an acronym and its expansion, and the corpus name to prefer.

use newsmill_model::EntityType;
use newsmill_nlp::morph::{flag, morph, Case, Gender, Pos};
use newsmill_nlp::token::{acronym_stem, Kind};

use super::lexicon::fold;
use super::person::{declines_to, surname_stem, surnames_match, PersonName};
use super::phrase::{initials, join_tokens};
use crate::{Prepared, Span};

pub(super) struct Group {
    pub(super) kind: EntityType,
    pub(super) norm: String,
    pub(super) key: String,
    pub(super) name: Option<PersonName>,
    pub(super) mentions: Vec<usize>,
}

pub(super) fn same(a: &Option<String>, b: &Option<String>) -> Option<bool> {
    match (a, b) {
        (Some(a), Some(b)) => Some(spelling(a) == spelling(b)),
        _ => None,
    }
}

/// A name folded with doubled consonants written once: transcriptions of one foreign name
/// differ there ("Лолла" and "Лола", "Буффье" and "Буфье").
pub(super) fn spelling(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = None;
    for c in fold(s).chars() {
        // Consonants only: doubled vowels are endings ("Гарсии").
        if prev != Some(c) || !c.is_alphabetic() || "аеиоуыэюяaeiouy".contains(c) {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// Whether one first name is the other left in an oblique case that no name has as its
/// nominative: "Дилме" (an unknown word) is "Дилма" in the dative, but "Александра" is a name of
/// its own, not only the genitive of "Александр".
fn inflected_first_name(a: &Option<String>, b: &Option<String>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    // (Most pairs are different names: a shared start is cheap to rule out first.)
    let start = |w: &str| {
        w.chars()
            .take(3)
            .flat_map(char::to_lowercase)
            .collect::<Vec<_>>()
    };
    if start(a) != start(b) {
        return false;
    }
    let (a, b) = (fold(a), fold(b));
    let nominative_name = |w: &str| {
        morph()
            .analyze_shared(w)
            .iter()
            .any(|p| p.known && p.tag.has(flag::NAME) && p.tag.case == Some(Case::Nomn))
    };
    (declines_to(&a, &b) && !nominative_name(&b)) || (declines_to(&b, &a) && !nominative_name(&a))
}

/// Whether person mention `m` can refer to the person of group name `g` (fuller or equal).
pub(super) fn same_person(g: &PersonName, m: &PersonName) -> bool {
    // A first name alone joins the person of that first name, or of that surname when a word
    // reads both ways ("Говард" after "Джон Говард").
    if m.surname.is_none() && m.first.is_some() && m.initial.is_none() {
        return same(&g.first, &m.first) == Some(true) || same(&g.surname, &m.first) == Some(true);
    }
    if same(&g.first, &m.first) == Some(false) && !inflected_first_name(&g.first, &m.first) {
        return false;
    }
    // Two full names whose first words differ are two people of one family, whether or not the
    // dictionary knows the words as first names ("Тито Джексон" beside "Кэтрин Джексон").
    // Words are compared by stem, so that a form left inflected ("Милошу Земан") still joins,
    // and short first words may be particles of a surname ("Де Ниро").
    if g.initial.is_none() && m.initial.is_none() {
        let first_word = |n: &PersonName| {
            let mut words = n.full.split(' ');
            let first = words.next().filter(|w| w.chars().count() >= 4);
            first.filter(|_| words.next().is_some()).map(surname_stem)
        };
        if let (Some(a), Some(b)) = (first_word(g), first_word(m)) {
            if a != b {
                return false;
            }
        }
    }
    let initial_ok = match (m.initial, &g.first, g.initial) {
        (Some(i), Some(f), _) => f
            .chars()
            .next()
            .is_some_and(|c| c.to_lowercase().eq(i.to_lowercase())),
        (Some(i), None, Some(j)) => i == j,
        _ => true,
    };
    if !initial_ok {
        return false;
    }
    match (&m.surname, &m.first) {
        (Some(ms), _) => {
            let lone_word = !m.full.contains(' ');
            let in_full = lone_word && g.full.contains(' ');
            g.surname
                .as_deref()
                .is_some_and(|gs| surnames_match(gs, ms, lone_word))
                // A lone word the dictionary does not know as a first name, written as the
                // first word of this person's name ("Хоакин" after "Хоакин Ортис").
                || (in_full && g.full.split(' ').next() == Some(ms.as_str()))
                // "Вэнс" after "Сайрус Вэнс-младший": a junior named in full, not a bare
                // "Лукашенко-младший" beside his father.
                || (in_full
                    && g.surname.as_deref().is_some_and(|gs| {
                        ["-младший", "-старший"].iter().any(|suffix| {
                            gs.strip_suffix(suffix)
                                .is_some_and(|base| surname_stem(base) == surname_stem(ms))
                        })
                    }))
        }
        // A first name alone joins the person of that first name.
        (None, Some(_)) => same(&g.first, &m.first) == Some(true),
        (None, None) => false,
    }
}

/// The corpus name of a person, when it names the same person the document does: written
/// first name first (the corpus's "Гуллит, Рууд" is "Рууд Гуллит"), holding every word the
/// document gives (so a stray corpus link cannot rename "Игорь Лебедев"), and without a
/// patronymic the document did not give.
pub(super) fn person_corpus_name(name: &str, ours: &str) -> Option<String> {
    let name = match name.split_once(", ") {
        Some((surname, given)) if !given.contains(',') => format!("{given} {surname}"),
        Some(_) => return None,
        None => name.to_owned(),
    };
    let words: Vec<String> = name.split(' ').map(fold).collect();
    fold(ours)
        .split(' ')
        .all(|w| words.iter().any(|n| n == w))
        .then(|| without_new_patronymic(&name, ours))
}

/// A corpus name for a person with the patronymic dropped unless the document gave it: the norm
/// is the name as the news writes it ("Путин" → "Владимир Путин", not "Владимир Владимирович
/// Путин"), the form analysts search for and the one quote speakers are compared in.
pub(super) fn without_new_patronymic(name: &str, ours: &str) -> String {
    let given = fold(ours);
    name.split(' ')
        .filter(|w| {
            let lw = fold(w);
            let patronymic = ["вич", "вна", "ична", "ьич"]
                .iter()
                .any(|s| lw.ends_with(s))
                && lw.chars().count() > 5;
            !patronymic || given.split(' ').any(|g| g == lw)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The group a place or organisation mention names in short, if any:
/// - an acronym (with or without a case ending: "МИДа") joins its expansion ("Министерство
///   иностранных дел") or a qualified form ("МИД России"); among several qualified forms
///   ("МИД Италии", "МИД РФ") the one mentioned last before it;
/// - an organisation's head word ("Совет") joins the one longer name that holds it
///   ("Конституционный совет Туниса"), when exactly one does;
/// - a several-word organisation name joins the one longer name it begins ("Верховный суд" →
///   "Верховный суд Израиля").
pub(super) fn shorter_name_of(
    text: &str,
    p: &Prepared,
    span: &Span,
    key: &str,
    groups: &[Group],
    spans: &[Span],
) -> Option<usize> {
    if span.last - span.first != 1 {
        // "Верховный суд" joins "Верховный суд Израиля", when only one name extends it.
        if span.kind != EntityType::Org {
            return None;
        }
        let extended: Vec<usize> = (0..groups.len())
            .filter(|&g| {
                groups[g].kind == span.kind
                    && groups[g]
                        .key
                        .strip_prefix(key)
                        .is_some_and(|r| r.starts_with(' '))
            })
            .collect();
        return match extended.as_slice() {
            [only] => Some(*only),
            _ => None,
        };
    }
    let w = p.tokens[span.first].text(text);
    let candidates: Vec<usize> = if let Some(stem) = acronym_stem(w) {
        let acronym = fold(stem);
        (0..groups.len())
            .filter(|&g| {
                let g = &groups[g];
                g.kind == span.kind
                    && (initials(&g.key) == acronym
                        || g.key
                            .strip_prefix(acronym.as_str())
                            .is_some_and(|r| r.starts_with(' ')))
            })
            .collect()
    } else if span.kind == EntityType::Org && common_noun(w) {
        let holders: Vec<usize> = (0..groups.len())
            .filter(|&g| {
                let g = &groups[g];
                g.kind == span.kind && g.key.contains(' ') && g.key.split(' ').any(|w| w == key)
            })
            .collect();
        if holders.len() != 1 {
            return None;
        }
        holders
    } else {
        return None;
    };
    // The candidate mentioned last before this mention, else the first.
    candidates
        .iter()
        .copied()
        .filter_map(|g| {
            let last_before = groups[g]
                .mentions
                .iter()
                .map(|&m| spans[m].first)
                .filter(|&f| f < span.first)
                .max()?;
            Some((last_before, g))
        })
        .max()
        .map(|(_, g)| g)
        .or_else(|| candidates.first().copied())
}

/// Whether every reading of a word is a known common noun ("Совет", "Суда"), not a name.
fn common_noun(word: &str) -> bool {
    let parses = morph().analyze_shared(&word.to_lowercase());
    let proper = flag::NAME | flag::SURN | flag::PATR | flag::GEOX | flag::ORGN;
    !parses.is_empty()
        && parses
            .iter()
            .all(|p| p.known && p.tag.pos == Pos::Noun && p.tag.flags & proper == 0)
}

/// The gender of a past-tense verb right after a person mention (or after an apposition
/// between commas) whose subject it can be. Not after a noun the name could hang on ("Смерть
/// Майкла Джексона наступила": the verb is the noun's) nor after a preposition ("кроме
/// Александра Кокорина была признана").
pub(super) fn subject_verb_gender(text: &str, p: &Prepared, span: &Span) -> Option<Gender> {
    // Past an apposition between commas that opens with a lowercase nominative noun
    // ("Александра Панфилова, жена Кинчева, сказала"). The apposition agrees with the name in
    // case: a noun that can only be a nominative shows the name is one, whatever noun stands
    // before it.
    let mut at = span.last;
    let mut nominative_apposition = false;
    if p.tokens.get(at).is_some_and(|t| t.text(text) == ",") {
        let head = p.tokens.get(at + 1).filter(|t| {
            t.kind == Kind::Word && t.text(text).chars().next().is_some_and(char::is_lowercase)
        })?;
        let parses = morph().analyze_shared(head.text(text));
        let nouns = || parses.iter().filter(|a| a.tag.pos == Pos::Noun);
        if !nouns().any(|a| a.tag.case == Some(Case::Nomn)) {
            return None;
        }
        nominative_apposition = nouns().all(|a| a.tag.case == Some(Case::Nomn));
        let close = (at + 2..(at + 8).min(p.tokens.len()))
            .find(|&k| p.tokens[k].text(text) == "," || p.tokens[k].kind == Kind::Terminal)?;
        if p.tokens[close].text(text) != "," {
            return None;
        }
        at = close + 1;
    }
    let next = p.tokens.get(at).filter(|t| t.kind == Kind::Word)?;
    let after_head = span.first > 0 && {
        let prev = &p.tokens[span.first - 1];
        prev.kind == Kind::Word
            && morph()
                .analyze_shared(&prev.text(text).to_lowercase())
                .iter()
                .any(|a| {
                    a.tag.pos == Pos::Prep
                        || (a.tag.pos == Pos::Noun
                            && matches!(a.tag.case, Some(Case::Nomn | Case::Accs)))
                })
    };
    if after_head && !nominative_apposition {
        return None;
    }
    morph()
        .analyze_shared(&next.text(text).to_lowercase())
        .iter()
        .filter(|a| a.tag.pos == Pos::Verb && a.tag.has(flag::PAST))
        .find_map(|a| {
            a.tag
                .gender
                .filter(|g| matches!(g, Gender::Masc | Gender::Femn))
        })
}

/// Groups the spans of a document into entities with normal forms.
/// The name of a person group with `mentions` (indices into `spans`, `forms` and the folded
/// `written` forms; the first is the mention the group was founded on):
/// 1. among its fullest mentions, the reading with a first name, then the one whose last word
///    declines into the most of the forms the document writes ("Ларри Пейдж", "Пейджу",
///    "Пейджа" are "Пейдж", not "Пейджу"), then the one most mentions give, so that one
///    inflected mention read by a guess ("Юрия Царёва" → "Юрий Царёва") does not name four
///    nominative ones ("Юрий Царёв"), then the founder's;
/// 2. a mention as written, where it explains more of those forms and some other form declines
///    from it ("Мирослава Немцова" beside "Немцовой", read as "Мирослав Немцов");
/// 3. foreign words kept as written where the document writes the name alike every time.
pub(super) fn person_group_name(
    text: &str,
    p: &Prepared,
    spans: &[Span],
    forms: &[(String, Option<PersonName>)],
    written: &[String],
    mentions: &[usize],
) -> Option<String> {
    let &founder = mentions.first()?;
    let words = |m: usize| forms[m].0.split(' ').count();
    let full: Vec<usize> = mentions
        .iter()
        .copied()
        .filter(|&m| words(m) == words(founder))
        .collect();
    let count = |m: usize| full.iter().filter(|&&o| forms[o].0 == forms[m].0).count();
    // A form with a first name beats one without ("Дж Коми", "Сын Лукашенко").
    let has_first = |m: usize| forms[m].1.as_ref().is_some_and(|n| n.first.is_some());
    let last_word = |s: &str| fold(s.rsplit([' ', '.']).next().unwrap_or(s));
    let seen: Vec<String> = mentions.iter().map(|&m| last_word(&written[m])).collect();
    let explains = |name: &str| {
        let nominative = last_word(name);
        seen.iter().filter(|w| declines_to(&nominative, w)).count()
    };
    // Then the reading whose first word the full mentions' first words decline from ("Стэн
    // Ли" over "Стэна Ли" where both are written).
    let first_word = |s: &str| fold(s.split(' ').next().unwrap_or(s));
    let firsts: Vec<String> = full.iter().map(|&m| first_word(&written[m])).collect();
    let explains_first = |name: &str| {
        let first = first_word(name);
        firsts.iter().filter(|w| declines_to(&first, w)).count()
    };
    // The reading-dependent scores, once per distinct reading (a name may have hundreds of
    // mentions and a handful of readings).
    let mut scores: Vec<(&str, usize, usize)> = Vec::new();
    for &m in &full {
        let form = forms[m].0.as_str();
        if !scores.iter().any(|s| s.0 == form) {
            scores.push((form, explains(form), explains_first(form)));
        }
    }
    let score = |m: usize| {
        scores
            .iter()
            .find(|s| s.0 == forms[m].0)
            .map_or((0, 0), |s| (s.1, s.2))
    };
    let best = full.iter().copied().max_by_key(|&m| {
        let (last, first) = score(m);
        (has_first(m), last, first, count(m), m == founder)
    })?;
    let as_written = |m: usize| join_tokens(text, &p.tokens[spans[m].first..spans[m].last]);
    let mut name = forms[best].0.clone();
    // Only a written form that other forms decline from: a lone oblique form is no evidence
    // against the reading ("Юлию" alone stays "Юлия").
    let declined = |w: &str| {
        let nominative = last_word(w);
        seen.iter()
            .any(|s| *s != nominative && declines_to(&nominative, s))
    };
    // Whether written form `w` ends in a word other than `last` that `last` declines from.
    let seen_declines = |w: &str, last: &str| {
        let folded = last_word(w);
        folded != last && declines_to(&folded, last)
    };
    let written_better = full
        .iter()
        .filter(|&&m| has_first(m) == has_first(best))
        .map(|&m| as_written(m))
        .max_by_key(|w| explains(w))
        .filter(|w| declined(w) && explains(w) > explains(&name));
    if let Some(w) = written_better {
        name = w;
    }
    // "Мануэля Арайи" beside a lone "Арайя": a surname written on its own in the form the
    // name's last word declines from, and explaining more of the written forms, is the
    // nominative the reading missed.
    // (Not a woman's Russian surname, which is a nominative of its own: "Юлия Ефимова" beside
    // her father "Ефимов".)
    let name_last = last_word(&name);
    let womans = ["ова", "ева", "ёва", "ина", "ына", "ая", "яя"]
        .iter()
        .any(|e| name_last.ends_with(e));
    let lone_surname = mentions
        .iter()
        .filter(|&&m| !womans && spans[m].last - spans[m].first == 1)
        .filter(|&&m| seen_declines(&written[m], &name_last))
        .map(|&m| as_written(m))
        .filter(|w| explains(w) > explains(&name))
        .max_by_key(|w| explains(w));
    if let Some(w) = lone_surname {
        if let Some((head, _)) = name.rsplit_once(' ') {
            name = format!("{head} {w}");
        }
    }
    // A name the document writes in one form only, again and again, on a vowel no Russian
    // nominative ends in, does not decline ("Криштиану Роналду" is no dative of "Криштиан
    // Роналд"); one mention alone proves nothing ("Локхарту"). Only words the dictionary does
    // not know: "Путину" twice is still "Путин".
    let foreign_vowel = |w: &str| {
        w.ends_with(['у', 'ю', 'и', 'е', 'о']) && !morph().analyze_shared(w).iter().any(|a| a.known)
    };
    let indeclinable =
        seen.len() > 1 && seen.iter().all(|w| *w == seen[0]) && foreign_vowel(&seen[0]);
    let best_written = as_written(best);
    let count_words = name.split(' ').count();
    if indeclinable && best_written.split(' ').count() == count_words {
        // Other words too, where every full mention writes them alike ("Такеру Кобаяши"
        // twice; one "Абу Бакру аль-Багдади" is a dative).
        let alike = |k: usize| {
            let mut at_k = full.iter().map(|&m| written[m].split(' ').nth(k));
            let first = at_k.next().flatten();
            full.len() > 1 && at_k.all(|f| f == first)
        };
        name = name
            .split(' ')
            .zip(best_written.split(' '))
            .enumerate()
            .map(|(k, (n, w))| {
                if foreign_vowel(&fold(w)) && (k + 1 == count_words || alike(k)) {
                    w
                } else {
                    n
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    Some(name)
}

/// A name with the quotation mark its span cut off put back: factRuEval's extent ends a
/// mention before the closing mark (`партии «Яблоко`), the name is `партия «Яблоко»`.
pub(super) fn close_quotes(mut name: String) -> String {
    let count = |c: char| name.chars().filter(|&x| x == c).count();
    if count('«') > count('»') {
        name.push('»');
    } else if count('„') > count('“') {
        name.push('“');
    } else if count('"') % 2 == 1 {
        name.push('"');
    }
    name
}
