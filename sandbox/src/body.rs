//! Request bodies: JSON only (415 otherwise), at most 64 KiB (413), sent within the body
//! timeout (408, and the connection closes), well-formed with no key twice in an object (400
//! parsingResource).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::config::MAX_BODY_BYTES;
use crate::error::{body_too_large, locale_of, tr, unsupported_media_type, ApiError};

/// Whether the request says its body is `application/json` (parameters such as `charset`
/// allowed).
pub fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads the body bytes, bounded.
pub async fn read_bounded(req: Request) -> Result<(HeaderMap, Bytes), ApiError> {
    let headers = req.headers().clone();
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(body_too_large());
    }
    let locale = locale_of(&headers);
    let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
        .await
        .map_err(|e| unreadable(&e, locale))?;
    Ok((headers, bytes))
}

/// Why a body could not be read: too large (413), too slow (408, closing the connection, whose
/// rest of the body is never read), or cut off (400).
fn unreadable(e: &axum::Error, locale: identity_kit::Locale) -> ApiError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.is::<http_body_util::LengthLimitError>() {
            return body_too_large();
        }
        if let Some(t) = s.downcast_ref::<crate::serve::BodyTimeout>() {
            let secs = t.0.as_secs_f64();
            return ApiError::new(
                "parsingResource",
                tr(
                    locale,
                    &format!("The body did not arrive within {secs} s."),
                    &format!("El cuerpo no llegó en {secs} s."),
                    &format!("O corpo não chegou em {secs} s."),
                ),
            )
            .with_status(StatusCode::REQUEST_TIMEOUT)
            .with_header(header::CONNECTION, HeaderValue::from_static("close"));
        }
        source = s.source();
    }
    ApiError::new(
        "parsingResource",
        tr(
            locale,
            "The body could not be read to its end.",
            "El cuerpo no se pudo leer hasta el final.",
            "O corpo não pôde ser lido até o fim.",
        ),
    )
}

/// A JSON value like `serde_json::Value`'s, refusing an object that has a key twice (serde_json
/// keeps the last silently, so `{"email": "a@x.com", "email": "b@x.com"}` would be read one
/// way here and perhaps another way by a proxy or a log reader).
struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Strict)? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut obj = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if obj.contains_key(&key) {
                return Err(de::Error::custom(format_args!("the key {key:?} appears twice")));
            }
            let value = map.next_value_seed(Strict)?;
            obj.insert(key, value);
        }
        Ok(Value::Object(obj))
    }
}

/// Parses JSON, refusing duplicate keys (see [`Strict`]).
pub fn from_slice_strict(bytes: &[u8]) -> serde_json::Result<Value> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = Strict.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Parses JSON bytes into a value.
pub fn parse_json(bytes: &[u8], headers: &HeaderMap) -> Result<Value, ApiError> {
    let locale = locale_of(headers);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::new(
            "parsingResource",
            tr(
                locale,
                "The body is empty: send a JSON object.",
                "El cuerpo está vacío: envía un objeto JSON.",
                "O corpo está vazio: envie um objeto JSON.",
            ),
        ));
    }
    from_slice_strict(bytes).map_err(|e| {
        ApiError::new(
            "parsingResource",
            tr(
                locale,
                &format!("The body is not valid JSON: {e}."),
                &format!("El cuerpo no es JSON válido: {e}."),
                &format!("O corpo não é JSON válido: {e}."),
            ),
        )
    })
}

/// A JSON request body.
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        if !is_json(req.headers()) {
            return Err(unsupported_media_type());
        }
        let (headers, bytes) = read_bounded(req).await?;
        parse_json(&bytes, &headers).map(JsonBody)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_refused_at_any_depth() {
        let e = from_slice_strict(br#"{"email": "a@x.com", "email": "b@x.com"}"#).unwrap_err();
        assert!(e.to_string().contains(r#"the key "email" appears twice"#), "{e}");
        assert!(from_slice_strict(br#"{"a": [{"b": 1, "b": 2}]}"#).is_err());
        // The same key in sibling objects is fine, and values equal serde_json's.
        let text = br#"{"a": {"b": 1}, "c": {"b": [1.5, -2, "x", null, true]}, "d": 18446744073709551615}"#;
        assert_eq!(
            from_slice_strict(text).unwrap(),
            serde_json::from_slice::<Value>(text).unwrap()
        );
        assert!(from_slice_strict(b"{} x").is_err());
    }
}
