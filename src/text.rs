//! Small text helpers shared by the validators.

/// Longest input, in bytes, any validator looks at. Anything longer is rejected before any
/// work is done, so a pasted 10 MB string costs nothing.
pub const MAX_INPUT_BYTES: usize = 1024;

/// Removes the separators people type inside numbers (spaces, dots, dashes, slashes,
/// parentheses) and upper-cases ASCII letters.
pub fn compact(input: &str, separators: &str) -> String {
    // A plain loop, not filter/map/collect: smaller in the wasm, same result.
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if !c.is_whitespace() && !has_char(separators, c) {
            out.push(c.to_ascii_uppercase());
        }
    }
    out
}

/// Digits of `s` as numbers, or `None` if any character is not an ASCII digit.
pub fn digits(s: &str) -> Option<Vec<u32>> {
    values(s, |c| c.to_digit(10))
}

/// The value `value_of` gives each character of `s`, or `None` if it gives none for one.
/// One loop for every check-digit alphabet (a plain function, not a generic one, so the
/// wasm carries a single copy).
pub fn values(s: &str, value_of: fn(char) -> Option<u32>) -> Option<Vec<u32>> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        out.push(value_of(c)?);
    }
    Some(out)
}

/// `Σ value × weight` over `values` and `weights` side by side, as far as the shorter goes:
/// the sum behind every weighted check digit.
/// The weights are bytes (all are below 256): their tables take a quarter of the room.
pub fn weighted_sum(values: &[u32], weights: &[u8]) -> u32 {
    // Indexed, not `zip`: zip's random-access specialisation costs more in the wasm.
    let mut sum = 0;
    for i in 0..values.len().min(weights.len()) {
        sum += values[i] * u32::from(weights[i]);
    }
    sum
}

/// The `n`-th character of `s` from 0: `s.chars().nth(n)` without its fast path, which
/// costs more in the wasm than this walk over a few characters.
pub fn char_at(s: &str, n: usize) -> Option<char> {
    // A plain loop, not enumerate/find_map: smaller in the wasm.
    let mut i = 0;
    for c in s.chars() {
        if i == n {
            return Some(c);
        }
        i += 1;
    }
    None
}

/// A code as typed (`chl`, ` rut `): trimmed and upper-cased, as the tables spell it.
/// `s` without its leading and trailing whitespace, as `str::trim` (Unicode's White_Space):
/// a loop over the chars from each end, not std's generic pattern searcher, which costs more
/// code in the wasm.
pub fn trim(s: &str) -> &str {
    let mut chars = s.chars();
    let mut rest = chars.as_str();
    while chars.next().is_some_and(char::is_whitespace) {
        rest = chars.as_str();
    }
    let mut chars = rest.chars();
    let mut trimmed = chars.as_str();
    while chars.next_back().is_some_and(char::is_whitespace) {
        trimmed = chars.as_str();
    }
    trimmed
}

pub fn upper_trimmed(s: &str) -> String {
    trim(s).to_ascii_uppercase()
}

/// `parts` end to end: `[..].concat()` without std's generic joiner, which costs more in the
/// wasm than this loop (and is the same loop as [`join`] with no separator).
pub fn concat(parts: &[&str]) -> String {
    join(parts, "")
}

/// `parts` with `sep` between them: `[..].join(sep)` without std's generic joiner.
pub fn join(parts: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}

/// `s` split around its last `sep` (an ASCII byte): `s.rsplit_once(char)` without std's
/// reverse character searcher.
#[inline(never)]
pub fn rsplit_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    // A plain loop, not `rposition`: smaller in the wasm.
    let mut i = s.len();
    while i > 0 {
        i -= 1;
        if s.as_bytes()[i] == sep {
            return Some(around(s, i));
        }
    }
    None
}

/// Where the first `sep` (an ASCII byte) is in `s`: `s.find(char)` without std's character
/// searcher and its memchr, which cost more in the wasm than this walk over short texts.
#[inline(never)]
pub fn find_byte(s: &str, sep: u8) -> Option<usize> {
    // A plain loop, not `position`: smaller in the wasm.
    let mut i = 0;
    while i < s.len() {
        if s.as_bytes()[i] == sep {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `s` split around its first `sep` (an ASCII byte): `s.split_once(char)` on [`find_byte`].
#[inline(never)]
pub fn split_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    Some(around(s, find_byte(s, sep)?))
}

/// `s` before and after its byte `i`, an ASCII byte (so a whole character, and the slicing
/// cannot fail): the one copy of the slicing [`split_once`] and [`rsplit_once`] share.
#[inline(never)]
fn around(s: &str, i: usize) -> (&str, &str) {
    (&s[..i], &s[i + 1..])
}

/// The pieces of `s` between its `sep`s (an ASCII byte): `s.split(char)` on [`split_once`].
pub fn split(s: &str, sep: u8) -> Split<'_> {
    Split { rest: Some(s), sep }
}

/// The pieces of `s` each ended by a `sep` (an ASCII byte), the last perhaps not:
/// `s.split_terminator(char)` on [`split`], which is the same but for a trailing empty piece.
pub fn split_terminator(s: &str, sep: u8) -> Split<'_> {
    let rest = match s.as_bytes().last() {
        None => None,
        // The last byte is an ASCII `sep`, a whole character, so the slicing cannot fail.
        Some(&b) if b == sep => Some(&s[..s.len() - 1]),
        Some(_) => Some(s),
    };
    Split { rest, sep }
}

/// The iterator of [`split`]: one non-generic type, so the wasm carries a single copy.
pub struct Split<'a> {
    /// What is left to split; `None` once the last piece is out.
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        let (piece, tail) = match split_once(rest, self.sep) {
            Some((piece, tail)) => (piece, Some(tail)),
            None => (rest, None),
        };
        self.rest = tail;
        Some(piece)
    }
}

/// Whether `c` is one of the characters of `set`: `set.contains(c)` for a `c` not known to be
/// ASCII, which std answers with its two-way substring searcher (costly in the wasm).
pub fn has_char(set: &str, c: char) -> bool {
    set.chars().any(|x| x == c)
}

/// Where `needle` (non-empty) first starts in `s`: `s.find(needle)` without std's two-way
/// searcher, whose set-up costs more in the wasm than this walk over short texts.
pub fn find(s: &str, needle: &str) -> Option<usize> {
    let (s, n) = (s.as_bytes(), needle.as_bytes());
    (0..(s.len() + 1).checked_sub(n.len())?).find(|&i| !n.is_empty() && s[i..].starts_with(n))
}

/// Every `from` (non-empty) in `s` replaced by `to`, left to right: `s.replace(from, to)` on
/// [`find`]. A match of a whole `str` starts and ends on character boundaries, so the slicing
/// cannot fail.
pub fn replace(s: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = find(rest, from) {
        out.push_str(&rest[..i]);
        out.push_str(to);
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

/// `n` in decimal, as `to_string` writes it, without the formatting machinery (which the
/// validators otherwise do not need).
pub fn decimal(n: usize) -> String {
    let mut out = String::new();
    push_decimal(&mut out, n as u64);
    out
}

/// Appends `n` in decimal to `out`.
pub fn push_decimal(out: &mut String, n: u64) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// True when every character is an ASCII digit (and there is at least one).
pub fn all_digits(s: &str) -> bool {
    !s.is_empty() && all_bytes(s, |b| b.is_ascii_digit())
}

/// True when `ok` holds for every character of `s`: `s.chars().all(ok)` once for every test,
/// as [`all_bytes`].
#[inline(never)]
pub fn all_chars(s: &str, ok: fn(char) -> bool) -> bool {
    for c in s.chars() {
        if !ok(c) {
            return false;
        }
    }
    true
}

/// True when `ok` holds for every byte of `s` (so also for an empty `s`): `s.bytes().all(ok)`
/// with the test as a pointer, so the wasm carries one loop rather than one per test.
pub fn all_bytes(s: &str, ok: fn(u8) -> bool) -> bool {
    all_of(s.as_bytes(), ok)
}

/// [`all_bytes`] for a byte slice (the loop both share).
#[inline(never)]
pub fn all_of(bytes: &[u8], ok: fn(u8) -> bool) -> bool {
    for &b in bytes {
        if !ok(b) {
            return false;
        }
    }
    true
}

/// Code points no one can see, or that reorder what is shown: Unicode's
/// Default_Ignorable_Code_Point set (soft hyphen, zero-width space/joiners, word joiner,
/// byte-order mark, the bidi embeddings, overrides, isolates and marks, variation selectors,
/// Hangul fillers, tags...) and the other invisible format characters (interlinear annotation
/// U+FFF9-FFFB). Inclusive ranges, as `u32` pairs; a byte table is not worth its code here.
const INVISIBLE: [(u32, u32); 18] = [
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFFB),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0x13430, 0x1343F),
    (0xE0000, 0xE0FFF),
];

/// Whether `c` is invisible or a bidi control (see [`INVISIBLE`]): text that carries one looks
/// the same as text without it, so two "same" values would compare different, and a bidi
/// override can make a name show as another.
pub fn is_invisible(c: char) -> bool {
    let c = u32::from(c);
    // Every invisible code point is at or above U+00AD: ASCII and most Latin-1 skip the table.
    c >= 0xAD && INVISIBLE.iter().any(|&(lo, hi)| lo <= c && c <= hi)
}

/// The first invisible character of `s` ([`is_invisible`]), if any.
pub fn first_invisible(s: &str) -> Option<char> {
    s.chars().find(|&c| is_invisible(c))
}

/// `U+200B`: how a message names a character that cannot be shown.
pub fn code_point(c: char) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let n = u32::from(c);
    let mut out = String::from("U+");
    let digits = if n > 0xFFFF { if n > 0xFFFFF { 6 } else { 5 } } else { 4 };
    for i in (0..digits).rev() {
        out.push(char::from(HEX[(n >> (4 * i) & 0xF) as usize]));
    }
    out
}

/// Groups `digits` in threes from the right with `sep`: `12345678` -> `12.345.678`.
pub fn group_thousands(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    // Characters left, counted down (not enumerate): a separator before each three but the first.
    let n = digits.chars().count();
    let mut left = n;
    for c in digits.chars() {
        if left < n && left % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
        left -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn trims_as_std_does() {
        for s in ["", " ", "a", " a ", "\u{a0}\u{3000}12.345\t\n", "a b", "\u{2028}x\u{85}", "é ", " \u{200b}x", "  \u{feff}"] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn invisible_characters() {
        for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{AD}', '\u{FE0F}', '\u{E0041}', '\u{3164}', '\u{180E}', '\u{FFF9}'] {
            assert!(is_invisible(c), "{}", code_point(c));
        }
        for c in ['a', ' ', '\u{A0}', 'é', '\u{301}', 'ñ', '\u{2028}', '-', '\u{2010}', '中', '😀', '\u{10FFFF}', '\u{AC}', '\u{AE}'] {
            assert!(!is_invisible(c), "{}", code_point(c));
        }
        assert_eq!(first_invisible("ana\u{200B}@x.com"), Some('\u{200B}'));
        assert_eq!(first_invisible("ana@x.com"), None);
        assert_eq!(code_point('\u{200B}'), "U+200B");
        assert_eq!(code_point('\u{AD}'), "U+00AD");
        assert_eq!(code_point('\u{E0041}'), "U+E0041");
        assert_eq!(code_point('\u{10FFFF}'), "U+10FFFF");
    }

    #[test]
    fn groups() {
        assert_eq!(group_thousands("12345678", '.'), "12.345.678");
        assert_eq!(group_thousands("1234567", '.'), "1.234.567");
        assert_eq!(group_thousands("123", '.'), "123");
        assert_eq!(group_thousands("", '.'), "");
    }
    #[test]
    fn decimals() {
        for n in [0, 7, 10, 56, 200, 1024, 4096, 65535, usize::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }
    #[test]
    fn compacts() {
        assert_eq!(compact(" 12.345.678-k ", ".-"), "12345678K");
    }
    #[test]
    fn std_equivalents() {
        let texts = ["", "a", "..", "a..b...c", "%2E%2e", "Ñ ñN\u{303}x", "{0} and {0}", "ab{0"];
        for s in texts {
            for n in ["..", "%2e", "ñ", "N\u{303}", "{0}", "a", "x"] {
                assert_eq!(find(s, n), s.find(n), "{s:?} {n:?}");
                assert_eq!(replace(s, n, "Ñ"), s.replace(n, "Ñ"), "{s:?} {n:?}");
            }
            for c in ['.', 'ñ', '\u{303}', 'z'] {
                assert_eq!(has_char(s, c), s.contains(c));
            }
        }
        for s in texts.iter().chain(&["a.b", ".a.", "ñ.Ñ", "x\u{2e}", "\u{100}.\u{2e00}", ".", "a..", "ñ."]) {
            for sep in [b'.', b'{', b'a', b'x'] {
                let c = char::from(sep);
                assert_eq!(find_byte(s, sep), s.find(c), "{s:?} {c:?}");
                assert_eq!(split_once(s, sep), s.split_once(c), "{s:?} {c:?}");
                assert_eq!(rsplit_once(s, sep), s.rsplit_once(c), "{s:?} {c:?}");
                assert_eq!(split(s, sep).collect::<Vec<_>>(), s.split(c).collect::<Vec<_>>(), "{s:?} {c:?}");
                assert_eq!(split_terminator(s, sep).collect::<Vec<_>>(), s.split_terminator(c).collect::<Vec<_>>(), "{s:?} {c:?}");
            }
        }
        assert_eq!(concat(&["a", "", "bc"]), "abc");
        assert_eq!(join(&["a", "b", "c"], ", "), ["a", "b", "c"].join(", "));
        assert_eq!(join(&[], ", "), "");
    }
}

/// `a == b` at compile time (`str`'s `==` is not a `const fn`).
pub(crate) const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
