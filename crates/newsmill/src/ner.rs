//! `newsmill train ner`, `newsmill eval ner` and `newsmill annotate`.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use newsmill_model::{Entity, EntityType, Quote};
use newsmill_ner::contexts::Contexts;
use newsmill_ner::corpus::GoldDoc;
use newsmill_ner::score::{Predicted, Report};
use newsmill_ner::train::{Settings, Trained};
use newsmill_ner::{Annotator, Scheme};
use rayon::prelude::*;
use serde::Deserialize;

/// A scheme name from the command line.
pub fn parse_scheme(name: &str) -> Result<Scheme, String> {
    Scheme::parse(name).ok_or_else(|| format!("unknown scheme {name:?} (nerel, factru)"))
}

fn load(path: &Path) -> Result<Vec<GoldDoc>> {
    GoldDoc::load(path).with_context(|| format!("reading {}", path.display()))
}

/// `train ner`: trains on the given corpora and writes `ner.model.gz`, `ner-doc.model.gz` (the
/// second pass) and `norms.tsv.gz`; scores
/// the model selection set when one is given.
pub fn train(
    train: &[PathBuf],
    dev: Option<&Path>,
    out: &Path,
    unlabelled: &[PathBuf],
    settings: Settings,
) -> Result<()> {
    let mut docs = Vec::new();
    for path in train {
        docs.extend(load(path)?);
    }
    let english = is_english(&docs);
    // English learns word contexts from running text first (the training texts and the
    // unlabelled ones); Russian has its morphology instead.
    let contexts = if english {
        let mut texts: Vec<String> = docs.iter().map(|d| d.text.clone()).collect();
        for path in unlabelled {
            texts.extend(unlabelled_texts(path)?);
        }
        let contexts = Contexts::learn(texts.iter().map(String::as_str));
        tracing::info!(
            "word contexts of {} words from {} texts",
            contexts.len(),
            texts.len()
        );
        Some(contexts)
    } else {
        None
    };
    let trained = Trained::train_with(&docs, settings, contexts.as_ref());
    tracing::info!(
        "{} documents, {} sequences, {} gold spans aligned, {} dropped; lexicon {} entries",
        docs.len(),
        trained.sequences,
        trained.alignment.aligned,
        trained.alignment.dropped,
        trained.lexicon.len()
    );
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let model_path = out.join("ner.model.gz");
    trained
        .model
        .write(create(&model_path)?)
        .with_context(|| format!("writing {}", model_path.display()))?;
    if let Some(second) = &trained.second {
        let path = out.join("ner-doc.model.gz");
        second
            .write(create(&path)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(contexts) = &contexts {
        // English names do not inflect: no normal-form lexicon to learn, word contexts instead.
        let path = out.join("contexts.tsv.gz");
        contexts
            .write(create(&path)?)
            .with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {} and {}", model_path.display(), path.display());
    } else {
        write_norms(&trained, out)?;
    }
    if let Some(dev) = dev {
        let gold = load(dev)?;
        let annotator = if english {
            // English is tagged beside the committed Russian models, by the one just trained.
            Annotator::new()
                .context("loading the committed models")?
                .with_english(
                    &trained.model,
                    trained.second.as_ref(),
                    contexts.clone().unwrap_or_default(),
                )
        } else {
            trained.annotator()
        };
        let annotator = annotator.with_scheme(GoldDoc::scheme_of(&gold));
        println!("{}:", dev.display());
        print!(
            "{}",
            Report::new(&gold, &annotate_gold(&annotator, &gold), false).render()
        );
    }
    Ok(())
}

fn to_predicted(entities: &[Entity]) -> Predicted {
    let mut out = Predicted::new();
    for e in entities {
        for m in &e.mentions {
            out.insert((m.start, m.end, e.kind), Some(e.norm.clone()));
        }
    }
    out
}

fn annotate_gold(annotator: &Annotator, gold: &[GoldDoc]) -> HashMap<String, Predicted> {
    gold.par_iter()
        .map(|d| {
            let entities = annotator.annotate_lang(&d.text, d.lang.as_deref());
            (d.id.clone(), to_predicted(&entities))
        })
        .collect()
}

/// Whether most documents of a corpus are English (their `lang`).
fn is_english(docs: &[GoldDoc]) -> bool {
    docs.iter()
        .filter(|d| d.lang.as_deref() == Some("en"))
        .count()
        * 2
        > docs.len()
}

/// Running texts of an unlabelled source: a JSONL file of `{"text"}`, or a folder of gold
/// extraction pages whose `NAME.json` holds the `articleBody`.
fn unlabelled_texts(path: &Path) -> Result<Vec<String>> {
    #[derive(Deserialize)]
    struct Text {
        text: String,
    }
    #[derive(Deserialize)]
    struct Body {
        #[serde(rename = "articleBody")]
        body: String,
    }
    if !path.is_dir() {
        let texts = crate::quotes::read_jsonl::<Text>(path)
            .with_context(|| format!("reading {}", path.display()))?;
        return Ok(texts.into_iter().map(|t| t.text).collect());
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(path)
        .with_context(|| format!("reading {}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let text = std::fs::read_to_string(&name)
            .with_context(|| format!("reading {}", name.display()))?;
        if let Ok(body) = serde_json::from_str::<Body>(&text) {
            out.push(body.body);
        }
    }
    Ok(out)
}

/// A buffered new file, with its path in the error.
fn create(path: &Path) -> Result<BufWriter<File>> {
    Ok(BufWriter::new(
        File::create(path).with_context(|| format!("creating {}", path.display()))?,
    ))
}

/// Writes the normal-form lexicon of a Russian model beside it.
fn write_norms(trained: &Trained, out: &Path) -> Result<()> {
    let norms_path = out.join("norms.tsv.gz");
    trained
        .lexicon
        .write(create(&norms_path)?)
        .with_context(|| format!("writing {}", norms_path.display()))?;
    println!(
        "wrote {} and {}",
        out.join("ner.model.gz").display(),
        norms_path.display()
    );
    Ok(())
}

/// A predicted document as the scorer accepts it: records (entities with mentions) or the gold
/// format itself.
#[derive(Deserialize)]
struct PredDoc {
    id: Option<serde_json::Value>,
    #[serde(default)]
    entities: Option<Vec<PredEntity>>,
}

#[derive(Deserialize)]
struct PredEntity {
    #[serde(rename = "type")]
    kind: Option<String>,
    norm: Option<String>,
    start: Option<usize>,
    end: Option<usize>,
    mentions: Option<Vec<PredMention>>,
}

#[derive(Deserialize)]
struct PredMention {
    start: usize,
    end: usize,
}

fn load_pred(path: &Path) -> Result<HashMap<String, Predicted>> {
    let mut out = HashMap::new();
    for doc in crate::quotes::read_jsonl::<PredDoc>(path)? {
        let id = match doc.id {
            Some(serde_json::Value::String(s)) => s,
            Some(v) => v.to_string(),
            None => "None".to_string(),
        };
        let mut pred = Predicted::new();
        for e in doc.entities.unwrap_or_default() {
            let Some(kind) = e.kind.as_deref().and_then(EntityType::parse) else {
                continue;
            };
            let spans: Vec<(usize, usize)> = match (&e.mentions, e.start, e.end) {
                (Some(ms), _, _) if !ms.is_empty() => ms.iter().map(|m| (m.start, m.end)).collect(),
                (_, Some(s), Some(end)) => vec![(s, end)],
                _ => Vec::new(),
            };
            for (s, end) in spans {
                pred.insert((s, end, kind), e.norm.clone());
            }
        }
        out.insert(id, pred);
    }
    Ok(out)
}

/// `eval ner`: scores predictions (a file, the committed model, or cross-validation folds).
pub fn eval(
    gold_path: &Path,
    pred: Option<&Path>,
    cv: Option<usize>,
    train: &[PathBuf],
    nested: bool,
    out: Option<&Path>,
    scheme: Option<Scheme>,
) -> Result<()> {
    let gold = load(gold_path)?;
    if gold.is_empty() {
        bail!("{}: no documents", gold_path.display());
    }
    let scheme = scheme.unwrap_or_else(|| GoldDoc::scheme_of(&gold));
    tracing::info!("tagging by the {scheme:?} scheme");
    let predicted = match (pred, cv) {
        (Some(p), _) => load_pred(p)?,
        (None, Some(k)) => {
            let k = k.max(2);
            let mut base = Vec::new();
            for path in train {
                if path.canonicalize().ok() != gold_path.canonicalize().ok() {
                    base.extend(load(path)?);
                }
            }
            let mut all = HashMap::new();
            for fold in 0..k {
                let mut docs = base.clone();
                docs.extend(
                    gold.iter()
                        .enumerate()
                        .filter(|(i, _)| i % k != fold)
                        .map(|(_, d)| d.clone()),
                );
                let held: Vec<GoldDoc> = gold
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % k == fold)
                    .map(|(_, d)| d.clone())
                    .collect();
                let annotator = if is_english(&docs) {
                    // Word contexts from the fold's own training texts only.
                    let contexts = Contexts::learn(docs.iter().map(|d| d.text.as_str()));
                    let trained = Trained::train_with(&docs, Settings::default(), Some(&contexts));
                    Annotator::new()
                        .context("loading the committed models")?
                        .with_english(&trained.model, trained.second.as_ref(), contexts)
                } else {
                    Trained::train(&docs, Settings::default()).annotator()
                }
                .with_scheme(scheme);
                all.extend(annotate_gold(&annotator, &held));
                tracing::info!("fold {}/{k} done", fold + 1);
            }
            all
        }
        (None, None) => annotate_gold(
            &Annotator::new()
                .context("loading the NER model")?
                .with_scheme(scheme),
            &gold,
        ),
    };
    if let Some(path) = out {
        write_predicted(path, &gold, &predicted)?;
    }
    print!("{}", Report::new(&gold, &predicted, nested).render());
    Ok(())
}

/// Writes predictions in the gold file's order, one line a document, mentions sorted.
fn write_predicted(
    path: &Path,
    gold: &[GoldDoc],
    predicted: &HashMap<String, Predicted>,
) -> Result<()> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut w = BufWriter::new(file);
    for doc in gold {
        let mut mentions: Vec<_> = predicted.get(&doc.id).into_iter().flatten().collect();
        mentions.sort_by_key(|((start, end, kind), _)| (*start, *end, kind.as_str()));
        let entities: Vec<serde_json::Value> = mentions
            .into_iter()
            .map(|((start, end, kind), norm)| {
                serde_json::json!({"type": kind.as_str(), "norm": norm, "start": start, "end": end})
            })
            .collect();
        serde_json::to_writer(
            &mut w,
            &serde_json::json!({"id": doc.id, "entities": entities}),
        )?;
        w.write_all(b"\n")?;
    }
    w.flush()
        .with_context(|| format!("writing {}", path.display()))
}

#[derive(Deserialize)]
struct AnnotateIn {
    id: Option<serde_json::Value>,
    text: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

/// One output record of `annotate`.
#[derive(serde::Serialize)]
struct AnnotateOut<'a> {
    id: &'a serde_json::Value,
    lang: Option<String>,
    text: &'a str,
    entities: Vec<Entity>,
    quotes: Vec<Quote>,
}

/// `annotate`: JSONL `{"id", "text", "lang"?}` on stdin → records on stdout, in input order; a bad
/// line is one warning on stderr and a skip.
pub fn annotate(scheme: Scheme) -> Result<(u64, u64)> {
    let annotator = Annotator::new()
        .context("loading the NER model")?
        .with_scheme(scheme);
    let stdin = io::stdin();
    let mut lines = stdin.lock().lines().enumerate();
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let (mut written, mut skipped) = (0u64, 0u64);
    loop {
        let mut chunk = Vec::with_capacity(256);
        for (n, line) in lines.by_ref() {
            match line {
                Ok(l) if l.trim().is_empty() => continue,
                Ok(l) => chunk.push((n + 1, l)),
                Err(e) => {
                    tracing::warn!("skip: line {}: {e}", n + 1);
                    skipped += 1;
                    continue;
                }
            }
            if chunk.len() == 256 {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let results: Vec<Result<String, String>> = chunk
            .into_par_iter()
            .map(|(n, line)| {
                let doc: AnnotateIn = serde_json::from_str(&line)
                    .map_err(|e| format!("line {n}: invalid JSON: {e}"))?;
                let text = doc
                    .text
                    .ok_or_else(|| format!("line {n}: no \"text\" field"))?;
                let id = doc.id.unwrap_or(serde_json::Value::Null);
                let (lang, entities, quotes) =
                    newsmill_pipeline::annotate_text(&annotator, &text, doc.lang);
                serde_json::to_string(&AnnotateOut {
                    id: &id,
                    lang,
                    text: &text,
                    entities,
                    quotes,
                })
                .map_err(|e| format!("line {n}: {e}"))
            })
            .collect();
        for r in results {
            match r {
                Ok(s) => {
                    out.write_all(s.as_bytes()).context("writing records")?;
                    out.write_all(b"\n").context("writing records")?;
                    written += 1;
                }
                Err(reason) => {
                    tracing::warn!("skip: {reason}");
                    skipped += 1;
                }
            }
        }
    }
    out.flush().context("writing records")?;
    Ok((written, skipped))
}
