//! Every error the sandbox can answer, each in the canonical shape
//! `{status, code, type, detail, traceId}` with `x-trace-id`, and its field errors.

mod common;

use std::io::{Read, Write};
use std::time::Duration;

use common::*;
use identity_kit::{validate_identity, Locale, ValidateOptions};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn unauthorized_41_for_every_missing_or_wrong_credential() {
    let sb = Sandbox::start().await;
    let url = sb.url("/identities");
    let cases = vec![
        (
            "no key",
            sb.http
                .get(&url)
                .bearer_auth(&sb.token)
                .header("conomyhq-api-version", VERSION),
        ),
        (
            "wrong key",
            sb.http
                .get(&url)
                .header("x-api-key", "nope")
                .bearer_auth(&sb.token)
                .header("conomyhq-api-version", VERSION),
        ),
        (
            "no token",
            sb.http
                .get(&url)
                .header("x-api-key", KEY)
                .header("conomyhq-api-version", VERSION),
        ),
        (
            "wrong token",
            sb.http
                .get(&url)
                .header("x-api-key", KEY)
                .bearer_auth("forged")
                .header("conomyhq-api-version", VERSION),
        ),
        (
            "basic auth",
            sb.http
                .get(&url)
                .header("x-api-key", KEY)
                .basic_auth("a", Some("b"))
                .header("conomyhq-api-version", VERSION),
        ),
    ];
    for (what, req) in cases {
        let res = req.send().await.unwrap();
        assert_eq!(
            res.headers()
                .get("www-authenticate")
                .map(|v| v.to_str().unwrap().starts_with("Bearer")),
            Some(true),
            "{what}"
        );
        expect_error(res, 401, "41", "unauthorized").await;
    }
    // /auth itself: key required, then the right client.
    let auth = sb.url("/auth");
    let res = sb
        .http
        .post(&auth)
        .json(&json!({"clientId": "sandbox-client", "clientSecret": "sandbox-secret"}))
        .send()
        .await
        .unwrap();
    expect_error(res, 401, "41", "unauthorized").await;
    let res = sb
        .http
        .post(&auth)
        .header("x-api-key", KEY)
        .json(&json!({"clientId": "sandbox-client", "clientSecret": "wrong"}))
        .send()
        .await
        .unwrap();
    expect_error(res, 401, "41", "unauthorized").await;
    let res = sb
        .http
        .post(&auth)
        .header("x-api-key", KEY)
        .json(&json!({"clientId": "sandbox-client"}))
        .send()
        .await
        .unwrap();
    let e = expect_error(res, 400, "12", "missingParam").await;
    assert_eq!(e["errors"][0]["path"], "clientSecret");
}

#[tokio::test]
async fn tokens_expire_after_the_ttl() {
    let sb = Sandbox::start_with(|c| c.token_ttl = 1).await;
    assert_eq!(sb.get("/identities").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    expect_error(sb.get("/identities").await, 401, "41", "unauthorized").await;
}

#[tokio::test]
async fn the_api_version_header_is_required() {
    let sb = Sandbox::start().await;
    let base = sb
        .http
        .get(sb.url("/identities"))
        .header("x-api-key", KEY)
        .bearer_auth(&sb.token);
    let res = base.try_clone().unwrap().send().await.unwrap();
    expect_error(res, 400, "12", "missingParam").await;
    let res = base
        .header("conomyhq-api-version", "01-01-2020")
        .send()
        .await
        .unwrap();
    expect_error(res, 400, "11", "invalidParam").await;
}

#[tokio::test]
async fn invalid_payloads_are_400_11_with_the_validators_field_errors_in_the_callers_language() {
    let sb = Sandbox::start().await;
    let mut body = user(seq());
    body["documentNumber"] = json!("77123126-K");
    body["phone"] = json!("+5692111111");
    body["email"] = json!("not-an-email");
    for (lang, locale) in [
        ("en", Locale::En),
        ("es-CL,es;q=0.9", Locale::Es),
        ("pt-BR", Locale::Pt),
        ("fr, es;q=0.5", Locale::Es),
    ] {
        let res = sb
            .req(Method::POST, "/identities")
            .header("accept-language", lang)
            .json(&body)
            .send()
            .await
            .unwrap();
        let e = expect_error(res, 400, "11", "invalidParam").await;
        let expected = validate_identity(
            &(&body).into(),
            &ValidateOptions {
                locale,
                ..Default::default()
            },
        )
        .errors;
        let got: Vec<(String, String, String)> = e["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["path"].as_str().unwrap().into(),
                    x["code"].as_str().unwrap().into(),
                    x["message"].as_str().unwrap().into(),
                )
            })
            .collect();
        let want: Vec<(String, String, String)> = expected
            .into_iter()
            .map(|x| (x.path, x.code, x.message))
            .collect();
        assert_eq!(got, want, "{lang}");
        assert_eq!(got.len(), 3);
    }
    // Read-only and unknown fields are refused too.
    let mut body = user(seq());
    body["status"] = json!("ACTIVE");
    body["colour"] = json!("red");
    let e = expect_error(
        sb.post("/identities", &body).await,
        400,
        "11",
        "invalidParam",
    )
    .await;
    let codes: Vec<&str> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["identity.read_only", "unknown_field"], "{e}");
}

#[tokio::test]
async fn missing_fields_are_400_12() {
    let sb = Sandbox::start().await;
    let e = expect_error(
        sb.post("/identities", &json!({})).await,
        400,
        "12",
        "missingParam",
    )
    .await;
    let paths: Vec<&str> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["path"].as_str().unwrap())
        .collect();
    for p in [
        "type",
        "name",
        "email",
        "phone",
        "country",
        "documentType",
        "documentNumber",
        "idv",
    ] {
        assert!(paths.contains(&p), "{p} in {paths:?}");
    }
    assert!(e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["code"] == "missing"));
    // Children bodies.
    let org = sb.create(&organization(seq())).await;
    let path = format!("/identities/{}/children", org["id"].as_str().unwrap());
    expect_error(sb.post(&path, &json!({})).await, 400, "12", "missingParam").await;
    expect_error(
        sb.post(&path, &json!({"children": "x"})).await,
        400,
        "11",
        "invalidParam",
    )
    .await;
    let e = expect_error(
        sb.post(&path, &json!({"children": [1, ""]})).await,
        400,
        "11",
        "invalidParam",
    )
    .await;
    assert_eq!(e["errors"][0]["path"], "children[0]");
    assert_eq!(e["errors"][0]["code"], "not_a_string");
    assert_eq!(e["errors"][1]["path"], "children[1]");
}

#[tokio::test]
async fn malformed_bodies_are_400_14_and_other_media_types_415() {
    let sb = Sandbox::start().await;
    for body in ["{", "", "   ", "{\"type\": }", "nul", "\u{0}"] {
        let res = sb
            .req(Method::POST, "/identities")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        expect_error(res, 400, "14", "parsingResource").await;
    }
    let deep = "[".repeat(5000) + &"]".repeat(5000);
    let res = sb
        .req(Method::POST, "/identities")
        .header("content-type", "application/json")
        .body(deep)
        .send()
        .await
        .unwrap();
    expect_error(res, 400, "14", "parsingResource").await;
    for ct in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
    ] {
        let r = sb
            .req(Method::POST, "/identities")
            .body(serde_json::to_vec(&user(seq())).unwrap());
        let r = match ct {
            Some(ct) => r.header("content-type", ct),
            None => r,
        };
        expect_error(r.send().await.unwrap(), 415, "14", "parsingResource").await;
    }
    // Parameters on the media type are fine.
    let res = sb
        .req(Method::POST, "/identities")
        .header("content-type", "application/json; charset=utf-8")
        .body(serde_json::to_vec(&user(seq())).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // PATCH needs an object.
    let u = sb.create(&user(seq())).await;
    let e = expect_error(
        sb.patch(
            &format!("/identities/{}", u["id"].as_str().unwrap()),
            &json!([1]),
        )
        .await,
        400,
        "11",
        "invalidParam",
    )
    .await;
    assert_eq!(e["errors"][0]["code"], "not_an_object");
}

#[tokio::test]
async fn bodies_over_64_kib_are_413() {
    let sb = Sandbox::start().await;
    let mut body = user(seq());
    body["name"] = json!("x".repeat(70 * 1024));
    let e = expect_error(
        sb.post("/identities", &body).await,
        413,
        "11",
        "invalidParam",
    )
    .await;
    assert!(e["detail"].as_str().unwrap().contains("65536"));
    // Without Content-Length (chunked), over a raw socket.
    let addr = sb.server.addr();
    let token = sb.token.clone();
    let answer = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let head = format!(
            "POST /identities HTTP/1.1\r\nHost: {addr}\r\nx-api-key: {KEY}\r\nAuthorization: Bearer {token}\r\nconomyhq-api-version: {VERSION}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        );
        s.write_all(head.as_bytes()).unwrap();
        let chunk = vec![b' '; 8192];
        for _ in 0..10 {
            if s.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).is_err() || s.write_all(&chunk).is_err() || s.write_all(b"\r\n").is_err() {
                break;
            }
        }
        let _ = s.write_all(b"0\r\n\r\n");
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"code\":\"11\""), "{answer}");
}

#[tokio::test]
async fn unknown_ids_and_paths_are_404_31() {
    let sb = Sandbox::start().await;
    let missing = "000000000000000000000000";
    expect_error(
        sb.get(&format!("/identities/{missing}")).await,
        404,
        "31",
        "notFound",
    )
    .await;
    expect_error(
        sb.patch(&format!("/identities/{missing}"), &json!({"name": "x"}))
            .await,
        404,
        "31",
        "notFound",
    )
    .await;
    expect_error(
        sb.delete(&format!("/identities/{missing}"), None).await,
        404,
        "31",
        "notFound",
    )
    .await;
    expect_error(
        sb.post(
            &format!("/identities/{missing}/children"),
            &json!({"children": []}),
        )
        .await,
        404,
        "31",
        "notFound",
    )
    .await;
    expect_error(
        sb.delete(
            &format!("/identities/{missing}/children"),
            Some(&json!({"children": []})),
        )
        .await,
        404,
        "31",
        "notFound",
    )
    .await;
    expect_error(sb.get("/nothing-here").await, 404, "31", "notFound").await;
    expect_error(sb.get("/sandbox/accounts").await, 404, "31", "notFound").await;
}

#[tokio::test]
async fn wrong_methods_are_405_with_allow() {
    let sb = Sandbox::start().await;
    for (method, path) in [
        (Method::PUT, "/identities/abc"),
        (Method::DELETE, "/identities"),
        (Method::GET, "/auth"),
        (Method::PATCH, "/sandbox/identities/abc/children"),
    ] {
        let res = sb.req(method.clone(), path).send().await.unwrap();
        let allow = res
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_string());
        let e = expect_error(res, 405, "42", "unimplemented").await;
        assert!(allow.is_some_and(|a| !a.is_empty()), "{method} {path}: {e}");
    }
}

#[tokio::test]
async fn children_that_do_not_exist_are_422_21_and_self_links_400() {
    let sb = Sandbox::start().await;
    let n = seq();
    let org = sb.create(&organization(n)).await;
    let u = sb.create(&user(n + 1)).await;
    let org_id = org["id"].as_str().unwrap();
    let ghost = "ffffffffffffffffffffffff";
    let e = expect_error(
        sb.post(
            &format!("/identities/{org_id}/children"),
            &json!({"children": [u["id"], ghost]}),
        )
        .await,
        422,
        "21",
        "failedPrecondition",
    )
    .await;
    assert_eq!(
        e["errors"],
        json!([{"path": "children[1]", "code": "identity.child_not_found", "message": "No identity has this id."}])
    );
    // Nothing was linked.
    let v: Value = sb
        .get(&format!("/identities/{org_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["children"], json!([]));
    // By PATCH, and at creation.
    let patch = json!({"children": [{"id": ghost, "name": "Ghost", "email": "ghost@example.com"}]});
    expect_error(
        sb.patch(&format!("/identities/{org_id}"), &patch).await,
        422,
        "21",
        "failedPrecondition",
    )
    .await;
    let mut org2 = organization(n + 5);
    org2["children"] = patch["children"].clone();
    expect_error(
        sb.post("/identities", &org2).await,
        422,
        "21",
        "failedPrecondition",
    )
    .await;
    // Its own child.
    let e = expect_error(
        sb.post(
            &format!("/identities/{org_id}/children"),
            &json!({"children": [org_id]}),
        )
        .await,
        400,
        "11",
        "invalidParam",
    )
    .await;
    assert_eq!(e["errors"][0]["code"], "identity.self_child");
    // A cycle: org -> u, then u -> org.
    assert_eq!(
        sb.post(
            &format!("/identities/{org_id}/children"),
            &json!({"children": [u["id"]]})
        )
        .await
        .status(),
        200
    );
    let e = expect_error(
        sb.post(
            &format!("/identities/{}/children", u["id"].as_str().unwrap()),
            &json!({"children": [org_id]}),
        )
        .await,
        422,
        "21",
        "failedPrecondition",
    )
    .await;
    assert_eq!(e["errors"][0]["code"], "identity.child_cycle");
}

#[tokio::test]
async fn bad_list_queries_are_400_11() {
    let sb = Sandbox::start().await;
    for q in [
        "limit=0",
        "limit=101",
        "limit=ten",
        "next=garbage!",
        "type=ROBOT",
        "status=DELETED",
        "country=Narnia",
    ] {
        let e = expect_error(
            sb.get(&format!("/identities?{q}")).await,
            400,
            "11",
            "invalidParam",
        )
        .await;
        let param = q.split('=').next().unwrap();
        assert_eq!(e["errors"][0]["path"], param, "{q}");
    }
}

#[tokio::test]
async fn no_request_makes_the_server_fail() {
    let sb = Sandbox::start().await;
    let u = sb.create(&user(seq())).await;
    let id = u["id"].as_str().unwrap().to_string();
    let bodies = vec![
        json!(null),
        json!(1),
        json!("s"),
        json!([]),
        json!({"type": 5}),
        json!({"children": [{"id": 1}]}),
        json!({"securityOptions": {"accessControl": {"scopes": [{"permissions": [null]}]}}}),
        json!({"bankAccount": []}),
        json!({"address": {"country": 1}}),
        json!({"name": "\u{202e}\u{0}"}),
        json!({"documentNumber": "9".repeat(5000)}),
        json!({"phone": "+".repeat(3000)}),
        json!({"children": null}),
        json!({"id": "other"}),
        json!({"type": "ORGANIZATION", "documentType": "CURP"}),
    ];
    let paths = [
        "/identities".to_string(),
        format!("/identities/{id}"),
        format!("/identities/{id}/children"),
    ];
    for body in &bodies {
        for path in &paths {
            for method in [Method::POST, Method::PATCH, Method::DELETE] {
                let res = sb
                    .req(method.clone(), path)
                    .json(body)
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                assert!(
                    status < 500,
                    "{method} {path} {body}: {status} {}",
                    res.text().await.unwrap()
                );
            }
        }
    }
    for id in [
        "%00",
        "..%2F..%2Fetc",
        "x".repeat(3000).as_str(),
        "%F0%9F%98%80",
    ] {
        let res = sb.get(&format!("/identities/{id}")).await;
        assert!(res.status().as_u16() < 500, "{id}");
    }
    // Still answering (the identity itself went with the DELETEs).
    assert_eq!(sb.get("/identities").await.status(), 200);
}
