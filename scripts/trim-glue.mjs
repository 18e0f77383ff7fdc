// Trims wasm-bindgen's JS glue (pkg/identity_kit.js) of code this package never runs, and
// rewrites the repeated code it does run into forms that minify smaller (run after
// short-imports.mjs, before assemble-package.mjs bundles and minifies it). Each edit names the exact
// text it expects from wasm-bindgen 0.2.129 and fails the build if that text is not found
// exactly once: a new wasm-bindgen that writes the glue differently stops here, loudly, rather
// than shipping a half-edited glue. Exports, init/initSync and the .d.ts are untouched.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const jsPath = fileURLToPath(new URL("../pkg/identity_kit.js", import.meta.url));
let js = readFileSync(jsPath, "utf8");
const before = js.length;

const fail = (why) => {
  throw new Error(`[trim-glue] ${why}`);
};
/** Replaces `from`, which must occur exactly once, with `to`. */
function edit(why, from, to) {
  const hits = js.split(from).length - 1;
  if (hits !== 1) fail(`${why}: expected text found ${hits} times`);
  js = js.replace(from, () => to);
}

// passStringToWasm0 is always given the wasm's realloc: its branch for a missing one is dead.
edit(
  "passStringToWasm0 without realloc",
  `    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }

`,
  "",
);

// TextEncoder.encodeInto is older than the wasm features the module needs (bulk memory and
// non-trapping float-to-int: Chrome 75, Firefox 79, Safari 15, all with encodeInto): a
// platform that could run the module never takes this polyfill.
edit(
  "encodeInto polyfill",
  `
if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}
`,
  "",
);

// The memory is not shared: its buffer is detached exactly when the memory grows, which gives
// it a new one, so comparing with the current buffer is the whole test.
edit(
  "DataView cache check",
  `cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || (cachedDataViewMemory0.buffer.detached === undefined && cachedDataViewMemory0.buffer !== wasm.memory.buffer)`,
  `cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer !== wasm.memory.buffer`,
);

// The instance and module are kept in variables nothing reads.
edit("unread wasmInstance, wasmModule", `let wasmModule, wasmInstance, wasm;`, `let wasm;`);
edit(
  "unread wasmInstance, wasmModule",
  `    wasmInstance = instance;
    wasm = instance.exports;
    wasmModule = module;
`,
  `    wasm = instance.exports;
`,
);

// A function returning a Result has the wasm write [value, error, is-error] below its stack
// pointer; wasm-bindgen spells that out in each such function. One helper does it for all.
{
  const stackCalls = js.split("wasm.__wbindgen_add_to_stack_pointer(-16)").length - 1;
  let rewritten = 0;
  js = js.replace(
    /^( +)try \{\n +const retptr = wasm\.__wbindgen_add_to_stack_pointer\(-16\);\n +wasm\.(\w+)\(retptr, (.*)\);\n +var r0 = getDataViewMemory0\(\)\.getInt32\(retptr \+ 4 \* 0, true\);\n +var r1 = getDataViewMemory0\(\)\.getInt32\(retptr \+ 4 \* 1, true\);\n +var r2 = getDataViewMemory0\(\)\.getInt32\(retptr \+ 4 \* 2, true\);\n +if \(r2\) \{\n +throw takeObject\(r1\);\n +\}\n((?:.*\n)*?)\1\} finally \{\n +wasm\.__wbindgen_add_to_stack_pointer\(16\);\n\1\}\n/gm,
    (_, indent, name, args, rest) => {
      rewritten++;
      const call = `callForResult(wasm.${name}, ${args})`;
      if (/^ *return takeObject\(r0\);\n$/.test(rest)) return `${indent}return takeObject(${call});\n`;
      return `${indent}const r0 = ${call};\n` + rest.replace(/^ {4}/gm, "");
    },
  );
  if (rewritten === 0 || rewritten !== stackCalls) fail(`Result returns: ${rewritten} of ${stackCalls} rewritten`);
  js += `
/** Calls the export \`f\` with a return area and \`args\`: the Result's value, or its error thrown. */
function callForResult(f, ...args) {
    const retptr = wasm.__wbindgen_add_to_stack_pointer(-16);
    try {
        f(retptr, ...args);
        const view = getDataViewMemory0();
        if (view.getInt32(retptr + 8, true)) throw takeObject(view.getInt32(retptr + 4, true));
        return view.getInt32(retptr, true);
    } finally {
        wasm.__wbindgen_add_to_stack_pointer(16);
    }
}
`;
}

// `const ret = <call>; return addHeapObject(ret);` as `return addHeapObject(<call>);`: the
// minifier keeps the temporary (reading the helper's name after the call could in principle
// differ), but the helpers are function declarations nothing reassigns.
{
  let inlined = 0;
  js = js.replace(/^( +)const ret = (.*);\n\1return (addHeapObject|takeObject)\(ret\);$/gm, (_, indent, value, helper) => {
    inlined++;
    return `${indent}return ${helper}(${value});`;
  });
  if (inlined === 0) fail("no `const ret` returned through addHeapObject or takeObject");
}

// The imports as arrow functions (the wasm calls them plainly: no `this`, never `new`), which
// the minifier writes shorter; those wrapped in handleError take their arguments as a rest
// parameter instead of `arguments`.
{
  const start = js.indexOf("\nfunction __wbg_get_imports() {\n");
  const end = js.indexOf("\n}\n", start);
  if (start < 0 || end < 0) fail("no __wbg_get_imports");
  let imports = js.slice(start, end);
  const count = (re) => imports.match(re)?.length ?? 0;
  const wrapped = count(/^ {8}\w+: function\(\) \{ return handleError\(function \([\w, ]*\) \{$/gm);
  if (count(/^ {8}\}, arguments\); \},$/gm) !== wrapped) fail("handleError wrappers not closed as expected");
  imports = imports
    .replace(/^( {8}\w+: )function\(\) \{ return handleError\(function \(([\w, ]*)\) \{$/gm, "$1(...args) => handleError(($2) => {")
    .replace(/^( {8}\}), arguments\); \},$/gm, "$1, args),")
    .replace(/^( {8}\w+: )function\(([\w, ]*)\) \{$/gm, "$1($2) => {");
  const code = imports.replace(/^ *\/\/.*\n/gm, ""); // wasm-bindgen's comments name Rust types
  const left = /.*(\bfunction\s*\(|\bthis\b|\barguments\b).*/.exec(code);
  if (left) fail(`an import left as a function, or using this or arguments: ${left[0].trim()}`);
  js = js.slice(0, start) + imports + js.slice(end);
}

// A snippet the wasm imports from directly is handed over as its whole namespace object
// (`import * as import1`), which a bundler has to build at run time with a getter per
// export. The wasm looks up only its own imports there: an object with just those. (None
// today: every snippet import goes through a shim of the glue.)
{
  const wasm = new WebAssembly.Module(readFileSync(new URL("../pkg/identity_kit_bg.wasm", import.meta.url)));
  const namespaces = [...js.matchAll(/^import \* as (import\d+) from ("[^"]+")\n/gm)];
  for (const [line, local, spec] of namespaces) {
    const entry = new RegExp(`^( {8})(\\w+): ${local},$`, "m").exec(js);
    if (!entry) fail(`${local} not found in the import object`);
    const names = WebAssembly.Module.imports(wasm).filter((i) => i.module === entry[2]).map((i) => i.name);
    if (names.length === 0) fail(`the wasm imports nothing from ${spec}`);
    const binding = (name) => `${local}_${name}`;
    edit(`${spec} namespace`, line, `import { ${names.map((n) => `${n} as ${binding(n)}`).join(", ")} } from ${spec};\n`);
    edit(`${spec} namespace`, entry[0], `${entry[1]}${entry[2]}: { __proto__: null, ${names.map((n) => `${n}: ${binding(n)}`).join(", ")} },`);
  }
}

writeFileSync(jsPath, js);
console.log(`[trim-glue] ${before} -> ${js.length} B`);
