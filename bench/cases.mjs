// The benchmark's inputs and contenders, shared by the Node and the Chromium runs: for each
// check, deterministic inputs (valid and invalid, typed the ways people type them), the
// identity-kit call and the peer library's call that answer the same question.
import rut from "rut.js";
import curp from "curp";
import { cpf, cnpj } from "cpf-cnpj-validator";
import { isPossiblePhoneNumber } from "libphonenumber-js";
// Validity by the full metadata, as identity-kit judges it since issue 15.
import { isValidPhoneNumber } from "libphonenumber-js/max";
import isEmail from "validator/lib/isEmail.js";

/** mulberry32: the same inputs on every run. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(20250424);
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join("");
const pick = (list) => list[int(0, list.length - 1)];
/** A wrong last character in place of the right one. */
const wrongLast = (s, alphabet = "0123456789") => {
  const last = s.at(-1);
  let c;
  do c = pick([...alphabet]); while (c === last);
  return s.slice(0, -1) + c;
};

function rutInputs() {
  const out = [];
  for (let i = 0; i < 40; i++) {
    const body = String(int(1_000_000, 25_999_999));
    const dv = rut.getCheckDigit(body);
    const dotted = body.replace(/\B(?=(\d{3})+$)/g, ".");
    const forms = [`${dotted}-${dv}`, `${body}-${dv}`, `${body}${dv}`];
    out.push(forms[i % 3]);
    if (i % 2) out.push(wrongLast(forms[(i + 1) % 3], "0123456789K"));
  }
  return out;
}

const mod11 = (nums, weights) => {
  const r = nums.reduce((s, n, i) => s + n * weights[i], 0) % 11;
  return r < 2 ? 0 : 11 - r;
};
function cpfInputs() {
  const out = [];
  for (let i = 0; i < 40; i++) {
    const base = [...digits(9)].map(Number);
    const d1 = mod11(base, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
    const d2 = mod11([...base, d1], [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    const plain = base.join("") + d1 + d2;
    const value = i % 2 ? plain : `${plain.slice(0, 3)}.${plain.slice(3, 6)}.${plain.slice(6, 9)}-${plain.slice(9)}`;
    out.push(value);
    if (i % 2) out.push(wrongLast(value));
  }
  return out;
}

const CNPJ_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
function cnpjInputs() {
  const out = [];
  const w1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
  const w2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
  for (let i = 0; i < 40; i++) {
    // Every fourth one alphanumeric (valid from July 2026).
    const alnum = i % 4 === 3;
    const base = Array.from({ length: 12 }, (_, k) => (alnum && k < 8 ? pick([...CNPJ_CHARS]) : String(int(0, 9))));
    if (!alnum) base.splice(8, 4, ..."0001");
    const values = base.map((c) => c.charCodeAt(0) - 48);
    const d1 = mod11(values, w1);
    const d2 = mod11([...values, d1], w2);
    const plain = base.join("") + d1 + d2;
    const value = i % 2 ? plain
      : `${plain.slice(0, 2)}.${plain.slice(2, 5)}.${plain.slice(5, 8)}/${plain.slice(8, 12)}-${plain.slice(12)}`;
    out.push(value);
    if (i % 2) out.push(wrongLast(value));
  }
  return out;
}

const CURP_CHARS = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ";
const STATES = ["AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN", "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS", "NE"];
function curpInputs() {
  const out = [];
  const vowels = "AEIOU";
  const consonants = "BCDFGHJKLMNPQRSTVWXYZ";
  for (let i = 0; i < 40; i++) {
    const yy = int(40, 99);
    const stem = pick([...consonants]) + pick([...vowels]) + pick([...consonants]) + pick([...consonants]) +
      String(yy).padStart(2, "0") + String(int(1, 12)).padStart(2, "0") + String(int(1, 28)).padStart(2, "0") +
      pick(["H", "M"]) + pick(STATES) + pick([...consonants]) + pick([...consonants]) + pick([...consonants]) +
      "0"; // homonym digit: born before 2000
    const sum = [...stem].reduce((s, c, k) => s + CURP_CHARS.indexOf(c) * (18 - k), 0);
    const value = stem + ((10 - (sum % 10)) % 10);
    out.push(value);
    if (i % 2) out.push(wrongLast(value));
  }
  return out;
}

// Numbers in the shapes people type them: E.164, spaced; the calling code always matches the
// country (identity-kit also rejects a mismatch, which the peer's call does not check).
const PHONES = [
  ["CHL", "CL", () => `+569${digits(8)}`], ["CHL", "CL", () => `+56 2 ${digits(4)} ${digits(4)}`],
  ["MEX", "MX", () => `+52 55 ${digits(4)} ${digits(4)}`], ["USA", "US", () => `+1 ${int(201, 989)} ${int(200, 999)} ${digits(4)}`],
  ["BRA", "BR", () => `+55 11 9${digits(4)}-${digits(4)}`], ["ARG", "AR", () => `+54 9 11 ${digits(4)}-${digits(4)}`],
  ["COL", "CO", () => `+57 3${digits(2)} ${digits(3)} ${digits(4)}`], ["PER", "PE", () => `+51 9${digits(2)} ${digits(3)} ${digits(3)}`],
];
function phoneInputs() {
  const out = [];
  for (let i = 0; i < 48; i++) {
    const [alpha3, alpha2, make] = PHONES[i % PHONES.length];
    let value = make();
    if (i % 3 === 1) value = value.slice(0, -2); // too short
    if (i % 3 === 2 && i % 2) value += digits(3); // too long
    out.push({ value, alpha3, alpha2 });
  }
  return out;
}

const EMAILS = [
  "someone@example.com", "ana.maria@empresa.cl", "user+tag@sub.example.org", "josé@ejemplo.cl",
  "A@EXAMPLE.COM", "first.last@mail.co.uk", "x_y-z@domain.io", "a@b.co", "name@xn--bcher-kva.de",
  "no-at-sign", "a@b", "a..b@c.com", "@example.com", "someone@", "some one@example.com",
  "someone@exa mple.com", "someone@.example.com", "someone@example..com", "x@localhost", ".dot@start.com",
];

/**
 * The checks: `{ name, peer, inputs, ik(input) -> boolean, peerFn(input) -> boolean }`, and
 * identity-kit's other two calls on the same question: `state(input)` (fieldState, the state
 * alone) and `column(inputs)` (validateColumn, one crossing for the whole list).
 * `kit` is identity-kit's module (already initialised).
 */
export function makeCases(kit) {
  const { validateField, fieldState, validateColumn } = kit;
  const doc = (documentType, country) => {
    const ctx = { documentType, country };
    return {
      ik: (value) => validateField("documentNumber", value, ctx).state === "valid",
      state: (value) => fieldState("documentNumber", value, ctx) === "valid",
      column: (values) => validateColumn("documentNumber", values, ctx),
    };
  };
  const phoneCtx = Object.fromEntries(PHONES.map(([a3]) => [a3, { country: a3 }]));
  const phones = phoneInputs();
  const phone = {
    ik: (p) => validateField("phone", p.value, phoneCtx[p.alpha3]).state === "valid",
    state: (p) => fieldState("phone", p.value, phoneCtx[p.alpha3]) === "valid",
  };
  const email = {
    ik: (v) => validateField("email", v).state === "valid",
    state: (v) => fieldState("email", v) === "valid",
    column: (values) => validateColumn("email", values),
  };
  return [
    { name: "phone (valid)", peer: "libphonenumber-js/max isValidPhoneNumber", inputs: phones, ...phone,
      peerFn: (p) => isValidPhoneNumber(p.value, p.alpha2) },
    { name: "phone (possible)", peer: "libphonenumber-js isPossiblePhoneNumber (min)", inputs: phones, ...phone,
      peerFn: (p) => isPossiblePhoneNumber(p.value, p.alpha2) },
    { name: "email", peer: "validator isEmail", inputs: EMAILS, ...email, peerFn: (v) => isEmail(v) },
    { name: "RUT (CHL)", peer: "rut.js validate", inputs: rutInputs(), ...doc("RUT", "CHL"), peerFn: (v) => rut.validate(v) },
    { name: "CPF (BRA)", peer: "cpf-cnpj-validator cpf.isValid", inputs: cpfInputs(), ...doc("CPF", "BRA"), peerFn: (v) => cpf.isValid(v) },
    { name: "CNPJ (BRA)", peer: "cpf-cnpj-validator cnpj.isValid", inputs: cnpjInputs(), ...doc("CNPJ", "BRA"), peerFn: (v) => cnpj.isValid(v) },
    { name: "CURP (MEX)", peer: "curp validar", inputs: curpInputs(), ...doc("CURP", "MEX"), peerFn: (v) => curp.validar(v) },
  ];
}

const show = (input) => (typeof input === "string" ? input : `${input.value} (${input.alpha3})`);

/**
 * Keeps the inputs on which identity-kit and the peer give the same verdict, so that both race
 * on the same work; reports the others.
 */
export function agree(c) {
  const kept = [];
  const dropped = [];
  for (const input of c.inputs) {
    const a = c.ik(input);
    const b = c.peerFn(input);
    (a === b ? kept : dropped).push(`${show(input)}: identity-kit ${a ? "valid" : "not valid"}, peer ${b ? "valid" : "not valid"}`);
    if (a === b) kept[kept.length - 1] = input;
  }
  return { kept, dropped };
}

let sink = 0;
/** Calls per second of `fn` over `inputs`: warm-up, then the best of `rounds` timed rounds. */
export function measure(fn, inputs, { rounds = 5, minMs = 200 } = {}) {
  for (let i = 0; i < 20; i++) for (const x of inputs) sink ^= fn(x) ? 1 : 0;
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const t0 = performance.now();
    let elapsed;
    do {
      for (const x of inputs) sink ^= fn(x) ? 1 : 0;
      calls += inputs.length;
      elapsed = performance.now() - t0;
    } while (elapsed < minMs);
    best = Math.max(best, (calls * 1000) / elapsed);
  }
  return best;
}

/** Values per second of `column(values)` (one call judges them all), as `measure` does. */
export function measureColumn(column, inputs, { rounds = 5, minMs = 200 } = {}) {
  // A column of realistic length: the inputs repeated to 10,000 values.
  const values = Array.from({ length: 10_000 }, (_, i) => inputs[i % inputs.length]);
  for (let i = 0; i < 3; i++) sink ^= column(values).length;
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    let elapsed;
    do {
      const out = column(values);
      if (out.length !== values.length) throw new Error("validateColumn dropped verdicts");
      n += values.length;
      elapsed = performance.now() - t0;
    } while (elapsed < minMs);
    best = Math.max(best, (n * 1000) / elapsed);
  }
  return best;
}

/**
 * Runs every case: agreement first (identity-kit's three calls must answer alike, and the
 * peer like them), then each timed on the agreed inputs.
 */
export function runAll(kit, options) {
  return makeCases(kit).map((c) => {
    for (const x of c.inputs) {
      if (c.state(x) !== c.ik(x)) throw new Error(`${c.name}: fieldState and validateField disagree on ${show(x)}`);
    }
    if (c.column) {
      const states = c.column(c.inputs).map((v) => v.state === "valid");
      c.inputs.forEach((x, i) => {
        if (states[i] !== c.ik(x)) throw new Error(`${c.name}: validateColumn and validateField disagree on ${show(x)}`);
      });
    }
    const { kept, dropped } = agree(c);
    const valid = kept.filter((x) => c.ik(x)).length;
    const ik = kept.length ? measure(c.ik, kept, options) : 0;
    const state = kept.length ? measure(c.state, kept, options) : 0;
    const column = kept.length && c.column ? measureColumn(c.column, kept, options) : 0;
    const peer = kept.length ? measure(c.peerFn, kept, options) : 0;
    return { name: c.name, peer: c.peer, inputs: c.inputs.length, agreed: kept.length, valid, dropped, ik, state, column, peerRate: peer };
  });
}
