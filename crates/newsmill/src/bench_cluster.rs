//! `newsmill bench cluster`: the same input through one queue worker, then two (or any list of
//! counts), each run into a fresh PostgreSQL database on its own subject; documents per second
//! and each worker's peak memory.
//!
//! Workers are started and loaded (models in memory, connected) before the documents are
//! pushed, and the clock runs from the push to the moment the store holds every document, so
//! that the figure is the steady rate of the cluster, not its start-up.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use newsmill_ingest::{Documents, ReadOptions};

/// What `bench cluster` is told.
#[derive(clap::Args)]
pub struct ClusterArgs {
    /// The NATS server with JetStream.
    #[arg(long, env = "NEWSMILL_NATS")]
    nats: String,
    /// A PostgreSQL URL whose role may create databases; each run gets a fresh database on
    /// that server (dropped afterwards unless `--keep`).
    #[arg(long, env = "NEWSMILL_DB")]
    db: String,
    /// Worker counts to run, one after the other.
    #[arg(long, value_delimiter = ',', default_values_t = [1usize, 2])]
    workers: Vec<usize>,
    /// Threads per worker (one single-threaded worker per core is the unit that scales).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Documents taken from the input (its first ones).
    #[arg(long, default_value_t = 2_000)]
    docs: usize,
    /// Keep each run's database.
    #[arg(long)]
    keep: bool,
    /// The input.
    #[arg(default_values = ["../shared/data/corpus/ru_articles/ru_articles_rt_ng.jsonl.zst"])]
    paths: Vec<PathBuf>,
}

/// One run's figures.
struct Run {
    workers: usize,
    secs: f64,
    stored: u64,
    peak_mb: Vec<u64>,
}

/// Runs the bench and prints a table.
pub fn run(args: &ClusterArgs) -> Result<()> {
    if args.workers.is_empty() || args.workers.contains(&0) {
        bail!("--workers takes counts of one or more");
    }
    let exe = std::env::current_exe().context("finding the newsmill binary")?;
    let docs: Vec<_> = Documents::new(&args.paths, ReadOptions::default())
        .filter_map(Result::ok)
        .take(args.docs)
        .collect();
    if docs.is_empty() {
        bail!("no documents in the input");
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut runs = Vec::new();
    for &n in &args.workers {
        let tag = format!("bench_cluster_{}_{n}", std::process::id());
        let db = newsmill_store_pg::create_database(&args.db, &tag, true)
            .with_context(|| format!("creating database {tag}"))?;
        let subject = format!("newsmill.bench.{tag}");
        // The stream and subject exist before the workers subscribe.
        let queue = rt.block_on(newsmill_queue::Queue::connect(&args.nats, &subject))?;
        let mut workers: Vec<Child> = (0..n)
            .map(|_| {
                Command::new(&exe)
                    .args(["worker", "--nats", &args.nats, "--subject", &subject])
                    .args(["--db", &db, "--threads", &args.threads.to_string()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .context("starting a worker")
            })
            .collect::<Result<_>>()?;
        for w in &mut workers {
            wait_ready(w)?;
        }
        let store = newsmill_store_pg::PgStore::connect(&db)?;
        let started = Instant::now();
        let pushed = rt.block_on(queue.push(
            docs.iter().cloned().map(Ok::<_, std::convert::Infallible>),
            |r| tracing::warn!("not queued: {}: {}", r.source, r.reason),
        ))?;
        // Done when the queue is drained and nothing waits in the staging area (the same
        // article twice in the input is stored once, so counting articles would not tell).
        let mut peak = vec![0u64; n];
        let stats = loop {
            use newsmill_store::Store;
            for (p, w) in peak.iter_mut().zip(&workers) {
                *p = (*p).max(crate::bench::peak_rss_mb_of(&w.id().to_string()).unwrap_or(0));
            }
            let status = rt.block_on(queue.status())?;
            if status.waiting == 0 && status.in_progress == 0 {
                let s = store.stats()?;
                if s.staged == 0 {
                    break s;
                }
            }
            if started.elapsed() > Duration::from_secs(3_600) {
                bail!("the workers did not finish in an hour");
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        let stored = stats.documents;
        if pushed.published != stats.documents + stats.skipped {
            tracing::info!(
                "{} published, {} stored, {} skipped: the rest were copies of stored articles",
                pushed.published,
                stats.documents,
                stats.skipped
            );
        }
        let secs = started.elapsed().as_secs_f64();
        for w in &mut workers {
            let _ = Command::new("kill")
                .args(["-TERM", &w.id().to_string()])
                .status();
        }
        for w in &mut workers {
            let _ = w.wait();
        }
        drop(store);
        if !args.keep {
            newsmill_store_pg::drop_database(&args.db, &tag)?;
        }
        eprintln!("{n} worker(s): {stored} documents in {secs:.1} s");
        runs.push(Run {
            workers: n,
            secs,
            stored,
            peak_mb: peak,
        });
    }
    let serial = write_path(args, &docs)?;
    println!(
        "{} documents from {}, {} thread(s) per worker, this machine: {} cores",
        docs.len(),
        args.paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        args.threads,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "| workers | stored | seconds | docs/s | × one worker | peak memory per worker (MB) |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    let base = runs.first().map(|r| r.stored as f64 / r.secs);
    for r in &runs {
        let rate = r.stored as f64 / r.secs;
        println!(
            "| {} | {} | {:.1} | {:.1} | {:.2} | {} |",
            r.workers,
            r.stored,
            r.secs,
            rate,
            base.map_or(1.0, |b| rate / b),
            r.peak_mb
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    println!(
        "serial write path (storing in queue order under the store's lock, PostgreSQL on this \
         machine): {serial:.0} articles/s"
    );
    Ok(())
}

/// Articles per second the store's serial write path takes: the documents are processed in
/// this process first, staged, then stored in one `place_staged` call, timed alone.
fn write_path(args: &ClusterArgs, docs: &[newsmill_model::RawDoc]) -> Result<f64> {
    use newsmill_store::Store;
    use rayon::prelude::*;
    let pipeline = newsmill_pipeline::Pipeline::new(true)?;
    let indexed: Vec<newsmill_store::Indexed> = docs
        .par_iter()
        .filter_map(|d| pipeline.record(d).ok())
        .map(newsmill_store::Indexed::new)
        .collect();
    let tag = format!("bench_cluster_{}_write", std::process::id());
    let db = newsmill_store_pg::create_database(&args.db, &tag, true)?;
    let store = newsmill_store_pg::PgStore::connect(&db)?;
    let positions: Vec<u64> = (1..=indexed.len() as u64).collect();
    for (p, d) in positions.chunks(256).zip(indexed.chunks(256)) {
        store.stage(p, d)?;
    }
    let started = Instant::now();
    let put = store.place_staged(indexed.len() as u64)?;
    let secs = started.elapsed().as_secs_f64();
    drop(store);
    if !args.keep {
        newsmill_store_pg::drop_database(&args.db, &tag)?;
    }
    Ok((put.stored + put.existing) as f64 / secs.max(1e-9))
}

/// Reads a worker's log until it says it is working (models loaded, queue and store open);
/// the rest of its log is drained on a thread so that it never blocks on a full pipe.
fn wait_ready(worker: &mut Child) -> Result<()> {
    let stderr = worker.stderr.take().context("worker log")?;
    let mut lines = BufReader::new(stderr).lines();
    for line in lines.by_ref() {
        let line = line?;
        if line.contains("worker on ") {
            std::thread::spawn(move || lines.for_each(drop));
            return Ok(());
        }
    }
    bail!("a worker exited before it was ready")
}
