//! Properties over generated input: no input makes a validator panic, and every prefix of a
//! valid value is `incomplete` or `valid` (never a red error while the person is typing it).
#![cfg(not(target_arch = "wasm32"))]

use identity_kit::documents::{rut, KINDS};
use identity_kit::fields::FIELDS;
use identity_kit::{format_field, validate_field, validate_identity, FieldContext, State, ValidateOptions};
use proptest::prelude::*;
use identity_kit::json::Value;
use serde_json::json;

fn contexts() -> impl Strategy<Value = FieldContext> {
    let countries = prop::sample::select(vec!["CHL", "MEX", "COL", "PER", "ARG", "BRA", "USA", "CAN", "XXX", ""]);
    let docs = prop::sample::select(vec!["RUT", "CURP", "RFC", "CED_CIU", "CED_EXT", "NIT", "DNI", "CE", "RUC", "CUIL", "CUIT", "CPF", "CNPJ", "PASSPORT", "NOPE"]);
    (countries, docs, any::<bool>()).prop_map(|(c, d, lenient)| FieldContext {
        country: Some(c.to_string()).filter(|c| !c.is_empty()),
        document_type: Some(d.to_string()),
        lenient,
        ..Default::default()
    })
}

/// Every prefix (by character) of `value`, shortest first, without the empty one.
fn prefixes(value: &str) -> Vec<&str> {
    value.char_indices().map(|(i, c)| &value[..i + c.len_utf8()]).collect()
}

fn assert_prefixes_never_invalid(field: &str, value: &str, ctx: &FieldContext) {
    let full = validate_field(field, value, ctx).unwrap();
    assert_eq!(full.state, State::Valid, "{field} {value:?} should be valid: {full:?}");
    for p in prefixes(value) {
        let v = validate_field(field, p, ctx).unwrap();
        assert!(
            matches!(v.state, State::Incomplete | State::Valid),
            "{field}: prefix {p:?} of valid {value:?} is {:?} ({})",
            v.state,
            v.code
        );
    }
}

#[test]
fn prefixes_of_every_documents_example_are_never_invalid() {
    for k in KINDS {
        let ctx = FieldContext {
            country: Some(k.country.unwrap_or("CHL").to_string()),
            document_type: Some(k.document_type.as_str().to_string()),
            ..Default::default()
        };
        assert_prefixes_never_invalid("documentNumber", k.example, &ctx);
    }
}

#[test]
fn prefixes_of_valid_phones_and_emails_are_never_invalid() {
    for (country, phone) in [("CHL", "+56 9 2111 1111"), ("MEX", "+52 55 1234 5678"), ("ARG", "+54 9 11 2345 6789"), ("BRA", "+55 11 91234-5678"), ("CAN", "+1 204 555 0123"), ("USA", "+1 212 555 0123")] {
        let ctx = FieldContext { country: Some(country.into()), ..Default::default() };
        assert_prefixes_never_invalid("phone", phone, &ctx);
    }
    let ctx = FieldContext::default();
    for email in ["serviceprovider1@example.com", "ana.perez+x@sub.example.co", "josé@bücher.de"] {
        assert_prefixes_never_invalid("email", email, &ctx);
    }
}

proptest! {
    #[test]
    fn no_field_panics_on_any_text(field in prop::sample::select(FIELDS.to_vec()), value in "\\PC{0,40}|[0-9kK.\\- +()]{0,30}", ctx in contexts()) {
        let v = validate_field(field, &value, &ctx).unwrap();
        prop_assert!(v.state != State::Valid || v.normalized.is_some());
        let _ = format_field(field, &value, &ctx).unwrap();
    }

    #[test]
    fn generated_ruts_are_valid_and_their_prefixes_incomplete(body in 1_000_000u32..99_999_999) {
        let body = body.to_string();
        let dv = rut::check_digit(&body).unwrap();
        let value = format!("{}-{dv}", identity_kit::text::group_thousands(&body, '.'));
        let ctx = FieldContext { country: Some("CHL".into()), document_type: Some("RUT".into()), ..Default::default() };
        assert_prefixes_never_invalid("documentNumber", &value, &ctx);
    }

    #[test]
    fn validate_identity_never_panics(payload in arbitrary_json()) {
        let report = validate_identity(&payload, &ValidateOptions::default());
        prop_assert_eq!(report.ok, report.errors.is_empty());
    }
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "type", "name", "email", "phone", "country", "documentType", "documentNumber", "idv",
        "securityOptions", "accessControl", "scopes", "permissions", "children", "bankAccount",
        "address", "currency", "id", "x",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| Value::from(json!(n))),
        "\\PC{0,12}".prop_map(Value::String),
        prop::sample::select(vec!["USER", "ORGANIZATION", "CHL", "RUT", "+56912345678", "a@b.cl", "account:read"]).prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone().prop_map(String::from), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
