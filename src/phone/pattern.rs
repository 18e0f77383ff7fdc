//! A tiny matcher for the phone metadata's digit patterns: libphonenumber's regular expressions
//! in the smaller syntax tools/gen_phone_metadata.mjs writes them in. Digits, `d` for any digit
//! (`\d`), classes `[...]` with ranges, groups `(...)`, alternation `|` and `?`; repetitions
//! are written out (`\d{3}` is `ddd`, `\d{2,4}` is `ddd?d?`), so there are no counts to read.
//! Patterns are read straight from their text on every call: nothing is compiled, allocated or
//! cached.
//!
//! It works on sets of positions: evaluating a piece of pattern maps the set of input positions
//! it may start at to the set of positions it may end at, as a bit set. Inputs are at most
//! [`MAX_DIGITS`] digits, so a set fits in a `u32`. Past the end of the input the matcher can
//! pretend the input goes on with "any digit" (`open`), which answers "can this input still be
//! completed into a match, and at which lengths" in the same single pass.
//!
//! A malformed pattern (never the case for the shipped metadata, see the tests) matches nothing.

/// Longest input the matcher reads; positions `0..=MAX_DIGITS` are tracked.
pub(crate) const MAX_DIGITS: usize = 24;

const ALL_DIGITS: u16 = 0x3ff;

/// The lengths at which `pattern` matches `digits`, as a bit set (bit `k`: a match of length `k`).
///
/// With `open == false` this is the set of `k <= digits.len()` such that the pattern matches
/// exactly `digits[..k]`. With `open == true` the input is taken to continue with any digits up
/// to [`MAX_DIGITS`], so a bit `k > digits.len()` means some continuation of `digits` to length
/// `k` matches. Inputs longer than [`MAX_DIGITS`] or with non-digits match nothing.
pub(crate) fn match_lengths(pattern: &str, digits: &[u8], open: bool) -> u32 {
    if digits.len() > MAX_DIGITS || !crate::text::all_of(digits, |b| b.is_ascii_digit()) {
        return 0;
    }
    let mut m = Matcher { pat: pattern.as_bytes(), text: digits, open, bad: false };
    let (end, set) = m.alternation(0, 1);
    if m.bad || end != m.pat.len() {
        return 0;
    }
    set
}

/// True when `pattern` matches all of `digits`.
pub(crate) fn full_match(pattern: &str, digits: &[u8]) -> bool {
    digits.len() <= MAX_DIGITS && match_lengths(pattern, digits, false) & (1 << digits.len()) != 0
}

/// True when `digits` can be completed (possibly with nothing) into a full match of `pattern`.
#[cfg(test)]
pub(crate) fn is_prefix(pattern: &str, digits: &[u8]) -> bool {
    digits.len() <= MAX_DIGITS && match_lengths(pattern, digits, true) >> digits.len() != 0
}

/// True when `pattern` matches a beginning of `digits` (JavaScript's `digits.search(p) === 0`):
/// how libphonenumber reads leading-digits patterns.
#[cfg(test)]
pub(crate) fn matches_start(pattern: &str, digits: &[u8]) -> bool {
    match_lengths(pattern, digits, false) != 0
}

/// True when the pattern could parse: used by the tests over the whole metadata.
#[cfg(test)]
pub(crate) fn parses(pattern: &str) -> bool {
    let mut m = Matcher { pat: pattern.as_bytes(), text: b"", open: true, bad: false };
    let (end, _) = m.alternation(0, 1);
    !m.bad && end == m.pat.len()
}

struct Matcher<'a> {
    pat: &'a [u8],
    text: &'a [u8],
    open: bool,
    bad: bool,
}

impl Matcher<'_> {
    fn peek(&self, i: usize) -> Option<u8> {
        self.pat.get(i).copied()
    }

    /// `a|b|...` from `i` up to a `)` or the end; returns where it stopped and the end set.
    fn alternation(&mut self, mut i: usize, set: u32) -> (usize, u32) {
        let mut out = 0;
        loop {
            let (j, s) = self.sequence(i, set);
            out |= s;
            if self.peek(j) == Some(b'|') {
                i = j + 1;
            } else {
                return (j, out);
            }
        }
    }

    /// Atoms one after the other, each optional when a `?` follows it.
    fn sequence(&mut self, mut i: usize, set: u32) -> (usize, u32) {
        let mut cur = set;
        while let Some(c) = self.peek(i) {
            if c == b'|' || c == b')' || self.bad {
                break;
            }
            let (after, once) = self.atom(i, cur);
            if self.peek(after) == Some(b'?') {
                cur |= once;
                i = after + 1;
            } else {
                cur = once;
                i = after;
            }
        }
        (i, cur)
    }

    /// One atom (digit, `d`, class or group) applied to `set`; returns where it ends.
    fn atom(&mut self, i: usize, set: u32) -> (usize, u32) {
        match self.peek(i) {
            Some(c @ b'0'..=b'9') => (i + 1, self.step(set, 1 << (c - b'0'))),
            Some(b'd') => (i + 1, self.step(set, ALL_DIGITS)),
            Some(b'[') => {
                let (j, mask) = self.class(i + 1);
                (j, self.step(set, mask))
            }
            Some(b'(') => {
                let (k, s) = self.alternation(i + 1, set);
                if self.peek(k) != Some(b')') {
                    self.bad = true;
                    return (k, 0);
                }
                (k + 1, s)
            }
            _ => {
                self.bad = true;
                (i + 1, 0)
            }
        }
    }

    /// The digits a class `[...]` (after its `[`) accepts, and where it ends.
    fn class(&mut self, mut i: usize) -> (usize, u16) {
        let mut mask = 0u16;
        loop {
            match self.peek(i) {
                Some(b']') if mask != 0 => return (i + 1, mask),
                Some(lo @ b'0'..=b'9') => {
                    if self.peek(i + 1) == Some(b'-') && matches!(self.peek(i + 2), Some(b'0'..=b'9')) {
                        let hi = self.pat[i + 2];
                        if hi < lo {
                            self.bad = true;
                            return (i, 0);
                        }
                        // An exclusive range (hi is a digit, so no overflow): RangeInclusive's
                        // iterator costs more code.
                        for d in lo..hi + 1 {
                            mask |= 1 << (d - b'0');
                        }
                        i += 3;
                    } else {
                        mask |= 1 << (lo - b'0');
                        i += 1;
                    }
                }
                _ => {
                    self.bad = true;
                    return (i, 0);
                }
            }
        }
    }

    /// Moves every position of `set` over one digit in `mask`.
    fn step(&self, set: u32, mask: u16) -> u32 {
        let mut out = 0;
        let mut rest = set;
        while rest != 0 {
            let p = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            let ok = match self.text.get(p) {
                Some(&c) => mask & (1 << (c - b'0')) != 0,
                None => self.open && p < MAX_DIGITS && mask != 0,
            };
            if ok {
                out |= 1 << (p + 1);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lengths(bits: u32) -> Vec<u32> {
        (0..32).filter(|k| bits & (1 << k) != 0).collect()
    }

    #[test]
    fn literals_classes_and_digits() {
        assert!(full_match("123", b"123"));
        assert!(!full_match("123", b"124"));
        assert!(!full_match("123", b"12"));
        assert!(!full_match("123", b"1234"));
        assert!(full_match("dd", b"07"));
        assert!(full_match("[2-9]", b"5"));
        assert!(!full_match("[2-9]", b"1"));
        assert!(full_match("[02-46-9]", b"0"));
        assert!(full_match("[02-46-9]", b"3"));
        assert!(!full_match("[02-46-9]", b"5"));
        assert!(full_match("[0-9]", b"5"));
        assert!(full_match("", b""));
        assert!(!full_match("", b"1"));
    }

    #[test]
    fn groups_alternation_optional() {
        assert!(full_match("(12|34)5", b"345"));
        assert!(full_match("(12|34)5", b"125"));
        assert!(!full_match("(12|34)5", b"145"));
        assert!(full_match("1|23|456", b"23"));
        assert!(full_match("ddd", b"123"));
        assert!(!full_match("ddd", b"1234"));
        // `\d{2,4}`, written out.
        assert!(full_match("ddd?d?", b"12"));
        assert!(full_match("ddd?d?", b"1234"));
        assert!(!full_match("ddd?d?", b"12345"));
        assert!(!full_match("ddd?d?", b"1"));
        assert!(full_match("12?3", b"13"));
        assert!(full_match("12?3", b"123"));
        assert!(full_match("(1(2|3d))(1(2|3d))", b"12134"));
        assert!(full_match("(dd)?(dd)?9", b"12349"));
        assert!(full_match("8(dd)?", b"8"));
        assert!(full_match("8(dd)?", b"812"));
        assert!(!full_match("8(dd)?", b"81"));
    }

    #[test]
    fn prefixes_and_lengths() {
        // `12300\d{6}|6\d{9,10}|[2-9]\d{8}`
        let p = "12300dddddd|6dddddddddd?|[2-9]dddddddd";
        assert!(is_prefix(p, b""));
        assert!(is_prefix(p, b"9"));
        assert!(is_prefix(p, b"91234"));
        assert!(is_prefix(p, b"912345678"));
        assert!(!is_prefix(p, b"9123456789"));
        assert!(is_prefix(p, b"123"));
        assert!(!is_prefix(p, b"124"));
        assert!(!is_prefix(p, b"0"));
        assert_eq!(lengths(match_lengths(p, b"", true)), [9, 10, 11]);
        assert_eq!(lengths(match_lengths(p, b"6", true)), [9, 10, 11]);
        assert_eq!(lengths(match_lengths(p, b"61", true)), [9, 10, 11]);
        assert_eq!(lengths(match_lengths(p, b"9", true)), [9]);
        assert_eq!(lengths(match_lengths(p, b"1", true)), [11]);
        // A complete number followed by more digits: the match ends before the input does.
        assert_eq!(lengths(match_lengths(p, b"9123456789", false)), [9]);
        assert_eq!(lengths(match_lengths(p, b"9123456789", true)), [9]);
    }

    #[test]
    fn leading_digits_match_a_start() {
        let ld = "8001|8[024]9";
        assert!(matches_start(ld, b"8095550123"));
        assert!(matches_start(ld, b"809"));
        assert!(!matches_start(ld, b"80"));
        assert!(!matches_start(ld, b"8185550123"));
        assert!(matches_start("[3489]", b"9"));
    }

    #[test]
    fn malformed_patterns_match_nothing() {
        // Outside the smaller syntax too: `\d`, `(?:`, counts, `*`, `+` and a `?` on nothing.
        for p in ["(12", "12)", "[12", "[]", "[9-1]", r"\d", "(?:1)", "d{2}", "1*", "1+", "?1", "1??", "a", "[d]"] {
            assert!(!parses(p), "{p} should not parse");
            assert_eq!(match_lengths(p, b"12", true), 0, "{p}");
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let any = "d?".repeat(40);
        assert_eq!(match_lengths(&any, &[b'1'; 200], true), 0);
        assert_eq!(match_lengths(&any, b"12a", true), 0);
        assert!(full_match(&any, &[b'1'; MAX_DIGITS]));
        assert!(!full_match(&any, &[b'1'; MAX_DIGITS + 1]));
        assert!(!is_prefix(&any, &[b'1'; MAX_DIGITS + 1]));
        assert!(full_match("((((((((1))))))))", b"1"));
    }
}
