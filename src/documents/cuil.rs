//! CUIL (Código Único de Identificación Laboral), Argentina's social-security number for
//! people.
//!
//! The same shape and check digit as the [CUIT](super::cuit) (whose functions this uses):
//! 11 digits written `XX-XXXXXXXX-X`, the person's DNI between a prefix and a check digit,
//! with only the person prefixes 20, 23, 24 and 27.
//!
//! python-stdnum has no CUIL module; its `ar.cuit` also accepts the company (30, 33, 34) and
//! international (50, 51, 55) prefixes. ANSES issues a CUIL to people only, so those are
//! refused here (`cuil.prefix`): a company's number belongs in the CUIT field.
//!
//! ```
//! use identity_kit::documents::{cuil, IdDocument};
//! assert_eq!(cuil::check_digit("2010123456"), Some('9'));
//! assert_eq!(cuil::Document::validate("20-10123456-9"), Ok("20101234569".to_string()));
//! assert!(!cuil::Document::is_valid("30-71042263-6")); // a company's CUIT
//! ```

use super::{cuit, CheckedDigits, DocError, IdDocument};

pub use cuit::check_digit;

const RULE: CheckedDigits = CheckedDigits {
    len: 11,
    prefixes: "20232427",
    check_digit,
    characters: "cuil.characters",
    length: "cuil.length",
    prefix: "cuil.prefix",
    check_digit_code: "cuil.check_digit",
};

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "cuil.incomplete";

    fn compact(input: &str) -> String {
        cuit::compact(input)
    }

    fn validate(input: &str) -> Result<String, DocError> {
        RULE.validate(cuit::compact(input))
    }

    fn format(input: &str) -> String {
        cuit::format(input)
    }

    fn could_continue(input: &str) -> bool {
        RULE.could_continue(&cuit::compact(input))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::State;

    #[test]
    fn valid_numbers() {
        // From python-stdnum's CUIT tests, person prefixes only.
        for (input, normalized) in [
            ("20-10123456-9", "20101234569"),
            ("20-05536168-2", "20055361682"),
            ("27-10345678-4", "27103456784"),
            ("23-00005226-4", "23000052264"),
            ("24-11716606-2", "24117166062"),
            ("20.26756539.3", "20267565393"),
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
            Document::validate("20-10123456-8"),
            Err(DocError::with("cuil.check_digit", '9'))
        );
        assert_eq!(
            Document::validate("30-71042263-6"),
            Err(DocError::with("cuil.prefix", "30"))
        );
        assert_eq!(
            Document::validate("33-69345023-9").unwrap_err().code,
            "cuil.prefix"
        );
        assert_eq!(
            Document::validate("20-1012345-9").unwrap_err().code,
            "cuil.length"
        );
        assert_eq!(
            Document::validate("20-1012345X-9").unwrap_err().code,
            "cuil.characters"
        );
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("2", State::Incomplete),
            ("27", State::Incomplete),
            ("27-1034567", State::Incomplete),
            ("27-10345678-4", State::Valid),
            ("27-10345678-5", State::Invalid),
            ("3", State::Invalid),
            ("21", State::Invalid),
            ("28-1", State::Invalid),
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
        assert_eq!(
            Document::live("2710345").formatted.as_deref(),
            Some("27-10345")
        );
    }
}
