//! Stories across outlets: which articles report the same event, and which are copies.
//!
//! Every article becomes a [`Profile`]: weighted lemma terms of its title and of its opening,
//! the normal forms of the entities it names, the numbers it gives, and a MinHash signature of
//! its lemma 3-grams. Two profiles are compared by [`features`] (cosines under an [`Idf`] table,
//! shared entities and numbers, the estimated share of common text), which a small logistic
//! model ([`PairModel`], trained by `newsmill train stories`) turns into a probability that both
//! report the same story. [`LshIndex`] finds the candidate pairs of near-verbatim copies without
//! comparing every pair.
mod cluster;
mod minhash;
mod model;
mod profile;
mod syndication;

pub use cluster::{
    decide_pair, event_time, parse_time, window_rule, Assignment, Clusterer, ClustererStats,
    DateNote, Decision, COPY_WINDOW, EVENT_WINDOW, MIN_WORDS, NEAR_COPY,
};
pub use minhash::{LshIndex, Signature, SIGNATURE_LEN};
pub use model::{features, PairModel, FEATURES, FEATURE_NAMES, STORY_JOIN};
pub use profile::{term_id, BodyTerms, Idf, Profile, Terms};
pub use syndication::{diff, syndicate, Copy, Member, TextDiff, VERBATIM};

/// What can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
pub enum StoriesError {
    /// A model file could not be read.
    #[error("pair model: {0}")]
    Model(#[from] serde_json::Error),
    /// A stored profile could not be decoded.
    #[error("stored profile: {0}")]
    Profile(#[from] postcard::Error),
}
