// Merges pkg-template/ into the wasm-bindgen output in pkg/: package.json (version from
// Cargo.toml), README, and hand-written additions.
import { readFileSync, writeFileSync, readdirSync, copyFileSync, existsSync } from "node:fs";

const root = new URL("../", import.meta.url);
const template = new URL("pkg-template/", root);
const pkg = new URL("pkg/", root);

const cargo = readFileSync(new URL("Cargo.toml", root), "utf8");
const version = /\[package\][^[]*?\nversion = "([^"]+)"/.exec(cargo)?.[1];
if (!version) throw new Error("no [package] version in Cargo.toml");

for (const name of readdirSync(template)) {
  if (name === "package.json") continue;
  copyFileSync(new URL(name, template), new URL(name, pkg));
}
const manifest = JSON.parse(readFileSync(new URL("package.json", template), "utf8"));
manifest.version = version;
writeFileSync(new URL("package.json", pkg), JSON.stringify(manifest, null, 2) + "\n");
// wasm-bindgen writes a .gitignore of its own; the package should not ship it.
if (existsSync(new URL(".gitignore", pkg))) writeFileSync(new URL(".gitignore", pkg), "");
