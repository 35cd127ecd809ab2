//! `worker`: batches pulled from the queue, processed in parallel, stored, then acknowledged.
//!
//! The order is what makes the queue safe: a message is acknowledged only after the store has
//! committed its record (or its skip). A worker killed at any point leaves its unacknowledged
//! messages to come back to another worker after the ack wait; the store finds any already
//! committed ones stored, by content id.
//!
//! Records are committed to the store's staging area under their stream sequence, and stored
//! for good in sequence order up to the consumer's ack floor (every message up to it is done):
//! story placement, which reads the articles stored before, then sees what one process
//! ingesting the queue in order would see, however the workers' batches interleave.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::jetstream::{consumer::PullConsumer, Message};
use futures_util::StreamExt;
use newsmill_model::RawDoc;
use newsmill_pipeline::Pipeline;
use newsmill_store::{Indexed, Skip, Store};
use rayon::prelude::*;

use crate::envelope::{decode, message_id};
use crate::{jetstream_error, Queue, QueueError, Result};

/// How a worker pulls.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    /// Messages per batch: one store transaction and one round of acks each.
    pub batch: usize,
    /// How long the server waits for a message's ack before giving it to another worker.
    /// Longer than a batch takes, with room: a worker killed mid-batch delays its messages by
    /// this much.
    pub ack_wait: Duration,
    /// Stop after this long with nothing to do (`None`: wait for work forever).
    pub exit_when_idle: Option<Duration>,
    /// A message delivered this many times without being acknowledged is taken to crash
    /// workers (each delivery ended in a killed or failed worker): it is recorded as a skip and
    /// acknowledged instead of processed again.
    pub max_deliveries: i64,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        WorkerSettings {
            batch: 64,
            ack_wait: Duration::from_secs(60),
            exit_when_idle: None,
            max_deliveries: 5,
        }
    }
}

/// Counts of one worker's run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct WorkSummary {
    /// Messages acknowledged.
    pub messages: u64,
    /// Messages that became records (staged for storing in queue order).
    pub processed: u64,
    /// Messages recorded as skips.
    pub skipped: u64,
    /// Records this worker stored in queue order, its own and other workers'.
    pub stored: u64,
    /// Records found already stored (redeliveries, or the same article pushed twice).
    pub existing: u64,
}

/// How long one pull waits for messages: also how long a stop request waits at most before
/// the worker notices it while idle.
const PULL_WAIT: Duration = Duration::from_millis(500);

/// Pulls, processes, stores and acknowledges until `stop` is set (the batch in hand is
/// finished first) or the queue has been empty for `settings.exit_when_idle`.
///
/// Bad input (a message that is not a document, a page extraction refuses, a document that
/// panics the pipeline) is recorded in the store as a skip and acknowledged. A store or
/// server error ends the run with the batch in hand unacknowledged: it comes back.
pub async fn work(
    queue: &Queue,
    pipeline: Arc<Pipeline>,
    store: Arc<dyn Store>,
    settings: &WorkerSettings,
    stop: &AtomicBool,
) -> Result<WorkSummary> {
    let mut consumer = queue.consumer(settings.ack_wait).await?;
    let mut summary = WorkSummary::default();
    // What a worker that stopped between acknowledging and storing left staged.
    place(&mut consumer, &store)
        .await?
        .settle(&mut summary)
        .await?;
    // Storing one batch in queue order runs while the next is extracted and annotated.
    let mut placing = Placing::Idle;
    let mut idle_since = Instant::now();
    // The next batch is pulled while this one is processed.
    let mut next = pull(&consumer, settings.batch).await?;
    loop {
        let batch = std::mem::take(&mut next);
        if batch.is_empty() {
            std::mem::take(&mut placing).settle(&mut summary).await?;
            place(&mut consumer, &store)
                .await?
                .settle(&mut summary)
                .await?;
            if stop.load(Ordering::Relaxed)
                || settings
                    .exit_when_idle
                    .is_some_and(|idle| idle_since.elapsed() >= idle)
            {
                break;
            }
            next = pull(&consumer, settings.batch).await?;
            continue;
        }
        let items: Vec<Item> = batch
            .iter()
            .map(|m| Item::read(m, queue.subject(), settings.max_deliveries))
            .collect();
        let (pipeline, staging) = (pipeline.clone(), store.clone());
        let processing =
            tokio::task::spawn_blocking(move || process(&pipeline, staging.as_ref(), items));
        if !stop.load(Ordering::Relaxed) {
            next = pull(&consumer, settings.batch).await?;
        }
        let outcome = processing
            .await
            .map_err(|e| jetstream_error("processing a batch")(e.to_string()))??;
        // Confirmed acks: the ack floor read next must count them.
        futures_util::future::try_join_all(batch.iter().map(|m| m.double_ack()))
            .await
            .map_err(|e| jetstream_error("acknowledging")(e.to_string()))?;
        summary.messages += batch.len() as u64;
        summary.processed += outcome.processed;
        summary.skipped += outcome.skipped;
        tracing::info!(
            messages = batch.len(),
            processed = outcome.processed,
            skipped = outcome.skipped,
            "batch processed and acknowledged"
        );
        std::mem::take(&mut placing).settle(&mut summary).await?;
        placing = place(&mut consumer, &store).await?;
        idle_since = Instant::now();
    }
    placing.settle(&mut summary).await?;
    // Messages pulled after a stop was asked for are handed back at once, not left to the
    // ack wait.
    for message in &next {
        let _ = message
            .ack_with(async_nats::jetstream::AckKind::Nak(None))
            .await;
    }
    queue
        .client
        .flush()
        .await
        .map_err(|e| jetstream_error("flushing the acknowledgements")(e.to_string()))?;
    Ok(summary)
}

/// A store-in-queue-order step, running or not.
#[derive(Default)]
enum Placing {
    #[default]
    Idle,
    Running(tokio::task::JoinHandle<newsmill_store::Result<newsmill_store::PutSummary>>),
}

impl Placing {
    /// Waits for the step and adds what it stored to `summary`.
    async fn settle(self, summary: &mut WorkSummary) -> Result<()> {
        let Placing::Running(task) = self else {
            return Ok(());
        };
        let put = task
            .await
            .map_err(|e| jetstream_error("storing staged records")(e.to_string()))??;
        if put.stored + put.existing > 0 {
            tracing::info!(
                stored = put.stored,
                existing = put.existing,
                "stored in queue order"
            );
        }
        summary.stored += put.stored as u64;
        summary.existing += put.existing as u64;
        Ok(())
    }
}

/// Starts storing the staged records up to the consumer's ack floor, in queue order.
async fn place(consumer: &mut PullConsumer, store: &Arc<dyn Store>) -> Result<Placing> {
    let floor = consumer
        .info()
        .await
        .map_err(|e| jetstream_error("reading the consumer's ack floor")(e.to_string()))?
        .ack_floor
        .stream_sequence;
    let store = store.clone();
    Ok(Placing::Running(tokio::task::spawn_blocking(move || {
        store.place_staged(floor)
    })))
}

/// Up to `batch` messages, waiting at most [`PULL_WAIT`] for the first.
async fn pull(consumer: &PullConsumer, batch: usize) -> Result<Vec<Message>> {
    let mut messages = consumer
        .fetch()
        .max_messages(batch.max(1))
        .expires(PULL_WAIT)
        .messages()
        .await
        .map_err(|e| jetstream_error("pulling messages")(e.to_string()))?;
    let mut out = Vec::with_capacity(batch);
    while let Some(message) = messages.next().await {
        out.push(message.map_err(|e| jetstream_error("pulling messages")(e.to_string()))?);
    }
    Ok(out)
}

/// One message as the pipeline sees it.
enum Item {
    Doc {
        key: String,
        source: String,
        position: u64,
        doc: Box<RawDoc>,
    },
    Bad(Skip),
}

impl Item {
    fn read(message: &Message, subject: &str, max_deliveries: i64) -> Item {
        let key = message_id(&message.payload);
        let info = message.info().ok();
        let sequence = info.as_ref().map_or(0, |i| i.stream_sequence);
        let source = format!("{subject}#{sequence}");
        if let Some(delivered) = info.map(|i| i.delivered) {
            if delivered > max_deliveries {
                return Item::Bad(Skip {
                    key,
                    source,
                    reason: format!(
                        "delivered {delivered} times without being finished: it may crash workers"
                    ),
                });
            }
        }
        match decode(&message.payload) {
            Ok(doc) => {
                let source = format!("{source} ({})", doc.origin.describe());
                Item::Doc {
                    key,
                    source,
                    position: sequence,
                    doc: Box::new(doc),
                }
            }
            Err(e) => Item::Bad(Skip {
                key,
                source,
                reason: e.to_string(),
            }),
        }
    }
}

struct Outcome {
    processed: u64,
    skipped: u64,
}

/// Extracts and annotates in parallel, then stages the records and stores the skips.
fn process(
    pipeline: &Pipeline,
    store: &dyn Store,
    items: Vec<Item>,
) -> Result<Outcome, QueueError> {
    let results: Vec<Result<(u64, Indexed), Skip>> = items
        .into_par_iter()
        .map(|item| match item {
            Item::Bad(skip) => Err(skip),
            Item::Doc {
                key,
                source,
                position,
                doc,
            } => {
                let made = catch_unwind(AssertUnwindSafe(|| {
                    pipeline
                        .record(&doc)
                        .map(Indexed::new)
                        .map_err(|e| e.to_string())
                }))
                .unwrap_or_else(|_| Err("the pipeline failed on this document (a bug)".into()));
                made.map(|record| (position, record)).map_err(|reason| {
                    tracing::warn!("skipped {source}: {reason}");
                    Skip {
                        key,
                        source,
                        reason,
                    }
                })
            }
        })
        .collect();
    let (mut positions, mut records, mut skips) = (Vec::new(), Vec::new(), Vec::new());
    for result in results {
        match result {
            Ok((position, record)) => {
                positions.push(position);
                records.push(record);
            }
            Err(skip) => skips.push(skip),
        }
    }
    store.stage(&positions, &records)?;
    if !skips.is_empty() {
        store.record_skips(&skips)?;
    }
    Ok(Outcome {
        processed: records.len() as u64,
        skipped: skips.len() as u64,
    })
}
