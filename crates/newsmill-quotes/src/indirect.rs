//! Reported speech: content clauses, objects, inverted and parenthetical attributions,
//! reporting phrases, and mixed quotes.
use std::ops::Range;

use newsmill_model::{EntityType, QuoteKind};
use newsmill_nlp::morph::{flag, governs_instrumental, morph, Case, Gender, Pos};
use newsmill_nlp::token::Kind;

use crate::lexicon;
use crate::{Agr, CueTok, Doc, Found, Frame, Range2, Who, ATTRIBUTION_WINDOW};

impl<'a> Doc<'a> {
    /// Indirect and mixed quotes, sentence by sentence; adds to `found`.
    pub(crate) fn indirect(&self, window: Range<usize>, found: &mut Vec<Found>) {
        // Tokens a direct quote or a cue already holds.
        let mut taken = vec![false; window.len()];
        let take = |taken: &mut Vec<bool>, r: Range<usize>| {
            for i in r {
                if let Some(slot) = taken.get_mut(i - window.start) {
                    *slot = true;
                }
            }
        };
        for f in found.iter() {
            if f.kind == QuoteKind::Direct {
                take(&mut taken, f.content.clone());
            }
            // (`сказал, что …, буквально: «…»`: a cue whose `что` clause comes before the
            // direct quote it introduces reports that clause too.)
            // (`заявил в субботу, что …: «…»`: a time or an addressee may stand between; `что
            // касается …` is "as for", no clause.)
            // (`«…», — и добавил, что «…»`: so may a cue after its quote.)
            let own_clause = f.kind == QuoteKind::Direct
                && f.cue.is_some_and(|c| {
                    let limit = if f.content.start > c.last {
                        f.content.start.saturating_sub(2)
                    } else {
                        self.toks.len().saturating_sub(1)
                    };
                    (c.last..(c.last + 6).min(limit)).any(|j| {
                        self.word(j) == ","
                            && self.is(j + 1, &["что"])
                            && !self.is(j + 2, &["касается"])
                    })
                });
            if let Some(c) = f.cue.filter(|_| !own_clause) {
                take(&mut taken, c.first.max(window.start)..c.last);
            }
        }
        let sentences = self.sent_of[window.start]..self.sent_of[window.end - 1] + 1;
        for s in sentences {
            let sent = self.sents[s].start.max(window.start)..self.sents[s].end.min(window.end);
            let mut k = sent.start;
            while k < sent.end {
                if taken[k - window.start] {
                    k += 1;
                    continue;
                }
                let made = self
                    .report_phrase(k, &sent)
                    .or_else(|| self.about_this(k, &self.sents[s], found))
                    .or_else(|| self.cue_clause(k, &sent, found));
                match made {
                    Some(f) => {
                        k = f.cue.map_or(k + 1, |c| c.last);
                        if let Some(c) = f.cue {
                            take(&mut taken, c.first.max(window.start)..c.last);
                        }
                        self.add_indirect(found, f);
                    }
                    None => k += 1,
                }
            }
        }
        // `Азербайджан начал "антитеррористические мероприятия"`: a quoted fragment in a clause
        // whose subject is named is the subject's words, reported (mixed).
        for f in found.iter_mut() {
            if f.kind == QuoteKind::Mixed && f.cue.is_none() && f.continues.is_none() {
                if let Some((content, who)) = self.subject_fragment(f.content.clone()) {
                    f.content = content;
                    f.who = Some(who);
                    f.continues = None;
                    f.agr = Agr::Any;
                    f.cue = None;
                    f.kind = QuoteKind::Mixed;
                    f.subject = true;
                }
            }
        }
        // Quoted fragments that no reported speech took: not quotes.
        found.retain(|f| f.cue.is_some() || f.continues.is_some() || f.subject);
    }

    /// Adds an indirect quote unless it overlaps a direct one; absorbs the quoted fragments it
    /// holds (and becomes mixed).
    pub(crate) fn add_indirect(&self, found: &mut Vec<Found>, mut f: Found) {
        // `сказал, что мамонт прожил до 50 лет, буквально: «…»`: the report ends where a
        // direct quote it introduces with a colon begins (and before a short lead-in to it).
        let introduced = found
            .iter()
            .filter(|d| {
                d.kind == QuoteKind::Direct
                    && f.content.start < d.content.start
                    && d.content.start < f.content.end
            })
            .map(|d| d.content.start)
            .min();
        if let Some(open) = introduced {
            let mut colon = open;
            while colon > f.content.start && self.toks[colon - 1].kind == Kind::Quote {
                colon -= 1;
            }
            if colon > f.content.start && self.word(colon - 1) == ":" {
                let colon = colon - 1;
                let lead_in = (colon.saturating_sub(3).max(f.content.start)..colon)
                    .rev()
                    .find(|&k| self.word(k) == ",");
                f.content = self.trim(f.content.start..lead_in.unwrap_or(colon));
            }
        }
        if !self.long_enough(&f.content) {
            return;
        }
        let overlaps_direct = found.iter().any(|d| {
            d.kind == QuoteKind::Direct
                && d.content.start < f.content.end
                && f.content.start < d.content.end
        });
        if overlaps_direct {
            return;
        }
        let before = found.len();
        found.retain(|d| {
            !(d.kind == QuoteKind::Mixed
                && d.cue.is_none()
                && f.content.start <= d.content.start
                && d.content.end <= f.content.end)
        });
        if found.len() < before {
            f.kind = QuoteKind::Mixed;
        }
        found.push(f);
    }

    /// Whether reported content is long enough to be a quote: two tokens, or one that is a
    /// verb (`сказал агенту, что передумал`).
    fn long_enough(&self, content: &Range<usize>) -> bool {
        content.len() >= 2 || (content.len() == 1 && self.only_verb(content.start))
    }

    /// A lowercase quoted fragment of two words or more, preceded in its sentence by a named
    /// subject (an entity mention that can be nominative, not after a preposition) and a verb:
    /// the clause from the verb to the fragment's end, and the subject. A fragment that names
    /// a thing rather than reports words is left out: one after a preposition (`ссылается на
    /// «надежный источник»`), a noun's genitive attribute (`выдвинул концепцию «большого
    /// правительства»`) and an award's citation (`премию «за фундаментальный анализ…»`).
    pub(crate) fn subject_fragment(&self, frag: Range<usize>) -> Option<(Range<usize>, Who)> {
        let first_char = self.toks[frag.start].text(self.text).chars().next()?;
        if !first_char.is_lowercase() || frag.len() < 2 {
            return None;
        }
        let sent = &self.sents[self.sent_of[frag.start]];
        let open = frag.start.checked_sub(1)?;
        if self.names_a_thing(frag.clone(), open) {
            return None;
        }
        let first = (sent.start..open).find_map(|i| self.mention_at[i])?;
        let opening = &self.mentions[first];
        // (`У Курнеса трое детей, он …`: a name after a preposition, even one opening the
        // sentence, is no subject.)
        if opening.first > 0 && self.reads_as(opening.first - 1, &[Pos::Prep]) {
            return None;
        }
        // (`Глава Союза ММА России Фёдор Емельяненко обратил внимание, что «…»`: the person
        // named right after a title's organisation is the subject.)
        let m = self
            .mention_at
            .get(opening.last)
            .copied()
            .flatten()
            .filter(|&next| {
                opening.first > sent.start
                    && self.role_noun(opening.first - 1, Some(Case::Nomn))
                    && self.entities[self.mentions[next].entity].kind == EntityType::Per
            })
            .unwrap_or(first);
        let mt = &self.mentions[m];
        let span = self.subject_span(mt, Agr::Any, false)?;
        if span.start != mt.first || opening.first > sent.start + 1 {
            return None;
        }
        let verb = (mt.last..open).find(|&i| {
            morph()
                .analyze_shared(self.word(i))
                .iter()
                .any(|p| p.tag.pos == Pos::Verb)
        })?;
        Some((verb..frag.end, Who::Mention(span, m)))
    }

    /// Whether the quoted fragment `frag` (opened at token `open`) names a thing: it follows a
    /// preposition, cites an award (`за …` in a sentence about a prize), or is a noun's
    /// genitive attribute (the first noun within its first three words reads as a genitive and
    /// never as the instrumental of a verdict, `окрестили россиянку «самой серьёзной фигурой»`).
    fn names_a_thing(&self, frag: Range<usize>, open: usize) -> bool {
        let Some(before) = open.checked_sub(1) else {
            return false;
        };
        let sent_start = self.sents[self.sent_of[open]].start;
        let award = |j: usize| {
            morph().analyze_shared(self.word(j)).iter().any(|p| {
                matches!(
                    p.lemma.as_str(),
                    "премия" | "награда" | "орден" | "медаль" | "наградить" | "удостоить"
                )
            })
        };
        if self.is(frag.start, &["за"]) && (sent_start..open).any(award) {
            return true;
        }
        if self.lower_preposition(before) {
            return true;
        }
        if !self.common_noun(before) || self.reads_as(before, &[Pos::Verb, Pos::Infn]) {
            return false;
        }
        let Some(head) = (frag.start..frag.end.min(frag.start + 3)).find(|&i| self.common_noun(i))
        else {
            return false;
        };
        self.noun_in(head, Case::Gent) && !self.noun_in(head, Case::Ablt)
    }

    /// The end of reported content starting at `from` in `sent`: the sentence end, or the start
    /// of a coordinated second report (`…, и добавил, что`) or of a reporting phrase.
    pub(crate) fn content_end(&self, from: usize, sent: &Range<usize>) -> usize {
        let mut end = sent.end;
        // The next report in the sentence (a cue, or `по словам`) ends this one: at `и` right
        // before it, else at the last comma before it (`…по этике, глава ЛДПР … потребовал`).
        // (A cue in a relative clause belongs to it: `Москва, которая предлагала Петербург,
        // согласилась` goes on.)
        // (So does one in `, кто` and one inside quotation marks opened in the content: `он
        // «не первый, кто это говорит»`.)
        let relative = |k: usize| {
            (from..k)
                .rev()
                .find(|&j| self.word(j) == ",")
                .is_some_and(|c| {
                    self.word(c + 1).starts_with("котор") || self.is(c + 1, &["кто", "who"])
                })
        };
        // Guillemets opened and not yet closed since `from`, counted as the scan goes.
        let mark = |j: usize| match self.word(j) {
            "«" => 1,
            "»" => -1,
            _ => 0,
        };
        let mut open = mark(from);
        let next = (from + 1..sent.end).find(|&k| {
            let ends = (open <= 0
                && self
                    .cue(k)
                    .is_some_and(|(c, _, _)| !lexicon::nests_in_reports(c.lemma))
                && !relative(k))
                || (self.word(k) == "по" && self.report_noun_at(k + 1));
            open += mark(k);
            ends
        });
        if let Some(k) = next {
            if self.is(k - 1, &["и", ",", "and", "а"]) {
                end = k - 1;
            } else if let Some(c) = (from + 1..k).rev().find(|&j| self.word(j) == ",") {
                end = c;
            }
        }
        // `…, чтобы он предстал перед судом, но российский президент Владимир Путин в этом
        // отказал`: a contrasted clause with a named subject of its own is the narrator's.
        if let Some(c) = (from + 1..end).find(|&j| {
            self.word(j) == ","
                && self.is(j + 1, &["но", "однако"])
                && self.named_subject_after(j + 2, end)
        }) {
            end = c;
        }
        while end > from
            && (self.toks[end - 1].kind == Kind::Terminal
                || matches!(self.word(end - 1), "," | ":" | ";" | "—"))
        {
            end -= 1;
        }
        end
    }

    /// Whether a clause with a subject of its own opens at token `i`: a person named in the
    /// nominative within a few words (past a title), followed by a finite verb before `end`.
    fn named_subject_after(&self, i: usize, end: usize) -> bool {
        (i..(i + 5).min(end)).any(|t| {
            self.mention_at[t].is_some_and(|m| {
                let mt = &self.mentions[m];
                mt.first == t
                    && self.entities[mt.entity].kind == EntityType::Per
                    && self.mention_nominative(mt)
                    && (mt.last..end).any(|v| self.only_verb(v))
            })
        })
    }

    /// `по словам X, …`, `…, по словам X`, `согласно заявлению X, …`, `как следует из
    /// заявления X, …`, `according to X, …`.
    pub(crate) fn report_phrase(&self, k: usize, sent: &Range<usize>) -> Option<Found> {
        // `По предварительной информации, …`, `Согласно предварительным данным, …`: the report
        // of a source left unnamed, with qualifiers between the preposition and the noun.
        let mut qualified = false;
        let mut possessive = false;
        let mut document = false;
        let (first, noun) = if self.is(k, &["по", "согласно"]) && k + 1 < sent.end {
            // `по словам`, and `по его словам` with the speaker before the noun.
            possessive = self.word(k) == "по" && self.is(k + 1, &["его", "ее", "её", "их"]);
            let n = if possessive {
                k + 2
            } else {
                let adjectives = (k + 1..(k + 3).min(sent.end))
                    .take_while(|&j| self.toks[j].lowercase(self.text) && self.adjective(j))
                    .count();
                qualified = adjectives > 0;
                k + 1 + adjectives
            };
            document = self.word(k) == "согласно" && self.document_noun_at(n);
            (k, (self.report_noun_at(n) || document).then_some(n)?)
        } else if self.is(k, &["как"])
            && self.is(k + 1, &["следует", "говорится", "сообщается", "отмечается"])
            && self.is(k + 2, &["из", "в"])
            && k + 3 < sent.end
        {
            (k, k + 3)
        } else if self.is(k, &["according"]) && self.is(k + 1, &["to"]) {
            (k, k + 1)
        } else {
            return None;
        };
        // `Комитет по Оценке СМИ`: a name, not a report; `чемпион мира по версии WBC`,
        // `человек года по версии Time`: a ranking, not a report.
        if self.mention_at[first].is_some() || self.mention_at[noun].is_some() {
            return None;
        }
        if self.word(noun) == "версии"
            && first > 0
            && morph()
                .analyze_shared(self.word(first - 1))
                .iter()
                .any(|p| matches!(p.lemma.as_str(), "мир" | "год" | "чемпион" | "чемпионка"))
        {
            return None;
        }
        // A report phrase is set off from its clause: `поездки по оценке ситуации` is a trip
        // to assess the situation, `чемпион по версии WBO` a title. After a conjunction, a
        // relative word or an adverb the comma is often left out: `что по данным следствия,
        // …`, `который по мнению суда, «…»`, `где по её словам, …`.
        if first > sent.start
            && self.toks[first - 1].kind == Kind::Word
            && !self.word(first - 1).starts_with("котор")
            && !self.reads_as(first - 1, &[Pos::Conj, Pos::Npro, Pos::Advb, Pos::Prcl])
        {
            return None;
        }
        // X: up to the next comma (or the sentence end); `по его словам` names X before.
        let comma = (noun + 1..sent.end).find(|&j| self.word(j) == ",");
        let x_end = comma.unwrap_or(sent.end);
        let mut speaker_zone = if possessive {
            first + 1..noun
        } else {
            noun + 1..x_end
        };
        let lemma: &'static str = match self.word(first) {
            "по" => "по словам",
            "согласно" => "согласно",
            "как" => "как следует из",
            _ => "according to",
        };
        let cue = CueTok {
            first,
            last: noun + 1,
            lemma,
            gerund: false,
            impersonal: false,
        };
        // A qualified phrase set off by commas inside its sentence reports the whole sentence
        // around it (`Признаков насильственной смерти, по предварительным данным, не
        // обнаружено`); elsewhere it must open its sentence (`(по другим данным — 13
        // февраля)` gives only a figure).
        if qualified && first != sent.start {
            let parenthetical = first > sent.start + 1
                && self.word(first - 1) == ","
                && comma == Some(noun + 1)
                && noun + 2 < sent.end
                && (self.has_predicate(sent.start..first - 1)
                    || self.has_predicate(noun + 2..sent.end));
            if !parenthetical {
                return None;
            }
            let mut end = sent.end;
            while end > sent.start && self.toks[end - 1].kind == Kind::Terminal {
                end -= 1;
            }
            return Some(Found::attributed(
                QuoteKind::Indirect,
                self.trim(sent.start..end),
                cue,
                Some(Who::Anonymous),
                Agr::Any,
            ));
        }
        // `По предварительным данным эта трагедия произошла …`: with no source after it (a
        // word that is no name, no noun in the genitive and no preposition), a qualified
        // phrase opens the clause it reports.
        let bare = qualified
            && !speaker_zone.is_empty()
            && matches!(
                self.toks[speaker_zone.start].kind,
                Kind::Word | Kind::Number
            )
            && !(speaker_zone.start..speaker_zone.end.min(speaker_zone.start + 3))
                .any(|i| self.mention_at[i].is_some())
            && !self.noun_in(speaker_zone.start, Case::Gent)
            && !self.reads_as(speaker_zone.start, &[Pos::Prep]);
        if bare {
            speaker_zone = noun + 1..noun + 1;
        }
        // (Unqualified, `по данным, …` lacks its source.)
        // (`Согласно этому документу, …` names its source by the noun.)
        let mut unnamed = speaker_zone.is_empty() && (qualified || document);
        if speaker_zone.is_empty() && !unnamed {
            return None;
        }
        // `По официальным данным, объявленным в воскресенье, …`, `По неподтвержденной
        // информации, сообщенной представителем ПНС Абделем Маджидом, …`: a participle phrase
        // after the comma describes the source, and the report follows it.
        // (`По мнению телеканала, принадлежащего организации "Хамас", …`: one describing a
        // named source agrees with it in the genitive, and cannot be a nominative subject.)
        let mut comma = comma;
        if let Some(c) = comma.filter(|_| !bare) {
            let described = (c + 2..sent.end).find(|&j| self.word(j) == ",");
            let participle = |case: Option<Case>| {
                morph().analyze_shared(self.word(c + 1)).iter().any(|p| {
                    p.tag.pos == Pos::Prtf && case.is_none_or(|want| p.tag.case == Some(want))
                })
            };
            let describes = if unnamed {
                participle(None)
            } else {
                participle(Some(Case::Gent)) && !participle(Some(Case::Nomn))
            };
            if let Some(c2) = described.filter(|_| describes) {
                if unnamed {
                    speaker_zone = c + 1..c2;
                    unnamed = false;
                }
                comma = Some(c2);
            }
        }
        // `По словам врачей Ричард Бах находился …`: the clause opens without its comma.
        let unmarked = if bare {
            Some(noun + 1)
        } else if speaker_zone.start == noun + 1 && !qualified {
            self.unmarked_clause_start(speaker_zone.clone())
        } else {
            None
        };
        if let Some(at) = unmarked {
            speaker_zone.end = at;
        }
        // `По словам X, …` and the parenthetical `РФ, как следует из заявления МИД, призывает …`
        // report what follows the phrase; `…, по словам X.` what precedes it.
        let content = match (unmarked, comma) {
            (Some(at), _) => at..self.content_end(at, sent),
            (None, Some(c)) if c + 2 < sent.end => c + 1..self.content_end(c + 1, sent),
            _ if first > sent.start + 1 => sent.start..first - 1,
            _ => return None,
        };
        let content = self.trim(content);
        let who = if unnamed {
            Some(if document {
                Who::Document(Range2 {
                    start: noun,
                    end: noun + 1,
                })
            } else {
                Who::Anonymous
            })
        } else {
            self.who_in(speaker_zone, Agr::Any, true)
        };
        Some(Found::attributed(
            QuoteKind::Indirect,
            content,
            cue,
            who,
            Agr::Any,
        ))
    }

    /// `…, Smith said` / `…, the minister said` / `…, he said`: the comma that ends the reported
    /// clause, when at most four words (a name, a pronoun, a short noun phrase) stand between it
    /// and the cue.
    pub(crate) fn en_speaker_before(&self, k: usize, sent: &Range<usize>) -> Option<usize> {
        let lo = k.saturating_sub(5).max(sent.start + 1);
        let comma = (lo..k).rev().find(|&j| self.word(j) == ",")?;
        let between = comma + 1..k;
        (!between.is_empty()
            && between
                .clone()
                .all(|j| self.toks[j].kind == Kind::Word && !self.cyrillic(j)))
        .then_some(comma)
    }

    /// Whether the first name in `r` is told the words: it follows a noun in the dative
    /// (`подтвердила газете «Кларин», что …`, `сообщил агентству ТАСС`), so it is no speaker.
    fn addressed_name_in(&self, r: Range<usize>) -> bool {
        let Some(m) = r.clone().find_map(|i| self.mention_at[i]) else {
            return false;
        };
        self.after_dative_noun(self.mentions[m].first, r.start)
    }

    /// Whether token `i` is a noun that reports words (`словам`, `заявлению`, `данным`).
    /// Whether token `i` can be a document noun ([`lexicon::is_document_noun`]).
    fn document_noun_at(&self, i: usize) -> bool {
        i < self.toks.len()
            && morph()
                .analyze_shared(self.word(i))
                .iter()
                .any(|p| lexicon::is_document_noun(&p.lemma))
    }

    pub(crate) fn report_noun_at(&self, i: usize) -> bool {
        i < self.toks.len()
            && morph()
                .analyze_shared(self.word(i))
                .iter()
                .any(|p| lexicon::is_report_noun(&p.lemma))
    }

    /// The first comma after `from` in `sent` that opens the reported clause: not one that
    /// opens an apposition to a person (`Мария Фомушина, пресс-секретарь суда, …`). An
    /// apposition closes with a comma and holds no finite verb or dash: `Как сообщает Джером,
    /// самолёт упал в реку` opens the clause at its comma.
    pub(crate) fn clause_comma(&self, from: usize, sent: &Range<usize>) -> Option<usize> {
        let apposition = |j: usize| {
            (j + 2..sent.end)
                .find(|&c| self.word(c) == ",")
                .is_some_and(|c| {
                    !(j + 1..c).any(|i| {
                        self.toks[i].kind == Kind::Dash
                            || morph()
                                .analyze_shared(self.word(i))
                                .iter()
                                .any(|p| p.tag.pos == Pos::Verb)
                    })
                })
        };
        (from..sent.end).find(|&j| {
            self.word(j) == ","
                && !(j > 0
                    && self.mention_at[j - 1].is_some_and(|m| {
                        self.entities[self.mentions[m].entity].kind == EntityType::Per
                    })
                    && (self.is(j + 1, &["который", "которая"])
                        || (self.toks.get(j + 1).is_some_and(|t| {
                            t.lowercase(self.text)
                                && morph().analyze_shared(self.word(j + 1)).iter().any(|p| {
                                    p.tag.pos == Pos::Noun && p.tag.case == Some(Case::Nomn)
                                })
                        }) && apposition(j))))
        })
    }

    /// Whether an infinitive comes within the first `reach` tokens of `r` (before a comma,
    /// unless `across_commas`): what `призвал`, `потребовал` report (`призвал стороны
    /// прекратить огонь`) as opposed to an object (`предлагает награду`).
    pub(crate) fn infinitive_in(&self, r: Range<usize>, reach: usize, across_commas: bool) -> bool {
        // (Not past a comma: `которым предлагали этот пост, отказывались его занимать`; unless
        // asked to, for the commas of a circumstance's brackets.)
        r.take(reach)
            .take_while(|&i| across_commas || self.word(i) != ",")
            .any(|i| {
                morph()
                    .analyze_shared(self.word(i))
                    .iter()
                    .any(|p| p.tag.pos == Pos::Infn)
            })
    }

    /// Whether `r` holds a judgement's predicate: a lowercase noun, adjective or participle that
    /// reads as an instrumental not governed by a preposition ("ошибкой", "мотивированным"), or
    /// a quotation mark.
    fn predicate_in(&self, r: Range<usize>) -> bool {
        let start = r.start;
        r.take(12).any(|i| {
            self.toks[i].kind == Kind::Quote
                || (self.toks[i].lowercase(self.text) && self.instrumental_predicate(i, start))
        })
    }

    /// Whether the words `r` before a naming verb open with its predicate, fronted to the
    /// sentence's first words ("Основанием … называют ложные данные").
    fn fronted_predicate(&self, r: Range<usize>) -> bool {
        let start = r.start;
        r.take(3).any(|i| {
            self.toks[i].kind == Kind::Word
                && self.mention_at[i].is_none()
                && (self.toks[i].lowercase(self.text) || i == start)
                && self.instrumental_predicate(i, start)
        })
    }

    /// Whether token `i` (not before `start`) reads as an instrumental noun, adjective or
    /// participle that no preposition governs. A preposition is none ("в" also abbreviates
    /// "век").
    fn instrumental_predicate(&self, i: usize, start: usize) -> bool {
        let governed = i > start && governs_instrumental(self.word(i - 1));
        let parses = morph().analyze_shared(self.word(i));
        !governed
            && !parses.iter().any(|p| p.tag.pos == Pos::Prep)
            && parses.iter().any(|p| {
                p.tag.case == Some(Case::Ablt)
                    && matches!(p.tag.pos, Pos::Noun | Pos::Adjf | Pos::Prtf)
            })
    }

    /// Whether the cue at `k` has a thing for its subject, which shows rather than says
    /// (`Последнее говорило о том, что …`, `…, но неосведомленность специалиста говорит о
    /// том, что …`, `То, с каким перевесом был избран патриарх, говорит о том, что …`). The
    /// subject is the first word of the cue's clause. After a comma right before the cue, it
    /// is the first word of the sentence. A name, a person, a personal pronoun for people or
    /// an institution noun speaks; `это` and `оно` show.
    fn thing_as_subject(&self, k: usize, sent: &Range<usize>) -> bool {
        let mut c = if k > sent.start && self.word(k - 1) == "," {
            sent.start
        } else {
            let mut j = k;
            while j > sent.start
                && !matches!(self.word(j - 1), "," | ";" | ":")
                && self.toks[j - 1].kind != Kind::Dash
            {
                j -= 1;
            }
            j
        };
        while c < k
            && self.is(
                c,
                &[
                    "но",
                    "а",
                    "и",
                    "однако",
                    "что",
                    "чтобы",
                    "если",
                    "когда",
                    "хотя",
                    "ведь",
                ],
            )
        {
            c += 1;
        }
        // (`Нынешний политический кризис угрожает`: the head noun after its adjectives.)
        // (`Эту деятельность требуют признать …` opens with its object, no subject.)
        let nominative_adjective = |i: usize| {
            let parses = morph().analyze_shared(self.word(i));
            parses.iter().all(|p| p.tag.pos == Pos::Adjf)
                && parses.iter().any(|p| p.tag.case == Some(Case::Nomn))
        };
        while c + 1 < k
            && self.mention_at[c].is_none()
            && nominative_adjective(c)
            && self.reads_as(c + 1, &[Pos::Noun, Pos::Adjf])
        {
            c += 1;
        }
        // (A relative pronoun stands for a noun before the clause: `лидер, который призвал`.)
        if c >= k || self.mention_at[c].is_some() || self.word(c).starts_with("котор") {
            return false;
        }
        let parses = morph().analyze_shared(self.word(c));
        let speaks = parses.iter().any(|p| {
            p.tag.has(flag::ANIM)
                || matches!(
                    p.lemma.as_str(),
                    "я" | "ты" | "он" | "она" | "мы" | "вы" | "они"
                )
                || lexicon::is_org_anaphor(&p.lemma)
                || lexicon::is_media_noun(&p.lemma)
                || lexicon::speaks_though_inanimate(&p.lemma)
        });
        // (`в то время как полицейские требуют`, `Позднее в Кремле призвали`: a clause opened
        // by a preposition, or by an adverb not right before the verb, is read no further;
        // `Последнее говорило о том` has its subject there.)
        let opener = parses.iter().any(|p| {
            p.tag.pos == Pos::Prep || (c + 1 < k && matches!(p.tag.pos, Pos::Advb | Pos::Comp))
        });
        // (`Легенда кино Брижит Бардо пригрозила`: a person named before the verb speaks.)
        let person = (c + 1..k).any(|i| {
            self.mention_at[i]
                .is_some_and(|m| self.entities[self.mentions[m].entity].kind == EntityType::Per)
        });
        !speaks
            && !opener
            && !person
            && parses.iter().any(|p| {
                p.tag.case == Some(Case::Nomn)
                    && match p.tag.pos {
                        Pos::Noun => true,
                        // (`Последнее говорило о том`, `Это говорит о том`; an adjective or
                        // pronoun standing for a person is not neuter: `пострадавший`, `кто`.)
                        Pos::Adjf | Pos::Npro => p.tag.gender == Some(Gender::Neut),
                        _ => false,
                    }
            })
    }

    /// The `о …` object of `заявить` at `k` (`заявила о строительстве нового центра`,
    /// `заявил о верности КПК`): a declaration's object is what it declared, which the
    /// guideline counts as content (753 of the 9,204 RT/НГ articles of
    /// `shared/data/corpus/ru_articles` hold one). Other verbs with `о` name a topic
    /// (`сообщил о выходе из коалиции`); `заявил о том, что` is the clause's.
    fn declared_about(&self, cue: CueTok, k: usize, sent: &Range<usize>) -> Option<Range<usize>> {
        if !matches!(cue.lemma, "заявить" | "заявлять") || cue.gerund {
            return None;
        }
        let mut from = k + 1;
        while from < sent.end
            && from < k + 3
            && (self.adverb(from) || self.is(from, &["также", "уже"]))
        {
            from += 1;
        }
        (from + 1 < sent.end
            && self.is(from, &["о", "об", "обо"])
            && !self.is(from + 1, &["том", "этом", "себе"]))
        .then(|| from..self.content_end(from, sent))
    }

    /// The `о …` phrase a cue at `k` reports about, when it holds a quoted fragment of the
    /// speaker's words: after the cue (`говорилось только о ранении «небольшого числа»
    /// солдат`), or fronted before it at the sentence's opening (`Ранее о взятках и участии
    /// в «коррумпированной группировке» заявил …`). Without a fragment the phrase names a
    /// topic (`сообщил о выходе из коалиции`), not what was said.
    fn about_fragment(
        &self,
        k: usize,
        sent: &Range<usize>,
        found: &[Found],
    ) -> Option<Range<usize>> {
        // (A fragment of words, not a name: lower-case, two words or more.)
        let holds_fragment = |r: &Range<usize>| {
            found.iter().any(|f| {
                f.kind == QuoteKind::Mixed
                    && f.cue.is_none()
                    && r.start < f.content.start
                    && f.content.end <= r.end
                    && f.content.len() >= 2
                    && self.toks[f.content.start]
                        .text(self.text)
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase)
            })
        };
        let about = |j: usize| self.is(j, &["о", "об", "обо"]) && !self.is(j + 1, &["том", "этом"]);
        let mut from = k + 1;
        while from < sent.end
            && from < k + 3
            && (self.adverb(from) || self.is(from, &["только", "лишь", "также", "тоже", "уже"]))
        {
            from += 1;
        }
        let after = (from < sent.end && about(from))
            .then(|| from..self.content_end(from, sent))
            .filter(|c| holds_fragment(c));
        after.or_else(|| {
            let start = (sent.start..(sent.start + 3).min(k)).find(|&j| about(j))?;
            let c = start..k;
            (holds_fragment(&c) && !(start..k).any(|j| self.word(j) == "," || self.only_verb(j)))
                .then_some(c)
        })
    }

    /// A cue verb's reported content: `X заявил, что …`, `…, заявил X`, `X призвал …`,
    /// `Как сообщил X, …`.
    pub(crate) fn cue_clause(
        &self,
        k: usize,
        sent: &Range<usize>,
        found: &[Found],
    ) -> Option<Found> {
        let (cue, frame, agr) = self.cue(k)?;
        if lexicon::is_quote_only(cue.lemma) {
            return None;
        }
        // `, что …` / `о том, что …` / `that …` within a few tokens, not past another cue
        // (`назвали … и заявили, что …` gives the clause to `заявили`).
        let next_cue = (k + 1..sent.end).find(|&j| self.cue(j).is_some());
        // (A gloss in brackets does not count: `объяснял газете «Гардиан» (The Guardian), что`.)
        let mut reach = k + 8;
        let mut depth = 0usize;
        for j in k + 1..sent.end.min(k + 24) {
            if j >= reach {
                break;
            }
            // (Nor do quotation marks around an outlet: `заявил газете ''Rheinische Post'', что`.)
            if self.toks[j].kind == Kind::Quote {
                reach += 1;
                continue;
            }
            match self.word(j) {
                "(" => depth += 1,
                ")" if depth > 0 => depth -= 1,
                _ if depth == 0 => continue,
                _ => {}
            }
            reach += 1;
        }
        let bound = sent.end.min(next_cue.unwrap_or(usize::MAX));
        // (A `что` inside quotation marks opened after the cue is the quoted words' own:
        // `назвал Керри ''«наилучшей кандидатурой для того, чтобы …»''`.)
        let balanced = |j: usize| {
            (k + 1..j)
                .filter(|&i| self.toks[i].kind == Kind::Quote)
                .count()
                % 2
                == 0
        };
        let that = (k + 1..reach.min(bound))
            .filter(|&j| balanced(j))
            .find(|&j| {
                (self.is(j, &["что", "чтобы"]) && (self.word(j - 1) == "," || j == k + 1))
                    || (self.is(j, &["that"]) && j <= k + 3)
            })
            .or_else(|| {
                // `заявил во вторник 24 мая о том, что …`: `о том, что` may stand further
                // off, past a time phrase with no verb in it.
                (k + 1..(k + 14).min(bound).saturating_sub(3))
                    .find(|&j| {
                        self.is(j, &["о", "об"])
                            && self.is(j + 1, &["том"])
                            && self.word(j + 2) == ","
                            && self.is(j + 3, &["что"])
                    })
                    .filter(|&j| !(k + 1..j).any(|v| self.only_verb(v)))
                    .map(|j| j + 3)
            });
        // (`Как позднее сообщил Иосиф Кобзон, …`: an adverb may stand between.)
        let after_kak = (k > sent.start && self.word(k - 1) == "как")
            || (k > sent.start + 1
                && self.reads_as(k - 1, &[Pos::Advb, Pos::Comp])
                && self.word(k - 2) == "как");
        // (`Министр обороны Израиля Эхуд Барак, призвал …`: a comma between a named subject
        // and its verb, with no clause before it, is a slip, not an inversion.)
        let stray_comma = k > sent.start + 1
            && self.word(k - 1) == ","
            && !self.has_predicate(sent.start..k - 1)
            && self.mention_at[k - 2].is_some_and(|m| {
                self.entities[self.mentions[m].entity].kind == EntityType::Per
                    && self.mention_nominative(&self.mentions[m])
            });
        // (A gerund has no subject after it: `…, назвав выбор Дик «…»` is no `…, заявил X`.)
        let inverted = !after_kak
            && !stray_comma
            && !cue.gerund
            // (One word may open the sentence before the comma: `Впрочем, подчеркивает газета`;
            // a comma opening it is no clause's end.)
            && ((k > sent.start + 1 && self.word(k - 1) == ",")
                || (k > sent.start + 2
                    && self.toks[k - 1].kind == Kind::Dash
                    && (self.word(k - 2) == "," || self.toks[k - 2].kind == Kind::Word)));
        // English puts the speaker between the clause and the cue: `…, the minister said.`
        let english = !self.cyrillic(k);
        let en_inverted = (english && !inverted)
            .then(|| self.en_speaker_before(k, sent))
            .flatten();
        let (content, who) = if let Some(j) = that {
            // (`Закон штата требует, чтобы …`: a thing that demands or calls for something
            // says nothing; nor does one that is talked about.)
            if (frame == Frame::Object || (cue.lemma == "говорить" && self.is(k + 1, &["о"])))
                && self.thing_as_subject(k, sent)
            {
                return None;
            }
            let c = j + 1..self.content_end(j + 1, sent);
            // `Политик заявил, что вся партия и сам Сальвини осудили …, однако напомнил, что
            // …`: the names inside words reported earlier in the sentence are not this cue's
            // subject; with none of its own, it goes on with the earlier speaker.
            // (A gerund's subject is its clause's, reported or not: `По данным следствия,
            // Хендрикс связался с осведомителем, сообщив, что …`.)
            let reported = found
                .iter()
                .filter(|f| f.cue.is_some() && sent.start < f.content.end && f.content.end <= k)
                .map(|f| f.content.end)
                .max()
                .filter(|_| !cue.gerund);
            let who = self
                .who_near(cue, reported.unwrap_or(sent.start)..k, agr)
                .or_else(|| {
                    (!self.addressed_name_in(k + 1..j))
                        .then(|| self.who_in(k + 1..j, agr, false))
                        .flatten()
                })
                .or_else(|| reported.map(|_| Who::Elided(cue.first)));
            (c, who)
        } else if after_kak {
            // `Как сообщил X, …` / `…, как сообщили X, …`: the clause after X.
            if self.word(k + 1) == "," {
                return None;
            }
            match self.clause_comma(k + 1, sent) {
                Some(comma) => {
                    let who = self.who_in(k + 1..comma, agr, false);
                    let c = comma + 1..self.content_end(comma + 1, sent);
                    // `Как сообщает «Интерфакс», пресс-секретарь Наталья Тимакова назвала …`: a
                    // clause whose named subject speaks is that speaker's report, which its own
                    // cue takes; the outlet is only the channel.
                    // (`…, Медведев выразил соболезнования`: a cue with no words of its own
                    // leaves the report to the outlet.)
                    let own_cue = (comma + 1..c.end).find(|&j| self.verb(j)).is_some_and(|j| {
                        self.cue(j).is_some_and(|(inner, frame, _)| {
                            !inner.gerund
                                && !inner.impersonal
                                && (frame == Frame::Object
                                    || (j + 1..(j + 8).min(c.end)).any(|i| {
                                        self.is(i, &["что", "чтобы"])
                                            || self.toks[i].kind == Kind::Quote
                                    }))
                        }) && (comma + 1..j).any(|i| self.mention_at[i].is_some())
                    });
                    if own_cue {
                        return None;
                    }
                    (c, who)
                }
                // `…, как заметил менеджер клуба Кирилл Фастовский.`: closing the sentence, the
                // phrase reports the clause before it.
                None if k >= sent.start + 3
                    && self.word(k - 2) == ","
                    && self.has_predicate(sent.start..k - 2) =>
                {
                    // (The reporter's own `Стоит отметить, что …` is no part of it.)
                    let start = (sent.start..k - 2)
                        .rev()
                        .find(|&j| self.word(j) == ":")
                        .or_else(|| {
                            (sent.start + 1..(sent.start + 5).min(k - 2))
                                .find(|&j| self.word(j) == "что" && self.word(j - 1) == ",")
                        })
                        .map_or(sent.start, |j| j + 1);
                    (start..k - 2, self.who_in(k + 1..sent.end, agr, false))
                }
                None => return None,
            }
        } else if inverted {
            // `…, заявил пресс-секретарь Дмитрий Песков.`: the speaker follows the cue, and the
            // clause before is no quotation.
            // (The comma may be left out before the dash: `…возбуждено уголовное дело -
            // сообщил прокурор района`.)
            let comma = if self.word(k - 1) == "," || self.word(k - 2) != "," {
                k - 1
            } else {
                k - 2
            };
            // A quote closing at the comma is direct speech, unless it is the last quoted
            // fragment of a clause (`… и «выгоден нам», заявил премьер`).
            let fragment = || {
                (sent.start..comma - 1)
                    .rev()
                    .find(|&j| self.toks[j].kind == Kind::Quote)
                    .is_some_and(|open| self.opens_fragment(open))
            };
            // (`…, заявили о выходе из коалиции`: the verb's own object follows, so the clause
            // before is its subject, not what was said; `…, сообщил об этом X` still reports.)
            let own_object =
                self.is(k + 1, &["о", "об", "обо"]) && !self.is(k + 2, &["этом", "том"]);
            // (`цитирует` follows the quoted words themselves, which the direct quotes take.)
            let citation = lexicon::is_citation(cue.lemma);
            if (self.toks[comma - 1].kind == Kind::Quote && !fragment())
                || self.word(k + 1) == ":"
                || own_object
                || citation
            {
                return None;
            }
            // An impersonal report names no speaker of its own (`…, говорится в документе`):
            // a quote all the same, unattributed when the statement has no author in reach.
            let who = self.who_in(k + 1..sent.end, agr, false);
            if who.is_none() && !(cue.impersonal && self.is(k + 1, &["в", "во"])) {
                return None;
            }
            let start = (sent.start..comma)
                .rev()
                .find(|&j| self.word(j) == ":")
                .map_or(sent.start, |j| j + 1);
            // What was said is a clause: `Парламент Грузии в среду, 20 июня, выразил доверие`
            // puts the cue's own subject before the comma, not a report.
            if self.has_predicate(start..comma) {
                (start..comma, who)
            } else {
                // `Впрочем, подчеркивает газета, Мэйсон — не единственный кандидат`: an
                // attribution set off by commas after an opening word reports the rest.
                if comma - start > 3 {
                    return None;
                }
                let close = (k + 1..sent.end.min(k + 1 + ATTRIBUTION_WINDOW))
                    .find(|&j| self.word(j) == ",")?;
                let who = self.who_in(k + 1..close, agr, false)?;
                let rest = close + 1..self.content_end(close + 1, sent);
                if !self.has_predicate(rest.clone()) {
                    return None;
                }
                (rest, Some(who))
            }
        } else if let Some(comma) = en_inverted {
            if self.toks[comma - 1].kind == Kind::Quote {
                return None;
            }
            (sent.start..comma, self.who_in(comma + 1..k, agr, false))
        } else if english
            && frame == Frame::Clause
            && k > sent.start
            && !matches!(cue.lemma, "add" | "note" | "ask" | "write" | "state")
        {
            // `The minister said the talks had failed`: the clause follows the cue directly
            // (after `told reporters`, `told CNN`), when the cue has a speaker before it.
            let mut from = k + 1;
            if cue.lemma == "tell" {
                while from < sent.end && from < k + 4 && !self.is(from, &[","]) {
                    from += 1;
                    if self.toks[from - 1].kind == Kind::Word
                        && !self.capitalised_latin(from - 1)
                        && !matches!(
                            self.word(from - 1),
                            "reporters" | "journalists" | "him" | "her" | "them" | "the"
                        )
                    {
                        break;
                    }
                }
            }
            if from + 2 >= sent.end
                || matches!(
                    self.word(from),
                    "," | "."
                        | "on"
                        | "in"
                        | "at"
                        | "outside"
                        | "after"
                        | "before"
                        | "during"
                        | "from"
                        | "with"
                        | "by"
                        | "for"
                        | "about"
                        | "to"
                )
            {
                return None;
            }
            let c = from..self.content_end(from, sent);
            (c, Some(self.who_near(cue, sent.start..k, agr)?))
        } else if let Some(content) = (frame == Frame::Clause)
            .then(|| self.about_fragment(k, sent, found))
            .flatten()
        {
            // `…говорилось только о ранении «небольшого числа» солдат`, `Ранее о «…» заявил X`:
            // what a report was about, when it quotes the speaker's words.
            let who = if content.end <= k {
                self.who_in(k + 1..sent.end, agr, false)
            } else {
                self.who_near(cue, sent.start..k, agr)
            };
            (content, who)
        } else if let Some(content) = self.declared_about(cue, k, sent) {
            // `американский гигант заявил о покупке Aorato`: what a declaration declared.
            (content, self.who_near(cue, sent.start..k, agr))
        } else if frame == Frame::Object {
            let from = k + 1;
            let naming = cue.lemma == "назвать" || cue.lemma == "называть";
            if from >= sent.end || matches!(self.word(from), "," | "о" | "об") {
                return None;
            }
            let c = from..self.content_end(from, sent);
            // `пообещал в случае победы Путина сформировать правительство`: a circumstance may
            // open the object of a promise or a call, when an infinitive follows; `назвал в
            // интервью`, `указал на …` take none.
            let circumstance = self.is(from, &["на", "в"]);
            let reach = if circumstance { 30 } else { 7 };
            let infinitive = self.infinitive_in(c.clone(), reach, circumstance);
            if circumstance && (naming || !infinitive) {
                return None;
            }
            // `Очевидцы описывают его как молодого человека с бородой`: describing reports a
            // judgement when `как` gives what the object was described as.
            let describing = matches!(cue.lemma, "описать" | "описывать");
            if describing && !(c.start..c.end.min(c.start + 4)).any(|j| self.is(j, &["как"])) {
                return None;
            }
            // A gerund's object clause (`…, пообещав упростить …`) hangs on a subject too far
            // back to find reliably; only a gerund that names (`…, назвав выбор
            // «историческим»`) is taken.
            if !naming && !describing && (cue.gerund || !infinitive) {
                return None;
            }
            // (`Кризис угрожает дестабилизировать экономику` threatens with no words.)
            if !naming && self.thing_as_subject(k, sent) {
                return None;
            }
            // `назвал решение ошибкой` judges; `назвали дочь Рэддикс`, `издание называет
            // командующего Анатолия Хрулева` only name: a judgement has its predicate in the
            // instrumental, or quotes the speaker's word.
            if naming && !self.predicate_in(c.clone()) && !self.fronted_predicate(sent.start..k) {
                return None;
            }
            (c, self.who_near(cue, sent.start..k, agr))
        } else {
            return None;
        };
        // `Она призвала … . Причём просила сделать это единогласно`: a singular past-tense verb
        // opening its sentence (past adverbs and particles) has no subject of its own and goes
        // on with the speaker just before. A plural one reports indefinitely (`Также
        // сообщили, что …`).
        let who = who.or_else(|| {
            (matches!(agr, Agr::Masc | Agr::Femn)
                && !cue.gerund
                && !cue.impersonal
                && cue.first > sent.start
                && (sent.start..cue.first).all(|j| {
                    self.word(j) == ","
                        || self.adverb(j)
                        || self.is(
                            j,
                            &["также", "причём", "причем", "кроме", "того", "а", "и", "но"],
                        )
                }))
            .then_some(Who::Elided(cue.first))
        });
        let content = self.trim(content);
        if !self.long_enough(&content) {
            return None;
        }
        // A clause already reported is not reported twice, and reported content never holds
        // another report's cue (`РФ, как следует из заявления МИД, призывает …`).
        // (An unattributed quoted fragment is no report: reported speech may consist of one.)
        if found.iter().any(|f| {
            (f.cue.is_some() && f.content.start <= content.start && content.end <= f.content.end)
                || f.cue
                    .is_some_and(|c| content.start < c.last && c.first < content.end)
        }) {
            return None;
        }
        Some(Found::attributed(
            QuoteKind::Indirect,
            content,
            cue,
            who,
            agr,
        ))
    }
}
