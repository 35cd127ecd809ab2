//! `newsmill eval quotes` and `newsmill train quotes`.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};
use newsmill_model::Entity;
use newsmill_ner::{Annotator, Prepared};
use newsmill_nlp::token::Token;
use newsmill_quotes::gold::{self, GoldDoc};
use newsmill_quotes::score::{PredDoc, Report};
use newsmill_quotes::{Attributor, TrainDoc};
use rayon::prelude::*;

/// Scores predicted quotes (a file of records, or the committed models run over the gold texts)
/// against a gold set, printing what `quote_score.py` prints.
pub fn eval(
    gold_path: &Path,
    pred: Option<&Path>,
    texts: &Path,
    out: Option<&Path>,
    worst: usize,
) -> Result<()> {
    let mut gold = gold::load(gold_path)?;
    if gold.is_empty() {
        bail!("{}: no documents", gold_path.display());
    }
    if gold.iter().any(|d| d.text.is_none()) && pred.is_none() {
        gold::join(&mut gold, texts)?;
    }
    let predicted: HashMap<String, PredDoc> = match pred {
        Some(path) => load_pred(path)?,
        None => {
            let annotator = Annotator::new().context("loading the NER model")?;
            let records: Vec<serde_json::Value> =
                gold.par_iter().map(|d| annotate(&annotator, d)).collect();
            if let Some(path) = out {
                let mut w = BufWriter::new(
                    File::create(path).with_context(|| format!("creating {}", path.display()))?,
                );
                for r in &records {
                    serde_json::to_writer(&mut w, r)?;
                    w.write_all(b"\n")?;
                }
                w.flush()?;
            }
            records
                .into_iter()
                .map(|r| {
                    let doc: PredDoc = serde_json::from_value(r)?;
                    Ok((doc.key(), doc))
                })
                .collect::<Result<_>>()?
        }
    };
    print!("{}", Report::new(&gold, &predicted).render());
    if worst > 0 {
        print_worst(&gold, &predicted, worst);
    }
    Ok(())
}

fn annotate(annotator: &Annotator, d: &GoldDoc) -> serde_json::Value {
    let text = d.text.as_deref().unwrap_or("");
    let lang = d
        .lang
        .clone()
        .or_else(|| newsmill_nlp::guess_lang(text).map(str::to_owned));
    let (entities, quotes) = newsmill_pipeline::layers(
        annotator,
        text,
        lang.as_deref(),
        newsmill_pipeline::ANNOTATE_LAYOUT,
    );
    serde_json::json!({"id": d.id, "lang": lang, "entities": entities, "quotes": quotes})
}

fn load_pred(path: &Path) -> Result<HashMap<String, PredDoc>> {
    Ok(read_jsonl::<PredDoc>(path)?
        .into_iter()
        .map(|doc| (doc.key(), doc))
        .collect())
}

/// Every non-blank line of a JSONL file, parsed; an unreadable line fails with its place.
pub fn read_jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(&line).with_context(|| format!("{}:{}", path.display(), n + 1))?,
        );
    }
    Ok(out)
}

/// Gold quotes no prediction overlaps, and predictions no gold quote overlaps, for the
/// documents with most of them: where to look first.
fn print_worst(gold: &[GoldDoc], pred: &HashMap<String, PredDoc>, n: usize) {
    let mut rows: Vec<(usize, String)> = Vec::new();
    for g in gold {
        let text: Vec<char> = g.text.as_deref().unwrap_or("").chars().collect();
        let cut = |s: usize, e: usize| -> String {
            let s = s.min(text.len());
            let e = e.min(text.len()).max(s);
            let t: String = text[s..e].iter().collect();
            if t.chars().count() > 90 {
                format!("{}…", t.chars().take(90).collect::<String>())
            } else {
                t
            }
        };
        let pq: Vec<(usize, usize, String)> = pred
            .get(&g.id)
            .and_then(|p| p.quotes.clone())
            .unwrap_or_default()
            .iter()
            .map(|q| {
                let num = |k: &str| q.get(k).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
                let spk = q
                    .get("speaker")
                    .and_then(|s| s.get("norm"))
                    .and_then(|s| s.as_str())
                    .unwrap_or("")
                    .to_owned();
                (num("start"), num("end"), spk)
            })
            .collect();
        let overl = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        let mut lines = Vec::new();
        for q in &g.quotes {
            let hit = pq.iter().find(|p| overl((q.start, q.end), (p.0, p.1)));
            match hit {
                None => lines.push(format!("  missed   {}", cut(q.start, q.end))),
                Some(p) => {
                    let want = q.speaker.clone().unwrap_or_default();
                    let fold = newsmill_quotes::score::fold;
                    let got = fold(&p.2);
                    let right = fold(&want) == got || q.speaker_alt.iter().any(|a| fold(a) == got);
                    // Gold without a normal form is scored by span; not listed here.
                    if !right && (q.speaker.is_some() || !got.is_empty()) {
                        lines.push(format!(
                            "  speaker  {} (gold {want}, got {})",
                            cut(q.start, q.end),
                            p.2
                        ));
                    }
                }
            }
        }
        for p in &pq {
            if !g.quotes.iter().any(|q| overl((q.start, q.end), (p.0, p.1))) {
                lines.push(format!("  extra    {} ({})", cut(p.0, p.1), p.2));
            }
        }
        if !lines.is_empty() {
            rows.push((lines.len(), format!("{}:\n{}", g.id, lines.join("\n"))));
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    for (_, r) in rows.into_iter().take(n) {
        println!("{r}");
    }
}

/// A gold text with the layers the quote finder reads: tokens, sentences, entities.
struct Layers {
    tokens: Vec<Token>,
    sentences: Vec<std::ops::Range<usize>>,
    entities: Vec<Entity>,
}

fn layers_of(annotator: &Annotator, d: &GoldDoc) -> Layers {
    let text = d.text.as_deref().unwrap_or("");
    let p = Prepared::new(text);
    let entities = annotator.annotate_prepared_lang(&p, d.lang.as_deref());
    let sentences = p.sentences();
    Layers {
        tokens: p.tokens,
        sentences,
        entities,
    }
}

/// `train quotes`: trains the attribution tagger on `gold`, writes it to `out`, and scores the
/// whole finder with it on `dev`.
pub fn train(
    gold_paths: &[std::path::PathBuf],
    dev: &Path,
    epochs: usize,
    out: &Path,
) -> Result<()> {
    let annotator = Annotator::new().context("loading the NER model")?;
    let mut docs = Vec::new();
    for path in gold_paths {
        docs.extend(gold::load(path)?);
    }
    docs.retain(|d| d.text.is_some());
    if docs.is_empty() {
        bail!("no gold documents with text to train on");
    }
    let layers: Vec<Layers> = docs.par_iter().map(|d| layers_of(&annotator, d)).collect();
    let train: Vec<TrainDoc> = docs
        .iter()
        .zip(&layers)
        .map(|(d, l)| TrainDoc {
            text: d.text.as_deref().unwrap_or(""),
            tokens: &l.tokens,
            sentences: &l.sentences,
            entities: &l.entities,
            quotes: &d.quotes,
        })
        .collect();
    let (model, report) = Attributor::train(&train, epochs);
    tracing::info!(
        "trained on {} paragraphs, {} attributions ({} nested or crossing left out), {} cue words",
        report.sequences,
        report.attributions,
        report.skipped,
        report.cue_words
    );
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let model_path = out.join("en-attribution.model.gz");
    let cues_path = out.join("en-attribution.cues.txt");
    model
        .write(
            BufWriter::new(
                File::create(&model_path)
                    .with_context(|| format!("creating {}", model_path.display()))?,
            ),
            BufWriter::new(
                File::create(&cues_path)
                    .with_context(|| format!("creating {}", cues_path.display()))?,
            ),
        )
        .context("writing the model")?;
    let gold_dev = gold::load(dev)?;
    let predicted: HashMap<String, PredDoc> = gold_dev
        .par_iter()
        .map(|d| {
            let l = layers_of(&annotator, d);
            let text = d.text.as_deref().unwrap_or("");
            let quotes = newsmill_quotes::find_by(
                text,
                &l.tokens,
                &l.sentences,
                &l.entities,
                newsmill_pipeline::ANNOTATE_LAYOUT,
                Some(&model),
            );
            let record = serde_json::json!({"id": d.id, "entities": l.entities, "quotes": quotes});
            let doc: PredDoc = serde_json::from_value(record)?;
            Ok((doc.key(), doc))
        })
        .collect::<Result<_>>()?;
    println!("{}: scored with the model just trained", dev.display());
    print!("{}", Report::new(&gold_dev, &predicted).render());
    Ok(())
}
