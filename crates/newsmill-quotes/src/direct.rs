//! Quotation marks and dialogue dashes: segments, and the direct quotes their attributions make.
use std::ops::Range;

use newsmill_model::{EntityType, QuoteKind};
use newsmill_nlp::token::Kind;

use crate::lexicon;
use crate::{Agr, CueTok, Doc, Found, Range2, Segment, Who, ATTRIBUTION_WINDOW};

/// The kind of a quotation mark, for pairing.
#[derive(PartialEq, Clone, Copy)]
enum Style {
    Guillemet,
    Low,
    Curly,
    Straight,
}

impl<'a> Doc<'a> {
    /// Quotation-mark pairs at depth 0, paragraph by paragraph, plus dialogue turns. A quote
    /// whose marks open in one paragraph and close in the next (`сказал: “…` ¶ `…”`) gives
    /// one segment in each: from its opening mark to the paragraph's end, and from the next
    /// paragraph's start to its closing mark.
    pub(crate) fn segments(&self, window: Range<usize>) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut stack: Vec<(usize, Style)> = Vec::new();
        let mut i = window.start;
        while i < window.end {
            let para = self.para_range(i);
            let end = para.end.min(window.end);
            stack.clear();
            if i == para.start {
                // A dialogue turn: a paragraph opening with a dash, up to `, —` and a cue.
                if self.toks[i].kind == Kind::Dash {
                    if let Some(close) = self.dialogue_end(i) {
                        out.push(Segment { open: i, close });
                    }
                }
                // The paragraph before left a quote open that closes in this one: its last
                // token stands in for the opening mark.
                if let Some((_, style)) = i
                    .checked_sub(1)
                    .and_then(|last| self.open_across(self.para_range(last)))
                {
                    stack.push((i - 1, style));
                }
            }
            self.pair_marks(i..end, &mut stack, |open, close| {
                if open + 1 < close {
                    // (`сообщили: ''«…»''`: wiki markup for italics around the marks belongs
                    // to them.)
                    let apostrophe =
                        |k: usize| self.toks[k].kind == Kind::Quote && self.word(k) == "'";
                    let (mut open, mut close) = (open, close);
                    while open > window.start && apostrophe(open - 1) {
                        open -= 1;
                    }
                    while close + 1 < window.end && apostrophe(close + 1) {
                        close += 1;
                    }
                    out.push(Segment { open, close });
                }
            });
            if end == para.end {
                if let Some((open, _)) = self.open_across(para.clone()) {
                    if open >= i {
                        out.push(Segment {
                            open,
                            close: para.end,
                        });
                    }
                }
            }
            i = end;
        }
        out.sort_by_key(|s| s.open);
        // Dialogue turns can hold quotation marks: keep the outer segment only.
        let mut kept: Vec<Segment> = Vec::with_capacity(out.len());
        for s in out {
            if kept.last().is_some_and(|k| s.open < k.close) {
                continue;
            }
            kept.push(s);
        }
        kept
    }

    /// Pairs the quotation marks among tokens `range`, from the openers already on `stack`:
    /// calls `pair(open, close)` for each pair closed at depth 0, and leaves the openers that
    /// stay open on `stack`.
    fn pair_marks(
        &self,
        range: Range<usize>,
        stack: &mut Vec<(usize, Style)>,
        mut pair: impl FnMut(usize, usize),
    ) {
        let close_to = |stack: &mut Vec<(usize, Style)>, styles: &[Style]| {
            let at = stack.iter().rposition(|(_, s)| styles.contains(s))?;
            let (open, _) = stack[at];
            stack.truncate(at);
            Some(open)
        };
        for i in range {
            if self.toks[i].kind != Kind::Quote {
                continue;
            }
            let closed = match self.word(i) {
                "«" => {
                    stack.push((i, Style::Guillemet));
                    None
                }
                "„" => {
                    stack.push((i, Style::Low));
                    None
                }
                "»" => close_to(stack, &[Style::Guillemet]),
                "“" => {
                    if stack.iter().any(|(_, s)| *s == Style::Low) {
                        close_to(stack, &[Style::Low])
                    } else {
                        stack.push((i, Style::Curly));
                        None
                    }
                }
                "”" => close_to(stack, &[Style::Low, Style::Curly]),
                "\"" => {
                    if self.straight_opens(i) {
                        stack.push((i, Style::Straight));
                        None
                    } else {
                        close_to(stack, &[Style::Straight])
                    }
                }
                _ => None,
            };
            if let Some(open) = closed.filter(|_| stack.is_empty()) {
                pair(open, i);
            }
        }
    }

    /// The outermost quotation mark that paragraph `para` leaves open, when the next paragraph
    /// closes it (`Лаурентий Д. сказал: “…` ¶ `… в мою частную жизнь.”`), with its style.
    /// Only the next paragraph: a mark that stays open longer is a typo, not a quote.
    fn open_across(&self, para: Range<usize>) -> Option<(usize, Style)> {
        let mut stack = Vec::new();
        self.pair_marks(para.clone(), &mut stack, |_, _| {});
        let &(open, style) = stack.first()?;
        if para.end >= self.toks.len() {
            return None;
        }
        let mut carried = vec![(open, style)];
        let mut closed = false;
        self.pair_marks(self.para_range(para.end), &mut carried, |o, _| {
            closed |= o == open;
        });
        closed.then_some((open, style))
    }

    /// Whether a straight `"` at token `i` opens a quote: space (or a paragraph start, or an
    /// opening bracket or dash) before it and a word glued after it.
    pub(crate) fn straight_opens(&self, i: usize) -> bool {
        let before = self.text[..self.toks[i].start].chars().next_back();
        let spaced_before = match before {
            None => true,
            Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | ':' | '«' | '„'),
        };
        let glued_after = self
            .toks
            .get(i + 1)
            .is_some_and(|n| n.start == self.toks[i].end);
        spaced_before && glued_after
    }

    /// The end of a dialogue turn opening at dash `i`: the punctuation before `, — cue`.
    pub(crate) fn dialogue_end(&self, i: usize) -> Option<usize> {
        let para = self.para_range(i);
        let mut j = i + 1;
        while j + 2 < para.end {
            if matches!(self.word(j), "," | "!" | "?" | "…" | ".")
                && self.toks[j + 1].kind == Kind::Dash
                && (j + 2..(j + 5).min(para.end)).any(|k| self.cue(k).is_some())
            {
                return (j > i + 1).then_some(j);
            }
            j += 1;
        }
        None
    }

    /// Direct quotes: segments with an attribution after or before them, and their continuations.
    ///
    /// `before` is the last direct quote of the text before the window, which a paragraph-long
    /// quote may continue.
    pub(crate) fn direct(&self, window: Range<usize>, before: Option<&Found>) -> Vec<Found> {
        let segments = self.segments(window.clone());
        let mut out: Vec<Found> = Vec::new();
        let mut pending_continuation: Option<(usize, usize)> = None; // (open token, found index)
        for seg in &segments {
            let content = self.trim(seg.open + 1..seg.close);
            if content.is_empty() || self.listed_name(seg) {
                continue;
            }
            // `«…, — сказал Мадуро. — …»`: one pair of marks around two quotes and their
            // attribution.
            if let Some((first, cue, agr, who, second)) = self.inner_attribution(content.clone()) {
                out.push(Found::attributed(QuoteKind::Direct, first, cue, who, agr));
                let at = out.len() - 1;
                out.push(Found {
                    kind: QuoteKind::Direct,
                    content: second,
                    cue: Some(cue),
                    who: None,
                    continues: Some(out[at].content.start),
                    agr,
                    subject: false,
                });
                continue;
            }
            // (A next quote with an attribution of its own is its own: `«…», — заявил
            // Лолашвили. «…», — сказал Товпинец.`)
            let own = self.attribution_after(seg);
            if let Some((open, idx)) = pending_continuation.take() {
                if open == seg.open && own.is_none() {
                    out.push(Found {
                        kind: QuoteKind::Direct,
                        content,
                        cue: out[idx].cue,
                        who: None,
                        continues: Some(out[idx].content.start),
                        agr: out[idx].agr,
                        subject: false,
                    });
                    continue;
                }
            }
            if let Some((cue, agr, who, end)) = own {
                out.push(Found::attributed(QuoteKind::Direct, content, cue, who, agr));
                // `"…", — сказал он, — "…"` (and `"…," he said. "…"`): the next segment
                // continues this quote.
                if end + 2 < self.toks.len()
                    && matches!(self.word(end), "," | ".")
                    && self.toks[end + 1].kind == Kind::Dash
                    && self.toks[end + 2].kind == Kind::Quote
                {
                    pending_continuation = Some((end + 2, out.len() - 1));
                } else if end + 1 < self.toks.len()
                    && self.toks[end].kind == Kind::Terminal
                    && self.toks[end + 1].kind == Kind::Quote
                    && self.para_of[end + 1] == self.para_of[end]
                {
                    pending_continuation = Some((end + 1, out.len() - 1));
                }
                continue;
            }
            // The rest of a quote whose marks opened in the paragraph before (its segment
            // starts at that paragraph's last token): it continues the quote found there.
            let carried = self.para_of[seg.open] != self.para_of[seg.open + 1];
            if let Some(prev) = before.filter(|f| {
                carried
                    && f.kind == QuoteKind::Direct
                    && self.para_of[f.content.start] == self.para_of[seg.open]
            }) {
                out.push(Found {
                    kind: QuoteKind::Direct,
                    content,
                    cue: prev.cue,
                    who: None,
                    continues: Some(prev.content.start),
                    agr: prev.agr,
                    subject: false,
                });
                continue;
            }
            if let Some((cue, agr, who)) = self.attribution_before(seg) {
                out.push(Found::attributed(QuoteKind::Direct, content, cue, who, agr));
                continue;
            }
            if let Some(who) = self.name_colon(seg) {
                out.push(Found::named(content, who));
                continue;
            }
            // A quoted fragment that is not a direct quote: mixed if reported speech holds it
            // (decided in `indirect`), else a whole paragraph continuing the previous paragraph's
            // quote, else a name or scare quotes.
            out.push(Found {
                kind: QuoteKind::Mixed,
                content,
                cue: None,
                who: None,
                continues: None,
                agr: Agr::Any,
                subject: false,
            });
        }
        // `Нихад Авад сказал:` closing a paragraph: the next paragraph is what he said.
        self.colon_paragraph(window, &mut out);
        // Unattributed paragraph-long quotes right after a paragraph whose quote had a speaker.
        for k in 0..out.len() {
            if out[k].kind != QuoteKind::Mixed || out[k].cue.is_some() {
                continue;
            }
            let c = out[k].content.clone();
            let para = self.para_range(c.start);
            let whole = c.start <= para.start + 1 && c.end + 2 >= para.end;
            let prev = (0..k)
                .rev()
                .find(|&j| out[j].kind == QuoteKind::Direct)
                .map(|j| (out[j].content.start, out[j].cue, out[j].agr))
                .or(before.map(|f| (f.content.start, f.cue, f.agr)));
            if let Some((start, cue, agr)) = prev.filter(|_| whole) {
                if self.para_of[start] + 1 == self.para_of[c.start] {
                    out[k].kind = QuoteKind::Direct;
                    out[k].continues = Some(start);
                    out[k].cue = cue;
                    out[k].agr = agr;
                }
            }
        }
        out
    }

    /// Whether a segment is one item of a list of quoted names (`выразили соболезнования:
    /// «Милан», «Барселона», «Реал»`): at most three words, with another quoted item right
    /// after it or right before it past a comma.
    pub(crate) fn listed_name(&self, seg: &Segment) -> bool {
        let words = (seg.open + 1..seg.close)
            .filter(|&i| self.toks[i].kind == Kind::Word)
            .count();
        let quote_at = |i: usize| self.toks.get(i).is_some_and(|t| t.kind == Kind::Quote);
        let comma_at = |i: usize| self.toks.get(i).is_some_and(|_| self.word(i) == ",");
        let next = comma_at(seg.close + 1) && quote_at(seg.close + 2);
        let prev = seg.open >= 2 && comma_at(seg.open - 1) && quote_at(seg.open - 2);
        words <= 3 && (next || prev)
    }

    /// A quote whose marks hold its attribution: `«A, — сказал X. — B»` → (A, cue, agreement,
    /// speaker, B).
    #[allow(clippy::type_complexity)]
    pub(crate) fn inner_attribution(
        &self,
        r: Range<usize>,
    ) -> Option<(Range<usize>, CueTok, Agr, Option<Who>, Range<usize>)> {
        let mut j = r.start + 1;
        while j + 2 < r.end {
            if matches!(self.word(j), "," | "." | "!" | "?" | "…")
                && self.toks[j + 1].kind == Kind::Dash
            {
                let w_start = j + 2;
                let w_end = (w_start..r.end.min(w_start + ATTRIBUTION_WINDOW)).find(|&k| {
                    matches!(self.word(k), "," | ".")
                        && self.toks.get(k + 1).is_some_and(|t| t.kind == Kind::Dash)
                })?;
                let (cue, _, agr) = (w_start..w_end).find_map(|k| self.cue(k))?;
                let second = self.trim(w_end + 2..r.end);
                if second.is_empty() {
                    return None;
                }
                let who = self.who_near(cue, w_start..w_end, agr);
                return Some((self.trim(r.start..j), cue, agr, who, second));
            }
            j += 1;
        }
        None
    }

    /// A paragraph introduced by a cue and a colon ending the paragraph before: a direct quote
    /// (holding whatever unattributed quotation marks it has).
    pub(crate) fn colon_paragraph(&self, window: Range<usize>, out: &mut Vec<Found>) {
        let para = self.para_range(window.start);
        if para.start != window.start || para.start == 0 {
            return;
        }
        let last = para.start - 1;
        let sent = self.sents[self.sent_of[last]].clone();
        if self.word(last) != ":" {
            return;
        }
        // Two blank lines or more after the colon: what it announced (an embedded post or
        // video) was lost with the page, and the next paragraph is the reporter's again.
        let gap = &self.text[self.toks[last].end..self.toks[para.start].start];
        if gap.matches('\n').count() >= 3 {
            return;
        }
        // `По его словам, …:` names the speaker in the phrase, whatever verbs follow it.
        let phrase = self
            .report_phrase(sent.start, &sent)
            .and_then(|f| Some((f.cue?, f.who, f.agr)));
        let cue_verb = || {
            (sent.start..last)
                .rev()
                .find_map(|k| self.cue(k))
                .map(|(cue, _, agr)| (cue, self.who_near(cue, sent.start..last, agr), agr))
        };
        // … unless a person named in it speaks for himself: `По данным телеграм-канала Mash,
        // водитель автобуса Раджабали Судоуров объясняет аварию так:` is the driver's.
        let named_speaker = || {
            cue_verb().filter(|(cue, who, _)| {
                cue.first > sent.start
                    && matches!(who, Some(Who::Mention(_, m))
                        if self.entities[self.mentions[*m].entity].kind == EntityType::Per)
            })
        };
        let content = self.trim(para.start..para.end.min(window.end));
        let Some((cue, who, agr)) = phrase
            .and_then(|p| named_speaker().or(Some(p)))
            .or_else(cue_verb)
        else {
            self.first_person_paragraph(sent.start..last, content, out);
            return;
        };
        // A paragraph that itself ends in a colon introduces something else (the quote it
        // announced was a video or an embed the page lost): `В комментарии НТВ он сказал:`.
        let announces = para.end > para.start && self.word(para.end - 1) == ":";
        if content.len() < 2
            || announces
            || out
                .iter()
                .any(|f| f.kind == QuoteKind::Direct && f.content.start < content.end)
        {
            return;
        }
        out.retain(|f| f.cue.is_some());
        out.insert(
            0,
            Found::attributed(QuoteKind::Direct, content, cue, who, agr),
        );
    }

    /// A paragraph in the first person after a sentence that ends in a colon with no speech
    /// verb: `После поражения Каприлес поздравил Чавеса с победой:` + `Я принимаю и уважаю
    /// решение народа.` The words are the intro's subject's when that subject is a person (a
    /// name, a pronoun or a title); an organisation that `приводит его рассказ` only passes them
    /// on.
    fn first_person_paragraph(
        &self,
        intro: Range<usize>,
        content: Range<usize>,
        out: &mut Vec<Found>,
    ) {
        if content.len() < 3
            || self.word(content.end - 1) == ":"
            || !out.is_empty()
            || !intro.clone().any(|i| self.verb(i))
        {
            return;
        }
        let first_sentence = self.sents[self.sent_of[content.start]].end.min(content.end);
        let speaks = (content.start..first_sentence).any(|i| {
            self.toks[i].kind == Kind::Word
                && lexicon::is_first_person(&self.word(i).to_lowercase())
        });
        if !speaks {
            return;
        }
        let who = match self.clause_subject(intro) {
            Some(Who::Mention(span, m))
                if self.entities[self.mentions[m].entity].kind == EntityType::Per =>
            {
                Who::Mention(span, m)
            }
            Some(w @ (Who::Pronoun(_, _) | Who::Role(_))) => w,
            _ => return,
        };
        out.push(Found::named(content, who));
    }

    /// `"…", — заявил Песков.` / `"…," he said.`: the cue, agreement, speaker and the token where
    /// the attribution ends.
    pub(crate) fn attribution_after(
        &self,
        seg: &Segment,
    ) -> Option<(CueTok, Agr, Option<Who>, usize)> {
        let para = self.para_range(seg.close);
        let mut j = seg.close + 1;
        // `…дней"" – сообщил`: a doubled closing mark (an artefact of escaped quotes) is one;
        // so is wiki italics markup glued to it (`…животных»'', — заявила`).
        while j < para.end
            && self.toks[j].kind == Kind::Quote
            && self.toks[j].start == self.toks[j - 1].end
            && (self.word(j) == self.word(seg.close) || self.word(j).starts_with('\''))
        {
            j += 1;
        }
        let marks_end = j;
        while j < para.end
            && j <= marks_end + 1
            && matches!(self.word(j), "," | "." | "!" | "?" | "…")
        {
            j += 1;
        }
        let dashed = j < para.end && self.toks[j].kind == Kind::Dash;
        if dashed {
            j += 1;
        }
        let start = j;
        let mut end = start;
        while end < para.end && end < start + ATTRIBUTION_WINDOW {
            let t = &self.toks[end];
            // `— сказал в интервью каналу «Вести» руководитель дирекции Сергей Архипов`: a
            // quoted name inside the attribution does not end it.
            if t.kind == Kind::Quote && end > start {
                if let Some(close) = self.quoted_name_in_attribution(end, para.end) {
                    end = close + 1;
                    continue;
                }
            }
            if t.kind == Kind::Terminal
                || (t.kind == Kind::Dash && !self.glued(end))
                || (t.kind == Kind::Quote && end > start)
                || (t.kind == Kind::Punct
                    && matches!(t.text(self.text), "," | ":" | ";")
                    && end > start + 1)
            {
                break;
            }
            end += 1;
        }
        // `«…», пояснил автор законопроекта, первый зампред комитета Андрей Красов`: an
        // apposition after the comma names the person the role stands for.
        if end < para.end && self.word(end) == "," && !self.person_in(start..end) {
            let next = (end + 1..para.end.min(end + 1 + ATTRIBUTION_WINDOW))
                .find(|&k| {
                    let t = &self.toks[k];
                    t.kind == Kind::Terminal
                        || (t.kind == Kind::Dash && !self.glued(k))
                        || t.kind == Kind::Quote
                        || matches!(t.text(self.text), "," | ":" | ";")
                })
                .unwrap_or(para.end);
            let apposition = self.person_in(end + 1..next)
                && !(end + 1..next).any(|k| self.mention_at[k].is_none() && self.verb(k));
            if apposition {
                end = next;
            }
        }
        // Without a dash only `"…," he said` / `«…», сказал он` (a comma at the mark) counts:
        // `Представитель тюрьмы «Тихар» сообщил` names a prison, it quotes nobody.
        let comma_at_mark =
            self.word(seg.close.saturating_sub(1)) == "," || self.word(seg.close + 1) == ",";
        if !dashed && !comma_at_mark {
            return None;
        }
        // (`один из фаворитов консервативного «Движения чаепития» — недвусмысленно намекал`:
        // quoted words inside a clause, closed by a parenthetical dash with no punctuation at
        // the mark, are a name, not words the verb after the dash attributes.)
        let bare_dash =
            marks_end == j - 1 && !matches!(self.word(marks_end), "," | "." | "!" | "?" | "…");
        if dashed && bare_dash && self.opens_fragment(seg.open) {
            return None;
        }
        // And not a fragment of reported speech (`считает, что «…», однако уточнила`): the cue
        // comes first, or right after a pronoun or a name.
        if !dashed && seg.open > 0 && self.is(seg.open - 1, &["что", "that"]) {
            return None;
        }
        // Nor the last of a clause's quoted words (`…, а Китай — «очень могущественное
        // государство» и «выгоден нам», заявил премьер`): the whole clause is reported, mixed.
        if !dashed && self.opens_fragment(seg.open) {
            return None;
        }
        // English names its speaker before the verb at more length (`"…," union negotiator
        // Henk de Vries told reporters`): a few Latin words may come first.
        let english = start < end && !self.cyrillic(start);
        let reach = match (dashed, english) {
            (true, _) => end,
            (false, true) => end.min(start + 7),
            (false, false) => end.min(start + 2),
        };
        let (cue, _, agr) = (start..reach).find_map(|k| self.cue(k))?;
        // `назвал его «вруном», заявив, что …`: a gerund after the comma goes on with the
        // clause; it attributes nothing to the quoted word.
        if !dashed && cue.gerund {
            return None;
        }
        // (`«…», так сказал Кличко`: `так` may lead.)
        let name_first = self.pronoun_or_name(start)
            || (self.is(start, &["так"]) && cue.first == start + 1)
            || (english && (start..cue.first).all(|k| self.toks[k].kind == Kind::Word));
        if !dashed && cue.first > start && !name_first {
            return None;
        }
        let mut who = self.who_near(cue, start..end, agr);
        // `«…», — и добавил`: a dashed verb with no subject goes on with the last speaker.
        if who.is_none()
            && dashed
            && !cue.gerund
            && cue.last >= end
            && (start..cue.first).all(|k| self.word(k) == "и")
        {
            who = Some(Who::Elided(cue.first));
        }
        Some((cue, agr, who, end))
    }

    /// The closing mark of a quoted name that opens at token `open` inside an attribution: an
    /// entity mention right after the opening mark, in apposition to a noun that cannot be the
    /// subject, closed within a few tokens, and words going on after the closing mark
    /// (`каналу «Вести» руководитель …`). Not a name right after the verb: in `подтвердил "Ъ"
    /// участник рынка` the outlet is told, and the speaker is unnamed.
    fn quoted_name_in_attribution(&self, open: usize, limit: usize) -> Option<usize> {
        if !matches!(self.word(open), "«" | "„" | "\"")
            || !open
                .checked_sub(1)
                .is_some_and(|k| self.oblique_common_noun(k))
        {
            return None;
        }
        self.mention_at.get(open + 1).copied().flatten()?;
        let close = (open + 2..limit.min(open + 8))
            .take_while(|&k| self.toks[k].kind != Kind::Terminal)
            .find(|&k| self.toks[k].kind == Kind::Quote)?;
        let goes_on = self
            .toks
            .get(close + 1)
            .is_some_and(|t| t.kind == Kind::Word);
        goes_on.then_some(close)
    }

    /// `Гарри Каспаров: «Если Топалов выиграет, …»`: a paragraph that opens with a person's
    /// name and a colon right before the quotation mark gives the words to that person, with no
    /// speech verb.
    fn name_colon(&self, seg: &Segment) -> Option<Who> {
        let colon = seg.open.checked_sub(1)?;
        if self.word(colon) != ":" {
            return None;
        }
        let para = self.para_range(colon);
        // (`Обозреватель РИА Новости Сергей Петухов: "…"`: a title may come first, with no
        // verb and no punctuation in it.)
        let m = self.mention_at[colon.checked_sub(1)?]?;
        let mt = &self.mentions[m];
        let title = (para.start..mt.first).all(|i| {
            self.toks[i].kind == Kind::Word && (self.mention_at[i].is_some() || !self.verb(i))
        });
        (mt.first >= para.start
            && mt.first <= para.start + 6
            && title
            && mt.last == colon
            && self.entities[mt.entity].kind == EntityType::Per)
            .then_some(Who::Mention(
                Range2 {
                    start: mt.first,
                    end: mt.last,
                },
                m,
            ))
    }

    /// `Песков заявил: "…"` / `He said: "…"`.
    pub(crate) fn attribution_before(&self, seg: &Segment) -> Option<(CueTok, Agr, Option<Who>)> {
        let colon = seg.open.checked_sub(1)?;
        if !matches!(self.word(colon), ":" | ",") {
            return None;
        }
        let sent = &self.sents[self.sent_of[colon]];
        let lo = sent.start.max(colon.saturating_sub(ATTRIBUTION_WINDOW));
        let (cue, _, agr) = (lo..colon).rev().find_map(|k| self.cue(k))?;
        if self.word(colon) == "," && colon - cue.first > 3 {
            return None;
        }
        let who = self.who_near(cue, lo..colon, agr);
        Some((cue, agr, who))
    }
}
