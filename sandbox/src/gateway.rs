//! Gateway mode: a backend-for-frontend. The page calls this server with no credential; the
//! server forwards to the real API with its own `x-api-key` and a bearer token it gets from
//! the upstream's `POST /auth`, refreshed before `expiresIn` runs out and once more when the
//! upstream answers 401. Whatever auth the page's request carried is dropped: only a short
//! list of harmless headers is forwarded.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use identity_kit::api::{ApiErrorBody, API_KEY_HEADER, API_VERSION, API_VERSION_HEADER};
use identity_kit::{validate_identity, ValidateOptions};
use serde_json::{json, Value};

use crate::body::{is_json, parse_json, read_bounded};
use crate::config::GatewayConfig;
use crate::error::{tr, unsupported_media_type, ApiError, Lang};

/// Largest upstream answer passed on.
const MAX_UPSTREAM_BODY: usize = 8 * 1024 * 1024;
/// Headers of the page's request that are forwarded; everything else (Authorization,
/// x-api-key, cookies...) stays here.
const FORWARDED: &[HeaderName] = &[
    header::ACCEPT,
    header::ACCEPT_LANGUAGE,
    header::CONTENT_TYPE,
];

#[derive(Clone)]
struct CachedToken {
    value: String,
    refresh_at: Instant,
}

pub struct Gateway {
    client: reqwest::Client,
    base: String,
    config: GatewayConfig,
    lenient: bool,
    token: tokio::sync::Mutex<Option<CachedToken>>,
    auth_calls: AtomicU64,
}

fn upstream_error(e: &reqwest::Error) -> ApiError {
    if e.is_timeout() {
        ApiError::internal("The upstream API did not answer in time.")
            .with_status(StatusCode::GATEWAY_TIMEOUT)
    } else {
        ApiError::internal("The upstream API could not be reached.")
            .with_status(StatusCode::BAD_GATEWAY)
    }
}

impl Gateway {
    pub fn new(config: &GatewayConfig, lenient: bool) -> Result<Gateway, String> {
        let url = reqwest::Url::parse(config.upstream.trim())
            .map_err(|e| format!("--upstream {:?} is not a URL: {e}", config.upstream))?;
        if !matches!(url.scheme(), "http" | "https")
            || url.query().is_some()
            || url.host_str().is_none()
        {
            return Err(format!(
                "--upstream must be an http(s) base URL without a query, got {:?}",
                config.upstream
            ));
        }
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            // Below the usual server idle timeouts (this server's is 30 s): a pooled
            // connection the upstream has just closed is not reused.
            .pool_idle_timeout(Duration::from_secs(15))
            .user_agent(concat!(
                "identity-sandbox-gateway/",
                env!("CARGO_PKG_VERSION")
            ))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Gateway {
            client,
            base: url.as_str().trim_end_matches('/').to_string(),
            config: config.clone(),
            lenient,
            token: tokio::sync::Mutex::new(None),
            auth_calls: AtomicU64::new(0),
        })
    }

    /// How many times the gateway called the upstream's `POST /auth`.
    pub fn auth_calls(&self) -> u64 {
        self.auth_calls.load(Ordering::Relaxed)
    }

    /// A token valid for a while yet; a new one if the cached one is about to expire or is
    /// `stale` (the one the upstream just refused). One refresh at a time.
    async fn token(&self, stale: Option<&str>) -> Result<String, ApiError> {
        let mut slot = self.token.lock().await;
        if let Some(t) = slot.as_ref() {
            if Instant::now() < t.refresh_at && Some(t.value.as_str()) != stale {
                return Ok(t.value.clone());
            }
        }
        *slot = None;
        let fresh = self.fetch_token().await?;
        let value = fresh.value.clone();
        *slot = Some(fresh);
        Ok(value)
    }

    async fn fetch_token(&self) -> Result<CachedToken, ApiError> {
        self.auth_calls.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        let res = self
            .client
            .post(format!("{}/auth", self.base))
            .header(API_KEY_HEADER, &self.config.api_key)
            .header(API_VERSION_HEADER, API_VERSION)
            .json(&json!({"clientId": self.config.client_id, "clientSecret": self.config.client_secret}))
            .send()
            .await
            .map_err(|e| upstream_error(&e))?;
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            let e = ApiErrorBody::parse(status.as_u16(), &(&body).into());
            return Err(ApiError::internal(format!(
                "The upstream API refused the gateway's credentials (HTTP {}: {}).",
                status.as_u16(),
                e.detail
            ))
            .with_status(StatusCode::BAD_GATEWAY));
        }
        let token = body
            .get("accessToken")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty());
        let Some(token) = token else {
            return Err(ApiError::internal(
                "The upstream API answered POST /auth without an accessToken.",
            )
            .with_status(StatusCode::BAD_GATEWAY));
        };
        let expires_in = body
            .get("expiresIn")
            .and_then(Value::as_f64)
            .filter(|s| s.is_finite() && *s > 0.0)
            .unwrap_or(3600.0)
            .min(86_400.0 * 365.0);
        let lifetime = Duration::from_secs_f64(expires_in);
        // Refresh a little early: a tenth of the lifetime, at most a minute.
        let margin = (lifetime / 10).min(Duration::from_secs(60));
        Ok(CachedToken {
            value: token.to_string(),
            refresh_at: started + lifetime - margin,
        })
    }

    async fn send(
        &self,
        method: &Method,
        url: &str,
        headers: &HeaderMap,
        body: &Option<Bytes>,
        token: &str,
    ) -> Result<reqwest::Response, ApiError> {
        let mut req = self
            .client
            .request(method.clone(), url)
            .header(API_KEY_HEADER, &self.config.api_key)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(API_VERSION_HEADER, API_VERSION);
        for name in FORWARDED {
            if let Some(v) = headers.get(name) {
                req = req.header(name, v);
            }
        }
        if let Some(b) = body {
            req = req
                .header(header::CONTENT_TYPE, "application/json")
                .body(b.clone());
        }
        req.send().await.map_err(|e| upstream_error(&e))
    }

    /// Forwards one call and passes the answer back (status, JSON body, upstream trace id).
    pub async fn forward(
        &self,
        method: &Method,
        path_and_query: &str,
        headers: &HeaderMap,
        body: Option<Bytes>,
    ) -> Result<Response, ApiError> {
        let url = format!("{}{}", self.base, path_and_query);
        let token = self.token(None).await?;
        let mut res = self.send(method, &url, headers, &body, &token).await?;
        if res.status() == reqwest::StatusCode::UNAUTHORIZED {
            let token = self.token(Some(&token)).await?;
            res = self.send(method, &url, headers, &body, &token).await?;
        }
        let status = StatusCode::from_u16(res.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
        let content_type = res.headers().get(header::CONTENT_TYPE).cloned();
        let trace = res.headers().get("x-trace-id").cloned();
        if res
            .content_length()
            .is_some_and(|n| n > MAX_UPSTREAM_BODY as u64)
        {
            return Err(ApiError::internal("The upstream answer is too large.")
                .with_status(StatusCode::BAD_GATEWAY));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = res.chunk().await.map_err(|e| upstream_error(&e))? {
            if bytes.len() + chunk.len() > MAX_UPSTREAM_BODY {
                return Err(ApiError::internal("The upstream answer is too large.")
                    .with_status(StatusCode::BAD_GATEWAY));
            }
            bytes.extend_from_slice(&chunk);
        }
        let mut out = Response::new(Body::from(bytes));
        *out.status_mut() = status;
        let h = out.headers_mut();
        if let Some(ct) = content_type {
            h.insert(header::CONTENT_TYPE, ct);
        }
        if let Some(t) = trace {
            h.insert(HeaderName::from_static("x-upstream-trace-id"), t);
        }
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        Ok(out)
    }
}

/// The page-facing routes; mount under `/`, `/sandbox` and `/demo-api`.
pub fn routes(gw: Arc<Gateway>) -> Router {
    Router::new()
        .route("/identities", any(proxy))
        .route("/identities/{*rest}", any(proxy))
        .with_state(gw)
}

/// What a path names, so only the API's own shapes are forwarded.
enum Shape {
    Collection,
    One,
    Children,
}

fn shape(path: &str) -> Option<Shape> {
    let rest = path.strip_prefix("/identities")?;
    let segments: Vec<&str> = rest.split('/').skip(1).collect();
    let id_ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 100
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    match segments.as_slice() {
        [] => Some(Shape::Collection),
        [id] if id_ok(id) => Some(Shape::One),
        [id, "children"] if id_ok(id) => Some(Shape::Children),
        _ => None,
    }
}

async fn proxy(
    State(gw): State<Arc<Gateway>>,
    Lang(locale): Lang,
    req: Request,
) -> Result<Response, ApiError> {
    let method = req.method().clone();
    let Some(shape) = shape(req.uri().path()) else {
        return Err(ApiError::not_found(tr(
            locale,
            "No such resource.",
            "No existe ese recurso.",
            "Esse recurso não existe.",
        )));
    };
    let allowed: &[Method] = match shape {
        Shape::Collection => &[Method::GET, Method::POST],
        Shape::One => &[Method::GET, Method::PATCH, Method::DELETE],
        Shape::Children => &[Method::POST, Method::DELETE],
    };
    if !allowed.contains(&method) {
        let list = allowed
            .iter()
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(",");
        let e = ApiError::new(
            "unimplemented",
            format!("{method} is not allowed here; allowed: {list}."),
        )
        .with_status(StatusCode::METHOD_NOT_ALLOWED);
        return Err(match HeaderValue::from_str(&list) {
            Ok(v) => e.with_header(header::ALLOW, v),
            Err(_) => e,
        });
    }
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let takes_body = !matches!(
        (&shape, &method),
        (_, &Method::GET) | (Shape::One, &Method::DELETE)
    );
    let (headers, body) = if takes_body {
        if !is_json(req.headers()) {
            return Err(unsupported_media_type());
        }
        let (headers, bytes) = read_bounded(req).await?;
        let value = parse_json(&bytes, &headers)?;
        // A new identity is checked here with the same validators, and sent normalised.
        let bytes = if matches!(shape, Shape::Collection) {
            let report = validate_identity(
                &(&value).into(),
                &ValidateOptions {
                    locale,
                    partial: false,
                    lenient: gw.lenient,
                },
            );
            match report.value {
                Some(v) if report.ok => Bytes::from(
                    serde_json::to_vec(&v).map_err(|e| ApiError::internal(e.to_string()))?,
                ),
                _ => return Err(ApiError::validation(report.errors, locale)),
            }
        } else {
            bytes
        };
        (headers, Some(bytes))
    } else {
        (req.headers().clone(), None)
    };
    gw.forward(&method, &path_and_query, &headers, body).await
}

/// `POST /auth` in gateway mode: pages never authenticate, the gateway does.
pub async fn auth_refused(Lang(locale): Lang) -> Response {
    ApiError::forbidden(tr(
        locale,
        "This gateway holds the API credentials; pages call /identities directly.",
        "Este gateway guarda las credenciales de la API; las páginas llaman a /identities directamente.",
        "Este gateway guarda as credenciais da API; as páginas chamam /identities diretamente.",
    ))
    .into_response()
}
