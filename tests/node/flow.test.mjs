// createAndLink's steps against a scripted fetch: the paths a live server does not produce
// (a 409 on create, an answer without an id) and the exact requests, events and `created`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const pkgDir = new URL("../../pkg/", import.meta.url);
const kit = await import(new URL("client.js", pkgDir));
kit.initSync({ module: readFileSync(new URL("identity_kit_client_bg.wasm", pkgDir)) });

const org = {
  type: "ORGANIZATION", name: "Operator 1", email: "ops@example.com", phone: "+56 2 2345 6789",
  country: "CHL", documentType: "RUT", documentNumber: "76.086.428-5", idv: "iv-1",
};
const user = (i, doc) => ({
  type: "USER", name: `Service Provider ${i}`, nickname: `SP${i}`, email: `sp${i}@Example.COM`,
  phone: "+56 9 6123 456" + i, country: "CHL", documentType: "RUT", documentNumber: doc, idv: `iv-${i}`,
  securityOptions: { twoFactorEnabled: false },
});
const users = [user(1, "17.604.011-4"), user(2, "12.345.678-5")];
const json = (status, body) => new Response(body === undefined ? null : JSON.stringify(body), { status });
const page = (data) => json(200, { data, pagination: { count: data.length, next: null, previous: null, total: data.length } });

/** A fake API: `answer(method, url, body)` gives the Response; every request is recorded. */
function client(answer) {
  const seen = [];
  const fetch = async (req) => {
    const url = new URL(req.url);
    const body = req.method == "GET" || req.method == "DELETE" ? undefined : await req.json();
    seen.push([req.method, url.pathname + url.search, body]);
    return answer(req.method, url, body, seen.length);
  };
  return { c: new kit.IdentityClient({ baseUrl: "https://api.example", fetch, retries: 0 }), seen };
}

test("a first run: lookups, creates, PATCH with the children, read back; events in order, after the call returns", async () => {
  let next = 0;
  const made = {};
  const { c, seen } = client((method, url, body) => {
    if (method == "GET" && url.pathname == "/identities") return page([]);
    if (method == "POST") return json(201, (made[body.email] = { id: `id-${++next}`, ...body }));
    if (method == "PATCH") return json(200, { id: "id-1", children: body.children });
    return json(200, { ...made["ops@example.com"], children: [{ id: "id-2" }, { id: "id-3" }] });
  });
  const events = [];
  const done = c.createAndLink({ organization: org, users, onProgress: (e) => events.push(e) });
  assert.equal(events.length, 0, "nothing runs before createAndLink returns");
  const result = await done;
  assert.equal(result.linkedWith, "patch");
  assert.deepEqual(result.users.map((u) => u.id).sort(), ["id-2", "id-3"]);
  assert.equal(result.organization.id, "id-1");
  assert.deepEqual(seen[0], ["GET", "/identities?documentNumber=76086428-5&type=ORGANIZATION&limit=100", undefined]);
  assert.equal(seen[1][0] + " " + seen[1][1], "POST /identities");
  assert.equal(seen[1][2].documentNumber, "76086428-5", "the normalised payload is sent");
  const patch = seen.find((r) => r[0] == "PATCH");
  assert.equal(patch[1], "/identities/id-1");
  assert.deepEqual(patch[2].children.map((ch) => ch.email), ["sp1@example.com", "sp2@example.com"]);
  assert.deepEqual(seen.at(-1).slice(0, 2), ["GET", "/identities/id-1"]);
  assert.deepEqual(events.map((e) => e.step), ["validated", "organization", "user", "user", "linked", "readBack"]);
  assert.deepEqual(Object.keys(events[1]), ["step", "id", "identity", "reused"]);
  assert.equal(events[1].reused, false);
  assert.deepEqual(events.filter((e) => e.step == "user").map((e) => e.index).sort(), [0, 1]);
});

test("a create answered 409 looks again: found, it is reused; not found, the 409 fails the run with what it created", async () => {
  for (const foundAfter409 of [true, false]) {
    let lookups = 0;
    const { c } = client((method, url, body) => {
      if (method == "GET" && url.pathname == "/identities") {
        lookups++;
        const isOrg = url.searchParams.get("type") == "ORGANIZATION";
        return page(isOrg && lookups > 1 && foundAfter409 ? [{ id: "org-9", ...org, documentNumber: "76086428-5" }] : []);
      }
      if (method == "POST" && body.type == "ORGANIZATION") {
        return json(409, { status: 409, code: "13", type: "alreadyExist", detail: "exists", traceId: "t" });
      }
      if (method == "POST") return json(201, { id: "u-" + body.nickname, ...body });
      return json(200, { id: "org-9", children: [] });
    });
    const run = c.createAndLink({ organization: org, users: users.slice(0, 1), link: "children" });
    if (foundAfter409) {
      assert.equal((await run).organization.id, "org-9");
    } else {
      await assert.rejects(run, (e) => {
        assert.ok(e instanceof kit.ApiError && e.status == 409, String(e));
        assert.deepEqual(e.created, { users: [] });
        return true;
      });
    }
  }
});

test("an identity answered without an id is a NetworkError; the error lists what the run created", async () => {
  const { c } = client((method, url, body) => {
    if (method == "GET") return page([]);
    return json(201, body.type == "ORGANIZATION" ? { id: "org-1", ...body } : { ...body });
  });
  await assert.rejects(c.createAndLink({ organization: org, users }), (e) => {
    assert.ok(e instanceof kit.NetworkError, String(e));
    assert.equal(e.message, "The API answered an identity without an id.");
    assert.equal(e.created.organization.id, "org-1");
    assert.equal(e.created.users.length, 2);
    return true;
  });
  const noOrgId = client((method, url, body) => (method == "GET" ? page([]) : json(201, { ...body })));
  await assert.rejects(noOrgId.c.createAndLink({ organization: org, users }), (e) => {
    assert.ok(e instanceof kit.NetworkError);
    assert.equal(e.cause.name, "Operator 1");
    assert.equal(noOrgId.seen.filter((r) => r[0] == "POST").length, 1, "no user is created for an organization without an id");
    return true;
  });
  // An empty answer to the create is no identity either.
  const empty = client((method) => (method == "GET" ? page([]) : json(201)));
  await assert.rejects(empty.c.createAndLink({ organization: org, users }), (e) => {
    assert.ok(e instanceof kit.NetworkError, String(e));
    assert.equal(e.cause, undefined);
    assert.equal(empty.seen.filter((r) => r[0] == "POST").length, 1);
    return true;
  });
});

test("bad input rejects before anything is sent: a TypeError, or a ValidationError with nothing created", async () => {
  const { c, seen } = client(() => json(500, {}));
  await assert.rejects(c.createAndLink({ organization: org, users: [] }), TypeError);
  await assert.rejects(c.createAndLink({ organization: org, users, link: "both" }), TypeError);
  await assert.rejects(c.createAndLink({ organization: org, users: [user(1, "17.604.011-5")] }), (e) => {
    assert.ok(e instanceof kit.ValidationError);
    assert.deepEqual(e.errors.map((x) => x.path), ["users[0].documentNumber"]);
    assert.deepEqual(e.created, { users: [] });
    return true;
  });
  assert.equal(seen.length, 0);
});
