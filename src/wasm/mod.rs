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
use crate::identity::{self, IdentityType, ValidateOptions};
use crate::messages::Locale;
use crate::text::upper_trimmed;
use crate::{country, phone};

mod alloc;
#[cfg(feature = "client")]
pub mod client;
pub mod json;
pub(crate) mod read;
mod field;
#[cfg(feature = "import")]
mod humanos;
pub use field::{field_state, format_field, validate_field, FieldState};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

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
    Ok(locale_from(opt_string(options, "locale", what)?.as_deref()))
}

/// The language of a caller's locale tag: `"es-CL"` is Spanish; a language without messages of
/// its own (`"fr-FR"`, what `navigator.language` gives a French visitor) falls back to
/// English, as the README says, rather than failing the page.
fn locale_from(tag: Option<&str>) -> Locale {
    tag.and_then(Locale::parse).unwrap_or(Locale::En)
}

fn type_name(value: &JsValue) -> String {
    if read::is_array_or_not(value) {
        return "an array".into();
    }
    // typeof null is "object": "must be an object, not object" said nothing.
    if value.is_null() {
        return "null".into();
    }
    value.js_typeof().as_string().unwrap_or_else(|| "unknown".into())
}

#[wasm_bindgen(module = "/src/wasm/field.js")]
extern "C" {
    /// Sets each country's `name` in `tag` (else its `language`) from the platform's CLDR data.
    #[wasm_bindgen(js_name = nameCountries)]
    fn name_countries(list: &Array, tag: &str, language: &str);
}

fn report_to_js(report: &identity::IdentityReport) -> JsValue {
    let obj = Object::new();
    set(&obj, "ok", report.ok);
    if let Some(v) = &report.value {
        set(&obj, "value", json::to_js(v));
    }
    set(&obj, "errors", field_errors_to_js(&report.errors));
    if !report.warnings.is_empty() {
        set(&obj, "warnings", field_errors_to_js(&report.warnings));
    }
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
    let language = locale_from(tag.as_deref()).tag();
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

/// An example phone number of `country` (ISO alpha-3) and `type` (default `"mobile"`), as a
/// person would type it (`"+56 2 2123 4567"`): for placeholders and hints. `undefined` when
/// the country has no example of that type.
#[wasm_bindgen(js_name = examplePhone)]
pub fn example_phone(
    #[wasm_bindgen(unchecked_param_type = "string")] country: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PhoneType")] phone_type: Option<JsValue>,
) -> Result<Option<String>, JsValue> {
    const WHAT: &str = "examplePhone";
    let Some(country) = optional_arg(Some(country), WHAT, "country")? else {
        return Err(type_error(&[WHAT, ": country must be an ISO 3166-1 alpha-3 string"]));
    };
    let kind = match optional_arg(phone_type, WHAT, "type")? {
        None => None,
        Some(name) => Some(phone::PhoneType::parse(&name).ok_or_else(|| type_error(&[WHAT, ": \"", &name, "\" is not a phone type"]))?),
    };
    Ok(phone::example(&upper_trimmed(&country), kind))
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
