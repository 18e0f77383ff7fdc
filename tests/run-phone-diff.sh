#!/usr/bin/env bash
# Differential test of phone validity and type (issue 15): identity-kit's region-level verdict
# (examples/phone_verdicts.rs over phone::live_for_region) against libphonenumber-js /max
# (new PhoneNumber(region, nationalNumber).isValid() and getType(), i.e. isValidNumberForRegion)
# on a generated corpus of over 30,000 numbers over every region: Google's example number of
# each type (google-libphonenumber), random numbers at each possible length, numbers drawn from
# each type's pattern, one digit changed, one digit short, one digit long. Passes at >= 99.9 %
# overall, 100 % on the example numbers, and >= 99.9 % on the type; lists every disagreement.
# The oracles are pinned in tests/phone-diff/package.json and its lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=tests/phone-diff
if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.installed" 2>/dev/null; then
  npm ci --prefix "$dir" --no-audit --no-fund >/dev/null
  cp "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.installed"
fi
cargo build --quiet -p identity-kit --example phone_verdicts
if node "$dir/diff.mjs" target/debug/examples/phone_verdicts; then
  echo "phone-diff: 1 passed, 0 failed"
else
  echo "phone-diff: 0 passed, 1 failed"
  exit 1
fi
