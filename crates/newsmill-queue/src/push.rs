//! `queue push`: documents to messages, published with the server's acknowledgement awaited.

use std::collections::VecDeque;
use std::fmt::Display;

use async_nats::jetstream::context::{PublishAckFuture, PublishErrorKind};
use async_nats::jetstream::message::PublishMessage;
use newsmill_model::RawDoc;

use crate::envelope::{encode, publish_id};
use crate::{jetstream_error, Queue, Result};

/// Publishes awaited at once: enough to keep the server busy, few enough that an error is
/// noticed soon.
const IN_FLIGHT: usize = 256;

/// Counts of one push.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct PushSummary {
    /// Documents the stream accepted.
    pub published: u64,
    /// Documents the stream already held (the same bytes pushed within its two-minute
    /// duplicate window).
    pub duplicates: u64,
    /// Documents not published: unreadable, or over the server's message size limit.
    pub refused: u64,
}

/// A document that was not published, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Where it came from.
    pub source: String,
    /// Why it was not published.
    pub reason: String,
}

impl Queue {
    /// Publishes every document of `docs` and waits for the stream to have stored each.
    ///
    /// A document that cannot be read, or whose message is larger than the server's
    /// `max_payload` (1 MiB unless the server's configuration raises it), is refused: it goes
    /// to `refused` and the push goes on. A server error stops the push; the documents
    /// published before it stay in the stream, and pushing the same input again adds only
    /// the rest (within the duplicate window) or adds copies the workers store once.
    pub async fn push<E: Display>(
        &self,
        docs: impl Iterator<Item = Result<RawDoc, E>>,
        mut refused: impl FnMut(Refusal),
    ) -> Result<PushSummary> {
        let max_payload = self.client.server_info().max_payload;
        let mut summary = PushSummary::default();
        let mut pending: VecDeque<PublishAckFuture> = VecDeque::with_capacity(IN_FLIGHT);
        for doc in docs {
            let doc = match doc {
                Ok(doc) => doc,
                Err(e) => {
                    summary.refused += 1;
                    refused(Refusal {
                        source: "input".into(),
                        reason: e.to_string(),
                    });
                    continue;
                }
            };
            let message = encode(&doc);
            // The id header and the protocol line take a little room beside the payload.
            if message.len() + 128 > max_payload {
                summary.refused += 1;
                refused(Refusal {
                    source: doc.origin.describe(),
                    reason: format!(
                        "{} bytes as a message, over the NATS server's limit of {max_payload} \
                         (raise `max_payload` in nats-server's configuration to queue it)",
                        message.len()
                    ),
                });
                continue;
            }
            let id = publish_id(&self.subject, &message);
            let publish = PublishMessage::build()
                .payload(message.into())
                .message_id(id);
            let ack = self
                .js
                .send_publish(self.subject.clone(), publish)
                .await
                .map_err(|e| match e.kind() {
                    PublishErrorKind::MaxPayloadExceeded => jetstream_error(
                        "publishing (message over the server's limit)",
                    )(e.to_string()),
                    _ => jetstream_error("publishing")(e.to_string()),
                })?;
            pending.push_back(ack);
            if pending.len() >= IN_FLIGHT {
                settle(pending.pop_front(), &mut summary).await?;
            }
        }
        while let Some(ack) = pending.pop_front() {
            settle(Some(ack), &mut summary).await?;
        }
        Ok(summary)
    }
}

async fn settle(ack: Option<PublishAckFuture>, summary: &mut PushSummary) -> Result<()> {
    let Some(ack) = ack else { return Ok(()) };
    let ack = ack.await.map_err(|e| {
        jetstream_error("waiting for the stream to store a document")(e.to_string())
    })?;
    if ack.duplicate {
        summary.duplicates += 1;
    } else {
        summary.published += 1;
    }
    Ok(())
}
