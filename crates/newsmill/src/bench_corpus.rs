//! `newsmill bench stories --corpus`: a real channel corpus placed in stories as a store places
//! it, judged against labelled pairs of its posts.
//!
//! Every post is extracted and annotated as `newsmill ingest` does it, profiled, and inserted
//! into one clusterer in publication order. Labelled pairs (`pairs_telegram_dev.jsonl`) whose
//! two posts are both in the corpus then say how often two posts of one story end up in one
//! story, and two posts of different stories do not, per bucket. B-cubed precision and recall
//! are computed over the posts of the labelled pairs, each post's cluster seen only through its
//! labelled partners (gold clusters of the corpus do not exist).
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use newsmill_ingest::{Documents, ReadOptions};
use newsmill_stories::{event_time, Clusterer, Decision, PairModel, Profile};
use rayon::prelude::*;

/// One post of the corpus, ready to place.
struct Post {
    url: Option<String>,
    outlet: Option<String>,
    title: Option<String>,
    time: Option<i64>,
    profile: Profile,
}

/// Largest stories whose posts are printed for reading.
const SAMPLED_STORIES: usize = 3;

/// Posts and stories of a run, for the reports.
struct Placed {
    posts: Vec<Post>,
    /// Story key of each post, by its index in `posts`.
    story: Vec<u64>,
    /// Why each post is where it is.
    reason: Vec<String>,
}

/// Reads, extracts, annotates and profiles every document of `corpus`, in parallel.
fn read(corpus: &Path) -> Result<(Vec<Post>, usize)> {
    let pipeline = newsmill_pipeline::Pipeline::new(true).context("loading the NER model")?;
    let raws: Vec<_> = Documents::new(&[corpus], ReadOptions::default()).collect();
    let now = unix_now();
    let posts: Vec<Option<Post>> = raws
        .into_par_iter()
        .map(|raw| {
            let raw = raw.ok()?;
            let record = pipeline.record(&raw).ok()?;
            let (time, _) = event_time(record.published.as_deref(), now);
            Some(Post {
                url: record.url.clone().or(raw.url),
                outlet: record.outlet.clone(),
                title: record.title.clone(),
                time,
                profile: Profile::of_record(&record),
            })
        })
        .collect();
    let skipped = posts.iter().filter(|p| p.is_none()).count();
    Ok((posts.into_iter().flatten().collect(), skipped))
}

/// Unix seconds now.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Places the posts in publication order (undated ones last, in input order).
fn place(mut posts: Vec<Post>, model: PairModel) -> (Placed, BTreeMap<&'static str, u64>, f64) {
    posts.sort_by_key(|p| (p.time.is_none(), p.time));
    let mut clusters = Clusterer::new(model);
    clusters.reserve(posts.len());
    let mut decisions = BTreeMap::new();
    let started = Instant::now();
    let mut story = Vec::with_capacity(posts.len());
    let mut reason = Vec::with_capacity(posts.len());
    for (i, p) in posts.iter().enumerate() {
        let note = p
            .time
            .is_none()
            .then_some(newsmill_stories::DateNote::Missing);
        let a = clusters.insert(i as u64, p.profile.clone(), p.time, note);
        *decisions.entry(a.decision.name()).or_default() += 1;
        story.push(a.story);
        reason.push(match a.decision {
            Decision::SameEvent { of, probability } => format!("p={probability:.2} with {of}"),
            Decision::NearCopy { of, shared } => format!("copy {shared:.2} of {of}"),
            _ => String::new(),
        });
    }
    let seconds = started.elapsed().as_secs_f64();
    (
        Placed {
            posts,
            story,
            reason,
        },
        decisions,
        seconds,
    )
}

/// Agreement of the stories with labelled pairs: per bucket, and B-cubed over their posts.
fn judge(placed: &Placed, pairs_files: &[PathBuf]) -> Result<()> {
    let by_url: HashMap<&str, usize> = placed
        .posts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((p.url.as_deref()?, i)))
        .collect();
    // (post, post, gold same, placed together, bucket)
    let mut judged: Vec<(usize, usize, bool, bool, String)> = Vec::new();
    let mut missing = 0;
    for path in pairs_files {
        for p in crate::stories::read_pairs(path)? {
            let (Some(y), Some(a), Some(b)) = (p.same_story, p.a.url, p.b.url) else {
                continue;
            };
            let (Some(&i), Some(&j)) = (by_url.get(a.as_str()), by_url.get(b.as_str())) else {
                missing += 1;
                continue;
            };
            let together = placed.story[i] == placed.story[j];
            judged.push((i, j, y, together, p.bucket.unwrap_or_default()));
        }
    }
    if judged.is_empty() {
        println!("no labelled pair has both posts in the corpus ({missing} missing)");
        return Ok(());
    }
    let right = judged.iter().filter(|j| j.2 == j.3).count();
    let joined = judged.iter().filter(|j| j.2 && j.3).count();
    let same = judged.iter().filter(|j| j.2).count();
    let apart = judged.iter().filter(|j| !j.2 && !j.3).count();
    println!(
        "labelled pairs {} ({missing} not in the corpus): agreement {:.3}; same-story pairs in one \
         story {joined}/{same} ({:.3}); different-story pairs apart {apart}/{} ({:.3})",
        judged.len(),
        right as f64 / judged.len() as f64,
        joined as f64 / same.max(1) as f64,
        judged.len() - same,
        apart as f64 / (judged.len() - same).max(1) as f64,
    );
    let mut buckets: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for j in &judged {
        let e = buckets.entry(j.4.as_str()).or_default();
        e.0 += 1;
        e.1 += usize::from(j.2 == j.3);
    }
    for (bucket, (n, r)) in buckets.iter().filter(|(b, _)| !b.is_empty()) {
        println!(
            "  {bucket:<20} pairs {n:>4}  agreement {:.3}",
            *r as f64 / *n as f64
        );
    }
    let (p, r) = bcubed(&judged);
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    println!("B-cubed over the labelled posts: precision {p:.3}, recall {r:.3}, F1 {f:.3}");
    Ok(())
}

/// B-cubed precision and recall over the posts of labelled pairs, each post counted with
/// itself: a post's precision is the share of its placed-together partners (and itself) that
/// are gold-same, its recall the share of its gold-same partners (and itself) placed together.
fn bcubed(judged: &[(usize, usize, bool, bool, String)]) -> (f64, f64) {
    // post → (both, placed together, gold same)
    let mut per: HashMap<usize, (u32, u32, u32)> = HashMap::new();
    for &(i, j, gold, together, _) in judged {
        for post in [i, j] {
            let e = per.entry(post).or_insert((1, 1, 1));
            e.0 += u32::from(gold && together);
            e.1 += u32::from(together);
            e.2 += u32::from(gold);
        }
    }
    let n = per.len().max(1) as f64;
    let p = per
        .values()
        .map(|e| f64::from(e.0) / f64::from(e.1))
        .sum::<f64>()
        / n;
    let r = per
        .values()
        .map(|e| f64::from(e.0) / f64::from(e.2))
        .sum::<f64>()
        / n;
    (p, r)
}

/// Story sizes, outlets per story, and the titles a reader would see on the largest stories.
fn describe(placed: &Placed) {
    let mut members: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, &s) in placed.story.iter().enumerate() {
        members.entry(s).or_default().push(i);
    }
    let multi: Vec<&Vec<usize>> = members.values().filter(|m| m.len() > 1).collect();
    let in_multi: usize = multi.iter().map(|m| m.len()).sum();
    let cross = multi
        .iter()
        .filter(|m| {
            let mut outlets: Vec<&str> = m
                .iter()
                .filter_map(|&i| placed.posts[i].outlet.as_deref())
                .collect();
            outlets.sort_unstable();
            outlets.dedup();
            outlets.len() > 1
        })
        .count();
    let markdown = placed
        .posts
        .iter()
        .filter(|p| {
            p.title
                .as_deref()
                .is_some_and(|t| t.contains("**") || t.contains("__") || t.contains("]("))
        })
        .count();
    // Two posts drawn at random within a week of each other are almost never one story (none
    // of the 38 such labelled pairs is): the share placed together measures chaining.
    let mut state = 0x5eed_u64;
    let (mut drawn, mut together) = (0u32, 0u32);
    let n = placed.posts.len() as u64;
    while n > 1 && drawn < 100_000 {
        let i = (crate::bench_stories::next(&mut state) % n) as usize;
        let j = (crate::bench_stories::next(&mut state) % n) as usize;
        let (Some(a), Some(b)) = (placed.posts[i].time, placed.posts[j].time) else {
            continue;
        };
        if i == j || (a - b).abs() > 7 * 86_400 {
            continue;
        }
        drawn += 1;
        together += u32::from(placed.story[i] == placed.story[j]);
    }
    println!(
        "stories {} ({} of two or more posts, holding {in_multi} posts; {cross} of them across \
         outlets); titles with Markdown markers: {markdown}; random posts a week apart or less \
         placed together: {:.3} %",
        members.len(),
        multi.len(),
        100.0 * f64::from(together) / f64::from(drawn.max(1)),
    );
    let mut largest: Vec<&Vec<usize>> = multi;
    largest.sort_by_key(|m| (std::cmp::Reverse(m.len()), m[0]));
    for m in largest.iter().take(5) {
        let first = &placed.posts[m[0]];
        println!(
            "  {:>3} posts  {}",
            m.len(),
            first.title.as_deref().unwrap_or("(untitled)")
        );
    }
    // What a reader of the largest stories sees: their posts spread evenly, with why each
    // joined. A story that chained unrelated news shows it here first.
    for m in largest.iter().take(SAMPLED_STORIES) {
        println!(
            "story of {} posts, every {}th post:",
            m.len(),
            (m.len() / 12).max(1)
        );
        for &i in m.iter().step_by((m.len() / 12).max(1)) {
            let p = &placed.posts[i];
            let title: String = p.title.as_deref().unwrap_or("").chars().take(90).collect();
            println!(
                "    {:>5} {:<16} {}  {:<22} {title}",
                i,
                placed.reason[i],
                p.time.map_or("undated".into(), |t| {
                    chrono::DateTime::from_timestamp(t, 0)
                        .map_or(t.to_string(), |d| d.format("%m-%d %H:%M").to_string())
                }),
                p.outlet
                    .as_deref()
                    .unwrap_or("?")
                    .chars()
                    .take(22)
                    .collect::<String>()
            );
        }
    }
}

/// `newsmill bench stories --corpus FILE [--pairs FILE...]`.
pub fn run(corpus: &Path, pairs: &[PathBuf], model: PairModel) -> Result<()> {
    let t = Instant::now();
    let (posts, skipped) = read(corpus)?;
    let read_s = t.elapsed().as_secs_f64();
    let n = posts.len();
    let (placed, decisions, place_s) = place(posts, model);
    println!(
        "{n} posts ({skipped} skipped by extraction): read, extracted, annotated and profiled in \
         {read_s:.1} s (all cores); placed in {place_s:.2} s (one core, {:.0} posts/s); \
         decisions {decisions:?}",
        n as f64 / place_s.max(1e-9)
    );
    describe(&placed);
    judge(&placed, pairs)?;
    if let Some(mb) = crate::bench::peak_rss_mb() {
        println!("peak memory {mb} MB");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcubed_is_one_when_the_placing_agrees_and_lower_when_it_does_not() {
        let s = String::new;
        let agree = [(0, 1, true, true, s()), (1, 2, false, false, s())];
        assert_eq!(bcubed(&agree), (1.0, 1.0));
        // A wrong merge costs precision, a missed join recall.
        let merged = [(0, 1, false, true, s())];
        let (p, r) = bcubed(&merged);
        assert!(p < 1.0 && r == 1.0);
        let split = [(0, 1, true, false, s())];
        let (p, r) = bcubed(&split);
        assert!(p == 1.0 && r < 1.0);
    }
}
