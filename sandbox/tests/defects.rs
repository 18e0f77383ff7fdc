//! Issue 18's smaller server defects, each pinned: a path that is not UTF-8, a storage failure,
//! a 405's `Allow` list, duplicate JSON keys, a huge list of field errors, query errors that
//! lost their parameter, and the spec's `rules` and `gender` fields.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn a_path_that_is_not_utf8_answers_the_json_error_shape() {
    let sb = Sandbox::start().await;
    for path in ["/identities/%FF", "/identities/%C3%28", "/demo-api/identities/%FF"] {
        let res = sb.get(path).await;
        let e = expect_error(res, 400, "11", "invalidParam").await;
        assert!(!e["detail"].as_str().unwrap().contains('\u{FFFD}'), "{e}");
    }
}

#[tokio::test]
async fn a_storage_error_answers_no_sqlite_text_and_a_trace_id() {
    let sb = Sandbox::start().await;
    let u = sb.create(&user(seq())).await;
    let id = u["id"].as_str().unwrap().to_string();
    // Break the storage under the server: its reads of the links now fail.
    let conn = rusqlite::Connection::open(sb.dir.path("db.sqlite")).unwrap();
    conn.execute_batch("DROP TABLE links").unwrap();
    for res in [
        sb.get(&format!("/identities/{id}")).await,
        sb.post("/identities", &user(seq())).await,
    ] {
        let e = expect_error(res, 500, "01", "serverError").await;
        let text = e.to_string().to_lowercase();
        for leak in ["sqlite", "no such table", "links", "select", "storage error:"] {
            assert!(!text.contains(leak), "{leak} in {e}");
        }
    }
}

#[tokio::test]
async fn a_405_names_the_allowed_methods() {
    let sb = Sandbox::start().await;
    for (method, path, expect) in [
        (Method::PUT, "/identities/abc", "GET"),
        (Method::DELETE, "/identities", "POST"),
        (Method::GET, "/auth", "POST"),
        (Method::PATCH, "/sandbox/identities/abc/children", "DELETE"),
        (Method::PUT, "/demo-api/identities", "GET"),
    ] {
        let res = sb.req(method.clone(), path).send().await.unwrap();
        let allow = res
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let e = expect_error(res, 405, "42", "unimplemented").await;
        let detail = e["detail"].as_str().unwrap();
        assert!(!detail.contains("allowed: ."), "{method} {path}: {detail}");
        assert!(detail.contains(expect) && allow.contains(expect), "{method} {path}: {detail} / {allow}");
    }
}

#[tokio::test]
async fn duplicate_json_keys_are_refused() {
    let sb = Sandbox::start().await;
    let body = serde_json::to_string(&user(seq())).unwrap();
    // The same key twice: which email was meant?
    let twice = body.replacen('{', r#"{"email":"first@example.com","#, 1);
    for path in ["/identities", "/auth"] {
        let res = sb
            .req(Method::POST, path)
            .header("content-type", "application/json")
            .body(twice.clone())
            .send()
            .await
            .unwrap();
        let e = expect_error(res, 400, "14", "parsingResource").await;
        assert!(
            e["detail"].as_str().unwrap().contains(r#"the key "email" appears twice"#),
            "{e}"
        );
    }
    let nested = r#"{"name": "x", "securityOptions": {"signTrx": true, "signTrx": false}}"#;
    let u = sb.create(&user(seq())).await;
    let res = sb
        .req(Method::PATCH, &format!("/identities/{}", u["id"].as_str().unwrap()))
        .header("content-type", "application/json")
        .body(nested)
        .send()
        .await
        .unwrap();
    expect_error(res, 400, "14", "parsingResource").await;
}

#[tokio::test]
async fn a_body_of_thousands_of_unknown_keys_gets_a_short_error() {
    let sb = Sandbox::start().await;
    let mut body = user(seq());
    let mut n = 0;
    while serde_json::to_string(&body).unwrap().len() < 63 * 1024 {
        for _ in 0..50 {
            body[format!("k{n}")] = json!(0);
            n += 1;
        }
    }
    let res = sb.post("/identities", &body).await;
    let e = expect_error(res, 400, "11", "invalidParam").await;
    let size = e.to_string().len();
    assert!(size < 16 * 1024, "{size} bytes of error for {n} unknown keys");
    assert_eq!(e["errors"].as_array().unwrap().len(), 50);
    let detail = e["detail"].as_str().unwrap();
    assert!(
        detail.contains(&format!("and {} more ({n} in all", n - 10)),
        "{detail}"
    );
}

#[tokio::test]
async fn query_errors_name_their_parameter_and_its_values() {
    let sb = Sandbox::start().await;
    for (q, must) in [
        ("limit=abc", &["limit", "1", "100"][..]),
        ("limit=0", &["limit", "1", "100"]),
        ("limit=101", &["limit", "1", "100"]),
        ("status=FOO", &["status", "ACTIVE", "PENDING"]),
        ("type=ROBOT", &["type", "USER", "ORGANIZATION"]),
        ("next=zzz", &["next", "pagination.next"]),
        ("country=Narnia", &["country", "alpha-3"]),
    ] {
        let e = expect_error(
            sb.get(&format!("/identities?{q}")).await,
            400,
            "11",
            "invalidParam",
        )
        .await;
        let message = e["errors"][0]["message"].as_str().unwrap();
        for text in [e["detail"].as_str().unwrap(), message] {
            assert!(!text.contains(": .") && !text.contains("()"), "{q}: {text}");
            for m in must {
                assert!(text.contains(m), "{q}: {m} not in {text}");
            }
        }
    }
}

#[tokio::test]
async fn rules_on_create_and_gender_on_patch_are_accepted() {
    let sb = Sandbox::start().await;
    let mut body = organization(seq());
    body["rules"] = json!({"approval": "two-step"});
    let org = sb.create(&body).await;
    assert_eq!(org["rules"], json!({"approval": "two-step"}));
    let u = sb.create(&user(seq())).await;
    let path = format!("/identities/{}", u["id"].as_str().unwrap());
    let res = sb.patch(&path, &json!({"gender": "FEMALE"})).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["gender"], "FEMALE");
    let v: Value = sb.get(&path).await.json().await.unwrap();
    assert_eq!(v["gender"], "FEMALE");
    // Still typed.
    let e = expect_error(sb.patch(&path, &json!({"gender": 7})).await, 400, "11", "invalidParam").await;
    assert_eq!(e["errors"][0]["path"], "gender");
}
