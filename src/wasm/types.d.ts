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
