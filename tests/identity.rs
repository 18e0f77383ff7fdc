//! Whole-identity validation (SPEC section 1): every field, the cross-field rules, nested
//! objects with their paths, partial (PATCH) and lenient modes, and the uniqueness rule.
#![cfg(not(target_arch = "wasm32"))]

use identity_kit::identity::Clash;
use identity_kit::{FieldError, Locale, ValidateOptions};
use serde_json::{json, Value};

/// [`identity_kit::IdentityReport`] with the value as `serde_json`'s, as these tests write them.
struct Report {
    ok: bool,
    value: Option<Value>,
    errors: Vec<FieldError>,
}

fn validate_identity(payload: &Value, options: &ValidateOptions) -> Report {
    let report = identity_kit::validate_identity(&payload.into(), options);
    Report { ok: report.ok, value: report.value.map(Value::from), errors: report.errors }
}

fn check_uniqueness(identities: &[Value]) -> Vec<Clash> {
    identity_kit::check_uniqueness(&identities.iter().map(Into::into).collect::<Vec<_>>())
}

fn user() -> Value {
    json!({
        "type": "USER", "name": " Service Provider 1 ", "nickname": "SP1",
        "email": "ServiceProvider1@Example.COM", "phone": "+56 9 2111 1111",
        "documentType": "RUT", "documentNumber": "17.604.011-4", "idv": "iv-23124",
        "country": "chl", "securityOptions": { "twoFactorEnabled": false }, "children": []
    })
}

fn errors(payload: &Value, options: ValidateOptions) -> Vec<(String, String)> {
    let report = validate_identity(payload, &options);
    assert_eq!(report.ok, report.errors.is_empty());
    assert_eq!(report.ok, report.value.is_some());
    report.errors.into_iter().map(|e| (e.path, e.code)).collect()
}

fn with(mut payload: Value, key: &str, value: Value) -> Value {
    payload[key] = value;
    payload
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect()
}

#[test]
fn a_valid_payload_comes_back_normalised() {
    let report = validate_identity(&user(), &ValidateOptions::default());
    assert!(report.ok, "{:?}", report.errors);
    assert_eq!(
        report.value.unwrap(),
        json!({
            "type": "USER", "name": "Service Provider 1", "nickname": "SP1",
            "email": "ServiceProvider1@example.com", "phone": "+56921111111",
            "documentType": "RUT", "documentNumber": "17604011-4", "idv": "iv-23124",
            "country": "CHL", "securityOptions": { "twoFactorEnabled": false }, "children": []
        })
    );
}

#[test]
fn the_seeds_own_values_are_reported() {
    let seed = with(user(), "phone", json!("+5692111111"));
    assert_eq!(errors(&seed, ValidateOptions::default()), pairs(&[("phone", "phone.too_short")]));
    let seed = with(seed, "documentNumber", json!("18604011-4"));
    assert_eq!(
        errors(&seed, ValidateOptions::default()),
        pairs(&[("phone", "phone.too_short"), ("documentNumber", "rut.check_digit")])
    );
    // The documented sandbox accepted them: lenient mode mirrors that, and only it.
    assert_eq!(errors(&seed, ValidateOptions { lenient: true, ..Default::default() }), pairs(&[]));
    let org = json!({"type": "ORGANIZATION", "name": "Org", "email": "org@example.com", "phone": "+56221111111",
        "documentType": "RUT", "documentNumber": "77123126-K", "idv": "iv-1", "country": "CHL"});
    let report = validate_identity(&org, &ValidateOptions::default());
    assert_eq!(report.errors[0].path, "documentNumber");
    assert_eq!(report.errors[0].message, "The check digit is wrong: it should be 8.");
}

#[test]
fn missing_and_mistyped_fields_have_their_paths() {
    assert_eq!(
        errors(&json!({}), ValidateOptions::default()),
        pairs(&[("type", "missing"), ("country", "missing"), ("documentType", "missing"), ("name", "missing"),
            ("email", "missing"), ("idv", "missing"), ("phone", "missing"), ("documentNumber", "missing")])
    );
    let bad = with(with(user(), "name", json!(42)), "securityOptions", json!({"signTrx": "yes"}));
    assert_eq!(errors(&bad, ValidateOptions::default()), pairs(&[("name", "not_a_string"), ("securityOptions.signTrx", "not_a_boolean")]));
    assert_eq!(errors(&json!([]), ValidateOptions::default()), pairs(&[("", "not_an_object")]));
    let blank = with(user(), "name", json!("   "));
    assert_eq!(errors(&blank, ValidateOptions::default()), pairs(&[("name", "blank")]));
    let long = with(user(), "name", json!("x".repeat(201)));
    assert_eq!(errors(&long, ValidateOptions::default()), pairs(&[("name", "too_long")]));
}

#[test]
fn cross_field_rules() {
    let mismatch = with(user(), "phone", json!("+52 55 1234 5678"));
    assert_eq!(errors(&mismatch, ValidateOptions::default()), pairs(&[("phone", "phone.country_mismatch")]));
    let curp_in_chile = with(user(), "documentType", json!("CURP"));
    assert_eq!(errors(&curp_in_chile, ValidateOptions::default()), pairs(&[("documentType", "document.not_allowed_for_country")]));
    let org_with_curp = json!({"type": "ORGANIZATION", "name": "Org", "email": "org@example.com", "phone": "+525512345678",
        "documentType": "CURP", "documentNumber": "x", "idv": "iv-1", "country": "MEX"});
    assert_eq!(errors(&org_with_curp, ValidateOptions::default()), pairs(&[("documentType", "document.not_allowed_for_type")]));
}

#[test]
fn nested_objects_report_exact_paths() {
    let payload = with(with(with(user(), "securityOptions", json!({
        "twoFactorAuth": true,
        "accessControl": {"scopes": [
            {"resource": "IDENTITY", "reference": "org-1", "permissions": ["account:read", "write"]},
            {"resource": "IDENTITY", "reference": "", "permissions": []}
        ]}
    })), "children", json!([{"id": "u1", "name": "A", "email": "a@example.com"}, {"id": "u2", "name": "B", "email": "b@"}])),
    "bankAccount", json!({"accountNumber": "0012-3456-7890", "bank": "Banco", "currency": "CLX", "accountHolder": "Ana",
        "accountHolderDni": "17604011-4", "country": "CHL", "typeAccount": "CHECKING_ACCOUNT"}));
    assert_eq!(
        errors(&payload, ValidateOptions::default()),
        pairs(&[
            ("securityOptions.accessControl.scopes[0].permissions[1]", "scope.permission_format"),
            ("securityOptions.accessControl.scopes[1].reference", "missing"),
            ("children[1].email", "email.domain_missing"),
            ("bankAccount.currency", "currency.unknown"),
        ])
    );
    let fixed = with(with(payload.clone(), "children", json!([])), "bankAccount", json!({"accountNumber": "0012-3456-7890", "bank": "Banco", "currency": "clp",
        "accountHolder": "Ana", "accountHolderDni": "17604011-4", "country": "CHL", "typeAccount": "CHECKING_ACCOUNT"}));
    let mut fixed = fixed;
    fixed["securityOptions"]["accessControl"]["scopes"] = json!([{"resource": "IDENTITY", "reference": "org-1", "permissions": ["account:read"]}]);
    let report = validate_identity(&fixed, &ValidateOptions::default());
    assert!(report.ok, "{:?}", report.errors);
    let bank = &report.value.unwrap()["bankAccount"];
    assert_eq!((bank["currency"].as_str(), bank["typeAccount"].as_str(), bank["accountNumber"].as_str()), (Some("CLP"), Some("CHECKING_ACOUNT"), Some("001234567890")));
}

#[test]
fn unknown_and_read_only_fields_are_refused_unless_lenient() {
    let payload = with(with(user(), "id", json!("x")), "documentNo", json!("1"));
    assert_eq!(
        errors(&payload, ValidateOptions::default()),
        pairs(&[("id", "identity.read_only"), ("documentNo", "unknown_field")])
    );
    assert_eq!(errors(&payload, ValidateOptions { lenient: true, ..Default::default() }), pairs(&[]));
}

#[test]
fn partial_checks_only_what_is_present() {
    let patch = json!({"children": [{"id": "u1", "name": "Service Provider 1", "email": "serviceprovider1@example.com"}]});
    let report = validate_identity(&patch, &ValidateOptions { partial: true, ..Default::default() });
    assert!(report.ok, "{:?}", report.errors);
    assert_eq!(report.value.unwrap(), patch);
    let bad = json!({"email": "nope"});
    assert_eq!(errors(&bad, ValidateOptions { partial: true, ..Default::default() }), pairs(&[("email", "email.missing_at")]));
}

#[test]
fn messages_follow_the_locale() {
    let seed = with(user(), "documentNumber", json!("18604011-4"));
    let report = validate_identity(&seed, &ValidateOptions { locale: Locale::Es, ..Default::default() });
    assert_eq!(report.errors[0].message, "El dígito verificador es incorrecto: debería ser 2.");
}

#[test]
fn uniqueness_rule() {
    let norm = |v: Value| validate_identity(&v, &ValidateOptions::default()).value.expect("valid");
    let a = norm(user());
    // Same person written differently: still the same identity.
    let same = norm(with(with(user(), "documentNumber", json!("176040114")), "email", json!("serviceprovider1@EXAMPLE.com")));
    let other_phone = norm(with(user(), "phone", json!("+56 9 2111 1112")));
    let clashes = check_uniqueness(&[a.clone(), same, other_phone]);
    assert_eq!(clashes.len(), 1);
    assert_eq!((clashes[0].first, clashes[0].second, clashes[0].code), (0, 1, "identity.duplicate_user"));

    let org = |email: &str| json!({"type": "ORGANIZATION", "documentNumber": "76086428-5", "email": email, "phone": "+56221111111"});
    let clashes = check_uniqueness(&[org("a@x.com"), org("b@x.com"), a]);
    assert_eq!(clashes.len(), 1);
    assert_eq!(clashes[0].code, "identity.duplicate_organization");
}

/// `gender` (a string) and `rules` (an open object) are in the public spec's Create and PATCH
/// bodies and in seed 001: accepted, not `unknown_field`; still checked for their type.
#[test]
fn gender_and_rules_are_identity_fields() {
    let mut payload = user();
    payload["gender"] = json!(" NON_BINARY ");
    payload["rules"] = json!({"maxDailyTransfers": 3, "tags": ["vip"]});
    let r = validate_identity(&payload, &ValidateOptions::default());
    assert!(r.ok, "{:?}", r.errors);
    let v = r.value.unwrap();
    assert_eq!(v["gender"], "NON_BINARY");
    assert_eq!(v["rules"], json!({"maxDailyTransfers": 3, "tags": ["vip"]}));
    let patch = ValidateOptions { partial: true, ..Default::default() };
    assert!(validate_identity(&json!({"gender": "FEMALE"}), &patch).ok);
    let bad = validate_identity(&json!({"gender": 1, "rules": "all"}), &patch);
    let codes: Vec<(&str, &str)> = bad.errors.iter().map(|e| (e.path.as_str(), e.code.as_str())).collect();
    assert_eq!(codes, [("gender", "not_a_string"), ("rules", "not_an_object")]);
}

/// SPEC section 3: a warning rides on a valid field, with its path, apart from the errors;
/// `ok` stays true and the value is sent as typed.
#[test]
fn warnings_are_reported_apart_and_never_block() {
    let org = json!({"type": "ORGANIZATION", "name": "Org", "email": "org@example.com", "phone": "+525512345678",
        "documentType": "RFC", "documentNumber": "VACE-460910-SX6", "idv": "iv-1", "country": "MEX"});
    for (locale, message) in [
        (Locale::En, "Please check it: the check digit would be 5, but some real RFCs differ."),
        (Locale::Es, "Revísalo: el dígito verificador sería 5, pero algunos RFC reales difieren."),
    ] {
        let report = identity_kit::validate_identity(&(&org).into(), &ValidateOptions { locale, ..Default::default() });
        assert!(report.ok, "{:?}", report.errors);
        assert_eq!(Value::from(report.value.unwrap())["documentNumber"], json!("VACE460910SX6"));
        assert_eq!(
            report.warnings,
            vec![FieldError { path: "documentNumber".into(), code: "rfc.check_digit".into(), message: message.into() }]
        );
    }
    // No warning on a number that passes every check, and none on an invalid one (its error
    // says it all).
    let clean = with(org.clone(), "documentNumber", json!("MAB9307148T4"));
    assert!(identity_kit::validate_identity(&(&clean).into(), &ValidateOptions::default()).warnings.is_empty());
    let wrong = with(with(org, "documentNumber", json!("VACE460910SX6")), "phone", json!("+52"));
    let report = identity_kit::validate_identity(&(&wrong).into(), &ValidateOptions::default());
    assert!(!report.ok);
    assert_eq!(report.warnings.len(), 1, "the document's warning stands beside the phone's error");
    // The report's JSON has `warnings` only when there are some.
    let json = serde_json::to_value(identity_kit::validate_identity(&(&user()).into(), &ValidateOptions::default())).unwrap();
    assert!(json.get("warnings").is_none());
}

/// Issue 18, defect 2: invisible and bidi-control characters made the same person look like
/// another (and let a name be spoofed on screen). Every field refuses them, at their path.
#[test]
fn invisible_characters_are_refused_in_every_text_field() {
    let invisible = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{AD}'];
    for c in invisible {
        for (key, value) in [
            ("email", format!("serviceprovider1{c}@example.com")),
            ("name", format!("Ana{c} Pérez")),
            ("nickname", format!("{c}SP1")),
            ("lastname", format!("Pérez{c}")),
            ("idv", format!("iv-{c}23124")),
            ("externalId", format!("ext{c}1")),
            ("documentNumber", format!("17.604.011{c}-4")),
            ("phone", format!("+56 9 2111{c} 1111")),
        ] {
            let report = validate_identity(&with(user(), key, json!(value)), &ValidateOptions::default());
            let found: Vec<_> = report.errors.iter().map(|e| (e.path.as_str(), e.code.as_str())).collect();
            assert_eq!(found, [(key, "text.invisible_character")], "{key} with U+{:04X}", u32::from(c));
            assert!(report.errors[0].message.contains(&format!("U+{:04X}", u32::from(c))), "{}", report.errors[0].message);
        }
    }
    // Nested text fields too, and in lenient mode (it relaxes formats, not this).
    let nested = with(user(), "address", json!({"street": "Av. Apoquindo\u{202E}", "country": "CHL"}));
    assert_eq!(errors(&nested, ValidateOptions::default()), pairs(&[("address.street", "text.invisible_character")]));
    let lenient = ValidateOptions { lenient: true, ..Default::default() };
    assert_eq!(errors(&with(user(), "email", json!("a\u{200B}@example.com")), lenient), pairs(&[("email", "text.invisible_character")]));
    // Spanish and Portuguese messages name the character too.
    for locale in [Locale::Es, Locale::Pt] {
        let report = validate_identity(&with(user(), "name", json!("A\u{200B}na")), &ValidateOptions { locale, ..Default::default() });
        assert!(report.errors[0].message.contains("U+200B"), "{}", report.errors[0].message);
    }
}

/// The uniqueness rule compares what a person sees: an email typed with a combining accent
/// (NFD) is the same mailbox as the composed one (native builds, i.e. the server).
#[test]
fn uniqueness_compares_composed_text() {
    let norm = |v: Value| validate_identity(&v, &ValidateOptions::default()).value.expect("valid");
    let composed = norm(with(user(), "email", json!("jos\u{E9}@example.com")));
    let decomposed = norm(with(user(), "email", json!("jose\u{301}@example.com")));
    assert_ne!(composed["email"], decomposed["email"], "the values are kept as typed");
    let clashes = check_uniqueness(&[composed, decomposed]);
    assert_eq!(clashes.len(), 1, "NFD and NFC emails are one mailbox");
    assert_eq!(clashes[0].code, "identity.duplicate_user");
}
