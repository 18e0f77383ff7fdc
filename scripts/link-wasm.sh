#!/usr/bin/env bash
# The linker of the release wasm (scripts/build.sh sets it): rust-lld, less one export.
#
# js-sys exports `__wbg_jspi_task_poll` (#[no_mangle]) for `#[wasm_bindgen(jspi)]` async
# exports, which this crate has none of. wasm-bindgen deletes that export, but only after the
# link: by then the linker has kept everything it reaches (the JSPI task's poll, its waker's
# vtable and their function-table slots, which no later pass can remove: ~160 B gzip). Not
# exported, the link's --gc-sections drops them. If the export is not there (a js-sys
# upgrade), this fails, so that the build is looked at rather than silently larger.
set -euo pipefail
rustc="${RUSTC:-rustc}"
lld="$("$rustc" --print sysroot)/lib/rustlib/$("$rustc" -vV | sed -n 's/^host: //p')/bin/rust-lld"
drop=__wbg_jspi_task_poll
args=()
found=
while [ $# -gt 0 ]; do
  if [ "$1" = "--export" ] && [ "${2:-}" = "$drop" ]; then
    found=1
    shift 2
  elif [ "$1" = "--export=$drop" ]; then
    found=1
    shift
  else
    args+=("$1")
    shift
  fi
done
if [ -z "$found" ]; then
  echo "[link-wasm] rustc no longer asks to export $drop: see scripts/link-wasm.sh" >&2
  exit 1
fi
# rustc passes `-flavor wasm` first when it thinks it calls rust-lld; add it otherwise.
[ "${args[0]:-}" = "-flavor" ] || args=(-flavor wasm "${args[@]}")
exec "$lld" "${args[@]}"
