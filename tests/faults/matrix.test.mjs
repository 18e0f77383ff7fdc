// The client against a failing server (issue 18): the sandbox started with --faults answers
// each request as its `x-sandbox-fault` header says (sandbox/README.md, "Fault mode"). Every
// client call meets every fault; the test checks that each settles within its time with the
// right typed error, that only idempotent calls are retried (a create never), and that once
// the faults stop, createAndLink run again completes with no duplicate identity. Prints the
// fault matrix. Run by tests/run-faults.sh, which starts the server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const base = process.env.IDENTITY_SANDBOX_URL;
const kit = await import(new URL("../../pkg/client.js", import.meta.url));
kit.initSync({ module: readFileSync(new URL("../../pkg/identity_kit_client_bg.wasm", import.meta.url)) });

const TIMEOUT_MS = 1500;
const auth = async () => (await (await fetch(base + "/auth", {
  method: "POST", headers: { "content-type": "application/json", "x-api-key": "sandbox-key" },
  body: JSON.stringify({ clientId: "sandbox-client", clientSecret: "sandbox-secret" }),
})).json()).accessToken;

/** A client whose requests carry `fault` (when `applies(request)`), counting the attempts. */
function client(fault, applies = () => true) {
  const seen = { attempts: 0 };
  const fetchWith = (request) => {
    seen.attempts++;
    if (fault && applies(request)) request.headers.set("x-sandbox-fault", fault);
    return fetch(request);
  };
  const c = new kit.IdentityClient({ baseUrl: base, apiKey: "sandbox-key", getAccessToken: auth, fetch: fetchWith, timeoutMs: TIMEOUT_MS, retries: 1 });
  return { c, seen };
}

let serial = 0;
const rut = () => {
  const body = String(20_000_000 + (Date.now() % 1_000_000) * 7 + serial++);
  let s = 0, m = 2;
  for (const d of [...body].reverse()) { s += d * m; m = m === 7 ? 2 : m + 1; }
  const r = 11 - (s % 11);
  return `${body}-${r === 11 ? "0" : r === 10 ? "K" : r}`;
};
const user = (tag) => ({ type: "USER", name: `Fault ${tag}`, email: `fault-${tag}@example.com`, phone: `+5694${String(1_000_000 + serial++).padStart(7, "0")}`,
  country: "CHL", documentType: "RUT", documentNumber: rut(), idv: "iv-1" });
const org = (tag) => ({ ...user(tag), type: "ORGANIZATION", name: `Fault Org ${tag}`, email: `org-${tag}@example.com` });

const FAULTS = ["500", "502", "503", "503; retry-after=1", "429", "429; retry-after=1", "drop", "malformed-json", "wrong-content-type", "truncate", "delay=3000"];
/** What each fault must end in, by error class and status. */
const EXPECTED = {
  "500": ["ApiError", 500], "502": ["ApiError", 502], "503": ["ApiError", 503], "503; retry-after=1": ["ApiError", 503],
  "429": ["ApiError", 429], "429; retry-after=1": ["ApiError", 429], drop: ["NetworkError"], "malformed-json": ["NetworkError"],
  "wrong-content-type": ["NetworkError"], truncate: ["NetworkError"], "delay=3000": ["TimeoutError"],
};
/** Retryable statuses: an idempotent call makes its one retry; a create never does. */
const RETRYABLE = new Set(["502", "503", "503; retry-after=1", "429", "429; retry-after=1"]);

// An identity to read, update and delete under the faults.
const { c: plain } = client(null);
const existing = await plain.create(user("existing"));

const CALLS = {
  create: { idempotent: false, run: (c) => c.create(user(`c${serial}`)) },
  get: { idempotent: true, run: (c) => c.get(existing.id) },
  update: { idempotent: true, run: (c) => c.update(existing.id, { nickname: "x" }) },
  listPage: { idempotent: true, run: (c) => c.listPage({ type: "USER" }, { limit: 5 }) },
  remove: { idempotent: true, run: (c) => c.remove("does-not-exist-" + serial++) },
  createAndLink: { idempotent: false, run: (c) => c.createAndLink({ organization: org(`f${serial}`), users: [user(`f${serial}a`), user(`f${serial}b`)] }) },
};

const matrix = [];
test("every call meets every fault: the right typed error, within its time, retried only where allowed", async () => {
  for (const fault of FAULTS) {
    const row = [fault];
    for (const [name, call] of Object.entries(CALLS)) {
      const { c, seen } = client(fault);
      const t0 = performance.now();
      let error;
      const guard = new Promise((_, reject) => setTimeout(() => reject(new Error("did not settle in 10 s")), 10_000));
      try {
        await Promise.race([call.run(c), guard]);
      } catch (e) {
        error = e;
      }
      const ms = performance.now() - t0;
      const [cls, status] = EXPECTED[fault];
      assert.ok(error, `${name} under ${fault}: resolved`);
      assert.equal(error.name, cls, `${name} under ${fault}: ${error.name}: ${error.message}`);
      if (status) assert.equal(error.status, status, `${name} under ${fault}`);
      if (name === "create") assert.equal(seen.attempts, 1, `a create is never retried (${fault})`);
      if (call.idempotent && RETRYABLE.has(fault)) assert.equal(seen.attempts, 2, `${name} under ${fault}: one retry`);
      if (call.idempotent && fault === "500") assert.equal(seen.attempts, 1, `${name} under ${fault}: a 500 is not retried`);
      row.push(`${error.name}${error.status ? " " + error.status : ""}, ${seen.attempts} att., ${Math.round(ms)} ms`);
    }
    matrix.push(row);
  }
  const head = ["fault", ...Object.keys(CALLS)];
  const widths = head.map((h, i) => Math.max(h.length, ...matrix.map((r) => r[i].length)));
  const line = (cells) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  console.log(["fault matrix (fault x call -> outcome, attempts, time):", line(head), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...matrix.map(line)].join("\n"));
});

test("an answer lost after the write (drop; after), then the flow run again: complete, nothing duplicated", async () => {
  const input = { organization: org("lost"), users: [user("lost-a"), user("lost-b")] };
  // Every create is stored, and its answer dropped.
  const { c } = client("drop; after", (r) => r.method === "POST" && new URL(r.url).pathname === "/identities");
  await assert.rejects(c.createAndLink(input), (e) => e.name === "NetworkError");
  const { c: again } = client(null);
  const done = await again.createAndLink(input);
  assert.equal(done.users.length, 2);
  for (const p of [input.organization, ...input.users]) {
    const page = await again.listPage({ documentNumber: p.documentNumber, type: p.type }, { limit: 100 });
    assert.equal(page.data.filter((i) => i.email === p.email).length, 1, `${p.email}: exactly one identity`);
  }
  const linked = await again.get(done.organization.id);
  assert.equal(linked.children.length, 2);
});
