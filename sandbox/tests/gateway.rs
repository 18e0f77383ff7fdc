//! Gateway mode against a second server acting as the upstream (a sandbox): the page sends no
//! secret, the upstream gets x-api-key and a valid bearer token, tokens are refreshed.

mod common;

use std::time::Duration;

use common::*;
use identity_sandbox::{spawn, Config, Running};
use reqwest::Method;
use serde_json::{json, Value};

async fn gateway_to(upstream: &Sandbox, secret: &str, tweak: impl FnOnce(&mut Config)) -> Running {
    let mut config = Config::gateway(
        format!("{}/sandbox", upstream.server.url()),
        KEY,
        "sandbox-client",
        secret,
    );
    tweak(&mut config);
    spawn(config).await.expect("gateway starts")
}

/// A request as the page sends it: no key, no token.
fn page(gw: &Running, m: Method, path: &str) -> reqwest::RequestBuilder {
    client().request(m, format!("{}{path}", gw.url()))
}

#[tokio::test]
async fn the_page_sends_no_secret_and_the_upstream_gets_key_and_token() {
    let upstream = Sandbox::start().await;
    let before = upstream.server.tokens_issued();
    let gw = gateway_to(&upstream, "sandbox-secret", |_| {}).await;
    let n = seq();
    // The seed flow through the gateway, under each prefix the page may use.
    let res = page(&gw, Method::POST, "/demo-api/identities")
        .json(&organization(n))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("x-upstream-trace-id").is_some());
    assert!(res.headers().get("x-trace-id").is_some());
    let org: Value = res.json().await.unwrap();
    let u1: Value = page(&gw, Method::POST, "/identities")
        .json(&user(n))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let u2: Value = page(&gw, Method::POST, "/sandbox/identities")
        .json(&user(n + 1))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let org_id = org["id"].as_str().unwrap();
    let patch = json!({"children": [
        {"id": u1["id"], "name": u1["name"], "email": u1["email"]},
        {"id": u2["id"], "name": u2["name"], "email": u2["email"]},
    ]});
    let res = page(
        &gw,
        Method::PATCH,
        &format!("/demo-api/identities/{org_id}"),
    )
    .json(&patch)
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    let back: Value = page(&gw, Method::GET, &format!("/demo-api/identities/{org_id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(back["children"].as_array().unwrap().len(), 2);
    // Remove and add by id, list with a query string, delete.
    let res = page(
        &gw,
        Method::DELETE,
        &format!("/identities/{org_id}/children"),
    )
    .json(&json!({"children": [u2["id"]]}))
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    let res = page(&gw, Method::POST, &format!("/identities/{org_id}/children"))
        .json(&json!({"children": [u2["id"]]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let list: Value = page(&gw, Method::GET, "/identities?type=USER&limit=1")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["pagination"]["total"], 2);
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    let res = page(
        &gw,
        Method::DELETE,
        &format!("/identities/{}", u2["id"].as_str().unwrap()),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 204);
    // The upstream really stored it (read with the upstream's own credentials).
    let v: Value = upstream
        .get(&format!("/identities/{org_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        v["children"],
        json!([{"id": u1["id"], "name": u1["name"], "email": u1["email"]}])
    );
    // One token for all of that.
    assert_eq!(gw.upstream_auth_calls(), 1);
    assert_eq!(upstream.server.tokens_issued() - before, 1);
}

#[tokio::test]
async fn whatever_auth_the_page_sends_is_dropped() {
    let upstream = Sandbox::start().await;
    let gw = gateway_to(&upstream, "sandbox-secret", |_| {}).await;
    // Were these forwarded, the upstream would answer 401 (and the gateway would refresh).
    let res = page(&gw, Method::GET, "/identities")
        .header("x-api-key", "evil-key")
        .header("authorization", "Bearer evil-token")
        .header("cookie", "session=evil")
        .header("conomyhq-api-version", "01-01-1999")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        400,
        "a wrong version header is refused, not forwarded"
    );
    let res = page(&gw, Method::GET, "/identities")
        .header("x-api-key", "evil-key")
        .header("authorization", "Bearer evil-token")
        .header("cookie", "session=evil")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(gw.upstream_auth_calls(), 1, "no 401 came back");
}

#[tokio::test]
async fn a_401_from_the_upstream_gets_one_refresh() {
    let upstream = Sandbox::start().await;
    let gw = gateway_to(&upstream, "sandbox-secret", |_| {}).await;
    assert_eq!(
        page(&gw, Method::GET, "/identities")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(gw.upstream_auth_calls(), 1);
    // As if the upstream restarted: the gateway's token is now unknown there.
    upstream.server.revoke_tokens();
    let res = page(&gw, Method::POST, "/identities")
        .json(&user(seq()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "the body was resent after the refresh");
    assert_eq!(gw.upstream_auth_calls(), 2);
    assert_eq!(
        page(&gw, Method::GET, "/identities")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(gw.upstream_auth_calls(), 2);
}

#[tokio::test]
async fn tokens_are_refreshed_before_they_expire() {
    let upstream = Sandbox::start_with(|c| c.token_ttl = 1).await;
    let gw = gateway_to(&upstream, "sandbox-secret", |_| {}).await;
    assert_eq!(
        page(&gw, Method::GET, "/identities")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(
        page(&gw, Method::GET, "/identities")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(gw.upstream_auth_calls(), 2);
    // Concurrent calls share one refresh.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let r = page(&gw, Method::GET, "/identities");
        tasks.push(tokio::spawn(
            async move { r.send().await.unwrap().status() },
        ));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    assert_eq!(gw.upstream_auth_calls(), 3);
}

#[tokio::test]
async fn upstream_errors_pass_through_and_local_checks_answer_first() {
    let upstream = Sandbox::start().await;
    let gw = gateway_to(&upstream, "sandbox-secret", |_| {}).await;
    let body = organization(seq());
    assert_eq!(
        page(&gw, Method::POST, "/identities")
            .json(&body)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // The upstream's own errors.
    expect_error(
        page(&gw, Method::POST, "/identities")
            .json(&body)
            .send()
            .await
            .unwrap(),
        409,
        "13",
        "alreadyExist",
    )
    .await;
    expect_error(
        page(&gw, Method::GET, "/identities/000000000000000000000000")
            .send()
            .await
            .unwrap(),
        404,
        "31",
        "notFound",
    )
    .await;
    expect_error(
        page(&gw, Method::GET, "/identities?limit=0")
            .send()
            .await
            .unwrap(),
        400,
        "11",
        "invalidParam",
    )
    .await;
    // Checked here before any forwarding: the same validators, the same shapes.
    let e = expect_error(
        page(&gw, Method::POST, "/identities")
            .json(&json!({"type": "USER"}))
            .send()
            .await
            .unwrap(),
        400,
        "12",
        "missingParam",
    )
    .await;
    assert!(e["errors"].as_array().unwrap().len() > 3);
    let r = page(&gw, Method::POST, "/identities")
        .header("content-type", "text/plain")
        .body("x");
    expect_error(r.send().await.unwrap(), 415, "14", "parsingResource").await;
    let r = page(&gw, Method::POST, "/identities")
        .header("content-type", "application/json")
        .body("{");
    expect_error(r.send().await.unwrap(), 400, "14", "parsingResource").await;
    let r = page(&gw, Method::POST, "/identities").json(&json!({"name": "x".repeat(70_000)}));
    expect_error(r.send().await.unwrap(), 413, "11", "invalidParam").await;
    expect_error(
        page(&gw, Method::PUT, "/identities/abc")
            .send()
            .await
            .unwrap(),
        405,
        "42",
        "unimplemented",
    )
    .await;
    expect_error(
        page(&gw, Method::GET, "/identities/a%2F..%2Fauth")
            .send()
            .await
            .unwrap(),
        404,
        "31",
        "notFound",
    )
    .await;
    expect_error(
        page(&gw, Method::GET, "/identities/abc/children/x")
            .send()
            .await
            .unwrap(),
        404,
        "31",
        "notFound",
    )
    .await;
    // Pages never authenticate.
    let r = page(&gw, Method::POST, "/auth").json(&json!({"clientId": "a", "clientSecret": "b"}));
    expect_error(r.send().await.unwrap(), 403, "43", "forbiddenOperation").await;
}

#[tokio::test]
async fn only_the_gateways_own_pages_and_cors_origins_may_use_it() {
    let upstream = Sandbox::start().await;
    let gw = gateway_to(&upstream, "sandbox-secret", |c| {
        c.cors_origins = vec!["https://app.example.com".into()]
    })
    .await;
    let r = page(&gw, Method::GET, "/identities").header("origin", "https://evil.test");
    expect_error(r.send().await.unwrap(), 403, "43", "forbiddenOperation").await;
    let r = page(&gw, Method::GET, "/identities").header("sec-fetch-site", "cross-site");
    expect_error(r.send().await.unwrap(), 403, "43", "forbiddenOperation").await;
    let res = page(&gw, Method::GET, "/identities")
        .header("origin", "https://app.example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
    let own = gw.url();
    let res = page(&gw, Method::GET, "/identities")
        .header("origin", own)
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(gw.upstream_auth_calls(), 1);
}

#[tokio::test]
async fn an_unreachable_or_refusing_upstream_is_a_502() {
    let upstream = Sandbox::start().await;
    // Wrong client secret: the upstream's /auth says 401, the page sees the gateway's 502.
    let gw = gateway_to(&upstream, "wrong-secret", |_| {}).await;
    let e = expect_error(
        page(&gw, Method::GET, "/identities").send().await.unwrap(),
        502,
        "01",
        "serverError",
    )
    .await;
    assert!(!e["detail"].as_str().unwrap().contains("wrong-secret"));
    // Nothing listening.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let gw = spawn(Config::gateway(
        format!("http://127.0.0.1:{port}"),
        KEY,
        "sandbox-client",
        "sandbox-secret",
    ))
    .await
    .unwrap();
    expect_error(
        page(&gw, Method::GET, "/identities").send().await.unwrap(),
        502,
        "01",
        "serverError",
    )
    .await;
}

#[tokio::test]
async fn a_bad_upstream_url_stops_the_start() {
    for bad in ["not a url", "ftp://example.com", "http://example.com/?q=1"] {
        let e = spawn(Config::gateway(bad, "k", "i", "s"))
            .await
            .err()
            .expect("refused");
        assert!(e.to_string().contains("upstream"), "{e}");
    }
}
