//! Reads of a caller's JS values that can throw: a getter, a Proxy trap, a revoked Proxy.
//!
//! js-sys's `Array::is_array`, `Object::entries`, `Object::keys`, `Array::get` and
//! `Array::length` are not catching imports. A JS exception thrown inside one unwinds through
//! the wasm frames without restoring wasm's stack pointer: each such call leaked the frames'
//! stack (about 384 B), and after a few thousand calls every export failed. Every read of a
//! value the page hands us goes through these instead, and a throw becomes a `TypeError` that
//! names where it happened.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray(value)`; throws for a revoked Proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    pub fn is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// `Object.entries(value)`: runs the getters and the Proxy traps of `value`.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    pub fn entries(value: &JsValue) -> Result<Array, JsValue>;

    /// `Object.keys(value)`: runs the Proxy traps of `value`.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    pub fn keys(value: &JsValue) -> Result<Array, JsValue>;
}

/// `Array.isArray(value)`, with a value that cannot be inspected (a revoked Proxy) taken as
/// not an array: the caller then refuses it as not what it wanted.
pub fn is_array_or_not(value: &JsValue) -> bool {
    is_array(value).unwrap_or(false)
}

/// `array.length`, read through its getter or trap.
pub fn length(array: &JsValue) -> Result<u32, JsValue> {
    let n = Reflect::get(array, &JsValue::from_str("length"))?.as_f64().unwrap_or(0.0);
    // A Proxy may answer anything: a length that is not a whole array length reads as none.
    Ok(if n >= 0.0 && n <= u32::MAX as f64 { n as u32 } else { 0 })
}

/// `array[i]`, read through its getter or trap.
pub fn item(array: &JsValue, i: u32) -> Result<JsValue, JsValue> {
    Reflect::get_u32(array, i)
}
