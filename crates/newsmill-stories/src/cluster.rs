//! Stories grown one article at a time: a new article joins the story of an earlier one it
//! copies or reports the same event as, or starts its own.
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::minhash::LshIndex;
use crate::model::{features, PairModel, FEATURES, TEXT_JACCARD};
use crate::profile::{Idf, Profile};

/// How far apart in time two reports of one event may be.
pub const EVENT_WINDOW: i64 = 3 * 86_400;
/// How far apart in time a near-verbatim copy may be from what it copies.
pub const COPY_WINDOW: i64 = 30 * 86_400;
/// The longest a story may run, first to last report of its event: a running topic (daily
/// figures, a long war) becomes a series of stories rather than one that never ends.
pub const STORY_SPAN: i64 = 7 * 86_400;
/// The longest a story of near-verbatim copies may run (a wire story republished for weeks).
pub const COPY_SPAN: i64 = 30 * 86_400;
/// MinHash Jaccard of lemma 3-grams from which an article is a near-verbatim copy of another.
pub const NEAR_COPY: f64 = 0.5;
/// Articles with fewer words are too short to compare and start their own story. A channel
/// post of one or two sentences (10–20 words) is compared: at 20, such a post was one side of
/// 57 of the 81 labelled same-story Telegram pairs the stories missed (decision 57).
pub const MIN_WORDS: u32 = 10;
/// A date this far past the time of ingest is taken for an error and ignored.
pub const FUTURE_SLACK: i64 = 2 * 86_400;
/// How far behind the newest article a profile is kept for comparison: older articles keep
/// their story but no new article can join them through them, which bounds memory.
pub const RETAIN: i64 = 90 * 86_400;
/// Slots the memory sweep looks at per insert: a full round every `n / 8` inserts.
const SWEEP_PER_INSERT: usize = 8;
/// Most recent postings of one term looked at per new article: a common word or a name in
/// every story cannot make the candidate search slow.
const KEY_SCAN: usize = 200;
/// Candidates (by shared rare terms) that the pair model decides on per new article.
const CANDIDATES: usize = 32;
/// Opening terms of highest weight that act as search keys beside the title and entities.
const OPENING_KEYS: usize = 8;
/// Members whose probabilities make a story's score: one strong link is not enough when the
/// story's other members disagree, which keeps stories from chaining unrelated news.
const STORY_VOTES: usize = 3;

/// Why the date of an article was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateNote {
    /// No publication date: compared by text alone.
    Missing,
    /// A publication date later than the time of ingest: taken for an error.
    Future,
}

/// When an article happened for clustering: its publication time in Unix seconds, or `None`
/// with the reason. `now` is the time of ingest.
pub fn event_time(published: Option<&str>, now: i64) -> (Option<i64>, Option<DateNote>) {
    let Some(t) = published.and_then(parse_time) else {
        return (None, Some(DateNote::Missing));
    };
    if t > now + FUTURE_SLACK {
        return (None, Some(DateNote::Future));
    }
    (Some(t), None)
}

/// Unix seconds of an ISO 8601 date or date-time (`2023-09-20`, `2023-09-20T10:00:00+03:00`,
/// `2023-09-20T10:00:00`, taken as UTC without an offset).
pub fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp());
    }
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
        return Some(t.and_utc().timestamp());
    }
    let day = chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

/// What the clusterer's time windows decide about a pair before the pair model is asked,
/// given the pair's [`features`] and the seconds between the two articles (`None` when either
/// is undated): `Some(true)` for a near-verbatim copy within [`COPY_WINDOW`], `Some(false)` for
/// articles further apart than [`EVENT_WINDOW`] that are not such a copy, `None` when the
/// model decides. A report weeks later of the same person or place is a new story, not a
/// development of the old one.
pub fn window_rule(x: &[f64; FEATURES], apart: Option<i64>) -> Option<bool> {
    let near_copy = x[TEXT_JACCARD] >= NEAR_COPY;
    match apart {
        Some(dt) if dt > COPY_WINDOW => Some(false),
        _ if near_copy => Some(true),
        Some(dt) if dt > EVENT_WINDOW => Some(false),
        _ => None,
    }
}

/// One pair decided as a store places articles: [`window_rule`], then the model. Returns the
/// probability the decision rests on (1 or 0 for a window's ruling) and the decision.
pub fn decide_pair(model: &PairModel, x: &[f64; FEATURES], apart: Option<i64>) -> (f64, bool) {
    match window_rule(x, apart) {
        Some(same) => (f64::from(u8::from(same)), same),
        None => (model.probability(x), model.same(x)),
    }
}

/// How an article was placed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Decision {
    /// Nothing earlier was close enough: the article starts a story.
    NewStory,
    /// A near-verbatim copy of article `of`, sharing about `shared` of its text.
    NearCopy {
        /// The article copied (caller's key).
        of: u64,
        /// Estimated share of common text (MinHash Jaccard of lemma 3-grams).
        shared: f32,
    },
    /// Reports the same event as article `of`, by the pair model.
    SameEvent {
        /// The closest article of the story (caller's key).
        of: u64,
        /// The pair model's probability for that pair.
        probability: f32,
    },
    /// Too few words to compare: a story of its own.
    TooShort {
        /// Words in the text.
        words: u32,
    },
}

impl Decision {
    /// The decision's name as stored and reported: `new_story`, `near_copy`, `same_event` or
    /// `too_short` (the serde tag).
    pub fn name(&self) -> &'static str {
        match self {
            Decision::NewStory => "new_story",
            Decision::NearCopy { .. } => "near_copy",
            Decision::SameEvent { .. } => "same_event",
            Decision::TooShort { .. } => "too_short",
        }
    }

    /// The score the decision rests on: the shared text of a near copy, the pair model's
    /// probability of a same-event join, none otherwise.
    pub fn score(&self) -> Option<f64> {
        match *self {
            Decision::NearCopy { shared, .. } => Some(f64::from(shared)),
            Decision::SameEvent { probability, .. } => Some(f64::from(probability)),
            Decision::NewStory | Decision::TooShort { .. } => None,
        }
    }
}

/// Where an article went and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// The story: the key of its first article.
    pub story: u64,
    /// How it was decided.
    pub decision: Decision,
    /// Why the date was not used, when it was not.
    pub date: Option<DateNote>,
}

impl Assignment {
    /// The article this one was matched to, if any.
    pub fn matched(&self) -> Option<u64> {
        match self.decision {
            Decision::NearCopy { of, .. } | Decision::SameEvent { of, .. } => Some(of),
            _ => None,
        }
    }

    /// A sentence for people: why the article is where it is.
    pub fn reason(&self) -> String {
        let mut s = match &self.decision {
            Decision::NewStory => {
                "started the story: no article stored before it was close enough".to_owned()
            }
            Decision::NearCopy { shared, .. } => format!(
                "joined as a near-verbatim match of an article stored before it ({:.0}% shared text)",
                shared * 100.0
            ),
            Decision::SameEvent { probability, .. } => format!(
                "joined as a report of the same event as an article stored before it (pair model {:.2})",
                probability
            ),
            Decision::TooShort { words } => {
                format!("too short to compare ({words} words): a story of its own")
            }
        };
        match self.date {
            Some(DateNote::Missing) => {
                s.push_str("; no publication date, so only near-verbatim copies are linked")
            }
            Some(DateNote::Future) => s.push_str(
                "; its date lies in the future and was ignored, so only near-verbatim copies are linked",
            ),
            None => {}
        }
        s
    }
}

struct Slot {
    key: u64,
    /// Slot of the story's first article.
    story: u32,
    time: Option<i64>,
    profile: Option<Box<Profile>>,
}

/// The incremental clusterer. Deterministic: the same articles inserted in the same order give
/// the same stories.
pub struct Clusterer {
    model: PairModel,
    idf: Idf,
    lsh: LshIndex,
    postings: FxHashMap<u32, Vec<u32>>,
    slots: Vec<Slot>,
    by_key: FxHashMap<u64, u32>,
    /// Earliest and latest dated article of each story (by the slot of its first article).
    spans: FxHashMap<u32, (i64, i64)>,
    newest: i64,
    /// The next slot the sweep for profiles older than `RETAIN` looks at.
    sweep: usize,
}

/// Sizes of what a clusterer holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClustererStats {
    /// Articles inserted.
    pub articles: usize,
    /// Stories among them.
    pub stories: usize,
    /// Profiles still kept for comparison.
    pub profiles: usize,
}

fn close(a: Option<i64>, b: Option<i64>, window: i64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= window,
        _ => false,
    }
}

impl Clusterer {
    /// An empty clusterer deciding pairs with `model`.
    pub fn new(model: PairModel) -> Clusterer {
        Clusterer {
            model,
            idf: Idf::default(),
            lsh: LshIndex::new(),
            postings: FxHashMap::default(),
            slots: Vec::new(),
            by_key: FxHashMap::default(),
            spans: FxHashMap::default(),
            newest: i64::MIN,
            sweep: 0,
        }
    }

    /// Makes room for `additional` more articles in the indexes at once, so that no later
    /// insert pays for growing them (what keeps the slowest insert fast at a million).
    pub fn reserve(&mut self, additional: usize) {
        self.slots.reserve(additional);
        self.by_key.reserve(additional);
        self.spans.reserve(additional);
        self.lsh.reserve(additional);
    }

    /// Counts of articles, stories and kept profiles.
    pub fn stats(&self) -> ClustererStats {
        ClustererStats {
            articles: self.slots.len(),
            stories: self
                .slots
                .iter()
                .enumerate()
                .filter(|(i, s)| s.story as usize == *i)
                .count(),
            profiles: self.slots.iter().filter(|s| s.profile.is_some()).count(),
        }
    }

    /// The search keys of a profile: title terms, entities and the heaviest opening terms.
    fn keys(&self, p: &Profile) -> Vec<u32> {
        let mut opening: Vec<(f32, u32)> = p
            .opening
            .weighted()
            .map(|(id, tf)| (tf * self.idf.weight(id), id))
            .collect();
        opening.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut keys: Vec<u32> = p.title.ids().to_vec();
        keys.extend(p.entities.iter().copied());
        keys.extend(opening.iter().take(OPENING_KEYS).map(|&(_, id)| id));
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// Adds slot `slot` to the indexes and returns its near-copy candidates (by LSH) and its
    /// same-event candidates (by shared keys, within the event window), best first.
    fn index(&mut self, slot: u32, p: &Profile, time: Option<i64>) -> (Vec<u32>, Vec<u32>) {
        self.idf.add(p);
        let near = self.lsh.insert(slot, &p.signature);
        let mut scores: FxHashMap<u32, f32> = FxHashMap::default();
        for key in self.keys(p) {
            let weight = self.idf.weight(key);
            let posting = self.postings.entry(key).or_default();
            if time.is_some() {
                for &other in posting.iter().rev().take(KEY_SCAN) {
                    let o = &self.slots[other as usize];
                    if o.profile.is_some() && close(time, o.time, EVENT_WINDOW) {
                        *scores.entry(other).or_default() += weight;
                    }
                }
            }
            posting.push(slot);
            // Only the newest `KEY_SCAN` postings are ever read: keep at most twice that, so
            // that a common term's list never grows (nor reallocates) with the store.
            if posting.len() >= 2 * KEY_SCAN {
                posting.drain(..posting.len() - KEY_SCAN);
            }
        }
        let mut ranked: Vec<(f32, u32)> = scores.into_iter().map(|(s, w)| (w, s)).collect();
        ranked.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        ranked.truncate(CANDIDATES);
        (near, ranked.into_iter().map(|(_, s)| s).collect())
    }

    /// Places a new article (`key` is the caller's id, unique) and returns its story and why.
    /// `time` and `date` come from [`event_time`]. An article inserted twice is placed once.
    pub fn insert(
        &mut self,
        key: u64,
        profile: Profile,
        time: Option<i64>,
        date: Option<DateNote>,
    ) -> Assignment {
        if let Some(&slot) = self.by_key.get(&key) {
            let story = self.slots[self.slots[slot as usize].story as usize].key;
            return Assignment {
                story,
                decision: Decision::NewStory,
                date,
            };
        }
        let slot = self.slots.len() as u32;
        if profile.words < MIN_WORDS {
            self.push(key, slot, time, None);
            return Assignment {
                story: key,
                decision: Decision::TooShort {
                    words: profile.words,
                },
                date,
            };
        }
        let (near, events) = self.index(slot, &profile, time);
        let mut best_copy: Option<(f64, u32)> = None;
        for &c in &near {
            let o = &self.slots[c as usize];
            let Some(op) = o.profile.as_deref() else {
                continue;
            };
            let dated_apart = time.is_some() && o.time.is_some();
            if dated_apart && !close(time, o.time, COPY_WINDOW)
                || !self.fits(o.story, time, COPY_SPAN)
            {
                continue;
            }
            let j = profile.signature.jaccard(&op.signature);
            if j >= NEAR_COPY && !matches!(best_copy, Some((bj, _)) if bj >= j) {
                best_copy = Some((j, c));
            }
        }
        let (story, decision) = if let Some((j, c)) = best_copy {
            let o = &self.slots[c as usize];
            (
                o.story,
                Decision::NearCopy {
                    of: o.key,
                    shared: j as f32,
                },
            )
        } else {
            match self.best_event(&profile, time, &near, &events) {
                Some((story, of, p)) => (
                    story,
                    Decision::SameEvent {
                        of: self.slots[of as usize].key,
                        probability: p as f32,
                    },
                ),
                None => (slot, Decision::NewStory),
            }
        };
        self.push(key, story, time, Some(Box::new(profile)));
        Assignment {
            story: self.slots[story as usize].key,
            decision,
            date,
        }
    }

    /// The story whose members agree best that `p` reports their event: `(story slot, the
    /// closest member, its probability)`.
    fn best_event(
        &self,
        p: &Profile,
        time: Option<i64>,
        near: &[u32],
        events: &[u32],
    ) -> Option<(u32, u32, f64)> {
        time?;
        let mut by_story: FxHashMap<u32, Vec<(f64, u32)>> = FxHashMap::default();
        let mut seen = Vec::new();
        for &c in events.iter().chain(near) {
            if seen.contains(&c) {
                continue;
            }
            seen.push(c);
            let o = &self.slots[c as usize];
            let Some(op) = o.profile.as_deref() else {
                continue;
            };
            if !close(time, o.time, EVENT_WINDOW) || !self.fits(o.story, time, STORY_SPAN) {
                continue;
            }
            let apart = time.zip(o.time).map(|(t, u)| t - u);
            let prob = self.model.probability(&features(p, op, &self.idf, apart));
            by_story.entry(o.story).or_default().push((prob, c));
        }
        let mut best: Option<(f64, u32, u32, f64)> = None;
        for (story, mut votes) in by_story {
            votes.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let n = votes.len().min(STORY_VOTES);
            let score = votes[..n].iter().map(|v| v.0).sum::<f64>() / n as f64;
            if score < self.model.join {
                continue;
            }
            let better = match best {
                None => true,
                Some((s, st, _, _)) => score > s || (score == s && story < st),
            };
            if better {
                best = Some((score, story, votes[0].1, votes[0].0));
            }
        }
        best.map(|(_, story, of, prob)| (story, of, prob))
    }

    /// Puts back an article placed earlier (a store reopening): indexed as when it was placed,
    /// in `story` (the key of the story's first article), without deciding again.
    pub fn restore(&mut self, key: u64, profile: Profile, time: Option<i64>, story: u64) {
        if self.by_key.contains_key(&key) {
            return;
        }
        let slot = self.slots.len() as u32;
        let story_slot = self.by_key.get(&story).copied().unwrap_or(slot);
        if profile.words < MIN_WORDS {
            self.push(key, story_slot, time, None);
            return;
        }
        self.index(slot, &profile, time);
        self.push(key, story_slot, time, Some(Box::new(profile)));
    }

    /// Whether an article at `time` keeps story `story` within `span`.
    fn fits(&self, story: u32, time: Option<i64>, span: i64) -> bool {
        match (time, self.spans.get(&story)) {
            (Some(t), Some(&(first, last))) => t.max(last) - t.min(first) <= span,
            _ => true,
        }
    }

    fn push(&mut self, key: u64, story: u32, time: Option<i64>, profile: Option<Box<Profile>>) {
        if let Some(t) = time {
            let span = self.spans.entry(story).or_insert((t, t));
            span.0 = span.0.min(t);
            span.1 = span.1.max(t);
        }
        let slot = self.slots.len() as u32;
        self.slots.push(Slot {
            key,
            story,
            time,
            profile,
        });
        self.by_key.insert(key, slot);
        if let Some(t) = time {
            self.newest = self.newest.max(t);
        }
        // Drop profiles that fell `RETAIN` behind the newest article, a few slots per insert
        // (a full pass every so often would make that insert slow). Slots still ahead of the
        // horizon are passed over and seen again on the next round.
        for _ in 0..SWEEP_PER_INSERT {
            if self.slots.is_empty() {
                break;
            }
            if self.sweep >= self.slots.len() {
                self.sweep = 0;
            }
            let horizon = self.newest.saturating_sub(RETAIN);
            let s = &mut self.slots[self.sweep];
            if s.time.is_some_and(|t| t < horizon) {
                s.profile = None;
            }
            self.sweep += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    fn text(seed: &str, n: usize) -> String {
        (0..n).map(|i| format!("{seed}{} ", i % 97)).collect()
    }

    #[test]
    fn decision_names_are_the_serde_tags() {
        for d in [
            Decision::NewStory,
            Decision::NearCopy { of: 1, shared: 0.5 },
            Decision::SameEvent {
                of: 1,
                probability: 0.9,
            },
            Decision::TooShort { words: 3 },
        ] {
            let json = serde_json::to_value(&d).unwrap();
            assert_eq!(json["kind"], d.name());
        }
    }

    #[test]
    fn dates_are_parsed_and_checked() {
        let now = parse_time("2023-09-21").unwrap();
        assert_eq!(event_time(Some("2023-09-20"), now).0, Some(now - DAY));
        assert_eq!(
            event_time(Some("2023-09-20T03:00:00+03:00"), now).0,
            Some(now - DAY)
        );
        assert_eq!(
            event_time(Some("2023-09-20T00:00:00"), now).0,
            Some(now - DAY)
        );
        assert_eq!(event_time(None, now), (None, Some(DateNote::Missing)));
        assert_eq!(
            event_time(Some("вчера"), now),
            (None, Some(DateNote::Missing))
        );
        assert_eq!(
            event_time(Some("2031-01-01"), now),
            (None, Some(DateNote::Future))
        );
    }

    #[test]
    fn copies_join_and_strangers_do_not() {
        let mut c = Clusterer::new(PairModel::committed());
        let a = Profile::new("Альфа", &text("альфа", 300), []);
        let b = Profile::new("Бета", &text("бета", 300), []);
        assert_eq!(
            c.insert(1, a.clone(), Some(0), None).decision,
            Decision::NewStory
        );
        assert_eq!(c.insert(2, b, Some(0), None).story, 2);
        let copy = c.insert(3, a.clone(), Some(DAY), None);
        assert_eq!(copy.story, 1);
        assert!(matches!(copy.decision, Decision::NearCopy { of: 1, .. }));
        // Out of the copy window: a story of its own.
        assert_eq!(c.insert(4, a.clone(), Some(60 * DAY), None).story, 4);
        // Within the window of the last copy but beyond the story's span: a new story.
        for (k, day, story) in [(40, 95, 40), (41, 115, 40), (42, 130, 42)] {
            assert_eq!(c.insert(k, a.clone(), Some(day * DAY), None).story, story);
        }
        // Undated copies are still linked; the reason says why the date was not used. The
        // first story's profiles fell `RETAIN` behind the newest article (day 130) and were
        // dropped, so the copy joins the story of day 60.
        let undated = c.insert(5, a, None, Some(DateNote::Missing));
        assert_eq!(undated.story, 4);
        assert!(undated.reason().contains("no publication date"));
        let short = c.insert(6, Profile::new("", "Армения", []), Some(0), None);
        assert_eq!(short.decision, Decision::TooShort { words: 1 });
        assert_eq!(c.stats().stories, 6);
    }

    #[test]
    fn thousands_of_identical_copies_make_one_story_and_nothing_else_joins() {
        let mut c = Clusterer::new(PairModel::committed());
        let a = Profile::new("Альфа", &text("альфа", 300), []);
        for i in 0..3_000 {
            assert_eq!(c.insert(i, a.clone(), Some(i as i64), None).story, 0);
        }
        let b = Profile::new("Бета", &text("бета", 300), []);
        assert_eq!(c.insert(9_999, b, Some(0), None).story, 9_999);
    }

    #[test]
    fn posting_lists_stay_bounded() {
        let mut c = Clusterer::new(PairModel::committed());
        let a = Profile::new("Альфа", &text("альфа", 300), []);
        for i in 0..(5 * KEY_SCAN as u64) {
            c.insert(i, a.clone(), Some(i as i64), None);
        }
        let longest = c.postings.values().map(Vec::len).max().unwrap();
        assert!((KEY_SCAN..2 * KEY_SCAN).contains(&longest), "{longest}");
        // The newest postings are the ones kept.
        let newest = 5 * KEY_SCAN as u32 - 1;
        assert!(c.postings.values().all(|p| p.last() == Some(&newest)));
    }

    #[test]
    fn restoring_gives_the_same_state() {
        let a = Profile::new("Альфа", &text("альфа", 300), []);
        let mut first = Clusterer::new(PairModel::committed());
        first.insert(10, a.clone(), Some(0), None);
        let mut again = Clusterer::new(PairModel::committed());
        again.restore(10, a.clone(), Some(0), 10);
        assert_eq!(
            first.insert(11, a.clone(), Some(1), None),
            again.insert(11, a, Some(1), None)
        );
    }
}
