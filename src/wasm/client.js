// JS glue of the identities client (src/wasm/client.rs): one attempt's I/O (Request, fetch,
// body) and its cancellation, waits, the step runner of the client's tasks (`spawn`, see
// src/wasm/client/task.rs) and the async iterator of `list()`. A few lines here replace
// closures, timers and an executor in the wasm; every decision stays in Rust.

/** 1: this runs in a browser page or worker (where credentials must not be); 2: there is a
 *  global fetch. */
export function env() {
  return (typeof document == "object" || typeof WorkerGlobalScope == "function") | (typeof fetch == "function" && 2);
}

/** A plain object: its prototype is `Object.prototype` or null (not a `Headers` or a `Map`). */
export function plainObject(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
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

/** `createAndLink`'s users: waits for all of them, then rejects with the first failure. */
export async function settle(tasks) {
  for (const r of await Promise.allSettled(tasks)) if (r.status == "rejected") throw r.reason;
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
