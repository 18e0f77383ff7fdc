//! Who may call what.
//!
//! - The API routes (`/identities...`, `/sandbox/identities...`) need `x-api-key`, a bearer
//!   token from this server's `POST /auth`, and `conomyhq-api-version: 24-04-2025`.
//! - The page routes (`/demo-api/...`, and every identity route in gateway mode) need no
//!   credential: the server holds them. They answer only the server's own pages, see
//!   [`PageGuard`].

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use identity_kit::api::{API_KEY_HEADER, API_VERSION, API_VERSION_HEADER};
use identity_kit::Locale;
use serde_json::{json, Value};

use crate::body::JsonBody;
use crate::error::{tr, ApiError, Lang};
use crate::ids;

/// Tokens issued by `POST /auth`, in memory (a restart logs every client out, which is what
/// the gateway's refresh-on-401 is for).
///
/// Every token lives the same `ttl`, so issue order is expiry order: a queue in that order
/// lets `issue` drop the expired ones from its front, O(1) amortised, instead of scanning every
/// live token. At most [`MAX_LIVE_TOKENS`] live at once; past that the oldest is forgotten.
pub struct Tokens {
    ttl: Duration,
    live: Mutex<Live>,
    issued: AtomicU64,
}

#[derive(Default)]
struct Live {
    expiry: HashMap<String, Instant>,
    order: VecDeque<(Instant, String)>,
}

/// Most tokens alive at once (a client that signs in in a loop cannot grow the map forever).
pub const MAX_LIVE_TOKENS: usize = 100_000;

impl Tokens {
    pub fn new(ttl_secs: u64) -> Tokens {
        Tokens {
            ttl: Duration::from_secs(ttl_secs.max(1)),
            live: Mutex::new(Live::default()),
            issued: AtomicU64::new(0),
        }
    }

    pub fn issue(&self) -> (String, u64) {
        let token = ids::access_token();
        let now = Instant::now();
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        while let Some((expiry, _)) = live.order.front() {
            if *expiry > now && live.order.len() < MAX_LIVE_TOKENS {
                break;
            }
            if let Some((_, old)) = live.order.pop_front() {
                live.expiry.remove(&old);
            }
        }
        live.expiry.insert(token.clone(), now + self.ttl);
        live.order.push_back((now + self.ttl, token.clone()));
        self.issued.fetch_add(1, Ordering::Relaxed);
        (token, self.ttl.as_secs())
    }

    /// Tokens currently held (expired ones go at the next `issue`).
    #[cfg(test)]
    pub fn held(&self) -> usize {
        self.live.lock().unwrap_or_else(|e| e.into_inner()).expiry.len()
    }

    pub fn is_valid(&self, token: &str) -> bool {
        let live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        live.expiry
            .get(token)
            .is_some_and(|expiry| *expiry > Instant::now())
    }

    /// Forgets every token (as a restart would).
    pub fn revoke_all(&self) {
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        live.expiry.clear();
        live.order.clear();
    }

    pub fn issued(&self) -> u64 {
        self.issued.load(Ordering::Relaxed)
    }
}

/// What the API routes check.
pub struct Credentials {
    pub api_keys: Vec<String>,
    pub client_id: String,
    pub client_secret: String,
    pub tokens: Tokens,
}

impl Credentials {
    fn key_ok(&self, headers: &HeaderMap) -> bool {
        let Some(key) = headers.get(API_KEY_HEADER).and_then(|v| v.to_str().ok()) else {
            return false;
        };
        // Check every key so the time does not tell which one was close.
        self.api_keys.iter().fold(false, |ok, k| {
            ids::constant_time_eq(k.as_bytes(), key.as_bytes()) | ok
        })
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

fn missing_key(locale: Locale) -> ApiError {
    ApiError::unauthorized(tr(
        locale,
        "Missing or unknown x-api-key.",
        "Falta x-api-key o no es válida.",
        "x-api-key ausente ou desconhecida.",
    ))
}

/// `conomyhq-api-version` must be the one this API speaks; `required` when a missing header
/// is an error too.
pub fn check_version(headers: &HeaderMap, required: bool, locale: Locale) -> Result<(), ApiError> {
    match headers
        .get(API_VERSION_HEADER)
        .map(|v| v.to_str().unwrap_or("").trim())
    {
        Some(API_VERSION) => Ok(()),
        None if !required => Ok(()),
        None => Err(ApiError::missing(tr(
            locale,
            &format!("Send the header {API_VERSION_HEADER}: {API_VERSION}."),
            &format!("Envía el encabezado {API_VERSION_HEADER}: {API_VERSION}."),
            &format!("Envie o cabeçalho {API_VERSION_HEADER}: {API_VERSION}."),
        ))),
        Some(other) => Err(ApiError::bad_request(tr(
            locale,
            &format!("Unsupported {API_VERSION_HEADER} {other:?}; this API speaks {API_VERSION}."),
            &format!(
                "{API_VERSION_HEADER} {other:?} no es compatible; esta API usa {API_VERSION}."
            ),
            &format!("{API_VERSION_HEADER} {other:?} não é suportado; esta API usa {API_VERSION}."),
        ))),
    }
}

/// Middleware of the API routes: x-api-key, then bearer token, then API version.
pub async fn require_credentials(
    State(creds): State<Arc<Credentials>>,
    Lang(locale): Lang,
    req: Request,
    next: Next,
) -> Response {
    let headers = req.headers();
    if !creds.key_ok(headers) {
        return missing_key(locale).into_response();
    }
    match bearer(headers) {
        Some(t) if creds.tokens.is_valid(t) => {}
        Some(_) => {
            return ApiError::unauthorized(tr(
                locale,
                "The access token is unknown or expired: get a new one from POST /auth.",
                "El token de acceso es desconocido o expiró: pide uno nuevo con POST /auth.",
                "O token de acesso é desconhecido ou expirou: peça um novo com POST /auth.",
            ))
            .with_header(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            )
            .into_response()
        }
        None => {
            return ApiError::unauthorized(tr(
                locale,
                "Send Authorization: Bearer <token> (from POST /auth).",
                "Envía Authorization: Bearer <token> (de POST /auth).",
                "Envie Authorization: Bearer <token> (de POST /auth).",
            ))
            .into_response()
        }
    }
    if let Err(e) = check_version(headers, true, locale) {
        return e.into_response();
    }
    next.run(req).await
}

/// `POST /auth`: `{clientId, clientSecret}` -> `{accessToken, tokenType, expiresIn}`.
pub async fn auth(
    State(creds): State<Arc<Credentials>>,
    Lang(locale): Lang,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    if !creds.key_ok(&headers) {
        return Err(missing_key(locale));
    }
    check_version(&headers, false, locale)?;
    let field = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let (Some(id), Some(secret)) = (field("clientId"), field("clientSecret")) else {
        let mut missing = Vec::new();
        for k in ["clientId", "clientSecret"] {
            if field(k).is_none() {
                missing.push(crate::error::field_error(k, "missing", locale));
            }
        }
        return Err(ApiError::missing(tr(
            locale,
            "Send clientId and clientSecret.",
            "Envía clientId y clientSecret.",
            "Envie clientId e clientSecret.",
        ))
        .with_errors(missing));
    };
    let id_ok = ids::constant_time_eq(id.as_bytes(), creds.client_id.as_bytes());
    let secret_ok = ids::constant_time_eq(secret.as_bytes(), creds.client_secret.as_bytes());
    if !(id_ok & secret_ok) {
        return Err(ApiError::unauthorized(tr(
            locale,
            "Unknown clientId or wrong clientSecret.",
            "clientId desconocido o clientSecret incorrecto.",
            "clientId desconhecido ou clientSecret errado.",
        )));
    }
    let (token, expires_in) = creds.tokens.issue();
    let mut res =
        Json(json!({"accessToken": token, "tokenType": "Bearer", "expiresIn": expires_in}))
            .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Decides whether a credential-less request comes from the server's own pages.
///
/// The request must name the server as its `Host` (its loopback address at the bound port,
/// the `--host` it was given, or a `--public-origin`): this also defeats DNS rebinding, where a
/// foreign page reaches the loopback address under its own host name. Then, as browsers tell:
/// - an `Origin` header, when present, must be the server's own origin (`http://` + Host) or a
///   `--public-origin`, and
/// - a `Sec-Fetch-Site` header, when present, must say `same-origin` (or `none`: typed in the
///   address bar).
///
/// A non-browser client on the machine (curl) sends neither and is let in, like any local
/// process that could read the server's dev credentials anyway.
pub struct PageGuard {
    hosts: Vec<String>,
    origins: Vec<String>,
    /// Cross-origin pages allowed anyway (gateway mode with `--cors-origin`).
    extra_origins: Vec<String>,
}

impl PageGuard {
    pub fn new(
        host: &str,
        port: u16,
        public_origins: &[String],
        extra_origins: &[String],
    ) -> PageGuard {
        let mut hosts = vec![
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
        ];
        let host = host.trim();
        if !host.is_empty() && host != "0.0.0.0" && host != "::" && host != "[::]" {
            if host.contains(':') && !host.starts_with('[') {
                hosts.push(format!("[{host}]:{port}"));
            } else {
                hosts.push(format!("{host}:{port}"));
            }
        }
        let mut origins: Vec<String> = hosts.iter().map(|h| format!("http://{h}")).collect();
        for o in public_origins {
            let o = o.trim().trim_end_matches('/').to_ascii_lowercase();
            if let Some((_, authority)) = o.split_once("://") {
                hosts.push(authority.to_string());
                // Without an explicit port, a reverse proxy may pass the bare host.
                let default_port = if o.starts_with("https://") {
                    ":443"
                } else {
                    ":80"
                };
                if !authority.contains(':') || authority.ends_with(']') {
                    hosts.push(format!("{authority}{default_port}"));
                }
            }
            origins.push(o);
        }
        let hosts = hosts.into_iter().map(|h| h.to_ascii_lowercase()).collect();
        let extra_origins = extra_origins
            .iter()
            .map(|o| o.trim().trim_end_matches('/').to_ascii_lowercase())
            .collect();
        PageGuard {
            hosts,
            origins,
            extra_origins,
        }
    }

    /// `Ok` when the request may use the server's credentials; the reason otherwise.
    pub fn check(&self, headers: &HeaderMap) -> Result<(), &'static str> {
        let get = |h: header::HeaderName| {
            headers
                .get(h)
                .map(|v| v.to_str().unwrap_or("\u{0}").trim().to_ascii_lowercase())
        };
        let origin = get(header::ORIGIN);
        if let Some(o) = &origin {
            if self.extra_origins.contains(o) {
                return Ok(());
            }
        }
        let host = get(header::HOST).ok_or("no Host header")?;
        if !self.hosts.contains(&host) {
            return Err("the Host is not this server's own");
        }
        if let Some(o) = origin {
            if o != format!("http://{host}") && !self.origins.contains(&o) {
                return Err("the request comes from another origin");
            }
        }
        match headers
            .get("sec-fetch-site")
            .map(|v| v.to_str().unwrap_or(""))
        {
            None | Some("same-origin") | Some("none") => Ok(()),
            Some(_) => Err("the request comes from another site"),
        }
    }
}

/// Middleware of the page routes.
pub async fn require_own_page(
    State(guard): State<Arc<PageGuard>>,
    Lang(locale): Lang,
    req: Request,
    next: Next,
) -> Response {
    if let Err(reason) = guard.check(req.headers()) {
        return ApiError::forbidden(tr(
            locale,
            &format!("This endpoint only answers this server's own pages: {reason}."),
            &format!("Este endpoint solo responde a las páginas de este servidor: {reason}."),
            &format!("Este endpoint só responde às páginas deste servidor: {reason}."),
        ))
        .into_response();
    }
    if let Err(e) = check_version(req.headers(), false, locale) {
        return e.into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    /// Issuing stays as cheap with 90,000 live tokens as with none (it scanned every live
    /// token before: about 100 times slower there), and the live set is capped.
    #[test]
    fn issuing_a_token_does_not_scan_the_live_ones() {
        let tokens = Tokens::new(3600);
        let batch = |n: usize| {
            let start = Instant::now();
            for _ in 0..n {
                tokens.issue();
            }
            start.elapsed()
        };
        let early = batch(2_000);
        batch(88_000);
        let late = batch(2_000);
        assert!(
            late < early * 10 + Duration::from_millis(20),
            "2,000 issues took {early:?} among few tokens, {late:?} among 90,000"
        );
        let (first, _) = {
            let t = Tokens::new(3600);
            let first = t.issue();
            for _ in 0..MAX_LIVE_TOKENS {
                t.issue();
            }
            assert_eq!(t.held(), MAX_LIVE_TOKENS);
            assert!(!t.is_valid(&first.0), "the oldest token made room");
            first
        };
        assert!(!first.is_empty());
    }

    #[test]
    fn the_page_guard_trusts_only_the_servers_own_origin() {
        let g = PageGuard::new("127.0.0.1", 8080, &["https://demo.example.com".into()], &[]);
        assert!(g.check(&headers(&[("host", "127.0.0.1:8080")])).is_ok());
        assert!(g
            .check(&headers(&[
                ("host", "localhost:8080"),
                ("origin", "http://localhost:8080"),
                ("sec-fetch-site", "same-origin")
            ]))
            .is_ok());
        assert!(g
            .check(&headers(&[
                ("host", "demo.example.com"),
                ("origin", "https://demo.example.com")
            ]))
            .is_ok());
        // Another page in the same browser.
        assert!(g
            .check(&headers(&[
                ("host", "127.0.0.1:8080"),
                ("origin", "http://evil.test")
            ]))
            .is_err());
        assert!(g
            .check(&headers(&[
                ("host", "127.0.0.1:8080"),
                ("sec-fetch-site", "cross-site")
            ]))
            .is_err());
        // DNS rebinding: Origin and Host agree, but the host is not ours.
        assert!(g
            .check(&headers(&[
                ("host", "evil.test:8080"),
                ("origin", "http://evil.test:8080")
            ]))
            .is_err());
        assert!(g.check(&headers(&[])).is_err());
        // Another port on the same machine is another origin.
        assert!(g
            .check(&headers(&[
                ("host", "127.0.0.1:8080"),
                ("origin", "http://127.0.0.1:9999")
            ]))
            .is_err());
    }

    #[test]
    fn reads_bearer_tokens() {
        assert_eq!(
            bearer(&headers(&[("authorization", "Bearer abc")])),
            Some("abc")
        );
        assert_eq!(
            bearer(&headers(&[("authorization", "bearer  abc ")])),
            Some("abc")
        );
        assert_eq!(bearer(&headers(&[("authorization", "Basic abc")])), None);
        assert_eq!(bearer(&headers(&[("authorization", "Bearer ")])), None);
    }

    #[test]
    fn tokens_expire_and_can_be_revoked() {
        let t = Tokens::new(1);
        let (a, ttl) = t.issue();
        assert_eq!(ttl, 1);
        assert!(t.is_valid(&a));
        assert!(!t.is_valid("nope"));
        t.revoke_all();
        assert!(!t.is_valid(&a));
        assert_eq!(t.issued(), 1);
    }
}
