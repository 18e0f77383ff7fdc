//! CPF (Cadastro de Pessoas Físicas), Brazil's taxpayer number for people.
//!
//! 11 digits written `123.456.789-09`: 9 digits and two check digits, each
//! `(11 - sum mod 11)`, 10 and 11 giving 0, the first over the 9 digits with weights 10..2,
//! the second over those and the first check digit with weights 11..2 (python-stdnum
//! `br.cpf`, Receita Federal's method).
//!
//! Numbers whose first nine digits are all the same (`111.111.111-11`, `000.000.000-00`...)
//! pass the check digits but are not issued, and they are what people type to get past a
//! form; they are rejected with `cpf.repeated_digits`. validator.js and cpf-cnpj-validator
//! reject them too; python-stdnum rejects only all zeros. Since the 9 digits fix both check
//! digits, such a number is invalid as soon as its ninth digit is typed, and a wrong first
//! check digit as soon as it is typed.
//!
//! ```
//! use identity_kit::documents::{cpf, IdDocument};
//! assert_eq!(cpf::check_digits("390533447"), Some(['0', '5']));
//! assert_eq!(cpf::Document::validate("390.533.447-05"), Ok("39053344705".to_string()));
//! assert_eq!(cpf::Document::format("39053344705"), "390.533.447-05");
//! assert!(!cpf::Document::is_valid("111.111.111-11"));
//! ```

use super::{fill_template, DocError, IdDocument, TwoCheckDigits};
use crate::text;

const BODY: usize = 9;
const LEN: usize = 11;

/// The two check digits of the first 9 digits of a CPF, or `None` unless they are 9 digits.
pub fn check_digits(body: &str) -> Option<[char; 2]> {
    let mut digits = text::digits(body)?;
    if digits.len() != BODY {
        return None;
    }
    // Weights down to 2 from 10 for the first check digit, from 11 for the second (which
    // counts the first): the tail of WEIGHTS as long as the digits so far.
    const WEIGHTS: [u8; BODY + 1] = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
    for _ in 0..2 {
        let sum = text::weighted_sum(&digits, &WEIGHTS[WEIGHTS.len() - digits.len()..]);
        digits.push((11 - sum % 11) % 11 % 10);
    }
    Some([
        char::from_digit(digits[BODY], 10)?,
        char::from_digit(digits[BODY + 1], 10)?,
    ])
}

/// The first thing wrong in what is typed that no continuation can fix, short of the length
/// and the second check digit.
fn prefix_error(compact: &str) -> Option<DocError> {
    if !text::all_bytes(compact, |b| b.is_ascii_digit()) {
        return Some(DocError::new("cpf.characters"));
    }
    // All ASCII digits from here on, so byte positions are characters.
    let body = compact.get(..BODY)?;
    if body.bytes().all(|b| b == body.as_bytes()[0]) {
        return Some(DocError::new("cpf.repeated_digits"));
    }
    RULE.first_digit_error(compact)
}

const RULE: TwoCheckDigits = TwoCheckDigits {
    body: BODY,
    check_digits,
    characters: "cpf.characters",
    length: "cpf.length",
    check_digit_code: "cpf.check_digit",
};

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "cpf.incomplete";

    fn compact(input: &str) -> String {
        text::compact(input, ".-")
    }

    fn validate(input: &str) -> Result<String, DocError> {
        let compact = Self::compact(input);
        if let Some(e) = prefix_error(&compact) {
            return Err(e);
        }
        RULE.check_complete(compact)
    }

    fn format(input: &str) -> String {
        fill_template(&Self::compact(input), "###.###.###-##")
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
            ("390533447", ['0', '5']), // python-stdnum's example
            ("111444777", ['3', '5']),
            ("529982247", ['2', '5']),
            ("123456789", ['0', '9']),
            ("000000001", ['9', '1']),
            ("012345678", ['9', '0']),
            ("231002999", ['8', '1']), // python-stdnum's 231.002.999-00 is invalid
        ] {
            assert_eq!(check_digits(body), Some(expected), "{body}");
        }
        assert_eq!(check_digits("39053344"), None);
        assert_eq!(check_digits("3905334470"), None);
        assert_eq!(check_digits("39053344X"), None);
    }

    #[test]
    fn valid_numbers() {
        for (input, normalized) in [
            ("390.533.447-05", "39053344705"),
            ("39053344705", "39053344705"),
            ("111.444.777-35", "11144477735"),
            ("529.982.247-25", "52998224725"),
            ("000.000.001-91", "00000000191"),
            (" 123 456 789 09 ", "12345678909"),
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
            Document::validate("231.002.999-00"),
            Err(DocError::with("cpf.check_digit", "81"))
        );
        assert_eq!(
            Document::validate("390.533.447-06"),
            Err(DocError::with("cpf.check_digit", "05"))
        );
        assert_eq!(
            Document::validate("390.533.447-15"),
            Err(DocError::with("cpf.check_digit", "05"))
        );
        assert_eq!(
            Document::validate("390.533.447-0").unwrap_err().code,
            "cpf.length"
        );
        assert_eq!(
            Document::validate("390.533.447-051").unwrap_err().code,
            "cpf.length"
        );
        assert_eq!(
            Document::validate("390.533.44").unwrap_err().code,
            "cpf.length"
        );
        assert_eq!(
            Document::validate("390.533.447/05").unwrap_err().code,
            "cpf.characters"
        );
        assert_eq!(
            Document::validate("390.533.44A-05").unwrap_err().code,
            "cpf.characters"
        );
        for repeated in [
            "000.000.000-00",
            "111.111.111-11",
            "999.999.999-99",
            "11111111100",
        ] {
            assert_eq!(
                Document::validate(repeated).unwrap_err().code,
                "cpf.repeated_digits",
                "{repeated}"
            );
        }
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("3", State::Incomplete),
            ("390.533", State::Incomplete),
            ("390.533.447", State::Incomplete),
            ("390.533.447-", State::Incomplete),
            ("390.533.447-0", State::Incomplete),
            ("390.533.447-05", State::Valid),
            ("390.533.447-06", State::Invalid),
            ("390.533.447-1", State::Invalid), // the first check digit is already wrong
            ("390.533.447-051", State::Invalid),
            ("111.111.11", State::Incomplete), // 111.111.112-00 exists
            ("111.111.111", State::Invalid),   // only 111.111.111-11 would pass the check
            ("39O", State::Invalid),
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
        let v = Document::live("390.533.447-1");
        assert_eq!(
            (v.code, v.param.as_deref()),
            ("cpf.check_digit", Some("05"))
        );
        assert_eq!(Document::live("111111111").code, "cpf.repeated_digits");
        assert_eq!(
            Document::live("3905334").formatted.as_deref(),
            Some("390.533.4")
        );
    }
}
