//! Named entities: PER, LOC, ORG mentions found by a linear-chain tagger, grouped into one entity per
//! referent per document, each with a normal form.
//!
//! The pipeline for one text: tokens and sentences ([`newsmill_nlp::token`]) → per-form word info
//! with morphology ([`features::WordInfo`]) → hashed features per token → Viterbi over BILOU labels
//! ([`tagger`]) → a second pass that also reads what the first tagged the same words elsewhere in
//! the document ([`features::FirstPass`]) → mentions → normal forms and identity ([`norm`]).
//!
//! The model is trained by `newsmill train ner` ([`train`]) and embedded in the binary.
use std::ops::Range;
use std::rc::Rc;
use std::sync::OnceLock;

use newsmill_model::Entity;
use newsmill_nlp::token::{sentences, tokenize, Token};

pub mod contexts;
pub mod corpus;
pub mod features;
pub mod norm;
mod quoted;
pub mod score;
pub mod tagger;
pub mod train;

use features::{token_features, word_info, FirstPass, Sequence, WordInfo};
use tagger::{Model, Tagger};

/// What can go wrong loading a model or reading data.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    /// The model bytes are not a model this version reads.
    #[error("NER model: {0}")]
    Model(String),
    /// A file could not be read.
    #[error("{0}: {1}")]
    Io(String, #[source] std::io::Error),
    /// A data file is malformed.
    #[error("{0}")]
    Data(String),
}

/// The longest token run tagged as one sequence: lines longer than this are cut at sentence
/// boundaries (or, for a monster sentence, hard), so memory per sequence stays bounded.
const MAX_SEGMENT: usize = 400;

/// A text made ready for tagging: tokens, word info, sentence starts and tagging segments.
pub struct Prepared<'t> {
    text: &'t str,
    /// All tokens of the text.
    pub tokens: Vec<Token>,
    /// Token ranges tagged as one sequence each (lines, cut further when long).
    pub segments: Vec<Range<usize>>,
    starts: Vec<bool>,
    doc_case: Vec<u8>,
    info: Vec<Rc<WordInfo>>,
}

impl<'t> Prepared<'t> {
    /// Tokenizes and analyses `text`.
    pub fn new(text: &'t str) -> Self {
        let tokens = tokenize(text);
        let mut starts = vec![false; tokens.len()];
        let mut segments = Vec::new();
        let mut seg_start = 0;
        for sent in sentences(text, &tokens) {
            starts[sent.start] = true;
            let line_break = sent.start > 0
                && text[tokens[sent.start - 1].end..tokens[sent.start].start].contains('\n');
            if sent.start > seg_start && (line_break || sent.end - seg_start > MAX_SEGMENT) {
                segments.push(seg_start..sent.start);
                seg_start = sent.start;
            }
            while sent.end - seg_start > MAX_SEGMENT {
                segments.push(seg_start..seg_start + MAX_SEGMENT);
                seg_start += MAX_SEGMENT;
            }
        }
        if seg_start < tokens.len() {
            segments.push(seg_start..tokens.len());
        }
        let info: Vec<Rc<WordInfo>> = tokens.iter().map(|t| word_info(t.text(text))).collect();
        let mut lower_seen = rustc_hash::FxHashSet::default();
        let mut cap_seen = rustc_hash::FxHashSet::default();
        for (i, t) in tokens.iter().enumerate() {
            let lower = info[i].lower.as_str();
            match t.text(text).chars().next() {
                Some(c) if c.is_lowercase() => {
                    lower_seen.insert(lower);
                }
                Some(c) if c.is_uppercase() && !starts[i] => {
                    cap_seen.insert(lower);
                }
                _ => {}
            }
        }
        let doc_case = info
            .iter()
            .map(|w| {
                let lower = w.lower.as_str();
                lower_seen.contains(lower) as u8 | (cap_seen.contains(lower) as u8) << 1
            })
            .collect();
        drop((lower_seen, cap_seen));
        Prepared {
            text,
            tokens,
            segments,
            starts,
            doc_case,
            info,
        }
    }

    /// Hashed features of every token of one segment, for the NEREL scheme.
    pub fn features(&self, seg: Range<usize>) -> Vec<Vec<u32>> {
        self.features_in(seg, Scheme::Nerel)
    }

    /// Hashed features of every token of one segment under an annotation scheme: a scheme
    /// other than the base one adds a scheme-specific copy of every feature, so the weights
    /// shared by both corpora learn what they agree on and the copies learn where this
    /// scheme differs (Daumé's feature augmentation).
    pub fn features_in(&self, seg: Range<usize>, scheme: Scheme) -> Vec<Vec<u32>> {
        self.features_with(seg, scheme, None)
    }

    /// [`Prepared::features_in`] with the word-context features of `contexts` added to every
    /// word's own (the English tagger's).
    pub fn features_with(
        &self,
        seg: Range<usize>,
        scheme: Scheme,
        contexts: Option<&contexts::Contexts>,
    ) -> Vec<Vec<u32>> {
        let seq = Sequence {
            tokens: &self.tokens[seg.clone()],
            info: self.info[seg.clone()].iter().map(|i| &**i).collect(),
            starts: &self.starts[seg.clone()],
            doc_case: &self.doc_case[seg.clone()],
        };
        (0..seq.tokens.len())
            .map(|i| {
                let mut out = Vec::with_capacity(48);
                token_features(self.text, &seq, i, &mut out);
                if let Some(ctx) = contexts {
                    features::context_features(ctx, &seq.info[i].lower, &mut out);
                }
                if scheme == Scheme::FactRu {
                    let n = out.len();
                    for k in 0..n {
                        out.push(features::scheme_copy(out[k]));
                    }
                }
                out
            })
            .collect()
    }

    /// The first-pass evidence of `labels` (one per token) over this text's words.
    pub(crate) fn first_pass(&self, labels: Vec<u8>) -> FirstPass<'_> {
        let info: Vec<&WordInfo> = self.info.iter().map(|i| &**i).collect();
        FirstPass::new(&info, labels)
    }

    /// The second-pass features of `first` for each token of segment `seg`.
    pub(crate) fn doc_features(&self, first: &FirstPass, seg: Range<usize>) -> Vec<Vec<u32>> {
        seg.clone()
            .map(|i| {
                let mut out = Vec::with_capacity(8);
                first.add_features(&self.info[i], seg.clone(), i, &mut out);
                out
            })
            .collect()
    }

    /// Word info of token `i`.
    pub fn info(&self, i: usize) -> &WordInfo {
        &self.info[i]
    }

    /// The sentences, as token ranges.
    pub fn sentences(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for i in 1..self.tokens.len() {
            if self.starts[i] {
                out.push(start..i);
                start = i;
            }
        }
        if start < self.tokens.len() {
            out.push(start..self.tokens.len());
        }
        out
    }

    /// The text this was prepared from.
    pub fn text(&self) -> &'t str {
        self.text
    }
}

/// A tagged mention before normalisation: a token range and its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First token.
    pub first: usize,
    /// Past the last token.
    pub last: usize,
    /// The type.
    pub kind: newsmill_model::EntityType,
}

/// Mention spans of labels (one per token); an entity never crosses a segment.
fn spans_of(segments: &[Range<usize>], labels: &[u8]) -> Vec<Span> {
    let mut out = Vec::new();
    for seg in segments {
        let mut open: Option<usize> = None;
        for i in seg.clone() {
            match tagger::unlabel(labels[i]) {
                Some((kind, tagger::Part::Unit)) => out.push(Span {
                    first: i,
                    last: i + 1,
                    kind,
                }),
                Some((_, tagger::Part::Begin)) => open = Some(i),
                Some((kind, tagger::Part::Last)) => {
                    if let Some(first) = open.take() {
                        out.push(Span {
                            first,
                            last: i + 1,
                            kind,
                        });
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Titles that may open a person span ("Император Акихито") without being part of the name.
const TITLES: [&str; 14] = [
    "император",
    "императрица",
    "король",
    "королева",
    "президент",
    "принц",
    "принцесса",
    "премьер",
    "министр",
    "генерал",
    "патриарх",
    "царь",
    "султан",
    "султанша",
];

/// Whether some reading of token `i` has its lemma in `lemmas`.
fn lemma_in(p: &Prepared, i: usize, lemmas: &[&str]) -> bool {
    newsmill_nlp::morph::morph()
        .analyze_shared(p.tokens[i].text(p.text))
        .iter()
        .any(|a| lemmas.contains(&a.lemma.as_str()))
}

/// Person spans without a leading capitalised title, and cut at a lowercase word between two
/// names: the tagger sometimes runs a name on over a phrase ("Кэтрин опекунства над Блэнкет").
/// Particles ("аль-Багдади", "дель", "бин") stay, as do "младший" and "старший", and so does a
/// lowercase word before or after the only name ("мать Тереза", "брата северокорейского
/// лидера"); each capitalised piece left is a mention of its own.
fn split_person_spans(p: &Prepared, spans: Vec<Span>) -> Vec<Span> {
    let text = p.text;
    let capitalised = |i: usize| p.tokens[i].capitalised(text);
    let breaks = |span: &Span, i: usize| {
        let t = &p.tokens[i];
        let w = t.text(text);
        t.kind == newsmill_nlp::token::Kind::Word
            && !w.chars().any(char::is_uppercase)
            && w.chars().count() >= 4
            && !["младш", "старш", "дель", "делл"]
                .iter()
                .any(|s| w.starts_with(s))
            && (span.first..i).any(capitalised)
            && (i + 1..span.last).any(capitalised)
    };
    // A title written with a capital ("Император Акихито" at a line's start) is not part of the
    // name: NEREL and factRuEval tag the name alone.
    let title = |i: usize| lemma_in(p, i, &TITLES);
    let mut out = Vec::with_capacity(spans.len());
    for mut span in spans {
        while span.kind == newsmill_model::EntityType::Per
            && span.last > span.first + 1
            && title(span.first)
        {
            span.first += 1;
        }
        if span.kind != newsmill_model::EntityType::Per
            || !(span.first..span.last).any(|i| breaks(&span, i))
        {
            out.push(span);
            continue;
        }
        let mut start = span.first;
        for i in span.first..=span.last {
            if i == span.last || breaks(&span, i) {
                // Trim what is not a name word from the piece's ends ("над" before "Блэнкет").
                let (mut a, mut b) = (start, i);
                while a < b && !capitalised(a) {
                    a += 1;
                }
                while b > a && !capitalised(b - 1) {
                    b -= 1;
                }
                if a < b {
                    out.push(Span {
                        first: a,
                        last: b,
                        kind: span.kind,
                    });
                }
                start = i + 1;
            }
        }
    }
    out
}

/// Ranks that may close an organisation span run on into the person after it ("главы МВД
/// полковника Игоря Шуневича").
const RANKS: [&str; 9] = [
    "полковник",
    "подполковник",
    "майор",
    "капитан",
    "лейтенант",
    "генерал",
    "адмирал",
    "сержант",
    "прокурор",
];

/// Mends two span ends the tagger gets wrong: a name that holds an opening straight quotation
/// mark ends with the closing one (ООО "ТНГК"), and a rank run on from an organisation into
/// the person after it is left out ("МВД полковника"). Angle quotes are left as tagged: NEREL
/// mostly counts the closing « » in the name and factRuEval does not (closing them gained one
/// NEREL dev name and cost factRuEval 0.003 F1 under cross-validation).
fn mend_spans(p: &Prepared, mut spans: Vec<Span>, scheme: Scheme) -> Vec<Span> {
    let text = p.text;
    let word = |i: usize| p.tokens[i].text(text);
    for k in 0..spans.len() {
        let (first, last) = (spans[k].first, spans[k].last);
        let quotes = (first..last).filter(|&i| word(i) == "\"").count();
        let next_free = spans.get(k + 1).is_none_or(|n| n.first > last);
        // (factRuEval ends a name before its closing mark: `завода "ЗАЗ`.)
        if scheme == Scheme::Nerel
            && quotes % 2 == 1
            && next_free
            && last < p.tokens.len()
            && word(last) == "\""
        {
            spans[k].last += 1;
            continue;
        }
        if spans[k].kind == newsmill_model::EntityType::Org
            && last - first > 1
            && !word(last - 1).chars().any(char::is_uppercase)
            && newsmill_nlp::morph::morph()
                .analyze_shared(word(last - 1))
                .iter()
                .any(|a| RANKS.contains(&a.lemma.as_str()))
        {
            spans[k].last -= 1;
        }
    }
    spans
}

/// Kinship nouns after which two names are two people: `сын Акихито Нарухито` is Akihito's
/// son, Naruhito.
const KIN: &[&str] = &[
    "сын",
    "дочь",
    "жена",
    "муж",
    "отец",
    "мать",
    "брат",
    "сестра",
    "внук",
    "внучка",
    "вдова",
    "супруга",
    "супруг",
    "наследник",
    "преемник",
];

/// Two-word person spans after a kinship noun whose words each stand alone as a person
/// elsewhere in the document, and never together: the genitive of one person and the name of
/// another (`сменит сын Акихито Нарухито`), split in two.
fn split_kin_pairs(p: &Prepared, spans: Vec<Span>) -> Vec<Span> {
    use newsmill_model::EntityType;
    let text = p.text;
    let word = |i: usize| p.tokens[i].text(text);
    let alone: Vec<&str> = spans
        .iter()
        .filter(|s| s.kind == EntityType::Per && s.last == s.first + 1)
        .map(|s| word(s.first))
        .collect();
    let pairs: Vec<(&str, &str)> = spans
        .iter()
        .filter(|s| s.kind == EntityType::Per && s.last == s.first + 2)
        .map(|s| (word(s.first), word(s.first + 1)))
        .collect();
    let kin = |i: usize| lemma_in(p, i, KIN);
    // (The parent's name is in the genitive: `дочь Мария Исабель` is one daughter.)
    let genitive = |i: usize| {
        newsmill_nlp::morph::morph()
            .analyze_shared(word(i))
            .iter()
            .any(|a| {
                a.tag.case == Some(newsmill_nlp::morph::Case::Gent)
                    || a.tag.has(newsmill_nlp::morph::flag::FIXD)
            })
    };
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        let split = s.kind == EntityType::Per
            && s.last == s.first + 2
            && s.first > 0
            && p.tokens[s.first - 1].lowercase(text)
            && kin(s.first - 1)
            && genitive(s.first)
            && alone.contains(&word(s.first))
            && alone.contains(&word(s.first + 1))
            && pairs
                .iter()
                .filter(|&&pair| pair == (word(s.first), word(s.first + 1)))
                .count()
                == 1;
        if split {
            out.push(Span {
                first: s.first,
                last: s.first + 1,
                kind: s.kind,
            });
            out.push(Span {
                first: s.first + 1,
                last: s.last,
                kind: s.kind,
            });
        } else {
            out.push(s);
        }
    }
    out
}

/// Whether a word is an acronym: two to six letters, all capitals ("СБУ", "МАГАТЭ", "NASA").
fn is_acronym(w: &str) -> bool {
    let n = w.chars().count();
    (2..=6).contains(&n) && w.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
}

/// Acronyms the tagger left out where the document itself says what they stand for: an
/// acronym that spells the initials of an organisation tagged in the document ("СБУ" beside
/// "Служба безопасности Украины", "ZESN" beside "Zimbabwe Election Support Network") is that
/// organisation wherever it stands untagged. (An acronym merely tagged elsewhere is not
/// enough: one stray tag on "ЕГЭ" would spread to every exam.)
fn tag_known_acronyms(p: &Prepared, mut spans: Vec<Span>) -> Vec<Span> {
    use newsmill_model::EntityType;
    let text = p.text;
    let mut known: Vec<String> = Vec::new();
    for s in spans.iter().filter(|s| s.kind == EntityType::Org) {
        let words: Vec<&str> = p.tokens[s.first..s.last]
            .iter()
            .filter(|t| t.kind == newsmill_nlp::token::Kind::Word)
            .map(|t| t.text(text))
            .collect();
        if words.len() >= 2 {
            known.push(norm::initials(&words.join(" ")));
        }
    }
    known.retain(|k| k.chars().count() >= 2);
    if known.is_empty() {
        return spans;
    }
    let mut covered = vec![false; p.tokens.len()];
    for s in &spans {
        covered[s.first..s.last].fill(true);
    }
    let before = spans.len();
    for (i, t) in p.tokens.iter().enumerate() {
        let w = t.text(text);
        if !covered[i]
            && t.kind == newsmill_nlp::token::Kind::Word
            && is_acronym(w)
            && known.contains(&w.to_lowercase())
        {
            spans.push(Span {
                first: i,
                last: i + 1,
                kind: EntityType::Org,
            });
        }
    }
    if spans.len() > before {
        spans.sort_by_key(|s| s.first);
    }
    spans
}

static MODEL: &[u8] = include_bytes!("../models/ner.model.gz");
static SECOND: &[u8] = include_bytes!("../models/ner-doc.model.gz");
static NORMS: &[u8] = include_bytes!("../models/norms.tsv.gz");
static EN_MODEL: &[u8] = include_bytes!("../models/en/ner.model.gz");
static EN_SECOND: &[u8] = include_bytes!("../models/en/ner-doc.model.gz");
static EN_CONTEXTS: &[u8] = include_bytes!("../models/en/contexts.tsv.gz");

/// Which corpus's conventions mention spans follow. The corpora we learn from disagree on
/// extent: NEREL tags `Яблоко` in `партии «Яблоко»` and place adjectives (`российские`) as
/// places; factRuEval tags `партии «Яблоко` with its descriptor and no adjectives. The tagger
/// learns both from one model, so a user (or an evaluation on either corpus) picks one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scheme {
    /// NEREL: bare names, place adjectives are places. The default.
    #[default]
    Nerel,
    /// factRuEval-2016: organisations with their descriptor, no adjectives.
    FactRu,
}

impl Scheme {
    /// The scheme of a name (`nerel`, `factru`), for command lines.
    pub fn parse(name: &str) -> Option<Scheme> {
        match name.to_ascii_lowercase().as_str() {
            "nerel" => Some(Scheme::Nerel),
            "factru" | "factrueval" => Some(Scheme::FactRu),
            _ => None,
        }
    }
}

/// The entity annotator: the Russian tagger and its normal-form lexicon, and the English
/// tagger.
pub struct Annotator {
    tagger: Tagger,
    lexicon: norm::Lexicon,
    scheme: Scheme,
    /// The English tagger and its word contexts, loaded at the first English text: a run
    /// over Russian news never pays for them (37 ms and 24 MB).
    english: OnceLock<Option<(Tagger, contexts::Contexts)>>,
    /// Whether the English parts are the committed ones (else only [`Annotator::with_english`]
    /// gives them).
    committed_english: bool,
}

impl Annotator {
    /// The annotator with the committed models.
    pub fn new() -> Result<Annotator, NerError> {
        let mut annotator = Annotator::from_bytes(MODEL, Some(SECOND), NORMS)?;
        annotator.committed_english = true;
        Ok(annotator)
    }

    /// The committed English tagger and contexts (`None` if they were unreadable, which the
    /// crate's tests rule out for the committed files).
    fn committed_english() -> Option<(Tagger, contexts::Contexts)> {
        let tagger = Tagger::read(EN_MODEL, Some(EN_SECOND)).ok()?;
        let contexts = contexts::Contexts::read(EN_CONTEXTS).ok()?;
        Some((tagger, contexts))
    }

    /// The English parts, loaded on first use.
    fn english(&self) -> Option<&(Tagger, contexts::Contexts)> {
        self.english
            .get_or_init(|| {
                if self.committed_english {
                    Annotator::committed_english()
                } else {
                    None
                }
            })
            .as_ref()
    }

    /// This annotator, with `model` (and its second pass) tagging English, reading word
    /// contexts from `contexts`.
    pub fn with_english(
        mut self,
        model: &Model,
        second: Option<&Model>,
        contexts: contexts::Contexts,
    ) -> Annotator {
        self.english = OnceLock::from(Some((Tagger::new(model, second), contexts)));
        self
    }

    /// An annotator from model and lexicon bytes (as `newsmill train ner` writes them); `second`
    /// is the optional second-pass model.
    pub fn from_bytes(
        model: &[u8],
        second: Option<&[u8]>,
        norms: &[u8],
    ) -> Result<Annotator, NerError> {
        Ok(Annotator {
            tagger: Tagger::read(model, second)?,
            lexicon: norm::Lexicon::read(norms)?,
            scheme: Scheme::default(),
            english: OnceLock::new(),
            committed_english: false,
        })
    }

    /// An annotator from trained parts.
    pub fn from_parts(model: Model, second: Option<Model>, lexicon: norm::Lexicon) -> Annotator {
        Annotator {
            tagger: Tagger::new(&model, second.as_ref()),
            lexicon,
            scheme: Scheme::default(),
            english: OnceLock::new(),
            committed_english: false,
        }
    }

    /// This annotator, tagging spans by the conventions of `scheme`.
    pub fn with_scheme(mut self, scheme: Scheme) -> Annotator {
        self.scheme = scheme;
        self
    }

    /// Labels of every token of a prepared text: the first pass over each segment, then, when
    /// the annotator has one, the second pass that also reads the first pass's document-wide
    /// evidence.
    fn labels(&self, p: &Prepared) -> Vec<u8> {
        labels_by(&self.tagger, p, self.scheme, None)
    }

    /// Tagged mention spans of a prepared text.
    pub fn spans(&self, p: &Prepared) -> Vec<Span> {
        let spans = split_kin_pairs(
            p,
            split_person_spans(p, spans_of(&p.segments, &self.labels(p))),
        );
        let spans = quoted::decide_by_head(p, mend_spans(p, spans, self.scheme), self.scheme);
        tag_known_acronyms(p, quoted::retype_by_noun(p, spans))
    }

    /// Languages the committed models were trained for. Texts in other languages get no
    /// entities rather than another language's model's guesses.
    pub const LANGUAGES: &'static [&'static str] = &["ru", "en"];

    /// Entities of `text` in language `lang` (ISO 639-1; `None` means unknown and is tried
    /// as Russian), or none when the language has no model.
    pub fn annotate_lang(&self, text: &str, lang: Option<&str>) -> Vec<Entity> {
        if Self::tags(lang) {
            self.annotate_prepared_lang(&Prepared::new(text), lang)
        } else {
            Vec::new()
        }
    }

    /// Entities of a prepared text in language `lang`: English by the English tagger and
    /// English normal forms ([`norm::resolve_english`]), anything else by the Russian ones.
    pub fn annotate_prepared_lang(&self, p: &Prepared, lang: Option<&str>) -> Vec<Entity> {
        if lang != Some("en") {
            return self.annotate_prepared(p);
        }
        let Some((english, contexts)) = self.english() else {
            return Vec::new();
        };
        let labels = labels_by(english, p, Scheme::Nerel, Some(contexts));
        norm::resolve_english(p.text, p, &spans_of(&p.segments, &labels))
    }

    /// Entities of `text`, one per referent, with their mentions and normal forms.
    pub fn annotate(&self, text: &str) -> Vec<Entity> {
        self.annotate_prepared(&Prepared::new(text))
    }

    /// Entities of a prepared text (whose tokens and sentences later layers reuse).
    pub fn annotate_prepared(&self, p: &Prepared) -> Vec<Entity> {
        let spans = self.spans(p);
        norm::resolve(p.text, p, &spans, &self.lexicon)
    }

    /// Whether this annotator tags texts in `lang` (ISO 639-1; `None`, unknown, is tried).
    pub fn tags(lang: Option<&str>) -> bool {
        match lang {
            Some(l) => Self::LANGUAGES.contains(&l),
            None => true,
        }
    }
}

/// Labels of every token of a prepared text by `tagger`: the first pass over each segment,
/// then, when the tagger has one, the second pass that also reads the first pass's
/// document-wide evidence.
fn labels_by(
    tagger: &Tagger,
    p: &Prepared,
    scheme: Scheme,
    contexts: Option<&contexts::Contexts>,
) -> Vec<u8> {
    let mut labels = Vec::with_capacity(p.tokens.len());
    let mut firsts = Vec::with_capacity(p.segments.len());
    for seg in &p.segments {
        let scored = tagger.tag_first(&p.features_with(seg.clone(), scheme, contexts));
        labels.extend_from_slice(&scored.labels);
        firsts.push(scored);
    }
    if !tagger.has_second() {
        return labels;
    }
    let first = p.first_pass(labels);
    let mut labels = Vec::with_capacity(p.tokens.len());
    for (seg, scored) in p.segments.iter().zip(firsts) {
        let doc = p.doc_features(&first, seg.clone());
        labels.extend(tagger.tag_second(scored, &doc));
    }
    labels
}

/// The span of the `nth` occurrence of `needle` in a prepared text, for tests.
#[cfg(test)]
pub(crate) fn test_span(
    p: &Prepared,
    needle: &str,
    nth: usize,
    kind: newsmill_model::EntityType,
) -> Span {
    let bs = p.text.match_indices(needle).nth(nth).expect("needle").0;
    let be = bs + needle.len();
    Span {
        first: p.tokens.iter().position(|t| t.start == bs).expect("start"),
        last: p.tokens.iter().position(|t| t.end == be).expect("end") + 1,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsmill_model::EntityType;

    fn pieces(text: &str, needle: &str) -> Vec<String> {
        let p = Prepared::new(text);
        split_person_spans(&p, vec![test_span(&p, needle, 0, EntityType::Per)])
            .into_iter()
            .map(|s| p.text[p.tokens[s.first].start..p.tokens[s.last - 1].end].to_owned())
            .collect()
    }

    /// `сын Акихито Нарухито` names two people when each name stands alone elsewhere; a name
    /// written whole elsewhere too, or one word never alone, stays one span.
    #[test]
    fn kin_pairs_split_when_each_name_stands_alone() {
        let text = "Акихито отрёкся. Нарухито вступил на трон. Императора сменит сын Акихито \
                    Нарухито. Жена Владимир Путин приехала. Путин ответил. Мария родила. \
                    Исабель ушла. Его дочь Мария Исабель.";
        let p = Prepared::new(text);
        let spans = vec![
            test_span(&p, "Акихито", 0, EntityType::Per),
            test_span(&p, "Нарухито", 0, EntityType::Per),
            test_span(&p, "Акихито Нарухито", 0, EntityType::Per),
            test_span(&p, "Владимир Путин", 0, EntityType::Per),
            test_span(&p, "Путин", 1, EntityType::Per),
            test_span(&p, "Мария", 0, EntityType::Per),
            test_span(&p, "Исабель", 0, EntityType::Per),
            test_span(&p, "Мария Исабель", 0, EntityType::Per),
        ];
        let got: Vec<&str> = split_kin_pairs(&p, spans)
            .iter()
            .map(|s| &text[p.tokens[s.first].start..p.tokens[s.last - 1].end])
            .collect();
        assert_eq!(
            got,
            [
                "Акихито",
                "Нарухито",
                "Акихито",
                "Нарухито",
                "Владимир Путин",
                "Путин",
                "Мария",
                "Исабель",
                "Мария Исабель"
            ]
        );
    }

    /// The factRuEval scheme keeps every shared feature and adds one copy of each, so the
    /// weights both corpora agree on are the same for either scheme.
    #[test]
    fn a_scheme_adds_a_copy_of_every_feature() {
        let p = Prepared::new("Лидер партии «Яблоко» заявил.");
        let seg = p.segments[0].clone();
        let base = p.features_in(seg.clone(), Scheme::Nerel);
        let copied = p.features_in(seg, Scheme::FactRu);
        for (b, c) in base.iter().zip(&copied) {
            assert_eq!(c.len(), 2 * b.len());
            assert_eq!(&c[..b.len()], &b[..]);
            assert!(c[b.len()..].iter().all(|&f| f < 1 << features::BITS));
            assert_ne!(&c[b.len()..], &b[..]);
        }
        assert_eq!(Scheme::parse("FactRu"), Some(Scheme::FactRu));
        assert_eq!(Scheme::parse("nerel"), Some(Scheme::Nerel));
        assert_eq!(Scheme::parse("conll"), None);
    }

    /// An untagged acronym that spells a tagged organisation's initials joins it; one that
    /// spells nothing tagged stays untagged.
    #[test]
    fn organisation_spans_close_their_quotes_and_drop_a_trailing_rank() {
        let text =
            "Он возглавил ООО \"ТНГК\". Лукашенко назначил главой МВД полковника Игоря Шуневича.";
        let p = Prepared::new(text);
        let mut quoted = test_span(&p, "ООО \"ТНГК", 0, EntityType::Org);
        let mut ministry = test_span(&p, "МВД полковника", 0, EntityType::Org);
        let got: Vec<&str> = mend_spans(&p, vec![quoted, ministry], Scheme::Nerel)
            .iter()
            .map(|s| &text[p.tokens[s.first].start..p.tokens[s.last - 1].end])
            .collect();
        assert_eq!(got, ["ООО \"ТНГК\"", "МВД"]);
        // A balanced name and a rank that is the name's own last word stay as they are.
        quoted = test_span(&p, "ООО \"ТНГК\"", 0, EntityType::Org);
        ministry = test_span(&p, "МВД", 0, EntityType::Org);
        let kept = mend_spans(&p, vec![quoted, ministry], Scheme::Nerel);
        assert_eq!(kept, [quoted, ministry]);
    }

    #[test]
    fn acronyms_of_tagged_organisations_are_tagged() {
        let text = "Служба безопасности Украины запретила въезд, заявили в СБУ. ЕГЭ отменят.";
        let p = Prepared::new(text);
        let org = test_span(&p, "Служба безопасности Украины", 0, EntityType::Org);
        let got: Vec<&str> = tag_known_acronyms(&p, vec![org])
            .into_iter()
            .map(|s| &text[p.tokens[s.first].start..p.tokens[s.last - 1].end])
            .collect();
        assert_eq!(got, ["Служба безопасности Украины", "СБУ"]);
    }

    /// A person span run on over a phrase is cut into the names it holds; particles, titles
    /// before the only name and lowercase-only spans stay whole.
    #[test]
    fn person_spans_are_cut_between_names() {
        let text = "Суд лишил Кэтрин опекунства над Блэнкет и Принсом.";
        assert_eq!(
            pieces(text, "Кэтрин опекунства над Блэнкет"),
            ["Кэтрин", "Блэнкет"]
        );
        // A capitalised title before the name is not part of it.
        let text = "Император Акихито отрёкся от престола.";
        assert_eq!(pieces(text, "Император Акихито"), ["Акихито"]);
        for (text, whole) in [
            ("Главарь Абу Бакр аль-Багдади убит.", "Абу Бакр аль-Багдади"),
            ("Тренер Висенте дель Боске ушёл.", "Висенте дель Боске"),
            ("Канонизация мать Терезу прославила.", "мать Терезу"),
            (
                "Сын Джорджа Буша-младшего приехал.",
                "Джорджа Буша-младшего",
            ),
            (
                "Он поддержал брата северокорейского лидера.",
                "брата северокорейского лидера",
            ),
        ] {
            assert_eq!(pieces(text, whole), [whole], "{text}");
        }
    }
}
