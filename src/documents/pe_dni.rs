//! DNI (Documento Nacional de Identidad), Peru's identity number: the CUI (Código Único de
//! Identificación).
//!
//! 8 digits, optionally followed by the check character printed after them on the card
//! (`10117410-2`). The check follows python-stdnum `pe.cui`: weights 3,2,7,6,5,4,3,2,
//! `c = sum mod 11`, and the check is either the digit `"65432110987"[c]` or the letter
//! `"KJIHGFEDCBA"[c]` (older cards print the letter).
//!
//! The check character is verified when typed but is not part of the number: the value sent is
//! the 8 digits, so `10117410` and `10117410-2` are the same person.
//!
//! ```
//! use identity_kit::documents::{pe_dni, IdDocument};
//! assert_eq!(pe_dni::check_digits("10117410"), Some(('2', 'G')));
//! assert_eq!(pe_dni::Document::validate("10117410-2"), Ok("10117410".to_string()));
//! assert_eq!(pe_dni::Document::validate("10117410"), Ok("10117410".to_string()));
//! assert!(!pe_dni::Document::is_valid("10117410-3"));
//! ```

use super::{fill_template, shape_mismatch, Class, DocError, IdDocument};
use crate::text;

const DIGITS: usize = 8;
const D: Class = Class::Digit;
/// Eight digits and the optional check character, a digit or a letter `A` to `K`.
#[rustfmt::skip]
const SHAPE: [Class; DIGITS + 1] = [D, D, D, D, D, D, D, D, Class::OneOf("0123456789ABCDEFGHIJK")];

/// The two accepted check characters (digit, letter) of the 8 DNI digits, or `None` unless
/// they are 8 digits.
pub fn check_digits(dni: &str) -> Option<(char, char)> {
    let digits = text::digits(dni)?;
    if digits.len() != DIGITS {
        return None;
    }
    let c = (text::weighted_sum(&digits, &[3, 2, 7, 6, 5, 4, 3, 2]) % 11) as usize;
    Some((char::from(*b"65432110987".get(c)?), char::from(*b"KJIHGFEDCBA".get(c)?)))
}

/// The first thing wrong in what is typed that no continuation can fix, short of the length.
fn prefix_error(compact: &str) -> Option<DocError> {
    shape_mismatch(compact, &SHAPE).map(|_| DocError::new("pe_dni.characters"))
}

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "pe_dni.incomplete";

    fn compact(input: &str) -> String {
        text::compact(input, "-.")
    }

    fn validate(input: &str) -> Result<String, DocError> {
        let compact = Self::compact(input);
        if let Some(e) = prefix_error(&compact) {
            return Err(e);
        }
        if compact.len() < DIGITS || compact.len() > DIGITS + 1 {
            return Err(DocError::new("pe_dni.length"));
        }
        // ASCII only from here on (the shape matched), so byte positions are characters.
        let (dni, check) = compact.split_at(DIGITS);
        if let Some(typed) = check.chars().next() {
            let (digit, letter) = check_digits(dni).ok_or_else(|| DocError::new("pe_dni.characters"))?;
            if typed != digit && typed != letter {
                let expected = if typed.is_ascii_digit() {
                    digit
                } else {
                    letter
                };
                return Err(DocError::with("pe_dni.check_digit", expected));
            }
        }
        Ok(dni.to_string())
    }

    /// A dash before the check character, once there is one: the template's dash is written
    /// only when a character follows it.
    fn format(input: &str) -> String {
        fill_template(&Self::compact(input), "########-")
    }

    fn could_continue(input: &str) -> bool {
        let compact = Self::compact(input);
        compact.len() <= DIGITS && prefix_error(&compact).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::State;

    #[test]
    fn check_characters() {
        // python-stdnum's and stdnum-js's examples: 10117410-2 and 10812543-H.
        for (dni, expected) in [
            ("10117410", ('2', 'G')),
            ("10812543", ('3', 'H')),
            ("00000000", ('6', 'K')),
        ] {
            assert_eq!(check_digits(dni), Some(expected), "{dni}");
        }
        assert_eq!(check_digits("1011741"), None);
        assert_eq!(check_digits("1011741A"), None);
    }

    #[test]
    fn valid_numbers() {
        for (input, normalized) in [
            ("10117410", "10117410"),
            ("10117410-2", "10117410"),
            ("10117410-g", "10117410"),
            ("101174102", "10117410"),
            ("10812543-H", "10812543"),
            ("10812543-3", "10812543"),
            (" 45.678.901 ", "45678901"),
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
            Document::validate("10117410-3"),
            Err(DocError::with("pe_dni.check_digit", '2'))
        );
        assert_eq!(
            Document::validate("10117410-K"),
            Err(DocError::with("pe_dni.check_digit", 'G'))
        );
        assert_eq!(
            Document::validate("1011741").unwrap_err().code,
            "pe_dni.length"
        );
        assert_eq!(
            Document::validate("10117410-22").unwrap_err().code,
            "pe_dni.length"
        );
        assert_eq!(
            Document::validate("10117410-Z").unwrap_err().code,
            "pe_dni.characters"
        );
        assert_eq!(
            Document::validate("1011741A").unwrap_err().code,
            "pe_dni.characters"
        );
        assert_eq!(
            Document::validate("1011741é").unwrap_err().code,
            "pe_dni.characters"
        );
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("1", State::Incomplete),
            ("1011741", State::Incomplete),
            ("10117410", State::Valid),
            ("10117410-", State::Valid),
            ("10117410-2", State::Valid),
            ("10117410-G", State::Valid),
            ("10117410-3", State::Invalid),
            ("10117410-Z", State::Invalid),
            ("10117410-22", State::Invalid),
            ("1011741A", State::Invalid),
            ("A", State::Invalid),
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
        let v = Document::live("101174102");
        assert_eq!(
            (v.normalized.as_deref(), v.formatted.as_deref()),
            (Some("10117410"), Some("10117410"))
        );
        assert_eq!(Document::format("101174102"), "10117410-2");
        assert_eq!(Document::format("1011"), "1011");
        assert_eq!(Document::format("10117410"), "10117410");
        assert_eq!(Document::format("1011741ñ23"), "1011741ñ-23");
    }
}
