//! `newsmill queue push|status` and `newsmill worker`: the JetStream work queue's commands.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use newsmill_ingest::{Documents, ReadOptions};
use newsmill_queue::{Queue, WorkerSettings};

/// Where the queue is.
#[derive(clap::Args, Clone)]
pub struct Target {
    /// The NATS server with JetStream (`nats://host:4222`).
    #[arg(long, env = "NEWSMILL_NATS")]
    pub nats: String,
    /// The subject documents go through; workers of one subject share its documents.
    #[arg(long, default_value = newsmill_queue::DEFAULT_SUBJECT)]
    pub subject: String,
}

/// What `worker` is told.
#[derive(clap::Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub target: Target,
    /// The store: a PostgreSQL URL for several workers (a SQLite file serves one).
    #[arg(long, env = "NEWSMILL_DB")]
    pub db: PathBuf,
    /// Threads extracting and annotating (default: all cores). Run one worker per machine
    /// with all its cores, or one single-threaded worker per core.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Documents per batch: one store transaction and one round of acknowledgements.
    #[arg(long, default_value_t = 64)]
    pub batch: usize,
    /// Seconds the server waits for an acknowledgement before giving a worker's messages to
    /// another: how long a killed worker's documents are delayed.
    #[arg(long, default_value_t = 60)]
    pub ack_wait: u64,
    /// Exit after this many seconds with no work (default: wait for work until stopped).
    #[arg(long, value_parser = parse_seconds)]
    pub exit_when_idle: Option<f64>,
    /// Deliveries after which a message that keeps coming back unfinished is recorded as a
    /// skip instead of processed again.
    #[arg(long, default_value_t = 5)]
    pub max_deliveries: i64,
}

/// A number of seconds: finite and not negative.
fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s.is_finite() && s >= 0.0 => Ok(s),
        _ => Err(format!("{text:?} is not a number of seconds")),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

async fn connect(target: &Target) -> Result<Queue> {
    Queue::connect(&target.nats, &target.subject)
        .await
        .with_context(|| format!("opening the queue {} at {}", target.subject, target.nats))
}

/// `newsmill queue push`: every document under `paths`, one message each.
pub fn push(target: &Target, paths: &[PathBuf], max_doc_bytes: u64) -> Result<()> {
    runtime()?.block_on(async {
        let queue = connect(target).await?;
        let docs = Documents::new(paths, ReadOptions { max_doc_bytes });
        let started = std::time::Instant::now();
        let summary = queue
            .push(docs, |refusal| {
                tracing::warn!("not queued: {}: {}", refusal.source, refusal.reason)
            })
            .await
            .context("publishing documents")?;
        tracing::info!(
            "{} documents queued on {} in {:.1} s, {} already queued, {} refused",
            summary.published,
            target.subject,
            started.elapsed().as_secs_f64(),
            summary.duplicates,
            summary.refused
        );
        Ok(())
    })
}

/// `newsmill queue status`.
pub fn status(target: &Target, json: bool) -> Result<()> {
    let status = runtime()?.block_on(async {
        let queue = connect(target).await?;
        queue.status().await.context("reading the queue's state")
    })?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(&status)?)?;
    } else {
        writeln!(
            out,
            "waiting      {}\nin progress  {}\nin stream    {}",
            status.waiting, status.in_progress, status.stored
        )?;
    }
    Ok(())
}

/// `newsmill worker`: pulls, processes and stores until stopped (SIGTERM or Ctrl-C finish the
/// batch in hand first; a second signal exits at once) or idle for `--exit-when-idle`.
pub fn worker(args: &WorkerArgs) -> Result<()> {
    crate::run::init_threads(args.threads)?;
    let store = crate::store::open(&args.db)?;
    let pipeline =
        Arc::new(newsmill_pipeline::Pipeline::new(true).context("loading the NER model")?);
    let settings = WorkerSettings {
        batch: args.batch.max(1),
        ack_wait: Duration::from_secs(args.ack_wait.max(1)),
        exit_when_idle: args.exit_when_idle.map(Duration::from_secs_f64),
        max_deliveries: args.max_deliveries.max(1),
    };
    let stop = Arc::new(AtomicBool::new(false));
    runtime()?.block_on(async {
        let queue = connect(&args.target).await?;
        tokio::spawn(stop_on_signal(stop.clone()));
        tracing::info!(
            "worker on {} at {}, storing in {}",
            args.target.subject,
            args.target.nats,
            crate::store::describe(&args.db)
        );
        let started = std::time::Instant::now();
        // A clone: the store is dropped after the runtime has stopped, as the PostgreSQL
        // client's drop must not run inside it.
        let s = newsmill_queue::work(&queue, pipeline, store.clone(), &settings, &stop)
            .await
            .context("working the queue")?;
        let secs = started.elapsed().as_secs_f64();
        tracing::info!(
            "{} messages in {secs:.1} s: {} processed, {} skipped; {} stored in queue order, {} already stored",
            s.messages,
            s.processed,
            s.skipped,
            s.stored,
            s.existing
        );
        Ok(())
    })
}

/// Sets `stop` at the first SIGTERM or Ctrl-C; exits at the second.
async fn stop_on_signal(stop: Arc<AtomicBool>) {
    let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    else {
        return;
    };
    for _ in 0..2 {
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
        if stop.swap(true, Ordering::Relaxed) {
            tracing::warn!("second stop signal: exiting without finishing the batch");
            std::process::exit(130);
        }
        tracing::info!("stopping: finishing the batch in hand");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn idle_seconds_are_finite_and_not_negative() {
        assert_eq!(super::parse_seconds("2.5"), Ok(2.5));
        for bad in ["-1", "NaN", "inf", "soon"] {
            assert!(super::parse_seconds(bad).is_err(), "{bad}");
        }
    }
}
