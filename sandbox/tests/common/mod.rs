//! Shared by the integration tests: start servers in-process on free loopback ports, sign in,
//! and make valid payloads.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use identity_sandbox::{spawn, Config, Running};
use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::{json, Value};

pub const KEY: &str = "sandbox-key";
pub const VERSION: &str = "24-04-2025";

static N: AtomicU64 = AtomicU64::new(0);

/// A fresh temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "identity-sandbox-test-{tag}-{}-{n}-{}",
            std::process::id(),
            unique()
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// A number unique within this test process (for distinct emails and document numbers).
pub fn seq() -> u64 {
    N.fetch_add(1, Ordering::Relaxed) + (unique() as u64 % 1_000_000) * 1000
}

/// A running sandbox with its own database and a signed-in client.
pub struct Sandbox {
    pub server: Running,
    pub dir: TempDir,
    pub http: Client,
    pub token: String,
}

pub fn client() -> Client {
    Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .expect("client")
}

impl Sandbox {
    pub async fn start() -> Sandbox {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(f: impl FnOnce(&mut Config)) -> Sandbox {
        let dir = TempDir::new("sb");
        let mut config = Config::sandbox(dir.path("db.sqlite"));
        f(&mut config);
        let server = spawn(config).await.expect("server starts");
        let http = client();
        let token = sign_in(&http, &server.url()).await;
        Sandbox {
            server,
            dir,
            http,
            token,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.server.url(), path)
    }

    /// A request with every credential the API asks for.
    pub fn req(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .header("x-api-key", KEY)
            .bearer_auth(&self.token)
            .header("conomyhq-api-version", VERSION)
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.req(Method::POST, path)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.req(Method::GET, path).send().await.expect("request")
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Response {
        self.req(Method::PATCH, path)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn delete(&self, path: &str, body: Option<&Value>) -> Response {
        let r = self.req(Method::DELETE, path);
        let r = match body {
            Some(b) => r.json(b),
            None => r,
        };
        r.send().await.expect("request")
    }

    /// Creates and returns the identity, asserting 200.
    pub async fn create(&self, body: &Value) -> Value {
        let res = self.post("/identities", body).await;
        let status = res.status();
        let v: Value = res.json().await.expect("json");
        assert_eq!(status, 200, "create failed: {v}");
        v
    }
}

pub async fn sign_in(http: &Client, base: &str) -> String {
    sign_in_with(http, base, KEY, "sandbox-secret").await
}

/// [`sign_in`] to a server configured with another API key and client secret.
pub async fn sign_in_with(http: &Client, base: &str, key: &str, secret: &str) -> String {
    let res = http
        .post(format!("{base}/auth"))
        .header("x-api-key", key)
        .json(&json!({"clientId": "sandbox-client", "clientSecret": secret}))
        .send()
        .await
        .expect("auth request");
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.expect("auth json");
    v["accessToken"].as_str().expect("token").to_string()
}

/// A valid Chilean RUT for `body` (check digit by modulo 11), written `12345678-5`.
pub fn rut(body: u64) -> String {
    let mut sum = 0;
    let mut factor = 2;
    let mut n = body;
    while n > 0 {
        sum += (n % 10) * factor;
        n /= 10;
        factor = if factor == 7 { 2 } else { factor + 1 };
    }
    let dv = match 11 - (sum % 11) {
        11 => "0".to_string(),
        10 => "K".to_string(),
        d => d.to_string(),
    };
    format!("{body}-{dv}")
}

/// A valid Chilean mobile number: +56 9 61 and any six digits (by libphonenumber's full
/// metadata, not every +56 9 number is one).
pub fn phone(n: u64) -> String {
    format!("+56961{:06}", n % 1_000_000)
}

/// A valid USER payload, distinct for each `n`.
pub fn user(n: u64) -> Value {
    json!({
        "type": "USER",
        "name": format!("Service Provider {n}"),
        "nickname": format!("SP{n}"),
        "email": format!("provider{n}@example.com"),
        "phone": phone(n),
        "documentType": "RUT",
        "documentNumber": rut(10_000_000 + n % 80_000_000),
        "idv": format!("iv-{n}"),
        "country": "CHL",
        "securityOptions": {"twoFactorEnabled": false},
        "children": []
    })
}

/// A valid ORGANIZATION payload, distinct for each `n`.
pub fn organization(n: u64) -> Value {
    json!({
        "type": "ORGANIZATION",
        "name": format!("Operator {n}"),
        "email": format!("ops{n}@example.com"),
        "phone": phone(n + 1),
        "documentType": "RUT",
        "documentNumber": rut(76_000_000 + n % 1_000_000),
        "idv": format!("iv-org-{n}"),
        "country": "CHL"
    })
}

/// Asserts the canonical error shape and returns the body.
pub async fn expect_error(res: Response, status: u16, code: &str, kind: &str) -> Value {
    let got = res.status().as_u16();
    let header_trace = res
        .headers()
        .get("x-trace-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    // A gateway passes the upstream's error body through unchanged: its traceId is the
    // upstream's, also sent as x-upstream-trace-id.
    let upstream_trace = res
        .headers()
        .get("x-upstream-trace-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let text = res.text().await.expect("body");
    assert_eq!(got, status, "status; body {text}");
    assert!(
        ct.starts_with("application/json"),
        "content-type {ct:?} for {text}"
    );
    let v: Value = serde_json::from_str(&text).expect("error body is JSON");
    assert_eq!(v["status"], status, "{v}");
    assert_eq!(v["code"], code, "{v}");
    assert_eq!(v["type"], kind, "{v}");
    assert!(v["detail"].as_str().is_some_and(|d| !d.is_empty()), "{v}");
    let trace = v["traceId"].as_str().expect("traceId");
    assert_eq!(trace.len(), 32, "{v}");
    assert!(header_trace.is_some(), "x-trace-id is always sent");
    match upstream_trace {
        Some(up) => assert_eq!(
            up, trace,
            "a passed-through body keeps the upstream's trace id"
        ),
        None => assert_eq!(
            header_trace.as_deref(),
            Some(trace),
            "x-trace-id header matches the body"
        ),
    }
    v
}
