//! Every error the server answers, in the one canonical shape
//! `{status, code, type, detail, traceId[, errors]}` built with `identity_kit::api`, plus the
//! per-request context (trace id, locale) that fills it in.

use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use identity_kit::api::{ApiErrorBody, ErrorKind, ERROR_KINDS};
use identity_kit::{FieldError, Locale};

use crate::ids;

pub const TRACE_HEADER: &str = "x-trace-id";
/// Longest request target (path and query) answered; longer is a 414.
pub const MAX_URL_BYTES: usize = 8 * 1024;
/// Largest header block answered (names, values and their separators); larger is a 431. A
/// head much larger than this never gets here: the connection loop's read buffer stops it
/// (`serve::MAX_HEAD_BYTES`), also with a 431.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// What every request carries while it is handled.
#[derive(Clone, Debug)]
pub struct RequestContext {
    pub trace_id: String,
    pub locale: Locale,
}

tokio::task_local! {
    static CONTEXT: RequestContext;
}

/// The current request's trace id (a fresh one outside a request).
pub fn current_trace_id() -> String {
    CONTEXT
        .try_with(|c| c.trace_id.clone())
        .unwrap_or_else(|_| ids::trace_id())
}

/// Outermost middleware: a fresh trace id per request, the locale from `Accept-Language`,
/// both available to whatever answers, and the trace id echoed as `x-trace-id`.
pub async fn request_context(req: Request, next: Next) -> Response {
    let ctx = RequestContext {
        trace_id: ids::trace_id(),
        locale: locale_of(req.headers()),
    };
    let trace = ctx.trace_id.clone();
    let header_bytes: usize = req
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    let too_large = if req.uri().to_string().len() > MAX_URL_BYTES {
        Some(
            ApiError::bad_request(format!("The URL is longer than {MAX_URL_BYTES} bytes."))
                .with_status(StatusCode::URI_TOO_LONG),
        )
    } else if header_bytes > MAX_HEADER_BYTES {
        Some(
            ApiError::bad_request(format!("The headers are larger than {MAX_HEADER_BYTES} bytes."))
                .with_status(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE),
        )
    } else {
        None
    };
    let mut res = if let Some(e) = too_large {
        CONTEXT.scope(ctx, async { e.into_response() }).await
    } else {
        CONTEXT.scope(ctx, next.run(req)).await
    };
    if let Ok(v) = HeaderValue::from_str(&trace) {
        res.headers_mut()
            .insert(HeaderName::from_static(TRACE_HEADER), v);
    }
    res
}

/// The first language of `Accept-Language` (by quality) that the messages speak; English
/// otherwise.
pub fn locale_of(headers: &HeaderMap) -> Locale {
    let Some(value) = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return Locale::En;
    };
    let mut tags: Vec<(f32, usize, &str)> = value
        .split(',')
        .take(32)
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
                })
                .unwrap_or(1.0);
            (q > 0.0 && !tag.is_empty()).then_some((q, i, tag))
        })
        .collect();
    tags.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.1.cmp(&b.1))
    });
    tags.into_iter()
        .find_map(|(_, _, tag)| Locale::parse(tag))
        .unwrap_or(Locale::En)
}

/// Extractor for the request's locale.
pub struct Lang(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang(
            CONTEXT
                .try_with(|c| c.locale)
                .unwrap_or_else(|_| locale_of(&parts.headers)),
        ))
    }
}

/// One of the table's kinds by its `type` name. The names used here are all in the table;
/// should one ever go missing the answer degrades to `unknown` rather than panicking.
pub fn kind(name: &str) -> ErrorKind {
    ErrorKind::by_kind(name)
        .or_else(|| ERROR_KINDS.iter().copied().find(|k| k.kind == "unknown"))
        .unwrap_or(ErrorKind {
            code: "02",
            kind: "unknown",
            status: 500,
        })
}

/// Most field errors one answer lists.
pub const MAX_LISTED_ERRORS: usize = 50;
/// Most paths a validation error's `detail` names.
pub const MAX_NAMED_PATHS: usize = 10;

/// An error answer: the canonical body, its HTTP status and any extra headers.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Box<ApiErrorBody>,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// What went wrong inside (a storage error's text): written to the log with the trace id,
    /// never to the answer.
    log: Option<String>,
}

impl ApiError {
    /// An error of the table's kind `kind` (`invalidParam`, `notFound`...), answered with the
    /// kind's own status.
    pub fn new(kind_name: &str, detail: impl Into<String>) -> ApiError {
        let k = kind(kind_name);
        ApiError {
            status: StatusCode::from_u16(k.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            body: Box::new(ApiErrorBody::new(k, detail)),
            headers: Vec::new(),
            log: None,
        }
    }

    /// Keeps `detail` for the log (with the trace id) rather than the answer.
    pub fn with_log(mut self, detail: impl Into<String>) -> ApiError {
        self.log = Some(detail.into());
        self
    }

    /// The same body answered with another HTTP status (405, 413, 415, 502, 504): `status`
    /// in the body always equals the HTTP status; `code` and `type` name the closest kind.
    pub fn with_status(mut self, status: StatusCode) -> ApiError {
        self.status = status;
        self.body.status = status.as_u16();
        self
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> ApiError {
        self.body.errors = errors;
        self
    }

    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> ApiError {
        self.headers.push((name, value));
        self
    }

    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new("invalidParam", detail)
    }
    pub fn missing(detail: impl Into<String>) -> ApiError {
        ApiError::new("missingParam", detail)
    }
    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError::new("notFound", detail)
    }
    pub fn unauthorized(detail: impl Into<String>) -> ApiError {
        ApiError::new("unauthorized", detail)
            .with_header(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"))
    }
    pub fn forbidden(detail: impl Into<String>) -> ApiError {
        ApiError::new("forbiddenOperation", detail)
    }
    pub fn internal(detail: impl Into<String>) -> ApiError {
        ApiError::new("serverError", detail)
    }

    /// A payload that failed validation: `missingParam` when every problem is a missing field,
    /// `invalidParam` otherwise; the field errors listed in `errors`.
    ///
    /// At most [`MAX_LISTED_ERRORS`] errors are listed and [`MAX_NAMED_PATHS`] paths named in
    /// `detail`, which says how many more there are: a 64 KiB body of unknown keys gets a short
    /// answer, not one ten times its size.
    pub fn validation(mut errors: Vec<FieldError>, locale: Locale) -> ApiError {
        let all_missing = !errors.is_empty() && errors.iter().all(|e| e.code == "missing");
        let total = errors.len();
        let paths: Vec<&str> = errors
            .iter()
            .take(MAX_NAMED_PATHS)
            .map(|e| {
                if e.path.is_empty() {
                    "(body)"
                } else {
                    e.path.as_str()
                }
            })
            .collect();
        let mut list = paths.join(", ");
        if total > paths.len() {
            let more = total - paths.len();
            list.push_str(&tr(
                locale,
                &format!(" and {more} more ({total} in all; errors lists the first {MAX_LISTED_ERRORS})"),
                &format!(" y {more} más ({total} en total; errors lista los primeros {MAX_LISTED_ERRORS})"),
                &format!(" e mais {more} ({total} no total; errors lista os primeiros {MAX_LISTED_ERRORS})"),
            ));
        }
        errors.truncate(MAX_LISTED_ERRORS);
        let detail = if all_missing {
            tr(
                locale,
                &format!("Missing required fields: {list}."),
                &format!("Faltan campos obligatorios: {list}."),
                &format!("Faltam campos obrigatórios: {list}."),
            )
        } else {
            tr(
                locale,
                &format!("Invalid fields: {list}."),
                &format!("Campos no válidos: {list}."),
                &format!("Campos inválidos: {list}."),
            )
        };
        ApiError::new(
            if all_missing {
                "missingParam"
            } else {
                "invalidParam"
            },
            detail,
        )
        .with_errors(errors)
    }
}

impl IntoResponse for ApiError {
    fn into_response(mut self) -> Response {
        let trace = current_trace_id();
        if let Some(log) = &self.log {
            eprintln!("identity-sandbox: trace {trace}: {} {log}", self.status.as_u16());
        }
        self.body.trace_id = Some(trace);
        let bytes = serde_json::to_vec(&*self.body).unwrap_or_else(|_| {
            br#"{"status":500,"code":"01","type":"serverError","detail":"error body could not be written"}"#.to_vec()
        });
        let mut res = Response::new(Body::from(bytes));
        *res.status_mut() = self.status;
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        for (name, value) in self.headers {
            h.insert(name, value);
        }
        res
    }
}

/// Picks the text of `locale`.
pub fn tr(locale: Locale, en: &str, es: &str, pt: &str) -> String {
    match locale {
        Locale::En => en,
        Locale::Es => es,
        Locale::Pt => pt,
    }
    .to_string()
}

/// A field error with a server-side code (one the validators cannot know, such as a child id
/// that does not exist), its message in `locale`.
pub fn field_error(path: impl Into<String>, code: &str, locale: Locale) -> FieldError {
    let message = match code {
        "identity.child_not_found" => tr(
            locale,
            "No identity has this id.",
            "Ninguna identidad tiene este id.",
            "Nenhuma identidade tem este id.",
        ),
        "identity.self_child" => tr(
            locale,
            "An identity cannot be its own child.",
            "Una identidad no puede ser su propia hija.",
            "Uma identidade não pode ser filha de si mesma.",
        ),
        "identity.child_cycle" => tr(
            locale,
            "This identity is already above the parent: linking it would make a cycle.",
            "Esta identidad ya está por encima del padre: enlazarla formaría un ciclo.",
            "Esta identidade já está acima do pai: vinculá-la formaria um ciclo.",
        ),
        other => identity_kit::messages::message(other, None, locale),
    };
    FieldError {
        path: path.into(),
        code: code.to_string(),
        message,
    }
}

/// Last middleware before the answer leaves: any error that something other than this crate
/// produced (the router's 404 and 405, the static files' 404, a panic) gets the canonical
/// body. Answers that already carry a body type are left alone.
pub async fn normalize_errors(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let res = next.run(req).await;
    let status = res.status();
    // axum's own rejections (a path that is not UTF-8, a query it cannot read) are plain text.
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if !(status.is_client_error() || status.is_server_error())
        || (res.headers().contains_key(header::CONTENT_TYPE) && !plain)
    {
        return res;
    }
    let allow = res.headers().get(header::ALLOW).cloned();
    let err = match status {
        StatusCode::NOT_FOUND => ApiError::not_found("No such resource."),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = allow.as_ref().and_then(|v| v.to_str().ok()).unwrap_or("");
            let e = ApiError::new(
                "unimplemented",
                format!("{method} is not allowed here; allowed: {allowed}."),
            )
            .with_status(status);
            match allow {
                Some(v) => e.with_header(header::ALLOW, v),
                None => e,
            }
        }
        StatusCode::PAYLOAD_TOO_LARGE => body_too_large(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => unsupported_media_type(),
        s if s.is_server_error() => {
            ApiError::internal("The server failed to answer.").with_status(s)
        }
        StatusCode::BAD_REQUEST => ApiError::bad_request(
            "The request could not be read: its path or query is malformed (not UTF-8, or not the expected form).",
        ),
        s => ApiError::new(
            if s == StatusCode::UNAUTHORIZED {
                "unauthorized"
            } else {
                "invalidParam"
            },
            s.canonical_reason().unwrap_or("Bad request"),
        )
        .with_status(s),
    };
    err.into_response()
}

pub fn body_too_large() -> ApiError {
    ApiError::new(
        "invalidParam",
        format!(
            "The body is larger than {} bytes.",
            crate::config::MAX_BODY_BYTES
        ),
    )
    .with_status(StatusCode::PAYLOAD_TOO_LARGE)
}

pub fn unsupported_media_type() -> ApiError {
    ApiError::new(
        "parsingResource",
        "Send the body as JSON with Content-Type: application/json.",
    )
    .with_status(StatusCode::UNSUPPORTED_MEDIA_TYPE)
}

/// The answer to a panic caught while handling a request (none should be reachable).
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("The server failed while handling this request.").into_response()
}
