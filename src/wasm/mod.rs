//! The JavaScript surface: converts JS values to the plain-Rust core and back, and turns
//! every bad input into a thrown `TypeError`. Nothing here validates anything itself.
//!
//! No panic may cross into JavaScript (a panic in wasm poisons the module for the page), so
//! every conversion here is fallible and checked, and inputs are bounded before they are
//! copied into wasm memory.
//!
//! JSON crosses the boundary through [`json`] (walking JS values with js-sys), never through
//! `serde_json::from_str`/`to_string` or serde-wasm-bindgen: a JSON parser and printer in the
//! wasm cost more than all the validators together.

use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::documents::{self};
use crate::fields::{self, FieldContext};
use crate::identity::{self, IdentityType, ValidateOptions};
use crate::messages::{message, Locale};
use crate::verdict::{State, Verdict};
use crate::text::upper_trimmed;
use crate::{country, phone};

mod alloc;
pub mod client;
pub mod json;
pub(crate) mod read;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Longest string (UTF-16 units) copied into wasm for a single field; longer ones are judged
/// too long without being copied.
const MAX_FIELD_UNITS: u32 = 4096;

/// A `TypeError` whose message is `parts` joined: the messages are a few fixed words around
/// a name, which needs no formatting machinery.
pub(crate) fn type_error(parts: &[&str]) -> JsValue {
    js_sys::TypeError::new(&crate::text::concat(parts)).into()
}

/// A JS string's length in UTF-16 units, read without copying it. Through `Array::length`:
/// in JS both are the same `.length` read, and `JsString::length` would be one more import.
fn units(s: &JsString) -> u32 {
    s.unchecked_ref::<Array>().length()
}

fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    set_value(obj, key, value.into());
}

/// `set`'s body, once rather than once per value type.
#[inline(never)]
fn set_value(obj: &Object, key: &str, value: JsValue) {
    // Setting a plain data property on a fresh object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value);
}

/// Reads `obj[key]` as an optional string; anything but a string, undefined or null throws.
fn opt_string(obj: &JsValue, key: &str, what: &str) -> Result<Option<String>, JsValue> {
    if obj.is_undefined() || obj.is_null() {
        return Ok(None);
    }
    let v = Reflect::get(obj, &JsValue::from_str(key))
        .map_err(|_| type_error(&[what, ": could not read option \"", key, "\""]))?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.dyn_ref::<JsString>() {
        Some(s) if units(s) <= 64 => Ok(s.as_string()),
        Some(_) => Err(type_error(&[what, ": option \"", key, "\" is too long"])),
        None => Err(type_error(&[what, ": option \"", key, "\" must be a string"])),
    }
}

fn opt_bool(obj: &JsValue, key: &str, what: &str) -> Result<bool, JsValue> {
    if obj.is_undefined() || obj.is_null() {
        return Ok(false);
    }
    let v = Reflect::get(obj, &JsValue::from_str(key))
        .map_err(|_| type_error(&[what, ": could not read option \"", key, "\""]))?;
    match v.as_bool() {
        Some(b) => Ok(b),
        None if v.is_undefined() || v.is_null() => Ok(false),
        None => Err(type_error(&[what, ": option \"", key, "\" must be a boolean"])),
    }
}

fn check_options_object(options: &JsValue, what: &str) -> Result<(), JsValue> {
    if options.is_undefined() || options.is_null() || options.is_object() {
        Ok(())
    } else {
        Err(type_error(&[what, ": options must be an object"]))
    }
}

fn locale_of(options: &JsValue, what: &str) -> Result<Locale, JsValue> {
    locale_from(opt_string(options, "locale", what)?.as_deref(), what)
}

/// The language of a caller's locale tag (`"en"` when none), or a TypeError naming `what`.
fn locale_from(tag: Option<&str>, what: &str) -> Result<Locale, JsValue> {
    match tag {
        None => Ok(Locale::En),
        Some(tag) => Locale::parse(tag)
            .ok_or_else(|| type_error(&[what, ": locale \"", tag, "\" is not one of \"en\", \"es\", \"pt\""])),
    }
}

fn context_of(ctx: &JsValue, what: &str) -> Result<FieldContext, JsValue> {
    check_options_object(ctx, what)?;
    let identity_type = match opt_string(ctx, "type", what)? {
        None => None,
        Some(t) => Some(IdentityType::parse(&t).ok_or_else(|| {
            type_error(&[what, ": type \"", &t, "\" is not \"USER\" or \"ORGANIZATION\""])
        })?),
    };
    Ok(FieldContext {
        country: opt_string(ctx, "country", what)?.map(|c| upper_trimmed(&c)),
        identity_type,
        document_type: opt_string(ctx, "documentType", what)?.map(|d| upper_trimmed(&d)),
        locale: locale_of(ctx, what)?,
        lenient: opt_bool(ctx, "lenient", what)?,
    })
}

/// A field value: a string, or undefined/null for nothing typed. Over-long strings are not
/// copied: `None` with `too_long = true`.
enum FieldValue {
    Text(String),
    TooLong,
}

fn field_value(value: &JsValue, what: &str) -> Result<FieldValue, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(FieldValue::Text(String::new()));
    }
    match value.dyn_ref::<JsString>() {
        Some(s) if units(s) > MAX_FIELD_UNITS => Ok(FieldValue::TooLong),
        // Lone surrogates become U+FFFD on the way in: never a trap.
        Some(s) => Ok(FieldValue::Text(String::from(s))),
        None => Err(type_error(&[what, ": value must be a string, undefined or null, not ", &type_name(value)])),
    }
}

fn type_name(value: &JsValue) -> String {
    if read::is_array_or_not(value) {
        return "an array".into();
    }
    value.js_typeof().as_string().unwrap_or_else(|| "unknown".into())
}

fn field_name(field: &JsValue, what: &str) -> Result<String, JsValue> {
    match field.dyn_ref::<JsString>() {
        Some(s) if units(s) <= 64 => Ok(String::from(s)),
        _ => Err(type_error(&[what, ": field must be one of: ", fields::FIELD_LIST])),
    }
}

#[wasm_bindgen(module = "/src/wasm/values.js")]
extern "C" {
    /// A verdict's JS object in one call; `state` indexes `["empty", "incomplete", "invalid", "valid"]`.
    #[wasm_bindgen(js_name = verdict)]
    fn verdict_js(state: u8, code: &str, message: &str, normalized: Option<&str>, formatted: Option<&str>, param: Option<&str>) -> JsValue;

    /// Sets each country's `name` in `tag` (else its `language`) from the platform's CLDR data.
    #[wasm_bindgen(js_name = nameCountries)]
    fn name_countries(list: &Array, tag: &str, language: &str);
}

fn verdict_to_js(v: &Verdict, locale: Locale) -> JsValue {
    let state = match v.state {
        State::Empty => 0,
        State::Incomplete => 1,
        State::Invalid => 2,
        State::Valid => 3,
    };
    let message = message(v.code, v.param.as_deref(), locale);
    verdict_js(state, v.code, &message, v.normalized.as_deref(), v.formatted.as_deref(), v.param.as_deref())
}

/// The live verdict for `value` typed into `field`.
#[wasm_bindgen(js_name = validateField, unchecked_return_type = "FieldVerdict")]
pub fn validate_field(
    #[wasm_bindgen(unchecked_param_type = "FieldName")] field: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FieldContext")] context: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    field_call(field, value, context, false)
}

/// The display form of `value` typed into `field` (`"123456785"` -> `"12.345.678-5"`).
#[wasm_bindgen(js_name = formatField, unchecked_return_type = "string")]
pub fn format_field(
    #[wasm_bindgen(unchecked_param_type = "FieldName")] field: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FieldContext")] context: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    field_call(field, value, context, true)
}

/// `validateField` (a verdict object) or, with `format`, `formatField` (a string): one body
/// for both, since they read and check the same arguments in the same order.
fn field_call(field: JsValue, value: JsValue, context: Option<JsValue>, format: bool) -> Result<JsValue, JsValue> {
    let what = if format { "formatField" } else { "validateField" };
    let context = context.unwrap_or(JsValue::UNDEFINED);
    let field = field_name(&field, what)?;
    let ctx = context_of(&context, what)?;
    let text = match field_value(&value, what)? {
        // Formatting a value too long to be valid would only echo it back (whatever the field).
        FieldValue::TooLong if format => return Ok(JsValue::from_str(&value.as_string().unwrap_or_default())),
        FieldValue::TooLong => None,
        FieldValue::Text(text) => Some(text),
    };
    // The field's rule looked up once, its error converted once, for the three answers.
    let rule = fields::rule_of(&field).map_err(|e| type_error(&[what, ": ", &e.message()]))?;
    Ok(match text {
        Some(text) if format => JsValue::from_str(&fields::format(rule, &text, &ctx)),
        Some(text) => verdict_to_js(&fields::verdict(rule, &text, &ctx), ctx.locale),
        None => verdict_to_js(&fields::too_long_for(rule), ctx.locale),
    })
}

fn report_to_js(report: &identity::IdentityReport) -> JsValue {
    let obj = Object::new();
    set(&obj, "ok", report.ok);
    if let Some(v) = &report.value {
        set(&obj, "value", json::to_js(v));
    }
    set(&obj, "errors", field_errors_to_js(&report.errors));
    obj.into()
}

/// `[{path, code, message}]` as plain JS objects.
pub(crate) fn field_errors_to_js(errors: &[identity::FieldError]) -> Array {
    // A push loop, not map/collect: smaller in the wasm.
    let out = Array::new();
    for e in errors {
        let o = Object::new();
        set(&o, "path", e.path.as_str());
        set(&o, "code", e.code.as_str());
        set(&o, "message", e.message.as_str());
        out.push(&o);
    }
    out
}

/// Validates a whole Create Identity payload (or a PATCH body with `{partial: true}`).
#[wasm_bindgen(js_name = validateIdentity, unchecked_return_type = "IdentityReport")]
pub fn validate_identity(
    #[wasm_bindgen(unchecked_param_type = "IdentityInput | Record<string, unknown>")] payload: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateIdentityOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    const WHAT: &str = "validateIdentity";
    let options = options.unwrap_or(JsValue::UNDEFINED);
    check_options_object(&options, WHAT)?;
    let opts = ValidateOptions {
        locale: locale_of(&options, WHAT)?,
        partial: opt_bool(&options, "partial", WHAT)?,
        lenient: opt_bool(&options, "lenient", WHAT)?,
    };
    if !payload.is_object() || read::is_array_or_not(&payload) {
        return Err(type_error(&[WHAT, ": payload must be an object, not ", &type_name(&payload)]));
    }
    let payload = json::from_js(&payload, WHAT)?;
    Ok(report_to_js(&identity::validate_identity(&payload, &opts)))
}

/// Lists the pairs of identities that break the uniqueness rule (SPEC section 1). Give it the
/// normalised payloads (`validateIdentity(...).value`).
#[wasm_bindgen(js_name = checkUniqueness, unchecked_return_type = "Clash[]")]
pub fn check_uniqueness(
    #[wasm_bindgen(unchecked_param_type = "IdentityInput[]")] identities: JsValue,
) -> Result<JsValue, JsValue> {
    const WHAT: &str = "checkUniqueness";
    if !read::is_array_or_not(&identities) {
        return Err(type_error(&[WHAT, ": identities must be an array"]));
    }
    let crate::json::Value::Array(list) = json::from_js(&identities, WHAT)? else {
        return Err(type_error(&[WHAT, ": identities must be an array"]));
    };
    let out = Array::new();
    // By reference: a loop over the Vec by value brings in its IntoIter and that one's drop.
    for clash in &identity::check_uniqueness(&list) {
        let o = Object::new();
        set(&o, "first", clash.first as u32);
        set(&o, "second", clash.second as u32);
        set(&o, "code", clash.code);
        out.push(&o);
    }
    Ok(out.into())
}

/// The document types usable for `country` (all when omitted) and identity `type`.
#[wasm_bindgen(js_name = documentTypes, unchecked_return_type = "DocumentTypeInfo[]")]
pub fn document_types(
    #[wasm_bindgen(unchecked_optional_param_type = "string")] country: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "IdentityType")] identity_type: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    const WHAT: &str = "documentTypes";
    let country = optional_arg(country, WHAT, "country")?.map(|c| upper_trimmed(&c));
    let identity_type = match optional_arg(identity_type, WHAT, "type")? {
        None => None,
        Some(t) => Some(IdentityType::parse(&t).ok_or_else(|| type_error(&[WHAT, ": type must be \"USER\" or \"ORGANIZATION\""]))?),
    };
    let out = Array::new();
    for k in &documents::kinds_for(country.as_deref(), identity_type) {
        let obj = Object::new();
        set(&obj, "type", k.document_type.as_str());
        set(&obj, "country", k.country.map(JsValue::from_str).unwrap_or(JsValue::NULL));
        set(&obj, "forUser", k.for_user);
        set(&obj, "forOrganization", k.for_organization);
        set(&obj, "name", k.name);
        set(&obj, "example", k.example);
        out.push(&obj);
    }
    Ok(out.into())
}

fn optional_arg(value: Option<JsValue>, what: &str, name: &str) -> Result<Option<String>, JsValue> {
    match value {
        None => Ok(None),
        Some(v) if v.is_undefined() || v.is_null() => Ok(None),
        Some(v) => match v.dyn_ref::<JsString>() {
            Some(s) if units(s) <= 64 => Ok(Some(String::from(s))),
            _ => Err(type_error(&[what, ": ", name, " must be a short string"])),
        },
    }
}

/// Every ISO 3166-1 country, with its calling codes and its name in `locale` (default `"en"`;
/// tags such as `"es-CL"` or `"pt-BR"` are accepted), from the platform's `Intl.DisplayNames`.
#[wasm_bindgen(unchecked_return_type = "CountryInfo[]")]
pub fn countries(
    #[wasm_bindgen(unchecked_optional_param_type = "Locale | string")] locale: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    const WHAT: &str = "countries";
    let tag = optional_arg(locale, WHAT, "locale")?;
    let language = locale_from(tag.as_deref(), WHAT)?.tag();
    let out = Array::new();
    for c in country::COUNTRIES {
        let obj = Object::new();
        set(&obj, "alpha3", c.alpha3);
        set(&obj, "alpha2", c.alpha2);
        let codes = Array::new();
        for code in c.calling_codes {
            codes.push(&JsValue::from(*code));
        }
        set(&obj, "callingCodes", codes);
        out.push(&obj);
    }
    name_countries(&out, tag.as_deref().unwrap_or(language), language);
    Ok(out.into())
}

/// The calling code of an ISO alpha-3 country (`"CHL"` -> `56`), or `undefined`.
#[wasm_bindgen(js_name = callingCode)]
pub fn calling_code(#[wasm_bindgen(unchecked_param_type = "string")] country: JsValue) -> Result<Option<u16>, JsValue> {
    let Some(code) = optional_arg(Some(country), "callingCode", "country")? else {
        return Err(type_error(&["callingCode: country must be an ISO 3166-1 alpha-3 string"]));
    };
    // calling_code trims the code and reads it in any case.
    Ok(phone::calling_code(&code))
}
