#!/usr/bin/env bash
# The npm package as its users get it: packs pkg/ (scripts/pack.sh), installs the tarball
# into a fresh consumer project (tests/package/, copied to build/package-consumer/) next to
# Vite, TanStack Form, TypeScript and playwright-core, then runs the consumer tests there
# (node --test): plain Node 20 without a bundler, the Standard Schema adapters through
# TanStack Form, `tsc --strict` accepting good code and rejecting misspellings, `vite build`
# and the built page driving bindInput in headless Chromium. The npm install is redone only
# when the tarball or the consumer's package.json changed (npm's cache serves it offline).
# The size budget is tests/run-size.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

tarball=$(bash scripts/pack.sh | tail -n1)
consumer=${IDENTITY_KIT_CONSUMER_DIR:-$root/build/package-consumer}
mkdir -p "$consumer"

# Sources are refreshed every run (cheap); node_modules and the lockfile stay.
find "$consumer" -mindepth 1 -maxdepth 1 ! -name node_modules ! -name package-lock.json \
  ! -name .install-stamp ! -name 'identity-kit-*.tgz' -exec rm -rf {} +
cp -r tests/package/. "$consumer/"

# The dependency names the tarball by its hash: npm caches local tarballs by integrity, so a
# rebuilt package under the same file name could be served stale from its cache.
sha=$(sha256sum "$tarball" | cut -c1-16)
local_tgz="identity-kit-$sha.tgz"
node -e '
  const fs = require("fs"), [file, spec] = process.argv.slice(1);
  const p = JSON.parse(fs.readFileSync(file, "utf8"));
  p.dependencies["identity-kit"] = spec;
  fs.writeFileSync(file, JSON.stringify(p, null, 2) + "\n");
' "$consumer/package.json" "file:./$local_tgz"

stamp=$(cat "$tarball" tests/package/package.json | sha256sum | cut -d' ' -f1)
if [ ! -f "$consumer/.install-stamp" ] || [ "$(cat "$consumer/.install-stamp")" != "$stamp" ] \
   || [ ! -d "$consumer/node_modules/identity-kit" ]; then
  echo "[package] installing the tarball and the consumer's tools into $consumer"
  find "$consumer" -maxdepth 1 -name 'identity-kit-*.tgz' ! -name "$local_tgz" -delete
  cp "$tarball" "$consumer/$local_tgz"
  (cd "$consumer" && npm install --no-audit --no-fund --prefer-offline --loglevel=error)
  echo "$stamp" > "$consumer/.install-stamp"
else
  echo "[package] tarball unchanged: reusing $consumer/node_modules"
fi
# Whatever npm did, the installed package must be this tarball's.
cmp -s <(tar -xOzf "$tarball" package/index.js) "$consumer/node_modules/identity-kit/index.js" \
  && cmp -s <(tar -xOzf "$tarball" package/identity_kit_bg.wasm) "$consumer/node_modules/identity-kit/identity_kit_bg.wasm" \
  || { echo "[package] node_modules/identity-kit is not the packed tarball" >&2; exit 1; }
installed=$(node -p "require('$consumer/node_modules/identity-kit/package.json').version")
echo "[package] identity-kit $installed from $(basename "$tarball"), $(node --version), vite $(node -p "require('$consumer/node_modules/vite/package.json').version")"

cd "$consumer"
exec node --test --test-concurrency=1 tests/
