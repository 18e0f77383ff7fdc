//! National identity documents: one module per document type, every one with the same small
//! shape (python-stdnum's): `compact`, `validate`, `is_valid`, `format`, a check-digit
//! function, and the live verdict built from them.
//!
//! [`KINDS`] says which document types exist, for which country and which identity type.

use crate::payload::IdentityType;
use crate::text;
use crate::text::MAX_INPUT_BYTES;
use crate::verdict::Verdict;

pub mod ar_dni;
pub mod ce;
pub mod ced_ciu;
pub mod ced_ext;
pub mod cnpj;
pub mod cpf;
pub mod cuil;
pub mod cuit;
pub mod curp;
pub mod nit;
pub mod passport;
pub mod pe_dni;
pub mod rfc;
pub mod ruc;
pub mod rut;

/// What is wrong with a complete document number: a stable code and a message parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocError {
    pub code: &'static str,
    pub param: Option<String>,
}

impl DocError {
    // Out of line, as `Verdict::new`: built at dozens of places (measured smaller).
    #[inline(never)]
    pub fn new(code: &'static str) -> Self {
        DocError { code, param: None }
    }
    pub fn with(code: &'static str, param: impl Into<String>) -> Self {
        DocError {
            code,
            param: Some(param.into()),
        }
    }
}

/// The shape every document module shares.
pub trait IdDocument {
    /// Code of the verdict while the number is a valid prefix, e.g. `rut.incomplete`.
    const INCOMPLETE: &'static str;
    /// Removes separators and upper-cases: the form the check is computed on.
    fn compact(input: &str) -> String;
    /// The normalised value to send, or the first thing wrong with it.
    fn validate(input: &str) -> Result<String, DocError>;
    /// Display form; also works on a partial value so a field can format as the person types.
    fn format(input: &str) -> String;
    /// Whether some continuation of `input` could still be valid.
    fn could_continue(input: &str) -> bool;

    fn is_valid(input: &str) -> bool {
        Self::validate(input).is_ok()
    }

    /// The verdict for a value as typed so far.
    fn live(input: &str) -> Verdict {
        default_live::<Self>(input)
    }
}

/// The verdict every document shares: empty, too long, valid, a prefix of a valid value, or
/// the first error.
pub fn default_live<D: IdDocument + ?Sized>(input: &str) -> Verdict {
    live_with(input, D::validate, D::format, D::could_continue, D::INCOMPLETE)
}

/// `default_live`'s body, once for every document rather than once per type (the document's
/// functions come as pointers).
#[inline(never)]
fn live_with(
    input: &str,
    validate: fn(&str) -> Result<String, DocError>,
    format: fn(&str) -> String,
    could_continue: fn(&str) -> bool,
    incomplete: &'static str,
) -> Verdict {
    let trimmed = crate::text::trim(input);
    if trimmed.is_empty() {
        return Verdict::empty();
    }
    if trimmed.len() > MAX_INPUT_BYTES {
        return Verdict::too_long(MAX_INPUT_BYTES);
    }
    match validate(trimmed) {
        Ok(normalized) => {
            let formatted = format(&normalized);
            Verdict::valid(normalized).with_formatted(formatted)
        }
        Err(_) if could_continue(trimmed) => {
            Verdict::incomplete(incomplete).with_formatted(format(trimmed))
        }
        Err(e) => Verdict { param: e.param, ..Verdict::invalid(e.code) },
    }
}

// Helpers for the live prefix logic several modules share. A module answers `could_continue`
// by looking at what is typed position by position (a character class per position, a prefix
// list, the part of a date typed so far) and at the length; these say the same thing the same
// way for every module.

/// The characters allowed at one position of a document number, after `compact` (so letters
/// are upper case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// `0-9`.
    Digit,
    /// `A-Z`.
    Letter,
    /// `A-Z` and `0-9`.
    Alnum,
    /// Exactly these characters.
    OneOf(&'static str),
}

impl Class {
    pub(crate) fn matches(self, c: char) -> bool {
        match self {
            Class::Digit => c.is_ascii_digit(),
            Class::Letter => c.is_ascii_uppercase(),
            Class::Alnum => c.is_ascii_digit() || c.is_ascii_uppercase(),
            Class::OneOf(set) => crate::text::has_char(set, c),
        }
    }
}

/// The position (in characters) of the first character of `compact` that the class of its
/// position in `shape` rejects. Characters past the end of `shape` are not looked at: the
/// length is checked on its own.
pub(crate) fn shape_mismatch(compact: &str, shape: &[Class]) -> Option<usize> {
    // A plain loop, not zip/position: smaller in the wasm.
    let mut i = 0;
    for c in compact.chars() {
        match shape.get(i) {
            Some(class) if !class.matches(c) => return Some(i),
            Some(_) => i += 1,
            None => return None,
        }
    }
    None
}

/// Whether `compact` still agrees with one of `prefixes` over their common length: `2` and
/// `20123` could both be a number starting with `20`, `3` could not. The prefixes are two
/// characters each, packed in one text (`"1020"` is 10 and 20): no table of string slices.
pub(crate) fn could_start_with(compact: &str, prefixes: &str) -> bool {
    let (typed, prefixes) = (compact.as_bytes(), prefixes.as_bytes());
    let mut i = 0;
    while i + 2 <= prefixes.len() {
        let p = &prefixes[i..i + 2];
        if p.starts_with(typed) || typed.starts_with(p) {
            return true;
        }
        i += 2;
    }
    false
}

/// Whether the digits typed so far of a `YYMMDD` date (none to all six) can still be completed
/// into a real date: `99`, `9902`, `990228` can; `9913`, `99023`, `990229` cannot. `leap` says
/// whether the two-digit year may be a leap year (documents that do not say the century
/// answer for either). With six digits this is the full "is a real date" check.
pub(crate) fn could_be_date(typed: &str, leap: &dyn Fn(u32) -> bool) -> bool {
    // Compared as ASCII bytes with every real date of the year: no vector of digit values.
    if typed.len() > 6 || !text::all_bytes(typed, |b| b.is_ascii_digit()) {
        return false;
    }
    let typed = typed.as_bytes();
    if typed.len() < 2 {
        return true; // every two-digit year has a January 1st
    }
    let yy = u32::from(typed[0] - b'0') * 10 + u32::from(typed[1] - b'0');
    // Exclusive ranges: RangeInclusive's iterator costs more code in the wasm.
    for mm in 1..13u8 {
        let days = match mm {
            2 if leap(yy) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        for dd in 1..days + 1 {
            if [typed[0], typed[1], b'0' + mm / 10, b'0' + mm % 10, b'0' + dd / 10, b'0' + dd % 10].starts_with(typed) {
                return true;
            }
        }
    }
    false
}

/// Numbers that are only digits, `min` to `max` of them, with no check digit (Colombia's
/// cédulas, Argentina's DNI), written with dots grouping thousands.
pub(crate) struct DigitsOnly {
    pub min: usize,
    pub max: usize,
    pub characters: &'static str,
    pub length: &'static str,
}

impl DigitsOnly {
    pub(crate) fn validate(&self, compact: String) -> Result<String, DocError> {
        if !text::all_digits(&compact) {
            return Err(DocError::new(self.characters));
        }
        // Two comparisons, not RangeInclusive::contains (an out-of-line copy in the wasm).
        if compact.len() < self.min || compact.len() > self.max {
            return Err(DocError::new(self.length));
        }
        Ok(compact)
    }

    pub(crate) fn could_continue(&self, compact: &str) -> bool {
        compact.len() < self.max && text::all_bytes(compact, |b| b.is_ascii_digit())
    }

    pub(crate) fn format(&self, compact: String) -> String {
        if text::all_digits(&compact) {
            text::group_thousands(&compact, '.')
        } else {
            compact
        }
    }
}

/// Numbers of `min` to `max` letters and digits with no check character (passports, Peru's
/// carné de extranjería): one body for both.
pub(crate) struct Alphanumeric {
    pub min: usize,
    pub max: usize,
    /// Below this length a value of letters and digits could still continue.
    pub continues_below: usize,
    pub characters: &'static str,
    pub length: &'static str,
}

impl Alphanumeric {
    pub(crate) fn validate(&self, compact: String) -> Result<String, DocError> {
        if !text::all_bytes(&compact, |b| b.is_ascii_alphanumeric()) {
            return Err(DocError::new(self.characters));
        }
        if compact.len() < self.min || compact.len() > self.max {
            return Err(DocError::new(self.length));
        }
        Ok(compact)
    }

    pub(crate) fn could_continue(&self, compact: &str) -> bool {
        compact.len() < self.continues_below && text::all_bytes(compact, |b| b.is_ascii_alphanumeric())
    }
}

/// Numbers of exactly `len` digits whose last digit is a check digit over the others, and
/// whose start may be limited to some `prefixes` (Peru's RUC, Argentina's CUIT and CUIL,
/// Colombia's NIT). Every prefix is typed-so-far checked: a wrong start is invalid at once.
pub(crate) struct CheckedDigits {
    pub len: usize,
    /// The allowed starts, two digits each (`"2027"`: 20 and 27); empty for any.
    pub prefixes: &'static str,
    /// The check digit of the `len - 1` digits before it.
    pub check_digit: fn(&str) -> Option<char>,
    pub characters: &'static str,
    pub length: &'static str,
    pub prefix: &'static str,
    pub check_digit_code: &'static str,
}

impl CheckedDigits {
    /// The first thing wrong in what is typed that no continuation can fix, short of the
    /// length and the check digit.
    fn prefix_error(&self, compact: &str) -> Option<DocError> {
        if !text::all_bytes(compact, |b| b.is_ascii_digit()) {
            return Some(DocError::new(self.characters));
        }
        if !self.prefixes.is_empty() && !could_start_with(compact, self.prefixes) {
            // All ASCII digits, so the first two bytes are the first two characters.
            return Some(DocError::with(self.prefix, &compact[..compact.len().min(2)]));
        }
        None
    }

    pub(crate) fn validate(&self, compact: String) -> Result<String, DocError> {
        if let Some(e) = self.prefix_error(&compact) {
            return Err(e);
        }
        if compact.len() != self.len {
            return Err(DocError::new(self.length));
        }
        // All ASCII digits, so the split is on a character boundary.
        let (body, dv) = compact.split_at(self.len - 1);
        let expected = (self.check_digit)(body).ok_or_else(|| DocError::new(self.characters))?;
        if !dv.starts_with(expected) {
            return Err(DocError::with(self.check_digit_code, expected));
        }
        Ok(compact)
    }

    pub(crate) fn could_continue(&self, compact: &str) -> bool {
        compact.len() < self.len && self.prefix_error(compact).is_none()
    }
}

/// Numbers written as a body of `min_body` to `max_body` digits, its thousands grouped by
/// dots, and a check character (Chile's RUT, Colombia's NIT). The check character is after the
/// last dash when there is one (the person said where it is), else the last character; while
/// no dash is typed and the value is not valid as it stands, every digit typed is body.
pub(crate) struct BodyAndCheck {
    pub min_body: usize,
    pub max_body: usize,
    /// Separators within the body: dots, and for the NIT commas (`900,206,480-2`).
    pub grouping: &'static str,
    /// What a check character may be: digits, and `K` for the RUT.
    pub check_chars: &'static str,
    /// The check character of a body.
    pub check_digit: fn(&str) -> Option<char>,
    pub characters: &'static str,
    pub length: &'static str,
    pub check_digit_code: &'static str,
}

impl BodyAndCheck {
    /// The body (separators removed) and the check character: at the last dash when there is
    /// one, else the last character. `None` when the part after the dash is not exactly one
    /// character.
    fn parts(&self, trimmed: &str) -> Option<(String, char)> {
        if let Some((body, after)) = text::rsplit_once(trimmed, b'-') {
            let mut dv = text::trim(after).chars();
            let (Some(c), None) = (dv.next(), dv.next()) else { return None };
            return Some((text::compact(body, self.grouping), c.to_ascii_uppercase()));
        }
        let compact = text::compact(trimmed, self.grouping);
        let mut chars = compact.chars();
        let dv = chars.next_back()?;
        Some((chars.as_str().to_string(), dv))
    }

    /// The body and check character of a valid number, or the first thing wrong with it.
    pub(crate) fn validate(&self, input: &str) -> Result<(String, char), DocError> {
        let trimmed = text::trim(input);
        let Some((body, dv)) = self.parts(trimmed) else {
            // Nothing typed, or not one character after the dash.
            let code = if trimmed.is_empty() { self.characters } else { self.length };
            return Err(DocError::new(code));
        };
        if !text::all_digits(&body) || !text::has_char(self.check_chars, dv) {
            return Err(DocError::new(self.characters));
        }
        if body.len() < self.min_body || body.len() > self.max_body {
            return Err(DocError::new(self.length));
        }
        let expected = (self.check_digit)(&body).ok_or_else(|| DocError::new(self.characters))?;
        if dv != expected {
            return Err(DocError::with(self.check_digit_code, expected));
        }
        Ok((body, dv))
    }

    /// `12.345.678-5`, also for a partial value: `7608642` shows as `7.608.642`, not as a
    /// finished number `760.864-2` with a wrong check digit, unless it is valid as it stands.
    pub(crate) fn format(&self, input: &str) -> String {
        let trimmed = text::trim(input);
        let compact = |s: &str| text::compact(&text::compact(s, self.grouping), "-");
        if !trimmed.is_ascii() {
            return compact(trimmed);
        }
        match text::rsplit_once(trimmed, b'-') {
            Some((body, dv)) => text::concat(&[&text::group_thousands(&compact(body), '.'), "-", &text::trim(dv).to_ascii_uppercase()]),
            None => {
                let compact = compact(trimmed);
                // Valid as it stands, or as long as the number gets: the last character is the
                // check character.
                if compact.len() > self.max_body || self.validate(trimmed).is_ok() {
                    let mut chars = compact.chars();
                    let dv = chars.next_back().unwrap_or(' ');
                    let mut formatted = text::group_thousands(chars.as_str(), '.');
                    formatted.push('-');
                    formatted.push(dv);
                    formatted
                } else {
                    text::group_thousands(&compact, '.')
                }
            }
        }
    }

    pub(crate) fn could_continue(&self, input: &str) -> bool {
        let trimmed = text::trim(input);
        // Nothing written as such a number starts with a separator.
        if trimmed.starts_with('.') || trimmed.starts_with('-') {
            return false;
        }
        match text::rsplit_once(trimmed, b'-') {
            // A dash followed by a character fixes the split: the check character is typed.
            Some((_, after)) if !text::trim(after).is_empty() => false,
            // A trailing dash waits for the check character of a body that must be complete.
            Some((body, _)) => {
                let body = text::compact(body, self.grouping);
                text::all_digits(&body) && body.len() >= self.min_body && body.len() <= self.max_body
            }
            None => {
                let compact = text::compact(trimmed, self.grouping);
                compact.len() <= self.max_body && text::all_digits(&compact)
            }
        }
    }

    /// Whether `input` is a body still waiting for its check character although its digits
    /// may form a valid shorter number: grouped in threes (`17.604.011`) with no dash.
    pub(crate) fn waits_for_check(&self, input: &str) -> bool {
        let trimmed = text::trim(input);
        text::find_byte(trimmed, b'-').is_none()
            && text::rsplit_once(trimmed, b'.').is_some_and(|(_, last)| last.len() == 3)
            && self.could_continue(trimmed)
    }
}

/// Numbers ending in two check digits computed from the body before them (Brazil's CPF and
/// CNPJ). The body fixes both digits, so a wrong first one is invalid as soon as it is typed.
/// The module keeps its own checks of the body (characters, shape, repeated digits).
pub(crate) struct TwoCheckDigits {
    pub body: usize,
    /// Both check digits of a `body`-character body.
    pub check_digits: fn(&str) -> Option<[char; 2]>,
    pub characters: &'static str,
    pub length: &'static str,
    pub check_digit_code: &'static str,
}

impl TwoCheckDigits {
    /// A first check digit typed and wrong; `compact` is ASCII (its body already checked).
    pub(crate) fn first_digit_error(&self, compact: &str) -> Option<DocError> {
        let expected = (self.check_digits)(compact.get(..self.body)?)?;
        match compact.as_bytes().get(self.body) {
            Some(&typed) if char::from(typed) != expected[0] => Some(self.wrong(expected)),
            _ => None,
        }
    }

    /// The length and both check digits of a value whose typed part has no error.
    pub(crate) fn check_complete(&self, compact: String) -> Result<String, DocError> {
        if compact.len() != self.body + 2 {
            return Err(DocError::new(self.length));
        }
        // ASCII once the typed part has no error, so the split is on a character boundary.
        let (body, check) = compact.split_at(self.body);
        let expected = (self.check_digits)(body).ok_or_else(|| DocError::new(self.characters))?;
        let expected = both(expected);
        if check != expected {
            return Err(DocError::with(self.check_digit_code, expected));
        }
        Ok(compact)
    }

    fn wrong(&self, expected: [char; 2]) -> DocError {
        DocError::with(self.check_digit_code, both(expected))
    }
}

/// The two check digits as one string: what is compared with the typed pair and shown.
fn both(expected: [char; 2]) -> String {
    let mut s = String::with_capacity(2);
    s.push(expected[0]);
    s.push(expected[1]);
    s
}

/// Lays `compact` out on `template`: each `#` takes the next character, anything else is a
/// separator written only once a character follows it, so a partial value formats as typed
/// (`fill_template("1234", "##.###")` is `12.34`). Characters beyond the template are appended
/// as they are, so a too-long value still shows all it has.
pub(crate) fn fill_template(compact: &str, template: &str) -> String {
    // Plain pushes, not a peekable iterator extended into the string: smaller in the wasm.
    let mut out = String::with_capacity(template.len() + compact.len());
    let mut chars = compact.chars();
    let mut next = chars.next();
    for t in template.chars() {
        let Some(c) = next else { break };
        if t == '#' {
            out.push(c);
            next = chars.next();
        } else {
            out.push(t);
        }
    }
    if let Some(c) = next {
        out.push(c);
        out.push_str(chars.as_str());
    }
    out
}

/// Every document type the API knows, plus Brazil's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocumentType {
    Passport,
    Rut,
    Curp,
    Rfc,
    CedCiu,
    CedExt,
    Nit,
    Dni,
    Ce,
    Ruc,
    Cuil,
    Cuit,
    Cpf,
    Cnpj,
}

impl DocumentType {
    pub const ALL: [DocumentType; 14] = [
        Self::Passport,
        Self::Rut,
        Self::Curp,
        Self::Rfc,
        Self::CedCiu,
        Self::CedExt,
        Self::Nit,
        Self::Dni,
        Self::Ce,
        Self::Ruc,
        Self::Cuil,
        Self::Cuit,
        Self::Cpf,
        Self::Cnpj,
    ];

    /// The API's spelling of each of [`Self::ALL`], in its order: `PASSPORT`, `RUT`, `CED_CIU`...
    pub const NAMES: [&'static str; 14] =
        ["PASSPORT", "RUT", "CURP", "RFC", "CED_CIU", "CED_EXT", "NIT", "DNI", "CE", "RUC", "CUIL", "CUIT", "CPF", "CNPJ"];

    /// The API's spelling: `PASSPORT`, `RUT`, `CED_CIU`...
    pub fn as_str(self) -> &'static str {
        // The variants are declared in the order of ALL and NAMES.
        Self::NAMES[self as usize]
    }

    /// Parses the API's spelling exactly (upper case).
    pub fn parse(s: &str) -> Option<DocumentType> {
        // A loop, not iter/position: smaller in the wasm.
        let mut i = 0;
        while i < Self::NAMES.len() {
            if Self::NAMES[i] == s {
                return Some(Self::ALL[i]);
            }
            i += 1;
        }
        None
    }
}

/// One document type as issued by one country (or by any, for passports).
pub struct Kind {
    pub document_type: DocumentType,
    /// ISO 3166-1 alpha-3; `None` for any country.
    pub country: Option<&'static str>,
    pub for_user: bool,
    pub for_organization: bool,
    /// English name shown in pickers.
    pub name: &'static str,
    /// An example of a valid number, as people write it.
    pub example: &'static str,
    pub live: fn(&str) -> Verdict,
    pub format: fn(&str) -> String,
}

macro_rules! kind {
    ($doc:ident, $country:expr, user: $u:expr, organization: $o:expr, $module:ident, $name:literal, $example:literal) => {
        Kind {
            document_type: DocumentType::$doc,
            country: $country,
            for_user: $u,
            for_organization: $o,
            name: $name,
            example: $example,
            live: <$module::Document as IdDocument>::live,
            format: <$module::Document as IdDocument>::format,
        }
    };
}

/// SPEC section 2: every (document type, country) pair and whom it applies to.
pub const KINDS: &[Kind] = &[
    kind!(Passport, None, user: true, organization: true, passport, "Passport", "AB1234567"),
    kind!(Rut, Some("CHL"), user: true, organization: true, rut, "RUT (Rol Único Tributario)", "12.345.678-5"),
    kind!(Curp, Some("MEX"), user: true, organization: false, curp, "CURP (Clave Única de Registro de Población)", "HEGG560427MVZRRL04"),
    kind!(Rfc, Some("MEX"), user: false, organization: true, rfc, "RFC (Registro Federal de Contribuyentes)", "MAB9307148T4"),
    kind!(CedCiu, Some("COL"), user: true, organization: false, ced_ciu, "Cédula de ciudadanía", "1.023.456.789"),
    kind!(CedExt, Some("COL"), user: true, organization: false, ced_ext, "Cédula de extranjería", "345.678"),
    kind!(Nit, Some("COL"), user: false, organization: true, nit, "NIT (Número de Identificación Tributaria)", "900.206.480-2"),
    kind!(Dni, Some("PER"), user: true, organization: false, pe_dni, "DNI (Documento Nacional de Identidad)", "10117410-2"),
    kind!(Dni, Some("ARG"), user: true, organization: false, ar_dni, "DNI (Documento Nacional de Identidad)", "20.123.456"),
    kind!(Ce, Some("PER"), user: true, organization: false, ce, "Carné de extranjería", "001766062"),
    kind!(Ruc, Some("PER"), user: true, organization: true, ruc, "RUC (Registro Único de Contribuyentes)", "20512333797"),
    kind!(Cuil, Some("ARG"), user: true, organization: false, cuil, "CUIL (Código Único de Identificación Laboral)", "20-10123456-9"),
    kind!(Cuit, Some("ARG"), user: false, organization: true, cuit, "CUIT (Código Único de Identificación Tributaria)", "30-71042263-6"),
    kind!(Cpf, Some("BRA"), user: true, organization: false, cpf, "CPF (Cadastro de Pessoas Físicas)", "390.533.447-05"),
    kind!(Cnpj, Some("BRA"), user: false, organization: true, cnpj, "CNPJ (Cadastro Nacional da Pessoa Jurídica)", "16.727.230/0001-97"),
];

/// The kind of `document_type` for `country`: its own entry or the any-country one.
pub fn kind(document_type: DocumentType, country: &str) -> Option<&'static Kind> {
    // One pass, not two finds: the country's own entry wins over the first any-country one.
    let mut any_country = None;
    for k in KINDS {
        if k.document_type == document_type {
            match k.country {
                Some(c) if c == country => return Some(k),
                None if any_country.is_none() => any_country = Some(k),
                _ => {}
            }
        }
    }
    any_country
}

/// Whether `document_type` may be used for `country` and `identity_type`; the code of the
/// reason when not.
pub fn check_allowed(
    document_type: DocumentType,
    country: &str,
    identity_type: Option<IdentityType>,
) -> Result<&'static Kind, &'static str> {
    let kind = kind(document_type, country).ok_or("document.not_allowed_for_country")?;
    match identity_type {
        Some(IdentityType::User) if !kind.for_user => Err("document.not_allowed_for_type"),
        Some(IdentityType::Organization) if !kind.for_organization => {
            Err("document.not_allowed_for_type")
        }
        _ => Ok(kind),
    }
}

/// The kinds usable for `country` (any when `None`) and `identity_type` (any when `None`).
pub fn kinds_for(country: Option<&str>, identity_type: Option<IdentityType>) -> Vec<&'static Kind> {
    let mut kinds = Vec::new();
    for k in KINDS {
        let for_country = match (country, k.country) {
            (Some(c), Some(kc)) => c == kc,
            _ => true,
        };
        let for_type = match identity_type {
            Some(IdentityType::User) => k.for_user,
            Some(IdentityType::Organization) => k.for_organization,
            None => true,
        };
        if for_country && for_type {
            kinds.push(k);
        }
    }
    kinds
}

/// The live verdict for a document number of `document_type` issued by `country`.
pub fn validate_number(document_type: DocumentType, country: &str, input: &str) -> Verdict {
    match kind(document_type, country) {
        Some(kind) => (kind.live)(input),
        None if crate::text::trim(input).is_empty() => Verdict::empty(),
        None => {
            Verdict::invalid("document.not_allowed_for_country").with_param(document_type.as_str())
        }
    }
}

pub const MESSAGES: crate::messages::Messages = crate::messages::messages! {
    "document.not_allowed_for_country" => "This document type is not issued for the chosen country.", "Este tipo de documento no corresponde al país elegido.", "Este tipo de documento não corresponde ao país escolhido.";
    "document.not_allowed_for_type" => "This document type cannot be used for this kind of identity.", "Este tipo de documento no se puede usar para este tipo de identidad.", "Este tipo de documento não pode ser usado para este tipo de identidade.";
    "document.unknown_type" => "Unknown document type.", "Tipo de documento desconocido.", "Tipo de documento desconhecido.";
    "rut.incomplete" => "Keep typing: a RUT has 7 or 8 digits and a check digit.", "Sigue escribiendo: un RUT tiene 7 u 8 dígitos y un dígito verificador.", "Continue digitando: um RUT tem 7 ou 8 dígitos e um dígito verificador.";
    "rut.length" => "A RUT has 7 or 8 digits and a check digit.", "Un RUT tiene 7 u 8 dígitos y un dígito verificador.", "Um RUT tem 7 ou 8 dígitos e um dígito verificador.";
    "rut.characters" => "A RUT has only digits, with K allowed as the check digit.", "Un RUT solo tiene dígitos, y K como dígito verificador.", "Um RUT só tem dígitos, com K permitido como dígito verificador.";
    "passport.incomplete" => "Keep typing: a passport number has 6 to 20 letters and digits.", "Sigue escribiendo: un pasaporte tiene de 6 a 20 letras y dígitos.", "Continue digitando: um passaporte tem de 6 a 20 letras e dígitos.";
    "passport.length" => "A passport number has 6 to 20 letters and digits.", "Un número de pasaporte tiene de 6 a 20 letras y dígitos.", "Um número de passaporte tem de 6 a 20 letras e dígitos.";
    "passport.characters" => "A passport number has only letters A-Z and digits.", "Un número de pasaporte solo tiene letras A-Z y dígitos.", "Um número de passaporte só tem letras A-Z e dígitos.";
    "curp.incomplete" => "Keep typing: a CURP has 18 characters.", "Sigue escribiendo: una CURP tiene 18 caracteres.", "Continue digitando: uma CURP tem 18 caracteres.";
    "curp.length" => "A CURP has 18 characters.", "Una CURP tiene 18 caracteres.", "Uma CURP tem 18 caracteres.";
    "curp.characters" => "A CURP has only letters A-Z and digits.", "Una CURP solo tiene letras A-Z y dígitos.", "Uma CURP só tem letras A-Z e dígitos.";
    "curp.format" => "A CURP is 4 letters, the birth date (6 digits), H, M or X, the state (2 letters), 3 consonants, a letter or digit and a check digit.", "Una CURP son 4 letras, la fecha de nacimiento (6 dígitos), H, M o X, el estado (2 letras), 3 consonantes, una letra o dígito y un dígito verificador.", "Uma CURP são 4 letras, a data de nascimento (6 dígitos), H, M ou X, o estado (2 letras), 3 consoantes, uma letra ou dígito e um dígito verificador.";
    "curp.date" => "The birth date in this CURP (characters 5 to 10, YYMMDD) is not a real date.", "La fecha de nacimiento de esta CURP (caracteres 5 a 10, AAMMDD) no es una fecha válida.", "A data de nascimento desta CURP (caracteres 5 a 10, AAMMDD) não é uma data válida.";
    "curp.gender" => "The 11th character of a CURP is H, M or X.", "El carácter 11 de una CURP es H, M o X.", "O 11º caractere de uma CURP é H, M ou X.";
    "curp.state" => "Characters 12 and 13 of a CURP are a Mexican state code, or NE for people born abroad.", "Los caracteres 12 y 13 de una CURP son la clave de un estado de México, o NE para nacidos en el extranjero.", "Os caracteres 12 e 13 de uma CURP são o código de um estado do México, ou NE para nascidos no exterior.";
    "rfc.incomplete" => "Keep typing: an RFC has 12 characters for companies or 13 for people.", "Sigue escribiendo: un RFC tiene 12 caracteres para personas morales o 13 para personas físicas.", "Continue digitando: um RFC tem 12 caracteres para empresas ou 13 para pessoas.";
    "rfc.length" => "An RFC has 12 characters for companies or 13 for people.", "Un RFC tiene 12 caracteres para personas morales o 13 para personas físicas.", "Um RFC tem 12 caracteres para empresas ou 13 para pessoas.";
    "rfc.characters" => "An RFC has only letters (Ñ and & included) and digits.", "Un RFC solo tiene letras (incluidas Ñ y &) y dígitos.", "Um RFC só tem letras (incluindo Ñ e &) e dígitos.";
    "rfc.format" => "An RFC is 3 letters (4 for people), a date YYMMDD and a 3-character homoclave of letters and digits.", "Un RFC son 3 letras (4 para personas físicas), una fecha AAMMDD y una homoclave de 3 letras o dígitos.", "Um RFC são 3 letras (4 para pessoas), uma data AAMMDD e uma homoclave de 3 letras ou dígitos.";
    "rfc.check_digit" => "Please check it: the check digit would be {0}, but some real RFCs differ.", "Revísalo: el dígito verificador sería {0}, pero algunos RFC reales difieren.", "Confira: o dígito verificador seria {0}, mas alguns RFC reais diferem.";
    "rfc.homoclave" => "Please check it: an unusual homoclave, but some real RFCs have one.", "Revísalo: una homoclave inusual, pero algunos RFC reales la tienen.", "Confira: uma homoclave incomum, mas alguns RFC reais têm uma.";
    "rfc.date" => "The date in this RFC (the 6 digits after the letters, YYMMDD) is not a real date.", "La fecha de este RFC (los 6 dígitos después de las letras, AAMMDD) no es una fecha válida.", "A data deste RFC (os 6 dígitos depois das letras, AAMMDD) não é uma data válida.";
    "ced_ciu.incomplete" => "Keep typing: a cédula has 6 to 10 digits.", "Sigue escribiendo: una cédula tiene de 6 a 10 dígitos.", "Continue digitando: uma cédula tem de 6 a 10 dígitos.";
    "ced_ciu.length" => "A cédula de ciudadanía has 6 to 10 digits.", "Una cédula de ciudadanía tiene de 6 a 10 dígitos.", "Uma cédula de ciudadanía tem de 6 a 10 dígitos.";
    "ced_ciu.characters" => "A cédula de ciudadanía has only digits.", "Una cédula de ciudadanía solo tiene dígitos.", "Uma cédula de ciudadanía só tem dígitos.";
    "ced_ext.incomplete" => "Keep typing: a cédula de extranjería has 6 to 10 digits.", "Sigue escribiendo: una cédula de extranjería tiene de 6 a 10 dígitos.", "Continue digitando: uma cédula de extranjería tem de 6 a 10 dígitos.";
    "ced_ext.length" => "A cédula de extranjería has 6 to 10 digits.", "Una cédula de extranjería tiene de 6 a 10 dígitos.", "Uma cédula de extranjería tem de 6 a 10 dígitos.";
    "ced_ext.characters" => "A cédula de extranjería has only digits.", "Una cédula de extranjería solo tiene dígitos.", "Uma cédula de extranjería só tem dígitos.";
    "nit.incomplete" => "Keep typing: a NIT has 6 to 10 digits and a check digit.", "Sigue escribiendo: un NIT tiene de 6 a 10 dígitos y un dígito de verificación.", "Continue digitando: um NIT tem de 6 a 10 dígitos e um dígito verificador.";
    "nit.length" => "A NIT has 6 to 10 digits and a check digit.", "Un NIT tiene de 6 a 10 dígitos y un dígito de verificación.", "Um NIT tem de 6 a 10 dígitos e um dígito verificador.";
    "nit.characters" => "A NIT has only digits.", "Un NIT solo tiene dígitos.", "Um NIT só tem dígitos.";
    "pe_dni.incomplete" => "Keep typing: a DNI has 8 digits.", "Sigue escribiendo: un DNI tiene 8 dígitos.", "Continue digitando: um DNI tem 8 dígitos.";
    "pe_dni.length" => "A DNI has 8 digits, optionally followed by its check character.", "Un DNI tiene 8 dígitos, opcionalmente seguidos de su carácter de verificación.", "Um DNI tem 8 dígitos, opcionalmente seguidos do seu caractere verificador.";
    "pe_dni.characters" => "A DNI has 8 digits; the check character after them is a digit or a letter A to K.", "Un DNI tiene 8 dígitos; el carácter de verificación que los sigue es un dígito o una letra de la A a la K.", "Um DNI tem 8 dígitos; o caractere verificador depois deles é um dígito ou uma letra de A a K.";
    "ar_dni.incomplete" => "Keep typing: a DNI has 7 or 8 digits.", "Sigue escribiendo: un DNI tiene 7 u 8 dígitos.", "Continue digitando: um DNI tem 7 ou 8 dígitos.";
    "ar_dni.length" => "A DNI has 7 or 8 digits.", "Un DNI tiene 7 u 8 dígitos.", "Um DNI tem 7 ou 8 dígitos.";
    "ar_dni.characters" => "A DNI has only digits.", "Un DNI solo tiene dígitos.", "Um DNI só tem dígitos.";
    "ce.incomplete" => "Keep typing: a carné de extranjería has 8 to 12 letters and digits.", "Sigue escribiendo: un carné de extranjería tiene de 8 a 12 letras y dígitos.", "Continue digitando: um carné de extranjería tem de 8 a 12 letras e dígitos.";
    "ce.length" => "A carné de extranjería has 8 to 12 letters and digits (9 digits on current cards).", "Un carné de extranjería tiene de 8 a 12 letras y dígitos (9 dígitos en los carnés actuales).", "Um carné de extranjería tem de 8 a 12 letras e dígitos (9 dígitos nos cartões atuais).";
    "ce.characters" => "A carné de extranjería has only letters A-Z and digits.", "Un carné de extranjería solo tiene letras A-Z y dígitos.", "Um carné de extranjería só tem letras A-Z e dígitos.";
    "ruc.incomplete" => "Keep typing: a RUC has 11 digits.", "Sigue escribiendo: un RUC tiene 11 dígitos.", "Continue digitando: um RUC tem 11 dígitos.";
    "ruc.length" => "A RUC has 11 digits.", "Un RUC tiene 11 dígitos.", "Um RUC tem 11 dígitos.";
    "ruc.characters" => "A RUC has only digits.", "Un RUC solo tiene dígitos.", "Um RUC só tem dígitos.";
    "ruc.prefix" => "A RUC starts with 10, 15, 17 or 20.", "Un RUC comienza con 10, 15, 17 o 20.", "Um RUC começa com 10, 15, 17 ou 20.";
    "cuil.incomplete" => "Keep typing: a CUIL has 11 digits (XX-XXXXXXXX-X).", "Sigue escribiendo: un CUIL tiene 11 dígitos (XX-XXXXXXXX-X).", "Continue digitando: um CUIL tem 11 dígitos (XX-XXXXXXXX-X).";
    "cuil.length" => "A CUIL has 11 digits (XX-XXXXXXXX-X).", "Un CUIL tiene 11 dígitos (XX-XXXXXXXX-X).", "Um CUIL tem 11 dígitos (XX-XXXXXXXX-X).";
    "cuil.characters" => "A CUIL has only digits.", "Un CUIL solo tiene dígitos.", "Um CUIL só tem dígitos.";
    "cuil.prefix" => "A CUIL starts with 20, 23, 24 or 27.", "Un CUIL comienza con 20, 23, 24 o 27.", "Um CUIL começa com 20, 23, 24 ou 27.";
    "cuit.incomplete" => "Keep typing: a CUIT has 11 digits (XX-XXXXXXXX-X).", "Sigue escribiendo: un CUIT tiene 11 dígitos (XX-XXXXXXXX-X).", "Continue digitando: um CUIT tem 11 dígitos (XX-XXXXXXXX-X).";
    "cuit.length" => "A CUIT has 11 digits (XX-XXXXXXXX-X).", "Un CUIT tiene 11 dígitos (XX-XXXXXXXX-X).", "Um CUIT tem 11 dígitos (XX-XXXXXXXX-X).";
    "cuit.characters" => "A CUIT has only digits.", "Un CUIT solo tiene dígitos.", "Um CUIT só tem dígitos.";
    "cuit.prefix" => "A CUIT starts with 20, 23, 24, 27, 30, 33, 34, 50, 51 or 55.", "Un CUIT comienza con 20, 23, 24, 27, 30, 33, 34, 50, 51 o 55.", "Um CUIT começa com 20, 23, 24, 27, 30, 33, 34, 50, 51 ou 55.";
    "cpf.incomplete" => "Keep typing: a CPF has 11 digits.", "Sigue escribiendo: un CPF tiene 11 dígitos.", "Continue digitando: um CPF tem 11 dígitos.";
    "cpf.length" => "A CPF has 11 digits.", "Un CPF tiene 11 dígitos.", "Um CPF tem 11 dígitos.";
    "cpf.characters" => "A CPF has only digits.", "Un CPF solo tiene dígitos.", "Um CPF só tem dígitos.";
    "cpf.check_digit" => "The check digits are wrong: they should be {0}.", "Los dígitos verificadores son incorrectos: deberían ser {0}.", "Os dígitos verificadores estão errados: deveriam ser {0}.";
    "cpf.repeated_digits" => "No CPF starts with nine equal digits (111.111.111-11 and the like are not issued).", "Ningún CPF comienza con nueve dígitos iguales (111.111.111-11 y similares no se emiten).", "Nenhum CPF começa com nove dígitos iguais (111.111.111-11 e semelhantes não são emitidos).";
    "cnpj.incomplete" => "Keep typing: a CNPJ has 14 characters.", "Sigue escribiendo: un CNPJ tiene 14 caracteres.", "Continue digitando: um CNPJ tem 14 caracteres.";
    "cnpj.length" => "A CNPJ has 14 characters: 12 letters or digits and 2 check digits.", "Un CNPJ tiene 14 caracteres: 12 letras o dígitos y 2 dígitos verificadores.", "Um CNPJ tem 14 caracteres: 12 letras ou dígitos e 2 dígitos verificadores.";
    "cnpj.characters" => "A CNPJ has only letters A-Z and digits.", "Un CNPJ solo tiene letras A-Z y dígitos.", "Um CNPJ só tem letras A-Z e dígitos.";
    "cnpj.format" => "The last two characters of a CNPJ, its check digits, are digits.", "Los dos últimos caracteres de un CNPJ, sus dígitos verificadores, son dígitos.", "Os dois últimos caracteres de um CNPJ, seus dígitos verificadores, são dígitos.";
    "cnpj.check_digit" => "The check digits are wrong: they should be {0}.", "Los dígitos verificadores son incorrectos: deberían ser {0}.", "Os dígitos verificadores estão errados: deveriam ser {0}.";
    "cnpj.zeros" => "A CNPJ cannot be all zeros.", "Un CNPJ no puede ser solo ceros.", "Um CNPJ não pode ser só zeros.";
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_type_has_a_kind() {
        for d in DocumentType::ALL {
            assert!(
                KINDS.iter().any(|k| k.document_type == d),
                "{} has no kind",
                d.as_str()
            );
        }
    }

    #[test]
    fn every_example_is_valid() {
        for k in KINDS {
            let v = (k.live)(k.example);
            assert!(
                v.is_valid(),
                "{} example {} is {:?}",
                k.document_type.as_str(),
                k.example,
                v
            );
        }
    }

    /// SPEC section 3: a value on its way to a valid one is never shown as an error.
    #[test]
    fn every_prefix_of_an_example_is_incomplete_or_valid() {
        use crate::verdict::State;
        for k in KINDS {
            for (end, _) in k.example.char_indices().skip(1) {
                let prefix = &k.example[..end];
                let v = (k.live)(prefix);
                assert!(
                    matches!(v.state, State::Incomplete | State::Valid),
                    "{} {:?}: prefix {prefix:?} is {v:?}",
                    k.document_type.as_str(),
                    k.country
                );
            }
            assert_eq!((k.live)("").state, State::Empty);
            assert_eq!((k.live)("   ").state, State::Empty);
        }
    }

    /// Inputs around each kind's example: its prefixes, each character replaced, one more
    /// character, and some garbage.
    fn inputs_around(example: &str) -> Vec<String> {
        let mut out = vec![
            String::new(),
            " ".into(),
            "-".into(),
            "é".into(),
            "#".into(),
            "x".repeat(2000),
        ];
        let chars: Vec<char> = example.chars().collect();
        for i in 0..=chars.len() {
            let prefix: String = chars[..i].iter().collect();
            for c in [
                '0', '1', '5', '9', 'A', 'K', 'X', 'Z', 'ñ', '&', '.', '-', '/', '€',
            ] {
                out.push(format!("{prefix}{c}"));
                let mut replaced = chars.clone();
                if i < chars.len() {
                    replaced[i] = c;
                    out.push(replaced.iter().collect());
                }
            }
            out.push(prefix);
        }
        out
    }

    #[test]
    fn every_code_has_a_message() {
        use crate::messages::{template, Locale};
        use crate::verdict::State;
        for k in KINDS {
            for input in inputs_around(k.example) {
                let v = (k.live)(&input);
                if v.state == State::Valid {
                    continue;
                }
                for locale in [Locale::En, Locale::Es, Locale::Pt] {
                    assert!(
                        template(v.code, locale).is_some(),
                        "{} has no message ({input:?})",
                        v.code
                    );
                }
                if v.state == State::Incomplete {
                    // Each module's own message, not the generic one.
                    assert!(
                        MESSAGES.iter().any(|m| m.code == v.code),
                        "{} is not in MESSAGES",
                        v.code
                    );
                }
            }
        }
    }

    /// Every kind, checked below for exact live states.
    fn all_kinds() -> impl Iterator<Item = &'static Kind> {
        KINDS.iter()
    }

    /// `Invalid` means no continuation can become valid, so whatever follows stays invalid.
    #[test]
    fn invalid_stays_invalid_around_the_examples() {
        use crate::verdict::State;
        let mut failures = Vec::new();
        for k in all_kinds() {
            let inputs = inputs_around(k.example);
            for input in inputs.iter().filter(|i| i.len() < 100) {
                if (k.live)(input).state != State::Invalid {
                    continue;
                }
                for suffix in ["0", "5", "A", "K", "-", "00", "05", "97", "ZZ"] {
                    let longer = format!("{input}{suffix}");
                    let v = (k.live)(&longer);
                    if v.state != State::Invalid {
                        failures.push(format!(
                            "{}: {input:?} is invalid but {longer:?} is {:?}",
                            k.document_type.as_str(),
                            v.state
                        ));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Whether typing more characters after `input` reaches a valid value, exploring only
    /// continuations the verdict calls incomplete. With an exact `could_continue` the first
    /// incomplete branch always leads there, so `budget` only runs out when it is not exact.
    fn reaches_valid(k: &Kind, input: &str, depth: usize, budget: &mut usize) -> bool {
        use crate::verdict::State;
        if depth == 0 || *budget == 0 {
            return false;
        }
        for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ&Ñ".chars() {
            *budget -= 1;
            let longer = format!("{input}{c}");
            match (k.live)(&longer).state {
                State::Valid => return true,
                State::Incomplete if reaches_valid(k, &longer, depth - 1, budget) => return true,
                _ => {}
            }
            if *budget == 0 {
                return false;
            }
        }
        false
    }

    /// `Incomplete` means some continuation is valid: none is a dead end.
    #[test]
    fn incomplete_can_always_be_completed() {
        use crate::verdict::State;
        let mut failures = Vec::new();
        for k in all_kinds() {
            let mut inputs = inputs_around(k.example);
            inputs.extend(
                [
                    "0",
                    "1",
                    "2",
                    "A",
                    "X",
                    "Z",
                    "99",
                    "00",
                    "AB",
                    "ZZZZ99",
                    "ZZZZ000229",
                ]
                .map(String::from),
            );
            for input in inputs {
                if (k.live)(&input).state != State::Incomplete {
                    continue;
                }
                let mut budget = 20_000;
                if !reaches_valid(k, &input, 24, &mut budget) {
                    failures.push(format!(
                        "{} {:?}: {input:?} is incomplete but nothing typed after it is valid",
                        k.document_type.as_str(),
                        k.country
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    proptest::proptest! {
        #[test]
        fn no_input_panics(input in "\\PC{0,40}") {
            for k in KINDS {
                let _ = (k.live)(&input);
                let _ = (k.format)(&input);
            }
        }

        #[test]
        fn invalid_is_never_left(input in "[0-9A-Z&Ñ .\\-/]{0,20}", suffix in "[0-9A-Z&Ñ .\\-/]{1,6}") {
            use crate::verdict::State;
            for k in all_kinds() {
                if (k.live)(&input).state == State::Invalid {
                    let longer = format!("{input}{suffix}");
                    let v = (k.live)(&longer);
                    proptest::prop_assert_eq!(v.state, State::Invalid, "{}: {:?} then {:?}", k.document_type.as_str(), input, longer);
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn incomplete_is_never_a_dead_end(input in "[0-9A-Z&Ñ .\\-/]{0,16}") {
            use crate::verdict::State;
            for k in all_kinds() {
                if (k.live)(&input).state == State::Incomplete {
                    let mut budget = 20_000;
                    proptest::prop_assert!(reaches_valid(k, &input, 24, &mut budget), "{}: {:?}", k.document_type.as_str(), input);
                }
            }
        }
    }

    #[test]
    fn shared_helpers() {
        assert!(could_start_with("", "1020"));
        assert!(could_start_with("2", "1020"));
        assert!(could_start_with("2045", "1020"));
        assert!(!could_start_with("3", "1020"));
        assert!(!could_start_with("21", "1020"));
        let any_leap = |yy: u32| yy % 4 == 0;
        for ok in [
            "", "9", "99", "990", "9902", "99022", "990228", "000229", "9912", "99123", "991231",
        ] {
            assert!(could_be_date(ok, &any_leap), "{ok}");
        }
        for bad in [
            "992", "9913", "9900", "99023", "990229", "990431", "990132", "990100", "9912310",
            "99a",
        ] {
            assert!(!could_be_date(bad, &any_leap), "{bad}");
        }
        assert!(!could_be_date("000229", &|_| false));
        assert_eq!(fill_template("", "##.###"), "");
        assert_eq!(fill_template("12", "##.###"), "12");
        assert_eq!(fill_template("123", "##.###"), "12.3");
        assert_eq!(fill_template("12345678", "##.###"), "12.345678");
        assert_eq!(fill_template("1Ñ3", "##-#"), "1Ñ-3");
        assert_eq!(shape_mismatch("A1", &[Class::Letter, Class::Digit]), None);
        assert_eq!(shape_mismatch("A1B", &[Class::Letter, Class::Digit]), None);
        assert_eq!(
            shape_mismatch("AA", &[Class::Letter, Class::Digit]),
            Some(1)
        );
        assert_eq!(shape_mismatch("a", &[Class::Letter]), Some(0));
        assert_eq!(shape_mismatch("Ñ", &[Class::OneOf("AÑ")]), None);
    }

    #[test]
    fn kinds_by_country_and_type() {
        assert!(std::ptr::eq(
            kind(DocumentType::Dni, "PER").unwrap().live as *const (),
            pe_dni::Document::live as *const ()
        ));
        assert!(std::ptr::eq(
            kind(DocumentType::Dni, "ARG").unwrap().live as *const (),
            ar_dni::Document::live as *const ()
        ));
        assert_eq!(
            check_allowed(DocumentType::Ruc, "PER", Some(IdentityType::User)).map(|k| k.name),
            Ok("RUC (Registro Único de Contribuyentes)")
        );
        assert!(check_allowed(DocumentType::Ruc, "PER", Some(IdentityType::Organization)).is_ok());
        assert_eq!(
            check_allowed(DocumentType::Cuit, "ARG", Some(IdentityType::User)).err(),
            Some("document.not_allowed_for_type")
        );
        assert_eq!(
            check_allowed(DocumentType::Cpf, "ARG", None).err(),
            Some("document.not_allowed_for_country")
        );
        assert_eq!(
            validate_number(DocumentType::Dni, "PER", "10117410-3").code,
            "pe_dni.check_digit"
        );
        assert_eq!(
            validate_number(DocumentType::Dni, "ARG", "10117410-3").code,
            "ar_dni.length"
        );
        assert_eq!(kinds_for(Some("BRA"), Some(IdentityType::User)).len(), 2); // CPF and passport
    }

    #[test]
    fn names_round_trip() {
        for (i, d) in DocumentType::ALL.into_iter().enumerate() {
            assert_eq!(d as usize, i, "ALL is in declaration order");
            assert_eq!(DocumentType::parse(d.as_str()), Some(d));
        }
        assert_eq!((DocumentType::CedCiu.as_str(), DocumentType::Cnpj.as_str()), ("CED_CIU", "CNPJ"));
        assert_eq!(DocumentType::parse("rut"), None);
    }
}
