#!/usr/bin/env bash
# Against the frozen one-folder app: selftest, then `serve` + `send` + `events list` round trip.
# Usage: .ci/frozen_roundtrip.sh dist/dingconsole/dingconsole
set -euo pipefail
app=$(realpath "$1")
work=$(mktemp -d)
trap 'kill "$serve_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
serve_pid=""
home="$work/钉钉 用户 张三"  # spaces and Chinese characters, as in C:\Users\张三\

"$app" selftest

aes_key=$(python3 -c 'import secrets, string; print("".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(43)))')
"$app" --home "$home" profile add ci --app-key dingcifrozen0001 --token citoken --aes-key "$aes_key"
"$app" --home "$home" serve --port 0 >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/serve.log" && break; sleep 0.1; done
url=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$work/serve.log" | head -n1)
[ -n "$url" ] || { echo "frozen serve did not start:"; cat "$work/serve.log"; exit 1; }

"$app" --home "$home" send "$url" --profile ci --event-type check_url
"$app" --home "$home" send "$url" --profile ci --event-type bpms_instance_change --pattern duplicate

kill -INT "$serve_pid"
wait "$serve_pid"
serve_pid=""
home="$work/钉钉 用户 张三"  # spaces and Chinese characters, as in C:\Users\张三\
count=$("$app" --home "$home" events list --json | "$(dirname "$0")/../.venv/bin/python" -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$count" = 3 ] || { echo "expected 3 stored exchanges, found $count"; cat "$work/serve.log"; exit 1; }
echo "frozen round trip: 3 pushes answered and stored"

# The frozen window (offscreen): starts with its listener, answers the status page, closes on SIGTERM.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
QT_QPA_PLATFORM=offscreen "$app" --home "$home" gui --listen --port "$port" >"$work/gui.log" 2>&1 &
serve_pid=$!
for _ in $(seq 150); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/api/callback', timeout=1)" 2>/dev/null && break
  sleep 0.2
done
python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/api/callback', timeout=1)" \
  || { echo "frozen window did not listen:"; cat "$work/gui.log"; exit 1; }
kill -TERM "$serve_pid"
wait "$serve_pid" || { echo "frozen window did not close cleanly:"; cat "$work/gui.log"; exit 1; }
serve_pid=""
home="$work/钉钉 用户 张三"  # spaces and Chinese characters, as in C:\Users\张三\
echo "frozen window: listened on port $port and closed cleanly"
