//! The page side: static files and their headers, CORS, and the credential-less `/demo-api`.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

async fn with_files(cors: &[&str]) -> Sandbox {
    let files = TempDir::new("www");
    let www = files.path("www");
    let pkg = files.path("pkg");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(
        www.join("index.html"),
        "<!doctype html><title>demo</title><script type=module src=app.js></script>",
    )
    .unwrap();
    std::fs::write(
        www.join("app.js"),
        "import init from './pkg/identity_kit.js';",
    )
    .unwrap();
    std::fs::write(pkg.join("identity_kit_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(
        pkg.join("identity_kit.js"),
        "export default function init() {}",
    )
    .unwrap();
    let cors: Vec<String> = cors.iter().map(|s| s.to_string()).collect();
    let sb = Sandbox::start_with(move |c| {
        c.www = Some(www);
        c.pkg = Some(pkg);
        c.cors_origins = cors;
    })
    .await;
    // Keep the files as long as the sandbox.
    std::mem::forget(files);
    sb
}

#[tokio::test]
async fn the_page_is_served_with_its_csp() {
    let sb = with_files(&[]).await;
    for path in ["/", "/index.html"] {
        let res = sb.http.get(sb.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let h = res.headers();
        assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
        assert_eq!(h["content-security-policy"], CSP);
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        assert!(res.text().await.unwrap().contains("<title>demo</title>"));
    }
    let res = sb
        .http
        .get(sb.url("/pkg/identity_kit_bg.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/wasm");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(res.headers().get("content-security-policy").is_none());
    let res = sb
        .http
        .get(sb.url("/pkg/identity_kit.js"))
        .send()
        .await
        .unwrap();
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    let res = sb.http.get(sb.url("/app.js")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    // Missing files and escapes are JSON 404s.
    for path in [
        "/missing.html",
        "/pkg/nothing.wasm",
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
    ] {
        let res = sb.http.get(sb.url(path)).send().await.unwrap();
        expect_error(res, 404, "31", "notFound").await;
    }
}

#[tokio::test]
async fn cors_answers_only_the_configured_origins() {
    let allowed = "http://localhost:5173";
    let sb = with_files(&[allowed]).await;
    // Preflight from the allowed origin.
    let res = sb
        .http
        .request(Method::OPTIONS, sb.url("/identities"))
        .header("origin", allowed)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, x-api-key, authorization, conomyhq-api-version",
        )
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    assert_eq!(res.headers()["access-control-allow-origin"], allowed);
    let methods = res.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        methods.contains("POST") && methods.contains("PATCH"),
        "{methods}"
    );
    // The actual request carries the header too, and exposes the trace id.
    let res = sb
        .req(Method::GET, "/identities")
        .header("origin", allowed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["access-control-allow-origin"], allowed);
    assert!(res.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .contains("x-trace-id"));
    // Another origin gets no CORS header, so a browser withholds the answer.
    let res = sb
        .http
        .request(Method::OPTIONS, sb.url("/identities"))
        .header("origin", "https://evil.test")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
    let res = sb
        .req(Method::GET, "/identities")
        .header("origin", "https://evil.test")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn no_cors_by_default() {
    let sb = with_files(&[]).await;
    let res = sb
        .http
        .request(Method::OPTIONS, sb.url("/identities"))
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
    let res = sb
        .req(Method::GET, "/identities")
        .header("origin", "http://localhost:5173")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn the_demo_api_serves_the_servers_own_pages_without_credentials() {
    let sb = with_files(&[]).await;
    let own = sb.server.url();
    let n = seq();
    // As the page's fetch sends it: same-origin, no key, no token, no version header.
    let page = |m: Method, path: &str| {
        sb.http
            .request(m, sb.url(&format!("/demo-api{path}")))
            .header("origin", own.clone())
            .header("sec-fetch-site", "same-origin")
    };
    let res = page(Method::POST, "/identities")
        .json(&organization(n))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let org: Value = res.json().await.unwrap();
    let u: Value = page(Method::POST, "/identities")
        .json(&user(n))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let org_id = org["id"].as_str().unwrap();
    let res = page(Method::POST, &format!("/identities/{org_id}/children"))
        .json(&json!({"children": [u["id"]]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // A same-origin GET carries no Origin header.
    let res = sb
        .http
        .get(sb.url(&format!("/demo-api/identities/{org_id}")))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["children"][0]["id"], u["id"]);
    // localhost is the same server.
    let port = sb.server.addr().port();
    let res = sb
        .http
        .get(sb.url("/demo-api/identities"))
        .header("host", format!("localhost:{port}"))
        .header("origin", format!("http://localhost:{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // The same data as the credentialed API.
    let v: Value = sb
        .get(&format!("/identities/{org_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["children"][0]["id"], u["id"]);
    // Errors keep their shape.
    let res = page(Method::POST, "/identities")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    expect_error(res, 400, "12", "missingParam").await;
    // /demo-api never hands out tokens.
    let res = page(Method::POST, "/auth")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    expect_error(res, 404, "31", "notFound").await;
}

#[tokio::test]
async fn the_demo_api_refuses_other_origins() {
    let sb = with_files(&["http://localhost:5173"]).await;
    let port = sb.server.addr().port();
    let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "another origin",
            vec![("origin", "https://evil.test".into())],
        ),
        (
            "a CORS-allowed origin is still another origin",
            vec![("origin", "http://localhost:5173".into())],
        ),
        (
            "another port",
            vec![("origin", "http://127.0.0.1:1".into())],
        ),
        (
            "a cross-site fetch without Origin",
            vec![("sec-fetch-site", "cross-site".into())],
        ),
        (
            "a same-site fetch",
            vec![("sec-fetch-site", "same-site".into())],
        ),
        (
            "DNS rebinding",
            vec![
                ("host", format!("evil.test:{port}")),
                ("origin", format!("http://evil.test:{port}")),
            ],
        ),
    ];
    for (what, headers) in cases {
        for (m, path) in [
            (Method::GET, "/demo-api/identities"),
            (Method::POST, "/demo-api/identities"),
        ] {
            let mut r = sb.http.request(m, sb.url(path)).json(&user(seq()));
            for (k, v) in &headers {
                r = r.header(*k, v);
            }
            let res = r.send().await.unwrap();
            let e = expect_error(res, 403, "43", "forbiddenOperation").await;
            assert!(
                e["detail"].as_str().unwrap().contains("own pages"),
                "{what}: {e}"
            );
        }
    }
    let v: Value = sb.get("/identities").await.json().await.unwrap();
    assert_eq!(v["pagination"]["total"], 0, "nothing was created");
}

#[tokio::test]
async fn the_demo_api_can_be_turned_off() {
    let sb = Sandbox::start_with(|c| c.demo = false).await;
    let res = sb
        .http
        .get(sb.url("/demo-api/identities"))
        .send()
        .await
        .unwrap();
    expect_error(res, 404, "31", "notFound").await;
}
