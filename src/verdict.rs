//! The verdict on one field as the person types: its state, a stable code, and the values to
//! send and to show.

use serde::Serialize;

/// Where a typed value stands. Ordered from "nothing yet" to "done".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Nothing typed yet: not an error to show while the person has not left the field.
    Empty,
    /// A prefix of some valid value: no red error while typing.
    Incomplete,
    /// No continuation can make it valid, or it is complete and wrong.
    Invalid,
    /// Valid; `normalized` holds the value to send.
    Valid,
}

/// Something on a valid value worth a second look that must not block the person, because
/// real numbers do it (SPEC section 3): an RFC whose check digit does not match. Its message
/// comes from the message tables, as a verdict's does: [`Warning::message`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Stable machine code such as `rfc.check_digit`; see [`crate::messages`].
    pub code: &'static str,
    /// An argument for the message (the check digit the algorithm gives...).
    pub param: Option<String>,
}

impl Warning {
    pub fn new(code: &'static str, param: Option<String>) -> Self {
        Warning { code, param }
    }
    /// The warning's message in `locale`.
    pub fn message(&self, locale: crate::messages::Locale) -> String {
        crate::messages::message(self.code, self.param.as_deref(), locale)
    }
}

/// The verdict on one field value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub state: State,
    /// Stable machine code such as `rut.check_digit`; see [`crate::messages`].
    pub code: &'static str,
    /// An argument for the message (the expected check digit, calling code, length...).
    pub param: Option<String>,
    /// The canonical value to send to the API (only when valid).
    pub normalized: Option<String>,
    /// A display form of what was typed (`12.345.678-5`), also while incomplete.
    pub formatted: Option<String>,
    /// For a valid phone number: its type by libphonenumber's metadata (mobile, fixed line...).
    pub phone_type: Option<PhoneType>,
    /// Only on a valid verdict, and never blocking: see [`Warning`]. Usually empty.
    pub warnings: Vec<Warning>,
}

/// The type of a phone number, as libphonenumber names them (see [`crate::phone`]). Here, below
/// the fields, so that a [`Verdict`] can carry it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PhoneType {
    Mobile,
    FixedLine,
    /// Fixed line and mobile numbers share their ranges (the USA, Canada, China...): it may be
    /// either.
    FixedLineOrMobile,
    TollFree,
    PremiumRate,
    SharedCost,
    Voip,
    PersonalNumber,
    Pager,
    Uan,
    Voicemail,
}

impl Verdict {
    pub fn empty() -> Self {
        Self::new(State::Empty, "empty")
    }
    pub fn incomplete(code: &'static str) -> Self {
        Self::new(State::Incomplete, code)
    }
    pub fn invalid(code: &'static str) -> Self {
        Self::new(State::Invalid, code)
    }
    /// `too_long` with the limit as its parameter: one body for every field's length check.
    #[inline(never)]
    pub fn too_long(max: usize) -> Self {
        Self::invalid("too_long").with_param(crate::text::decimal(max))
    }
    pub fn valid(normalized: impl Into<String>) -> Self {
        Self::valid_string(normalized.into())
    }
    // The generic methods only convert their argument and call these, kept out of line, so
    // the wasm carries one body each, not one per argument type and call site.
    #[inline(never)]
    fn valid_string(normalized: String) -> Self {
        Verdict { normalized: Some(normalized), ..Self::new(State::Valid, "ok") }
    }
    // Out of line: a verdict is built at hundreds of places, and inlined each one would write
    // every field in place (measured: -0.5 KB gzip of wasm kept out of line).
    #[inline(never)]
    pub fn new(state: State, code: &'static str) -> Self {
        Verdict { state, code, param: None, normalized: None, formatted: None, phone_type: None, warnings: Vec::new() }
    }
    pub fn with_param(self, param: impl Into<String>) -> Self {
        self.with_param_string(param.into())
    }
    #[inline(never)]
    fn with_param_string(mut self, param: String) -> Self {
        self.param = Some(param);
        self
    }
    pub fn with_formatted(self, formatted: impl Into<String>) -> Self {
        self.with_formatted_string(formatted.into())
    }
    #[inline(never)]
    fn with_formatted_string(mut self, formatted: String) -> Self {
        self.formatted = Some(formatted);
        self
    }
    /// A phone number's type, on a valid verdict.
    pub fn with_phone_type(mut self, phone_type: Option<PhoneType>) -> Self {
        self.phone_type = phone_type;
        self
    }
    /// The same verdict carrying `warnings` (kept only on a valid verdict).
    pub fn with_warnings(mut self, warnings: Vec<Warning>) -> Self {
        if self.state == State::Valid {
            self.warnings = warnings;
        }
        self
    }
    pub fn is_valid(&self) -> bool {
        self.state == State::Valid
    }
}
