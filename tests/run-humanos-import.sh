#!/usr/bin/env bash
# The Humanos bulk-import client (identity-kit/import's HumanosClient) against the live sandbox:
# builds pkg/ if missing and the sandbox server, starts it on a free loopback port with a
# temporary SQLite file, and runs a Node script through the sandbox's same-origin door
# `/demo-api/v1/user` (sending the Origin and Sec-Fetch-Site a same-origin page sends):
#   - 10,000 rows of tools/gen_users_csv.mjs (one in 50 faulty) read with CsvImport, imported;
#     imported again: nothing created, every ready row "alreadyImported", the same dids;
#   - 1,000 subjects, the import aborted at its third chunk (AbortSignal), then resumed: no
#     duplicate, every subject once; getUser by contact, did and internalId;
#   - a cross-site request refused (403), a clash with another user's identity a failure.
#
#   bash tests/run-humanos-import.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f pkg/import.js ] || [ ! -f pkg/identity_kit_import_bg.wasm ]; then
  IDENTITY_KIT_SKIP_SETUP=1 bash scripts/build.sh
fi
source tests/sandbox-server.sh
start_sandbox run-humanos-import
export SANDBOX_URL
export REPO_ROOT="$PWD"
node tools/gen_users_csv.mjs 10000 --bad-every=50 >"$tmp/users.csv"
export USERS_CSV="$tmp/users.csv"

cat >"$tmp/live.test.mjs" <<'EOF'
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const pkg = pathToFileURL(process.env.REPO_ROOT + "/pkg/");
const kit = await import(new URL("import.js", pkg));
kit.initSync({ module: readFileSync(new URL("identity_kit_import_bg.wasm", pkg)) });
const base = process.env.SANDBOX_URL;
// What a page of the sandbox's own origin sends with its fetch.
const samePage = { origin: base, "sec-fetch-site": "same-origin" };
const client = (options = {}) => new kit.HumanosClient({ baseUrl: base + "/demo-api", headers: samePage, ...options });

function csvSubjects(bytes) {
  const csv = new kit.CsvImport();
  const rows = [];
  for (let at = 0; at < bytes.length; at += 65536) rows.push(...csv.feed(bytes.subarray(at, at + 65536)));
  rows.push(...csv.finish());
  return { rows, summary: csv.summary() };
}

test("10,000 CSV rows imported, then imported again: nothing created twice", async () => {
  const { rows, summary } = csvSubjects(readFileSync(process.env.USERS_CSV));
  assert.equal(rows.length, 10_000);
  assert.ok(summary.failing > 0 && summary.ready > 9000, summary.message);
  const subjects = rows.map((r) => r.input);
  const progress = [];
  const t0 = performance.now();
  const first = await client().importUsers(subjects, { onProgress: (p) => progress.push(p) });
  const firstMs = performance.now() - t0;
  assert.equal(first.results.length, 10_000);
  assert.deepEqual(first.summary, {
    total: 10_000, created: summary.ready, updated: 0, alreadyImported: 0, failed: summary.failing, notSent: 0,
  });
  assert.equal(progress.length, summary.requests + 1);
  assert.deepEqual(progress.at(-1).sent, summary.ready);
  for (const [i, r] of first.results.entries()) {
    assert.equal(r.index, i);
    assert.equal(r.verdict.code, rows[i].code);
    if (r.outcome === "created") assert.match(r.user.did, /^did:via:humanos:/);
    else assert.equal(r.status, rows[i].status, `row ${rows[i].row}`);
  }
  const t1 = performance.now();
  const second = await client().importUsers(subjects);
  console.log(`10,000 rows: first import ${firstMs.toFixed(0)} ms, second ${(performance.now() - t1).toFixed(0)} ms`);
  assert.deepEqual(second.summary, {
    total: 10_000, created: 0, updated: 0, alreadyImported: summary.ready, failed: summary.failing, notSent: 0,
  });
  for (const [i, r] of second.results.entries()) {
    if (r.outcome === "alreadyImported") {
      assert.equal(r.status, 201);
      assert.equal(r.user.did, first.results[i].user.did, "the same user, not a new one");
    }
  }
  // The stored users answer lookups by each key.
  const someone = first.results.find((r) => r.outcome === "created" && r.verdict.subject.identity);
  const byContact = await client().getUser({ contact: someone.verdict.subject.contact });
  assert.equal(byContact.contacts[0].did, someone.user.did);
  assert.equal(byContact.identity.docId, someone.verdict.subject.identity.docId);
  assert.equal((await client().getUser({ did: someone.user.did })).contacts[0].contact, someone.verdict.subject.contact);
  assert.equal((await client().getUser({ internalId: someone.verdict.subject.internalId })).contacts[0].did, someone.user.did);
  assert.equal(await client().getUser({ contact: "nobody@example.com" }), null);
});

test("an import aborted at its third chunk, resumed: every subject once, no duplicate", async () => {
  const subjects = Array.from({ length: 1000 }, (_, i) => ({ contact: `resume${i}@example.com`, internalId: `r-${i}` }));
  const controller = new AbortController();
  let posts = 0;
  const stopping = client({
    fetch: (url, init) => {
      if (init.method === "POST" && ++posts === 3) controller.abort(new Error("stopped by the test"));
      return fetch(url, init);
    },
  });
  const aborted = await stopping.importUsers(subjects, { signal: controller.signal }).then(
    () => assert.fail("the import should have been aborted"),
    (e) => e,
  );
  assert.ok(aborted instanceof kit.AbortError, String(aborted));
  assert.equal(aborted.cause.message, "stopped by the test");
  const partial = aborted.report.summary;
  assert.equal(partial.created, 200);
  assert.equal(partial.notSent, 800);
  const resumed = await client().importUsers(subjects);
  // The third chunk may or may not have reached the server before the abort: either way its
  // subjects are "alreadyImported" or "created" now, never twice.
  assert.equal(resumed.summary.created + resumed.summary.alreadyImported, 1000);
  assert.ok(resumed.summary.alreadyImported >= 200);
  assert.equal(resumed.summary.failed + resumed.summary.notSent + resumed.summary.updated, 0);
  for (let i = 0; i < 200; i++) assert.equal(resumed.results[i].user.did, aborted.report.results[i].user.did);
  const dids = new Set(resumed.results.map((r) => r.user.did));
  assert.equal(dids.size, 1000, "one user per subject");
  const again = await client().importUsers(subjects);
  assert.equal(again.summary.alreadyImported, 1000);
  for (const i of [0, 250, 999]) {
    assert.equal((await client().getUser({ internalId: `r-${i}` })).contacts[0].did, resumed.results[i].user.did);
  }
});

test("a clash with another user's identity is a failure; a cross-site page is refused", async () => {
  const identity = { fullName: "Clash Test", birth: "1980-01-01", docId: "C0000001", countryAlpha3: "PRT" };
  const first = await client().importUsers([{ contact: "clash-a@example.com", identity }]);
  assert.equal(first.results[0].outcome, "created");
  const other = await client().importUsers([{ contact: "clash-b@example.com", identity }]);
  assert.deepEqual([other.results[0].status, other.results[0].outcome], [409, "failed"]);
  // The same subject again reads as already imported.
  assert.equal((await client().importUsers([{ contact: "clash-a@example.com", identity }])).results[0].outcome, "alreadyImported");
  const crossSite = client({ headers: { origin: "http://evil.example", "sec-fetch-site": "cross-site" } });
  await assert.rejects(crossSite.importUsers([{ contact: "x@example.com" }]), (e) => e instanceof kit.ApiError && e.status === 403 && e.report.summary.notSent === 1);
});
EOF
status=0
node --test "$tmp/live.test.mjs" || status=$?
if [ "$status" -ne 0 ]; then
  echo "run-humanos-import: server log (last 40 lines):" >&2
  tail -n 40 "$tmp/server.log" >&2
fi
exit "$status"
