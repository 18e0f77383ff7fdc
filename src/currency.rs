//! PLACEHOLDER: ISO 4217 currencies.
use crate::verdict::Verdict;
pub fn live(input: &str) -> Verdict { if input == "CLP" { Verdict::valid(input) } else { Verdict::invalid("currency.unknown") } }
pub const MESSAGES: &[crate::messages::Message] = &[];
