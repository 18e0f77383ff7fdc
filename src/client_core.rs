//! The identities client's decisions, in plain Rust so they are tested natively: URLs and
//! query strings, which headers a page may send, when to retry and how long to wait
//! (`Retry-After` included), and the create-and-link flow's planning (validating all three
//! payloads up front, finding identities a previous run already created, the link bodies).
//!
//! The fetch calls themselves live in `wasm::client`; nothing here touches JavaScript.

use crate::json::{Map, Value};

use crate::identity::{check_uniqueness, validate_identity, FieldError, IdentityType, ValidateOptions};
use crate::messages::message;

/// Default time limit of one API call (all its attempts and waits included), in ms.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Longest `timeoutMs` accepted (what `setTimeout` can wait).
pub const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;
/// Retries after the first attempt of an idempotent call, by default and at most.
pub const DEFAULT_RETRIES: u32 = 2;
pub const MAX_RETRIES: u32 = 10;
/// Page size limits of `GET /identities`.
pub const MAX_LIMIT: u32 = 100;
/// Filters `GET /identities` takes.
pub const FILTERS: [&str; 6] = ["type", "email", "documentNumber", "phone", "country", "status"];
/// Longest identity id accepted in a path.
pub const MAX_ID_CHARS: usize = 256;
/// Longest base URL accepted.
pub const MAX_BASE_URL_CHARS: usize = 2048;

// ---------------------------------------------------------------------------------------------
// URLs

/// Checks and tidies a base URL: an absolute `http(s)://` URL, or a path on the page's own
/// origin (`/api`); no query, fragment, spaces or control characters. Trailing slashes go.
pub fn normalize_base_url(raw: &str) -> Result<String, &'static str> {
    let s = crate::text::trim(raw);
    if s.chars().count() > MAX_BASE_URL_CHARS {
        return Err("is too long");
    }
    if !crate::text::all_chars(s, |c| !(c.is_whitespace() || c.is_control() || c == '?' || c == '#')) {
        return Err("must not contain spaces, a query or a fragment");
    }
    // The scheme compared without case where it stands: no lower-cased copy of the URL.
    let rest = strip_prefix_ignore_case(s, "https://").or_else(|| strip_prefix_ignore_case(s, "http://"));
    match rest {
        Some(host) if host.is_empty() || host[0] == b'/' => return Err("has no host"),
        Some(_) => {}
        None if s.starts_with('/') => {}
        None => return Err("must be an http(s) URL or a path starting with /"),
    }
    // Trailing `/` bytes dropped with a plain loop: `trim_end_matches('/')` without std's char
    // searcher, and no iterator adapters.
    let mut end = s.len();
    while end > 0 && s.as_bytes()[end - 1] == b'/' {
        end -= 1;
    }
    Ok(s[..end].to_string())
}

/// The bytes of `s` after `prefix`, which they start with in any ASCII case.
fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a [u8]> {
    let (head, rest) = s.as_bytes().split_at_checked(prefix.len())?;
    head.eq_ignore_ascii_case(prefix.as_bytes()).then_some(rest)
}

/// Checks an identity id before it goes into a path: 1 to 256 characters, no control
/// characters, and not `.` or `..` (which a URL parser would resolve away, percent-encoded or
/// not).
pub fn check_id(id: &str) -> Result<(), &'static str> {
    let n = id.chars().count();
    if n == 0 || n > MAX_ID_CHARS {
        return Err("must be a string of 1 to 256 characters");
    }
    if !crate::text::all_chars(id, |c| !c.is_control()) {
        return Err("must not contain control characters");
    }
    let dots = crate::text::replace(&id.to_ascii_lowercase(), "%2e", ".");
    if dots == "." || dots == ".." {
        return Err("must not be a dot segment");
    }
    Ok(())
}

/// Percent-encodes everything but the unreserved characters (RFC 3986), for a path segment or
/// a query component alike.
pub fn encode_component(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// `{base}/identities`, then `/{id}` (encoded) and `/children` when given.
pub fn identity_url(base: &str, id: Option<&str>, children: bool) -> String {
    let mut url = String::with_capacity(base.len() + 48);
    url.push_str(base);
    url.push_str("/identities");
    if let Some(id) = id {
        url.push('/');
        encode_component(id, &mut url);
        if children {
            url.push_str("/children");
        }
    }
    url
}

/// `{base}/identities?k=v&...` with every name and value encoded; no `?` without pairs.
pub fn list_url(base: &str, pairs: &[(&str, &str)]) -> String {
    let mut url = identity_url(base, None, false);
    for (k, v) in pairs {
        push_query(&mut url, k, v);
    }
    url
}

/// Adds `key=value` (both encoded) to the query of a URL made by [`identity_url`] (a base URL
/// has no `?`): after a `?` for the first pair, after a `&` for the others.
pub fn push_query(url: &mut String, key: &str, value: &str) {
    url.push(if crate::text::find_byte(url, b'?').is_none() { '?' } else { '&' });
    encode_component(key, url);
    url.push('=');
    encode_component(value, url);
}

// ---------------------------------------------------------------------------------------------
// Headers

/// A header value the fetch `Headers` object accepts: Latin-1 text without NUL, CR or LF.
pub fn valid_header_value(value: &str) -> bool {
    crate::text::all_chars(value, |c| c == '\t' || (c >= ' ' && c as u32 <= 0xFF && c != '\u{7f}'))
}

// ---------------------------------------------------------------------------------------------
// Retries

/// What an attempt ended with, as far as retrying goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// An HTTP answer with this status.
    Status(u16),
    /// No answer: the connection failed (not a timeout or an abort: those end the call).
    Network,
}

/// When to try a call again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub retries: u32,
    /// First backoff, doubled on each retry.
    pub base_ms: u64,
    /// Largest backoff.
    pub max_backoff_ms: u64,
    /// Longest `Retry-After` honoured; a longer one ends the call with its error.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { retries: DEFAULT_RETRIES, base_ms: 500, max_backoff_ms: 8_000, max_retry_after_ms: 60_000 }
    }
}

/// Statuses worth another attempt: rate limited, or a gateway that could not reach the API.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

impl RetryPolicy {
    /// How long to wait before another attempt, or `None` to give up.
    ///
    /// `attempts` is how many attempts were made so far (1 after the first); `idempotent`
    /// says whether repeating the call is safe (never for a create); `retry_after_ms` is the
    /// answer's `Retry-After`, already parsed; `random` is uniform in `[0, 1)` for the jitter.
    pub fn delay(&self, attempts: u32, idempotent: bool, outcome: Outcome, retry_after_ms: Option<u64>, random: f64) -> Option<u64> {
        if !idempotent || attempts == 0 || attempts > self.retries {
            return None;
        }
        if let Outcome::Status(s) = outcome {
            if !is_retryable_status(s) {
                return None;
            }
        }
        if let Some(ms) = retry_after_ms {
            return (ms <= self.max_retry_after_ms).then_some(ms);
        }
        // `base_ms << k`, saturating. Written out: an overflow-checked u64 multiply needs a
        // 128-bit multiply routine in the wasm.
        let k = (attempts - 1).min(20);
        let exp = if self.base_ms > u64::MAX >> k { u64::MAX } else { self.base_ms << k }.min(self.max_backoff_ms);
        // "Equal jitter": half fixed, half random, so waits spread out but never collapse to 0.
        let random = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.5 };
        Some(exp / 2 + (exp as f64 / 2.0 * random) as u64)
    }
}

/// Reads a `Retry-After` value, seconds or an HTTP date, as milliseconds from `now_ms` (Unix
/// time in ms). A date in the past means "now" (0); anything unreadable is `None`.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<u64> {
    let v = crate::text::trim(value);
    if crate::text::all_digits(v) {
        // More seconds than a u64 holds is as good as forever (past any cap). Overflow is
        // checked by comparison, not with checked_mul/saturating_mul, which on wasm32 bring
        // in a 128-bit multiply routine.
        let seconds = v.bytes().try_fold(0u64, |n, b| {
            let d = u64::from(b - b'0');
            (n <= (u64::MAX - d) / 10).then(|| n * 10 + d)
        });
        let seconds = seconds.unwrap_or(u64::MAX / 1000);
        return Some(if seconds > u64::MAX / 1000 { u64::MAX } else { seconds * 1000 });
    }
    let at = parse_http_date(v)? as f64 * 1000.0;
    Some(if at > now_ms { (at - now_ms) as u64 } else { 0 })
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Reads an HTTP date in any of the three forms RFC 9110 lets a recipient meet, as Unix
/// seconds: `Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT` and
/// `Sun Nov  6 08:49:37 1994`.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let mut month = None;
    let mut month_first = false;
    // Day, year and time in the order written: exactly five numbers of up to four digits.
    let mut nums = [0i64; 5];
    let mut count = 0;
    // Split as bytes: every separator is ASCII, and a byte split is far less code than a
    // `str` split with a pattern.
    let tokens = s.as_bytes().split(|b| matches!(b, b' ' | b',' | b'-' | b':')).filter(|t| !t.is_empty());
    for (i, tok) in tokens.enumerate() {
        if crate::text::all_of(tok, |b| b.is_ascii_digit()) {
            if tok.len() > 4 || count == nums.len() {
                return None;
            }
            nums[count] = tok.iter().fold(0, |n, b| n * 10 + i64::from(b - b'0'));
            count += 1;
        } else if let Some(m) = MONTHS.iter().position(|m| tok.eq_ignore_ascii_case(m.as_bytes())) {
            if month.is_some() {
                return None;
            }
            month = Some(m as i64 + 1);
            month_first = count == 0;
        } else if !(i == 0 || tok.eq_ignore_ascii_case(b"GMT")) {
            // Only a leading weekday and the trailing zone may be words.
            return None;
        }
    }
    let month = month?;
    if count != nums.len() {
        return None;
    }
    let [a, b, c, d, e] = nums;
    let (day, year, h, m, sec) = if month_first { (a, e, b, c, d) } else { (a, b, c, d, e) };
    // Two-digit years (RFC 850) are in the century that puts them nearest to now.
    let year = match year {
        0..=69 => 2000 + year,
        70..=99 => 1900 + year,
        y => y,
    };
    if !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + sec)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// ---------------------------------------------------------------------------------------------
// The create-and-link flow

/// `prefix` + `path` as one JSON path: `organization`, `organization.phone`, `users[0].phone`.
pub fn prefixed(prefix: &str, path: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + path.len() + 1);
    s.push_str(prefix);
    if !path.is_empty() {
        if !path.starts_with('[') {
            s.push('.');
        }
        s.push_str(path);
    }
    s
}

/// Validates the flow's payloads before anything is sent: each as a Create Identity payload,
/// the organization as an `ORGANIZATION` and the users as `USER`s, then the uniqueness rule
/// across all of them. Answers the normalised payloads, or every error with its path
/// prefixed `organization` or `users[i]`.
pub fn validate_flow(organization: &Value, users: &[Value], options: &ValidateOptions) -> Result<(Value, Vec<Value>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut values = Vec::with_capacity(users.len() + 1);
    let user_prefix = |i: usize| {
        let mut prefix = String::from("users[");
        crate::text::push_decimal(&mut prefix, i as u64);
        prefix.push(']');
        prefix
    };
    let mut validate = |payload: &Value, prefix: &str, want: IdentityType| {
        let report = validate_identity(payload, options);
        for e in report.errors {
            errors.push(FieldError { path: prefixed(prefix, &e.path), ..e });
        }
        let Some(value) = report.value else {
            values.push(Value::Null);
            return;
        };
        if value.get("type").and_then(Value::as_str) != Some(want.as_str()) {
            let code = "type.one_of";
            errors.push(FieldError { path: prefixed(prefix, "type"), code: code.into(), message: message(code, Some(want.as_str()), options.locale) });
        }
        values.push(value);
    };
    validate(organization, "organization", IdentityType::Organization);
    for (i, user) in users.iter().enumerate() {
        validate(user, &user_prefix(i), IdentityType::User);
    }
    if errors.is_empty() {
        // By reference: a loop over the Vec by value brings in its IntoIter and that one's drop.
        for clash in &check_uniqueness(&values) {
            errors.push(FieldError {
                path: prefixed(&user_prefix(clash.second.saturating_sub(1)), "documentNumber"),
                code: clash.code.into(),
                message: message(clash.code, None, options.locale),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let organization = values.remove(0);
    Ok((organization, values))
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The `GET /identities` filters that find an identity a previous run created from this
/// normalised payload: its type and document number, and the email for a user (users may share
/// a document number).
pub fn lookup_filters(payload: &Value) -> Value {
    let mut m = Map::new();
    let kind = str_of(payload, "type");
    // A loop by reference over the keys: one insert, not three.
    for &key in &["type", "documentNumber", "email"] {
        if key == "email" && kind != Some("USER") {
            continue;
        }
        if let Some(v) = str_of(payload, key) {
            m.insert(key.into(), Value::String(v.to_string()));
        }
    }
    Value::Object(m)
}

/// A document number as compared across writings: ASCII letters and digits only, upper case
/// (`12.345.678-5` and `12345678-5` are one number; document numbers are ASCII).
fn document_key(s: &str) -> String {
    // Plain loops here and in `phone_key`, not filter/collect: smaller in the wasm.
    let mut k = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            k.push(b.to_ascii_uppercase() as char);
        }
    }
    k
}

/// An email as compared: trimmed, domain in ASCII lower case (as the validator normalises it).
fn email_key(s: &str) -> String {
    let s = crate::text::trim(s);
    match crate::text::rsplit_once(s, b'@') {
        Some((local, domain)) => {
            let mut k = String::with_capacity(s.len());
            k.push_str(local);
            k.push('@');
            k.push_str(&domain.to_ascii_lowercase());
            k
        }
        None => s.to_string(),
    }
}

fn phone_key(s: &str) -> String {
    let mut k = String::new();
    for b in s.bytes() {
        if b.is_ascii_digit() {
            k.push(b as char);
        }
    }
    k
}

/// Whether `candidate` (an identity the API answered) is the identity `payload` (normalised)
/// describes, by the uniqueness rule: same type and document number, and for a user the same
/// email and, when the API shows one, the same phone. A candidate that does not show these
/// fields never matches: guessing could reuse someone else's identity.
pub fn same_identity(payload: &Value, candidate: &Value) -> bool {
    let (Some(t), Some(doc)) = (str_of(payload, "type"), str_of(payload, "documentNumber")) else { return false };
    if str_of(candidate, "type") != Some(t) || str_of(candidate, "id").is_none() {
        return false;
    }
    match str_of(candidate, "documentNumber") {
        Some(d) if document_key(d) == document_key(doc) => {}
        _ => return false,
    }
    if t == "ORGANIZATION" {
        return true;
    }
    match (str_of(payload, "email"), str_of(candidate, "email")) {
        (Some(a), Some(b)) if email_key(a) == email_key(b) => {}
        _ => return false,
    }
    match (str_of(payload, "phone"), str_of(candidate, "phone")) {
        (Some(a), Some(b)) => phone_key(a) == phone_key(b),
        _ => true,
    }
}

/// The first of `candidates` that is the identity `payload` describes.
pub fn find_existing(payload: &Value, candidates: &[Value]) -> Option<usize> {
    candidates.iter().position(|c| same_identity(payload, c))
}

/// An identity's id, if the answer has one.
pub fn id_of(identity: &Value) -> Option<&str> {
    str_of(identity, "id").filter(|s| !s.is_empty())
}

/// `{id, name, email}` of a user for the organization's `children`: from the API's answer,
/// falling back to the payload it was created from for what the answer leaves out.
pub fn child_ref(identity: &Value, payload: &Value) -> Option<Value> {
    let mut m = Map::new();
    m.insert("id".into(), Value::String(id_of(identity)?.to_string()));
    for &key in &["name", "email"] {
        if let Some(v) = str_of(identity, key).or_else(|| str_of(payload, key)) {
            m.insert(key.into(), Value::String(v.to_string()));
        }
    }
    Some(Value::Object(m))
}

/// The `PATCH /identities/{orgId}` body that links `refs`: `children` replaces the whole list,
/// so the children the organization already has (a reused one) are kept, first, and each id
/// appears once.
pub fn patch_children_body(existing: Option<&Value>, refs: &[Value]) -> Value {
    let mut out: Vec<Value> = Vec::new();
    let current = existing.and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    // Two loops rather than `chain`: smaller in the wasm.
    for &children in &[current, refs] {
        for child in children {
            // Each as `{id, name, email}`, and only with an id.
            let Some(entry) = child_ref(child, &Value::Null) else { continue };
            if !out.iter().any(|c| id_of(c) == id_of(&entry)) {
                out.push(entry);
            }
        }
    }
    children_body(out)
}

/// `{children: [...]}`: the `POST`/`DELETE /identities/{id}/children` body (the ids as
/// strings) and the PATCH one (see [`patch_children_body`]). The callers push their values
/// straight into the list: no copy of each id.
pub fn children_body(children: Vec<Value>) -> Value {
    let mut body = Map::new();
    body.insert("children".into(), Value::Array(children));
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `serde_json::json!`, as this crate's [`Value`].
    macro_rules! json {
        ($($t:tt)+) => {
            Value::from(serde_json::json!($($t)+))
        };
    }

    fn with(v: Value, key: &str, text: &str) -> Value {
        let Value::Object(mut m) = v else { panic!("not an object") };
        m.insert(key.into(), Value::String(text.into()));
        Value::Object(m)
    }
    fn text<'a>(v: &'a Value, key: &str) -> &'a str {
        v.get(key).and_then(Value::as_str).unwrap_or_default()
    }

    #[test]
    fn base_urls_are_checked_and_tidied() {
        assert_eq!(normalize_base_url(" https://api.example.com/sandbox/ ").unwrap(), "https://api.example.com/sandbox");
        assert_eq!(normalize_base_url("HTTP://127.0.0.1:8080").unwrap(), "HTTP://127.0.0.1:8080");
        assert_eq!(normalize_base_url("/api//").unwrap(), "/api");
        assert_eq!(normalize_base_url("/").unwrap(), "");
        for bad in ["", "api.example.com", "ftp://x", "https://", "https:///x", "https://a b", "https://x?y=1", "/a#b", "javascript:alert(1)"] {
            assert!(normalize_base_url(bad).is_err(), "{bad}");
        }
        assert!(normalize_base_url(&format!("https://{}", "a".repeat(3000))).is_err());
    }

    #[test]
    fn ids_are_checked_and_encoded_in_paths() {
        assert_eq!(identity_url("https://h/s", Some("679d29934a21df7584b38e12"), false), "https://h/s/identities/679d29934a21df7584b38e12");
        assert_eq!(identity_url("", Some("a/b c?d#é"), true), "/identities/a%2Fb%20c%3Fd%23%C3%A9/children");
        assert_eq!(identity_url("/api", None, false), "/api/identities");
        for bad in ["", ".", "..", "%2e%2E", ".%2e", "a\nb"] {
            assert!(check_id(bad).is_err(), "{bad:?}");
        }
        assert!(check_id(&"x".repeat(257)).is_err());
        for good in ["abc", "...", "a.b", "x y"] {
            assert!(check_id(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn list_urls_encode_every_pair() {
        assert_eq!(list_url("https://h", &[]), "https://h/identities");
        assert_eq!(
            list_url("https://h", &[("email", "a+b@x.com"), ("documentNumber", "12.345.678-5"), ("next", "YTo1&x=1")]),
            "https://h/identities?email=a%2Bb%40x.com&documentNumber=12.345.678-5&next=YTo1%26x%3D1"
        );
    }

    #[test]
    fn header_values_are_checked() {
        // Header names and the caller's headers are checked in client.js (tests/node).
        assert!(valid_header_value("Bearer abc.def"));
        assert!(valid_header_value("café\tx"));
        for bad in ["a\r\nb", "a\u{0}", "€", "\u{7f}"] {
            assert!(!valid_header_value(bad), "{bad:?}");
        }
    }

    #[test]
    fn retries_only_idempotent_calls_on_transient_failures() {
        let p = RetryPolicy::default();
        for s in [429, 502, 503, 504] {
            assert!(p.delay(1, true, Outcome::Status(s), None, 0.5).is_some(), "{s}");
        }
        for s in [200, 400, 401, 404, 409, 422, 500, 501] {
            assert_eq!(p.delay(1, true, Outcome::Status(s), None, 0.5), None, "{s}");
        }
        assert!(p.delay(1, true, Outcome::Network, None, 0.5).is_some());
        // A create is never retried, whatever happened.
        assert_eq!(p.delay(1, false, Outcome::Network, None, 0.5), None);
        assert_eq!(p.delay(1, false, Outcome::Status(503), Some(0), 0.5), None);
        // `retries` retries after the first attempt, then no more.
        assert!(p.delay(2, true, Outcome::Network, None, 0.5).is_some());
        assert_eq!(p.delay(3, true, Outcome::Network, None, 0.5), None);
        let none = RetryPolicy { retries: 0, ..p };
        assert_eq!(none.delay(1, true, Outcome::Network, None, 0.5), None);
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let p = RetryPolicy { retries: 10, ..RetryPolicy::default() };
        assert_eq!(p.delay(1, true, Outcome::Network, None, 0.0), Some(250));
        assert_eq!(p.delay(1, true, Outcome::Network, None, 0.999_999), Some(499));
        assert_eq!(p.delay(2, true, Outcome::Network, None, 0.0), Some(500));
        assert_eq!(p.delay(3, true, Outcome::Network, None, 1.0), Some(2000));
        assert_eq!(p.delay(9, true, Outcome::Network, None, 1.0), Some(8000));
        assert_eq!(p.delay(9, true, Outcome::Network, None, f64::NAN), Some(6000));
        for attempt in 1..=10 {
            for r in [0.0, 0.3, 0.7, 0.99] {
                let d = p.delay(attempt, true, Outcome::Network, None, r).unwrap();
                assert!((250..=8000).contains(&d), "{attempt} {r} {d}");
            }
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, true, Outcome::Status(429), Some(3000), 0.9), Some(3000));
        assert_eq!(p.delay(1, true, Outcome::Status(503), Some(0), 0.9), Some(0));
        assert_eq!(p.delay(1, true, Outcome::Status(429), Some(120_000), 0.9), None);
        // Retry-After does not make a non-retryable answer retryable.
        assert_eq!(p.delay(1, true, Outcome::Status(500), Some(1000), 0.9), None);
    }

    #[test]
    fn reads_retry_after_seconds_and_dates() {
        let now = 784_111_777_000.0; // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_retry_after("120", now), Some(120_000));
        assert_eq!(parse_retry_after(" 0 ", now), Some(0));
        assert_eq!(parse_retry_after("99999999999999999999999", now), Some(u64::MAX / 1000 * 1000));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), Some(10_000));
        assert_eq!(parse_retry_after("Sunday, 06-Nov-94 08:50:37 GMT", now), Some(60_000));
        assert_eq!(parse_retry_after("Sun Nov  6 08:49:38 1994", now), Some(1_000));
        assert_eq!(parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now), Some(0));
        for bad in ["", "-1", "1.5", "soon", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49 GMT"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn http_dates_match_known_unix_times() {
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_http_date("Tue, 29 Feb 2028 12:00:00 GMT"), Some(1_835_438_400));
        assert_eq!(parse_http_date("Wed, 24 Apr 2025 10:11:12 GMT"), Some(1_745_489_472));
        assert_eq!(parse_http_date("Thursday, 24-Apr-25 10:11:12 GMT"), Some(1_745_489_472));
        for bad in ["Sun, 06 Nov 1994 08:49:37 12 GMT", "Sun, 06 Nov 19940 08:49:37 GMT", "Sun, 06 Nov Nov 1994 08:49:37 GMT", "06 Nov 1994 08:49:37 EST"] {
            assert_eq!(parse_http_date(bad), None, "{bad:?}");
        }
    }

    fn org() -> Value {
        json!({"type": "ORGANIZATION", "name": "Operator 1", "email": "ops@example.com", "phone": "+56 9 6123 4567",
               "country": "CHL", "documentType": "RUT", "documentNumber": "76.086.428-5", "idv": "iv-1"})
    }
    fn user(n: u32, doc: &str) -> Value {
        json!({"type": "USER", "name": format!("Service Provider {n}"), "email": format!("sp{n}@Example.com"),
               "phone": format!("+5696123456{n}"), "country": "CHL", "documentType": "RUT", "documentNumber": doc, "idv": format!("iv-{n}")})
    }

    #[test]
    fn the_flow_validates_every_payload_with_prefixed_paths() {
        let opts = ValidateOptions::default();
        let (o, us) = validate_flow(&org(), &[user(1, "17.604.011-4"), user(2, "18.604.011-2")], &opts).unwrap();
        assert_eq!(text(&o, "documentNumber"), "76086428-5");
        assert_eq!(text(&us[0], "email"), "sp1@example.com");
        assert_eq!(text(&us[1], "documentNumber"), "18604011-2");

        let bad_org = with(org(), "phone", "+5692111111");
        let bad_user = with(user(2, "18604011-4"), "email", "nope");
        let errors = validate_flow(&bad_org, &[user(1, "17604011-4"), bad_user], &opts).unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["organization.phone", "users[1].email", "users[1].documentNumber"]);
        assert_eq!(errors[2].code, "rut.check_digit");

        let errors = validate_flow(&json!("x"), &[], &opts).unwrap_err();
        assert_eq!((errors[0].path.as_str(), errors[0].code.as_str()), ("organization", "not_an_object"));
    }

    #[test]
    fn the_flow_checks_types_and_uniqueness() {
        let opts = ValidateOptions::default();
        let errors = validate_flow(&user(3, "17604011-4"), &[org()], &opts).unwrap_err();
        assert!(errors.iter().any(|e| e.path == "organization.type" && e.code == "type.one_of" && e.message.contains("ORGANIZATION")), "{errors:?}");
        assert!(errors.iter().any(|e| e.path == "users[0].type" && e.message.contains("USER")), "{errors:?}");

        // The same person twice (written two ways) breaks the uniqueness rule.
        let errors = validate_flow(&org(), &[user(1, "17604011-4"), user(1, "17.604.011-4")], &opts).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].path.as_str(), errors[0].code.as_str()), ("users[1].documentNumber", "identity.duplicate_user"));
        // Same document number, other email: allowed.
        let other = with(user(1, "17604011-4"), "email", "other@example.com");
        assert!(validate_flow(&org(), &[user(1, "17604011-4"), other], &opts).is_ok());
    }

    #[test]
    fn lookups_filter_by_type_document_and_user_email() {
        let opts = ValidateOptions::default();
        let (o, us) = validate_flow(&org(), &[user(1, "17.604.011-4")], &opts).unwrap();
        assert_eq!(lookup_filters(&o), json!({"type": "ORGANIZATION", "documentNumber": "76086428-5"}));
        assert_eq!(lookup_filters(&us[0]), json!({"type": "USER", "documentNumber": "17604011-4", "email": "sp1@example.com"}));
    }

    #[test]
    fn existing_identities_match_by_the_uniqueness_rule() {
        let opts = ValidateOptions::default();
        let (o, us) = validate_flow(&org(), &[user(1, "17.604.011-4")], &opts).unwrap();
        let u = &us[0];
        let found = |c: Value| same_identity(u, &c);
        assert!(found(json!({"id": "1", "type": "USER", "documentNumber": "17.604.011-4", "email": "sp1@EXAMPLE.com", "phone": "+56 9 6123 4561"})));
        assert!(found(json!({"id": "1", "type": "USER", "documentNumber": "17604011-4", "email": "sp1@example.com"})));
        assert!(!found(json!({"id": "1", "type": "USER", "documentNumber": "17604011-4", "email": "other@example.com"})));
        assert!(!found(json!({"id": "1", "type": "USER", "documentNumber": "17604011-4", "email": "sp1@example.com", "phone": "+56987654329"})));
        assert!(!found(json!({"id": "1", "type": "ORGANIZATION", "documentNumber": "17604011-4", "email": "sp1@example.com"})));
        assert!(!found(json!({"type": "USER", "documentNumber": "17604011-4", "email": "sp1@example.com"})), "no id");
        assert!(!found(json!({"id": "1", "type": "USER", "email": "sp1@example.com"})), "the answer does not show the number");
        // An organization is its document number, whatever its email.
        assert!(same_identity(&o, &json!({"id": "9", "type": "ORGANIZATION", "documentNumber": "760864285", "email": "x@y.com"})));
        let cands = [json!({"id": "a", "type": "USER"}), json!({"id": "b", "type": "USER", "documentNumber": "17604011-4", "email": "sp1@example.com"})];
        assert_eq!(find_existing(u, &cands), Some(1));
        assert_eq!(find_existing(&o, &cands), None);
    }

    #[test]
    fn link_bodies_keep_existing_children_once() {
        let u1 = json!({"id": "u1", "name": "A", "email": "a@x.com", "status": "ACTIVE"});
        let r1 = child_ref(&u1, &json!({})).unwrap();
        assert_eq!(r1, json!({"id": "u1", "name": "A", "email": "a@x.com"}));
        let r2 = child_ref(&json!({"id": "u2"}), &json!({"name": "B", "email": "b@x.com"})).unwrap();
        assert_eq!(r2, json!({"id": "u2", "name": "B", "email": "b@x.com"}));
        assert_eq!(child_ref(&json!({"name": "x"}), &json!({})), None);

        let existing = json!([{"id": "old", "name": "O", "email": "o@x.com"}, {"id": "u1", "name": "A", "email": "a@x.com"}]);
        assert_eq!(
            patch_children_body(Some(&existing), &[r1.clone(), r2.clone()]),
            json!({"children": [{"id": "old", "name": "O", "email": "o@x.com"}, r1.clone(), r2.clone()]})
        );
        assert_eq!(patch_children_body(None, std::slice::from_ref(&r1)), json!({"children": [r1]}));
        assert_eq!(children_body(vec![json!("u1"), json!("u2")]), json!({"children": ["u1", "u2"]}));
    }

    #[test]
    fn prefixes_paths() {
        assert_eq!(prefixed("organization", ""), "organization");
        assert_eq!(prefixed("users[0]", "phone"), "users[0].phone");
        assert_eq!(prefixed("users[0]", "[1]"), "users[0][1]");
    }
}
