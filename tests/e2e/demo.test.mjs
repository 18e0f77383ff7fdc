// The demo page (www/) end to end, in Debian's headless Chromium driven by playwright-core
// (no browser download), against a real identity-sandbox server started here on a free port
// with a fresh SQLite file.
//
// Run through tests/run-e2e.sh (builds pkg/ and the server first), or directly:
//   IDENTITY_SANDBOX_BIN=target/server/identity-sandbox node --test tests/e2e/
//
// Screenshots after a successful flow go to build/screenshots/.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../", import.meta.url));
const BIN =
  process.env.IDENTITY_SANDBOX_BIN ||
  join(process.env.CARGO_TARGET_DIR || join(root, "target"), "server", "identity-sandbox");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const SHOTS = join(root, "build", "screenshots");

// The package itself, in Node, to check what the page shows against the validators' own verdicts.
const kit = await import(new URL("pkg/index.js", `file://${root}`));
kit.initSync({ module: readFileSync(join(root, "pkg", "identity_kit_bg.wasm")) });

const RUT = { country: "CHL", documentType: "RUT" };

// ---- The server ---------------------------------------------------------------------------

const tmp = mkdtempSync(join(tmpdir(), "identity-e2e-"));
let server = null;

async function startServer() {
  assert.ok(existsSync(BIN), `no server binary at ${BIN}: run tests/run-e2e.sh (it builds it)`);
  const portFile = join(tmp, "port");
  rmSync(portFile, { force: true });
  const child = spawn(
    BIN,
    ["--port", "0", "--port-file", portFile, "--db", join(tmp, "e2e.sqlite"), "--www", join(root, "www"), "--pkg", join(root, "pkg")],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (existsSync(portFile)) {
      const port = Number(readFileSync(portFile, "utf8").trim());
      if (port > 0) return { child, port, url: `http://127.0.0.1:${port}`, exited, output: () => output };
    }
    if (child.exitCode !== null) throw new Error(`identity-sandbox exited early (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`identity-sandbox did not write its port file in 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopServer() {
  if (!server) return;
  const s = server;
  server = null;
  if (s.child.exitCode === null && s.child.signalCode === null) {
    s.child.kill("SIGTERM");
    const timer = setTimeout(() => s.child.kill("SIGKILL"), 5_000);
    await s.exited;
    clearTimeout(timer);
  }
}

// ---- The browser --------------------------------------------------------------------------

let browser;
let context;
let page;
let origin;
/** Console errors, page errors, CSP violations and requests that left the origin. */
const problems = { console: [], pageErrors: [], offOrigin: [] };
/** Console errors a phase causes on purpose (the browser logs failed requests): a pattern, or null. */
let expectedConsole = null;
/** Requests the page made to the API. */
const apiRequests = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  origin = server.url;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US", deviceScaleFactor: 1 });
  // Collected outside the page's CSP (init scripts are injected by the browser, not the page).
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const text = m.text();
    if (expectedConsole && expectedConsole.test(text)) return;
    problems.console.push(text);
  });
  page.on("pageerror", (e) => problems.pageErrors.push(String(e && e.stack ? e.stack : e)));
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith("data:")) problems.offOrigin.push(url);
    if (url.startsWith(`${origin}/demo-api/`)) apiRequests.push(`${r.method()} ${url.slice(origin.length)}`);
  });
});

after(async () => {
  await browser?.close().catch(() => {});
  await stopServer();
  rmSync(tmp, { recursive: true, force: true });
});

// ---- Helpers --------------------------------------------------------------------------------

/** What a field shows: the verdict state, how it is shown, aria-invalid, and its message. */
async function fieldView(id) {
  return page.evaluate((id) => {
    const input = document.getElementById(id);
    const wrap = input.closest(".field");
    const msg = document.getElementById(`${id}-msg`);
    return {
      value: input.value,
      state: wrap.dataset.state,
      show: wrap.dataset.show,
      ariaInvalid: input.getAttribute("aria-invalid"),
      describedBy: (input.getAttribute("aria-describedby") || "").split(/\s+/),
      message: msg.hidden ? "" : msg.textContent,
      messageColor: getComputedStyle(msg).color,
      borderColor: getComputedStyle(input).borderTopColor,
      caret: input.selectionStart,
      focused: document.activeElement === input,
    };
  }, id);
}

const RED = "rgb(201, 42, 42)";

/** Every form value by input id. */
async function formValues() {
  return page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll("#forms input, #forms select")].map((e) => [e.id, e.value])),
  );
}

/** Checks each filled value with the package's own validateField, as the page's context for it. */
function assertAllValid(values) {
  for (const key of ["org", "u1", "u2"]) {
    const ctx = {
      country: values[`${key}-country`],
      documentType: values[`${key}-documentType`],
      type: key === "org" ? "ORGANIZATION" : "USER",
    };
    for (const [id, value] of Object.entries(values)) {
      if (!id.startsWith(`${key}-`)) continue;
      const field = id.slice(key.length + 1);
      const optional = ["nickname", "lastname", "externalId"].includes(field);
      if (optional && value === "") continue;
      const v = kit.validateField(field, value, ctx);
      assert.equal(v.state, "valid", `sample ${id} = ${JSON.stringify(value)}: ${v.code} ${v.message}`);
    }
  }
}

async function runFlow(link) {
  await page.check(`input[name=link][value=${link}]`);
  await page.click("#create");
  await page.waitForSelector("#result:not([hidden]) .children .child", { timeout: 30_000 });
  const steps = await page.$$eval("#progress .step", (els) =>
    els.map((e) => ({ step: e.dataset.step, state: e.dataset.state, id: e.querySelector(".id")?.textContent || null, reused: !!e.querySelector(".pill") })),
  );
  const org = await page.$eval("#result .org", (e) => ({
    id: e.dataset.id,
    name: e.querySelector(".org-name").textContent,
    children: [...e.querySelectorAll(".child")].map((c) => ({ id: c.dataset.id, name: c.querySelector(".child-name").textContent })),
    linkedWith: e.querySelector(".linked-with").textContent,
  }));
  return { steps, org };
}

/** The organization as the API has it, read from Node (not through the page). */
async function readOrganization(id) {
  const res = await fetch(`${origin}/demo-api/identities/${encodeURIComponent(id)}`);
  assert.equal(res.status, 200, `GET /demo-api/identities/${id}`);
  return res.json();
}

function childIds(identity) {
  return (identity.children || []).map((c) => (typeof c === "string" ? c : c.id)).sort();
}

// ---- The test -----------------------------------------------------------------------------------

test("the demo page end to end", async (t) => {
  await t.test("page loads under its CSP, from its own origin only", async () => {
    const res = await page.goto(`${origin}/`);
    assert.equal(res.status(), 200);
    const csp = res.headers()["content-security-policy"] || "";
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(csp, /style-src 'self'/);
    await page.waitForSelector("html[data-ready=true]", { timeout: 20_000 });
    assert.equal(await page.getAttribute("html", "lang"), "en");
    // Three forms, the countries list from the package, the document types for Chile.
    assert.equal(await page.locator("#forms .card").count(), 3);
    assert.ok((await page.locator("#org-country option").count()) >= 249);
    assert.equal(await page.inputValue("#org-country"), "CHL");
    assert.deepEqual(await page.$$eval("#org-documentType option", (o) => o.map((x) => x.value)), ["PASSPORT", "RUT"]);
    // The phone field shows Chile's calling code.
    assert.match(await page.getAttribute("#org-phone", "placeholder"), /^\+56/);
    assert.match(await page.textContent("#org-phone-hint"), /\+56/);
  });

  await t.test("the source keeps to the CSP and inserts data as text", () => {
    const html = readFileSync(join(root, "www", "index.html"), "utf8");
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, "inline <script>");
    assert.doesNotMatch(html, /\sstyle\s*=/i, "style attribute");
    assert.doesNotMatch(html, /<style/i, "<style> element");
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, "inline event handler");
    assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org)/i, "external URL");
    for (const name of readdirSync(join(root, "www")).filter((n) => n.endsWith(".js"))) {
      const src = readFileSync(join(root, "www", name), "utf8");
      assert.doesNotMatch(src, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/, `${name}: HTML or code from strings`);
      assert.doesNotMatch(src, /\.style\.|setAttribute\(\s*["']style/, `${name}: inline style`);
    }
  });

  await t.test("an invalid RUT typed key by key: incomplete without red, then invalid with the message", async () => {
    const id = "org-documentNumber";
    await page.click(`#${id}`);
    const digits = "760864284"; // 76.086.428-5 is right; the 4 is a wrong check digit
    const seen = [];
    // What the page should display: the package's display form whenever it reads the same as
    // what was typed (an unfinished `76` is not shown as the finished, wrong `7-6`).
    let display = "";
    for (let i = 0; i < digits.length; i++) {
      await page.keyboard.type(digits[i]);
      const v = await fieldView(id);
      const raw = display + digits[i];
      const formatted = kit.formatField("documentNumber", raw, RUT);
      const a = kit.validateField("documentNumber", raw, RUT);
      const b = kit.validateField("documentNumber", formatted, RUT);
      display = a.state === b.state && a.code === b.code ? formatted : raw;
      const expected = kit.validateField("documentNumber", digits.slice(0, i + 1), RUT);
      assert.equal(v.state, expected.state, `after ${digits.slice(0, i + 1)}`);
      seen.push(v.state);
      // Formatted as typed, caret kept at the end.
      assert.equal(v.value, display, `display after ${i + 1} keys`);
      assert.equal(v.caret, v.value.length, "caret after the last digit typed");
      assert.ok(v.describedBy.includes(`${id}-msg`), "aria-describedby names the message");
      if (i < digits.length - 1) {
        assert.equal(v.state, "incomplete");
        assert.notEqual(v.show, "error", `no error while typing ${v.value}`);
        assert.equal(v.ariaInvalid, null, "no aria-invalid while incomplete");
        assert.notEqual(v.borderColor, RED, "no red border while incomplete");
        assert.notEqual(v.messageColor, RED, "no red message while incomplete");
      }
    }
    const bad = await fieldView(id);
    const verdict = kit.validateField("documentNumber", "76.086.428-4", RUT);
    assert.equal(verdict.code, "rut.check_digit");
    assert.equal(bad.value, "76.086.428-4");
    assert.equal(bad.state, "invalid");
    assert.equal(bad.show, "error");
    assert.equal(bad.ariaInvalid, "true");
    assert.equal(bad.message, verdict.message);
    assert.match(bad.message, /5/, "says what the check digit should be");
    assert.equal(bad.messageColor, RED);
    assert.deepEqual([...new Set(seen)], ["incomplete", "invalid"]);

    // Fixed: delete the wrong digit, type the right one.
    await page.keyboard.press("Backspace");
    const editing = await fieldView(id);
    assert.notEqual(editing.show, "error", "no error right after deleting the wrong digit");
    await page.keyboard.type("5");
    const good = await fieldView(id);
    assert.equal(good.value, "76.086.428-5");
    assert.equal(good.state, "valid");
    assert.equal(good.show, "ok");
    assert.equal(good.ariaInvalid, null);
    assert.equal(good.message, "");
  });

  await t.test("formatting as typed keeps the caret after the character typed", async () => {
    await page.click("#u2-phone");
    await page.keyboard.type("+56961234567");
    assert.equal(await page.inputValue("#u2-phone"), kit.formatField("phone", "+56961234567", { country: "CHL" }));
    assert.equal(await page.inputValue("#u2-phone"), "+56 9 6123 4567");
    // Replace the 6 after "+56 9 " with a 7, in the middle of the value.
    await page.$eval("#u2-phone", (e) => e.setSelectionRange(6, 7));
    await page.keyboard.type("7");
    const v = await fieldView("u2-phone");
    assert.equal(v.value, "+56 9 7123 4567");
    assert.equal(v.caret, 7, "caret right after the 7");
    assert.equal(v.state, "valid");
    // A deletion is left as it is (no separator put back under the caret).
    await page.$eval("#u2-phone", (e) => e.setSelectionRange(6, 6));
    await page.keyboard.press("Backspace");
    assert.equal(await page.inputValue("#u2-phone"), "+56 97123 4567");
    await page.keyboard.press("Tab");
    assert.equal(await page.inputValue("#u2-phone"), "+56 9 7123 4567", "formatted again on leaving");
    await page.fill("#u2-phone", "");
  });

  await t.test("leaving a field unfinished or empty shows why", async () => {
    await page.click("#u1-phone");
    await page.keyboard.type("+5696123");
    let v = await fieldView("u1-phone");
    assert.equal(v.state, "incomplete");
    assert.equal(v.show, "info", "a neutral hint while typing");
    assert.equal(v.ariaInvalid, null);
    await page.keyboard.press("Tab");
    v = await fieldView("u1-phone");
    assert.equal(v.show, "error");
    assert.equal(v.ariaInvalid, "true");
    assert.equal(v.message, kit.validateField("phone", "+5696123", { country: "CHL" }).message);

    await page.click("#u1-email");
    await page.keyboard.press("Tab");
    v = await fieldView("u1-email");
    assert.equal(v.state, "empty");
    assert.equal(v.show, "error");
    assert.equal(v.message, kit.validateField("email", "", {}).message);
  });

  await t.test("an internationalised email is kept as typed and judged by the package", async () => {
    await page.click("#u2-email");
    await page.keyboard.type("josé.pérez@bücher.example");
    const v = await fieldView("u2-email");
    assert.equal(v.value, "josé.pérez@bücher.example", "not rewritten by the browser");
    assert.equal(v.state, kit.validateField("email", "josé.pérez@bücher.example", {}).state);
    assert.equal(v.state, "valid");
  });

  await t.test("the language switch changes every message and label at once", async () => {
    const before = await fieldView("u1-phone");
    await page.click(".lang-btn[data-lang=es]");
    assert.equal(await page.getAttribute("html", "lang"), "es");
    const after = await fieldView("u1-phone");
    assert.notEqual(after.message, before.message);
    assert.equal(after.message, kit.validateField("phone", "+5696123", { country: "CHL", locale: "es" }).message);
    assert.equal((await fieldView("u1-email")).message, kit.validateField("email", "", { locale: "es" }).message);
    assert.equal((await page.textContent("#create")).trim(), "Crear y vincular");
    assert.equal((await page.textContent("label[for=u1-phone]")).trim(), "Teléfono");
    // Country names in the current language.
    assert.equal(await page.$eval("#org-country option[value=DEU]", (o) => o.textContent), "Alemania");
    await page.click(".lang-btn[data-lang=pt]");
    assert.equal((await fieldView("u1-phone")).message, kit.validateField("phone", "+5696123", { country: "CHL", locale: "pt" }).message);
    assert.equal(await page.$eval("#org-country option[value=DEU]", (o) => o.textContent), "Alemanha");
    await page.click(".lang-btn[data-lang=en]");
    assert.equal((await fieldView("u1-phone")).message, before.message);
    assert.equal(await page.$eval("#org-country option[value=DEU]", (o) => o.textContent), "Germany");
  });

  await t.test("the document types and the phone hint follow the country and the identity type", async () => {
    await page.selectOption("#u1-country", "MEX");
    const userDocs = await page.$$eval("#u1-documentType option", (o) => o.map((x) => x.value));
    assert.deepEqual(userDocs.sort(), kit.documentTypes("MEX", "USER").map((d) => d.type).sort());
    assert.ok(userDocs.includes("CURP") && !userDocs.includes("RUT") && !userDocs.includes("RFC"));
    assert.equal(await page.inputValue("#u1-documentType"), "CURP");
    assert.match(await page.getAttribute("#u1-phone", "placeholder"), /^\+52/);
    assert.match(await page.textContent("#u1-phone-hint"), /\+52/);
    // The phone typed for Chile now belongs to another country.
    assert.equal((await fieldView("u1-phone")).state, "invalid");
    // CURP: upper case as typed.
    await page.click("#u1-documentNumber");
    await page.keyboard.type("hegg560427mvzrrl04");
    const curp = await fieldView("u1-documentNumber");
    assert.equal(curp.value, "HEGG560427MVZRRL04");
    assert.equal(curp.state, "valid");

    await page.selectOption("#org-country", "MEX");
    const orgDocs = await page.$$eval("#org-documentType option", (o) => o.map((x) => x.value));
    assert.ok(orgDocs.includes("RFC") && !orgDocs.includes("CURP"));
    await page.selectOption("#org-country", "CHL");
    assert.equal(await page.inputValue("#org-documentType"), "RUT");
  });

  let firstOrg;
  await t.test("sample data is valid and the flow runs with PATCH", async () => {
    await page.click("#fill-sample");
    const values = await formValues();
    assertAllValid(values);
    assert.equal(await page.locator('#forms .field[data-show="error"]').count(), 0);
    const { steps, org } = await runFlow("patch");
    assert.deepEqual(steps.map((s) => s.state), ["done", "done", "done", "done", "done"]);
    for (const s of steps) assert.ok(s.id, `step ${s.step} shows an id`);
    assert.equal(org.id, steps[0].id);
    assert.equal(org.name, values["org-name"]);
    const userIds = [steps[1].id, steps[2].id].sort();
    assert.deepEqual(org.children.map((c) => c.id).sort(), userIds);
    assert.match(org.linkedWith, /PATCH/);
    assert.deepEqual(childIds(await readOrganization(org.id)), userIds);
    // The form keeps what was sent.
    assert.deepEqual(await formValues(), values);
    firstOrg = { id: org.id, values };

    // Screenshots after a successful flow: desktop, then phone width.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, "desktop-1280x900.png") });
    await page.screenshot({ path: join(SHOTS, "desktop-1280x900-full.png"), fullPage: true });
    await page.locator("#result").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "desktop-1280x900-result.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, "phone-390x844.png") });
    await page.screenshot({ path: join(SHOTS, "phone-390x844-full.png"), fullPage: true });
    await page.locator("#result").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "phone-390x844-result.png") });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (overflow ${overflow}px)`);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await t.test("running it again reuses what exists instead of duplicating it", async () => {
    const { steps, org } = await runFlow("patch");
    assert.equal(org.id, firstOrg.id);
    assert.ok(steps.slice(0, 3).every((s) => s.reused), "organization and users marked reused");
    assert.equal(org.children.length, 2);
  });

  await t.test("fresh sample data, linked with the add-children endpoint", async () => {
    await page.click("#fill-sample");
    const values = await formValues();
    assertAllValid(values);
    assert.notEqual(values["org-documentNumber"], firstOrg.values["org-documentNumber"]);
    const before = apiRequests.length;
    const { steps, org } = await runFlow("children");
    assert.notEqual(org.id, firstOrg.id);
    assert.ok(steps.every((s) => s.state === "done" && !s.reused));
    const userIds = [steps[1].id, steps[2].id].sort();
    assert.deepEqual(org.children.map((c) => c.id).sort(), userIds);
    assert.match(org.linkedWith, /children/);
    assert.ok(apiRequests.slice(before).some((r) => r === `POST /demo-api/identities/${org.id}/children`), "used POST …/children");
    assert.ok(!apiRequests.slice(before).some((r) => r.startsWith("PATCH ")), "no PATCH this time");
    assert.deepEqual(childIds(await readOrganization(org.id)), userIds);
  });

  await t.test("the seed examples show which values are not valid, and nothing is sent", async () => {
    await page.click("#fill-seed");
    assert.equal(await page.inputValue("#org-documentNumber"), "77123126-K");
    assert.equal(await page.inputValue("#u1-documentNumber"), "17604011-4");
    assert.equal(await page.inputValue("#u2-documentNumber"), "18604011-4");
    assert.equal(await page.inputValue("#u1-phone"), "+5692111111");
    assert.equal(await page.inputValue("#u2-phone"), "+5693111111");
    const orgRut = await fieldView("org-documentNumber");
    assert.equal(orgRut.show, "error");
    assert.equal(orgRut.message, kit.validateField("documentNumber", "77123126-K", RUT).message);
    assert.match(orgRut.message, /8/);
    assert.match((await fieldView("u2-documentNumber")).message, /2/);
    assert.equal((await fieldView("u1-documentNumber")).state, "valid");
    for (const id of ["u1-phone", "u2-phone"]) {
      const v = await fieldView(id);
      assert.equal(v.show, "error", id);
      assert.equal(v.ariaInvalid, "true", id);
    }
    const before = apiRequests.length;
    await page.click("#create");
    await page.waitForSelector('#flow-error:not([hidden])[data-kind="ValidationError"]');
    assert.equal(apiRequests.length, before, "no request sent");
    const items = await page.$$eval("#flow-error .problems li", (li) => li.map((x) => x.textContent));
    assert.equal(items.length, 4, items.join("\n"));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator("#card-u1").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "phone-390x844-seed-errors.png") });
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.equal(await page.inputValue("#org-documentNumber"), "77123126-K", "the form keeps what was typed");
    assert.equal(await page.locator("#result").isHidden(), true);
  });

  await t.test("a 409 from the API is shown as a duplicate, with the API's detail", async () => {
    // The flow looks identities up before creating them and reuses what it finds, so the real
    // server never answers it 409; this answer is the sandbox's own 409 shape, replayed.
    await page.click("#fill-sample");
    const values = await formValues();
    const detail = "An organization with this document number already exists: 6b0000000000000000000001.";
    expectedConsole = /^Failed to load resource: the server responded with a status of 409/;
    await page.route(`${origin}/demo-api/identities`, (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 409,
            contentType: "application/json",
            headers: { "x-trace-id": "e2e-trace-409" },
            body: JSON.stringify({ status: 409, code: "13", type: "alreadyExist", detail, traceId: "e2e-trace-409" }),
          })
        : route.fallback(),
    );
    try {
      await page.click("#create");
      await page.waitForSelector('#flow-error:not([hidden])[data-kind="ApiError"]', { timeout: 30_000 });
    } finally {
      await page.unroute(`${origin}/demo-api/identities`);
      expectedConsole = null;
    }
    const text = await page.textContent("#flow-error");
    assert.match(text, /already exists \(409\)/);
    assert.ok(text.includes(detail), "the API's detail, as text");
    assert.match(text, /e2e-trace-409/);
    assert.equal(await page.$eval("#progress .step[data-step=organization]", (e) => e.dataset.state), "failed");
    assert.deepEqual(await formValues(), values, "the form keeps what was typed");
    await page.locator("#flow").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "desktop-1280x900-duplicate.png") });
  });

  await t.test("with the server down, the error says so and the form keeps the values", async () => {
    await page.click("#fill-sample");
    await page.click("#u1-nickname");
    await page.keyboard.type("x");
    const values = await formValues();
    expectedConsole = /^Failed to load resource: net::ERR_CONNECTION_REFUSED$/;
    await stopServer();
    await page.click("#create");
    await page.waitForSelector('#flow-error:not([hidden])[data-kind="NetworkError"]', { timeout: 60_000 });
    const text = await page.textContent("#flow-error");
    assert.match(text, /Cannot reach the server/);
    assert.deepEqual(await formValues(), values, "every typed value is kept");
    assert.equal(await page.isEnabled("#create"), true, "the person can try again");
    assert.equal(await page.$eval("#progress .step[data-step=organization]", (e) => e.dataset.state), "failed");
    // The error follows the language too.
    await page.click(".lang-btn[data-lang=es]");
    assert.match(await page.textContent("#flow-error"), /No se puede conectar con el servidor/);
    await page.click(".lang-btn[data-lang=en]");
    await page.locator("#flow").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "desktop-1280x900-network-down.png") });
  });

  await t.test("no console errors, no CSP violations, nothing fetched from elsewhere", async () => {
    const csp = await page.evaluate(() => window.__csp);
    assert.deepEqual(csp, [], "CSP violations");
    assert.deepEqual(problems.console, [], "console errors");
    assert.deepEqual(problems.pageErrors, [], "uncaught page errors");
    assert.deepEqual(problems.offOrigin, [], "requests to other origins");
  });
});
