//! Who said what: direct, indirect and mixed quotes, each with its speech cue and a speaker
//! resolved to an entity of the document (`shared/data/quotes/GUIDELINES.md`).
//!
//! The finder reads the layers earlier stages made (tokens, sentences, entities) and adds one:
//!
//! 1. **Quoted segments**: quotation marks paired within a paragraph (« », „ “, “ ”, straight
//!    quotes by the spacing around them; nesting kept, unbalanced marks dropped), and dialogue
//!    turns that open a paragraph with a dash.
//! 2. **Direct quotes**: a segment attributed by what follows it (`"…", — заявил Песков`,
//!    `"…," he said`) or precedes it (`Песков заявил: "…"`); a segment that continues an
//!    attribution (`"…", — сказал он, — "…"`) shares its speaker.
//! 3. **Indirect quotes**, sentence by sentence, from a cue verb found by lemma (`заявил`,
//!    `отметила`, `призвало`): its content clause (`, что …`), its object (`призвал стороны …`),
//!    the clause before it (`…, заявил Песков`), or a reporting phrase (`по словам …`,
//!    `как следует из заявления …`, `according to …`). Reported speech that holds an unattributed
//!    quoted fragment is **mixed**.
//! 4. **Speakers**: the mention next to the cue (a person before an organisation or place, the
//!    nominative subject, an institution after `в`: `В Кремле заявили`), a pronoun resolved to the
//!    latest compatible speaker or person (gender from the verb and the name), an anaphoric noun
//!    (`ведомство`) to the latest organisation. A role that names nobody (`собеседник агентства`)
//!    gives no speaker rather than a guess.
//!
//! Quotes never cross a paragraph; every span lies on token boundaries of the text.
use std::ops::Range;

use newsmill_model::{Cue, Entity, EntityType, Quote, QuoteKind, Speaker};
use newsmill_nlp::morph::{flag, morph, Case, Gender, Number, Pos};
use newsmill_nlp::token::{CharOffsets, Kind, Token};

pub mod gold;
pub mod lexicon;
pub mod score;

use lexicon::{Frame, PronounKind};

/// The longest attribution after or before a quote, in tokens.
const ATTRIBUTION_WINDOW: usize = 16;

/// Finds the quotes of `text`, given its tokens (byte offsets), sentences (token ranges) and the
/// entities annotated over it (code-point offsets, as in the record).
pub fn find(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    entities: &[Entity],
) -> Vec<Quote> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let doc = Doc::new(text, tokens, sentences, entities);
    let mut found = doc.direct();
    doc.indirect(&mut found);
    found.sort_by_key(|q| q.content.start);
    doc.resolve(found)
}

/// A token that is a verb of speech, with its lemma and frame.
#[derive(Debug, Clone, Copy)]
struct CueTok {
    first: usize,
    last: usize,
    lemma: &'static str,
}

/// Who the attribution names, before resolution.
#[derive(Debug, Clone, Copy)]
enum Who {
    /// An entity mention (or a phrase around it): token range, mention index.
    Mention(Range2, usize),
    /// A personal pronoun at this token.
    Pronoun(usize, PronounKind),
    /// A noun standing for an organisation named earlier (`ведомство`).
    OrgAnaphor(Range2),
    /// A capitalised English name the entity layer did not tag.
    Name(Range2),
    /// A role named by its place (`президент РФ`, `глава КНР`): the person last quoted or named.
    Role(Range2),
    /// A source the text does not name.
    Anonymous,
}

/// A copyable token range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Range2 {
    start: usize,
    end: usize,
}

/// A quote before its speaker is resolved.
#[derive(Debug, Clone)]
struct Found {
    kind: QuoteKind,
    content: Range<usize>,
    cue: Option<CueTok>,
    who: Option<Who>,
    /// The first content token of the quote this one continues (same speaker).
    continues: Option<usize>,
    /// The gender and number the cue verb requires of its subject.
    agr: Agr,
    /// Attributed by its clause's subject rather than a cue (a mixed quote with no cue).
    subject: bool,
}

/// What a past-tense verb says of its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Agr {
    Masc,
    Femn,
    Neut,
    Plur,
    Any,
}

struct MentionTok {
    entity: usize,
    first: usize,
    last: usize,
}

struct Doc<'a> {
    text: &'a str,
    toks: &'a [Token],
    sents: Vec<Range<usize>>,
    sent_of: Vec<usize>,
    para_of: Vec<usize>,
    lower: Vec<String>,
    mention_at: Vec<Option<usize>>,
    mentions: Vec<MentionTok>,
    entities: &'a [Entity],
    offsets: CharOffsets,
    cues: Vec<Option<(CueTok, Frame, Agr)>>,
}

/// A pair of quotation marks: token indices of the opening and closing mark.
#[derive(Debug, Clone, Copy)]
struct Segment {
    open: usize,
    close: usize,
}

impl<'a> Doc<'a> {
    fn new(
        text: &'a str,
        toks: &'a [Token],
        sentences: &[Range<usize>],
        entities: &'a [Entity],
    ) -> Doc<'a> {
        let offsets = CharOffsets::new(text);
        let mut para_of = Vec::with_capacity(toks.len());
        let mut para = 0;
        for (i, t) in toks.iter().enumerate() {
            if i > 0 && text[toks[i - 1].end..t.start].contains('\n') {
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
        // Entity mentions (code points) onto token ranges.
        let char_start: Vec<usize> = toks.iter().map(|t| offsets.char_at(t.start)).collect();
        let char_end: Vec<usize> = toks.iter().map(|t| offsets.char_at(t.end)).collect();
        let mut mention_at = vec![None; toks.len()];
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
                let k = mentions.len();
                mentions.push(MentionTok {
                    entity: e,
                    first,
                    last: last + 1,
                });
                for slot in &mut mention_at[first..=last] {
                    *slot = Some(k);
                }
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
        };
        doc.cues = (0..toks.len()).map(|i| doc.find_cue(i)).collect();
        doc
    }

    /// Token `i` lowercased; `""` past the end.
    fn word(&self, i: usize) -> &str {
        self.lower.get(i).map_or("", String::as_str)
    }

    fn is(&self, i: usize, words: &[&str]) -> bool {
        i < self.toks.len() && words.contains(&self.word(i))
    }

    fn cyrillic(&self, i: usize) -> bool {
        self.lower[i]
            .chars()
            .next()
            .is_some_and(|c| matches!(c, 'а'..='я' | 'ё'))
    }

    /// The cue at token `i`, if any.
    fn cue(&self, i: usize) -> Option<(CueTok, Frame, Agr)> {
        self.cues.get(i).copied().flatten()
    }

    /// The cue at token `i`: a speech verb by lemma (Russian) or form (English). A finite verb or
    /// a gerund; not the reporter's own `напомним`/`отметим` (first person) nor an infinitive
    /// (`стоит отметить`, `должен назвать`).
    fn find_cue(&self, i: usize) -> Option<(CueTok, Frame, Agr)> {
        if self.toks[i].kind != Kind::Word {
            return None;
        }
        if !self.cyrillic(i) {
            let (lemma, frame) = lexicon::en_cue(self.word(i))?;
            let cue = CueTok {
                first: i,
                last: i + 1,
                lemma,
            };
            return Some((cue, frame, Agr::Any));
        }
        let parses = morph().analyze_shared(self.word(i));
        for p in parses.iter() {
            if !matches!(p.tag.pos, Pos::Verb | Pos::Grnd)
                || p.tag.text.contains("1per")
                || p.tag.text.contains("impr")
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
                };
                return Some((cue, frame, agr));
            }
        }
        None
    }

    fn para_range(&self, i: usize) -> Range<usize> {
        let p = self.para_of[i];
        let start = self.para_of.partition_point(|&x| x < p);
        let end = self.para_of.partition_point(|&x| x <= p);
        start..end
    }

    /// Quotation-mark pairs at depth 0, paragraph by paragraph, plus dialogue turns.
    fn segments(&self) -> Vec<Segment> {
        #[derive(PartialEq, Clone, Copy)]
        enum Style {
            Guillemet,
            Low,
            Curly,
            Straight,
        }
        let mut out = Vec::new();
        let mut stack: Vec<(usize, Style)> = Vec::new();
        let mut para = usize::MAX;
        for (i, t) in self.toks.iter().enumerate() {
            if self.para_of[i] != para {
                para = self.para_of[i];
                stack.clear();
                // A dialogue turn: a paragraph opening with a dash, up to `, —` and a cue.
                if t.kind == Kind::Dash {
                    if let Some(close) = self.dialogue_end(i) {
                        out.push(Segment { open: i, close });
                    }
                }
            }
            if t.kind != Kind::Quote {
                continue;
            }
            let q = t.text(self.text);
            let close_to = |stack: &mut Vec<(usize, Style)>, styles: &[Style]| {
                let at = stack.iter().rposition(|(_, s)| styles.contains(s))?;
                let (open, _) = stack[at];
                stack.truncate(at);
                Some(open)
            };
            let closed = match q {
                "«" => {
                    stack.push((i, Style::Guillemet));
                    None
                }
                "„" => {
                    stack.push((i, Style::Low));
                    None
                }
                "»" => close_to(&mut stack, &[Style::Guillemet]),
                "“" => {
                    if stack.iter().any(|(_, s)| *s == Style::Low) {
                        close_to(&mut stack, &[Style::Low])
                    } else {
                        stack.push((i, Style::Curly));
                        None
                    }
                }
                "”" => close_to(&mut stack, &[Style::Low, Style::Curly]),
                "\"" => {
                    if self.straight_opens(i) {
                        stack.push((i, Style::Straight));
                        None
                    } else {
                        close_to(&mut stack, &[Style::Straight])
                    }
                }
                _ => None,
            };
            if let Some(open) = closed {
                if stack.is_empty() && open + 1 < i {
                    out.push(Segment { open, close: i });
                }
            }
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

    /// Whether a straight `"` at token `i` opens a quote: space (or a paragraph start, or an
    /// opening bracket or dash) before it and a word glued after it.
    fn straight_opens(&self, i: usize) -> bool {
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
    fn dialogue_end(&self, i: usize) -> Option<usize> {
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
    fn direct(&self) -> Vec<Found> {
        let segments = self.segments();
        let mut out: Vec<Found> = Vec::new();
        let mut pending_continuation: Option<(usize, usize)> = None; // (open token, found index)
        for seg in &segments {
            let content = self.trim(seg.open + 1..seg.close);
            if content.is_empty() {
                continue;
            }
            // `«…, — сказал Мадуро. — …»`: one pair of marks around two quotes and their
            // attribution.
            if let Some((first, cue, agr, who, second)) = self.inner_attribution(content.clone()) {
                out.push(Found {
                    kind: QuoteKind::Direct,
                    content: first,
                    cue: Some(cue),
                    who,
                    continues: None,
                    agr,
                    subject: false,
                });
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
            if let Some((open, idx)) = pending_continuation.take() {
                if open == seg.open {
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
            if let Some((cue, agr, who, end)) = self.attribution_after(seg) {
                out.push(Found {
                    kind: QuoteKind::Direct,
                    content,
                    cue: Some(cue),
                    who,
                    continues: None,
                    agr,
                    subject: false,
                });
                // `"…", — сказал он, — "…"`: the next segment continues this quote.
                if end + 2 < self.toks.len()
                    && matches!(self.word(end), "," | ".")
                    && self.toks[end + 1].kind == Kind::Dash
                    && self.toks[end + 2].kind == Kind::Quote
                {
                    pending_continuation = Some((end + 2, out.len() - 1));
                }
                continue;
            }
            if let Some((cue, agr, who)) = self.attribution_before(seg) {
                out.push(Found {
                    kind: QuoteKind::Direct,
                    content,
                    cue: Some(cue),
                    who,
                    continues: None,
                    agr,
                    subject: false,
                });
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
        self.colon_paragraphs(&mut out);
        // Unattributed paragraph-long quotes right after a paragraph whose quote had a speaker.
        for k in 0..out.len() {
            if out[k].kind != QuoteKind::Mixed || out[k].cue.is_some() {
                continue;
            }
            let c = out[k].content.clone();
            let para = self.para_range(c.start);
            let whole = c.start <= para.start + 1 && c.end + 2 >= para.end;
            let prev = (0..k).rev().find(|&j| out[j].kind == QuoteKind::Direct);
            if let Some(j) = prev.filter(|_| whole) {
                if self.para_of[out[j].content.start] + 1 == self.para_of[c.start] {
                    out[k].kind = QuoteKind::Direct;
                    out[k].continues = Some(out[j].content.start);
                    out[k].cue = out[j].cue;
                    out[k].agr = out[j].agr;
                }
            }
        }
        out
    }

    /// A quote whose marks hold its attribution: `«A, — сказал X. — B»` → (A, cue, agreement,
    /// speaker, B).
    #[allow(clippy::type_complexity)]
    fn inner_attribution(
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

    /// Paragraphs introduced by a cue and a colon ending the paragraph before: direct quotes.
    fn colon_paragraphs(&self, out: &mut Vec<Found>) {
        for s in 0..self.sents.len() {
            let sent = self.sents[s].clone();
            let last = sent.end - 1;
            let para = self.para_range(last);
            if self.word(last) != ":" || para.end != sent.end || para.end >= self.toks.len() {
                continue;
            }
            let Some((cue, _, agr)) = (sent.start..last).rev().find_map(|k| self.cue(k)) else {
                continue;
            };
            let next = self.para_range(para.end);
            let content = self.trim(next.clone());
            if content.len() < 2
                || out
                    .iter()
                    .any(|f| f.content.start < next.end && next.start < f.content.end)
            {
                continue;
            }
            let who = self.who_near(cue, sent.start..last, agr);
            out.push(Found {
                kind: QuoteKind::Direct,
                content,
                cue: Some(cue),
                who,
                continues: None,
                agr,
                subject: false,
            });
        }
        out.sort_by_key(|f| f.content.start);
    }

    /// Strips punctuation and quotation marks at both ends of a token range.
    fn trim(&self, mut r: Range<usize>) -> Range<usize> {
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

    /// `"…", — заявил Песков.` / `"…," he said.`: the cue, agreement, speaker and the token where
    /// the attribution ends.
    fn attribution_after(&self, seg: &Segment) -> Option<(CueTok, Agr, Option<Who>, usize)> {
        let para = self.para_range(seg.close);
        let mut j = seg.close + 1;
        while j < para.end
            && j <= seg.close + 2
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
            if t.kind == Kind::Terminal
                || t.kind == Kind::Dash
                || (t.kind == Kind::Quote && end > start)
                || (t.kind == Kind::Punct
                    && matches!(t.text(self.text), "," | ":" | ";")
                    && end > start + 1)
            {
                break;
            }
            end += 1;
        }
        // Without a dash only `"…," he said` / `«…», сказал он` (a comma at the mark) counts:
        // `Представитель тюрьмы «Тихар» сообщил` names a prison, it quotes nobody.
        let comma_at_mark =
            self.word(seg.close.saturating_sub(1)) == "," || self.word(seg.close + 1) == ",";
        if !dashed && !comma_at_mark {
            return None;
        }
        let reach = if dashed { end } else { end.min(start + 3) };
        let (cue, _, agr) = (start..reach).find_map(|k| self.cue(k))?;
        let who = self.who_near(cue, start..end, agr);
        Some((cue, agr, who, end))
    }

    /// `Песков заявил: "…"` / `He said: "…"`.
    fn attribution_before(&self, seg: &Segment) -> Option<(CueTok, Agr, Option<Who>)> {
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

    /// Indirect and mixed quotes, sentence by sentence; adds to `found`.
    fn indirect(&self, found: &mut Vec<Found>) {
        let taken = |found: &[Found], i: usize| {
            found.iter().any(|f| {
                (f.kind == QuoteKind::Direct && f.content.contains(&i))
                    || f.cue.is_some_and(|c| (c.first..c.last).contains(&i))
            })
        };
        for s in 0..self.sents.len() {
            let sent = self.sents[s].clone();
            let mut k = sent.start;
            while k < sent.end {
                if taken(found, k) {
                    k += 1;
                    continue;
                }
                let made = self
                    .report_phrase(k, &sent)
                    .or_else(|| self.cue_clause(k, &sent, found));
                match made {
                    Some(f) => {
                        k = f.cue.map_or(k + 1, |c| c.last);
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
    fn add_indirect(&self, found: &mut Vec<Found>, mut f: Found) {
        if f.content.len() < 2 {
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

    /// A lowercase quoted fragment of two words or more, preceded in its sentence by a named
    /// subject (an entity mention that can be nominative, not after a preposition) and a verb:
    /// the clause from the verb to the fragment's end, and the subject.
    fn subject_fragment(&self, frag: Range<usize>) -> Option<(Range<usize>, Who)> {
        let first_char = self.toks[frag.start].text(self.text).chars().next()?;
        if !first_char.is_lowercase() || frag.len() < 2 {
            return None;
        }
        let sent = &self.sents[self.sent_of[frag.start]];
        let open = frag.start.checked_sub(1)?;
        let m = (sent.start..open).find_map(|i| self.mention_at[i])?;
        let mt = &self.mentions[m];
        let span = self.subject_span(mt, Agr::Any, false)?;
        if span.start != mt.first || mt.first > sent.start + 1 {
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

    /// The end of reported content starting at `from` in `sent`: the sentence end, or the start
    /// of a coordinated second report (`…, и добавил, что`) or of a reporting phrase.
    fn content_end(&self, from: usize, sent: &Range<usize>) -> usize {
        let mut end = sent.end;
        // The next report in the sentence (a cue, or `по словам`) ends this one: at `и` right
        // before it, else at the last comma before it (`…по этике, глава ЛДПР … потребовал`).
        let next = (from + 1..sent.end).find(|&k| {
            self.cue(k).is_some() || (self.word(k) == "по" && self.report_noun_at(k + 1))
        });
        if let Some(k) = next {
            if self.is(k - 1, &["и", ",", "and", "а"]) {
                end = k - 1;
            } else if let Some(c) = (from + 1..k).rev().find(|&j| self.word(j) == ",") {
                end = c;
            }
        }
        while end > from
            && (self.toks[end - 1].kind == Kind::Terminal
                || matches!(self.word(end - 1), "," | ":" | ";" | "—"))
        {
            end -= 1;
        }
        end
    }

    /// `по словам X, …`, `…, по словам X`, `согласно заявлению X, …`, `как следует из
    /// заявления X, …`, `according to X, …`.
    fn report_phrase(&self, k: usize, sent: &Range<usize>) -> Option<Found> {
        let (first, noun) = if self.is(k, &["по", "согласно"]) && k + 1 < sent.end {
            // `по словам`, and `по его словам` with the speaker before the noun.
            let possessive = self.is(k + 1, &["его", "ее", "её", "их"]);
            let n = if possessive { k + 2 } else { k + 1 };
            (k, self.report_noun_at(n).then_some(n)?)
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
        // X: up to the next comma (or the sentence end); `по его словам` names X before.
        let comma = (noun + 1..sent.end).find(|&j| self.word(j) == ",");
        let x_end = comma.unwrap_or(sent.end);
        let speaker_zone = if noun == first + 2 && self.word(first) == "по" {
            first + 1..noun
        } else {
            noun + 1..x_end
        };
        if speaker_zone.is_empty() {
            return None;
        }
        let lemma: &'static str = match self.word(first) {
            "по" if noun == first + 2 => "по словам",
            "по" => "по словам",
            "согласно" => "согласно",
            "как" => "как следует из",
            _ => "according to",
        };
        let cue = CueTok {
            first,
            last: noun + 1,
            lemma,
        };
        // `По словам X, …` and the parenthetical `РФ, как следует из заявления МИД, призывает …`
        // report what follows the phrase; `…, по словам X.` what precedes it.
        let content = match comma {
            Some(c) if c + 2 < sent.end => c + 1..self.content_end(c + 1, sent),
            _ if first > sent.start + 1 => sent.start..first - 1,
            _ => return None,
        };
        let content = self.trim(content);
        let who = self.who_in(speaker_zone, Agr::Any, true);
        Some(Found {
            kind: QuoteKind::Indirect,
            content,
            cue: Some(cue),
            who,
            continues: None,
            agr: Agr::Any,
            subject: false,
        })
    }

    /// Whether token `i` is a noun that reports words (`словам`, `заявлению`, `данным`).
    fn report_noun_at(&self, i: usize) -> bool {
        i < self.toks.len()
            && morph()
                .analyze_shared(self.word(i))
                .iter()
                .any(|p| lexicon::is_report_noun(&p.lemma))
    }

    /// The first comma after `from` in `sent` that opens the reported clause: not one that
    /// opens an apposition to a person (`Мария Фомушина, пресс-секретарь суда, …`).
    fn clause_comma(&self, from: usize, sent: &Range<usize>) -> Option<usize> {
        (from..sent.end).find(|&j| {
            self.word(j) == ","
                && !(j > 0
                    && self.mention_at[j - 1].is_some_and(|m| {
                        self.entities[self.mentions[m].entity].kind == EntityType::Per
                    })
                    && (self.is(j + 1, &["который", "которая"])
                        || self.toks.get(j + 1).is_some_and(|t| {
                            t.text(self.text)
                                .chars()
                                .next()
                                .is_some_and(char::is_lowercase)
                                && morph().analyze_shared(self.word(j + 1)).iter().any(|p| {
                                    p.tag.pos == Pos::Noun && p.tag.case == Some(Case::Nomn)
                                })
                        })))
        })
    }

    /// Whether an infinitive comes within the first tokens of `r`: what `призвал`, `потребовал`
    /// report (`призвал стороны прекратить огонь`) as opposed to an object (`предлагает награду`).
    fn infinitive_in(&self, r: Range<usize>) -> bool {
        r.take(5).any(|i| {
            morph()
                .analyze_shared(self.word(i))
                .iter()
                .any(|p| p.tag.pos == Pos::Infn)
        })
    }

    /// A cue verb's reported content: `X заявил, что …`, `…, заявил X`, `X призвал …`,
    /// `Как сообщил X, …`.
    fn cue_clause(&self, k: usize, sent: &Range<usize>, found: &[Found]) -> Option<Found> {
        let (cue, frame, agr) = self.cue(k)?;
        // `, что …` / `о том, что …` / `that …` within a few tokens, not past another cue
        // (`назвали … и заявили, что …` gives the clause to `заявили`).
        let next_cue = (k + 1..sent.end).find(|&j| self.cue(j).is_some());
        let that = (k + 1..(k + 8).min(sent.end).min(next_cue.unwrap_or(usize::MAX))).find(|&j| {
            (self.is(j, &["что", "чтобы"]) && (self.word(j - 1) == "," || j == k + 1))
                || (self.is(j, &["that"]) && j <= k + 3)
        });
        let after_kak = k > sent.start && self.word(k - 1) == "как";
        let inverted = !after_kak
            && k > sent.start + 2
            && (self.word(k - 1) == ","
                || (self.toks[k - 1].kind == Kind::Dash && self.word(k - 2) == ","));
        let (content, who) = if let Some(j) = that {
            let c = j + 1..self.content_end(j + 1, sent);
            let who = self
                .who_near(cue, sent.start..k, agr)
                .or_else(|| self.who_in(k + 1..j, agr, false));
            (c, who)
        } else if after_kak {
            // `Как сообщил X, …` / `…, как сообщили X, …`: the clause after X.
            if self.word(k + 1) == "," {
                return None;
            }
            let comma = self.clause_comma(k + 1, sent)?;
            let who = self.who_in(k + 1..comma, agr, false);
            let c = comma + 1..self.content_end(comma + 1, sent);
            (c, who)
        } else if inverted {
            // `…, заявил пресс-секретарь Дмитрий Песков.`: the speaker follows the cue, and the
            // clause before is no quotation.
            let comma = if self.word(k - 1) == "," {
                k - 1
            } else {
                k - 2
            };
            if self.toks[comma - 1].kind == Kind::Quote || self.word(k + 1) == ":" {
                return None;
            }
            let who = self.who_in(k + 1..sent.end, agr, false)?;
            let start = (sent.start..comma)
                .rev()
                .find(|&j| self.word(j) == ":")
                .map_or(sent.start, |j| j + 1);
            (start..comma, Some(who))
        } else if frame == Frame::Object {
            let from = k + 1;
            if from >= sent.end || matches!(self.word(from), "," | "о" | "об" | "на" | "в") {
                return None;
            }
            let c = from..self.content_end(from, sent);
            if cue.lemma != "назвать" && cue.lemma != "называть" && !self.infinitive_in(c.clone())
            {
                return None;
            }
            (c, self.who_near(cue, sent.start..k, agr))
        } else {
            return None;
        };
        let content = self.trim(content);
        if content.len() < 2 {
            return None;
        }
        // A clause already reported is not reported twice, and reported content never holds
        // another report's cue (`РФ, как следует из заявления МИД, призывает …`).
        if found.iter().any(|f| {
            (f.content.start <= content.start && content.end <= f.content.end)
                || f.cue
                    .is_some_and(|c| content.start < c.last && c.first < content.end)
        }) {
            return None;
        }
        Some(Found {
            kind: QuoteKind::Indirect,
            content,
            cue: Some(cue),
            who,
            continues: None,
            agr,
            subject: false,
        })
    }

    /// The speaker of a cue: its subject before it, else whoever follows it, within `zone`.
    fn who_near(&self, cue: CueTok, zone: Range<usize>, agr: Agr) -> Option<Who> {
        let before = zone.start..cue.first.max(zone.start);
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

    /// The speaker within `zone`, nearest its start (after a cue) or end (before one).
    fn who_in(&self, zone: Range<usize>, agr: Agr, genitive: bool) -> Option<Who> {
        if genitive {
            return self.scan_genitive(zone);
        }
        self.scan(zone, false, agr)
    }

    fn who_start(&self, w: &Who) -> usize {
        match *w {
            Who::Mention(r, _) | Who::OrgAnaphor(r) | Who::Name(r) | Who::Role(r) => r.start,
            Who::Pronoun(t, _) => t,
            Who::Anonymous => usize::MAX,
        }
    }

    fn who_end(&self, w: &Who) -> usize {
        match *w {
            Who::Mention(r, _) | Who::OrgAnaphor(r) | Who::Name(r) | Who::Role(r) => r.end,
            Who::Pronoun(t, _) => t + 1,
            Who::Anonymous => 0,
        }
    }

    /// Speaker candidates in `zone`, scanned outward from the cue (backward when `backward`):
    /// a pronoun, an unnamed source or a relative pronoun when it comes first; else the first
    /// person; else a role named by its place; else the first organisation or place.
    fn scan(&self, zone: Range<usize>, backward: bool, agr: Agr) -> Option<Who> {
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
                let adjacent = backward && zone.end <= mt.last + 1;
                if kind != EntityType::Per {
                    if let Some(role) = self.role_before(mt) {
                        first_role.get_or_insert(Who::Role(role));
                        seen_any = true;
                        continue;
                    }
                }
                let Some(span) = self.subject_span(mt, agr, adjacent) else {
                    continue;
                };
                if kind == EntityType::Per {
                    if !self.gender_ok(mt.entity, agr) {
                        continue;
                    }
                    // `Отец Сингха заявил`: the speaker is the unnamed relative.
                    if mt.first > 0 && self.relative_noun(mt.first - 1) && !seen_any {
                        return Some(Who::Anonymous);
                    }
                    return Some(Who::Mention(span, m));
                }
                seen_any = true;
                first_other.get_or_insert(Who::Mention(span, m));
                continue;
            }
            let w = self.word(i);
            if let Some(p) = lexicon::pronoun(w) {
                if !seen_any && self.nominative_pronoun(w) {
                    return Some(Who::Pronoun(i, p));
                }
                continue;
            }
            if backward && !seen_any && matches!(w, "который" | "которая" | "которые" | "которое")
            {
                // `представителя правительства, который заявил`: whoever the clause hangs on.
                let antecedent = i
                    .checked_sub(2)
                    .filter(|&j| self.word(j + 1) == ",")
                    .and_then(|j| self.mention_at[j])
                    .filter(|&m| self.entities[self.mentions[m].entity].kind == EntityType::Per);
                return Some(match antecedent {
                    Some(m) => {
                        let mt = &self.mentions[m];
                        Who::Mention(
                            Range2 {
                                start: mt.first,
                                end: mt.last,
                            },
                            m,
                        )
                    }
                    None => Who::Anonymous,
                });
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
                    let (mut a, mut b) = (i, i + 1);
                    while a > zone.start && self.capitalised_latin(a - 1) {
                        a -= 1;
                    }
                    while b < zone.end && self.capitalised_latin(b) {
                        b += 1;
                    }
                    if self.entities.is_empty() {
                        return Some(Who::Name(Range2 { start: a, end: b }));
                    }
                }
                continue;
            }
            let parses = morph().analyze_shared(w);
            let nominative_noun = parses
                .iter()
                .any(|p| p.tag.pos == Pos::Noun && matches!(p.tag.case, Some(Case::Nomn) | None));
            let locative_noun = parses
                .iter()
                .any(|p| p.tag.pos == Pos::Noun && p.tag.case == Some(Case::Loct));
            let lemma_is = |f: fn(&str) -> bool| parses.iter().any(|p| f(&p.lemma));
            if lemma_is(lexicon::is_org_anaphor)
                && (nominative_noun || (locative_noun && self.preceded_by_v(i)))
                && first_other.is_none()
                && !lemma_is(lexicon::is_voice_of)
                && !self.followed_by_mention(i)
            {
                let mut a = i;
                while a > zone.start && self.adjective(a - 1) {
                    a -= 1;
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
            if !seen_any
                && first_role.is_none()
                && nominative_noun
                && (lemma_is(lexicon::is_anonymous_source)
                    || (backward && self.unnamed_people(i) && !self.followed_by_mention(i)))
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
    fn person_noun(&self, i: usize) -> bool {
        if !self.content_word(i) {
            return false;
        }
        let parses = morph().analyze_shared(self.word(i));
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

    /// Whether token `i` can only be an adverb (`Позднее`, `Также`).
    fn adverb(&self, i: usize) -> bool {
        let parses = morph().analyze_shared(self.word(i));
        !parses.is_empty()
            && parses
                .iter()
                .all(|p| matches!(p.tag.pos, Pos::Advb | Pos::Comp | Pos::Prcl))
    }

    /// Whether token `i` can be a finite verb.
    fn verb(&self, i: usize) -> bool {
        i < self.toks.len()
            && morph()
                .analyze_shared(self.word(i))
                .iter()
                .any(|p| p.tag.pos == Pos::Verb)
    }

    /// Whether token `i` is only an adjective (`российском`, `Индийские`).
    fn adjective(&self, i: usize) -> bool {
        let parses = morph().analyze_shared(self.word(i));
        !parses.is_empty()
            && parses
                .iter()
                .all(|p| matches!(p.tag.pos, Pos::Adjf | Pos::Prtf))
    }

    /// Whether an entity mention starts right after token `i`.
    fn followed_by_mention(&self, i: usize) -> bool {
        self.mention_at.get(i + 1).is_some_and(Option::is_some)
    }

    /// Whether token `i` is a content word: no reading as a conjunction, preposition, particle,
    /// interjection or pronoun, and no abbreviation (`и` is also "и.о." to the dictionary).
    fn content_word(&self, i: usize) -> bool {
        !morph().analyze_shared(self.word(i)).iter().any(|p| {
            matches!(
                p.tag.pos,
                Pos::Conj | Pos::Prep | Pos::Prcl | Pos::Intj | Pos::Npro
            ) || p.tag.has(flag::ABBR)
        })
    }

    /// A nominative plural animate common noun (`полицейские`, `врачи`, `активисты`): people
    /// the text does not name.
    fn unnamed_people(&self, i: usize) -> bool {
        if !self.content_word(i) {
            return false;
        }
        let lower_case = self.toks[i]
            .text(self.text)
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        lower_case
            && morph().analyze_shared(self.word(i)).iter().any(|p| {
                p.tag.pos == Pos::Noun
                    && p.tag.has(flag::ANIM)
                    && p.tag.case == Some(Case::Nomn)
                    && p.tag.number == Some(Number::Plur)
            })
    }

    /// Whether token `i` is a nominative noun of kinship or counsel (`Отец`, `адвокат`).
    fn relative_noun(&self, i: usize) -> bool {
        morph()
            .analyze_shared(self.word(i))
            .iter()
            .any(|p| p.tag.case == Some(Case::Nomn) && lexicon::is_relative(&p.lemma))
    }

    /// `президент РФ`, `глава КНР`: a nominative role noun right before a place or organisation
    /// in the genitive; the span from the role noun.
    fn role_before(&self, mt: &MentionTok) -> Option<Range2> {
        let r = mt.first.checked_sub(1)?;
        morph()
            .analyze_shared(self.word(r))
            .iter()
            .any(|p| p.tag.case == Some(Case::Nomn) && lexicon::is_role(&p.lemma))
            .then_some(Range2 {
                start: r,
                end: mt.last,
            })
    }

    fn capitalised_latin(&self, i: usize) -> bool {
        self.toks[i].kind == Kind::Word
            && self.toks[i]
                .text(self.text)
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase())
    }

    fn nominative_pronoun(&self, w: &str) -> bool {
        matches!(w, "он" | "она" | "они" | "оно" | "he" | "she" | "they")
    }

    fn preceded_by_v(&self, i: usize) -> bool {
        (1..=3).any(|d| i >= d && self.is(i - d, &["в", "во"]))
    }

    /// Whether mention `mt` can be the subject of a speech verb, and the span that names the
    /// speaker: a nominative name (or one that does not decline), `В Кремле`/`в МИД России`
    /// right before a plural or impersonal verb, `пресс-служба МВД` by its voice noun.
    fn subject_span(&self, mt: &MentionTok, agr: Agr, adjacent: bool) -> Option<Range2> {
        let span = Range2 {
            start: mt.first,
            end: mt.last,
        };
        let kind = self.entities[mt.entity].kind;
        if mt.first > 0 {
            let prev = mt.first - 1;
            if self.is(prev, &["в", "во"]) {
                // The institution opens its clause and its verb follows it.
                let clause_start = prev == 0
                    || self.sent_of[prev - 1] != self.sent_of[prev]
                    || self.word(prev - 1) == ","
                    || self.adverb(prev - 1);
                let verb_next = adjacent || self.verb(mt.last);
                return (kind != EntityType::Per
                    && clause_start
                    && verb_next
                    && matches!(agr, Agr::Plur | Agr::Any))
                .then_some(Range2 {
                    start: prev,
                    end: mt.last,
                });
            }
            let prev_parses = morph().analyze_shared(self.word(prev));
            if prev_parses
                .iter()
                .any(|p| lexicon::is_voice_of(&p.lemma) && p.tag.case == Some(Case::Nomn))
                && kind != EntityType::Per
            {
                return Some(Range2 {
                    start: prev,
                    end: mt.last,
                });
            }
            if prev_parses.iter().all(|p| p.tag.pos == Pos::Prep) && !prev_parses.is_empty() {
                return None;
            }
            if self.is(prev, &["of", "to", "from", "with", "by", "for", "about"]) {
                return None;
            }
        }
        self.nominative(mt.first).then_some(span)
    }

    /// `по словам Пескова`: the first entity (any case) in the zone, a person first.
    fn scan_genitive(&self, zone: Range<usize>) -> Option<Who> {
        let mut other = None;
        for i in zone.clone() {
            if let Some(m) = self.mention_at[i] {
                let mt = &self.mentions[m];
                if mt.first < zone.start {
                    continue;
                }
                let span = Range2 {
                    start: mt.first,
                    end: mt.last.min(zone.end),
                };
                if self.entities[mt.entity].kind == EntityType::Per {
                    return Some(Who::Mention(span, m));
                }
                other.get_or_insert(Who::Mention(span, m));
            } else if let Some(p) = lexicon::pronoun(self.word(i)) {
                if other.is_none() {
                    return Some(Who::Pronoun(i, p));
                }
            } else if other.is_none() && self.entities.is_empty() && self.capitalised_latin(i) {
                let mut b = i + 1;
                while b < zone.end && self.capitalised_latin(b) {
                    b += 1;
                }
                return Some(Who::Name(Range2 { start: i, end: b }));
            }
        }
        other
    }

    /// Whether token `i` can be in the nominative. Latin words and acronyms can; a capitalised
    /// word the dictionary knows as a name is decided by its name readings (`Путина` is no
    /// "fishing season" here); any other capitalised word can (`Песков` is "of sands" to the
    /// dictionary, `Магуайр` a guess): its case says nothing of the name. Else a nominative
    /// reading decides.
    fn nominative(&self, i: usize) -> bool {
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
            let mut names = parses
                .iter()
                .filter(|p| p.known && p.tag.flags & proper != 0);
            return match names.next() {
                Some(first) => is_nominative(first) || names.any(is_nominative),
                None => true,
            };
        }
        parses.is_empty() || parses.iter().any(is_nominative)
    }

    /// Whether a person's entity agrees with the verb's gender.
    fn gender_ok(&self, entity: usize, agr: Agr) -> bool {
        match (agr, self.person_gender(entity)) {
            (Agr::Masc, Some(Gender::Femn)) | (Agr::Femn, Some(Gender::Masc)) => false,
            (Agr::Neut, _) => false,
            _ => true,
        }
    }

    /// A person's gender from the first name (or surname) of the entity's normal form.
    fn person_gender(&self, entity: usize) -> Option<Gender> {
        let norm = &self.entities[entity].norm;
        for want in [flag::NAME, flag::SURN] {
            for w in norm.split(' ') {
                for p in morph().analyze_shared(&w.to_lowercase()).iter() {
                    if p.tag.has(want) && p.tag.case == Some(Case::Nomn) && p.known {
                        if let Some(g @ (Gender::Masc | Gender::Femn)) = p.tag.gender {
                            return Some(g);
                        }
                    }
                }
            }
        }
        None
    }

    /// Resolves speakers in text order (pronouns look back at earlier speakers) and builds the
    /// record's quotes.
    fn resolve(&self, found: Vec<Found>) -> Vec<Quote> {
        // Speaker of each found quote: (entity or none, attributing token span).
        let mut speakers: Vec<Option<(Option<usize>, Range2, String)>> = Vec::new();
        for f in &found {
            let resolved = match (f.continues, f.who) {
                (Some(start), _) => found
                    .iter()
                    .position(|g| g.content.start == start)
                    .filter(|&j| j < speakers.len())
                    .and_then(|j| speakers[j].clone()),
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

    fn resolve_who(
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
            Who::OrgAnaphor(span) => {
                let e = self.latest_entity(span.start, |e| {
                    matches!(self.entities[e].kind, EntityType::Org)
                })?;
                Some((Some(e), span, self.speaker_name(e)))
            }
            Who::Pronoun(t, kind) => {
                let span = Range2 {
                    start: t,
                    end: t + 1,
                };
                let compatible = |e: usize| {
                    let ent = &self.entities[e];
                    match kind {
                        PronounKind::Masc => {
                            ent.kind == EntityType::Per
                                && self.person_gender(e) != Some(Gender::Femn)
                        }
                        PronounKind::Femn => {
                            ent.kind == EntityType::Per
                                && self.person_gender(e) != Some(Gender::Masc)
                        }
                        PronounKind::Neut | PronounKind::Plural => ent.kind != EntityType::Per,
                    }
                };
                let person = matches!(kind, PronounKind::Masc | PronounKind::Femn);
                let e = self.antecedent(t, found, speakers, compatible, person)?;
                Some((Some(e), span, self.entities[e].norm.clone()))
            }
            Who::Role(span) => {
                let person =
                    |e: usize| self.entities[e].kind == EntityType::Per && self.gender_ok(e, agr);
                let e = self.antecedent(span.start, found, speakers, person, true)?;
                Some((Some(e), span, self.entities[e].norm.clone()))
            }
        }
    }

    /// Who a pronoun or a role at token `t` stands for: the latest earlier speaker `ok` accepts
    /// within the last three paragraphs, else (for persons) the latest such entity mentioned.
    fn antecedent(
        &self,
        t: usize,
        found: &[Found],
        speakers: &[Option<(Option<usize>, Range2, String)>],
        ok: impl Fn(usize) -> bool,
        mentioned: bool,
    ) -> Option<usize> {
        let para = self.para_of[t];
        for (j, sp) in speakers.iter().enumerate().rev() {
            if found[j].content.start >= t && found[j].content.end > t {
                continue;
            }
            if para.saturating_sub(self.para_of[found[j].content.start]) > 3 {
                break;
            }
            if let Some((Some(e), _, _)) = sp {
                if ok(*e) {
                    return Some(*e);
                }
            }
        }
        if mentioned {
            self.latest_entity(t, ok)
        } else {
            None
        }
    }

    /// The name a speaker goes by: the entity's normal form, except that an organisation the
    /// text names by an acronym keeps the acronym as news writes it, with Russia spelt out
    /// (`МИД РФ` → `МИД России`, as the quote guideline writes institutional speakers).
    fn speaker_name(&self, e: usize) -> String {
        let entity = &self.entities[e];
        if entity.kind != EntityType::Org {
            return entity.norm.clone();
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
        acronym_led.unwrap_or_else(|| match entity.norm.strip_suffix(" РФ") {
            Some(head) => format!("{head} России"),
            None => entity.norm.clone(),
        })
    }

    /// The entity of the latest mention before token `t` that `ok` accepts.
    fn latest_entity(&self, t: usize, ok: impl Fn(usize) -> bool) -> Option<usize> {
        self.mentions
            .iter()
            .filter(|m| m.last <= t && ok(m.entity))
            .max_by_key(|m| m.first)
            .map(|m| m.entity)
    }

    fn char_span(&self, first: usize, last: usize) -> (usize, usize) {
        (
            self.offsets.char_at(self.toks[first].start),
            self.offsets.char_at(self.toks[last - 1].end),
        )
    }

    fn slice(&self, first: usize, last: usize) -> &str {
        &self.text[self.toks[first].start..self.toks[last - 1].end]
    }
}

/// An acronym without a case ending (`МИДа` → `МИД`), or `None` for a word that is not one.
fn acronym_stem(word: &str) -> Option<&str> {
    let caps = word
        .char_indices()
        .take_while(|(_, c)| c.is_uppercase())
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    let (head, tail) = word.split_at(caps);
    let upper_count = head.chars().count();
    (upper_count >= 2 && tail.chars().count() <= 2 && tail.chars().all(char::is_lowercase))
        .then_some(head)
}

#[cfg(test)]
mod tests;
