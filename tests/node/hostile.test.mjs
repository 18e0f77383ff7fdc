// Values a page can hand the package whose reads throw: a getter that throws, Proxy traps that
// throw, a revoked Proxy, at the top and deep inside a payload. Each call must answer a
// TypeError naming where, and the module must keep answering correctly afterwards: a throw
// that unwound through the wasm frames used to leak their stack, and after a few thousand
// calls every export failed (issue 18, defect 1).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { boom, revoked } from "./hostile-values.mjs";

const pkgDir = new URL("../../pkg/", import.meta.url);
const kit = await import(new URL("index.js", pkgDir));
kit.initSync({ module: readFileSync(new URL("identity_kit_bg.wasm", pkgDir)) });
const clientKit = await import(new URL("client.js", pkgDir));
clientKit.initSync({ module: readFileSync(new URL("identity_kit_client_bg.wasm", pkgDir)) });

const ROUNDS = 20_000;
const user = () => ({
  type: "USER", name: "Ana", email: "ana@example.com", phone: "+56961234567", country: "CHL",
  documentType: "RUT", documentNumber: "17604011-4", idv: "iv-1",
});

/** Hostile values, each made fresh: [name, value]. */
const kinds = [
  ["a getter that throws", () => Object.defineProperty(user(), "email", { get: boom, enumerable: true })],
  ["a nested getter that throws", () => ({ ...user(), securityOptions: Object.defineProperty({}, "signTrx", { get: boom, enumerable: true }) })],
  ["a Proxy whose get trap throws", () => new Proxy(user(), { get: boom })],
  ["a Proxy whose ownKeys trap throws", () => new Proxy(user(), { ownKeys: boom })],
  ["a revoked Proxy", revoked],
  ["a revoked Proxy inside", () => ({ ...user(), address: revoked() })],
  ["an array Proxy whose length throws", () => ({ ...user(), children: new Proxy([], { get: boom }) })],
];

function expectTypeError(call, name) {
  let threw;
  try {
    call();
  } catch (e) {
    threw = e;
  }
  assert.ok(threw instanceof TypeError, `${name}: expected a TypeError, got ${threw}`);
  return threw;
}

const stillAnswers = () => {
  assert.equal(kit.validateField("documentNumber", "17.604.011-4", { documentType: "RUT", country: "CHL" }).state, "valid");
  assert.equal(kit.validateIdentity(user()).ok, true);
};

for (const [name, make] of kinds) {
  test(`validateIdentity: ${name}, ${ROUNDS} times`, () => {
    const e = expectTypeError(() => kit.validateIdentity(make()), name);
    assert.match(e.message, /^validateIdentity: .*could not be read/);
    for (let i = 0; i < ROUNDS; i++) expectTypeError(() => kit.validateIdentity(make()), name);
    stillAnswers();
  });
  test(`checkUniqueness: ${name}, ${ROUNDS} times`, () => {
    for (let i = 0; i < ROUNDS; i++) expectTypeError(() => kit.checkUniqueness([user(), make()]), name);
    expectTypeError(() => kit.checkUniqueness(new Proxy([user()], { get: boom })), "an array Proxy");
    expectTypeError(() => kit.checkUniqueness(revoked()), "a revoked Proxy");
    stillAnswers();
  });
  test(`identitySchema().validate: ${name}, ${ROUNDS} times`, () => {
    // A Standard Schema reports, rather than throws, what it cannot read (schema.d.ts).
    const schema = kit.identitySchema();
    for (let i = 0; i < ROUNDS; i++) {
      const { issues } = schema["~standard"].validate(make());
      assert.equal(issues?.[0]?.code, "identity.unreadable", name);
      assert.match(issues[0].message, /could not be read/);
    }
    stillAnswers();
  });
  test(`IdentityClient.create: ${name}, ${ROUNDS} times`, async () => {
    const client = new clientKit.IdentityClient({ baseUrl: "http://127.0.0.1:9", retries: 0 });
    for (let i = 0; i < ROUNDS; i++) {
      await assert.rejects(client.create(make()), TypeError, name);
    }
    stillAnswers();
  });
}
