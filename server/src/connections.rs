//! Serving HTTP/1.1 connections with limits, so slow or idle clients cannot
//! take the server down: a client must send a request's headers within
//! `header_timeout`, and at most `max_connections` are open at once. When
//! the limit is reached, the oldest connection that has not yet sent a
//! whole request makes room for the newcomer: a flood of clients that
//! connect and dawdle (each holding a file descriptor) then displaces only
//! itself, and the server keeps answering everyone else.
//!
//! `axum::serve` has neither limit (hyper's header timeout needs a timer it
//! does not set): 20,000 half-sent requests once exhausted the file
//! descriptors and `/healthz` stopped answering.

use crate::memory;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::AbortHandle;
use tokio::time::MissedTickBehavior;
use tower::ServiceExt;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_timeout: Duration,
    pub max_connections: usize,
}

/// How long connections in flight get to finish after the shutdown signal.
const DRAIN: Duration = Duration::from_secs(20);

/// A connection that had sent no whole request when it was last looked at.
struct Waiting {
    abort: AbortHandle,
    answered: Arc<AtomicBool>,
}

impl Waiting {
    fn may_be_evicted(&self) -> bool {
        !self.answered.load(Ordering::Relaxed) && !self.abort.is_finished()
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets the
/// requests in flight finish. The router sees each peer's address as
/// `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut waiting: VecDeque<Waiting> = VecDeque::new();
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    // Once every connection has closed, freed memory goes back to the system.
    let mut quiet = tokio::time::interval(memory::GIVE_BACK_EVERY);
    quiet.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut served_since_given_back = false;
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => {
                    served_since_given_back = true;
                    accepted
                }
                Err(e) => {
                    // Out of file descriptors or the like: wait a moment
                    // for connections to close rather than spin.
                    tracing::error!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
            _ = quiet.tick() => {
                if served_since_given_back
                    && slots.available_permits() == limits.max_connections.max(1)
                {
                    served_since_given_back = false;
                    tokio::task::spawn_blocking(memory::give_back_free_pages);
                }
                continue;
            }
        };
        let slot = match slots.clone().try_acquire_owned() {
            Ok(slot) => slot,
            Err(_) => {
                evict_oldest_waiting(&mut waiting);
                match slots.clone().acquire_owned().await {
                    Ok(slot) => slot,
                    Err(_) => break,
                }
            }
        };
        let answered = Arc::new(AtomicBool::new(false));
        let first_request = answered.clone();
        let service =
            router
                .clone()
                .map_request(move |mut request: axum::http::Request<Incoming>| {
                    first_request.store(true, Ordering::Relaxed);
                    request.extensions_mut().insert(ConnectInfo(peer));
                    request.map(Body::new)
                });
        let connection = graceful
            .watch(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)));
        let task = tokio::spawn(async move {
            let _slot = slot;
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
        if waiting.len() >= limits.max_connections {
            waiting.retain(Waiting::may_be_evicted);
        }
        waiting.push_back(Waiting {
            abort: task.abort_handle(),
            answered,
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after {DRAIN:?}; closing them");
    }
}

/// Closes the oldest connection that has not sent a whole request yet. Its
/// slot comes free once its task is dropped.
fn evict_oldest_waiting(waiting: &mut VecDeque<Waiting>) {
    while let Some(oldest) = waiting.pop_front() {
        if oldest.may_be_evicted() {
            tracing::warn!(
                "connection limit reached: closing the oldest connection that sent no request"
            );
            oldest.abort.abort();
            return;
        }
    }
}

/// 4096, or half the process's limit of open files when that is lower: the
/// database, the listener and the logs need file descriptors too.
pub fn default_max_connections() -> usize {
    const PREFERRED: usize = 4096;
    open_file_limit().map_or(PREFERRED, |limit| PREFERRED.min(limit / 2).max(16))
}

#[cfg(unix)]
fn open_file_limit() -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    ok.then(|| usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX))
}

#[cfg(not(unix))]
fn open_file_limit() -> Option<usize> {
    None
}
