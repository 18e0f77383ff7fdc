// identity-kit against the JS validators people use today (bench/run.sh runs this; not a
// test). In this Node process and in headless Chromium: the same inputs through identity-kit's
// validateField and through libphonenumber-js, validator, rut.js, cpf-cnpj-validator and curp,
// each peer first checked to give the same verdict on every input it is timed on; calls per
// second and the ratio. Then the cold start of the wasm (fetch/read, compile, instantiate), and
// the gzip size of each library as a bundle ships it (esbuild, minified). Writes
// build/bench.json too.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import * as kit from "../pkg/index.js";
import { runAll } from "./cases.mjs";
import { csvBench } from "./csv.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..");
const options = { rounds: Number(process.env.BENCH_ROUNDS ?? 5), minMs: Number(process.env.BENCH_MIN_MS ?? 200) };
const COLD_SAMPLES = Number(process.env.BENCH_COLD_SAMPLES ?? 5);
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"];
const log = (...a) => console.error("[bench]", ...a);

// --- formatting ---------------------------------------------------------------------------
const rate = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : `${(n / 1e3).toFixed(0)} k/s`);
const ms = (n) => `${n.toFixed(1)} ms`;
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => "| " + cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ") + " |";
  return [line(headers), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.map(line)].join("\n");
}

// --- a static server for pkg/ and bench/ (loopback only) ------------------------------------
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
async function serve() {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!/^\/(pkg|bench)\//.test(path)) return void res.writeHead(404).end();
    try {
      const body = readFileSync(join(root, path));
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream", "cache-control": "no-store" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

// --- throughput -----------------------------------------------------------------------------
function throughputTable(results) {
  const ratio = (n, peer) => (n ? `${(n / peer).toFixed(2)}x` : "");
  return table(
    ["check", "peer", "inputs agreed (valid)", "peer", "validateField", "ratio", "fieldState", "ratio", "validateColumn", "ratio"],
    results.map((r) => [
      r.name, r.peer, `${r.agreed}/${r.inputs} (${r.valid})`, rate(r.peerRate),
      rate(r.ik), ratio(r.ik, r.peerRate), rate(r.state), ratio(r.state, r.peerRate),
      r.column ? rate(r.column) : "", ratio(r.column, r.peerRate),
    ]),
  );
}

async function main() {
  const wasmPath = join(root, "pkg/identity_kit_bg.wasm");
  kit.initSync({ module: readFileSync(wasmPath) });

  log(`Node ${process.version}: throughput (best of ${options.rounds} rounds of >= ${options.minMs} ms)`);
  const nodeResults = runAll(kit, options);

  log("Node: the bulk import, 100,000 CSV rows parsed and validated (identity-kit/import)");
  const importKit = await import("../pkg/import.js");
  importKit.initSync({ module: readFileSync(join(root, "pkg/identity_kit_import_bg.wasm")) });
  const csv = await csvBench(importKit);

  log(`Node: ${COLD_SAMPLES} cold starts, one fresh process each`);
  const nodeCold = [];
  for (let i = 0; i < COLD_SAMPLES; i++) {
    const r = spawnSync(process.execPath, [join(here, "cold-node.mjs")], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    nodeCold.push(JSON.parse(r.stdout));
  }

  log("Chromium: bundling the browser side with esbuild");
  mkdirSync(join(here, "dist"), { recursive: true });
  await esbuild.build({
    entryPoints: [join(here, "browser-entry.mjs")], bundle: true, format: "esm", platform: "browser",
    target: "es2022", outfile: join(here, "dist/bench.js"), logLevel: "warning",
  });
  writeFileSync(join(here, "dist/index.html"),
    '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="bench.js"></script>\n');

  const server = await serve();
  let chromiumResults;
  let chromiumVersion;
  const split = [];
  const streaming = [];
  try {
    const launch = () => chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
    const browser = await launch();
    chromiumVersion = browser.version();
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${server.base}/bench/dist/index.html`);
    await page.waitForFunction(() => typeof window.runBench === "function");
    log(`Chromium ${chromiumVersion}: throughput`);
    chromiumResults = await page.evaluate(([url, o]) => window.runBench(url, o), [`${server.base}/pkg/identity_kit_bg.wasm`, options]);
    if (errors.length) throw new Error(errors.join("\n"));
    await browser.close();

    log(`Chromium: ${COLD_SAMPLES} cold starts per mode, one fresh browser each`);
    for (let i = 0; i < COLD_SAMPLES; i++) {
      for (const [mode, into] of [["split", split], ["streaming", streaming]]) {
        const b = await launch();
        const p = await b.newPage();
        await p.goto(`${server.base}/bench/cold.html?mode=${mode}&nonce=${Date.now()}-${i}`);
        into.push(await (await p.waitForFunction(() => window.coldResult)).jsonValue());
        await b.close();
      }
    }
  } finally {
    server.close();
  }

  log("sizes: each library bundled alone with esbuild (minified, ESM, browser), gzip -9");
  const bundle = async (contents, resolveDir = here) => {
    const out = await esbuild.build({
      stdin: { contents, resolveDir, loader: "js" }, bundle: true, minify: true, format: "esm",
      platform: "browser", target: "es2022", write: false, logLevel: "error",
    });
    const js = out.outputFiles[0].contents;
    return { min: js.length, gzip: gzipSync(js, { level: 9 }).length };
  };
  const wasmBytes = readFileSync(wasmPath);
  const wasmGzip = gzipSync(wasmBytes, { level: 9 }).length;
  const clientWasmGzip = gzipSync(readFileSync(join(root, "pkg/identity_kit_client_bg.wasm")), { level: 9 }).length;
  const ikOne = await bundle('export { default as init, validateField } from "../pkg/index.js";');
  const ikAll = await bundle('export * from "../pkg/index.js"; export { default } from "../pkg/index.js";');
  const ikClient = await bundle('export * from "../pkg/client.js"; export { default } from "../pkg/client.js";');
  const lpnMin = ["libphonenumber-js", "isValidPhoneNumber, isPossiblePhoneNumber (default \"min\" metadata)", 'export { isValidPhoneNumber, isPossiblePhoneNumber } from "libphonenumber-js";'];
  const lpnMax = ["libphonenumber-js/max", "isValidPhoneNumber, getType... (full \"max\" metadata)", 'export { isValidPhoneNumber, isPossiblePhoneNumber, parsePhoneNumber } from "libphonenumber-js/max";'];
  const others = [
    ["validator", "isEmail (validator/es/lib/isEmail)", 'export { default as isEmail } from "validator/es/lib/isEmail";'],
    ["rut.js", "validate", 'export { validate } from "rut.js";'],
    ["cpf-cnpj-validator", "cpf, cnpj", 'export { cpf, cnpj } from "cpf-cnpj-validator";'],
    ["curp", "validar (the whole CommonJS module)", 'export { validar } from "curp";'],
  ];
  const peers = [lpnMin, lpnMax, ...others];
  const peerSizes = [];
  for (const [name, what, code] of peers) peerSizes.push({ name, what, ...(await bundle(code)) });
  // The peer set doing the validators' work: libphonenumber-js with its full metadata, as
  // identity-kit's phone validity now is, and the four others.
  const allPeers = await bundle([lpnMax, ...others].map(([, , code]) => code).join("\n"));
  const sizeOf = (name) => peerSizes.find((p) => p.name === name).gzip;
  const version = (name) => JSON.parse(readFileSync(join(here, "node_modules", name.replace(/\/max$/, ""), "package.json"), "utf8")).version;

  // --- report --------------------------------------------------------------------------------
  const out = [];
  const coldRow = (label, samples, keys) => [label, ...keys.map((k) => (samples[0][k] === undefined ? "" : ms(median(samples.map((s) => s[k])))))];
  const coldKeys = ["fetch", "compile", "instantiate", "total", "firstCall"];
  out.push(`identity-kit ${JSON.parse(readFileSync(join(root, "pkg/package.json"), "utf8")).version} vs peers` +
    ` (${peers.map(([n]) => `${n} ${version(n)}`).join(", ")})`);
  out.push("");
  out.push(`Node ${process.version}, one process: calls per second (best of ${options.rounds} rounds of >= ${options.minMs} ms)`);
  out.push(throughputTable(nodeResults));
  out.push("");
  out.push(`Node, the bulk import (CsvImport, 64 KiB chunks, best of 3): ${csv.rows.toLocaleString("en")} rows (${(csv.bytes / 1e6).toFixed(1)} MB) parsed and validated in ${csv.ms.toFixed(0)} ms: ${csv.rowsPerSecond.toLocaleString("en")} rows/s`);
  out.push("");
  out.push(`Chromium ${chromiumVersion} (headless): calls per second`);
  out.push(throughputTable(chromiumResults));
  out.push("");
  out.push(`Cold start of identity-kit's wasm (${kb(wasmBytes.length)}, ${kb(wasmGzip)} gzip), median of ${COLD_SAMPLES} fresh processes/browsers; loopback server, so "fetch" has no network time`);
  out.push(table(["where", "fetch / read", "compile", "instantiate", "total", "first call"], [
    coldRow("Node: readFileSync + WebAssembly.compile + initSync", nodeCold, coldKeys),
    coldRow("Chromium: fetch + WebAssembly.compile + init", split, coldKeys),
    coldRow("Chromium: init(url) = instantiateStreaming", streaming, coldKeys),
  ]));
  out.push("");
  out.push("Size as a bundle ships it (esbuild --bundle --minify, ESM, browser; gzip -9)");
  out.push(table(["library", "what is bundled", "JS min", "JS gzip", "wasm gzip", "total gzip"], [
    ["identity-kit", "init + validateField", kb(ikOne.min), kb(ikOne.gzip), kb(wasmGzip), kb(ikOne.gzip + wasmGzip)],
    ["identity-kit", "the validators entry, whole", kb(ikAll.min), kb(ikAll.gzip), kb(wasmGzip), kb(ikAll.gzip + wasmGzip)],
    ["identity-kit/client", "the client entry, whole (validators too)", kb(ikClient.min), kb(ikClient.gzip), kb(clientWasmGzip), kb(ikClient.gzip + clientWasmGzip)],
    ...peerSizes.map((p) => [p.name, p.what, kb(p.min), kb(p.gzip), "", kb(p.gzip)]),
    ["the peer set", "libphonenumber-js/max and the four others, one bundle", kb(allPeers.min), kb(allPeers.gzip), "", kb(allPeers.gzip)],
  ]));
  const validators = ikAll.gzip + wasmGzip;
  const client = ikClient.gzip + clientWasmGzip;
  out.push("");
  out.push("identity-kit's entries against the peers (total gzip; below 1.00x is smaller)");
  out.push(table(["entry", "size", "/ libphonenumber-js min", "/ libphonenumber-js max", "/ the peer set"], [
    ["identity-kit (validators)", kb(validators), ...[sizeOf("libphonenumber-js"), sizeOf("libphonenumber-js/max"), allPeers.gzip].map((p) => `${(validators / p).toFixed(2)}x`)],
    ["identity-kit/client", kb(client), ...[sizeOf("libphonenumber-js"), sizeOf("libphonenumber-js/max"), allPeers.gzip].map((p) => `${(client / p).toFixed(2)}x`)],
  ]));
  const dropped = [...nodeResults, ...chromiumResults].flatMap((r) => r.dropped.map((d) => `${r.name}: ${d}`));
  if (dropped.length) {
    out.push("");
    out.push("Inputs left out of a race because identity-kit and the peer disagree on them (Node and Chromium):");
    for (const d of [...new Set(dropped)]) out.push(`  ${d}`);
  }
  console.log(out.join("\n"));
  mkdirSync(join(root, "build"), { recursive: true });
  writeFileSync(join(root, "build/bench.json"), JSON.stringify({
    options, node: nodeResults, chromium: chromiumResults, csv, cold: { node: nodeCold, chromiumSplit: split, chromiumStreaming: streaming },
    sizes: { identityKit: { one: ikOne, all: ikAll, wasmGzip, client: ikClient, clientWasmGzip }, peers: peerSizes, allPeers },
  }, null, 2));
}

await main();
