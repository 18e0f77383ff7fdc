// identity-kit/client: the Humanos bulk-import client (SPEC section 5), in plain JS over the
// wasm's `validateSubjects`. It talks to the app's backend (by default the sandbox's
// same-origin `/demo-api`), which signs for Humanos: the page never holds the API key or the
// signature secret.
//
// Why a re-run never duplicates: the server keys a user by its normalised contact and an
// identity by (docId, country), both unique, in one transaction per request. A subject sent
// again answers 201 ("unchanged"): read here as "alreadyImported". A 409/410 is read as
// "alreadyImported" only when a lookup of that contact shows the very identity sent stored on
// that user (so a real clash with another user stays a failure).

import { validateSubjects } from "./identity_kit.js";
import { ApiError, NetworkError, AbortError, TimeoutError } from "./client.js";

const MAX_CHUNK = 100;
/** The server's message for `subject.updated` (its feedback has no code), in en/es/pt. */
const UPDATED = new Set(["Subject updated.", "Sujeto actualizado.", "Sujeito atualizado."]);
const LOCALES = new Set(["en", "es", "pt"]);

function fail(what, why) {
  throw new TypeError("HumanosClient" + what + ": " + why);
}

/** `o[key]` (null as undefined); a throwing getter is the caller's bad option. */
function read(o, key, what) {
  try {
    return o[key] ?? undefined;
  } catch {
    fail(what, "could not read " + key);
  }
}

function abortError(signal, report) {
  return new AbortError("The import was aborted.", { cause: signal.reason, report });
}

export class HumanosClient {
  #baseUrl;
  #fetch;
  #headers;
  #locale;
  #timeoutMs;

  /**
   * `new HumanosClient({baseUrl = "/demo-api", locale = "en", headers, fetch, timeoutMs})`.
   */
  constructor(options = {}) {
    if (typeof options != "object" || options === null || Array.isArray(options)) fail("", "options must be an object");
    for (const secret of ["apiKey", "signatureSecret", "secret", "clientSecret"]) {
      if (read(options, secret, "") !== undefined) {
        fail("", secret + " is not an option: your backend signs the requests (the sandbox's /demo-api, or a gateway)");
      }
    }
    const baseUrl = read(options, "baseUrl", "") ?? "/demo-api";
    if (typeof baseUrl != "string" || baseUrl.length > 2048) fail("", "baseUrl must be a string");
    this.#baseUrl = baseUrl.replace(/\/+$/, "");
    const locale = read(options, "locale", "") ?? "en";
    if (typeof locale != "string" || locale.length > 64) fail("", "locale must be a string of at most 64 characters");
    // A language without messages of its own falls back to English, as everywhere else.
    const language = locale.slice(0, 2).toLowerCase();
    this.#locale = LOCALES.has(language) ? language : "en";
    const f = read(options, "fetch", "") ?? globalThis.fetch;
    if (typeof f != "function") fail("", "fetch must be a function (no global fetch here)");
    this.#fetch = f;
    const headers = read(options, "headers", "") ?? {};
    if (typeof headers != "object" || Array.isArray(headers)) fail("", "headers must be a plain object of strings");
    this.#headers = {};
    for (const key of Object.keys(headers)) {
      const v = read(headers, key, "");
      if (typeof v != "string") fail("", "headers." + key + " must be a string");
      this.#headers[key.toLowerCase()] = v;
    }
    const timeoutMs = read(options, "timeoutMs", "") ?? 30000;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600000) fail("", "timeoutMs must be a whole number from 1 to 600000");
    this.#timeoutMs = timeoutMs;
  }

  /** One request; its JSON answer, or an ApiError / NetworkError / TimeoutError / AbortError. */
  async #request(method, path, body, signal) {
    const headers = { accept: "application/json", "accept-language": this.#locale, ...this.#headers };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (signal?.aborted) throw abortError(signal);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort);
    let response, text;
    // Called without `this`: the page's fetch refuses to run as a method of another object.
    const send = this.#fetch;
    try {
      response = await send(this.#baseUrl + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: controller.signal,
      });
      text = await response.text();
    } catch (cause) {
      if (signal?.aborted) throw abortError(signal);
      if (timedOut) throw new TimeoutError(`No answer within ${this.#timeoutMs} ms.`, { timeoutMs: this.#timeoutMs });
      throw new NetworkError("The request failed: " + (cause?.message ?? cause), { cause });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
    let json;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (cause) {
      throw new NetworkError(`The answer (HTTP ${response.status}) is not JSON.`, { cause });
    }
    return { status: response.status, json };
  }

  /** An ApiError from a whole-request error (NestJS' `{statusCode, message, error}`). */
  static #apiError(status, json) {
    const detail = Array.isArray(json?.message) ? json.message.join(" ") : String(json?.message ?? json?.detail ?? "HTTP " + status);
    return new ApiError(detail, {
      status, code: String(json?.statusCode ?? status), type: String(json?.error ?? ""), detail, errors: [],
    });
  }

  /**
   * The user with this contact, did or internalId (exactly one), or `null` when there is none.
   */
  async getUser(query, options = {}) {
    if (typeof query != "object" || query === null) fail(".getUser", "query must be {contact}, {did} or {internalId}");
    const given = ["contact", "did", "internalId"].filter((k) => read(query, k, ".getUser") !== undefined);
    if (given.length !== 1) fail(".getUser", "give exactly one of contact, did or internalId");
    const value = read(query, given[0], ".getUser");
    if (typeof value != "string" || !value.trim()) fail(".getUser", given[0] + " must be a non-empty string");
    const signal = read(options ?? {}, "signal", ".getUser");
    const { status, json } = await this.#request("GET", "/v1/user?" + new URLSearchParams({ [given[0]]: value }), undefined, signal);
    if (status === 404) return null;
    if (status !== 200) throw HumanosClient.#apiError(status, json);
    return json;
  }

  /** Whether the stored user of `subject.contact` has the very identity `subject` carries. */
  async #alreadyStored(subject, signal) {
    const identity = subject.identity;
    if (!identity?.docId || !identity.countryAlpha3) return false;
    const user = await this.getUser({ contact: subject.contact }, { signal });
    const stored = user?.identity;
    return !!stored && String(stored.docId).toUpperCase() === identity.docId.toUpperCase()
      && stored.countryAlpha3 === identity.countryAlpha3;
  }

  /**
   * Validates `subjects` (validateSubjects), sends only the ready ones in chunks of at most
   * 100, and gives one result per subject, in the original order, with its final status.
   * Rejects with AbortError / NetworkError / TimeoutError / ApiError (whole-request) whose
   * `report` holds what was done so far; running the same import again is safe.
   */
  async importUsers(subjects, options = {}) {
    if (typeof options != "object" || options === null) fail(".importUsers", "options must be an object");
    const chunkSize = read(options, "chunkSize", ".importUsers") ?? MAX_CHUNK;
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK) fail(".importUsers", "chunkSize must be a whole number from 1 to 100");
    const onProgress = read(options, "onProgress", ".importUsers");
    if (onProgress !== undefined && typeof onProgress != "function") fail(".importUsers", "onProgress must be a function");
    const signal = read(options, "signal", ".importUsers");
    const { results: verdicts } = validateSubjects(subjects, { locale: this.#locale });
    const results = verdicts.map((verdict) => ({
      index: verdict.index,
      outcome: verdict.status === 200 ? "notSent" : "failed",
      status: verdict.status,
      message: verdict.message,
      verdict,
    }));
    const ready = verdicts.filter((v) => v.status === 200);
    const chunks = Math.ceil(ready.length / chunkSize);
    const report = () => ({ results, summary: summarize(results) });
    const progress = (chunk) => {
      if (!onProgress) return;
      const s = summarize(results);
      onProgress({ chunk, chunks, sent: Math.min(chunk * chunkSize, ready.length), ready: ready.length, ...s });
    };
    progress(0);
    for (let c = 0; c < chunks; c++) {
      const part = ready.slice(c * chunkSize, (c + 1) * chunkSize);
      try {
        if (signal?.aborted) throw abortError(signal);
        const { status, json } = await this.#request("POST", "/v1/user", part.map((v) => v.subject), signal);
        if (status !== 200) throw HumanosClient.#apiError(status, json);
        if (!Array.isArray(json) || json.length !== part.length) {
          throw new NetworkError(`The answer has ${Array.isArray(json) ? json.length : "no"} items for ${part.length} subjects.`);
        }
        for (let i = 0; i < part.length; i++) {
          const item = json[i] ?? {};
          const result = results[part[i].index];
          result.status = item.status;
          result.message = String(item.message ?? "");
          if (item.user && typeof item.user == "object") result.user = item.user;
          if (item.status === 200) {
            result.outcome = item.code === "subject.updated" || UPDATED.has(result.message) ? "updated" : "created";
          } else if (item.status === 201) {
            result.outcome = "alreadyImported";
          } else if ((item.status === 409 || item.status === 410) && await this.#alreadyStored(part[i].subject, signal)) {
            result.outcome = "alreadyImported";
          } else {
            result.outcome = "failed";
          }
        }
      } catch (error) {
        if (error instanceof Error && error.name !== "TypeError") error.report = report();
        throw error;
      }
      progress(c + 1);
    }
    return report();
  }
}

/** Counts results by outcome. */
function summarize(results) {
  const s = { total: results.length, created: 0, updated: 0, alreadyImported: 0, failed: 0, notSent: 0 };
  for (const r of results) s[r.outcome]++;
  return s;
}
