//! Speakers by institution: outlets, ministries and agencies named by their nouns (`агентство
//! Рейтер`, `в ведомстве`), and the gender those nouns give the organisation.
use newsmill_model::EntityType;
use newsmill_nlp::morph::{morph, Case, Gender, Pos};
use newsmill_nlp::token::Kind;

use super::LOOKBACK;
use crate::lexicon::{self, PronounKind};
use crate::{Doc, Range2, Who};

impl<'a> Doc<'a> {
    /// Whether token `i` is an institution noun in the genitive (`компании`, `министерства`,
    /// `корпорации`).
    pub(crate) fn org_noun_genitive(&self, i: usize) -> bool {
        morph().analyze_shared(self.word(i)).iter().any(|p| {
            p.tag.pos == Pos::Noun
                && p.tag.case == Some(Case::Gent)
                && (lexicon::is_org_anaphor(&p.lemma)
                    // (`в заявлении группы`: a band, after a statement noun.)
                    || matches!(
                        p.lemma.as_str(),
                        "корпорация" | "организация" | "партия" | "группа" | "клуб"
                    ))
        })
    }

    /// Whether token `i` is a noun for a news outlet ([`lexicon::is_media_noun`]).
    pub(crate) fn media_noun(&self, i: usize) -> bool {
        morph()
            .analyze_shared(self.word(i))
            .iter()
            .any(|p| p.tag.pos == Pos::Noun && lexicon::is_media_noun(&p.lemma))
    }

    /// The latest organisation mention before token `t` that the text introduced with a media
    /// noun (`газета "Коммерсантъ"`, `издание Der Spiegel`), within the look-back. When token
    /// `t` is itself such a noun, an outlet introduced with the same noun comes first: in
    /// `передает агентство Рейтер со ссылкой на телеканал "Аль-Джазира" … отмечает агентство`
    /// the agency is Reuters.
    pub(crate) fn named_outlet(&self, t: usize) -> Option<usize> {
        let before = self.mentions.partition_point(|m| m.last <= t);
        let noun_at = |j: usize| {
            self.noun_lemmas(j)
                .into_iter()
                .find(|l| lexicon::is_media_noun(l))
        };
        let wanted = noun_at(t);
        // For a mention: `None` when it is no outlet the text named, else the media noun that
        // introduced it (`None` inside when a writing verb did).
        let introduced = |m: usize| -> Option<Option<String>> {
            let mt = &self.mentions[m];
            if self.entities[mt.entity].kind != EntityType::Org || mt.first == 0 {
                return None;
            }
            let mut j = mt.first - 1;
            if self.toks[j].kind == Kind::Quote && j > 0 {
                j -= 1;
            }
            if let Some(noun) = noun_at(j) {
                return Some(Some(noun));
            }
            // `"Российская газета"`: the name itself says what it is.
            let named = self.entities[mt.entity].norm.split(' ').find_map(|w| {
                morph()
                    .analyze_shared(&w.to_lowercase())
                    .iter()
                    .find(|p| p.tag.pos == Pos::Noun && lexicon::is_media_noun(&p.lemma))
                    .map(|p| p.lemma.clone())
            });
            if named.is_some() {
                return Some(named);
            }
            // `Об этом пишет "Коммерсантъ"`: an outlet is also what writes.
            let writes = self
                .cue(j)
                .is_some_and(|(c, ..)| matches!(c.lemma, "писать" | "сообщать"));
            writes.then_some(None)
        };
        let window = before.saturating_sub(LOOKBACK)..before;
        let same = wanted.as_ref().and_then(|w| {
            window
                .clone()
                .rev()
                .find(|&m| introduced(m).is_some_and(|n| n.as_ref() == Some(w)))
        });
        same.or_else(|| window.rev().find(|&m| introduced(m).is_some()))
    }

    /// The lemma of an institution noun at token `i` that names a kind of organisation
    /// (`министерство`, `ведомство`, `агентство`, `компания`, `служба`).
    pub(crate) fn org_kind_of(&self, i: usize) -> Option<&'static str> {
        const KINDS: [&str; 10] = [
            "полиция",
            "прокуратура",
            "суд",
            "министерство",
            "ведомство",
            "агентство",
            "компания",
            "служба",
            "правительство",
            "администрация",
        ];
        morph()
            .analyze_shared(self.word(i))
            .iter()
            .find_map(|p| KINDS.iter().find(|&&k| k == p.lemma).copied())
    }

    /// Whether organisation `e` is of kind `kind`: its normal form holds the noun (`Министерство
    /// обороны`), or it is an acronym or short form of one (`МВД`, `Минобороны`; a ministry is
    /// also `ведомство`).
    pub(crate) fn org_is(&self, e: usize, kind: &str) -> bool {
        let norm = self.entities[e].norm.to_lowercase();
        // A court by its name (`Верховный суд`) or by a court's acronym.
        if kind == "суд" {
            return norm.split(' ').any(|w| w.starts_with("суд"))
                || matches!(norm.as_str(), "еспч" | "вс" | "кс" | "мус" | "мтбю" | "вас");
        }
        let stem: String = kind.chars().take(kind.chars().count() - 1).collect();
        if norm.split(' ').any(|w| w.starts_with(&stem)) {
            return true;
        }
        let ministry = ["мвд", "мид", "мчс", "мин", "министерств"]
            .iter()
            .any(|p| norm.starts_with(p));
        matches!(kind, "министерство" | "ведомство") && ministry
    }

    /// The noun lemmas of token `i` (`агентства` → `агентство`).
    pub(super) fn noun_lemmas(&self, i: usize) -> Vec<String> {
        morph()
            .analyze_shared(self.word(i))
            .iter()
            .filter(|p| p.tag.pos == Pos::Noun)
            .map(|p| p.lemma.clone())
            .collect()
    }

    /// Whether some mention of entity `e` follows, past quotation marks, a lowercase noun whose
    /// lemma passes `noun` (`агентство Рейтер`, `телеканал "Аль-Джазира"`).
    pub(super) fn introduced_by(&self, e: usize, noun: impl Fn(&str) -> bool) -> bool {
        self.mentions.iter().filter(|m| m.entity == e).any(|m| {
            let mut j = m.first;
            loop {
                let Some(k) = j.checked_sub(1) else {
                    return false;
                };
                j = k;
                if self.toks[j].kind != Kind::Quote {
                    break;
                }
            }
            self.toks[j].lowercase(self.text) && self.noun_lemmas(j).iter().any(|l| noun(l))
        })
    }

    /// Mention `m` as the speaker, over all its tokens.
    pub(crate) fn whole_mention(&self, m: usize) -> Who {
        let mt = &self.mentions[m];
        Who::Mention(
            Range2 {
                start: mt.first,
                end: mt.last,
            },
            m,
        )
    }

    /// The gender of a nominative noun at token `t` (`жительница` → feminine), when it is
    /// masculine or feminine.
    /// The gender of the institution or outlet noun that introduces a mention of organisation
    /// `e` (`газета "Коммерсант"`, `компании Apple`), if any does.
    pub(crate) fn org_gender(&self, e: usize) -> Option<Gender> {
        self.mentions
            .iter()
            .filter(|m| m.entity == e)
            .find_map(|m| {
                let mut j = m.first.checked_sub(1)?;
                while self.toks[j].kind == Kind::Quote {
                    j = j.checked_sub(1)?;
                }
                if !self.toks[j].lowercase(self.text) {
                    return None;
                }
                morph()
                    .analyze_shared(self.word(j))
                    .iter()
                    .find(|p| {
                        p.tag.pos == Pos::Noun
                            && (lexicon::is_media_noun(&p.lemma)
                                || lexicon::is_org_anaphor(&p.lemma)
                                || matches!(
                                    p.lemma.as_str(),
                                    "партия" | "корпорация" | "организация"
                                ))
                    })
                    .and_then(|p| p.tag.gender)
            })
    }

    /// Whether a person described by age and not named (`27-летний житель`, `33-летний
    /// мужчина`) is the subject of a clause after the last person named before `t`, in `t`'s
    /// sentence or the one before, with the gender of the pronoun at `t`.
    pub(super) fn unnamed_newcomer_before(&self, t: usize, kind: PronounKind) -> bool {
        let sent = self.sent_of[t];
        let from = self.sents[sent.saturating_sub(1)].start;
        let named = self.mentions[..self.mentions.partition_point(|m| m.last <= t)]
            .iter()
            .rev()
            .find(|m| self.entities[m.entity].kind == EntityType::Per)
            .map_or(0, |m| m.last);
        let want = if kind == PronounKind::Masc {
            Gender::Masc
        } else {
            Gender::Femn
        };
        // (`Эмадельдин Эльсаед, 23-летний студент из Каира`: an apposition to a name describes
        // that person.)
        let apposition = |i: usize| {
            let mut j = i - 1;
            while j > 0 && (self.word(j - 1) == "-" || self.toks[j - 1].kind == Kind::Number) {
                j -= 1;
            }
            j >= 2 && self.word(j - 1) == "," && self.mention_at[j - 2].is_some()
        };
        (from.max(named).max(1)..t).any(|i| {
            !apposition(i)
                && self.mention_at[i].is_none()
                && self.word(i - 1).contains("летн")
                && self.person_noun(i)
                && !self.role_noun(i, None)
                && !self.followed_by_mention(i)
                && self.noun_gender(i) == Some(want)
        })
    }

    pub(crate) fn noun_gender(&self, t: usize) -> Option<Gender> {
        morph()
            .analyze_shared(self.word(t))
            .iter()
            .find(|p| p.tag.pos == Pos::Noun && p.tag.case == Some(Case::Nomn))
            .and_then(|p| p.tag.gender)
            .filter(|g| matches!(g, Gender::Masc | Gender::Femn))
    }
}
