//! `newsmill bench …`: single-core throughput and peak memory on real pages.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use newsmill_extract::{Extractor, GoldPage};

#[derive(Subcommand)]
pub enum BenchStage {
    /// Extraction over every page of the given gold folders, on one thread.
    Extract {
        /// Folders of pages (NAME.html or NAME.txt beside NAME.json).
        #[arg(long, default_values = ["../shared/data/extraction/dev", "../shared/data/extraction/dev-text"])]
        data: Vec<PathBuf>,
        /// Passes over the pages.
        #[arg(long, default_value_t = 5)]
        repeat: usize,
    },
    /// Annotation (tokens, morphology, entity tagger, normal forms, then quotes) over the texts
    /// of NER JSONL files, each in its `lang` (Russian when none), on one thread; also times
    /// entities alone, for the quote layer's share.
    Annotate {
        /// JSONL files with a `text` field.
        #[arg(long, num_args = 1.., default_values = ["../shared/data/ner/nerel_dev.jsonl", "../shared/data/ner/factru_dev.jsonl", "../shared/data/ner/en/conll03_en_dev.jsonl"])]
        data: Vec<PathBuf>,
        /// Passes over the texts.
        #[arg(long, default_value_t = 3)]
        repeat: usize,
    },
    /// Ingest: each stage's share on one core (read, extract, annotate, index, store), then the
    /// whole pipeline on every core into a temporary store.
    Ingest {
        /// Folders (or files) of pages.
        #[arg(long, default_values = ["../shared/data/extraction/dev", "../shared/data/extraction/dev-text", "../shared/examples"])]
        data: Vec<PathBuf>,
        /// Passes over the pages in the pipeline run (each under fresh ids).
        #[arg(long, default_value_t = 10)]
        repeat: usize,
    },
    /// Story clustering of a synthetic corpus: real texts replicated as events reported by
    /// several outlets, perturbed; time, insert latency, memory, and purity against the events.
    Stories {
        /// JSONL files with a `text` field (first line taken as the title).
        #[arg(long, default_values = ["../shared/data/ner/nerel_train.jsonl", "../shared/data/ner/nerel_dev.jsonl", "../shared/data/ner/factru_dev.jsonl"])]
        data: Vec<PathBuf>,
        /// Documents to cluster.
        #[arg(long, default_value_t = 1_000_000)]
        docs: usize,
        /// Days the events are spread over.
        #[arg(long, default_value_t = 365)]
        days: u32,
        /// Cluster this real corpus (JSONL, e.g. `../shared/data/corpus/ru_news.jsonl.gz`)
        /// instead of the synthetic one, and judge the stories against `--pairs`.
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// A pair model file (`train stories --out`) instead of the committed one.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Labelled pairs of the corpus's posts (by `url`), with `--corpus`.
        #[arg(long, num_args = 1.., default_values = ["../shared/data/stories/pairs_telegram_dev.jsonl"])]
        pairs: Vec<PathBuf>,
    },
    /// Queue workers on NATS JetStream into PostgreSQL: one worker, then two, over the same
    /// documents; docs/s and peak memory per worker.
    Cluster(crate::bench_cluster::ClusterArgs),
    /// Search latency on a store of `--docs` articles replicated from real pages with varied
    /// ids, dates and outlets (built once, then reused).
    Search {
        /// Folders (or files) of pages to replicate.
        #[arg(long, default_values = ["../shared/data/extraction/dev", "../shared/data/extraction/dev-text", "../shared/examples", "samples"])]
        data: Vec<PathBuf>,
        /// Articles in the store.
        #[arg(long, default_value_t = 100_000)]
        docs: usize,
        /// The store to build or reuse (default: a file in the temporary directory).
        #[arg(long)]
        db: Option<PathBuf>,
        /// Timed passes over the query set.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
}

pub fn run(stage: BenchStage) -> Result<()> {
    match stage {
        BenchStage::Stories {
            corpus: Some(corpus),
            pairs,
            model,
            ..
        } => crate::bench_corpus::run(&corpus, &pairs, crate::stories::pair_model(model)?),
        BenchStage::Stories {
            data,
            docs,
            days,
            model,
            ..
        } => crate::bench_stories::run(&data, docs, days, crate::stories::pair_model(model)?),
        BenchStage::Cluster(args) => crate::bench_cluster::run(&args),
        BenchStage::Ingest { data, repeat } => crate::bench_store::ingest(&data, repeat),
        BenchStage::Search {
            data,
            docs,
            db,
            rounds,
        } => crate::bench_store::search(&data, docs, db, rounds),
        BenchStage::Annotate { data, repeat } => {
            let start = Instant::now();
            let annotator = newsmill_ner::Annotator::new().context("loading the NER model")?;
            let _ = annotator.annotate("Прогрев: Дмитрий Песков в Москве.");
            let load = start.elapsed();
            for path in data {
                let docs = newsmill_ner::corpus::GoldDoc::load(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                if docs.is_empty() {
                    bail!("{}: no documents", path.display());
                }
                let chars: usize = docs.iter().map(|d| d.text.chars().count()).sum();
                let passes = repeat.max(1);
                // Entities alone, then the whole annotation (entities and quotes over the same
                // tokens): the difference is what the quote layer costs.
                let start = Instant::now();
                let mut entities = 0usize;
                for _ in 0..passes {
                    for d in &docs {
                        let lang = d.lang.as_deref().or(Some("ru"));
                        entities +=
                            std::hint::black_box(annotator.annotate_lang(&d.text, lang)).len();
                    }
                }
                let ner_secs = start.elapsed().as_secs_f64();
                let start = Instant::now();
                let mut quotes = 0usize;
                for _ in 0..passes {
                    for d in &docs {
                        let (_, q) = std::hint::black_box(newsmill_pipeline::layers(
                            &annotator,
                            &d.text,
                            d.lang.as_deref().or(Some("ru")),
                            newsmill_pipeline::ANNOTATE_LAYOUT,
                        ));
                        quotes += q.len();
                    }
                }
                let secs = start.elapsed().as_secs_f64();
                let n = (docs.len() * passes) as f64;
                println!(
                    "{}: {} docs, {:.2} M chars  one core: {:.0} docs/s  {:.2} M chars/s  ({} entities, {} quotes/pass; quotes add {:.0} % to entities alone)  peak RSS {} MB  model load {} ms",
                    path.display(),
                    docs.len(),
                    chars as f64 / 1e6,
                    n / secs,
                    chars as f64 * passes as f64 / secs / 1e6,
                    entities / passes,
                    quotes / passes,
                    (secs / ner_secs - 1.0) * 100.0,
                    peak_rss_mb().map_or("?".into(), |m| m.to_string()),
                    load.as_millis()
                );
            }
            Ok(())
        }
        BenchStage::Extract { data, repeat } => {
            let extractor = Extractor::new();
            for dir in data {
                let pages = GoldPage::load_dir(&dir)
                    .with_context(|| format!("reading {}", dir.display()))?;
                if pages.is_empty() {
                    bail!("{}: no pages", dir.display());
                }
                let bytes: usize = pages.iter().map(|p| p.raw.bytes.len()).sum();
                // One warm-up pass, then timed passes.
                for p in &pages {
                    let _ = extractor.extract(&p.raw);
                }
                let start = Instant::now();
                for _ in 0..repeat.max(1) {
                    for p in &pages {
                        let _ = std::hint::black_box(extractor.extract(&p.raw));
                    }
                }
                let secs = start.elapsed().as_secs_f64();
                let n = (pages.len() * repeat.max(1)) as f64;
                println!(
                    "{}: {} pages, {:.1} MB  one core: {:.0} pages/s  {:.1} MB/s  peak RSS {} MB",
                    dir.display(),
                    pages.len(),
                    bytes as f64 / 1e6,
                    n / secs,
                    bytes as f64 * repeat.max(1) as f64 / secs / 1e6,
                    peak_rss_mb().map_or("?".into(), |m| m.to_string())
                );
            }
            Ok(())
        }
    }
}

/// Peak resident memory of this process (VmHWM), in MB, where /proc tells it.
pub fn peak_rss_mb() -> Option<u64> {
    peak_rss_mb_of("self")
}

/// Peak resident memory (VmHWM) of process `pid` (a number, or `self`), in MB.
pub fn peak_rss_mb_of(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
