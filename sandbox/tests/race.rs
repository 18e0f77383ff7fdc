//! Uniqueness holds under concurrency: SQLite's unique indexes decide, not a read-then-write.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn race(sb: &Sandbox, body: Value, n: usize) -> (usize, usize, Vec<StatusCode>) {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let req = sb.req(reqwest::Method::POST, "/identities").json(&body);
        tasks.push(tokio::spawn(
            async move { req.send().await.map(|r| r.status()) },
        ));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("task").expect("request"));
    }
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let conflict = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    (ok, conflict, statuses)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_identical_creates_make_exactly_one_identity() {
    let sb = Sandbox::start().await;
    for body in [user(seq()), organization(seq())] {
        let (ok, conflict, statuses) = race(&sb, body.clone(), 50).await;
        assert_eq!((ok, conflict), (1, 49), "{statuses:?}");
        let q = format!(
            "/identities?documentNumber={}&type={}",
            body["documentNumber"].as_str().unwrap(),
            body["type"].as_str().unwrap()
        );
        let v: Value = sb.get(&q).await.json().await.unwrap();
        assert_eq!(v["pagination"]["total"], 1, "{v}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_number_written_differently_still_races_to_one() {
    let sb = Sandbox::start().await;
    let body = organization(seq());
    let number = body["documentNumber"].as_str().unwrap().to_string();
    let (digits, dv) = number.split_once('-').unwrap();
    let dotted = format!("{}.{}.{}-{}", &digits[..2], &digits[2..5], &digits[5..], dv);
    let mut tasks = Vec::new();
    for i in 0..40 {
        let mut b = body.clone();
        b["documentNumber"] = json!(if i % 2 == 0 {
            number.clone()
        } else {
            dotted.clone()
        });
        let req = sb.req(reqwest::Method::POST, "/identities").json(&b);
        tasks.push(tokio::spawn(
            async move { req.send().await.unwrap().status() },
        ));
    }
    let mut ok = 0;
    for t in tasks {
        let s = t.await.unwrap();
        assert!(s == StatusCode::OK || s == StatusCode::CONFLICT, "{s}");
        ok += usize::from(s == StatusCode::OK);
    }
    assert_eq!(ok, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_distinct_creates_all_succeed() {
    let sb = Sandbox::start().await;
    let base = seq();
    let mut tasks = Vec::new();
    for i in 0..100 {
        let req = sb
            .req(reqwest::Method::POST, "/identities")
            .json(&user(base + i * 11));
        tasks.push(tokio::spawn(
            async move { req.send().await.unwrap().status() },
        ));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
    let v: Value = sb.get("/identities?limit=1").await.json().await.unwrap();
    assert_eq!(v["pagination"]["total"], 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_file_still_make_one_identity() {
    // Two servers share the database: no in-process lock spans them, only SQLite's index.
    let a = Sandbox::start().await;
    let db = a.dir.path("db.sqlite");
    let b_server = identity_sandbox::spawn(identity_sandbox::Config::sandbox(&db))
        .await
        .unwrap();
    let b_token = sign_in(&a.http, &b_server.url()).await;
    let body = organization(seq());
    let mut tasks = Vec::new();
    for i in 0..50 {
        let req = if i % 2 == 0 {
            a.req(reqwest::Method::POST, "/identities")
        } else {
            a.http
                .post(format!("{}/identities", b_server.url()))
                .header("x-api-key", KEY)
                .bearer_auth(&b_token)
                .header("conomyhq-api-version", VERSION)
        }
        .json(&body);
        tasks.push(tokio::spawn(
            async move { req.send().await.unwrap().status() },
        ));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count(),
        49,
        "{statuses:?}"
    );
}
