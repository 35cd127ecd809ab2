//! Gender agreement between a speech verb and a person: from the name in the dictionary and
//! from the verbs the text itself puts after the name.
use newsmill_nlp::morph::{flag, morph, Case, Gender, Number};
use newsmill_nlp::token::Kind;

use crate::{Agr, Doc};

impl<'a> Doc<'a> {
    /// Whether a person's entity agrees with the verb's gender.
    pub(crate) fn gender_ok(&self, entity: usize, agr: Agr) -> bool {
        !matches!(
            (agr, self.person_gender(entity)),
            (Agr::Masc, Some(Gender::Femn)) | (Agr::Femn, Some(Gender::Masc)) | (Agr::Neut, _)
        )
    }

    /// A person's gender from the first name (or surname) of the entity's normal form.
    pub(crate) fn person_gender(&self, entity: usize) -> Option<Gender> {
        if let Some(Some(g)) = self.genders.borrow().get(entity) {
            return *g;
        }
        // (Verbs agreeing twice or more outvote the dictionary: `Андреа`, a woman's name in
        // Russian, is a man in `рассказал Андреа`, `Андреа Падован рассказал`.)
        let (agreed, votes) = self.agreement_gender(entity);
        let g = agreed
            .filter(|_| votes >= 2)
            .or_else(|| self.name_gender(entity))
            .or(agreed);
        if let Some(slot) = self.genders.borrow_mut().get_mut(entity) {
            *slot = Some(g);
        }
        g
    }

    /// The gender the past-tense verbs right after a person's nominative mentions show, when
    /// they all agree (`Бриджит Бардо написала`), with the number of verbs that show it: for
    /// names the dictionary does not know or gets wrong.
    fn agreement_gender(&self, entity: usize) -> (Option<Gender>, usize) {
        let (mut masc, mut femn) = (0, 0);
        for mt in self.mentions.iter().filter(|m| m.entity == entity) {
            // (By its words' forms: `mention_nominative` asks this gender back.)
            if !self.nominative(mt.first) {
                continue;
            }
            let mut v = mt.last;
            while v < self.toks.len() && v < mt.last + 2 && self.adverb(v) {
                v += 1;
            }
            // (`«…», — объяснил Т.Чхеидзе`: the verb before an inverted subject counts too.)
            let inverted = mt.first >= 2
                && self.only_verb(mt.first - 1)
                && (self.word(mt.first - 2) == "," || self.toks[mt.first - 2].kind == Kind::Dash);
            let v = if v < self.toks.len() && self.only_verb(v) {
                v
            } else if inverted {
                mt.first - 1
            } else {
                continue;
            };
            let parses = morph().analyze_shared(self.word(v));
            let sing = |g: Gender| {
                parses
                    .iter()
                    .all(|p| p.tag.gender == Some(g) && p.tag.number == Some(Number::Sing))
            };
            if sing(Gender::Masc) {
                masc += 1;
            } else if sing(Gender::Femn) {
                femn += 1;
            }
        }
        match (masc, femn) {
            (m, 0) if m > 0 => (Some(Gender::Masc), m),
            (0, f) if f > 0 => (Some(Gender::Femn), f),
            _ => (None, 0),
        }
    }

    /// The gender a person's first name or surname shows in the dictionary.
    fn name_gender(&self, entity: usize) -> Option<Gender> {
        let norm = &self.entities[entity].norm;
        // A first name is never last and a surname never first in a name of several words
        // (`Дебби Рейнольдс`: the dictionary also knows `Рейнольдс` as a man's first name).
        // A word read both ways (`Корриган`, `Саша`) says nothing.
        let words: Vec<&str> = norm.split(' ').collect();
        let n = words.len();
        for want in [flag::NAME, flag::SURN] {
            let place = match (want == flag::NAME, n) {
                (_, 0 | 1) => &words[..],
                (true, _) => &words[..n - 1],
                (false, _) => &words[1..],
            };
            for &w in place {
                let (mut masc, mut femn) = (false, false);
                for p in morph().analyze_shared(&w.to_lowercase()).iter() {
                    if p.tag.has(want) && p.tag.case == Some(Case::Nomn) && p.known {
                        masc |= p.tag.gender == Some(Gender::Masc);
                        femn |= p.tag.gender == Some(Gender::Femn);
                    }
                }
                // A surname that does not end like a Russian masculine one (`Рейнольдс`,
                // `Смит`) does not decline for a woman either: it says nothing of gender.
                let russian_masc = ["ов", "ев", "ёв", "ин", "ын", "ий", "ой", "ый"]
                    .iter()
                    .any(|s| w.to_lowercase().ends_with(s));
                if want == flag::SURN && masc && !femn && !russian_masc {
                    continue;
                }
                match (masc, femn) {
                    (true, false) => return Some(Gender::Masc),
                    (false, true) => return Some(Gender::Femn),
                    _ => {}
                }
            }
        }
        None
    }
}
