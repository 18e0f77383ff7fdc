//! Humanos-style bulk user import (SPEC section 5): what `POST /v1/user` would answer for
//! each subject, as far as it can be known before sending.
//!
//! [`validate_subjects`] gives one [`SubjectVerdict`] per subject, in order: the status the
//! API would give (400, 401, 402, 407, 408, or 200 "ready"), a stable code, a message in
//! the options' language and the path of the field at fault (`[12].identity.birth`). Of a
//! subject's faults the first in SPEC's order is reported (400, then 401, 402, 407, 408); of
//! repeated contacts (emails without case, phones in E.164) or identities (`docId` without
//! spaces, and `countryAlpha3`) the first occurrence is judged on its own and later ones get
//! 407 / 408. A `docId` that fits one of the country's document types (section 2) but fails
//! its check digit is a warning on the verdict, never a failure: the API does not check it.
//!
//! [`Validator`] does the same one subject at a time, for streams (a CSV read in chunks, see
//! [`import`]); [`summarize`] counts the verdicts and says when the batch will be split.
//!
//! ```
//! use identity_kit::humanos::{validate_subjects, Options, Date};
//! use identity_kit::json::Value;
//! let subjects: Vec<Value> = serde_json::from_str::<serde_json::Value>(r#"[
//!   {"contact": "ana@example.com", "identity": {"fullName": "Ana", "birth": "1990-01-01",
//!    "docId": "17.604.011-4", "countryAlpha3": "CHL"}},
//!   {"contact": "ANA@example.com"}
//! ]"#).unwrap().as_array().unwrap().iter().map(Value::from).collect();
//! let options = Options { today: Some(Date::new(2026, 1, 1).unwrap()), ..Options::default() };
//! let verdicts = validate_subjects(&subjects, &options);
//! assert_eq!((verdicts[0].status, verdicts[0].code), (200, "subject.ready"));
//! assert_eq!((verdicts[1].status, verdicts[1].path.as_str()), (407, "[1].contact"));
//! ```

pub mod import;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::json::{Map, Value};
use crate::messages::{Locale, Messages};
use crate::verdict::State;

/// Most subjects one `POST /v1/user` accepts; larger batches are split on sending.
pub const MAX_BATCH: usize = 100;
/// `fullName`'s limit.
pub const MAX_NAME: usize = 200;
/// The limit of `docId`, `fullDocId` and the short optional fields.
pub const MAX_SHORT: usize = 50;
/// The limit of `photo`, `mrzText` and `extra`.
pub const MAX_LONG: usize = 2000;

/// Per-item statuses (SPEC section 5).
pub mod status {
    pub const READY: u16 = 200;
    pub const CREATED: u16 = 200;
    pub const UNCHANGED: u16 = 201;
    pub const INVALID_BODY: u16 = 400;
    pub const INVALID_IDENTITY: u16 = 401;
    pub const INVALID_COUNTRY: u16 = 402;
    pub const REPEATED_CONTACT: u16 = 407;
    pub const REPEATED_IDENTITY: u16 = 408;
    pub const IDENTITY_TAKEN: u16 = 409;
    pub const COUNTRY_TAKEN: u16 = 410;
}

/// The identity's string fields other than `countryAlpha3`, with their limits, in the order
/// they are checked. Required ones first.
const IDENTITY_FIELDS: &[(&str, usize, Kind)] = &[
    ("fullName", MAX_NAME, Kind::Required),
    ("birth", MAX_SHORT, Kind::Required),
    ("docId", MAX_SHORT, Kind::Required),
    ("fullDocId", MAX_SHORT, Kind::Text),
    ("gender", MAX_SHORT, Kind::Text),
    ("expiresAt", MAX_SHORT, Kind::Text),
    ("issueDate", MAX_SHORT, Kind::Text),
    ("taxNumber", MAX_SHORT, Kind::Text),
    ("healthNumber", MAX_SHORT, Kind::Text),
    ("socialSecurityNumber", MAX_SHORT, Kind::Text),
    ("height", MAX_SHORT, Kind::Text),
    ("documentType", MAX_SHORT, Kind::Text),
    ("documentDiscriminator", MAX_SHORT, Kind::Text),
    ("placeOfBirth", MAX_SHORT, Kind::Text),
    ("photo", MAX_LONG, Kind::Text),
    ("mrzText", MAX_LONG, Kind::Text),
    ("extra", MAX_LONG, Kind::Text),
];

/// Every key an identity may carry: [`IDENTITY_FIELDS`] and `countryAlpha3`.
pub fn identity_fields() -> impl Iterator<Item = &'static str> {
    IDENTITY_FIELDS.iter().map(|f| f.0).chain(std::iter::once("countryAlpha3"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Required,
    Text,
}

/// A calendar date (proleptic Gregorian), ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// The date, if it is a real one (years 1 to 9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }

    /// The UTC date of a moment given in milliseconds since the Unix epoch (JavaScript's
    /// `Date.now()`): how a caller without a clock of its own (the wasm) says what today is.
    pub fn from_unix_millis(ms: f64) -> Date {
        let days = (ms / 86_400_000.0).floor() as i64;
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today's UTC date from the system clock (not in the wasm, which has none: pass
    /// `Date.now()` to [`Date::from_unix_millis`] there).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn today() -> Date {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_millis() as f64);
        Date::from_unix_millis(ms)
    }
}

/// Reads `YYYY-MM-DD` or an ISO 8601 date-time (`YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH[:MM]]`) and
/// gives its calendar date, if it is a real one.
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let date = Date::new(num(0..4)? as i32, num(5..7)? as u8, num(8..10)? as u8)?;
    let rest = &b[10..];
    if rest.is_empty() {
        return Some(date);
    }
    if !matches!(rest[0], b'T' | b't' | b' ') || !time_ok(&rest[1..]) {
        return None;
    }
    Some(date)
}

/// `HH:MM[:SS[.fff]]` then nothing, `Z`, or an offset `±HH[:MM]`/`±HHMM`.
fn time_ok(t: &[u8]) -> bool {
    let two = |i: usize, max: u8| -> bool {
        matches!(t.get(i..i + 2), Some([a, b]) if a.is_ascii_digit() && b.is_ascii_digit() && (a - b'0') * 10 + (b - b'0') <= max)
    };
    if !(two(0, 23) && t.get(2) == Some(&b':') && two(3, 59)) {
        return false;
    }
    let mut i = 5;
    if t.get(i) == Some(&b':') {
        if !two(i + 1, 60) {
            return false;
        }
        i += 3;
        if matches!(t.get(i), Some(b'.' | b',')) {
            let start = i + 1;
            i = start;
            while t.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return false;
            }
        }
    }
    match &t[i..] {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', offset @ ..] => {
            let o = |j: usize| offset.get(j).is_some_and(u8::is_ascii_digit);
            match offset.len() {
                2 => o(0) && o(1),
                4 => (0..4).all(o),
                5 => o(0) && o(1) && offset[2] == b':' && o(3) && o(4),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether `s` is one JSON text (RFC 8259): `extra` must be.
pub fn is_json_text(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    skip_ws(b, &mut i);
    if !json_value(b, &mut i, 0) {
        return false;
    }
    skip_ws(b, &mut i);
    i == b.len()
}

fn skip_ws(b: &[u8], i: &mut usize) {
    while matches!(b.get(*i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        *i += 1;
    }
}

fn json_value(b: &[u8], i: &mut usize, depth: usize) -> bool {
    // Deep enough for any real document, shallow enough for no stack to run out.
    if depth > 128 {
        return false;
    }
    match b.get(*i) {
        Some(b'{') => json_seq(b, i, b'}', depth, true),
        Some(b'[') => json_seq(b, i, b']', depth, false),
        Some(b'"') => json_string(b, i),
        Some(b't') => json_word(b, i, b"true"),
        Some(b'f') => json_word(b, i, b"false"),
        Some(b'n') => json_word(b, i, b"null"),
        Some(b'-' | b'0'..=b'9') => json_number(b, i),
        _ => false,
    }
}

fn json_word(b: &[u8], i: &mut usize, word: &[u8]) -> bool {
    let ok = b[*i..].starts_with(word);
    *i += word.len();
    ok
}

fn json_seq(b: &[u8], i: &mut usize, close: u8, depth: usize, object: bool) -> bool {
    *i += 1;
    skip_ws(b, i);
    if b.get(*i) == Some(&close) {
        *i += 1;
        return true;
    }
    loop {
        if object {
            if b.get(*i) != Some(&b'"') || !json_string(b, i) {
                return false;
            }
            skip_ws(b, i);
            if b.get(*i) != Some(&b':') {
                return false;
            }
            *i += 1;
            skip_ws(b, i);
        }
        if !json_value(b, i, depth + 1) {
            return false;
        }
        skip_ws(b, i);
        match b.get(*i) {
            Some(b',') => {
                *i += 1;
                skip_ws(b, i);
            }
            Some(c) if *c == close => {
                *i += 1;
                return true;
            }
            _ => return false,
        }
    }
}

fn json_string(b: &[u8], i: &mut usize) -> bool {
    *i += 1;
    while let Some(&c) = b.get(*i) {
        *i += 1;
        match c {
            b'"' => return true,
            b'\\' => match b.get(*i) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => *i += 1,
                Some(b'u') if b.get(*i + 1..*i + 5).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) => *i += 5,
                _ => return false,
            },
            0..=0x1f => return false,
            _ => {}
        }
    }
    false
}

fn json_number(b: &[u8], i: &mut usize) -> bool {
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if b.get(*i) == Some(&b'-') {
        *i += 1;
    }
    match b.get(*i) {
        Some(b'0') => *i += 1,
        Some(b'1'..=b'9') => {
            digits(i);
        }
        _ => return false,
    }
    if b.get(*i) == Some(&b'.') {
        *i += 1;
        if !digits(i) {
            return false;
        }
    }
    if matches!(b.get(*i), Some(b'e' | b'E')) {
        *i += 1;
        if matches!(b.get(*i), Some(b'+' | b'-')) {
            *i += 1;
        }
        if !digits(i) {
            return false;
        }
    }
    true
}

/// How to validate a batch.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub locale: Locale,
    /// Today's date, for "a real date in the past" (`birth`). `None` skips that one check:
    /// the wasm has no clock, so its caller passes `Date.now()` through
    /// [`Date::from_unix_millis`].
    pub today: Option<Date>,
    /// No check-digit warnings on `docId`.
    pub no_document_warnings: bool,
}

/// Something worth a second look that does not stop the subject (SPEC section 3's warnings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The document module's own code, such as `rut.check_digit`.
    pub code: &'static str,
    /// Its message parameter (the expected check digit).
    pub param: Option<String>,
    /// Where: `[3].identity.docId`.
    pub path: String,
    pub message: String,
}

/// The verdict on one subject.
#[derive(Clone, Debug, PartialEq)]
pub struct SubjectVerdict {
    /// The subject's position in the batch (from 0).
    pub index: usize,
    /// What the API would answer for it: 200 when ready to send, or 400, 401, 402, 407, 408.
    pub status: u16,
    /// Stable code, `subject.ready` or one of [`MESSAGES`]' codes.
    pub code: &'static str,
    /// An argument for the message: a limit, a field name, the index of the first occurrence.
    pub param: Option<String>,
    /// The field at fault: `[12].identity.birth`; `[12]` for the subject itself.
    pub path: String,
    pub message: String,
    pub warnings: Vec<Warning>,
    /// The contact as the API compares it (email lower-cased, phone in E.164), when readable.
    pub contact: Option<String>,
    /// The subject normalised for sending (contact, `docId` without spaces, upper-case
    /// country, every string trimmed), only when ready.
    pub subject: Option<Value>,
}

impl SubjectVerdict {
    pub fn is_ready(&self) -> bool {
        self.status == status::READY
    }

    /// As JSON, for the bindings: `{index, status, code, param?, path, message, warnings:
    /// [{code, param?, path, message}], contact?, subject?}`.
    pub fn to_value(&self) -> Value {
        let text = |s: &str| Value::String(s.to_string());
        let mut out = vec![
            ("index".to_string(), Value::Number(self.index.into())),
            ("status".into(), Value::Number(self.status.into())),
            ("code".into(), text(self.code)),
            ("path".into(), text(&self.path)),
            ("message".into(), text(&self.message)),
            ("warnings".into(), Value::Array(self.warnings.iter().map(Warning::to_value).collect())),
        ];
        if let Some(p) = &self.param {
            out.push(("param".into(), text(p)));
        }
        if let Some(c) = &self.contact {
            out.push(("contact".into(), text(c)));
        }
        if let Some(s) = &self.subject {
            out.push(("subject".into(), s.clone()));
        }
        Value::Object(Map::from_unique(out))
    }
}

impl Warning {
    /// As JSON: `{code, param?, path, message}`.
    pub fn to_value(&self) -> Value {
        let text = |s: &str| Value::String(s.to_string());
        let mut out = vec![("code".to_string(), text(self.code)), ("path".into(), text(&self.path)), ("message".into(), text(&self.message))];
        if let Some(p) = &self.param {
            out.push(("param".into(), text(p)));
        }
        Value::Object(Map::from_unique(out))
    }
}

/// A fault: status, code, param, path after `[i].`.
struct Fault {
    status: u16,
    code: &'static str,
    param: Option<String>,
    path: &'static str,
}

fn fault(status: u16, code: &'static str, path: &'static str) -> Fault {
    Fault { status, code, param: None, path }
}

impl Fault {
    fn with(mut self, param: impl Into<String>) -> Fault {
        self.param = Some(param.into());
        self
    }
}

/// Paths of the identity's fields, as `'static` strings for [`Fault`]: [`IDENTITY_FIELDS`]'
/// in their order, then `countryAlpha3`.
const IDENTITY_PATHS: &[&str] = &[
        "identity.fullName", "identity.birth", "identity.docId", "identity.fullDocId",
        "identity.gender", "identity.expiresAt", "identity.issueDate", "identity.taxNumber",
        "identity.healthNumber", "identity.socialSecurityNumber", "identity.height",
        "identity.documentType", "identity.documentDiscriminator", "identity.placeOfBirth",
        "identity.photo", "identity.mrzText", "identity.extra", "identity.countryAlpha3",
];

/// What a subject adds up to before the repeats are looked at.
struct Checked {
    contact: Option<String>,
    identity_key: Option<String>,
    fault: Option<Fault>,
    warnings: Vec<(&'static str, Option<String>)>,
    subject: Option<Value>,
}

/// The contact to send (an email with its domain lower-cased, a phone in E.164) and as the
/// API compares it (the email all lower-cased), or the fault.
fn read_contact(subject: &Map) -> Result<(String, String), Fault> {
    let value = match subject.get("contact") {
        None | Some(Value::Null) => return Err(fault(400, "subject.contact_missing", "contact")),
        Some(Value::String(s)) => crate::text::trim(s),
        Some(_) => return Err(fault(400, "subject.contact_not_a_string", "contact")),
    };
    if value.is_empty() {
        return Err(fault(400, "subject.contact_missing", "contact"));
    }
    if value.contains('@') {
        let v = crate::email::live(value);
        return match v.normalized {
            Some(n) if v.state == State::Valid => {
                let key = if n.chars().any(char::is_uppercase) { n.to_lowercase() } else { n.clone() };
                Ok((n, key))
            }
            _ => Err(fault(400, "subject.contact_email", "contact").with(v.code)),
        };
    }
    let v = crate::phone::live(value, None);
    match v.normalized {
        Some(n) if v.state == State::Valid => Ok((n.clone(), n)),
        _ if value.starts_with('+') || value.bytes().all(|b| b.is_ascii_digit() || b" .-()".contains(&b)) => {
            Err(fault(400, "subject.contact_phone", "contact").with(v.code))
        }
        _ => Err(fault(400, "subject.contact_invalid", "contact")),
    }
}

/// Checks one subject on its own: SPEC's 400, 401 and 402, the normalised subject, and the
/// keys its repeats are found by.
fn check(subject: &Value, options: &Options, countries: &mut Countries) -> Checked {
    let mut out = Checked { contact: None, identity_key: None, fault: None, warnings: Vec::new(), subject: None };
    let Some(obj) = subject.as_object() else {
        out.fault = Some(fault(400, "subject.not_an_object", ""));
        return out;
    };
    let contact = read_contact(obj);
    let mut faults: Vec<Fault> = Vec::new();
    let mut send_contact = String::new();
    if let Ok((send, key)) = &contact {
        send_contact = send.clone();
        out.contact = Some(key.clone());
    }
    let internal_id = match obj.get("internalId") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(crate::text::trim(s).to_string()),
        Some(_) => {
            faults.push(fault(400, "subject.internal_id_not_a_string", "internalId"));
            None
        }
    };
    if let Err(f) = contact {
        faults.insert(0, f);
    }
    let mut identity_out = None;
    match obj.get("identity") {
        None | Some(Value::Null) => {}
        Some(Value::Object(identity)) => match check_identity(identity, options, countries) {
            Ok((normalized, key, warnings)) => {
                out.identity_key = Some(key);
                out.warnings = warnings;
                identity_out = Some(normalized);
            }
            Err((f, key)) => {
                out.identity_key = key;
                faults.push(f);
            }
        },
        Some(_) => faults.push(fault(401, "subject.identity_not_an_object", "identity")),
    }
    // The first fault in SPEC's order of statuses; within one status, the order found.
    faults.sort_by_key(|f| f.status);
    if let Some(f) = faults.into_iter().next() {
        out.fault = Some(f);
        return out;
    }
    let mut normalized = Vec::with_capacity(3);
    normalized.push(("contact".to_string(), Value::String(send_contact)));
    if let Some(id) = internal_id {
        normalized.push(("internalId".into(), Value::String(id)));
    }
    if let Some(identity) = identity_out {
        normalized.push(("identity".into(), Value::Object(identity)));
    }
    out.subject = Some(Value::Object(Map::from_unique(normalized)));
    out
}

type IdentityOk = (Map, String, Vec<(&'static str, Option<String>)>);

/// The identity normalised, its key (`docId` without spaces, `|`, country) and its warnings;
/// or its first fault, with the key when it could still be read.
fn check_identity(identity: &Map, options: &Options, countries: &mut Countries) -> Result<IdentityOk, (Fault, Option<String>)> {
    let mut first: Option<Fault> = None;
    let mut note = |f: Fault| {
        if first.is_none() {
            first = Some(f);
        }
    };
    // Each of the identity's own keys placed once (a string comparison is a length check
    // first), rather than a search of the object per known field: this runs per row.
    let mut slots: [Option<&Value>; IDENTITY_FIELDS.len()] = [None; IDENTITY_FIELDS.len()];
    for (k, v) in identity.iter() {
        if let Some(i) = IDENTITY_FIELDS.iter().position(|f| f.0 == k) {
            slots[i] = Some(v);
        }
    }
    let mut values: Vec<(String, Value)> = Vec::with_capacity(identity.len() + 1);
    let (mut doc_id, mut full_doc_id, mut document_type) = (None, None, None);
    for ((&(key, max, kind), &path), slot) in IDENTITY_FIELDS.iter().zip(IDENTITY_PATHS).zip(slots) {
        let text = match slot {
            None | Some(Value::Null) => {
                if kind == Kind::Required {
                    note(fault(401, "subject.identity_missing", path).with(key));
                }
                continue;
            }
            Some(Value::String(s)) => s,
            Some(_) => {
                note(fault(401, "subject.identity_not_a_string", path).with(key));
                continue;
            }
        };
        let value = if key == "docId" || key == "fullDocId" {
            text.chars().filter(|c| !c.is_whitespace()).collect::<String>()
        } else {
            crate::text::trim(text).to_string()
        };
        if value.is_empty() {
            if kind == Kind::Required {
                note(fault(401, "subject.identity_missing", path).with(key));
            }
            continue;
        }
        if value.chars().count() > max {
            note(fault(401, "subject.identity_too_long", path).with(crate::text::decimal(max)));
            continue;
        }
        match key {
            "birth" | "expiresAt" | "issueDate" => match parse_date(&value) {
                None => note(fault(401, "subject.identity_date", path)),
                Some(d) if key == "birth" && options.today.is_some_and(|today| d > today) => {
                    note(fault(401, "subject.identity_birth_future", path))
                }
                Some(_) => {}
            },
            "extra" if !is_json_text(&value) => note(fault(401, "subject.identity_extra_json", path)),
            "docId" => doc_id = Some(value.clone()),
            "fullDocId" => full_doc_id = Some(values.len()),
            "documentType" => document_type = Some(values.len()),
            _ => {}
        }
        values.push((key.to_string(), Value::String(value)));
    }
    let text_at = |i: Option<usize>| i.and_then(|i| values[i].1.as_str());
    if let (Some(doc), Some(full)) = (&doc_id, text_at(full_doc_id)) {
        if !(full.starts_with(doc.as_str()) && full.len() > doc.len()) {
            note(fault(401, "subject.identity_full_doc_id", "identity.fullDocId"));
        }
    }
    let country = match identity.get("countryAlpha3") {
        None | Some(Value::Null) => {
            note(fault(401, "subject.identity_missing", "identity.countryAlpha3").with("countryAlpha3"));
            None
        }
        Some(Value::String(s)) if crate::text::trim(s).is_empty() => {
            note(fault(401, "subject.identity_missing", "identity.countryAlpha3").with("countryAlpha3"));
            None
        }
        Some(Value::String(s)) => {
            // A file names a few countries many times: each is looked up once (the lookup
            // walks the 249 codes).
            let known = match countries.get(s.as_str()) {
                Some(known) => known.clone(),
                None => {
                    let v = crate::country::live(s);
                    let known = v.normalized.filter(|_| v.state == State::Valid);
                    if countries.len() < 1024 {
                        countries.insert(s.clone(), known.clone());
                    }
                    known
                }
            };
            match known {
                Some(code) => Some(code),
                None => {
                    note(fault(402, "subject.country", "identity.countryAlpha3").with(crate::text::trim(s)));
                    None
                }
            }
        }
        Some(_) => {
            note(fault(402, "subject.country", "identity.countryAlpha3"));
            None
        }
    };
    let key = match (&doc_id, &country) {
        (Some(doc), Some(country)) => {
            let mut key = String::with_capacity(doc.len() + 4);
            key.push_str(&doc.to_uppercase());
            key.push('|');
            key.push_str(country);
            Some(key)
        }
        _ => None,
    };
    if let Some(f) = first {
        return Err((f, key));
    }
    let (Some(key), Some(country), Some(doc)) = (key, country, doc_id) else {
        // Unreachable: without a fault both were read.
        return Err((fault(401, "subject.identity_missing", "identity.docId").with("docId"), None));
    };
    let warnings = if options.no_document_warnings {
        Vec::new()
    } else {
        document_warnings(&doc, &country, text_at(document_type))
    };
    values.push(("countryAlpha3".into(), Value::String(country)));
    Ok((Map::from_unique(values), key, warnings))
}

/// The check-digit warning for `doc_id` among the country's document types (section 2)
/// that it fits: none when it is valid as one of them, or fits none (a passport, another
/// document); the first type's check-digit code when it fits some only but for the check
/// digit. A `documentType` naming one of the types narrows the search to it.
pub fn document_warnings(doc_id: &str, country: &str, document_type: Option<&str>) -> Vec<(&'static str, Option<String>)> {
    use crate::documents::{DocumentType, KINDS};
    let named = document_type.and_then(|t| DocumentType::parse(&t.trim().to_ascii_uppercase().replace([' ', '-'], "_")));
    let mut warning = None;
    for kind in KINDS {
        if kind.country != Some(country) || named.is_some_and(|t| t != kind.document_type) {
            continue;
        }
        match validate_document(kind.document_type, country, doc_id) {
            Some(Ok(())) => return Vec::new(),
            Some(Err(e)) if warning.is_none() && e.code.ends_with(".check_digit") => warning = Some((e.code, e.param)),
            _ => {}
        }
    }
    warning.into_iter().collect()
}

/// FNV-1a: the keys (contacts, documents) come from the caller's own file, not from an
/// adversary, and SipHash's strength cost a tenth of a 100,000-row import.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Seen = HashMap<String, usize, BuildHasherDefault<Fnv>>;
/// Country codes as written, and the code each stands for (`None`: none).
type Countries = HashMap<String, Option<String>, BuildHasherDefault<Fnv>>;

/// The document module's own check of a complete number (what its live verdict does, less
/// the display format it builds): `None` for a type this import does not check.
fn validate_document(t: crate::documents::DocumentType, country: &str, doc_id: &str) -> Option<Result<(), crate::documents::DocError>> {
    use crate::documents::{self as d, DocumentType as T, IdDocument};
    fn check<D: IdDocument>(s: &str) -> Option<Result<(), d::DocError>> {
        Some(D::validate(s).map(|_| ()))
    }
    match (t, country) {
        (T::Rut, _) => check::<d::rut::Document>(doc_id),
        (T::Curp, _) => check::<d::curp::Document>(doc_id),
        (T::Rfc, _) => check::<d::rfc::Document>(doc_id),
        (T::CedCiu, _) => check::<d::ced_ciu::Document>(doc_id),
        (T::CedExt, _) => check::<d::ced_ext::Document>(doc_id),
        (T::Nit, _) => check::<d::nit::Document>(doc_id),
        (T::Dni, "PER") => check::<d::pe_dni::Document>(doc_id),
        (T::Dni, _) => check::<d::ar_dni::Document>(doc_id),
        (T::Ce, _) => check::<d::ce::Document>(doc_id),
        (T::Ruc, _) => check::<d::ruc::Document>(doc_id),
        (T::Cuil, _) => check::<d::cuil::Document>(doc_id),
        (T::Cuit, _) => check::<d::cuit::Document>(doc_id),
        (T::Cpf, _) => check::<d::cpf::Document>(doc_id),
        (T::Cnpj, _) => check::<d::cnpj::Document>(doc_id),
        (T::Passport, _) => None,
    }
}

/// Validates subjects one at a time, remembering the contacts and identities already seen
/// (for 407 and 408): the engine of [`validate_subjects`], and of imports read in chunks.
pub struct Validator {
    options: Options,
    next: usize,
    contacts: Seen,
    identities: Seen,
    countries: Countries,
}

impl Validator {
    pub fn new(options: Options) -> Validator {
        Validator { options, next: 0, contacts: Seen::default(), identities: Seen::default(), countries: Countries::default() }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// How many subjects it has seen.
    pub fn count(&self) -> usize {
        self.next
    }

    /// The verdict on the next subject of the batch.
    pub fn push(&mut self, subject: &Value) -> SubjectVerdict {
        let index = self.next;
        self.next += 1;
        let checked = check(subject, &self.options, &mut self.countries);
        // Every readable contact and identity counts as an occurrence, whatever else is
        // wrong with its subject: the API sees it in the call either way.
        let repeat_of = |seen: &mut Seen, key: &Option<String>| -> Option<usize> {
            let key = key.as_ref()?;
            match seen.get(key) {
                Some(first) => Some(*first),
                None => {
                    seen.insert(key.clone(), index);
                    None
                }
            }
        };
        let contact_first = repeat_of(&mut self.contacts, &checked.contact);
        let identity_first = repeat_of(&mut self.identities, &checked.identity_key);
        let fault = checked.fault.or_else(|| {
            contact_first
                .map(|first| fault(407, "subject.repeated_contact", "contact").with(crate::text::decimal(first)))
                .or_else(|| {
                    identity_first.map(|first| fault(408, "subject.repeated_identity", "identity.docId").with(crate::text::decimal(first)))
                })
        });
        let locale = self.options.locale;
        let at = |path: &str| if path.is_empty() { format!("[{index}]") } else { format!("[{index}].{path}") };
        let warnings = checked
            .warnings
            .into_iter()
            .map(|(code, param)| Warning {
                code,
                message: message(code, param.as_deref(), locale),
                param,
                path: at("identity.docId"),
            })
            .collect();
        match fault {
            Some(f) => SubjectVerdict {
                index,
                status: f.status,
                code: f.code,
                message: message(f.code, f.param.as_deref(), locale),
                param: f.param,
                path: at(f.path),
                warnings,
                contact: checked.contact,
                subject: None,
            },
            None => SubjectVerdict {
                index,
                status: status::READY,
                code: "subject.ready",
                param: None,
                path: at(""),
                message: message("subject.ready", None, locale),
                warnings,
                contact: checked.contact,
                subject: checked.subject,
            },
        }
    }
}

/// One verdict per subject, in order (see the module's documentation).
pub fn validate_subjects(subjects: &[Value], options: &Options) -> Vec<SubjectVerdict> {
    let mut v = Validator::new(*options);
    subjects.iter().map(|s| v.push(s)).collect()
}

/// What a batch adds up to.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Summary {
    pub total: usize,
    /// Subjects that can be sent (status 200).
    pub ready: usize,
    /// Subjects that will fail (every other status).
    pub failing: usize,
    /// Ready subjects with at least one warning.
    pub with_warnings: usize,
    /// `(status, count)` for every status present, by status.
    pub by_status: Vec<(u16, usize)>,
    /// `(code, count)` for every code present, by count then code.
    pub by_code: Vec<(&'static str, usize)>,
    /// More ready subjects than one request takes: they go in [`Summary::requests`] calls.
    pub split: bool,
    /// Requests of at most [`MAX_BATCH`] the ready subjects need.
    pub requests: usize,
    /// One line saying the above.
    pub message: String,
}

impl Summary {
    /// As JSON, for the bindings: `{total, ready, failing, withWarnings, byStatus: {"200":
    /// n, ...}, byCode: {code: n, ...}, split, requests, message}`.
    pub fn to_value(&self) -> Value {
        let n = |n: usize| Value::Number(n.into());
        let by_status = self.by_status.iter().map(|(s, c)| (s.to_string(), n(*c))).collect();
        let by_code = self.by_code.iter().map(|(code, c)| (code.to_string(), n(*c))).collect();
        Value::Object(Map::from_unique(vec![
            ("total".into(), n(self.total)),
            ("ready".into(), n(self.ready)),
            ("failing".into(), n(self.failing)),
            ("withWarnings".into(), n(self.with_warnings)),
            ("byStatus".into(), Value::Object(Map::from_unique(by_status))),
            ("byCode".into(), Value::Object(Map::from_unique(by_code))),
            ("split".into(), Value::Bool(self.split)),
            ("requests".into(), n(self.requests)),
            ("message".into(), Value::String(self.message.clone())),
        ]))
    }
}

/// Counts verdicts as they come (an import read in chunks keeps one, not the verdicts).
#[derive(Clone, Debug, Default)]
pub struct Tally {
    total: usize,
    ready: usize,
    with_warnings: usize,
    by_status: Vec<(u16, usize)>,
    by_code: Vec<(&'static str, usize)>,
}

impl Tally {
    pub fn add(&mut self, v: &SubjectVerdict) {
        self.total += 1;
        if v.is_ready() {
            self.ready += 1;
            self.with_warnings += usize::from(!v.warnings.is_empty());
        }
        // A handful of distinct statuses and codes: a scan beats hashing.
        match self.by_status.iter_mut().find(|e| e.0 == v.status) {
            Some(e) => e.1 += 1,
            None => self.by_status.push((v.status, 1)),
        }
        match self.by_code.iter_mut().find(|e| e.0 == v.code) {
            Some(e) => e.1 += 1,
            None => self.by_code.push((v.code, 1)),
        }
    }

    pub fn summary(&self, locale: Locale) -> Summary {
        let mut by_status = self.by_status.clone();
        by_status.sort_unstable();
        let mut by_code = self.by_code.clone();
        by_code.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let requests = self.ready.div_ceil(MAX_BATCH);
        let split = self.ready > MAX_BATCH;
        let failing = self.total - self.ready;
        let code = if split { "batch.split" } else { "batch.summary" };
        let param = format!("{}|{}|{}|{}", self.total, self.ready, failing, requests);
        Summary {
            total: self.total,
            ready: self.ready,
            failing,
            with_warnings: self.with_warnings,
            by_status,
            by_code,
            split,
            requests,
            message: message(code, Some(&param), locale),
        }
    }
}

/// Counts a batch's verdicts.
pub fn summarize<'a>(verdicts: impl IntoIterator<Item = &'a SubjectVerdict>, locale: Locale) -> Summary {
    let mut tally = Tally::default();
    for v in verdicts {
        tally.add(v);
    }
    tally.summary(locale)
}

/// `{0}`, `{1}`... of a message replaced by the `|`-separated parameters.
fn fill(text: &str, params: &str) -> String {
    if !params.contains('|') {
        return text.replace("{0}", params);
    }
    params.split('|').enumerate().fold(text.to_string(), |t, (i, p)| t.replace(&format!("{{{i}}}"), p))
}

/// This module's message for `code` (a parameter of several values separated by `|` fills
/// `{0}`, `{1}`...), else the crate's (documents' check-digit codes...).
pub fn message(code: &str, param: Option<&str>, locale: Locale) -> String {
    // The table unpacked once: every verdict of a 100,000-row file asks for a message, and
    // the packed columns are walked from the start at each lookup.
    static TABLE: std::sync::OnceLock<Vec<crate::messages::Message>> = std::sync::OnceLock::new();
    match TABLE.get_or_init(|| MESSAGES.iter().collect()).iter().find(|m| m.code == code) {
        Some(m) => {
            let text = match locale {
                Locale::En => m.en,
                Locale::Es => m.es,
                Locale::Pt => m.pt,
            };
            fill(text, param.unwrap_or(""))
        }
        None => crate::messages::message(code, param, locale),
    }
}

/// Every code of this module. Kept out of the crate's shared table so that only builds that
/// use the import carry them.
pub const MESSAGES: Messages = crate::messages::messages! {
    "subject.ready" => "Ready to import.", "Lista para importar.", "Pronta para importar.";
    "subject.not_an_object" => "Each subject must be an object with a contact.", "Cada sujeto debe ser un objeto con un contacto.", "Cada sujeito deve ser um objeto com um contato.";
    "subject.contact_missing" => "The contact (an email or a phone) is missing.", "Falta el contacto (un correo o un teléfono).", "Falta o contato (um e-mail ou um telefone).";
    "subject.contact_not_a_string" => "The contact must be text: an email or a phone.", "El contacto debe ser texto: un correo o un teléfono.", "O contato deve ser texto: um e-mail ou um telefone.";
    "subject.contact_email" => "The contact is not a valid email address.", "El contacto no es un correo válido.", "O contato não é um e-mail válido.";
    "subject.contact_phone" => "The contact is not a valid phone number in international format (+56 9 6123 4567).", "El contacto no es un teléfono válido en formato internacional (+56 9 6123 4567).", "O contato não é um telefone válido em formato internacional (+56 9 6123 4567).";
    "subject.contact_invalid" => "The contact is neither an email nor a phone number.", "El contacto no es ni un correo ni un teléfono.", "O contato não é nem um e-mail nem um telefone.";
    "subject.internal_id_not_a_string" => "internalId must be text.", "internalId debe ser texto.", "internalId deve ser texto.";
    "subject.identity_not_an_object" => "identity must be an object.", "identity debe ser un objeto.", "identity deve ser um objeto.";
    "subject.identity_missing" => "The identity needs {0}.", "A la identidad le falta {0}.", "Falta {0} na identidade.";
    "subject.identity_not_a_string" => "{0} must be text.", "{0} debe ser texto.", "{0} deve ser texto.";
    "subject.identity_too_long" => "This is too long (at most {0} characters).", "Es demasiado largo (máximo {0} caracteres).", "É longo demais (no máximo {0} caracteres).";
    "subject.identity_date" => "This is not a real date (YYYY-MM-DD).", "No es una fecha válida (AAAA-MM-DD).", "Não é uma data válida (AAAA-MM-DD).";
    "subject.identity_birth_future" => "The birth date must be in the past.", "La fecha de nacimiento debe estar en el pasado.", "A data de nascimento deve estar no passado.";
    "subject.identity_full_doc_id" => "fullDocId must start with docId and be longer.", "fullDocId debe comenzar con docId y ser más largo.", "fullDocId deve começar com docId e ser mais longo.";
    "subject.identity_extra_json" => "extra must be JSON text.", "extra debe ser texto JSON.", "extra deve ser texto JSON.";
    "subject.country" => "This is not an ISO 3166-1 alpha-3 country code (e.g. PRT).", "No es un código de país ISO 3166-1 alfa-3 (por ejemplo PRT).", "Não é um código de país ISO 3166-1 alfa-3 (por exemplo PRT).";
    "subject.repeated_contact" => "This contact is already in the batch (subject {0}).", "Este contacto ya está en el lote (sujeto {0}).", "Este contato já está no lote (sujeito {0}).";
    "subject.repeated_identity" => "This identity is already in the batch (subject {0}).", "Esta identidad ya está en el lote (sujeto {0}).", "Esta identidade já está no lote (sujeito {0}).";
    "subject.created" => "Subject created.", "Sujeto creado.", "Sujeito criado.";
    "subject.updated" => "Subject updated.", "Sujeto actualizado.", "Sujeito atualizado.";
    "subject.unchanged" => "Already imported: nothing to update.", "Ya importado: nada que actualizar.", "Já importado: nada a atualizar.";
    "subject.identity_taken" => "This identity belongs to another user.", "Esta identidad pertenece a otro usuario.", "Esta identidade pertence a outro usuário.";
    "subject.country_taken" => "This user already has an identity for this country.", "Este usuario ya tiene una identidad de este país.", "Este usuário já tem uma identidade deste país.";
    "subject.csv_fields" => "This row has {0} fields; the header has {1}.", "Esta fila tiene {0} campos; el encabezado tiene {1}.", "Esta linha tem {0} campos; o cabeçalho tem {1}.";
    "csv.unclosed_quote" => "Row {0}, column {1}: a quote opens here and never closes.", "Fila {0}, columna {1}: aquí se abren comillas que nunca se cierran.", "Linha {0}, coluna {1}: aqui abrem-se aspas que nunca fecham.";
    "csv.after_quote" => "Row {0}, column {1}: text after a closing quote (write a quote inside quotes as \"\").", "Fila {0}, columna {1}: texto después de cerrar comillas (una comilla dentro de comillas se escribe \"\").", "Linha {0}, coluna {1}: texto depois de fechar aspas (uma aspa dentro de aspas escreve-se \"\").";
    "csv.utf8" => "Row {0}, column {1}: this is not UTF-8 text (save the file as CSV UTF-8).", "Fila {0}, columna {1}: no es texto UTF-8 (guarda el archivo como CSV UTF-8).", "Linha {0}, coluna {1}: não é texto UTF-8 (salve o arquivo como CSV UTF-8).";
    "csv.no_contact" => "The first row must name the columns, one of them contact.", "La primera fila debe nombrar las columnas, una de ellas contact.", "A primeira linha deve nomear as colunas, uma delas contact.";
    "csv.repeated_column" => "Row {0}, column {1}: {2} is already a column.", "Fila {0}, columna {1}: {2} ya es una columna.", "Linha {0}, coluna {1}: {2} já é uma coluna.";
    "batch.summary" => "{0} subjects: {1} ready, {2} will fail.", "{0} sujetos: {1} listos, {2} fallarán.", "{0} sujeitos: {1} prontos, {2} vão falhar.";
    "batch.split" => "{0} subjects: {1} ready, {2} will fail. The ready ones go in {3} requests of at most 100.", "{0} sujetos: {1} listos, {2} fallarán. Los listos se envían en {3} solicitudes de hasta 100.", "{0} sujeitos: {1} prontos, {2} vão falhar. Os prontos vão em {3} requisições de até 100.";
};
