//! RFC (Registro Federal de Contribuyentes), Mexico's tax number.
//!
//! 12 characters for companies, `MAB9307148T4`: 3 letters from the name, the date of
//! incorporation `YYMMDD` and a 3-character homoclave. 13 for people, `GODE561231GR8`: 4
//! letters and the birth date. Letters include `&` and `Ñ`; the fourth character tells the two
//! forms apart while typing (a digit: a company). The date must be a real date (the century is
//! not written, so 29 February is accepted in years divisible by 4, as python-stdnum does).
//!
//! The domain is python-stdnum `mx.rfc`'s default one: the homoclave is any 3 letters or
//! digits. SAT's algorithm (the "Algoritmo para generar el RFC con homoclave", published by
//! SAT through the IFAI, request 0610100135506) gives a homoclave in `[1-9A-NP-V][1-9A-NP-Z]` and a
//! check digit in `[0-9A]`, computed as python-stdnum does: each character takes its index in
//! `0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ`, a company's 11 characters are padded to 12 with a
//! leading space, weights 13 down to 2, check `(11 - sum mod 11) mod 11` as an index into the
//! same alphabet.
//!
//! But SAT did not always follow it: about 1.5% of the RFCs in use fail the check digit
//! (python-stdnum issue #32 checked 85,000; its module doc gives `VACE460910SX6`, a real RFC
//! that should end in 5), and python-stdnum enforces neither the homoclave alphabet nor the
//! check digit unless asked (`validate_check_digits=True`). So neither refuses a number here
//! (SPEC sections 2 and 3): a valid verdict carries the warnings `rfc.homoclave` (a homoclave
//! outside SAT's alphabet) and `rfc.check_digit` (with the check digit the algorithm gives),
//! worth a second look, never blocking. [`check`] gives them.
//!
//! The generic RFCs `XAXX010101000` (the general public) and `XEXX010101000` (foreigners) carry
//! no warning, although they break both rules. The 10-character stem without homoclave
//! (`COMG600703`), which python-stdnum accepts, is `incomplete` here: SAT issues every RFC with
//! its homoclave, and invoices (CFDI) need the full 12 or 13 characters. Forbidden words in the
//! first four letters are not rejected (python-stdnum rejects some for people): real people
//! hold CURPs with them (validate-curp#1), and nothing says RFCs differ.
//!
//! ```
//! use identity_kit::documents::{rfc, IdDocument};
//! assert_eq!(rfc::check_digit("MAB9307148T"), Some('4'));
//! assert_eq!(rfc::Document::validate("MAB-930714-8T4"), Ok("MAB9307148T4".to_string()));
//! assert_eq!(rfc::Document::validate("gode 561231 gr8"), Ok("GODE561231GR8".to_string()));
//! assert!(rfc::Document::is_valid("XAXX010101000"));
//! // A real RFC that fails the check digit: valid, with a warning.
//! let v = rfc::Document::live("VACE460910SX6");
//! assert!(v.is_valid());
//! assert_eq!((v.warnings[0].code, v.warnings[0].param.as_deref()), ("rfc.check_digit", Some("5")));
//! ```

use super::{could_be_date, default_live, shape_mismatch, Class, DocError, IdDocument};
use crate::text;
use crate::verdict::{Verdict, Warning};

const N: Class = Class::OneOf("ABCDEFGHIJKLMNOPQRSTUVWXYZ&Ñ");
const D: Class = Class::Digit;
const A: Class = Class::Alnum;
const COMPANY: [Class; 12] = [N, N, N, D, D, D, D, D, D, A, A, A];
const PERSON: [Class; 13] = [N, N, N, N, D, D, D, D, D, D, A, A, A];
/// What SAT's algorithm gives for the homoclave's three characters: 34 symbols (no `0` or
/// `O`) for the first two, of which a sum below 1000 reaches only `V` in the first; the check
/// digit `0-9` or `A`.
const HOMOCLAVE: [Class; 3] = [
    Class::OneOf("123456789ABCDEFGHIJKLMNPQRSTUV"),
    Class::OneOf("123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"),
    Class::OneOf("0123456789A"),
];

/// RFCs SAT uses for the general public and for foreigners: always valid.
const GENERIC: [&str; 2] = ["XAXX010101000", "XEXX010101000"];

const ALPHABET: &str = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ";

/// The check digit of an RFC without it: 11 characters for a company or 12 for a person.
/// `None` for any other length or a character outside the RFC alphabet.
pub fn check_digit(without_check: &str) -> Option<char> {
    let values = text::values(without_check, |c| ALPHABET.chars().position(|a| a == c).map(|i| i as u32))?;
    const WEIGHTS: [u8; 12] = [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
    let sum = match values.len() {
        // The leading space (value 37, weight 13) added to the sum, not inserted in the values.
        11 => 37 * 13 + text::weighted_sum(&values, &WEIGHTS[1..]),
        12 => text::weighted_sum(&values, &WEIGHTS),
        _ => return None,
    };
    // 0 to 10: the ASCII start of the alphabet, so bytes are characters.
    ALPHABET.as_bytes().get(((11 - sum % 11) % 11) as usize).map(|&b| char::from(b))
}

/// The warnings on a valid RFC (its compact form): `rfc.homoclave` when the homoclave is not
/// one SAT's algorithm gives, `rfc.check_digit` (with the digit it gives) when the last
/// character is not the check digit. None for the generic RFCs.
pub fn check(rfc: &str) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if GENERIC.contains(&rfc) {
        return warnings;
    }
    let mut body = rfc.chars();
    let last = body.next_back();
    // The homoclave is ASCII letters and digits in a valid RFC: its last 3 bytes.
    let homoclave = rfc.get(rfc.len().saturating_sub(3)..).unwrap_or("");
    if shape_mismatch(homoclave, &HOMOCLAVE).is_some() {
        warnings.push(Warning::new("rfc.homoclave", None));
    }
    match check_digit(body.as_str()) {
        Some(expected) if last != Some(expected) => {
            warnings.push(Warning::new("rfc.check_digit", Some(String::from(expected))))
        }
        _ => {}
    }
    warnings
}

/// The shape of what is typed: a company's when its fourth character is a digit.
fn shape(compact: &str) -> &'static [Class] {
    match text::char_at(compact, 3) {
        Some(c) if c.is_ascii_digit() => &COMPANY,
        _ => &PERSON,
    }
}

/// The first thing wrong in what is typed that no continuation can fix, short of the length
/// and the check digit.
fn prefix_error(compact: &str) -> Option<DocError> {
    if !text::all_chars(compact, |c| c.is_ascii_alphanumeric() || c == '&' || c == 'Ñ') {
        return Some(DocError::new("rfc.characters"));
    }
    let shape = shape(compact);
    if shape_mismatch(compact, shape).is_some() {
        return Some(DocError::new("rfc.format"));
    }
    let letters = shape.len() - 9;
    // The date's characters typed so far: a push loop, not a collect, smaller in the wasm.
    let mut date = String::new();
    for (i, c) in compact.chars().enumerate() {
        if i >= letters && i < letters + 6 {
            date.push(c);
        }
    }
    if !could_be_date(&date, &|yy| yy % 4 == 0) {
        return Some(DocError::new("rfc.date"));
    }
    None
}

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "rfc.incomplete";

    fn compact(input: &str) -> String {
        // Ñ may come lower-case, or decomposed as N and a combining tilde (U+0303).
        text::replace(&text::replace(&text::compact(input, "-_"), "ñ", "Ñ"), "N\u{303}", "Ñ")
    }

    fn validate(input: &str) -> Result<String, DocError> {
        let compact = Self::compact(input);
        if let Some(e) = prefix_error(&compact) {
            return Err(e);
        }
        if compact.chars().count() != shape(&compact).len() {
            return Err(DocError::new("rfc.length"));
        }
        // The homoclave and check digit are warnings, not errors: see the module's doc.
        Ok(compact)
    }

    /// The default verdict, with [`check`]'s warnings when valid.
    fn live(input: &str) -> Verdict {
        let verdict = default_live::<Self>(input);
        let warnings = verdict.normalized.as_deref().map(check).unwrap_or_default();
        verdict.with_warnings(warnings)
    }

    fn format(input: &str) -> String {
        Self::compact(input)
    }

    fn could_continue(input: &str) -> bool {
        let compact = Self::compact(input);
        compact.chars().count() < shape(&compact).len() && prefix_error(&compact).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::State;

    #[test]
    fn check_digits() {
        for (without, expected) in [
            ("GODE561231GR", '8'), // python-stdnum's examples
            ("MAB9307148T", '4'),
            ("VACE460910SX", '5'), // python-stdnum's real RFC ending in 6
            ("XEXX01010100", '0'),
            ("XAXX01010100", '4'), // the generic RFC ends in 0 all the same
            ("A&C930714AB", '5'),
            ("ÑAN930714AB", 'A'),
            ("MUÑO800101AB", '3'),
        ] {
            assert_eq!(check_digit(without), Some(expected), "{without}");
        }
        assert_eq!(check_digit("MAB9307148"), None);
        assert_eq!(check_digit("GODE561231GR8"), None);
        assert_eq!(check_digit("MAB930714#T"), None);
    }

    #[test]
    fn valid_numbers() {
        for (input, normalized) in [
            ("GODE561231GR8", "GODE561231GR8"),
            ("GODE 561231 GR8", "GODE561231GR8"),
            ("MAB-930714-8T4", "MAB9307148T4"),
            ("mab9307148t4", "MAB9307148T4"),
            ("XAXX010101000", "XAXX010101000"),
            ("XEXX010101000", "XEXX010101000"),
            ("A&C930714AB5", "A&C930714AB5"),
            ("ÑAN930714ABA", "ÑAN930714ABA"),
            ("ñan930714aba", "ÑAN930714ABA"),
            ("n\u{303}an930714aba", "ÑAN930714ABA"),
            ("MUÑO800101AB3", "MUÑO800101AB3"),
        ] {
            assert_eq!(
                Document::validate(input),
                Ok(normalized.to_string()),
                "{input}"
            );
        }
    }

    /// SPEC section 3: what SAT's algorithm would not give is a warning on a valid verdict,
    /// never an error (SAT has issued such RFCs).
    #[test]
    fn warnings_never_block() {
        let w = |code: &'static str, param: Option<&str>| Warning::new(code, param.map(str::to_string));
        for (input, warnings) in [
            ("VACE460910SX6", vec![w("rfc.check_digit", Some("5"))]), // python-stdnum's real RFC
            ("GODE561231GR9", vec![w("rfc.check_digit", Some("8"))]),
            ("MAB9307148T5", vec![w("rfc.check_digit", Some("4"))]),
            ("GODE561231GRB", vec![w("rfc.homoclave", None), w("rfc.check_digit", Some("8"))]), // a letter past A
            ("GODE5612310R8", vec![w("rfc.homoclave", None), w("rfc.check_digit", Some("1"))]),
            ("MAB930714OT4", vec![w("rfc.homoclave", None), w("rfc.check_digit", Some("8"))]), // no O in SAT's table
            ("MAB930714WT4", vec![w("rfc.homoclave", None), w("rfc.check_digit", Some("6"))]), // W past V
            ("GODE561231GR8", vec![]),
            ("MAB9307148T4", vec![]),
            ("XAXX010101000", vec![]), // generic: no warning although both rules fail
            ("XEXX010101000", vec![]),
        ] {
            let v = Document::live(input);
            assert_eq!(v.state, State::Valid, "{input}");
            assert_eq!(v.warnings, warnings, "{input}");
            assert_eq!(check(input), warnings, "{input}");
        }
        // Warnings ride on valid verdicts only.
        assert!(Document::live("GODE561231G").warnings.is_empty());
    }

    #[test]
    fn every_way_to_be_wrong() {
        for (input, code) in [
            ("COMG600703", "rfc.length"), // python-stdnum accepts it without homoclave
            ("GODE561231GR", "rfc.length"),
            ("GODE561231GR88", "rfc.length"),
            ("MAB9307148T4X", "rfc.length"),
            ("GODE561231GR#", "rfc.characters"),
            ("GÓDE561231GR8", "rfc.characters"),
            ("GO1E561231GR8", "rfc.format"),
            ("GODE5612X1GR8", "rfc.format"),
            ("GODE561231GR-", "rfc.length"),
            ("GODE561231&R8", "rfc.format"),
            ("GODE561331GR8", "rfc.date"),
            ("GODE560230GR8", "rfc.date"),
            ("MAB930229AB1", "rfc.date"), // 1993 was not a leap year
        ] {
            assert_eq!(Document::validate(input).unwrap_err().code, code, "{input}");
        }
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("G", State::Incomplete),
            ("GOD", State::Incomplete),
            ("GODE", State::Incomplete),
            ("GODE5612", State::Incomplete),
            ("GODE561231GR", State::Incomplete),
            ("GODE561231GR8", State::Valid),
            ("GODE561231GR7", State::Valid), // with a warning (SPEC section 3; was invalid)
            ("MAB9", State::Incomplete),
            ("MAB9307148T", State::Incomplete),
            ("MAB9307148T4", State::Valid),
            ("MAB9307148T4X", State::Invalid),
            ("MUÑ", State::Incomplete),
            ("MUÑO80", State::Incomplete),
            ("1", State::Invalid),
            ("GO1", State::Invalid),
            ("GODE5613", State::Invalid),
            ("MAB9313", State::Invalid),
            ("MAB930229", State::Invalid),
            ("MAB920229", State::Incomplete),
            ("GODE561231GRB", State::Valid), // with a warning (SPEC section 3; was invalid)
            ("GODE561231GR#", State::Invalid),
            ("GODE561231G", State::Incomplete),
            ("GODÉ", State::Invalid),
            ("XAXX010101000", State::Valid),
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
    }
}
