#!/usr/bin/env bash
# Resident memory of `keel serve` idle on the demo workspace (goal: under 150 MB).
set -euo pipefail
BIN=$(realpath "${1:-build/bin/keel-headless}")
DATA=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$DATA"' EXIT
"$BIN" --data "$DATA" demo >/dev/null
"$BIN" --data "$DATA" serve --addr 127.0.0.1:0 >"$DATA/serve.out" 2>&1 &
pid=$!
for i in $(seq 1 50); do grep -q "ready at" "$DATA/serve.out" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$DATA/serve.out")
port=$(echo "$url" | sed -E 's|http://[^:]+:([0-9]+)/.*|\1|'); token=${url##*token=}
# Read every register once so its records are cached, as after browsing the whole app.
for kind in $("$BIN" records kinds | awk '{print $1}'); do
  curl -s -X POST -H "X-Keel-Token: $token" -d "[{\"kind\":\"$kind\"}]" "http://127.0.0.1:$port/api/call/ListRecords" >/dev/null
done
sleep 2
rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
hwm=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
echo "keel serve idle on the demo workspace: RSS $((rss/1024)) MiB (peak $((hwm/1024)) MiB); goal < 150 MB"
