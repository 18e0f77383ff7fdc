#!/usr/bin/env bash
# Packs the built pkg/ with `npm pack` into build/identity-kit-<version>.tgz (building pkg/
# first when it is missing) and prints the tarball's path on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/package.json ] && [ -f pkg/index.js ] || IDENTITY_KIT_SKIP_SETUP=${IDENTITY_KIT_SKIP_SETUP:-} bash scripts/build.sh >&2
mkdir -p build
version=$(node -p 'require("./pkg/package.json").version')
rm -f "build/identity-kit-$version.tgz"
(cd pkg && npm pack --pack-destination ../build --loglevel=warn >/dev/null)
tarball="build/identity-kit-$version.tgz"
[ -f "$tarball" ] || { echo "[pack] npm pack did not write $tarball" >&2; exit 1; }
echo "[pack] $(tar -tzf "$tarball" | wc -l) files, $(wc -c <"$tarball") bytes" >&2
echo "$PWD/$tarball"
