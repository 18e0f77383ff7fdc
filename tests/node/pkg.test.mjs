// Loads the built pkg/ in plain Node (no bundler) with initSync and calls the exports: the
// package works outside a browser and outside a bundler.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const pkgDir = new URL("../../pkg/", import.meta.url);
const kit = await import(new URL("index.js", pkgDir));
kit.initSync({ module: readFileSync(new URL("identity_kit_bg.wasm", pkgDir)) });
// The client entry (identity-kit/client), on its own wasm.
const clientKit = await import(new URL("client.js", pkgDir));
clientKit.initSync({ module: readFileSync(new URL("identity_kit_client_bg.wasm", pkgDir)) });

const rut = { documentType: "RUT", country: "CHL" };

test("RUT verdicts from the issue", () => {
  const ok = kit.validateField("documentNumber", "17.604.011-4", rut);
  assert.equal(ok.state, "valid");
  assert.equal(ok.normalized, "17604011-4");
  const bad = kit.validateField("documentNumber", "77123126-K", rut);
  assert.equal(bad.state, "invalid");
  assert.equal(bad.code, "rut.check_digit");
  assert.equal(kit.validateField("documentNumber", "17.604", rut).state, "incomplete");
});

test("phone verdicts from the issue", () => {
  const short = kit.validateField("phone", "+5692111111", { country: "CHL" });
  assert.equal(short.state, "incomplete");
  assert.equal(short.code, "phone.too_short");
  assert.equal(kit.validateField("phone", "+56961234567", { country: "MEX" }).code, "phone.country_mismatch");
});

test("validateIdentity reports the seed's short phone at path phone", () => {
  const report = kit.validateIdentity({
    type: "USER", name: "Service Provider 1", nickname: "SP1", email: "serviceprovider1@example.com",
    phone: "+5692111111", documentType: "RUT", documentNumber: "17604011-4", idv: "iv-23124",
    country: "CHL", securityOptions: { twoFactorEnabled: false }, children: [],
  }, { locale: "pt" });
  assert.equal(report.ok, false);
  assert.deepEqual(report.errors.map((e) => [e.path, e.code]), [["phone", "phone.too_short"]]);
  assert.match(report.errors[0].message, /\S/);
});

test("catalogues", () => {
  assert.equal(kit.countries().length, 249);
  assert.equal(kit.countries().find((c) => c.alpha3 === "KOR").name, "South Korea");
  assert.equal(kit.countries("es").find((c) => c.alpha3 === "DEU").name, "Alemania");
  assert.equal(kit.countries("pt-BR").find((c) => c.alpha3 === "DEU").name, "Alemanha");
  assert.throws(() => kit.countries(1), TypeError);
  assert.equal(kit.callingCode("CHL"), 56);
  assert.equal(kit.callingCode("ATA"), undefined);
  assert.deepEqual(kit.documentTypes("CHL", "USER").map((d) => d.type), ["PASSPORT", "RUT"]);
  assert.equal(kit.formatField("documentNumber", "123456785", rut), "12.345.678-5");
});

test("bad input throws TypeError and the module keeps working", () => {
  assert.throws(() => kit.validateField("email", 42), TypeError);
  assert.throws(() => kit.validateField("colour", "x"), TypeError);
  assert.throws(() => kit.validateIdentity("not an object"), TypeError);
  const cyclic = {}; cyclic.self = cyclic;
  assert.throws(() => kit.validateIdentity(cyclic), TypeError);
  assert.equal(kit.validateField("phone", "9".repeat(10_000_000), { country: "CHL" }).state, "invalid");
  assert.equal(kit.validateField("documentNumber", "17.604.011-4", rut).state, "valid");
});

test("a URL Node's Request cannot parse rejects with a TypeError, nothing is fetched", async () => {
  let fetched = 0;
  const client = new clientKit.IdentityClient({ baseUrl: "/api", fetch: () => fetched++ });
  await assert.rejects(client.get("id-1"), (e) => {
    assert.ok(e instanceof TypeError);
    assert.match(e.message, /^IdentityClient: bad request URL \/api\/identities\/id-1: TypeError: \S/);
    return true;
  });
  assert.equal(fetched, 0);
});

test("a call reaches fetch as one Request with its method, headers and JSON body", async () => {
  let seen;
  const fetch = async (req) => {
    seen = { method: req.method, url: req.url, type: req.headers.get("content-type"), key: req.headers.get("x-trace"), body: await req.text() };
    return new Response(JSON.stringify({ id: "id-1" }), { status: 200 });
  };
  const client = new clientKit.IdentityClient({ baseUrl: "https://api.example/v1/", fetch, headers: { "x-trace": "t1" } });
  await client.addChildren("id-1", ["id-2"]);
  assert.deepEqual(seen, {
    method: "POST", url: "https://api.example/v1/identities/id-1/children", type: "application/json", key: "t1",
    body: JSON.stringify({ children: ["id-2"] }),
  });
});

test("the client's headers: the caller's, with ours over them; content-type only with a body", async () => {
  const seen = [];
  const fetch = async (req) => {
    seen.push(Object.fromEntries(req.headers));
    return new Response(req.method == "DELETE" ? null : JSON.stringify({ id: "id-1" }), { status: req.method == "DELETE" ? 204 : 200 });
  };
  const client = new clientKit.IdentityClient({
    baseUrl: "https://api.example", fetch, apiKey: "k1", locale: "es",
    headers: { Accept: "text/html", "Content-Type": "text/plain", Authorization: "Basic x", "X-Trace": "t1" },
    getAccessToken: () => "tok",
  });
  await client.update("id-1", { name: "Operator 2" });
  await client.remove("id-1");
  const common = { accept: "application/json", "accept-language": "es", authorization: "Bearer tok", "x-api-key": "k1", "x-trace": "t1" };
  const version = seen[0]["conomyhq-api-version"];
  assert.match(version, /\S/);
  assert.deepEqual(seen, [
    { ...common, "conomyhq-api-version": version, "content-type": "application/json" },
    { ...common, "conomyhq-api-version": version, "content-type": "text/plain" },
  ]);
});

test("the client's constructor names the bad option in a TypeError", () => {
  const fetch = async () => new Response("{}");
  const base = "https://api.example";
  const getter = { get baseUrl() { throw new Error("no"); } };
  const cases = [
    [undefined, "options must be an object with a baseUrl"],
    [[base], "options must be an object with a baseUrl"],
    [{ baseUrl: base, fetch, clientSecret: "s", dangerouslyAllowBrowserCredentials: true }, "clientSecret is not an option: exchange the client credentials for a token on your backend (POST /auth) and pass getAccessToken"],
    [{ baseUrl: base, fetch, clientId: "c" }, "clientId is not an option: exchange the client credentials for a token on your backend (POST /auth) and pass getAccessToken"],
    [getter, "could not read baseUrl"],
    [{ fetch }, "baseUrl is required (your backend's route to the identities API, or the API's URL)"],
    [{ baseUrl: "", fetch }, "baseUrl must be a non-empty string"],
    [{ baseUrl: 7, fetch }, "baseUrl must be a non-empty string"],
    [{ baseUrl: "x".repeat(2049), fetch }, "baseUrl must be a non-empty string"],
    [{ baseUrl: "ftp://x", fetch }, "baseUrl must be an http(s) URL or a path starting with /"],
    [{ baseUrl: "https://", fetch }, "baseUrl has no host"],
    [{ baseUrl: "https://x?y", fetch }, "baseUrl must not contain spaces, a query or a fragment"],
    [{ baseUrl: base, fetch, apiVersion: "" }, "apiVersion must be a non-empty string"],
    [{ baseUrl: base, fetch, apiVersion: "2\n" }, "apiVersion contains characters a header cannot carry"],
    [{ baseUrl: base, fetch, apiKey: "k\u0100" }, "apiKey contains characters a header cannot carry"],
    [{ baseUrl: base, fetch, apiKey: "k".repeat(4097) }, "apiKey must be a non-empty string"],
    [{ baseUrl: base, fetch, headers: new Map() }, "headers must be a plain object of strings"],
    [{ baseUrl: base, fetch, headers: "x: y" }, "headers must be a plain object of strings"],
    [{ baseUrl: base, fetch, headers: { "bad name": "x" } }, "header bad name has an invalid name or value"],
    [{ baseUrl: base, fetch, headers: { "x-n": 1 } }, "header x-n has an invalid name or value"],
    [{ baseUrl: base, fetch, headers: { "x-n": "a\u007fb" } }, "header x-n has an invalid name or value"],
    ...["", "a:b", "é", "a\n", "x(y)"].map((name) => [{ baseUrl: base, fetch, headers: { [name]: "v" } }, `header ${name} has an invalid name or value`]),
    ...["a\r\nb", "a\u0000", "€", "\ud800"].map((value) => [{ baseUrl: base, fetch, headers: { "x-v": value } }, "header x-v has an invalid name or value"]),
    [{ baseUrl: base, fetch, locale: 1 }, "locale must be a string of at most 64 characters"],
    [{ baseUrl: base, fetch, locale: "es-".padEnd(65, "x") }, "locale must be a string of at most 64 characters"],
    [{ baseUrl: base, fetch, dangerouslyAllowBrowserCredentials: "yes" }, "dangerouslyAllowBrowserCredentials must be a boolean"],
    [{ baseUrl: base, fetch: "no" }, "fetch must be a function"],
    [{ baseUrl: base, fetch, getAccessToken: "t" }, "getAccessToken must be a function"],
    [{ baseUrl: base, fetch, timeoutMs: 0 }, "timeoutMs must be a whole number from 1 to 2147483647"],
    [{ baseUrl: base, fetch, timeoutMs: Infinity }, "timeoutMs must be a whole number from 1 to 2147483647"],
    [{ baseUrl: base, fetch, retries: 1.5 }, "retries must be a whole number from 0 to 10"],
    [{ baseUrl: base, fetch, retries: 11 }, "retries must be a whole number from 0 to 10"],
    [{ baseUrl: base, fetch, lenient: 1 }, "lenient must be a boolean"],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => new clientKit.IdentityClient(options), (e) => {
      assert.ok(e instanceof TypeError, String(e));
      assert.equal(e.message, "IdentityClient: " + message);
      return true;
    });
  }
  // Absent and null options are the defaults; headers are valid in any case, and an empty value too.
  for (const ok of [
    { baseUrl: base, fetch, headers: null, locale: null, timeoutMs: null, retries: 0, lenient: false },
    { baseUrl: " /api/ ", fetch, headers: { "X-A": "", "Accept-Language": "pt", "a!#$%&'*+-.^_`|~9": "caf\u00e9\tx" }, locale: "es-CL", timeoutMs: 2147483647, retries: 10 },
    { baseUrl: base, headers: Object.create(null), apiKey: "k", dangerouslyAllowBrowserCredentials: false },
  ]) {
    new clientKit.IdentityClient(ok);
  }
});

// Issue 16: `locale: navigator.language` must not break the page of a French visitor.
test("a language without messages of its own falls back to English; region tags pick the language", () => {
  const rut = { documentType: "RUT", country: "CHL" };
  const en = kit.validateField("documentNumber", "77123126-K", rut).message;
  for (const locale of ["fr-FR", "fr", "de", "zz-ZZ", "x"]) {
    assert.equal(kit.validateField("documentNumber", "77123126-K", { ...rut, locale }).message, en, locale);
    assert.equal(kit.validateIdentity({}, { locale }).errors[0].message, kit.validateIdentity({}).errors[0].message, locale);
  }
  assert.match(kit.validateField("documentNumber", "77123126-K", { ...rut, locale: "es-CL" }).message, /dígito verificador/);
  assert.match(kit.validateField("documentNumber", "77123126-K", { ...rut, locale: "pt-BR" }).message, /dígito verificador está errado/);
  assert.equal(kit.countries("fr-FR").find((c) => c.alpha3 === "DEU").name, "Allemagne");
  new clientKit.IdentityClient({ baseUrl: "https://api.example", fetch: () => null, locale: "fr-FR" });
});

test("validateIdentity(null) names what it got", () => {
  assert.throws(() => kit.validateIdentity(null), { name: "TypeError", message: "validateIdentity: payload must be an object, not null" });
  assert.throws(() => kit.validateIdentity([]), { name: "TypeError", message: "validateIdentity: payload must be an object, not an array" });
});

test("init is idempotent: concurrent calls share one instance, and a client made in between keeps working", async () => {
  const fresh = await import(new URL("client.js?idempotent", pkgDir));
  const bytes = readFileSync(new URL("identity_kit_client_bg.wasm", pkgDir));
  const p1 = fresh.default({ module_or_path: bytes });
  const p2 = fresh.default({ module_or_path: bytes });
  const first = await p1;
  const client = new fresh.IdentityClient({ baseUrl: "https://api.example", fetch: async () => new Response('{"data":[],"pagination":{}}', { headers: { "content-type": "application/json" } }) });
  assert.equal(await p2, first);
  assert.deepEqual((await client.listPage()).data, []);
  assert.equal(fresh.validateField("email", "a@b.co").state, "valid");
});

test("a validator called before init says to call init", async () => {
  const fresh = await import(new URL("index.js?before-init", pkgDir));
  assert.throws(() => fresh.validateField("email", "a@b.co"), /call `await init\(\)`/);
  assert.throws(() => fresh.fieldState("email", "a@b.co"), /call `await init\(\)`/);
});

test("the node entries' init() with no argument reads their own .wasm (a fresh process each)", async () => {
  const { execFileSync } = await import("node:child_process");
  for (const entry of ["node.js", "client-node.js"]) {
    const script = `const k = await import(${JSON.stringify(new URL(entry, pkgDir).href)}); await k.default();` +
      `process.stdout.write(k.validateField("documentNumber", "17.604.011-4", { documentType: "RUT", country: "CHL" }).state);`;
    assert.equal(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }), "valid", entry);
  }
});

// Issue 17: a warning never blocks; the adapters pass and carry it.
test("warnings ride on valid verdicts and through the schemas without blocking", () => {
  const rfc = { documentType: "RFC", country: "MEX", type: "ORGANIZATION" };
  const v = kit.validateField("documentNumber", "VACE460910SX6", rfc);
  assert.equal(v.state, "valid");
  assert.deepEqual(v.warnings.map((w) => w.code), ["rfc.check_digit"]);
  assert.equal(kit.validateField("documentNumber", "MAB9307148T4", rfc).warnings, undefined);
  const field = kit.fieldSchema("documentNumber", rfc)["~standard"].validate("VACE460910SX6");
  assert.equal(field.issues, undefined);
  assert.equal(field.value, "VACE460910SX6");
  assert.equal(field.warnings[0].code, "rfc.check_digit");
  const org = { type: "ORGANIZATION", name: "Org", email: "org@example.com", phone: "+525512345678", country: "MEX",
    documentType: "RFC", documentNumber: "VACE460910SX6", idv: "iv-1" };
  const report = kit.validateIdentity(org);
  assert.equal(report.ok, true);
  assert.deepEqual(report.warnings.map((w) => [w.path, w.code]), [["documentNumber", "rfc.check_digit"]]);
  const whole = kit.identitySchema()["~standard"].validate(org);
  assert.equal(whole.issues, undefined);
  assert.equal(whole.warnings[0].path, "documentNumber");
});
