// Must NOT compile: each line marked `// error:` has one mistake tsc has to catch there
// (tests/package/tests/types.test.mjs checks that the errors are on exactly these lines).
import { bindInput, fieldSchema, validateField, validateIdentity } from "identity-kit";

const input = document.createElement("input");
validateField("phnoe", "+56961234567"); // error: misspelled field name
validateField("phone", "+56961234567", { contry: "CHL" }); // error: misspelled context option
bindInput(input, "email", { fromat: true }); // error: misspelled bindInput option
bindInput(input, "documentNumber", { context: { country: "CHL" }, getContext: () => ({}) }); // error: both context kinds
fieldSchema("documentNumbr"); // error: misspelled field name
validateIdentity({ name: "x" }, { partail: true }); // error: misspelled option
const n: number = validateField("email", "a@b.co").state; // error: wrong result type
void n;
