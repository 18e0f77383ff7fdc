//! Fault mode, for testing clients against a failing server: with `--faults`, a request that
//! carries `x-sandbox-fault: <spec>` gets the failure its spec names. Without the flag the
//! header is ignored. The spec is `;`-separated words, e.g. `503; retry-after=2`,
//! `drop; after`, `delay=1500`:
//!
//! | word | answer |
//! |---|---|
//! | `500`, `502`, `503`, `429` | that status with the API's error body (`serverError`, or `tooManyRequests` for 429) |
//! | `drop` | the connection is closed with no answer at all |
//! | `malformed-json` | `200`, `Content-Type: application/json`, a body that is not JSON |
//! | `wrong-content-type` | `200`, `Content-Type: text/html`, an HTML page |
//! | `truncate` | `200` with the `Content-Length` of a whole JSON body, then half of it and the connection closes |
//! | `delay=MS` | waits MS milliseconds (at most 60000) first; alone, the normal answer follows |
//! | `retry-after=S` | adds `Retry-After: S` |
//! | `after` | the request is handled (and stored) first, then its answer replaced by the fault; without it the request never reaches a handler |

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Body as HttpBody, Frame};

use crate::error::ApiError;

pub const FAULT_HEADER: &str = "x-sandbox-fault";
const MAX_DELAY_MS: u64 = 60_000;

/// Marks an answer the connection loop must not send: it closes the connection instead.
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Only a delay.
    Normal,
    Status(u16),
    Drop,
    MalformedJson,
    WrongContentType,
    Truncate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fault {
    kind: Kind,
    delay: Option<Duration>,
    retry_after: Option<u32>,
    after: bool,
}

fn parse(spec: &str) -> Result<Fault, String> {
    let mut fault = Fault {
        kind: Kind::Normal,
        delay: None,
        retry_after: None,
        after: false,
    };
    let mut kinds = 0;
    for word in spec.split(';').map(str::trim).filter(|w| !w.is_empty()) {
        let word = word.to_ascii_lowercase();
        let kind = match word.as_str() {
            "500" | "502" | "503" | "429" => Some(Kind::Status(word.parse().unwrap_or(500))),
            "drop" => Some(Kind::Drop),
            "malformed-json" => Some(Kind::MalformedJson),
            "wrong-content-type" => Some(Kind::WrongContentType),
            "truncate" => Some(Kind::Truncate),
            "after" => {
                fault.after = true;
                None
            }
            _ => {
                let (key, value) = word
                    .split_once('=')
                    .ok_or_else(|| format!("unknown fault {word:?}"))?;
                match key.trim() {
                    "delay" => {
                        let ms = value
                            .trim()
                            .parse::<u64>()
                            .ok()
                            .filter(|ms| *ms <= MAX_DELAY_MS)
                            .ok_or_else(|| {
                                format!("delay must be 0 to {MAX_DELAY_MS} milliseconds")
                            })?;
                        fault.delay = Some(Duration::from_millis(ms));
                    }
                    "retry-after" => {
                        fault.retry_after = Some(
                            value
                                .trim()
                                .parse::<u32>()
                                .map_err(|_| "retry-after must be whole seconds".to_string())?,
                        );
                    }
                    other => return Err(format!("unknown fault parameter {other:?}")),
                }
                None
            }
        };
        if let Some(k) = kind {
            kinds += 1;
            fault.kind = k;
        }
    }
    if kinds > 1 {
        return Err("name one fault at most".into());
    }
    Ok(fault)
}

/// A body that sends its first part, then fails, so the connection closes short of the
/// `Content-Length` it announced. It waits a moment before failing: hyper flushes what it
/// holds only while the body is pending, and drops it unsent on an error.
struct CutShort {
    part: Option<Bytes>,
    pause: Pin<Box<tokio::time::Sleep>>,
}

impl HttpBody for CutShort {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(part) = self.part.take() {
            return Poll::Ready(Some(Ok(Frame::data(part))));
        }
        match self.pause.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(std::io::Error::other("fault: body cut short")))),
            Poll::Pending => Poll::Pending,
        }
    }
}

const CANNED_JSON: &str = r#"{"id":"000000000000000000000000","type":"USER","name":"Fault Injected","status":"ACTIVE","children":[]}"#;
const HTML_PAGE: &str = "<!doctype html>\n<html><head><title>Service page</title></head><body><p>This is not the API's answer.</p></body></html>\n";

async fn body_of(res: Response) -> (StatusCode, Bytes) {
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap_or_default();
    (status, bytes)
}

/// Middleware (installed only with `--faults`): answers with the fault the request asks for.
pub async fn inject(req: Request, next: Next) -> Response {
    let Some(spec) = req.headers().get(FAULT_HEADER) else {
        return next.run(req).await;
    };
    let fault = match spec.to_str().map_err(|e| e.to_string()).and_then(parse) {
        Ok(f) => f,
        Err(e) => {
            return ApiError::bad_request(format!("{FAULT_HEADER}: {e}.")).into_response();
        }
    };
    if let Some(d) = fault.delay {
        tokio::time::sleep(d).await;
    }
    let real = if fault.after || fault.kind == Kind::Normal {
        Some(next.run(req).await)
    } else {
        None
    };
    let mut res = match fault.kind {
        Kind::Normal => return real.unwrap_or_default(),
        Kind::Drop => {
            let mut res = Response::default();
            res.extensions_mut().insert(DropConnection);
            return res;
        }
        Kind::Status(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let (kind, detail) = if code == 429 {
                ("tooManyRequests", "Too many requests (an injected fault).")
            } else {
                ("serverError", "The server failed (an injected fault).")
            };
            ApiError::new(kind, detail)
                .with_status(status)
                .into_response()
        }
        Kind::MalformedJson => {
            let (status, bytes) = match real {
                Some(r) => body_of(r).await,
                None => (StatusCode::OK, Bytes::from_static(CANNED_JSON.as_bytes())),
            };
            // A JSON text without its last byte (and with something JSON never has) is not JSON.
            let cut = &bytes[..bytes.len().saturating_sub(1)];
            let mut body = cut.to_vec();
            body.extend_from_slice(b"\x01<");
            let mut res = (status, body).into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            res
        }
        Kind::WrongContentType => {
            let (status, bytes) = match real {
                Some(r) => body_of(r).await,
                None => (StatusCode::OK, Bytes::from_static(HTML_PAGE.as_bytes())),
            };
            let mut res = (status, bytes).into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            res
        }
        Kind::Truncate => {
            let (status, bytes) = match real {
                Some(r) => body_of(r).await,
                None => (StatusCode::OK, Bytes::from_static(CANNED_JSON.as_bytes())),
            };
            let half = bytes.slice(..bytes.len() / 2);
            let mut res = Response::new(Body::new(CutShort {
                part: Some(half),
                pause: Box::pin(tokio::time::sleep(Duration::from_millis(100))),
            }));
            *res.status_mut() = status;
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
            res
        }
    };
    if let Some(s) = fault.retry_after {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(s));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse() {
        let f = parse("503; retry-after=2").unwrap();
        assert_eq!(f.kind, Kind::Status(503));
        assert_eq!(f.retry_after, Some(2));
        assert!(!f.after);
        let f = parse(" drop ; after").unwrap();
        assert_eq!((f.kind, f.after), (Kind::Drop, true));
        let f = parse("delay=1500").unwrap();
        assert_eq!(
            (f.kind, f.delay),
            (Kind::Normal, Some(Duration::from_millis(1500)))
        );
        for bad in ["404", "drop; 503", "delay=x", "delay=999999", "retry-after=-1", "x=1"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
