//! Fault mode (`--faults`, header `x-sandbox-fault`): each fault happens at the HTTP level,
//! before the request is handled (nothing stored) or, with `after`, once it has been.

mod common;

use std::time::{Duration, Instant};

use common::*;
use reqwest::Method;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const FAULT: &str = "x-sandbox-fault";

/// Everything the server sends on one raw connection for `GET /demo-api/identities` with the
/// fault `spec`, read until it closes (at most 5 s): what a client sees on the wire.
async fn raw_get(addr: std::net::SocketAddr, spec: &str) -> Vec<u8> {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET /demo-api/identities HTTP/1.1\r\nHost: {addr}\r\n{FAULT}: {spec}\r\n\r\n");
    s.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out)).await.expect("closed");
    out
}

async fn faulty() -> Sandbox {
    Sandbox::start_with(|c| c.faults = true).await
}

async fn total(sb: &Sandbox) -> u64 {
    let v: Value = sb.get("/identities?limit=1").await.json().await.unwrap();
    v["pagination"]["total"].as_u64().unwrap()
}

async fn create_with(sb: &Sandbox, fault: &str) -> reqwest::Result<reqwest::Response> {
    sb.req(Method::POST, "/identities")
        .header(FAULT, fault)
        .json(&user(seq()))
        .send()
        .await
}

#[tokio::test]
async fn error_statuses_with_and_without_retry_after() {
    let sb = faulty().await;
    for (spec, status, code, kind, retry) in [
        ("500", 500, "01", "serverError", None),
        ("502", 502, "01", "serverError", None),
        ("503", 503, "01", "serverError", None),
        ("429", 429, "32", "tooManyRequests", None),
        ("503; retry-after=2", 503, "01", "serverError", Some("2")),
        ("429; retry-after=7", 429, "32", "tooManyRequests", Some("7")),
        ("500; retry-after=1", 500, "01", "serverError", Some("1")),
        ("502; retry-after=3", 502, "01", "serverError", Some("3")),
    ] {
        let before = total(&sb).await;
        let res = create_with(&sb, spec).await.unwrap();
        let got = res
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_string());
        assert_eq!(got.as_deref(), retry, "{spec}");
        expect_error(res, status, code, kind).await;
        assert_eq!(total(&sb).await, before, "{spec}: nothing stored");
    }
    // With `after`, the create happened and only its answer was lost.
    let before = total(&sb).await;
    let res = create_with(&sb, "503; after").await.unwrap();
    expect_error(res, 503, "01", "serverError").await;
    assert_eq!(total(&sb).await, before + 1);
}

#[tokio::test]
async fn drop_closes_the_connection_with_no_answer() {
    let sb = faulty().await;
    let before = total(&sb).await;
    let err = create_with(&sb, "drop").await.unwrap_err();
    assert!(!err.is_status(), "{err}");
    assert_eq!(total(&sb).await, before, "nothing stored");
    assert!(create_with(&sb, "drop; after").await.is_err());
    assert_eq!(total(&sb).await, before + 1, "stored, answer lost");
    // On the wire: the connection ends with not a byte of answer.
    let out = raw_get(sb.server.addr(), "drop").await;
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
}

#[tokio::test]
async fn delay_then_the_normal_answer() {
    let sb = faulty().await;
    let start = Instant::now();
    let res = create_with(&sb, "delay=400").await.unwrap();
    assert!(start.elapsed() >= Duration::from_millis(400));
    assert_eq!(res.status(), 200);
    // A delay before another fault.
    let start = Instant::now();
    let res = create_with(&sb, "503; delay=300").await.unwrap();
    assert!(start.elapsed() >= Duration::from_millis(300));
    assert_eq!(res.status(), 503);
}

#[tokio::test]
async fn malformed_json_and_the_wrong_content_type() {
    let sb = faulty().await;
    for spec in ["malformed-json", "malformed-json; after"] {
        let res = create_with(&sb, spec).await.unwrap();
        assert_eq!(res.status(), 200, "{spec}");
        assert_eq!(res.headers()["content-type"], "application/json", "{spec}");
        let text = res.text().await.unwrap();
        assert!(!text.is_empty());
        assert!(serde_json::from_str::<Value>(&text).is_err(), "{spec}: {text}");
    }
    for spec in ["wrong-content-type", "wrong-content-type; after"] {
        let res = create_with(&sb, spec).await.unwrap();
        assert_eq!(res.status(), 200, "{spec}");
        let ct = res.headers()["content-type"].to_str().unwrap().to_string();
        assert!(ct.starts_with("text/html"), "{spec}: {ct}");
    }
}

#[tokio::test]
async fn truncate_sends_less_than_its_content_length() {
    let sb = faulty().await;
    let addr = sb.server.addr();
    for spec in ["truncate", "truncate; after"] {
        let out = raw_get(addr, spec).await;
        let text = String::from_utf8_lossy(&out);
        let (head, body) = text.split_once("\r\n\r\n").expect("a header");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        let length: usize = head
            .lines()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap()))
            .expect("content-length");
        assert!(!body.is_empty() && body.len() < length, "{spec}: {} of {length}", body.len());
    }
    // A client reading it gets an error, not a short body taken as whole.
    assert!(create_with(&sb, "truncate").await.unwrap().text().await.is_err());
}

#[tokio::test]
async fn the_header_is_ignored_without_the_flag_and_checked_with_it() {
    let sb = Sandbox::start().await;
    let res = create_with(&sb, "503").await.unwrap();
    assert_eq!(res.status(), 200, "faults are off by default");
    let sb = faulty().await;
    for bad in ["404", "explode", "drop; 503", "delay=abc"] {
        let e = expect_error(create_with(&sb, bad).await.unwrap(), 400, "11", "invalidParam").await;
        assert!(e["detail"].as_str().unwrap().contains(FAULT), "{e}");
    }
}
