//! RFC (Registro Federal de Contribuyentes), Mexico's tax number.
//!
//! 12 characters for companies, `MAB9307148T4`: 3 letters from the name, the date of
//! incorporation `YYMMDD` and a 3-character homoclave. 13 for people, `GODE561231GR8`: 4
//! letters and the birth date. Letters include `&` and `Ñ`; the fourth character tells the two
//! forms apart while typing (a digit: a company). The date must be a real date (the century is
//! not written, so 29 February is accepted in years divisible by 4).
//!
//! The last homoclave character is a check digit (`0-9` or `A`), computed as python-stdnum
//! `mx.rfc` does: each character takes its index in `0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ`,
//! a company's 11 characters are padded to 12 with a leading space, weights 13 down to 2,
//! check `(11 - sum mod 11) mod 11` as an index into the same alphabet.
//!
//! **Caveat:** about 1.4% of real RFCs fail this check digit (85,000 checked in python-stdnum
//! issue #32): SAT issued them so. python-stdnum skips the check by default for that reason,
//! and validate-rfc keeps a list of such RFCs. It is enforced here, as a typo is far more
//! likely than one of those, so a real RFC can be refused with `rfc.check_digit`.
//!
//! The generic RFCs `XAXX010101000` (the general public) and `XEXX010101000` (foreigners) are
//! always accepted, although the first fails the check. Forbidden words in the first four
//! letters are not rejected (python-stdnum rejects some for people): real people hold CURPs
//! with them (validate-curp#1), and nothing says RFCs differ.
//!
//! ```
//! use identity_kit::documents::{rfc, IdDocument};
//! assert_eq!(rfc::check_digit("MAB9307148T"), Some('4'));
//! assert_eq!(rfc::Document::validate("MAB-930714-8T4"), Ok("MAB9307148T4".to_string()));
//! assert_eq!(rfc::Document::validate("gode 561231 gr8"), Ok("GODE561231GR8".to_string()));
//! assert!(rfc::Document::is_valid("XAXX010101000"));
//! assert!(!rfc::Document::is_valid("VACE460910SX6")); // fails the check digit: should be 5
//! ```

use super::{could_be_date, shape_mismatch, Class, DocError, IdDocument};
use crate::text;

const N: Class = Class::OneOf("ABCDEFGHIJKLMNOPQRSTUVWXYZ&Ñ");
const D: Class = Class::Digit;
const A: Class = Class::Alnum;
const CHECK: Class = Class::OneOf("0123456789A");
const COMPANY: [Class; 12] = [N, N, N, D, D, D, D, D, D, A, A, CHECK];
const PERSON: [Class; 13] = [N, N, N, N, D, D, D, D, D, D, A, A, CHECK];

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
        if GENERIC.contains(&compact.as_str()) {
            return Ok(compact);
        }
        let mut body = compact.chars();
        let check = body.next_back();
        let expected = check_digit(body.as_str()).ok_or_else(|| DocError::new("rfc.characters"))?;
        if check != Some(expected) {
            return Err(DocError::with("rfc.check_digit", expected));
        }
        Ok(compact)
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

    #[test]
    fn every_way_to_be_wrong() {
        assert_eq!(
            Document::validate("VACE460910SX6"),
            Err(DocError::with("rfc.check_digit", '5'))
        );
        for (input, code) in [
            ("GODE561231GR9", "rfc.check_digit"),
            ("MAB9307148T5", "rfc.check_digit"),
            ("COMG600703", "rfc.length"), // python-stdnum accepts it without homoclave
            ("GODE561231GR", "rfc.length"),
            ("GODE561231GR88", "rfc.length"),
            ("MAB9307148T4X", "rfc.length"),
            ("GODE561231GR#", "rfc.characters"),
            ("GÓDE561231GR8", "rfc.characters"),
            ("GO1E561231GR8", "rfc.format"),
            ("GODE5612X1GR8", "rfc.format"),
            ("GODE561231GRB", "rfc.format"), // the check digit is 0-9 or A
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
            ("GODE561231GR7", State::Invalid),
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
            ("GODE561231GRB", State::Invalid),
            ("GODE561231G", State::Incomplete),
            ("GODÉ", State::Invalid),
            ("XAXX010101000", State::Valid),
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
    }
}
