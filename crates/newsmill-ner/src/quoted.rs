//! Names in quotation marks decided by the noun that governs them: «Говорит Москва» after
//! "радиостанции" is an organisation; «Мимино» after "картинами, как" is a film, not one.
//!
//! The tagger sees a quoted name and a few words around it, and a list of titles («Today»,
//! «Talk Talk», «It's My Life») looks to it like a list of bands. The noun before the list says
//! which it is. Only nouns whose class is near certain are used (in NEREL's training part the
//! names after "партии", "газеты" or "телеканала" are organisations in every case, those after
//! "фильма", "конкурса" or "шоу" never are).
use newsmill_model::EntityType;
use newsmill_nlp::morph::{flag, morph, Case, Pos};
use newsmill_nlp::token::Kind;

use crate::{Prepared, Scheme, Span};

/// Nouns that name the kind of an organisation: a quoted name right after one is its name
/// (not one a few words on: "группы Rammstein «Liebe ist für alle da»" is an album).
const ORG_HEADS: &[&str] = &[
    "агентство",
    "банк",
    "газета",
    "группа",
    "движение",
    "журнал",
    "завод",
    "издательство",
    "канал",
    "клуб",
    "компания",
    "концерн",
    "корпорация",
    "организация",
    "партия",
    "радиостанция",
    "телеканал",
    "телекомпания",
    "фонд",
    "холдинг",
];

/// Nouns that name a work or an event: quoted names they govern are not
/// organisations.
const WORK_HEADS: &[&str] = &[
    "альбом",
    "балет",
    "выставка",
    "картина",
    "книга",
    "композиция",
    "конкурс",
    "мультфильм",
    "мюзикл",
    "опера",
    "песня",
    "повесть",
    "поэма",
    "премия",
    "пьеса",
    "роман",
    "сборник",
    "сериал",
    "сингл",
    "спектакль",
    "стихотворение",
    "трек",
    "фестиваль",
    "фильм",
    "хит",
    "шоу",
];

/// Words that may stand between a governing noun and its quoted list ("картинами, как «…»",
/// "синглами, среди которых «…»", "под названием «…»").
const BRIDGES: &[&str] = &[
    "как",
    "такой",
    "среди",
    "который",
    "например",
    "в",
    "том",
    "число",
    "под",
    "название",
];

/// How many tokens back from a list's first quotation mark its governing noun is looked for.
const HEAD_WINDOW: usize = 6;

/// A quoted stretch: the opening mark's token and the closing one's.
#[derive(Debug, Clone, Copy)]
struct Quoted {
    open: usize,
    close: usize,
}

/// Quoted names (one to eight tokens, the first capitalised or Latin) in order.
fn quoted_names(p: &Prepared) -> Vec<Quoted> {
    let text = p.text;
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.tokens.len() {
        let t = &p.tokens[i];
        let opener = match t.text(text) {
            "«" => Some("»"),
            "„" => Some("“"),
            "\"" => Some("\""),
            _ => None,
        };
        let Some(closer) = opener else {
            i += 1;
            continue;
        };
        let end = (i + 10).min(p.tokens.len());
        let close = (i + 1..end).find(|&j| p.tokens[j].text(text) == closer);
        match close {
            Some(j) if j > i + 1 && j - i - 1 <= 8 => {
                let first = p.tokens[i + 1].text(text);
                if first
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_alphanumeric())
                {
                    out.push(Quoted { open: i, close: j });
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// The noun governing a quoted list that opens at token `open`: its lemma, and whether it
/// stands right before the opening mark. It is the nearest lowercase noun before the list (or
/// the sentence's capitalised first word), past punctuation, capitalised words, adjectives and
/// [`BRIDGES`]. A genitive noun that does not touch the list yields to a work noun just before
/// it: in "хитов группы как «…»" the titles are the hits', while in "альбом группы «…»" the
/// name is the band's.
fn head<'p>(p: &'p Prepared, open: usize) -> Option<(&'p str, bool)> {
    let text = p.text;
    let mut found: Option<&'p str> = None;
    for i in (open.saturating_sub(HEAD_WINDOW)..open).rev() {
        let t = &p.tokens[i];
        if t.kind != Kind::Word {
            if t.kind == Kind::Terminal {
                break;
            }
            continue;
        }
        let w = t.text(text);
        if w.chars().next().is_some_and(char::is_uppercase) && !p.starts[i] {
            continue;
        }
        let info = p.info(i);
        let lemma = info.lemma.as_str();
        match info.pos {
            Pos::Noun if !BRIDGES.contains(&lemma) => {
                if let Some(later) = found {
                    let work = WORK_HEADS.contains(&lemma);
                    return Some((if work { lemma } else { later }, false));
                }
                let adjacent = i + 1 == open;
                if adjacent || info.case != Some(Case::Gent) {
                    return Some((lemma, adjacent));
                }
                found = Some(lemma);
            }
            Pos::Adjf | Pos::Prtf | Pos::Npro => continue,
            _ if BRIDGES.contains(&lemma) => continue,
            _ => break,
        }
        if p.starts[i] {
            break;
        }
    }
    found.map(|lemma| (lemma, false))
}

/// Whether the tokens between two quoted names only join them into a list (", ", "и", "или").
fn joined(p: &Prepared, from: usize, to: usize) -> bool {
    from < to && (from..to).all(|i| matches!(p.tokens[i].text(p.text), "," | "и" | "или"))
}

/// Applies the governing nouns: drops organisation spans within a work's quoted title (the
/// title tagged whole, or a part such as "Shame" in «Such a Shame») and tags untagged quoted
/// names after an organisation noun. `spans` is in text order.
pub(crate) fn decide_by_head(p: &Prepared, mut spans: Vec<Span>, scheme: Scheme) -> Vec<Span> {
    let names = quoted_names(p);
    let mut k = 0;
    let mut added = false;
    while k < names.len() {
        // The list this name opens: names joined by commas and conjunctions.
        let mut end = k + 1;
        while end < names.len() && joined(p, names[end - 1].close + 1, names[end].open) {
            end += 1;
        }
        let list = &names[k..end];
        k = end;
        let Some((head, adjacent)) = head(p, list[0].open) else {
            continue;
        };
        if WORK_HEADS.contains(&head) {
            spans.retain(|s| {
                s.kind != EntityType::Org
                    || !list
                        .iter()
                        .any(|q| s.first >= q.open && s.last <= q.close + 1)
            });
        } else if adjacent && ORG_HEADS.contains(&head) {
            for q in list {
                // Names tagged inside the quotes ("Москва" in «Говорит Москва») give way to
                // the whole; a span that is the name already, or crosses the marks, stays.
                let content = (q.open + 1, q.close);
                let overlaps = |s: &Span| s.first <= q.close && s.last > q.open;
                let part = |s: &Span| {
                    s.first >= content.0 && s.last <= content.1 && (s.first, s.last) != content
                };
                if spans.iter().any(|s| overlaps(s) && !part(s)) {
                    continue;
                }
                spans.retain(|s| !part(s));
                // (factRuEval takes the noun in: `партии «Яблоко`.)
                let first = match scheme {
                    Scheme::FactRu if q.open == list[0].open => q.open - 1,
                    _ => content.0,
                };
                spans.push(Span {
                    first,
                    last: content.1,
                    kind: EntityType::Org,
                });
                added = true;
            }
        }
    }
    if added {
        spans.sort_by_key(|s| s.first);
    }
    spans
}

/// Nouns that name the kind of a place: a name right after one is a place ("графство Эссекс",
/// "префектуре Канагава"). In `nerel_train` and `factru_dev` the names after these were places
/// 218 times, persons 5 times ("мэр города Сергей Собянин") and an organisation once. "округ" is not one: "командующий
/// округа Александр Галкин" is as common as "округа Колумбия".
const PLACE_HEADS: &[&str] = &[
    "город",
    "графство",
    "деревня",
    "департамент",
    "кантон",
    "коммуна",
    "местность",
    "остров",
    "посёлок",
    "префектура",
    "провинция",
    "село",
    "станица",
    "штат",
];

/// Nouns for people who mostly go by a stage or online name: a Latin name right after one is
/// that person ("рэпера Jay Z", "блогера Mimeng"), not a band or a brand.
const STAGE_NAME_HEADS: &[&str] = &["блогер", "певец", "певица", "рэпер"];

/// Retypes unquoted names by the noun right before them, where the tagger's guess for a rare
/// name is most often wrong: a person's name after a place noun becomes a place ("графство
/// Эссекс", "префектуре Канагава") unless a word of it is a name the dictionary knows ("мэр
/// города Сергей Собянин"); an organisation's Latin name after a stage-name noun becomes a
/// person. Other retypings were measured and dropped: the tagger reads a genitive after the
/// noun ("партии Казахстана", "актёром театра") right, and the noun cannot.
pub(crate) fn retype_by_noun(p: &Prepared, mut spans: Vec<Span>) -> Vec<Span> {
    for s in &mut spans {
        let Some(before) = s.first.checked_sub(1) else {
            continue;
        };
        let t = &p.tokens[before];
        if t.kind != Kind::Word || !t.text(p.text).starts_with(char::is_lowercase) {
            continue;
        }
        let info = p.info(before);
        if info.pos != Pos::Noun {
            continue;
        }
        let lemma = info.lemma.as_str();
        let words = || {
            p.tokens[s.first..s.last]
                .iter()
                .filter(|t| t.kind == Kind::Word)
                .map(|t| t.text(p.text))
        };
        if s.kind == EntityType::Per && PLACE_HEADS.contains(&lemma) {
            let named = words().any(|w| {
                morph()
                    .analyze_shared(w)
                    .iter()
                    .any(|a| a.known && a.tag.flags & (flag::NAME | flag::SURN | flag::PATR) != 0)
            });
            if !named {
                s.kind = EntityType::Loc;
            }
        } else if s.kind == EntityType::Org
            && STAGE_NAME_HEADS.contains(&lemma)
            && words().all(|w| w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        {
            s.kind = EntityType::Per;
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, spans: Vec<Span>) -> Vec<(String, EntityType)> {
        let p = Prepared::new(text);
        decide_by_head(&p, spans, Scheme::Nerel)
            .iter()
            .map(|s| {
                let (a, b) = (p.tokens[s.first].start, p.tokens[s.last - 1].end);
                (text[a..b].to_owned(), s.kind)
            })
            .collect()
    }

    fn span_of(text: &str, name: &str, kind: EntityType) -> Span {
        let p = Prepared::new(text);
        let start = text.find(name).unwrap();
        let end = start + name.len();
        let first = p.tokens.iter().position(|t| t.start == start).unwrap();
        let last = p.tokens.iter().position(|t| t.end == end).unwrap() + 1;
        Span { first, last, kind }
    }

    #[test]
    fn a_station_names_an_organisation() {
        let text = "Об этом сообщил главный редактор радиостанции «Говорит Москва» Сергей.";
        assert_eq!(
            names(text, vec![]),
            vec![("Говорит Москва".to_owned(), EntityType::Org)]
        );
        // Every name of a list after the noun.
        let text = "Он писал для газет «Правда», «Труд» и «Известия».";
        assert_eq!(names(text, vec![]).len(), 3);
        // A place tagged inside the name gives way to it; the noun may open the sentence.
        let text = "Журнал «Новая Москва» закрылся.";
        let place = span_of(text, "Москва", EntityType::Loc);
        assert_eq!(
            names(text, vec![place]),
            vec![("Новая Москва".to_owned(), EntityType::Org)]
        );
    }

    #[test]
    fn titles_of_works_are_not_organisations() {
        let text = "Он прославился благодаря картинам, как «Мимино», «Афоня» и «Кин-дза-дза».";
        let spans = ["Мимино", "Кин-дза-дза"]
            .iter()
            .map(|n| span_of(text, n, EntityType::Org))
            .collect();
        assert!(names(text, spans).is_empty());
        let text = "Он сыграл в фильме Сергея Герасимова «Тихий Дон».";
        let person = span_of(text, "Сергея Герасимова", EntityType::Per);
        let title = span_of(text, "Тихий Дон", EntityType::Org);
        assert_eq!(
            names(text, vec![person, title]),
            vec![("Сергея Герасимова".to_owned(), EntityType::Per)]
        );
        // The hits of a band: the work noun before the band's governs.
        let text = "Автор хитов группы как «Today» и «Shame».";
        let hit = span_of(text, "Today", EntityType::Org);
        assert!(names(text, vec![hit]).is_empty());
        let text = "Вышел первый альбом группы «Були для бабули» «Вентилятор».";
        let band = span_of(text, "Були для бабули", EntityType::Org);
        // The album after the band's name is no list of bands.
        assert_eq!(names(text, vec![band]).len(), 1);
    }

    #[test]
    fn other_quotes_are_left_alone() {
        // Speech, not a name; and a name whose noun says nothing.
        let text = "Он сказал: «Мы победим». Музей «Гараж» открылся.";
        let museum = span_of(text, "Гараж", EntityType::Org);
        assert_eq!(
            names(text, vec![museum]),
            vec![("Гараж".to_owned(), EntityType::Org)]
        );
        assert!(names("Газета «", vec![]).is_empty());
        // An organisation noun a few words back names nothing.
        let text = "В мини-сериях телекомпании HBO «Джон Адамс» он сыграл.";
        assert!(names(text, vec![]).is_empty());
    }

    /// The type `retype_by_noun` gives `name`, tagged `kind` in `text`.
    fn retyped(text: &str, name: &str, kind: EntityType) -> EntityType {
        let p = Prepared::new(text);
        retype_by_noun(&p, vec![span_of(text, name, kind)])[0].kind
    }

    #[test]
    fn kind_nouns_retype_rare_names() {
        let (per, loc, org) = (EntityType::Per, EntityType::Loc, EntityType::Org);
        let text = "Он родился в японской префектуре Канагава.";
        assert_eq!(retyped(text, "Канагава", per), loc);
        // A name the dictionary knows is the mayor's, not the city's.
        let text = "Мэр города Сергей Собянин приехал.";
        assert_eq!(retyped(text, "Сергей Собянин", per), per);
        let text = "Важные перемены в жизни рэпера Jay Z и его жены.";
        assert_eq!(retyped(text, "Jay Z", org), per);
        // A genitive after an organisation noun is left to the tagger.
        let text = "Правящая партия Казахстана победила.";
        assert_eq!(retyped(text, "Казахстана", loc), loc);
    }
}
