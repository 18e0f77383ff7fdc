// The Standard Schema adapters through a real consumer: @tanstack/form-core (framework-agnostic,
// runs in Node without a DOM). A form-level identitySchema routes each issue to the field at
// its path; field-level fieldSchema validators give the live verdicts; a valid submit hands
// over values. Also @standard-schema/utils' getDotPath / SchemaError on our issues.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { FormApi, FieldApi } from "@tanstack/form-core";
import { getDotPath, SchemaError } from "@standard-schema/utils";
import { initSync, identitySchema, fieldSchema } from "identity-kit";

before(() => initSync({ module: readFileSync(new URL(import.meta.resolve("identity-kit/identity_kit_bg.wasm"))) }));

const seedUser = () => ({
  type: "USER", name: "Service Provider 1", nickname: "SP1", email: "serviceprovider1@example.com",
  phone: "+5692111111", documentType: "RUT", documentNumber: "77123126-K", idv: "iv-23124",
  country: "CHL",
  securityOptions: { twoFactorEnabled: false, accessControl: { scopes: [{ resource: "IDENTITY", reference: "", permissions: ["account:read", "bad"] }] } },
  children: [],
});

test("form-level identitySchema: issues land on the fields at their paths, submit is blocked", async () => {
  let submitted = 0;
  const form = new FormApi({
    defaultValues: seedUser(),
    validators: { onSubmit: identitySchema({ locale: "es" }) },
    onSubmit: () => { submitted++; },
  });
  form.mount();
  const fields = ["phone", "documentNumber", "email", "securityOptions.accessControl.scopes[0].reference",
    "securityOptions.accessControl.scopes[0].permissions[1]"].map((name) => {
    const field = new FieldApi({ form, name });
    field.mount();
    return field;
  });
  await form.handleSubmit();
  assert.equal(submitted, 0);
  const [phone, doc, email, reference, permission] = fields.map((f) => f.state.meta.errors);
  assert.equal(phone.length, 1);
  assert.equal(phone[0].code, "phone.too_short");
  assert.equal(doc[0].code, "rut.check_digit");
  assert.match(doc[0].message, /debería ser 8/);
  assert.deepEqual(email, []);
  assert.equal(reference[0].code, "missing");
  assert.deepEqual(reference[0].path, ["securityOptions", "accessControl", "scopes", 0, "reference"]);
  assert.equal(permission[0].code, "scope.permission_format");
  assert.equal(form.state.canSubmit, false);
});

test("fixing the values lets the form submit the values", async () => {
  let received;
  const form = new FormApi({
    defaultValues: seedUser(),
    validators: { onSubmit: identitySchema() },
    onSubmit: ({ value }) => { received = value; },
  });
  form.mount();
  form.setFieldValue("phone", "+56 9 2111 1111");
  form.setFieldValue("documentNumber", "77.123.126-8");
  form.setFieldValue("securityOptions.accessControl.scopes[0].reference", "org-1");
  form.setFieldValue("securityOptions.accessControl.scopes[0].permissions[1]", "account:write");
  await form.handleSubmit();
  assert.ok(received, "onSubmit was called");
  assert.equal(received.documentNumber, "77.123.126-8"); // TanStack hands over the form's values
  // ...and the schema's own output is the normalised payload:
  const result = identitySchema()["~standard"].validate(received);
  assert.equal(result.issues, undefined);
  assert.equal(result.value.documentNumber, "77123126-8");
  assert.equal(result.value.phone, "+56921111111");
});

test("field-level fieldSchema with a context read from the form: live states", () => {
  const form = new FormApi({ defaultValues: { country: "CHL", phone: "", nickname: "" } });
  form.mount();
  const phone = new FieldApi({
    form, name: "phone",
    validators: { onChange: fieldSchema("phone", () => ({ country: form.getFieldValue("country"), locale: "pt" })) },
  });
  const nickname = new FieldApi({
    form, name: "nickname",
    validators: { onChange: fieldSchema("nickname", undefined, { optional: true }) },
  });
  phone.mount();
  nickname.mount();

  phone.handleChange("+56 9 6123");
  assert.equal(phone.state.meta.errors[0].state, "incomplete");
  assert.equal(phone.state.meta.errors[0].code, "phone.too_short");
  phone.handleChange("+56 9 6123 4567");
  assert.deepEqual(phone.state.meta.errors, []);
  form.setFieldValue("country", "MEX");
  phone.validate("change");
  assert.equal(phone.state.meta.errors[0].code, "phone.country_mismatch");

  nickname.handleChange("x");
  nickname.handleChange("");
  assert.deepEqual(nickname.state.meta.errors, [], "optional: empty passes");
  nickname.handleChange("n".repeat(201));
  assert.equal(nickname.state.meta.errors[0].state, "invalid");
});

test("fieldSchema results: value is the normalised value, issues carry message/code/state", () => {
  const rut = fieldSchema("documentNumber", { documentType: "RUT", country: "CHL" });
  assert.equal(rut["~standard"].vendor, "identity-kit");
  assert.equal(rut["~standard"].version, 1);
  assert.deepEqual(rut["~standard"].validate("17.604.011-4"), { value: "17604011-4" });
  for (const [input, state] of [["", "empty"], ["17.604", "incomplete"], ["77123126-K", "invalid"], [42, "invalid"]]) {
    const { issues } = rut["~standard"].validate(input);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].state, state, String(input));
    assert.match(issues[0].message, /\S/);
  }
  assert.deepEqual(fieldSchema("nickname", {}, { optional: true })["~standard"].validate(""), { value: undefined });
  assert.deepEqual(fieldSchema("nickname", {}, { optional: true })["~standard"].validate(null), { value: undefined });
});

test("identitySchema: paths, partial, non-objects, bad options throw", () => {
  const { issues } = identitySchema()["~standard"].validate(seedUser());
  assert.deepEqual(issues.map(getDotPath), [
    "phone", "documentNumber", "securityOptions.accessControl.scopes.0.reference",
    "securityOptions.accessControl.scopes.0.permissions.1",
  ]);
  assert.match(new SchemaError(issues).message, /\S/);
  assert.deepEqual(identitySchema({ partial: true })["~standard"].validate({ nickname: "New" }), { value: { nickname: "New" } });
  assert.equal(identitySchema()["~standard"].validate(null).issues[0].code, "identity.not_object");
  assert.equal(identitySchema()["~standard"].validate([seedUser()]).issues[0].code, "identity.not_object");
  const cyclic = seedUser();
  cyclic.securityOptions.self = cyclic;
  assert.equal(identitySchema()["~standard"].validate(cyclic).issues[0].code, "identity.unreadable");
  assert.throws(() => identitySchema({ locale: 1 })["~standard"].validate(seedUser()), TypeError);
});
