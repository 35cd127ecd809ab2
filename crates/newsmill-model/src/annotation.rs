//! Stand-off annotation layers over a record's `text`. Offsets are Unicode code points, half-open.
use serde::{Deserialize, Serialize};

/// The coarse entity types every language model tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityType {
    /// A person.
    #[serde(rename = "PER")]
    Per,
    /// A place: country, city, region, geographic feature (also by metonymy, "Баку назвал").
    #[serde(rename = "LOC")]
    Loc,
    /// An organisation.
    #[serde(rename = "ORG")]
    Org,
}

impl EntityType {
    /// All types, in label order.
    pub const ALL: [EntityType; 3] = [EntityType::Per, EntityType::Loc, EntityType::Org];

    /// `PER`, `LOC` or `ORG`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Loc => "LOC",
            EntityType::Org => "ORG",
        }
    }

    /// Parses `PER`/`LOC`/`ORG`.
    pub fn parse(s: &str) -> Option<EntityType> {
        match s {
            "PER" => Some(EntityType::Per),
            "LOC" => Some(EntityType::Loc),
            "ORG" => Some(EntityType::Org),
            _ => None,
        }
    }
}

/// The record field a span's offsets count in: the headline, or the body. A headline is
/// often the attribution itself (`Песков: …`, "Kremlin says …"), so both are annotated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The record's `title`.
    Title,
    /// The record's `text` (records written before fields existed mean this).
    #[default]
    Text,
}

impl Field {
    /// `title` or `text`, as the record and the store write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Text => "text",
        }
    }
}

/// One occurrence of an entity in the text (or the title: `field`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Code-point offset of the first character, in `field`.
    pub start: usize,
    /// Code-point offset just past the last character.
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// The field the offsets count in.
    #[serde(default)]
    pub field: Field,
}

/// One referent of a document with all its mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Index of the entity within its record (quotes refer to it).
    pub id: usize,
    /// The type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// The normal form an analyst searches for: nominative, the fullest name the document gives.
    pub norm: String,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
}

/// How a quote renders the speaker's words (see `shared/data/quotes/GUIDELINES.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The speaker's own words, in quotation marks or after a dialogue dash.
    Direct,
    /// Reported speech: the clause after a speech cue (`отметил, что …`, `said that …`).
    Indirect,
    /// Reported speech holding a quoted fragment of the speaker's words.
    Mixed,
}

impl QuoteKind {
    /// The name used in records: `direct`, `indirect`, `mixed`.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        }
    }
}

/// Who said a quote: the mention that attributes it and, where it resolves, the entity it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// Index of the speaker's entity in the record's `entities`; `None` where the speaker is a
    /// name the entity layer did not tag (a language without a tagger). A role that names
    /// nobody ("собеседник агентства") gives the quote no speaker at all.
    pub entity: Option<usize>,
    /// Code-point offset of the attributing mention (`Песков`, `Он`, `В Кремле`).
    pub start: usize,
    /// Code-point offset just past the attributing mention.
    pub end: usize,
    /// The attributing mention as written.
    pub text: String,
    /// The speaker's normal form: the entity's, so that "Он" reads as "Дмитрий Песков".
    pub norm: String,
}

/// The speech verb or phrase that introduces a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    /// Code-point offset of the cue's first character.
    pub start: usize,
    /// Code-point offset just past the cue.
    pub end: usize,
    /// The cue as written (`заявил`, `по словам`).
    pub text: String,
    /// Its dictionary form (`заявить`, `по словам`): what a search for a verb matches.
    pub lemma: String,
}

/// One quote: the content span (without quotation marks and attribution), its speaker and cue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// Code-point offset of the content's first character.
    pub start: usize,
    /// Code-point offset just past the content.
    pub end: usize,
    /// The content as written.
    pub text: String,
    /// Who said it; `None` rather than a guess when nothing in the document resolves.
    pub speaker: Option<Speaker>,
    /// The speech cue, when the quote has one (a dialogue turn continuing a quote may not).
    pub cue: Option<Cue>,
    /// The field all of the quote's offsets (content, speaker, cue) count in.
    #[serde(default)]
    pub field: Field,
}
