//! Places and organisations in the nominative: the words up to the head noun inflected with
//! the adjectives that agree with it; place adjectives named by their place; initials.

use newsmill_model::EntityType;
use newsmill_nlp::morph::{flag, governs_instrumental, morph, Case, Number, Parse, Pos};
use newsmill_nlp::token::Kind;

use super::lexicon::fold;
use super::person::{is_acronym, nominative_word, recase};
use crate::{Prepared, Span};

/// The place an adjective's lemma is made from, when the dictionary knows it as a toponym
/// ("японский" → "Япония", "бразильский" → "Бразилия", "брюссельский" → "Брюссель"). NEREL tags
/// such adjectives as places and names them by the place; the tagger reads the same test as a
/// feature, since the rarer adjectives never occur in training.
pub(crate) fn place_of_adjective(lemma: &str) -> Option<String> {
    let stem = ["ский", "цкий", "ской"]
        .iter()
        .find_map(|suf| lemma.strip_suffix(suf))?;
    if stem.chars().count() < 3 {
        return None;
    }
    let bare = stem.strip_suffix('ь').unwrap_or(stem);
    let candidates = [
        stem.to_string(),
        format!("{bare}ия"),
        format!("{bare}а"),
        format!("{bare}ь"),
        format!("{bare}ы"),
    ];
    candidates.iter().find_map(|c| {
        morph()
            .analyze_shared(c)
            .iter()
            .find(|p| p.known && p.tag.flags & flag::GEOX != 0 && p.tag.pos == Pos::Noun)
            .map(|p| capitalise_parts(&p.lemma))
    })
}

/// Each hyphen-separated part with a capital first letter ("нью-йорк" → "Нью-Йорк").
fn capitalise_parts(s: &str) -> String {
    s.split('-')
        .map(|part| {
            let mut c = part.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// The place an adjective mention stands for ("японского" → "Япония", "Лондонский «Арсенал»"
/// → "Лондон").
pub(super) fn adjective_place(p: &Prepared, span: &Span) -> Option<String> {
    if span.kind != EntityType::Loc || span.last != span.first + 1 {
        return None;
    }
    let info = p.info(span.first);
    if info.pos != Pos::Adjf {
        return None;
    }
    place_of_adjective(&info.lemma)
}

/// Whether a noun reading may head a place or organisation name. A guess for a word the
/// dictionary does not know is not believed when it makes the word a plural ("Хунань" as the
/// genitive plural of "хунаня", "Моссад" of "моссада"), a word in -ия/-ья the genitive of a
/// neuter in -ие ("Павия", "Эмилия-Романья"), or a place an instrumental where no preposition
/// asks for one ("в районе Тоттенем" is not "Тоттень"). `word` is the written form,
/// `instrumental` whether the word before it governs the instrumental.
fn usable_head(a: &Parse, kind: EntityType, word: &str, instrumental: bool) -> bool {
    if kind == EntityType::Per {
        return true;
    }
    // (A plural first name heads no place or organisation: газета "Кларин" is not the
    // genitive of "Кларины".)
    if a.tag.has(flag::NAME) && a.tag.number == Some(Number::Plur) {
        return false;
    }
    if a.known {
        return true;
    }
    let oblique = a.tag.case.is_some_and(|c| c != Case::Nomn);
    a.tag.number != Some(Number::Plur)
        && !(oblique && a.lemma.ends_with("ие") && (word.ends_with("ия") || word.ends_with("ья")))
        && !(kind == EntityType::Loc && a.tag.case == Some(Case::Ablt) && !instrumental)
}

/// The noun reading that heads a place or organisation name: a place's geographical reading
/// first ("Марселе" is "Марсель", not the first name "Марсел"), then any usable noun reading.
fn head_reading<'p>(
    parses: &'p [Parse],
    kind: EntityType,
    word: &str,
    instrumental: bool,
) -> Option<&'p Parse> {
    let nouns = || {
        parses
            .iter()
            .filter(move |a| a.tag.pos == Pos::Noun && usable_head(a, kind, word, instrumental))
    };
    (kind == EntityType::Loc)
        .then(|| nouns().find(|a| a.tag.has(flag::GEOX)))
        .flatten()
        .or_else(|| nouns().next())
}

/// Generic nouns a proper name stands beside in apposition: "в провинции Феррара", "шерифом
/// округа Марикопа", "клуба «Рома»".
const GENERIC_NOUNS: &[&str] = &[
    "город",
    "провинция",
    "штат",
    "округ",
    "область",
    "район",
    "регион",
    "река",
    "остров",
    "деревня",
    "село",
    "посёлок",
    "поселок",
    "станица",
    "коммуна",
    "префектура",
    "департамент",
    "графство",
    "клуб",
    "команда",
    "компания",
    "газета",
    "журнал",
    "агентство",
    "партия",
    "группа",
    "концерн",
    "холдинг",
    "корпорация",
    "фирма",
    "движение",
    "фонд",
    "телеканал",
    "театр",
    "издательство",
    "стадион",
];

/// Whether a name whose head is an unknown word follows a generic noun in apposition and can
/// itself be a nominative: such a name keeps its nominative whatever the noun's case ("в
/// штатах Невада" is not "Невад"), where the guesser would read a genitive of a masculine name.
fn after_generic_noun(text: &str, p: &Prepared, span: &Span, head: &Parse) -> bool {
    if head.known {
        return false;
    }
    let written = p.tokens[span.first].text(text);
    let nominative = morph()
        .analyze_shared(written)
        .iter()
        .any(|a| a.tag.case == Some(Case::Nomn) && a.tag.number != Some(Number::Plur));
    let before = p.tokens[..span.first]
        .iter()
        .rev()
        .find(|t| t.kind == Kind::Word || !t.text(text).starts_with(['«', '"', '“', '„']));
    nominative
        && before.is_some_and(|t| {
            t.kind == Kind::Word
                && morph()
                    .analyze_shared(t.text(text))
                    .iter()
                    .any(|a| a.tag.pos == Pos::Noun && GENERIC_NOUNS.contains(&a.lemma.as_str()))
        })
}

/// A place or organisation mention in the nominative: inflect up to the head noun.
pub(super) fn phrase_nominative(text: &str, p: &Prepared, span: &Span) -> String {
    // NEREL tags some names with their preposition ("в ГУ МВД России", "под Катынью"): the name
    // is what follows it (else "в" reads as the abbreviation of "век").
    let lead = p.tokens[span.first].text(text);
    let preposition = span.last > span.first + 1
        && morph()
            .analyze_shared(lead)
            .iter()
            .any(|a| a.tag.pos == Pos::Prep)
        && lead.chars().all(char::is_lowercase);
    let span = &Span {
        first: span.first + usize::from(preposition),
        ..*span
    };
    let toks = &p.tokens[span.first..span.last];
    let written: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
    // Find the head: the first noun (not an abbreviation) among the leading words.
    let mut head = None;
    let mut head_parse: Option<Parse> = None;
    let mut head_instrumental = false;
    for (k, t) in toks.iter().enumerate() {
        if t.kind != Kind::Word {
            break;
        }
        let w = written[k];
        if is_acronym(w) {
            break;
        }
        let parses = morph().analyze_shared(w);
        let before = match k {
            0 => span.first.checked_sub(1).map(|i| p.tokens[i].text(text)),
            _ => Some(written[k - 1]),
        };
        let instrumental = before.is_some_and(|b| governs_instrumental(&b.to_lowercase()));
        if let Some(n) = head_reading(&parses, span.kind, w, instrumental) {
            // An adjective reading that agrees with a later noun wins over a noun reading
            // ("московскую антидопинговую лабораторию": the head is the noun after both).
            let adj = parses.iter().any(|a| a.tag.pos == Pos::Adjf);
            let next_is_noun = written.get(k + 1).is_some_and(|nw| {
                morph()
                    .analyze_shared(nw)
                    .iter()
                    .any(|a| matches!(a.tag.pos, Pos::Noun | Pos::Adjf))
            });
            if adj && next_is_noun && k + 1 < toks.len() {
                continue;
            }
            head = Some(k);
            head_parse = Some(n.clone());
            head_instrumental = instrumental;
            break;
        }
        if !parses
            .iter()
            .any(|a| matches!(a.tag.pos, Pos::Adjf | Pos::Prtf))
        {
            break;
        }
    }
    let (Some(h), Some(hp)) = (head, head_parse) else {
        // A lone adjective ("британский", "российской") is named by its lemma.
        if let [only] = written.as_slice() {
            if let Some(a) = morph()
                .analyze_shared(only)
                .iter()
                .find(|a| a.tag.pos == Pos::Adjf)
            {
                return recase(&a.lemma, only);
            }
        }
        return join_tokens(text, toks);
    };
    // The head's case: prefer one its adjectives share.
    let head_parses = morph().analyze_shared(written[h]);
    let adj_cases: Vec<Option<Case>> = (0..h)
        .map(|k| {
            morph()
                .analyze(written[k])
                .into_iter()
                .find(|a| matches!(a.tag.pos, Pos::Adjf | Pos::Prtf))
                .and_then(|a| a.tag.case)
        })
        .collect();
    // With adjectives before it, the head's reading must share their case; among those, a
    // place's reading and then a reading that is its own lemma come first ("Японском море" is
    // the sea, not the plague "мор").
    let hp = if h == 0 {
        hp
    } else {
        let instrumental = head_instrumental || adj_cases.contains(&Some(Case::Ablt));
        let own = fold(written[h]);
        head_parses
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                a.tag.pos == Pos::Noun
                    && usable_head(a, span.kind, written[h], instrumental)
                    && adj_cases.iter().all(|c| c.is_none() || *c == a.tag.case)
            })
            .max_by_key(|(i, a)| {
                (
                    span.kind == EntityType::Loc && a.tag.has(flag::GEOX),
                    fold(&a.lemma) == own,
                    std::cmp::Reverse(*i),
                )
            })
            .map(|(_, a)| a.clone())
            .unwrap_or(hp)
    };
    if hp.tag.case == Some(Case::Nomn) || (h == 0 && after_generic_noun(text, p, span, &hp)) {
        return join_tokens(text, toks);
    }
    let gender = hp.tag.gender;
    let mut out: Vec<String> = Vec::with_capacity(toks.len());
    for (k, w) in written.iter().enumerate() {
        if k < h {
            let parses = morph().analyze_shared(w);
            let adj = parses
                .iter()
                .filter(|a| matches!(a.tag.pos, Pos::Adjf | Pos::Prtf))
                .find(|a| a.tag.case == hp.tag.case && (a.tag.number == hp.tag.number))
                .or_else(|| {
                    parses
                        .iter()
                        .find(|a| matches!(a.tag.pos, Pos::Adjf | Pos::Prtf))
                });
            let form = adj
                .and_then(|a| {
                    if hp.tag.number == Some(Number::Plur) {
                        a.inflect(Case::Nomn, None)
                    } else {
                        a.inflect(Case::Nomn, gender)
                    }
                })
                .map(|f| recase(&f, w))
                .unwrap_or_else(|| (*w).to_owned());
            out.push(form);
        } else if k == h {
            // An unknown name in -у, -ю, -о, -и is a foreign indeclinable ("Малибу", "Сочи"),
            // not the dative of a guessed "Малиб".
            let indeclinable =
                span.kind == EntityType::Loc && !hp.known && w.ends_with(['у', 'ю', 'о', 'и']);
            out.push(if indeclinable {
                (*w).to_owned()
            } else {
                nominative_word(&hp, w, None)
            });
        } else {
            out.push((*w).to_owned());
        }
    }
    // Re-join with the original spacing between tokens.
    let mut s = String::new();
    for (k, t) in toks.iter().enumerate() {
        if k > 0 && toks[k - 1].end < t.start {
            s.push(' ');
        }
        s.push_str(&out[k]);
    }
    s
}

pub(super) fn join_tokens(text: &str, toks: &[newsmill_nlp::token::Token]) -> String {
    let mut s = String::new();
    for (k, t) in toks.iter().enumerate() {
        if k > 0 && toks[k - 1].end < t.start {
            s.push(' ');
        }
        s.push_str(t.text(text));
    }
    s
}

/// Initials of the significant words of a phrase: "Министерство иностранных дел" → "мид".
pub(crate) fn initials(phrase: &str) -> String {
    phrase
        .split([' ', '-'])
        .filter(|w| {
            !w.is_empty() && !matches!(*w, "и" | "по" | "of" | "and" | "the" | "для" | "на")
        })
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect()
}
