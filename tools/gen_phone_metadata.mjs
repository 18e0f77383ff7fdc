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
// NOT copied (18 KB of text); each region gets instead, for each possible length, the digit
// grouping of the international format that fits that length (a few bytes).
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
const encLengths = (ls) => ls.map(enc).join('')

function checkPattern(p, what) {
  if (typeof p !== 'string' || !ALLOWED.test(p) || p.includes(' ') || p.includes('/')) {
    throw new Error(`${what}: pattern outside the supported syntax: ${p}`)
  }
  return p
}

// Digit groups of one format for a national number of length `len`, following the
// international format's layout ("$1 $2 $3-$4" -> separate groups; "$1$2" -> merged).
function grouping(format, len) {
  const [pattern, national, , , , intl] = format
  const layout = intl || national
  if (layout === 'NA') return null
  const groups = [...pattern.matchAll(/\(\\d(?:\{(\d+)(?:,(\d+))?\})?\)/g)].map((m) => {
    const min = m[1] ? +m[1] : 1
    return [min, m[2] ? +m[2] : min]
  })
  const fixed = groups.reduce((a, [min]) => a + min, 0)
  let extra = len - fixed
  if (extra < 0) return null
  // Longer variable groups take the surplus from the last one backwards.
  const sizes = groups.map(([min]) => min)
  for (let i = groups.length - 1; i >= 0 && extra > 0; i--) {
    const take = Math.min(extra, groups[i][1] - groups[i][0])
    sizes[i] += take
    extra -= take
  }
  if (extra > 0) return null
  // Merge groups the layout writes next to each other ("$1$2"); skip literal text.
  const out = []
  let adjacent = false
  for (const m of layout.matchAll(/\$(\d)|[^$]+/g)) {
    if (m[1] === undefined) {
      adjacent = false
      continue
    }
    const size = sizes[+m[1] - 1]
    if (size === undefined) return null
    if (adjacent) out[out.length - 1] += size
    else out.push(size)
    adjacent = true
  }
  return out
}

function leadingOk(format, nsn) {
  const lds = format[2]
  if (!lds || lds.length === 0) return true
  return new RegExp('^(?:' + lds[lds.length - 1] + ')').test(nsn)
}

function groupings(region, data, main) {
  const formats = data[4] || (main && meta.countries[main][4]) || []
  const example = examples[region]
  const out = []
  for (const len of data[3]) {
    const candidates = formats.filter((f) => new RegExp('^(?:' + f[0] + ')$').test('1'.repeat(len)) && grouping(f, len))
    if (candidates.length === 0) continue
    let chosen = null
    if (example && example.length === len) {
      chosen = candidates.find((f) => new RegExp('^(?:' + f[0] + ')$').test(example) && leadingOk(f, example))
    }
    if (!chosen) {
      // The broadest: the format whose first leading-digits pattern is shortest.
      const breadth = (f) => (f[2] && f[2].length ? f[2][0].length : 0)
      chosen = candidates.reduce((a, b) => (breadth(b) < breadth(a) ? b : a))
    }
    const g = grouping(chosen, len)
    if (g.length > 1) out.push(g.map(enc).join(''))
  }
  return out
}

const lines = []
const codes = Object.keys(meta.country_calling_codes).sort((a, b) => +a - +b)
const mainOf = {}
for (const code of codes) {
  const regions = meta.country_calling_codes[code]
  if (regions.length === 1 && regions[0] === '001') continue // non-geographic entities (+800, +881...)
  for (const region of regions) {
    const d = meta.countries[region]
    if (!d) throw new Error(`no metadata for ${region}`)
    if (d[0] !== code) throw new Error(`${region}: code ${d[0]} != ${code}`)
    mainOf[region] = regions[0]
    const main = region === regions[0] ? null : regions[0]
    const fields = [region, code, encLengths(d[3]), checkPattern(d[2], region)]
    const leading = typeof d[10] === 'string' ? checkPattern(d[10], region + ' leading digits') : ''
    fields.push(leading || '_')
    const g = groupings(region, d, main)
    fields.push(g.length ? g.join(',') : '_')
    if (Array.isArray(d[11]) && !leading && regions.length > 1) {
      for (const [i, t] of d[11].entries()) {
        if (!Array.isArray(t) || !t[0]) continue // 0: no such type; "": same as fixed line
        checkPattern(t[0], `${region} type ${i}`)
        fields.push(t[1] ? `${t[0]}/${encLengths(t[1])}` : t[0])
      }
    }
    lines.push(fields.join(' '))
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

const header = (what) => `// @generated by tools/gen_phone_metadata.mjs from libphonenumber-js ${libVersion} ${what}.
// Do not edit. Regenerate: \`npm ci --prefix tools && node tools/gen_phone_metadata.mjs\`.
`

const rs = `${header('metadata.min.json (metadata version ' + meta.version + ')')}
//! Phone numbering plans, one region a line, fields separated by one space:
//!
//! \`alpha2 calling_code lengths national_pattern leading_digits groupings [type_pattern[/lengths]]...\`
//!
//! - lengths: the possible lengths of the national significant number, one base-36 digit each
//!   (\`9ab\` is 9, 10, 11);
//! - leading_digits: the pattern a number's start must match to belong to this region when it
//!   shares its calling code, or \`_\`;
//! - groupings: for each length, the digit groups to display (\`144\` is \`9 1234 5678\`), comma
//!   separated, or \`_\`;
//! - type patterns: only for regions that share a calling code and have no leading digits
//!   (US, CA, GB...), the per-type patterns (fixed line, mobile, toll free...) that tell them
//!   apart, each with its own lengths after \`/\` when they differ from the region's.
//!
//! Regions are sorted by calling code; the first region of a code is its main region.

/// Where the data comes from.
pub(super) const SOURCE: &str = "libphonenumber-js ${libVersion}, metadata.min.json";

pub(super) const REGIONS: &str = r"${lines.join('\n')}
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
function add(region, code, nsn, kind) {
  const e164 = '+' + code + nsn
  if (seen.has(e164)) return
  const r = resolved(e164)
  // Only numbers libphonenumber-js reads back unchanged (no national prefix stripped).
  if (!r || r.nsn !== nsn || r.code !== code) return
  seen.add(e164)
  fixture.push(`    ("${region}", "${e164}", "${r.country}", ${kind}),`)
}
for (const region of Object.keys(examples).sort()) {
  const d = meta.countries[region]
  if (!d) continue
  const nsn = examples[region]
  const r = resolved('+' + d[0] + nsn)
  if (!r || r.nsn !== nsn) throw new Error(`example ${region} ${nsn} does not read back`)
  if (!lib.isPossiblePhoneNumber('+' + d[0] + nsn)) throw new Error(`example ${region} is not possible`)
  add(region, d[0], nsn, 'true')
}
// Variants on shared calling codes: keep a prefix of each example, fill the rest.
const fill = '2345678901234567'
for (const code of codes) {
  const regions = meta.country_calling_codes[code]
  if (regions.length < 2) continue
  for (const region of regions) {
    const nsn = examples[region]
    for (let k = 1; k < nsn.length; k++) add(region, code, nsn.slice(0, k) + fill.slice(0, nsn.length - k), 'false')
  }
}
// Every +1 area code.
for (let area = 200; area <= 999; area++) add('US', '1', `${area}2345678`, 'false')

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
