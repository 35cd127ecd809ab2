//! `newsmill eval …` and `newsmill train …`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use newsmill_extract::{score_pages, GoldPage, PageScore, Trained};
use rayon::prelude::*;

#[derive(Subcommand)]
pub enum EvalStage {
    /// Main-text extraction: F1, precision, recall and exact-match accuracy, as
    /// shared/tools/extraction_score.py prints them.
    Extract {
        /// Gold folder: NAME.json (articleBody) beside NAME.html or NAME.txt.
        #[arg(long, required_unless_present = "leave_one_set_out")]
        gold: Option<PathBuf>,
        /// Leave each gold set under `--data` out in turn: train on the others of its format,
        /// score it, and print per-set F1 beside the committed model's and the reference
        /// figure, with the macro means.
        #[arg(long, conflicts_with_all = ["gold", "pred", "cv"])]
        leave_one_set_out: bool,
        /// With `--leave-one-set-out`: the folder holding the gold sets.
        #[arg(long, default_value = "../shared/data/extraction")]
        data: PathBuf,
        /// Score these predictions (a JSONL file of records, or a folder of NAME.txt) instead of
        /// running extraction.
        #[arg(long)]
        pred: Option<PathBuf>,
        /// Report K-fold cross-validation: each page extracted by a model trained without it.
        #[arg(long)]
        cv: Option<usize>,
        /// With `--cv`: the training seed (the order examples are visited in). On 92 pages
        /// the figure moves by about ±0.005 with the seed alone, so compare changes over
        /// several seeds and fold counts.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// For scraped-text gold sets, the NER corpus whose texts become synthetic Russian
        /// training pages in every cross-validation fold (as in `train extract`).
        #[arg(long, default_value = "../shared/data/ner/nerel_train.jsonl")]
        ner: PathBuf,
        /// Also list the N pages with the lowest F1.
        #[arg(long, default_value_t = 0)]
        worst: usize,
        /// Also write each page's predicted body to DIR/NAME.txt (the form `--pred` reads), to
        /// compare with the gold.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Quotes and speakers: P/R/F1, speaker accuracy and end-to-end F1 per kind, as
    /// shared/tools/quote_score.py prints them.
    Quotes {
        /// Gold quote JSONL (shared/data/quotes/GUIDELINES.md); documents without `text` are
        /// stand-off annotations whose text comes from `--texts`.
        #[arg(long)]
        gold: PathBuf,
        /// Score these predictions (JSONL records) instead of annotating the gold texts.
        #[arg(long)]
        pred: Option<PathBuf>,
        /// Corpus holding the texts of stand-off gold documents (by id).
        #[arg(long, default_value = "../shared/data/ner/nerel_train.jsonl")]
        texts: PathBuf,
        /// Also write the predicted records here (JSONL), for quote_score.py or inspection.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also list, for the N documents with most errors, what was missed and what was extra.
        #[arg(long, default_value_t = 0)]
        worst: usize,
    },
    /// Named entities: P/R/F1 per type and micro, and normal-form accuracy, as
    /// shared/tools/ner_score.py prints them.
    Ner {
        /// Gold NER JSONL.
        #[arg(long)]
        gold: PathBuf,
        /// Score these predictions (JSONL records) instead of running the committed model.
        #[arg(long)]
        pred: Option<PathBuf>,
        /// K-fold cross-validation over the gold file: each fold annotated by a model trained on
        /// `--train` plus the other folds.
        #[arg(long)]
        cv: Option<usize>,
        /// Training corpora added to every fold (the gold file itself is left out).
        #[arg(long, default_values = ["../shared/data/ner/nerel_train.jsonl"])]
        train: Vec<PathBuf>,
        /// Keep gold entities nested in other entities (the scorer's `--nested`).
        #[arg(long)]
        nested: bool,
        /// Also write the predictions scored, one document a line (`{"id", "entities": [{"type",
        /// "norm", "start", "end"}]}`, one entry a mention), which the shared scorer reads too.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Span conventions to tag by (`nerel`, `factru`); by default the gold file's own, told
        /// by its fine types.
        #[arg(long, value_parser = crate::ner::parse_scheme)]
        scheme: Option<newsmill_ner::Scheme>,
    },
    /// Publication days and bylines on a gold folder in the format of shared/data/dates:
    /// day accuracy, the no-date rate and author exact-set accuracy, overall, per subset and
    /// per date source.
    Meta {
        /// Gold folder: NAME.html beside NAME.json (`date_published`, `subset`, `authors`).
        #[arg(long, default_value = "../shared/data/dates/dev")]
        gold: PathBuf,
        /// Which pages: `tune` (three quarters, to judge changes on), `unread` (the quarter
        /// kept for the end) or `all`.
        #[arg(long, value_enum, default_value = "all")]
        part: crate::meta_eval::Part,
        /// Also list up to N pages with a wrong day and N with a wrong author set.
        #[arg(long, default_value_t = 0)]
        worst: usize,
    },
    /// Same-story decisions on labelled article pairs (the format of
    /// shared/data/stories/pairs_dev.jsonl): accuracy and same-story F1.
    Stories {
        /// Pairs: `{"id", "lang", "a": {"title", "text"}, "b": {…}, "same_story"}` per line.
        #[arg(long)]
        gold: PathBuf,
        /// Write one decision per pair: `{"id", "same_story", "score", "features"}`.
        #[arg(long)]
        out: Option<PathBuf>,
        /// K-fold cross-validation: each fold decided by a model trained on the other folds.
        #[arg(long)]
        cv: Option<usize>,
        /// Use this pair model (as `train stories --out` writes it) instead of the committed one.
        #[arg(long)]
        model: Option<PathBuf>,
    },
}

pub fn run(stage: EvalStage) -> Result<()> {
    match stage {
        EvalStage::Meta { gold, part, worst } => crate::meta_eval::eval(&gold, part, worst),
        EvalStage::Stories {
            gold,
            out,
            cv,
            model,
        } => crate::stories::eval(&gold, out.as_deref(), cv, model.as_deref()),
        EvalStage::Quotes {
            gold,
            pred,
            texts,
            out,
            worst,
        } => crate::quotes::eval(&gold, pred.as_deref(), &texts, out.as_deref(), worst),
        EvalStage::Ner {
            gold,
            pred,
            cv,
            train,
            nested,
            out,
            scheme,
        } => crate::ner::eval(
            &gold,
            pred.as_deref(),
            cv,
            &train,
            nested,
            out.as_deref(),
            scheme,
        ),
        EvalStage::Extract {
            leave_one_set_out: true,
            data,
            seed,
            ner,
            ..
        } => {
            let synthetic = newsmill_extract::synthetic_scraped_pages(&ner, SYNTHETIC_PAGES)
                .with_context(|| format!("reading {}", ner.display()))?;
            crate::loso::run(&data, &synthetic, seed)
        }
        EvalStage::Extract {
            gold,
            pred,
            cv,
            seed,
            worst,
            ner,
            out,
            ..
        } => {
            let gold = gold.context("--gold is needed")?;
            let pages = GoldPage::load_dir(&gold)
                .with_context(|| format!("reading gold set {}", gold.display()))?;
            if pages.is_empty() {
                bail!("{}: no NAME.json gold files", gold.display());
            }
            let (predicted, found): (Vec<String>, usize) = match (pred, cv) {
                (Some(path), _) => {
                    let preds = load_pred(&path)?;
                    let found = pages.iter().filter(|p| preds.contains_key(&p.name)).count();
                    (
                        pages
                            .iter()
                            .map(|p| preds.get(&p.name).cloned().unwrap_or_default())
                            .collect(),
                        found,
                    )
                }
                (None, Some(k)) => {
                    let extra = augmentation(&pages, &ner)?;
                    (
                        Trained::cross_validate(&pages, k, &extra, seed),
                        pages.len(),
                    )
                }
                (None, None) => {
                    let extractor = newsmill_extract::Extractor::new();
                    let texts: Vec<String> = pages
                        .par_iter()
                        .map(|p| {
                            extractor
                                .extract(&p.raw)
                                .map(|a| a.text())
                                .unwrap_or_default()
                        })
                        .collect();
                    (texts, pages.len())
                }
            };
            if let Some(dir) = &out {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
                for (page, text) in pages.iter().zip(&predicted) {
                    let path = dir.join(format!("{}.txt", page.name));
                    std::fs::write(&path, text)
                        .with_context(|| format!("writing {}", path.display()))?;
                }
            }
            let scores: Vec<PageScore> = pages
                .iter()
                .zip(&predicted)
                .map(|(p, t)| PageScore::new(&p.gold, t))
                .collect();
            let s = score_pages(&scores);
            let mut ranked: Vec<(f64, &str)> = scores
                .iter()
                .zip(&pages)
                .map(|(sc, p)| (score_pages(std::slice::from_ref(sc)).f1, p.name.as_str()))
                .collect();
            ranked.sort_by(|a, b| a.0.total_cmp(&b.0));
            for (f1, name) in ranked.iter().take(worst) {
                println!("  {f1:.3}  {name}");
            }
            println!(
                "pages {}  found {}  F1 {:.3}  precision {:.3}  recall {:.3}  accuracy {:.3}",
                pages.len(),
                found,
                s.f1,
                s.precision,
                s.recall,
                s.accuracy
            );
            Ok(())
        }
    }
}

/// Predictions keyed by page name, read as the Python scorer reads them.
fn load_pred(path: &Path) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    if path.is_dir() {
        for entry in std::fs::read_dir(path)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".txt") {
                let bytes = std::fs::read(entry.path())?;
                out.insert(
                    stem.to_string(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                );
            }
        }
        return Ok(out);
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), i + 1))?;
        let mut key = v
            .get("id")
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .to_string();
        if let Some(origin) = v
            .pointer("/origin/path")
            .and_then(|x| x.as_str())
            .filter(|s| !s.is_empty())
        {
            key = stem(origin);
        }
        let key = basename(&key);
        let key = key
            .rsplit_once(".html")
            .map_or(key.clone(), |(a, _)| a.to_string());
        let body = v
            .get("text")
            .and_then(|x| x.as_str())
            .filter(|s| !s.is_empty())
            .or_else(|| v.get("articleBody").and_then(|x| x.as_str()))
            .unwrap_or("");
        out.insert(key, body.to_string());
    }
    Ok(out)
}

fn basename(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_string()
}

fn stem(path: &str) -> String {
    let base = basename(path);
    base.rsplit_once('.')
        .map_or(base.clone(), |(a, _)| a.to_string())
}

/// Synthetic Russian scraped pages for a scraped-text training set; none for HTML sets.
fn augmentation(pages: &[GoldPage], ner: &Path) -> Result<Vec<GoldPage>> {
    if pages
        .first()
        .is_some_and(|p| p.raw.format == newsmill_model::Format::Text)
    {
        newsmill_extract::synthetic_scraped_pages(ner, SYNTHETIC_PAGES)
            .with_context(|| format!("reading {}", ner.display()))
    } else {
        Ok(Vec::new())
    }
}

/// How many synthetic Russian pages join the scraped-text training data.
const SYNTHETIC_PAGES: usize = 150;

/// Trains both extraction models and writes them to `out`, each from the sets of its format
/// marked for training ([`crate::loso::SETS`]); the scraped-text model also learns from the
/// synthetic Russian pages (decision 49).
pub fn train_extract(data: &Path, ner: &Path, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut sets = Vec::new();
    for set in crate::loso::SETS.iter().filter(|s| s.train) {
        let pages = crate::loso::load(data, set)?
            .with_context(|| format!("{} is not there", data.join(set.dir).display()))?;
        sets.push((set.dir, pages));
    }
    for format in [newsmill_model::Format::Html, newsmill_model::Format::Text] {
        let of_format = sets
            .iter()
            .filter(|(_, pages)| pages[0].raw.format == format);
        let names: Vec<&str> = of_format.clone().map(|(dir, _)| *dir).collect();
        let mut pages: Vec<GoldPage> = of_format.flat_map(|(_, p)| p.iter().cloned()).collect();
        let gold_pages = pages.len();
        let extra = augmentation(&pages, ner)?;
        pages.extend(extra.iter().cloned());
        let trained = Trained::train(&pages);
        let file = match format {
            newsmill_model::Format::Html => "html.model.gz",
            newsmill_model::Format::Text => "text.model.gz",
        };
        let path = out.join(file);
        let mut bytes = Vec::new();
        trained.write(&mut bytes)?;
        std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
        eprintln!(
            "{}: {gold_pages} pages + {} synthetic → {} ({} bytes)",
            names.join(", "),
            extra.len(),
            path.display(),
            bytes.len()
        );
    }
    Ok(())
}
