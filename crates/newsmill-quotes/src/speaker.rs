//! Speakers: who an attribution names, and whom a pronoun, a role or an anaphoric noun stands
//! for; then the record's quotes.
use std::ops::Range;

use newsmill_model::{Cue, EntityType, Quote, Speaker};
use newsmill_nlp::morph::{flag, morph, Case, Gender, Number, Pos};
use newsmill_nlp::token::{acronym_stem, Kind};

use crate::lexicon::{self, PronounKind};
use crate::{Agr, CueTok, Doc, Found, Frame, MentionTok, Range2, Who};

/// How far back (in mentions, or in quotes) an antecedent is looked for.
const LOOKBACK: usize = 200;

impl<'a> Doc<'a> {
    /// The speaker of a cue: its subject before it, else whoever follows it, within `zone`.
    pub(crate) fn who_near(&self, cue: CueTok, zone: Range<usize>, agr: Agr) -> Option<Who> {
        let before = zone.start..cue.first.max(zone.start);
        if lexicon::is_citation(cue.lemma) {
            return Some(self.quoted_one(before, cue.last.min(zone.end)..zone.end));
        }
        // `Суд отклонил довод Магуайр, отметив, что …`: a gerund's subject opens the clause.
        if cue.gerund {
            // `…, а депутат Хинштейн назвал его «вруном», заявив, что …`: the subject of the
            // clause the gerund hangs on, after the last `, а` / `, но` / `, и`.
            let clause_start = before
                .clone()
                .rev()
                .find(|&j| {
                    j + 1 < before.end
                        && self.word(j) == ","
                        && self.is(j + 1, &["а", "но", "и", "однако"])
                })
                .map_or(before.start, |j| j + 2);
            if let Some(who) = self.clause_subject(clause_start..before.end) {
                return Some(who);
            }
        }
        // `Каспаров, который закончил карьеру, отказался назвать фаворита в матче Топалов —
        // Крамник, но сказал: …`: a verb right after `, но` / `, а` / `, и` (adverbs aside)
        // has no subject of its own and shares the clause's before it; the names between are
        // objects.
        if !cue.gerund {
            let mut j = cue.first;
            while j > before.start && self.adverb(j - 1) {
                j -= 1;
            }
            if j >= before.start + 2
                && self.is(j - 1, &["но", "а", "и", "однако"])
                && self.word(j - 2) == ","
            {
                // The clause runs from the sentence's start (past the attribution window,
                // unless quoted words stand between), and its subject stands before its first
                // verb (`Политик заявил, что … Сальвини осудили …, однако напомнил`).
                let sentence = self.sents[self.sent_of[cue.first]].start;
                let unquoted = (sentence..j - 2).all(|k| self.toks[k].kind != Kind::Quote);
                let from = if unquoted {
                    sentence.min(before.start)
                } else {
                    before.start
                };
                let first_verb = (from..j - 2)
                    .find(|&k| self.verb(k))
                    .map_or(j - 2, |k| k + 1);
                if let Some(who) = self.clause_subject(from..first_verb) {
                    return Some(who);
                }
            }
        }
        // `…: дороги перекрыты, жителей просят не выходить`: a plural verb right after its
        // object, with no subject in its own clause, speaks for nobody named; the names of
        // the clauses before it are theirs.
        let before = if agr == Agr::Plur
            && cue.first > before.start
            && self.oblique_common_noun(cue.first - 1)
        {
            let clause = (before.start..cue.first)
                .rev()
                .find(|&j| matches!(self.word(j), "," | ":" | ";"))
                .map_or(before.start, |j| j + 1);
            clause..before.end
        } else {
            before
        };
        let after = cue.last.min(zone.end)..zone.end;
        // The nearest candidate on each side; the subject before the verb wins when both exist
        // and it is adjacent, else the nearer one.
        let b = self.scan(before.clone(), true, agr);
        let a = self.scan(after.clone(), false, agr);
        match (b, a) {
            (Some(b), None) => Some(b),
            (None, Some(a)) => Some(a),
            (None, None) => None,
            (Some(b), Some(a)) => {
                let db = cue.first - self.who_end(&b).min(cue.first);
                let da = self.who_start(&a).saturating_sub(cue.last);
                Some(if db <= da + 1 { b } else { a })
            }
        }
    }

    /// Whom an outlet quotes (`— цитирует РБК белорусского лидера`, `цитирует слова
    /// Армстронга газета`, `слова Виноградова цитирует ТАСС`): the person named after the
    /// verb, else a title after it, else the person named before it. The outlet only passes
    /// the words on, so with nobody named the speaker is unknown.
    fn quoted_one(&self, before: Range<usize>, after: Range<usize>) -> Who {
        let person = |r: Range<usize>| -> Option<usize> {
            r.into_iter().find_map(|i| {
                let m = self.mention_at[i]?;
                (self.entities[self.mentions[m].entity].kind == EntityType::Per).then_some(m)
            })
        };
        if let Some(m) = person(after.clone()) {
            return self.whole_mention(m);
        }
        let title = after.clone().find(|&i| {
            self.mention_at[i].is_none()
                && self.toks[i].lowercase(self.text)
                && (self.role_noun(i, Some(Case::Accs)) || self.role_noun(i, Some(Case::Gent)))
        });
        if let Some(i) = title {
            return Who::Role(Range2 {
                start: i,
                end: i + 1,
            });
        }
        person(before).map_or(Who::Anonymous, |m| self.whole_mention(m))
    }

    /// The first thing in `zone` that can be a subject: a nominative mention not after a
    /// preposition, a personal pronoun, or a person named only by a noun before the verb.
    pub(crate) fn clause_subject(&self, zone: Range<usize>) -> Option<Who> {
        let mut verb_seen = false;
        for i in zone.clone() {
            // `Папа подчеркнул универсальность Католической церкви, напомнив …`: a title before
            // the one verb the gerund hangs on is its subject, and the organisation after the
            // verb is not; whom the title stands for is the role's question. (`Министр спорта
            // РФ Павел Колобков предложил` names him before the verb.)
            if !verb_seen && self.mention_at[i].is_none() && self.role_noun(i, Some(Case::Nomn)) {
                let verbs: Vec<usize> = (i + 1..zone.end).filter(|&j| self.verb(j)).collect();
                if let [verb] = verbs[..] {
                    // (Organisations and places between are the title's dependents:
                    // `Председатель правительства пообещал`.)
                    let person_between = (i + 1..verb).any(|j| {
                        self.mention_at[j].is_some_and(|m| {
                            self.entities[self.mentions[m].entity].kind == EntityType::Per
                        })
                    });
                    if !person_between {
                        return Some(Who::Role(Range2 {
                            start: i,
                            end: i + 1,
                        }));
                    }
                }
            }
            verb_seen |= self.verb(i);
            if let Some(m) = self.mention_at[i] {
                let mt = &self.mentions[m];
                // `В интервью журналу Wired`, `Министр спорта РФ`: a name that hangs on a noun
                // in another case than the nominative is not the subject (but `В январе Барак
                // Обама` starts a new phrase after the preposition's).
                // (`чемпион мира Гарри Каспаров`: the genitive hangs on a title in the
                // nominative, which the person's name stands beside; `Министр спорта РФ` keeps
                // the country in the genitive's phrase.)
                // (`в 2011 году Бардо`: a number may stand between the preposition and its
                // noun.)
                let person = self.entities[self.mentions[m].entity].kind == EntityType::Per;
                let governor = if i > zone.start + 2 && self.toks[i - 2].kind == Kind::Number {
                    i - 3
                } else {
                    i.saturating_sub(2)
                };
                let apposition = i > zone.start + 1
                    && self.oblique_common_noun(i - 1)
                    && !(person && self.role_noun(i - 2, Some(Case::Nomn)))
                    && !morph()
                        .analyze_shared(self.word(governor))
                        .iter()
                        .any(|p| p.tag.pos == Pos::Prep);
                if mt.first == i && mt.last <= zone.end && !apposition {
                    if let Some(span) = self.subject_span(mt, Agr::Any, false) {
                        if span.start == mt.first {
                            return Some(Who::Mention(span, m));
                        }
                    }
                }
            } else if let Some(p) = lexicon::pronoun(self.word(i)) {
                if self.nominative_pronoun(self.word(i)) {
                    return Some(Who::Pronoun(i, p));
                }
            }
        }
        None
    }

    /// The speaker within `zone`, nearest its start (after a cue) or end (before one).
    pub(crate) fn who_in(&self, zone: Range<usize>, agr: Agr, genitive: bool) -> Option<Who> {
        if genitive {
            return self.scan_genitive(zone);
        }
        self.scan(zone, false, agr)
    }

    pub(crate) fn who_start(&self, w: &Who) -> usize {
        match *w {
            Who::Mention(r, _)
            | Who::OrgAnaphor(r)
            | Who::Name(r)
            | Who::Role(r)
            | Who::Statement(r) => r.start,
            Who::Pronoun(t, _) | Who::Elided(t) => t,
            Who::Anonymous => usize::MAX,
        }
    }

    pub(crate) fn who_end(&self, w: &Who) -> usize {
        match *w {
            Who::Mention(r, _)
            | Who::OrgAnaphor(r)
            | Who::Name(r)
            | Who::Role(r)
            | Who::Statement(r) => r.end,
            Who::Pronoun(t, _) | Who::Elided(t) => t + 1,
            Who::Anonymous => 0,
        }
    }

    /// Speaker candidates in `zone`, scanned outward from the cue (backward when `backward`):
    /// a pronoun, an unnamed source or a relative pronoun when it comes first; else the first
    /// person; else a role named by its place; else the first organisation or place.
    pub(crate) fn scan(&self, zone: Range<usize>, backward: bool, agr: Agr) -> Option<Who> {
        let order: Box<dyn Iterator<Item = usize>> = if backward {
            Box::new(zone.clone().rev())
        } else {
            Box::new(zone.clone())
        };
        let mut first_other: Option<Who> = None;
        let mut first_role: Option<Who> = None;
        let mut seen_any = false;
        let mut skip_to: Option<usize> = None;
        for i in order {
            if let Some(s) = skip_to {
                if (backward && i >= s) || (!backward && i < s) {
                    continue;
                }
                skip_to = None;
            }
            // `Правительство считает Савченко политзаключенной, а Вашингтон называет`: a
            // subject found in this clause is the verb's; a person in the clause before is not.
            if backward
                && first_other.is_some()
                && self.word(i) == ","
                && self.is(i + 1, &["а", "но", "однако"])
            {
                break;
            }
            // `Владимир Путин, в пресс-службе которого сообщили`: the voice of the one the
            // relative pronoun stands for, named right before the clause's comma.
            if backward
                && i > zone.start + 1
                && self.is(i, &["которого", "которой", "которых"])
                && self.voice_noun(i - 1, None)
            {
                let comma = (zone.start..i - 1)
                    .rev()
                    .take(3)
                    .find(|&j| self.word(j) == ",");
                if let Some(m) = comma
                    .and_then(|c| c.checked_sub(1))
                    .and_then(|k| self.mention_at[k])
                {
                    return Some(self.whole_mention(m));
                }
            }
            // `Марина Миронова (мать 16-летнего парня) также сообщила`: a gloss in brackets
            // describes the name before it and holds no subject.
            if backward && self.word(i) == ")" {
                if let Some(open) = (zone.start..i).rev().find(|&j| self.word(j) == "(") {
                    skip_to = Some(open);
                    continue;
                }
            }
            if let Some(m) = self.mention_at[i] {
                let mt = &self.mentions[m];
                skip_to = Some(if backward { mt.first } else { mt.last });
                if !(zone.start <= mt.first && mt.last <= zone.end) {
                    continue;
                }
                let kind = self.entities[mt.entity].kind;
                // `Джон Стэйнтон (John Stainton) сказал`: the gloss in brackets is not the subject.
                if mt.first > 0 && self.word(mt.first - 1) == "(" {
                    continue;
                }
                // `Индийские полицейские`: an adjective names a place, not the speaker.
                if mt.last - mt.first == 1 && self.adjective(mt.first) {
                    continue;
                }
                // `Несколько членов ЕС выразили`: some of its members are not the union.
                if backward && kind != EntityType::Per && self.some_members_of(mt.first) {
                    return Some(Who::Anonymous);
                }
                // `назвал ответ на «Закон Магнитского» … и предложил`: a name inside a title
                // in quotation marks is no subject.
                if self.entities[mt.entity].kind == EntityType::Per
                    && self.in_title(mt.first, mt.last)
                {
                    continue;
                }
                let adjacent = backward && zone.end <= mt.last + 1;
                // `пояснили "Ъ" в Минэнерго`: the outlet told is no speaker when the
                // institution follows it.
                if !backward && agr == Agr::Plur {
                    let mut after = mt.last;
                    while self.toks.get(after).is_some_and(|t| t.kind == Kind::Quote) {
                        after += 1;
                    }
                    if self.is(after, &["в", "во"]) && self.addressee_after_cue(after) {
                        continue;
                    }
                }
                // `Как рассказал "Ъ" источник в правительстве`: an organisation right after the
                // cue and before a nominative noun phrase is told, not telling.
                if !backward && kind != EntityType::Per {
                    let k = self.back_past_quotes(mt.first);
                    let mut after = mt.last;
                    while self.toks.get(after).is_some_and(|t| t.kind == Kind::Quote) {
                        after += 1;
                    }
                    let told = k > 0
                        && self.cue(k - 1).is_some()
                        && after < zone.end
                        && self.mention_at[after].is_none()
                        && self.toks[after].lowercase(self.text)
                        && (self.anonymous_source(after)
                            || self.role_noun(after, Some(Case::Nomn))
                            || self.person_noun(after)
                            || self.is(after, &["один", "одна", "некий", "некая"]));
                    if told {
                        continue;
                    }
                }
                // `журналистам ИА Красная Весна сообщили`: a name hanging on a noun in the
                // dative is the addressee's.
                if backward && self.after_dative_noun(mt.first, zone.start) {
                    continue;
                }
                // `В уфимской мэрии "Ъ" сообщили`: an outlet between the institution and the
                // verb is told, not telling.
                if backward && kind == EntityType::Org && self.told_outlet_before_cue(mt, zone.end)
                {
                    continue;
                }
                if kind != EntityType::Per {
                    if let Some(role) = self.role_before(mt).filter(|r| {
                        // (`Отставку главы ГРУ "Коммерсантъ" объяснил`: a title that is no
                        // singular nominative is no subject of a singular verb.)
                        matches!(agr, Agr::Plur | Agr::Any)
                            || morph().analyze_shared(self.word(r.start)).iter().any(|p| {
                                p.tag.case == Some(Case::Nomn) && p.tag.number == Some(Number::Sing)
                            })
                    }) {
                        first_role.get_or_insert(Who::Role(role));
                        seen_any = true;
                        continue;
                    }
                }
                // `Пресс-агент Гибсона подтвердил`, `Представитель Эрдогана назвал`: a person
                // speaks through his spokesman as an organisation does.
                // So does one whose gender the verb's does not match (`Представитель Лопес
                // сообщил`: Дженнифер Лопес's spokesman, not a spokesman named Лопес).
                if kind == EntityType::Per
                    && mt.first > zone.start
                    && self.voice_noun(mt.first - 1, Some(Case::Nomn))
                    && (!self.mention_nominative(mt) || !self.gender_ok(mt.entity, agr))
                {
                    let span = Range2 {
                        start: mt.first - 1,
                        end: mt.last,
                    };
                    return Some(Who::Mention(span, m));
                }
                // `сообщает куратор музея По в Балтиморе Джефф Джером`: after a title, a
                // one-word name that reads the same in every case, after a noun in an oblique
                // case, depends on that noun.
                if kind == EntityType::Per
                    && !backward
                    && first_role.is_some()
                    && mt.last - mt.first == 1
                    && mt.first > zone.start
                    && self.oblique_common_noun(mt.first - 1)
                    && !self.visibly_nominative(mt.first)
                {
                    continue;
                }
                let Some(span) = self.subject_span(mt, agr, adjacent) else {
                    continue;
                };
                if kind == EntityType::Per {
                    if !self.gender_ok(mt.entity, agr) {
                        continue;
                    }
                    // `Врачи, лечащие Гиффордс, говорят`: one person is no subject of a plural
                    // verb, unless joined with another (`Иванов и Петров заявили`).
                    if agr == Agr::Plur && !self.coordinated(mt) {
                        continue;
                    }
                    // `Отец Сингха заявил`: the speaker is the unnamed relative (but `брат
                    // Пётр сказал` names him).
                    if mt.first > 0
                        && self.relative_noun(mt.first - 1)
                        && !seen_any
                        && !self.known_first_name(mt.first)
                    {
                        return Some(Who::Anonymous);
                    }
                    return Some(Who::Mention(span, m));
                }
                seen_any = true;
                first_other.get_or_insert(Who::Mention(span, m));
                continue;
            }
            let w = self.word(i);
            // `…, на что тот ответил`: a demonstrative right at the verb.
            if backward && !seen_any && i + 1 == zone.end && matches!(w, "тот" | "та") {
                let kind = if w == "тот" {
                    PronounKind::Masc
                } else {
                    PronounKind::Femn
                };
                return Some(Who::Pronoun(i, kind));
            }
            if let Some(p) = lexicon::pronoun(w) {
                if !seen_any && self.nominative_pronoun(w) {
                    return Some(Who::Pronoun(i, p));
                }
                continue;
            }
            // `стрелок Стивен Пэддок, которого ИГ называет «…»`: a relative pronoun as the
            // object opens the clause the verb is in; the subject seen inside it is the
            // verb's, not the person the pronoun stands for. (`письмо, в котором заявил` and
            // `знакомой, которую попросил` have no subject inside; the scan goes on.)
            if backward
                && matches!(w, "которого" | "которую" | "которых")
                && (first_role.is_some() || first_other.is_some())
                && !(i > zone.start && self.lower_preposition(i - 1))
                && !(i..zone.end).any(|j| matches!(self.word(j), "," | ")"))
            {
                return first_role.or(first_other);
            }
            // `Петер, которого пресса называет «…»`: with a common noun for its subject, the
            // clause names nobody, and the person it hangs on is its object.
            if backward
                && matches!(w, "которого" | "которую" | "которых")
                && !(i > zone.start && self.lower_preposition(i - 1))
                && !(i..zone.end).any(|j| matches!(self.word(j), "," | ")"))
                && (i + 1..zone.end).any(|j| {
                    self.mention_at[j].is_none()
                        && self.toks[j].lowercase(self.text)
                        && self.noun_in(j, Case::Nomn)
                })
            {
                return Some(Who::Anonymous);
            }
            // (A relative clause closed before the cue is only passed over.)
            if backward
                && !seen_any
                && matches!(w, "который" | "которая" | "которые" | "которое")
                && !(i..zone.end).any(|j| matches!(self.word(j), "," | ")"))
            {
                // `представителя правительства, который заявил`: whoever the clause hangs on.
                let antecedent = i
                    .checked_sub(2)
                    .filter(|&j| self.word(j + 1) == ",")
                    .and_then(|j| self.mention_at[j])
                    .filter(|&m| self.entities[self.mentions[m].entity].kind == EntityType::Per);
                return Some(antecedent.map_or(Who::Anonymous, |m| self.whole_mention(m)));
            }
            if self.toks[i].kind != Kind::Word {
                continue;
            }
            if !self.cyrillic(i) {
                if !seen_any && lexicon::is_anonymous_source(w) {
                    return Some(Who::Anonymous);
                }
                if w == "the" {
                    continue;
                }
                // An English capitalised name the entity layer did not tag.
                let first_char = self.toks[i].text(self.text).chars().next();
                if first_char.is_some_and(char::is_uppercase) && first_other.is_none() {
                    let mut a = i;
                    while a > zone.start && self.capitalised_latin(a - 1) {
                        a -= 1;
                    }
                    let b = self.latin_run_end(i, zone.end);
                    // In a Russian text, a Latin name right at the cue (`Mash пишет`,
                    // `сообщает Bloomberg`) is its subject though the entity layer missed it.
                    let at_cue = if backward {
                        b == zone.end
                    } else {
                        a == zone.start
                    };
                    // (`в своём Telegram-канале сказал`: a Russian word built on a Latin one, or
                    // a word after a preposition, is where one speaks.)
                    let russian_word =
                        (a..b).any(|j| self.word(j).chars().any(|c| matches!(c, 'а'..='я' | 'ё')));
                    let governed = a > 0
                        && (self.lower_preposition(a - 1)
                            || morph()
                                .analyze_shared(self.word(a - 1))
                                .iter()
                                .any(|p| p.lemma == "свой"));
                    if self.entities.is_empty()
                        || (at_cue && !seen_any && !russian_word && !governed)
                    {
                        return Some(Who::Name(Range2 { start: a, end: b }));
                    }
                }
                continue;
            }
            // `В заявлении корпорации говорится`, `— говорится в заявлении телекомпании`: the
            // statement's author, named or by an institution noun.
            // (`В поздравительной телеграмме Президента`: past an adjective.)
            let after_in = |i: usize| {
                (i > zone.start && self.is(i - 1, &["в", "во"]))
                    || (i > zone.start + 1 && self.adjective(i - 1) && self.is(i - 2, &["в", "во"]))
            };
            if !seen_any && i + 1 < zone.end && after_in(i) && self.statement_noun(i) {
                // (`В сообщении «Милана»`: past the quotation mark.)
                let mut next = i + 1;
                while next + 1 < zone.end && self.toks[next].kind == Kind::Quote {
                    next += 1;
                }
                if let Some(m) = self.mention_at[next] {
                    let mt = &self.mentions[m];
                    if mt.first == next && self.entities[mt.entity].kind != EntityType::Loc {
                        return Some(Who::Mention(
                            Range2 {
                                start: mt.first,
                                end: mt.last.min(zone.end),
                            },
                            m,
                        ));
                    }
                } else if self.media_noun(next) || self.org_noun_genitive(next) {
                    return Some(Who::OrgAnaphor(Range2 {
                        start: next,
                        end: next + 1,
                    }));
                } else if self.role_noun(next, Some(Case::Gent)) {
                    // `В заявлении президента говорится`: the president named before.
                    return Some(Who::Role(Range2 {
                        start: next,
                        end: next + 1,
                    }));
                }
            }
            // `— отмечается в его телеграмме`: the statement of whom the possessive stands for.
            if !seen_any
                && i > zone.start + 1
                && self.is(i - 2, &["в", "во"])
                && self.statement_noun(i)
            {
                if let Some(p) = lexicon::pronoun(self.word(i - 1)) {
                    return Some(Who::Pronoun(i - 1, p));
                }
            }
            // `«…», — говорится в сообщении.`: the same after the cue, when no author
            // follows the noun.
            if !backward
                && i == zone.start
                && self.is(i, &["в", "во"])
                && i + 1 < zone.end
                && self.statement_noun(i + 1)
                && (i + 2 >= zone.end || self.mention_at[i + 2].is_none())
                && (i + 2 >= zone.end || matches!(self.word(i + 2), "." | "!" | "?" | ";"))
            {
                return Some(Who::Statement(Range2 {
                    start: i,
                    end: i + 2,
                }));
            }
            // `В сообщении (также) говорится, что …`: the statement quoted before.
            if backward
                && !seen_any
                && (i + 1 == zone.end || (i + 2 == zone.end && self.word(i + 1) == "также"))
                && i > zone.start
                && self.is(i - 1, &["в", "во"])
                && self.statement_noun(i)
            {
                return Some(Who::Statement(Range2 {
                    start: i - 1,
                    end: i + 1,
                }));
            }
            let parses = morph().analyze_shared(w);
            let nominative_noun = parses
                .iter()
                .any(|p| p.tag.pos == Pos::Noun && matches!(p.tag.case, Some(Case::Nomn) | None));
            let locative_noun = parses
                .iter()
                .any(|p| p.tag.pos == Pos::Noun && p.tag.case == Some(Case::Loct));
            let lemma_is = |f: fn(&str) -> bool| parses.iter().any(|p| f(&p.lemma));
            // `Издание сообщило`, a bare `Пресс-служба отмечает`: the outlet or the
            // organisation named before (a voice noun with its organisation after it is read
            // with that organisation).
            let singular_nominative = || {
                parses
                    .iter()
                    .any(|p| p.tag.case == Some(Case::Nomn) && p.tag.number == Some(Number::Sing))
            };
            // (One outlet, in the nominative: `палестинские издания` are nobody.)
            let outlet = !lemma_is(lexicon::is_org_anaphor)
                && lemma_is(lexicon::is_media_noun)
                && singular_nominative()
                && !self.followed_by_latin_name(i)
                // After the verb only right at it (`отмечает издание`): further on, `продавать
                // журнал` is an object.
                && (backward || i <= zone.start + 1);
            // A voice noun stands for its organisation only as a sentence's bare subject
            // (`Пресс-служба отмечает`), not as `в пресс-службе` or `сотрудник пресс-службы`.
            let bare_subject = || self.opens_sentence(i) && singular_nominative();
            // After the verb, an institution noun is its subject only right at it (`сообщило
            // министерство`, `отметили в ведомстве`): further on, `отвечал на вопросы
            // агентства` is what the verb governs.
            let near_cue =
                backward || i <= zone.start + 1 || (locative_noun && self.preceded_by_v(i));
            // A court speaks as the verb's own subject (`Суд также счел`), not as the subject of
            // an earlier clause (`Суд приговорил …, однако защита утверждает`).
            let court_at_cue = || {
                !lemma_is(|l| l == "суд")
                    || (backward
                        && (i + 1..zone.end)
                            .all(|j| self.adverb(j) || self.is(j, &["также", "тоже", "же"])))
            };
            if (lemma_is(lexicon::is_org_anaphor) || outlet)
                && near_cue
                && court_at_cue()
                && (!lemma_is(lexicon::is_voice_of) || bare_subject())
                && (nominative_noun || (locative_noun && self.preceded_by_v(i)))
                && first_other.is_none()
                && !self.followed_by_mention(i)
            {
                let mut a = i;
                while a > zone.start
                    && morph()
                        .analyze_shared(self.word(a - 1))
                        .iter()
                        .any(|p| p.tag.pos == Pos::Adjf)
                {
                    a -= 1;
                }
                // `китайской компании`: adjectives that cannot be nominative (or locative after
                // `в`) show the noun is neither; it is no subject.
                let after_v = a > zone.start && self.is(a - 1, &["в", "во"]);
                let agreeing = (a..i).all(|j| {
                    morph().analyze_shared(self.word(j)).iter().any(|p| {
                        p.tag.pos == Pos::Adjf
                            && (p.tag.case == Some(Case::Nomn)
                                || (p.tag.case == Some(Case::Loct) && after_v))
                    })
                });
                if !agreeing {
                    continue;
                }
                if a > zone.start && self.is(a - 1, &["в", "во"]) {
                    a -= 1;
                }
                first_other = Some(Who::OrgAnaphor(Range2 {
                    start: a,
                    end: i + 1,
                }));
                seen_any = true;
                continue;
            }
            // `социал-демократы назвали`: the members of a party the text named speak for it.
            if !seen_any && first_role.is_none() && self.unnamed_people(i) {
                if let Some(m) = self.party_of_members(i) {
                    return Some(Who::Mention(
                        Range2 {
                            start: i,
                            end: i + 1,
                        },
                        m,
                    ));
                }
            }
            if !seen_any
                && first_role.is_none()
                && nominative_noun
                && (lemma_is(lexicon::is_anonymous_source)
                    // (`…, сообщили высокопоставленные лица в Берлине`: a group right after an
                    // inverted cue, past its adjectives; `представители прокуратуры` speak
                    // for the office.)
                    || ((backward
                        || (!self.voice_noun(i, None)
                            && (zone.start..i).all(|j| {
                                self.toks[j].lowercase(self.text) && self.adjective(j)
                            })))
                        && self.unnamed_people(i)
                        && !self.followed_by_mention(i)
                        // (`сменил на посту главы государства`: a noun that hangs on
                        // another or on a preposition is no subject.)
                        && !(i > zone.start
                            && (self.preposition(i - 1) || self.oblique_common_noun(i - 1)))))
                // (`СМИ со ссылкой на представителя полиции`: the source cited speaks.)
                && !(self.is(i + 1, &["со"]) && self.is(i + 2, &["ссылкой"]))
            {
                // `— заявил житель штата Массачусетс Джеймс Костелло`: the name the noun's
                // phrase ends in.
                let named = self.person_closing_phrase(i + 1, zone.end).filter(|&m| {
                    !backward
                        && lemma_is(lexicon::is_anonymous_source)
                        && self.mention_nominative(&self.mentions[m])
                });
                if let Some(m) = named {
                    return Some(self.whole_mention(m));
                }
                return Some(Who::Anonymous);
            }
            // `Источник "Ъ" в правительстве пояснил`: what was seen after the source noun only
            // qualifies it. (Experts of a laboratory speak for it; a source does not.)
            if backward
                && first_role.is_none()
                && nominative_noun
                && lemma_is(|l| matches!(l, "источник" | "собеседник"))
                && self.only_qualifiers(i + 1, zone.end)
            {
                return Some(Who::Anonymous);
            }
            // `81-летний актёр сообщил`, `Президент также заявил`: a person named earlier, by
            // what they are.
            if !seen_any
                && first_role.is_none()
                && self.person_noun(i)
                && !self.followed_by_mention(i)
            {
                // `Один агент сказал`, `некий чиновник`: someone the text does not name.
                let indefinite = i > zone.start
                    && matches!(
                        self.word(i - 1),
                        "один" | "одна" | "некий" | "некая" | "неназванный" | "неназванная"
                    );
                if indefinite {
                    return Some(Who::Anonymous);
                }
                if backward {
                    if let Some(named) = self.apposition_of(i, zone.clone(), agr) {
                        return Some(named);
                    }
                }
                let role = Who::Role(Range2 {
                    start: i,
                    end: i + 1,
                });
                if backward {
                    return Some(role);
                }
                first_role = Some(role);
            }
        }
        first_role.or(first_other)
    }

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
    fn party_of_members(&self, i: usize) -> Option<usize> {
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
    fn some_members_of(&self, i: usize) -> bool {
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

    /// Whether mention `mt` can be the subject of a speech verb, and the span that names the
    /// speaker: a nominative name (or one that does not decline), `В Кремле`/`в МИД России`
    /// right before a plural or impersonal verb, `пресс-служба МВД` by its voice noun.
    pub(crate) fn subject_span(&self, mt: &MentionTok, agr: Agr, adjacent: bool) -> Option<Range2> {
        let span = Range2 {
            start: mt.first,
            end: mt.last,
        };
        let kind = self.entities[mt.entity].kind;
        // `под Катынью` (NEREL tags such places with their preposition): no subject.
        if self.lower_preposition(mt.first) {
            return None;
        }
        if mt.first > 0 {
            let prev = mt.first - 1;
            // `Кадыров в своём Telegram-канале сказал`: a place where one speaks, not a speaker.
            let possessive = matches!(self.word(prev), "его" | "её" | "ее" | "их")
                || morph()
                    .analyze_shared(self.word(prev))
                    .iter()
                    .any(|p| p.lemma == "свой");
            if possessive
                && prev > 0
                && (self.is(prev - 1, &["в", "во", "на", "из", "по"]) || self.preposition(prev - 1))
            {
                return None;
            }
            // `— заявили в СБУ`, `сообщили в пресс-службе МВД`: an institution right after a
            // plural cue speaks through its people.
            let at = if prev > 0 && self.voice_noun(prev, Some(Case::Loct)) {
                prev - 1
            } else {
                prev
            };
            if kind != EntityType::Per
                && agr == Agr::Plur
                && at > 0
                && self.is(at, &["в", "во"])
                && (self.cue(at - 1).is_some() || self.addressee_after_cue(at))
            {
                return Some(Range2 {
                    start: at,
                    end: mt.last,
                });
            }
            if self.is(prev, &["в", "во"]) {
                // The institution opens its clause and its verb follows it.
                let sentence_start = self.sents[self.sent_of[prev]].start;
                // (`Источники в Кремле указывали`: a noun before `в` is the subject instead.)
                let noun_first = morph()
                    .analyze_shared(self.word(sentence_start))
                    .iter()
                    .any(|p| p.tag.pos == Pos::Noun);
                let clause_start = prev == sentence_start
                    || (prev == sentence_start + 1 && !noun_first)
                    || self.word(prev - 1) == ","
                    || self.adverb(prev - 1);
                // (`В SEC тем временем отмечают`: adverbs may stand between.)
                let mut next = mt.last;
                while next < mt.last + 3
                    && (self.adverb(next) || self.is(next, &["тем", "временем"]))
                {
                    next += 1;
                }
                let verb_next = adjacent || self.verb(next);
                return (kind != EntityType::Per
                    && clause_start
                    && verb_next
                    && matches!(agr, Agr::Plur | Agr::Any))
                .then_some(Range2 {
                    start: prev,
                    end: mt.last,
                });
            }
            if self.voice_noun(prev, Some(Case::Nomn)) && kind != EntityType::Per {
                return Some(Range2 {
                    start: prev,
                    end: mt.last,
                });
            }
            if self.preposition(prev) {
                return None;
            }
            // `Исламское государство через агентство Amaq назвало`: a name in apposition to a
            // noun governed by a preposition is the channel or the addressee, not the subject.
            if prev > 0
                && kind != EntityType::Per
                && self.is(
                    prev - 1,
                    &["через", "с", "со", "от", "для", "к", "ко", "у", "при"],
                )
                && self.common_noun(prev)
            {
                return None;
            }
            if self.is(prev, &["of", "to", "from", "with", "by", "for", "about"]) {
                return None;
            }
        }
        self.mention_nominative(mt).then_some(span)
    }

    /// The source cited by `со ссылкой на` in this sentence or the one before token `t`, when
    /// no person is named after it: `Some(Some(organisation))` for its spokesman
    /// (`представителя IKEA`), `Some(None)` for an unnamed source (`источник`), `None` when
    /// nothing was cited.
    pub(crate) fn cited_source(&self, t: usize, plural: bool) -> Option<Option<usize>> {
        let sent = self.sent_of[t];
        let from = self.sents[sent.saturating_sub(1)].start;
        let at = (from + 1..t)
            .rev()
            .find(|&j| self.word(j - 1) == "ссылкой" && self.word(j) == "на")?;
        // (Past adjectives: `на неназванных представителей`.)
        let mut noun = at + 1;
        while noun < t && self.mention_at[noun].is_none() && self.adjective(noun) {
            noun += 1;
        }
        let number = if plural { Number::Plur } else { Number::Sing };
        if noun >= t
            || !morph()
                .analyze_shared(self.word(noun))
                .iter()
                .any(|p| p.tag.pos == Pos::Noun && p.tag.number == Some(number))
            // (A person named beside the noun is the source; one at the end of a longer
            // phrase, `представителей администрации президента США Барака Обамы`, is not.)
            || (noun..t.min(noun + 4)).any(|j| {
                self.mention_at[j]
                    .is_some_and(|m| self.entities[self.mentions[m].entity].kind == EntityType::Per)
            })
        {
            return None;
        }
        if self.voice_noun(noun, None) {
            let org = self.entity_at(noun + 1);
            return Some(org.filter(|&e| self.entities[e].kind == EntityType::Org));
        }
        self.anonymous_source(noun).then_some(None)
    }

    /// Whether the tokens just before `at` are an outlet told something right after a cue
    /// (`пояснили "Ъ" в Минэнерго`, `сообщили ТАСС в пресс-службе`).
    pub(crate) fn addressee_after_cue(&self, at: usize) -> bool {
        let j = self.back_past_quotes(at);
        let Some(m) = j.checked_sub(1).and_then(|k| self.mention_at[k]) else {
            return false;
        };
        let k = self.back_past_quotes(self.mentions[m].first);
        k > 0 && self.cue(k - 1).is_some()
    }

    /// Whether the name at token `first` follows, past its quotation marks, a common noun that
    /// can only be a dative (`журналистам`, `корреспонденту`), inside the zone from `start`
    /// and not governed by a preposition (`ко второму чтению Красов предложил`, `На прошлой
    /// неделе Франция заявила`, `в 2015 году Хендрикс`).
    pub(crate) fn after_dative_noun(&self, first: usize, start: usize) -> bool {
        let before = self.back_past_quotes(first);
        if before <= start {
            return false;
        }
        let noun = before - 1;
        if self.mention_at[noun].is_some()
            || !self.toks[noun].lowercase(self.text)
            || !self.noun_in(noun, Case::Datv)
            || self.noun_in(noun, Case::Nomn)
        {
            return false;
        }
        // A preposition before the noun and its adjectives governs it instead.
        let mut k = noun;
        while k > start
            && (self.toks[k - 1].kind == Kind::Number
                || self.reads_as(k - 1, &[Pos::Adjf, Pos::Prtf]))
        {
            k -= 1;
        }
        !(k > 0 && self.reads_as(k - 1, &[Pos::Prep]))
    }

    /// Token `i`, moved back past the quotation marks right before it (`"Ъ"` opens at the mark).
    pub(crate) fn back_past_quotes(&self, mut i: usize) -> usize {
        while i > 0 && self.toks[i - 1].kind == Kind::Quote {
            i -= 1;
        }
        i
    }

    /// Whether mention `mt` is an outlet told something, standing right before the cue at
    /// `cue` after an institution noun in the locative (`В уфимской мэрии "Ъ" сообщили`).
    fn told_outlet_before_cue(&self, mt: &MentionTok, cue: usize) -> bool {
        let mut end = mt.last;
        while end < cue && self.toks[end].kind == Kind::Quote {
            end += 1;
        }
        let start = self.back_past_quotes(mt.first);
        if end != cue || start < 2 || !self.toks[start - 1].lowercase(self.text) {
            return false;
        }
        // `в мэрии`, `в уфимской мэрии`: the institution the words came from (not `в
        // публикации "Независимой газеты"`, whose author the outlet is).
        let noun = start - 1;
        let after_v = self.is(noun - 1, &["в", "во"])
            || (noun >= 2 && self.adjective(noun - 1) && self.is(noun - 2, &["в", "во"]));
        after_v
            && morph().analyze_shared(self.word(noun)).iter().any(|p| {
                p.tag.pos == Pos::Noun
                    && p.tag.case == Some(Case::Loct)
                    && (lexicon::is_org_anaphor(&p.lemma)
                        || matches!(
                            p.lemma.as_str(),
                            "мэрия" | "посольство" | "суд" | "штаб" | "управление" | "департамент"
                        ))
            })
    }

    /// `по словам Пескова`: the first entity (any case) in the zone, a person first.
    pub(crate) fn scan_genitive(&self, zone: Range<usize>) -> Option<Who> {
        let mut other = None;
        let mut anonymous = false;
        for i in zone.clone() {
            // The source's phrase ends at a verb: in `который по версии следствия является
            // организатором поставок через посольство России` the source is the unnamed
            // investigation, not the embassy named in what it claims.
            if self.mention_at[i].is_none() && self.only_verb(i) {
                break;
            }
            if let Some(m) = self.mention_at[i] {
                let mt = &self.mentions[m];
                if mt.first < zone.start {
                    continue;
                }
                // `по информации японских СМИ`: the adjective names a place, not the source.
                if mt.last - mt.first == 1 && self.adjective(mt.first) {
                    continue;
                }
                let span = Range2 {
                    start: mt.first,
                    end: mt.last.min(zone.end),
                };
                if self.entities[mt.entity].kind == EntityType::Per {
                    return Some(Who::Mention(span, m));
                }
                // `по словам президента США`: the president, not the country.
                if mt.first > zone.start && self.role_noun(mt.first - 1, None) {
                    other.get_or_insert(Who::Role(Range2 {
                        start: mt.first - 1,
                        end: span.end,
                    }));
                }
                other.get_or_insert(Who::Mention(span, m));
            } else if let Some(p) = lexicon::pronoun(self.word(i)) {
                // `по словам его сторонников`: a possessive before someone unnamed, who is
                // the source (but `его представителя` speaks for him).
                let possessed = i + 1 < zone.end
                    && self.mention_at[i + 1].is_none()
                    && self.toks[i + 1].lowercase(self.text)
                    && !self.voice_noun(i + 1, None)
                    && morph()
                        .analyze_shared(self.word(i + 1))
                        .iter()
                        .any(|a| a.tag.pos == Pos::Noun && a.tag.case == Some(Case::Gent));
                if possessed && other.is_none() {
                    anonymous = true;
                } else if other.is_none() {
                    return Some(Who::Pronoun(i, p));
                }
            } else if anonymous {
                // Only a person named later in the zone outranks an unnamed source.
                continue;
            } else if other.is_none() && self.anonymous_source(i) {
                // `по словам источника агентства`: the agency's source, whom it does not name.
                anonymous = true;
            } else if other.is_none() && self.media_noun(i) {
                // `по данным журнала Forbes`: the outlet named right after the noun.
                let mut next = i + 1;
                while next < zone.end && next < i + 3 && self.toks[next].kind == Kind::Quote {
                    next += 1;
                }
                if next < zone.end {
                    if let Some(m) = self.mention_at[next] {
                        if self.entities[self.mentions[m].entity].kind == EntityType::Org {
                            return Some(self.whole_mention(m));
                        }
                    } else if self.capitalised_latin(next) {
                        return Some(Who::Name(Range2 {
                            start: next,
                            end: self.latin_run_end(next, zone.end),
                        }));
                    }
                }
                // `по данным издания`: the outlet the text named with such a noun before, or
                // nobody (an unnamed outlet is no speaker).
                let outlet = self.named_outlet(i);
                return Some(outlet.map_or(Who::Anonymous, |m| self.whole_mention(m)));
            } else if other.is_none()
                && i > zone.start
                && matches!(self.word(i - 1), "самого" | "самой")
                && self.animate_common_noun(i, Case::Gent)
            {
                // `по заявлениям самого футболиста`: "himself" points back at a person the
                // text has named, as a role does.
                return Some(Who::Role(Range2 {
                    start: i,
                    end: i + 1,
                }));
            } else if other.is_none()
                // (`По словам 25-летнего аспиранта МГУ`: past the words describing him.)
                && (i == zone.start
                    || (!self.voice_noun(i, None)
                        && (zone.start..i).all(|j| {
                            // (`25-летнего` comes as a number, a hyphen and an adjective.)
                            self.toks[j].kind == Kind::Number
                                || self.word(j) == "-"
                                || (self.toks[j].lowercase(self.text) && self.adjective(j))
                        })))
                && !self.role_noun(i, Some(Case::Gent))
                && self.animate_common_noun(i, Case::Gent)
            {
                // `По словам актрисы`: the person the noun stands for, if the text shows who
                // (a relative, `по словам отца`, is someone else, unnamed), unless the phrase
                // goes on to name someone (`по мнению члена комитета Валерия Шнякина`).
                let relative = morph()
                    .analyze_shared(self.word(i))
                    .iter()
                    .any(|p| lexicon::is_relative(&p.lemma));
                if relative {
                    anonymous = true;
                } else {
                    other = Some(Who::Role(Range2 {
                        start: i,
                        end: i + 1,
                    }));
                }
            } else if other.is_none() && self.role_noun(i, Some(Case::Gent)) {
                // `по словам лидера парламентского большинства Арчила Талаквадзе`: the name the
                // title's phrase ends in; `по словам турецкого лидера`: the person the title was
                // given to.
                if let Some(m) = self.person_closing_phrase(i + 1, zone.end) {
                    return Some(self.whole_mention(m));
                }
                return Some(Who::Role(Range2 {
                    start: i,
                    end: i + 1,
                }));
            } else if other.is_none()
                && (self.entities.is_empty() || i == zone.start)
                && self.capitalised_latin(i)
            {
                // `по информации Tmz`: a Latin name right after the cue, tagged or not.
                return Some(Who::Name(Range2 {
                    start: i,
                    end: self.latin_run_end(i, zone.end),
                }));
            }
        }
        if anonymous {
            Some(Who::Anonymous)
        } else {
            other
        }
    }

    /// The person mention that ends the noun phrase starting at `from` (before `end`): only
    /// lowercase words, names of places and organisations, and no punctuation may come
    /// between (`парламентского большинства Арчила Талаквадзе`, `МИД России Марии Захаровой`).
    pub(crate) fn person_closing_phrase(&self, from: usize, end: usize) -> Option<usize> {
        let mut j = from;
        while j < end && j < from + 6 {
            if let Some(m) = self.mention_at[j] {
                let mt = &self.mentions[m];
                if self.entities[mt.entity].kind == EntityType::Per {
                    return (mt.first == j).then_some(m);
                }
                j = mt.last.max(j + 1);
                continue;
            }
            let lower = self.toks[j].kind == Kind::Word && self.toks[j].lowercase(self.text);
            if !lower {
                return None;
            }
            j += 1;
        }
        None
    }

    /// Whether tokens `first..last` stand inside angle quotation marks, opened and closed
    /// within a few words, with other words (`«Закон Магнитского»`): a title, not a name.
    pub(crate) fn in_title(&self, first: usize, last: usize) -> bool {
        let open = (first.saturating_sub(4)..first)
            .rev()
            .find(|&j| matches!(self.word(j), "«" | "»"))
            .filter(|&j| self.word(j) == "«");
        let close = (last..(last + 4).min(self.toks.len()))
            .find(|&j| matches!(self.word(j), "«" | "»"))
            .filter(|&j| self.word(j) == "»");
        matches!((open, close), (Some(o), Some(c)) if o + 1 < first || last < c)
    }

    /// Whether token `i` is a lowercase noun that cannot be nominative (`журналу`, `газеты`).
    pub(crate) fn oblique_common_noun(&self, i: usize) -> bool {
        if self.toks[i].kind != Kind::Word || !self.toks[i].lowercase(self.text) {
            return false;
        }
        let parses = morph().analyze_shared(self.word(i));
        parses.iter().any(|p| p.tag.pos == Pos::Noun)
            && !parses
                .iter()
                .any(|p| p.tag.case == Some(Case::Nomn) || p.tag.case.is_none())
    }

    /// Where a reported clause opens inside `zone`, the words after `по словам` up to the
    /// comma, when the writer left the comma out: at a person's name visibly in the
    /// nominative (`По словам врачей Ричард Бах находился …`, `По данным следствия Ахмад
    /// Рахами, подозреваемый …, купил`), unless a person in the singular stands before it for
    /// the name to be in apposition to (`по словам шерифа округа Харрис Эда Гонзалеса`).
    pub(crate) fn unmarked_clause_start(&self, zone: Range<usize>) -> Option<usize> {
        let at = zone.clone().skip(1).find(|&i| {
            self.mention_at[i].is_some_and(|m| {
                let mt = &self.mentions[m];
                mt.first == i
                    && self.entities[mt.entity].kind == EntityType::Per
                    && self.visibly_nominative(i)
            })
        })?;
        let apposed = (zone.start..at).any(|j| {
            morph().analyze_shared(self.word(j)).iter().any(|p| {
                p.tag.pos == Pos::Noun
                    && p.tag.has(flag::ANIM)
                    && p.tag.number == Some(Number::Sing)
            })
        });
        (!apposed).then_some(at)
    }

    /// Whether token `i` reads as a nominative noun and in no oblique case (`Иванов`, not
    /// `Шойгу` or an unknown `По`).
    fn visibly_nominative(&self, i: usize) -> bool {
        let parses = morph().analyze_shared(self.word(i));
        parses
            .iter()
            .any(|p| p.tag.pos == Pos::Noun && p.tag.case == Some(Case::Nomn))
            && !parses.iter().any(|p| {
                p.tag.has(flag::FIXD)
                    || matches!(p.tag.case, Some(c) if c != Case::Nomn && c != Case::Accs)
            })
    }

    /// Whether a person mention is joined to another by `и` or a comma (`Иванов и Петров`).
    pub(crate) fn coordinated(&self, mt: &MentionTok) -> bool {
        let person_at = |j: usize| {
            self.mention_at
                .get(j)
                .copied()
                .flatten()
                .is_some_and(|m| self.entities[self.mentions[m].entity].kind == EntityType::Per)
        };
        let joiner = |j: usize| matches!(self.word(j), "и" | "," | "and");
        (mt.first >= 2 && joiner(mt.first - 1) && person_at(mt.first - 2))
            || (mt.last + 1 < self.toks.len() && joiner(mt.last) && person_at(mt.last + 1))
    }

    /// Whether tokens `from..end` can only qualify the noun before them: no punctuation but
    /// quotation marks, and no verb.
    pub(crate) fn only_qualifiers(&self, from: usize, end: usize) -> bool {
        (from..end).all(|j| match self.toks[j].kind {
            Kind::Quote => true,
            Kind::Word => !morph()
                .analyze_shared(self.word(j))
                .iter()
                .any(|p| matches!(p.tag.pos, Pos::Verb | Pos::Infn | Pos::Grnd)),
            _ => false,
        })
    }

    /// Whether token `i` is a noun for a source the text does not name (`источника`,
    /// `собеседник`), in any case.
    pub(crate) fn anonymous_source(&self, i: usize) -> bool {
        morph()
            .analyze_shared(self.word(i))
            .iter()
            .any(|p| p.tag.pos == Pos::Noun && lexicon::is_anonymous_source(&p.lemma))
    }

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
            let resolved = match (f.continues, f.who) {
                (Some(start), _) => by_start
                    .get(&start)
                    .filter(|&&j| j < speakers.len())
                    .and_then(|&j| speakers[j].clone()),
                (None, Some(who)) => self.resolve_who(who, f.agr, &found, &speakers),
                (None, None) => None,
            };
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
                            lemma: c.lemma.to_owned(),
                        }
                    }),
                }
            })
            .collect()
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
            Who::Anonymous => None,
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
                let last = found[..speakers.len()]
                    .iter()
                    .rposition(|f| f.content.end <= span.start)?;
                let instruction = found[last]
                    .cue
                    .and_then(|c| lexicon::ru_cue(c.lemma))
                    .is_some_and(|(_, frame)| frame == Frame::Object);
                if instruction {
                    return None;
                }
                let e = self.antecedent(span.start, found, speakers, |_| true, false)?;
                Some((Some(e), span, self.speaker_name(e)))
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
                    if speakers[j].is_none()
                        && !named_since
                        && self.sent_of[found[j].content.start] + 1 >= self.sent_of[t]
                    {
                        return None;
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
    fn noun_lemmas(&self, i: usize) -> Vec<String> {
        morph()
            .analyze_shared(self.word(i))
            .iter()
            .filter(|p| p.tag.pos == Pos::Noun)
            .map(|p| p.lemma.clone())
            .collect()
    }

    /// Whether some mention of entity `e` follows, past quotation marks, a lowercase noun whose
    /// lemma passes `noun` (`агентство Рейтер`, `телеканал "Аль-Джазира"`).
    fn introduced_by(&self, e: usize, noun: impl Fn(&str) -> bool) -> bool {
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
    fn unnamed_newcomer_before(&self, t: usize, kind: PronounKind) -> bool {
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
    fn apposition_of(&self, i: usize, zone: Range<usize>, agr: Agr) -> Option<Who> {
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
    fn demonstrative_antecedent(&self, t: usize, kind: PronounKind) -> Option<usize> {
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
    fn speaking_subject_before(&self, t: usize, ok: &impl Fn(usize) -> bool) -> Option<usize> {
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
    fn described_before(&self, t: usize, ok: &impl Fn(usize) -> bool) -> Option<usize> {
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
    fn who_end_of(&self, sp: &Option<(Option<usize>, Range2, String)>) -> usize {
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
