
// ---- The identities API client (src/wasm/client.rs) -------------------------------------

/** Statuses an identity can be in (read only). */
export type IdentityStatus = "PENDING" | "PENDING_EMAIL_VALIDATION" | "PENDING_PHONE_VALIDATION" | "SCREENING" | "ACTIVE";

/** An identity as the API answers it. Creates answer a summary (id, type, name, email,
 *  country, status); reads answer more of the payload. */
export interface Identity extends Partial<Omit<IdentityInput, "type" | "name" | "children">> {
  id: string;
  type: IdentityType;
  name: string;
  status?: IdentityStatus;
  children?: Array<{ id: string; name?: string; email?: string }>;
  createdAt?: string;
  updatedAt?: string;
}

export interface IdentityClientOptions {
  /** Your backend's route to the identities API (the normal setup: it holds the credentials),
   *  the local sandbox server, or the API itself (`https://api.conomyhq.com/sandbox`).
   *  An absolute `http(s)` URL, or a path such as `/api` on the page's origin. */
  baseUrl: string;
  /** Sent as `conomyhq-api-version`; default `"24-04-2025"`. */
  apiVersion?: string;
  /** Called before each request; its token is sent as `Authorization: Bearer <token>`. */
  getAccessToken?: () => Promise<string> | string;
  /** Sent as `x-api-key`. In a browser this needs `dangerouslyAllowBrowserCredentials`. */
  apiKey?: string;
  /** Extra headers (a plain object). `x-api-key` or `Authorization` here need
   *  `dangerouslyAllowBrowserCredentials` in a browser. */
  headers?: Record<string, string>;
  /** Time limit of one call, its retries and their waits included, in ms; default 30000. */
  timeoutMs?: number;
  /** Retries of an idempotent call (never of a create) on 429, 502, 503, 504 and network errors,
   *  with exponential backoff and jitter, honouring `Retry-After`; default 2, at most 10. */
  retries?: number;
  /** A fetch to use instead of the global one; called with a `Request`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Let a browser page send `apiKey`, `x-api-key` or `Authorization` headers. Anyone using the
   *  page can read them: only for a local sandbox or tests. Ignored outside browsers. */
  dangerouslyAllowBrowserCredentials?: boolean;
  /** Language of validation messages (`"es"`, `"pt-BR"`...); default `"en"`. Also sent as
   *  `Accept-Language` (for the API's messages) unless `headers` has one. */
  locale?: Locale | string;
  /** Validate phone and document numbers structurally only, as the documented sandbox accepted. Never the default. */
  lenient?: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** `GET /identities` filters. */
export interface IdentityFilters {
  type?: IdentityType;
  email?: string;
  documentNumber?: string;
  phone?: string;
  country?: string;
  status?: IdentityStatus;
}

export interface ListOptions extends CallOptions {
  /** Page size, 1 to 100 (the API's default is 20). */
  limit?: number;
}

export interface ListPageOptions extends ListOptions {
  /** A cursor from a previous page's `pagination.next` (or `previous`). */
  next?: string;
}

export interface IdentityPage {
  data: Identity[];
  pagination: { count: number; next: string | null; previous: string | null; total: number };
}

export type CreateAndLinkStep = "validated" | "organization" | "user" | "linked" | "readBack";

export interface CreateAndLinkProgress {
  step: CreateAndLinkStep;
  /** The user's index in `users` (step `"user"`). */
  index?: number;
  id?: string;
  identity?: Identity;
  /** The identity already existed (a previous run created it) and was reused. */
  reused?: boolean;
}

export interface CreateAndLinkInput {
  organization: IdentityInput & { type: "ORGANIZATION" };
  /** 1 to 100 users. */
  users: Array<IdentityInput & { type: "USER" }>;
  /** `"patch"` (default): `PATCH /identities/{orgId}` with `children: [{id, name, email}]`;
   *  `"children"`: `POST /identities/{orgId}/children` with the ids. */
  link?: "patch" | "children";
  /** Called after each step; what it throws is ignored. */
  onProgress?: (event: CreateAndLinkProgress) => void;
  signal?: AbortSignal;
}

export interface CreateAndLinkResult {
  /** The organization as read back after linking. */
  organization: Identity;
  users: Identity[];
  linkedWith: "patch" | "children";
}

/** What a failed `createAndLink` had created (not reused) before it failed. */
export interface CreatedSoFar {
  organization?: Identity;
  users: Identity[];
}

/** Base class of the client's errors (bad arguments are `TypeError`s instead). */
export declare class IdentityClientError extends Error {
  /** Set on errors from `createAndLink`. */
  created?: CreatedSoFar;
}
/** The payload failed validation; nothing was sent. */
export declare class ValidationError extends IdentityClientError {
  name: "ValidationError";
  errors: FieldError[];
}
/** The API answered with an error, read from any of its three error shapes. */
export declare class ApiError extends IdentityClientError {
  name: "ApiError";
  status: number;
  /** Two-digit code, e.g. `"13"` (alreadyExist). */
  code: string;
  /** e.g. `"alreadyExist"`, `"notFound"`, `"unauthorized"`. */
  type: string;
  detail: string;
  traceId?: string;
  errors: FieldError[];
}
/** No usable answer (connection failed, CORS, or not the API's answer); `cause` has the reason. */
export declare class NetworkError extends IdentityClientError {
  name: "NetworkError";
  cause: unknown;
}
/** The call took longer than `timeoutMs`. */
export declare class TimeoutError extends IdentityClientError {
  name: "TimeoutError";
  timeoutMs: number;
}
/** The caller's signal aborted the call; `cause` is the signal's reason. */
export declare class AbortError extends IdentityClientError {
  name: "AbortError";
  cause: unknown;
}
