//! newsmill's work queue on NATS JetStream, for more than one machine.
//!
//! `queue push` publishes documents to a subject of one work-queue stream ([`Queue::push`]);
//! `worker` processes makes pull from a durable consumer of that subject, extract, annotate and
//! store what they get, and acknowledge only what the store has committed ([`work`]). Delivery
//! is at least once; the store's content ids make it exactly once in effect (a redelivered
//! document is found already stored). Bad input is acknowledged and recorded as a skip in the
//! store, so that it is counted and never comes back.
//!
//! One message is one document in the [`envelope`] layout: the page's bytes as they came, after
//! one line of JSON with what the container said about it.

use std::time::Duration;

use async_nats::jetstream::{self, consumer, stream};

pub mod envelope;
mod push;
mod worker;

pub use push::{PushSummary, Refusal};
pub use worker::{work, WorkSummary, WorkerSettings};

/// The stream every newsmill subject is stored in.
pub const STREAM: &str = "NEWSMILL";

/// The subject `queue push` and `worker` use unless told otherwise.
pub const DEFAULT_SUBJECT: &str = "newsmill.docs";

/// What can go wrong with the queue.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// The NATS server could not be reached.
    #[error("cannot reach NATS at {url}: {reason}")]
    Connect {
        /// The server's address.
        url: String,
        /// What the client said.
        reason: String,
    },
    /// A JetStream request failed (is the server running with `-js`?).
    #[error("{what}: {reason}")]
    JetStream {
        /// What was being done.
        what: &'static str,
        /// What the server or client said.
        reason: String,
    },
    /// The subject cannot carry documents.
    #[error("`{0}` is not a subject documents can be published to (letters, digits, `-`, `_` and dots between them)")]
    BadSubject(String),
    /// The store failed: the batch in hand is left unacknowledged, and comes back.
    #[error(transparent)]
    Store(#[from] newsmill_store::StoreError),
}

pub(crate) fn jetstream_error(what: &'static str) -> impl FnOnce(String) -> QueueError {
    move |reason| QueueError::JetStream { what, reason }
}

/// Result of queue operations.
pub type Result<T, E = QueueError> = std::result::Result<T, E>;

/// A connection to the JetStream server and the subject documents go through.
pub struct Queue {
    client: async_nats::Client,
    js: jetstream::Context,
    subject: String,
}

impl Queue {
    /// Connects to the server at `url` (`nats://host:port`) and makes sure the stream holds
    /// `subject`, creating the stream or adding the subject to it as needed.
    ///
    /// The stream keeps each message until a worker acknowledges it (work-queue retention), on
    /// disk, and drops a message published again within two minutes of its twin (the message
    /// id is a hash of the document).
    pub async fn connect(url: &str, subject: &str) -> Result<Queue> {
        if !valid_subject(subject) {
            return Err(QueueError::BadSubject(subject.to_owned()));
        }
        let client = async_nats::ConnectOptions::new()
            .name("newsmill")
            .connect(url)
            .await
            .map_err(|e| QueueError::Connect {
                url: url.to_owned(),
                reason: e.to_string(),
            })?;
        let js = jetstream::new(client.clone());
        let queue = Queue {
            client,
            js,
            subject: subject.to_owned(),
        };
        queue.ensure_stream().await?;
        Ok(queue)
    }

    /// The subject this queue publishes to and consumes from.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    async fn ensure_stream(&self) -> Result<()> {
        match self.js.get_stream(STREAM).await {
            Ok(mut existing) => {
                let info = existing
                    .info()
                    .await
                    .map_err(|e| jetstream_error("reading the stream")(e.to_string()))?;
                if !info.config.subjects.iter().any(|s| s == &self.subject) {
                    let mut config = info.config.clone();
                    config.subjects.push(self.subject.clone());
                    self.js
                        .update_stream(config)
                        .await
                        .map_err(|e| jetstream_error("adding the subject")(e.to_string()))?;
                }
                Ok(())
            }
            Err(e)
                if matches!(e.kind(), jetstream::context::GetStreamErrorKind::JetStream(ref j)
                    if j.error_code() == jetstream::ErrorCode::STREAM_NOT_FOUND) =>
            {
                let config = stream::Config {
                    name: STREAM.to_owned(),
                    subjects: vec![self.subject.clone()],
                    retention: stream::RetentionPolicy::WorkQueue,
                    storage: stream::StorageType::File,
                    duplicate_window: Duration::from_secs(120),
                    description: Some("newsmill documents waiting for a worker".into()),
                    ..Default::default()
                };
                match self.js.create_stream(config).await {
                    Ok(_) => Ok(()),
                    // Another process created it between our two requests.
                    Err(_) if self.js.get_stream(STREAM).await.is_ok() => Ok(()),
                    Err(e) => Err(jetstream_error("creating the stream")(e.to_string())),
                }
            }
            Err(e) => Err(jetstream_error(
                "opening the stream (is JetStream enabled, `nats-server -js`?)",
            )(e.to_string())),
        }
    }

    /// The stream, which [`Queue::connect`] made sure of.
    async fn stream(&self) -> Result<stream::Stream> {
        self.js
            .get_stream(STREAM)
            .await
            .map_err(|e| jetstream_error("opening the stream")(e.to_string()))
    }

    /// The durable consumer the workers of this subject share: explicit acks, `ack_wait` before
    /// a message held by a silent worker goes to another, no limit on deliveries (the worker
    /// decides when a message has come back too often; see [`WorkerSettings`]).
    async fn consumer(&self, ack_wait: Duration) -> Result<consumer::PullConsumer> {
        let stream = self.stream().await?;
        let name = consumer_name(&self.subject);
        let config = consumer::pull::Config {
            durable_name: Some(name.clone()),
            description: Some(format!("newsmill workers of {}", self.subject)),
            ack_policy: consumer::AckPolicy::Explicit,
            ack_wait,
            max_deliver: -1,
            filter_subject: self.subject.clone(),
            max_ack_pending: 10_000,
            ..Default::default()
        };
        // Creating with the same name updates what may be updated (the ack wait).
        match stream.create_consumer(config).await {
            Ok(c) => Ok(c),
            Err(_) => stream
                .get_consumer(&name)
                .await
                .map_err(|e| jetstream_error("opening the consumer")(e.to_string())),
        }
    }

    /// How many documents wait, and how many are with a worker unacknowledged.
    pub async fn status(&self) -> Result<QueueStatus> {
        let mut stream = self.stream().await?;
        let stored = stream
            .info()
            .await
            .map_err(|e| jetstream_error("reading the stream")(e.to_string()))?
            .state
            .messages;
        let (waiting, in_progress) = match stream
            .get_consumer::<consumer::pull::Config>(&consumer_name(&self.subject))
            .await
        {
            Ok(mut c) => {
                let info = c
                    .info()
                    .await
                    .map_err(|e| jetstream_error("reading the consumer")(e.to_string()))?;
                (info.num_pending, info.num_ack_pending as u64)
            }
            // No worker has started yet: everything of this subject waits.
            Err(_) => (stored, 0),
        };
        Ok(QueueStatus {
            stored,
            waiting,
            in_progress,
        })
    }
}

/// Counts of the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct QueueStatus {
    /// Messages in the stream, all subjects.
    pub stored: u64,
    /// Messages of this subject no worker has taken yet.
    pub waiting: u64,
    /// Messages taken by a worker and not yet acknowledged.
    pub in_progress: u64,
}

/// Dots separate tokens; wildcards and spaces are not for publishing.
fn valid_subject(subject: &str) -> bool {
    !subject.is_empty()
        && subject.split('.').all(|token| {
            !token.is_empty()
                && token
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// A durable name may not hold dots.
fn consumer_name(subject: &str) -> String {
    format!("workers_{}", subject.replace('.', "_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_for_documents_are_plain_tokens() {
        assert!(valid_subject("newsmill.docs"));
        assert!(valid_subject("desk-2.ru_news"));
        for bad in ["", "a..b", ".a", "a.", "news.*", "news.>", "a b"] {
            assert!(!valid_subject(bad), "{bad}");
        }
        assert_eq!(consumer_name("newsmill.docs"), "workers_newsmill_docs");
    }
}
