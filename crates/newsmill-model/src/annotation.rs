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

/// One occurrence of an entity in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Code-point offset of the first character.
    pub start: usize,
    /// Code-point offset just past the last character.
    pub end: usize,
    /// The mention as written.
    pub text: String,
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
