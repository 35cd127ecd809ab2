//! `newsmill eval meta`: publication days and bylines against a gold folder in the format of
//! `shared/data/dates` (`NAME.html` beside `NAME.json` with `date_published`, `subset` and, on
//! some pages, `authors`).
//!
//! A quarter of the pages, chosen by a hash of the name, is the *unread* part: changes are
//! judged on the rest (`--part tune`), and the unread part is scored once at the end
//! (decision 50).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::ValueEnum;
use newsmill_extract::Extractor;
use newsmill_model::{DateSource, Format, Origin, RawDoc};
use rayon::prelude::*;
use serde::Deserialize;

/// Which pages of the gold folder to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Part {
    /// Every page.
    All,
    /// The three quarters changes are judged on.
    Tune,
    /// The quarter left unread until a change is finished.
    Unread,
}

impl Part {
    fn holds(self, name: &str) -> bool {
        match self {
            Part::All => true,
            Part::Tune => !is_unread(name),
            Part::Unread => is_unread(name),
        }
    }
}

/// Whether a page belongs to the unread quarter: FNV-1a of its name, a fixed function so the
/// split never moves.
fn is_unread(name: &str) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h.is_multiple_of(4)
}

#[derive(Debug, Deserialize)]
struct Gold {
    date_published: String,
    #[serde(default)]
    subset: String,
    #[serde(default)]
    authors: Option<Vec<String>>,
    #[serde(default)]
    publisher: Option<String>,
}

/// What extraction made of one gold page.
struct Outcome {
    name: String,
    subset: String,
    gold_day: String,
    day: Option<String>,
    source: Option<DateSource>,
    gold_authors: Option<Vec<String>>,
    /// The gold authors that are persons: agencies and the outlet's own name set aside, as
    /// newsmill records them (agencies go to `credited_sources`).
    gold_persons: Option<Vec<String>>,
    authors: Vec<String>,
}

impl Outcome {
    fn day_right(&self) -> bool {
        self.day.as_deref() == Some(self.gold_day.as_str())
    }

    fn authors_right(&self) -> Option<bool> {
        let gold = self.gold_authors.as_ref()?;
        Some(author_set(gold) == author_set(&self.authors))
    }

    fn persons_right(&self) -> Option<bool> {
        let gold = self.gold_persons.as_ref()?;
        Some(author_set(gold) == author_set(&self.authors))
    }
}

/// Authors compared as a set of case- and space-folded names.
fn author_set(names: &[String]) -> std::collections::BTreeSet<String> {
    names
        .iter()
        .map(|n| {
            n.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// Extracts every gold page of `part` and prints day accuracy, the no-date rate and author
/// exact-set accuracy, overall, per subset and per date source; `worst` lists that many
/// wrong pages.
pub fn eval(gold_dir: &Path, part: Part, worst: usize) -> Result<()> {
    let pages = load(gold_dir, part)?;
    if pages.is_empty() {
        bail!("{}: no NAME.json beside NAME.html", gold_dir.display());
    }
    let extractor = Extractor::new();
    let outcomes: Vec<Outcome> = pages
        .par_iter()
        .map(|(name, html, bytes, gold)| {
            let raw = RawDoc::new(
                Origin {
                    path: Some(html.display().to_string()),
                    ..Origin::default()
                },
                Format::Html,
                bytes.clone(),
            );
            let article = extractor.extract(&raw).ok();
            let outlets: Vec<&str> = [
                gold.publisher.as_deref(),
                article.as_ref().and_then(|a| a.outlet.as_deref()),
            ]
            .into_iter()
            .flatten()
            .collect();
            let gold_persons = gold
                .authors
                .as_ref()
                .map(|a| newsmill_extract::persons_and_agencies(a, &outlets).0);
            Outcome {
                name: name.clone(),
                subset: gold.subset.clone(),
                gold_day: gold.date_published.clone(),
                day: article
                    .as_ref()
                    .and_then(|a| a.published.as_deref())
                    .map(|d| d.chars().take(10).collect()),
                source: article.as_ref().and_then(|a| a.published_source),
                gold_authors: gold.authors.clone(),
                gold_persons,
                authors: article.map(|a| a.authors).unwrap_or_default(),
            }
        })
        .collect();
    print!("{}", report(&outcomes));
    let mut wrong: Vec<&Outcome> = outcomes.iter().filter(|o| !o.day_right()).collect();
    wrong.sort_by(|a, b| a.name.cmp(&b.name));
    for o in wrong.iter().take(worst) {
        println!(
            "  date  {}  gold {}  got {} ({})",
            o.name,
            o.gold_day,
            o.day.as_deref().unwrap_or("none"),
            o.source.map_or("-", DateSource::as_str)
        );
    }
    let mut wrong_authors: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.persons_right() == Some(false))
        .collect();
    wrong_authors.sort_by(|a, b| a.name.cmp(&b.name));
    for o in wrong_authors.iter().take(worst) {
        println!(
            "  authors  {}  gold {:?} (persons {:?})  got {:?}",
            o.name,
            o.gold_authors.as_deref().unwrap_or_default(),
            o.gold_persons.as_deref().unwrap_or_default(),
            o.authors
        );
    }
    Ok(())
}

/// One gold page: its name, path, bytes and gold.
type GoldPage = (String, PathBuf, Vec<u8>, Gold);

/// The gold pages of `part`: name, page path, page bytes and gold, in name order. A page or
/// gold file that cannot be read is an error, not a page without a date.
fn load(dir: &Path, part: Part) -> Result<Vec<GoldPage>> {
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let html = path.with_extension("html");
        if !html.exists() || !part.holds(&name) {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let gold: Gold =
            serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        let bytes = std::fs::read(&html).with_context(|| format!("reading {}", html.display()))?;
        pages.push((name, html, bytes, gold));
    }
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(pages)
}

/// Counts over a group of pages.
#[derive(Default)]
struct Tally {
    pages: usize,
    right: usize,
    none: usize,
    with_authors: usize,
    authors_right: usize,
    persons_right: usize,
}

impl Tally {
    fn add(&mut self, o: &Outcome) {
        self.pages += 1;
        self.right += usize::from(o.day_right());
        self.none += usize::from(o.day.is_none());
        if let Some(ok) = o.authors_right() {
            self.with_authors += 1;
            self.authors_right += usize::from(ok);
            self.persons_right += usize::from(o.persons_right() == Some(true));
        }
    }

    fn line(&self) -> String {
        let pct = |n: usize, d: usize| 100.0 * n as f64 / d.max(1) as f64;
        let mut s = format!(
            "pages {:>3}  day right {:5.1} %  no date {:5.1} %  wrong date {:5.1} %",
            self.pages,
            pct(self.right, self.pages),
            pct(self.none, self.pages),
            pct(self.pages - self.right - self.none, self.pages),
        );
        if self.with_authors > 0 {
            s += &format!(
                "  authors exact {:5.1} % (persons {:5.1} %) of {}",
                pct(self.authors_right, self.with_authors),
                pct(self.persons_right, self.with_authors),
                self.with_authors
            );
        }
        s
    }
}

fn report(outcomes: &[Outcome]) -> String {
    let mut all = Tally::default();
    let mut subsets: BTreeMap<&str, Tally> = BTreeMap::new();
    // Per source: how often it gave the date, and how often that date was wrong.
    let mut sources: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for o in outcomes {
        all.add(o);
        subsets.entry(&o.subset).or_default().add(o);
        if let Some(src) = o.source {
            let e = sources.entry(src.as_str()).or_default();
            e.0 += 1;
            e.1 += usize::from(!o.day_right());
        }
    }
    let mut out = format!("all        {}\n", all.line());
    for (subset, t) in &subsets {
        out += &format!("  {subset:<24} {}\n", t.line());
    }
    for (source, (n, wrong)) in &sources {
        out += &format!("  source {source:<8} gave {n:>3}  wrong {wrong:>3}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unread_part_is_about_a_quarter_and_fixed() {
        let names: Vec<String> = (0..4000).map(|i| format!("page_{i}")).collect();
        let unread = names.iter().filter(|n| is_unread(n)).count();
        assert!((800..1200).contains(&unread), "{unread}");
        assert_eq!(is_unread("page_1"), is_unread("page_1"));
        assert!(Part::All.holds("x"));
        assert_ne!(Part::Tune.holds("page_7"), Part::Unread.holds("page_7"));
    }

    #[test]
    fn authors_compare_as_folded_sets() {
        let o = Outcome {
            name: String::new(),
            subset: String::new(),
            gold_day: "2024-05-03".into(),
            day: Some("2024-05-03".into()),
            source: None,
            gold_authors: Some(vec!["Anna  Fink".into(), "Jan Marchart".into()]),
            gold_persons: None,
            authors: vec!["jan marchart".into(), "Anna Fink".into()],
        };
        assert!(o.day_right());
        assert_eq!(o.authors_right(), Some(true));
    }
}
