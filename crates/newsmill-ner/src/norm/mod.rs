//! Normal forms and identity: mentions become entities, one per referent per document.
//!
//! 1. Each mention is put in the nominative with the morphology: for a person every name word;
//!    for a place or organisation the words up to and including the head noun, adjectives agreeing
//!    with it ("Министерства иностранных дел" → "Министерство иностранных дел", "Нижнего Новгорода"
//!    → "Нижний Новгород"); abbreviations and quoted names stay as written.
//! 2. Mentions are grouped: a person's surname-only mention joins the full name that shares its
//!    surname ("Песков" → "Дмитрий Песков"); an acronym joins the expansion whose initials it spells
//!    ("МИД" = "Министерство иностранных дел"); otherwise equal normal forms are one entity.
//! 3. A lexicon learned from the training data maps normal forms to the name the corpus uses for
//!    the referent where the document does not give it ("Путин" → "Владимир Путин", "РФ" →
//!    "Россия"); it is applied last and only to whole normal forms.
//!
//! [`person`] and [`phrase`] give each mention its nominative, [`identity`] groups the
//! mentions into entities, and [`lexicon`] holds the corpus names applied last.
use std::collections::{HashMap, HashSet};

use newsmill_model::{Entity, EntityType, Field, Mention};
use newsmill_nlp::morph::Gender;
use newsmill_nlp::token::{CharOffsets, Kind};

use self::identity::{
    close_quotes, person_corpus_name, person_group_name, same, same_person, shorter_name_of,
    subject_verb_gender, Group,
};
use self::person::{person_nominative, PersonName};
use self::phrase::{adjective_place, join_tokens, phrase_nominative};
use crate::{Prepared, Span};

mod english;
mod identity;
mod lexicon;
mod person;
mod phrase;
#[cfg(test)]
mod tests;

pub use english::resolve_english;
pub use lexicon::{fold, Lexicon};
pub(crate) use phrase::{initials, place_of_adjective};

/// The entities of a document from its tagged spans: each mention's normal form, then one
/// entity per referent (short mentions joined to the fullest name they fit, acronyms to their
/// expansions), with the lexicon's corpus names where it knows them.
pub fn resolve(text: &str, p: &Prepared, spans: &[Span], lexicon: &Lexicon) -> Vec<Entity> {
    let offsets = CharOffsets::new(text);
    let mut groups: Vec<Group> = Vec::new();
    // Every word the document writes in a person's name, for choosing between readings.
    let doc_words: HashSet<String> = spans
        .iter()
        .filter(|s| s.kind == EntityType::Per)
        .flat_map(|s| &p.tokens[s.first..s.last])
        .filter(|t| t.kind == Kind::Word)
        .map(|t| fold(t.text(text)))
        .collect();
    // A person mention as written, folded: every mention written alike is in the same case.
    let written: Vec<String> = spans
        .iter()
        .map(|s| match s.kind {
            EntityType::Per => fold(&join_tokens(text, &p.tokens[s.first..s.last])),
            _ => String::new(),
        })
        .collect();
    let verb_genders: HashMap<&str, Gender> = spans
        .iter()
        .zip(&written)
        .filter(|(s, _)| s.kind == EntityType::Per)
        .filter_map(|(s, w)| Some((w.as_str(), subject_verb_gender(text, p, s)?)))
        .collect();
    let mut forms: Vec<(String, Option<PersonName>)> = Vec::with_capacity(spans.len());
    for (span, w) in spans.iter().zip(&written) {
        forms.push(match span.kind {
            EntityType::Per => {
                let verb_gender = verb_genders.get(w.as_str()).copied();
                let name = person_nominative(text, p, span, &doc_words, verb_gender, lexicon);
                (name.full.clone(), Some(name))
            }
            _ => (
                close_quotes(
                    adjective_place(p, span).unwrap_or_else(|| phrase_nominative(text, p, span)),
                ),
                None,
            ),
        });
    }
    // Fullest names first, so that short mentions find the group they belong to.
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| {
        let (norm, name) = &forms[i];
        let has_first = name
            .as_ref()
            .is_some_and(|n| n.first.is_some() && n.surname.is_some());
        (
            std::cmp::Reverse(has_first as u8),
            std::cmp::Reverse(norm.split(' ').count()),
            spans[i].first,
        )
    });
    for &i in &order {
        let span = &spans[i];
        let (norm, name) = &forms[i];
        let key = fold(norm);
        let found = groups
            .iter()
            .position(|g| g.kind == span.kind && g.key == key)
            .or_else(|| match (span.kind, name) {
                (EntityType::Per, Some(mn)) => {
                    let person = |test: &dyn Fn(&PersonName) -> bool| {
                        groups.iter().position(|g| {
                            g.kind == EntityType::Per && g.name.as_ref().is_some_and(test)
                        })
                    };
                    // A first name alone goes first to a person of that first name, and only
                    // then to one whose surname reads like it.
                    let lone_first = mn.surname.is_none() && mn.first.is_some();
                    lone_first
                        .then(|| person(&|gn| same(&gn.first, &mn.first) == Some(true)))
                        .flatten()
                        .or_else(|| person(&|gn| same_person(gn, mn)))
                }
                (EntityType::Per, None) => None,
                _ => shorter_name_of(text, p, span, &key, &groups, spans),
            });
        let gi = match found {
            Some(gi) => gi,
            None => {
                groups.push(Group {
                    kind: span.kind,
                    norm: norm.clone(),
                    key,
                    name: name.clone(),
                    mentions: Vec::new(),
                });
                groups.len() - 1
            }
        };
        groups[gi].mentions.push(i);
    }
    for g in groups.iter_mut().filter(|g| g.kind == EntityType::Per) {
        if let Some(name) = person_group_name(text, p, spans, &forms, &written, &g.mentions) {
            g.norm = name;
        }
    }
    // The lexicon's names, then one entity per (type, name): groups the lexicon names alike
    // ("РФ" and "России" → "Россия") are one referent.
    let mut merged: Vec<(EntityType, String, Vec<usize>)> = Vec::new();
    for g in groups {
        let norm = match lexicon.get(g.kind, &g.norm) {
            Some(name) if g.kind == EntityType::Per => {
                person_corpus_name(name, &g.norm).unwrap_or(g.norm)
            }
            Some(name) => name.to_owned(),
            None => g.norm,
        };
        let key = fold(&norm);
        match merged
            .iter_mut()
            .find(|(k, n, _)| *k == g.kind && fold(n) == key)
        {
            Some(m) => m.2.extend(g.mentions),
            None => merged.push((g.kind, norm, g.mentions)),
        }
    }
    // Entities in order of first mention.
    merged.sort_by_key(|m| m.2.iter().map(|&i| spans[i].first).min());
    merged
        .into_iter()
        .enumerate()
        .map(|(id, (kind, norm, members))| {
            let mut mentions: Vec<Mention> = members
                .iter()
                .map(|&i| {
                    let s = &spans[i];
                    let (bs, be) = (p.tokens[s.first].start, p.tokens[s.last - 1].end);
                    Mention {
                        start: offsets.char_at(bs),
                        end: offsets.char_at(be),
                        text: text[bs..be].to_owned(),
                        field: Field::Text,
                    }
                })
                .collect();
            mentions.sort_by_key(|m| m.start);
            Entity {
                id,
                kind,
                norm,
                mentions,
            }
        })
        .collect()
}
