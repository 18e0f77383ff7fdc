//! Every endpoint, under both `/sandbox/...` and `/...`, and the seed's create-and-link flow.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn auth_issues_bearer_tokens() {
    let sb = Sandbox::start().await;
    for base in ["", "/sandbox"] {
        let res = sb
            .http
            .post(sb.url(&format!("{base}/auth")))
            .header("x-api-key", KEY)
            .json(&json!({"clientId": "sandbox-client", "clientSecret": "sandbox-secret"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["cache-control"], "no-store");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["tokenType"], "Bearer");
        assert_eq!(v["expiresIn"], 3600);
        assert!(v["accessToken"].as_str().unwrap().len() >= 32);
    }
}

#[tokio::test]
async fn the_seed_flow_creates_and_links_under_both_prefixes() {
    let sb = Sandbox::start().await;
    for base in ["", "/sandbox"] {
        let n = seq();
        let org = sb
            .post(&format!("{base}/identities"), &organization(n))
            .await;
        assert_eq!(org.status(), 200);
        let org: Value = org.json().await.unwrap();
        let u1 = sb.create(&user(n + 1)).await;
        let u2 = sb.create(&user(n + 2)).await;
        let org_id = org["id"].as_str().unwrap();
        assert_eq!(org_id.len(), 24);
        assert_eq!(org["status"], "ACTIVE");
        assert_eq!(org["type"], "ORGANIZATION");
        assert_eq!(org["children"], json!([]));
        for field in ["createdAt", "updatedAt"] {
            let t = org[field].as_str().unwrap();
            assert!(t.ends_with('Z') && t.contains('T'), "{t}");
        }
        // Link by PATCH with {id, name, email}, as the seed does.
        let patch = json!({"children": [
            {"id": u1["id"], "name": u1["name"], "email": u1["email"]},
            {"id": u2["id"], "name": u2["name"], "email": u2["email"]},
        ]});
        let res = sb
            .patch(&format!("{base}/identities/{org_id}"), &patch)
            .await;
        assert_eq!(res.status(), 200);
        let patched: Value = res.json().await.unwrap();
        assert_eq!(patched["children"].as_array().unwrap().len(), 2);
        // Read the organization back.
        let res = sb.get(&format!("{base}/identities/{org_id}")).await;
        assert_eq!(res.status(), 200);
        let back: Value = res.json().await.unwrap();
        assert_eq!(
            back["children"],
            json!([
                {"id": u1["id"], "name": u1["name"], "email": u1["email"]},
                {"id": u2["id"], "name": u2["name"], "email": u2["email"]},
            ])
        );
        assert_eq!(back["name"], org["name"]);
        assert_eq!(back["createdAt"], org["createdAt"]);
    }
}

#[tokio::test]
async fn created_identities_are_normalized() {
    let sb = Sandbox::start().await;
    let n = seq();
    let mut body = user(n);
    body["documentNumber"] = json!("12.345.678-5");
    body["email"] = json!("  Ana.Perez@EXAMPLE.COM ");
    body["phone"] = json!("+56 9 6123 4567");
    body["name"] = json!("  Ana Pérez ");
    let v = sb.create(&body).await;
    assert_eq!(v["documentNumber"], "12345678-5");
    assert_eq!(v["email"], "Ana.Perez@example.com");
    assert_eq!(v["phone"], "+56961234567");
    assert_eq!(v["name"], "Ana Pérez");
    assert_eq!(v["securityOptions"], json!({"twoFactorEnabled": false}));
    // GET answers what POST answered.
    let got: Value = sb
        .get(&format!("/identities/{}", v["id"].as_str().unwrap()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got, v);
}

#[tokio::test]
async fn children_endpoints_add_and_remove_ids() {
    let sb = Sandbox::start().await;
    let n = seq();
    let org = sb.create(&organization(n)).await;
    let u1 = sb.create(&user(n + 1)).await;
    let u2 = sb.create(&user(n + 2)).await;
    let org_id = org["id"].as_str().unwrap();
    for base in ["", "/sandbox"] {
        let path = format!("{base}/identities/{org_id}/children");
        let res = sb
            .post(&path, &json!({"children": [u1["id"], u2["id"], u1["id"]]}))
            .await;
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.unwrap();
        let ids: Vec<&str> = v["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            vec![u1["id"].as_str().unwrap(), u2["id"].as_str().unwrap()]
        );
        assert_eq!(v["children"][0]["name"], u1["name"]);
        assert_eq!(v["children"][0]["email"], u1["email"]);
        // Adding again changes nothing.
        let v: Value = sb
            .post(&path, &json!({"children": [u2["id"]]}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["children"].as_array().unwrap().len(), 2);
        // Remove one; removing a non-child is ignored.
        let res = sb
            .delete(&path, Some(&json!({"children": [u1["id"], org["id"]]})))
            .await;
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.unwrap();
        assert_eq!(
            v["children"],
            json!([{"id": u2["id"], "name": u2["name"], "email": u2["email"]}])
        );
        let v: Value = sb
            .delete(&path, Some(&json!({"children": [u2["id"]]})))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["children"], json!([]));
    }
}

#[tokio::test]
async fn patch_merges_validates_and_keeps_the_rest() {
    let sb = Sandbox::start().await;
    let n = seq();
    let u = sb.create(&user(n)).await;
    let id = u["id"].as_str().unwrap();
    // Nested objects merge; null removes.
    let res = sb
        .patch(
            &format!("/identities/{id}"),
            &json!({"nickname": null, "lastname": "Soto", "securityOptions": {"signTrx": true}}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert!(v.get("nickname").is_none());
    assert_eq!(v["lastname"], "Soto");
    assert_eq!(
        v["securityOptions"],
        json!({"twoFactorEnabled": false, "signTrx": true})
    );
    assert_eq!(v["email"], u["email"]);
    assert_eq!(v["createdAt"], u["createdAt"]);
    // The patch is normalized like a create.
    let v: Value = sb
        .patch(
            &format!("/sandbox/identities/{id}"),
            &json!({"phone": "+56 9 8765 4321"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["phone"], "+56987654321");
    // A GET sent back whole (read-only fields unchanged) is accepted.
    let res = sb.patch(&format!("/identities/{id}"), &v).await;
    assert_eq!(res.status(), 200);
    // The merged whole is what is validated: a country whose phone code does not match fails.
    let res = sb
        .patch(&format!("/identities/{id}"), &json!({"country": "MEX"}))
        .await;
    let e = expect_error(res, 400, "11", "invalidParam").await;
    assert!(
        e["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["path"] == "phone" || x["path"] == "documentType"),
        "{e}"
    );
    // Unchanged after the refusal.
    let v: Value = sb
        .get(&format!("/identities/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["country"], "CHL");
}

#[tokio::test]
async fn delete_answers_204_then_404_and_unlinks() {
    let sb = Sandbox::start().await;
    let n = seq();
    let org = sb.create(&organization(n)).await;
    let u = sb.create(&user(n + 1)).await;
    let org_id = org["id"].as_str().unwrap();
    let uid = u["id"].as_str().unwrap();
    sb.post(
        &format!("/identities/{org_id}/children"),
        &json!({"children": [uid]}),
    )
    .await;
    for base in ["", "/sandbox"] {
        let u = sb.create(&user(seq())).await;
        let id = u["id"].as_str().unwrap();
        let res = sb.delete(&format!("{base}/identities/{id}"), None).await;
        assert_eq!(res.status(), 204);
        assert!(res.bytes().await.unwrap().is_empty());
        let res = sb.get(&format!("{base}/identities/{id}")).await;
        expect_error(res, 404, "31", "notFound").await;
        let res = sb.delete(&format!("{base}/identities/{id}"), None).await;
        expect_error(res, 404, "31", "notFound").await;
    }
    assert_eq!(
        sb.delete(&format!("/identities/{uid}"), None)
            .await
            .status(),
        204
    );
    let v: Value = sb
        .get(&format!("/identities/{org_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["children"], json!([]));
}

#[tokio::test]
async fn list_answers_data_and_pagination() {
    let sb = Sandbox::start().await;
    let n = seq();
    let a = sb.create(&user(n)).await;
    let b = sb.create(&organization(n)).await;
    for base in ["", "/sandbox"] {
        let v: Value = sb
            .get(&format!("{base}/identities"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["data"].as_array().unwrap().len(), 2);
        assert_eq!(v["data"][0]["id"], a["id"]);
        assert_eq!(v["data"][1]["id"], b["id"]);
        assert_eq!(
            v["pagination"],
            json!({"count": 2, "next": null, "previous": null, "total": 2})
        );
        let v: Value = sb
            .get(&format!("{base}/identities?type=ORGANIZATION"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["data"].as_array().unwrap().len(), 1);
        assert_eq!(v["data"][0]["id"], b["id"]);
    }
}

#[tokio::test]
async fn uniqueness_follows_the_rule_of_identity_kit() {
    use identity_kit::identity::UniquenessKey;
    let n = seq();
    let base_user = user(n);
    let base_org = organization(n);
    let variant = |base: &Value, edits: &[(&str, Value)]| {
        let mut v = base.clone();
        for (k, x) in edits {
            v[*k] = x.clone();
        }
        v
    };
    // (first, second): the second is refused exactly when the crate's rule says they clash.
    let cases = vec![
        (
            base_user.clone(),
            variant(
                &base_user,
                &[("name", json!("Other name")), ("idv", json!("iv-other"))],
            ),
        ),
        (
            base_user.clone(),
            variant(
                &base_user,
                &[("email", json!(format!("other{n}@example.com")))],
            ),
        ),
        (
            base_user.clone(),
            variant(&base_user, &[("phone", json!(phone(n + 7)))]),
        ),
        (
            base_user.clone(),
            variant(
                &base_user,
                &[(
                    "documentNumber",
                    json!(rut(10_000_000 + (n + 3) % 80_000_000)),
                )],
            ),
        ),
        (
            base_user.clone(),
            variant(
                &base_user,
                &[
                    ("documentNumber", json!("AB123456")),
                    ("documentType", json!("PASSPORT")),
                ],
            ),
        ),
        (
            base_org.clone(),
            variant(
                &base_org,
                &[
                    ("email", json!(format!("else{n}@example.com"))),
                    ("phone", json!(phone(n + 9))),
                ],
            ),
        ),
        (
            base_org.clone(),
            variant(&base_org, &[("name", json!("Another org"))]),
        ),
        (
            base_org.clone(),
            variant(
                &base_user,
                &[("documentNumber", base_org["documentNumber"].clone())],
            ),
        ),
    ];
    let norm = |v: &Value| {
        identity_kit::validate_identity(&v.into(), &Default::default())
            .value
            .expect("valid payload")
    };
    let mut clashes = 0;
    for (i, (first, second)) in cases.into_iter().enumerate() {
        let sb = Sandbox::start().await;
        let clash = UniquenessKey::of(&norm(&first))
            .unwrap()
            .clashes_with(&UniquenessKey::of(&norm(&second)).unwrap());
        let first_id = sb.create(&first).await["id"].clone();
        let res = sb.post("/identities", &second).await;
        if clash {
            clashes += 1;
            let e = expect_error(res, 409, "13", "alreadyExist").await;
            assert!(
                e["errors"][0]["code"]
                    .as_str()
                    .unwrap()
                    .starts_with("identity.duplicate_"),
                "{e}"
            );
            assert!(
                e["detail"]
                    .as_str()
                    .unwrap()
                    .contains(first_id.as_str().unwrap()),
                "the 409 names the existing identity: {e}"
            );
        } else {
            assert_eq!(res.status(), 200, "case {i}: {}", res.text().await.unwrap());
        }
    }
    assert_eq!(clashes, 3, "cases 0, 5 and 6 clash");
}

#[tokio::test]
async fn organizations_and_users_may_share_a_document_number() {
    let sb = Sandbox::start().await;
    let n = seq();
    let org = organization(n);
    let mut u = user(n);
    u["documentNumber"] = org["documentNumber"].clone();
    sb.create(&org).await;
    sb.create(&u).await;
    // Two users with the same number but another email.
    let mut u2 = u.clone();
    u2["email"] = json!(format!("second{n}@example.com"));
    sb.create(&u2).await;
    let res = sb.post("/identities", &u).await;
    expect_error(res, 409, "13", "alreadyExist").await;
    // A PATCH that makes two users equal is refused too.
    let mut u3 = u.clone();
    u3["phone"] = json!(phone(n + 33));
    let third = sb.create(&u3).await;
    let res = sb
        .patch(
            &format!("/identities/{}", third["id"].as_str().unwrap()),
            &json!({"phone": u["phone"]}),
        )
        .await;
    expect_error(res, 409, "13", "alreadyExist").await;
}

#[tokio::test]
async fn lenient_mode_accepts_what_the_documented_sandbox_accepted() {
    let seed_user = json!({
        "type": "USER", "name": "Service Provider 2", "nickname": "SP2",
        "email": "serviceprovider2@example.com", "phone": "+5693111111",
        "documentType": "RUT", "documentNumber": "18604011-4", "idv": "iv-23125",
        "country": "CHL", "securityOptions": {"twoFactorEnabled": false}, "children": []
    });
    let strict = Sandbox::start().await;
    let res = strict.post("/identities", &seed_user).await;
    let e = expect_error(res, 400, "11", "invalidParam").await;
    let paths: Vec<&str> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"phone") && paths.contains(&"documentNumber"),
        "{e}"
    );
    let lenient = Sandbox::start_with(|c| c.lenient = true).await;
    let v = lenient.create(&seed_user).await;
    assert_eq!(v["status"], "ACTIVE");
}

#[tokio::test]
async fn head_and_get_of_unknown_api_paths_are_json_404() {
    let sb = Sandbox::start().await;
    let res = sb
        .req(Method::GET, "/identities/x/y/z")
        .send()
        .await
        .unwrap();
    expect_error(res, 404, "31", "notFound").await;
}
