//! Whether a mention can be a speech verb's subject, and the genitive attributions (`по словам
//! X`): cited sources, outlets told something, noun phrases and clause starts around a name.
use std::ops::Range;

use newsmill_model::EntityType;
use newsmill_nlp::morph::{flag, morph, Case, Number, Pos};
use newsmill_nlp::token::Kind;

use crate::lexicon::{self};
use crate::{Agr, Doc, MentionTok, Range2, Who};

impl<'a> Doc<'a> {
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
    pub(super) fn told_outlet_before_cue(&self, mt: &MentionTok, cue: usize) -> bool {
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
    pub(super) fn visibly_nominative(&self, i: usize) -> bool {
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
}
