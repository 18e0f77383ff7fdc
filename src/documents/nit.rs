//! NIT (Número de Identificación Tributaria), Colombia's tax number for organizations.
//!
//! A 9-digit body and a check digit, written `900.123.456-8`. The check digit follows
//! python-stdnum `co.nit` (DIAN's method): prime weights 3, 7, 13, 17, 19, 23, 29, 37, 41,
//! 43, 47, 53, 59, 67, 71 from the right, `s = sum mod 11`, check `"01987654321"[s]`.
//!
//! SPEC section 2 fixes the body at 9 digits, the length of organizations' NITs. People's
//! NITs are their cédula (6 to 10 digits) plus a check digit; python-stdnum accepts 8 to 16
//! digits in all for that reason. This type is for organizations only, so those are rejected
//! by length ([`check_digit`] still computes them).
//!
//! ```
//! use identity_kit::documents::{nit, IdDocument};
//! assert_eq!(nit::check_digit("900123456"), Some('8'));
//! assert_eq!(nit::Document::validate("900.123.456-8"), Ok("9001234568".to_string()));
//! assert_eq!(nit::Document::format("9001234568"), "900.123.456-8");
//! assert!(!nit::Document::is_valid("900.123.456-7"));
//! ```

use super::{fill_template, CheckedDigits, DocError, IdDocument};
use crate::text;

const WEIGHTS: [u8; 15] = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];

/// The check digit of a NIT body of 1 to 15 digits, or `None` if it is not one.
pub fn check_digit(body: &str) -> Option<char> {
    let mut digits = text::digits(body)?;
    if digits.is_empty() || digits.len() > WEIGHTS.len() {
        return None;
    }
    digits.reverse(); // the weights go from the right
    let sum = text::weighted_sum(&digits, &WEIGHTS);
    b"01987654321".get((sum % 11) as usize).map(|&b| char::from(b))
}

const RULE: CheckedDigits = CheckedDigits {
    len: 10,
    prefixes: "",
    check_digit,
    characters: "nit.characters",
    length: "nit.length",
    prefix: "nit.prefix",
    check_digit_code: "nit.check_digit",
};

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "nit.incomplete";

    fn compact(input: &str) -> String {
        // Commas and long dashes appear in NITs found online (`900,206,480-2`, `890 981 268 — 4`).
        text::compact(input, ".,-–—")
    }

    fn validate(input: &str) -> Result<String, DocError> {
        RULE.validate(Self::compact(input))
    }

    fn format(input: &str) -> String {
        fill_template(&Self::compact(input), "###.###.###-#")
    }

    fn could_continue(input: &str) -> bool {
        RULE.could_continue(&Self::compact(input))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::State;

    #[test]
    fn check_digits() {
        for (body, dv) in [
            ("900206480", '2'),
            ("860002134", '8'),
            ("800197268", '4'),
            ("900000009", '0'), // s = 0
            ("900000002", '1'), // s = 1
            ("900000006", '9'), // s = 2
            ("900000005", '1'), // s = 10
            ("213123432", '1'), // python-stdnum's 10-digit example, body of 9
            ("15252525", '0'),  // a person's NIT, body of 8
        ] {
            assert_eq!(check_digit(body), Some(dv), "{body}");
        }
        assert_eq!(check_digit(""), None);
        assert_eq!(check_digit("1234567890123456"), None);
        assert_eq!(check_digit("90020648O"), None);
    }

    #[test]
    fn valid_numbers() {
        // Found online, from python-stdnum's tests, in the ways they were written.
        for (input, normalized) in [
            ("900.206.480-2", "9002064802"),
            ("860.002.134-8", "8600021348"),
            ("830.015.428-5", "8300154285"),
            ("899.999.035-7", "8999990357"),
            ("800088702-2", "8000887022"),
            ("8600019861", "8600019861"),
            ("900 206 480 - 2", "9002064802"),
            ("900,206,480-2", "9002064802"),
            ("890 981 268 — 4", "8909812684"),
            ("900.323.466—1", "9003234661"),
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
            Document::validate("900.206.480-3"),
            Err(DocError::with("nit.check_digit", '2'))
        );
        assert_eq!(
            Document::validate("15.252.525-0").unwrap_err().code,
            "nit.length"
        ); // a person's
        assert_eq!(
            Document::validate("900.206.480-22").unwrap_err().code,
            "nit.length"
        );
        assert_eq!(
            Document::validate("900.206.48A-2").unwrap_err().code,
            "nit.characters"
        );
        assert_eq!(
            Document::validate("900/206/480-2").unwrap_err().code,
            "nit.characters"
        );
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("9", State::Incomplete),
            ("900.", State::Incomplete),
            ("900.206.480", State::Incomplete),
            ("900.206.480-", State::Incomplete),
            ("900.206.480-2", State::Valid),
            ("900.206.480-1", State::Invalid),
            ("900.206.480-21", State::Invalid),
            ("900.2O6", State::Invalid),
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
        assert_eq!(
            Document::live("9002064").formatted.as_deref(),
            Some("900.206.4")
        );
        let v = Document::live("9002064802");
        assert_eq!(
            (v.normalized.as_deref(), v.formatted.as_deref()),
            (Some("9002064802"), Some("900.206.480-2"))
        );
    }
}
