//! Who said what: direct, indirect and mixed quotes, each with its speech cue and a speaker
//! resolved to an entity of the document (`shared/data/quotes/GUIDELINES.md`).
//!
//! The finder reads the layers earlier stages made (tokens, sentences, entities) and adds one:
//!
//! 1. **Quoted segments**: quotation marks paired within a paragraph (« », „ “, “ ”, straight
//!    quotes by the spacing around them; nesting kept, unbalanced marks dropped), and dialogue
//!    turns that open a paragraph with a dash. Marks that open in one paragraph and close in
//!    the next make a segment in each, the second continuing the first's quote.
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
//! Quotes never cross a paragraph (a quote over two is two quotes, as the guideline counts
//! them); every span lies on token boundaries of the text.
use std::ops::Range;

use newsmill_model::{Entity, Quote, QuoteKind};
use newsmill_nlp::token::{CharOffsets, Token};

mod anaphoric;
mod direct;
mod doc;
pub mod gold;
mod headline;
mod indirect;
mod learned;
pub mod lexicon;
pub mod score;
mod speaker;

pub use headline::find_title;
pub use learned::{Attributor, ModelError, TrainDoc, TrainReport};
use lexicon::{Frame, PronounKind};

/// The longest attribution after or before a quote, in tokens.
const ATTRIBUTION_WINDOW: usize = 16;

/// The longest stretch of text searched as one, in tokens: a longer paragraph (a 50 MB text with
/// no line break) is cut at sentence boundaries, and no quote crosses the cut.
const MAX_WINDOW: usize = 2_000;

/// How a text is laid out, where the finder cannot tell.
#[derive(Debug, Clone, Copy, Default)]
pub struct Layout {
    /// The text may open with its headline: a first line with no sentence-final punctuation
    /// (`Мандела оказал влияние на людей по всему миру, заявил Обама`), which the guideline
    /// does not count as a quote. Records from `extract` keep the headline in `title`, so their
    /// text opens with the lead; texts given to `annotate` (NEREL's among them) often open with
    /// the headline.
    pub headline_first: bool,
}

/// Finds the quotes of `text`, given its tokens (byte offsets), sentences (token ranges) and the
/// entities annotated over it (code-point offsets, as in the record).
pub fn find(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    entities: &[Entity],
) -> Vec<Quote> {
    find_with(text, tokens, sentences, entities, Layout::default())
}

/// [`find`] for a text laid out as `layout` says.
pub fn find_with(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    entities: &[Entity],
    layout: Layout,
) -> Vec<Quote> {
    find_by(text, tokens, sentences, entities, layout, None)
}

/// [`find_with`] for a text in language `lang` (a BCP 47 code; guessed from the text when
/// `None`): English goes to the learned attribution tagger, other languages to the rules.
pub fn find_lang(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    entities: &[Entity],
    layout: Layout,
    lang: Option<&str>,
) -> Vec<Quote> {
    let english = lang.or_else(|| newsmill_nlp::guess_lang(text)) == Some("en");
    let attributor = if english { Attributor::english() } else { None };
    find_by(text, tokens, sentences, entities, layout, attributor)
}

/// [`find_with`] with the paragraphs read by `attributor` where one is given, by the rules
/// otherwise.
pub fn find_by(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    entities: &[Entity],
    layout: Layout,
    attributor: Option<&Attributor>,
) -> Vec<Quote> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let doc = Doc::new(text, tokens, sentences, entities);
    let headline = if layout.headline_first {
        doc.headline()
    } else {
        None
    };
    // Paragraph by paragraph (quotes never cross one), so that work stays linear in the text
    // however many quotation marks it holds.
    let mut found = Vec::new();
    for window in doc.windows() {
        if headline.as_ref().is_some_and(|h| h.start == window.start) {
            continue;
        }
        let before = found
            .iter()
            .rev()
            .find(|f: &&Found| f.kind == QuoteKind::Direct);
        let mut local = match attributor {
            Some(att) => doc.learned(att, window),
            None => {
                let mut local = doc.direct(window.clone(), before);
                doc.indirect(window, &mut local);
                local
            }
        };
        local.sort_by_key(|q| q.content.start);
        drop_nested(&mut local);
        found.extend(local);
    }
    doc.resolve(found)
}

/// Quotes do not nest: a quote inside another one (sorted by start) is dropped, unless it has a
/// cue and the outer one has none, in which case the outer one goes.
fn drop_nested(found: &mut Vec<Found>) {
    let mut keep: Vec<Found> = Vec::with_capacity(found.len());
    for f in found.drain(..) {
        let inside = |outer: &Found, inner: &Found| {
            outer.content.start <= inner.content.start && inner.content.end <= outer.content.end
        };
        match keep.iter().position(|k| inside(k, &f) || inside(&f, k)) {
            None => keep.push(f),
            Some(i) => {
                let (outer_is_new, other) = (inside(&f, &keep[i]), &keep[i]);
                let (outer, inner) = if outer_is_new {
                    (&f, other)
                } else {
                    (other, &f)
                };
                if outer.cue.is_none() && inner.cue.is_some() {
                    if outer_is_new {
                        continue;
                    }
                    keep[i] = f;
                } else if outer_is_new {
                    keep[i] = f;
                }
            }
        }
    }
    *found = keep;
}

/// A token that is a verb of speech, with its lemma and frame.
#[derive(Debug, Clone, Copy)]
struct CueTok {
    first: usize,
    last: usize,
    lemma: &'static str,
    /// A gerund (`отметив`): its subject is the main clause's.
    gerund: bool,
    /// Reports without a subject (`говорится`, `сказано`): its speaker is a statement's author,
    /// if any.
    impersonal: bool,
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
    /// A source span the attribution tagger marked: the entity named in it, or the person a
    /// pronoun in it stands for, where either resolves; else the span as written ("the
    /// newspaper", "they"), which is what the reader is told.
    Spoken(Range2),
    /// A role named by its place (`президент РФ`, `глава КНР`): the person last quoted or named.
    Role(Range2),
    /// `В сообщении говорится`: the statement the text has been quoting, by its speaker.
    Statement(Range2),
    /// A document that reports with no author given (`Согласно документу, …`): the speaker
    /// is the document as written, named by its noun.
    Document(Range2),
    /// A source the text does not name.
    Anonymous,
    /// A cue with no subject of its own (`«…», — и добавил`), at this token: whoever spoke
    /// last, just before.
    Elided(usize),
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

impl Found {
    /// A direct quote given to a speaker with no cue: a name and a colon before it, or the
    /// subject of a colon intro before a first-person paragraph.
    fn named(content: Range<usize>, who: Who) -> Found {
        Found {
            kind: QuoteKind::Direct,
            content,
            cue: None,
            who: Some(who),
            continues: None,
            agr: Agr::Any,
            subject: true,
        }
    }

    /// A quote with its cue and (unresolved) speaker.
    fn attributed(
        kind: QuoteKind,
        content: Range<usize>,
        cue: CueTok,
        who: Option<Who>,
        agr: Agr,
    ) -> Found {
        Found {
            kind,
            content,
            cue: Some(cue),
            who,
            continues: None,
            agr,
            subject: false,
        }
    }
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
    /// Speaker names by entity, computed once each (an entity may have thousands of mentions).
    names: std::cell::RefCell<Vec<Option<String>>>,
    /// Person genders by entity, computed once each.
    genders: std::cell::RefCell<Vec<Option<Option<newsmill_nlp::morph::Gender>>>>,
}

/// A pair of quotation marks: token indices of the opening and closing mark.
#[derive(Debug, Clone, Copy)]
struct Segment {
    open: usize,
    close: usize,
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_agency;
