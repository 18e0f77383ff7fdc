#!/usr/bin/env bash
# Memory of the server under N connections stalled near the end of a 64 KiB body (issue 18,
# defect 3). A measurement, not a test. Starts BINARY (extra flags after it) on a free loopback
# port, opens the connections with stall.py, and prints the server's RSS (VmRSS), its peak
# (VmHWM) and its open descriptors every 5 s while they stall, then after they are closed.
# Usage: sandbox/bench/stall-rss.sh BINARY [N=3000] [HOLD_SECONDS=45] [-- server flags...]
# e.g.   sandbox/bench/stall-rss.sh target/server/identity-sandbox 3000 45
#        sandbox/bench/stall-rss.sh target/server/identity-sandbox 3000 45 -- --max-connections 4000
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$1"; n="${2:-3000}"; hold="${3:-45}"
shift $(( $# >= 3 ? 3 : $# ))
[ "${1:-}" = "--" ] && shift
ulimit -n 20000 2>/dev/null || true
work="$(mktemp -d)"
server=""; client=""
cleanup() {
  [ -n "$client" ] && kill "$client" 2>/dev/null || true
  if [ -n "$server" ]; then kill -KILL "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
"$bin" --port 0 --port-file "$work/port" --db "$work/s.sqlite" --www "$work/none" --pkg "$work/none" "$@" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.05; done
port="$(cat "$work/port")"
rss() { awk '/VmRSS|VmHWM/ {printf "%s %.1f MiB  ", $1, $2/1024}' "/proc/$server/status"; echo "fds $(ls "/proc/$server/fd" | wc -l)"; }
echo "server $bin $* (pid $server, port $port); $n connections stalled at 65,000 of 65,536 body bytes"
echo "t=0 (idle): $(rss)"
start=$(date +%s)
python3 "$here/stall.py" "$port" "$n" "$hold" "$work/ready" &
client=$!
for _ in $(seq 600); do [ -s "$work/ready" ] && break; sleep 0.1; done
echo "all sent after $(( $(date +%s) - start )) s: client $(cat "$work/ready")"
for t in $(seq 5 5 "$hold"); do
  sleep 5
  echo "t=$t s: $(rss)"
done
wait "$client" || true
client=""
sleep 5
echo "5 s after the client closed them: $(rss)"
