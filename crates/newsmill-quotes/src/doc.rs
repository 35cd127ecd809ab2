//! The token view the finder works on: words, cues, paragraphs, entity mentions, and the
//! morphological tests every rule asks.
use std::ops::Range;

use newsmill_model::{Entity, EntityType};
use newsmill_nlp::morph::{flag, morph, Case, Gender, Number, Pos};
use newsmill_nlp::token::{CharOffsets, Kind, Token};

use crate::lexicon::{self, Frame};
use crate::{Agr, CueTok, Doc, MentionTok, MAX_WINDOW};

/// Tokens an editor's note in parentheses spans at most, on either side of a line break.
const NOTE_REACH: usize = 24;

/// Whether the line break before token `i` falls inside a short parenthesis: an editor's note
/// in a quote, `(совпадает с мск. — \nRT\n)`, where the scraper put the outlet's link on a line
/// of its own (1,472 of the 9,204 RT and НГ articles of `shared/data/corpus/ru_articles`
/// hold one). Such a break ends no paragraph, so the quote around it stays one.
fn inside_note(text: &str, toks: &[Token], i: usize) -> bool {
    let is = |j: usize, s: &str| toks[j].kind == Kind::Punct && toks[j].text(text) == s;
    let opened = (i.saturating_sub(NOTE_REACH)..i)
        .rev()
        .take_while(|&j| !is(j, ")"))
        .any(|j| is(j, "("));
    opened
        && (i..(i + NOTE_REACH).min(toks.len()))
            .take_while(|&j| !is(j, "("))
            .any(|j| is(j, ")"))
}

impl<'a> Doc<'a> {
    pub(crate) fn new(
        text: &'a str,
        toks: &'a [Token],
        sentences: &[Range<usize>],
        entities: &'a [Entity],
    ) -> Doc<'a> {
        let offsets = CharOffsets::new(text);
        let mut para_of = Vec::with_capacity(toks.len());
        let mut para = 0;
        for (i, t) in toks.iter().enumerate() {
            if i > 0 && text[toks[i - 1].end..t.start].contains('\n') && !inside_note(text, toks, i)
            {
                para += 1;
            }
            para_of.push(para);
        }
        // Sentences never cross a paragraph here.
        let mut sents = Vec::new();
        for s in sentences {
            let mut start = s.start;
            for i in s.start + 1..s.end.min(toks.len()) {
                if para_of[i] != para_of[i - 1] {
                    sents.push(start..i);
                    start = i;
                }
            }
            if start < s.end.min(toks.len()) {
                sents.push(start..s.end.min(toks.len()));
            }
        }
        let mut sent_of = vec![0; toks.len()];
        for (k, s) in sents.iter().enumerate() {
            for slot in &mut sent_of[s.clone()] {
                *slot = k;
            }
        }
        let lower = toks.iter().map(|t| t.text(text).to_lowercase()).collect();
        let char_start: Vec<usize> = toks.iter().map(|t| offsets.char_at(t.start)).collect();
        let char_end: Vec<usize> = toks.iter().map(|t| offsets.char_at(t.end)).collect();
        // Entity mentions (code points) onto token ranges, in text order.
        let mut mentions = Vec::new();
        for (e, entity) in entities.iter().enumerate() {
            for m in &entity.mentions {
                let first = char_start.partition_point(|&c| c < m.start);
                let last = char_end.partition_point(|&c| c < m.end);
                if first >= toks.len() || last >= toks.len() || first > last {
                    continue;
                }
                if char_start[first] != m.start || char_end[last] != m.end {
                    continue;
                }
                mentions.push(MentionTok {
                    entity: e,
                    first,
                    last: last + 1,
                });
            }
        }
        mentions.sort_by_key(|m| (m.first, m.last));
        let mut mention_at = vec![None; toks.len()];
        for (k, m) in mentions.iter().enumerate() {
            for slot in &mut mention_at[m.first..m.last] {
                *slot = Some(k);
            }
        }
        let mut doc = Doc {
            text,
            toks,
            sents,
            sent_of,
            para_of,
            lower,
            mention_at,
            mentions,
            entities,
            offsets,
            cues: Vec::new(),
            names: std::cell::RefCell::new(vec![None; entities.len()]),
            genders: std::cell::RefCell::new(vec![None; entities.len()]),
        };
        doc.cues = (0..toks.len()).map(|i| doc.find_cue(i)).collect();
        doc
    }

    /// Token `i` lowercased; `""` past the end.
    pub(crate) fn word(&self, i: usize) -> &str {
        self.lower.get(i).map_or("", String::as_str)
    }

    pub(crate) fn is(&self, i: usize, words: &[&str]) -> bool {
        i < self.toks.len() && words.contains(&self.word(i))
    }

    pub(crate) fn cyrillic(&self, i: usize) -> bool {
        self.lower[i]
            .chars()
            .next()
            .is_some_and(|c| matches!(c, 'а'..='я' | 'ё'))
    }

    /// The cue at token `i`, if any.
    pub(crate) fn cue(&self, i: usize) -> Option<(CueTok, Frame, Agr)> {
        self.cues.get(i).copied().flatten()
    }

    /// The cue at token `i`: a speech verb by lemma (Russian) or form (English). A finite verb or
    /// a gerund; not the reporter's own `напомним`/`отметим` (first person) nor an infinitive
    /// (`стоит отметить`, `должен назвать`).
    pub(crate) fn find_cue(&self, i: usize) -> Option<(CueTok, Frame, Agr)> {
        // A word of a name (`Комитет по Оценке СМИ`) reports nothing.
        if self.toks[i].kind != Kind::Word || self.mention_at[i].is_some() {
            return None;
        }
        if !self.cyrillic(i) {
            let (lemma, frame) = lexicon::en_cue(self.word(i))?;
            let cue = CueTok {
                first: i,
                last: i + 1,
                lemma,
                gerund: false,
                impersonal: false,
            };
            return Some((cue, frame, Agr::Any));
        }
        let parses = morph().analyze_shared(self.word(i));
        if self.is(i + 1, &["слова"])
            && parses.iter().any(|p| {
                p.tag.pos == Pos::Verb && matches!(p.lemma.as_str(), "приводить" | "привести")
            })
        {
            let cue = CueTok {
                first: i,
                last: i + 2,
                lemma: lexicon::PASSES_ON_WORDS,
                gerund: false,
                impersonal: false,
            };
            return Some((cue, Frame::Clause, Agr::Any));
        }
        for p in parses.iter() {
            // `В заявлении сказано, что …`, `указано`: the impersonal short participle of a
            // speech verb reports as `говорится` does.
            let impersonal = p.tag.pos == Pos::Prts
                && p.tag.gender == Some(Gender::Neut)
                && matches!(
                    p.lemma.as_str(),
                    "сказать" | "указать" | "отметить" | "заявить" | "подчеркнуть"
                );
            if !(matches!(p.tag.pos, Pos::Verb | Pos::Grnd) || impersonal)
                || p.tag.text.contains("1per")
                || p.tag.text.contains("impr")
            {
                continue;
            }
            // `напоминает поведение Первого Доктора`, `передав материалы Роскомнадзору`: with a
            // thing for its direct object the verb resembles or hands over, and says nothing.
            if matches!(
                p.lemma.as_str(),
                "напомнить" | "напоминать" | "передать" | "передавать"
            ) && self.thing_object(i + 1)
            {
                continue;
            }
            // `признав его виновным`, `признан банкротом`: a verdict, not words.
            if matches!(p.lemma.as_str(), "признать" | "признавать") && self.verdict_after(i)
            {
                continue;
            }
            if let Some((lemma, frame)) = lexicon::ru_cue(&p.lemma) {
                let agr = match (p.tag.number, p.tag.gender) {
                    (Some(Number::Plur), _) => Agr::Plur,
                    (_, Some(Gender::Masc)) => Agr::Masc,
                    (_, Some(Gender::Femn)) => Agr::Femn,
                    (_, Some(Gender::Neut)) => Agr::Neut,
                    _ => Agr::Any,
                };
                let cue = CueTok {
                    first: i,
                    last: i + 1,
                    lemma,
                    gerund: p.tag.pos == Pos::Grnd,
                    impersonal: impersonal || lexicon::is_impersonal_cue(lemma),
                };
                return Some((cue, frame, agr));
            }
        }
        None
    }

    /// Whether token `i` is a lowercase common noun that can be a direct object (accusative)
    /// and not an addressee (dative), outside any name, and no outlet or institution
    /// (`передаёт агентство` names its subject).
    fn thing_object(&self, i: usize) -> bool {
        if i >= self.toks.len()
            || !self.toks[i].lowercase(self.text)
            || self.mention_at[i].is_some()
        {
            return false;
        }
        let parses = morph().analyze_shared(self.word(i));
        parses
            .iter()
            .any(|p| p.tag.pos == Pos::Noun && p.tag.case == Some(Case::Accs))
            && !parses.iter().any(|p| {
                p.tag.case == Some(Case::Datv)
                    || lexicon::is_media_noun(&p.lemma)
                    || lexicon::is_voice_of(&p.lemma)
                    || p.tag.has(flag::ANIM)
            })
    }

    /// Whether an adjective or noun in the instrumental follows token `i` within three words,
    /// before any punctuation (`признал его виновным`, `признали лучшим игроком`).
    fn verdict_after(&self, i: usize) -> bool {
        (i + 1..(i + 4).min(self.toks.len()))
            .take_while(|&j| self.toks[j].kind == Kind::Word)
            .any(|j| {
                // (`в` is also an abbreviation of `век`, in any case.)
                morph().analyze_shared(self.word(j)).iter().any(|p| {
                    p.tag.case == Some(Case::Ablt)
                        && matches!(p.tag.pos, Pos::Adjf | Pos::Prtf | Pos::Noun)
                        && !p.tag.has(flag::ANIM)
                        && !p.tag.has(flag::ABBR)
                })
            })
    }

    pub(crate) fn para_range(&self, i: usize) -> Range<usize> {
        let p = self.para_of[i];
        let start = self.para_of.partition_point(|&x| x < p);
        let end = self.para_of.partition_point(|&x| x <= p);
        start..end
    }

    /// Strips punctuation and quotation marks at both ends of a token range.
    pub(crate) fn trim(&self, mut r: Range<usize>) -> Range<usize> {
        let strip = |t: &Token| {
            matches!(t.kind, Kind::Dash | Kind::Quote)
                || (t.kind == Kind::Punct && matches!(t.text(self.text), "," | ":" | ";"))
        };
        while r.start < r.end && strip(&self.toks[r.start]) {
            r.start += 1;
        }
        while r.end > r.start && strip(&self.toks[r.end - 1]) {
            r.end -= 1;
        }
        r
    }

    /// Whether token `i` is a personal pronoun or a capitalised word: what stands between a
    /// quote and its cue in `"…," he said` / `«…», Песков сказал`.
    pub(crate) fn pronoun_or_name(&self, i: usize) -> bool {
        lexicon::pronoun(self.word(i)).is_some() || self.toks[i].capitalised(self.text)
    }

    /// Whether token `i` can only be a preposition.
    pub(crate) fn preposition(&self, i: usize) -> bool {
        let parses = morph().analyze_shared(self.word(i));
        !parses.is_empty() && parses.iter().all(|p| p.tag.pos == Pos::Prep)
    }

    /// Whether token `i` is a lower-case word that can be a preposition (`под`, `вблизи`).
    pub(crate) fn lower_preposition(&self, i: usize) -> bool {
        self.toks[i].lowercase(self.text)
            && morph()
                .analyze_shared(self.word(i))
                .iter()
                .any(|p| p.tag.pos == Pos::Prep)
    }

    /// Whether mention `mt` stands in the nominative: written as its entity's normal form
    /// (every word of it a word of the norm: `Мартина Биг`, whose first name the dictionary
    /// reads only as the genitive of `Мартин`), else by the morphology of its first word, unless
    /// a person's surname reads as a nominative only of the other gender (`Д.Медведева` of
    /// `Дмитрий Медведев`).
    pub(crate) fn mention_nominative(&self, mt: &MentionTok) -> bool {
        if self.entities[mt.entity].kind != EntityType::Per {
            return self.nominative(mt.first);
        }
        if self.written_as_norm(mt) {
            return true;
        }
        let Some(last) = (mt.first..mt.last)
            .rev()
            .find(|&i| self.toks[i].kind == Kind::Word)
        else {
            return false;
        };
        // `Представитель Эрдогана назвал`: the name of the entity with a case ending added
        // is an oblique form, whatever the guesser makes of an unknown surname, when the text
        // also writes the name bare (a norm cut from `Криштиану Роналду` is no such name).
        let norm_last = self.entities[mt.entity]
            .norm
            .split_whitespace()
            .last()
            .map(str::to_lowercase)
            .unwrap_or_default();
        let written = self.word(last);
        if !norm_last.is_empty()
            && written.len() > norm_last.len()
            && written.starts_with(&norm_last)
            && self.mentions.iter().any(|other| {
                other.entity == mt.entity
                    && (other.first..other.last).any(|i| self.word(i) == norm_last)
            })
        {
            return false;
        }
        // Genders of the last word's nominative name readings.
        let (mut masc, mut femn) = (false, false);
        for p in morph().analyze_shared(self.word(last)).iter() {
            if p.known
                && p.tag.case == Some(Case::Nomn)
                && p.tag.flags & (flag::NAME | flag::SURN) != 0
            {
                masc |= p.tag.gender == Some(Gender::Masc);
                femn |= p.tag.gender == Some(Gender::Femn);
            }
        }
        let conflict = match self.person_gender(mt.entity) {
            Some(Gender::Masc) => femn && !masc,
            Some(Gender::Femn) => masc && !femn,
            _ => false,
        };
        let first = (mt.first..mt.last)
            .find(|&i| self.toks[i].kind == Kind::Word)
            .unwrap_or(last);
        !conflict && self.nominative(first)
    }

    /// Whether token `i` is a first name the dictionary knows, in the nominative (`Пётр`).
    pub(crate) fn known_first_name(&self, i: usize) -> bool {
        morph()
            .analyze_shared(self.word(i))
            .iter()
            .any(|p| p.known && p.tag.has(flag::NAME) && p.tag.case == Some(Case::Nomn))
    }

    /// Whether a person's mention is written in the words of its normal form (`Пётр` of
    /// `Пётр Завьялов`, not `Сингха` of `Сингх`).
    pub(crate) fn written_as_norm(&self, mt: &MentionTok) -> bool {
        let fold = |c: char| match c {
            'ё' | 'Ё' => 'е',
            c => c.to_lowercase().next().unwrap_or(c),
        };
        let same = |a: &str, b: &str| a.chars().map(fold).eq(b.chars().map(fold));
        let norm = &self.entities[mt.entity].norm;
        self.entities[mt.entity].kind == EntityType::Per
            && (mt.first..mt.last).all(|i| {
                let w = self.toks[i].text(self.text);
                self.toks[i].kind != Kind::Word
                    || !w.chars().any(char::is_alphabetic)
                    || norm.split(' ').any(|n| same(n, w))
            })
    }

    /// Whether token `i` touches both its neighbours (the hyphen of `62-летний`), so is no
    /// dash between phrases.
    pub(crate) fn glued(&self, i: usize) -> bool {
        i > 0
            && i + 1 < self.toks.len()
            && self.toks[i - 1].end == self.toks[i].start
            && self.toks[i].end == self.toks[i + 1].start
    }

    /// Whether the quotation mark at token `open` opens a fragment inside a clause: a Cyrillic
    /// word of the same sentence stands right before it (`и «выгоден нам»`).
    pub(crate) fn opens_fragment(&self, open: usize) -> bool {
        let sent_start = self.sents[self.sent_of[open]].start;
        open > sent_start && self.toks[open - 1].kind == Kind::Word && self.cyrillic(open - 1)
    }

    /// Whether a person's mention or a personal pronoun lies in `r`.
    pub(crate) fn person_in(&self, r: Range<usize>) -> bool {
        r.into_iter().any(|i| {
            self.mention_at[i]
                .is_some_and(|m| self.entities[self.mentions[m].entity].kind == EntityType::Per)
                || self.nominative_pronoun(self.word(i))
        })
    }

    /// Whether token `i` can only be an adverb (`Позднее`, `Также`).
    pub(crate) fn adverb(&self, i: usize) -> bool {
        let parses = morph().analyze_shared(self.word(i));
        !parses.is_empty()
            && parses
                .iter()
                .all(|p| matches!(p.tag.pos, Pos::Advb | Pos::Comp | Pos::Prcl))
    }

    /// Whether token `i` can be a finite verb.
    pub(crate) fn verb(&self, i: usize) -> bool {
        i < self.toks.len()
            && morph()
                .analyze_shared(self.word(i))
                .iter()
                .any(|p| p.tag.pos == Pos::Verb)
    }

    /// Whether token `i` is a word every reading of which is a finite verb (`является`, not
    /// `стали`, which is also the genitive of `сталь`).
    pub(crate) fn only_verb(&self, i: usize) -> bool {
        if self.toks[i].kind != Kind::Word {
            return false;
        }
        let parses = morph().analyze_shared(self.word(i));
        !parses.is_empty() && parses.iter().all(|p| p.tag.pos == Pos::Verb)
    }

    /// Whether tokens `r` can form a clause: a verb, a short form, a predicative (`нет`,
    /// `нужно`), a comparative, or a dash standing for the copula.
    pub(crate) fn has_predicate(&self, r: Range<usize>) -> bool {
        r.into_iter().any(|i| {
            self.toks[i].kind == Kind::Dash
                || morph().analyze_shared(self.word(i)).iter().any(|p| {
                    matches!(
                        p.tag.pos,
                        Pos::Verb | Pos::Infn | Pos::Prts | Pos::Adjs | Pos::Pred | Pos::Comp
                    )
                })
        })
    }

    /// Whether token `i` is only an adjective (`российском`, `Индийские`).
    pub(crate) fn adjective(&self, i: usize) -> bool {
        let parses = morph().analyze_shared(self.word(i));
        !parses.is_empty()
            && parses
                .iter()
                .all(|p| matches!(p.tag.pos, Pos::Adjf | Pos::Prtf))
    }

    /// Whether token `i` has a reading of one of the parts of speech `pos`.
    pub(crate) fn reads_as(&self, i: usize, pos: &[Pos]) -> bool {
        morph()
            .analyze_shared(self.word(i))
            .iter()
            .any(|p| pos.contains(&p.tag.pos))
    }

    /// Whether token `i` is a lower-case word that can be a noun (`агентство`).
    pub(crate) fn common_noun(&self, i: usize) -> bool {
        let w = self.word(i);
        w.chars().next().is_some_and(char::is_lowercase)
            && morph()
                .analyze_shared(w)
                .iter()
                .any(|p| p.tag.pos == Pos::Noun)
    }

    /// Whether token `i` can be a noun in `case` (`журналистам` in the dative).
    pub(crate) fn noun_in(&self, i: usize, case: Case) -> bool {
        morph()
            .analyze_shared(self.word(i))
            .iter()
            .any(|p| p.tag.pos == Pos::Noun && p.tag.case == Some(case))
    }

    /// The entity whose mention covers token `i`, if any (`None` past the end).
    pub(crate) fn entity_at(&self, i: usize) -> Option<usize> {
        self.mention_at
            .get(i)
            .copied()
            .flatten()
            .map(|m| self.mentions[m].entity)
    }

    /// Whether an entity mention starts right after token `i`, past an opening quotation mark.
    pub(crate) fn followed_by_mention(&self, i: usize) -> bool {
        self.mention_at
            .get(self.past_quotes(i))
            .is_some_and(Option::is_some)
    }

    /// The token after `i`, past an opening quotation mark (`агентство «Ассошиэйтед пресс»`;
    /// wiki markup doubles the mark: `агентство ''Reuters''`).
    fn past_quotes(&self, i: usize) -> usize {
        (i + 1..i + 3)
            .find(|&j| self.toks.get(j).is_none_or(|t| t.kind != Kind::Quote))
            .unwrap_or(i + 3)
    }

    /// Whether a capitalised Latin word follows token `i`, past quotation marks: a name the
    /// entity layer may have missed (`издание Paris Match`).
    pub(crate) fn followed_by_latin_name(&self, i: usize) -> bool {
        let next = self.past_quotes(i);
        next < self.toks.len() && self.capitalised_latin(next)
    }

    /// Whether token `i` is a content word: no reading as a conjunction, preposition, particle,
    /// interjection or pronoun, and no abbreviation (`и` is also "и.о." to the dictionary).
    pub(crate) fn content_word(&self, i: usize) -> bool {
        !morph().analyze_shared(self.word(i)).iter().any(|p| {
            matches!(
                p.tag.pos,
                Pos::Conj | Pos::Prep | Pos::Prcl | Pos::Intj | Pos::Npro
            ) || p.tag.has(flag::ABBR)
        })
    }

    pub(crate) fn capitalised_latin(&self, i: usize) -> bool {
        self.toks[i].kind == Kind::Word
            && self.toks[i]
                .text(self.text)
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase())
    }

    pub(crate) fn preceded_by_v(&self, i: usize) -> bool {
        (1..=3).any(|d| i >= d && self.is(i - d, &["в", "во"]))
    }

    /// Whether token `i` can be in the nominative. Latin words and acronyms can; a capitalised
    /// word the dictionary knows as a name is decided by its name readings (`Путина` is no
    /// "fishing season" here); any other capitalised word can (`Песков` is "of sands" to the
    /// dictionary, `Магуайр` a guess): its case says nothing of the name. Else a nominative
    /// reading decides.
    pub(crate) fn nominative(&self, i: usize) -> bool {
        let written = self.toks[i].text(self.text);
        if !self.cyrillic(i)
            || written
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        {
            return true;
        }
        let parses = morph().analyze_shared(self.word(i));
        let is_nominative = |p: &newsmill_nlp::morph::Parse| {
            p.tag.case == Some(Case::Nomn) || p.tag.case.is_none() || p.tag.has(flag::FIXD)
        };
        let capitalised = written.chars().next().is_some_and(char::is_uppercase);
        if capitalised {
            let proper = flag::NAME | flag::SURN | flag::PATR | flag::GEOX | flag::ORGN;
            // A first name's plural (`Анны`, "Annas") is no subject: it is the genitive.
            let mut names = parses.iter().filter(|p| {
                p.known
                    && p.tag.flags & proper != 0
                    && !(p.tag.has(flag::NAME) && p.tag.number == Some(Number::Plur))
            });
            return match names.next() {
                Some(first) => is_nominative(first) || names.any(is_nominative),
                None => true,
            };
        }
        parses.is_empty() || parses.iter().any(is_nominative)
    }

    pub(crate) fn char_span(&self, first: usize, last: usize) -> (usize, usize) {
        (
            self.offsets.char_at(self.toks[first].start),
            self.offsets.char_at(self.toks[last - 1].end),
        )
    }

    pub(crate) fn slice(&self, first: usize, last: usize) -> &str {
        &self.text[self.toks[first].start..self.toks[last - 1].end]
    }

    /// The first paragraph, when it reads as a headline: one line of at most 40 tokens that
    /// does not end in sentence-final punctuation, with more text after it.
    pub(crate) fn headline(&self) -> Option<Range<usize>> {
        let first = self.para_range(0);
        let last = first.end.checked_sub(1)?;
        let closed = self.toks[last].kind == Kind::Terminal
            || (self.toks[last].kind == Kind::Quote
                && last > 0
                && self.toks[last - 1].kind == Kind::Terminal);
        (first.end < self.toks.len() && first.len() <= 40 && !closed).then_some(first)
    }

    /// The stretches of text searched as one: paragraphs, cut at sentence boundaries when longer
    /// than [`MAX_WINDOW`] tokens.
    pub(crate) fn windows(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        while start < self.toks.len() {
            let para = self.para_range(start);
            let mut end = para.end;
            if end - start > MAX_WINDOW {
                // The last sentence start that keeps the window within bounds (or a hard cut
                // for one monster sentence).
                end = self
                    .sents
                    .iter()
                    .rev()
                    .map(|s| s.start)
                    .find(|&b| b > start && b <= start + MAX_WINDOW)
                    .unwrap_or(start + MAX_WINDOW);
            }
            out.push(start..end);
            start = end;
        }
        out
    }
}
