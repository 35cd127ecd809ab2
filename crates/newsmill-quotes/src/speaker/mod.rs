//! Speakers: who an attribution names, and whom a pronoun, a role or an anaphoric noun stands
//! for; then the record's quotes.
//!
//! The search is split by how a speaker is found: [`subject`] reads the cue's clause, [`clause`]
//! says what may be a subject and reads `по словам X`, [`roles`] and [`institution`] know the
//! nouns people and organisations are named by, [`anaphora`] follows pronouns and roles back,
//! [`gender`] checks agreement, [`group`] reads subjects named by a common noun, [`resolve`] runs them in text order, and [`naming`] gives the
//! record its speaker names.

mod anaphora;
mod clause;
mod gender;
mod group;
mod institution;
mod naming;
mod resolve;
mod roles;
mod subject;

/// How far back (in mentions, or in quotes) an antecedent is looked for.
const LOOKBACK: usize = 200;
