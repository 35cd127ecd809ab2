//! One document through every stage: a raw document is extracted into an article, becomes a
//! record, and gains its stand-off layers (entities, then quotes over the same tokens), title
//! and body alike. The CLI's batch pipeline, its benches and evaluations, and any binding call
//! this one path, so that a record is the same whoever made it. [`batch`] runs many documents
//! through it in parallel, into any sink or into a store.
use newsmill_extract::{ExtractError, Extractor};
use newsmill_model::{Entity, Field, Quote, RawDoc, Record};
use newsmill_ner::{Annotator, NerError, Prepared};
use newsmill_quotes::Layout;

pub mod batch;
pub use batch::{ingest, IngestSummary, Summary};

/// The extractor and, when annotating, the entity models: what every document goes through.
/// Loading the models is the costly part (tens of milliseconds); one pipeline serves any number
/// of documents, from any number of threads.
pub struct Pipeline {
    extractor: Extractor,
    annotator: Option<Annotator>,
}

impl Pipeline {
    /// The committed models; without `annotate`, records hold the article and its metadata but
    /// no entities or quotes, and the entity models are never loaded.
    pub fn new(annotate: bool) -> Result<Pipeline, NerError> {
        Ok(Pipeline {
            extractor: Extractor::new(),
            annotator: annotate.then(Annotator::new).transpose()?,
        })
    }

    /// The extractor.
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// The entity models, when the pipeline annotates.
    pub fn annotator(&self) -> Option<&Annotator> {
        self.annotator.as_ref()
    }

    /// The record of one raw document: extracted, then annotated ([`record_layers`]) when the
    /// pipeline annotates. Only content that is not text at all is an error; a page with no
    /// article is a record with an empty body and its `empty_reason`.
    pub fn record(&self, raw: &RawDoc) -> Result<Record, ExtractError> {
        let article = self.extractor.extract(raw)?;
        let mut record = Record::from_article(article, raw.origin.clone());
        if let Some(annotator) = &self.annotator {
            (record.entities, record.quotes) = record_layers(
                annotator,
                record.title.as_deref(),
                &record.text,
                record.lang.as_deref(),
            );
        }
        Ok(record)
    }
}

/// The annotation layers of one text: entities (where the language has a tagger), then quotes
/// over the same tokens and sentences.
/// `layout` says whether the text may open with its headline (`annotate`'s input) or not
/// (`extract`'s body, whose headline is the record's `title`).
pub fn layers(
    annotator: &Annotator,
    text: &str,
    lang: Option<&str>,
    layout: Layout,
) -> (Vec<Entity>, Vec<Quote>) {
    if Annotator::tags(lang) {
        let p = Prepared::new(text);
        let entities = annotator.annotate_prepared_lang(&p, lang);
        let quotes =
            newsmill_quotes::find_lang(text, &p.tokens, &p.sentences(), &entities, layout, lang);
        (entities, quotes)
    } else {
        let tokens = newsmill_nlp::token::tokenize(text);
        let sentences = newsmill_nlp::token::sentences(text, &tokens);
        let quotes = newsmill_quotes::find_lang(text, &tokens, &sentences, &[], layout, lang);
        (Vec::new(), quotes)
    }
}

/// A bare text annotated as `newsmill annotate` reads it (it may open with its headline): its
/// language (`lang` when given, else the one guessed from the text), entities and quotes.
pub fn annotate_text(
    annotator: &Annotator,
    text: &str,
    lang: Option<String>,
) -> (Option<String>, Vec<Entity>, Vec<Quote>) {
    let lang = lang
        .filter(|l| !l.trim().is_empty())
        .or_else(|| newsmill_nlp::guess_lang(text).map(str::to_owned));
    let (entities, quotes) = layers(annotator, text, lang.as_deref(), ANNOTATE_LAYOUT);
    (lang, entities, quotes)
}

/// The annotation layers of a record: its body as [`layers`] reads it, and its headline, whose
/// mentions join the body's entities (one entity per referent, by type and normal form) and
/// whose quotes include the headline forms (`Песков: …`, `… — Песков`). Headline spans carry
/// `field: title` and offsets into the title.
pub fn record_layers(
    annotator: &Annotator,
    title: Option<&str>,
    text: &str,
    lang: Option<&str>,
) -> (Vec<Entity>, Vec<Quote>) {
    let (mut entities, mut quotes) = layers(annotator, text, lang, Layout::default());
    let Some(title) = title.filter(|t| !t.trim().is_empty()) else {
        return (entities, quotes);
    };
    let p = Prepared::new(title);
    let heads = if Annotator::tags(lang) {
        annotator.annotate_prepared_lang(&p, lang)
    } else {
        Vec::new()
    };
    let head_quotes = newsmill_quotes::find_title(title, &p.tokens, &p.sentences(), &heads, lang);
    // Title entity index → record entity index.
    let mut index = Vec::with_capacity(heads.len());
    for mut e in heads {
        for m in &mut e.mentions {
            m.field = Field::Title;
        }
        match same_referent(&entities, &e) {
            Some(i) => {
                let mut mentions = e.mentions;
                mentions.append(&mut entities[i].mentions);
                entities[i].mentions = mentions;
                index.push(i);
            }
            None => {
                e.id = entities.len();
                index.push(entities.len());
                entities.push(e);
            }
        }
    }
    let mut head = Vec::with_capacity(head_quotes.len() + quotes.len());
    for mut q in head_quotes {
        if let Some(s) = &mut q.speaker {
            s.entity = s.entity.and_then(|e| index.get(e).copied());
            if let Some(e) = s.entity {
                s.norm = entities[e].norm.clone();
            }
        }
        head.push(q);
    }
    // Headline quotes first, then the body's, each in text order.
    head.sort_by_key(|q| q.start);
    quotes.sort_by_key(|q| q.start);
    head.append(&mut quotes);
    (entities, head)
}

/// The body entity a headline entity names: the same type and normal form, or a short form
/// of it (`Песков` in `… — Песков` for the body's `Дмитрий Песков`), the most mentioned first.
fn same_referent(body: &[Entity], head: &Entity) -> Option<usize> {
    let words = |s: &str| -> Vec<String> { s.split_whitespace().map(str::to_lowercase).collect() };
    let want = words(&head.norm);
    body.iter()
        .enumerate()
        .filter(|(_, b)| b.kind == head.kind)
        .filter(|(_, b)| {
            let have = words(&b.norm);
            b.norm == head.norm || (!want.is_empty() && want.iter().all(|w| have.contains(w)))
        })
        .max_by_key(|(i, b)| (b.norm == head.norm, b.mentions.len(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
}

/// The layout of texts given to `annotate` and the eval commands: they may open with a headline.
pub const ANNOTATE_LAYOUT: Layout = Layout {
    headline_first: true,
};
