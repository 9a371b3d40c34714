#!/usr/bin/env bash
# The management-review pack, Keel against headless Chromium printing the same content as
# HTML (issue 6; docs/packs.md). Not a timed test: it prints a side-by-side table.
#   .ci/bench-packs.sh [OUTDIR]      (make bench)
# Keel: the pack rendered in a fresh process; time is the median of RUNS renders in that
# process, peak memory is the process's maximum RSS (/usr/bin/time). Chromium: the wall time
# of the whole print (median of RUNS), peak memory the highest sum of PSS over all its
# processes, sampled every 50 ms (PSS shares the common libraries fairly between processes;
# the largest single process's RSS is shown too).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-$(mktemp -d /tmp/keel-bench.XXXXXX)}
RUNS=${RUNS:-3}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
[ -x /usr/bin/time ] || { apt-get install -y -qq time >/dev/null || { echo "install the time package" >&2; exit 1; }; }
[ -x "$CHROMIUM" ] || { echo "$CHROMIUM is missing (apt-get install chromium)" >&2; exit 1; }

echo "building the test binaries..." >&2
go test -c -o "$OUT/reports.test" ./reports
# The demo workspace (FillDemo and the audit demo), dumped as the pack's snapshot.
KEEL_DEMO_REVIEW_SNAPSHOT="$OUT/demo.json" go test -count=1 -run '^TestManagementReviewPack$' ./app >/dev/null

cd reports # the HTML points at ../assets/fonts
export KEEL_BENCH_PACKS="$OUT" KEEL_BENCH_DEMO="$OUT/demo.json"

# chromium_run HTML PDF: prints "seconds pss_kB maxrss_kB"
chromium_run() {
  local html=$1 pdf=$2 start end peak=0 big=0 pids pss rss
  start=$(date +%s.%N)
  setsid "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --print-to-pdf="$pdf" "file://$html" >/dev/null 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    pids=$(ps -o pid= -s "$pid" 2>/dev/null || true)
    pss=0
    for p in $pids; do
      v=$(awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
      r=$(awk '/^VmRSS:/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
      pss=$((pss + ${v:-0}))
      [ "${r:-0}" -gt "$big" ] && big=$r
    done
    [ "$pss" -gt "$peak" ] && peak=$pss
    sleep 0.05
  done
  wait "$pid" || true
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc) $peak $big"
}

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

rows=()
for c in demo large; do
  echo "case $c..." >&2
  KEEL_BENCH_CASE=$c KEEL_BENCH_MODE=html "$OUT/reports.test" -test.run '^TestBenchPacks$' >/dev/null
  # The render time: the median of RUNS renders in one process.
  line=$(KEEL_BENCH_CASE=$c KEEL_BENCH_MODE=render KEEL_BENCH_RUNS=$RUNS "$OUT/reports.test" -test.run '^TestBenchPacks$' | grep '^BENCH')
  k_ms=$(sed -E 's/.*render_ms=([0-9.]+).*/\1/' <<<"$line")
  k_pages=$(sed -E 's/.*pages=([0-9]+).*/\1/' <<<"$line")
  # The whole process for one pack (start, snapshot, one render): wall time and peak RSS.
  line=$(KEEL_BENCH_CASE=$c KEEL_BENCH_MODE=render KEEL_BENCH_RUNS=1 /usr/bin/time -f 'TIME wall=%e maxrss=%M' \
    "$OUT/reports.test" -test.run '^TestBenchPacks$' 2>&1 | grep '^TIME')
  k_rss=$(sed -E 's/.*maxrss=([0-9]+).*/\1/' <<<"$line")
  k_wall=$(sed -E 's/.*wall=([0-9.]+).*/\1/' <<<"$line")
  : >"$OUT/$c.chromium.runs"
  for _ in $(seq "$RUNS"); do
    chromium_run "$OUT/$c.html" "$OUT/$c.chromium.pdf" >>"$OUT/$c.chromium.runs"
  done
  c_s=$(cut -d' ' -f1 "$OUT/$c.chromium.runs" | median)
  c_pss=$(cut -d' ' -f2 "$OUT/$c.chromium.runs" | sort -n | tail -1)
  c_big=$(cut -d' ' -f3 "$OUT/$c.chromium.runs" | sort -n | tail -1)
  c_pages=$(pdfinfo "$OUT/$c.chromium.pdf" | awk '/^Pages:/{print $2}')
  rows+=("$(printf '%-6s %6s p %9.0f ms %8.0f ms %8.0f MB | %6s p %9.0f ms %8.0f MB %8.0f MB | %6.1fx %6.1fx' \
    "$c" "$k_pages" "$k_ms" "$(echo "$k_wall*1000" | bc)" "$(echo "$k_rss/1024" | bc -l)" \
    "$c_pages" "$(echo "$c_s*1000" | bc)" "$(echo "$c_pss/1024" | bc -l)" "$(echo "$c_big/1024" | bc -l)" \
    "$(echo "$c_s/$k_wall" | bc -l)" "$(echo "$c_pss/$k_rss" | bc -l)")")
done

echo
echo "Management-review pack: Keel vs headless Chromium ($(nproc) cores, $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo), $(date -u +%F))"
printf '%-6s %8s %12s %11s %11s | %8s %12s %11s %11s | %7s %7s\n' case "Keel" render process "peak RSS" Chromium print "peak PSS" "max proc" faster "less mem"
for r in "${rows[@]}"; do echo "$r"; done
echo "Keel render: median of $RUNS renders in one process. Keel process: one whole run (start, build or load the snapshot, one render)."
echo "faster = Chromium print / Keel process; less mem = Chromium peak PSS / Keel peak RSS."
echo "Chromium print is the median of $RUNS whole runs; PSS summed over its processes. Files in $OUT"
