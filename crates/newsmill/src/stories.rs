//! `eval stories` and `train stories`: same-story decisions on labelled pairs.
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use newsmill_model::{Format, Origin, RawDoc};
use newsmill_pipeline::Pipeline;
use newsmill_store::StoryQuery;
use newsmill_stories::{
    decide_pair, features, parse_time, window_rule, Idf, PairModel, Profile, FEATURES,
    FEATURE_NAMES,
};
use rayon::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
pub(crate) struct Side {
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    pub(crate) url: Option<String>,
}

impl Side {
    /// What identifies the post: its address, else its title and opening.
    fn key(&self) -> String {
        match &self.url {
            Some(url) if !url.is_empty() => url.clone(),
            _ => format!(
                "{}\u{1}{}",
                self.title,
                self.text.chars().take(200).collect::<String>()
            ),
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct Pair {
    #[serde(default)]
    id: serde_json::Value,
    #[serde(default)]
    lang: Option<String>,
    pub(crate) a: Side,
    pub(crate) b: Side,
    pub(crate) same_story: Option<bool>,
    /// When each side was published (`pairs_telegram_dev.jsonl`), ISO 8601: the time windows
    /// of the clusterer apply to the pair as they would in a store.
    #[serde(default)]
    date_a: Option<String>,
    #[serde(default)]
    date_b: Option<String>,
    /// Each side's outlet (the channel), a hint to extraction as a JSONL `outlet` is.
    #[serde(default)]
    outlet_a: Option<String>,
    #[serde(default)]
    outlet_b: Option<String>,
    /// The kind of pair, where the file says (`pairs_telegram_dev.jsonl`: reposts, look-alike
    /// events, follow-ups, unrelated posts); accuracy is reported per bucket.
    #[serde(default)]
    pub(crate) bucket: Option<String>,
}

/// Each pair's group: pairs that share a post, directly or through other pairs, are one
/// group, numbered in order of first appearance. Cross-validation folds whole groups, so the
/// pairs of one event never sit on both sides of a fold.
fn groups(pairs: &[Pair]) -> Vec<usize> {
    let mut ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut parent: Vec<usize> = Vec::new();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut node = |key: String, parent: &mut Vec<usize>| -> usize {
        *ids.entry(key).or_insert_with(|| {
            parent.push(parent.len());
            parent.len() - 1
        })
    };
    let ends: Vec<(usize, usize)> = pairs
        .iter()
        .map(|p| {
            let a = node(p.a.key(), &mut parent);
            let b = node(p.b.key(), &mut parent);
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            parent[ra.max(rb)] = ra.min(rb);
            (a, b)
        })
        .collect();
    let mut number = std::collections::HashMap::new();
    ends.iter()
        .map(|&(a, _)| {
            let root = find(&mut parent, a);
            let next = number.len();
            *number.entry(root).or_insert(next)
        })
        .collect()
}

/// The pairs of a labelled file, one JSON object a line (blank lines skipped).
pub(crate) fn read_pairs(path: &Path) -> Result<Vec<Pair>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not a pair", path.display(), i + 1))
        })
        .collect()
}

/// A labelled file, read and compared as a store would compare its articles.
struct Loaded {
    pairs: Vec<Pair>,
    /// Each pair's features.
    feats: Vec<[f64; FEATURES]>,
    /// Seconds between the two sides, where both are dated.
    apart: Vec<Option<i64>>,
}

impl Loaded {
    /// The decision for pair `i` under `model`: the clusterer's time windows, then the model.
    fn decide(&self, model: &PairModel, i: usize) -> (f64, bool) {
        decide_pair(model, &self.feats[i], self.apart[i])
    }

    /// The labelled pairs among `which` that the model decides (not the time windows), as
    /// training examples: a pair the clusterer never gives the model teaches it nothing.
    fn examples(&self, which: &[usize]) -> Vec<([f64; FEATURES], bool)> {
        which
            .iter()
            .filter(|&&i| window_rule(&self.feats[i], self.apart[i]).is_none())
            .filter_map(|&i| self.pairs[i].same_story.map(|y| (self.feats[i], y)))
            .collect()
    }
}

/// One side of a pair profiled as the store would profile it: the post read as a JSONL line
/// with its title, date, outlet and language (so channel sign-offs and Markdown markers go).
/// A side that extraction refuses is profiled from its title alone.
fn side_profile(
    pipeline: &Pipeline,
    side: &Side,
    date: Option<&str>,
    outlet: Option<&str>,
    lang: Option<&str>,
) -> Profile {
    let mut raw = RawDoc::new(
        Origin::default(),
        Format::Text,
        side.text.as_bytes().to_vec(),
    );
    raw.url = side.url.clone().filter(|u| !u.is_empty());
    raw.title_hint = Some(side.title.clone()).filter(|t| !t.trim().is_empty());
    raw.published_hint = date.map(str::to_owned);
    raw.outlet_hint = outlet.map(str::to_owned);
    raw.lang_hint = lang.map(str::to_owned);
    match pipeline.record(&raw) {
        Ok(record) => Profile::of_record(&record),
        Err(_) => Profile::new(&side.title, "", []),
    }
}

/// The pairs of a file with their features: both sides extracted, annotated (entities),
/// profiled, and compared under document frequencies from every text of the file.
fn load(gold: &Path) -> Result<Loaded> {
    let pairs = read_pairs(gold)?;
    if pairs.is_empty() {
        bail!("{}: no pairs", gold.display());
    }
    let pipeline = Pipeline::new(true).context("loading the NER model")?;
    let profiles: Vec<(Profile, Profile)> = pairs
        .par_iter()
        .map(|p| {
            let lang = p.lang.as_deref();
            let side = |s: &Side, date: &Option<String>, outlet: &Option<String>| {
                side_profile(&pipeline, s, date.as_deref(), outlet.as_deref(), lang)
            };
            (
                side(&p.a, &p.date_a, &p.outlet_a),
                side(&p.b, &p.date_b, &p.outlet_b),
            )
        })
        .collect();
    let idf = Idf::from_profiles(profiles.iter().flat_map(|(a, b)| [a, b]));
    let time = |d: &Option<String>| d.as_deref().and_then(parse_time);
    let apart: Vec<Option<i64>> = pairs
        .iter()
        .map(|p| Some((time(&p.date_a)? - time(&p.date_b)?).abs()))
        .collect();
    let feats = profiles
        .iter()
        .zip(&apart)
        .map(|((a, b), &apart)| features(a, b, &idf, apart))
        .collect();
    Ok(Loaded {
        pairs,
        feats,
        apart,
    })
}

/// Accuracy, F1, precision, recall of `pred` against the labels.
fn scores(labels: &[bool], pred: &[bool]) -> (f64, f64, f64, f64) {
    let mut tp = 0.0;
    let (mut fp, mut fn_, mut right) = (0.0, 0.0, 0.0);
    for (&y, &p) in labels.iter().zip(pred) {
        match (y, p) {
            (true, true) => tp += 1.0,
            (false, true) => fp += 1.0,
            (true, false) => fn_ += 1.0,
            _ => {}
        }
        if y == p {
            right += 1.0;
        }
    }
    let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    let recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (right / labels.len() as f64, f1, precision, recall)
}

/// `newsmill eval stories`.
pub fn eval(
    gold: &Path,
    out: Option<&Path>,
    cv: Option<usize>,
    model: Option<&Path>,
) -> Result<()> {
    let data = load(gold)?;
    let labels: Vec<Option<bool>> = data.pairs.iter().map(|p| p.same_story).collect();
    if let Some(k) = cv {
        let k = k.max(2);
        if labels.iter().any(Option::is_none) {
            bail!("--cv needs a label (`same_story`) on every pair");
        }
        let mut decided = vec![(0.0, false); data.pairs.len()];
        let group = groups(&data.pairs);
        for fold in 0..k {
            let train: Vec<usize> = (0..data.pairs.len())
                .filter(|&i| group[i] % k != fold)
                .collect();
            let m = PairModel::train(&data.examples(&train));
            for i in (0..data.pairs.len()).filter(|&i| group[i] % k == fold) {
                decided[i] = data.decide(&m, i);
            }
        }
        return report(
            &data,
            &labels,
            &decided,
            out,
            &format!(
                "{k}-fold CV over {} groups of pairs sharing a post",
                group.iter().max().map_or(0, |g| g + 1)
            ),
        );
    }
    let m = pair_model(model.map(Path::to_path_buf))?;
    let decided: Vec<(f64, bool)> = (0..data.pairs.len()).map(|i| data.decide(&m, i)).collect();
    let how = if model.is_some() {
        "given model"
    } else {
        "committed model"
    };
    report(&data, &labels, &decided, out, how)
}

/// The pair model in file `path`, or the committed one.
pub(crate) fn pair_model(path: Option<std::path::PathBuf>) -> Result<PairModel> {
    Ok(match path {
        Some(p) => PairModel::from_json(
            &std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?,
        )?,
        None => PairModel::committed(),
    })
}

/// Prints accuracy and F1 of the decisions and writes them, with each pair's features (so a
/// wrong decision can be traced to what drove it), to `out`.
fn report(
    data: &Loaded,
    labels: &[Option<bool>],
    decided: &[(f64, bool)],
    out: Option<&Path>,
    how: &str,
) -> Result<()> {
    let pairs = &data.pairs;
    let sames: Vec<bool> = decided.iter().map(|d| d.1).collect();
    if let Some(path) = out {
        let mut w = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        for ((p, &(prob, same)), x) in pairs.iter().zip(decided).zip(&data.feats) {
            let features: serde_json::Map<String, serde_json::Value> = FEATURE_NAMES
                .iter()
                .zip(x)
                .map(|(n, v)| (n.to_string(), serde_json::json!(v)))
                .collect();
            let line = serde_json::json!({"id": p.id, "same_story": same, "score": prob, "features": features});
            writeln!(w, "{line}")?;
        }
        w.flush()?;
    }
    let labelled: Vec<(bool, bool)> = labels
        .iter()
        .zip(&sames)
        .filter_map(|(y, &p)| y.map(|y| (y, p)))
        .collect();
    if labelled.is_empty() {
        println!("{} pairs decided ({how}); none labelled", pairs.len());
        return Ok(());
    }
    let (y, p): (Vec<bool>, Vec<bool>) = labelled.into_iter().unzip();
    let (acc, f1, precision, recall) = scores(&y, &p);
    println!(
        "pairs {}  accuracy {acc:.3}  same-story F1 {f1:.3} (P {precision:.3} R {recall:.3})  [{how}]",
        y.len()
    );
    let mut buckets: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for ((p, y), &same) in pairs.iter().zip(labels).zip(&sames) {
        if let (Some(bucket), Some(y)) = (&p.bucket, y) {
            let e = buckets.entry(bucket.as_str()).or_default();
            e.0 += 1;
            e.1 += usize::from(*y == same);
        }
    }
    for (bucket, (n, right)) in buckets {
        println!(
            "  {bucket:<20} pairs {n:>4}  accuracy {:.3}",
            right as f64 / n as f64
        );
    }
    Ok(())
}

/// `newsmill train stories`: fits the pair model on a labelled file and writes it.
/// Each file's features are computed as `eval stories` computes them on that file alone
/// (its own document frequencies), and the examples of all files are fitted together.
pub fn train(gold: &[std::path::PathBuf], out: &Path) -> Result<()> {
    let mut examples = Vec::new();
    for path in gold {
        let data = load(path)?;
        let all: Vec<usize> = (0..data.pairs.len()).collect();
        examples.extend(data.examples(&all));
    }
    let m = PairModel::train(&examples);
    let right = examples.iter().filter(|(x, y)| m.same(x) == *y).count();
    std::fs::write(out, serde_json::to_string_pretty(&m)? + "\n")
        .with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "{} pairs, training accuracy {:.3}; weights:",
        examples.len(),
        right as f64 / examples.len() as f64
    );
    for (name, w) in FEATURE_NAMES.iter().zip(&m.weights) {
        eprintln!("  {name:<16} {w:+.3}");
    }
    eprintln!(
        "  bias {:+.3}, threshold {:.3}, story join {:.3} → {}",
        m.bias,
        m.threshold,
        m.join,
        out.display()
    );
    Ok(())
}

/// `newsmill stories --db FILE`: stories, largest first.
pub fn list(db: &Path, query: &StoryQuery, json: bool) -> Result<()> {
    let store = crate::store::open_read_only(db)?;
    let list = store.stories(query).context("listing stories")?;
    let mut out = std::io::stdout().lock();
    if json {
        for s in &list.stories {
            writeln!(out, "{}", serde_json::to_string(s)?)?;
        }
        return Ok(());
    }
    writeln!(
        out,
        "{} stories with {} or more articles",
        list.total, query.min_articles
    )?;
    for s in &list.stories {
        writeln!(
            out,
            "\n#{}  {}\n   {} articles · {} outlets · {} – {}",
            s.id,
            s.title.as_deref().unwrap_or("(untitled)"),
            s.articles,
            s.outlets,
            s.first.as_deref().unwrap_or("undated"),
            s.last.as_deref().unwrap_or("undated"),
        )?;
    }
    Ok(())
}

/// `newsmill stories --db FILE --id N`: one story, its articles in time order.
pub fn show(db: &Path, id: i64, json: bool) -> Result<()> {
    let store = crate::store::open_read_only(db)?;
    let Some(v) = store.story(id).context("reading the story")? else {
        bail!("no story {id} in {}", crate::store::describe(db));
    };
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(&v)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "{}\n{} articles · {} outlets",
        v.summary.title.as_deref().unwrap_or("(untitled)"),
        v.summary.articles,
        v.summary.outlets
    )?;
    for m in &v.members {
        let role = if v.origin.as_deref() == Some(m.article.id.as_str()) {
            "origin".to_owned()
        } else {
            match (&m.copied_from, m.verbatim) {
                (Some(from), true) => format!("verbatim copy of {from}"),
                (Some(from), false) => format!("edited copy of {from}"),
                (None, _) => "own report".to_owned(),
            }
        };
        writeln!(
            out,
            "\n{}  {}  {}\n   {} · {}\n   {}",
            m.article.published.as_deref().unwrap_or("undated"),
            m.article.outlet.as_deref().unwrap_or("?"),
            m.article.title.as_deref().unwrap_or("(no title)"),
            m.article.id,
            role,
            m.reason
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: &str, b: &str) -> Pair {
        serde_json::from_value(serde_json::json!({
            "id": format!("{a}-{b}"),
            "a": {"title": a, "text": "", "url": a},
            "b": {"title": b, "text": "", "url": b},
            "same_story": true,
        }))
        .unwrap()
    }

    /// Pairs that share a post, even through a third pair, fall in one group; the others get
    /// groups of their own, numbered in order.
    #[test]
    fn pairs_sharing_a_post_are_one_group() {
        let pairs = [
            pair("p1", "p2"),
            pair("p3", "p4"),
            pair("p2", "p5"),
            pair("p5", "p4"),
            pair("p6", "p7"),
        ];
        assert_eq!(groups(&pairs), [0, 0, 0, 0, 1]);
        let apart = [pair("a", "b"), pair("c", "d")];
        assert_eq!(groups(&apart), [0, 1]);
    }
}
