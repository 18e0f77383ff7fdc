//! CNPJ (Cadastro Nacional da Pessoa Jurídica), Brazil's number for organizations.
//!
//! 14 characters written `12.345.678/0001-95`: an 8-character root, a 4-character branch
//! number and two check digits. From July 2026 the Receita Federal also issues alphanumeric
//! CNPJs (Nota Técnica COCAD/SUARA/RFB nº 49/2024): the first 12 characters may be `A-Z` or
//! `0-9` (`12.ABC.345/01DE-35`), the check digits stay numeric. Both forms are valid here.
//!
//! Check digits (Receita Federal's method, as in python-stdnum `br.cnpj` and stdnum-js): each
//! character counts as its ASCII code minus 48 (digits as themselves, `A` = 17 ... `Z` = 42);
//! the first check digit is `11 - sum mod 11` (0 when that is 10 or 11) with weights
//! 5,4,3,2,9,8,7,6,5,4,3,2 over the 12 characters, the second the same with weights
//! 6,5,4,3,2,9,8,7,6,5,4,3,2 over those and the first check digit.
//!
//! All zeros pass the check digits and is rejected (`cnpj.zeros`), as python-stdnum does.
//!
//! ```
//! use identity_kit::documents::{cnpj, IdDocument};
//! assert_eq!(cnpj::check_digits("167272300001"), Some(['9', '7']));
//! assert_eq!(cnpj::Document::validate("16.727.230/0001-97"), Ok("16727230000197".to_string()));
//! assert_eq!(cnpj::Document::validate("12.abc.345/01de-35"), Ok("12ABC34501DE35".to_string()));
//! assert_eq!(cnpj::Document::format("12ABC34501DE35"), "12.ABC.345/01DE-35");
//! assert!(!cnpj::Document::is_valid("16.727.230/0001-98"));
//! ```

use super::{fill_template, shape_mismatch, Class, DocError, IdDocument, TwoCheckDigits};
use crate::text;

const BODY: usize = 12;
const LEN: usize = 14;
const A: Class = Class::Alnum;
const D: Class = Class::Digit;
const SHAPE: [Class; LEN] = [A, A, A, A, A, A, A, A, A, A, A, A, D, D];

/// The two check digits of the first 12 characters of a CNPJ (`0-9`, `A-Z`), or `None` unless
/// they are 12 such characters.
pub fn check_digits(body: &str) -> Option<[char; 2]> {
    let mut values = text::values(body, |c| Class::Alnum.matches(c).then(|| c as u32 - '0' as u32))?;
    if values.len() != BODY {
        return None;
    }
    // Weights 5 to 2 then 9 to 2 for the first check digit; 6 to 2 then 9 to 2 for the second
    // (which counts the first): the tail of WEIGHTS as long as the values so far.
    const WEIGHTS: [u8; BODY + 1] = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    for _ in 0..2 {
        let sum = text::weighted_sum(&values, &WEIGHTS[WEIGHTS.len() - values.len()..]);
        values.push(match sum % 11 {
            0 | 1 => 0,
            r => 11 - r,
        });
    }
    Some([
        char::from_digit(values[BODY], 10)?,
        char::from_digit(values[BODY + 1], 10)?,
    ])
}

/// The first thing wrong in what is typed that no continuation can fix, short of the length
/// and the second check digit.
fn prefix_error(compact: &str) -> Option<DocError> {
    if !text::all_bytes(compact, |b| b.is_ascii_alphanumeric()) {
        return Some(DocError::new("cnpj.characters"));
    }
    if shape_mismatch(compact, &SHAPE).is_some() {
        return Some(DocError::new("cnpj.format"));
    }
    // All ASCII from here on, so byte positions are characters.
    let body = compact.get(..BODY)?;
    if text::all_bytes(body, |b| b == b'0') {
        return Some(DocError::new("cnpj.zeros"));
    }
    RULE.first_digit_error(compact)
}

const RULE: TwoCheckDigits = TwoCheckDigits {
    body: BODY,
    check_digits,
    characters: "cnpj.characters",
    length: "cnpj.length",
    check_digit_code: "cnpj.check_digit",
};

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "cnpj.incomplete";

    fn compact(input: &str) -> String {
        text::compact(input, "./-")
    }

    fn validate(input: &str) -> Result<String, DocError> {
        let compact = Self::compact(input);
        if let Some(e) = prefix_error(&compact) {
            return Err(e);
        }
        RULE.check_complete(compact)
    }

    fn format(input: &str) -> String {
        fill_template(&Self::compact(input), "##.###.###/####-##")
    }

    fn could_continue(input: &str) -> bool {
        let compact = Self::compact(input);
        compact.len() < LEN && prefix_error(&compact).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::State;

    #[test]
    fn check_digits_of_known_numbers() {
        for (body, expected) in [
            ("167272300001", ['9', '7']), // python-stdnum's example
            ("618826130001", ['9', '4']),
            ("000000000001", ['9', '1']), // Banco do Brasil
            ("112223330001", ['8', '1']),
            ("12ABC34501DE", ['3', '5']), // SERPRO's alphanumeric example
            ("56L0HX2B0001", ['0', '1']), // stdnum-js's alphanumeric example
            ("000000000000", ['0', '0']),
        ] {
            assert_eq!(check_digits(body), Some(expected), "{body}");
        }
        assert_eq!(check_digits("12ABC34501D"), None);
        assert_eq!(check_digits("12ABC34501DE3"), None);
        assert_eq!(check_digits("12abc34501de"), None); // compact upper-cases first
        assert_eq!(check_digits("12ABC34501D#"), None);
    }

    #[test]
    fn valid_numbers() {
        for (input, normalized) in [
            ("16.727.230/0001-97", "16727230000197"),
            ("16.727.230.0001-97", "16727230000197"),
            ("61882613000194", "61882613000194"),
            ("11.017.153/0005-91", "11017153000591"),
            ("00.000.000/0001-91", "00000000000191"),
            ("12.ABC.345/01DE-35", "12ABC34501DE35"),
            ("12abc34501de35", "12ABC34501DE35"),
            ("56.L0H.X2B/0001-01", "56L0HX2B000101"),
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
            Document::validate("16.727.230/0001-98"),
            Err(DocError::with("cnpj.check_digit", "97"))
        );
        assert_eq!(
            Document::validate("16.727.230/0001-87"),
            Err(DocError::with("cnpj.check_digit", "97"))
        );
        assert_eq!(
            Document::validate("56.L0H.X2B/0001-02"),
            Err(DocError::with("cnpj.check_digit", "01"))
        );
        assert_eq!(
            Document::validate("16.727.230/0001-9").unwrap_err().code,
            "cnpj.length"
        );
        assert_eq!(
            Document::validate("16.727.230/0001-971").unwrap_err().code,
            "cnpj.length"
        );
        assert_eq!(Document::validate("660-3").unwrap_err().code, "cnpj.length");
        assert_eq!(
            Document::validate("16.727.230/0001=97").unwrap_err().code,
            "cnpj.characters"
        );
        assert_eq!(
            Document::validate("56.L0H.X2B/0001!01").unwrap_err().code,
            "cnpj.characters"
        );
        assert_eq!(
            Document::validate("16.727.230/0001-9A").unwrap_err().code,
            "cnpj.format"
        );
        assert_eq!(
            Document::validate("00.000.000/0000-00").unwrap_err().code,
            "cnpj.zeros"
        );
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("1", State::Incomplete),
            ("12.ABC", State::Incomplete),
            ("16.727.230/0001", State::Incomplete),
            ("16.727.230/0001-", State::Incomplete),
            ("16.727.230/0001-9", State::Incomplete),
            ("16.727.230/0001-97", State::Valid),
            ("12.ABC.345/01DE-35", State::Valid),
            ("16.727.230/0001-98", State::Invalid),
            ("16.727.230/0001-8", State::Invalid), // the first check digit is already wrong
            ("16.727.230/0001-A", State::Invalid),
            ("16.727.230/0001-971", State::Invalid),
            ("00.000.000/0000", State::Invalid), // only all zeros would pass the check
            ("00.000.000/000", State::Incomplete),
            ("16.727_", State::Invalid),
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
        let v = Document::live("16.727.230/0001-8");
        assert_eq!(
            (v.code, v.param.as_deref()),
            ("cnpj.check_digit", Some("97"))
        );
        assert_eq!(
            Document::live("12ABC3").formatted.as_deref(),
            Some("12.ABC.3")
        );
        assert_eq!(
            Document::live("167272300001").formatted.as_deref(),
            Some("16.727.230/0001")
        );
    }
}
