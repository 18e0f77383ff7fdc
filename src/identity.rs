//! The Create Identity payload: whole-identity validation (every field, the cross-field rules,
//! the nested objects) and the uniqueness rule across identities (SPEC section 1).
//!
//! Works on JSON data ([`crate::json::Value`]) so that what arrives from JavaScript or from an HTTP body is
//! checked as it is: a wrong type is reported at its path, not lost in deserialisation.

use serde::Serialize;
use crate::json::{Map, Value};

use crate::fields::{self, rule, FieldContext, Rule};
use crate::messages::{message, Locale};
use crate::text::decimal;
use crate::verdict::{State, Verdict};

// The payload's vocabulary lives below the fields (crate::payload); it is re-exported here,
// where the payload is judged.
pub use crate::payload::{IdentityType, MAX_IDV, MAX_TEXT};

/// How to validate a payload.
#[derive(Clone, Copy, Debug, Default)]
pub struct ValidateOptions {
    pub locale: Locale,
    /// A PATCH body: only the fields present are checked, none is required.
    pub partial: bool,
    /// Structural checks only, as the documented sandbox accepted (never the default).
    pub lenient: bool,
}

/// One problem in a payload, at a JSON path such as `phone` or `bankAccount.currency` or
/// `securityOptions.accessControl.scopes[0].permissions[1]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub path: String,
    pub code: String,
    pub message: String,
}

/// The outcome of validating a payload: `value` is the normalised payload, ready to send,
/// present only when there are no errors. `warnings` are worth a second look on fields that
/// are valid (an RFC whose check digit does not match): they never make `ok` false.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IdentityReport {
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    pub errors: Vec<FieldError>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<FieldError>,
}


/// Fields of the payload that a client sets; the read-only ones are answered by the API.
const TOP_LEVEL: &[&str] = &[
    "type", "name", "nickname", "lastname", "externalId", "email", "phone", "country",
    "documentType", "documentNumber", "idv", "securityOptions", "children", "bankAccount",
    "address", "gender", "rules",
];
const READ_ONLY: &[&str] = &["id", "status", "createdAt", "updatedAt"];
/// Every top-level key a payload may carry ([`TOP_LEVEL`], then [`READ_ONLY`]), joined at
/// compile time rather than into a vector on every call.
const KNOWN: [&str; TOP_LEVEL.len() + READ_ONLY.len()] = {
    let mut known = [""; TOP_LEVEL.len() + READ_ONLY.len()];
    let mut i = 0;
    while i < known.len() {
        known[i] = if i < TOP_LEVEL.len() { TOP_LEVEL[i] } else { READ_ONLY[i - TOP_LEVEL.len()] };
        i += 1;
    }
    known
};

/// Collects errors and warnings while walking a payload.
struct Walker {
    options: ValidateOptions,
    errors: Vec<FieldError>,
    warnings: Vec<FieldError>,
}

impl Walker {
    fn error(&mut self, path: &str, code: &'static str, param: Option<&str>) {
        self.errors.push(field_error(path, code, param, self.options.locale));
    }

    fn verdict_error(&mut self, path: &str, v: &Verdict) {
        // A value still incomplete is as unusable as an invalid one once the form is sent.
        let code = if v.state == State::Empty && v.code == "empty" { "missing" } else { v.code };
        self.error(path, code, v.param.as_deref());
    }

    /// Checks the string at `obj[key]` by `rule` with the live validator and puts its
    /// normalised value at `out[key]`; errors go to the path `prefix.key`. One place for
    /// every string field: each call site is a line, not a copy of this.
    #[allow(clippy::too_many_arguments)]
    fn field(&mut self, out: &mut Map, obj: &Map, prefix: &str, key: &str, rule: Rule, ctx: &FieldContext, required: bool) {
        let path = join(prefix, key);
        match obj.get(key) {
            None | Some(Value::Null) => {
                if required && !self.options.partial {
                    self.error(&path, "missing", None);
                }
            }
            Some(Value::String(s)) => {
                let v = fields::verdict(rule, s, ctx);
                match v.state {
                    State::Valid => {
                        for w in &v.warnings {
                            self.warnings.push(field_error(&path, w.code, w.param.as_deref(), self.options.locale));
                        }
                        if let Some(normalized) = v.normalized {
                            put(out, key, Value::String(normalized));
                        }
                    }
                    State::Empty if !required => {}
                    _ => self.verdict_error(&path, &v),
                }
            }
            Some(_) => self.error(&path, "not_a_string", None),
        }
    }

    /// The boolean at `obj[key]`; errors go to the path `prefix.key`.
    fn boolean(&mut self, obj: &Map, prefix: &str, key: &str) -> Option<Value> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(&Value::Bool(b)) => Some(Value::Bool(b)),
            Some(_) => {
                self.error(&join(prefix, key), "not_a_boolean", None);
                None
            }
        }
    }

    fn object<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v Map> {
        match value {
            Value::Object(m) => Some(m),
            _ => {
                self.error(path, "not_an_object", None);
                None
            }
        }
    }

    fn array<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v Vec<Value>> {
        match value {
            Value::Array(a) => Some(a),
            _ => {
                self.error(path, "not_an_array", None);
                None
            }
        }
    }

    fn unknown_keys(&mut self, obj: &Map, allowed: &[&str], prefix: &str) {
        if self.options.lenient {
            return;
        }
        for key in obj.keys() {
            if !allowed.contains(&key.as_str()) {
                let path = join(prefix, key);
                self.error(&path, "unknown_field", None);
            }
        }
    }
}

/// A problem (or a warning) at `path`, with its message in `locale`. Out of line: one body
/// for errors and warnings.
#[inline(never)]
fn field_error(path: &str, code: &'static str, param: Option<&str>, locale: Locale) -> FieldError {
    FieldError { path: path.to_string(), code: code.to_string(), message: message(code, param, locale) }
}

/// The path of member `key` of the object at `prefix` (`""` at the top): `a.b`, or `b`. Shared
/// with the JS value reader, so the wasm carries one copy.
pub(crate) fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        crate::text::concat(&[prefix, ".", key])
    }
}

/// The path of item `i` of the array at `path`: `a[2]`. Shared with the JS value reader.
#[inline(never)]
pub(crate) fn item_path(path: &str, i: usize) -> String {
    crate::text::concat(&[path, "[", &decimal(i), "]"])
}

/// `map[key] = value`. Out of line: the payload walker does it at a dozen places, and each
/// inlined copy would build the key and drop the replaced value itself.
#[inline(never)]
fn put(map: &mut Map, key: &str, value: Value) {
    map.insert(key.to_string(), value);
}

fn str_of<'a>(obj: &'a Map, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

/// Validates a Create Identity payload (or, with `options.partial`, a PATCH body).
///
/// ```
/// use identity_kit::{validate_identity, ValidateOptions};
/// let payload = serde_json::json!({
///     "type": "USER", "name": "Ana", "email": "ana@example.com", "phone": "+5692111111",
///     "country": "CHL", "documentType": "RUT", "documentNumber": "17.604.011-4", "idv": "iv-1"
/// })
/// .into();
/// let report = validate_identity(&payload, &ValidateOptions::default());
/// assert!(!report.ok);
/// assert_eq!(report.errors[0].path, "phone");
/// assert_eq!(report.errors[0].code, "phone.too_short");
/// ```
pub fn validate_identity(payload: &Value, options: &ValidateOptions) -> IdentityReport {
    let mut w = Walker { options: *options, errors: Vec::new(), warnings: Vec::new() };
    let Some(obj) = w.object(payload, "") else {
        return IdentityReport { ok: false, value: None, errors: w.errors, warnings: w.warnings };
    };
    let mut out = Map::new();

    for key in READ_ONLY {
        if obj.contains_key(key) && !options.lenient {
            w.error(key, "identity.read_only", None);
        }
    }
    w.unknown_keys(obj, &KNOWN, "");

    // The context the dependent fields are checked in comes from the payload itself.
    let base = FieldContext { locale: options.locale, lenient: options.lenient, ..Default::default() };
    w.field(&mut out, obj, "", "type", const { rule("type") }, &base, true);
    w.field(&mut out, obj, "", "country", const { rule("country") }, &base, true);
    let ctx = FieldContext {
        country: str_of(&out, "country").map(str::to_string),
        identity_type: str_of(&out, "type").and_then(IdentityType::parse),
        // Not `..base.clone()`: base has no strings to clone.
        document_type: None,
        locale: options.locale,
        lenient: options.lenient,
        phone_types: None,
    };
    w.field(&mut out, obj, "", "documentType", const { rule("documentType") }, &ctx, true);
    let ctx = FieldContext { document_type: str_of(&out, "documentType").map(str::to_string), ..ctx };

    // `gender` is free text in the public spec (e.g. MALE, FEMALE, NON_BINARY): a text field.
    const PLAIN: [(&str, Rule, bool); 7] = [
        ("name", rule("name"), true), ("nickname", rule("nickname"), false), ("lastname", rule("lastname"), false),
        ("externalId", rule("externalId"), false), ("email", rule("email"), true), ("idv", rule("idv"), true),
        ("gender", rule("lastname"), false),
    ];
    for &(key, rule, required) in &PLAIN {
        w.field(&mut out, obj, "", key, rule, &ctx, required);
    }
    // Phone and document number need their context; without it they cannot be checked, and
    // the missing context is already reported at its own path.
    let phone_ctx_ok = ctx.country.is_some() || options.partial || str_of(obj, "country").is_none();
    if phone_ctx_ok {
        w.field(&mut out, obj, "", "phone", const { rule("phone") }, &ctx, true);
    }
    if ctx.document_type.is_some() && ctx.country.is_some() {
        w.field(&mut out, obj, "", "documentNumber", const { rule("documentNumber") }, &ctx, true);
    } else if !obj.contains_key("documentNumber") && !options.partial {
        w.error("documentNumber", "missing", None);
    }

    if let Some(v) = obj.get("securityOptions").filter(|v| !v.is_null()) {
        if let Some(v) = security_options(&mut w, v, &base) {
            put(&mut out, "securityOptions", v);
        }
    }
    if let Some(v) = obj.get("children").filter(|v| !v.is_null()) {
        if let Some(v) = children(&mut w, v, &base) {
            put(&mut out, "children", v);
        }
    }
    if let Some(v) = obj.get("bankAccount").filter(|v| !v.is_null()) {
        if let Some(v) = bank_account(&mut w, v, &base) {
            put(&mut out, "bankAccount", v);
        }
    }
    // `rules`: "custom rules or policies applicable to the entity", an object the spec leaves
    // open (`properties: {}`): kept as sent.
    if let Some(v) = obj.get("rules").filter(|v| !v.is_null()) {
        if w.object(v, "rules").is_some() {
            put(&mut out, "rules", v.clone());
        }
    }
    if let Some(v) = obj.get("address").filter(|v| !v.is_null()) {
        if let Some(v) = address(&mut w, v, &base) {
            put(&mut out, "address", v);
        }
    }

    let ok = w.errors.is_empty();
    IdentityReport { ok, value: ok.then_some(Value::Object(out)), errors: w.errors, warnings: w.warnings }
}

fn security_options(w: &mut Walker, value: &Value, ctx: &FieldContext) -> Option<Value> {
    let obj = w.object(value, "securityOptions")?;
    w.unknown_keys(obj, &["twoFactorEnabled", "twoFactorAuth", "signTrx", "signAccountsOperations", "accessControl"], "securityOptions");
    let mut out = Map::new();
    for key in &["twoFactorEnabled", "twoFactorAuth", "signTrx", "signAccountsOperations"] {
        if let Some(v) = w.boolean(obj, "securityOptions", key) {
            put(&mut out, key, v);
        }
    }
    if let Some(ac) = obj.get("accessControl").filter(|v| !v.is_null()) {
        let path = "securityOptions.accessControl";
        const SCOPES: &str = "securityOptions.accessControl.scopes";
        let ac = w.object(ac, path)?;
        w.unknown_keys(ac, &["scopes"], path);
        let mut scopes_out = Vec::new();
        match ac.get("scopes") {
            None | Some(Value::Null) => w.error(SCOPES, "missing", None),
            Some(scopes) => {
                let scopes = w.array(scopes, SCOPES)?;
                for (i, scope) in scopes.iter().enumerate() {
                    if let Some(s) = scope_value(w, scope, &item_path(SCOPES, i), ctx) {
                        scopes_out.push(s);
                    }
                }
            }
        }
        let mut ac_out = Map::new();
        put(&mut ac_out, "scopes", Value::Array(scopes_out));
        put(&mut out, "accessControl", Value::Object(ac_out));
    }
    Some(Value::Object(out))
}

/// One scope of `accessControl`; `ctx` is the payload's base context, which a scope's text and
/// permission checks do not read (passed on rather than another one built per scope).
fn scope_value(w: &mut Walker, scope: &Value, path: &str, ctx: &FieldContext) -> Option<Value> {
    let obj = w.object(scope, path)?;
    w.unknown_keys(obj, &["resource", "reference", "permissions"], path);
    let mut out = Map::new();
    const FIELDS: [(&str, Rule); 2] = [("resource", rule("scope.resource")), ("reference", rule("scope.reference"))];
    for &(key, rule) in &FIELDS {
        w.field(&mut out, obj, path, key, rule, ctx, true);
    }
    let ppath = join(path, "permissions");
    match obj.get("permissions") {
        None | Some(Value::Null) => w.error(&ppath, "missing", None),
        Some(perms) => {
            let perms = w.array(perms, &ppath)?;
            let mut list = Vec::new();
            for (i, p) in perms.iter().enumerate() {
                let path = item_path(&ppath, i);
                match p.as_str().map(|s| fields::verdict(const { rule("scope.permission") }, s, ctx)) {
                    Some(v) if v.is_valid() => list.extend(v.normalized.map(Value::String)),
                    Some(v) => w.verdict_error(&path, &v),
                    None => w.error(&path, "not_a_string", None),
                }
            }
            put(&mut out, "permissions", Value::Array(list));
        }
    }
    Some(Value::Object(out))
}

fn children(w: &mut Walker, value: &Value, ctx: &FieldContext) -> Option<Value> {
    let list = w.array(value, "children")?;
    let mut out = Vec::new();
    for (i, child) in list.iter().enumerate() {
        let path = item_path("children", i);
        let Some(obj) = w.object(child, &path) else { continue };
        w.unknown_keys(obj, &["id", "name", "email"], &path);
        let mut c = Map::new();
        const FIELDS: [(&str, Rule); 3] = [("id", rule("childId")), ("name", rule("name")), ("email", rule("email"))];
        for &(key, rule) in &FIELDS {
            w.field(&mut c, obj, &path, key, rule, ctx, true);
        }
        out.push(Value::Object(c));
    }
    Some(Value::Array(out))
}

fn bank_account(w: &mut Walker, value: &Value, ctx: &FieldContext) -> Option<Value> {
    let obj = w.object(value, "bankAccount")?;
    const FIELDS: &[(&str, Rule, bool)] = &[
        ("accountNumber", rule("bankAccount.accountNumber"), true),
        ("bank", rule("bankAccount.bank"), true),
        ("currency", rule("bankAccount.currency"), true),
        ("accountHolder", rule("bankAccount.accountHolder"), true),
        ("accountHolderDni", rule("bankAccount.accountHolderDni"), true),
        ("country", rule("bankAccount.country"), true),
        ("typeAccount", rule("bankAccount.typeAccount"), false),
        ("nickname", rule("nickname"), false),
        ("externalId", rule("externalId"), false),
    ];
    nested(w, obj, "bankAccount", FIELDS, ctx)
}

fn address(w: &mut Walker, value: &Value, ctx: &FieldContext) -> Option<Value> {
    let obj = w.object(value, "address")?;
    const FIELDS: &[(&str, Rule, bool)] = &[
        ("street", rule("address.street"), false),
        ("streetNumber", rule("address.streetNumber"), false),
        ("administrativeAreaLevel1", rule("address.administrativeAreaLevel1"), false),
        ("administrativeAreaLevel2", rule("address.administrativeAreaLevel2"), false),
        ("administrativeAreaLevel3", rule("address.administrativeAreaLevel3"), false),
        ("optionalAddress", rule("address.optionalAddress"), false),
        ("zipcode", rule("address.zipcode"), false),
        ("country", rule("address.country"), false),
    ];
    nested(w, obj, "address", FIELDS, ctx)
}

/// An object of plain string fields: `(key, rule of its field, required)`.
fn nested(w: &mut Walker, obj: &Map, prefix: &str, spec: &[(&str, Rule, bool)], ctx: &FieldContext) -> Option<Value> {
    // `unknown_keys` over the spec's keys, without collecting them into a Vec first.
    if !w.options.lenient {
        for key in obj.keys() {
            if !spec.iter().any(|(k, _, _)| k == key) {
                w.error(&join(prefix, key), "unknown_field", None);
            }
        }
    }
    let partial = std::mem::replace(&mut w.options.partial, false);
    let mut out = Map::new();
    for (key, rule, required) in spec {
        w.field(&mut out, obj, prefix, key, *rule, ctx, *required);
    }
    w.options.partial = partial;
    Some(Value::Object(out))
}

/// What makes two identities the same for the uniqueness rule (SPEC section 1).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UniquenessKey {
    pub identity_type: IdentityType,
    pub document_number: String,
    pub email: String,
    pub phone: String,
}

impl UniquenessKey {
    /// Reads the key from a normalised payload; `None` if a part is missing.
    pub fn of(identity: &Value) -> Option<UniquenessKey> {
        let get = |k: &str| identity.get(k).and_then(Value::as_str);
        Some(UniquenessKey {
            identity_type: IdentityType::parse(get("type")?)?,
            document_number: get("documentNumber")?.to_string(),
            // Mailboxes are case-insensitive in practice: Ana@x.com is ana@x.com. And what
            // looks the same is the same: composed (NFC) where the tables are cheap to carry.
            email: seen_as(get("email").unwrap_or("")).to_ascii_lowercase(),
            phone: get("phone").unwrap_or("").to_string(),
        })
    }

    /// Organizations need a unique document number; users may share one only when their
    /// email or phone differ.
    pub fn clashes_with(&self, other: &UniquenessKey) -> bool {
        if self.identity_type != other.identity_type || self.document_number != other.document_number {
            return false;
        }
        match self.identity_type {
            IdentityType::Organization => true,
            IdentityType::User => self.email == other.email && self.phone == other.phone,
        }
    }
}

/// `s` as a person sees it, for comparing: in NFC on the server (`josé` typed as `e` and a
/// combining acute is the `josé` with `é`). The wasm build compares as stored: Unicode's
/// composition tables would cost it more than its whole budget (NOTES-fuzz.md), and the server,
/// which answers the 409, is the judge. Invisible characters need no removal here: every field
/// refuses them ([`crate::fields::INVISIBLE_CHARACTER`]).
#[cfg(not(target_arch = "wasm32"))]
fn seen_as(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(s),
        _ => std::borrow::Cow::Owned(s.nfc().collect()),
    }
}

#[cfg(target_arch = "wasm32")]
fn seen_as(s: &str) -> &str {
    s
}

/// A pair of identities (by index in the list given) that break the uniqueness rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Clash {
    pub first: usize,
    pub second: usize,
    pub code: &'static str,
}

/// Checks the uniqueness rule across `identities` (normalised payloads, e.g. the `value` of
/// [`validate_identity`], so `12.345.678-5` and `12345678-5` compare equal) and lists every
/// clashing pair. Identities without a type or document number cannot clash.
pub fn check_uniqueness(identities: &[Value]) -> Vec<Clash> {
    // A loop, not map/collect: smaller in the wasm.
    let mut keys = Vec::with_capacity(identities.len());
    for identity in identities {
        keys.push(UniquenessKey::of(identity));
    }
    let mut clashes = Vec::new();
    // Index loops, not enumerate/skip: smaller in the wasm.
    #[allow(clippy::needless_range_loop)]
    for i in 0..keys.len() {
        let Some(a) = &keys[i] else { continue };
        for j in i + 1..keys.len() {
            if keys[j].as_ref().is_some_and(|b| a.clashes_with(b)) {
                let code = match a.identity_type {
                    IdentityType::Organization => "identity.duplicate_organization",
                    IdentityType::User => "identity.duplicate_user",
                };
                clashes.push(Clash { first: i, second: j, code });
            }
        }
    }
    clashes
}

pub const MESSAGES: crate::messages::Messages = crate::messages::messages! {
    "identity.read_only" => "This field is set by the API and cannot be sent.", "Este campo lo asigna la API y no se puede enviar.", "Este campo é definido pela API e não pode ser enviado.";
    "identity.duplicate_organization" => "Another organization already has this document number.", "Otra organización ya tiene este número de documento.", "Outra organização já tem este número de documento.";
    "identity.duplicate_user" => "Another user already has this document number with the same email and phone.", "Otro usuario ya tiene este número de documento con el mismo correo y teléfono.", "Outro usuário já tem este número de documento com o mesmo e-mail e telefone.";
    "type.unknown" => "Choose USER or ORGANIZATION.", "Elige USER u ORGANIZATION.", "Escolha USER ou ORGANIZATION.";
};
