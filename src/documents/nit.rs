//! NIT (Número de Identificación Tributaria), Colombia's tax number.
//!
//! A body and a check digit, written `900.123.456-8`. The check digit follows python-stdnum
//! `co.nit` (DIAN's method): prime weights 3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59,
//! 67, 71 from the right, `s = sum mod 11`, check `"01987654321"[s]`.
//!
//! The body is 6 to 10 digits (SPEC section 2): companies' NITs have 9 (`8xx` and `9xx`), and a
//! person's NIT is their identification number, a cédula of 6 to 10 digits, with its check
//! digit (DIAN, Estatuto Tributario art. 555-1; a person registered in the RUT keeps their
//! cédula as NIT). python-stdnum accepts bodies of 7 to 15 digits: its upper bound is the
//! length of DIAN's weight table, not a length DIAN issues (no Colombian identity number has
//! more than 10 digits), and its lower bound refuses the 6-digit cédulas still in use. So
//! bodies of 11 to 15 digits are refused here (`nit.length`) and bodies of 6 accepted.
//!
//! As the length varies, the check digit is found the way the person wrote it, as for the
//! [RUT](super::rut): after the last dash when there is one (`900.206.480-2`: a wrong digit
//! after it is `invalid` at once), else the last digit (`9002064802`). Without a dash, a value
//! of 10 digits or fewer that is not valid as it stands is `incomplete`: one more digit can
//! make it a valid NIT with a 10-digit body. Dots group the body's thousands: typed
//! `900.206.460`, a last group of three with no dash, is a body still waiting for its check
//! digit, even when its digits happen to form a valid shorter NIT (90.020.646-0). A dash
//! inside the body (`900-206-480-2`) is refused (`nit.characters`): only the check digit is set
//! apart by a dash.
//!
//! ```
//! use identity_kit::documents::{nit, IdDocument};
//! assert_eq!(nit::check_digit("900123456"), Some('8'));
//! assert_eq!(nit::Document::validate("900.123.456-8"), Ok("9001234568".to_string()));
//! assert_eq!(nit::Document::validate("52.345.678-3"), Ok("523456783".to_string())); // a person's
//! assert_eq!(nit::Document::format("9001234568"), "900.123.456-8");
//! assert!(!nit::Document::is_valid("900.123.456-7"));
//! ```

use super::{default_live, BodyAndCheck, DocError, IdDocument};
use crate::text;
use crate::verdict::Verdict;

const WEIGHTS: [u8; 15] = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];

/// The check digit of a NIT body of 1 to 15 digits, or `None` if it is not one.
pub fn check_digit(body: &str) -> Option<char> {
    let mut digits = text::digits(body)?;
    if digits.is_empty() || digits.len() > WEIGHTS.len() {
        return None;
    }
    digits.reverse(); // the weights go from the right
    let sum = text::weighted_sum(&digits, &WEIGHTS);
    b"01987654321".get((sum % 11) as usize).map(|&b| char::from(b))
}

const RULE: BodyAndCheck = BodyAndCheck {
    min_body: 6,
    max_body: 10,
    // Commas appear in NITs found online (`900,206,480-2`).
    grouping: ".,",
    check_chars: "0123456789",
    check_digit,
    characters: "nit.characters",
    length: "nit.length",
    check_digit_code: "nit.check_digit",
};

/// Long dashes, found online (`890 981 268 — 4`), as the dash they stand for.
fn dashes(input: &str) -> String {
    text::replace(&text::replace(input, "–", "-"), "—", "-")
}

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "nit.incomplete";

    fn compact(input: &str) -> String {
        text::compact(input, ".,-–—")
    }

    fn validate(input: &str) -> Result<String, DocError> {
        let (mut normalized, dv) = RULE.validate(&dashes(input))?;
        normalized.push(dv);
        Ok(normalized)
    }

    /// `900.206.480-2`: the body's thousands grouped as the digits come, the check digit after
    /// a dash once it is known.
    fn format(input: &str) -> String {
        RULE.format(&dashes(input))
    }

    fn could_continue(input: &str) -> bool {
        RULE.could_continue(&dashes(input))
    }

    fn live(input: &str) -> Verdict {
        if RULE.waits_for_check(&dashes(input)) {
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
            ("900206480", '2'),
            ("860002134", '8'),
            ("800197268", '4'),
            ("900000009", '0'), // s = 0
            ("900000002", '1'), // s = 1
            ("900000006", '9'), // s = 2
            ("900000005", '1'), // s = 10
            ("213123432", '1'), // python-stdnum's 10-digit example, body of 9
            ("15252525", '0'),  // a person's NIT, body of 8
        ] {
            assert_eq!(check_digit(body), Some(dv), "{body}");
        }
        assert_eq!(check_digit(""), None);
        assert_eq!(check_digit("1234567890123456"), None);
        assert_eq!(check_digit("90020648O"), None);
    }

    #[test]
    fn valid_numbers() {
        // Found online, from python-stdnum's tests, in the ways they were written.
        for (input, normalized) in [
            ("900.206.480-2", "9002064802"),
            ("860.002.134-8", "8600021348"),
            ("830.015.428-5", "8300154285"),
            ("899.999.035-7", "8999990357"),
            ("800088702-2", "8000887022"),
            ("8600019861", "8600019861"),
            ("900 206 480 - 2", "9002064802"),
            ("900,206,480-2", "9002064802"),
            ("890 981 268 — 4", "8909812684"),
            ("900.323.466—1", "9003234661"),
            // People's NITs, their cédula and check digit (SPEC section 2, updated; were
            // nit.length or incomplete).
            ("15.252.525-0", "152525250"),
            ("152525250", "152525250"),
            ("1.234.567-2", "12345672"),
            ("52.345.678-3", "523456783"),
            ("1.023.456.789-4", "10234567894"),
            ("10234567894", "10234567894"),
            ("123.456-3", "1234563"),
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
            Document::validate("900.206.480-3"),
            Err(DocError::with("nit.check_digit", '2'))
        );
        assert_eq!(
            Document::validate("900.206.480-22").unwrap_err().code,
            "nit.length"
        );
        for input in [
            "12.345-6",             // a body of 5
            "12345.678.901-2",      // a body of 11 (python-stdnum accepts up to 15)
            "123456789012",         // the same without a dash
            "900.206.480-",         // the check digit still missing
        ] {
            assert_eq!(Document::validate(input).unwrap_err().code, "nit.length", "{input}");
        }
        assert_eq!(
            Document::validate("900-206-480-2").unwrap_err().code,
            "nit.characters"
        ); // a dash inside the body
        assert_eq!(
            Document::validate("10234567895"),
            Err(DocError::with("nit.check_digit", '4'))
        );
        assert_eq!(
            Document::validate("900.206.48A-2").unwrap_err().code,
            "nit.characters"
        );
        assert_eq!(
            Document::validate("900/206/480-2").unwrap_err().code,
            "nit.characters"
        );
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("9", State::Incomplete),
            ("900.", State::Incomplete),
            ("900.206.480", State::Incomplete),
            ("900.206.480-", State::Incomplete),
            ("900.206.480-2", State::Valid),
            ("900.206.480-1", State::Invalid),
            ("900.206.480-21", State::Invalid),
            ("900.2O6", State::Invalid),
            // The body's length varies now (SPEC section 2, updated).
            ("9002064801", State::Incomplete), // a 10-digit body may follow (was invalid)
            ("90020648012", State::Invalid),
            ("900206460", State::Valid),      // 90.020.646-0
            ("900.206.460", State::Incomplete), // grouped: a body waiting for its check digit
            ("90.020.646-0", State::Valid),
            ("15.252.525-", State::Incomplete),
            ("15.252.525-0", State::Valid),
            ("15.252.525-1", State::Invalid),
            ("12.345-", State::Invalid), // a body of 5 cannot grow past the dash
            ("1.023.456.789", State::Incomplete),
            ("1.023.456.789-4", State::Valid),
            ("102345678940", State::Invalid),
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
        // Grouped as the digits come, the check digit split off once known (was 900.206.4:
        // the body's length is no longer fixed at 9).
        assert_eq!(
            Document::live("9002064").formatted.as_deref(),
            Some("9.002.064")
        );
        assert_eq!(
            Document::live("152525250").formatted.as_deref(),
            Some("15.252.525-0")
        );
        let v = Document::live("9002064802");
        assert_eq!(
            (v.normalized.as_deref(), v.formatted.as_deref()),
            (Some("9002064802"), Some("900.206.480-2"))
        );
    }
}
