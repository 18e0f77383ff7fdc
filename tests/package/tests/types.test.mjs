// The package's TypeScript declarations, from the installed tarball: `tsc --strict --noEmit`
// accepts a consumer using the whole API (nodenext and bundler resolution, and with
// exactOptionalPropertyTypes), rejects misspelled field names and options on exactly the lines
// that have them, and every runtime export of the entry has a declaration.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const tsc = (...args) => spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "--pretty", "false", ...args], { encoding: "utf8" });
const version = execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "--version"], { encoding: "utf8" }).trim();

for (const [label, args] of [
  ["nodenext", ["-p", "tsconfig.json"]],
  ["bundler", ["-p", "tsconfig.bundler.json"]],
  ["nodenext + exactOptionalPropertyTypes", ["-p", "tsconfig.json", "--exactOptionalPropertyTypes"]],
]) {
  test(`${version} --strict accepts types/ok.ts (${label})`, () => {
    const r = tsc(...args);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
}

test("tsc rejects types/bad.ts, with one error on each marked line and none elsewhere", () => {
  const r = tsc("-p", "tsconfig.bad.json");
  assert.notEqual(r.status, 0, "bad.ts compiled");
  const errors = [...r.stdout.matchAll(/^types\/bad\.ts\((\d+),(\d+)\): error (TS\d+): (.*)$/gm)]
    .map((m) => ({ line: Number(m[1]), code: m[3], text: m[4] }));
  const marked = readFileSync("types/bad.ts", "utf8").split("\n")
    .map((text, i) => ({ line: i + 1, text })).filter((l) => /^\s*[^/\s].*\/\/ error:/.test(l.text));
  assert.deepEqual(errors.map((e) => e.line), marked.map((l) => l.line), r.stdout);
  // The misspellings are named in the messages.
  const on = (word) => errors.find((e) => marked.find((l) => l.line === e.line).text.includes(word));
  assert.match(on('"phnoe"').text, /"phnoe".*FieldName/);
  assert.match(on("contry").text, /'contry' does not exist/);
  assert.match(on("fromat").text, /'fromat' does not exist/);
  assert.match(on("documentNumbr").text, /"documentNumbr".*FieldName/);
  assert.match(on("partail").text, /'partail' does not exist/);
});

test("every runtime export of the entry is declared", async () => {
  const names = Object.keys(await import("identity-kit")).filter((n) => n !== "default");
  writeFileSync("types/exports.ts",
    'import * as kit from "identity-kit";\n' +
    `export const names: readonly (keyof typeof kit)[] = ${JSON.stringify(names)};\n`);
  const r = tsc("--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext",
    "--target", "es2022", "--lib", "es2022,dom", "types/exports.ts");
  assert.equal(r.status, 0, `runtime exports without declarations:\n${r.stdout}`);
});
