// The differential test of tests/run-phone-diff.sh: generates a corpus of phone numbers over
// every region of libphonenumber-js's max metadata, asks libphonenumber-js (the region-level
// verdict of isValidNumberForRegion: new PhoneNumber(region, nationalNumber).isValid() and
// getType()) and identity-kit (examples/phone_verdicts.rs, path in argv[2]), and compares.
//
// The corpus, deterministic (seeded): per region, Google's example number of each type
// (google-libphonenumber), and per example one digit changed (three times), one digit short
// and one digit long; per possible length, random digit strings; per type, random numbers
// drawn from the type's own pattern (so that many are valid), and the same variants of those.

import { createRequire } from 'node:module'
import { spawnSync } from 'node:child_process'
import { sample } from '../../tools/phone-sample.mjs'

const require = createRequire(import.meta.url)
const meta = require('libphonenumber-js/metadata.max.json')
const { PhoneNumber } = require('libphonenumber-js/core')
const { isValidPhoneNumber } = require('libphonenumber-js/max')
const google = require('google-libphonenumber')
const util = google.PhoneNumberUtil.getInstance()

let seed = 20261207
const rand = () => {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 2 ** 32
}
const pick = (n) => Math.floor(rand() * n)
const digit = () => String(pick(10))


const TYPES = ['FIXED_LINE', 'MOBILE', 'TOLL_FREE', 'PREMIUM_RATE', 'PERSONAL_NUMBER', 'VOICEMAIL', 'UAN', 'PAGER', 'VOIP', 'SHARED_COST']
const NAME = {
  FIXED_LINE: 'fixedLine', MOBILE: 'mobile', FIXED_LINE_OR_MOBILE: 'fixedLineOrMobile', TOLL_FREE: 'tollFree',
  PREMIUM_RATE: 'premiumRate', PERSONAL_NUMBER: 'personalNumber', VOICEMAIL: 'voicemail', UAN: 'uan', PAGER: 'pager',
  VOIP: 'voip', SHARED_COST: 'sharedCost',
}

const corpus = [] // { region, code, nsn, kind }
const seen = new Set()
const add = (region, code, nsn, kind) => {
  if (!nsn || nsn.length > 17 || seen.has(region + nsn)) return
  seen.add(region + nsn)
  corpus.push({ region, code, nsn, kind })
}
const variants = (region, code, nsn) => {
  for (let k = 0; k < 3; k++) {
    const at = pick(nsn.length)
    add(region, code, nsn.slice(0, at) + ((+nsn[at] + 1 + pick(9)) % 10) + nsn.slice(at + 1), 'one digit changed')
  }
  add(region, code, nsn.slice(0, -1), 'one digit short')
  add(region, code, nsn + digit(), 'one digit long')
}

const regions = Object.keys(meta.countries).filter((r) => r !== '001').sort()
for (const region of regions) {
  const d = meta.countries[region]
  const code = d[0]
  for (const type of TYPES) {
    const e = util.getExampleNumberForType(region, google.PhoneNumberType[type])
    if (!e) continue
    const nsn = util.getNationalSignificantNumber(e)
    add(region, code, nsn, 'example')
    variants(region, code, nsn)
  }
  for (const len of d[3]) {
    for (let k = 0; k < 12; k++) {
      let nsn = String(1 + pick(9))
      while (nsn.length < len) nsn += digit()
      add(region, code, nsn, 'random')
    }
  }
  for (const t of d[11] || []) {
    if (!Array.isArray(t) || !t[0]) continue
    for (let k = 0; k < 8; k++) {
      const nsn = sample(t[0], pick)
      add(region, code, nsn, 'from a type pattern')
      if (k < 2) variants(region, code, nsn)
    }
  }
}

// libphonenumber-js's verdict for the region: its type, or '' when not valid there.
const expected = corpus.map(({ region, nsn }) => {
  const p = new PhoneNumber(region, nsn, meta)
  return p.isValid() ? NAME[p.getType()] || '?' : ''
})

const input = corpus.map(({ region, code, nsn }) => `${region} +${code}${nsn}`).join('\n') + '\n'
const run = spawnSync(process.argv[2], { input, maxBuffer: 1 << 28 })
if (run.status !== 0) throw new Error(`phone_verdicts failed: ${run.stderr}`)
const answers = run.stdout.toString().trimEnd().split('\n')
if (answers.length !== corpus.length) throw new Error(`${answers.length} answers for ${corpus.length} numbers`)

const tally = new Map()
const count = (kind, ok) => {
  const t = tally.get(kind) || { n: 0, ok: 0 }
  t.n++
  if (ok) t.ok++
  tally.set(kind, t)
}
const disagreements = []
let validBoth = 0
let typeAgree = 0
let validCount = 0
let e164Differs = 0
for (const [i, item] of corpus.entries()) {
  const [state, code, kind] = answers[i].split(' ')
  const theirs = expected[i]
  const oursValid = state === 'valid'
  if (theirs) validCount++
  // isValidPhoneNumber(e164, region) picks the region itself from the number: counted apart.
  if (isValidPhoneNumber(`+${item.code}${item.nsn}`, item.region) !== !!theirs) e164Differs++
  const agree = oursValid === !!theirs
  count('all', agree)
  count(item.kind, agree)
  const where = `${item.region} +${item.code}${item.nsn} (${item.kind})`
  if (!agree) {
    disagreements.push(
      oursValid
        ? `${where}: identity-kit valid (${kind}), libphonenumber-js not valid for the region`
        : `${where}: libphonenumber-js valid (${theirs}), identity-kit ${state} ${code}`,
    )
  } else if (oursValid) {
    validBoth++
    if (kind === theirs) typeAgree++
    else disagreements.push(`${where}: both valid, type ${kind} here, ${theirs} in libphonenumber-js`)
  }
}

for (const line of disagreements) console.log('DISAGREE', line)
console.log(`regions: ${regions.length}, numbers: ${corpus.length}, valid for libphonenumber-js: ${validCount}`)
for (const [kind, { n, ok }] of tally) console.log(`  valid agrees, ${kind}: ${ok}/${n} (${((100 * ok) / n).toFixed(3)} %)`)
console.log(`  type agrees where both valid: ${typeAgree}/${validBoth}`)
console.log(`  (isValidPhoneNumber(e164, region), which reads the region from the number, differs from the region-level verdict on ${e164Differs} numbers: +1 204... is valid as Canadian for 'US')`)

const all = tally.get('all')
const examples = tally.get('example')
const failures = []
if (corpus.length < 20000) failures.push(`only ${corpus.length} numbers`)
if (all.ok / all.n < 0.999) failures.push('valid agrees on less than 99.9 %')
if (examples.ok !== examples.n) failures.push('an example number disagrees')
if (typeAgree / validBoth < 0.999) failures.push('type agrees on less than 99.9 %')
if (failures.length) {
  console.log(`FAIL: ${failures.join('; ')}`)
  process.exit(1)
}
console.log('phone diff: PASS')
