//! The request parsing the fuzzer drives (`fuzz/fuzz_targets/sandbox_request.rs`), and the
//! saved corpus's replay (`tests/fuzz_corpus.rs`) with it: the query, the headers and the JSON
//! body read as the handlers read them, without a socket or a database. Not part of the API.
//!
//! Invariants: no panic; every refusal is a 4xx whose body's `status` is the HTTP status;
//! a cursor decodes to what encodes it; a list query's limit is within its bounds; a JSON merge
//! patch applied twice is applied once (RFC 7396 is idempotent); a body that validates is stored
//! as validated (its uniqueness key is readable).

use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use identity_kit::api::API_VERSION_HEADER;
use identity_kit::{validate_identity, ValidateOptions};
use serde_json::{json, Value};

use crate::api::{decode_cursor, encode_cursor, list_query, merge, MAX_LIMIT};
use crate::auth::check_version;
use crate::body::{is_json, parse_json};
use crate::error::{locale_of, ApiError};
use crate::store::Prepared;

/// The parts of a request, separated in the input by the byte 0xFF (never in UTF-8):
/// query, content-type, accept-language, the API version header, then the body.
pub fn request(data: &[u8]) {
    let mut parts = data.splitn(5, |&b| b == 0xFF);
    let query = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let mut headers = HeaderMap::new();
    for name in [header::CONTENT_TYPE, header::ACCEPT_LANGUAGE, HeaderName::from_static(API_VERSION_HEADER)] {
        if let Some(v) = parts.next().and_then(|b| HeaderValue::from_bytes(b).ok()) {
            headers.insert(name, v);
        }
    }
    let body = parts.next().unwrap_or_default();

    let locale = locale_of(&headers);
    let _ = is_json(&headers);
    for required in [false, true] {
        if let Err(e) = check_version(&headers, required, locale) {
            refusal(&e);
        }
    }

    if let Some(c) = decode_cursor(&query) {
        assert_eq!(decode_cursor(&encode_cursor(c)), Some(c), "cursor {query:?}");
    }
    match list_query(Some(&query), locale) {
        Ok(q) => {
            assert!((1..=MAX_LIMIT).contains(&q.limit), "{query:?}: limit {}", q.limit);
            if let Some(c) = q.cursor {
                assert_eq!(decode_cursor(&encode_cursor(c)), Some(c), "cursor of {query:?}");
            }
        }
        Err(e) => refusal(&e),
    }

    let value = match parse_json(body, &headers) {
        Ok(v) => v,
        Err(e) => return refusal(&e),
    };
    for lenient in [false, true] {
        // A create: the body validated whole, then split for storage.
        let options = ValidateOptions { locale, partial: false, lenient };
        let report = validate_identity(&(&value).into(), &options);
        if let Some(v) = report.value {
            assert!(Prepared::from_value(v.into()).is_some(), "a valid body has a uniqueness key: {value}");
        }
        // A PATCH: the body merged into a stored identity, the result validated whole.
        let mut current = stored();
        merge(&mut current, value.clone());
        let mut twice = current.clone();
        merge(&mut twice, value.clone());
        assert_eq!(twice, current, "a merge patch applied twice differs: {value}");
        let report = validate_identity(&(&current).into(), &options);
        if let Some(v) = report.value {
            assert!(Prepared::from_value(v.into()).is_some(), "a valid merge has a uniqueness key: {current}");
        }
    }
}

/// What every refusal looks like: a 4xx, said the same in the body.
fn refusal(e: &ApiError) {
    assert!(e.status.is_client_error(), "a parsing error is the client's: {e:?}");
    assert_eq!(e.body.status, e.status.as_u16(), "{e:?}");
    assert!(!e.body.detail.is_empty(), "{e:?}");
}

/// A stored identity, as a PATCH finds it.
fn stored() -> Value {
    json!({
        "type": "USER", "name": "Ana", "email": "ana@example.com", "phone": "+56921111111",
        "country": "CHL", "documentType": "RUT", "documentNumber": "17604011-4", "idv": "iv-1"
    })
}
