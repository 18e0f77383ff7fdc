//! The connection loop: HTTP/1.1 over hyper with the limits `axum::serve` does not have.
//!
//! - **header timeout**: a connection must send its request's header within
//!   [`Limits::header_timeout`] of its accept (or, on a kept-alive connection, of the next
//!   request's first byte); otherwise it is closed without an answer;
//! - **body timeout**: the body must arrive within [`Limits::body_timeout`] of the header's end.
//!   A read past it fails with [`BodyTimeout`]; the handler answers 408 and the connection is
//!   closed (a body nobody reads is not waited for: hyper closes the connection after the
//!   answer);
//! - **idle timeout**: a kept-alive connection with no request under way is closed after
//!   [`Limits::idle_timeout`];
//! - **connection limit**: at most [`Limits::max_connections`] at once. One more is accepted,
//!   answered `503` with `Retry-After: 1` and `Connection: close`, and closed: refused at
//!   once rather than queued, so a flood never holds descriptors or memory it cannot use;
//! - **graceful shutdown with a deadline**: on shutdown the listener closes, idle
//!   connections close, requests under way get [`Limits::shutdown_timeout`] to finish, and
//!   then every connection still open is cut.
//!
//! Each connection has a watchdog that knows its phase (waiting for a header, handling a
//! request, idle) from its reads and from the service, and closes it when the phase's time
//! runs out.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::Request;
use axum::Router;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify, Semaphore};
use tokio::task::JoinSet;
use tokio::time::{sleep_until, Instant, Sleep};
use tower::Service;

use crate::config::Limits;
use crate::fault::DropConnection;
use crate::StartError;

/// Largest request head (request line and headers) read; hyper answers 431 past it.
pub const MAX_HEAD_BYTES: usize = 32 * 1024;

/// The error a request body's read gives once the body timeout has passed.
#[derive(Debug)]
pub struct BodyTimeout(pub Duration);

impl std::fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the body did not arrive within {:?}", self.0)
    }
}

impl std::error::Error for BodyTimeout {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Waiting for (the rest of) a request's header.
    Header,
    /// A request is being handled or answered: the body timeout covers its body.
    Busy,
    /// Kept alive between requests.
    Idle,
}

/// A connection's phase and when it began; the watchdog sleeps on `changed`.
struct Activity {
    phase: Mutex<(Phase, Instant)>,
    changed: Notify,
}

impl Activity {
    fn get(&self) -> (Phase, Instant) {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set(&self, phase: Phase) {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner()) = (phase, Instant::now());
        self.changed.notify_waiters();
    }

    /// A byte arrived: an idle connection starts a request's header.
    fn on_read(&self) {
        let mut p = self.phase.lock().unwrap_or_else(|e| e.into_inner());
        if p.0 == Phase::Idle {
            *p = (Phase::Header, Instant::now());
            drop(p);
            self.changed.notify_waiters();
        }
    }

    /// Completes when the current phase has outlived its limit.
    async fn expired(&self, limits: &Limits) {
        loop {
            let changed = self.changed.notified();
            let (phase, since) = self.get();
            let limit = match phase {
                Phase::Header => limits.header_timeout,
                Phase::Idle => limits.idle_timeout,
                Phase::Busy => {
                    changed.await;
                    continue;
                }
            };
            let deadline = since + limit;
            if Instant::now() >= deadline {
                return;
            }
            tokio::select! {
                _ = sleep_until(deadline) => {}
                _ = changed => {}
            }
        }
    }
}

/// The socket, telling the watchdog when bytes arrive.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.on_read();
        }
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// A request body that fails with [`BodyTimeout`] once its deadline passes.
struct DeadlineBody {
    inner: Incoming,
    deadline: Pin<Box<Sleep>>,
    limit: Duration,
}

impl HttpBody for DeadlineBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(frame) => Poll::Ready(frame.map(|r| r.map_err(Into::into))),
            Poll::Pending => match self.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimeout(self.limit))))),
                Poll::Pending => Poll::Pending,
            },
        }
    }
    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }
    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The answer's body; when hyper is done with it the connection is idle again.
struct Tracked {
    inner: Body,
    activity: Arc<Activity>,
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }
    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }
    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.activity.set(Phase::Idle);
    }
}

/// The bytes of the 503 an over-the-limit connection gets.
fn refusal(max: usize) -> Vec<u8> {
    let err = crate::error::ApiError::internal(format!(
        "The server has {max} connections open, its limit: retry in a moment."
    ))
    .with_status(axum::http::StatusCode::SERVICE_UNAVAILABLE);
    let mut body = *err.body;
    let trace = crate::ids::trace_id();
    body.trace_id = Some(trace.clone());
    let json = serde_json::to_string(&body).unwrap_or_default();
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncache-control: no-store\r\nretry-after: 1\r\nconnection: close\r\nx-trace-id: {trace}\r\ncontent-length: {}\r\n\r\n{json}",
        json.len()
    )
    .into_bytes()
}

/// Answers an over-the-limit connection, then reads (and drops) what it sent for a moment so
/// that closing does not reset the connection before the client has read the 503.
async fn refuse(mut stream: TcpStream, answer: Arc<Vec<u8>>) {
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(&answer).await?;
        stream.shutdown().await?;
        let mut sink = [0u8; 4096];
        loop {
            stream.readable().await?;
            match stream.try_read(&mut sink) {
                Ok(0) => return Ok::<(), io::Error>(()),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
    })
    .await;
}

/// Serves one connection until it ends, its phase times out, or shutdown's deadline.
async fn connection(
    stream: TcpStream,
    app: Router,
    limits: Limits,
    mut shutdown: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity {
        phase: Mutex::new((Phase::Header, Instant::now())),
        changed: Notify::new(),
    });
    let io = TokioIo::new(Watched {
        stream,
        activity: activity.clone(),
    });
    let a = activity.clone();
    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
        a.set(Phase::Busy);
        let limit = limits.body_timeout;
        let req = req.map(|inner| {
            Body::new(DeadlineBody {
                inner,
                deadline: Box::pin(tokio::time::sleep(limit)),
                limit,
            })
        });
        let mut app = app.clone();
        let a = a.clone();
        async move {
            let res = match app.call(req).await {
                Ok(res) => res,
                Err(never) => match never {},
            };
            if res.extensions().get::<DropConnection>().is_some() {
                // A fault asked for it: hyper closes the connection without an answer.
                a.set(Phase::Idle);
                return Err(io::Error::other("fault: connection dropped"));
            }
            Ok::<_, io::Error>(res.map(|inner| Tracked {
                inner,
                activity: a,
            }))
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        // The request line and headers: at most MAX_HEAD_BYTES and 100 fields, or hyper
        // answers 431 and closes.
        .max_buf_size(MAX_HEAD_BYTES)
        .max_headers(100)
        .serve_connection(io, service);
    tokio::pin!(conn);
    let mut draining = false;
    loop {
        tokio::select! {
            _ = conn.as_mut() => return,
            _ = activity.expired(&limits) => return,
            r = shutdown.changed(), if !draining => {
                draining = true;
                if r.is_ok() {
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// Accepts connections on `listener` and serves `app` on them until `shutdown` completes; then
/// drains within `limits.shutdown_timeout`.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    // Refusals are brief, but bounded too: past this many at once, a connection is just closed.
    let refusals = Arc::new(Semaphore::new(64));
    let answer = Arc::new(refusal(limits.max_connections));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut conns: JoinSet<()> = JoinSet::new();
    tokio::pin!(shutdown);
    let mut trim = tokio::time::interval(Duration::from_secs(5));
    let mut peak = 0usize;
    loop {
        peak = peak.max(conns.len());
        tokio::select! {
            _ = &mut shutdown => break,
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
            _ = trim.tick() => {
                // After a flood of connections (slow bodies, say) has gone, hand the memory
                // their buffers held back to the system: glibc keeps freed memory otherwise.
                if peak >= conns.len() + 64 {
                    give_back_memory();
                    peak = conns.len();
                }
            }
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => match slots.clone().try_acquire_owned() {
                    Ok(slot) => {
                        let (app, rx) = (app.clone(), stop_rx.clone());
                        conns.spawn(async move {
                            connection(stream, app, limits, rx).await;
                            drop(slot);
                        });
                    }
                    Err(_) => {
                        if let Ok(permit) = refusals.clone().try_acquire_owned() {
                            let answer = answer.clone();
                            tokio::spawn(async move {
                                refuse(stream, answer).await;
                                drop(permit);
                            });
                        }
                    }
                },
                // Out of descriptors and the like: wait a moment rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let drained = tokio::time::timeout(limits.shutdown_timeout, async {
        while conns.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        eprintln!(
            "identity-sandbox: {} connection(s) still open after the {:?} shutdown deadline: cut",
            conns.len(),
            limits.shutdown_timeout
        );
        conns.shutdown().await;
    }
    Ok(())
}

/// Returns the allocator's free memory to the system (glibc's `malloc_trim`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back_memory() {
    extern "C" {
        fn malloc_trim(pad: usize) -> std::os::raw::c_int;
    }
    // SAFETY: malloc_trim only releases free heap pages; it takes no pointer of ours.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back_memory() {}
