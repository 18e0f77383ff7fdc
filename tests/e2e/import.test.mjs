// The demo page's "Import users" part end to end, in Debian's headless Chromium driven by
// playwright-core, against a real identity-sandbox server on a free port with a fresh SQLite
// file: a CSV with good and bad rows set on the file input, the summary and each row's verdict
// (checked against the package's own CsvImport in Node), the import of the ready rows, each
// row's final status, the same import again (every row "already imported"), the part in
// Spanish; screenshots into build/screenshots/.
//
// Run through tests/run-e2e.sh (builds pkg/ and the server first), or directly:
//   IDENTITY_SANDBOX_BIN=target/server/identity-sandbox node --test tests/e2e/import.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../", import.meta.url));
const BIN = process.env.IDENTITY_SANDBOX_BIN
  || join(process.env.CARGO_TARGET_DIR || join(root, "target"), "server", "identity-sandbox");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const SHOTS = join(root, "build", "screenshots");

const kit = await import(new URL("pkg/import.js", `file://${root}`));
kit.initSync({ module: readFileSync(join(root, "pkg", "identity_kit_import_bg.wasm")) });

// The small sample (every local status, a warning, quoted cells) and 140 generated rows, so
// that the table has more than one page.
const sample = readFileSync(join(root, "www", "samples", "users-small.csv"), "utf8").trimEnd();
const extra = Array.from({ length: 140 }, (_, i) =>
  `e2e${i}@example.com;e2e-${i};"Pessoa ${i}; Jr";1980-01-${String(1 + (i % 28)).padStart(2, "0")};E2E${String(i).padStart(6, "0")};PRT;;${i % 35 === 34 ? "bad" : "ok"}`,
).map((line, i) => (i % 35 === 34 ? line.replace("@example.com", ".example.com") : line));
const CSV = [sample, ...extra].join("\r\n") + "\r\n";

function expectedRows() {
  const csv = new kit.CsvImport();
  const rows = [...csv.feed(new TextEncoder().encode(CSV)), ...csv.finish()];
  return { rows, summary: csv.summary() };
}

const tmp = mkdtempSync(join(tmpdir(), "identity-e2e-import-"));
let child;
let browser;
let page;
let origin;
const problems = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  assert.ok(existsSync(BIN), `no server binary at ${BIN}: run tests/run-e2e.sh (it builds it)`);
  const portFile = join(tmp, "port");
  child = spawn(BIN, ["--port", "0", "--port-file", portFile, "--db", join(tmp, "e2e.sqlite"), "--www", join(root, "www"), "--pkg", join(root, "pkg")],
    { stdio: ["ignore", "ignore", "inherit"] });
  const deadline = Date.now() + 30_000;
  while (!(existsSync(portFile) && Number(readFileSync(portFile, "utf8").trim()) > 0)) {
    if (child.exitCode !== null) throw new Error(`identity-sandbox exited early (${child.exitCode})`);
    if (Date.now() > deadline) throw new Error("identity-sandbox did not write its port file in 30 s");
    await new Promise((r) => setTimeout(r, 50));
  }
  origin = `http://127.0.0.1:${Number(readFileSync(portFile, "utf8").trim())}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US", deviceScaleFactor: 1 });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(String(e?.stack ?? e)));
});

after(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
  rmSync(tmp, { recursive: true, force: true });
});

/** A screenshot of the import part (its first 1,400 px), in a viewport tall enough to hold
 *  it, the page's sticky top bar hidden meanwhile (it would cover the part's top). */
async function shot(name) {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: viewport.width, height: 1600 });
  const clip = await page.$eval("#import", (e) => {
    document.querySelector(".topbar").hidden = true;
    scrollTo({ top: e.getBoundingClientRect().top + scrollY, behavior: "instant" });
    const r = e.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: Math.min(r.height, 1400) };
  });
  await page.screenshot({ path: join(SHOTS, name), clip });
  await page.$eval(".topbar", (bar) => (bar.hidden = false));
  await page.setViewportSize(viewport);
}

/** The table's rows on the current page: [row, status, outcome, verdict text]. */
const tableRows = () => page.$$eval("#import-body tr[data-row]", (trs) =>
  trs.map((tr) => [Number(tr.dataset.row), Number(tr.dataset.status), tr.dataset.outcome ?? null, tr.querySelector(".verdict").textContent]));

/** Every row of every page (the pager walked from the first). */
async function allTableRows() {
  await page.selectOption("#import-filter", "all");
  const out = [];
  for (;;) {
    out.push(...(await tableRows()));
    if (await page.$eval("#import-next", (b) => b.disabled)) break;
    await page.click("#import-next");
  }
  return out;
}

test("a CSV with good and bad rows: verdicts, import, final statuses, again, in Spanish", async () => {
  const { rows: expected, summary } = expectedRows();
  await page.goto(`${origin}/?lang=en`);
  await page.waitForSelector("#import[data-ready='true']");
  await page.setInputFiles("#import-file", { name: "users-e2e.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await page.waitForSelector("#import[data-state='read']");

  // The summary: counts and reasons, as the package counts them.
  const counts = await page.$$eval(".import-counts .count-n", (ns) => ns.map((n) => Number(n.textContent.replace(/\D/g, ""))));
  assert.deepEqual(counts, [summary.ready, summary.failing, summary.withWarnings]);
  const reasons = await page.$$eval(".reasons .reason-code", (cs) => cs.map((c) => c.textContent));
  assert.deepEqual(reasons.sort(), Object.keys(summary.byCode).filter((c) => c !== "subject.ready").sort());
  assert.match(await page.textContent("#import-status"), new RegExp(`users-e2e\\.csv: ${expected.length} rows read \\(“;” separated\\)\\. Ignored columns: notes\\.`));
  assert.equal(await page.textContent("#import-send"), `Import the ${summary.ready} ready rows`);

  // Every row's verdict, over the pages (50 a page).
  assert.match(await page.textContent("#import-page"), new RegExp(`Page 1 of ${Math.ceil(expected.length / 50)} · ${expected.length} rows`));
  const shown = await allTableRows();
  assert.deepEqual(shown.map(([row, status]) => [row, status]), expected.map((r) => [r.row, r.status]));
  for (const [i, [, , , text]] of shown.entries()) assert.ok(text.includes(expected[i].message), `row ${expected[i].row}: ${text}`);
  // The warning is shown on its (ready) row.
  const warned = expected.find((r) => r.warnings);
  await page.selectOption("#import-filter", "warnings");
  assert.deepEqual((await tableRows()).map((r) => r[0]), [warned.row]);
  assert.match(await page.textContent("#import-body .verdict-warning"), /check digit/i);
  await page.selectOption("#import-filter", "failing");
  await shot("import-verdicts.png");

  // The import: every ready row created, the others not sent (their local verdict stays).
  const posts = [];
  page.on("request", (r) => r.method() === "POST" && r.url().endsWith("/demo-api/v1/user") && posts.push(r));
  await page.click("#import-send");
  await page.waitForSelector("#import[data-state='imported']", { timeout: 60_000 });
  assert.equal(posts.length, Math.ceil(summary.ready / 100));
  assert.equal(await page.textContent("#import-status"),
    `Import finished: ${summary.ready} created, 0 updated, 0 already imported, 0 failed, 0 not sent.`);
  const after = await allTableRows();
  for (const [i, [, status, outcome]] of after.entries()) {
    assert.equal(outcome, status === 200 ? "created" : null, `row ${expected[i].row}`);
  }
  const createdCell = await page.textContent("#import-body tr[data-outcome='created'] .result-cell");
  assert.match(createdCell, /Created200 · Subject created\.did:via:humanos:[0-9a-f]{24}/);
  await page.selectOption("#import-filter", "all");
  await shot("import-done.png");

  // The same rows again: nothing created, every ready row already imported.
  await page.click("#import-send");
  await page.waitForFunction(() => /already imported/.test(document.getElementById("import-status").textContent)
    && document.getElementById("import").dataset.state === "imported");
  assert.equal(await page.textContent("#import-status"),
    `Import finished: 0 created, 0 updated, ${summary.ready} already imported, 0 failed, 0 not sent.`);
  await page.selectOption("#import-filter", "already");
  assert.match(await page.textContent("#import-page"), new RegExp(`· ${summary.ready} rows`));

  // In Spanish: the page's words and the verdicts (the file read again in the new language).
  await page.goto(`${origin}/?lang=es`);
  await page.waitForSelector("#import[data-ready='true']");
  await page.setInputFiles("#import-file", { name: "users-e2e.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await page.waitForSelector("#import[data-state='read']");
  assert.equal(await page.textContent("#import-title"), "Importar usuarios");
  await page.selectOption("#import-filter", "failing");
  assert.match(await page.textContent("#import-body"), /El contacto no es ni un correo ni un teléfono\./);
  await page.click(".lang-btn[data-lang='pt']");
  await page.waitForFunction(() => document.getElementById("import-title").textContent === "Importar usuários");
  await page.waitForSelector("#import[data-state='read']");
  assert.match(await page.textContent("#import-body"), /O contato não é nem um e-mail nem um telefone\./);

  assert.deepEqual(await page.evaluate(() => window.__csp), [], "no CSP violation");
  assert.deepEqual(problems, [], "no console error or page error");
});

test("10,000 rows: read in the page, paged, imported", async () => {
  const csv = spawnSync(process.execPath, [join(root, "tools", "gen_users_csv.mjs"), "10000", "--bad-every=50"], { maxBuffer: 1 << 28 }).stdout;
  const expected = new kit.CsvImport();
  const rows = [...expected.feed(csv), ...expected.finish()];
  const summary = expected.summary();
  await page.goto(`${origin}/?lang=en`);
  await page.waitForSelector("#import[data-ready='true']");
  const t0 = Date.now();
  await page.setInputFiles("#import-file", { name: "users-10k.csv", mimeType: "text/csv", buffer: csv });
  await page.waitForSelector("#import[data-state='read']");
  const readMs = Date.now() - t0;
  console.log(`10,000 rows read and shown in ${readMs} ms`);
  assert.ok(readMs < 10_000, `reading took ${readMs} ms`);
  assert.equal(await page.textContent("#import-page"), "Page 1 of 200 · 10,000 rows");
  await page.click("#import-next");
  assert.deepEqual((await tableRows()).map((r) => [r[0], r[1]]), rows.slice(50, 100).map((r) => [r.row, r.status]));
  const lookups = [];
  page.on("request", (r) => r.method() === "GET" && r.url().includes("/demo-api/") && lookups.push(r.url().slice(origin.length)));
  await page.click("#import-send");
  await page.waitForSelector("#import[data-state='imported']", { timeout: 90_000 });
  // The file's first 77123126-K (CHL) belongs to pedro@example.cl, imported by the test above:
  // the API answers 409 for it, shown as failed; every other ready row is created.
  const clash = rows.find((r) => r.status === 200 && r.input.identity?.docId === "77123126-K");
  assert.equal(await page.textContent("#import-status"),
    `Import finished: ${summary.ready - 1} created, 0 updated, 0 already imported, 1 failed, 0 not sent.`);
  await page.selectOption("#import-filter", "failed");
  const failed = await tableRows();
  assert.deepEqual(failed.map((r) => [r[0], r[2]]), [[clash.row, "failed"]]);
  assert.match(await page.textContent("#import-body .result-cell"), /409 · This identity belongs to another user\./);
  // The client looked that contact up (is the identity its own, sent again?): no such user,
  // a 404 the browser logs.
  assert.deepEqual(lookups, [`/demo-api/v1/user?contact=${encodeURIComponent(clash.input.contact)}`]);
  assert.deepEqual(problems, ["Failed to load resource: the server responded with a status of 404 (Not Found)"]);
});
