// identity-kit/import: everything identity-kit/client declares, the bulk import's
// validateSubjects and CsvImport, and the Humanos client.
export * from "./client.js";
export { default, default as init, initSync, validateSubjects, CsvImport } from "./identity_kit_import.js";
export type {
  InitInput, InitOutput, SyncInitInput,
} from "./identity_kit_import.js";
// @snippet-exports (replaced by scripts/assemble-package.mjs)

// ---- The Humanos bulk-import client (humanos-client.js) ---------------------------------
import type { SubjectInput, SubjectVerdict, SubjectIdentity } from "./identity_kit_import.js";

/** What happened to one subject of an import. */
export type ImportOutcome =
  /** A new user (200). */
  | "created"
  /** An existing user got an identity or internalId (200). */
  | "updated"
  /** Already there from an earlier run: 201, or a 409/410 whose identity is this very user's. */
  | "alreadyImported"
  /** Refused locally (never sent) or by the API (409, 410, ...). */
  | "failed"
  /** Ready, but not sent: the import stopped before its chunk. */
  | "notSent";

export interface HumanosClientOptions {
  /** Your backend's route to the Humanos API (it signs); default `"/demo-api"` (the sandbox's same-origin door). */
  baseUrl?: string;
  /** Language of the verdicts and of the API's messages; default `"en"`. */
  locale?: "en" | "es" | "pt";
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** default: the global fetch */
  fetch?: typeof fetch;
  /** Per request, default 30000. */
  timeoutMs?: number;
}

/** A user as the API gives it back on import. */
export interface ImportedUser {
  contact: string;
  did?: string;
  internalId?: string;
}

/** One subject's result, in the original order. */
export interface ImportResult {
  index: number;
  outcome: ImportOutcome;
  /** The API's status when sent (200, 201, 409, 410...), else the local verdict's. */
  status: number;
  /** The API's message when sent, else the local verdict's. */
  message: string;
  /** The local verdict (validateSubjects). */
  verdict: SubjectVerdict;
  /** When sent: the API's `user`. */
  user?: ImportedUser;
}

export interface ImportCounts {
  total: number;
  created: number;
  updated: number;
  alreadyImported: number;
  failed: number;
  notSent: number;
}

export interface ImportReport {
  results: ImportResult[];
  summary: ImportCounts;
}

export interface ImportProgress extends ImportCounts {
  /** Chunks done (0 before the first is sent). */
  chunk: number;
  chunks: number;
  /** Ready subjects sent so far, of `ready`. */
  sent: number;
  ready: number;
}

export interface ImportOptions {
  /** At most 100 (the API's limit); default 100. */
  chunkSize?: number;
  /** Called before the first chunk and after each one. */
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

/** `GET /v1/user`'s user. */
export interface HumanosUser {
  contacts: { contact: string; type: "EMAIL" | "PHONE"; verified: boolean; did: string }[];
  identity?: SubjectIdentity;
  internalId?: string;
}

export type UserQuery = { contact: string } | { did: string } | { internalId: string };

/**
 * Imports users into Humanos through your backend. Rejections (AbortError, NetworkError,
 * TimeoutError, ApiError for a whole request) carry `report`: what was done so far. Running
 * the same import again creates nothing twice.
 */
export declare class HumanosClient {
  constructor(options?: HumanosClientOptions);
  /** Validates first, sends only the ready subjects, chunks of at most 100; one result per subject, in order. */
  importUsers(subjects: ReadonlyArray<SubjectInput>, options?: ImportOptions): Promise<ImportReport>;
  /** The user with this contact, did or internalId, or `null` when there is none (404). */
  getUser(query: UserQuery, options?: { signal?: AbortSignal }): Promise<HumanosUser | null>;
}
