//! Passport numbers, any country: 6 to 20 letters and digits.
//!
//! No issuer publishes a check digit for the typed number (ICAO 9303 check digits exist only
//! inside the machine-readable zone), so this checks the shape only.
//!
//! ```
//! use identity_kit::documents::{passport, IdDocument};
//! assert_eq!(passport::Document::validate("ab 123-4567"), Ok("AB1234567".to_string()));
//! assert!(!passport::Document::is_valid("AB12"));
//! ```

use super::{Alphanumeric, DocError, IdDocument};
use crate::text;

const MIN_LEN: usize = 6;
const MAX_LEN: usize = 20;
const RULE: Alphanumeric = Alphanumeric {
    min: MIN_LEN,
    max: MAX_LEN,
    continues_below: MIN_LEN,
    characters: "passport.characters",
    length: "passport.length",
};

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "passport.incomplete";

    fn compact(input: &str) -> String {
        text::compact(input, ".-/")
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
    fn shapes() {
        assert_eq!(Document::validate("X1234567"), Ok("X1234567".into()));
        assert_eq!(Document::validate("x1234-567"), Ok("X1234567".into()));
        assert_eq!(
            Document::validate("ABC12").unwrap_err().code,
            "passport.length"
        );
        assert_eq!(
            Document::validate("A".repeat(21).as_str())
                .unwrap_err()
                .code,
            "passport.length"
        );
        assert_eq!(
            Document::validate("AB#12345").unwrap_err().code,
            "passport.characters"
        );
        assert_eq!(
            Document::validate("ÁB12345").unwrap_err().code,
            "passport.characters"
        );
    }

    #[test]
    fn live_states() {
        assert_eq!(Document::live("AB1").state, State::Incomplete);
        assert_eq!(Document::live("AB1234").state, State::Valid);
        assert_eq!(Document::live("AB#").state, State::Invalid);
        assert_eq!(Document::live(&"A".repeat(21)).state, State::Invalid);
    }
}
