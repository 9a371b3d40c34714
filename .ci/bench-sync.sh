#!/usr/bin/env bash
# Sync through the real binary (issue 18's benchmarks): a new device merging a folder of
# 200,000 ops another device wrote (`keel sync --folder`: read, verify, decrypt, apply
# durably), and a new device joining a workspace of 100,000 ops written by three devices;
# wall time and peak memory of the keel process, and the folder's size against the Badger
# store's. Then Automerge 3 and Yjs applying and merging the same writes (bench/crdt).
set -euo pipefail
BIN=$(realpath "${1:-build/bin/keel-headless}")
GO=${GO:-go}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
$GO build -o "$W/syncgen" ./bench/syncbench/syncgen
# run NAME RECORDS SETS WRITERS: one round of a new device over a folder so made.
run() {
  local d="$W/$1"
  mkdir -p "$d"
  "$BIN" --data "$d/data" workspace create Bench >/dev/null
  local ops
  ops=$("$W/syncgen" -data "$d/data" -folder "$d/folder" -records "$2" -sets "$3" -writers "$4")
  /usr/bin/time -f "%e %M %U %S" -o "$d/time" "$BIN" --data "$d/data" sync --folder "$d/folder" >"$d/out"
  local secs kb user sys
  read -r secs kb user sys <"$d/time"
  grep -q "received: $ops changes" "$d/out" || { echo "$1: $(cat "$d/out"), want $ops received"; exit 1; }
  local folder db
  folder=$(du -sb "$d/folder" | cut -f1)
  db=$(du -sb "$d"/data/workspaces/*/db | cut -f1)
  printf '%-34s %7d ops  %6.2f s (CPU %5.2f s)  peak %4d MB  folder %5.1f MB/100k ops  Badger %5.1f MB/100k ops\n' \
    "keel: $5" "$ops" "$secs" "$(echo "$user + $sys" | bc -l)" $((kb / 1024)) "$(echo "$folder * 100000 / $ops / 1000000" | bc -l)" "$(echo "$db * 100000 / $ops / 1000000" | bc -l)"
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
run merge 20000 9 1 "merge 200k ops from one device"
run join 10000 9 3 "join a workspace of 100k ops"
# Yjs does the same 200,000 writes. Automerge makes each change slowly (1-5 ms here, and
# more as the document grows: its 200,000 take over an hour), so by default it does a tenth
# of them: BENCH_AUTOMERGE_RECORDS=20000 for all; 0 leaves both libraries out.
yjs=${BENCH_YJS_RECORDS:-20000}
automerge=${BENCH_AUTOMERGE_RECORDS:-2000}
[ "$automerge" -gt 0 ] || exit 0
(cd bench/crdt && { [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null; } &&
  for lib in yjs automerge; do
    records=$yjs
    [ $lib = yjs ] || records=$automerge
    /usr/bin/time -f "%M" -o "$W/$lib.kb" node merge.mjs $lib "$records" 9 >"$W/$lib.out"
    echo "$(cat "$W/$lib.out"), peak $(($(cat "$W/$lib.kb") / 1024)) MB"
  done)
