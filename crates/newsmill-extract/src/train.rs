//! Training the block classifiers from pages with their true article text.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::Path;

use newsmill_model::{Format, Origin, RawDoc};

use crate::classifier::{self, Classifier, PageExamples, PageFeatures};
use crate::score::tokens;
use crate::Extractor;

/// A page with its true article body: one item of a gold set such as
/// `shared/data/extraction/dev` (`NAME.html` or `NAME.txt` beside `NAME.json`).
#[derive(Debug, Clone)]
pub struct GoldPage {
    /// `NAME`, the file stem.
    pub name: String,
    /// The page as a raw document.
    pub raw: RawDoc,
    /// The true body (`articleBody`).
    pub gold: String,
}

impl GoldPage {
    /// Loads every `NAME.json` of `dir` with its page (`NAME.html`, else `NAME.htm`, else
    /// `NAME.txt`), sorted by name. Pages whose JSON is unreadable are an error.
    pub fn load_dir(dir: &Path) -> io::Result<Vec<GoldPage>> {
        let mut names: Vec<String> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                e.file_name()
                    .to_str()
                    .and_then(|n| n.strip_suffix(".json"))
                    .map(str::to_owned)
            })
            .collect();
        names.sort();
        let mut pages = Vec::with_capacity(names.len());
        for name in names {
            let json: serde_json::Value = serde_json::from_slice(&std::fs::read(
                dir.join(format!("{name}.json")),
            )?)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{name}.json: {e}")))?;
            let gold = json
                .get("articleBody")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            let url = json.get("url").and_then(|v| v.as_str()).map(str::to_owned);
            let (path, format) = [
                ("html", Format::Html),
                ("htm", Format::Html),
                ("txt", Format::Text),
            ]
            .into_iter()
            .map(|(ext, f)| (dir.join(format!("{name}.{ext}")), f))
            .find(|(p, _)| p.exists())
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("{name}: no .html or .txt page"),
                )
            })?;
            let origin = Origin {
                path: Some(path.to_string_lossy().into_owned()),
                ..Origin::default()
            };
            let mut raw = RawDoc::new(origin, format, std::fs::read(&path)?);
            raw.url = url;
            pages.push(GoldPage { name, raw, gold });
        }
        Ok(pages)
    }

    /// Training examples: a block is body when most of its 4-token shingles (or, for a block
    /// under four tokens, its whole token sequence) occur in the gold body. Long blocks weigh
    /// more, as they do in the metric.
    fn examples(&self) -> PageExamples {
        let gold_tokens = tokens(&self.gold);
        let gold_shingles: HashSet<&[&str]> = gold_tokens.windows(4).collect();
        let gold_joined = format!(" {} ", gold_tokens.join(" "));
        let blocks = crate::extract::blocks_of(&self.raw);
        let mut labels = Vec::with_capacity(blocks.len());
        let mut weights = Vec::with_capacity(blocks.len());
        for block in &blocks {
            let bt = tokens(&block.text);
            let label = if bt.len() >= 4 {
                let hits = bt.windows(4).filter(|w| gold_shingles.contains(w)).count();
                hits * 2 >= bt.len() - 3
            } else {
                !bt.is_empty() && gold_joined.contains(&format!(" {} ", bt.join(" ")))
            };
            labels.push(label);
            weights.push((1.0 + bt.len() as f32).sqrt());
        }
        PageExamples {
            feats: PageFeatures::new(&blocks),
            labels,
            weights,
        }
    }
}

/// A trained block classifier, ready to be written as a model file.
#[derive(Debug, Clone)]
pub struct Trained {
    model: Classifier,
    format: Format,
}

impl Trained {
    /// Trains the classifier for the format of `pages` (all of one format).
    pub fn train(pages: &[GoldPage]) -> Trained {
        Trained::train_seeded(pages, 0)
    }

    /// [`Trained::train`] with the examples visited in another order: the committed models
    /// use seed 0; other seeds show how much a figure owes to the order alone.
    pub fn train_seeded(pages: &[GoldPage], seed: u64) -> Trained {
        let format = pages.first().map_or(Format::Html, |p| p.raw.format);
        let examples: Vec<PageExamples> = pages
            .iter()
            .filter(|p| p.raw.format == format)
            .map(GoldPage::examples)
            .collect();
        Trained {
            model: classifier::train(&examples, seed),
            format,
        }
    }

    /// Writes the model file: both passes, each a linear model and its trees, gzip-compressed.
    pub fn write(&self, out: impl Write) -> io::Result<()> {
        self.model.write(out)
    }

    /// The committed extractor with this model in place of the one for its format.
    pub fn extractor(&self) -> Extractor {
        let base = Extractor::new();
        let (html, text) = base.models();
        match self.format {
            Format::Html => Extractor::with_models(self.model.clone(), text.clone()),
            Format::Text => Extractor::with_models(html.clone(), self.model.clone()),
        }
    }

    /// K-fold cross-validation: each page extracted by a model trained on the other folds
    /// (page `i` is in fold `i % k`). Returns the predicted bodies in page order.
    /// Pages in `extra` join every fold's training data and are never scored. `seed` is the
    /// training seed ([`Trained::train_seeded`]).
    pub fn cross_validate(
        pages: &[GoldPage],
        k: usize,
        extra: &[GoldPage],
        seed: u64,
    ) -> Vec<String> {
        let k = k.max(2);
        let mut out = vec![String::new(); pages.len()];
        for fold in 0..k {
            let train: Vec<GoldPage> = pages
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k != fold)
                .map(|(_, p)| p.clone())
                .chain(extra.iter().cloned())
                .collect();
            let extractor = Trained::train_seeded(&train, seed).extractor();
            for (i, page) in pages.iter().enumerate().filter(|(i, _)| i % k == fold) {
                out[i] = extractor
                    .extract(&page.raw)
                    .map(|a| a.text())
                    .unwrap_or_default();
            }
        }
        out
    }
}
