#!/usr/bin/env bash
# Differential test of the document validators against python-stdnum (issue 17): a generated
# corpus of every document type (valid numbers across each domain, their prefixes, one-character
# mutations), identity-kit's verdicts from examples/verdicts.rs, python-stdnum's from is_valid.
# Every disagreement must be a listed deliberate difference (with its reason and source), up to
# 0.01% per type; see tests/stdnum/differential.py. Installs python-stdnum (pinned) into a venv
# under target/ the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
STDNUM_VERSION=2.2
venv=target/stdnum-venv
if ! "$venv/bin/python" -c "import stdnum, sys; sys.exit(stdnum.__version__ != '$STDNUM_VERSION')" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "python-stdnum==$STDNUM_VERSION"
fi
cargo build --quiet --example verdicts -p identity-kit
exec "$venv/bin/python" tests/stdnum/differential.py target/debug/examples/verdicts
