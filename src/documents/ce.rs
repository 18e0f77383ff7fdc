//! Carné de extranjería, Peru's identity card for foreign residents.
//!
//! Current cards carry 9 digits (`001766062`); older ones carry 8 to 12 letters and digits.
//! There is no check digit and no public rule that tells the two apart, so this accepts what
//! both allow and no more: 8 to 12 characters, each `A-Z` or `0-9` (stdnum-js `pe/ce` accepts
//! only the 9-digit form, which is included). Sent upper-cased without separators.
//!
//! ```
//! use identity_kit::documents::{ce, IdDocument};
//! assert_eq!(ce::Document::validate("001766062"), Ok("001766062".to_string()));
//! assert_eq!(ce::Document::validate("n-0123456"), Ok("N0123456".to_string()));
//! assert!(!ce::Document::is_valid("1234567"));
//! ```

use super::{Alphanumeric, DocError, IdDocument};
use crate::text;

const MIN_LEN: usize = 8;
const MAX_LEN: usize = 12;
const RULE: Alphanumeric = Alphanumeric {
    min: MIN_LEN,
    max: MAX_LEN,
    continues_below: MAX_LEN,
    characters: "ce.characters",
    length: "ce.length",
};

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "ce.incomplete";

    fn compact(input: &str) -> String {
        text::compact(input, ".-")
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
    fn valid_numbers() {
        for (input, normalized) in [
            // From stdnum-js's pe/ce tests.
            ("001766062", "001766062"),
            ("001043328", "001043328"),
            ("000494998", "000494998"),
            // Older alphanumeric forms.
            ("N0123456", "N0123456"),
            ("ab-1234567890", "AB1234567890"),
            (" 000.494.998 ", "000494998"),
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
            ("1234567", "ce.length"),
            ("1234567890123", "ce.length"),
            ("001766062#", "ce.characters"),
            ("ÑA1234567", "ce.characters"),
            ("", "ce.length"),
        ] {
            assert_eq!(Document::validate(input).unwrap_err().code, code, "{input}");
        }
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("0017", State::Incomplete),
            ("0017660", State::Incomplete),
            ("00176606", State::Valid),
            ("001766062", State::Valid),
            ("001766062123", State::Valid),
            ("0017660621234", State::Invalid),
            ("00_", State::Invalid),
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
    }
}
