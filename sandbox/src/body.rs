//! Request bodies: JSON only (415 otherwise), at most 64 KiB (413), well-formed (400
//! parsingResource).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::{self, HeaderMap};
use serde_json::Value;

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
    let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
        .await
        .map_err(|_| body_too_large())?;
    Ok((headers, bytes))
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
    serde_json::from_slice(bytes).map_err(|e| {
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
