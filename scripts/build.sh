#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm (tuned for size), wasm-bindgen --target web,
# wasm-opt (-Os with a flatten/rereloop round, then --converge: measured smaller after gzip than
# -Oz and than -Os alone; producers and target-features sections dropped; --low-memory-unused is
# safe because rustc links the stack first: below 1 KiB is only the far end of the 1 MiB stack),
# the functions ordered by likeness (scripts/order-functions.mjs), the imports renamed to a letter
# or two (scripts/short-imports.mjs), the glue trimmed of code the package never runs
# (scripts/trim-glue.mjs), the package template merged in. Prints raw and gzip sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${IDENTITY_KIT_SKIP_SETUP:-}" = 1 ] || bash scripts/setup.sh

# The standard library is rebuilt for size (-Zbuild-std, from the rust-src component setup.sh
# adds) with panics compiled to a bare trap: no panic message, location or formatting code is
# shipped (-9.0 KB gzip when measured). These are unstable flags, enabled on the stable
# toolchain with RUSTC_BOOTSTRAP for this one build only; tests and the server build normally.
# Debug formatting is compiled out (-Zfmt-debug=none): nothing user-visible uses `{:?}`.
# Measured with rustc 1.95; a toolchain that renames these flags fails here, loudly.
# Linked by scripts/link-wasm.sh: rust-lld without js-sys's unused JSPI export.
if ! RUSTC_BOOTSTRAP=1 \
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$PWD/scripts/link-wasm.sh" \
  cargo build --release --target wasm32-unknown-unknown --lib -p identity-kit \
    -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size; then
  echo "[build] the size-tuned release build failed with $(rustc --version): it needs the rust-src" >&2
  echo "[build] component and the unstable flags above (measured on rustc 1.95); see scripts/build.sh" >&2
  exit 1
fi
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name identity_kit \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/identity_kit.wasm"
node_modules/.bin/wasm-opt -Os --flatten --rereloop -Os -Os --converge \
  --strip-producers --strip-target-features --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/identity_kit_bg.wasm -o pkg/identity_kit_bg.wasm
# Functions ordered so that similar bodies sit together, for gzip (scripts/order-functions.mjs).
node scripts/order-functions.mjs
# Imports renamed to a letter or two in the wasm and the glue (wasm-bindgen's carry hashes).
node scripts/short-imports.mjs
# The glue trimmed of code the package never runs.
node scripts/trim-glue.mjs
# Exports renamed to a letter or two in the wasm, the glue and the raw exports' declarations.
node scripts/short-exports.mjs
node scripts/assemble-package.mjs
node scripts/sizes.mjs
