//! Cédula de extranjería, Colombia's identity number for foreign residents: 6 to 10 digits.
//!
//! Classic numbers have 6 or 7 digits, newer ones up to 10. There is no check digit and no
//! public rule beyond that, so this checks digits only, 6 to 10 of them. Written with dots
//! grouping thousands, like the citizen's cédula; sent as digits only.
//!
//! ```
//! use identity_kit::documents::{ced_ext, IdDocument};
//! assert_eq!(ced_ext::Document::validate("345.678"), Ok("345678".to_string()));
//! assert_eq!(ced_ext::Document::format("1234567"), "1.234.567");
//! assert!(!ced_ext::Document::is_valid("E-345678"));
//! ```

use super::{DigitsOnly, DocError, IdDocument};
use crate::text;

const RULE: DigitsOnly = DigitsOnly {
    min: 6,
    max: 10,
    characters: "ced_ext.characters",
    length: "ced_ext.length",
};

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "ced_ext.incomplete";

    fn compact(input: &str) -> String {
        text::compact(input, ".,-")
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
            ("345.678", "345678"),
            ("345678", "345678"),
            ("1.234.567", "1234567"),
            ("1234567890", "1234567890"),
            (" 98 765 43 ", "9876543"),
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
            ("34567", "ced_ext.length"),
            ("12345678901", "ced_ext.length"),
            ("E345678", "ced_ext.characters"),
            ("345678/1", "ced_ext.characters"),
            ("", "ced_ext.characters"),
        ] {
            assert_eq!(Document::validate(input).unwrap_err().code, code, "{input}");
        }
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("34", State::Incomplete),
            ("34.567", State::Incomplete),
            ("345.678", State::Valid),
            ("1.234.567.890", State::Valid),
            ("12.345.678.901", State::Invalid),
            ("E", State::Invalid),
            ("34x", State::Invalid),
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
        assert_eq!(Document::live("34567").formatted.as_deref(), Some("34.567"));
    }
}
