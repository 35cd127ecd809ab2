//! Speakers named by a group or a description the entity layer does not tag: `Европейские
//! дипломаты опасаются, что …`, `…чиновников, которые опасаются, что …`, `Позже американский
//! гигант заявил …`. The speaker is the phrase as written, with no entity: it says who spoke as
//! the text does and guesses no name (the guideline's unnamed speakers: `эксперты`,
//! `собеседники издания`).
use newsmill_nlp::morph::{flag, morph, Case, Gender, Number, Pos};
use newsmill_nlp::token::Kind;

use newsmill_model::EntityType;

use crate::lexicon;
use crate::{Agr, Doc, Found, Range2};

/// How many paragraphs back a role's person may have been quoted.
const ROLE_REACH: usize = 3;

/// The longest group phrase, in tokens.
const MAX_PHRASE: usize = 6;

impl Doc<'_> {
    /// The group phrase that is the subject of the cue at token `cue`: the words right
    /// before it (past adverbs and `не`), or, for a relative `которые`, the phrase before
    /// its comma. It must hold a noun for people or a body of them, in the nominative and
    /// agreeing with the verb where it is the subject itself.
    pub(crate) fn group_subject(&self, cue: usize, agr: Agr) -> Option<Range2> {
        let sent = self.sents[self.sent_of[cue]].clone();
        let mut end = cue;
        while end > sent.start && (self.adverb(end - 1) || self.is(end - 1, &["не", "также"]))
        {
            end -= 1;
        }
        let relative = end >= sent.start + 2
            && self.is(end - 1, &["которые", "который", "которая", "которое"])
            && self.word(end - 2) == ",";
        if relative {
            end -= 2;
        }
        let phrase_word = |i: usize| {
            self.toks[i].kind == Kind::Word
                && !self.reads_as(i, &[Pos::Verb, Pos::Prep, Pos::Conj, Pos::Npro, Pos::Advb])
        };
        let mut start = end;
        while start > sent.start && end - start < MAX_PHRASE && phrase_word(start - 1) {
            start -= 1;
        }
        if start == end {
            return None;
        }
        // A named entity inside is the other resolvers' to find; here only common nouns.
        if (start..end).any(|i| self.mention_at[i].is_some()) {
            return None;
        }
        let head = (start..end).find(|&i| self.group_noun(i, (!relative).then_some(agr)))?;
        // A capital inside the sentence is a name the entity layer missed, not a group.
        if head > sent.start && self.toks[head].capitalised(self.text) {
            return None;
        }
        // A relative pronoun stands for the whole phrase before its comma (`ряд других
        // европейских чиновников, которые …`). A subject is its head with the adjectives
        // before it: a noun before those is no part of it (`Журналистам эксперты сказали`).
        let first = if relative {
            start
        } else {
            (start..head)
                .rev()
                .take_while(|&i| self.adjective(i))
                .last()
                .unwrap_or(head)
        };
        Some(Range2 { start: first, end })
    }

    /// Whether token `i` is a noun for people or a body of them (animate, or one of the
    /// bodies that speak though grammar counts them inanimate: `власти`, `руководство`), in
    /// the nominative agreeing with `agr` when given.
    fn group_noun(&self, i: usize, agr: Option<Agr>) -> bool {
        morph().analyze_shared(self.word(i)).iter().any(|p| {
            let people = p.tag.pos == Pos::Noun
                && (p.tag.has(flag::ANIM) || lexicon::speaks_though_inanimate(&p.lemma))
                && !p.tag.has(flag::NAME | flag::SURN | flag::PATR);
            let agrees = match agr {
                None => true,
                Some(a) => {
                    p.tag.case == Some(Case::Nomn)
                        && match a {
                            Agr::Plur => p.tag.number == Some(Number::Plur),
                            Agr::Masc => p.tag.gender == Some(Gender::Masc),
                            Agr::Femn => p.tag.gender == Some(Gender::Femn),
                            Agr::Neut => p.tag.gender == Some(Gender::Neut),
                            Agr::Any => true,
                        }
                }
            };
            people && agrees
        })
    }

    /// The person a role as subject stands for (`— рассказал RT Бышок. Также аналитик
    /// предположил, что …`): one noun in the singular, and the latest quote within
    /// [`ROLE_REACH`] paragraphs whose speaker is a person agreeing with the verb. A plural
    /// (`Эксперты`) names a group, and a role with no such person stays as written.
    pub(crate) fn role_person(
        &self,
        span: Range2,
        agr: Agr,
        found: &[Found],
        speakers: &[Option<(Option<usize>, Range2, String)>],
    ) -> Option<usize> {
        if span.end - span.start != 1 || agr == Agr::Plur {
            return None;
        }
        // A person's title in the singular (`Эксперт`, `Юрист`), not a body (`партия`), nor
        // someone else's (`Его работодатель`).
        let singular = morph()
            .analyze_shared(self.word(span.start))
            .iter()
            .any(|p| {
                p.tag.pos == Pos::Noun
                    && p.tag.has(flag::ANIM)
                    && p.tag.number == Some(Number::Sing)
                    && p.tag.case == Some(Case::Nomn)
            });
        let owned = span.start > 0 && self.is(span.start - 1, &["его", "её", "ее", "их"]);
        if !singular || owned {
            return None;
        }
        let para = self.para_of[span.start];
        let (quote, e) = found
            .iter()
            .zip(speakers)
            .rev()
            .take_while(|(f, _)| self.para_of[f.content.start] + ROLE_REACH >= para)
            .find_map(|(f, s)| s.as_ref().and_then(|(e, _, _)| e.map(|e| (f, e))))?;
        // Another person named since (`Вандерсон усилил игру … футболист отметил`) may be the
        // one meant: then the role stays as written.
        let since = quote.content.end.min(span.start)..span.start;
        let other = since.into_iter().any(|i| {
            self.mention_at[i].is_some_and(|m| {
                let x = self.mentions[m].entity;
                x != e && self.entities[x].kind == EntityType::Per
            })
        });
        (!other && self.entities[e].kind == EntityType::Per && self.gender_ok(e, agr)).then_some(e)
    }
}
