# Sourced by the tests/run-*.sh that need a live sandbox server: builds identity-sandbox,
# `start_sandbox NAME [FLAGS...]` starts it on a free loopback port with a temporary SQLite
# file (and empty www/ and pkg/ folders) and sets SANDBOX_URL; the server and the temporary
# folder $tmp go away when the script exits. NAME prefixes the error messages.
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_sandbox() {
  local name=$1
  shift
  cargo build --quiet --profile server -p identity-sandbox
  mkdir -p "$tmp/www" "$tmp/pkg"
  "$target_dir/server/identity-sandbox" --port 0 --port-file "$tmp/port" --db "$tmp/sandbox.sqlite" \
    --www "$tmp/www" --pkg "$tmp/pkg" "$@" >"$tmp/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    [ -s "$tmp/port" ] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "$name: the sandbox server did not start:" >&2
      cat "$tmp/server.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  [ -s "$tmp/port" ] || { echo "$name: no port file after 10 s" >&2; cat "$tmp/server.log" >&2; exit 1; }
  SANDBOX_URL="http://127.0.0.1:$(cat "$tmp/port")"
}
