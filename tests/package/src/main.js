// The Vite app the package tests build and drive in headless Chromium.
import init, { bindInput, validateField, fieldSchema } from "identity-kit";

await init();

const $ = (id) => document.getElementById(id);
const rutMessage = $("rut-message");
const log = [];
const bindings = {
  rut: bindInput($("rut"), "documentNumber", {
    context: { documentType: "RUT", country: "CHL" },
    onVerdict(verdict, info) {
      log.push({ state: verdict.state, reason: info.reason, showError: info.showError });
      rutMessage.textContent = info.showError ? verdict.message : "";
    },
  }),
  phone: bindInput($("phone"), "phone", { getContext: () => ({ country: $("country").value }), locale: "es" }),
  email: bindInput($("email"), "email"),
  raw: bindInput($("raw"), "documentNumber", { context: { documentType: "RUT", country: "CHL" }, format: false }),
};
$("country").addEventListener("change", () => bindings.phone.revalidate());
let submitted = 0;
$("form").addEventListener("submit", (event) => {
  event.preventDefault();
  submitted++;
});

window.identityKit = {
  bindings,
  log,
  submitted: () => submitted,
  validateField,
  schemaCheck: (value) => fieldSchema("documentNumber", { documentType: "RUT", country: "CHL" })["~standard"].validate(value),
};
document.body.dataset.ready = "true";
