#!/usr/bin/env bash
# The identities client against the sandbox's fault mode (tests/faults/matrix.test.mjs): builds the
# server, starts it with --faults on a free loopback port and a temporary SQLite file, runs the
# matrix in Node on the built pkg/, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/sandbox-server.sh
start_sandbox run-faults --faults
IDENTITY_SANDBOX_URL="$SANDBOX_URL" node --test tests/faults/
