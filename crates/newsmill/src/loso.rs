//! `newsmill eval extract --leave-one-set-out`: how extraction holds on a set it never saw.
//!
//! Every gold set that may be learned from is left out in turn; a model of its format is
//! trained on all the other sets of that format (plus, for scraped text, the synthetic Russian
//! pages `train extract` adds), and the left-out set is scored with it. Cross-validation inside
//! one set measures a model on pages like the ones it learned from; this measures it on another
//! outlet's conventions, which is what a user's pages are (decision 49).

use std::path::Path;

use anyhow::{bail, Context, Result};
use newsmill_extract::{score_pages, GoldPage, PageScore, Scores, Trained};
use newsmill_model::Format;
use rayon::prelude::*;

/// A gold set under `shared/data/extraction`, with the reference figure its README gives for
/// the same pages.
pub struct Set {
    /// The folder under the extraction data.
    pub dir: &'static str,
    /// Whether the committed model learns from it (`train extract`). Every set does but
    /// `train-cleaneval`, whose truth keeps all the text of arbitrary 2007 web pages, not an
    /// article body: with it, the model kept related links and credits on pages of sets it
    /// never saw (trafilatura's multilingual pages, snippet F1 0.893 → 0.862; decision 53).
    /// Every set is in every left-out evaluation.
    pub train: bool,
    reference: &'static str,
    reference_f1: f64,
}

/// The sets that may be learned from; `train extract` learns from those marked `train`. Dragnet (AGPL) is kept for sealed evaluation only and
/// is not here. Reference figures: trafilatura 2.3.1 with the benchmark's call
/// (`shared/data/README.md`, `extraction/README.md`); for scraped text, trafilatura over the
/// lines (`shared/data/README.md`); for the short sets, keeping every line (`short/README.md`).
pub const SETS: &[Set] = &[
    Set {
        dir: "dev",
        train: true,
        reference: "trafilatura",
        reference_f1: 0.955,
    },
    Set {
        dir: "train-wcxb-article",
        train: true,
        reference: "trafilatura",
        reference_f1: 0.929,
    },
    Set {
        dir: "train-cleaneval",
        train: false,
        reference: "trafilatura",
        reference_f1: 0.867,
    },
    Set {
        dir: "train-cleanportaleval",
        train: true,
        reference: "trafilatura",
        reference_f1: 0.935,
    },
    Set {
        dir: "train-readability-tests",
        train: true,
        reference: "trafilatura",
        reference_f1: 0.943,
    },
    Set {
        dir: "dev-text",
        train: true,
        reference: "trafilatura, lines",
        reference_f1: 0.58,
    },
    Set {
        dir: "short/telegram-dev",
        train: true,
        reference: "keep every line",
        reference_f1: 0.885,
    },
    Set {
        dir: "short/articles-dev",
        train: true,
        reference: "keep every line",
        reference_f1: 0.948,
    },
];

/// One set's result.
struct Row {
    dir: &'static str,
    format: Format,
    pages: usize,
    committed: Scores,
    left_out: Scores,
    reference: &'static str,
    reference_f1: f64,
}

/// The pages of `set` under `data`, or `None` when its folder is not there; a folder without
/// gold pages is an error.
pub fn load(data: &Path, set: &Set) -> Result<Option<Vec<GoldPage>>> {
    let dir = data.join(set.dir);
    if !dir.is_dir() {
        return Ok(None);
    }
    let pages = GoldPage::load_dir(&dir).with_context(|| format!("reading {}", dir.display()))?;
    if pages.is_empty() {
        bail!("{}: no NAME.json gold files", dir.display());
    }
    Ok(Some(pages))
}

/// Runs the evaluation over the sets in `data` and prints one row per set, then the macro means.
/// `synthetic` are the synthetic scraped pages every text model learns from.
pub fn run(data: &Path, synthetic: &[GoldPage], seed: u64) -> Result<()> {
    let mut sets: Vec<(&Set, Vec<GoldPage>)> = Vec::new();
    for set in SETS {
        match load(data, set)? {
            Some(pages) => sets.push((set, pages)),
            None => eprintln!("WARN skip: {}: not there", data.join(set.dir).display()),
        }
    }
    if sets.is_empty() {
        bail!("{}: none of the extraction sets is there", data.display());
    }
    let committed = newsmill_extract::Extractor::new();
    let mut rows = Vec::new();
    for (i, (set, pages)) in sets.iter().enumerate() {
        let format = pages[0].raw.format;
        let mut train: Vec<GoldPage> = sets
            .iter()
            .enumerate()
            .filter(|&(j, (_, other))| j != i && other[0].raw.format == format)
            .flat_map(|(_, (_, other))| other.iter().cloned())
            .collect();
        if format == Format::Text {
            train.extend(synthetic.iter().cloned());
        }
        if train.is_empty() {
            eprintln!(
                "WARN skip: {}: no other set of its format to learn from",
                set.dir
            );
            continue;
        }
        let started = std::time::Instant::now();
        let model = Trained::train_seeded(&train, seed).extractor();
        eprintln!(
            "{}: trained on {} other pages in {:.0} s",
            set.dir,
            train.len(),
            started.elapsed().as_secs_f64()
        );
        let score = |extractor: &newsmill_extract::Extractor| -> Scores {
            let scores: Vec<PageScore> = pages
                .par_iter()
                .map(|p| {
                    let text = extractor
                        .extract(&p.raw)
                        .map(|a| a.text())
                        .unwrap_or_default();
                    PageScore::new(&p.gold, &text)
                })
                .collect();
            score_pages(&scores)
        };
        rows.push(Row {
            dir: set.dir,
            format,
            pages: pages.len(),
            committed: score(&committed),
            left_out: score(&model),
            reference: set.reference,
            reference_f1: set.reference_f1,
        });
    }
    print!("{}", render(&rows));
    Ok(())
}

/// The table: per set, the committed model's F1 (which has seen `dev` and `dev-text`), the
/// left-out model's F1, P and R, and the reference; then macro means per format.
fn render(rows: &[Row]) -> String {
    let mut out = format!(
        "{:<26} {:>5}  {:>9}  {:>8}  {:>5}  {:>5}  reference\n",
        "set", "pages", "committed", "left-out", "P", "R"
    );
    for r in rows {
        out.push_str(&format!(
            "{:<26} {:>5}  {:>9.3}  {:>8.3}  {:>5.3}  {:>5.3}  {} {:.3}\n",
            r.dir,
            r.pages,
            r.committed.f1,
            r.left_out.f1,
            r.left_out.precision,
            r.left_out.recall,
            r.reference,
            r.reference_f1
        ));
    }
    for (format, name) in [(Format::Html, "HTML"), (Format::Text, "scraped text")] {
        let of: Vec<&Row> = rows.iter().filter(|r| r.format == format).collect();
        if of.is_empty() {
            continue;
        }
        let mean = |f: &dyn Fn(&Row) -> f64| of.iter().map(|r| f(r)).sum::<f64>() / of.len() as f64;
        out.push_str(&format!(
            "macro mean, {name} ({} sets): committed {:.3}  left-out {:.3}  reference {:.3}\n",
            of.len(),
            mean(&|r| r.committed.f1),
            mean(&|r| r.left_out.f1),
            mean(&|r| r.reference_f1)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_a_row_per_set_and_a_mean_per_format() {
        let s = |f1| Scores {
            f1,
            precision: f1,
            recall: f1,
            accuracy: 0.0,
        };
        let rows = [
            Row {
                dir: "dev",
                format: Format::Html,
                pages: 2,
                committed: s(0.9),
                left_out: s(0.8),
                reference: "trafilatura",
                reference_f1: 0.955,
            },
            Row {
                dir: "train-cleaneval",
                format: Format::Html,
                pages: 3,
                committed: s(0.7),
                left_out: s(0.6),
                reference: "trafilatura",
                reference_f1: 0.867,
            },
        ];
        let table = render(&rows);
        assert_eq!(table.lines().count(), 4, "{table}");
        assert!(table.contains("macro mean, HTML (2 sets): committed 0.800  left-out 0.700"));
        assert!(!table.contains("scraped text"));
    }
}
