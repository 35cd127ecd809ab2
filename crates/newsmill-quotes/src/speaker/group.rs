//! Speakers named by a group or a description the entity layer does not tag: `Европейские
//! дипломаты опасаются, что …`, `…чиновников, которые опасаются, что …`, `…, сообщил
//! коронер`, `По данным следствия`, `Согласно документу`, `— цитирует ТАСС неназванного
//! политика`. The speaker is the phrase as written, with no entity, and a normal form in the
//! nominative: it says who spoke as the text does and guesses no name (the guideline's unnamed
//! speakers: `эксперты`, `собеседники издания`; documents: `в ордере сообщается`). A role in
//! the singular is the person just quoted (decisions 55 and 62).
use newsmill_nlp::morph::{flag, morph, Case, Gender, Number, Pos};
use newsmill_nlp::token::Kind;

use newsmill_model::EntityType;

use crate::lexicon::{self, Frame};
use crate::{Agr, CueTok, Doc, Found, Range2, Who};

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
                && !self.word(i).starts_with("котор")
                && !self.reads_as(i, &[Pos::Verb, Pos::Prep, Pos::Conj, Pos::Npro, Pos::Advb])
        };
        let mut start = end;
        while start > sent.start && end - start < MAX_PHRASE && phrase_word(start - 1) {
            start -= 1;
        }
        if start == end {
            return None;
        }
        // A person or an organisation inside is the other resolvers' to find; here only
        // common nouns, with the places they are of (`Европейские дипломаты`, `власти
        // Крыма`).
        if (start..end).any(|i| self.names_someone(i)) {
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

    /// The group phrase that is the subject of the cue when it follows the verb, which closes
    /// its clause (`…, сообщил коронер.`, `…, полагают собеседники издания.`, `…, рассказали
    /// RT профильные специалисты.`, `Теперь, как пишут СМИ, …`): past an outlet the words are
    /// told to, a noun for people, a body of them or the press, with adjectives before it and
    /// genitives after, in the nominative agreeing with the verb, and then a punctuation
    /// mark. A verb that takes its content as an object (`обвинили власти в …`) is not
    /// read this way: the noun after it is the object.
    pub(crate) fn group_after(&self, cue: CueTok, agr: Agr) -> Option<Range2> {
        if lexicon::ru_cue(cue.lemma).is_some_and(|(_, frame)| frame == Frame::Object) {
            return None;
        }
        let sent = self.sents[self.sent_of[cue.first]].clone();
        let mut i = cue.last;
        // `рассказал RT`, `сообщили ТАСС`: the outlet told, right at the verb.
        if let Some(m) = self.mention_at.get(i).copied().flatten() {
            let outlet = self.entities[self.mentions[m].entity].kind == EntityType::Org;
            if !outlet {
                return None;
            }
            i = self.mentions[m].last;
        }
        let start = i;
        let i = self.adjectives_end(i, sent.end);
        // (A capital is a name the entity layer missed, not a group.)
        let noun = i < sent.end
            && ((self.toks[i].lowercase(self.text) && self.group_noun(i, Some(agr)))
                || self.press_noun(i, agr));
        if !noun {
            return None;
        }
        if self.names_someone(i) {
            return None;
        }
        let i = self.dependents_end(i + 1, start + MAX_PHRASE);
        // The clause closes after the phrase, or after a place or a setting of no verb
        // (`источник RT в Генштабе.`, `заявил эксперт в беседе с RT.`).
        let closes = |j: usize| self.phrase_closes(j, sent.end) || self.toks[j].kind == Kind::Dash;
        let setting = i < sent.end && self.reads_as(i, &[Pos::Prep]) && {
            let end = (i + 1..sent.end.min(i + 1 + MAX_PHRASE))
                .find(|&j| closes(j) || self.toks[j].kind == Kind::Quote || self.verb(j));
            end.is_some_and(|j| closes(j) && !self.verb(j))
        };
        (closes(i) || setting).then_some(Range2 { start, end: i })
    }

    /// A document as its own speaker: the last token of `span`, its noun (`документе`,
    /// `петиции`), named by the noun's dictionary form (`документ`), which is how the
    /// guideline names a document that speaks (`в ордере сообщается`).
    pub(crate) fn document_speaker(&self, span: Range2) -> Option<(Option<usize>, Range2, String)> {
        let noun = span.end.checked_sub(1).filter(|&i| i >= span.start)?;
        let lemma = morph()
            .analyze_shared(self.word(noun))
            .iter()
            .find(|p| p.tag.pos == Pos::Noun)?
            .lemma
            .clone();
        let span = Range2 {
            start: noun,
            end: noun + 1,
        };
        Some((None, span, lemma))
    }

    /// The group a report phrase names in the genitive (`По данным следствия`, `по словам
    /// собеседников агентства`, `по мнению аналитиков`), up to the comma or the sentence end,
    /// with its normal form in the nominative (`следствие`, `собеседники агентства`).
    pub(crate) fn group_in_report(&self, cue: CueTok) -> Option<(Range2, String)> {
        let sent = self.sents[self.sent_of[cue.first]].clone();
        let start = cue.last;
        let head = self.adjectives_end(start, sent.end);
        let genitive_people = |p: &newsmill_nlp::morph::Parse| {
            p.tag.pos == Pos::Noun
                && p.tag.case == Some(Case::Gent)
                && (p.tag.has(flag::ANIM) || lexicon::speaks_though_inanimate(&p.lemma))
                && !p.tag.has(flag::NAME | flag::SURN | flag::PATR)
        };
        let parses = (head < sent.end && self.toks[head].lowercase(self.text))
            .then(|| morph().analyze_shared(self.word(head)))?;
        parses.iter().find(|p| genitive_people(p))?;
        if self.names_someone(head) {
            return None;
        }
        let i = self.dependents_end(head + 1, start + MAX_PHRASE);
        if !self.phrase_closes(i, sent.end) {
            return None;
        }
        let norm = self.nominative_phrase(start, head, i, Some(Case::Gent))?;
        Some((Range2 { start, end: i }, norm))
    }

    /// The phrase `start..end` around its head noun in the nominative: the head and the
    /// adjectives before it inflected (of the head's number and gender), its dependents as
    /// written (`независимых экспертов` → `независимые эксперты`, `владельца летной школы`
    /// → `владелец летной школы`).
    /// `case` is the case the phrase stands in, where known.
    pub(crate) fn nominative_phrase(
        &self,
        start: usize,
        head: usize,
        end: usize,
        case: Option<Case>,
    ) -> Option<String> {
        let parse = self.person_parse(head, case)?;
        let mut words = Vec::new();
        for j in start..head {
            let adjective = morph()
                .analyze_shared(self.word(j))
                .iter()
                .find(|p| p.tag.case == parse.tag.case && p.tag.number == parse.tag.number)
                .and_then(|p| p.inflect(Case::Nomn, parse.tag.gender));
            words.push(adjective.unwrap_or_else(|| self.word(j).to_owned()));
        }
        let head_form = match case {
            Some(_) => parse.inflect(Case::Nomn, None),
            None if parse.tag.case == Some(Case::Nomn) => {
                Some(self.slice(head, head + 1).to_owned())
            }
            None => parse.inflect(Case::Nomn, None),
        };
        words.push(head_form?);
        words.extend((head + 1..end).map(|j| self.slice(j, j + 1).to_owned()));
        Some(words.join(" "))
    }

    /// A title the text names no one by, as written (`— цитирует политика ТАСС`,
    /// `неназванный представитель министерства`): the role's span with the adjectives
    /// before it, and its nominative.
    pub(crate) fn role_as_written(&self, span: Range2) -> (Range2, String) {
        let sent = self.sents[self.sent_of[span.start]].clone();
        let mut start = span.start;
        while start > sent.start
            && span.start - start < 2
            && self.adjective(start - 1)
            && self.toks[start - 1].lowercase(self.text)
        {
            start -= 1;
        }
        let end = self.dependents_end(span.end, span.start + MAX_PHRASE);
        let norm = self
            .nominative_phrase(start, span.start, end, None)
            .unwrap_or_else(|| self.slice(start, end).to_owned());
        (Range2 { start, end }, norm)
    }

    /// Where the run of lower-case adjectives from token `i` ends, not past `end`
    /// (`профильные специалисты`, `независимых экспертов`).
    fn adjectives_end(&self, mut i: usize, end: usize) -> usize {
        while i < end && self.adjective(i) && self.toks[i].lowercase(self.text) {
            i += 1;
        }
        i
    }

    /// Whether a phrase ending before token `j` closes its clause there: the sentence ends
    /// (`end`), or a stop or a clause mark follows.
    fn phrase_closes(&self, j: usize, end: usize) -> bool {
        j == end
            || self.toks[j].kind == Kind::Terminal
            || matches!(self.word(j), "," | ";" | ":" | ")")
    }

    /// Where the dependents after a head noun end, from token `i` (the one after the head)
    /// and not past `limit` or the sentence: genitives (`собеседники издания`, `власти
    /// Крыма`, `владелец летной школы`) and mentions of whom the phrase is of (`источник
    /// RT`, `адвокаты Мэннинг`).
    fn dependents_end(&self, mut i: usize, limit: usize) -> usize {
        let end = self.sents[self.sent_of[i.saturating_sub(1)]].end.min(limit);
        while i < end {
            if let Some(m) = self.mention_at[i] {
                i = self.mentions[m].last;
            } else if self.toks[i].kind == Kind::Word
                && !self.reads_as(i, &[Pos::Prep, Pos::Conj])
                && (self.noun_in(i, Case::Gent) || self.adjective(i))
            {
                i += 1;
            } else {
                break;
            }
        }
        i
    }

    /// The reading of noun `i` a speaker phrase is read by: in `case` when given, a person's
    /// before a thing's (`политика` is a politician before it is politics), a nominative
    /// before another case.
    fn person_parse(&self, i: usize, case: Option<Case>) -> Option<newsmill_nlp::morph::Parse> {
        let parses = morph().analyze_shared(self.word(i));
        parses
            .iter()
            .filter(|p| p.tag.pos == Pos::Noun && case.is_none_or(|c| p.tag.case == Some(c)))
            .max_by_key(|p| (p.tag.has(flag::ANIM), p.tag.case == Some(Case::Nomn)))
            .cloned()
    }

    /// Whether `who` is an outlet named right after the cue (`рассказали RT`, `сообщил ТАСС`)
    /// with a group after it that is the verb's subject: the outlet is told the words.
    pub(crate) fn told_outlet(&self, f: &Found, who: Who) -> bool {
        let (Who::Mention(span, _), Some(cue)) = (who, f.cue) else {
            return false;
        };
        span.start == cue.last
            && self
                .group_after(cue, f.agr)
                .is_some_and(|g| g.start >= span.end)
    }

    /// Whether token `i` lies in a mention of a person or an organisation (a place is a
    /// group's attribute: `российские дипломаты`).
    fn names_someone(&self, i: usize) -> bool {
        self.entity_at(i)
            .is_some_and(|e| self.entities[e].kind != EntityType::Loc)
    }

    /// Whether token `i` is `СМИ` or a plural outlet noun agreeing with `agr` (`пишут
    /// издания`): the press as a group.
    fn press_noun(&self, i: usize, agr: Agr) -> bool {
        if self.word(i) == "сми" {
            return matches!(agr, Agr::Plur | Agr::Any);
        }
        agr == Agr::Plur
            && morph().analyze_shared(self.word(i)).iter().any(|p| {
                lexicon::is_media_noun(&p.lemma)
                    && p.tag.case == Some(Case::Nomn)
                    && p.tag.number == Some(Number::Plur)
            })
    }

    /// Whether token `i` is a common noun for a person in `case` (`политика`, `очевидца`):
    /// whom an outlet quotes when it names no one (`цитирует ТАСС политика`).
    pub(crate) fn person_noun_in(&self, i: usize, case: Case) -> bool {
        morph().analyze_shared(self.word(i)).iter().any(|p| {
            p.tag.pos == Pos::Noun
                && p.tag.case == Some(case)
                && p.tag.has(flag::ANIM)
                && !p.tag.has(flag::NAME | flag::SURN | flag::PATR)
        })
    }

    /// Whether token `i` is a noun for people or a body of them (animate, or one of the
    /// bodies that speak though grammar counts them inanimate: `власти`, `руководство`), in
    /// the nominative agreeing with `agr` when given.
    fn group_noun(&self, i: usize, agr: Option<Agr>) -> bool {
        morph().analyze_shared(self.word(i)).iter().any(|p| {
            let people = p.tag.pos == Pos::Noun
                && (p.tag.has(flag::ANIM)
                    || lexicon::speaks_though_inanimate(&p.lemma)
                    || lexicon::is_anonymous_source(&p.lemma))
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
    /// `quote` is the quote the role attributes.
    pub(crate) fn role_person(
        &self,
        span: Range2,
        quote: &Found,
        found: &[Found],
        speakers: &[Option<(Option<usize>, Range2, String)>],
    ) -> Option<usize> {
        let agr = quote.agr;
        if span.end - span.start != 1 || agr == Agr::Plur {
            return None;
        }
        // A person's title in the singular, as subject or in a report phrase (`Эксперт`, `по
        // словам юриста`), not a body (`партия`), nor someone else's (`Его работодатель`).
        let singular = morph()
            .analyze_shared(self.word(span.start))
            .iter()
            .any(|p| {
                p.tag.pos == Pos::Noun
                    && p.tag.has(flag::ANIM)
                    && p.tag.number == Some(Number::Sing)
                    && matches!(p.tag.case, Some(Case::Nomn | Case::Gent))
            });
        let owned = span.start > 0 && self.is(span.start - 1, &["его", "её", "ее", "их"]);
        if !singular || owned {
            return None;
        }
        let para = self.para_of[span.start];
        let (last, e) = found
            .iter()
            .zip(speakers)
            .rev()
            .take_while(|(f, _)| self.para_of[f.content.start] + ROLE_REACH >= para)
            .find_map(|(f, s)| s.as_ref().and_then(|(e, _, _)| e.map(|e| (f, e))))?;
        // Another person named since (`Вандерсон усилил игру … футболист отметил`) may be the
        // one meant: then the role stays as written. Persons named inside quoted words
        // (`«Тот же Сорос …», — утверждает эксперт`) are talked about, not speaking.
        let since = last.content.end.min(span.start)..span.start;
        let quoted =
            |i: usize| quote.content.contains(&i) || found.iter().any(|f| f.content.contains(&i));
        // (The mention first: most tokens are none, and `quoted` scans the quotes.)
        let other = since.into_iter().any(|i| {
            self.mention_at[i].is_some_and(|m| {
                let x = self.mentions[m].entity;
                x != e && self.entities[x].kind == EntityType::Per
            }) && !quoted(i)
        });
        (!other && self.entities[e].kind == EntityType::Per && self.gender_ok(e, agr)).then_some(e)
    }
}
