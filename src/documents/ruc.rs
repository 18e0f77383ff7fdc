//! RUC (Registro Único de Contribuyentes), Peru's tax number, for people and companies.
//!
//! 11 digits: a 2-digit type prefix (10 for people, followed by their DNI; 20 for companies;
//! 15 and 17 for other taxpayers), 8 digits and a check digit. The check digit follows
//! python-stdnum `pe.ruc`: weights 5,4,3,2,7,6,5,4,3,2, check `(11 - sum mod 11) mod 10`.
//! Written as plain digits.
//!
//! ```
//! use identity_kit::documents::{ruc, IdDocument};
//! assert_eq!(ruc::check_digit("2051233379"), Some('7'));
//! assert_eq!(ruc::Document::validate("20512333797"), Ok("20512333797".to_string()));
//! assert!(!ruc::Document::is_valid("20512333798"));
//! assert!(!ruc::Document::is_valid("30512333797")); // no such prefix
//! ```

use super::{CheckedDigits, DocError, IdDocument};
use crate::text;

/// The check digit of the first 10 digits of a RUC, or `None` unless they are 10 digits.
pub fn check_digit(first_ten: &str) -> Option<char> {
    let digits = text::digits(first_ten)?;
    if digits.len() != 10 {
        return None;
    }
    let sum = text::weighted_sum(&digits, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    char::from_digit((11 - sum % 11) % 10, 10)
}

const RULE: CheckedDigits = CheckedDigits {
    len: 11,
    prefixes: "10151720",
    check_digit,
    characters: "ruc.characters",
    length: "ruc.length",
    prefix: "ruc.prefix",
    check_digit_code: "ruc.check_digit",
};

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "ruc.incomplete";

    fn compact(input: &str) -> String {
        text::compact(input, "-.")
    }

    fn validate(input: &str) -> Result<String, DocError> {
        RULE.validate(Self::compact(input))
    }

    fn format(input: &str) -> String {
        Self::compact(input)
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
            ("2051233379", '7'),
            ("1010117410", '2'),
            ("1005414828", '9'),
            ("2013131295", '5'),
            ("2020000003", '1'), // sum mod 11 = 0: (11 - 0) mod 10
            ("2020000009", '0'), // sum mod 11 = 1: (11 - 1) mod 10
        ] {
            assert_eq!(check_digit(body), Some(dv), "{body}");
        }
        assert_eq!(check_digit("205123337"), None);
        assert_eq!(check_digit("20512333X7"), None);
    }

    #[test]
    fn valid_numbers() {
        // python-stdnum's examples (the second is the RUC of DNI 10117410, the third of
        // 05414828), SUNAT's own RUC, and constructed ones for the other prefixes.
        for input in [
            "20512333797",
            "10101174102",
            "10054148289",
            "20131312955",
            "15012345671",
            "17123456785",
            "20200000031",
            "20200000090",
        ] {
            assert_eq!(Document::validate(input), Ok(input.to_string()), "{input}");
        }
        assert_eq!(
            Document::validate(" 20512333797 "),
            Ok("20512333797".to_string())
        );
    }

    #[test]
    fn every_way_to_be_wrong() {
        assert_eq!(
            Document::validate("20512333798"),
            Err(DocError::with("ruc.check_digit", '7'))
        );
        assert_eq!(
            Document::validate("205123337").unwrap_err().code,
            "ruc.length"
        );
        assert_eq!(
            Document::validate("205123337971").unwrap_err().code,
            "ruc.length"
        );
        assert_eq!(
            Document::validate("30512333797"),
            Err(DocError::with("ruc.prefix", "30"))
        );
        assert_eq!(
            Document::validate("11512333797").unwrap_err().code,
            "ruc.prefix"
        );
        assert_eq!(
            Document::validate("2051233379K").unwrap_err().code,
            "ruc.characters"
        );
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("1", State::Incomplete),
            ("2", State::Incomplete),
            ("17", State::Incomplete),
            ("2051233379", State::Incomplete),
            ("20512333797", State::Valid),
            ("20512333796", State::Invalid),
            ("205123337970", State::Invalid),
            ("3", State::Invalid),
            ("30", State::Invalid),
            ("11", State::Invalid),
            ("2O", State::Invalid), // letter O
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
        let v = Document::live("30");
        assert_eq!((v.code, v.param.as_deref()), ("ruc.prefix", Some("30")));
    }
}
