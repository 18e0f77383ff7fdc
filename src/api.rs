//! The identities REST API's shared vocabulary: endpoint constants, the error codes of SPEC
//! section 4 and a reader for the three error shapes the docs show. Used by the sandbox
//! server (to answer) and the browser client (to read answers), so both speak one dialect.

use serde::Serialize;
use crate::json::Value;

/// The API version header value this crate speaks.
pub const API_VERSION: &str = "24-04-2025";
/// Header names.
pub const API_VERSION_HEADER: &str = "conomyhq-api-version";
pub const API_KEY_HEADER: &str = "x-api-key";
/// Sandbox and production base URLs of the real API.
pub const SANDBOX_BASE_URL: &str = "https://api.conomyhq.com/sandbox";
pub const PRODUCTION_BASE_URL: &str = "https://api.conomyhq.com";
/// Statuses an identity can be in (read only).
pub const STATUSES: &[&str] = &["PENDING", "PENDING_EMAIL_VALIDATION", "PENDING_PHONE_VALIDATION", "SCREENING", "ACTIVE"];

/// One of the API's error kinds: its two-digit code, `type` name and HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorKind {
    pub code: &'static str,
    pub kind: &'static str,
    pub status: u16,
}

/// SPEC section 4's table.
pub const ERROR_KINDS: &[ErrorKind] = &[
    ErrorKind { code: "01", kind: "serverError", status: 500 },
    ErrorKind { code: "02", kind: "unknown", status: 500 },
    ErrorKind { code: "11", kind: "invalidParam", status: 400 },
    ErrorKind { code: "12", kind: "missingParam", status: 400 },
    ErrorKind { code: "13", kind: "alreadyExist", status: 409 },
    ErrorKind { code: "14", kind: "parsingResource", status: 400 },
    ErrorKind { code: "21", kind: "failedPrecondition", status: 422 },
    ErrorKind { code: "31", kind: "notFound", status: 404 },
    ErrorKind { code: "32", kind: "tooManyRequests", status: 429 },
    ErrorKind { code: "41", kind: "unauthorized", status: 401 },
    ErrorKind { code: "42", kind: "unimplemented", status: 501 },
    ErrorKind { code: "43", kind: "forbiddenOperation", status: 403 },
];

impl ErrorKind {
    pub fn by_kind(kind: &str) -> Option<ErrorKind> {
        ERROR_KINDS.iter().copied().find(|k| k.kind == kind)
    }
    pub fn by_code(code: &str) -> Option<ErrorKind> {
        ERROR_KINDS.iter().copied().find(|k| k.code == code)
    }
}

/// An API error in the canonical shape `{status, code, type, detail, traceId}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ApiErrorBody {
    pub status: u16,
    pub code: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub detail: String,
    #[serde(rename = "traceId", skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// Field errors when the request failed validation (an extension the sandbox adds).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<crate::identity::FieldError>,
}

impl ApiErrorBody {
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        ApiErrorBody {
            status: kind.status,
            code: kind.code.into(),
            kind: kind.kind.into(),
            detail: detail.into(),
            trace_id: None,
            errors: Vec::new(),
        }
    }

    /// Reads any of the three documented error shapes, falling back to the HTTP status:
    /// `{status, code, type, detail, traceId}`, `{statusCode, error, message}` and
    /// `{error: {type, info}, message}`. Whatever the body, the answer has a status, a code
    /// and a type.
    pub fn parse(http_status: u16, body: &Value) -> ApiErrorBody {
        // A text field of the answer: a string, or an integer written out.
        let text_of = |v: Option<&Value>| -> Option<String> {
            match v? {
                Value::String(s) => Some(s.clone()),
                // Integers only: a float code is no code (and its printer would cost the wasm
                // serde_json's whole float formatting).
                Value::Number(n) => {
                    let mut out = String::new();
                    let magnitude = match (n.as_u64(), n.as_i64()) {
                        (Some(u), _) => u,
                        (None, Some(i)) => {
                            out.push('-');
                            i.unsigned_abs()
                        }
                        _ => return None,
                    };
                    crate::text::push_decimal(&mut out, magnitude);
                    Some(out)
                }
                _ => None,
            }
        };
        let status_of = |key: &str| body.get(key).and_then(Value::as_u64).and_then(|n| u16::try_from(n).ok()).unwrap_or(http_status);
        let mut out = ApiErrorBody { status: http_status, ..Default::default() };
        // Where the shape keeps its type and detail (read as text once, below).
        let (kind, detail) = match body.get("error") {
            // {error: {type, info}, message}
            Some(inner @ Value::Object(_)) => (inner.get("type"), inner.get("info")),
            // {statusCode, error, message}
            Some(e @ Value::String(_)) => {
                out.status = status_of("statusCode");
                (Some(e), None)
            }
            // {status, code, type, detail, traceId}
            _ => {
                out.status = status_of("status");
                out.code = text_of(body.get("code")).unwrap_or_default();
                out.trace_id = text_of(body.get("traceId"));
                (body.get("type"), body.get("detail"))
            }
        };
        out.kind = text_of(kind).unwrap_or_default();
        out.detail = text_of(detail).or_else(|| text_of(body.get("message"))).unwrap_or_default();
        // Fill what the shape left out from the table, by type, code or status.
        // The first kind with the answer's code, else its type, else its status: one pass,
        // ranking each kind by what matched.
        let mut known: Option<(u8, ErrorKind)> = None;
        for k in ERROR_KINDS {
            let rank = if k.code == out.code {
                0
            } else if k.kind == out.kind {
                1
            } else if k.status == out.status {
                2
            } else {
                continue;
            };
            if known.map_or(true, |(best, _)| rank < best) {
                known = Some((rank, *k));
            }
        }
        let known = known.map(|(_, k)| k);
        if let Some(k) = known {
            if out.code.is_empty() {
                out.code = k.code.into();
            }
            if out.kind.is_empty() {
                out.kind = k.kind.into();
            }
        }
        if out.kind.is_empty() {
            out.kind = "unknown".into();
        }
        if out.detail.is_empty() {
            out.detail.push_str("HTTP ");
            crate::text::push_decimal(&mut out.detail, out.status.into());
        }
        if let Some(Value::Array(errors)) = body.get("errors") {
            for e in errors {
                let text = |key| e.get(key).and_then(Value::as_str);
                // An entry without a path and a code is not a field error.
                if let (Some(path), Some(code)) = (text("path"), text("code")) {
                    let message = text("message").unwrap_or("");
                    out.errors.push(crate::identity::FieldError { path: path.into(), code: code.into(), message: message.into() });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `serde_json::json!`, as this crate's [`Value`].
    macro_rules! json {
        ($($t:tt)+) => {
            Value::from(serde_json::json!($($t)+))
        };
    }

    #[test]
    fn reads_the_canonical_shape() {
        let e = ApiErrorBody::parse(409, &json!({"status": 409, "code": "13", "type": "alreadyExist", "detail": "dup", "traceId": "t-1"}));
        assert_eq!((e.status, e.code.as_str(), e.kind.as_str(), e.detail.as_str(), e.trace_id.as_deref()), (409, "13", "alreadyExist", "dup", Some("t-1")));
    }

    #[test]
    fn reads_the_status_code_shape() {
        let e = ApiErrorBody::parse(400, &json!({"statusCode": 404, "error": "Not Found", "message": "no identity"}));
        assert_eq!((e.status, e.code.as_str(), e.kind.as_str(), e.detail.as_str()), (404, "31", "Not Found", "no identity"));
    }

    #[test]
    fn reads_the_nested_shape() {
        let e = ApiErrorBody::parse(401, &json!({"error": {"type": "unauthorized", "info": "bad token"}, "message": "x"}));
        assert_eq!((e.status, e.code.as_str(), e.kind.as_str(), e.detail.as_str()), (401, "41", "unauthorized", "bad token"));
    }

    #[test]
    fn anything_else_falls_back_to_the_status() {
        let e = ApiErrorBody::parse(503, &json!("Service Unavailable"));
        assert_eq!((e.status, e.kind.as_str(), e.detail.as_str()), (503, "unknown", "HTTP 503"));
        let e = ApiErrorBody::parse(429, &Value::Null);
        assert_eq!((e.code.as_str(), e.kind.as_str()), ("32", "tooManyRequests"));
    }

    #[test]
    fn fills_the_gaps_by_code_then_type_then_status() {
        let e = ApiErrorBody::parse(500, &json!({"type": "notFound"}));
        assert_eq!((e.code.as_str(), e.kind.as_str()), ("31", "notFound"), "by type before status");
        let e = ApiErrorBody::parse(404, &json!({"code": "41", "type": "notFound"}));
        assert_eq!((e.code.as_str(), e.kind.as_str()), ("41", "notFound"), "nothing to fill");
        let e = ApiErrorBody::parse(404, &json!({"code": "41"}));
        assert_eq!(e.kind, "unauthorized", "by code before status");
        let e = ApiErrorBody::parse(400, &json!({}));
        assert_eq!((e.code.as_str(), e.kind.as_str()), ("11", "invalidParam"), "the first kind with the status");
        let e = ApiErrorBody::parse(503, &json!({}));
        assert_eq!((e.code.as_str(), e.kind.as_str()), ("", "unknown"));
    }

    #[test]
    fn reads_integer_codes_as_text_and_ignores_float_ones() {
        for (code, text) in [(json!(13), "13"), (json!(0), "0"), (json!(-7), "-7"), (json!(18446744073709551615u64), "18446744073709551615"), (json!(i64::MIN), "-9223372036854775808")] {
            assert_eq!(ApiErrorBody::parse(409, &json!({ "code": code })).code, text);
        }
        assert_eq!(ApiErrorBody::parse(409, &json!({"code": 13.5})).code, "13", "a float code is no code: filled from the status");
    }

    #[test]
    fn reads_field_errors() {
        let e = ApiErrorBody::parse(400, &json!({"status": 400, "code": "11", "type": "invalidParam", "detail": "x",
            "errors": [{"path": "phone", "code": "phone.too_short", "message": "m"}, {"path": "x", "code": "not.a.code"}]}));
        assert_eq!(e.errors.len(), 2);
        assert_eq!(e.errors[0].code, "phone.too_short");
        assert_eq!(e.errors[1].code, "not.a.code");
    }
}
