// Plain Node, the async path: `await init({ module_or_path: bytes })` (Node's fetch cannot
// read file: URLs, so `await init()` with no argument is for browsers and bundlers).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import init, { validateField } from "identity-kit";

test("await init({ module_or_path }) with the package's .wasm bytes", async () => {
  const bytes = await readFile(new URL(import.meta.resolve("identity-kit/identity_kit_bg.wasm")));
  const exports = await init({ module_or_path: bytes });
  assert.ok(exports.memory instanceof WebAssembly.Memory);
  assert.equal(validateField("documentNumber", "77123126-8", { documentType: "RUT", country: "CHL" }).state, "valid");
});
