//! The sandbox's identities endpoints. Every rule about a payload comes from `identity_kit`:
//! this module only moves values between HTTP, the validator and the store.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use identity_kit::api::STATUSES;
use identity_kit::documents::KINDS;
use identity_kit::identity::IdentityType;
use identity_kit::{
    validate_field, validate_identity, FieldContext, IdentityReport, Locale, State as VState,
    ValidateOptions,
};
use serde_json::{json, Map, Value};

use crate::body::JsonBody;
use crate::error::{field_error, tr, ApiError, Lang};
use crate::store::{Cursor, ListQuery, Prepared, Store};

/// Page size when `limit` is not given, and the largest one allowed.
pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;

/// Fields the API sets; never taken from a client.
const READ_ONLY: &[&str] = &["id", "status", "createdAt", "updatedAt"];

pub struct Api {
    pub store: Arc<Store>,
    pub lenient: bool,
}

/// The identities routes, relative to wherever they are mounted.
pub fn routes(api: Arc<Api>) -> Router {
    Router::new()
        .route("/identities", post(create).get(list))
        .route("/identities/{id}", get(get_one).patch(patch).delete(delete))
        .route(
            "/identities/{id}/children",
            post(add_children).delete(remove_children),
        )
        .with_state(api)
}

/// Runs storage work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| ApiError::internal("The storage task failed."))?
}

/// The normalised value of a passing report, or the 400 that lists its field errors.
fn passed(report: IdentityReport, locale: Locale) -> Result<Value, ApiError> {
    match report.value {
        Some(v) if report.ok => Ok(v.into()),
        _ => Err(ApiError::validation(report.errors, locale)),
    }
}

fn prepare(value: Value, locale: Locale) -> Result<Prepared, ApiError> {
    Prepared::from_value(value).ok_or_else(|| {
        ApiError::validation(
            vec![
                field_error("type", "missing", locale),
                field_error("documentNumber", "missing", locale),
            ],
            locale,
        )
    })
}

fn options(api: &Api, locale: Locale) -> ValidateOptions {
    ValidateOptions {
        locale,
        partial: false,
        lenient: api.lenient,
    }
}

async fn create(
    State(api): State<Arc<Api>>,
    Lang(locale): Lang,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let value = passed(
        validate_identity(&(&body).into(), &options(&api, locale)),
        locale,
    )?;
    let prepared = prepare(value, locale)?;
    let store = api.store.clone();
    blocking(move || store.create(prepared, locale))
        .await
        .map(Json)
}

async fn get_one(
    State(api): State<Arc<Api>>,
    Lang(locale): Lang,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let store = api.store.clone();
    blocking(move || store.get(&id, locale)).await.map(Json)
}

async fn delete(
    State(api): State<Arc<Api>>,
    Lang(locale): Lang,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let store = api.store.clone();
    blocking(move || store.delete(&id, locale))
        .await
        .map(|_| StatusCode::NO_CONTENT)
}

/// RFC 7396 JSON merge patch: objects merge key by key, `null` removes, anything else
/// replaces.
pub fn merge(target: &mut Value, patch: Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            if let Value::Object(t) = target {
                for (k, v) in p {
                    if v.is_null() {
                        t.remove(&k);
                    } else {
                        merge(t.entry(k).or_insert(Value::Null), v);
                    }
                }
            }
        }
        other => *target = other,
    }
}

/// `PATCH /identities/{id}`: the stored identity merged with the body, validated whole.
async fn patch(
    State(api): State<Arc<Api>>,
    Lang(locale): Lang,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let Value::Object(mut patch) = body else {
        return Err(ApiError::validation(
            vec![field_error("", "not_an_object", locale)],
            locale,
        ));
    };
    let opts = options(&api, locale);
    let store = api.store.clone();
    let view = blocking(move || {
        store.patch(&id, locale, move |mut current| {
            if let Value::Object(cur) = &mut current {
                for key in READ_ONLY {
                    let stored = cur.remove(*key);
                    // Sending back a read-only field unchanged (a GET, edited, PATCHed whole)
                    // is fine; changing one is reported by the validator.
                    if stored.is_some() && patch.get(*key) == stored.as_ref() {
                        patch.remove(*key);
                    }
                }
                // The links are only revalidated (and replaced) when the patch sends children;
                // `children: null` removes them all.
                cur.remove("children");
                if patch.get("children").is_some_and(Value::is_null) {
                    patch.insert("children".into(), Value::Array(Vec::new()));
                }
            }
            merge(&mut current, Value::Object(patch));
            let value = passed(validate_identity(&(&current).into(), &opts), locale)?;
            prepare(value, locale)
        })
    })
    .await?;
    Ok(Json(view))
}

/// Reads `{children: [id, ...]}`, each id checked as the validators check `childId`.
fn child_ids(body: &Value, locale: Locale) -> Result<Vec<String>, ApiError> {
    let list = match body.get("children") {
        None | Some(Value::Null) => {
            return Err(ApiError::validation(
                vec![field_error("children", "missing", locale)],
                locale,
            ))
        }
        Some(Value::Array(list)) => list,
        Some(_) => {
            return Err(ApiError::validation(
                vec![field_error("children", "not_an_array", locale)],
                locale,
            ))
        }
    };
    let mut unknown = Vec::new();
    if let Value::Object(o) = body {
        for key in o.keys().filter(|k| *k != "children") {
            unknown.push(field_error(key.clone(), "unknown_field", locale));
        }
    }
    let ctx = FieldContext {
        locale,
        ..Default::default()
    };
    let mut ids: Vec<String> = Vec::new();
    let mut errors = unknown;
    for (i, item) in list.iter().enumerate() {
        let path = format!("children[{i}]");
        match item.as_str().map(|s| validate_field("childId", s, &ctx)) {
            Some(Ok(v)) if v.state == VState::Valid => {
                if let Some(id) = v.normalized {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            Some(Ok(v)) => errors.push(field_error(
                path,
                if v.state == VState::Empty {
                    "missing"
                } else {
                    v.code
                },
                locale,
            )),
            Some(Err(_)) => errors.push(field_error(path, "unknown_field", locale)),
            None => errors.push(field_error(path, "not_a_string", locale)),
        }
    }
    if errors.is_empty() {
        Ok(ids)
    } else {
        Err(ApiError::validation(errors, locale))
    }
}

async fn add_children(
    State(api): State<Arc<Api>>,
    Lang(locale): Lang,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let children = child_ids(&body, locale)?;
    let store = api.store.clone();
    blocking(move || store.add_children(&id, &children, locale))
        .await
        .map(Json)
}

async fn remove_children(
    State(api): State<Arc<Api>>,
    Lang(locale): Lang,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let children = child_ids(&body, locale)?;
    let store = api.store.clone();
    blocking(move || store.remove_children(&id, &children, locale))
        .await
        .map(Json)
}

/// Cursors are opaque to clients: base64url of `a:<seq>` (the page after) or `b:<seq>` (the
/// page before). Both `next` and `previous` are passed back as `?next=`.
pub fn encode_cursor(c: Cursor) -> String {
    let raw = match c {
        Cursor::After(s) => format!("a:{s}"),
        Cursor::Before(s) => format!("b:{s}"),
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

pub fn decode_cursor(s: &str) -> Option<Cursor> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim())
        .ok()?;
    let raw = std::str::from_utf8(&raw).ok()?;
    let (dir, seq) = raw.split_once(':')?;
    let seq: i64 = seq.parse().ok().filter(|n| *n >= 0)?;
    match dir {
        "a" => Some(Cursor::After(seq)),
        "b" => Some(Cursor::Before(seq)),
        _ => None,
    }
}

/// A bad query parameter: `detail` names it and what it may be, and so does its field error
/// (the generic message of `code` would have no parameter to name: "Choose one of: .").
fn invalid_query(path: &str, code: &str, _locale: Locale, detail: String) -> ApiError {
    let error = identity_kit::FieldError {
        path: path.to_string(),
        code: code.to_string(),
        message: detail.clone(),
    };
    ApiError::bad_request(detail).with_errors(vec![error])
}

/// Reads `GET /identities`'s query into filters on the stored (normalised) columns. Filter
/// values are normalised by the same validators as payloads, so `12.345.678-5` finds
/// `12345678-5`.
pub fn list_query(raw: Option<&str>, locale: Locale) -> Result<ListQuery, ApiError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let param = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let mut q = ListQuery {
        limit: DEFAULT_LIMIT,
        ..Default::default()
    };
    if let Some(limit) = param("limit") {
        q.limit = limit
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                invalid_query(
                    "limit",
                    "one_of",
                    locale,
                    tr(
                        locale,
                        &format!("limit must be a whole number from 1 to {MAX_LIMIT}."),
                        &format!("limit debe ser un número entero de 1 a {MAX_LIMIT}."),
                        &format!("limit deve ser um número inteiro de 1 a {MAX_LIMIT}."),
                    ),
                )
            })?;
    }
    if let Some(next) = param("next") {
        q.cursor = Some(decode_cursor(&next).ok_or_else(|| {
            invalid_query(
                "next",
                "format",
                locale,
                tr(
                    locale,
                    "next must be a cursor this API returned (pagination.next or pagination.previous), passed back unchanged.",
                    "next debe ser un cursor devuelto por esta API (pagination.next o pagination.previous), sin cambios.",
                    "next deve ser um cursor devolvido por esta API (pagination.next ou pagination.previous), sem alterações.",
                ),
            )
        })?);
    }
    let base = FieldContext {
        locale,
        ..Default::default()
    };
    let normalized = |field: &str, value: &str, ctx: &FieldContext| -> Option<String> {
        validate_field(field, value, ctx)
            .ok()
            .filter(|v| v.state == VState::Valid)
            .and_then(|v| v.normalized)
    };
    if let Some(t) = param("type") {
        let t = t.to_ascii_uppercase();
        if IdentityType::parse(&t).is_none() {
            return Err(invalid_query(
                "type",
                "type.unknown",
                locale,
                tr(
                    locale,
                    "type must be USER or ORGANIZATION.",
                    "type debe ser USER u ORGANIZATION.",
                    "type deve ser USER ou ORGANIZATION.",
                ),
            ));
        }
        q.filters.push(("type", vec![t]));
    }
    if let Some(s) = param("status") {
        let s = s.to_ascii_uppercase();
        if !STATUSES.contains(&s.as_str()) {
            let list = STATUSES.join(", ");
            return Err(invalid_query(
                "status",
                "one_of",
                locale,
                tr(
                    locale,
                    &format!("status must be one of {list}."),
                    &format!("status debe ser uno de {list}."),
                    &format!("status deve ser um de {list}."),
                ),
            ));
        }
        q.filters.push(("status", vec![s]));
    }
    let mut country = None;
    if let Some(c) = param("country") {
        let c = normalized("country", &c, &base).ok_or_else(|| {
            invalid_query(
                "country",
                "country.unknown",
                locale,
                tr(
                    locale,
                    "country must be an ISO 3166-1 alpha-3 code.",
                    "country debe ser un código ISO 3166-1 alfa-3.",
                    "country deve ser um código ISO 3166-1 alfa-3.",
                ),
            )
        })?;
        country = Some(c.clone());
        q.filters.push(("country", vec![c]));
    }
    let ctx = FieldContext {
        country: country.clone(),
        ..base.clone()
    };
    let variants = |raw: String, extra: Vec<String>| -> Vec<String> {
        let mut v = vec![raw];
        for e in extra {
            if !v.contains(&e) {
                v.push(e);
            }
        }
        v
    };
    if let Some(e) = param("email") {
        let n = normalized("email", &e, &base).into_iter().collect();
        q.filters.push(("email", variants(e, n)));
    }
    if let Some(p) = param("phone") {
        let n = normalized("phone", &p, &ctx).into_iter().collect();
        q.filters.push(("phone", variants(p, n)));
    }
    if let Some(d) = param("documentNumber") {
        // Every form the number takes as a valid document of a kind the country issues.
        let forms: Vec<String> = KINDS
            .iter()
            .filter(|k| match (&country, k.country) {
                (Some(c), Some(kc)) => c == kc,
                _ => true,
            })
            .map(|k| (k.live)(&d))
            .filter(|v| v.state == VState::Valid)
            .filter_map(|v| v.normalized)
            .collect();
        q.filters.push(("document_number", variants(d, forms)));
    }
    Ok(q)
}

async fn list(
    State(api): State<Arc<Api>>,
    Lang(locale): Lang,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let q = list_query(raw.as_deref(), locale)?;
    let store = api.store.clone();
    let page = blocking(move || store.list(&q)).await?;
    Ok(Json(json!({
        "data": page.data,
        "pagination": {
            "count": page.count,
            "next": page.next.map(encode_cursor),
            "previous": page.previous.map(encode_cursor),
            "total": page.total,
        }
    }))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        for c in [
            Cursor::After(0),
            Cursor::After(123),
            Cursor::Before(9_999_999),
        ] {
            assert_eq!(decode_cursor(&encode_cursor(c)), Some(c));
        }
        for bad in ["", "!!", "YTp4", "eDox", "YTotMQ"] {
            assert_eq!(decode_cursor(bad), None, "{bad}");
        }
    }

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let mut t = json!({"a": 1, "b": {"c": 2, "d": 3}, "e": [1]});
        merge(
            &mut t,
            json!({"a": null, "b": {"c": 5}, "e": [2, 3], "f": "x"}),
        );
        assert_eq!(t, json!({"b": {"c": 5, "d": 3}, "e": [2, 3], "f": "x"}));
    }

    #[test]
    fn list_queries_are_checked() {
        let l = Locale::En;
        assert_eq!(list_query(None, l).unwrap().limit, DEFAULT_LIMIT);
        assert_eq!(list_query(Some("limit=100"), l).unwrap().limit, 100);
        for bad in [
            "limit=0",
            "limit=101",
            "limit=x",
            "next=zz",
            "type=ROBOT",
            "status=GONE",
            "country=XX1",
        ] {
            assert!(list_query(Some(bad), l).is_err(), "{bad}");
        }
        let q = list_query(Some("type=user&status=active&country=chl"), l).unwrap();
        assert_eq!(
            q.filters,
            vec![
                ("type", vec!["USER".to_string()]),
                ("status", vec!["ACTIVE".to_string()]),
                ("country", vec!["CHL".to_string()])
            ]
        );
        let q = list_query(Some("documentNumber=17.604.011-4&country=CHL"), l).unwrap();
        let (_, forms) = q
            .filters
            .iter()
            .find(|(c, _)| *c == "document_number")
            .unwrap();
        assert!(forms.contains(&"17604011-4".to_string()), "{forms:?}");
    }
}
