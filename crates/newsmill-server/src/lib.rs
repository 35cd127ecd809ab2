//! The newsmill HTTP API and web UI over any [`Store`].
//!
//! Read-only by construction: every route is a `GET`, and `newsmill serve` opens the store
//! read-only. The UI is rendered on the server (maud, which escapes every interpolated string,
//! so a hostile page cannot inject markup), works without JavaScript, and loads nothing from the
//! network: one stylesheet served from the binary. Responses carry a strict
//! `Content-Security-Policy` as a second line of defence.
//!
//! Routes: `/` (search), `/articles/{id}`, `/entities/{id}`, `/speakers/{id}`, `/stories`,
//! `/stories/{id}`; the JSON API under `/api/` (`search`, `articles/{id}`, `entities/{id}`,
//! `quotes`, `stories`, `stories/{id}`, `stats`, `openapi.json`).
mod api;
mod params;
mod ui;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use newsmill_store::{Store, StoreError};

/// Shared state of the handlers.
pub type Shared = Arc<dyn Store>;

/// What can stop the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The address could not be bound (in use, or not permitted).
    #[error("cannot listen on {addr}{hint}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
        /// What to do about it.
        hint: &'static str,
    },
    /// The server failed while running.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// The full application: UI, API and static files.
pub fn router(store: Shared) -> Router {
    Router::new()
        .route("/", get(ui::search))
        .route("/articles/{id}", get(ui::article))
        .route("/entities/{id}", get(ui::entity))
        .route("/speakers/{id}", get(ui::speaker))
        .route("/stories", get(ui::stories))
        .route("/stories/{id}", get(ui::story))
        .route("/static/style.css", get(stylesheet))
        .route("/api/search", get(api::search))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/entities/{id}", get(api::entity))
        .route("/api/quotes", get(api::quotes))
        .route("/api/stories", get(api::stories))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/stats", get(api::stats))
        .route("/api/openapi.json", get(api::openapi))
        .fallback(ui::not_found)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(store)
}

/// Binds `addr` (reporting a port in use clearly) and serves until Ctrl-C. `ready` is called
/// with the bound address (port 0 picks a free one) before the first request is accepted.
pub async fn serve(
    store: Shared,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind {
            addr,
            hint: match source.kind() {
                std::io::ErrorKind::AddrInUse => {
                    " (the port is in use: stop the other server or pass another --port)"
                }
                std::io::ErrorKind::PermissionDenied => " (choose a port above 1023)",
                _ => "",
            },
            source,
        })?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(store))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
             base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/style.css"),
    )
}

/// Runs a blocking store call off the async threads.
async fn blocking<T: Send + 'static>(
    store: &Shared,
    f: impl FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, Failure> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || f(store.as_ref()))
        .await
        .map_err(|_| Failure::internal("the request handler failed"))?
        .map_err(Failure::from)
}

/// A failed request: the status and a message for the user.
#[derive(Debug)]
pub(crate) struct Failure {
    status: StatusCode,
    message: String,
}

impl Failure {
    fn bad_request(message: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    fn not_found(message: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    fn internal(message: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.into(),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        match e {
            StoreError::BadQuery(m) => Failure::bad_request(m),
            StoreError::Locked(_) => Failure {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: e.to_string(),
            },
            e => Failure::internal(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests;
