//! Humanos' `/v1/user` on the sandbox (SPEC section 5): every per-item status, the whole-
//! request 400s and 401s in NestJS' shape, the signature, lookups, the gateway's signing,
//! and imports of 10,000 subjects run twice and interrupted then resumed.

mod common;

use std::collections::HashSet;

use common::{client, Sandbox, TempDir};
use identity_sandbox::humanos::{signature, signed_headers, HumanosConfig, DEV_API_KEY, DEV_SIGNATURE_SECRET};
use identity_sandbox::{spawn, Config};
use reqwest::Response;
use serde_json::{json, Value};

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

fn dev() -> HumanosConfig {
    HumanosConfig::default()
}

async fn post_signed(sb: &Sandbox, path: &str, body: &str) -> Response {
    let mut req = sb.http.post(sb.url(path)).header("content-type", "application/json").body(body.to_string());
    for (k, v) in signed_headers(&dev(), body.as_bytes(), now_ms()) {
        req = req.header(k, v);
    }
    req.send().await.unwrap()
}

async fn import(sb: &Sandbox, subjects: &Value) -> Vec<Value> {
    let res = post_signed(sb, "/v1/user", &subjects.to_string()).await;
    assert_eq!(res.status(), 200);
    res.json::<Vec<Value>>().await.unwrap()
}

async fn get_signed(sb: &Sandbox, query: &str) -> Response {
    let mut req = sb.http.get(sb.url(&format!("/v1/user?{query}")));
    for (k, v) in signed_headers(&dev(), b"", now_ms()) {
        req = req.header(k, v);
    }
    req.send().await.unwrap()
}

async fn nest_error(res: Response, status: u16, contains: &str) {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["statusCode"], status, "{body}");
    assert!(body["error"].is_string(), "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains(contains), "{message:?} lacks {contains:?}");
}

fn person(contact: &str, doc: &str, country: &str) -> Value {
    json!({"contact": contact, "identity": {"fullName": "Ana Pérez", "birth": "1990-01-01", "docId": doc, "countryAlpha3": country}})
}

fn statuses(items: &[Value]) -> Vec<u64> {
    items.iter().map(|i| i["status"].as_u64().unwrap()).collect()
}

#[test]
fn signature_is_hmac_sha256_of_timestamp_dot_body() {
    // The HMAC-SHA256 of "key" over the classic sentence (Wikipedia's test vector).
    assert_eq!(
        signature("key", "The quick brown fox jumps over the lazy dog", b""),
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
    );
    assert_eq!(signature("key", "The quick brown fox", b"jumps over the lazy dog"), signature("key", "The quick brown fox.jumps over the lazy dog", b""));
}

#[tokio::test]
async fn every_per_item_status() {
    let sb = Sandbox::start().await;
    let first = import(&sb, &json!([
        person("ana@example.com", "12345678", "PRT"),
        {"contact": "+351912345678", "internalId": "crm-2"},
    ]))
    .await;
    assert_eq!(statuses(&first), [200, 200]);
    assert_eq!(first[0]["message"], "Subject created.");
    assert_eq!(first[0]["user"]["contact"], "ana@example.com");
    assert!(first[0]["user"]["did"].as_str().unwrap().starts_with("did:via:humanos:"));
    assert_eq!(first[1]["user"]["internalId"], "crm-2");

    // Against what is stored, one call each (in one call they would repeat each other: 407/408).
    let mut items = Vec::new();
    for subject in [
        person("ANA@example.com", "12 345 678", "PRT"),        // 201: the same subject again
        person("bo@example.com", "12345678", "PRT"),           // 409: Ana's identity
        person("ana@example.com", "99999999", "PRT"),          // 410: Ana has a PRT identity
        person("ana@example.com", "99999999", "ESP"),          // 200: a new country for Ana
        json!({"contact": "+351 912 345 678", "internalId": "crm-2"}), // 201
        json!({"contact": "+351912345678", "internalId": "crm-2b"}),   // 200: updated
    ] {
        items.extend(import(&sb, &json!([subject])).await);
    }
    assert_eq!(statuses(&items), [201, 409, 410, 200, 201, 200]);
    assert_eq!(items[0]["user"]["did"], first[0]["user"]["did"], "201 answers the same user");
    assert_eq!(items[0]["message"], "Already imported: nothing to update.");
    assert_eq!(items[1]["user"], json!({"contact": "bo@example.com"}), "a failure holds just the contact");
    assert_eq!(items[5]["message"], "Subject updated.");
    assert_eq!(items[5]["user"]["did"], first[1]["user"]["did"]);
    assert_eq!(items[5]["user"]["internalId"], "crm-2b");
    // What is known before sending, in one call.
    let mut bad_birth = person("cy@example.com", "1", "PRT");
    bad_birth["identity"]["birth"] = json!("1990-02-30");
    let items = import(&sb, &json!([
        {"contact": "nope"},                          // 400
        bad_birth,                                    // 401
        person("di@example.com", "2", "XYZ"),        // 402
        {"contact": "ed@example.com"},                // 200
        {"contact": "Ed@example.com"},                // 407
        person("fa@example.com", "3", "ESP"),        // 200
        person("gi@example.com", "3", "esp"),        // 408
    ]))
    .await;
    assert_eq!(statuses(&items), [400, 401, 402, 200, 407, 200, 408]);
    assert_eq!(items[0]["user"], json!({"contact": "nope"}));
    assert_eq!(items[2]["message"], "This is not an ISO 3166-1 alpha-3 country code (e.g. PRT).");
    // Nothing of a failed subject was stored.
    nest_error(get_signed(&sb, "contact=bo@example.com").await, 404, "User not found").await;
}

#[tokio::test]
async fn messages_follow_accept_language() {
    let sb = Sandbox::start().await;
    let body = json!([{"contact": "x"}]).to_string();
    let mut req = sb.http.post(sb.url("/v1/user")).header("content-type", "application/json").header("accept-language", "es-CL").body(body.clone());
    for (k, v) in signed_headers(&dev(), body.as_bytes(), now_ms()) {
        req = req.header(k, v);
    }
    let items: Vec<Value> = req.send().await.unwrap().json().await.unwrap();
    assert_eq!(items[0]["message"], "El contacto no es ni un correo ni un teléfono.");
}

#[tokio::test]
async fn whole_request_400s_in_nestjs_shape() {
    let sb = Sandbox::start().await;
    nest_error(post_signed(&sb, "/v1/user", "[]").await, 400, "No subjects provided").await;
    nest_error(post_signed(&sb, "/v1/user", "{\"contact\": \"a@example.com\"}").await, 400, "array").await;
    nest_error(post_signed(&sb, "/v1/user", "[{").await, 400, "not valid JSON").await;
    let many: Vec<Value> = (0..101).map(|i| json!({"contact": format!("u{i}@example.com")})).collect();
    nest_error(post_signed(&sb, "/v1/user", &json!(many).to_string()).await, 400, "At most 100").await;
    let hundred: Vec<Value> = (0..100).map(|i| json!({"contact": format!("u{i}@example.com")})).collect();
    assert_eq!(statuses(&import(&sb, &json!(hundred)).await), vec![200; 100]);
    // Without a JSON content type.
    let body = "[{\"contact\": \"z@example.com\"}]";
    let mut req = sb.http.post(sb.url("/v1/user")).header("content-type", "text/plain").body(body);
    for (k, v) in signed_headers(&dev(), body.as_bytes(), now_ms()) {
        req = req.header(k, v);
    }
    nest_error(req.send().await.unwrap(), 400, "Content-Type").await;
}

#[tokio::test]
async fn signatures_good_bad_and_old() {
    let sb = Sandbox::start().await;
    let body = json!([{"contact": "sig@example.com"}]).to_string();
    let send = |key: &str, ts: i64, sig: Option<String>, body: &str| {
        let sig = sig.unwrap_or_else(|| signature(DEV_SIGNATURE_SECRET, &ts.to_string(), body.as_bytes()));
        sb.http
            .post(sb.url("/v1/user"))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {key}"))
            .header("x-timestamp", ts.to_string())
            .header("x-signature", sig)
            .body(body.to_string())
            .send()
    };
    let now = now_ms();
    nest_error(send("wrong-key", now, None, &body).await.unwrap(), 401, "unknown API key").await;
    nest_error(send(DEV_API_KEY, now - 6 * 60 * 1000, None, &body).await.unwrap(), 401, "5 minutes").await;
    nest_error(send(DEV_API_KEY, now + 6 * 60 * 1000, None, &body).await.unwrap(), 401, "5 minutes").await;
    nest_error(send(DEV_API_KEY, i64::MIN, None, &body).await.unwrap(), 401, "5 minutes").await;
    nest_error(send(DEV_API_KEY, now, Some(signature("other-secret", &now.to_string(), body.as_bytes())), &body).await.unwrap(), 401, "does not match").await;
    // A signature of another body (tampered in transit).
    let other = signature(DEV_SIGNATURE_SECRET, &now.to_string(), b"[]");
    nest_error(send(DEV_API_KEY, now, Some(other), &body).await.unwrap(), 401, "does not match").await;
    let res = sb.http.post(sb.url("/v1/user")).header("content-type", "application/json").body(body.clone()).send().await.unwrap();
    nest_error(res, 401, "Authorization").await;
    // Nothing was stored by the refused calls; a good one (4 minutes old, upper-case hex) goes.
    nest_error(get_signed(&sb, "contact=sig@example.com").await, 404, "User not found").await;
    let ts = now - 4 * 60 * 1000;
    let good = signature(DEV_SIGNATURE_SECRET, &ts.to_string(), body.as_bytes()).to_uppercase();
    let res = send(DEV_API_KEY, ts, Some(good), &body).await.unwrap();
    assert_eq!(res.status(), 200);
    // GET signs the timestamp alone.
    let res = sb
        .http
        .get(sb.url("/v1/user?contact=sig@example.com"))
        .header("authorization", format!("Bearer {DEV_API_KEY}"))
        .header("x-timestamp", now.to_string())
        .header("x-signature", signature(DEV_SIGNATURE_SECRET, &now.to_string(), b""))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Configurable credentials.
    let custom = Sandbox::start_with(|c| {
        c.humanos = HumanosConfig { api_key: "k2".into(), signature_secret: "s2".into(), upstream: None };
    })
    .await;
    nest_error(post_signed(&custom, "/v1/user", &body).await, 401, "unknown API key").await;
}

#[tokio::test]
async fn lookups_by_contact_did_or_internal_id() {
    let sb = Sandbox::start().await;
    let mut subject = person("Look@Example.com", "12 345 678", "prt");
    subject["internalId"] = json!("crm-77");
    let created = import(&sb, &json!([subject, {"contact": "+56 9 6123 4567"}])).await;
    let did = created[0]["user"]["did"].as_str().unwrap().to_string();
    let expected = json!({
        "contacts": [{"contact": "Look@example.com", "type": "EMAIL", "verified": false, "did": did}],
        "identity": {"fullName": "Ana Pérez", "birth": "1990-01-01", "docId": "12345678", "countryAlpha3": "PRT"},
        "internalId": "crm-77",
    });
    for query in ["contact=look%40example.com".to_string(), format!("did={did}"), "internalId=crm-77".into()] {
        let res = get_signed(&sb, &query).await;
        assert_eq!(res.status(), 200, "{query}");
        assert_eq!(res.json::<Value>().await.unwrap(), expected, "{query}");
    }
    let phone: Value = get_signed(&sb, "contact=%2B56961234567").await.json().await.unwrap();
    assert_eq!(phone["contacts"][0]["type"], "PHONE");
    assert!(phone.get("identity").is_none() && phone.get("internalId").is_none());
    // An unencoded `+` (read as a space) still finds the phone.
    let res = get_signed(&sb, "contact=+56961234567").await;
    assert_eq!(res.status(), 200);
    nest_error(get_signed(&sb, "contact=nobody%40example.com").await, 404, "User not found").await;
    nest_error(get_signed(&sb, "").await, 400, "Exactly one").await;
    nest_error(get_signed(&sb, &format!("internalId=crm-77&did={did}")).await, 400, "Exactly one").await;
}

/// `n` distinct subjects, most with an identity.
fn population(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| match i % 3 {
            0 => json!({"contact": format!("user{i}@example.com"), "internalId": format!("crm-{i}")}),
            1 => person(&format!("+3519{:08}", 10_000_000 + i), &format!("D{i:09}"), "PRT"),
            _ => person(&format!("u{i}@example.com"), &format!("{i:08}"), "BRA"),
        })
        .collect()
}

async fn run_import(sb: &Sandbox, subjects: &[Value], stop_after_chunks: Option<usize>) -> Vec<Value> {
    let mut out = Vec::new();
    for (n, chunk) in subjects.chunks(100).enumerate() {
        if stop_after_chunks == Some(n) {
            break;
        }
        out.extend(import(sb, &json!(chunk)).await);
    }
    out
}

#[tokio::test]
async fn ten_thousand_subjects_twice_then_nothing_is_created() {
    let sb = Sandbox::start().await;
    let subjects = population(10_000);
    let first = run_import(&sb, &subjects, None).await;
    assert_eq!(first.len(), 10_000);
    assert!(first.iter().all(|i| i["status"] == 200), "every subject created once");
    let dids: HashSet<&str> = first.iter().map(|i| i["user"]["did"].as_str().unwrap()).collect();
    assert_eq!(dids.len(), 10_000);
    let second = run_import(&sb, &subjects, None).await;
    assert!(second.iter().all(|i| i["status"] == 201), "the re-run creates nothing");
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a["user"]["did"], b["user"]["did"], "the same user answers");
    }
}

#[tokio::test]
async fn an_interrupted_import_resumed_duplicates_nothing() {
    let sb = Sandbox::start().await;
    let subjects = population(1_000);
    let partial = run_import(&sb, &subjects, Some(3)).await;
    assert_eq!(partial.len(), 300);
    // Resumed from the start (the importer does not know how far it got).
    let resumed = run_import(&sb, &subjects, None).await;
    assert!(resumed[..300].iter().all(|i| i["status"] == 201));
    assert!(resumed[300..].iter().all(|i| i["status"] == 200));
    for (a, b) in partial.iter().zip(&resumed) {
        assert_eq!(a["user"]["did"], b["user"]["did"]);
    }
    let dids: HashSet<&str> = resumed.iter().map(|i| i["user"]["did"].as_str().unwrap()).collect();
    assert_eq!(dids.len(), 1_000, "one user per subject");
}

#[tokio::test]
async fn concurrent_identical_imports_create_each_subject_once() {
    let sb = Sandbox::start().await;
    let chunk = json!(population(100));
    let (a, b) = tokio::join!(import(&sb, &chunk), import(&sb, &chunk));
    for (x, y) in a.iter().zip(&b) {
        let mut pair = [x["status"].as_u64().unwrap(), y["status"].as_u64().unwrap()];
        pair.sort();
        assert_eq!(pair, [200, 201]);
        assert_eq!(x["user"]["did"], y["user"]["did"]);
    }
}

#[tokio::test]
async fn demo_api_needs_no_signature_but_the_own_page() {
    let sb = Sandbox::start().await;
    let res = sb.http.post(sb.url("/demo-api/v1/user")).json(&json!([{"contact": "page@example.com"}])).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(statuses(&res.json::<Vec<Value>>().await.unwrap()), [200]);
    let res = sb
        .http
        .post(sb.url("/demo-api/v1/user"))
        .header("origin", "https://evil.example")
        .json(&json!([{"contact": "evil@example.com"}]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = sb.http.get(sb.url("/demo-api/v1/user?contact=page%40example.com")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    // And under /sandbox, signed like the root.
    let res = post_signed(&sb, "/sandbox/v1/user", "[{\"contact\": \"sb@example.com\"}]").await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_gateway_signs_what_it_forwards() {
    // Upstream: a sandbox with its own credentials; the gateway holds the same ones.
    let creds = HumanosConfig { api_key: "live-key".into(), signature_secret: "live-secret".into(), upstream: None };
    let upstream = Sandbox::start_with(|c| c.humanos = creds.clone()).await;
    let dir = TempDir::new("hgw");
    let mut config = Config::gateway(upstream.url(""), "k", "id", "secret");
    config.db = dir.path("unused.sqlite");
    config.humanos = HumanosConfig { upstream: Some(upstream.url("")), ..creds.clone() };
    let gateway = spawn(config).await.unwrap();
    let http = client();
    let res = http.post(format!("{}/demo-api/v1/user", gateway.url())).json(&json!([{"contact": "gw@example.com"}])).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let items: Vec<Value> = res.json().await.unwrap();
    assert_eq!(statuses(&items), [200]);
    let res = http.get(format!("{}/demo-api/v1/user?contact=gw%40example.com", gateway.url())).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["contacts"][0]["did"], items[0]["user"]["did"]);
    // With the wrong secret the upstream refuses, and the page sees its 401.
    let dir2 = TempDir::new("hgw2");
    let mut config = Config::gateway(upstream.url(""), "k", "id", "secret");
    config.db = dir2.path("unused.sqlite");
    config.humanos = HumanosConfig { upstream: Some(upstream.url("")), api_key: "live-key".into(), signature_secret: "wrong".into() };
    let bad = spawn(config).await.unwrap();
    let res = http.post(format!("{}/v1/user", bad.url())).json(&json!([{"contact": "gw2@example.com"}])).send().await.unwrap();
    nest_error(res, 401, "does not match").await;
    // No upstream configured: 501.
    let dir3 = TempDir::new("hgw3");
    let mut config = Config::gateway(upstream.url(""), "k", "id", "secret");
    config.db = dir3.path("unused.sqlite");
    let none = spawn(config).await.unwrap();
    let res = http.post(format!("{}/v1/user", none.url())).json(&json!([])).send().await.unwrap();
    nest_error(res, 501, "no Humanos upstream").await;
}

#[tokio::test]
async fn the_sample_files_give_every_status() {
    use identity_kit::humanos::import::import_csv;
    use identity_kit::humanos::{Date, Options};
    let sb = Sandbox::start().await;
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../www/samples/");
    let options = Options { today: Some(Date::today()), ..Options::default() };
    let mut answered = Vec::new();
    for file in ["users-small.csv", "users-small-rerun.csv"] {
        let (rows, _) = import_csv(&std::fs::read(format!("{root}{file}")).unwrap(), options).unwrap();
        // Send every row, ready or not: the server must agree with the local verdicts.
        let subjects: Vec<Value> = rows.iter().map(|r| Value::from(r.subject.clone())).collect();
        let items = import(&sb, &json!(subjects)).await;
        for (row, item) in rows.iter().zip(&items) {
            if !row.verdict.is_ready() {
                assert_eq!(item["status"], row.verdict.status, "row {}: the server and the page agree", row.row);
            }
        }
        answered.extend(statuses(&items));
    }
    assert_eq!(answered, [200, 200, 200, 200, 200, 400, 400, 401, 401, 401, 402, 407, 408, 201, 201, 409, 410, 200, 200]);
}
