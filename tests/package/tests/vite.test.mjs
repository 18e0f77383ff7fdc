// A fresh Vite project using the tarball: `vite build` succeeds (the .wasm emitted as an
// asset, the adapters tree-shaken away from a page that does not use them), then the built
// page, served by `vite preview`, validates fields through bindInput in headless Chromium.
// The dev server (with the README's optimizeDeps.exclude) loads the page too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { chromium } from "playwright-core";

const vite = (...args) => spawnSync(process.execPath, ["node_modules/vite/bin/vite.js", ...args], { encoding: "utf8" });

const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.once("error", reject);
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

/** Starts `vite <args>` on a free loopback port; resolves once it answers. */
async function serve(args) {
  const port = await freePort();
  const child = spawn(process.execPath, ["node_modules/vite/bin/vite.js", ...args, "--host", "127.0.0.1", "--port", String(port), "--strictPort"],
    { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => { output += d; });
  child.stderr.on("data", (d) => { output += d; });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite ${args.join(" ")} exited: ${output}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch { /* not yet */ }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`vite ${args.join(" ")} did not answer at ${url}: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => child.kill() };
}

let browser;
let preview;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
  });
});
after(async () => {
  preview?.stop();
  await browser?.close();
});

async function open(url) {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 }).catch((e) => {
    throw new Error(`page not ready: ${problems.join("\n")}`, { cause: e });
  });
  return { page, problems };
}

const state = (page, id) => page.$eval(`#${id}`, (el) => ({
  value: el.value,
  ariaInvalid: el.getAttribute("aria-invalid"),
  valid: el.validity.valid,
  customError: el.validity.customError,
  message: el.validationMessage,
  caret: el.selectionStart,
}));

test("vite build emits the .wasm and the page's bundle", () => {
  const r = vite("build");
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const assets = readdirSync("dist/assets");
  assert.ok(assets.some((f) => /^identity_kit_bg-.*\.wasm$/.test(f)), assets.join(" "));
});

test("a page importing validateField only gets no adapter code (sideEffects: false)", () => {
  const r = vite("build", "--config", "vite.min.config.js");
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const js = readdirSync("dist-min/assets").filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(`dist-min/assets/${f}`, "utf8")).join("\n");
  assert.match(js, /validateField|wasm/);
  assert.doesNotMatch(js, /setCustomValidity|~standard/);
});

test("the built page validates as the person types (vite preview, headless Chromium)", async (t) => {
  preview = await serve(["preview"]);
  const { page, problems } = await open(preview.url);
  const rut = page.locator("#rut");

  await t.test("valid RUT typed digit by digit is formatted, no error", async () => {
    await rut.pressSequentially("176040114");
    const s = await state(page, "rut");
    assert.equal(s.value, "17.604.011-4");
    assert.equal(s.valid, true);
    assert.equal(s.ariaInvalid, null);
    assert.equal(await page.textContent("#rut-message"), "");
    assert.deepEqual(await page.evaluate(() => window.identityKit.schemaCheck("17.604.011-4")), { value: "17604011-4" });
  });

  await t.test("wrong check digit: custom validity and aria-invalid at once", async () => {
    await rut.fill("");
    await rut.pressSequentially("77123126K");
    const s = await state(page, "rut");
    assert.equal(s.ariaInvalid, "true");
    assert.equal(s.customError, true);
    assert.match(s.message, /8/);
    assert.equal(await page.textContent("#rut-message"), s.message);
  });

  await t.test("incomplete: blocks submit but shows no error while typing; shown on blur", async () => {
    await rut.fill("");
    await rut.pressSequentially("17604");
    let s = await state(page, "rut");
    assert.equal(s.value.replace(/[.-]/g, ""), "17604");
    assert.equal(await page.evaluate((v) => window.identityKit.validateField("documentNumber", v, { documentType: "RUT", country: "CHL" }).state, s.value), "incomplete",
      "any display form shown while typing reads back as incomplete");
    assert.equal(s.customError, true);
    assert.match(s.message, /\S/);
    assert.equal(s.ariaInvalid, null);
    assert.equal(await page.textContent("#rut-message"), "");
    await page.locator("#raw").focus();
    s = await state(page, "rut");
    assert.equal(s.ariaInvalid, "true");
    assert.equal(await page.textContent("#rut-message"), s.message);
    // Typing again hides it until the next blur; completing it clears it.
    await rut.focus();
    await page.keyboard.press("End");
    await page.keyboard.type("011");
    s = await state(page, "rut");
    assert.equal(s.ariaInvalid, null);
    await page.keyboard.type("4");
    s = await state(page, "rut");
    assert.equal(s.value, "17.604.011-4");
    assert.equal(s.valid, true);
  });

  await t.test("phone: caret kept when editing in the middle; separator deletion respected", async () => {
    const phone = page.locator("#phone");
    await phone.pressSequentially("+56961234567");
    let s = await state(page, "phone");
    assert.equal(s.value, "+56 9 6123 4567");
    assert.equal(s.valid, true);
    await phone.evaluate((el) => el.setSelectionRange(8, 8)); // after "+56 9 61"
    await page.keyboard.press("Backspace");
    s = await state(page, "phone");
    assert.equal(s.value, "+56 9 6234 567");
    assert.equal(s.caret, 7); // after "+56 9 6"
    await page.keyboard.type("1");
    s = await state(page, "phone");
    assert.equal(s.value, "+56 9 6123 4567");
    assert.equal(s.caret, 8);
    await phone.evaluate((el) => el.setSelectionRange(6, 6)); // after "+56 9 "
    await page.keyboard.press("Backspace");
    s = await state(page, "phone");
    assert.equal(s.value, "+56 96123 4567", "a deleted separator is not put back while typing");
    assert.equal(s.caret, 5);
    await page.locator("#raw").focus();
    assert.equal((await state(page, "phone")).value, "+56 9 6123 4567", "formatted again on blur");
  });

  await t.test("getContext + revalidate: the phone follows the country, messages in the locale", async () => {
    await page.selectOption("#country", "MEX");
    const s = await state(page, "phone");
    assert.equal(s.ariaInvalid, "true");
    assert.equal(await page.evaluate(() => window.identityKit.bindings.phone.revalidate().code), "phone.country_mismatch");
    assert.match(s.message, /[áéíóúñ]|país|código/i, `Spanish message expected: ${s.message}`);
    await page.selectOption("#country", "CHL");
    assert.equal((await state(page, "phone")).valid, true);
  });

  await t.test("submit: blocked while a field is wrong or a required one empty; goes through when all are valid", async () => {
    await page.click("#submit");
    assert.equal(await page.evaluate(() => window.identityKit.submitted()), 0);
    let email = await state(page, "email");
    assert.equal(email.valid, false);
    assert.equal(email.ariaInvalid, "true", "empty required field shown on a submit attempt");
    const input = page.locator("#email");
    await input.pressSequentially("someone@exa");
    email = await state(page, "email");
    assert.equal(email.customError, true);
    assert.equal(email.ariaInvalid, null, "incomplete email while typing");
    await input.pressSequentially("mple.com");
    assert.equal((await state(page, "email")).valid, true);
    await page.locator("#raw").pressSequentially("176040114");
    await page.click("#submit");
    assert.equal(await page.evaluate(() => window.identityKit.submitted()), 1);
  });

  await t.test("a form reset clears what the binding set", async () => {
    await rut.fill("");
    await rut.pressSequentially("77123126K");
    assert.equal((await state(page, "rut")).customError, true);
    await page.evaluate(() => document.getElementById("form").reset());
    await page.waitForFunction(() => !document.getElementById("rut").validity.customError);
    const s = await state(page, "rut");
    assert.equal(s.value, "");
    assert.equal(s.ariaInvalid, null);
    assert.equal(await page.evaluate(() => window.identityKit.log.at(-1).reason), "reset");
    await page.locator("#raw").pressSequentially("176040114");
  });

  await t.test("format: false keeps the typed value; teardown removes listeners and state", async () => {
    assert.equal((await state(page, "raw")).value, "176040114");
    await page.locator("#raw").fill("77123126K");
    assert.equal((await state(page, "raw")).ariaInvalid, "true");
    await page.evaluate(() => window.identityKit.bindings.raw());
    let s = await state(page, "raw");
    assert.equal(s.ariaInvalid, null);
    assert.equal(s.valid, true);
    await page.locator("#raw").pressSequentially("0");
    s = await state(page, "raw");
    assert.equal(s.value, "77123126K0");
    assert.equal(s.valid, true);
    assert.equal(s.ariaInvalid, null);
  });

  await t.test("onVerdict saw the reasons", async () => {
    const reasons = new Set(await page.evaluate(() => window.identityKit.log.map((l) => l.reason)));
    for (const r of ["bind", "input", "blur"]) assert.ok(reasons.has(r), r);
  });
  assert.deepEqual(problems, []);
  await page.close();
});

test("the dev server serves the page too (optimizeDeps.exclude as the README says)", async () => {
  const dev = await serve([]);
  try {
    const { page, problems } = await open(dev.url);
    await page.locator("#rut").pressSequentially("176040114");
    assert.equal((await state(page, "rut")).value, "17.604.011-4");
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    dev.stop();
  }
});
