//! One field at a time: the live verdict and the display format for every field of a Create
//! Identity payload, by the field's name (`phone`, `documentNumber`, `bankAccount.currency`...).
//!
//! Every field refuses invisible and bidi-control characters (zero-width space and joiners,
//! word joiner, byte-order mark, soft hyphen, the bidi embeddings, overrides, isolates and
//! marks, variation selectors, tags: [`crate::text::is_invisible`]) with
//! `text.invisible_character` and the character as its parameter (`U+200B`). They are refused,
//! not removed: a value that carries one was pasted from somewhere that hid it, and the person
//! should see that what they sent is what is stored. So two values that look the same are the
//! same bytes but for Unicode normalisation, which the uniqueness rule applies on the server
//! ([`crate::identity::UniquenessKey`]).

use crate::documents::{self, DocumentType};
use crate::payload::{IdentityType, MAX_IDV, MAX_TEXT};
use crate::messages::Locale;
use crate::text::{upper_trimmed, MAX_INPUT_BYTES};
use crate::verdict::{State, Verdict};
use crate::{country, currency, email, phone};

/// What a field's verdict depends on besides its own value.
#[derive(Clone, Debug, Default)]
pub struct FieldContext {
    /// ISO 3166-1 alpha-3 of the identity (for phone and document number).
    pub country: Option<String>,
    pub identity_type: Option<IdentityType>,
    /// For `documentNumber`: `RUT`, `CURP`...
    pub document_type: Option<String>,
    pub locale: Locale,
    /// Structural checks only for phone and document number (mirrors the documented sandbox).
    pub lenient: bool,
    /// For `phone`: the number types accepted (`None` or empty: any), e.g. mobile only for a
    /// number that will receive an SMS code; see [`phone::live_of_types`].
    pub phone_types: Option<Vec<phone::PhoneType>>,
}

/// The field name is not one of a Create Identity payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownField(pub String);

impl UnknownField {
    /// `unknown field "colour"; expected one of: type, name, ...` (what `Display` writes,
    /// joined without the formatting machinery for the wasm build).
    pub fn message(&self) -> String {
        crate::text::concat(&["unknown field \"", &self.0, "\"; expected one of: ", FIELD_LIST])
    }
}

impl std::fmt::Display for UnknownField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// The code of a value with an invisible or bidi-control character ([`crate::text::is_invisible`]),
/// in any field; its parameter names the character (`U+200B`).
pub const INVISIBLE_CHARACTER: &str = "text.invisible_character";

/// How a field's value is judged.
#[derive(Clone, Copy)]
pub(crate) enum Rule {
    /// Free text of at most [`MAX_TEXT`] characters.
    Text,
    /// Free text of at most [`MAX_IDV`] characters (ids). Two variants rather than a length
    /// each: a rule is then one byte in the tables.
    ShortText,
    IdentityType,
    Email,
    Phone,
    Country,
    DocumentType,
    DocumentNumber,
    Permission,
    Currency,
    AccountType,
    AccountNumber,
    Zipcode,
}

/// Every field [`validate_field`] knows, with its rule: one table rather than a `match` on
/// names (which compiled to a string comparison per name, twice over with [`FIELDS`]).
const RULES: [(&str, Rule); 30] = [
    ("type", Rule::IdentityType),
    ("name", Rule::Text),
    ("nickname", Rule::Text),
    ("lastname", Rule::Text),
    ("externalId", Rule::Text),
    ("email", Rule::Email),
    ("phone", Rule::Phone),
    ("country", Rule::Country),
    ("documentType", Rule::DocumentType),
    ("documentNumber", Rule::DocumentNumber),
    ("idv", Rule::ShortText),
    ("childId", Rule::ShortText),
    ("scope.resource", Rule::Text),
    ("scope.reference", Rule::Text),
    ("scope.permission", Rule::Permission),
    ("bankAccount.accountNumber", Rule::AccountNumber),
    ("bankAccount.bank", Rule::Text),
    ("bankAccount.currency", Rule::Currency),
    ("bankAccount.typeAccount", Rule::AccountType),
    ("bankAccount.accountHolder", Rule::Text),
    ("bankAccount.accountHolderDni", Rule::ShortText),
    ("bankAccount.country", Rule::Country),
    ("address.street", Rule::Text),
    ("address.streetNumber", Rule::Text),
    ("address.administrativeAreaLevel1", Rule::Text),
    ("address.administrativeAreaLevel2", Rule::Text),
    ("address.administrativeAreaLevel3", Rule::Text),
    ("address.optionalAddress", Rule::Text),
    ("address.zipcode", Rule::Zipcode),
    ("address.country", Rule::Country),
];

/// Every field name [`validate_field`] knows (the names of [`RULES`], in its order).
pub const FIELDS: &[&str] = &{
    let mut names = [""; RULES.len()];
    let mut i = 0;
    while i < RULES.len() {
        names[i] = RULES[i].0;
        i += 1;
    }
    names
};

/// The rule of a field named in the code, found at compile time (a name not in [`RULES`] fails
/// the build): the payload walker judges its fields with no lookup by name.
pub(crate) const fn rule(field: &str) -> Rule {
    let mut i = 0;
    while i < RULES.len() {
        if crate::text::const_eq(RULES[i].0, field) {
            return RULES[i].1;
        }
        i += 1;
    }
    panic!("not a field of RULES")
}

/// The field names as the error messages list them, `type, name, nickname, ...`, joined at
/// compile time: the wasm carries this one text, not a table of 30 string slices, and looks a
/// name up in it.
pub(crate) static FIELD_LIST: &str = match std::str::from_utf8(&FIELD_LIST_BYTES) {
    Ok(text) => text,
    Err(_) => panic!("the field names are UTF-8"),
};
const FIELD_LIST_BYTES: [u8; field_list_len()] = {
    let mut out = [0; field_list_len()];
    let (mut i, mut at) = (0, 0);
    while i < RULES.len() {
        if i > 0 {
            out[at] = b',';
            out[at + 1] = b' ';
            at += 2;
        }
        let name = RULES[i].0.as_bytes();
        let mut k = 0;
        while k < name.len() {
            out[at] = name[k];
            at += 1;
            k += 1;
        }
        i += 1;
    }
    out
};
const fn field_list_len() -> usize {
    let (mut i, mut len) = (0, 0);
    while i < RULES.len() {
        len += RULES[i].0.len() + if i > 0 { 2 } else { 0 };
        i += 1;
    }
    len
}
/// The rules of [`RULES`], in its order (the order of [`FIELD_LIST`]).
static RULE_ORDER: [Rule; RULES.len()] = {
    let mut out = [Rule::Text; RULES.len()];
    let mut i = 0;
    while i < RULES.len() {
        out[i] = RULES[i].1;
        i += 1;
    }
    out
};

/// The rule of the field named `field`: looked up once by a caller with several questions on it.
pub(crate) fn rule_of(field: &str) -> Result<Rule, UnknownField> {
    // The names of FIELD_LIST walked in step with the rules (as many: it is built from RULES).
    let mut i = 0;
    for name in crate::text::split(FIELD_LIST, b',') {
        if name.strip_prefix(' ').unwrap_or(name) == field {
            return Ok(RULE_ORDER[i]);
        }
        i += 1;
    }
    Err(UnknownField(field.to_string()))
}

/// The account types the API accepts, in its own spelling (`ACOUNT` sic).
pub const ACCOUNT_TYPES: &[&str] = &["CHECKING_ACOUNT", "SAVINGS"];

/// The live verdict for `value` typed into `field`.
///
/// ```
/// use identity_kit::{validate_field, FieldContext, State};
/// let ctx = FieldContext { country: Some("CHL".into()), ..Default::default() };
/// assert_eq!(validate_field("country", "ch", &ctx).unwrap().state, State::Incomplete);
/// assert!(validate_field("colour", "red", &ctx).is_err());
/// ```
pub fn validate_field(field: &str, value: &str, ctx: &FieldContext) -> Result<Verdict, UnknownField> {
    Ok(verdict(rule_of(field)?, value, ctx))
}

/// [`validate_field`] once the field's rule is known.
pub(crate) fn verdict(rule: Rule, value: &str, ctx: &FieldContext) -> Verdict {
    if value.len() > MAX_INPUT_BYTES.max(4 * MAX_TEXT) {
        return too_long_for(rule);
    }
    // Refused in every field, whatever its rule: a value with an invisible or bidi-control
    // character looks like one without it, so it would pass the uniqueness rule a second time
    // (`ana\u{200B}@x.com`) or show a name other than the one stored (U+202E).
    if let Some(c) = crate::text::first_invisible(value) {
        return Verdict::invalid(INVISIBLE_CHARACTER).with_param(crate::text::code_point(c));
    }
    match rule {
        Rule::IdentityType => choice(value, &["USER", "ORGANIZATION"], "type.unknown"),
        Rule::Text => text(value, MAX_TEXT),
        Rule::ShortText => text(value, MAX_IDV),
        Rule::Email => email::live(value),
        Rule::Phone if ctx.lenient => lenient_phone(value),
        Rule::Phone => phone::live_of_types(value, ctx.country.as_deref(), ctx.phone_types.as_deref()),
        Rule::Country => country::live(value),
        Rule::DocumentType => document_type(value, ctx),
        Rule::DocumentNumber => document_number(value, ctx),
        Rule::Permission => permission(value),
        Rule::Currency => currency::live(value),
        Rule::AccountType => account_type(value),
        Rule::AccountNumber => account_number(value),
        Rule::Zipcode => zipcode(value),
    }
}

/// The display form of `value` typed into `field` (`123456785` -> `12.345.678-5` for a RUT).
/// Fields with no display rule come back as typed.
pub fn format_field(field: &str, value: &str, ctx: &FieldContext) -> Result<String, UnknownField> {
    Ok(format(rule_of(field)?, value, ctx))
}

/// [`format_field`] once the field's rule is known.
pub(crate) fn format(rule: Rule, value: &str, ctx: &FieldContext) -> String {
    let typed = verdict(rule, value, ctx);
    let shown = display(rule, value, ctx, &typed);
    // A display form never changes the verdict, and is its own display (a form writes it back
    // on blur; it must not change again the next time): validated again it must give the same
    // state, code and value to send, and displayed again it must stay, or the value is shown as
    // typed. Fuzzing found display rules that rearrange an invalid value into another fault
    // (RUT `17.604.02.3-11-4`, two dashes, shown as `1.760.402.311-4`, a length fault), that
    // turned a lenient value into another, and that group garbage anew each time (RUT `-(((`).
    if shown != value {
        let again = verdict(rule, &shown, ctx);
        let same = (again.state, again.code, &again.normalized) == (typed.state, typed.code, &typed.normalized);
        if !same || display(rule, &shown, ctx, &again) != shown {
            return value.to_string();
        }
    }
    shown
}

/// The display rule of `rule` for `value`, whose verdict is `typed`.
fn display(rule: Rule, value: &str, ctx: &FieldContext, typed: &Verdict) -> String {
    if let Some(f) = &typed.formatted {
        return f.clone();
    }
    // Shown as typed: a display rule that dropped the character would show a valid value.
    if typed.code == INVISIBLE_CHARACTER {
        return value.to_string();
    }
    match rule {
        Rule::Phone => phone::format(value, ctx.country.as_deref()),
        // Lenient mode judges a document number as text (kept as typed): shown the same, or the
        // document's display rule would change what is sent (fuzzing: NIT `0480--2` showed as
        // `048.02`, a valid value of its own).
        Rule::DocumentNumber if ctx.lenient => value.to_string(),
        Rule::DocumentNumber => match (ctx.document_type.as_deref().and_then(DocumentType::parse), ctx.country.as_deref()) {
            (Some(d), Some(c)) => documents::kind(d, c).map(|k| (k.format)(value)).unwrap_or_else(|| value.to_string()),
            _ => value.to_string(),
        },
        Rule::Country | Rule::DocumentType | Rule::IdentityType | Rule::Currency => value.to_ascii_uppercase(),
        _ => value.to_string(),
    }
}

/// The verdict for a value longer than any field takes (what [`validate_field`] answers for
/// one), without the value: the wasm binding does not copy such a value in.
pub fn too_long(field: &str) -> Result<Verdict, UnknownField> {
    Ok(too_long_for(rule_of(field)?))
}

/// [`too_long`] once the field's rule is known.
pub(crate) fn too_long_for(rule: Rule) -> Verdict {
    let max = match rule {
        Rule::ShortText => MAX_IDV,
        _ => MAX_TEXT,
    };
    Verdict::too_long(max)
}

/// Free text: trimmed, non-blank, at most `max` characters.
fn text(value: &str, max: usize) -> Verdict {
    let trimmed = crate::text::trim(value);
    if trimmed.is_empty() {
        return if value.is_empty() { Verdict::empty() } else { Verdict::new(State::Empty, "blank") };
    }
    if trimmed.chars().count() > max {
        return Verdict::too_long(max);
    }
    if !crate::text::all_chars(trimmed, |c| !c.is_control()) {
        return Verdict::invalid("characters");
    }
    Verdict::valid(trimmed)
}

/// One of a fixed list, case-insensitive; a prefix of one is incomplete.
fn choice(value: &str, options: &[&str], code: &'static str) -> Verdict {
    let upper = upper_trimmed(value);
    if upper.is_empty() {
        return Verdict::empty();
    }
    if let Some(o) = options.iter().find(|o| **o == upper) {
        return Verdict::valid(*o);
    }
    let state = if options.iter().any(|o| o.starts_with(&upper)) { State::Incomplete } else { State::Invalid };
    Verdict::new(state, code).with_param(crate::text::join(options, ", "))
}

fn document_type(value: &str, ctx: &FieldContext) -> Verdict {
    let verdict = choice(value, &DocumentType::NAMES, "document.unknown_type");
    let Some(doc) = verdict.normalized.as_deref().and_then(DocumentType::parse) else {
        return verdict;
    };
    match ctx.country.as_deref() {
        Some(country) => match documents::check_allowed(doc, country, ctx.identity_type) {
            Ok(_) => verdict,
            Err(code) => {
                // The types that would do, for the message.
                let mut names = String::new();
                for k in &documents::kinds_for(Some(country), ctx.identity_type) {
                    if !names.is_empty() {
                        names.push_str(", ");
                    }
                    names.push_str(k.document_type.as_str());
                }
                Verdict::invalid(code).with_param(names)
            }
        },
        None => verdict,
    }
}

fn document_number(value: &str, ctx: &FieldContext) -> Verdict {
    if crate::text::trim(value).is_empty() {
        return Verdict::empty();
    }
    let Some(doc_name) = ctx.document_type.as_deref() else {
        return Verdict::invalid("needs_document_type");
    };
    let Some(doc) = DocumentType::parse(&upper_trimmed(doc_name)) else {
        return Verdict::invalid("document.unknown_type");
    };
    if ctx.lenient {
        return text(value, 50);
    }
    let Some(country) = ctx.country.as_deref() else {
        return Verdict::invalid("needs_country");
    };
    documents::validate_number(doc, &upper_trimmed(country), value)
}

/// `+` and 4 to 15 digits once separators are gone: what the documented sandbox accepted.
fn lenient_phone(value: &str) -> Verdict {
    let compact = crate::text::compact(value, ".-()");
    if compact.is_empty() {
        return Verdict::empty();
    }
    match compact.strip_prefix('+') {
        Some(d) if crate::text::all_digits(d) && d.len() >= 4 && d.len() <= 15 => Verdict::valid(compact.clone()),
        Some(d) if d.is_empty() || (crate::text::all_digits(d) && d.len() < 4) => Verdict::incomplete("phone.too_short"),
        Some(_) => Verdict::invalid("phone.characters"),
        None => Verdict::invalid("phone.missing_plus"),
    }
}

/// `noun:verb`, e.g. `account:read`: lower-case letters, digits, `_` and `-` on each side.
fn permission(value: &str) -> Verdict {
    let v = crate::text::trim(value);
    if v.is_empty() {
        return Verdict::empty();
    }
    let part_ok = |s: &str| crate::text::all_bytes(s, |b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    match crate::text::split_once(v, b':') {
        Some((noun, verb)) if !noun.is_empty() && !verb.is_empty() && part_ok(noun) && part_ok(verb) => Verdict::valid(v),
        Some((noun, "")) if !noun.is_empty() && part_ok(noun) => Verdict::incomplete("scope.permission_format"),
        None if part_ok(v) => Verdict::incomplete("scope.permission_format"),
        _ => Verdict::invalid("scope.permission_format"),
    }
}

fn account_type(value: &str) -> Verdict {
    // The correct English spelling is mapped to the API's, so nobody is punished for it.
    if crate::text::trim(value).eq_ignore_ascii_case("CHECKING_ACCOUNT") {
        return Verdict::valid("CHECKING_ACOUNT");
    }
    choice(value, ACCOUNT_TYPES, "bankAccount.type_unknown")
}

/// Bank account numbers differ by country (CLABE 18 digits, CBU 22, IBAN up to 34): letters
/// and digits, 4 to 34 of them, once spaces and dashes are removed.
fn account_number(value: &str) -> Verdict {
    let compact = crate::text::compact(value, "-");
    if compact.is_empty() {
        return Verdict::empty();
    }
    if !crate::text::all_bytes(&compact, |b| b.is_ascii_alphanumeric()) {
        return Verdict::invalid("bankAccount.account_number_characters");
    }
    match compact.len() {
        0..=3 => Verdict::incomplete("bankAccount.account_number_length"),
        4..=34 => Verdict::valid(compact),
        _ => Verdict::invalid("bankAccount.account_number_length"),
    }
}

/// Postal codes: letters, digits, spaces and dashes, at most 12 (every country's fits).
fn zipcode(value: &str) -> Verdict {
    let v = crate::text::trim(value);
    if v.is_empty() {
        return Verdict::empty();
    }
    if v.len() > 12 || !crate::text::all_bytes(v, |b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-') {
        return Verdict::invalid("address.zipcode_format");
    }
    Verdict::valid(v.to_ascii_uppercase())
}

pub const MESSAGES: crate::messages::Messages = crate::messages::messages! {
    "scope.permission_format" => "A permission looks like noun:verb, e.g. account:read.", "Un permiso tiene la forma sustantivo:verbo, p. ej. account:read.", "Uma permissão tem a forma substantivo:verbo, p. ex. account:read.";
    "bankAccount.type_unknown" => "Choose CHECKING_ACOUNT or SAVINGS.", "Elige CHECKING_ACOUNT o SAVINGS.", "Escolha CHECKING_ACOUNT ou SAVINGS.";
    "bankAccount.account_number_characters" => "An account number has only letters and digits.", "Un número de cuenta solo tiene letras y dígitos.", "Um número de conta só tem letras e dígitos.";
    "bankAccount.account_number_length" => "An account number has 4 to 34 letters and digits.", "Un número de cuenta tiene de 4 a 34 letras y dígitos.", "Um número de conta tem de 4 a 34 letras e dígitos.";
    "address.zipcode_format" => "A postal code has at most 12 letters, digits, spaces or dashes.", "Un código postal tiene como máximo 12 letras, dígitos, espacios o guiones.", "Um código postal tem no máximo 12 letras, dígitos, espaços ou hífens.";
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_list_names_every_rule_in_order() {
        assert_eq!(FIELD_LIST, FIELDS.join(", "));
        for (name, rule) in RULES {
            assert_eq!(rule_of(name).map(|r| r as u8).ok(), Some(rule as u8), "{name}");
        }
        for unknown in ["", " name", "name,", "type, name", "Type"] {
            assert!(rule_of(unknown).is_err(), "{unknown:?}");
        }
    }

    #[test]
    fn the_phone_types_of_the_context() {
        let mobile = FieldContext {
            country: Some("GBR".into()),
            phone_types: Some(vec![phone::PhoneType::Mobile]),
            ..Default::default()
        };
        let v = validate_field("phone", "+44 121 234 5678", &mobile).unwrap();
        assert_eq!((v.state, v.code), (State::Invalid, "phone.not_mobile"));
        let v = validate_field("phone", "+44 7400 123456", &mobile).unwrap();
        assert_eq!((v.state, v.phone_type), (State::Valid, Some(phone::PhoneType::Mobile)));
        let any = FieldContext { country: Some("GBR".into()), ..Default::default() };
        let v = validate_field("phone", "+44 121 234 5678", &any).unwrap();
        assert_eq!((v.state, v.phone_type), (State::Valid, Some(phone::PhoneType::FixedLine)));
        // The lenient mode checks the structure only: no types.
        let lenient = FieldContext { lenient: true, ..mobile };
        assert_eq!(validate_field("phone", "+44 121 234 5678", &lenient).unwrap().state, State::Valid);
    }
}
