//! The bulk import's calls (SPEC section 5): `validateSubjects` and the `CsvImport` class.
//!
//! The verdicts go back as one JSON text per call, parsed once by the platform's `JSON.parse`:
//! a 100,000-row file gives as many objects of about ten keys, and one `Reflect.set` across
//! the boundary per key cost several times the parse of the same text (measured in
//! bench/csv.mjs). The writer below only needs strings, whole numbers, arrays and objects:
//! every value a verdict carries is one of those.

use js_sys::{ArrayBuffer, JsString, Uint8Array};
use wasm_bindgen::prelude::*;

use super::{check_options_object, locale_of, read, type_error, type_name};
use crate::humanos::import::{self, ImportError, ImportRow};
use crate::humanos::{self, Date, Options, SubjectVerdict, Warning};
use crate::json::Value;
use crate::messages::Locale;

/// Most bytes one `feed` call takes: a page reads a file in chunks far smaller than this.
const MAX_CHUNK_BYTES: u32 = 64 << 20;
/// Most subjects one `validateSubjects` call takes (a CSV of any size goes through CsvImport).
const MAX_SUBJECTS: u32 = 1_000_000;

/// The JSON text being written, as bytes: `push_str` appends through `copy_from_slice` (one
/// `memory.copy`), where `String::push_str` in this size-tuned std copied byte by byte (a
/// fifth of the CSV bench's time when measured).
struct Out(Vec<u8>);

impl Out {
    fn push_str(&mut self, s: &str) {
        let n = self.0.len();
        self.0.resize(n + s.len(), 0);
        self.0[n..].copy_from_slice(s.as_bytes());
    }

    fn push(&mut self, c: char) {
        // Only ASCII punctuation and hex digits are pushed one at a time.
        self.0.push(c as u8);
    }

    fn text(&self) -> &str {
        // SAFETY: only whole `&str`s and ASCII bytes are ever appended, so the bytes are UTF-8
        // (checking tens of megabytes again cost a tenth of the CSV bench).
        unsafe { std::str::from_utf8_unchecked(&self.0) }
    }
}

/// Appends `s` as a JSON string.
fn push_string(out: &mut Out, s: &str) {
    out.push('"');
    // Runs of plain characters copied at once; only `"`, `\\` and controls are escaped.
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == b'"' || b == b'\\' || b < 0x20 {
            out.push_str(&s[start..i]);
            out.push_str(match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                _ => "\\u00",
            });
            if b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t') {
                out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
                out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
            }
            start = i + 1;
        }
    }
    out.push_str(&s[start..]);
    out.push('"');
}

fn push_decimal(out: &mut Out, n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.0.extend_from_slice(&digits[i..]);
}

/// Appends `"key":` (the keys here are plain ASCII names: no escaping).
fn push_key(out: &mut Out, key: &str) {
    out.push('"');
    out.push_str(key);
    out.push_str("\":");
}

fn push_field(out: &mut Out, key: &str, value: &str) {
    out.push(',');
    push_key(out, key);
    push_string(out, value);
}

fn push_number(out: &mut Out, key: &str, n: usize) {
    out.push(',');
    push_key(out, key);
    push_decimal(out, n as u64);
}

/// Appends a JSON value. Verdicts carry only strings, objects and arrays; a number (which a
/// subject may hold, but never a ready one) is written when whole, else as null.
fn push_value(out: &mut Out, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) if i < 0 => {
                out.push('-');
                push_decimal(out, i.unsigned_abs());
            }
            (_, Some(u)) => push_decimal(out, u),
            _ => out.push_str("null"),
        },
        Value::String(s) => push_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(out, k);
                out.push(':');
                push_value(out, v);
            }
            out.push('}');
        }
    }
}

fn push_warnings(out: &mut Out, warnings: &[Warning]) {
    if warnings.is_empty() {
        return;
    }
    out.push_str(",\"warnings\":[");
    for (i, w) in warnings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        push_key(out, "code");
        push_string(out, w.code);
        push_field(out, "path", &w.path);
        push_field(out, "message", &w.message);
        if let Some(p) = &w.param {
            push_field(out, "param", p);
        }
        out.push('}');
    }
    out.push(']');
}

/// A verdict's keys, without the braces: `"index":..,"status":..,...`; with `contact` and the
/// normalised `subject` when `normalised`.
fn push_verdict(out: &mut Out, v: &SubjectVerdict, normalised: bool) {
    push_key(out, "index");
    push_decimal(out, v.index as u64);
    push_number(out, "status", usize::from(v.status));
    push_field(out, "code", v.code);
    push_field(out, "message", &v.message);
    push_field(out, "path", &v.path);
    if let Some(p) = &v.param {
        push_field(out, "param", p);
    }
    push_warnings(out, &v.warnings);
    if !normalised {
        return;
    }
    if let Some(c) = &v.contact {
        push_field(out, "contact", c);
    }
    if let Some(s) = &v.subject {
        out.push_str(",\"subject\":");
        push_value(out, s);
    }
}

/// `JSON.parse(text)` of a text this module wrote.
fn parse(text: &str) -> JsValue {
    // The text is ours and well formed; a failure could only be running out of memory.
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// The options of both calls: `{locale?}`; today's date from the platform's clock.
fn options_of(options: &JsValue, what: &str) -> Result<Options, JsValue> {
    check_options_object(options, what)?;
    Ok(Options {
        locale: locale_of(options, what)?,
        today: Some(Date::from_unix_millis(js_sys::Date::now())),
        no_document_warnings: false,
    })
}

/// `{total, ready, failing, withWarnings, byStatus, byCode, split, requests, message}`,
/// through the same writer as the verdicts (smaller than building the object key by key).
fn summary_js(s: &humanos::Summary) -> JsValue {
    let mut out = Out(Vec::new());
    out.push('{');
    push_key(&mut out, "total");
    push_decimal(&mut out, s.total as u64);
    push_number(&mut out, "ready", s.ready);
    push_number(&mut out, "failing", s.failing);
    push_number(&mut out, "withWarnings", s.with_warnings);
    out.push_str(",\"byStatus\":{");
    for (i, (status, n)) in s.by_status.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        push_decimal(&mut out, u64::from(*status));
        out.push_str("\":");
        push_decimal(&mut out, *n as u64);
    }
    out.push_str("},\"byCode\":{");
    for (i, (code, n)) in s.by_code.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_key(&mut out, code);
        push_decimal(&mut out, *n as u64);
    }
    out.push_str(if s.split { "},\"split\":true" } else { "},\"split\":false" });
    push_number(&mut out, "requests", s.requests);
    push_field(&mut out, "message", &s.message);
    out.push('}');
    parse(out.text())
}

/// Judges a batch of Humanos subjects `{contact, internalId?, identity?}` as `POST /v1/user`
/// would, before anything is sent: one result per subject, in order, and their summary.
#[wasm_bindgen(js_name = validateSubjects, unchecked_return_type = "SubjectsReport")]
pub fn validate_subjects(
    #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<SubjectInput | unknown>")] subjects: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateSubjectsOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    const WHAT: &str = "validateSubjects";
    let options = options_of(&options.unwrap_or(JsValue::UNDEFINED), WHAT)?;
    if !read::is_array_or_not(&subjects) {
        return Err(type_error(&[WHAT, ": subjects must be an array, not ", &type_name(&subjects)]));
    }
    let count = read::length(&subjects).map_err(|_| type_error(&[WHAT, ": subjects could not be read"]))?;
    if count > MAX_SUBJECTS {
        return Err(type_error(&[WHAT, ": more than 1000000 subjects: read them in parts"]));
    }
    let mut validator = humanos::Validator::new(options);
    let mut tally = humanos::Tally::default();
    let mut out = Out(Vec::new());
    out.push('[');
    for i in 0..count {
        let item = read::item(&subjects, i)
            .map_err(|_| type_error(&[WHAT, ": subject ", &crate::text::decimal(i as usize), " could not be read"]))?;
        // One subject at a time: the node limit of `from_js` is per subject, not per batch.
        let subject = super::json::from_js(&item, WHAT)?;
        let verdict = validator.push(&subject);
        tally.add(&verdict);
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        push_verdict(&mut out, &verdict, true);
        out.push('}');
    }
    out.push(']');
    let report = js_sys::Object::new();
    super::set(&report, "results", parse(out.text()));
    super::set(&report, "summary", summary_js(&tally.summary(options.locale)));
    Ok(report.into())
}

/// A CSV file of users read in chunks (`feed`, then `finish`), each call giving back the rows
/// it completed with their verdicts, so that a page can show progress on a large file.
#[wasm_bindgen(js_name = CsvImport)]
pub struct CsvImportJs {
    import: import::CsvImport,
    locale: Locale,
    /// The first error: the file cannot be read past it, and every later call repeats it.
    failed: Option<ImportError>,
    done: bool,
}

#[wasm_bindgen(js_class = CsvImport)]
impl CsvImportJs {
    /// `new CsvImport({locale?})`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ValidateSubjectsOptions")] options: Option<JsValue>,
    ) -> Result<CsvImportJs, JsValue> {
        let options = options_of(&options.unwrap_or(JsValue::UNDEFINED), "CsvImport")?;
        Ok(CsvImportJs { import: import::CsvImport::new(options), locale: options.locale, failed: None, done: false })
    }

    /// Reads the next chunk of the file (bytes as read from it: a chunk may end anywhere);
    /// gives the rows it completed. Throws a `CsvImportError` (row, column) where the file is
    /// not CSV or its header cannot be used.
    #[wasm_bindgen(unchecked_return_type = "CsvRow[]")]
    pub fn feed(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] chunk: JsValue,
    ) -> Result<JsValue, JsValue> {
        const WHAT: &str = "CsvImport.feed";
        self.usable(WHAT)?;
        let bytes = chunk_bytes(&chunk, WHAT)?;
        let rows = self.import.feed(&bytes);
        self.answer(rows)
    }

    /// The last rows, once the whole file has been fed.
    #[wasm_bindgen(unchecked_return_type = "CsvRow[]")]
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        self.usable("CsvImport.finish")?;
        self.done = true;
        let rows = self.import.finish();
        self.answer(rows)
    }

    /// What the rows so far add up to.
    #[wasm_bindgen(unchecked_return_type = "SubjectsSummary")]
    pub fn summary(&self) -> JsValue {
        summary_js(&self.import.summary(self.locale))
    }

    /// Bytes fed so far (a progress bar's numerator against the file's size).
    #[wasm_bindgen(getter = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        self.import.bytes_read() as f64
    }

    /// The separator found in the header, `","` or `";"` (undefined before it is read).
    #[wasm_bindgen(getter)]
    pub fn separator(&self) -> Option<String> {
        self.import.separator().map(String::from)
    }

    /// The header cells that name no field, as written (their columns are ignored).
    #[wasm_bindgen(getter = ignoredColumns, unchecked_return_type = "string[]")]
    pub fn ignored_columns(&self) -> js_sys::Array {
        // A push loop: a returned Vec<String> brings its own conversion code.
        let out = js_sys::Array::new();
        for name in self.import.ignored_columns() {
            out.push(&JsValue::from_str(name));
        }
        out
    }
}

impl CsvImportJs {
    fn usable(&self, what: &str) -> Result<(), JsValue> {
        if let Some(e) = &self.failed {
            return Err(import_error(e, self.locale));
        }
        if self.done {
            return Err(type_error(&[what, ": the import is finished"]));
        }
        Ok(())
    }

    fn answer(&mut self, rows: Result<Vec<ImportRow>, ImportError>) -> Result<JsValue, JsValue> {
        match rows {
            Ok(rows) => Ok(parse(rows_json(&rows).text())),
            Err(e) => {
                let thrown = import_error(&e, self.locale);
                self.failed = Some(e);
                Err(thrown)
            }
        }
    }
}

/// `[{row, column?, input, index, status, ...}]` for a chunk's rows.
fn rows_json(rows: &[ImportRow]) -> Out {
    let mut out = Out(Vec::with_capacity(rows.len() * 256 + 2));
    out.push('[');
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"row\":");
        push_decimal(&mut out, r.row as u64);
        if let Some(c) = r.column {
            push_number(&mut out, "column", c);
        }
        out.push_str(",\"input\":");
        push_value(&mut out, &r.subject);
        out.push(',');
        push_verdict(&mut out, &r.verdict, false);
        out.push('}');
    }
    out.push(']');
    out
}

/// An `Error` named `CsvImportError` with `code`, `row` and `column` (from 1).
fn import_error(e: &ImportError, locale: Locale) -> JsValue {
    let error = js_sys::Error::new(&e.message(locale));
    error.set_name("CsvImportError");
    let (row, column) = e.position();
    super::set(&error, "code", e.code());
    super::set(&error, "row", row as u32);
    super::set(&error, "column", column as u32);
    error.into()
}

/// A chunk's bytes: a Uint8Array, or text (UTF-8 encoded).
fn chunk_bytes(chunk: &JsValue, what: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = chunk.dyn_ref::<JsString>() {
        if super::units(s) > MAX_CHUNK_BYTES / 3 {
            return Err(type_error(&[what, ": the chunk is too large (feed at most 64 MiB at a time)"]));
        }
        return Ok(String::from(s).into_bytes());
    }
    // `ArrayBuffer.isView` is false for a Proxy (it has no typed array's slots), so the copy
    // below reads a real typed array and cannot run a caller's code.
    let view = if ArrayBuffer::is_view(chunk) { chunk.dyn_ref::<Uint8Array>() } else { None };
    let Some(view) = view else {
        return Err(type_error(&[what, ": the chunk must be a Uint8Array or a string, not ", &type_name(chunk)]));
    };
    if view.length() > MAX_CHUNK_BYTES {
        return Err(type_error(&[what, ": the chunk is too large (feed at most 64 MiB at a time)"]));
    }
    Ok(view.to_vec())
}
