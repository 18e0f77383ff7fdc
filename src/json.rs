//! JSON data as the validators and the client work on it: a small value type of the crate's
//! own, in place of `serde_json::Value`.
//!
//! It exists for size. `serde_json::Map` is a `BTreeMap`, whose insert, lookup, iteration and
//! drop cost the wasm more than 5 KB of code; an identity payload has a few dozen keys at
//! most, so a vector of pairs kept sorted by key does the same work in a fraction of that.
//! Keys are kept sorted (byte order, as `BTreeMap<String, _>`) and unique, so everything whose
//! order shows (the normalised values returned to JavaScript, the JSON bodies sent, the order
//! of the errors about unknown keys) is what `serde_json::Value` gave. Numbers are
//! `serde_json::Number` (a plain enum: no parser or printer comes with it), so integers and
//! floats stay apart exactly as before.
//!
//! Native code (the sandbox, the tests) converts from and to `serde_json::Value` with `From`,
//! and can serialise a [`Value`] with serde directly.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
pub use serde_json::Number;

/// A JSON value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

impl Value {
    /// `self[key]` if `self` is an object that has `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    /// The number as a `u64`, if it is an integer that fits (floats never do).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }
}

/// A JSON object: `(key, value)` pairs sorted by key, each key once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map {
    entries: Vec<(String, Value)>,
}

impl Map {
    pub fn new() -> Map {
        Map {
            entries: Vec::new(),
        }
    }

    /// The entries from any list of pairs: sorted by key; of a key given more than once the
    /// last value is kept, as inserting them one by one would.
    pub fn from_entries(mut entries: Vec<(String, Value)>) -> Map {
        // Stable, so that among equal keys the last one given is the last one here.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, Value)> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = v,
                _ => out.push((k, v)),
            }
        }
        Map { entries: out }
    }

    /// The entries from a list of pairs whose keys are all different (an object's own
    /// properties in JavaScript are): only sorted.
    pub fn from_unique(mut entries: Vec<(String, Value)>) -> Map {
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Map { entries }
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`, answering the value it replaces.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The entries, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Map {
        Map::from_entries(iter.into_iter().collect())
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl From<&serde_json::Value> for Value {
    fn from(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.clone()),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(a) => Value::Array(a.iter().map(Value::from).collect()),
            serde_json::Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), Value::from(v))).collect()),
        }
    }
}

impl From<serde_json::Value> for Value {
    /// Through the borrowed conversion: one copy of the tree is built either way (the native
    /// side converts request bodies it keeps using, so most callers only have a borrow).
    fn from(v: serde_json::Value) -> Value {
        Value::from(&v)
    }
}

impl From<Value> for serde_json::Value {
    fn from(v: Value) -> serde_json::Value {
        match v {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(b),
            Value::Number(n) => serde_json::Value::Number(n),
            Value::String(s) => serde_json::Value::String(s),
            Value::Array(a) => {
                serde_json::Value::Array(a.into_iter().map(serde_json::Value::from).collect())
            }
            Value::Object(m) => serde_json::Value::Object(
                m.into_iter()
                    .map(|(k, v)| (k, serde_json::Value::from(v)))
                    .collect(),
            ),
        }
    }
}

impl PartialEq<serde_json::Value> for Value {
    fn eq(&self, other: &serde_json::Value) -> bool {
        use serde_json::Value as J;
        match (self, other) {
            (Value::Null, J::Null) => true,
            (Value::Bool(a), J::Bool(b)) => a == b,
            (Value::Number(a), J::Number(b)) => a == b,
            (Value::String(a), J::String(b)) => a == b,
            (Value::Array(a), J::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a == b)
            }
            (Value::Object(a), J::Object(b)) => {
                a.len() == b.len() && b.iter().all(|(k, b)| a.get(k).is_some_and(|a| a == b))
            }
            _ => false,
        }
    }
}

impl PartialEq<Value> for serde_json::Value {
    fn eq(&self, other: &Value) -> bool {
        other == self
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => n.serialize(s),
            Value::String(v) => s.serialize_str(v),
            Value::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for v in a {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Value::Object(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m.iter() {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_stay_sorted_and_unique() {
        let mut m = Map::new();
        for k in ["b", "a", "c", "B", "aa", "a"] {
            m.insert(k.into(), Value::String(k.into()));
        }
        assert_eq!(
            m.keys().map(String::as_str).collect::<Vec<_>>(),
            ["B", "a", "aa", "b", "c"]
        );
        assert_eq!(
            m.insert("a".into(), Value::Null),
            Some(Value::String("a".into()))
        );
        assert_eq!(m.get("a"), Some(&Value::Null));
        assert!(m.contains_key("aa") && !m.contains_key("d"));
        let pairs = vec![
            ("z".into(), Value::Bool(true)),
            ("10".into(), Value::Null),
            ("2".into(), Value::Null),
            ("z".into(), Value::Bool(false)),
        ];
        let m = Map::from_entries(pairs);
        assert_eq!(
            m.keys().map(String::as_str).collect::<Vec<_>>(),
            ["10", "2", "z"]
        );
        assert_eq!(
            m.get("z"),
            Some(&Value::Bool(false)),
            "the last of a repeated key wins"
        );
        let keys = |m: &Map| m.keys().cloned().collect::<Vec<_>>();
        let unique: Vec<(String, Value)> = (0..50)
            .rev()
            .map(|i| (i.to_string(), Value::Null))
            .collect();
        let mut one_by_one = Map::new();
        for (k, v) in unique.clone() {
            one_by_one.insert(k, v);
        }
        assert_eq!(keys(&Map::from_unique(unique)), keys(&one_by_one));
    }

    #[test]
    fn converts_and_serialises_as_serde_json() {
        let j = json!({"b": [1, -2, 2.5, 18446744073709551615u64, null, true, "x"], "a": {"y": {}, "x": []}, "": 0});
        let v = Value::from(&j);
        assert_eq!(v, j);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            serde_json::to_string(&j).unwrap()
        );
        assert_eq!(serde_json::Value::from(v.clone()), j);
        assert_eq!(v.get("b").and_then(Value::as_array).map(Vec::len), Some(7));
        assert_eq!(v.get("").and_then(Value::as_u64), Some(0));
        assert_eq!(
            v.get("a").and_then(|a| a.get("y")),
            Some(&Value::Object(Map::new()))
        );
        assert_eq!(
            Value::from(json!(1.0)).as_u64(),
            None,
            "a float is no integer"
        );
    }
}
