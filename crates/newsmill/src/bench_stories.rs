//! `newsmill bench stories`: clustering a synthetic corpus of replicated and perturbed real news.
//!
//! Real texts (the NER corpora) are annotated once. Each synthetic *event* takes one of them,
//! rewrites 15 % of its words with words of another text (so two events made from one text are
//! different stories, sharing much vocabulary, as follow-up news does), and is reported by one to
//! eight *copies*: each cut at the end, with a few words dropped and sometimes another title,
//! published within hours of each other. Events are spread evenly over `--days`. Profiles are
//! built in parallel, chunk by chunk; insertion into the clusterer is timed one document at a
//! time, as the store does it.
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsmill_stories::{Clusterer, PairModel, Profile};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// SplitMix64 step: a deterministic stream of pseudo-random numbers per seed.
pub(crate) fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

struct Base {
    title: String,
    sentences: Vec<String>,
    words: Vec<String>,
    entities: Vec<(String, String)>,
}

/// One synthetic document: which event it reports, when, and its profile.
struct Doc {
    event: u64,
    base: usize,
    time: i64,
    profile: Profile,
}

const COPIES_MAX: u64 = 8;
const HOUR: i64 = 3_600;

fn load(data: &[PathBuf]) -> Result<Vec<Base>> {
    let annotator = newsmill_ner::Annotator::new().context("loading the NER model")?;
    let mut texts = Vec::new();
    for path in data {
        let docs = newsmill_ner::corpus::GoldDoc::load(path)
            .with_context(|| format!("reading {}", path.display()))?;
        texts.extend(docs.into_iter().map(|d| d.text));
    }
    if texts.is_empty() {
        bail!("no texts to replicate");
    }
    Ok(texts
        .par_iter()
        .filter_map(|t| {
            let mut lines = t.lines().map(str::trim).filter(|l| !l.is_empty());
            let title = lines.next()?.to_owned();
            let body: Vec<&str> = lines.collect();
            let body = body.join("\n");
            let sentences: Vec<String> = body
                .split_inclusive(['.', '!', '?'])
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            if sentences.len() < 3 {
                return None;
            }
            let (entities, _) = newsmill_pipeline::layers(
                &annotator,
                &body,
                Some("ru"),
                newsmill_quotes::Layout::default(),
            );
            Some(Base {
                title,
                words: body.split_whitespace().map(str::to_owned).collect(),
                sentences,
                entities: entities
                    .iter()
                    .map(|e| (e.kind.as_str().to_owned(), e.norm.clone()))
                    .collect(),
            })
        })
        .collect())
}

/// Copies per event, from the event number: 1 to 8, about 4.5 on average.
fn copies(event: u64) -> u64 {
    let mut s = event ^ 0x5151;
    1 + next(&mut s) % COPIES_MAX
}

/// Document `copy` of event `event`.
fn make(bases: &[Base], event: u64, copy: u64, events: u64, days: u32) -> Doc {
    let mut ev = event.wrapping_mul(0x2545_f491_4f6c_dd1d);
    let base_no = (next(&mut ev) % bases.len() as u64) as usize;
    let base = &bases[base_no];
    let donor = &bases[(next(&mut ev) % bases.len() as u64) as usize];
    let start = 1_672_531_200; // 2023-01-01
    let time = start + (i64::from(days) * 86_400) * event as i64 / events.max(1) as i64;
    // The event's text: 15 % of words replaced by the donor's, the same for every copy.
    let mut words_rng = ev;
    let sentences: Vec<String> = base
        .sentences
        .iter()
        .map(|s| {
            s.split_whitespace()
                .map(|w| {
                    if next(&mut words_rng) % 100 < 15 && !donor.words.is_empty() {
                        donor.words[(next(&mut words_rng) % donor.words.len() as u64) as usize]
                            .as_str()
                    } else {
                        w
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    // The copy: cut at the end, 2 % of words dropped, sometimes retitled.
    let mut rng = ev ^ (copy + 1).wrapping_mul(0x9e37_79b9);
    let keep = sentences.len() - (next(&mut rng) as usize % (sentences.len() * 3 / 10 + 1));
    let mut text = String::new();
    for s in &sentences[..keep.max(1)] {
        for w in s.split_whitespace() {
            if next(&mut rng) % 100 >= 2 {
                text.push_str(w);
                text.push(' ');
            }
        }
        text.push('\n');
    }
    let title = if copy > 0 && next(&mut rng) % 3 < 1 {
        sentences[0].as_str()
    } else {
        base.title.as_str()
    };
    Doc {
        event,
        base: base_no,
        time: time + copy as i64 * (next(&mut rng) % (6 * HOUR as u64)) as i64,
        profile: Profile::new(
            title,
            &text,
            base.entities.iter().map(|(k, n)| (k.as_str(), n.as_str())),
        ),
    }
}

/// `newsmill bench stories`.
pub fn run(data: &[PathBuf], docs: usize, days: u32, model: PairModel) -> Result<()> {
    let t = Instant::now();
    let bases = load(data)?;
    eprintln!(
        "{} base texts annotated in {:.1} s",
        bases.len(),
        t.elapsed().as_secs_f64()
    );
    // Events and copies in publication order until `docs` documents.
    let mut plan: Vec<(u64, u64)> = Vec::with_capacity(docs);
    let mut event = 0;
    while plan.len() < docs {
        for c in 0..copies(event) {
            if plan.len() < docs {
                plan.push((event, c));
            }
        }
        event += 1;
    }
    let events = event;
    let mut clusters = Clusterer::new(model);
    clusters.reserve(docs);
    let mut story_events: FxHashMap<u64, FxHashMap<u64, u32>> = FxHashMap::default();
    let mut event_stories: FxHashMap<u64, FxHashMap<u64, u32>> = FxHashMap::default();
    let mut story_bases: FxHashMap<u64, FxHashMap<usize, u32>> = FxHashMap::default();
    let mut latencies: Vec<f64> = Vec::with_capacity(docs / 10 + 1);
    let (mut profile_s, mut cluster_s) = (0.0, 0.0);
    let mut decisions: FxHashMap<&'static str, u64> = FxHashMap::default();
    let bar = indicatif::ProgressBar::new(docs as u64);
    let started = Instant::now();
    for (chunk_no, chunk) in plan.chunks(20_000).enumerate() {
        let t = Instant::now();
        let made: Vec<Doc> = chunk
            .par_iter()
            .map(|&(e, c)| make(&bases, e, c, events, days))
            .collect();
        profile_s += t.elapsed().as_secs_f64();
        let t = Instant::now();
        for (i, d) in made.into_iter().enumerate() {
            let key = (chunk_no * 20_000 + i) as u64;
            let one = Instant::now();
            let a = clusters.insert(key, d.profile, Some(d.time), None);
            if key as usize >= docs - docs / 10 {
                latencies.push(one.elapsed().as_secs_f64() * 1e3);
            }
            *decisions.entry(a.decision.name()).or_default() += 1;
            *story_events
                .entry(a.story)
                .or_default()
                .entry(d.event)
                .or_default() += 1;
            *story_bases
                .entry(a.story)
                .or_default()
                .entry(d.base)
                .or_default() += 1;
            *event_stories
                .entry(d.event)
                .or_default()
                .entry(a.story)
                .or_default() += 1;
        }
        cluster_s += t.elapsed().as_secs_f64();
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    let wall = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| latencies[((latencies.len() - 1) as f64 * p) as usize];
    let stats = clusters.stats();
    let largest = story_events
        .values()
        .map(|m| m.values().sum::<u32>())
        .max()
        .unwrap_or(0);
    // Purity: documents whose story's main event is their own; completeness: documents in
    // their event's main story.
    let pure: u32 = story_events
        .values()
        .map(|m| m.values().copied().max().unwrap_or(0))
        .sum();
    let pure_base: u32 = story_bases
        .values()
        .map(|m| m.values().copied().max().unwrap_or(0))
        .sum();
    let complete: u32 = event_stories
        .values()
        .map(|m| m.values().copied().max().unwrap_or(0))
        .sum();
    println!(
        "{docs} documents ({events} events over {days} days) from {} real texts",
        bases.len()
    );
    println!(
        "time: {wall:.1} s in all = profiles {profile_s:.1} s (all cores) + clustering {cluster_s:.1} s (one core, {:.0} docs/s)",
        docs as f64 / cluster_s.max(1e-9)
    );
    // The maximum of one run is set by the machine as much as by the code (a virtual machine
    // may stall a thread for milliseconds on a page fault), so the tail is also given as the
    // 99.9th percentile and as a count over the 5 ms budget.
    println!(
        "insert at {} to {docs} documents: p50 {:.3} ms, p99 {:.3} ms, p99.9 {:.3} ms, max {:.2} ms ({} of {} over 5 ms)",
        docs - docs / 10,
        pct(0.5),
        pct(0.99),
        pct(0.999),
        latencies.last().copied().unwrap_or(0.0),
        latencies.iter().filter(|&&l| l > 5.0).count(),
        latencies.len()
    );
    println!(
        "stories {} (largest {largest}), profiles kept {}; decisions {:?}",
        stats.stories, stats.profiles, decisions
    );
    println!(
        "purity {:.3}, completeness {:.3} against the synthetic events; purity {:.3} against \
         their source texts (events made from one text days apart are near-identical and merge)",
        f64::from(pure) / docs as f64,
        f64::from(complete) / docs as f64,
        f64::from(pure_base) / docs as f64
    );
    if let Some(mb) = crate::bench::peak_rss_mb() {
        println!("peak memory {mb} MB");
    }
    Ok(())
}
