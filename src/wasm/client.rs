//! `IdentityClient`: the identities API client for browsers and Node 20, over fetch.
//!
//! This file holds the JS class: its options and each method's arguments are checked here
//! (a bad one rejects with a `TypeError`), payloads are validated with the core before
//! anything is sent, and the calls go through [`http`]. The create-and-link flow is in
//! [`flow`], the typed errors in [`errors`], the async runtime in [`task`]; the decisions
//! (URLs, retries, reuse matching) are plain Rust in `crate::client_core`.

mod errors;
mod flow;
mod http;
mod task;

use std::rc::Rc;

use js_sys::{Array, Function, JsString, Promise, Reflect};
use crate::json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::api::API_VERSION;
use crate::client_core::{self as core, RetryPolicy};
use crate::fields::{self, FieldContext};
use crate::identity::{validate_identity, FieldError, ValidateOptions};
use crate::text::{decimal, push_decimal};
use crate::wasm::{json, locale_of, read, units};
use errors::Failure;
use http::{Config, Req};
use task::run;

#[wasm_bindgen(typescript_custom_section)]
const CLIENT_TYPES: &str = include_str!("client.d.ts");

#[wasm_bindgen(module = "/src/wasm/client.js")]
extern "C" {
    /// The constructor's options, read and checked (a bad one throws a `TypeError`):
    /// `[baseUrl, headers, apiVersion, apiKey, fetch, getAccessToken, timeoutMs, retries,
    /// lenient]`, see `client.js`.
    #[wasm_bindgen(js_name = clientOptions, catch)]
    fn client_options(options: &JsValue, max_base_url: u32, max_timeout_ms: u32, max_retries: u32) -> Result<Array, JsValue>;
    fn pages(client: JsValue, filters: &JsValue, limit: Option<u32>, signal: Option<AbortSignal>) -> JsValue;
}

/// `obj[key]`, with undefined and null as `None`.
fn prop(obj: &JsValue, key: &str, what: &str) -> Result<Option<JsValue>, Failure> {
    if obj.is_undefined() || obj.is_null() {
        return Ok(None);
    }
    let v = Reflect::get(obj, &JsValue::from_str(key)).map_err(|_| Failure::type_error(&[what, ": could not read ", key]))?;
    Ok((!v.is_undefined() && !v.is_null()).then_some(v))
}

fn string_prop(obj: &JsValue, key: &str, what: &str, max_chars: u32) -> Result<Option<String>, Failure> {
    match prop(obj, key, what)? {
        None => Ok(None),
        Some(v) => match v.dyn_ref::<JsString>() {
            Some(s) if (1..=max_chars).contains(&units(s)) => Ok(Some(String::from(s))),
            _ => Err(Failure::bad_option(what, key, " must be a non-empty string")),
        },
    }
}

fn function_prop(obj: &JsValue, key: &str, what: &str) -> Result<Option<Function>, Failure> {
    match prop(obj, key, what)? {
        None => Ok(None),
        Some(v) => v.dyn_into::<Function>().map(Some).map_err(|_| Failure::bad_option(what, key, " must be a function")),
    }
}

/// A whole number in `min..=max`.
fn number_prop(obj: &JsValue, key: &str, what: &str, min: u32, max: u32) -> Result<Option<u32>, Failure> {
    match prop(obj, key, what)? {
        None => Ok(None),
        Some(v) => match v.as_f64() {
            Some(n) if n.fract() == 0.0 && n >= min as f64 && n <= max as f64 => Ok(Some(n as u32)),
            _ => {
                let mut range = String::from(" must be a whole number from ");
                push_decimal(&mut range, min.into());
                range.push_str(" to ");
                push_decimal(&mut range, max.into());
                Err(Failure::bad_option(what, key, &range))
            }
        },
    }
}

/// Checks that an options argument is an object (or absent).
fn options_object(options: &JsValue, what: &str) -> Result<(), Failure> {
    if options.is_undefined() || options.is_null() || (options.is_object() && !read::is_array_or_not(options)) {
        Ok(())
    } else {
        Err(Failure::bad_argument(what, ": options must be an object"))
    }
}

/// `options.signal`: an `AbortSignal`, or nothing.
fn signal_of(options: &JsValue, what: &str) -> Result<Option<AbortSignal>, Failure> {
    options_object(options, what)?;
    match prop(options, "signal", what)? {
        None => Ok(None),
        Some(v) => v.dyn_into::<AbortSignal>().map(Some).map_err(|_| Failure::bad_argument(what, ": signal must be an AbortSignal")),
    }
}

fn id_arg(id: &JsValue, what: &str) -> Result<String, Failure> {
    // Length first, so a huge string is refused without being copied into wasm. A non-string
    // or a huge one is checked as an empty id: check_id's message for it is the one they need.
    let s = match id.dyn_ref::<JsString>() {
        Some(s) if units(s) as usize <= core::MAX_ID_CHARS * 2 => String::from(s),
        _ => String::new(),
    };
    core::check_id(&s).map_err(|why| Failure::bad_option(what, "id ", why))?;
    Ok(s)
}

/// An object payload as JSON data, validated (as a PATCH body when `partial`) and normalised.
fn validated(cfg: &Config, payload: &JsValue, partial: bool, what: &str) -> Result<Value, Failure> {
    if !payload.is_object() || read::is_array_or_not(payload) {
        return Err(Failure::bad_argument(what, ": the payload must be an object"));
    }
    let value = json::from_js(payload, what).map_err(Failure::Js)?;
    let report = validate_identity(&value, &ValidateOptions { partial, ..cfg.validate });
    match report.value {
        Some(v) if report.ok => Ok(v),
        _ => Err(Failure::validation(report.errors)),
    }
}

/// Child ids for the children endpoints, each checked as the API checks them.
fn child_ids(cfg: &Config, ids: &JsValue, what: &str) -> Result<Value, Failure> {
    if !read::is_array_or_not(ids) {
        return Err(Failure::bad_argument(what, ": childIds must be an array of ids"));
    }
    let unreadable = |_| Failure::bad_argument(what, ": childIds could not be read");
    let ctx = FieldContext { locale: cfg.validate.locale, ..Default::default() };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    // Indexed, here and below, not `Array::iter`: its iterator and one more import for nothing.
    for i in 0..read::length(ids).map_err(unreadable)? {
        let verdict = match read::item(ids, i).map_err(unreadable)?.as_string() {
            Some(s) => fields::validate_field("childId", &s, &ctx).ok(),
            None => None,
        };
        let (code, param) = match verdict {
            Some(v) if v.is_valid() => {
                if let Some(id) = v.normalized {
                    out.push(Value::String(id));
                }
                continue;
            }
            Some(v) => (if v.state == crate::State::Empty { "missing" } else { v.code }, v.param),
            None => ("not_a_string", None),
        };
        let mut path = String::from("children[");
        push_decimal(&mut path, i as u64);
        path.push(']');
        errors.push(FieldError { path, code: code.into(), message: crate::messages::message(code, param.as_deref(), ctx.locale) });
    }
    if !errors.is_empty() {
        return Err(Failure::validation(errors));
    }
    Ok(core::children_body(out))
}

/// `GET /identities` filters: only the six the API knows, each a non-empty string, added to
/// `url`'s query.
fn filters_of(filters: &JsValue, what: &str, url: &mut String) -> Result<(), Failure> {
    if filters.is_undefined() || filters.is_null() {
        return Ok(());
    }
    if !filters.is_object() || read::is_array_or_not(filters) {
        return Err(Failure::bad_argument(what, ": filters must be an object"));
    }
    let keys = read::keys(filters).map_err(|_| Failure::bad_argument(what, ": filters could not be read"))?;
    for i in 0..keys.length() {
        let key = keys.get(i).as_string().unwrap_or_default();
        if !core::FILTERS.contains(&key.as_str()) {
            return Err(Failure::type_error(&[what, ": unknown filter ", &key, " (type, email, documentNumber, phone, country, status)"]));
        }
        if let Some(v) = string_prop(filters, &key, what, 256)? {
            core::push_query(url, &key, &v);
        }
    }
    Ok(())
}

/// The identities API client. See `IdentityClientOptions` in the package's types.
#[wasm_bindgen]
pub struct IdentityClient {
    cfg: Rc<Config>,
}

#[wasm_bindgen]
impl IdentityClient {
    /// Checks the options; throws a `TypeError` for a bad one, and for credentials (`apiKey`,
    /// an `x-api-key` or `Authorization` header) in a browser without
    /// `dangerouslyAllowBrowserCredentials: true`.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "IdentityClientOptions")] options: JsValue) -> Result<IdentityClient, JsValue> {
        Self::configure(&options).map(|cfg| IdentityClient { cfg: Rc::new(cfg) })
    }

    fn configure(options: &JsValue) -> Result<Config, JsValue> {
        // Read and checked by client.js (see `client_options`); what is left is the crate's own.
        let checked = client_options(options, core::MAX_BASE_URL_CHARS as u32, core::MAX_TIMEOUT_MS, core::MAX_RETRIES)?;
        let at = |i| checked.get(i);
        let locale = locale_of(options, "IdentityClient")?;
        let base = core::normalize_base_url(&at(0).as_string().unwrap_or_default())
            .map_err(|why| Failure::bad_option("IdentityClient", "baseUrl ", why).into_js())?;
        let whole = |i, default| at(i).as_f64().map_or(default, |n| n as u32);
        Ok(Config {
            base,
            headers: Config::fixed_headers(at(1).unchecked_into(), &at(2).as_string().unwrap_or_else(|| API_VERSION.to_string()), at(3).as_string().as_deref()),
            token: at(5).dyn_into().ok(),
            timeout_ms: whole(6, core::DEFAULT_TIMEOUT_MS),
            retry: RetryPolicy { retries: whole(7, core::DEFAULT_RETRIES), ..RetryPolicy::default() },
            fetch: at(4),
            validate: ValidateOptions {
                locale,
                partial: false,
                lenient: at(8).is_truthy(),
            },
        })
    }

    /// `POST /identities`: validates `payload`, sends the normalised value. Never retried.
    #[wasm_bindgen(unchecked_return_type = "Promise<Identity>")]
    pub fn create(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IdentityInput")] payload: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.by_id("POST", "create", None, Some(&payload), options)
    }

    /// `GET /identities/{id}`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Identity>")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.by_id("GET", "get", Some(&id), None, options)
    }

    /// `PATCH /identities/{id}`: validates `patch` as a partial payload first.
    #[wasm_bindgen(unchecked_return_type = "Promise<Identity>")]
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Partial<IdentityInput>")] patch: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.by_id("PATCH", "update", Some(&id), Some(&patch), options)
    }

    /// `DELETE /identities/{id}` (answered 204: resolves to undefined).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn remove(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.by_id("DELETE", "remove", Some(&id), None, options)
    }

    /// `POST /identities/{id}/children` with `{children: childIds}`.
    #[wasm_bindgen(js_name = addChildren, unchecked_return_type = "Promise<Identity>")]
    pub fn add_children(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]", js_name = "childIds")] child_ids: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.by_id("POST", "addChildren", Some(&id), Some(&child_ids), options)
    }

    /// `DELETE /identities/{id}/children` with `{children: childIds}`.
    #[wasm_bindgen(js_name = removeChildren, unchecked_return_type = "Promise<Identity>")]
    pub fn remove_children(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]", js_name = "childIds")] child_ids: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.by_id("DELETE", "removeChildren", Some(&id), Some(&child_ids), options)
    }

    /// Every call on one identity, and `create` (no id: the payload is validated whole, and the
    /// call is not idempotent), through one body.
    fn by_id(&self, method: &'static str, what: &str, id: Option<&JsValue>, body: Option<&JsValue>, options: JsValue) -> Promise {
        let children = what.ends_with("Children");
        let req = (|| {
            let id = match id {
                Some(id) => Some(id_arg(id, what)?),
                None => None,
            };
            let body = match body {
                None => None,
                Some(ids) if children => Some(child_ids(&self.cfg, ids, what)?),
                Some(payload) => Some(validated(&self.cfg, payload, id.is_some(), what)?),
            };
            Ok(Req::new(method, core::identity_url(&self.cfg.base, id.as_deref(), children), body.as_ref(), id.is_some()))
        })();
        self.call(req, options, what)
    }

    /// Sends a prepared call (or rejects with why it could not be prepared).
    fn call(&self, req: Result<Req, Failure>, options: JsValue, what: &str) -> Promise {
        let signal = signal_of(&options, what);
        match req.and_then(|r| Ok((r, signal?))) {
            Err(f) => Promise::reject(&f.into_js()),
            Ok((req, signal)) => {
                let cfg = self.cfg.clone();
                run(Box::pin(async move { cfg.send(&req, signal.as_ref()).await }))
            }
        }
    }

    /// One page of `GET /identities`: `{data, pagination: {count, next, previous, total}}`.
    #[wasm_bindgen(js_name = listPage, unchecked_return_type = "Promise<IdentityPage>")]
    pub fn list_page(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "IdentityFilters")] filters: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListPageOptions")] options: JsValue,
    ) -> Promise {
        const W: &str = "listPage";
        let opts = &options;
        let req = (|| {
            let mut url = core::identity_url(&self.cfg.base, None, false);
            filters_of(&filters, W, &mut url)?;
            options_object(opts, W)?;
            if let Some(l) = number_prop(opts, "limit", W, 1, core::MAX_LIMIT)? {
                core::push_query(&mut url, "limit", &decimal(l as usize));
            }
            if let Some(n) = string_prop(opts, "next", W, 4096)? {
                core::push_query(&mut url, "next", &n);
            }
            Ok(Req { page: true, ..Req::new("GET", url, None, true) })
        })();
        self.call(req, options, W)
    }

    /// Every identity matching `filters`, across pages, as an async iterable (one page is
    /// fetched at a time, as the loop consumes them). Bad arguments throw at once.
    #[wasm_bindgen(unchecked_return_type = "AsyncIterable<Identity>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "IdentityFilters")] filters: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        const W: &str = "list";
        let checked = (|| {
            // Checked only: `pages` passes them to listPage.
            filters_of(&filters, W, &mut String::new())?;
            Ok((number_prop(&options, "limit", W, 1, core::MAX_LIMIT)?, signal_of(&options, W)?))
        })();
        let (limit, signal) = checked.map_err(Failure::into_js)?;
        Ok(pages(IdentityClient { cfg: self.cfg.clone() }.into(), &filters, limit, signal))
    }

    /// Creates an organization and its users and links them (SPEC section 4's flow), reusing
    /// the identities a previous run created. See `CreateAndLinkInput`.
    #[wasm_bindgen(js_name = createAndLink, unchecked_return_type = "Promise<CreateAndLinkResult>")]
    pub fn create_and_link(&self, #[wasm_bindgen(unchecked_param_type = "CreateAndLinkInput")] input: JsValue) -> Promise {
        flow::create_and_link(IdentityClient { cfg: self.cfg.clone() }, &input)
    }
}
