//! One API call over fetch: sends it, cancels it on timeout or abort, retries idempotent
//! calls as `client_core::RetryPolicy` decides, and reads the answer (JSON, or one of the API's
//! error shapes) into a JS value or a [`Failure`].
//!
//! The I/O of one attempt (build the `Request`, fetch, read the body, each raced against the
//! guard) is one function of `client.js` (`Guard.send`), awaited once: every await here is a
//! state of this function's state machine in the wasm. What each outcome means (retry, error,
//! answer) is decided here.
//!
//! No gloo-net: its request builder formats the method, round-trips the URL through a `URL`
//! (the URLs built by `client_core` are final already) and panics on a non-`Error` throw; its
//! response reader panics when the body was already read (a panic would poison the module for
//! the whole page).

use js_sys::{Array, Date, Function, Object, Promise, Reflect, JSON};
use crate::json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::errors::{Failure, NoAnswer};
use super::task::wait;
use crate::api::{ApiErrorBody, API_KEY_HEADER, API_VERSION_HEADER};
use crate::client_core::{parse_retry_after, valid_header_value, Outcome, RetryPolicy};
use crate::identity::ValidateOptions;
use crate::wasm::{json, set};

#[wasm_bindgen(module = "/src/wasm/client.js")]
extern "C" {
    /// One call's cancellation (deadline + caller's signal), see `client.js`.
    type Guard;
    #[wasm_bindgen(constructor)]
    fn new(ms: f64, signal: Option<&AbortSignal>) -> Guard;
    #[wasm_bindgen(method)]
    fn race(this: &Guard, value: &JsValue) -> Promise;
    /// One attempt (see `client.js`): resolves to `[status, text, Retry-After]`; on a
    /// rejection, the guard's `stage` says what failed (0 the Request, 1 fetch, 2 not a
    /// Response, 3 the body).
    #[wasm_bindgen(method)]
    fn send(this: &Guard, fetch: &JsValue, url: &str, method: &str, headers: &Object, body: Option<&JsValue>, token: Option<&str>) -> Promise;
    #[wasm_bindgen(method)]
    fn sleep(this: &Guard, ms: f64) -> Promise;
    #[wasm_bindgen(method)]
    fn done(this: &Guard);
}

/// What every call of one client shares: the options given to its constructor, checked.
pub(crate) struct Config {
    pub base: String,
    pub token: Option<Function>,
    /// The headers every call sends, made once: see [`Config::fixed_headers`].
    pub headers: Object,
    pub timeout_ms: u32,
    pub retry: RetryPolicy,
    /// The caller's fetch, or undefined for the global one.
    pub fetch: JsValue,
    pub validate: ValidateOptions,
}

/// One call, ready to send.
pub(crate) struct Req {
    /// `GET`, `POST`, `PATCH` or `DELETE`.
    pub method: &'static str,
    pub url: String,
    /// The JSON data, as JS values: `Guard.send` makes the JSON text (no `JSON.stringify`
    /// import here).
    pub body: Option<JsValue>,
    /// Safe to repeat: everything but a create.
    pub idempotent: bool,
    /// A list answer, to check for `{data: [...], pagination: {...}}`.
    pub page: bool,
}

impl Req {
    pub(crate) fn new(method: &'static str, url: String, body: Option<&Value>, idempotent: bool) -> Req {
        Req { method, url, body: body.map(json::to_js), idempotent, page: false }
    }
}

impl Guard {
    /// A number the guard keeps: `why` (0 running, 1 timed out, 2 aborted by the caller) or
    /// `stage` (see [`Guard::send`]). Read as properties: getter imports cost more glue.
    fn number(&self, key: &str) -> u8 {
        get(self, key).as_f64().unwrap_or_default() as u8
    }
}

/// Disarms the guard however the call ends (the future may also be dropped).
struct Armed(Guard);

impl Drop for Armed {
    fn drop(&mut self) {
        self.0.done();
    }
}

/// `obj[key]`, or undefined when reading it throws.
pub(crate) fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

impl Config {
    /// Why the call stopped, if it was cancelled.
    fn stopped(&self, guard: &Guard, signal: Option<&AbortSignal>) -> Option<Failure> {
        match guard.number("why") {
            1 => Some(Failure::Timeout(self.timeout_ms)),
            // Read as a property: an `AbortSignal.reason` import would cost more glue.
            2 => Some(Failure::Abort(signal.map(|s| get(s, "reason")).unwrap_or(JsValue::UNDEFINED))),
            _ => None,
        }
    }

    /// The headers every call sends: the caller's (already in `headers`, see `clientOptions`
    /// in client.js), then ours over them (`Guard.send` adds the body's type and the
    /// token), as a plain object that `Guard.send` gives to `new Headers`. Every name and value
    /// was checked by the constructor.
    pub(crate) fn fixed_headers(headers: Object, api_version: &str, api_key: Option<&str>) -> Object {
        set(&headers, "accept", "application/json");
        set(&headers, API_VERSION_HEADER, api_version);
        if let Some(key) = api_key {
            set(&headers, API_KEY_HEADER, key);
        }
        headers
    }

    /// Sends `req`, retrying it when it is idempotent. Resolves to the parsed JSON answer
    /// (`undefined` for an empty one, e.g. a 204).
    pub(crate) async fn send(&self, req: &Req, signal: Option<&AbortSignal>) -> Result<JsValue, Failure> {
        let armed = Armed(Guard::new(self.timeout_ms as f64, signal));
        let guard = &armed.0;
        let stopped = |e: JsValue| self.stopped(guard, signal).unwrap_or(Failure::Js(e));
        // Already aborted by the caller's signal: nothing is sent.
        if let Some(f) = self.stopped(guard, signal) {
            return Err(f);
        }
        let deadline = Date::now() + self.timeout_ms as f64;
        let mut attempts = 0;
        loop {
            attempts += 1;
            let token = match &self.token {
                None => None,
                Some(f) => {
                    let t = f.call0(&JsValue::UNDEFINED).map_err(Failure::Js)?;
                    let t = wait(guard.race(&t)).await.map_err(stopped)?.as_string();
                    match t {
                        Some(t) if !t.is_empty() && valid_header_value(&t) => Some(t),
                        _ => return Err(Failure::bad_argument("IdentityClient", ": getAccessToken must give a non-empty token string")),
                    }
                }
            };
            let sent = wait(guard.send(&self.fetch, &req.url, req.method, &self.headers, req.body.as_ref(), token.as_deref())).await;
            let (outcome, failure, retry_after) = match sent {
                Err(e) => {
                    let stage = guard.number("stage");
                    // A bad URL is the caller's (a TypeError); an answer that is not a
                    // Response fails whether or not the call was cancelled meanwhile.
                    if stage == 0 {
                        return Err(Failure::Js(e));
                    }
                    if stage == 2 {
                        return Err(Failure::Network(NoAnswer::NotAResponse, JsValue::UNDEFINED));
                    }
                    if let Some(f) = self.stopped(guard, signal) {
                        return Err(f);
                    }
                    if stage == 3 {
                        return Err(Failure::Network(NoAnswer::Unreadable, e));
                    }
                    (Outcome::Network, Failure::Network(NoAnswer::Unreachable, e), None)
                }
                Ok(answer) => {
                    let answer: &Array = answer.unchecked_ref();
                    let status = answer.get(0).as_f64().unwrap_or_default() as u16;
                    let text = answer.get(1).as_string().unwrap_or_default();
                    if (200..300).contains(&status) {
                        return self.answer(req, &text);
                    }
                    let retry_after = answer.get(2).as_string().and_then(|v| parse_retry_after(&v, Date::now()));
                    (Outcome::Status(status), Failure::Api(Box::new(api_error(status, &text))), retry_after)
                }
            };
            let Some(delay) = self.retry.delay(attempts, req.idempotent, outcome, retry_after, js_sys::Math::random()) else {
                return Err(failure);
            };
            // A wait past the deadline would only end in a timeout: give the real error now.
            if Date::now() + delay as f64 >= deadline {
                return Err(failure);
            }
            // Not kept across the wait: a retry makes a new one.
            drop(failure);
            if let Err(e) = wait(guard.sleep(delay as f64)).await {
                return Err(stopped(e));
            }
        }
    }

    /// A success answer: JSON, or nothing.
    fn answer(&self, req: &Req, text: &str) -> Result<JsValue, Failure> {
        if crate::text::trim(text).is_empty() {
            return Ok(JsValue::UNDEFINED);
        }
        let v = JSON::parse(text).map_err(|e| Failure::Network(NoAnswer::NotJson, e))?;
        if req.page && !(Array::is_array(&get(&v, "data")) && get(&v, "pagination").is_object()) {
            return Err(Failure::Network(NoAnswer::NotAPage, v));
        }
        Ok(v)
    }
}

/// An error answer in any of the API's three shapes, or not JSON at all (a proxy's page).
fn api_error(status: u16, text: &str) -> ApiErrorBody {
    let parsed = JSON::parse(text).ok().and_then(|v| json::from_js(&v, "").ok());
    let mut body = ApiErrorBody::parse(status, parsed.as_ref().unwrap_or(&Value::Null));
    if parsed.is_none() {
        let t = crate::text::trim(text);
        if !t.is_empty() && t.len() <= 300 && !t.starts_with('<') {
            body.detail = t.to_string();
        }
    }
    body
}
