#!/usr/bin/env node
// Generates src/phone/metadata.rs (the phone numbering plans the crate ships) and
// src/phone/examples.rs (a test fixture) from libphonenumber-js's `metadata.min.json` and
// `examples.mobile.json`.
//
//   npm ci --prefix tools            # installs the exact libphonenumber-js pinned in tools/package.json
//   node tools/gen_phone_metadata.mjs
//   python3 tools/gen_iso_tables.py  # country table: takes its calling codes from the same metadata
//
// The min metadata is Google's libphonenumber metadata reduced by libphonenumber-js to what a
// length check needs. Per region this keeps: alpha-2, calling code, possible lengths of the
// national significant number, the national number pattern, the leading-digits pattern
// (index 10, when a string) and, only for regions that share a calling code without leading
// digits, the per-type patterns (index 11) that tell such regions apart. National formats are
// NOT copied (18 KB of patterns); each region gets instead, for each possible length, one digit
// grouping taken from libphonenumber-js's own international formatting (a few bytes).
//
// The examples fixture records, for every region's example mobile number, the region
// libphonenumber-js itself resolves it to, plus variants of the numbers on shared calling codes
// (and every +1 area code), so the Rust tests check that the crate tells regions apart exactly
// as libphonenumber-js does.

import { createRequire } from 'node:module'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..')
const require = createRequire(join(here, 'package.json'))
const lib = require('libphonenumber-js')
const meta = require('libphonenumber-js/metadata.min.json')
const examples = require('libphonenumber-js/examples.mobile.json')
const libVersion = JSON.parse(readFileSync(join(here, 'node_modules/libphonenumber-js/package.json'), 'utf8')).version
const pinned = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).dependencies['libphonenumber-js']
if (pinned !== libVersion) {
  throw new Error(`tools/package.json pins libphonenumber-js ${pinned} but ${libVersion} is installed: run npm ci --prefix tools`)
}

const ALLOWED = /^[0-9()\[\]\\d{},|?:-]*$/
const B36 = '0123456789abcdefghijklmnopqrstuvwxyz'
const enc = (n) => {
  if (!(n >= 1 && n < 36)) throw new Error(`cannot encode ${n}`)
  return B36[n]
}

function checkPattern(p, what) {
  if (typeof p !== 'string' || !ALLOWED.test(p) || p.includes(' ') || p.includes('/')) {
    throw new Error(`${what}: pattern outside the supported syntax: ${p}`)
  }
  return p
}

// The digit groups libphonenumber-js's international format gives `nsn` (`+54 9 11 2345-6789`
// -> [1, 2, 4, 4]), or null when it formats none.
function groupsOf(code, nsn) {
  let p
  try {
    p = lib.parsePhoneNumber('+' + code + nsn)
  } catch {
    return null
  }
  if (!p || p.nationalNumber !== nsn) return null
  const groups = p.formatInternational().slice(code.length + 2).split(/[^0-9]+/).filter(Boolean)
  if (groups.join('') !== nsn || groups.length < 2) return null
  return groups.map((g) => g.length)
}

// A small deterministic generator, so that the output only changes with the metadata.
function random(seed) {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
}

// Per possible length, the grouping to display: the one of the region's example mobile number
// for its length, otherwise the grouping libphonenumber-js gives most often to random numbers of
// that length that fit the region's national pattern.
function groupings(region, d) {
  const code = d[0]
  const national = new RegExp('^(?:' + d[2] + ')$')
  const example = examples[region]
  const out = []
  for (const len of d[3]) {
    let chosen = example && example.length === len ? groupsOf(code, example) : null
    if (!chosen) {
      const rand = random([...region].reduce((a, c) => a * 31 + c.charCodeAt(0), len))
      const votes = new Map()
      for (let tries = 0, got = 0; tries < 20000 && got < 200; tries++) {
        let nsn = ''
        for (let i = 0; i < len; i++) nsn += Math.floor(rand() * 10)
        if (!national.test(nsn)) continue
        got++
        const g = groupsOf(code, nsn)
        if (g) votes.set(g.join(','), (votes.get(g.join(',')) || 0) + 1)
      }
      let best = 0
      for (const [g, n] of votes) {
        if (n > best) {
          best = n
          chosen = g.split(',').map(Number)
        }
      }
    }
    // A length with no grouping is written as its one digit (grouped in fours by the crate):
    // groupings have at least two groups, so this cannot be mistaken for one.
    out.push(chosen ? chosen.map(enc).join('') : enc(len))
  }
  return out
}

// The pattern in the crate's smaller syntax (src/phone/pattern.rs): non-capturing groups
// written as plain groups, `\d` as `d`, and its repetitions written out (`\d{3}` is `ddd`,
// `\d{2,4}` is `ddd?d?`). The metadata repeats nothing but `\d`; anything the smaller syntax
// cannot say is an error. Written out, the patterns compress better, and the matcher needs no
// repetition counts.
const compact = (p) => {
  const out = p
    .replaceAll('(?:', '(')
    .replace(/\\d\{(\d+)(?:,(\d+))?\}/g, (_, min, max) => 'd'.repeat(+min) + 'd?'.repeat(max === undefined ? 0 : +max - +min))
    .replaceAll('\\d', 'd')
  if (!/^[0-9()\[\]d|?-]*$/.test(out) || out.includes('??')) throw new Error(`pattern outside the smaller syntax: ${p}`)
  return out
}

// The lengths a pattern in the smaller syntax can match, as a Set.
function lengthsOf(p) {
  let i = 0
  const alternation = () => {
    const out = new Set()
    for (;;) {
      for (const n of sequence()) out.add(n)
      if (p[i] !== '|') return out
      i++
    }
  }
  const sequence = () => {
    let cur = new Set([0])
    while (i < p.length && p[i] !== '|' && p[i] !== ')') {
      let atom = new Set([1])
      if (p[i] === '(') {
        i++
        atom = alternation()
        if (p[i] !== ')') throw new Error(`unbalanced pattern: ${p}`)
        i++
      } else if (p[i] === '[') {
        i = p.indexOf(']', i) + 1
        if (i === 0) throw new Error(`unclosed class: ${p}`)
      } else {
        i++
      }
      if (p[i] === '?') {
        i++
        atom.add(0)
      }
      const next = new Set()
      for (const a of cur) for (const b of atom) next.add(a + b)
      cur = next
    }
    return cur
  }
  const out = alternation()
  if (i !== p.length) throw new Error(`unbalanced pattern: ${p}`)
  return out
}

const lines = []
const fieldLines = []
const keys = []
const codes = Object.keys(meta.country_calling_codes).sort((a, b) => +a - +b)
for (const code of codes) {
  const regions = meta.country_calling_codes[code]
  if (regions.length === 1 && regions[0] === '001') continue // non-geographic entities (+800, +881...)
  for (const region of regions) {
    const d = meta.countries[region]
    if (!d) throw new Error(`no metadata for ${region}`)
    if (d[0] !== code) throw new Error(`${region}: code ${d[0]} != ${code}`)
    const patterns = [compact(checkPattern(d[2], region))]
    const leading = typeof d[10] === 'string' ? compact(checkPattern(d[10], region + ' leading digits')) : ''
    const g = groupings(region, d)
    const fields = leading ? [g.join(','), leading] : [g.join(',')]
    if (Array.isArray(d[11]) && !leading && regions.length > 1) {
      const types = []
      for (const [i, t] of d[11].entries()) {
        if (!Array.isArray(t) || !t[0]) continue // 0: no such type; "": same as fixed line
        const p = compact(checkPattern(t[0], `${region} type ${i}`))
        // A type's possible lengths (the region's when it lists none) are not shipped: every
        // length its pattern can match is one of them, so the pattern alone says the same.
        const allowed = t[1] || d[3]
        for (const n of lengthsOf(p)) {
          if (!allowed.includes(n) || !d[3].includes(n)) throw new Error(`${region} type ${i}: length ${n} not possible`)
        }
        types.push(p)
      }
      // One pattern for all the types: the crate only asks whether any of them matches.
      if (types.length) patterns.push(types.join('|'))
    }
    lines.push(patterns.join(' '))
    fieldLines.push(fields.join(' '))
    keys.push([region, code])
  }
}

// Regions that share a calling code must be told apart by leading digits or by types.
for (const code of codes) {
  const regions = meta.country_calling_codes[code]
  if (regions.length < 2) continue
  for (const r of regions.slice(1)) {
    const d = meta.countries[r]
    if (typeof d[10] !== 'string' && !Array.isArray(d[11])) throw new Error(`${r} on +${code} cannot be told apart`)
  }
}

// Which region each line is, with its calling code as the step from the previous line's (codes
// are sorted; steps fit a byte and compress better than codes). The crate parses every line
// once, when first needed, so no offsets of where lines start are shipped.
const index = []
let previous = 0
for (const [i, line] of lines.entries()) {
  if (!/^[\x20-\x7e]*$/.test(line + fieldLines[i])) throw new Error(`non-ASCII metadata line: ${line}`)
  const [a2, code] = keys[i]
  const step = +code - previous
  if (step < 0 || step > 255) throw new Error(`calling code ${code} is not a byte after ${previous}`)
  index.push(`    (*b"${a2}", ${step}),`)
  previous = +code
}

const header = (what) => `// @generated by tools/gen_phone_metadata.mjs from libphonenumber-js ${libVersion} ${what}.
// Do not edit. Regenerate: \`npm ci --prefix tools && node tools/gen_phone_metadata.mjs\`.
`

const rs = `${header('metadata.min.json (metadata version ' + meta.version + ')')}
//! Phone numbering plans: [\`INDEX\`] names the regions (alpha-2, calling code), in order.
//! [\`REGIONS\`] has two lines per region: first every region's patterns line, then every
//! region's fields line (the patterns together and the short fields together compress better
//! than one line per region); fields are separated by one space:
//!
//! - patterns line: \`national_pattern [type_patterns]\`
//! - fields line: \`groupings [leading_digits]\`
//!
//! - groupings: for each possible length of the national significant number, the digit groups
//!   to display, one base-36 digit each, comma separated (\`144\` is \`9 1234 5678\`, so 9 is a
//!   possible length); a lone digit is a length with no grouping of its own (\`a\`: 10 digits,
//!   grouped in fours). The possible lengths are what the groupings add up to;
//! - patterns: libphonenumber's, in the smaller syntax of the crate's matcher: \`(?:\` written
//!   \`(\`, \`\\d\` written \`d\`, and its repetitions written out (\`\\d{2,4}\` is \`ddd?d?\`);
//! - leading_digits: the pattern a number's start must match to belong to this region when it
//!   shares its calling code (none: the region has no such pattern);
//! - type patterns: only for regions that share a calling code and have no leading digits
//!   (US, CA, GB...), the per-type patterns (fixed line, mobile, toll free...) that tell them
//!   apart, as one alternation (\`fixed|mobile|...\`). Their lengths are not shipped: each
//!   type's pattern matches only lengths possible for it (checked by the generator).
//!
//! Regions are sorted by calling code; the first region of a code is its main region (the
//! order of libphonenumber's \`country_calling_codes\`).

/// Where the data comes from.
pub(super) const SOURCE: &str = "libphonenumber-js ${libVersion}, metadata.min.json";

/// Per region, in the order of each half of [\`REGIONS\`]: alpha-2, and how much its calling code
/// exceeds the previous region's (regions are sorted by code: 0 for a code's other regions).
pub(super) const INDEX: &[([u8; 2], u8)] = &[
${index.join('\n')}
];

pub(super) const REGIONS: &str = r"${lines.join('\n')}
${fieldLines.join('\n')}
";
`
writeFileSync(join(root, 'src/phone/metadata.rs'), rs)

// ---- test fixture ----
const fixture = []
const seen = new Set()
function resolved(e164) {
  try {
    const p = lib.parsePhoneNumber(e164)
    if (!p) return null
    return { country: p.country || '', nsn: p.nationalNumber, code: p.countryCallingCode }
  } catch {
    return null
  }
}
function add(region, code, nsn, isExample) {
  const e164 = '+' + code + nsn
  if (seen.has(e164) && !isExample) return
  const r = resolved(e164)
  // Only numbers libphonenumber-js reads back unchanged (no national prefix stripped).
  if (!r || r.nsn !== nsn || r.code !== code) return
  seen.add(e164)
  fixture.push(`    ("${region}", "${e164}", "${r.country}", ${isExample}),`)
}
for (const region of Object.keys(examples).sort()) {
  const d = meta.countries[region]
  if (!d) continue
  const nsn = examples[region]
  const r = resolved('+' + d[0] + nsn)
  if (!r || r.nsn !== nsn) throw new Error(`example ${region} ${nsn} does not read back`)
  if (!lib.isPossiblePhoneNumber('+' + d[0] + nsn)) throw new Error(`example ${region} is not possible`)
  add(region, d[0], nsn, true)
}
// Variants on shared calling codes: keep a prefix of each example, fill the rest.
const fill = '2345678901234567'
for (const code of codes) {
  const regions = meta.country_calling_codes[code]
  if (regions.length < 2) continue
  for (const region of regions) {
    const nsn = examples[region]
    for (let k = 1; k < nsn.length; k++) add(region, code, nsn.slice(0, k) + fill.slice(0, nsn.length - k), false)
  }
}
// Every +1 area code.
for (let area = 200; area <= 999; area++) add('US', '1', `${area}2345678`, false)

writeFileSync(
  join(root, 'src/phone/examples.rs'),
  `${header('examples.mobile.json and parsePhoneNumber()')}
//! Test fixture: (region, number, the region libphonenumber-js resolves the number to or "",
//! whether it is the region's own example mobile number).

pub(super) const EXAMPLES: &[(&str, &str, &str, bool)] = &[
${fixture.join('\n')}
];
`,
)

console.log(`regions: ${lines.length}, metadata: ${rs.length} bytes, fixture: ${fixture.length} numbers`)
