//! Issue 18, defect 2, field by field: every field of `validate_field` refuses invisible and
//! bidi-control characters with `text.invisible_character`, naming the character; values
//! without them are judged as before.
#![cfg(not(target_arch = "wasm32"))]

use identity_kit::fields::{FIELDS, INVISIBLE_CHARACTER};
use identity_kit::{format_field, validate_field, FieldContext, Locale, State};

fn ctx() -> FieldContext {
    FieldContext { country: Some("CHL".into()), document_type: Some("RUT".into()), ..Default::default() }
}

/// A value each field takes as valid, so the only fault after inserting a character is that.
fn valid_value(field: &str) -> &'static str {
    match field {
        "type" => "USER",
        "email" => "ana@example.com",
        "phone" => "+56 9 2111 1111",
        "country" | "bankAccount.country" | "address.country" => "CHL",
        "documentType" => "RUT",
        "documentNumber" => "17.604.011-4",
        "scope.permission" => "account:read",
        "bankAccount.accountNumber" => "000123456789",
        "bankAccount.currency" => "CLP",
        "bankAccount.typeAccount" => "SAVINGS",
        "address.zipcode" => "7550000",
        _ => "Ana Perez",
    }
}

#[test]
fn every_field_refuses_invisible_characters() {
    let invisible = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{AD}', '\u{FE0F}', '\u{E0001}', '\u{3164}'];
    for field in FIELDS {
        let value = valid_value(field);
        assert_eq!(validate_field(field, value, &ctx()).unwrap().state, State::Valid, "{field} {value:?}");
        for c in invisible {
            // At the start, in the middle and at the end: trimming does not remove them either.
            let mid = value.len() / 2;
            for typed in [format!("{c}{value}"), format!("{}{c}{}", &value[..mid], &value[mid..]), format!("{value}{c}")] {
                let v = validate_field(field, &typed, &ctx()).unwrap();
                assert_eq!((v.state, v.code), (State::Invalid, INVISIBLE_CHARACTER), "{field} {typed:?}");
                assert_eq!(v.param.as_deref(), Some(format!("U+{:04X}", u32::from(c)).as_str()));
                assert_eq!(v.normalized, None);
                // Formatting keeps the character: the display never hides what makes it invalid.
                let shown = format_field(field, &typed, &ctx()).unwrap();
                assert!(shown.contains(c), "{field}: format dropped U+{:04X}: {shown:?}", u32::from(c));
            }
        }
    }
}

#[test]
fn the_message_is_translated() {
    for (locale, word) in [(Locale::En, "invisible"), (Locale::Es, "invisible"), (Locale::Pt, "invisível")] {
        let text = identity_kit::messages::message(INVISIBLE_CHARACTER, Some("U+200B"), locale);
        assert!(text.contains(word) && text.contains("U+200B"), "{text}");
    }
}

#[test]
fn visible_unicode_is_still_valid() {
    for (field, value) in [("name", "José Ñúñez"), ("name", "李小龙"), ("name", "Zoë O'Brien-Ávila"), ("email", "josé@bücher.de"), ("address.street", "Rua São João, 45")] {
        assert_eq!(validate_field(field, value, &ctx()).unwrap().state, State::Valid, "{field} {value}");
    }
}
