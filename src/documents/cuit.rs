//! CUIT (Código Único de Identificación Tributaria), Argentina's tax number.
//!
//! 11 digits written `XX-XXXXXXXX-X`: a 2-digit type prefix, 8 digits (a person's DNI or a
//! company's number) and a check digit. Companies use the prefixes 30, 33 and 34; people who
//! pay taxes have a CUIT with the person prefixes 20, 23, 24 and 27 (the same number as their
//! [CUIL](super::cuil)), so those are accepted too. AFIP also issues the prefixes 50, 51 and
//! 55 for international purposes: its list of "CUIT país" (the CUIT of each foreign country,
//! for invoices to foreign customers, afip.gob.ar "Consulta de CUIT país") has 50 for legal
//! persons, 51 for natural persons and 55 for other entities; python-stdnum `ar.cuit` lists
//! them as "international purposes", and SPEC section 2 includes them. The prefix and the
//! check digit are the whole domain rule, as in python-stdnum.
//!
//! The check digit follows python-stdnum `ar.cuit` (and validator.js): weights 5,4,3,2,7,6,5,
//! 4,3,2, `r = sum mod 11`, check `11 - r`, with 11 giving 0 and 10 giving 9. No AFIP text
//! for the value 10 was found; it is widely reported that such numbers are issued with prefix
//! 23 or 33 instead, which this does not rely on.
//!
//! ```
//! use identity_kit::documents::{cuit, IdDocument};
//! assert_eq!(cuit::check_digit("3071042263"), Some('6'));
//! assert_eq!(cuit::Document::validate("30-71042263-6"), Ok("30710422636".to_string()));
//! assert_eq!(cuit::Document::format("30710422636"), "30-71042263-6");
//! assert!(!cuit::Document::is_valid("30-71042263-5"));
//! ```

use super::{fill_template, CheckedDigits, DocError, IdDocument};
use crate::text;

/// The check digit of the first 10 digits of a CUIT or CUIL, or `None` unless they are 10
/// digits.
pub fn check_digit(first_ten: &str) -> Option<char> {
    let digits = text::digits(first_ten)?;
    if digits.len() != 10 {
        return None;
    }
    let sum = text::weighted_sum(&digits, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    Some(match 11 - sum % 11 {
        11 => '0',
        10 => '9',
        n => char::from_digit(n, 10)?,
    })
}

const RULE: CheckedDigits = CheckedDigits {
    len: 11,
    prefixes: "20232427303334505155",
    check_digit,
    characters: "cuit.characters",
    length: "cuit.length",
    prefix: "cuit.prefix",
    check_digit_code: "cuit.check_digit",
};

/// Separators people type in a CUIT or CUIL.
pub(super) fn compact(input: &str) -> String {
    text::compact(input, "-./")
}

/// `XX-XXXXXXXX-X`, also for a partial value.
pub(super) fn format(input: &str) -> String {
    fill_template(&compact(input), "##-########-#")
}

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "cuit.incomplete";

    fn compact(input: &str) -> String {
        compact(input)
    }

    fn validate(input: &str) -> Result<String, DocError> {
        RULE.validate(compact(input))
    }

    fn format(input: &str) -> String {
        format(input)
    }

    fn could_continue(input: &str) -> bool {
        RULE.could_continue(&compact(input))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::State;

    #[test]
    fn check_digits() {
        for (body, dv) in [
            ("2010123456", '9'),
            ("3071042263", '6'),
            ("3369345023", '9'),
            ("2005536168", '2'),
            ("2026756539", '3'),
            ("2020000003", '0'), // sum mod 11 = 0: 11 - 0 = 11 gives 0
            ("2020000009", '9'), // sum mod 11 = 1: 11 - 1 = 10 gives 9
        ] {
            assert_eq!(check_digit(body), Some(dv), "{body}");
        }
        assert_eq!(check_digit("201012345"), None);
        assert_eq!(check_digit("20101234567"), None);
        assert_eq!(check_digit("20A0123456"), None);
    }

    #[test]
    fn valid_numbers() {
        // From python-stdnum's tests (numbers found online) and the edge cases above.
        for (input, normalized) in [
            ("30-71042263-6", "30710422636"),
            ("33-69345023-9", "33693450239"),
            ("33-50000159-9", "33500001599"),
            ("34-54619810-5", "34546198105"),
            ("20-10123456-9", "20101234569"),
            ("27-10345678-4", "27103456784"),
            ("23-00005226-4", "23000052264"),
            ("24-11716606-2", "24117166062"),
            ("20200000030", "20200000030"),
            ("20 20000009 9", "20200000099"),
            // International prefixes (SPEC section 2, updated; were cuit.prefix).
            ("50-12345678-2", "50123456782"),
            ("51-12345678-9", "51123456789"),
            ("55-12345678-4", "55123456784"),
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
            Document::validate("30-71042263-5"),
            Err(DocError::with("cuit.check_digit", '6'))
        );
        assert_eq!(
            Document::validate("20267565392"),
            Err(DocError::with("cuit.check_digit", '3'))
        );
        assert_eq!(
            Document::validate("30-7104226-6").unwrap_err().code,
            "cuit.length"
        );
        assert_eq!(
            Document::validate("30-710422636-6").unwrap_err().code,
            "cuit.length"
        );
        assert_eq!(
            Document::validate("99-05536168-8"),
            Err(DocError::with("cuit.prefix", "99"))
        );
        assert_eq!(
            Document::validate("52-12345678-1"),
            Err(DocError::with("cuit.prefix", "52"))
        );
        assert_eq!(
            Document::validate("50-12345678-1"),
            Err(DocError::with("cuit.check_digit", '2'))
        );
        assert_eq!(
            Document::validate("2026756A393").unwrap_err().code,
            "cuit.characters"
        );
        assert_eq!(Document::validate("").unwrap_err().code, "cuit.length");
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("3", State::Incomplete),
            ("30", State::Incomplete),
            ("30-", State::Incomplete),
            ("30-7104226", State::Incomplete),
            ("30-71042263-", State::Incomplete),
            ("30-71042263-6", State::Valid),
            ("30-71042263-7", State::Invalid),
            ("30-71042263-66", State::Invalid),
            ("1", State::Invalid),
            ("31", State::Invalid),
            ("5", State::Incomplete), // 50, 51, 55 (was invalid)
            ("52", State::Invalid),
            ("6", State::Invalid),
            ("30-7A", State::Invalid),
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
        let v = Document::live("31");
        assert_eq!((v.code, v.param.as_deref()), ("cuit.prefix", Some("31")));
        assert_eq!(
            Document::live("3071042").formatted.as_deref(),
            Some("30-71042")
        );
        assert_eq!(
            Document::live("30710422636").formatted.as_deref(),
            Some("30-71042263-6")
        );
    }
}
