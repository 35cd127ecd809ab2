//! Nouns that stand for speakers: people named only by a noun, kin and counsel, roles and
//! portfolios, an organisation's voice, a party by its members.
use newsmill_model::EntityType;
use newsmill_nlp::morph::{flag, morph, Case, Number, Pos};

use crate::lexicon::{self};
use crate::{Doc, MentionTok, Range2};

impl<'a> Doc<'a> {
    /// A nominative singular animate common noun (`актёр`, `президент`, `жительница`): a
    /// person the text may have named before.
    pub(crate) fn person_noun(&self, i: usize) -> bool {
        if !self.content_word(i) {
            return false;
        }
        // (`экс-президент` is read as the `президент` the dictionary knows.)
        let word = self.word(i);
        let parses = morph().analyze_shared(lexicon::without_former(word));
        let proper = flag::NAME | flag::SURN | flag::PATR;
        !parses.is_empty()
            && parses.iter().all(|p| p.tag.flags & proper == 0)
            && parses.iter().any(|p| {
                p.tag.pos == Pos::Noun
                    && p.tag.has(flag::ANIM)
                    && p.tag.case == Some(Case::Nomn)
                    && p.tag.number == Some(Number::Sing)
                    && p.known
            })
    }

    /// Whether token `i` is a lowercase singular animate common noun in `case` (`футболиста`).
    pub(crate) fn animate_common_noun(&self, i: usize, case: Case) -> bool {
        self.content_word(i)
            && self.toks[i].lowercase(self.text)
            && morph().analyze_shared(self.word(i)).iter().any(|p| {
                p.tag.pos == Pos::Noun
                    && p.tag.has(flag::ANIM)
                    && p.tag.case == Some(case)
                    && p.tag.number == Some(Number::Sing)
            })
    }

    /// A nominative plural animate common noun (`полицейские`, `врачи`, `активисты`): people
    /// the text does not name.
    pub(crate) fn unnamed_people(&self, i: usize) -> bool {
        if !self.content_word(i) {
            return false;
        }
        let lower_case = self.toks[i].lowercase(self.text);
        lower_case
            && morph().analyze_shared(self.word(i)).iter().any(|p| {
                p.tag.pos == Pos::Noun
                    && p.tag.has(flag::ANIM)
                    && p.tag.case == Some(Case::Nomn)
                    && p.tag.number == Some(Number::Plur)
            })
    }

    /// The latest mention, within the last three paragraphs, of an organisation whose name
    /// is made from the plural noun at token `i` (`социал-демократы` and the
    /// `Социал-демократическая партия`, `коммунисты` and the `Коммунистическая партия`,
    /// `республиканцы` and the `Республиканская партия`): its members speak for it.
    pub(super) fn party_of_members(&self, i: usize) -> Option<usize> {
        let stems: Vec<String> = morph()
            .analyze_shared(self.word(i))
            .iter()
            .filter(|p| p.tag.number == Some(Number::Plur) && p.tag.case == Some(Case::Nomn))
            .map(|p| {
                let l = p.lemma.as_str();
                l.strip_suffix("ец").unwrap_or(l).to_owned()
            })
            .filter(|s| s.chars().count() >= 6)
            .collect();
        if stems.is_empty() {
            return None;
        }
        let para = self.para_of[i];
        let before = self.mentions.partition_point(|m| m.last <= i);
        self.mentions[..before]
            .iter()
            .rev()
            .take_while(|m| para.saturating_sub(self.para_of[m.first]) <= 3)
            .position(|m| {
                let e = &self.entities[m.entity];
                e.kind == EntityType::Org
                    && e.norm.split_whitespace().any(|w| {
                        let w = w.to_lowercase();
                        stems
                            .iter()
                            .any(|s| w.starts_with(s.as_str()) && w.len() > s.len())
                    })
            })
            .map(|k| before - 1 - k)
    }

    /// Whether the organisation named at token `i` follows `несколько членов`, `ряд
    /// членов`, `некоторые члены`: a part of its members, who do not speak for it.
    pub(super) fn some_members_of(&self, i: usize) -> bool {
        i >= 2
            && morph()
                .analyze_shared(self.word(i - 1))
                .iter()
                .any(|p| p.lemma == "член" && p.tag.number == Some(Number::Plur))
            && morph().analyze_shared(self.word(i - 2)).iter().any(|p| {
                matches!(
                    p.lemma.as_str(),
                    "несколько"
                        | "ряд"
                        | "некоторый"
                        | "многие"
                        | "многий"
                        | "часть"
                        | "большинство"
                )
            })
    }

    /// Whether token `i` is a nominative noun of kinship or counsel (`Отец`, `адвокат`).
    pub(crate) fn relative_noun(&self, i: usize) -> bool {
        morph()
            .analyze_shared(self.word(i))
            .iter()
            .any(|p| p.tag.case == Some(Case::Nomn) && lexicon::is_relative(&p.lemma))
    }

    /// `президент РФ`, `глава КНР`: a nominative role noun right before a place or organisation
    /// in the genitive; the span from the role noun.
    pub(crate) fn role_before(&self, mt: &MentionTok) -> Option<Range2> {
        let mut r = mt.first.checked_sub(1)?;
        // `глава столичной полиции`: past the adjectives the organisation's name leaves out.
        for _ in 0..2 {
            if r > 0 && self.adjective(r) && self.toks[r].lowercase(self.text) {
                r -= 1;
            }
        }
        // `ветеран НХЛ`, `житель Москвы`: any person noun, not only a title, heads the phrase.
        (self.role_noun(r, Some(Case::Nomn)) || self.person_noun(r)).then_some(Range2 {
            start: r,
            end: mt.last,
        })
    }

    /// Whether token `i` is a role noun (`президент`, `глава`), in `case` when one is given.
    pub(crate) fn role_noun(&self, i: usize, case: Option<Case>) -> bool {
        morph().analyze_shared(self.word(i)).iter().any(|p| {
            p.tag.pos == Pos::Noun
                && match case {
                    Some(c) => p.tag.case == Some(c),
                    None => true,
                }
                && lexicon::is_role(&p.lemma)
        })
    }

    /// Whether the title at token `t` is followed by a minister's portfolio in the genitive
    /// (`министр информации`, `министр иностранных дел`).
    pub(crate) fn portfolio(&self, t: usize) -> bool {
        (t + 1..(t + 3).min(self.toks.len()))
            .take_while(|&i| self.toks[i].lowercase(self.text))
            .any(|i| {
                morph().analyze_shared(self.word(i)).iter().any(|p| {
                    p.tag.pos == Pos::Noun
                        && p.tag.case == Some(Case::Gent)
                        && lexicon::is_portfolio(&p.lemma)
                })
            })
    }

    /// Whether token `i` is a noun for an organisation's voice (`представитель`, `пресс-служба`),
    /// in `case` when one is given.
    pub(crate) fn voice_noun(&self, i: usize, case: Option<Case>) -> bool {
        morph()
            .analyze_shared(self.word(i))
            .iter()
            .any(|p| lexicon::is_voice_of(&p.lemma) && case.is_none_or(|c| p.tag.case == Some(c)))
    }

    /// The end of the run of capitalised Latin words from `from`, within `end`: an English name
    /// the entity layer did not tag (`Forbes`, `Winnipeg Sun`).
    pub(crate) fn latin_run_end(&self, from: usize, end: usize) -> usize {
        let mut b = from + 1;
        while b < end && self.capitalised_latin(b) {
            b += 1;
        }
        b
    }

    pub(crate) fn nominative_pronoun(&self, w: &str) -> bool {
        matches!(w, "он" | "она" | "они" | "оно" | "he" | "she" | "they")
    }
}
