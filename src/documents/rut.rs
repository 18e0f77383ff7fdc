//! RUT / RUN (Rol Único Tributario), Chile's tax and identity number.
//!
//! A body of 7 or 8 digits and a check digit `0-9` or `K`, modulo 11 with weights 2..7 from
//! the right. Written `12.345.678-5` or `12345678-5`.
//!
//! ```
//! use identity_kit::documents::{rut, IdDocument};
//! assert_eq!(rut::check_digit("12345678"), Some('5'));
//! assert_eq!(rut::Document::validate("12.345.678-5"), Ok("12345678-5".to_string()));
//! assert_eq!(rut::Document::format("123456785"), "12.345.678-5");
//! assert!(!rut::Document::is_valid("77123126-K")); // the seed's example: should be 8
//! ```

use super::{default_live, BodyAndCheck, DocError, IdDocument};
use crate::text;
use crate::verdict::Verdict;

/// The check digit of a RUT body (digits only), or `None` if the body is not all digits.
pub fn check_digit(body: &str) -> Option<char> {
    let digits = text::digits(body)?;
    // Weights 2, 3, 4, 5, 6, 7, 2, 3... from the right.
    // A plain loop, not rev/zip/map/sum: smaller in the wasm.
    let mut sum = 0;
    for (i, d) in digits.iter().rev().enumerate() {
        sum += d * (2 + i as u32 % 6);
    }
    Some(match 11 - sum % 11 {
        11 => '0',
        10 => 'K',
        n => char::from_digit(n, 10)?,
    })
}

const RULE: BodyAndCheck = BodyAndCheck {
    min_body: 7,
    max_body: 8,
    grouping: ".",
    check_chars: "0123456789K",
    check_digit,
    characters: "rut.characters",
    length: "rut.length",
    check_digit_code: "rut.check_digit",
};

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "rut.incomplete";

    fn compact(input: &str) -> String {
        text::compact(input, ".-")
    }

    fn validate(input: &str) -> Result<String, DocError> {
        let (mut normalized, dv) = RULE.validate(input)?;
        normalized.push('-');
        normalized.push(dv);
        Ok(normalized)
    }

    /// `12.345.678-5`. While the check digit is not known yet (no dash typed and not a valid
    /// RUT as it stands) every digit typed is body: `7608642` shows as `7.608.642`, not as a
    /// finished RUT `760.864-2` with a wrong check digit.
    fn format(input: &str) -> String {
        RULE.format(input)
    }

    fn could_continue(input: &str) -> bool {
        RULE.could_continue(input)
    }

    fn live(input: &str) -> Verdict {
        // `17.604.011` grouped in threes with no dash is a body still waiting for its check
        // digit, even when its digits happen to form a valid shorter RUT (1.760.401-1).
        if RULE.waits_for_check(input) {
            return Verdict::incomplete(Self::INCOMPLETE).with_formatted(Self::format(input));
        }
        default_live::<Self>(input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::State;

    #[test]
    fn check_digits() {
        for (body, dv) in [
            ("12345678", '5'),
            ("17604011", '4'),
            ("18604011", '2'),
            ("77123126", '8'),
            ("7612", '0'),
            ("6265693", 'K'),
        ] {
            assert_eq!(check_digit(body), Some(dv), "{body}");
        }
        assert_eq!(check_digit("12a"), None);
    }

    #[test]
    fn valid_numbers() {
        for (input, normalized) in [
            ("12.345.678-5", "12345678-5"),
            ("12345678-5", "12345678-5"),
            ("123456785", "12345678-5"),
            (" 17.604.011-4 ", "17604011-4"),
            ("6.265.693-k", "6265693-K"),
        ] {
            assert_eq!(
                Document::validate(input),
                Ok(normalized.to_string()),
                "{input}"
            );
        }
    }

    #[test]
    fn the_seeds_invalid_examples_are_rejected() {
        assert_eq!(
            Document::validate("77123126-K"),
            Err(DocError::with("rut.check_digit", '8'))
        );
        assert_eq!(
            Document::validate("18604011-4"),
            Err(DocError::with("rut.check_digit", '2'))
        );
        assert_eq!(
            Document::validate("123125"),
            Err(DocError::new("rut.length"))
        );
    }

    #[test]
    fn every_way_to_be_wrong() {
        assert_eq!(
            Document::validate("12.345.678-9").unwrap_err().code,
            "rut.check_digit"
        );
        assert_eq!(
            Document::validate("1234567890-1").unwrap_err().code,
            "rut.length"
        );
        assert_eq!(
            Document::validate("12K45678-5").unwrap_err().code,
            "rut.characters"
        );
        assert_eq!(
            Document::validate("12.345.678-X").unwrap_err().code,
            "rut.characters"
        );
        assert_eq!(Document::validate("").unwrap_err().code, "rut.characters");
    }

    #[test]
    fn live_states() {
        assert_eq!(Document::live("").state, State::Empty);
        assert_eq!(Document::live("17.604").state, State::Incomplete);
        assert_eq!(Document::live("17.604.011").state, State::Incomplete);
        assert_eq!(Document::live("17.604.011-").state, State::Incomplete);
        let v = Document::live("17.604.011-4");
        assert_eq!(
            (v.state, v.normalized.as_deref(), v.formatted.as_deref()),
            (State::Valid, Some("17604011-4"), Some("17.604.011-4"))
        );
        let v = Document::live("17.604.011-5");
        assert_eq!(
            (v.state, v.code, v.param.as_deref()),
            (State::Invalid, "rut.check_digit", Some("4"))
        );
        assert_eq!(Document::live("12.345.678-55").state, State::Invalid);
        assert_eq!(Document::live("12a").state, State::Invalid);
    }

    #[test]
    fn a_dash_fixes_where_the_check_digit_is() {
        assert_eq!(Document::live("12-3").state, State::Invalid);
        assert_eq!(Document::live("12-345678-5").state, State::Invalid);
        assert_eq!(Document::live("1-").state, State::Invalid);
        assert_eq!(Document::live("1234567-").state, State::Incomplete);
        assert_eq!(Document::live(".").state, State::Invalid);
        assert_eq!(Document::live(".0").state, State::Invalid);
        assert_eq!(Document::live("12.345.678-55").state, State::Invalid);
    }

    #[test]
    fn formats_as_typed() {
        assert_eq!(Document::format("17604"), "17.604");
        assert_eq!(Document::format("76"), "76");
        assert_eq!(Document::format("76086428"), "76.086.428");
        assert_eq!(Document::format("176040114"), "17.604.011-4");
        assert_eq!(Document::format("17604011-"), "17.604.011-");
        assert_eq!(Document::format("1760401-k"), "1.760.401-K");
        assert_eq!(Document::format("1"), "1");
        // What is shown while typing never changes the verdict.
        assert_eq!(Document::format("76.086.4284"), "76.086.428-4");
        for typed in ["7", "76", "760", "7608", "76086", "760864", "7608642", "76086428", "760864284", "760864285", "76.086.4284"] {
            let shown = Document::format(typed);
            assert_eq!(Document::live(typed).state, Document::live(&shown).state, "{typed} shown as {shown}");
        }
    }
}
