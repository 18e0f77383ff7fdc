//! Issue 18, defect 2 on the server: an email with a zero-width space inside was a second
//! identity for the same person (200 where the first one's copy gets 409). Invisible and
//! bidi-control characters are now refused (400, `text.invisible_character`), and the
//! uniqueness rule compares emails composed (NFC), so an accent typed as a combining mark is
//! the same mailbox.

mod common;

use common::*;
use serde_json::{json, Value};

fn codes(e: &Value) -> Vec<(String, String)> {
    e["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|x| (x["path"].as_str().unwrap().to_string(), x["code"].as_str().unwrap().to_string()))
        .collect()
}

#[tokio::test]
async fn an_invisible_character_does_not_make_a_second_identity() {
    let sb = Sandbox::start().await;
    let n = seq();
    let first = user(n);
    let created = sb.create(&first).await;
    // The same person again, exactly: 409.
    expect_error(sb.post("/identities", &first).await, 409, "13", "alreadyExist").await;
    // The same person with an invisible character in the email (the probe's 200): now 400.
    for c in ['\u{200B}', '\u{2060}', '\u{FEFF}', '\u{AD}', '\u{200E}'] {
        let mut again = first.clone();
        let email = first["email"].as_str().unwrap();
        again["email"] = json!(email.replacen('@', &format!("{c}@"), 1));
        let e = expect_error(sb.post("/identities", &again).await, 400, "11", "invalidParam").await;
        assert_eq!(codes(&e), [("email".to_string(), "text.invisible_character".to_string())], "U+{:04X}: {e}", u32::from(c));
    }
    // A name that a bidi override would show as another: refused too, on create and on PATCH.
    let mut spoof = user(n + 1);
    spoof["name"] = json!("Ana \u{202E}zereP");
    let e = expect_error(sb.post("/identities", &spoof).await, 400, "11", "invalidParam").await;
    assert_eq!(codes(&e), [("name".to_string(), "text.invisible_character".to_string())]);
    let id = created["id"].as_str().unwrap();
    let e = expect_error(sb.patch(&format!("/identities/{id}"), &json!({"nickname": "S\u{200D}P"})).await, 400, "11", "invalidParam").await;
    assert_eq!(codes(&e), [("nickname".to_string(), "text.invisible_character".to_string())]);
}

#[tokio::test]
async fn a_decomposed_accent_is_the_same_mailbox() {
    let sb = Sandbox::start().await;
    let n = seq();
    let mut composed = user(n);
    composed["email"] = json!(format!("jos\u{E9}{n}@example.com"));
    sb.create(&composed).await;
    let mut decomposed = composed.clone();
    decomposed["email"] = json!(format!("jose\u{301}{n}@example.com"));
    expect_error(sb.post("/identities", &decomposed).await, 409, "13", "alreadyExist").await;
}
