//! The `newsmill` command line: thin wiring of the library crates.

mod bench;
mod bench_cluster;
mod bench_corpus;
mod bench_store;
mod bench_stories;
mod eval;
mod loso;
mod meta_eval;
mod ner;
mod queue;
mod quotes;
mod run;
mod store;
mod stories;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// mimalloc rather than the system allocator: extraction, annotation and indexing allocate many
/// small strings and vectors per page, and glibc's malloc/free took a tenth of ingest time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// newsmill: raw news pages to clean articles and structured facts.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The pages a batch command reads and how.
#[derive(clap::Args)]
struct Input {
    /// Files or directories to read; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Skip documents larger than this many bytes.
    #[arg(long, default_value_t = 32 << 20)]
    max_doc_bytes: u64,
}

#[derive(Subcommand)]
enum QueueAction {
    /// Publish documents (the inputs `ingest` reads) for workers, one message each.
    Push {
        #[command(flatten)]
        target: queue::Target,
        /// Files or directories to read; `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Skip documents larger than this many bytes.
        #[arg(long, default_value_t = 32 << 20)]
        max_doc_bytes: u64,
    },
    /// How many documents wait and how many are with workers.
    Status {
        #[command(flatten)]
        target: queue::Target,
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum Command {
    /// Extract articles from pages (HTML, scraped text, WARC, RSS/Atom, JSONL, directories,
    /// `-` for stdin) and write one JSON record per document on stdout.
    Extract {
        #[command(flatten)]
        input: Input,
        /// The clean article and its metadata only: no entities or quotes, and the entity
        /// models are not loaded (a faster start and half the memory).
        #[arg(long)]
        no_annotate: bool,
    },
    /// Annotate texts: JSONL `{"id", "text", "lang"?}` on stdin → records with entities (and quotes)
    /// over exactly that text on stdout.
    Annotate {
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Entity span conventions: `nerel` (bare names, place adjectives tagged) or `factru`
        /// (organisations with their descriptor, `партии «Яблоко`; no adjectives).
        #[arg(long, default_value = "nerel", value_parser = ner::parse_scheme)]
        scheme: newsmill_ner::Scheme,
    },
    /// Extract, annotate and store pages in the database (created when missing). Idempotent:
    /// a document already stored is left as it is, so a rerun after a crash stores the rest.
    Ingest {
        /// The store: a SQLite file, or a PostgreSQL URL (`postgres://user@host:port/db`).
        #[arg(long, env = "NEWSMILL_DB")]
        db: PathBuf,
        #[command(flatten)]
        input: Input,
        /// Documents per transaction: a killed run loses at most the batch in flight (which a
        /// rerun stores).
        #[arg(long, default_value_t = run::CHUNK)]
        batch: usize,
    },
    /// Search the store: words match any inflected form (Степанакерт finds Степанакерте).
    Search {
        /// The store: a SQLite file, or a PostgreSQL URL (`postgres://user@host:port/db`).
        #[arg(long, env = "NEWSMILL_DB")]
        db: PathBuf,
        /// One JSON object per hit (id, title, published, outlet, lang, snippet).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        filters: store::Filters,
        /// The words to find (all must occur); none lists the newest articles.
        words: Vec<String>,
    },
    /// The work queue on NATS JetStream, for workers on several machines.
    Queue {
        #[command(subcommand)]
        action: QueueAction,
    },
    /// Take documents from the queue, extract, annotate and store them (in a PostgreSQL store
    /// that other workers share), acknowledging each once stored. SIGTERM finishes the batch in
    /// hand and exits.
    Worker(queue::WorkerArgs),
    /// Count what the store holds.
    Stats {
        /// The store: a SQLite file, or a PostgreSQL URL (`postgres://user@host:port/db`).
        #[arg(long, env = "NEWSMILL_DB")]
        db: PathBuf,
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Write one flat table of the store (articles, entities, mentions, quotes or stories) as
    /// JSON lines, CSV or Parquet for pandas, polars and DuckDB; streamed, so memory stays
    /// flat whatever the store's size.
    Export {
        /// The store: a SQLite file, or a PostgreSQL URL (`postgres://user@host:port/db`).
        #[arg(long, env = "NEWSMILL_DB")]
        db: PathBuf,
        /// The table.
        #[arg(long, value_parser = ["articles", "entities", "mentions", "quotes", "stories"])]
        what: String,
        /// The file format.
        #[arg(long, value_parser = ["jsonl", "csv", "parquet"])]
        format: String,
        /// The file to write (written whole or not at all), or `-` for stdout.
        out: PathBuf,
    },
    /// List the stories of the store (articles reporting one event), largest first; with
    /// `--id`, one story: its articles in time order, who copied whom and what each changed.
    Stories {
        /// The store: a SQLite file, or a PostgreSQL URL (`postgres://user@host:port/db`).
        #[arg(long, env = "NEWSMILL_DB")]
        db: PathBuf,
        /// One JSON object per story (or the whole story with `--id`).
        #[arg(long)]
        json: bool,
        /// Show this story.
        #[arg(long)]
        id: Option<i64>,
        /// Only stories with at least this many articles.
        #[arg(long, default_value_t = 2)]
        min: usize,
        /// Stories to print.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Stories to skip.
        #[arg(long, default_value_t = 0)]
        offset: usize,
    },
    /// Serve the web UI and the JSON API over a store (read-only).
    Serve {
        /// The store: a SQLite file, or a PostgreSQL URL (`postgres://user@host:port/db`).
        #[arg(long, env = "NEWSMILL_DB")]
        db: PathBuf,
        /// Port to listen on.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on (loopback by default: the UI has no authentication).
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
    },
    /// Ingest the bundled sample pages (or PATHs) into a database in your data directory (or
    /// --db), then serve it and print the URL.
    Demo {
        /// The store: a SQLite file (default: newsmill/demo.db in the user's data directory) or
        /// a PostgreSQL URL.
        #[arg(long, env = "NEWSMILL_DB")]
        db: Option<PathBuf>,
        /// Port to listen on (a free one is taken when it is in use).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Pages to ingest instead of the bundled samples.
        paths: Vec<PathBuf>,
    },
    /// Show every block of one page with its probability of being article text.
    Explain {
        /// The page (HTML or scraped text).
        path: PathBuf,
        /// Use the models in this folder (as `train extract --out` writes them) instead of the
        /// committed ones.
        #[arg(long)]
        models: Option<PathBuf>,
    },
    /// Score a stage against a gold set, with the metrics of shared/tools.
    Eval {
        #[command(subcommand)]
        stage: eval::EvalStage,
    },
    /// Rebuild a model file from the development data.
    Train {
        #[command(subcommand)]
        stage: TrainStage,
    },
    /// Measure throughput and peak memory of a stage on one core.
    Bench {
        #[command(subcommand)]
        stage: bench::BenchStage,
    },
}

#[derive(Subcommand)]
enum TrainStage {
    /// Train the HTML block classifier (from `dev`) and the scraped-text line classifier (from
    /// `dev-text`, `short/telegram-dev`, `short/articles-dev` and synthetic Russian pages).
    Extract {
        /// The extraction data folder holding those sets.
        #[arg(long, default_value = "../shared/data/extraction")]
        data: PathBuf,
        /// NER corpus whose Russian texts become synthetic scraped-text training pages.
        #[arg(long, default_value = "../shared/data/ner/nerel_train.jsonl")]
        ner: PathBuf,
        /// Where to write `html.model.gz` and `text.model.gz`.
        #[arg(long, default_value = "crates/newsmill-extract/models")]
        out: PathBuf,
    },
    /// Train the same-story pair model on labelled pairs.
    Stories {
        /// Labelled pairs (`same_story`), one or more files, each profiled on its own. The
        /// committed model learns from tgcontest's article pairs and the Telegram post pairs
        /// (decision 57).
        #[arg(
            long,
            num_args = 1..,
            default_values = [
                "../shared/data/stories/pairs_dev.jsonl",
                "../shared/data/stories/pairs_telegram_dev.jsonl"
            ]
        )]
        gold: Vec<PathBuf>,
        /// Where to write the model.
        #[arg(long, default_value = "crates/newsmill-stories/models/pairs.json")]
        out: PathBuf,
    },
    /// Train the English attribution tagger (source, cue and content spans) and score it on a
    /// held-out set.
    Quotes {
        /// Gold quote sets with cue and source spans.
        #[arg(long, num_args = 1.., default_values = ["../shared/data/quotes/polnear_en_train.jsonl"])]
        gold: Vec<PathBuf>,
        /// Model-selection set, scored after training.
        #[arg(long, default_value = "../shared/data/quotes/polnear_en_val.jsonl")]
        dev: PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = 8)]
        epochs: usize,
        /// Where to write `en-attribution.model.gz` and `en-attribution.cues.txt`.
        #[arg(long, default_value = "crates/newsmill-quotes/models")]
        out: PathBuf,
    },
    /// Train the entity tagger and the normal-form lexicon.
    Ner {
        /// Training corpora (NER JSONL).
        #[arg(long, default_values = ["../shared/data/ner/nerel_train.jsonl", "../shared/data/ner/factru_dev.jsonl"])]
        train: Vec<PathBuf>,
        /// Model-selection set, scored after training.
        #[arg(long, default_value = "../shared/data/ner/nerel_dev.jsonl")]
        dev: PathBuf,
        /// Where to write `ner.model.gz`, `ner-doc.model.gz` (the second pass) and `norms.tsv.gz`.
        #[arg(long, default_value = "crates/newsmill-ner/models")]
        out: PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = newsmill_ner::train::Settings::default().epochs)]
        epochs: usize,
        /// Train a CRF (AdaGrad on the log-likelihood) instead of the averaged perceptron.
        #[arg(long)]
        crf: bool,
        /// For an English model: unlabelled texts whose word contexts become features
        /// (`contexts.tsv.gz`), besides the training texts themselves. JSONL files with `text`,
        /// or folders of extraction gold pages (their `articleBody`).
        #[arg(long, default_values = [
            "../shared/data/quotes/polnear_en_train.jsonl",
            "../shared/data/quotes/polnear_en_val.jsonl",
            "../shared/data/extraction/dev",
            "../shared/data/extraction/train-wcxb-article",
            "../shared/data/extraction/train-cleaneval",
            "../shared/data/extraction/train-cleanportaleval",
            "../shared/data/extraction/train-readability-tests",
        ])]
        unlabelled: Vec<PathBuf>,
        /// CRF step size (AdaGrad).
        #[arg(long, default_value_t = newsmill_ner::train::Settings::default().rate)]
        rate: f32,
        /// CRF weight decay per update.
        #[arg(long, default_value_t = newsmill_ner::train::Settings::default().l2)]
        l2: f32,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("NEWSMILL_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,async_nats=warn")),
        )
        .init();
    match real_main() {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`newsmill export … - | head`) is not a failure.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("newsmill: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn real_main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract { input, no_annotate } => {
            run::init_threads(input.threads)?;
            let summary = run::extract(&input.paths, input.max_doc_bytes, !no_annotate)?;
            tracing::info!(
                "{} documents written, {} skipped",
                summary.written,
                summary.skipped
            );
            Ok(())
        }
        Command::Annotate { threads, scheme } => {
            run::init_threads(threads)?;
            let (written, skipped) = ner::annotate(scheme)?;
            tracing::info!("{written} documents written, {skipped} skipped");
            Ok(())
        }
        Command::Ingest { db, input, batch } => {
            run::init_threads(input.threads)?;
            store::ingest(&db, &input.paths, input.max_doc_bytes, batch)
        }
        Command::Search {
            db,
            json,
            filters,
            words,
        } => store::search(&db, &words, filters, json),
        Command::Stats { db, json } => store::stats(&db, json),
        Command::Queue {
            action:
                QueueAction::Push {
                    target,
                    paths,
                    max_doc_bytes,
                },
        } => queue::push(&target, &paths, max_doc_bytes),
        Command::Queue {
            action: QueueAction::Status { target, json },
        } => queue::status(&target, json),
        Command::Worker(args) => queue::worker(&args),
        Command::Export {
            db,
            what,
            format,
            out,
        } => store::export(&db, &what, &format, &out),
        Command::Stories {
            db,
            json,
            id,
            min,
            limit,
            offset,
        } => match id {
            Some(id) => stories::show(&db, id, json),
            None => stories::list(
                &db,
                &newsmill_store::StoryQuery {
                    min_articles: min.max(1),
                    offset,
                    limit,
                },
                json,
            ),
        },
        Command::Serve { db, port, host } => store::serve(&db, host, port),
        Command::Demo { db, port, paths } => store::demo(db, paths, port),
        Command::Explain { path, models } => run::explain(&path, models.as_deref()),
        Command::Eval { stage } => eval::run(stage),
        Command::Train {
            stage: TrainStage::Extract { data, ner, out },
        } => eval::train_extract(&data, &ner, &out),
        Command::Train {
            stage: TrainStage::Stories { gold, out },
        } => stories::train(&gold, &out),
        Command::Train {
            stage:
                TrainStage::Quotes {
                    gold,
                    dev,
                    epochs,
                    out,
                },
        } => quotes::train(&gold, &dev, epochs, &out),
        Command::Train {
            stage:
                TrainStage::Ner {
                    train,
                    dev,
                    out,
                    epochs,
                    crf,
                    rate,
                    l2,
                    unlabelled,
                },
        } => ner::train(
            &train,
            Some(&dev),
            &out,
            &unlabelled,
            newsmill_ner::train::Settings {
                epochs,
                crf,
                rate,
                l2,
                ..Default::default()
            },
        ),
        Command::Bench { stage } => bench::run(stage),
    }
}
