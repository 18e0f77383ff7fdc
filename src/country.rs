//! PLACEHOLDER (being replaced by the generated table): ISO 3166-1 countries.
use crate::verdict::Verdict;
pub struct Country { pub alpha3: &'static str, pub alpha2: &'static str, pub name: &'static str, pub calling_codes: &'static [u16] }
pub const COUNTRIES: &[Country] = &[Country { alpha3: "CHL", alpha2: "CL", name: "Chile", calling_codes: &[56] }];
pub fn by_alpha3(code: &str) -> Option<&'static Country> { COUNTRIES.iter().find(|c| c.alpha3 == code) }
pub fn live(input: &str) -> Verdict { match by_alpha3(input.trim()) { Some(c) => Verdict::valid(c.alpha3), None => Verdict::invalid("country.unknown") } }
pub const MESSAGES: &[crate::messages::Message] = &[];
