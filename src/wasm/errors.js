// The identities client's typed errors. Real classes extending Error, so `instanceof` and
// `.name` work; the wasm code builds them through `makeError` (src/wasm/client/errors.rs).
// The package entry re-exports the classes from here.

/** Base class of every error the identities client rejects with (besides `TypeError`). */
export class IdentityClientError extends Error {
  constructor(message, props) {
    super(message);
    if (props) Object.assign(this, props);
  }
}
/** The payload failed validation: `errors` lists `{path, code, message}`; nothing was sent. */
export class ValidationError extends IdentityClientError {}
/** The API answered with an error: `status`, `code`, `type`, `detail`, `traceId`, `errors`. */
export class ApiError extends IdentityClientError {}
/** No usable answer: the connection failed, or the answer was not the API's. `cause` has the reason. */
export class NetworkError extends IdentityClientError {}
/** The call took longer than `timeoutMs`. */
export class TimeoutError extends IdentityClientError {}
/** The caller's `AbortSignal` aborted the call; `cause` is the signal's reason. */
export class AbortError extends IdentityClientError {}

const classes = { ValidationError, ApiError, NetworkError, TimeoutError, AbortError };
for (const [name, c] of Object.entries({ IdentityClientError, ...classes })) {
  // Set explicitly: minifiers rename classes, and `.name` is part of the API.
  Object.defineProperty(c.prototype, "name", { value: name, writable: true, configurable: true });
}

const byNumber = Object.values(classes);

/** `kind`: the class's place in `classes` (the wasm passes a number, not the name). */
export function makeError(kind, message, props) {
  return new byNumber[kind](message, props);
}
