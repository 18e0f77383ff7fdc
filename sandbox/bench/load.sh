#!/usr/bin/env bash
# Load figures of the sandbox server (a benchmark, not a test): requests/s and latency of
# POST /identities (a distinct valid identity each request) and GET /identities/{id}, with
# wrk on loopback: 2 threads, 50 connections, 10 s each. Needs wrk (apt-get install -y wrk)
# and curl. Usage: sandbox/bench/load.sh [duration, default 10s]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration="${1:-10s}"
which_runs="${2:-all}"
threads=2
connections=50
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
(cd "$root" && cargo build --profile server -p identity-sandbox)
bin="$CARGO_TARGET_DIR/server/identity-sandbox"

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" --port 0 --port-file "$work/port" --db "$work/bench.sqlite" --www "$work/none" --pkg "$work/none" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
port="$(cat "$work/port")"
base="http://127.0.0.1:$port"
export API_KEY=sandbox-key
export TOKEN="$(curl -sf "$base/auth" -H "x-api-key: $API_KEY" -H 'Content-Type: application/json' \
  -d '{"clientId":"sandbox-client","clientSecret":"sandbox-secret"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')"
hdr=(-H "x-api-key: $API_KEY" -H "Authorization: Bearer $TOKEN" -H 'conomyhq-api-version: 24-04-2025')
echo "server: $bin on $base ($(nproc) cores shared with wrk)"

# A Chilean RUT with its modulo-11 check digit.
rut() {
  local b=$1 sum=0 f=2 d
  while [ "$b" -gt 0 ]; do sum=$((sum + (b % 10) * f)); b=$((b / 10)); f=$(( f == 7 ? 2 : f + 1 )); done
  d=$((11 - sum % 11))
  case $d in 11) d=0 ;; 10) d=K ;; esac
  echo "$1-$d"
}
# 200 identities for the mixed run's gets and patches.
ids=""
for i in $(seq 200); do
  n=$((90000000 + i))
  body="$(printf '{"type":"USER","name":"Seed %d","email":"seed%d@bench.example.com","phone":"+569%08d","documentType":"RUT","documentNumber":"%s","idv":"iv-%d","country":"CHL"}' \
    "$n" "$n" "$n" "$(rut $((10000000 + n % 80000000)))" "$n")"
  id="$(curl -sf "$base/identities" "${hdr[@]}" -H 'Content-Type: application/json' -d "$body" | sed -E 's/.*"id":"([0-9a-f]{24})".*/\1/')"
  ids="$ids${ids:+,}$id"
done
export IDS="$ids"
echo
echo "== mixed: wrk -t$threads -c$connections -d$duration --latency -s mixed.lua"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/mixed.lua" "$base"
[ "$which_runs" = mixed ] && exit 0

echo
echo "== POST /identities: wrk -t$threads -c$connections -d$duration --latency -s post.lua"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/post.lua" "$base/identities"
total="$(curl -sf "$base/identities?limit=1" "${hdr[@]}" | sed -E 's/.*"total":([0-9]+).*/\1/')"
echo "identities stored after the POST run: $total"

export ID="$(curl -sf "$base/identities?limit=1" "${hdr[@]}" | sed -E 's/.*"id":"([0-9a-f]{24})".*/\1/')"
echo
echo "== GET /identities/$ID: wrk -t$threads -c$connections -d$duration --latency -s get.lua"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/get.lua" "$base/identities/$ID"
