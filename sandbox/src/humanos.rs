//! Humanos' `POST /v1/user` and `GET /v1/user` (SPEC section 5), answered from the sandbox's
//! SQLite file, or forwarded, signed, to a real Humanos API (gateway mode).
//!
//! - Requests are signed: `Authorization: Bearer <apiKey>`, `X-Timestamp` (ms since the
//!   epoch, within 5 minutes of the server's clock) and `X-Signature`, the hex
//!   HMAC-SHA256 with the signature secret of `${timestamp}.${body}` (of the timestamp alone
//!   when there is no body). Anything else is a whole-request 401.
//! - Whole-request errors have NestJS' shape `{statusCode, message, error}`.
//! - Each subject is judged by `identity_kit::humanos` (the same verdicts the page shows
//!   before sending), then stored: a new contact is a new user (200); the same subject again
//!   changes nothing (201); an identity (`docId`, `countryAlpha3`) of another user is 409; a
//!   different identity for a country the user already has is 410. A request is one
//!   IMMEDIATE transaction on the file's single writer, and SQLite's unique indexes back the
//!   rules, so concurrent or repeated imports never duplicate a user or an identity.
//! - `/demo-api/v1/user` answers the server's own pages without a signature (the server
//!   signs on their behalf in gateway mode): a page never holds the secret.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use identity_kit::humanos::{self, message, status, Date, Options};
use identity_kit::json::Value as KitValue;
use identity_kit::Locale;
use ring::hmac;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde_json::{json, Value};

use crate::error::{locale_of, tr};
use crate::ids;
use crate::store::Store;

/// Dev-only defaults of the sandbox's Humanos credentials (documented in the README).
pub const DEV_API_KEY: &str = "humanos-sandbox-key";
pub const DEV_SIGNATURE_SECRET: &str = "humanos-sandbox-secret";
/// How far `X-Timestamp` may be from the server's clock.
pub const MAX_SKEW_MS: i64 = 5 * 60 * 1000;
/// Largest `POST /v1/user` body: 100 subjects with their longest fields.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The Humanos credentials: those the sandbox accepts, or those the gateway signs with.
#[derive(Clone, PartialEq, Eq)]
pub struct HumanosConfig {
    pub api_key: String,
    pub signature_secret: String,
    /// Gateway mode: the real Humanos API's base URL (`/v1/user` is appended).
    pub upstream: Option<String>,
}

impl Default for HumanosConfig {
    fn default() -> Self {
        HumanosConfig { api_key: DEV_API_KEY.into(), signature_secret: DEV_SIGNATURE_SECRET.into(), upstream: None }
    }
}

impl std::fmt::Debug for HumanosConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the credentials.
        f.debug_struct("HumanosConfig").field("upstream", &self.upstream).finish_non_exhaustive()
    }
}

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS humanos_users (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    did          TEXT NOT NULL UNIQUE,
    contact      TEXT NOT NULL,
    contact_key  TEXT NOT NULL UNIQUE,
    contact_type TEXT NOT NULL,
    internal_id  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS humanos_users_by_internal_id ON humanos_users (internal_id);
CREATE TABLE IF NOT EXISTS humanos_identities (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_seq   INTEGER NOT NULL REFERENCES humanos_users (seq) ON DELETE CASCADE,
    doc_key    TEXT NOT NULL,
    country    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (doc_key, country),
    UNIQUE (user_seq, country)
);
"#;

/// A whole-request error in NestJS' shape.
pub fn nest_error(status: StatusCode, message: impl Into<String>) -> Response {
    let body = json!({
        "statusCode": status.as_u16(),
        "message": message.into(),
        "error": status.canonical_reason().unwrap_or("Error"),
    });
    (status, axum::Json(body)).into_response()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hex HMAC-SHA256 of `${timestamp}.${body}` (of the timestamp alone without a body).
pub fn signature(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(timestamp.as_bytes());
    if !body.is_empty() {
        ctx.update(b".");
        ctx.update(body);
    }
    hex(ctx.sign().as_ref())
}

/// Why a request's signature is refused, if it is.
pub fn check_signature(headers: &HeaderMap, body: &[u8], config: &HumanosConfig, now_ms: i64) -> Result<(), &'static str> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let key = text("authorization").and_then(|v| v.strip_prefix("Bearer ")).ok_or("missing Authorization: Bearer <apiKey>")?;
    if !ids::constant_time_eq(key.trim().as_bytes(), config.api_key.as_bytes()) {
        return Err("unknown API key");
    }
    let timestamp = text("x-timestamp").ok_or("missing X-Timestamp")?;
    let ms: i64 = timestamp.parse().map_err(|_| "X-Timestamp is not milliseconds since the epoch")?;
    // abs_diff: no overflow on a hostile timestamp such as i64::MIN.
    if now_ms.abs_diff(ms) > MAX_SKEW_MS as u64 {
        return Err("X-Timestamp is more than 5 minutes off");
    }
    let given = text("x-signature").ok_or("missing X-Signature")?.to_ascii_lowercase();
    let expected = signature(&config.signature_secret, timestamp, body);
    if !ids::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        return Err("X-Signature does not match");
    }
    Ok(())
}

async fn read_body(req: Request) -> Result<(HeaderMap, Bytes), Response> {
    let headers = req.headers().clone();
    axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES).await.map(|b| (headers, b)).map_err(|_| {
        nest_error(StatusCode::PAYLOAD_TOO_LARGE, format!("The body is larger than {MAX_BODY_BYTES} bytes."))
    })
}

/// Middleware of the signed routes.
async fn require_signature(State(config): State<Arc<HumanosConfig>>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => return nest_error(StatusCode::PAYLOAD_TOO_LARGE, format!("The body is larger than {MAX_BODY_BYTES} bytes.")),
    };
    if let Err(reason) = check_signature(&parts.headers, &bytes, &config, now_ms()) {
        return nest_error(StatusCode::UNAUTHORIZED, format!("Invalid signature: {reason}."));
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// The sandbox's users.
pub struct Users {
    store: Arc<Store>,
}

impl Users {
    pub fn new(store: Arc<Store>) -> Result<Users, String> {
        store.with_writer(|c| c.execute_batch(SCHEMA)).map_err(|e| format!("cannot prepare the Humanos tables: {e}"))?;
        Ok(Users { store })
    }
}

/// One subject's feedback, in the seed's shape.
fn feedback(status: u16, code: &str, locale: Locale, user: Value) -> Value {
    json!({"status": status, "message": message(code, None, locale), "user": user})
}

fn new_did() -> String {
    let mut b = [0u8; 12];
    ids::random_bytes(&mut b);
    format!("did:via:humanos:{}", hex(&b))
}

struct Stored {
    seq: i64,
    did: String,
    internal_id: Option<String>,
}

/// Stores one ready subject inside the request's transaction; its feedback.
fn store_subject(tx: &Connection, subject: &Value, contact_key: &str, locale: Locale) -> rusqlite::Result<Value> {
    let contact = subject["contact"].as_str().unwrap_or_default();
    let internal_id = subject.get("internalId").and_then(Value::as_str);
    let identity = subject.get("identity");
    let identity_key = identity.map(|i| {
        let doc = i["docId"].as_str().unwrap_or_default().to_uppercase();
        (doc, i["countryAlpha3"].as_str().unwrap_or_default().to_string())
    });
    let now = ids::now_rfc3339();
    let user_json = |did: &str, internal: Option<&str>| {
        let mut u = json!({"contact": contact, "did": did});
        if let Some(id) = internal {
            u["internalId"] = json!(id);
        }
        u
    };
    let failed = |status: u16, code: &str| feedback(status, code, locale, json!({"contact": contact}));
    let existing: Option<Stored> = tx
        .query_row("SELECT seq, did, internal_id FROM humanos_users WHERE contact_key = ?1", [contact_key], |r| {
            Ok(Stored { seq: r.get(0)?, did: r.get(1)?, internal_id: r.get(2)? })
        })
        .optional()?;
    let owner: Option<i64> = match &identity_key {
        Some((doc, country)) => tx
            .query_row("SELECT user_seq FROM humanos_identities WHERE doc_key = ?1 AND country = ?2", [doc, country], |r| r.get(0))
            .optional()?,
        None => None,
    };
    let insert_identity = |user_seq: i64| -> rusqlite::Result<()> {
        if let (Some(identity), Some((doc, country))) = (identity, &identity_key) {
            tx.execute(
                "INSERT INTO humanos_identities (user_seq, doc_key, country, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![user_seq, doc, country, identity.to_string(), now],
            )?;
        }
        Ok(())
    };
    let Some(user) = existing else {
        if owner.is_some() {
            return Ok(failed(status::IDENTITY_TAKEN, "subject.identity_taken"));
        }
        let did = new_did();
        let contact_type = if contact.contains('@') { "EMAIL" } else { "PHONE" };
        tx.execute(
            "INSERT INTO humanos_users (did, contact, contact_key, contact_type, internal_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![did, contact, contact_key, contact_type, internal_id, now],
        )?;
        insert_identity(tx.last_insert_rowid())?;
        return Ok(feedback(status::CREATED, "subject.created", locale, user_json(&did, internal_id)));
    };
    let mut changed = false;
    if let Some((_, country)) = &identity_key {
        match owner {
            Some(seq) if seq != user.seq => return Ok(failed(status::IDENTITY_TAKEN, "subject.identity_taken")),
            // The same identity again: nothing to do.
            Some(_) => {}
            None => {
                let has_country: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM humanos_identities WHERE user_seq = ?1 AND country = ?2)",
                    params![user.seq, country],
                    |r| r.get(0),
                )?;
                if has_country {
                    return Ok(failed(status::COUNTRY_TAKEN, "subject.country_taken"));
                }
                insert_identity(user.seq)?;
                changed = true;
            }
        }
    }
    let mut internal = user.internal_id.clone();
    if let Some(id) = internal_id.filter(|id| user.internal_id.as_deref() != Some(id)) {
        tx.execute("UPDATE humanos_users SET internal_id = ?1, updated_at = ?2 WHERE seq = ?3", params![id, now, user.seq])?;
        internal = Some(id.to_string());
        changed = true;
    }
    let (status, code) = if changed { (status::CREATED, "subject.updated") } else { (status::UNCHANGED, "subject.unchanged") };
    Ok(feedback(status, code, locale, user_json(&user.did, internal.as_deref())))
}

/// The subjects of a `POST /v1/user` body, or its whole-request 400.
fn subjects_of(headers: &HeaderMap, body: &[u8], locale: Locale) -> Result<Vec<Value>, String> {
    let bad = |en: &str, es: &str, pt: &str| tr(locale, en, es, pt);
    let json_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
    if !json_type {
        return Err(bad(
            "Send the subjects as JSON with Content-Type: application/json.",
            "Envía los sujetos como JSON con Content-Type: application/json.",
            "Envie os sujeitos como JSON com Content-Type: application/json.",
        ));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        tr(locale, &format!("The body is not valid JSON: {e}."), &format!("El cuerpo no es JSON válido: {e}."), &format!("O corpo não é JSON válido: {e}."))
    })?;
    let Value::Array(list) = value else {
        return Err(bad("The body must be an array of subjects.", "El cuerpo debe ser una lista de sujetos.", "O corpo deve ser uma lista de sujeitos."));
    };
    if list.is_empty() {
        return Err(bad("No subjects provided", "No se enviaron sujetos.", "Nenhum sujeito enviado."));
    }
    if list.len() > humanos::MAX_BATCH {
        return Err(tr(
            locale,
            &format!("At most {} subjects per request; this one has {}.", humanos::MAX_BATCH, list.len()),
            &format!("Como máximo {} sujetos por solicitud; esta tiene {}.", humanos::MAX_BATCH, list.len()),
            &format!("No máximo {} sujeitos por requisição; esta tem {}.", humanos::MAX_BATCH, list.len()),
        ));
    }
    Ok(list)
}

async fn create(State(users): State<Arc<Users>>, req: Request) -> Response {
    let (headers, body) = match read_body(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let locale = locale_of(&headers);
    let list = match subjects_of(&headers, &body, locale) {
        Ok(l) => l,
        Err(message) => return nest_error(StatusCode::BAD_REQUEST, message),
    };
    let users = users.clone();
    let answer = tokio::task::spawn_blocking(move || {
        let kit: Vec<KitValue> = list.iter().map(KitValue::from).collect();
        let options = Options { locale, today: Some(Date::today()), ..Options::default() };
        let verdicts = humanos::validate_subjects(&kit, &options);
        users.store.with_writer(|conn| -> rusqlite::Result<Vec<Value>> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut out = Vec::with_capacity(verdicts.len());
            for (verdict, raw) in verdicts.into_iter().zip(&list) {
                let fb = match (&verdict.subject, &verdict.contact) {
                    (Some(subject), Some(key)) if verdict.is_ready() => {
                        store_subject(&tx, &Value::from(subject.clone()), key, locale)?
                    }
                    _ => {
                        let contact = raw.get("contact").cloned().unwrap_or(Value::Null);
                        json!({"status": verdict.status, "message": verdict.message, "user": {"contact": contact}})
                    }
                };
                out.push(fb);
            }
            tx.commit()?;
            Ok(out)
        })
    })
    .await;
    match answer {
        Ok(Ok(items)) => (StatusCode::OK, axum::Json(Value::Array(items))).into_response(),
        Ok(Err(e)) => nest_error(StatusCode::INTERNAL_SERVER_ERROR, format!("storage error: {e}")),
        Err(e) => nest_error(StatusCode::INTERNAL_SERVER_ERROR, format!("the request failed: {e}")),
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lookup {
    contact: Option<String>,
    did: Option<String>,
    internal_id: Option<String>,
}

async fn lookup(State(users): State<Arc<Users>>, headers: HeaderMap, Query(q): Query<Lookup>) -> Response {
    let locale = locale_of(&headers);
    // A `+` left unencoded in a query reads as a space: `?contact=+56961234567` means the phone.
    let contact = q.contact.map(|c| match c.strip_prefix(' ') {
        Some(rest) if rest.starts_with(|ch: char| ch.is_ascii_digit()) => format!("+{rest}"),
        _ => c,
    });
    let given: Vec<(&str, &str)> = [("contact", &contact), ("did", &q.did), ("internalId", &q.internal_id)]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(|v| (k, v)))
        .collect();
    let [(field, value)] = given[..] else {
        return nest_error(
            StatusCode::BAD_REQUEST,
            tr(
                locale,
                "Exactly one of contact, did or internalId must be provided.",
                "Indica exactamente uno de contact, did o internalId.",
                "Informe exatamente um de contact, did ou internalId.",
            ),
        );
    };
    let (column, key) = match field {
        "contact" => {
            let probe = KitValue::from(json!({"contact": value}));
            let verdict = humanos::validate_subjects(&[probe], &Options { locale, ..Options::default() }).remove(0);
            match verdict.contact {
                Some(key) => ("contact_key", key),
                None => return nest_error(StatusCode::BAD_REQUEST, verdict.message),
            }
        }
        "did" => ("did", value.to_string()),
        _ => ("internal_id", value.to_string()),
    };
    let found = users.store.with_reader(|conn| -> rusqlite::Result<Option<Value>> {
        let sql = format!("SELECT seq, did, contact, contact_type, internal_id FROM humanos_users WHERE {column} = ?1 ORDER BY seq LIMIT 1");
        let Some((seq, did, contact, kind, internal)) = conn
            .query_row(&sql, [&key], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, Option<String>>(4)?))
            })
            .optional()?
        else {
            return Ok(None);
        };
        let identity: Option<String> = conn
            .query_row("SELECT body FROM humanos_identities WHERE user_seq = ?1 ORDER BY seq LIMIT 1", [seq], |r| r.get(0))
            .optional()?;
        let mut out = json!({"contacts": [{"contact": contact, "type": kind, "verified": false, "did": did}]});
        if let Some(body) = identity.and_then(|b| serde_json::from_str::<Value>(&b).ok()) {
            out["identity"] = body;
        }
        if let Some(id) = internal {
            out["internalId"] = json!(id);
        }
        Ok(Some(out))
    });
    match found {
        Ok(Some(user)) => (StatusCode::OK, axum::Json(user)).into_response(),
        Ok(None) => nest_error(StatusCode::NOT_FOUND, tr(locale, "User not found", "Usuario no encontrado.", "Usuário não encontrado.")),
        Err(e) => nest_error(StatusCode::INTERNAL_SERVER_ERROR, format!("storage error: {e}")),
    }
}

/// Sandbox mode: `(signed, unsigned)` routers for `/v1/user`; the unsigned one is for
/// `/demo-api`, behind the page guard.
pub fn routes(store: Arc<Store>, config: HumanosConfig) -> Result<(Router, Router), String> {
    let users = Arc::new(Users::new(store)?);
    let unsigned = Router::new().route("/v1/user", get(lookup).post(create)).with_state(users);
    let signed = unsigned.clone().route_layer(from_fn_with_state(Arc::new(config), require_signature));
    Ok((signed, unsigned))
}

/// Gateway mode: forwards a page's `/v1/user` calls to the real API, signed.
pub struct Forwarder {
    http: reqwest::Client,
    config: HumanosConfig,
}

impl Forwarder {
    pub fn new(config: HumanosConfig) -> Result<Forwarder, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Forwarder { http, config })
    }
}

/// The headers that sign `body` now.
pub fn signed_headers(config: &HumanosConfig, body: &[u8], now_ms: i64) -> Vec<(&'static str, String)> {
    let timestamp = now_ms.to_string();
    vec![
        ("authorization", format!("Bearer {}", config.api_key)),
        ("x-signature", signature(&config.signature_secret, &timestamp, body)),
        ("x-timestamp", timestamp),
    ]
}

async fn forward(State(fw): State<Arc<Forwarder>>, req: Request) -> Response {
    let Some(upstream) = fw.config.upstream.as_deref() else {
        return nest_error(StatusCode::NOT_IMPLEMENTED, "This gateway has no Humanos upstream (--humanos-upstream).");
    };
    let method = req.method().clone();
    let query = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
    let (headers, body) = match read_body(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let url = format!("{}/v1/user{query}", upstream.trim_end_matches('/'));
    let mut call = fw.http.request(method, &url);
    for (name, value) in signed_headers(&fw.config, &body, now_ms()) {
        call = call.header(name, value);
    }
    for name in [header::CONTENT_TYPE, header::ACCEPT_LANGUAGE] {
        if let Some(v) = headers.get(&name) {
            call = call.header(name, v.clone());
        }
    }
    if !body.is_empty() {
        call = call.body(body);
    }
    let answer = match call.send().await {
        Ok(a) => a,
        Err(e) => return nest_error(StatusCode::BAD_GATEWAY, format!("The Humanos API did not answer: {e}.")),
    };
    let status = StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let content_type = answer.headers().get(header::CONTENT_TYPE).and_then(|v| HeaderValue::from_bytes(v.as_bytes()).ok());
    let bytes = match answer.bytes().await {
        Ok(b) => b,
        Err(e) => return nest_error(StatusCode::BAD_GATEWAY, format!("The Humanos API's answer broke off: {e}.")),
    };
    let mut res = (status, bytes).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, content_type.unwrap_or(HeaderValue::from_static("application/json")));
    res
}

/// Gateway mode's router for `/v1/user` (to be put behind the page guard).
pub fn gateway_routes(config: HumanosConfig) -> Result<Router, String> {
    let fw = Arc::new(Forwarder::new(config)?);
    Ok(Router::new().route("/v1/user", get(forward).post(forward)).with_state(fw))
}
