//! Speakers by pronoun and by role: whom `он`, `тот`, `политик` or `по словам актрисы`
//! stands for, looked for among the speakers and people named before.
use std::ops::Range;

use newsmill_model::EntityType;
use newsmill_nlp::morph::{morph, Case, Gender, Pos};
use newsmill_nlp::token::Kind;

use super::LOOKBACK;
use crate::lexicon::PronounKind;
use crate::{Agr, Doc, Found, Range2, Who};

impl<'a> Doc<'a> {
    /// The speaker a bare person noun at token `t` stands for: the latest quote's speaker, a
    /// person whose name (of the noun's gender) is the last person named before `t`, in
    /// the same or the previous paragraph. A noun after another person was named brings in
    /// someone new (`коронер`).
    pub(crate) fn bare_noun_speaker(
        &self,
        t: usize,
        found: &[Found],
        speakers: &[Option<(Option<usize>, Range2, String)>],
        person: &impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let (j, e) = speakers
            .iter()
            .enumerate()
            .rev()
            .filter(|(j, _)| found[*j].content.end <= t)
            .find_map(|(j, sp)| sp.as_ref().and_then(|(e, _, _)| e.map(|e| (j, e))))?;
        if self.para_of[t].saturating_sub(self.para_of[found[j].content.start]) > 1 || !person(e) {
            return None;
        }
        let noun_gender = self.noun_gender(t);
        if noun_gender.is_some_and(|g| self.person_gender(e).is_some_and(|pg| pg != g)) {
            return None;
        }
        let last_person = self.latest_entity(t, |x| self.entities[x].kind == EntityType::Per);
        (last_person == Some(e)).then_some(e)
    }

    /// The person a name set off by commas before the noun at token `i` names, when the noun
    /// opens an apposition that closes before the cue: `Руссефф, экономист по образованию,
    /// заявила` is Руссефф, not an unnamed economist.
    pub(super) fn apposition_of(&self, i: usize, zone: Range<usize>, agr: Agr) -> Option<Who> {
        let mut a = i;
        while a > zone.start && self.adjective(a - 1) {
            a -= 1;
        }
        if a < zone.start + 2
            || self.word(a - 1) != ","
            || !(i + 1..zone.end).any(|j| self.word(j) == ",")
        {
            return None;
        }
        let m = self.mention_at[a - 2]?;
        let mt = &self.mentions[m];
        if mt.last + 1 != a
            || mt.first < zone.start
            || self.entities[mt.entity].kind != EntityType::Per
            || !self.gender_ok(mt.entity, agr)
            || !self.mention_nominative(mt)
        {
            return None;
        }
        let span = self.subject_span(mt, agr, false)?;
        Some(Who::Mention(span, m))
    }

    /// Whom `тот` / `та` at token `t` stands for: the latest person of its gender named in this
    /// sentence or the last as the object of a verb or a preposition, since the nominative one
    /// is the subject the demonstrative sets apart (`Путин спросил у Орешкина …, на что тот
    /// ответил` is Орешкин). A name that only qualifies a noun (`письмо деда … Дональда
    /// Трампа, в котором тот просит`) is not whom it points to.
    pub(super) fn demonstrative_antecedent(&self, t: usize, kind: PronounKind) -> Option<usize> {
        let before = self.mentions.partition_point(|m| m.last <= t);
        let sent = self.sent_of[t];
        let excluded = match kind {
            PronounKind::Masc => Gender::Femn,
            _ => Gender::Masc,
        };
        self.mentions[..before]
            .iter()
            .rev()
            .take_while(|m| self.sent_of[m.first] + 1 >= sent)
            .find(|m| {
                self.entities[m.entity].kind == EntityType::Per
                    && self.person_gender(m.entity) != Some(excluded)
                    && !self.mention_nominative(m)
                    && m.first > 0
                    && (self.lower_preposition(m.first - 1) || self.verb(m.first - 1))
            })
            .map(|m| m.entity)
    }

    /// The person last named, within this sentence and the two before, when they were the
    /// subject of a speech verb and the noun at token `t` agrees with them: `Бриджит Бардо
    /// подробнее рассказала о причинах …. По словам актрисы, …` is Бардо.
    pub(super) fn speaking_subject_before(
        &self,
        t: usize,
        ok: &impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let sent = self.sent_of[t];
        let noun_gender = self.noun_gender(t);
        let before = self.mentions.partition_point(|m| m.last <= t);
        let m = self.mentions[..before]
            .iter()
            .rev()
            .take_while(|m| self.sent_of[m.first] + 2 >= sent)
            .find(|m| self.entities[m.entity].kind == EntityType::Per)?;
        let speaks = (m.last..(m.last + 3).min(t)).any(|j| self.cue(j).is_some());
        let agrees =
            noun_gender.is_none_or(|g| self.person_gender(m.entity).is_none_or(|pg| pg == g));
        (speaks && agrees && ok(m.entity) && self.mention_nominative(m)).then_some(m.entity)
    }

    /// The person an earlier, described use of the noun at token `t` stood for, when nobody
    /// else has been named since: `40-летний политик познакомился … — заявил политик` is the
    /// politician named before the first use.
    pub(super) fn described_before(&self, t: usize, ok: &impl Fn(usize) -> bool) -> Option<usize> {
        let lemmas = self.noun_lemmas(t);
        if lemmas.is_empty() {
            return None;
        }
        // (A subject, as `40-летний политик`, not `иллюстрированный автором`.)
        let nominative = |i: usize| {
            morph()
                .analyze_shared(self.word(i))
                .iter()
                .any(|p| p.tag.case == Some(Case::Nomn))
        };
        let j = (t.saturating_sub(LOOKBACK * 10)..t).rev().find(|&j| {
            j > 0
                && self.adjective(j - 1)
                && nominative(j - 1)
                && nominative(j)
                && self.mention_at[j].is_none()
                && !self.followed_by_mention(j)
                && self.noun_lemmas(j).iter().any(|l| lemmas.contains(l))
        })?;
        let e = self.latest_entity(j, ok)?;
        let last_person = self.latest_entity(t, |x| self.entities[x].kind == EntityType::Per);
        (last_person == Some(e)).then_some(e)
    }

    /// The person an earlier use of the role noun at token `t` named: `президент Казахстана
    /// Нурсултан Назарбаев … Президент заявил` → Назарбаев; `перешло к женщине, Мисао Окава …
    /// Женщина сказала` → Окава. The latest earlier use of the noun (same lemma) followed within
    /// a few tokens by a person `ok` accepts.
    pub(crate) fn named_by_role(&self, t: usize, ok: &impl Fn(usize) -> bool) -> Option<usize> {
        let lemmas: Vec<String> = morph()
            .analyze_shared(self.word(t))
            .iter()
            .filter(|p| p.tag.pos == Pos::Noun)
            .map(|p| p.lemma.clone())
            .collect();
        if lemmas.is_empty() {
            return None;
        }
        // `президент США`: the earlier use must name the same country or body; a complement
        // the text does not tag (`Глава государства`) must be the same word, so `главой МИД.
        // Сергей Лавров` (a caption) is no name for it.
        let complement = self.entity_at(t + 1);
        let untagged = (complement.is_none()
            && t + 1 < self.toks.len()
            && self.toks[t + 1].lowercase(self.text)
            && !self.noun_lemmas(t + 1).is_empty()
            && !self.adjective(t + 1))
        .then(|| self.word(t + 1));
        let start = t.saturating_sub(LOOKBACK * 10);
        (start..t).rev().find_map(|j| {
            // `премьер` for an earlier `премьер-министр`.
            let same_noun = morph().analyze_shared(self.word(j)).iter().any(|p| {
                p.tag.pos == Pos::Noun
                    && lemmas.iter().any(|l| {
                        p.lemma == *l
                            || p.lemma
                                .strip_prefix(l.as_str())
                                .is_some_and(|rest| rest.starts_with('-'))
                    })
            });
            if !same_noun {
                return None;
            }
            let mut complement_seen = complement.is_none();
            if untagged.is_some_and(|w| self.word(j + 1) != w) {
                return None;
            }
            // The name stands beside the noun, in its sentence: a verb between them ends the
            // search (`Прокурор попросил … приговорить Браудера` names the accused, not the
            // prosecutor).
            (j + 1..(j + 6).min(self.toks.len()))
                .take_while(|&k| self.sent_of[k] == self.sent_of[j])
                .take_while(|&k| self.mention_at[k].is_some() || !self.only_verb(k))
                .find_map(|k| {
                    let m = self.mention_at[k]?;
                    let mt = &self.mentions[m];
                    if Some(mt.entity) == complement {
                        complement_seen = true;
                    }
                    (mt.first == k
                        && complement_seen
                        && self.entities[mt.entity].kind == EntityType::Per
                        && ok(mt.entity))
                    .then_some(mt.entity)
                })
        })
    }

    /// Whether token `i` is a noun for a written statement in the locative (`сообщении`,
    /// `заявлении`, `документе`).
    pub(crate) fn statement_noun(&self, i: usize) -> bool {
        morph().analyze_shared(self.word(i)).iter().any(|p| {
            p.tag.case == Some(Case::Loct)
                && matches!(
                    p.lemma.as_str(),
                    "сообщение"
                        | "заявление"
                        | "документ"
                        | "доклад"
                        | "пресс-релиз"
                        | "обращение"
                        | "телеграмма"
                        | "письмо"
                        | "послание"
                )
        })
    }

    /// Who a pronoun or a role at token `t` stands for: the latest earlier speaker `ok` accepts
    /// within the last three paragraphs, else (for persons) the latest such entity mentioned.
    pub(crate) fn antecedent(
        &self,
        t: usize,
        found: &[Found],
        speakers: &[Option<(Option<usize>, Range2, String)>],
        ok: impl Fn(usize) -> bool,
        mentioned: bool,
    ) -> Option<usize> {
        let para = self.para_of[t];
        // A person who opens the previous sentence or this one, as its subject, after the last
        // speaker's words: `Сантос добивался признания отцовства. По его словам, …` is Сантос,
        // not whoever spoke before him.
        let sent = self.sent_of[t];
        let fresh_subject = |after: usize| {
            let before = self.mentions.partition_point(|m| m.last <= t);
            self.mentions[..before]
                .iter()
                .rev()
                .take_while(|m| m.first >= after && self.sent_of[m.first] + 1 >= sent)
                .find(|m| {
                    ok(m.entity)
                        && self.entities[m.entity].kind == EntityType::Per
                        && (self.opens_sentence(m.first)
                            || self.opens_contrast(m.first)
                            || self.after_opening_title(m.first))
                        && self.mention_nominative(m)
                })
                .map(|m| m.entity)
        };
        for (j, sp) in speakers.iter().enumerate().rev().take(LOOKBACK) {
            if found[j].content.start >= t && found[j].content.end > t {
                continue;
            }
            if para.saturating_sub(self.para_of[found[j].content.start]) > 3 {
                break;
            }
            if let Some((Some(e), _, _)) = sp {
                if ok(*e) {
                    let last = found[j].content.end.max(self.who_end_of(sp));
                    return Some(fresh_subject(last).unwrap_or(*e));
                }
            }
        }
        if mentioned {
            self.latest_entity(t, ok)
        } else {
            None
        }
    }

    /// Whether token `i` follows a title that opens its sentence, with no verb between: `Лидер
    /// московского отделения ФАР Сергей Канаев думает` makes Канаев the subject.
    fn after_opening_title(&self, i: usize) -> bool {
        let start = self.sents[self.sent_of[i]].start;
        i > start
            && i - start <= 12
            && (self.role_noun(start, Some(Case::Nomn)) || self.person_noun(start))
            && !(start..i).any(|j| self.only_verb(j))
    }

    /// Whether token `i` opens a clause after a contrasting `, но` or `, а`: `…, но Коэн
    /// решил бойкотировать его` makes Коэн the subject the next sentence goes on about.
    fn opens_contrast(&self, i: usize) -> bool {
        i >= 2 && self.is(i - 1, &["но", "а", "однако"]) && self.word(i - 2) == ","
    }

    /// Whether token `i` opens its sentence, but for a few words that leave it the subject:
    /// `Сам Баффет`, `Однако Песков`, `Тем временем Лавров`.
    pub(crate) fn opens_sentence(&self, i: usize) -> bool {
        let start = self.time_phrase_end(self.sents[self.sent_of[i]].start);
        let opener = |j: usize| {
            self.adverb(j)
                || morph().analyze_shared(self.word(j)).iter().any(|p| {
                    matches!(p.tag.pos, Pos::Conj | Pos::Prcl)
                        || matches!(p.lemma.as_str(), "сам" | "тем" | "время")
                })
        };
        // (`Тем не менее, Макафи …`: a parenthetical opener set off by its comma.)
        let set_off = i >= start + 2
            && i - start <= 4
            && self.word(i - 1) == ","
            && (start..i - 1).all(opener);
        i >= start && ((i - start <= 2 && (start..i).all(opener)) || set_off)
    }

    /// The first token after a time phrase opening at `start` (`Во вторник`, `В 2011 году`,
    /// `20 мая`), or `start` when none does: what a sentence says before its subject.
    fn time_phrase_end(&self, start: usize) -> usize {
        let time_noun = |j: usize| {
            j < self.toks.len()
                && morph().analyze_shared(self.word(j)).iter().any(|p| {
                    p.tag.pos == Pos::Noun
                        && matches!(
                            p.lemma.as_str(),
                            "понедельник"
                                | "вторник"
                                | "среда"
                                | "четверг"
                                | "пятница"
                                | "суббота"
                                | "воскресенье"
                                | "год"
                                | "день"
                                | "утро"
                                | "вечер"
                                | "ночь"
                                | "неделя"
                                | "месяц"
                                | "январь"
                                | "февраль"
                                | "март"
                                | "апрель"
                                | "май"
                                | "июнь"
                                | "июль"
                                | "август"
                                | "сентябрь"
                                | "октябрь"
                                | "ноябрь"
                                | "декабрь"
                        )
                })
        };
        let mut j = start;
        if self.is(j, &["в", "во"]) {
            j += 1;
        }
        while j < self.toks.len() && j < start + 3 && self.toks[j].kind == Kind::Number {
            j += 1;
        }
        if j > start && time_noun(j) {
            j + 1
        } else {
            start
        }
    }
}
