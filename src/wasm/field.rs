//! The field calls: `validateField`, `formatField`, `fieldState` and `validateColumn`.
//!
//! A field call's arguments are checked in `field.js`, which names the field with its context
//! by a small number once this side has resolved them, and writes the value straight into a
//! scratch buffer here; the verdict goes back as numbers and byte ranges. See `field.js` for
//! the profile that led to this shape.

use std::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::prelude::*;

use super::type_error;
use crate::fields::{self, FieldContext, Rule};
use crate::identity::IdentityType;
use crate::messages::{self, Locale};
use crate::phone::PhoneType;
use crate::text::upper_trimmed;
use crate::verdict::{State, Verdict, Warning};

/// Longest string (UTF-16 units) copied into wasm for a single field; longer ones are judged
/// too long without being copied. `MAX_UNITS` in field.js.
const MAX_FIELD_UNITS: usize = 4096;
/// readArgs' `id` for arguments not resolved yet, and `length` for a value not copied.
const MISS: u32 = 0x7fff;
const TOO_LONG: u32 = 0xffff;
/// readArgs' answer for a field name that is not a short string.
const BAD_FIELD: u32 = u32::MAX;
/// Most field-and-context pairs kept resolved (`MAX_REMEMBERED` in field.js).
const MAX_REMEMBERED: usize = 1024;

#[wasm_bindgen(module = "/src/wasm/field.js")]
extern "C" {
    fn setup(memory: JsValue, phone_types: &str);
    #[wasm_bindgen(js_name = readArgs, catch)]
    fn read_args(field: &JsValue, value: &JsValue, options: &JsValue, call: u32, ptr: *mut u8) -> Result<u32, JsValue>;
    #[wasm_bindgen(js_name = pendingArgs)]
    fn pending_args() -> Array;
    #[wasm_bindgen(js_name = rememberArgs)]
    fn remember_args(id: u32);
    #[wasm_bindgen(js_name = learnMessage)]
    fn learn_message(code_ptr: *const u8, code_len: usize, locale: u8, template_ptr: *const u8, template_len: usize);
    #[wasm_bindgen(js_name = verdict)]
    #[allow(clippy::too_many_arguments)]
    fn verdict_js(
        state: u8, code_ptr: *const u8, locale: u8, param_ptr: *const u8, param_len: usize,
        norm_ptr: *const u8, norm_len: usize, fmt_ptr: *const u8, fmt_len: usize, phone_type: u8,
        warnings: JsValue,
    ) -> JsValue;
    fn text(ptr: *const u8, len: usize) -> JsValue;
    #[wasm_bindgen(js_name = columnBytes, catch)]
    fn column_bytes(values: &JsValue) -> Result<u32, JsValue>;
    #[wasm_bindgen(js_name = packColumn)]
    fn pack_column(ptr: *mut u8) -> u32;
    #[wasm_bindgen(js_name = columnVerdicts)]
    fn column_verdicts(ptr: *const u32, n: usize) -> JsValue;
}

/// Which call is reading its arguments (`CALLS` in field.js), for the messages.
#[derive(Clone, Copy)]
enum Call {
    Validate = 0,
    Format = 1,
    State = 2,
    Column = 3,
}

impl Call {
    fn name(self) -> &'static str {
        ["validateField", "formatField", "fieldState", "validateColumn"][self as usize]
    }
}

/// A field with its context, resolved once.
struct Resolved {
    rule: Rule,
    ctx: FieldContext,
}

thread_local! {
    /// The field-and-context pairs field.js names by their index.
    static RESOLVED: RefCell<Vec<Resolved>> = const { RefCell::new(Vec::new()) };
    /// Where field.js writes a value: room for `MAX_FIELD_UNITS` UTF-16 units as UTF-8.
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A field call's arguments, checked and resolved.
struct Args {
    id: usize,
    /// The value's UTF-8 bytes, or `None` when it is too long to be copied.
    value: Option<String>,
}

/// Reads and checks a field call's arguments; a bad one is a thrown `TypeError`.
fn args(field: &JsValue, value: &JsValue, options: &JsValue, call: Call) -> Result<Args, JsValue> {
    let ptr = SCRATCH.with_borrow_mut(|s| {
        if s.is_empty() {
            let names: Vec<&str> = PhoneType::ALL.iter().map(|t| t.name()).collect();
            setup(wasm_bindgen::memory(), &names.join(","));
            s.resize(MAX_FIELD_UNITS * 3, 0);
        }
        s.as_mut_ptr()
    });
    let packed = read_args(field, value, options, call as u32, ptr)?;
    if packed == BAD_FIELD {
        return Err(type_error(&[call.name(), ": field must be one of: ", fields::FIELD_LIST]));
    }
    let (id, length) = (packed >> 16, packed & 0xffff);
    // Copied out at once: a later call (from a getter in the page) would overwrite it.
    let value = (length != TOO_LONG).then(|| {
        SCRATCH.with_borrow(|s| String::from_utf8_lossy(&s[..length as usize]).into_owned())
    });
    let id = if id == MISS { resolve(call)? } else { id as usize };
    Ok(Args { id, value })
}

/// Resolves the arguments field.js has not seen yet, and tells it their id.
fn resolve(call: Call) -> Result<usize, JsValue> {
    let what = call.name();
    let parts = pending_args();
    let part = |i| parts.get(i).as_string();
    let field = part(0).unwrap_or_default();
    let rule = fields::rule_of(&field).map_err(|e| type_error(&[what, ": ", &e.message()]))?;
    let identity_type = match part(1) {
        None => None,
        Some(t) => Some(IdentityType::parse(&t).ok_or_else(|| {
            type_error(&[what, ": type \"", &t, "\" is not \"USER\" or \"ORGANIZATION\""])
        })?),
    };
    let locale = super::locale_from(part(4).as_deref());
    let phone_types = match part(6) {
        None => None,
        Some(list) => Some(
            list.split(',')
                .map(|name| {
                    PhoneType::parse(name).ok_or_else(|| {
                        type_error(&[what, ": phoneTypes: \"", name, "\" is not a phone type (", &PhoneType::ALL.map(PhoneType::name).join(", "), ")"])
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let ctx = FieldContext {
        country: part(2).map(|c| upper_trimmed(&c)),
        identity_type,
        document_type: part(3).map(|d| upper_trimmed(&d)),
        locale,
        lenient: parts.get(5).as_bool().unwrap_or(false),
        phone_types,
    };
    Ok(RESOLVED.with_borrow_mut(|all| {
        let resolved = Resolved { rule, ctx };
        if all.len() < MAX_REMEMBERED {
            all.push(resolved);
            remember_args((all.len() - 1) as u32);
            all.len() - 1
        } else {
            // Past the limit one more slot serves each such call, and field.js keeps no id.
            all.truncate(MAX_REMEMBERED);
            all.push(resolved);
            MAX_REMEMBERED
        }
    }))
}

/// `f` with the rule and context of `id`.
fn with_resolved<T>(id: usize, f: impl FnOnce(Rule, &FieldContext) -> T) -> T {
    RESOLVED.with_borrow(|all| {
        let r = &all[id];
        f(r.rule, &r.ctx)
    })
}

/// A string's place in wasm memory, for field.js (`ptr` 0: absent).
fn range(s: Option<&str>) -> (*const u8, usize) {
    s.map_or((std::ptr::null(), 0), |s| (s.as_ptr(), s.len()))
}

fn state_index(state: State) -> u8 {
    match state {
        State::Empty => 0,
        State::Incomplete => 1,
        State::Invalid => 2,
        State::Valid => 3,
    }
}

/// A verdict as the JS object `{state, code, message, normalized?, formatted?, param?}`.
pub(crate) fn verdict_to_js(v: &Verdict, locale: Locale) -> JsValue {
    let (param, param_len) = range(v.param.as_deref());
    let (norm, norm_len) = range(v.normalized.as_deref());
    let (fmt, fmt_len) = range(v.formatted.as_deref());
    let phone_type = v.phone_type.map_or(u8::MAX, |t| t as u8);
    let make = || {
        verdict_js(
            state_index(v.state), v.code.as_ptr(), locale as u8, param, param_len, norm, norm_len, fmt, fmt_len,
            phone_type, warnings_to_js(&v.warnings, locale),
        )
    };
    let made = make();
    if !made.is_undefined() {
        return made;
    }
    // The first verdict with this code in this language: field.js learns its template.
    let template = messages::template_or_default(v.code, locale);
    learn_message(v.code.as_ptr(), v.code.len(), locale as u8, template.as_ptr(), template.len());
    make()
}

/// `[{code, message, param?}]`, or undefined when there are none (nearly always).
fn warnings_to_js(warnings: &[Warning], locale: Locale) -> JsValue {
    if warnings.is_empty() {
        return JsValue::UNDEFINED;
    }
    let out = Array::new();
    for w in warnings {
        let o = js_sys::Object::new();
        super::set(&o, "code", w.code);
        super::set(&o, "message", w.message(locale));
        if let Some(p) = &w.param {
            super::set(&o, "param", p.as_str());
        }
        out.push(&o);
    }
    out.into()
}

/// The live verdict for `value` typed into `field`.
#[wasm_bindgen(js_name = validateField, unchecked_return_type = "FieldVerdict")]
pub fn validate_field(
    #[wasm_bindgen(unchecked_param_type = "FieldName")] field: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FieldContext")] context: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let args = args(&field, &value, &context.unwrap_or(JsValue::UNDEFINED), Call::Validate)?;
    Ok(with_resolved(args.id, |rule, ctx| {
        let verdict = match &args.value {
            Some(text) => fields::verdict(rule, text, ctx),
            None => fields::too_long_for(rule),
        };
        verdict_to_js(&verdict, ctx.locale)
    }))
}

/// The display form of `value` typed into `field` (`"123456785"` -> `"12.345.678-5"`).
#[wasm_bindgen(js_name = formatField, unchecked_return_type = "string")]
pub fn format_field(
    #[wasm_bindgen(unchecked_param_type = "FieldName")] field: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FieldContext")] context: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let args = args(&field, &value, &context.unwrap_or(JsValue::UNDEFINED), Call::Format)?;
    let Some(value_text) = &args.value else {
        // Too long to be valid in any field: formatting would only echo it, so it is not copied.
        return Ok(value);
    };
    let formatted = with_resolved(args.id, |rule, ctx| fields::format(rule, value_text, ctx));
    Ok(text(formatted.as_ptr(), formatted.len()))
}

/// A verdict's state alone (`"empty" | "incomplete" | "invalid" | "valid"`); its TypeScript
/// type is `FieldState` in types.d.ts.
#[wasm_bindgen(skip_typescript)]
#[derive(Clone, Copy)]
pub enum FieldState {
    Empty = "empty",
    Incomplete = "incomplete",
    Invalid = "invalid",
    Valid = "valid",
}

impl From<State> for FieldState {
    fn from(state: State) -> Self {
        match state {
            State::Empty => FieldState::Empty,
            State::Incomplete => FieldState::Incomplete,
            State::Invalid => FieldState::Invalid,
            State::Valid => FieldState::Valid,
        }
    }
}

/// The state of `validateField`'s verdict alone, for hot paths: no message, no strings back.
#[wasm_bindgen(js_name = fieldState, unchecked_return_type = "FieldState")]
pub fn field_state(
    #[wasm_bindgen(unchecked_param_type = "FieldName")] field: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FieldContext")] context: Option<JsValue>,
) -> Result<FieldState, JsValue> {
    let args = args(&field, &value, &context.unwrap_or(JsValue::UNDEFINED), Call::State)?;
    Ok(with_resolved(args.id, |rule, ctx| match &args.value {
        Some(text) => fields::verdict(rule, text, ctx).state,
        None => fields::too_long_for(rule).state,
    })
    .into())
}

/// Judges a column of values of one field in one crossing (a spreadsheet's column, a bulk
/// import): `[{state, code}]`, one per value, in order. The same verdicts as `validateField`.
#[wasm_bindgen(js_name = validateColumn, unchecked_return_type = "ColumnVerdict[]")]
pub fn validate_column(
    #[wasm_bindgen(unchecked_param_type = "FieldName")] field: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<string | null | undefined>")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FieldContext")] context: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let args = args(&field, &JsValue::UNDEFINED, &context.unwrap_or(JsValue::UNDEFINED), Call::Column)?;
    if !super::read::is_array_or_not(&values) {
        return Err(type_error(&["validateColumn: values must be an array of strings"]));
    }
    let size = column_bytes(&values).map_err(|e| {
        // A Proxy or a getter that threw, rather than our own TypeError about a value.
        if e.is_instance_of::<js_sys::TypeError>() { e } else { type_error(&["validateColumn: values could not be read"]) }
    })?;
    let mut packed = vec![0u8; size as usize];
    let written = pack_column(packed.as_mut_ptr());
    packed.truncate(written as usize);
    let mut records: Vec<u32> = Vec::new();
    with_resolved(args.id, |rule, ctx| {
        let mut rest = &packed[..];
        while let Some((len, tail)) = rest.split_first_chunk::<4>() {
            let len = u32::from_le_bytes(*len);
            let verdict = if len == u32::MAX {
                rest = tail;
                fields::too_long_for(rule)
            } else {
                let (value, tail) = tail.split_at(len as usize);
                rest = tail;
                fields::verdict(rule, &String::from_utf8_lossy(value), ctx)
            };
            records.extend([state_index(verdict.state) as u32, verdict.code.as_ptr() as u32, verdict.code.len() as u32]);
        }
    });
    Ok(column_verdicts(records.as_ptr(), records.len() / 3))
}
