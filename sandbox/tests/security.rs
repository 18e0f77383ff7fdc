//! Security properties, each a test: request size limits (URL, header, body), ids that cannot
//! leave their path, the CSP on every page of `www/`, a gateway session that never shows the
//! page a credential, and error bodies with no secret, SQL or stack trace. CORS and
//! `/demo-api`'s origin checks are in `web.rs` (`cors_answers_only_the_configured_origins`,
//! `no_cors_by_default`, `the_demo_api_refuses_other_origins`).

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::*;
use identity_sandbox::{spawn, Config, Running};
use reqwest::Method;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Sends raw bytes and reads the answer until the server closes or 5 s pass.
async fn raw(addr: std::net::SocketAddr, request: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let _ = s.write_all(request).await;
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn url_header_and_body_limits() {
    let sb = Sandbox::start().await;
    let addr = sb.server.addr();
    // URL: 8 KiB at most (414, JSON).
    let e = expect_error(
        sb.get(&format!("/identities?email={}", "a".repeat(9000))).await,
        414,
        "11",
        "invalidParam",
    )
    .await;
    assert!(e["detail"].as_str().unwrap().contains("8192"));
    assert_eq!(sb.get(&format!("/identities?email={}", "a".repeat(7000))).await.status(), 200);
    // Header block: 16 KiB at most (431, JSON), far larger stopped while read (431), and 100
    // fields.
    let res = sb
        .req(Method::GET, "/identities")
        .header("x-big", "b".repeat(17 * 1024))
        .send()
        .await
        .unwrap();
    expect_error(res, 431, "11", "invalidParam").await;
    let ok = sb.req(Method::GET, "/identities").header("x-big", "b".repeat(8 * 1024));
    assert_eq!(ok.send().await.unwrap().status(), 200);
    let big = format!(
        "GET /identities HTTP/1.1\r\nHost: {addr}\r\nX-Big: {}\r\n\r\n",
        "b".repeat(600 * 1024)
    );
    let answer = raw(addr, big.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    let mut many = format!("GET /identities HTTP/1.1\r\nHost: {addr}\r\n");
    for i in 0..120 {
        many.push_str(&format!("X-H{i}: v\r\n"));
    }
    many.push_str("\r\n");
    let answer = raw(addr, many.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    // Body: 64 KiB at most (413, JSON; chunked bodies too: errors.rs).
    let mut body = user(seq());
    body["name"] = json!("x".repeat(65 * 1024));
    expect_error(sb.post("/identities", &body).await, 413, "11", "invalidParam").await;
    // Still serving.
    assert_eq!(sb.get("/identities").await.status(), 200);
}

#[tokio::test]
async fn ids_cannot_escape_their_path() {
    let sb = Sandbox::start().await;
    let u = sb.create(&user(seq())).await;
    let id = u["id"].as_str().unwrap();
    for path in [
        "/identities/..%2F..%2Fauth",
        "/identities/%2e%2e",
        "/identities/%2e%2e%2fidentities",
        &format!("/identities/{id}%2Fchildren"),
        &format!("/identities/{id}%3Flimit=1"),
        &format!("/identities/{id}%00"),
        "/identities/..%5c..%5cauth",
    ] {
        expect_error(sb.get(path).await, 404, "31", "notFound").await;
    }
    // In gateway mode an id that is not letters, digits, - or _ never reaches the upstream.
    let gw = spawn(Config::gateway(
        format!("{}/sandbox", sb.server.url()),
        KEY,
        "sandbox-client",
        "sandbox-secret",
    ))
    .await
    .unwrap();
    for path in [
        "/identities/..%2Fauth",
        "/identities/%2e%2e",
        "/demo-api/identities/..%2F..%2Fauth",
        &format!("/identities/{id}%2F..%2F..%2Fauth"),
        &format!("/identities/{id}%3Fx=1"),
    ] {
        let res = client()
            .get(format!("{}{path}", gw.url()))
            .send()
            .await
            .unwrap();
        expect_error(res, 404, "31", "notFound").await;
    }
    assert_eq!(gw.upstream_auth_calls(), 0, "nothing was forwarded");
}

/// Every HTML file of the repository's `www/` gets the CSP (and the frame and sniffing
/// headers), whichever way it is asked for.
#[tokio::test]
async fn the_csp_is_on_every_page() {
    let www = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../www");
    let pages: Vec<String> = std::fs::read_dir(&www)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html"))
        .collect();
    assert!(pages.contains(&"index.html".to_string()), "{pages:?}");
    let sb = Sandbox::start_with(|c| c.www = Some(www)).await;
    let mut paths: Vec<String> = pages.iter().map(|p| format!("/{p}")).collect();
    paths.push("/".into());
    paths.push("/?q=1".into());
    for path in paths {
        let res = sb.http.get(sb.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let h = res.headers();
        assert!(h["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        assert_eq!(h["content-security-policy"], CSP, "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
    }
    // Every other answer is not HTML (so it needs no CSP): check a few.
    for path in ["/app.js", "/styles.css", "/nothing.html", "/identities"] {
        let res = sb.http.get(sb.url(path)).send().await.unwrap();
        let ct = res.headers()["content-type"].to_str().unwrap().to_string();
        assert!(!ct.starts_with("text/html"), "{path}: {ct}");
    }
}

/// Whatever `text` holds: none of the secrets, and no token that is live on `upstream`.
fn assert_clean(what: &str, text: &str, secrets: &[&str], upstream: &Running) {
    for s in secrets {
        assert!(!text.contains(s), "{what} shows {s:?}: {text}");
    }
    // Tokens are 43 base64url characters: check every such run against the issuer.
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
        if word.len() == 43 {
            assert!(!upstream.is_live_token(word), "{what} shows a live token: {text}");
        }
    }
}

async fn dump(res: reqwest::Response) -> (u16, String) {
    let status = res.status().as_u16();
    let mut text = format!("{status}\n");
    for (k, v) in res.headers() {
        text.push_str(&format!("{k}: {}\n", v.to_str().unwrap_or("")));
    }
    text.push_str(&res.text().await.unwrap_or_default());
    (status, text)
}

#[tokio::test]
async fn a_gateway_session_never_shows_the_page_a_credential() {
    const KEY2: &str = "gw-key-5f1c0a7e9b";
    const SECRET2: &str = "gw-secret-d41d8cd98f00";
    const CLIENT2: &str = "gw-client-77";
    let up_dir = TempDir::new("gw-up");
    let mut up = Config::sandbox(up_dir.path("db.sqlite"));
    up.api_keys = vec![KEY2.into()];
    up.client_id = CLIENT2.into();
    up.client_secret = SECRET2.into();
    let upstream = spawn(up).await.unwrap();
    let files = TempDir::new("gw-www");
    std::fs::write(files.path("index.html"), "<!doctype html><title>gw</title>").unwrap();
    let mut config = Config::gateway(
        format!("{}/sandbox", upstream.url()),
        KEY2,
        CLIENT2,
        SECRET2,
    );
    config.www = Some(files.0.clone());
    config.faults = true;
    let gw = spawn(config).await.unwrap();
    let http = client();
    let at = |m: Method, p: &str| http.request(m, format!("{}{p}", gw.url()));
    let secrets = [KEY2, SECRET2, CLIENT2];
    let mut seen = 0;
    let mut check = |what: &str, text: &str| {
        assert_clean(what, text, &secrets, &upstream);
        seen += 1;
    };
    // The page, a full session, and its failures.
    let (_, t) = dump(at(Method::GET, "/").send().await.unwrap()).await;
    check("GET /", &t);
    let n = seq();
    let (s, t) = dump(at(Method::POST, "/demo-api/identities").json(&organization(n)).send().await.unwrap()).await;
    assert_eq!(s, 200, "{t}");
    check("create", &t);
    let org_id = t.rsplit_once("\"id\":\"").unwrap().1[..24].to_string();
    let (s, t) = dump(at(Method::POST, "/demo-api/identities").json(&user(n)).send().await.unwrap()).await;
    assert_eq!(s, 200, "{t}");
    check("create user", &t);
    let user_id = t.rsplit_once("\"id\":\"").unwrap().1[..24].to_string();
    let steps: Vec<(&str, reqwest::RequestBuilder)> = vec![
        ("get", at(Method::GET, &format!("/demo-api/identities/{org_id}"))),
        ("list", at(Method::GET, "/demo-api/identities?type=USER&limit=5")),
        ("patch", at(Method::PATCH, &format!("/demo-api/identities/{user_id}")).json(&json!({"nickname": "N"}))),
        ("link", at(Method::POST, &format!("/demo-api/identities/{org_id}/children")).json(&json!({"children": [user_id]}))),
        ("unlink", at(Method::DELETE, &format!("/demo-api/identities/{org_id}/children")).json(&json!({"children": [user_id]}))),
        ("duplicate", at(Method::POST, "/demo-api/identities").json(&organization(n))),
        ("invalid", at(Method::POST, "/demo-api/identities").json(&json!({"type": "USER"}))),
        ("not found", at(Method::GET, "/demo-api/identities/000000000000000000000000")),
        ("bad query", at(Method::GET, "/demo-api/identities?limit=abc")),
        ("405", at(Method::PUT, "/demo-api/identities")),
        ("auth", at(Method::POST, "/auth").json(&json!({"clientId": CLIENT2, "clientSecret": "x"}))),
        ("page creds dropped", at(Method::GET, "/identities").header("x-api-key", "page-key").bearer_auth("page-token")),
        ("fault 503", at(Method::GET, "/demo-api/identities").header("x-sandbox-fault", "503; retry-after=1")),
        ("delete", at(Method::DELETE, &format!("/demo-api/identities/{user_id}"))),
    ];
    for (what, req) in steps {
        let (_, t) = dump(req.send().await.unwrap()).await;
        check(what, &t);
    }
    // After the upstream forgets its tokens, the gateway's refresh answers clean too.
    upstream.revoke_tokens();
    let (s, t) = dump(at(Method::GET, &format!("/demo-api/identities/{org_id}")).send().await.unwrap()).await;
    assert_eq!(s, 200, "{t}");
    check("after a refresh", &t);
    assert_eq!(seen, 18);
    assert!(gw.upstream_auth_calls() >= 2);
}

#[tokio::test]
async fn error_bodies_carry_no_secret_sql_or_stack_trace() {
    const KEY3: &str = "key-3c9e2f0a4b";
    const SECRET3: &str = "secret-9a8b7c6d5e";
    let dir = TempDir::new("err");
    let mut config = Config::sandbox(dir.path("db.sqlite"));
    config.api_keys = vec![KEY3.into()];
    config.client_secret = SECRET3.into();
    let server = spawn(config).await.unwrap();
    let base = server.url();
    let http = client();
    let url = |p: &str| format!("{base}{p}");
    let token = sign_in_with(&http, &base, KEY3, SECRET3).await;
    let u: Value = http
        .post(url("/identities"))
        .header("x-api-key", KEY3)
        .bearer_auth(&token)
        .header("conomyhq-api-version", VERSION)
        .json(&user(seq()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = u["id"].as_str().unwrap().to_string();
    let forbidden = [
        KEY3, SECRET3, &token, "sqlite", "select ", "insert ", "update ", "constraint",
        "panicked", "backtrace", ".rs:", "rusqlite", "src/",
    ];
    let api = |m: Method, p: &str| {
        http.request(m, url(p))
            .header("x-api-key", KEY3)
            .bearer_auth(&token)
            .header("conomyhq-api-version", VERSION)
    };
    let mut errors: Vec<(String, reqwest::RequestBuilder)> = vec![
        ("wrong key".into(), http.get(url("/identities")).header("x-api-key", format!("{KEY3}x"))),
        ("wrong secret".into(), http.post(url("/auth")).header("x-api-key", KEY3).json(&json!({"clientId": "sandbox-client", "clientSecret": format!("{SECRET3}x")}))),
        ("expired token".into(), http.get(url("/identities")).header("x-api-key", KEY3).bearer_auth(format!("{token}x")).header("conomyhq-api-version", VERSION)),
        ("invalid".into(), api(Method::POST, "/identities").json(&json!({"type": "USER", "email": "not an email"}))),
        ("duplicate".into(), api(Method::POST, "/identities").json(&{ let mut d = u.clone(); for k in ["id", "status", "createdAt", "updatedAt"] { d.as_object_mut().unwrap().remove(k); } d })),
        ("not json".into(), api(Method::POST, "/identities").header("content-type", "application/json").body("{\"a\":")),
        ("media type".into(), api(Method::POST, "/identities").body("x")),
        ("405".into(), api(Method::PUT, "/identities")),
        ("404".into(), api(Method::GET, "/identities/ffffffffffffffffffffffff")),
        ("422".into(), api(Method::POST, &format!("/identities/{id}/children")).json(&json!({"children": ["ffffffffffffffffffffffff"]}))),
        ("bad query".into(), api(Method::GET, "/identities?next=' OR 1=1 --")),
        ("sql in id".into(), api(Method::GET, "/identities/1' OR '1'='1")),
        ("413".into(), api(Method::POST, "/identities").json(&json!({"name": "x".repeat(70_000)}))),
    ];
    let mut answers = Vec::new();
    for (what, req) in errors.drain(..) {
        answers.push((what, dump(req.send().await.unwrap()).await));
    }
    // A storage failure: the SQLite error must stay in the log.
    rusqlite::Connection::open(dir.path("db.sqlite"))
        .unwrap()
        .execute_batch("DROP TABLE links")
        .unwrap();
    answers.push(("storage".into(), dump(api(Method::GET, &format!("/identities/{id}")).send().await.unwrap()).await));
    answers.push(("storage create".into(), dump(api(Method::POST, "/identities").json(&user(seq())).send().await.unwrap()).await));
    for (what, (status, text)) in &answers {
        assert!(*status >= 400, "{what}: {text}");
        let lower = text.to_lowercase();
        for f in forbidden {
            assert!(!lower.contains(&f.to_lowercase()), "{what} shows {f:?}: {text}");
        }
    }
}

