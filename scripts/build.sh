#!/usr/bin/env bash
# Builds the npm package into pkg/, two entries from one crate:
#   identity-kit         the validators (pkg/identity_kit_bg.wasm, index.js)
#   identity-kit/client  the same with the identities client, feature `client`
#                        (pkg/identity_kit_client_bg.wasm, client.js)
#   identity-kit/import  the same with the Humanos bulk import, features `client,import`
#                        (pkg/identity_kit_import_bg.wasm, import.js)
# Each: the release wasm (tuned for size), wasm-bindgen --target web, one wasm-opt call; then
# scripts/assemble-package.mjs bundles each entry's JS with its glue and adds the package
# template. Prints raw and gzip sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${IDENTITY_KIT_SKIP_SETUP:-}" = 1 ] || bash scripts/setup.sh

# The sizes in the README and the budgets were measured with this rustc. Another one builds,
# but may land elsewhere on the budgets (a rust-toolchain.toml cannot pin it: this machine can
# install no toolchain but the one it has).
measured_with="rustc 1.95.0"
case "$(rustc --version)" in
  "$measured_with"*) ;;
  *) echo "[build] note: sizes were measured with $measured_with; this is $(rustc --version)" >&2 ;;
esac

target_dir=${CARGO_TARGET_DIR:-target}
rm -rf pkg
mkdir -p pkg

# entry NAME [CARGO ARGS...]: builds the wasm and its glue as pkg/NAME.js, pkg/NAME_bg.wasm.
entry() {
  local name=$1
  shift
  # The standard library is rebuilt for size (-Zbuild-std, from the rust-src component setup.sh
  # adds) with panics compiled to a bare trap: no panic message, location or formatting code is
  # shipped (-9.0 KB gzip when measured). These are unstable flags, enabled on the stable
  # toolchain with RUSTC_BOOTSTRAP for this one build only; tests and the server build normally.
  # Debug formatting is compiled out (-Zfmt-debug=none): nothing user-visible uses `{:?}`.
  if ! RUSTC_BOOTSTRAP=1 \
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none" \
    cargo build --release --target wasm32-unknown-unknown --lib -p identity-kit "$@" \
      -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size; then
    echo "[build] the size-tuned release build failed with $(rustc --version): it needs the rust-src" >&2
    echo "[build] component and the unstable flags above (measured on $measured_with); see scripts/build.sh" >&2
    exit 1
  fi
  wasm-bindgen --target web --out-dir pkg --out-name "$name" \
    "$target_dir/wasm32-unknown-unknown/release/identity_kit.wasm"
  # -Os with a flatten/rereloop round, then --converge: measured smaller after gzip than -Oz
  # and than -Os alone. --low-memory-unused is safe because rustc links the stack first: below
  # 1 KiB is only the far end of the 1 MiB stack.
  node_modules/.bin/wasm-opt -Os --flatten --rereloop -Os -Os --converge \
    --strip-producers --strip-target-features --low-memory-unused --enable-bulk-memory \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-reference-types --enable-multivalue \
    "pkg/${name}_bg.wasm" -o "pkg/${name}_bg.wasm"
}

entry identity_kit
entry identity_kit_client --features client
entry identity_kit_import --features client,import
node scripts/assemble-package.mjs
node scripts/sizes.mjs
