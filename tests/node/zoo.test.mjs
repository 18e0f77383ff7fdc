// The hostile-value zoo over every export of the validators entry (issue 18): every call
// answers a verdict (or its documented value) or throws a TypeError, never anything else, and
// the module answers correctly after each kind. Also formatField's cap (defect 4): a 50 MB
// string is answered without being copied into wasm memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { boom, revoked } from "./hostile-values.mjs";

const pkgDir = new URL("../../pkg/", import.meta.url);
const kit = await import(new URL("index.js", pkgDir));
const { instance } = { instance: kit.initSync({ module: readFileSync(new URL("identity_kit_bg.wasm", pkgDir)) }) };

const cyclic = () => {
  const o = { name: "x" };
  o.self = o;
  return o;
};
const deep = () => {
  let o = {};
  for (let i = 0; i < 100_000; i++) o = { a: o };
  return o;
};
const big = "1".repeat(10 * 1024 * 1024);

/** [kind, () => value] */
const ZOO = [
  ["undefined", () => undefined], ["null", () => null], ["a number", () => 42], ["NaN", () => NaN],
  ["Infinity", () => Infinity], ["a BigInt", () => 10n], ["a Symbol", () => Symbol("s")], ["a function", () => boom],
  ["an array", () => ["17604011-4"]], ["an empty object", () => ({})], ["a Date", () => new Date(0)],
  ["a throwing getter", () => Object.defineProperty({}, "country", { get: boom, enumerable: true })],
  ["a Proxy whose traps throw", () => new Proxy({}, { get: boom, ownKeys: boom, has: boom, getPrototypeOf: boom })],
  ["a revoked Proxy", revoked], ["a cyclic object", cyclic], ["a 100k-deep object", deep],
  ["a 10 MB string", () => big], ["a lone surrogate", () => "17604011\ud800-4"], ["NUL", () => "1760\u00004011-4"],
  ["bidi controls", () => "\u202e17604011-4\u202c"], ["full-width digits", () => "１７６０４０１１－４"],
  ["a String object", () => new String("17604011-4")],
];

const RUT = { documentType: "RUT", country: "CHL" };
const STATES = new Set(["empty", "incomplete", "invalid", "valid"]);
const isVerdict = (v) => v && STATES.has(v.state) && typeof v.code === "string" && typeof v.message === "string";

/** Each export, called with the hostile value in each argument place: [name, [calls]]. */
const CALLS = {
  validateField: (x) => [() => kit.validateField(x, "1"), () => kit.validateField("documentNumber", x, RUT), () => kit.validateField("documentNumber", "1", x)],
  formatField: (x) => [() => kit.formatField(x, "1"), () => kit.formatField("documentNumber", x, RUT), () => kit.formatField("documentNumber", "1", x)],
  fieldState: (x) => [() => kit.fieldState(x, "1"), () => kit.fieldState("documentNumber", x, RUT), () => kit.fieldState("documentNumber", "1", x)],
  validateColumn: (x) => [() => kit.validateColumn("documentNumber", x, RUT), () => kit.validateColumn("documentNumber", [x], RUT), () => kit.validateColumn(x, ["1"])],
  validateIdentity: (x) => [() => kit.validateIdentity(x), () => kit.validateIdentity({ name: x }), () => kit.validateIdentity({}, x)],
  checkUniqueness: (x) => [() => kit.checkUniqueness(x), () => kit.checkUniqueness([x])],
  documentTypes: (x) => [() => kit.documentTypes(x), () => kit.documentTypes("CHL", x)],
  countries: (x) => [() => kit.countries(x)],
  callingCode: (x) => [() => kit.callingCode(x)],
  examplePhone: (x) => [() => kit.examplePhone(x), () => kit.examplePhone("CHL", x)],
};

function stillAnswers() {
  const v = kit.validateField("documentNumber", "17.604.011-4", RUT);
  assert.equal(v.state, "valid");
  assert.equal(v.normalized, "17604011-4");
  assert.equal(kit.formatField("documentNumber", "176040114", RUT), "17.604.011-4");
  assert.equal(kit.validateIdentity({ type: "USER" }, { partial: true }).ok, true);
}

let calls = 0;
for (const [kind, make] of ZOO) {
  test(`every export with ${kind}: a verdict or a TypeError, then correct answers`, () => {
    for (const [name, build] of Object.entries(CALLS)) {
      for (const call of build(make())) {
        calls++;
        let out;
        try {
          out = call();
        } catch (e) {
          assert.ok(e instanceof TypeError, `${name} with ${kind}: threw ${e?.constructor?.name}: ${e?.message}`);
          continue;
        }
        if (name === "validateField") assert.ok(isVerdict(out), `${name} with ${kind}: ${JSON.stringify(out)}`);
        if (name === "fieldState") assert.ok(STATES.has(out), `${name} with ${kind}: ${out}`);
        if (name === "formatField") assert.equal(typeof out, "string", `${name} with ${kind}`);
        if (name === "validateColumn") assert.ok(Array.isArray(out) && out.every((v) => STATES.has(v.state)), `${name} with ${kind}`);
      }
      stillAnswers();
    }
  });
}

test("formatField on a 50 MB string answers it as typed, without growing wasm memory", () => {
  const huge = "1".repeat(50 * 1024 * 1024);
  const before = instance.memory.buffer.byteLength;
  const t0 = performance.now();
  assert.equal(kit.formatField("documentNumber", huge, RUT), huge);
  assert.equal(kit.validateField("documentNumber", huge, RUT).code, "too_long");
  assert.equal(kit.fieldState("documentNumber", huge, RUT), "invalid");
  assert.equal(instance.memory.buffer.byteLength, before, "the value was not copied into wasm memory");
  console.log(`formatField, validateField, fieldState on 50 MB: ${(performance.now() - t0).toFixed(1)} ms in all`);
  stillAnswers();
});

test("the zoo's size", () => {
  assert.ok(calls >= ZOO.length * 20, `${calls} calls`);
  console.log(`hostile values: ${ZOO.length} kinds, ${calls} calls over ${Object.keys(CALLS).length} exports`);
});
