//! Speakers by subject: the mention a cue's clause names as its subject, scanned outward from
//! the cue (before it first, then after it), with what may stand between.
use std::ops::Range;

use newsmill_model::EntityType;
use newsmill_nlp::morph::{morph, Case, Number, Pos};
use newsmill_nlp::token::Kind;

use crate::lexicon::{self, PronounKind};
use crate::{Agr, CueTok, Doc, Range2, Who};

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
                && (self.role_noun(i, Some(Case::Accs))
                    || self.role_noun(i, Some(Case::Gent))
                    || self.person_noun_in(i, Case::Accs))
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
            | Who::Spoken(r)
            | Who::Role(r)
            | Who::Statement(r)
            | Who::Document(r) => r.start,
            Who::Pronoun(t, _) | Who::Elided(t) => t,
            Who::Anonymous => usize::MAX,
        }
    }

    pub(crate) fn who_end(&self, w: &Who) -> usize {
        match *w {
            Who::Mention(r, _)
            | Who::OrgAnaphor(r)
            | Who::Name(r)
            | Who::Spoken(r)
            | Who::Role(r)
            | Who::Statement(r)
            | Who::Document(r) => r.end,
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
}
