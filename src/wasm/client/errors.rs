//! What can go wrong in an API call, and its JavaScript form: an instance of one of the error
//! classes of `src/wasm/errors.js` (`ValidationError`, `ApiError`, `NetworkError`,
//! `TimeoutError`, `AbortError`), or a `TypeError` for a bad argument.

use js_sys::Object;
use wasm_bindgen::prelude::*;

use crate::api::ApiErrorBody;
use crate::identity::FieldError;
use crate::wasm::{field_errors_to_js, set};

#[wasm_bindgen(module = "/src/wasm/errors.js")]
extern "C" {
    /// `class`: 0 `ValidationError`, 1 `ApiError`, 2 `NetworkError`, 3 `TimeoutError`, 4
    /// `AbortError` (a number: the names need not be in the wasm too).
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(class: u8, message: &str, props: &Object) -> JsValue;
}

/// Why an API call failed.
pub(crate) enum Failure {
    /// The payload failed validation; nothing was sent. Boxed, like `Api`, to keep every
    /// `Failure` (and so every `Result` of the client) two words.
    #[allow(clippy::box_collection)] // boxed on purpose: see above
    Validation(Box<Vec<FieldError>>),
    /// The API answered with an error status. Boxed: it is by far the largest variant, and
    /// every `Result` of the client carries a `Failure` (smaller to move, smaller wasm).
    Api(Box<ApiErrorBody>),
    /// No usable answer; the cause is what fetch (or the answer) gave.
    Network(NoAnswer, JsValue),
    /// The call's `timeoutMs` ran out.
    Timeout(u32),
    /// The caller's signal aborted; its reason.
    Abort(JsValue),
    /// A value thrown by the caller's own code (`getAccessToken`), passed on untouched, or an
    /// error already in its JS form (a bad argument's `TypeError` is made at once).
    Js(JsValue),
}

/// Why there is no usable answer: a `NetworkError`'s message. A one-byte tag rather than a
/// `&str`, so that a `Failure` stays small.
#[derive(Clone, Copy)]
pub(crate) enum NoAnswer {
    Unreachable,
    NotAResponse,
    Unreadable,
    NotJson,
    NotAPage,
    NoId,
}

impl NoAnswer {
    fn message(self) -> &'static str {
        match self {
            NoAnswer::Unreachable => "The API could not be reached (network, CORS or baseUrl).",
            NoAnswer::NotAResponse => "fetch did not give a Response.",
            NoAnswer::Unreadable => "The answer could not be read.",
            NoAnswer::NotJson => "The answer is not JSON: is baseUrl the identities API?",
            NoAnswer::NotAPage => "The answer is not a list page {data, pagination}.",
            NoAnswer::NoId => "The API answered an identity without an id.",
        }
    }
}

impl Failure {
    /// Payload errors: a `ValidationError`.
    pub(crate) fn validation(errors: Vec<FieldError>) -> Failure {
        Failure::Validation(Box::new(errors))
    }

    /// A bad argument or option: a `TypeError`, as everywhere in the package.
    pub(crate) fn type_error(parts: &[&str]) -> Failure {
        Failure::Js(crate::wasm::type_error(parts))
    }

    /// `what` (the method) followed by `problem` (": ..."): the common two-part `TypeError`,
    /// cheaper to call than building a list of parts.
    pub(crate) fn bad_argument(what: &str, problem: &str) -> Failure {
        Failure::type_error(&[what, problem])
    }

    /// `what: key problem`: the `TypeError` for a bad option or property (also an argument
    /// named before a check's own words: `key` "id ", `problem` "must not ...").
    pub(crate) fn bad_option(what: &str, key: &str, problem: &str) -> Failure {
        Failure::type_error(&[what, ": ", key, problem])
    }

    pub(crate) fn into_js(self) -> JsValue {
        let props = Object::new();
        // Every message written into one String: no copy of a fixed text per class.
        let mut msg = String::new();
        let class = match self {
            Failure::Js(v) => return v,
            Failure::Validation(errors) => {
                msg.push_str("The payload is not valid");
                if let Some(first) = errors.first() {
                    msg.push_str(": ");
                    if !first.path.is_empty() {
                        msg.push_str(&first.path);
                        msg.push_str(": ");
                    }
                    msg.push_str(&first.message);
                    if errors.len() > 1 {
                        msg.push_str(" (and ");
                        crate::text::push_decimal(&mut msg, (errors.len() - 1) as u64);
                        msg.push_str(" more)");
                    }
                }
                set(&props, "errors", field_errors_to_js(&errors));
                0
            }
            Failure::Api(body) => {
                set(&props, "status", body.status);
                set(&props, "code", body.code.as_str());
                set(&props, "type", body.kind.as_str());
                set(&props, "detail", body.detail.as_str());
                if let Some(t) = &body.trace_id {
                    set(&props, "traceId", t.as_str());
                }
                set(&props, "errors", field_errors_to_js(&body.errors));
                msg = body.detail;
                1
            }
            Failure::Network(why, cause) => {
                set(&props, "cause", cause);
                msg.push_str(why.message());
                2
            }
            Failure::Timeout(ms) => {
                set(&props, "timeoutMs", ms);
                msg.push_str("The API call took longer than ");
                crate::text::push_decimal(&mut msg, ms.into());
                msg.push_str(" ms.");
                3
            }
            Failure::Abort(reason) => {
                set(&props, "cause", reason);
                msg.push_str("The API call was aborted.");
                4
            }
        };
        make_error(class, &msg, &props)
    }
}
