// Humanos request signatures checked against an independent HMAC-SHA256: Node's crypto.
// 1. This script signs with node:crypto and calls a live identity-sandbox: a good signature
//    answers 200, a bad, old, future or keyless one 401 (POST and GET).
// 2. The reverse: a gateway identity-sandbox forwards to an upstream served here, whose
//    node:crypto check must accept the gateway's signature.
// Run by tests/run-humanos-sign.sh (SANDBOX_BIN = the identity-sandbox binary).
import { createHmac, timingSafeEqual } from "node:crypto";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, existsSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";

const BIN = process.env.SANDBOX_BIN;
const KEY = "node-key";
const SECRET = "node-secret-Ω";
const tmp = mkdtempSync(join(tmpdir(), "humanos-sign-"));
const children = [];
let passed = 0;
let failed = 0;

const sign = (secret, timestamp, body) =>
  createHmac("sha256", secret).update(body ? `${timestamp}.${body}` : `${timestamp}`, "utf8").digest("hex");

async function start(name, args, env) {
  const dir = join(tmp, name);
  mkdirSync(dir);
  const portFile = join(dir, "port");
  const child = spawn(BIN, [...args, "--host", "127.0.0.1", "--port", "0", "--port-file", portFile,
    "--db", join(dir, "db.sqlite"), "--www", dir, "--pkg", dir], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  children.push(child);
  for (let i = 0; i < 200 && !existsSync(portFile); i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const port = readFileSync(portFile, "utf8").trim();
  return `http://127.0.0.1:${port}`;
}

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n  ${e.stack ?? e}`);
  }
}

async function post(base, body, { key = KEY, secret = SECRET, timestamp = Date.now(), signature } = {}) {
  const headers = { "content-type": "application/json", "x-timestamp": String(timestamp) };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  headers["x-signature"] = signature ?? sign(secret, timestamp, body);
  return fetch(`${base}/v1/user`, { method: "POST", headers, body });
}

try {
  const sandbox = await start("sandbox", [], { HUMANOS_API_KEY: KEY, HUMANOS_SIGNATURE_SECRET: SECRET });
  const body = JSON.stringify([{ contact: "node@example.com", identity: { fullName: "Nó Dé", birth: "1990-01-01", docId: "12345678", countryAlpha3: "PRT" } }]);

  await check("a node:crypto signature is accepted (200, subject created)", async () => {
    const res = await post(sandbox, body);
    assert.equal(res.status, 200);
    const items = await res.json();
    assert.equal(items[0].status, 200);
    assert.match(items[0].user.did, /^did:via:humanos:/);
  });
  await check("the same subject again answers 201", async () => {
    const items = await (await post(sandbox, body)).json();
    assert.equal(items[0].status, 201);
  });
  for (const [name, options] of [
    ["a wrong secret", { secret: "other" }],
    ["a wrong API key", { key: "other" }],
    ["no Authorization", { key: null }],
    ["a timestamp 6 minutes old", { timestamp: Date.now() - 6 * 60_000 }],
    ["a timestamp 6 minutes ahead", { timestamp: Date.now() + 6 * 60_000 }],
    ["a signature of another body", { signature: sign(SECRET, Date.now(), "[]") }],
    ["a signature without the dot", { signature: createHmac("sha256", SECRET).update(`${Date.now()}${body}`).digest("hex") }],
  ]) {
    await check(`${name} is refused with 401 in NestJS' shape`, async () => {
      const res = await post(sandbox, body, options);
      assert.equal(res.status, 401);
      const err = await res.json();
      assert.equal(err.statusCode, 401);
      assert.equal(err.error, "Unauthorized");
      assert.equal(typeof err.message, "string");
    });
  }
  await check("a signature 4 minutes old is still accepted", async () => {
    const res = await post(sandbox, body, { timestamp: Date.now() - 4 * 60_000 });
    assert.equal(res.status, 200);
  });
  await check("GET signs the timestamp alone", async () => {
    const t = Date.now();
    const get = (signature) => fetch(`${sandbox}/v1/user?contact=node%40example.com`, {
      headers: { authorization: `Bearer ${KEY}`, "x-timestamp": String(t), "x-signature": signature },
    });
    const good = await get(sign(SECRET, t, ""));
    assert.equal(good.status, 200);
    const user = await good.json();
    assert.equal(user.contacts[0].contact, "node@example.com");
    assert.equal(user.identity.docId, "12345678");
    assert.equal((await get(sign(SECRET, t, "x"))).status, 401);
  });

  // The reverse: the gateway's upstream signature, verified here.
  const seen = [];
  const upstream = createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      const t = req.headers["x-timestamp"] ?? "";
      const expected = Buffer.from(sign(SECRET, t, raw));
      const given = Buffer.from(String(req.headers["x-signature"] ?? ""));
      const ok = req.headers.authorization === `Bearer ${KEY}` && given.length === expected.length &&
        timingSafeEqual(given, expected) && Math.abs(Date.now() - Number(t)) < 5 * 60_000;
      seen.push({ method: req.method, url: req.url, ok, body: raw });
      res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
      res.end(ok ? (req.method === "POST" ? JSON.stringify([{ status: 200, message: "Subject created", user: { contact: "gw@example.com", did: "did:via:humanos:node" } }]) : JSON.stringify({ contacts: [] }))
        : JSON.stringify({ statusCode: 401, message: "bad signature", error: "Unauthorized" }));
    });
  });
  await new Promise((r) => upstream.listen(0, "127.0.0.1", r));
  const upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;
  try {
    const gateway = await start("gateway", ["--mode", "gateway", "--upstream", upstreamUrl, "--humanos-upstream", upstreamUrl], {
      IDENTITY_API_KEY: "k", IDENTITY_CLIENT_ID: "c", IDENTITY_CLIENT_SECRET: "s",
      HUMANOS_API_KEY: KEY, HUMANOS_SIGNATURE_SECRET: SECRET,
    });
    await check("the gateway's POST signature verifies with node:crypto, and its answer comes back", async () => {
      const pageBody = JSON.stringify([{ contact: "gw@example.com" }]);
      const res = await fetch(`${gateway}/demo-api/v1/user`, { method: "POST", headers: { "content-type": "application/json" }, body: pageBody });
      assert.equal(res.status, 200);
      assert.equal((await res.json())[0].user.did, "did:via:humanos:node");
      assert.deepEqual(seen.at(-1), { method: "POST", url: "/v1/user", ok: true, body: pageBody });
    });
    await check("the gateway's GET signature (timestamp alone) verifies with node:crypto", async () => {
      const res = await fetch(`${gateway}/v1/user?did=did%3Avia%3Ahumanos%3Anode`);
      assert.equal(res.status, 200);
      assert.deepEqual(seen.at(-1), { method: "GET", url: "/v1/user?did=did%3Avia%3Ahumanos%3Anode", ok: true, body: "" });
    });
  } finally {
    upstream.close();
  }
} catch (e) {
  failed++;
  console.log(`not ok - setup\n  ${e.stack ?? e}`);
} finally {
  for (const c of children) c.kill();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`humanos-sign: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
