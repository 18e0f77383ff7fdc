// JS glue of the identities client (src/wasm/client.rs): one attempt's I/O (Request, fetch,
// body) and its cancellation, waits, the step runner of the client's tasks (`spawn`, see
// src/wasm/client/task.rs), the async iterator of `list()` and the constructor's option checks
// (`clientOptions`). A few lines here replace closures, timers, an executor and a walk over JS
// objects in the wasm; the calls' decisions (URLs, validation, retries, reuse) stay in Rust.
// `createAndLink` holds the create-and-link flow's steps over the client's calls.

import { ApiError, ValidationError, makeError } from "./errors.js";

/** 1: this runs in a browser page or worker (where credentials must not be); 2: there is a
 *  global fetch. */
function env() {
  return (typeof document == "object" || typeof WorkerGlobalScope == "function") | (typeof fetch == "function" && 2);
}

/** A plain object: its prototype is `Object.prototype` or null (not a `Headers` or a `Map`). */
function plainObject(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

const headerName = /^[\w!#$%&'*+.^`|~-]+$/;
/** What a header value may hold: tab, and U+0020 to U+00FF but DEL (client_core's
 *  `valid_header_value`, which checks the token the same way). */
const headerValue = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The IdentityClient constructor's options, read and checked in the order below: the first
 *  bad one throws a TypeError that names it. (Reading JS values is JS's own work: these checks
 *  cost a fraction of the bytes here that they did in the wasm.) Gives [baseUrl, headers,
 *  apiVersion, apiKey, fetch, getAccessToken, timeoutMs, retries, lenient], undefined where not
 *  given: `headers` holds the caller's (names lower-cased, so that a later one replaces an
 *  earlier one in any case, as `Headers.set` does) and Accept-Language from `locale` unless
 *  they have one. The wasm (src/wasm/client.rs) then checks that the package speaks the
 *  locale, tidies baseUrl, adds its own headers and fills in the defaults; the limits are
 *  client_core's. */
export function clientOptions(o, maxBaseUrl, maxTimeoutMs, maxRetries) {
  const fail = (why) => {
    throw new TypeError("IdentityClient: " + why);
  };
  // `obj[key]`, null as undefined; a getter that throws is the caller's bad option.
  const read = (obj, key) => {
    try {
      return obj[key] ?? undefined;
    } catch {
      fail("could not read " + key);
    }
  };
  // `o[key]`, undefined if absent; a value that `ok` refuses is a TypeError: `key` + `why`.
  const opt = (key, ok, why) => {
    const v = read(o, key);
    if (v !== undefined && !ok(v)) fail(key + why);
    return v;
  };
  const string = (key, max) => opt(key, (v) => typeof v == "string" && v && v.length <= max, " must be a non-empty string");
  const header = (key) => {
    const v = string(key, 4096);
    if (v !== undefined && !headerValue.test(v)) fail(key + " contains characters a header cannot carry");
    return v;
  };
  const typed = (key, type) => opt(key, (v) => typeof v == type, ` must be a ${type}`);
  const whole = (key, min, max) => opt(key, (v) => Number.isInteger(v) && v >= min && v <= max, ` must be a whole number from ${min} to ${max}`);

  if (typeof o != "object" || !o || Array.isArray(o)) fail("options must be an object with a baseUrl");
  for (const secret of ["clientSecret", "clientId"]) {
    if (read(o, secret) !== undefined) {
      fail(secret + " is not an option: exchange the client credentials for a token on your backend (POST /auth) and pass getAccessToken");
    }
  }
  const baseUrl = string("baseUrl", maxBaseUrl);
  if (baseUrl === undefined) fail("baseUrl is required (your backend's route to the identities API, or the API's URL)");
  const apiVersion = header("apiVersion");
  const apiKey = header("apiKey");
  const headers = {};
  let credentials = apiKey;
  const custom = read(o, "headers");
  if (custom !== undefined) {
    // A `Headers` or `Map` has no own keys: refuse it rather than send nothing.
    if (typeof custom != "object" || !plainObject(custom)) fail("headers must be a plain object of strings");
    for (const key of Object.keys(custom)) {
      const v = read(custom, key);
      if (typeof v != "string" || !headerName.test(key) || !headerValue.test(v)) fail("header " + key + " has an invalid name or value");
      const name = key.toLowerCase();
      credentials ||= /^(x-api-key|(proxy-)?authorization)$/.test(name);
      headers[name] = v;
    }
  }
  // The API's messages in the client's language too, unless the caller's headers say otherwise.
  const locale = opt("locale", (v) => typeof v == "string" && v.length <= 64, " must be a string of at most 64 characters");
  if (locale !== undefined && !("accept-language" in headers) && headerValue.test(locale)) headers["accept-language"] = locale;
  if (!typed("dangerouslyAllowBrowserCredentials", "boolean") && env() & 1 && credentials) {
    fail(
      "an API key or an Authorization header in a browser page is readable by anyone using the page. " +
        "Point baseUrl at your backend, which holds the credentials (use getAccessToken for your own session token), " +
        "or pass dangerouslyAllowBrowserCredentials: true for a local sandbox or a test",
    );
  }
  const f = typed("fetch", "function");
  if (!f && !(env() & 2)) fail("there is no global fetch here: pass options.fetch");
  return [baseUrl, headers, apiVersion, apiKey, f, typed("getAccessToken", "function"), whole("timeoutMs", 1, maxTimeoutMs), whole("retries", 0, maxRetries), typed("lenient", "boolean")];
}

/** One API call's cancellation: its deadline (`ms`) and the caller's `signal`, combined in
 *  one AbortController. `why` is 0 while running, 1 once timed out, 2 once aborted. */
export class Guard {
  constructor(ms, signal) {
    const ctl = new AbortController();
    this.signal = ctl.signal;
    this.why = 0;
    this.caller = signal;
    this.stopped = new Promise((_, reject) => {
      this.end = (why) => {
        if (!this.why) {
          this.why = why;
          ctl.abort();
          reject();
        }
      };
    });
    this.stopped.catch(() => {});
    this.onAbort = () => this.end(2);
    this.timer = setTimeout(this.end, ms, 1);
    if (signal) signal.aborted ? this.onAbort() : signal.addEventListener("abort", this.onAbort);
  }
  /** `p` (a promise or a value), or a rejection as soon as the call is cancelled. */
  race(p) {
    return Promise.race([p, this.stopped]);
  }
  /** One attempt: the call's Request (the client's `fixed` headers, plus the body's type and
   *  the token over them; the body, JSON data, as its text; cancelled with this guard), sent
   *  with the caller's `fetch` (called on globalThis, so `window.fetch` itself works too) or
   *  the global one, and the answer's text. Resolves to [status, text, Retry-After]. On a rejection `stage` says what failed:
   *  0 the Request (a URL it cannot parse is the caller's baseUrl: a TypeError, thrown before
   *  anything is sent), 1 fetch, 2 the answer is not a Response, 3 reading its body. The
   *  client (http.rs) decides what each means. */
  async send(f, url, method, fixed, body, token) {
    this.stage = 0;
    const headers = new Headers(fixed);
    if (body !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(body);
    }
    if (token !== undefined) headers.set("authorization", "Bearer " + token);
    let req;
    try {
      req = new Request(url, { method, headers, body, signal: this.signal });
    } catch (e) {
      throw new TypeError(`IdentityClient: bad request URL ${url}: ${e}`);
    }
    this.stage = 1;
    const res = await this.race(new Promise((resolve) => resolve(f ? f.call(globalThis, req) : fetch(req))));
    this.stage = 2;
    if (!(res instanceof Response)) throw 0;
    this.stage = 3;
    return [res.status, await this.race(res.text()), res.headers.get("retry-after")];
  }
  sleep(ms) {
    let t;
    return this.race(new Promise((resolve) => (t = setTimeout(resolve, ms)))).finally(() => clearTimeout(t));
  }
  done() {
    clearTimeout(this.timer);
    if (this.caller) this.caller.removeEventListener("abort", this.onAbort);
  }
}

/** `list()`: every identity across pages, one page fetched at a time as they are consumed. */
export function pages(client, filters, limit, signal) {
  return {
    async *[Symbol.asyncIterator]() {
      let next;
      do {
        const page = await client.listPage(filters, { limit, next, signal });
        yield* page.data;
        next = page.pagination.next;
      } while (next);
    },
  };
}

/** `createAndLink` (src/wasm/client/flow.rs): the flow's steps over the client's own calls.
 *  Every decision is the wasm's: the checks and the normalised payloads (`_flowPlan`), which
 *  identity of a page is a payload's (`_findExisting`), the link's request (`_link`). */
export async function createAndLink(client, input) {
  let plan;
  try {
    plan = client._flowPlan(input);
  } catch (e) {
    // Nothing was created: a payload that failed validation says so too.
    if (e instanceof ValidationError) e.created = { users: [] };
    throw e;
  }
  const [organization, users, byPatch, onProgress, signal, lookups] = plan;
  const options = { signal };
  // The caller's onProgress; what it throws is ignored (the flow goes on).
  const emit = (step, index, identity, reused) => {
    if (!onProgress) return;
    const event = { step };
    if (index !== undefined) event.index = index;
    if (typeof identity == "object" && identity) {
      event.id = identity.id;
      event.identity = identity;
    }
    if (reused !== undefined) event.reused = reused;
    try {
      onProgress(event);
    } catch {}
  };
  // [identity, reused]: the identity a previous run created from `payload`, found with
  // `filters`, or a new one. After a 409 (created meanwhile: another tab, or a run that timed
  // out after the API answered) it looks once more.
  const findOrCreate = async (payload, filters) => {
    let conflict;
    for (let looking = true; ; looking = !looking) {
      if (looking) {
        const page = (await client.listPage(filters, { limit: 100, signal })).data;
        const i = client._findExisting(payload, page);
        if (i >= 0) return [page[i], true];
        if (conflict) throw conflict;
      } else {
        try {
          return [await client.create(payload, options), false];
        } catch (e) {
          if (!(e instanceof ApiError) || e.status != 409) throw e;
          conflict = e;
        }
      }
    }
  };
  let org;
  const done = [];
  try {
    // Nothing of the steps runs before createAndLink has returned, onProgress included.
    await undefined;
    emit("validated");
    org = await findOrCreate(organization, lookups[0]);
    emit("organization", undefined, ...org);
    // An answer that is not an identity with an id (an empty one too) cannot be linked.
    if (typeof org[0]?.id != "string" || !org[0].id) throw makeError(2, "The API answered an identity without an id.", { cause: org[0] });
    // The users in parallel, each reported as it lands; then the first failure, if any.
    const tasks = users.map(async (payload, i) => {
      done[i] = await findOrCreate(payload, lookups[i + 1]);
      emit("user", i, ...done[i]);
    });
    for (const r of await Promise.allSettled(tasks)) if (r.status == "rejected") throw r.reason;
    const answers = done.map((d) => d[0]);
    const linked = await client._link(org[0], answers, users, byPatch, options);
    emit("linked", undefined, linked);
    const read = await client.get(org[0].id, options);
    emit("readBack", undefined, read);
    return { organization: read, users: answers, linkedWith: byPatch ? "patch" : "children" };
  } catch (e) {
    // What this run created (not reused) before it failed.
    const created = {};
    if (org && !org[1]) created.organization = org[0];
    created.users = done.filter((d) => d && !d[1]).map((d) => d[0]);
    if (typeof e == "object" && e) e.created = created;
    throw e;
  }
}

/** Runs a task of the wasm (client/task.rs) as a Promise, from a microtask: `step(ok, value)`
 *  resumes it with what it waited on (`ok` false: a rejection) and gives the next promise it
 *  waits on, or `[ok, value]` once it has finished, to settle the task's promise with. */
export function spawn(step) {
  return new Promise((resolve, reject) => {
    const go = (ok, v) => {
      const r = step(ok, v);
      if (r instanceof Promise) r.then((v) => go(true, v), (e) => go(false, e));
      else if (r) (r[0] ? resolve : reject)(r[1]);
    };
    queueMicrotask(() => go(true));
  });
}
