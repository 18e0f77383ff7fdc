#!/usr/bin/env node
// Writes a large users CSV for the bulk import (SPEC section 5), deterministic: the same
// arguments give the same bytes (a seeded generator, no clock, no Math.random).
//
//   node tools/gen_users_csv.mjs [rows=100000] [--bad-every=N] [--sep=,|;] > users.csv
//
// Rows are mostly valid and unique: emails and E.164 phones (Portugal, Chile, Brazil,
// Mexico), names with commas and quotes (so fields need quoting), birth dates, documents
// (valid Chilean RUTs and Brazilian CPFs with their real check digits, Portuguese numbers).
// With --bad-every=N (default 0: none), every N-th row gets one fault in turn: a bad contact
// (400), a bad date (401), a bad country (402), a repeated contact (407), a repeated
// identity (408), or a RUT with a wrong check digit (a warning, still ready).

const args = process.argv.slice(2);
const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 100000);
const badEvery = Number((args.find((a) => a.startsWith("--bad-every=")) ?? "--bad-every=0").split("=")[1]);
const sep = (args.find((a) => a.startsWith("--sep=")) ?? "--sep=,").split("=")[1];
if (!Number.isInteger(rows) || rows < 0 || ![",", ";"].includes(sep)) {
  console.error("usage: node tools/gen_users_csv.mjs [rows] [--bad-every=N] [--sep=,|;]");
  process.exit(2);
}

// mulberry32: small, seeded, the same everywhere.
let state = 0x5eed1234;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const pad = (n, width) => String(n).padStart(width, "0");

const first = ["Ana", "João", "María José", "Pedro", "Lucía", "Tomás", "Beatriz", "Nuño", "Zoë", "Iñaki"];
const last = ["Pérez", "Silva", "O'Brien", "González", "Souza, Jr.", "Núñez", "da Costa", "\"Chico\" Lima"];

function rutCheck(body) {
  let sum = 0;
  let weight = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += Number(body[i]) * weight;
    weight = weight === 7 ? 2 : weight + 1;
  }
  const r = 11 - (sum % 11);
  return r === 11 ? "0" : r === 10 ? "K" : String(r);
}

function cpfDigits(nine) {
  const digit = (ds) => {
    let sum = 0;
    for (let i = 0; i < ds.length; i++) sum += Number(ds[i]) * (ds.length + 1 - i);
    const r = (sum * 10) % 11;
    return String(r === 10 ? 0 : r);
  };
  const d1 = digit(nine);
  return nine + d1 + digit(nine + d1);
}

function quote(value) {
  return /[",;\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const header = ["contact", "internalId", "fullName", "birth", "docId", "countryAlpha3", "gender"];
const out = [header.join(sep)];
let previous = null;
for (let i = 0; i < rows; i++) {
  const country = pick(["PRT", "CHL", "BRA", "MEX"]);
  const email = random() < 0.7;
  const contact = email
    ? `user${i}@example.com`
    : country === "CHL"
      ? `+569${pad(10_000_000 + i, 8)}`
      : country === "BRA"
        ? `+55119${pad(10_000_000 + i, 8)}`
        : country === "MEX"
          ? `+5255${pad(10_000_000 + i, 8)}`
          : `+3519${pad(10_000_000 + i, 8)}`;
  const year = 1940 + Math.floor(random() * 65);
  const birth = `${year}-${pad(1 + Math.floor(random() * 12), 2)}-${pad(1 + Math.floor(random() * 28), 2)}`;
  let docId;
  if (country === "CHL") {
    const body = String(5_000_000 + i * 7);
    docId = `${body}-${rutCheck(body)}`;
  } else if (country === "BRA") {
    docId = cpfDigits(pad(100_000_000 + i * 3, 9));
  } else {
    docId = `D${pad(i, 9)}`;
  }
  const row = {
    contact,
    internalId: `crm-${pad(i, 7)}`,
    fullName: `${pick(first)} ${pick(last)}`,
    birth,
    docId,
    countryAlpha3: country,
    gender: pick(["F", "M", "X", ""]),
  };
  // No identity for some rows: a contact alone is a valid subject.
  if (random() < 0.1) {
    for (const k of ["fullName", "birth", "docId", "countryAlpha3", "gender"]) row[k] = "";
  }
  if (badEvery > 0 && i % badEvery === badEvery - 1) {
    switch (Math.floor(i / badEvery) % 6) {
      case 0: row.contact = `user${i}.example.com`; break;
      case 1: row.birth = `${year}-02-30`; row.docId ||= `D${pad(i, 9)}`; row.fullName ||= "A"; row.countryAlpha3 ||= "PRT"; break;
      case 2: row.countryAlpha3 = "XYZ"; row.docId ||= `D${pad(i, 9)}`; row.fullName ||= "A"; row.birth ||= birth; break;
      case 3: if (previous) row.contact = previous.contact.toUpperCase(); break;
      case 4: if (previous && previous.docId) { row.docId = previous.docId; row.countryAlpha3 = previous.countryAlpha3; row.fullName ||= "A"; row.birth ||= birth; } break;
      default: row.docId = "77123126-K"; row.countryAlpha3 = "CHL"; row.fullName ||= "A"; row.birth ||= birth;
    }
  }
  previous = row;
  out.push(header.map((k) => quote(row[k])).join(sep));
}
process.stdout.write(out.join("\r\n") + "\r\n");
