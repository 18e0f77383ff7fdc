//! Cédula de ciudadanía, Colombia's citizen identity number: 6 to 10 digits.
//!
//! There is no check digit, and no public source gives a rule beyond the length (python-stdnum
//! and stdnum-js have no module for it): older cédulas are shorter, recent ones have 10 digits
//! (`1.023.456.789`). So this checks digits only, 6 to 10 of them. Written with dots grouping
//! thousands; sent as digits only.
//!
//! ```
//! use identity_kit::documents::{ced_ciu, IdDocument};
//! assert_eq!(ced_ciu::Document::validate("1.023.456.789"), Ok("1023456789".to_string()));
//! assert_eq!(ced_ciu::Document::format("52345678"), "52.345.678");
//! assert!(!ced_ciu::Document::is_valid("12345"));
//! ```

use super::{DigitsOnly, DocError, IdDocument};
use crate::text;

const RULE: DigitsOnly = DigitsOnly {
    min: 6,
    max: 10,
    characters: "ced_ciu.characters",
    length: "ced_ciu.length",
};

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "ced_ciu.incomplete";

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
            ("1.023.456.789", "1023456789"),
            ("1023456789", "1023456789"),
            ("52.345.678", "52345678"),
            ("79,123,456", "79123456"),
            (" 123456 ", "123456"),
            ("1 234 567", "1234567"),
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
            ("12345", "ced_ciu.length"),
            ("12345678901", "ced_ciu.length"),
            ("1234567A", "ced_ciu.characters"),
            ("12345678#", "ced_ciu.characters"),
            ("١٢٣٤٥٦٧", "ced_ciu.characters"), // non-ASCII digits
            ("", "ced_ciu.characters"),
        ] {
            assert_eq!(Document::validate(input).unwrap_err().code, code, "{input}");
        }
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("1", State::Incomplete),
            ("1.023", State::Incomplete),
            ("12345", State::Incomplete),
            ("123456", State::Valid),
            ("1.023.456.789", State::Valid),
            ("1.023.456.7890", State::Invalid),
            ("1.023A", State::Invalid),
            ("-", State::Incomplete),
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
        let v = Document::live("1023456789");
        assert_eq!(
            (v.normalized.as_deref(), v.formatted.as_deref()),
            (Some("1023456789"), Some("1.023.456.789"))
        );
        assert_eq!(Document::live("10234").formatted.as_deref(), Some("10.234"));
    }
}
