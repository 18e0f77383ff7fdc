//! Regression tests for what coverage-guided fuzzing found (scripts/fuzz.sh, NOTES-fuzz.md):
//! each is the minimised input, written out, with the invariant it broke. The raw inputs are
//! also kept in fuzz/corpus/<target>/regression-* and replayed by tests/fuzz_corpus.rs.
#![cfg(not(target_arch = "wasm32"))]

use identity_kit::{format_field, validate_field, FieldContext, State};

fn lenient(document_type: &str, country: &str) -> FieldContext {
    FieldContext { document_type: Some(document_type.into()), country: Some(country.into()), lenient: true, ..Default::default() }
}

/// format_field: lenient mode judges a document number as text, kept as typed, but formatted
/// it with the document's strict display rule: NIT `0480--2` showed as `048.02`, which is valid
/// on its own and would be sent instead of what was typed.
#[test]
fn lenient_document_numbers_are_shown_as_typed() {
    let ctx = lenient("NIT", "COL");
    let typed = "0480--2";
    assert_eq!(format_field("documentNumber", typed, &ctx).unwrap(), typed);
    let v = validate_field("documentNumber", typed, &ctx).unwrap();
    assert_eq!((v.state, v.normalized.as_deref()), (State::Valid, Some(typed)));
}

/// format_field: the RUT display rule rearranged an invalid value into another fault (two
/// dashes, `rut.characters`, shown as `1.760.402.311-4`, `rut.length`): a display form must
/// not change the verdict, so such a value is shown as typed. Formatting still applies where
/// it keeps the verdict (a wrong check digit stays the same fault, formatted).
#[test]
fn formatting_never_changes_the_verdict() {
    let ctx = FieldContext { document_type: Some("RUT".into()), country: Some("CHL".into()), ..Default::default() };
    let typed = "17.604.02.3-11-4";
    assert_eq!(validate_field("documentNumber", typed, &ctx).unwrap().code, "rut.characters");
    assert_eq!(format_field("documentNumber", typed, &ctx).unwrap(), typed);
    let wrong_digit = "176040115";
    let shown = format_field("documentNumber", wrong_digit, &ctx).unwrap();
    assert_eq!(shown, "17.604.011-5");
    assert_eq!(validate_field("documentNumber", &shown, &ctx).unwrap().code, validate_field("documentNumber", wrong_digit, &ctx).unwrap().code);
}

/// format_field: formatting the formatted value must leave it as it is (a form writes the
/// display back each time the field is left). The RUT display rule grouped garbage anew on each
/// pass (`-(((...` shown as `(((...`, then as `((.(((.(((...-`): such a value is shown as typed.
#[test]
fn formatting_is_idempotent() {
    let ctx = FieldContext {
        document_type: Some("RUT".into()),
        country: Some("CHL".into()),
        identity_type: Some(identity_kit::identity::IdentityType::User),
        ..Default::default()
    };
    let typed = format!("-{}\u{a0}\u{1}", "(".repeat(29));
    let once = format_field("documentNumber", &typed, &ctx).unwrap();
    let twice = format_field("documentNumber", &once, &ctx).unwrap();
    assert_eq!(twice, once);
    // Where the display is stable it still applies.
    let once = format_field("documentNumber", "17604011-4", &ctx).unwrap();
    assert_eq!(once, "17.604.011-4");
    assert_eq!(format_field("documentNumber", &once, &ctx).unwrap(), once);
}
