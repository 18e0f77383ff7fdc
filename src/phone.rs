//! PLACEHOLDER: phone numbers.
use crate::verdict::Verdict;
pub fn live(input: &str, _country: Option<&str>) -> Verdict { Verdict::valid(input) }
pub fn format(input: &str, _country: Option<&str>) -> String { input.to_string() }
pub const MESSAGES: &[crate::messages::Message] = &[];
