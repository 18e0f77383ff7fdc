//! CURP (Clave Única de Registro de Población), Mexico's personal identity code.
//!
//! 18 characters, `HEGG560427MVZRRL04`:
//!
//! | positions | what | allowed |
//! |---|---|---|
//! | 1-4 | letters of the surnames and given name | `A-Z` |
//! | 5-10 | birth date `YYMMDD` | a real date |
//! | 11 | sex | `H`, `M`, or `X` (non-binary) |
//! | 12-13 | state of birth | one of the 32 state codes or `NE` (born abroad) |
//! | 14-16 | inner consonants of the names | `B-Z` without vowels |
//! | 17 | homonym character | a digit for births up to 1999, a letter from 2000 |
//! | 18 | check digit | see [`check_digit`] |
//!
//! The century of the birth date comes from position 17, so `000229` (29 February) is a real
//! date only with a letter there (2000, not 1900).
//!
//! The check digit follows python-stdnum `mx.curp` (RENAPO publishes no specification): each
//! of the first 17 characters takes its index in `0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ`,
//! weights 18 down to 2, check `(10 - sum mod 10) mod 10`.
//!
//! The domain against python-stdnum `mx.curp` (checked by `tests/run-stdnum.sh`):
//! - wider: the `X` sex, which RENAPO assigns to people registered as non-binary (the first such
//!   CURP, Jalisco, February 2023: Proceso, 2023-02-23, "Emiten primera CURP de identidad no
//!   binaria en Jalisco"); python-stdnum knows only `H` and `M`;
//! - wider: CURPs whose first four letters form one of RENAPO's forbidden words, which
//!   python-stdnum refuses: real people hold CURPs issued before that rule (validate-curp#1);
//! - narrower: positions 14-16 are consonants here, `[A-Z]` in python-stdnum. RENAPO's
//!   Instructivo Normativo para la Asignación de la CURP takes the first inner consonant of each
//!   name and writes `X` when there is none (or for `Ñ`), so no CURP has a vowel there, and a
//!   vowel is a typo to catch.
//!
//! ```
//! use identity_kit::documents::{curp, IdDocument};
//! assert_eq!(curp::check_digit("HEGG560427MVZRRL0"), Some('4'));
//! assert_eq!(curp::Document::validate("hegg560427mvzrrl04"), Ok("HEGG560427MVZRRL04".to_string()));
//! assert!(!curp::Document::is_valid("HEGG560431MVZRRL04")); // 31 April
//! assert!(!curp::Document::could_continue("HEGG5613")); // no month 13
//! ```

use super::{could_be_date, could_start_with, shape_mismatch, Class, DocError, IdDocument};
use crate::text;

const LEN: usize = 18;
const L: Class = Class::Letter;
const D: Class = Class::Digit;
const C: Class = Class::OneOf("BCDFGHJKLMNPQRSTVWXYZ");
#[rustfmt::skip]
const SHAPE: [Class; LEN] = [L, L, L, L, D, D, D, D, D, D, Class::OneOf("HMX"), L, L, C, C, C, Class::Alnum, D];
const SEX: usize = 10;
const DATE: std::ops::Range<usize> = 4..10;
const STATE: std::ops::Range<usize> = 11..13;
const HOMONYM: usize = 16;

/// The 32 states and `NE` (nacido en el extranjero, born abroad), two letters each.
const STATES: &str = "ASBCBSCCCHCLCMCSDFDGGRGTHGJCMCMNMSNENLNTOCPLQRQTSLSPSRTCTLTSVZYNZS";

const ALPHABET: &str = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ";

/// The check digit of the first 17 characters of a CURP, or `None` unless they are 17
/// characters of its alphabet.
pub fn check_digit(first_17: &str) -> Option<char> {
    // ALPHABET is ASCII, so each of its bytes is a whole character (and its position an index):
    // no char searcher in the wasm for this.
    let values = text::values(first_17, |c| ALPHABET.bytes().position(|b| char::from(b) == c).map(|i| i as u32))?;
    if values.len() != LEN - 1 {
        return None;
    }
    const WEIGHTS: [u8; LEN - 1] = [18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
    let sum = text::weighted_sum(&values, &WEIGHTS);
    char::from_digit((10 - sum % 10) % 10, 10)
}

/// The first thing wrong in what is typed that no continuation can fix, short of the length
/// and the check digit.
fn prefix_error(compact: &str) -> Option<DocError> {
    if !text::all_bytes(compact, |b| b.is_ascii_alphanumeric()) {
        return Some(DocError::new("curp.characters"));
    }
    match shape_mismatch(compact, &SHAPE) {
        Some(SEX) => return Some(DocError::new("curp.gender")),
        Some(_) => return Some(DocError::new("curp.format")),
        None => {}
    }
    // All ASCII from here on, so byte positions are characters.
    let typed = |range: std::ops::Range<usize>| {
        let len = compact.len();
        compact
            .get(range.start.min(len)..range.end.min(len))
            .unwrap_or("")
    };
    let century_2000 = compact
        .as_bytes()
        .get(HOMONYM)
        .map(|b| b.is_ascii_uppercase());
    let leap = |yy: u32| match century_2000 {
        Some(false) => yy % 4 == 0 && yy != 0, // 19yy: 1900 was not a leap year
        _ => yy % 4 == 0,                      // 20yy, or either
    };
    if !could_be_date(typed(DATE), &leap) {
        return Some(DocError::new("curp.date"));
    }
    if !could_start_with(typed(STATE), STATES) {
        return Some(DocError::new("curp.state"));
    }
    None
}

pub struct Document;

impl IdDocument for Document {
    const INCOMPLETE: &'static str = "curp.incomplete";

    fn compact(input: &str) -> String {
        text::compact(input, "-_")
    }

    fn validate(input: &str) -> Result<String, DocError> {
        let compact = Self::compact(input);
        if let Some(e) = prefix_error(&compact) {
            return Err(e);
        }
        if compact.len() != LEN {
            return Err(DocError::new("curp.length"));
        }
        let (body, check) = compact.split_at(LEN - 1);
        let expected = check_digit(body).ok_or_else(|| DocError::new("curp.characters"))?;
        if !check.starts_with(expected) {
            return Err(DocError::with("curp.check_digit", expected));
        }
        Ok(compact)
    }

    fn format(input: &str) -> String {
        Self::compact(input)
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
    fn check_digits() {
        for curp in [
            "HEGG560427MVZRRL04", // Wikipedia's example
            "BOXW310820HNERXN09", // python-stdnum's example, born abroad
            "HELO990501HVZRPN09", // stdnum-js's tests from here on
            "MASI050805MVZRLRA8",
            "COME721110MVZNRR03",
            "TEAM470622HVZZPR07",
            "GARS700923HSPLXL06",
        ] {
            let (body, check) = curp.split_at(17);
            assert_eq!(
                check_digit(body).map(String::from).as_deref(),
                Some(check),
                "{curp}"
            );
        }
        assert_eq!(check_digit("HEGG560427MVZRRL"), None);
        assert_eq!(check_digit("HEGG560427MVZRRL04"), None);
        assert_eq!(check_digit("HEGG560427MVZRRL#"), None);
    }

    #[test]
    fn valid_numbers() {
        for (input, normalized) in [
            ("HEGG560427MVZRRL04", "HEGG560427MVZRRL04"),
            ("BOXW310820HNERXN09", "BOXW310820HNERXN09"),
            ("MASI050805MVZRLRA8", "MASI050805MVZRLRA8"), // born 2005: letter homonym
            ("GARS700923HSPLXL06", "GARS700923HSPLXL06"),
            (" hegg-560427-mvzrrl04 ", "HEGG560427MVZRRL04"),
            ("XEXX000229XNEXXXA8", "XEXX000229XNEXXXA8"), // X sex; 29 February 2000
            ("GOMA050101HDFRRNA2", "GOMA050101HDFRRNA2"),
            ("BACA800101HDFRRN00", "BACA800101HDFRRN00"), // on the forbidden list, and a surname
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
            ("HEGG560427MVZRRL05", "curp.check_digit"),
            ("HEGG560427MVZRRL0", "curp.length"),
            ("HEGG560427MVZRRL041", "curp.length"),
            ("HEGG560427MVZRRL0#", "curp.characters"),
            ("HÉGG560427MVZRRL04", "curp.characters"),
            ("HEG1560427MVZRRL04", "curp.format"), // digit among the letters
            ("HEGG56O427MVZRRL04", "curp.format"), // letter O in the date
            ("HEGG560427MVZRAL04", "curp.format"), // vowel among the consonants
            ("HEGG560427MVZRRL#4", "curp.characters"),
            ("HEGG560427FVZRRL04", "curp.gender"),
            ("HEGG561327MVZRRL04", "curp.date"), // month 13
            ("HEGG560431MVZRRL04", "curp.date"), // 31 April
            ("HEGG560000MVZRRL04", "curp.date"),
            ("PEPJ000229HDFRRN02", "curp.date"), // 29 February 1900 (digit homonym)
            ("HEGG560427MXXRRL04", "curp.state"),
            ("HEGG560427MZZRRL04", "curp.state"),
        ] {
            assert_eq!(Document::validate(input).unwrap_err().code, code, "{input}");
        }
        assert_eq!(
            Document::validate("HEGG560427MVZRRL05"),
            Err(DocError::with("curp.check_digit", '4'))
        );
    }

    #[test]
    fn live_states() {
        for (input, state) in [
            ("", State::Empty),
            ("H", State::Incomplete),
            ("HEGG", State::Incomplete),
            ("HEGG56", State::Incomplete),
            ("HEGG5604", State::Incomplete),
            ("HEGG56042", State::Incomplete),
            ("HEGG560427M", State::Incomplete),
            ("HEGG560427MV", State::Incomplete),
            ("HEGG560427MVZRRL0", State::Incomplete),
            ("HEGG560427MVZRRL04", State::Valid),
            ("HEGG560427MVZRRL03", State::Invalid),
            ("HEGG560427MVZRRL041", State::Invalid),
            ("HEG1", State::Invalid),
            ("HEGG5613", State::Invalid),   // no month 13
            ("HEGG56023", State::Invalid),  // no 3x February
            ("HEGG560431", State::Invalid), // no 31 April
            ("HEGG56043", State::Incomplete),
            ("HEGG56022", State::Incomplete),
            ("HEGG560230", State::Invalid),
            ("HEGG570229", State::Invalid), // 1957 and 2057 are not leap years
            ("HEGG560229", State::Incomplete), // 1956 was
            ("PEPJ000229", State::Incomplete), // 2000 was
            ("PEPJ000229HDFRRN", State::Incomplete),
            ("PEPJ000229HDFRRN0", State::Invalid), // ... but 1900 was not
            ("PEPJ000229HDFRRNA", State::Incomplete),
            ("HEGG560427F", State::Invalid),
            ("HEGG560427X", State::Incomplete),
            ("HEGG560427MW", State::Invalid), // no state starts with W
            ("HEGG560427MVA", State::Invalid),
            ("HEGG560427MVZA", State::Invalid), // a vowel where a consonant goes
        ] {
            assert_eq!(Document::live(input).state, state, "{input}");
        }
        let v = Document::live("HEGG5613");
        assert_eq!(v.code, "curp.date");
    }
}
