// The bulk import's JS surface on the built pkg/ (node --test tests/node/humanos.test.mjs after
// scripts/build.sh): validateSubjects' statuses, codes, paths, warnings and summary; CsvImport
// on the CSV edge cases; chunked feeding equal to whole-file reading at every chunk size; bad
// arguments as TypeErrors that name the call; the HumanosClient's argument checks and its
// merge of the API's feedback (against a fake fetch; the live sandbox is
// tests/run-humanos-import.sh).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const pkgDir = new URL("../../pkg/", import.meta.url);
const kit = await import(new URL("import.js", pkgDir));
kit.initSync({ module: readFileSync(new URL("identity_kit_import_bg.wasm", pkgDir)) });
// The Humanos client is in the same entry (identity-kit/import).
const clientKit = kit;
const samples = new URL("../../www/samples/", import.meta.url);

const person = (over = {}) => ({ fullName: "Ana Pérez", birth: "1990-01-01", docId: "12345678", countryAlpha3: "PRT", ...over });

test("validateSubjects: every local status, its code and path, in order", () => {
  const { results, summary } = kit.validateSubjects([
    { contact: "ana@example.com", internalId: "c1", identity: person() },
    { contact: "ana@example..com" },
    { contact: "+5692111111" },
    { contact: "b@example.com", identity: person({ birth: "1990-02-30", docId: "2" }) },
    { contact: "c@example.com", identity: person({ fullName: undefined, docId: "3" }) },
    { contact: "d@example.com", identity: person({ birth: "2999-01-01", docId: "4" }) },
    { contact: "e@example.com", identity: person({ countryAlpha3: "XYZ", docId: "5" }) },
    { contact: "ANA@example.com" },
    { contact: "f@example.com", identity: person({ docId: "1234 5678" }) },
    "not an object",
    { contact: 42 },
  ]);
  const got = results.map((r) => [r.index, r.status, r.code, r.path]);
  assert.deepEqual(got, [
    [0, 200, "subject.ready", "[0]"],
    [1, 400, "subject.contact_email", "[1].contact"],
    [2, 400, "subject.contact_phone", "[2].contact"],
    [3, 401, "subject.identity_date", "[3].identity.birth"],
    [4, 401, "subject.identity_missing", "[4].identity.fullName"],
    [5, 401, "subject.identity_birth_future", "[5].identity.birth"],
    [6, 402, "subject.country", "[6].identity.countryAlpha3"],
    [7, 407, "subject.repeated_contact", "[7].contact"],
    [8, 408, "subject.repeated_identity", "[8].identity.docId"],
    [9, 400, "subject.not_an_object", "[9]"],
    [10, 400, "subject.contact_not_a_string", "[10].contact"],
  ]);
  assert.equal(results[7].param, "0");
  assert.equal(results[0].subject.contact, "ana@example.com");
  assert.equal(results[0].contact, "ana@example.com");
  assert.equal(results[1].subject, undefined);
  assert.equal(results[0].message, "Ready to import.");
  assert.deepEqual([summary.total, summary.ready, summary.failing, summary.split, summary.requests], [11, 1, 10, false, 1]);
  assert.equal(summary.byStatus["401"], 3);
  assert.equal(summary.byCode["subject.ready"], 1);
  assert.match(summary.message, /^11 subjects: 1 ready, 10 will fail\.$/);
});

test("validateSubjects: normalised subject, warnings, locales, split summary", () => {
  const [ready, warned] = kit.validateSubjects([
    { contact: " +351 912 345 678 ", identity: person({ docId: "12 345 678", countryAlpha3: "prt" }) },
    { contact: "pedro@EXAMPLE.cl", identity: person({ docId: "77123126-K", countryAlpha3: "CHL" }) },
  ]).results;
  assert.equal(ready.subject.contact, "+351912345678");
  assert.equal(ready.subject.identity.docId, "12345678");
  assert.equal(ready.subject.identity.countryAlpha3, "PRT");
  assert.equal(ready.warnings, undefined);
  assert.equal(warned.status, 200);
  assert.equal(warned.subject.contact, "pedro@example.cl");
  assert.deepEqual(warned.warnings.map((w) => [w.code, w.param, w.path]), [["rut.check_digit", "8", "[1].identity.docId"]]);
  const es = kit.validateSubjects([{ contact: "x" }], { locale: "es" });
  assert.equal(es.results[0].message, "El contacto no es ni un correo ni un teléfono.");
  const pt = kit.validateSubjects([{ contact: "a@b.example" }], { locale: "pt" });
  assert.equal(pt.results[0].message, "Pronta para importar.");
  const many = kit.validateSubjects(Array.from({ length: 250 }, (_, i) => ({ contact: `u${i}@example.com` })));
  assert.deepEqual([many.summary.split, many.summary.requests], [true, 3]);
  assert.match(many.summary.message, /3 requests of at most 100/);
});

test("validateSubjects: bad arguments are TypeErrors naming the call; hostile values do not break it", () => {
  for (const bad of [undefined, null, 3, "x", { length: 2 }]) {
    assert.throws(() => kit.validateSubjects(bad), (e) => e instanceof TypeError && /^validateSubjects: /.test(e.message));
  }
  // A language without messages falls back to English (issue 16); a locale that is no string is refused.
  assert.equal(kit.validateSubjects([{}], { locale: "fr" }).results[0].message, kit.validateSubjects([{}]).results[0].message);
  assert.throws(() => kit.validateSubjects([], { locale: 1 }), /validateSubjects: /);
  assert.throws(() => kit.validateSubjects([], 5), /validateSubjects: options must be an object/);
  const trap = new Proxy([], { get() { throw new Error("boom"); } });
  assert.throws(() => kit.validateSubjects(trap), TypeError);
  const getter = [{ get contact() { throw new Error("boom"); } }];
  assert.throws(() => kit.validateSubjects(getter), TypeError);
  const cyc = { contact: "a@b.example" };
  cyc.identity = cyc;
  assert.throws(() => kit.validateSubjects([cyc]), /validateSubjects: .*nested too deeply/);
  // The node limit is per subject: 30,000 small subjects pass.
  const big = kit.validateSubjects(Array.from({ length: 30_000 }, (_, i) => ({ contact: `u${i}@example.com` })));
  assert.equal(big.summary.ready, 30_000);
  // After all of these the module still answers.
  for (let i = 0; i < 3000; i++) assert.throws(() => kit.validateSubjects(trap), TypeError);
  assert.equal(kit.validateSubjects([{ contact: "a@b.example" }]).results[0].status, 200);
});

/** Every row of `text` read through CsvImport in chunks of `size` bytes. */
function readCsv(text, size = Infinity, options) {
  const bytes = typeof text == "string" ? new TextEncoder().encode(text) : text;
  const csv = new kit.CsvImport(options);
  const rows = [];
  for (let at = 0; at < bytes.length; at += size) rows.push(...csv.feed(bytes.subarray(at, at + size)));
  rows.push(...csv.finish());
  return { rows, summary: csv.summary(), separator: csv.separator, ignored: csv.ignoredColumns, bytesRead: csv.bytesRead };
}

test("CsvImport: the small sample, row by row, with columns of the faults", () => {
  const bytes = readFileSync(new URL("users-small.csv", samples));
  const { rows, summary, separator, ignored, bytesRead } = readCsv(bytes);
  assert.equal(separator, ";");
  assert.deepEqual(ignored, ["notes"]);
  assert.equal(bytesRead, bytes.length);
  // Each sample row says what it should be in its notes column.
  const lines = bytes.toString("utf8").trim().split("\n").slice(1);
  assert.equal(rows.length, lines.length);
  for (const [i, r] of rows.entries()) {
    const note = lines[i].split(";").at(-1);
    const expected = /^(\d{3})/.exec(note)?.[1] ?? "200";
    assert.equal(String(r.status), expected, `row ${r.row}: ${note} -> ${r.code}`);
    assert.equal(r.row, i + 2);
  }
  const quoted = rows[2];
  assert.equal(quoted.input.identity.fullName, 'Souza, João "Jota"');
  const lucia = rows.find((r) => r.code === "subject.contact_invalid");
  assert.equal(lucia.column, 1);
  const date = rows.find((r) => r.code === "subject.identity_date");
  assert.equal(date.column, 4);
  assert.equal(rows[4].warnings[0].code, "rut.check_digit");
  assert.equal(summary.total, rows.length);
  assert.equal(summary.ready, rows.filter((r) => r.status === 200).length);
});

test("CsvImport: edge cases (BOM, CRLF, comma, quotes with separators and line breaks, header paths, short rows)", () => {
  const text = "\uFEFFIdentity.Full Name,CONTACT,doc_id,birth,country-alpha3,extra col\r\n"
    + '"Lima, ""Rui""\r\nJr",rui@example.com,12345678,1990-01-01,PRT,x\r\n'
    + "\r\n"
    + ",+351912345678,,,,\r\n"
    + "Ana,ana@example.com,1\r\n"
    + "Bea,bea@example.com,87654321,1991-01-01,PRT,y"; // no final line break
  const { rows, separator, ignored } = readCsv(text);
  assert.equal(separator, ",");
  assert.deepEqual(ignored, ["extra col"]);
  assert.deepEqual(rows.map((r) => [r.row, r.status, r.code]), [
    [2, 200, "subject.ready"],
    // Rows as a spreadsheet numbers them: a quoted line break stays inside its row.
    [4, 200, "subject.ready"],
    [5, 400, "subject.csv_fields"],
    [6, 200, "subject.ready"],
  ]);
  assert.equal(rows[0].input.identity.fullName, 'Lima, "Rui"\r\nJr');
  assert.deepEqual(rows[1].input, { contact: "+351912345678" });
  assert.equal(rows[2].param, "3|6");
  assert.match(rows[2].message, /3 fields; the header has 6/);
});

test("CsvImport: errors name the row and the column, and stick", () => {
  const unclosed = new kit.CsvImport();
  unclosed.feed('contact,fullName\na@b.example,"Ana\n');
  assert.throws(() => unclosed.finish(), (e) => e.name === "CsvImportError" && e.code === "csv.unclosed_quote"
    && e.row === 2 && e.column === 2 && /^Row 2, column 2: /.test(e.message));
  assert.throws(() => unclosed.feed("more"), (e) => e.code === "csv.unclosed_quote");
  const after = new kit.CsvImport({ locale: "es" });
  assert.throws(() => after.feed('contact,fullName\na@b.example,"Ana"x\n'), (e) => e.code === "csv.after_quote" && e.row === 2 && /^Fila 2/.test(e.message));
  assert.throws(() => readCsv("name,birth\nAna,1990-01-01\n"), (e) => e.code === "csv.no_contact" && e.row === 1);
  assert.throws(() => readCsv("contact,Contact\n"), (e) => e.code === "csv.repeated_column" && e.column === 2);
  assert.throws(() => readCsv(new Uint8Array([...new TextEncoder().encode("contact\n"), 0xff, 0x0a])), (e) => e.code === "csv.utf8" && e.row === 2);
  const done = new kit.CsvImport();
  done.feed("contact\na@b.example\n");
  done.finish();
  assert.throws(() => done.finish(), /CsvImport.finish: the import is finished/);
  for (const bad of [5, {}, [1, 2], new ArrayBuffer(2), new Proxy(new Uint8Array(2), {})]) {
    assert.throws(() => new kit.CsvImport().feed(bad), (e) => e instanceof TypeError && /^CsvImport.feed: /.test(e.message));
  }
  assert.throws(() => new kit.CsvImport({ locale: 1 }), /CsvImport: /);
  new kit.CsvImport({ locale: "de" }); // falls back to English
});

test("CsvImport: chunked feeding gives the same rows as the whole file, at every chunk size", () => {
  const small = readFileSync(new URL("users-small.csv", samples));
  const whole = readCsv(small);
  for (let size = 1; size <= 64; size++) {
    const chunked = readCsv(small, size);
    assert.deepEqual(chunked.rows, whole.rows, `chunks of ${size} bytes`);
    assert.deepEqual(chunked.summary, whole.summary);
  }
  // A larger generated-like file in odd sizes: text as strings too (UTF-8 encoded).
  const lines = ["contact;fullName;docId;birth;countryAlpha3"];
  for (let i = 0; i < 500; i++) lines.push(`u${i}@example.com;"Nuño ${i}; ""x""\nsegunda";D${i};1980-01-0${1 + (i % 9)};${i % 7 ? "PRT" : "XYZ"}`);
  const text = lines.join("\r\n");
  const all = readCsv(text);
  assert.equal(all.rows.length, 500);
  for (const size of [3, 97, 1000, 4096]) assert.deepEqual(readCsv(text, size).rows, all.rows);
  const asStrings = new kit.CsvImport();
  const viaText = [...asStrings.feed(text.slice(0, 777)), ...asStrings.feed(text.slice(777)), ...asStrings.finish()];
  assert.deepEqual(viaText, all.rows);
});

test("CsvImport and validateSubjects agree on the same subjects", () => {
  const { rows } = readCsv(readFileSync(new URL("users-small.csv", samples)));
  const { results } = kit.validateSubjects(rows.map((r) => r.input));
  for (const [i, r] of rows.entries()) {
    if (r.code === "subject.csv_fields") continue;
    assert.deepEqual([results[i].status, results[i].code, results[i].path], [r.status, r.code, r.path]);
  }
});

// --- the client, against a fake backend -------------------------------------------------

test("HumanosClient: options refuse credentials and bad values", () => {
  const { HumanosClient } = clientKit;
  assert.throws(() => new HumanosClient({ apiKey: "k" }), /apiKey is not an option/);
  assert.throws(() => new HumanosClient({ signatureSecret: "s" }), /signatureSecret is not an option/);
  assert.throws(() => new HumanosClient({ locale: 1 }), TypeError);
  new HumanosClient({ locale: "fr-FR" }); // falls back to English
  assert.throws(() => new HumanosClient({ timeoutMs: 0 }), TypeError);
  const c = new HumanosClient({ fetch: async () => { throw new Error("unused"); } });
  return Promise.all([
    assert.rejects(c.importUsers([], { chunkSize: 101 }), /chunkSize must be a whole number from 1 to 100/),
    assert.rejects(c.getUser({ contact: "a", did: "b" }), /exactly one/),
    assert.rejects(c.importUsers("nope"), /validateSubjects: subjects must be an array/),
  ]);
});

test("HumanosClient: sends only ready subjects in chunks, merges the feedback in order", async () => {
  const { HumanosClient, ApiError, NetworkError, AbortError } = clientKit;
  const calls = [];
  const lookups = [];
  const fetch = async (url, init) => {
    if (init.method === "GET") {
      lookups.push(url);
      const user = { contacts: [{ contact: "taken@example.com", type: "EMAIL", verified: false, did: "did:t" }], identity: person({ docId: "11" }) };
      return new Response(JSON.stringify(user), { status: 200 });
    }
    const body = JSON.parse(init.body);
    calls.push({ url, body, headers: init.headers });
    const answer = body.map((s) => {
      if (s.contact.startsWith("old")) return { status: 201, message: "Already imported: nothing to update.", user: { contact: s.contact, did: "did:x" } };
      if (s.contact.startsWith("upd")) return { status: 200, message: "Subject updated.", user: { contact: s.contact, did: "did:u" } };
      if (s.contact.startsWith("taken")) return { status: 409, message: "This identity belongs to another user.", user: { contact: s.contact } };
      return { status: 200, message: "Subject created.", user: { contact: s.contact, did: "did:" + s.contact } };
    });
    return new Response(JSON.stringify(answer), { status: 200, headers: { "content-type": "application/json" } });
  };
  const client = new HumanosClient({ baseUrl: "http://backend.test/demo-api/", fetch, locale: "en" });
  const subjects = [];
  for (let i = 0; i < 25; i++) subjects.push({ contact: `new${i}@example.com` });
  subjects.splice(3, 0, { contact: "bad" });
  subjects.push({ contact: "old@example.com" }, { contact: "upd@example.com" });
  // 409 with an identity: the client looks the user up; not this user's identity -> failed.
  subjects.push({ contact: "taken@example.com", identity: person({ docId: "99" }) });
  const progress = [];
  const report = await client.importUsers(subjects, { chunkSize: 10, onProgress: (p) => progress.push([p.chunk, p.chunks, p.sent]) });
  assert.equal(calls.length, 3);
  assert.ok(calls.every((c) => c.url === "http://backend.test/demo-api/v1/user" && c.body.length <= 10));
  assert.equal(calls.flatMap((c) => c.body).length, 28);
  assert.deepEqual(progress, [[0, 3, 0], [1, 3, 10], [2, 3, 20], [3, 3, 28]]);
  assert.equal(report.results.length, subjects.length);
  assert.deepEqual(report.results.map((r) => r.index), subjects.map((_, i) => i));
  assert.equal(report.results[3].outcome, "failed");
  assert.equal(report.results[3].status, 400);
  assert.equal(report.results[0].user.did, "did:new0@example.com");
  assert.equal(report.results.at(-3).outcome, "alreadyImported");
  assert.equal(report.results.at(-2).outcome, "updated");
  assert.deepEqual(lookups, ["http://backend.test/demo-api/v1/user?contact=taken%40example.com"]);
  assert.deepEqual(report.summary, { total: 29, created: 25, updated: 1, alreadyImported: 1, failed: 2, notSent: 0 });

  // Whole-request errors reject with the report so far.
  const failing = new HumanosClient({ baseUrl: "http://b.test", fetch: async () => new Response(JSON.stringify({ statusCode: 400, message: "No subjects provided", error: "Bad Request" }), { status: 400 }) });
  await assert.rejects(failing.importUsers([{ contact: "a@b.example" }]), (e) => e instanceof ApiError && e.status === 400 && e.detail === "No subjects provided" && e.report.summary.notSent === 1);
  const broken = new HumanosClient({ baseUrl: "http://b.test", fetch: async () => { throw new Error("refused"); } });
  await assert.rejects(broken.importUsers([{ contact: "a@b.example" }]), (e) => e instanceof NetworkError && e.report.results[0].outcome === "notSent");
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(client.importUsers([{ contact: "a@b.example" }], { signal: controller.signal }), (e) => e instanceof AbortError);
  // A 409 whose identity the lookup shows on this very user (a re-sent subject) reads as
  // already imported; the lookup is by the subject's normalised contact.
  const mine = person({ docId: "12 345 678" });
  const resent = new HumanosClient({
    baseUrl: "http://b.test",
    fetch: async (url, init) => init.method === "GET"
      ? new Response(JSON.stringify({ contacts: [], identity: { ...mine, docId: "12345678" } }), { status: 200 })
      : new Response(JSON.stringify([{ status: 409, message: "This identity belongs to another user.", user: { contact: "me@example.com" } }]), { status: 200 }),
  });
  const again = await resent.importUsers([{ contact: " me@EXAMPLE.com", identity: mine }]);
  assert.deepEqual([again.results[0].status, again.results[0].outcome], [409, "alreadyImported"]);
  const notFound = new HumanosClient({ baseUrl: "http://b.test", fetch: async () => new Response(JSON.stringify({ statusCode: 404, message: "User not found", error: "Not Found" }), { status: 404 }) });
  assert.equal(await notFound.getUser({ did: "did:none" }), null);
});
