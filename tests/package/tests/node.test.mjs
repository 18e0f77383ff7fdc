// Plain Node 20, no bundler: the package imported by name, the wasm loaded from the package
// itself with initSync, as the README shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as kit from "identity-kit";

test("calling a validator before init throws a clear error from the adapters", () => {
  assert.throws(() => kit.fieldSchema("email")["~standard"].validate("a@b.co"), /not initialised; call `await init\(\)`/);
});

test("initSync with the .wasm resolved through the package's exports", () => {
  const wasmUrl = new URL(import.meta.resolve("identity-kit/identity_kit_bg.wasm"));
  assert.match(wasmUrl.pathname, /node_modules\/identity-kit\/identity_kit_bg\.wasm$/);
  kit.initSync({ module: readFileSync(wasmUrl) });
});

test("validators answer", () => {
  const rut = { documentType: "RUT", country: "CHL" };
  const ok = kit.validateField("documentNumber", "17.604.011-4", rut);
  assert.equal(ok.state, "valid");
  assert.equal(ok.normalized, "17604011-4");
  assert.equal(ok.formatted, "17.604.011-4");
  const bad = kit.validateField("documentNumber", "77123126-K", { ...rut, locale: "es" });
  assert.equal(bad.code, "rut.check_digit");
  assert.equal(bad.param, "8");
  assert.equal(kit.validateField("phone", "+56 9 2111 111", { country: "CHL" }).state, "incomplete");
  assert.equal(kit.validateField("email", "someone@example.com").state, "valid");
  assert.equal(kit.formatField("documentNumber", "123456785", rut), "12.345.678-5");
  assert.equal(kit.callingCode("MEX"), 52);
  assert.equal(kit.countries().length, 249);
  assert.ok(kit.documentTypes().length >= 14);
});

test("the entry exports the glue, init, the adapters", () => {
  for (const name of ["default", "init", "initSync", "validateField", "formatField", "validateIdentity",
    "checkUniqueness", "documentTypes", "countries", "callingCode", "identitySchema", "fieldSchema", "bindInput"]) {
    assert.equal(typeof kit[name], "function", name);
  }
  assert.equal(kit.init, kit.default);
});

test("the validators entry carries nothing of the client", () => {
  for (const name of ["IdentityClient", "IdentityClientError", "ApiError", "ValidationError"]) {
    assert.equal(name in kit, false, name);
  }
});

test("the client entry: everything of the validators entry, on its own wasm, and the client", async () => {
  const client = await import("identity-kit/client");
  const wasmUrl = new URL(import.meta.resolve("identity-kit/identity_kit_client_bg.wasm"));
  client.initSync({ module: readFileSync(wasmUrl) });
  for (const name of Object.keys(kit)) assert.equal(typeof client[name], typeof kit[name], name);
  assert.equal(client.validateField("documentNumber", "17.604.011-4", { documentType: "RUT", country: "CHL" }).state, "valid");
  assert.equal(typeof client.IdentityClient, "function");
});

test("the client's error classes are exported: classes extending Error, with their names", async () => {
  const kit = await import("identity-kit/client");
  const names = ["ValidationError", "ApiError", "NetworkError", "TimeoutError", "AbortError"];
  for (const name of names) {
    assert.equal(typeof kit[name], "function", name);
    assert.ok(kit[name].prototype instanceof Error, `${name} extends Error`);
    assert.equal(new kit[name]("x").name, name);
  }
  assert.ok(new kit.ApiError("x") instanceof kit.IdentityClientError);
  assert.equal(typeof kit.IdentityClient, "function");
  assert.equal("Guard" in kit, false, "the snippets' helpers stay private");
});
