//! The fuzzing harness's invariants, in one place: the cargo-fuzz targets in `fuzz/` call these
//! with the fuzzer's bytes, and `tests/fuzz_corpus.rs` replays the saved corpus through the same
//! functions under plain `cargo test`. Each function decodes its input, runs the public API, and
//! panics (with the input's meaning) when an invariant breaks:
//!
//! - no panic anywhere in the crate (the fuzzer reports any);
//! - a verdict is `valid` exactly when it has a `normalized` value, and its code has a message in
//!   every language;
//! - `normalized` is a fixed point: validating it again gives `valid` with the same value;
//! - `format` then validate gives the same verdict (state, code and normalized value), and
//!   formatting the formatted value leaves it as it is;
//! - a valid payload's normalised value validates again to itself, and clashes with a copy of
//!   itself under the uniqueness rule.
//!
//! Time and memory are bounded by the fuzzer (`-timeout`, `-rss_limit_mb`: `scripts/fuzz.sh`).
//! Not part of the API: hidden, native builds only.

use crate::country::COUNTRIES;
use crate::documents::DocumentType;
use crate::fields::{format_field, validate_field, FieldContext, FIELDS};
use crate::identity::{check_uniqueness, validate_identity, IdentityType, UniquenessKey, ValidateOptions};
use crate::messages::{template, Locale};
use crate::verdict::{State, Verdict};

/// The countries with documents of their own come first, so a byte reaches them often.
const DOCUMENT_COUNTRIES: [&str; 6] = ["CHL", "MEX", "COL", "PER", "ARG", "BRA"];

/// One field question decoded from the fuzzer's bytes: the field, its context, the value.
#[derive(Debug)]
pub struct FieldInput {
    pub field: &'static str,
    pub ctx: FieldContext,
    pub value: String,
}

/// Decodes `[field, document type, country, flags, value...]`: the first four bytes choose
/// among every field, document type (or none, or one typed in lower case) and country (or
/// none); the flags choose the identity type, lenient mode and the locale; the rest is the
/// value (invalid UTF-8 replaced, as a browser would).
pub fn field_input(data: &[u8]) -> Option<FieldInput> {
    let (&[f, d, c, flags], rest) = data.split_first_chunk::<4>()?;
    let field = FIELDS[usize::from(f) % FIELDS.len()];
    let names = DocumentType::NAMES;
    let document_type = match usize::from(d) % (names.len() + 2) {
        i if i < names.len() => Some(names[i].to_string()),
        i if i == names.len() => Some(names[usize::from(d) % names.len()].to_ascii_lowercase()),
        _ => None,
    };
    let c = usize::from(c);
    let country = if c < DOCUMENT_COUNTRIES.len() {
        Some(DOCUMENT_COUNTRIES[c].to_string())
    } else {
        COUNTRIES.get(c - DOCUMENT_COUNTRIES.len()).map(|k| k.alpha3.to_string())
    };
    let identity_type = match flags & 3 {
        1 => Some(IdentityType::User),
        2 => Some(IdentityType::Organization),
        _ => None,
    };
    // The top bit asks for mobile numbers only (the SMS case of phoneTypes).
    let phone_types = (flags & 0x80 != 0).then(|| vec![crate::phone::PhoneType::Mobile]);
    let ctx = FieldContext { country, identity_type, document_type, locale: locale(flags >> 3), lenient: flags & 4 != 0, phone_types };
    Some(FieldInput { field, ctx, value: String::from_utf8_lossy(rest).into_owned() })
}

fn locale(bits: u8) -> Locale {
    match bits % 3 {
        0 => Locale::En,
        1 => Locale::Es,
        _ => Locale::Pt,
    }
}

/// The checks every verdict passes, whatever the field.
fn check_verdict(what: &str, v: &Verdict, locale: Locale) {
    assert_eq!(v.state == State::Valid, v.normalized.is_some(), "{what}: valid exactly when normalized: {v:?}");
    assert!(template(v.code, locale).is_some(), "{what}: code {:?} has no message in {locale:?}", v.code);
}

/// `validate_field`'s invariants for one decoded input: a consistent verdict with a message,
/// and `normalized` a fixed point.
pub fn field(data: &[u8]) {
    let Some(FieldInput { field, ctx, value }) = field_input(data) else { return };
    let what = format!("{field} {value:?} in {ctx:?}");
    let v = validate_field(field, &value, &ctx).expect("a known field");
    check_verdict(&what, &v, ctx.locale);
    if let Some(normalized) = &v.normalized {
        let again = validate_field(field, normalized, &ctx).expect("a known field");
        assert_eq!(
            (again.state, again.normalized.as_deref()),
            (State::Valid, Some(normalized.as_str())),
            "{what}: normalized {normalized:?} is not a fixed point: {again:?}"
        );
    }
}

/// `format_field`'s invariant for one decoded input: validating the formatted value gives the
/// same verdict (state, code, normalized) as validating the value typed.
pub fn format(data: &[u8]) {
    let Some(FieldInput { field, ctx, value }) = field_input(data) else { return };
    let what = format!("{field} {value:?} in {ctx:?}");
    let before = validate_field(field, &value, &ctx).expect("a known field");
    let formatted = format_field(field, &value, &ctx).expect("a known field");
    let after = validate_field(field, &formatted, &ctx).expect("a known field");
    assert_eq!(
        (after.state, after.code, after.normalized.as_deref()),
        (before.state, before.code, before.normalized.as_deref()),
        "{what}: formatted as {formatted:?}, the verdict changed"
    );
    // A form writes the display back on blur: formatting it again must leave it as it is, or
    // the field would change each time it is left.
    let twice = format_field(field, &formatted, &ctx).expect("a known field");
    assert_eq!(twice, formatted, "{what}: formatting {formatted:?} again gives {twice:?}");
}

/// `validate_identity`'s invariants for a payload: the first byte chooses partial (PATCH),
/// lenient and the locale; the rest is JSON (anything else is skipped: the JSON parser is
/// serde_json's, fuzzed by its own project).
pub fn identity(data: &[u8]) {
    let Some((&flags, json)) = data.split_first() else { return };
    let Ok(payload) = serde_json::from_slice::<serde_json::Value>(json) else { return };
    let options = ValidateOptions { locale: locale(flags >> 2), partial: flags & 1 != 0, lenient: flags & 2 != 0 };
    let payload = crate::json::Value::from(&payload);
    let report = validate_identity(&payload, &options);
    assert_eq!(report.ok, report.errors.is_empty(), "{payload:?}: ok exactly when no errors");
    assert_eq!(report.ok, report.value.is_some(), "{payload:?}: a value exactly when ok");
    for e in &report.errors {
        assert!(template(&e.code, options.locale).is_some(), "{payload:?}: error code {:?} at {} has no message", e.code, e.path);
        assert!(!e.message.is_empty());
    }
    let Some(value) = report.value else { return };
    let again = validate_identity(&value, &options);
    assert!(again.ok, "{payload:?}: its normalised value {value:?} is refused: {:?}", again.errors);
    assert_eq!(again.value.as_ref(), Some(&value), "{payload:?}: normalising is not a fixed point");
    if UniquenessKey::of(&value).is_some() {
        let clashes = check_uniqueness(&[value.clone(), value]);
        assert_eq!(clashes.len(), 1, "{payload:?}: an identity does not clash with its copy");
    }
}
