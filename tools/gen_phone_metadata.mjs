#!/usr/bin/env node
// Generates src/phone/metadata.rs (the phone numbering plans the crate ships) and
// src/phone/examples.rs (a test fixture) from libphonenumber-js's `metadata.max.json` (Google's
// full metadata) and google-libphonenumber's example numbers, both pinned in tools/package.json.
//
//   npm ci --prefix tools            # installs the exact versions pinned in tools/package.json
//   node tools/gen_phone_metadata.mjs
//   python3 tools/gen_iso_tables.py  # country table: takes its calling codes from the metadata
//
// Per region this keeps: alpha-2, calling code, the general national number pattern, every
// per-type pattern (fixed line, mobile, toll free, premium rate, personal number, voicemail,
// UAN, pager, VoIP, shared cost) with the type's lengths where its pattern alone does not imply
// them, and, for each possible length, one digit grouping taken from libphonenumber-js's own
// international formatting (a few bytes; the national formats are NOT copied: 8 KB gzip of
// patterns). Plus, per type, Google's example number, kept when libphonenumber-js agrees that it
// is valid and of that type. Output is deterministic (seeded random numbers only).
//
// The fixture records, for every region's example numbers and variants of them (a digit
// changed, one short, one long), libphonenumber-js's own region-level verdict and type, so the
// Rust tests check that the crate judges as libphonenumber-js does (tests/run-phone-diff.sh
// checks a far larger corpus).

import { createRequire } from 'node:module'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sample } from './phone-sample.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..')
const require = createRequire(join(here, 'package.json'))
const lib = require('libphonenumber-js')
const { PhoneNumber } = require('libphonenumber-js/core')
const meta = require('libphonenumber-js/metadata.max.json')
const examples = require('libphonenumber-js/examples.mobile.json')
const google = require('google-libphonenumber')
const versionOf = (name) => JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version
const libVersion = versionOf('libphonenumber-js')
const googleVersion = versionOf('google-libphonenumber')
for (const [name, version] of Object.entries(JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).dependencies)) {
  if (versionOf(name) !== version) {
    throw new Error(`tools/package.json pins ${name} ${version} but ${versionOf(name)} is installed: run npm ci --prefix tools`)
  }
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

// The per-type patterns, in libphonenumber-js's order of the metadata's types (index 11):
// fixed line, mobile, toll free, premium rate, personal number, voicemail, UAN, pager, VoIP,
// shared cost. src/phone.rs's PhoneType::SLOTS follows the same order.
const SLOTS = ['FIXED_LINE', 'MOBILE', 'TOLL_FREE', 'PREMIUM_RATE', 'PERSONAL_NUMBER', 'VOICEMAIL', 'UAN', 'PAGER', 'VOIP', 'SHARED_COST']
const gTypes = {
  FIXED_LINE: 'FIXED_LINE', MOBILE: 'MOBILE', TOLL_FREE: 'TOLL_FREE', PREMIUM_RATE: 'PREMIUM_RATE', PERSONAL_NUMBER: 'PERSONAL_NUMBER',
  VOICEMAIL: 'VOICEMAIL', UAN: 'UAN', PAGER: 'PAGER', VOIP: 'VOIP', SHARED_COST: 'SHARED_COST',
}
const b36 = (lengths) => lengths.map((n) => {
  if (!(n >= 1 && n < 36)) throw new Error(`cannot encode length ${n}`)
  return B36[n]
}).join('')

// libphonenumber-js's own verdict for a national number read as `region`'s, as
// isValidNumberForRegion reads it: its type, or '' when it is not valid there.
function typeFor(region, nsn) {
  try {
    const p = new PhoneNumber(region, nsn, meta)
    return p.isValid() ? p.getType() || '' : ''
  } catch {
    return ''
  }
}

// Per region and type, the example number of Google's metadata (google-libphonenumber),
// kept only when libphonenumber-js's max metadata agrees that it is valid and of that type
// (FIXED_LINE_OR_MOBILE counts for both). The two packages' metadata versions may differ.
const gUtil = google.PhoneNumberUtil.getInstance()
function exampleOf(region, slot) {
  const e = gUtil.getExampleNumberForType(region, google.PhoneNumberType[gTypes[slot]])
  if (!e) return ''
  const nsn = gUtil.getNationalSignificantNumber(e)
  const t = typeFor(region, nsn)
  const ok = t === slot || (t === 'FIXED_LINE_OR_MOBILE' && (slot === 'FIXED_LINE' || slot === 'MOBILE'))
  return ok ? nsn : ''
}


// True when the region's general pattern must be shipped: some number of one of its types (at
// the type's lengths) does not fit it. libphonenumber checks both; where every type's numbers
// fit the general pattern (all regions but a few, AT and DE today), checking the types alone
// says the same, and the general pattern is left out (2 KB gzip). Decided on 3,000 numbers
// drawn from each type's pattern (seeded); tests/run-phone-diff.sh checks the outcome.
function generalNeeded(region, d) {
  const rand = random([...region].reduce((a, c) => a * 31 + c.charCodeAt(0), 7))
  const pick = (n) => Math.floor(rand() * n)
  const general = new RegExp('^(?:' + d[2] + ')$')
  for (const t of d[11]) {
    if (!Array.isArray(t) || !t[0]) continue
    const lengths = t[1] || d[3]
    for (let k = 0; k < 3000; k++) {
      const n = sample(t[0], pick)
      if (lengths.includes(n.length) && !general.test(n)) return true
    }
  }
  return false
}

const lines = []
const fieldLines = []
const exampleLines = []
const keys = []
let examplesKept = 0
let examplesDropped = 0
const codes = Object.keys(meta.country_calling_codes).sort((a, b) => +a - +b)
for (const code of codes) {
  const regions = meta.country_calling_codes[code]
  if (regions.length === 1 && regions[0] === '001') continue // non-geographic entities (+800, +881...)
  for (const region of regions) {
    const d = meta.countries[region]
    if (!d) throw new Error(`no metadata for ${region}`)
    if (d[0] !== code) throw new Error(`${region}: code ${d[0]} != ${code}`)
    if (!Array.isArray(d[11])) throw new Error(`${region} has no types`)
    const fields = [generalNeeded(region, d) ? compact(checkPattern(d[2], region)) : '']
    const examples = []
    for (const [i, slot] of SLOTS.entries()) {
      const t = d[11][i]
      // 0 or absent: no such type; "": libphonenumber-js treats it as absent too (no pattern).
      if (!Array.isArray(t) || !t[0]) {
        fields.push('')
        examples.push('')
        continue
      }
      const p = compact(checkPattern(t[0], `${region} type ${slot}`))
      // The type's lengths (the region's when it lists none) are shipped only when the pattern
      // alone can match a length outside them.
      const allowed = t[1] || d[3]
      for (const n of allowed) if (!d[3].includes(n)) throw new Error(`${region} ${slot}: length ${n} not possible`)
      const needed = [...lengthsOf(p)].some((n) => !allowed.includes(n))
      fields.push(needed ? `${p}:${b36(allowed)}` : p)
      const ex = exampleOf(region, slot)
      if (ex) examplesKept++
      else if (gUtil.getExampleNumberForType(region, google.PhoneNumberType[gTypes[slot]])) examplesDropped++
      examples.push(ex)
    }
    while (fields.at(-1) === '') fields.pop()
    while (examples.length && examples.at(-1) === '') examples.pop()
    lines.push(fields.join(' '))
    fieldLines.push(groupings(region, d).join(','))
    exampleLines.push(examples.join(' '))
    keys.push([region, code])
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

const rs = `${header('metadata.max.json (metadata version ' + meta.version + ') and google-libphonenumber ' + googleVersion + "'s example numbers")}
//! Phone numbering plans: [\`INDEX\`] names the regions (alpha-2, calling code), in order.
//! [\`REGIONS\`] has two lines per region: first every region's patterns line, then every
//! region's groupings line (the patterns together and the short groupings together compress
//! better than one line per region). [\`EXAMPLES\`] has one line per region, in the same order.
//!
//! - patterns line: \`national_pattern type_0 type_1 ... type_9\`, separated by one space (the
//!   national pattern only where a type's numbers do not all fit it, else empty), in
//!   the order of \`PhoneType::SLOTS\` (fixed line, mobile, toll free, premium rate, personal
//!   number, voicemail, UAN, pager, VoIP, shared cost); an empty field is a type the region does
//!   not have (trailing ones are left out). A type is its pattern, then \`:\` and its possible
//!   lengths in base 36 only when the pattern alone could match a length the type does not list;
//! - patterns: libphonenumber's, in the smaller syntax of the crate's matcher: \`(?:\` written
//!   \`(\`, \`\\d\` written \`d\`, and its repetitions written out (\`\\d{2,4}\` is \`ddd?d?\`);
//! - groupings line: for each possible length of the national significant number, the digit
//!   groups to display, one base-36 digit each, comma separated (\`144\` is \`9 1234 5678\`, so 9
//!   is a possible length); a lone digit is a length with no grouping of its own (\`a\`: 10
//!   digits, grouped in fours). The possible lengths are what the groupings add up to;
//! - examples line: per type, in the same order, an example national number (empty: none).
//!
//! Regions are sorted by calling code; the first region of a code is its main region (the
//! order of libphonenumber's \`country_calling_codes\`).

/// Where the data comes from.
pub(super) const SOURCE: &str = "libphonenumber-js ${libVersion}, metadata.max.json";

/// Per region, in the order of each half of [\`REGIONS\`]: alpha-2, and how much its calling code
/// exceeds the previous region's (regions are sorted by code: 0 for a code's other regions).
pub(super) const INDEX: &[([u8; 2], u8)] = &[
${index.join('\n')}
];

pub(super) const REGIONS: &str = r"${lines.join('\n')}
${fieldLines.join('\n')}
";

pub(super) const EXAMPLES: &str = "${exampleLines.join('\n')}
";
`
writeFileSync(join(root, 'src/phone/metadata.rs'), rs)

// ---- test fixture ----
// Per region: its example numbers, then variants of them (one digit changed, one digit short,
// one digit long), each with libphonenumber-js max's verdict read as that region's
// (isValidNumberForRegion): the type, or "" when not valid there.
const fixture = []
const seen = new Set()
const rand = random(12345)
for (const [i, [region, code]] of keys.entries()) {
  const numbers = exampleLines[i].split(' ').filter(Boolean)
  const variants = []
  for (const nsn of numbers) {
    variants.push(nsn, nsn.slice(0, -1), nsn + Math.floor(rand() * 10))
    const k = Math.floor(rand() * nsn.length)
    variants.push(nsn.slice(0, k) + ((+nsn[k] + 1 + Math.floor(rand() * 9)) % 10) + nsn.slice(k + 1))
  }
  for (const nsn of variants) {
    if (seen.has(region + nsn)) continue
    seen.add(region + nsn)
    fixture.push(`    ("${region}", "+${code}${nsn}", "${typeFor(region, nsn)}"),`)
  }
}

writeFileSync(
  join(root, 'src/phone/examples.rs'),
  `${header('metadata.max.json, PhoneNumber(region, nationalNumber).isValid() and getType()')}
//! Test fixture: (region, number, the type libphonenumber-js gives the number read as that
//! region's, as isValidNumberForRegion reads it, or "" when it is not valid there).

pub(super) const EXAMPLES: &[(&str, &str, &str)] = &[
${fixture.join('\n')}
];
`,
)

console.log(`regions: ${lines.length}, metadata: ${rs.length} bytes, examples kept ${examplesKept}, dropped ${examplesDropped}, fixture: ${fixture.length} numbers`)
