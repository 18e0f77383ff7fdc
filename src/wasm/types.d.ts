/** Where a typed value stands (see the README): nothing yet, a prefix of a valid value, wrong, or done. */
export type FieldState = "empty" | "incomplete" | "invalid" | "valid";

/** A message language. */
export type Locale = "en" | "es" | "pt";

/** `USER` or `ORGANIZATION`. */
export type IdentityType = "USER" | "ORGANIZATION";

/** Every document type identity-kit validates. */
export type DocumentType =
  | "PASSPORT" | "RUT" | "CURP" | "RFC" | "CED_CIU" | "CED_EXT" | "NIT"
  | "DNI" | "CE" | "RUC" | "CUIL" | "CUIT" | "CPF" | "CNPJ";

/** A phone number's type, as libphonenumber names them. */
export type PhoneType =
  | "mobile" | "fixedLine" | "fixedLineOrMobile" | "tollFree" | "premiumRate" | "sharedCost"
  | "voip" | "personalNumber" | "pager" | "uan" | "voicemail";

/** The field names `validateField` and `formatField` accept. */
export type FieldName =
  | "type" | "name" | "nickname" | "lastname" | "externalId" | "email" | "phone" | "country"
  | "documentType" | "documentNumber" | "idv" | "childId"
  | "scope.resource" | "scope.reference" | "scope.permission"
  | "bankAccount.accountNumber" | "bankAccount.bank" | "bankAccount.currency"
  | "bankAccount.typeAccount" | "bankAccount.accountHolder" | "bankAccount.accountHolderDni"
  | "bankAccount.country"
  | "address.street" | "address.streetNumber" | "address.administrativeAreaLevel1"
  | "address.administrativeAreaLevel2" | "address.administrativeAreaLevel3"
  | "address.optionalAddress" | "address.zipcode" | "address.country";

/** What a field's verdict depends on besides its own value. */
export interface FieldContext {
  /** ISO 3166-1 alpha-3 of the identity, e.g. `"CHL"` (phone and document number depend on it). */
  country?: string;
  type?: IdentityType;
  /** For `documentNumber`. */
  documentType?: DocumentType | string;
  /** Message language; default `"en"`. Tags such as `"es-CL"` are accepted. */
  locale?: Locale | string;
  /** Structural checks only for phone and document number, as the documented sandbox accepted. Never the default. */
  lenient?: boolean;
  /**
   * For `phone`: the types accepted, e.g. `["mobile"]` for a number that will receive an SMS
   * code (`fixedLineOrMobile` counts as mobile). Another type is `invalid` with the code
   * `phone.not_mobile` or `phone.type_not_allowed`. Default: any type.
   */
  phoneTypes?: PhoneType[];
}

/** The verdict on one field. */
export interface FieldVerdict {
  state: FieldState;
  /** Stable machine code, e.g. `"rut.check_digit"`, `"phone.country_mismatch"`, `"ok"`, `"empty"`. */
  code: string;
  /** Human message in the requested locale. */
  message: string;
  /** The value to send, present when `state` is `"valid"`. */
  normalized?: string;
  /** A display form (`"12.345.678-5"`), also while incomplete. */
  formatted?: string;
  /** The message's argument (expected check digit, calling code...), when it has one. */
  param?: string;
  /** For a valid phone number: its type by libphonenumber's full metadata. */
  phoneType?: PhoneType;
  /**
   * Only on a valid verdict: worth a second look, never blocking (an RFC whose check digit
   * does not match, as about 1.5 % of real RFCs do). Absent when there are none.
   */
  warnings?: FieldWarning[];
}

/** Something about a valid value worth a second look; it never blocks. */
export interface FieldWarning {
  /** Stable machine code, e.g. `"rfc.check_digit"`. */
  code: string;
  message: string;
  param?: string;
}

/** One value's verdict in `validateColumn`'s answer: its state and code. */
export interface ColumnVerdict {
  state: FieldState;
  code: string;
}

export interface ValidateIdentityOptions {
  locale?: Locale | string;
  /** Validate a PATCH body: only the fields present are checked. */
  partial?: boolean;
  lenient?: boolean;
}

/** One problem in a payload, at a path such as `"phone"` or `"securityOptions.accessControl.scopes[0].permissions[1]"`. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

export interface AccessScope {
  resource: string;
  reference: string;
  /** `noun:verb`, e.g. `"account:read"`. */
  permissions: string[];
}

export interface SecurityOptions {
  twoFactorEnabled?: boolean;
  twoFactorAuth?: boolean;
  signTrx?: boolean;
  signAccountsOperations?: boolean;
  accessControl?: { scopes: AccessScope[] };
}

export interface ChildRef {
  id: string;
  name: string;
  email: string;
}

export interface BankAccount {
  accountNumber: string;
  bank: string;
  /** ISO 4217, e.g. `"CLP"`. */
  currency: string;
  accountHolder: string;
  accountHolderDni: string;
  country: string;
  /** The API's spelling: `CHECKING_ACOUNT` (sic). `CHECKING_ACCOUNT` is accepted and mapped. */
  typeAccount?: "CHECKING_ACOUNT" | "SAVINGS";
  nickname?: string;
  externalId?: string;
}

export interface Address {
  street?: string;
  streetNumber?: string;
  administrativeAreaLevel1?: string;
  administrativeAreaLevel2?: string;
  administrativeAreaLevel3?: string;
  optionalAddress?: string;
  zipcode?: string;
  country?: string;
}

/** A Create Identity payload (SPEC section 1). */
export interface IdentityInput {
  type: IdentityType;
  name: string;
  nickname?: string;
  lastname?: string;
  externalId?: string;
  email: string;
  phone: string;
  country: string;
  documentType: DocumentType;
  documentNumber: string;
  idv: string;
  securityOptions?: SecurityOptions;
  children?: ChildRef[];
  bankAccount?: BankAccount;
  address?: Address;
  gender?: string;
  /** Rules as the API documents them (seed 001): an object, sent as given. */
  rules?: Record<string, unknown>;
}

/**
 * `validateIdentity`'s answer. `warnings` (present only when there are some) are about valid
 * fields, worth a second look, never blocking: `ok` stays true.
 */
export type IdentityReport =
  | { ok: true; value: IdentityInput; errors: []; warnings?: FieldError[] }
  | { ok: false; errors: FieldError[]; warnings?: FieldError[] };

/** Two identities (indexes into the list given) that break the uniqueness rule. */
export interface Clash {
  first: number;
  second: number;
  code: "identity.duplicate_organization" | "identity.duplicate_user";
}

export interface DocumentTypeInfo {
  type: DocumentType;
  /** ISO alpha-3 of the issuing country, or `null` for any country (passports). */
  country: string | null;
  forUser: boolean;
  forOrganization: boolean;
  /** English name. */
  name: string;
  /** A valid example, written as people write it. */
  example: string;
}

export interface CountryInfo {
  alpha3: string;
  alpha2: string;
  /** The name in the requested locale, from the platform's `Intl.DisplayNames` (e.g. `"South Korea"`, `"Corea del Sur"`); the alpha-2 code where the platform has none. */
  name: string;
  /** Calling codes without `+` (empty for the few territories with none). */
  callingCodes: number[];
}

// --- the bulk import (Humanos POST /v1/user; validateSubjects, CsvImport) ------------------

/** The identity of a Humanos subject; every field is text (`birth` as `YYYY-MM-DD`). */
export interface SubjectIdentity {
  fullName?: string;
  birth?: string;
  docId?: string;
  fullDocId?: string;
  gender?: string;
  expiresAt?: string;
  issueDate?: string;
  taxNumber?: string;
  healthNumber?: string;
  socialSecurityNumber?: string;
  height?: string;
  documentType?: string;
  documentDiscriminator?: string;
  placeOfBirth?: string;
  photo?: string;
  mrzText?: string;
  /** JSON text. */
  extra?: string;
  /** ISO 3166-1 alpha-3. */
  countryAlpha3?: string;
}

/** One subject of `POST /v1/user`: an email or a phone (international format), and optionally your id and an identity. */
export interface SubjectInput {
  contact: string;
  internalId?: string;
  identity?: SubjectIdentity;
}

/** A subject as it will be sent: contact as E.164 or with its email domain lower-cased, `docId` without spaces, country upper case, strings trimmed. */
export interface NormalizedSubject {
  contact: string;
  internalId?: string;
  identity?: SubjectIdentity;
}

/**
 * What the API would answer for a subject, as far as it can be known before sending: 200
 * ready, 400 invalid body, 401 invalid identity, 402 invalid country, 407 contact repeated in
 * the batch, 408 identity repeated in the batch.
 */
export type SubjectStatus = 200 | 400 | 401 | 402 | 407 | 408;

export type SubjectCode =
  | "subject.ready" | "subject.not_an_object" | "subject.contact_missing" | "subject.contact_not_a_string"
  | "subject.contact_email" | "subject.contact_phone" | "subject.contact_invalid"
  | "subject.internal_id_not_a_string" | "subject.identity_not_an_object" | "subject.identity_missing"
  | "subject.identity_not_a_string" | "subject.identity_too_long" | "subject.identity_date"
  | "subject.identity_birth_future" | "subject.identity_full_doc_id" | "subject.identity_extra_json"
  | "subject.country" | "subject.repeated_contact" | "subject.repeated_identity" | "subject.csv_fields";

/** A check-digit warning on a ready subject's `docId` (e.g. `rut.check_digit`, param the expected digit). */
export interface SubjectWarning {
  code: string;
  /** `[3].identity.docId`. */
  path: string;
  message: string;
  param?: string;
}

/** The verdict on one subject. */
export interface SubjectVerdict {
  /** Position in the batch (from 0). */
  index: number;
  status: SubjectStatus;
  code: SubjectCode;
  /** In the requested locale. */
  message: string;
  /** The field at fault, `[12].identity.birth`; `[12]` for the subject itself. */
  path: string;
  /** The message's argument: a limit, a field name, the index of the first occurrence. */
  param?: string;
  /** Present only when there are some. */
  warnings?: SubjectWarning[];
  /** The contact as the API compares it (email lower-cased, phone E.164), when readable (validateSubjects only). */
  contact?: string;
  /** The subject as it will be sent; only when `status` is 200 (validateSubjects only: a CSV row gives `input`, which importUsers normalises). */
  subject?: NormalizedSubject;
}

/** What a batch adds up to. */
export interface SubjectsSummary {
  total: number;
  ready: number;
  failing: number;
  withWarnings: number;
  /** Count by status, keyed by the status as a string (`"200"`). */
  byStatus: Partial<Record<`${SubjectStatus}`, number>>;
  /** Count by code. */
  byCode: Partial<Record<SubjectCode, number>>;
  /** More ready subjects than one request takes (100). */
  split: boolean;
  /** Requests of at most 100 the ready subjects need. */
  requests: number;
  /** One line saying the above, in the requested locale. */
  message: string;
}

export interface SubjectsReport {
  results: SubjectVerdict[];
  summary: SubjectsSummary;
}

export interface ValidateSubjectsOptions {
  /** Language of the messages (default `"en"`). */
  locale?: Locale | string;
}

/** One data row of a CSV import (without `contact` and `subject`: pass `input` to validateSubjects or importUsers). */
export interface CsvRow extends Omit<SubjectVerdict, "contact" | "subject"> {
  /** The row in the file as a spreadsheet numbers it (the header is row 1). */
  row: number;
  /** The column (from 1) of the cell at fault, when the fault is one cell's. */
  column?: number;
  /** The subject as read from the row (non-empty cells only). */
  input: { contact?: string; internalId?: string; identity?: SubjectIdentity };
}

/** Thrown by `CsvImport.feed`/`finish` where the file is not CSV or its header cannot be used. */
export interface CsvImportError extends Error {
  name: "CsvImportError";
  code: "csv.unclosed_quote" | "csv.after_quote" | "csv.utf8" | "csv.no_contact" | "csv.repeated_column";
  /** From 1 (the header is row 1). */
  row: number;
  /** From 1. */
  column: number;
}
