//! Cursor paging over 250 identities, with and without filters.

mod common;

use std::collections::HashSet;

use common::*;
use serde_json::{json, Value};

async fn walk(sb: &Sandbox, query: &str) -> (Vec<String>, Vec<Value>) {
    let mut ids = Vec::new();
    let mut pages = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let sep = if query.is_empty() { "" } else { "&" };
        let url = match &next {
            Some(c) => format!("/identities?{query}{sep}next={c}"),
            None => format!("/identities?{query}"),
        };
        let res = sb.get(&url).await;
        assert_eq!(res.status(), 200, "{url}");
        let v: Value = res.json().await.unwrap();
        for item in v["data"].as_array().unwrap() {
            ids.push(item["id"].as_str().unwrap().to_string());
        }
        assert_eq!(
            v["pagination"]["count"],
            ids.len(),
            "count is the items shown so far: {v}"
        );
        pages.push(v["pagination"].clone());
        match v["pagination"]["next"].as_str() {
            Some(c) => next = Some(c.to_string()),
            None => break,
        }
        assert!(pages.len() < 100, "runaway paging");
    }
    (ids, pages)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_over_250_identities_with_filters() {
    let sb = Sandbox::start().await;
    let base = seq();
    let mut created = Vec::new();
    let mut orgs = Vec::new();
    for i in 0..250u64 {
        let n = base + i * 3;
        let body = if i % 5 == 0 { organization(n) } else { user(n) };
        let v = sb.create(&body).await;
        if i % 5 == 0 {
            orgs.push(v["id"].as_str().unwrap().to_string());
        }
        created.push(v["id"].as_str().unwrap().to_string());
    }

    // Default page size 20: 13 pages, every identity once, in creation order.
    let (ids, pages) = walk(&sb, "").await;
    assert_eq!(ids, created);
    assert_eq!(pages.len(), 13);
    assert!(pages.iter().all(|p| p["total"] == 250));
    assert_eq!(pages[0]["previous"], Value::Null);
    assert!(pages[1]["previous"].is_string());
    assert_eq!(pages[12]["next"], Value::Null);
    assert_eq!(pages[12]["count"], 250);

    // limit=100: 3 pages; the largest limit.
    let (ids, pages) = walk(&sb, "limit=100").await;
    assert_eq!(ids.len(), 250);
    assert_eq!(pages.len(), 3);

    // Filter by type, with paging.
    let (ids, pages) = walk(&sb, "type=ORGANIZATION&limit=7").await;
    assert_eq!(ids, orgs);
    assert!(pages.iter().all(|p| p["total"] == 50));
    assert_eq!(pages.len(), 8);
    let (ids, _) = walk(&sb, "type=USER&country=CHL&status=ACTIVE&limit=50").await;
    assert_eq!(ids.len(), 200);
    assert!(ids.iter().all(|id| !orgs.contains(id)));
    let (ids, _) = walk(&sb, "country=MEX").await;
    assert!(ids.is_empty());

    // Going back with `previous` gives the page before.
    let first: Value = sb.get("/identities?limit=10").await.json().await.unwrap();
    let second: Value = sb
        .get(&format!(
            "/identities?limit=10&next={}",
            first["pagination"]["next"].as_str().unwrap()
        ))
        .await
        .json()
        .await
        .unwrap();
    let back: Value = sb
        .get(&format!(
            "/identities?limit=10&next={}",
            second["pagination"]["previous"].as_str().unwrap()
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(back["data"], first["data"]);
    assert_eq!(back["pagination"]["previous"], Value::Null);
    assert_eq!(back["pagination"]["count"], 10);
    assert_eq!(back["pagination"]["next"], first["pagination"]["next"]);
}

#[tokio::test]
async fn exact_filters_find_one_identity_in_any_written_form() {
    let sb = Sandbox::start().await;
    let n = seq();
    let mut all = Vec::new();
    for i in 0..30 {
        all.push(sb.create(&user(n + i * 7)).await);
    }
    let target = &all[17];
    let number = target["documentNumber"].as_str().unwrap();
    let (digits, dv) = number.split_once('-').unwrap();
    let dotted = format!("{}.{}.{}-{}", &digits[..2], &digits[2..5], &digits[5..], dv);
    let email = target["email"].as_str().unwrap();
    let phone = target["phone"].as_str().unwrap();
    let spaced_phone = format!("{} {} {}", &phone[..3], &phone[3..4], &phone[4..]);
    let queries = vec![
        format!("documentNumber={number}"),
        format!("documentNumber={dotted}&country=CHL"),
        format!("documentNumber={dotted}"),
        format!("email={email}"),
        format!("email={}", email.replace("example.com", "EXAMPLE.com")),
        format!("phone={}", phone.replace('+', "%2B")),
        format!(
            "phone={}&country=CHL",
            spaced_phone.replace('+', "%2B").replace(' ', "%20")
        ),
        format!(
            "email={email}&documentNumber={number}&phone={}&type=USER",
            phone.replace('+', "%2B")
        ),
    ];
    for q in queries {
        let v: Value = sb
            .get(&format!("/identities?{q}"))
            .await
            .json()
            .await
            .unwrap();
        let ids: HashSet<&str> = v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            HashSet::from([target["id"].as_str().unwrap()]),
            "{q}: {v}"
        );
        assert_eq!(
            v["pagination"],
            json!({"count": 1, "next": null, "previous": null, "total": 1})
        );
    }
    let v: Value = sb
        .get("/identities?email=nobody@example.com")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["pagination"]["total"], 0);
    assert_eq!(v["data"], json!([]));
}
