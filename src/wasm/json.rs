//! JSON values across the boundary: walks JS values into [`crate::json::Value`] and back with
//! js-sys, so the wasm carries no JSON parser or printer of its own (they cost more than all
//! the validators together). Text JSON, when needed, is the browser's `JSON.parse` /
//! `JSON.stringify`.
//!
//! Anything that is not JSON data is refused with a `TypeError` that names its path:
//! functions, symbols, BigInts, non-finite numbers, cycles (caught by the depth limit).

use js_sys::{Array, JsString, Object, Reflect};
use crate::json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

/// Deepest nesting accepted: far beyond any identity payload, and a cycle hits it quickly.
pub const MAX_DEPTH: usize = 32;
/// Most entries (object keys plus array items, over the whole value) accepted.
pub const MAX_NODES: usize = 20_000;
/// Longest string accepted inside a value, in UTF-16 units.
pub const MAX_STRING_UNITS: u32 = 100_000;

struct Reader<'a> {
    what: &'a str,
    nodes: usize,
}

fn type_error(msg: String) -> JsValue {
    js_sys::TypeError::new(&msg).into()
}

/// Converts a JS value to JSON data. `what` names the calling function in error messages.
pub fn from_js(value: &JsValue, what: &str) -> Result<Value, JsValue> {
    Reader { what, nodes: 0 }.read(value, "", 0)
}

impl Reader<'_> {
    fn fail(&self, path: &str, why: &str) -> JsValue {
        let at = if path.is_empty() { "the value" } else { path };
        type_error(crate::text::concat(&[self.what, ": ", at, " ", why]))
    }

    fn count(&mut self, path: &str) -> Result<(), JsValue> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(self.fail(path, "is too large"));
        }
        Ok(())
    }

    fn read(&mut self, value: &JsValue, path: &str, depth: usize) -> Result<Value, JsValue> {
        if depth > MAX_DEPTH {
            return Err(self.fail(path, "is nested too deeply (or contains a cycle)"));
        }
        if value.is_null() || value.is_undefined() {
            return Ok(Value::Null);
        }
        if let Some(b) = value.as_bool() {
            return Ok(Value::Bool(b));
        }
        if let Some(n) = value.as_f64() {
            return number(n).ok_or_else(|| self.fail(path, "is not a finite number"));
        }
        if let Some(s) = value.dyn_ref::<JsString>() {
            if super::units(s) > MAX_STRING_UNITS {
                return Err(self.fail(path, "is too long a string"));
            }
            return Ok(Value::String(String::from(s)));
        }
        let is_array = super::read::is_array(value).map_err(|_| self.fail(path, "could not be read"))?;
        if is_array {
            let mut out = Vec::new();
            let length = super::read::length(value).map_err(|_| self.fail(path, "could not be read"))?;
            // By index, not iter/enumerate: smaller in the wasm.
            for i in 0..length {
                let item_path = crate::identity::item_path(path, i as usize);
                self.count(&item_path)?;
                let item = super::read::item(value, i).map_err(|_| self.fail(&item_path, "could not be read"))?;
                out.push(self.read(&item, &item_path, depth + 1)?);
            }
            return Ok(Value::Array(out));
        }
        // Functions, symbols and BigInts are not objects (typeof): they end at the last line.
        if value.is_object() {
            // Dates and other objects with toJSON become what JSON.stringify would send.
            let to_json = Reflect::get(value, &JsValue::from_str("toJSON")).map_err(|_| self.fail(path, "could not be read"))?;
            if let Some(f) = to_json.dyn_ref::<js_sys::Function>() {
                let converted = f.call0(value).map_err(|_| self.fail(path, "could not be converted with toJSON"))?;
                return self.read(&converted, path, depth + 1);
            }
            // Every getter and Proxy trap of the object runs inside this one catching call.
            let entries = super::read::entries(value).map_err(|_| self.fail(path, "could not be read"))?;
            let mut out = Vec::new();
            for i in 0..entries.length() {
                let entry: Array = entries.get(i).unchecked_into();
                let key = entry.get(0).as_string().unwrap_or_default();
                let key_path = crate::identity::join(path, &key);
                self.count(&key_path)?;
                let item = entry.get(1);
                // JSON.stringify drops undefined and function members; so do we.
                if item.is_undefined() || item.is_function() {
                    continue;
                }
                out.push((key, self.read(&item, &key_path, depth + 1)?));
            }
            // Sorted once at the end: inserting each key in place would move the entries
            // again and again on a large object.
            return Ok(Value::Object(Map::from_unique(out)));
        }
        Err(self.fail(path, "is not JSON data"))
    }
}

fn number(n: f64) -> Option<Value> {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        // Whole numbers stay integers, as JSON.parse would give them to Rust.
        return Some(Value::Number(Number::from(n as i64)));
    }
    Number::from_f64(n).map(Value::Number)
}

/// Converts JSON data to a plain JS value (objects, arrays, strings, numbers, booleans, null).
pub fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => {
            // A push loop: collecting into an Array costs its FromIterator code.
            let out = Array::new();
            for item in items {
                out.push(&to_js(item));
            }
            out.into()
        }
        Value::Object(map) => {
            let obj = Object::new();
            for (k, v) in map.iter() {
                super::set(&obj, k, to_js(v));
            }
            obj.into()
        }
    }
}
