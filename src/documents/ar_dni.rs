//! DNI (Documento Nacional de Identidad), Argentina's identity number: 7 or 8 digits.
//!
//! No check digit (python-stdnum `ar.dni` checks the same). Written with dots grouping
//! thousands, `20.123.456`; sent as digits only. Foreign residents' DNIs are in the 90 millions
//! and are covered by the same rule.
//!
//! ```
//! use identity_kit::documents::{ar_dni, IdDocument};
//! assert_eq!(ar_dni::Document::validate("20.123.456"), Ok("20123456".to_string()));
//! assert_eq!(ar_dni::Document::format("5123456"), "5.123.456");
//! assert!(!ar_dni::Document::is_valid("201.234.567"));
//! ```

use super::{DigitsOnly, DocError, IdDocument};
use crate::text;

const RULE: DigitsOnly = DigitsOnly {
    min: 7,
    max: 8,
    characters: "ar_dni.characters",
    length: "ar_dni.length",
};

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "ar_dni.incomplete";

    fn compact(input: &str) -> String {
        text::compact(input, ".-")
    }

    fn validate(input: &str) -> Result<String, DocError> {
        RULE.validate(Self::compact(input))
    }

    fn format(input: &str) -> String {
        RULE.format(Self::compact(input))
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
    fn valid_numbers() {
        for (input, normalized) in [
            ("20.123.456", "20123456"),
            ("20123456", "20123456"),
            ("5.123.456", "5123456"),
            ("94.123.456", "94123456"),
            (" 20 123 456 ", "20123456"),
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
        for (input, code) in [
            ("123.456", "ar_dni.length"),
            ("201.234.567", "ar_dni.length"),
            ("20.123.45X", "ar_dni.characters"),
            ("20,123,456", "ar_dni.characters"),
            ("", "ar_dni.characters"),
        ] {
            assert_eq!(Document::validate(input).unwrap_err().code, code, "{input}");
        }
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("20", State::Incomplete),
            ("20.123", State::Incomplete),
            ("20.123.45", State::Valid), // 2.012.345 is a DNI too
            ("20.123.456", State::Valid),
            ("20.123.4567", State::Invalid),
            ("M20", State::Invalid),
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
        let v = Document::live("20123456");
        assert_eq!(
            (v.normalized.as_deref(), v.formatted.as_deref()),
            (Some("20123456"), Some("20.123.456"))
        );
    }
}
