//! Speakers resolved in text order (a pronoun looks back at the speakers before it), and the
//! record's quotes built from them.
use newsmill_model::{Cue, EntityType, Field, Quote, Speaker};
use newsmill_nlp::morph::{morph, Gender, Number};

use crate::lexicon::{self, PronounKind};
use crate::{Agr, Doc, Found, Frame, Range2, Who};

impl<'a> Doc<'a> {
    /// Resolves speakers in text order (pronouns look back at earlier speakers) and builds the
    /// record's quotes.
    pub(crate) fn resolve(&self, found: Vec<Found>) -> Vec<Quote> {
        // Speaker of each found quote: (entity or none, attributing token span).
        let mut speakers: Vec<Option<(Option<usize>, Range2, String)>> = Vec::new();
        let by_start: std::collections::HashMap<usize, usize> = found
            .iter()
            .enumerate()
            .map(|(j, f)| (f.content.start, j))
            .collect();
        for f in &found {
            // `…, рассказали RT профильные специалисты`: the outlet right after the verb is
            // told the words, and the group after it speaks.
            let told = f.who.filter(|&who| self.told_outlet(f, who));
            let resolved = match (f.continues, f.who) {
                (Some(start), _) => by_start
                    .get(&start)
                    .filter(|&&j| j < speakers.len())
                    .and_then(|&j| speakers[j].clone()),
                (None, Some(_)) if told.is_some() => None,
                (None, Some(who)) => self.resolve_who(who, f.agr, &found, &speakers),
                (None, None) => None,
            };
            let resolved = resolved.or_else(|| self.unnamed_speaker(f, &found, &speakers));
            // (With no group after it, the outlet told is the only source the text gives.)
            let resolved = resolved
                .or_else(|| told.and_then(|who| self.resolve_who(who, f.agr, &found, &speakers)));
            speakers.push(resolved);
        }
        found
            .into_iter()
            .zip(speakers)
            .map(|(f, sp)| {
                let (cs, ce) = self.char_span(f.content.start, f.content.end);
                Quote {
                    kind: f.kind,
                    start: cs,
                    end: ce,
                    text: self.slice(f.content.start, f.content.end).to_owned(),
                    speaker: sp.map(|(entity, span, norm)| {
                        let (s, e) = self.char_span(span.start, span.end);
                        Speaker {
                            entity,
                            start: s,
                            end: e,
                            text: self.slice(span.start, span.end).to_owned(),
                            norm,
                        }
                    }),
                    cue: f.cue.map(|c| {
                        let (s, e) = self.char_span(c.first, c.last);
                        Cue {
                            start: s,
                            end: e,
                            text: self.slice(c.first, c.last).to_owned(),
                            lemma: if c.lemma.is_empty() {
                                self.word(c.first).to_owned()
                            } else {
                                c.lemma.to_owned()
                            },
                        }
                    }),
                    field: Field::Text,
                }
            })
            .collect()
    }

    /// A speaker named by a common noun (`Европейские дипломаты опасаются`, `…, сообщил
    /// коронер`, `по данным следствия`), where nothing names it: the phrase as written, or
    /// the person a role stands for.
    fn unnamed_speaker(
        &self,
        f: &Found,
        found: &[Found],
        speakers: &[Option<(Option<usize>, Range2, String)>],
    ) -> Option<(Option<usize>, Range2, String)> {
        let cue = f
            .cue
            .filter(|c| !c.impersonal && !c.gerund && self.cyrillic(c.first))?;
        if f.continues.is_some() {
            return None;
        }
        // (A report phrase names its source in the genitive after it.)
        if matches!(cue.lemma, "по словам" | "согласно" | "как следует из")
        {
            let (span, norm) = self.group_in_report(cue)?;
            // (`По словам эксперта` after his words: the person just quoted.)
            let done = &found[..speakers.len()];
            if let Some(e) = self.role_person(span, f, done, speakers) {
                return Some((Some(e), span, self.speaker_name(e)));
            }
            return Some((None, span, norm));
        }
        let span = self
            .group_subject(cue.first, f.agr)
            .or_else(|| self.group_after(cue, f.agr));
        // A title the text names no one by (`— цитирует политика ТАСС`, `Неназываемый
        // сотрудник`, a relative): the title as written, in the nominative.
        let Some(span) = span else {
            let Some(Who::Role(span)) = f.who else {
                return None;
            };
            let (span, norm) = self.role_as_written(span);
            return Some((None, span, norm));
        };
        let done = &found[..speakers.len()];
        if let Some(e) = self.role_person(span, f, done, speakers) {
            return Some((Some(e), span, self.speaker_name(e)));
        }
        Some((None, span, self.slice(span.start, span.end).to_owned()))
    }

    pub(crate) fn resolve_who(
        &self,
        who: Who,
        agr: Agr,
        found: &[Found],
        speakers: &[Option<(Option<usize>, Range2, String)>],
    ) -> Option<(Option<usize>, Range2, String)> {
        match who {
            Who::Mention(span, m) => {
                let e = self.mentions[m].entity;
                Some((Some(e), span, self.speaker_name(e)))
            }
            Who::Name(span) => {
                let name = self.slice(span.start, span.end).to_owned();
                Some((None, span, name))
            }
            Who::Spoken(span) => {
                let as_written = Some((None, span, self.slice(span.start, span.end).to_owned()));
                if let Some(m) = (span.start..span.end).find_map(|i| self.mention_at[i]) {
                    return self.resolve_who(Who::Mention(span, m), agr, found, speakers);
                }
                let pronoun = (span.end - span.start == 1)
                    .then(|| lexicon::pronoun(self.word(span.start)))
                    .flatten();
                match pronoun {
                    Some(kind) => self
                        .resolve_who(Who::Pronoun(span.start, kind), agr, found, speakers)
                        .or(as_written),
                    None => as_written,
                }
            }
            Who::Anonymous => None,
            Who::Document(span) => self.document_speaker(span),
            // The speaker of the quote just before, in this paragraph or the one before, when
            // the verb agrees with them.
            Who::Elided(t) => {
                let j = speakers.len().checked_sub(1)?;
                let (entity, span, name) = speakers[j].clone()?;
                let near = self.para_of[found[j].content.start] + 1 >= self.para_of[t];
                let agrees = entity.is_none_or(|e| {
                    self.entities[e].kind != EntityType::Per || self.gender_ok(e, agr)
                });
                (near && agrees).then_some((entity, span, name))
            }
            Who::Statement(span) => {
                // The statement the text has just been quoting. An instruction is no statement:
                // the document described after `Путин поручил ФСБ утвердить порядок …` (`Как
                // указывается в документе`) is the one ФСБ then issued, not Putin's.
                // With no statement quoted before, the document is the speaker as written
                // (the guideline's `в ордере сообщается`), named by its noun.
                let document = || self.document_speaker(span);
                let Some(last) = found[..speakers.len()]
                    .iter()
                    .rposition(|f| f.content.end <= span.start)
                else {
                    return document();
                };
                let instruction = found[last]
                    .cue
                    .and_then(|c| lexicon::ru_cue(c.lemma))
                    .is_some_and(|(_, frame)| frame == Frame::Object);
                if instruction {
                    return document();
                }
                match self.antecedent(span.start, found, speakers, |_| true, false) {
                    Some(e) => Some((Some(e), span, self.speaker_name(e))),
                    None => document(),
                }
            }
            Who::OrgAnaphor(span) => {
                // `сообщило министерство`: the latest organisation of that kind (`МВД Украины`
                // over the `Верховная Рада` named after it), else the latest organisation.
                // When the latest organisation was introduced with another kind of noun, the
                // latest one introduced with this noun (`агентство Рейтер` over a `телеканал
                // "Аль-Джазира"` named after it).
                let kind = self.org_kind_of(span.end - 1);
                // An outlet noun names the outlet the text introduced as one, or nobody.
                if self.media_noun(span.end - 1)
                    && !self
                        .noun_lemmas(span.end - 1)
                        .iter()
                        .any(|l| lexicon::is_org_anaphor(l))
                {
                    let m = self.named_outlet(span.end - 1)?;
                    let e = self.mentions[m].entity;
                    return Some((Some(e), span, self.speaker_name(e)));
                }
                let e = kind
                    .and_then(|k| {
                        self.latest_entity(span.start, |e| {
                            self.entities[e].kind == EntityType::Org && self.org_is(e, k)
                        })
                    })
                    .or_else(|| {
                        let noun = self.noun_lemmas(span.end - 1);
                        let is_noun = |l: &str| noun.iter().any(|n| n == l);
                        let org = |e: usize| self.entities[e].kind == EntityType::Org;
                        let latest = self.latest_entity(span.start, org)?;
                        let same = |e: usize| self.introduced_by(e, is_noun);
                        let other = self.introduced_by(latest, |l| {
                            !is_noun(l) && (lexicon::is_media_noun(l) || lexicon::is_org_anaphor(l))
                        });
                        if same(latest) || !other {
                            return None;
                        }
                        self.latest_entity(span.start, |e| org(e) && same(e))
                    })
                    .or_else(|| {
                        // Police, prosecutors and courts are named only by an organisation of
                        // theirs.
                        if matches!(kind, Some("полиция" | "прокуратура" | "суд"))
                        {
                            return None;
                        }
                        self.latest_entity(span.start, |e| {
                            matches!(self.entities[e].kind, EntityType::Org)
                        })
                    })?;
                Some((Some(e), span, self.speaker_name(e)))
            }
            Who::Pronoun(t, kind) => {
                let span = Range2 {
                    start: t,
                    end: t + 1,
                };
                // `Путин спросил у Орешкина …, на что тот ответил`: the person last named
                // besides the subject.
                // (No such person, and it is nobody the text names: `письмо деда … Трампа, в
                // котором тот просит`.)
                if self.is(t, &["тот", "та"]) {
                    let e = self.demonstrative_antecedent(t, kind)?;
                    return Some((Some(e), span, self.entities[e].norm.clone()));
                }
                // `… со ссылкой на представителя IKEA. По его словам, …`: the source just cited.
                // (`… со ссылкой на неназванных представителей администрации. По их словам`:
                // a plural pronoun for sources cited in the plural.)
                if matches!(
                    kind,
                    PronounKind::Masc | PronounKind::Femn | PronounKind::Plural
                ) {
                    if let Some(source) = self.cited_source(t, kind == PronounKind::Plural) {
                        return source.map(|e| (Some(e), span, self.speaker_name(e)));
                    }
                }
                // `…, полагают собеседники издания. По их словам, …`, `Менеджер … сказал, что
                // …. «…» — добавил он`: the unnamed speaker of the words just before, in this
                // sentence or the last, not someone named further back.
                // (`speakers` holds the quotes resolved so far, those before this one.)
                let last = found[..speakers.len()]
                    .iter()
                    .rposition(|f| f.content.end <= t);
                if let Some(j) = last {
                    let named_since = self.mentions.iter().any(|m| {
                        m.first >= found[j].content.end
                            && m.last <= t
                            && self.entities[m.entity].kind == EntityType::Per
                    });
                    // (An unnamed speaker given as written, `Его отец сказал, что …, он …`,
                    // is the same unnamed person.)
                    if !named_since && self.sent_of[found[j].content.start] + 1 >= self.sent_of[t] {
                        match &speakers[j] {
                            None => return None,
                            Some((None, _, name)) => return Some((None, span, name.clone())),
                            Some(_) => {}
                        }
                    }
                }
                // `По факту поджога был задержан 27-летний житель села. Он сказал, что …`: a
                // person brought in by age and no name, after the last one named, in this
                // sentence or the one before, is whom the pronoun stands for; nobody to name.
                if matches!(kind, PronounKind::Masc | PronounKind::Femn)
                    && self.unnamed_newcomer_before(t, kind)
                {
                    return None;
                }
                let compatible = |e: usize| {
                    let ent = &self.entities[e];
                    match kind {
                        PronounKind::Masc => {
                            ent.kind == EntityType::Per
                                && self.person_gender(e) != Some(Gender::Femn)
                        }
                        // `Об этом пишет газета "Коммерсант". По ее данным, …`: an organisation
                        // introduced with a feminine institution or outlet noun.
                        PronounKind::Femn => {
                            (ent.kind == EntityType::Per
                                && self.person_gender(e) != Some(Gender::Masc))
                                || (ent.kind == EntityType::Org
                                    && self.org_gender(e) == Some(Gender::Femn))
                        }
                        PronounKind::Neut | PronounKind::Plural => ent.kind != EntityType::Per,
                    }
                };
                // `"…," Kremlin spokesman Dmitry Peskov told reporters. He added that …`: an
                // English name the entity layer did not tag is the last speaker a pronoun can
                // stand for.
                if self.is(t, &["he", "she"]) {
                    let last = speakers.iter().enumerate().rev().find_map(|(j, sp)| {
                        sp.as_ref()
                            .map(|(e, _, name)| (j, e.is_none(), name.clone()))
                    });
                    if let Some((j, true, name)) = last {
                        if self.para_of[t] <= self.para_of[found[j].content.start] + 2 {
                            return Some((None, span, name));
                        }
                    }
                }
                let person = matches!(kind, PronounKind::Masc | PronounKind::Femn);
                let e = self.antecedent(t, found, speakers, compatible, person)?;
                Some((Some(e), span, self.entities[e].norm.clone()))
            }
            Who::Role(span) => {
                let person =
                    |e: usize| self.entities[e].kind == EntityType::Per && self.gender_ok(e, agr);
                // A relative (`Племянник`, `мать`) is someone else than the person named.
                if self.relative_noun(span.start) {
                    return None;
                }
                // `Неназываемый сотрудник пресс-службы`: withheld, not to be guessed.
                if span.start > 0
                    && morph()
                        .analyze_shared(self.word(span.start - 1))
                        .iter()
                        .any(|p| {
                            matches!(
                                p.lemma.as_str(),
                                "неназываемый" | "неназванный" | "анонимный" | "неизвестный"
                            )
                        })
                {
                    return None;
                }
                // `Глава администрации Иваново и представители РПЦ утверждали`: one title is
                // not the subject of a plural verb; the group has no name.
                if agr == Agr::Plur
                    && morph()
                        .analyze_shared(self.word(span.start))
                        .iter()
                        .all(|p| p.tag.number != Some(Number::Plur))
                {
                    return None;
                }
                // The voice of an organisation (`представитель надзорного ведомства`,
                // `пресс-секретарь компании`) that the text gives no name: the organisation.
                let named = self.named_by_role(span.start, &person);
                let organisation = (named.is_none() && self.voice_noun(span.start, None))
                    .then(|| {
                        (span.start + 1..span.end).find_map(|i| {
                            self.mention_at[i]
                                .map(|m| self.mentions[m].entity)
                                .filter(|&e| self.entities[e].kind == EntityType::Org)
                        })
                    })
                    .flatten();
                if let Some(e) = organisation {
                    return Some((Some(e), span, self.entities[e].norm.clone()));
                }
                let e = match named {
                    Some(e) => e,
                    // A title (`Президент`, `глава КНР`) or a described noun (`85-летний
                    // понтифик`, `новоиспечённый кандидат`) may stand for the latest speaker;
                    // a bare noun (`коронер`, `патологоанатом`) the text has not used for
                    // anyone brings in a new, unnamed person.
                    // `Венесуэльский министр информации`: a portfolio the text has given
                    // nobody brings in someone new, not the latest speaker.
                    None if self.role_noun(span.start, None) && self.portfolio(span.start) => {
                        return None
                    }
                    None if self.role_noun(span.start, None) => {
                        self.antecedent(span.start, found, speakers, person, true)?
                    }
                    // A described noun must agree with the person it stands for in a gender
                    // the name shows.
                    None if span.start > 0 && self.adjective(span.start - 1) => {
                        let noun_gender = self.noun_gender(span.start);
                        let agrees = |e: usize| {
                            person(e)
                                && (noun_gender.is_none() || self.person_gender(e) == noun_gender)
                        };
                        self.antecedent(span.start, found, speakers, agrees, true)?
                    }
                    // A bare noun right after someone spoke (`— сказал врач`, `Музыкант добавил`)
                    // is that speaker, when nobody else was named since.
                    // (`40-летний политик познакомился … — заявил политик`: the person a
                    // described use of the noun stood for.)
                    None => self
                        .bare_noun_speaker(span.start, found, speakers, &person)
                        .or_else(|| self.described_before(span.start, &person))
                        .or_else(|| {
                            // (Only in `по словам актрисы`: a bare `Коронер отметил` after a
                            // woman spoke is someone new.)
                            (span.start > 0 && self.report_noun_at(span.start - 1))
                                .then(|| self.speaking_subject_before(span.start, &person))
                                .flatten()
                        })?,
                };
                Some((Some(e), span, self.entities[e].norm.clone()))
            }
        }
    }
}
