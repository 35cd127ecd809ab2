//! The name a speaker goes by in the record (`МИД России`; `Кремль` for its press service;
//! a country for its authorities), and the last helpers over mentions and clauses.
use newsmill_model::EntityType;
use newsmill_nlp::morph::{morph, Case, Pos};
use newsmill_nlp::token::{acronym_stem, Kind};

use super::LOOKBACK;
use crate::{Doc, MentionTok, Range2};

impl<'a> Doc<'a> {
    /// The name a speaker goes by: the entity's normal form, except that an organisation the
    /// text names by an acronym keeps the acronym as news writes it, with Russia spelt out
    /// (`МИД РФ` → `МИД России`, as the quote guideline writes institutional speakers).
    pub(crate) fn speaker_name(&self, e: usize) -> String {
        if let Some(Some(name)) = self.names.borrow().get(e) {
            return name.clone();
        }
        let name = self.compute_speaker_name(e);
        if let Some(slot) = self.names.borrow_mut().get_mut(e) {
            *slot = Some(name.clone());
        }
        name
    }

    fn compute_speaker_name(&self, e: usize) -> String {
        let entity = &self.entities[e];
        if entity.kind != EntityType::Org {
            return entity.norm.clone();
        }
        if let Some(name) = self.voice_of_name(&entity.norm) {
            return name;
        }
        if let Some(name) = self.authorities_name(&entity.norm) {
            return name;
        }
        let acronym_led = entity
            .mentions
            .iter()
            .filter_map(|m| {
                let words: Vec<&str> = m.text.split_whitespace().collect();
                let head = acronym_stem(words.first()?)?;
                (words.len() <= 3).then(|| {
                    let mut out = vec![head];
                    out.extend(words[1..].iter().map(|w| {
                        if *w == "РФ" {
                            "России"
                        } else {
                            w
                        }
                    }));
                    out.join(" ")
                })
            })
            .max_by_key(|n| n.len());
        if let Some(name) = acronym_led {
            return name;
        }
        // A norm that shares no word with any mention came from the corpus lexicon ("Белый дом"
        // → "Исполнительный офис Президента США"): the name the text uses, where it stands in
        // the nominative, reads better as a speaker.
        let stem = |w: &str| w.to_lowercase().chars().take(4).collect::<String>();
        let norm_stems: Vec<String> = entity.norm.split_whitespace().map(stem).collect();
        let renamed = !entity.mentions.iter().any(|m| {
            m.text
                .split_whitespace()
                .any(|w| norm_stems.contains(&stem(w)))
        });
        if renamed {
            let as_written = self
                .mentions
                .iter()
                .filter(|m| m.entity == e)
                .find(|m| {
                    self.nominative(m.first) && (m.first == 0 || !self.preposition(m.first - 1))
                })
                .map(|m| self.slice(m.first, m.last).to_owned());
            if let Some(name) = as_written {
                // `Кремля`, `Кремле` (no dictionary flag marks them as names): the head word
                // in the nominative.
                return head_nominative(&name);
            }
        }
        match entity.norm.strip_suffix(" РФ") {
            Some(head) => format!("{head} России"),
            None => entity.norm.clone(),
        }
    }

    /// `пресс-служба Кремля` → `Кремль`, `пресс-центр МВД` → `МВД`: a voice speaks for the
    /// institution it names, and the guideline names the institution.
    fn voice_of_name(&self, norm: &str) -> Option<String> {
        let (voice, rest) = norm.split_once(' ')?;
        // Only a press office: "Служба безопасности Украины" and "Представительство ЕС" are
        // institutions in their own right.
        let press_office = morph()
            .analyze_shared(&voice.to_lowercase())
            .iter()
            .any(|p| {
                matches!(
                    p.lemma.as_str(),
                    "пресс-служба" | "пресс-центр" | "пресс-бюро"
                )
            });
        // (`пресс-служба в ГУ МВД России`: the institution after its preposition.)
        let rest = ["в ", "во ", "при "]
            .iter()
            .find_map(|p| rest.strip_prefix(p))
            .unwrap_or(rest);
        press_office.then(|| nominative_phrase(rest))
    }

    /// `израильские власти` → `Израиль`, `власти России` → `Россия`: authorities are named by
    /// the country they govern (a place used for its government), when the document names it.
    fn authorities_name(&self, norm: &str) -> Option<String> {
        let words: Vec<&str> = norm.split(' ').collect();
        let is_authorities = |w: &str| matches!(w.to_lowercase().as_str(), "власти" | "власть");
        match words.as_slice() {
            [adj, w] if is_authorities(w) => {
                let lemma = morph()
                    .analyze_shared(&adj.to_lowercase())
                    .iter()
                    .find(|p| p.tag.pos == Pos::Adjf)?
                    .lemma
                    .clone();
                let stem = ["ийский", "ский", "цкий"]
                    .iter()
                    .find_map(|s| lemma.strip_suffix(s))?;
                let stem_len = stem.chars().count();
                let need = stem_len.min(5);
                if need < 4 {
                    return None;
                }
                self.entities
                    .iter()
                    .filter(|ent| ent.kind == EntityType::Loc)
                    .find(|ent| {
                        let place = ent.norm.to_lowercase();
                        place
                            .chars()
                            .zip(stem.chars())
                            .take_while(|(a, b)| a == b)
                            .count()
                            >= need
                    })
                    .map(|ent| ent.norm.clone())
                    .or_else(|| {
                        // Countries whose short name shares no stem with their adjective.
                        let country = match stem {
                            "американ" => "США",
                            "британ" | "англий" => "Великобритания",
                            _ => return None,
                        };
                        Some(country.to_owned())
                    })
            }
            [w, rest @ ..] if is_authorities(w) && !rest.is_empty() => {
                Some(nominative_phrase(&rest.join(" ")))
            }
            _ => None,
        }
    }

    /// The entity of the latest mention before token `t` that `ok` accepts.
    /// (Mentions come in text order; the search looks back a bounded way.)
    /// A subject (a nominative mention not after a preposition) in the last few paragraphs is
    /// preferred to a nearer mention in another role ("Мартина Биг участвовала …, героиня
    /// Памелы Андерсон"): centring's preference for the previous subject.
    /// Where a resolved speaker's mention ends (0 when it has none).
    pub(super) fn who_end_of(&self, sp: &Option<(Option<usize>, Range2, String)>) -> usize {
        sp.as_ref().map_or(0, |(_, r, _)| r.end)
    }

    /// Whether a mention is a line of its own, such as a photo caption (`Уильям Браудер` under
    /// the headline): a name shown, not one the text speaks of.
    fn caption(&self, m: &MentionTok) -> bool {
        let para = self.para_range(m.first);
        para.start == m.first
            && (m.last..para.end).all(|j| matches!(self.toks[j].kind, Kind::Punct | Kind::Terminal))
    }

    pub(crate) fn latest_entity(&self, t: usize, ok: impl Fn(usize) -> bool) -> Option<usize> {
        let before = self.mentions.partition_point(|m| m.last <= t);
        // `Кари Юсеф Ахмади (Yousef Ahmadi). Он …`: a gloss in brackets after a name is that
        // name again, written otherwise; the name is the one to point back to.
        let gloss = |m: &MentionTok| {
            m.first >= 2 && self.word(m.first - 1) == "(" && self.mention_at[m.first - 2].is_some()
        };
        let recent = || {
            self.mentions[..before]
                .iter()
                .rev()
                .take(LOOKBACK)
                .filter(move |m| !gloss(m) && !self.caption(m))
        };
        let para = self.para_of[t.min(self.toks.len() - 1)];
        let subject = |m: &&MentionTok| {
            ok(m.entity)
                && self.mention_nominative(m)
                && (m.first == 0 || !self.preposition(m.first - 1))
        };
        let near = || recent().take_while(|m| para.saturating_sub(self.para_of[m.first]) <= 2);
        // The subject of a main clause first: `Владимир Путин подписал указ, согласно которому
        // … Андрей Воробьёв назначен …. Об этом Президент России сообщил` is Путин.
        near()
            .find(|m| subject(m) && !self.in_subordinate_clause(m.first))
            .or_else(|| near().find(subject))
            .or_else(|| recent().find(|m| ok(m.entity)))
            .map(|m| m.entity)
    }

    /// Whether token `i` stands in a subordinate clause of its sentence: after a comma and a
    /// relative or subordinating word (`, согласно которому`, `, что`, `, когда`).
    fn in_subordinate_clause(&self, i: usize) -> bool {
        let start = self.sents[self.sent_of[i]].start;
        (start + 1..i).any(|j| {
            self.word(j - 1) == ","
                && (self.word(j).starts_with("котор")
                    || self.is(j, &["что", "чтобы", "где", "когда", "если", "поскольку"])
                    || (self.lower_preposition(j) && self.word(j + 1).starts_with("котор")))
        })
    }
}

/// A one-word name in the nominative: an oblique noun form inflected (`Кремле` → `Кремль`),
/// a nominative, an acronym or an unknown word kept. Longer names are kept as written.
fn head_nominative(name: &str) -> String {
    if name.contains(' ') || acronym_stem(name).is_some() {
        return name.to_owned();
    }
    let parses = morph().analyze_shared(&name.to_lowercase());
    let nouns: Vec<_> = parses
        .iter()
        .filter(|p| p.tag.pos == Pos::Noun && p.known)
        .collect();
    if nouns.is_empty() || nouns.iter().any(|p| p.tag.case == Some(Case::Nomn)) {
        return name.to_owned();
    }
    match nouns[0].inflect(Case::Nomn, None) {
        Some(form) => capitalised_like(form, name),
        None => name.to_owned(),
    }
}

/// `form` with a capital first letter when `written` has one (`кремль` for `Кремле` → `Кремль`).
fn capitalised_like(form: String, written: &str) -> String {
    let mut c = form.chars();
    match (written.chars().next(), c.next()) {
        (Some(w), Some(f)) if w.is_uppercase() => f.to_uppercase().chain(c).collect(),
        _ => form,
    }
}

/// A genitive complement as a name: its first word put in the nominative when it is a noun in
/// the genitive (`Кремля` → `Кремль`, `Министерства обороны` → `Министерство обороны`), an
/// acronym or an indeclinable word kept (`МВД России`).
fn nominative_phrase(phrase: &str) -> String {
    let (first, rest) = match phrase.split_once(' ') {
        Some((f, r)) => (f, Some(r)),
        None => (phrase, None),
    };
    let head = morph()
        .analyze_shared(&first.to_lowercase())
        .iter()
        .find(|p| p.tag.pos == Pos::Noun && p.tag.case == Some(Case::Gent))
        .and_then(|p| p.inflect(Case::Nomn, None))
        .filter(|_| acronym_stem(first).is_none())
        .map(|form| capitalised_like(form, first))
        .unwrap_or_else(|| first.to_owned());
    match rest {
        Some(r) => format!("{head} {r}"),
        None => head,
    }
}
