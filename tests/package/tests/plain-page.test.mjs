// The package on a plain page, no bundler: an import map points "identity-kit" at the installed
// package, a tiny static server (loopback only) serves the files, `await init()` fetches the
// .wasm beside the JS, bindInput and validateField work in headless Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const root = process.cwd();
let server;
let browser;
let base;
const wasmTypes = [];

before(async () => {
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    const file = join(root, path.endsWith("/") ? path + "index.html" : path);
    if (!file.startsWith(root + "/")) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      const type = types[extname(file)] ?? "application/octet-stream";
      if (file.endsWith(".wasm")) wasmTypes.push(type);
      res.writeHead(200, { "content-type": type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
  });
});
after(async () => {
  await browser?.close();
  server?.close();
});

test("plain page with an import map: init() fetches the wasm, bindInput validates", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
  await page.goto(`${base}/plain/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 });
  assert.deepEqual(wasmTypes, ["application/wasm"], "the .wasm was fetched (and could be streamed)");
  await page.locator("#rut").pressSequentially("77123126K");
  assert.match(await page.textContent("#verdict"), /dígito verificador.*8/);
  assert.equal(await page.getAttribute("#rut", "aria-invalid"), "true");
  await page.locator("#rut").fill("");
  await page.locator("#rut").pressSequentially("771231268");
  assert.equal(await page.textContent("#verdict"), "valid");
  assert.equal(await page.inputValue("#rut"), "77.123.126-8");
  assert.equal(await page.evaluate(() => window.validateField("email", "a@b.co").state), "valid");
  assert.deepEqual(problems, []);
  await page.close();
});
