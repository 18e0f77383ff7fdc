// Imports one validator only: the build must leave the adapters out (`"sideEffects": false`).
import init, { validateField } from "identity-kit";

await init();
document.body.textContent = validateField("email", "someone@example.com").state;
