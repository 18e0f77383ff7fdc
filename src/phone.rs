//! Phone numbers in E.164 form (`+`, country calling code, national significant number), checked
//! as the person types against the numbering plans of libphonenumber's metadata.
//!
//! What is checked, for the chosen country (ISO 3166-1 alpha-3) or, without one, for whatever
//! region the calling code implies:
//! - after removing spaces, dots, dashes and parentheses, the value is `+` and digits;
//! - the calling code is the country's (`CHL` => `+56`); Saint Helena (`SHN`) also takes
//!   Ascension's `+247` and Tristan da Cunha's numbers, which ISO counts as part of it;
//! - the national number is one of the region's numbers by libphonenumber's full ("max")
//!   metadata, as `isValidNumberForRegion` judges it: it fits the general national pattern and
//!   one of the per-type patterns (fixed line, mobile, toll free, premium rate, shared cost,
//!   VoIP, personal number, pager, UAN, voicemail) at one of that type's possible lengths. A
//!   valid verdict carries the type ([`PhoneType`], `fixedLineOrMobile` where the plan does not
//!   tell them apart). While typing, the number is `incomplete` while some continuation can
//!   still match a type, and `invalid` as soon as none can (`+1 201 1`: no US exchange starts
//!   with 1);
//! - on calling codes several regions share (+1, +7, +39, +44, +47, +61, +212, +262, +290,
//!   +358, +590, +599), a number is valid for the chosen country only when one of *its*
//!   regions' types matches, as `isValidNumberForRegion` does: a territory does not take its
//!   parent's numbers as such, it takes the numbers its own patterns list (Åland's mobile
//!   ranges are Finland's, so Finnish mobiles are valid for both; `+358 18...` fixed lines are
//!   Åland's only). A number only another region of the code has, or can still become, is
//!   `phone.country_mismatch` with that region's alpha-3 (`+1 204 555 0123` with `USA` is
//!   `CAN`, `+1 809` with `USA` is already `DOM`). The differential test
//!   (tests/run-phone-diff.sh) checks over 30,000 numbers against libphonenumber-js /max;
//! - with required types ([`live_of_types`], the `phone_types` field context), a number of
//!   another type is `phone.not_mobile` / `phone.type_not_allowed`.
//!
//! Codes: `phone.missing_plus`, `phone.characters` (invalid); `phone.calling_code_incomplete`,
//! `phone.calling_code_expected` (param: the country's code, `+56`), `phone.too_short` (param:
//! the lengths still reachable, `9`) (incomplete); `phone.calling_code` (the code can never
//! become the country's; param `+56`), `phone.unknown_calling_code`, `phone.country_mismatch`
//! (param `+52` or `CAN`), `phone.too_long`, `phone.invalid_length` (param: lengths),
//! `phone.invalid_number` (digits no number of the country starts with; param `+56`),
//! `phone.not_mobile`, `phone.type_not_allowed` (param: the types asked for) (invalid).
//!
//! Display: `+56 9 6123 4567`, the calling code then the national number in groups, also while
//! typing (`+56 9 61`). The metadata's formats are not shipped (8 KB gzip of patterns): each
//! region keeps, per possible length, one grouping (`144` is `9 1234 5678`) taken by the
//! generator from libphonenumber-js's international format of the region's example mobile
//! number or of the most common format among that length's numbers. So `+52 55 1234 5678`
//! shows as `+52 551 234 5678` (Mexico's general 3-3-4) and a British fixed line
//! `+44 121 234 5678` as `+44 1212 345678` (the mobiles' 4-6). Lengths with no format are
//! grouped in fours from the right. [`example`] gives example numbers per country and type.
//!
//! Countries with no calling code of their own in the metadata (AQ, BV, GS, HM, PN, TF, UM) and
//! unknown country codes are treated like no country: any valid number is accepted.
//!
//! ```
//! use identity_kit::{phone, State};
//! let v = phone::live("+56 9 6123 4567", Some("CHL"));
//! assert_eq!(v.normalized.as_deref(), Some("+56961234567"));
//! assert_eq!(v.formatted.as_deref(), Some("+56 9 6123 4567"));
//! assert_eq!(phone::live("+5692111111", Some("CHL")).code, "phone.too_short");
//! assert_eq!(phone::live("+1 204 555 0123", Some("USA")).param.as_deref(), Some("CAN"));
//! assert_eq!(phone::calling_code("CHL"), Some(56));
//! ```

mod metadata;
mod pattern;

#[cfg(test)]
mod examples;

use crate::text::MAX_INPUT_BYTES;
use crate::verdict::Verdict;
pub use crate::verdict::PhoneType;
use pattern::{match_lengths, MAX_DIGITS};

impl PhoneType {
    /// Every type, in the order of [`PhoneType::name`]'s names.
    pub const ALL: [PhoneType; 11] = [
        PhoneType::Mobile,
        PhoneType::FixedLine,
        PhoneType::FixedLineOrMobile,
        PhoneType::TollFree,
        PhoneType::PremiumRate,
        PhoneType::SharedCost,
        PhoneType::Voip,
        PhoneType::PersonalNumber,
        PhoneType::Pager,
        PhoneType::Uan,
        PhoneType::Voicemail,
    ];
    const NAMES: [&'static str; 11] = [
        "mobile",
        "fixedLine",
        "fixedLineOrMobile",
        "tollFree",
        "premiumRate",
        "sharedCost",
        "voip",
        "personalNumber",
        "pager",
        "uan",
        "voicemail",
    ];

    /// The type's name in the JavaScript API: `mobile`, `fixedLine`, `fixedLineOrMobile`,
    /// `tollFree`, `premiumRate`, `sharedCost`, `voip`, `personalNumber`, `pager`, `uan`,
    /// `voicemail`.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The type of a [`PhoneType::name`].
    pub fn parse(name: &str) -> Option<PhoneType> {
        Self::NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
    }
}

/// Phone-metadata regions that ISO 3166-1 counts as part of another country: Ascension and
/// Tristan da Cunha belong to "Saint Helena, Ascension and Tristan da Cunha" (SH).
const PARTS: &[(&str, &str)] = &[("AC", "SH"), ("TA", "SH")];

/// Where the numbering plans come from (library and version).
pub const METADATA_SOURCE: &str = metadata::SOURCE;

/// One region's lines of [`metadata::REGIONS`], borrowed from the static text.
#[derive(Clone, Copy, Debug)]
struct Region {
    alpha2: &'static str,
    code: Code,
    /// Where this region is in [`metadata::INDEX`] (its line of [`metadata::EXAMPLES`]).
    index: usize,
    /// Bit `n` set: `n` digits is a possible length.
    lengths: u32,
    /// The general national-number pattern, which every number must fit besides its type's;
    /// empty where every type's numbers fit it anyway (all but a few regions; see the
    /// generator), and then not checked.
    pattern: &'static str,
    groupings: &'static str,
    /// The per-type patterns and their possible lengths, in the order of [`SLOTS`] (see the
    /// metadata): split once when the region is parsed, since a verdict asks for every slot
    /// and walking the line for each was a fifth of a phone verdict's time.
    slots: [Option<(&'static str, u32)>; SLOT_COUNT],
}

/// The metadata's type slots, in the order of its lines (libphonenumber-js's order).
const SLOTS: [PhoneType; 10] = [
    PhoneType::FixedLine,
    PhoneType::Mobile,
    PhoneType::TollFree,
    PhoneType::PremiumRate,
    PhoneType::PersonalNumber,
    PhoneType::Voicemail,
    PhoneType::Uan,
    PhoneType::Pager,
    PhoneType::Voip,
    PhoneType::SharedCost,
];
const FIXED_LINE: usize = 0;
const MOBILE: usize = 1;
/// The slots after fixed line, in the order libphonenumber-js's `getNumberType` tries them.
const TYPE_ORDER: [usize; 9] = [1, 3, 2, 9, 8, 4, 7, 6, 5];
/// Every slot, as a bit set.
const ALL_SLOTS: u16 = (1 << SLOTS.len()) - 1;
const SLOT_COUNT: usize = SLOTS.len();

impl Region {
    /// The region of an [`metadata::INDEX`] entry (for the tests; see [`regions`]).
    #[cfg(test)]
    fn at(entry: &'static ([u8; 2], u8)) -> Option<Region> {
        regions().iter().copied().find(|r| r.alpha2.as_bytes() == entry.0)
    }

    /// The region `alpha2` with calling code `code`, from its patterns line and its groupings
    /// line of [`metadata::REGIONS`]. Its possible lengths are what its groupings add up to.
    fn parse(alpha2: &'static str, code: Code, index: usize, mut patterns: &'static str, groupings: &'static str) -> Region {
        let lengths = crate::text::split(groupings, b',').fold(0, |a, g| a | 1 << grouping_length(g).min(31));
        let pattern = cut(&mut patterns, b' ');
        let mut slots = [None; SLOT_COUNT];
        for (slot, text) in slots.iter_mut().zip(crate::text::split(patterns, b' ')) {
            if !text.is_empty() {
                *slot = Some(match crate::text::split_once(text, b':') {
                    Some((p, lengths)) => (p, lengths.bytes().fold(0, |a, b| a | 1 << base36(b).min(31))),
                    None => (text, lengths),
                });
            }
        }
        Region { alpha2, code, index, lengths, pattern, groupings, slots }
    }

    /// The pattern and possible lengths of type slot `i`, when the region has that type.
    fn slot(&self, i: usize) -> Option<(&'static str, u32)> {
        self.slots.get(i).copied().flatten()
    }

    /// The lengths at which `nsn` (and, with `open`, any continuation of it) is a number of one
    /// of the types in `slots` that also fits the general pattern, as a bit set. With `open`, the
    /// types and the general pattern are asked separately, so a bit may promise a little more
    /// than one continuation keeps (never less).
    fn type_ends(&self, nsn: &[u8], open: bool, slots: u16) -> u32 {
        let general = self.general_ends(nsn, open);
        if general == 0 {
            return 0;
        }
        let mut slots = slots;
        if slots & (1 << MOBILE) != 0 && self.slot(MOBILE).is_none() {
            slots |= 1 << FIXED_LINE;
        }
        let mut ends = 0;
        for i in 0..SLOTS.len() {
            if slots & (1 << i) == 0 {
                continue;
            }
            if let Some((p, lengths)) = self.slot(i) {
                ends |= match_lengths(p, nsn, open) & lengths;
            }
        }
        ends & general
    }

    /// [`match_lengths`] of the general pattern within the possible lengths (any of them where
    /// the region ships no general pattern).
    fn general_ends(&self, nsn: &[u8], open: bool) -> u32 {
        if self.pattern.is_empty() {
            // Like a pattern that matches everything: any prefix, and with `open` any length.
            return self.lengths & if open { u32::MAX } else { (2u32 << nsn.len()) - 1 };
        }
        match_lengths(self.pattern, nsn, open) & self.lengths
    }

    /// True when the complete national number `nsn` is of type slot `i`.
    fn is_of(&self, nsn: &[u8], i: usize) -> bool {
        self.slot(i).is_some_and(|(p, lengths)| lengths & (1 << nsn.len().min(31)) != 0 && pattern::full_match(p, nsn))
    }

    /// The type of the complete national number `nsn` in this region, as libphonenumber-js's
    /// `getNumberType` decides it: `None` when it is not a valid number here.
    fn number_type(&self, nsn: &[u8]) -> Option<PhoneType> {
        if nsn.len() > MAX_DIGITS || self.general_ends(nsn, false) & (1 << nsn.len()) == 0 {
            return None;
        }
        if self.is_of(nsn, FIXED_LINE) {
            let either = self.slot(MOBILE).is_none() || self.is_of(nsn, MOBILE);
            return Some(if either { PhoneType::FixedLineOrMobile } else { PhoneType::FixedLine });
        }
        TYPE_ORDER.iter().find(|&&i| self.is_of(nsn, i)).map(|&i| SLOTS[i])
    }

    /// Where `nsn` stands against the region's types (only those in `slots`), lengths and
    /// general pattern.
    fn fit(&self, nsn: &[u8], slots: u16) -> Fit {
        let n = nsn.len();
        if n > MAX_DIGITS {
            return Fit::TooLong(self.lengths);
        }
        let allowed = self.type_ends(nsn, true, slots);
        if allowed & (1 << n) != 0 {
            return Fit::Complete;
        }
        let longer = allowed & !((2u32 << n) - 1);
        if longer != 0 {
            return Fit::Short(longer);
        }
        let shorter = allowed & ((1u32 << n) - 1);
        if shorter != 0 {
            return Fit::TooLong(shorter);
        }
        if self.lengths >> n == 0 {
            return Fit::TooLong(self.lengths);
        }
        // A type's pattern can still be completed, but to no possible length.
        let mut ends = 0;
        for i in 0..SLOTS.len() {
            if let Some((p, _)) = self.slot(i) {
                ends |= match_lengths(p, nsn, true);
            }
        }
        if ends >> n != 0 && (ends & self.lengths) >> n == 0 {
            return Fit::InvalidLength(self.lengths);
        }
        Fit::Invalid
    }

    fn alpha3(&self) -> &'static str {
        let a2 = PARTS.iter().find(|(part, _)| *part == self.alpha2).map_or(self.alpha2, |(_, whole)| whole);
        crate::country::by_alpha2(a2).map_or(self.alpha2, |c| c.alpha3)
    }

    /// The digit groups to show for a national number of `len` digits (a lone digit in the
    /// groupings is a length with no grouping of its own).
    fn groups(&self, len: usize) -> Groups {
        match crate::text::split(self.groupings, b',').find(|g| grouping_length(g) == len) {
            Some(g) if g.len() > 1 => Groups::Listed(g),
            _ => Groups::Fours,
        }
    }

    /// This region's example national numbers, one per type slot (empty: none).
    fn examples(&self) -> impl Iterator<Item = &'static str> {
        let line = crate::text::split(metadata::EXAMPLES, b'\n').nth(self.index).unwrap_or("");
        crate::text::split(line, b' ')
    }
}

/// The number of digits a grouping shows: its base-36 group sizes added up (`144` is 9).
fn grouping_length(grouping: &str) -> usize {
    grouping.bytes().map(base36).sum()
}

/// The value of a base-36 digit of the metadata (`0`-`9`, `a`-`z`): a lengths' or a grouping's.
/// By its byte: `char::to_digit` costs more code in the wasm.
fn base36(b: u8) -> usize {
    usize::from(if b <= b'9' { b.wrapping_sub(b'0') } else { b.wrapping_sub(b'a' - 10) })
}

/// How a national number stands against one region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fit {
    Complete,
    /// Some continuation fits; the bit set holds the lengths it could reach.
    Short(u32),
    /// A complete number followed by more digits, or longer than any length.
    TooLong(u32),
    /// The digits fit the pattern but no possible length can be reached.
    InvalidLength(u32),
    /// The digits do not fit the region's numbering plan.
    Invalid,
}

impl Fit {
    fn rank(self) -> u8 {
        match self {
            Fit::Complete => 0,
            Fit::Short(_) => 1,
            Fit::TooLong(_) => 2,
            Fit::InvalidLength(_) => 3,
            Fit::Invalid => 4,
        }
    }
}

enum Groups {
    Listed(&'static str),
    Fours,
}

/// A country calling code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Code(u16);

impl Code {
    fn len(self) -> usize {
        match self.0 {
            100.. => 3,
            10.. => 2,
            _ => 1,
        }
    }

    /// `digits` after this code, when they start with it.
    fn strip(self, digits: &[u8]) -> Option<&[u8]> {
        let k = self.len();
        (digits.len() >= k && small_number(&digits[..k]) == Some(self.0)).then(|| &digits[k..])
    }

    /// True when `digits` is a beginning of this code short of all of it (`5` of 56, or nothing).
    fn started_by(self, digits: &[u8]) -> bool {
        // The code's first digits, as many as typed: a division by ten per digit not typed.
        let mut start = self.0;
        for _ in digits.len()..self.len() {
            start /= 10;
        }
        digits.len() < self.len() && small_number(digits) == Some(start)
    }

    fn plus(self) -> String {
        let mut out = String::from("+");
        crate::text::push_decimal(&mut out, self.0.into());
        out
    }
}

/// Every region, in the order of [`metadata::INDEX`], its two lines parsed once: the metadata has
/// no offsets of where each line starts (they cost more in the wasm than parsing once does).
fn regions() -> &'static [Region] {
    static REGIONS: std::sync::OnceLock<Vec<Region>> = std::sync::OnceLock::new();
    REGIONS.get_or_init(|| {
        let (mut all, mut code) = (Vec::new(), 0);
        let (mut patterns, mut fields) = (metadata::REGIONS, metadata::REGIONS.get(FIELDS_AT..).unwrap_or(""));
        for (i, step) in STEPS.iter().enumerate() {
            code += u16::from(*step);
            let p = cut(&mut patterns, b'\n');
            all.push(Region::parse(ALPHA2.get(i * 2..i * 2 + 2).unwrap_or(""), Code(code), i, p, cut(&mut fields, b'\n')));
        }
        all
    })
}

/// The text of `rest` up to the first `sep` (an ASCII byte; all of it without one); `rest` moves past it.
#[inline(never)]
fn cut(rest: &mut &'static str, sep: u8) -> &'static str {
    let (line, tail) = crate::text::split_once(rest, sep).unwrap_or((rest, ""));
    *rest = tail;
    line
}

/// Where the fields lines of [`metadata::REGIONS`] start: after the patterns line of every
/// region (found at compile time).
const FIELDS_AT: usize = {
    let b = metadata::REGIONS.as_bytes();
    let (mut i, mut lines) = (0, 0);
    while lines < REGION_COUNT {
        if b[i] == b'\n' {
            lines += 1;
        }
        i += 1;
    }
    i
};

/// [`metadata::INDEX`] split at compile time: the code steps, and the alpha-2 codes as one
/// text, checked once here (ASCII) so that the wasm validates no UTF-8 to slice it.
static STEPS: [u8; REGION_COUNT] = {
    let mut out = [0; REGION_COUNT];
    let mut i = 0;
    while i < REGION_COUNT {
        out[i] = metadata::INDEX[i].1;
        i += 1;
    }
    out
};
const REGION_COUNT: usize = metadata::INDEX.len();
const ALPHA2_BYTES: [u8; REGION_COUNT * 2] = {
    let mut out = [0; REGION_COUNT * 2];
    let mut i = 0;
    while i < out.len() {
        out[i] = metadata::INDEX[i / 2].0[i % 2];
        i += 1;
    }
    out
};
static ALPHA2: &str = match std::str::from_utf8(&ALPHA2_BYTES) {
    Ok(text) => text,
    Err(_) => panic!("the alpha-2 codes are ASCII"),
};

/// The regions of `from` that `keep` accepts, in order: one loop for every selection (a
/// generic filter is compiled once per closure).
fn select(from: &[Region], keep: &dyn Fn(&Region) -> bool) -> Vec<Region> {
    // A push loop: filter/copied/collect costs its own iterator and collect code in the wasm.
    let mut out = Vec::new();
    for r in from {
        if keep(r) {
            out.push(*r);
        }
    }
    out
}

/// The regions of a calling code, main region first.
fn of_code(code: Code) -> Vec<Region> {
    select(regions(), &|r| r.code == code)
}

/// [`of_code`] as an iterator, as the tests walk it.
#[cfg(test)]
fn on_code(code: Code) -> impl Iterator<Item = Region> {
    of_code(code).into_iter()
}

/// `digits` as a number (at most 3 digits, no leading zero; nothing is 0), for calling codes.
fn small_number(digits: &[u8]) -> Option<u16> {
    if digits.len() > 3 || digits.first() == Some(&b'0') {
        return None;
    }
    Some(digits.iter().fold(0u16, |a, d| a * 10 + u16::from(d - b'0')))
}

/// The calling code `digits` starts with (codes are prefix-free), if any region uses it.
fn code_of(digits: &[u8]) -> Option<Code> {
    regions().iter().map(|r| r.code).find(|c| c.strip(digits).is_some())
}

/// True when `digits` can still become a calling code.
fn starts_a_code(digits: &[u8]) -> bool {
    regions().iter().any(|r| r.code.started_by(digits))
}

/// The phone regions of an ISO alpha-3 country (its own first, then the parts ISO counts in it).
fn country_regions(alpha3: &str) -> Option<Vec<Region>> {
    let a2 = crate::country::by_alpha3(crate::text::trim(alpha3))?.alpha2;
    // Each country's list made once: finding it walked every region, two fifths of a phone
    // verdict's time.
    static BY_COUNTRY: std::sync::OnceLock<Vec<(&'static str, Vec<Region>)>> = std::sync::OnceLock::new();
    let all = BY_COUNTRY.get_or_init(|| {
        crate::country::COUNTRIES.iter().map(|c| (c.alpha2, own_first(c.alpha2))).filter(|(_, l)| !l.is_empty()).collect()
    });
    all.iter().find(|(c, _)| *c == a2).map(|(_, list)| list.clone())
}

/// The phone regions of an ISO alpha-2 country: the country's own region (one line of the
/// metadata) first, the parts (see [`PARTS`]) after it in order (SH before Ascension's AC,
/// which comes first by code). One walk: the own region is put at the front (a slice rotation
/// costs more code).
fn own_first(a2: &str) -> Vec<Region> {
    let mut list = Vec::new();
    for r in regions() {
        if r.alpha2 == a2 {
            list.insert(0, *r);
        } else if PARTS.iter().any(|(part, whole)| *part == r.alpha2 && *whole == a2) {
            list.push(*r);
        }
    }
    list
}

/// The country calling code of an ISO 3166-1 alpha-3 country (`"CHL"` -> `56`), for a form's
/// hint; `None` for unknown codes and countries with no calling code (AQ, BV, GS, HM, PN, TF, UM).
/// Saint Helena answers its main code, 290 (Ascension's 247 is accepted too).
pub fn calling_code(alpha3: &str) -> Option<u16> {
    Some(country_regions(alpha3)?.first()?.code.0)
}

/// Removes the separators people type and checks what remains is `+` and digits.
fn digits_of(input: &str) -> Result<String, &'static str> {
    let compact = crate::text::compact(input, ".-()");
    match compact.strip_prefix('+') {
        Some(d) if crate::text::all_bytes(d, |b| b.is_ascii_digit()) => Ok(d.to_string()),
        Some(_) => Err("phone.characters"),
        None if crate::text::all_bytes(&compact, |b| b.is_ascii_digit()) => Err("phone.missing_plus"),
        None => Err("phone.characters"),
    }
}

/// What the calling code and national number add up to for the chosen regions.
struct Reading {
    verdict: Verdict,
    /// The calling code and region used for display, once known.
    shown: Option<(Code, Region, usize)>,
}

/// The live verdict for a phone number as typed so far; `country` is the ISO 3166-1 alpha-3 of
/// the identity's country (`None`: any country, by the calling code). A valid verdict carries
/// the number's [`PhoneType`].
pub fn live(input: &str, country: Option<&str>) -> Verdict {
    live_of_types(input, country, None)
}

/// [`live`], accepting only numbers of the given types (`None` or empty: any). A number of
/// another type is `phone.not_mobile` when only mobile numbers are asked for, otherwise
/// `phone.type_not_allowed` (param: the types asked for, `tollFree, uan`); so is a number being
/// typed as soon as it can no longer become one of them. `FixedLineOrMobile` numbers (the USA,
/// Canada...: the metadata cannot tell) count as mobile and as fixed line.
pub fn live_of_types(input: &str, country: Option<&str>, types: Option<&[PhoneType]>) -> Verdict {
    if input.len() > MAX_INPUT_BYTES {
        return Verdict::too_long(MAX_INPUT_BYTES);
    }
    if crate::text::trim(input).is_empty() {
        return Verdict::empty();
    }
    let digits = match digits_of(input) {
        Ok(d) => d,
        Err(code) => return Verdict::invalid(code),
    };
    let types = types.filter(|t| !t.is_empty());
    let reading = read(digits.as_bytes(), country, types);
    let formatted = display(&digits, reading.shown);
    reading.verdict.with_formatted(formatted)
}

/// [`live`] for one region of libphonenumber's metadata by its region code (`CL`, `AX`, and
/// also `AC`, `TA`, `XK`, which have no ISO country of their own), exactly as
/// `isValidNumberForRegion` reads a number: valid only when one of that region's types matches.
/// For comparing with libphonenumber; forms use [`live`]. `None` for an unknown region.
pub fn live_for_region(input: &str, region: &str) -> Option<Verdict> {
    let r = *regions().iter().find(|r| r.alpha2 == region)?;
    let digits = match digits_of(input) {
        Ok(d) => d,
        Err(code) => return Some(Verdict::invalid(code)),
    };
    let Some(nsn) = r.code.strip(digits.as_bytes()) else {
        return Some(Verdict::invalid("phone.calling_code").with_param(r.code.plus()));
    };
    let reading = judge(r.code, nsn, &[r], true, None);
    Some(reading.verdict.with_formatted(display(&digits, reading.shown)))
}

/// The display form of a phone number as typed: `+56912` -> `+56 9 12`. Input that is not `+`
/// and digits (once separators are removed) comes back unchanged.
pub fn format(input: &str, country: Option<&str>) -> String {
    // The live verdict's display form: it has one exactly when the input is not too long, not
    // blank, and `+` and digits once separators are removed.
    live(input, country).formatted.unwrap_or_else(|| input.to_string())
}

fn read(d: &[u8], country: Option<&str>, types: Option<&[PhoneType]>) -> Reading {
    let targets = country.and_then(country_regions);
    let plain = |verdict| Reading { verdict, shown: None };
    match &targets {
        Some(list) => {
            if let Some((code, nsn)) = list.iter().find_map(|r| Some((r.code, r.code.strip(d)?))) {
                let mine = select(list, &|r| r.code == code);
                return judge(code, nsn, &mine, true, types);
            }
            let expected = list[0].code.plus();
            if list.iter().any(|r| r.code.started_by(d)) {
                return plain(Verdict::incomplete("phone.calling_code_expected").with_param(expected));
            }
            match code_of(d) {
                Some(other) => plain(Verdict::invalid("phone.country_mismatch").with_param(other.plus())),
                None => plain(Verdict::invalid("phone.calling_code").with_param(expected)),
            }
        }
        None => match code_of(d) {
            Some(code) => judge(code, &d[code.len()..], &of_code(code), false, types),
            None if starts_a_code(d) => plain(Verdict::incomplete("phone.calling_code_incomplete")),
            None => plain(Verdict::invalid("phone.unknown_calling_code")),
        },
    }
}

/// The type slots whose numbers can be of one of `types`. A "fixed line or mobile" number
/// matches the mobile pattern, or the fixed line one where a region has no mobile type (see
/// [`Region::type_ends`]).
fn slots_of(types: &[PhoneType]) -> u16 {
    let mut slots = 0;
    for (i, t) in SLOTS.iter().enumerate() {
        if types.contains(t) {
            slots |= 1 << i;
        }
    }
    if types.contains(&PhoneType::FixedLineOrMobile) {
        slots |= 1 << MOBILE;
    }
    slots
}

/// The longer lengths at which `nsn` can still become a number of one of `types` in one of
/// `mine`, if any.
fn still_of(mine: &[Region], nsn: &[u8], types: &[PhoneType]) -> Option<u32> {
    let mut bits = 0;
    for r in mine {
        if let Fit::Short(b) = r.fit(nsn, slots_of(types)) {
            bits |= b;
        }
    }
    (bits != 0).then_some(bits)
}

/// True when a number of type `found` is one of `types`.
fn accepts(types: &[PhoneType], found: PhoneType) -> bool {
    types.contains(&found)
        || (found == PhoneType::FixedLineOrMobile && types.iter().any(|t| matches!(t, PhoneType::Mobile | PhoneType::FixedLine)))
}

/// The verdict on a number of a type not in `types`.
fn type_not_allowed(types: &[PhoneType]) -> Verdict {
    if types.iter().all(|t| matches!(t, PhoneType::Mobile | PhoneType::FixedLineOrMobile)) {
        return Verdict::invalid("phone.not_mobile");
    }
    let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
    Verdict::invalid("phone.type_not_allowed").with_param(names.join(", "))
}

/// Judges the national number `nsn` typed after `code` against the chosen regions `mine` (all
/// on `code`), as libphonenumber's `isValidNumberForRegion` does: valid when one of their
/// types' patterns matches it. With `strict`, a number that only another region on the same
/// code can have (or still become) is that region's: `phone.country_mismatch`.
fn judge(code: Code, nsn: &[u8], mine: &[Region], strict: bool, types: Option<&[PhoneType]>) -> Reading {
    // The best fit among the chosen regions; the first one (the country's own) on a tie.
    let mut best: Option<(&Region, Fit)> = None;
    for r in mine {
        let f = r.fit(nsn, ALL_SLOTS);
        if best.is_none_or(|(_, bf)| f.rank() < bf.rank()) {
            best = Some((r, f));
        }
    }
    let Some((region, fit)) = best else {
        return Reading { verdict: Verdict::invalid("phone.unknown_calling_code"), shown: None };
    };
    let n = nsn.len();
    let shown_len = match fit {
        Fit::Short(bits) => bits.trailing_zeros() as usize,
        // A complete number and extra digits: group the complete part.
        Fit::TooLong(bits) if bits.checked_shr(n as u32).unwrap_or(0) == 0 => 31 - bits.leading_zeros() as usize,
        _ => n,
    };
    let shown = Some((code, *region, shown_len));
    let verdict = match fit {
        Fit::Complete => {
            let found = region.number_type(nsn);
            match (types, found) {
                // Of another type, but a longer number may still be of one asked for.
                (Some(t), Some(f)) if !accepts(t, f) => match still_of(mine, nsn, t) {
                    Some(bits) => Verdict::incomplete("phone.too_short").with_param(lengths_text(bits)),
                    None => type_not_allowed(t),
                },
                _ => {
                    // The digits one by one: no UTF-8 validation for what is ASCII.
                    let mut e164 = code.plus();
                    for &b in nsn {
                        e164.push(char::from(b));
                    }
                    Verdict::valid(e164).with_phone_type(found)
                }
            }
        }
        Fit::Short(bits) => match types {
            Some(t) if still_of(mine, nsn, t).is_none() => type_not_allowed(t),
            _ => Verdict::incomplete("phone.too_short").with_param(lengths_text(bits)),
        },
        failed => {
            let others = if strict {
                select(regions(), &|r| r.code == code && !mine.iter().any(|m| m.alpha2 == r.alpha2))
            } else {
                Vec::new()
            };
            let fits = |o: &&Region, complete: bool| match o.fit(nsn, ALL_SLOTS) {
                Fit::Complete => true,
                Fit::Short(_) => !complete,
                _ => false,
            };
            // A number another region has, else one it can still become.
            let owner = others.iter().find(|o| fits(o, true)).or_else(|| others.iter().find(|o| fits(o, false)));
            match (owner, failed) {
                (Some(o), _) => Verdict::invalid("phone.country_mismatch").with_param(o.alpha3()),
                (None, Fit::TooLong(bits)) => Verdict::invalid("phone.too_long").with_param(lengths_text(bits)),
                (None, Fit::InvalidLength(bits)) => {
                    Verdict::invalid("phone.invalid_length").with_param(lengths_text(bits))
                }
                (None, _) => Verdict::invalid("phone.invalid_number").with_param(code.plus()),
            }
        }
    };
    Reading { verdict, shown }
}

/// An example number of `country` (ISO 3166-1 alpha-3) and `kind` (`None`: a mobile number
/// when the country has one, else a fixed line one), as a person would type it: international
/// form in the country's grouping (`+56 2 2123 4567`). From the example numbers of Google's
/// metadata, each checked to be of its type by the shipped patterns. `None` for a country with
/// no calling code or no number of that type.
///
/// ```
/// use identity_kit::phone::{example, PhoneType};
/// // Chile does not tell mobiles from fixed lines: its mobile example is a fixed line or mobile one.
/// assert_eq!(example("CHL", Some(PhoneType::Mobile)).as_deref(), Some("+56 2 2123 4567"));
/// assert_eq!(example("USA", Some(PhoneType::TollFree)).as_deref(), Some("+1 800 234 5678"));
/// assert_eq!(example("CHL", Some(PhoneType::Pager)), None);
/// ```
pub fn example(country: &str, kind: Option<PhoneType>) -> Option<String> {
    let list = country_regions(country)?;
    let region = list.first()?;
    let wanted = [kind.unwrap_or(PhoneType::Mobile)];
    let pick = |slots: &[usize]| {
        slots.iter().find_map(|&i| {
            let nsn = region.examples().nth(i).filter(|e| !e.is_empty())?;
            let found = region.number_type(nsn.as_bytes())?;
            accepts(&wanted, found).then_some(nsn)
        })
    };
    let all: Vec<usize> = (0..SLOTS.len()).collect();
    let nsn = match kind {
        None => pick(&[MOBILE, FIXED_LINE]).or_else(|| region.examples().find(|e| !e.is_empty()))?,
        Some(_) => pick(&all)?,
    };
    let digits = crate::text::concat(&[&region.code.0.to_string(), nsn]);
    Some(display(&digits, Some((region.code, *region, nsn.len()))))
}

/// `9` / `10, 11` / `5-12` / `6-8, 10` from a bit set of lengths.
fn lengths_text(bits: u32) -> String {
    let mut out = String::new();
    let mut n = 0;
    while n < 32 {
        if bits & (1 << n) == 0 {
            n += 1;
            continue;
        }
        let mut end = n;
        while end + 1 < 32 && bits & (1 << (end + 1)) != 0 {
            end += 1;
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        crate::text::push_decimal(&mut out, n as u64);
        if end > n {
            // Two lengths in a row are listed, longer runs are a range.
            out.push_str(if end == n + 1 { ", " } else { "-" });
            crate::text::push_decimal(&mut out, end as u64);
        }
        n = end + 1;
    }
    out
}

/// `+` and `digits`, grouped: the calling code, then the national number in the region's
/// groups for `len` digits (the length it is heading for while incomplete).
fn display(digits: &str, shown: Option<(Code, Region, usize)>) -> String {
    let Some((code, region, len)) = shown else {
        return crate::text::concat(&["+", digits]);
    };
    let nsn = &digits[code.len().min(digits.len())..];
    let mut out = code.plus();
    let mut rest = nsn;
    let mut push = |group: &str| {
        out.push(' ');
        out.push_str(group);
    };
    match region.groups(len) {
        Groups::Listed(g) => {
            for size in g.bytes().map(base36) {
                if rest.is_empty() {
                    break;
                }
                let (a, b) = rest.split_at(size.min(rest.len()));
                push(a);
                rest = b;
            }
            if !rest.is_empty() {
                push(rest);
            }
        }
        Groups::Fours => {
            // Fours from the right, with what is left in front (9 -> 1 4 4, 10 -> 2 4 4); up to 5
            // digits in one group, 6 as 3 3.
            let total = len.max(nsn.len());
            let first = match total {
                0..=5 => total,
                6 | 7 => 3,
                _ if total % 4 == 0 => 4,
                _ => total % 4,
            };
            let mut size = first;
            while !rest.is_empty() {
                let (a, b) = rest.split_at(size.min(rest.len()));
                push(a);
                rest = b;
                size = 4;
            }
        }
    }
    out
}

pub const MESSAGES: crate::messages::Messages = crate::messages::messages! {
    "phone.missing_plus" => "Start with + and the country calling code (e.g. +56).", "Comienza con + y el código de país (por ejemplo +56).", "Comece com + e o código do país (por exemplo +56).";
    "phone.characters" => "A phone number has only + and digits (spaces, dots, dashes and parentheses are fine).", "Un teléfono solo tiene + y dígitos (se aceptan espacios, puntos, guiones y paréntesis).", "Um telefone tem apenas + e dígitos (espaços, pontos, hífens e parênteses são aceitos).";
    "phone.calling_code_incomplete" => "Keep typing the country calling code after the +.", "Sigue escribiendo el código de país después del +.", "Continue digitando o código do país depois do +.";
    "phone.calling_code_expected" => "Keep typing: numbers in this country start with {0}.", "Sigue escribiendo: los números de este país comienzan con {0}.", "Continue digitando: os números deste país começam com {0}.";
    "phone.calling_code" => "Numbers in this country start with {0}.", "Los números de este país comienzan con {0}.", "Os números deste país começam com {0}.";
    "phone.unknown_calling_code" => "No country uses this calling code.", "Ningún país usa este código telefónico.", "Nenhum país usa este código telefônico.";
    "phone.country_mismatch" => "This number belongs to another country ({0}), not the one chosen.", "Este número pertenece a otro país ({0}), no al elegido.", "Este número pertence a outro país ({0}), não ao escolhido.";
    "phone.too_short" => "Keep typing: {0} digits are expected after the country code.", "Sigue escribiendo: se esperan {0} dígitos después del código de país.", "Continue digitando: são esperados {0} dígitos depois do código do país.";
    "phone.too_long" => "This number is too long: {0} digits are expected after the country code.", "Este número es demasiado largo: se esperan {0} dígitos después del código de país.", "Este número é longo demais: são esperados {0} dígitos depois do código do país.";
    "phone.invalid_length" => "This number has a length no number here has: {0} digits are expected after the country code.", "Este número tiene un largo que no existe aquí: se esperan {0} dígitos después del código de país.", "Este número tem um comprimento que não existe aqui: são esperados {0} dígitos depois do código do país.";
    "phone.invalid_number" => "No phone number after {0} starts like this.", "Ningún teléfono con {0} comienza así.", "Nenhum telefone com {0} começa assim.";
    "phone.not_mobile" => "This is not a mobile number: a mobile number is needed here.", "Este no es un número de celular: aquí se necesita un celular.", "Este não é um número de celular: aqui é preciso um celular.";
    "phone.type_not_allowed" => "This kind of phone number is not accepted here (accepted: {0}).", "Este tipo de teléfono no se acepta aquí (se aceptan: {0}).", "Este tipo de telefone não é aceito aqui (são aceitos: {0}).";
};

#[cfg(test)]
mod tests;
