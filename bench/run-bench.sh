#!/usr/bin/env bash
# Benchmarks corsaro against libtrace's own read speed (tracestats).
#
#   bench/run-bench.sh [BUILD_DIR] [RUNS]
#
# Generates the workloads with cors-synth (kept in $BENCH_DIR, default
# /tmp/corsaro-bench), runs tracestats and every configuration RUNS times
# (default 5), alternating, and writes medians of wall time, user time and
# peak memory, packets per second and the ratio to tracestats of the same
# round to bench/results.md, with the commit and the CPU model.
# Not a test: timings depend on the machine. Needs /usr/bin/time (package
# time) and tracestats (libtrace-tools).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
runs=${2:-5}
bin=$build/bin
work=${BENCH_DIR:-/tmp/corsaro-bench}
results=$top/bench/results.md
export CORSARO_PLUGIN_PATH=$build/lib/corsaro/plugins
mkdir -p "$work"

for tool in tracestats /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run-bench: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

# workload name -> cors-synth arguments
declare -A workloads=(
  [unique-2M]="-s 1 -n 2000000 -d 600 -m unique"
  [unique-10M]="-s 2 -n 10000000 -d 3000 -m unique"
  [repeat-2M]="-s 3 -n 2000000 -d 600 -m repeat"
)
declare -A packets=([unique-2M]=2000000 [unique-10M]=10000000 [repeat-2M]=2000000)
order=(unique-2M unique-10M repeat-2M)

for w in "${order[@]}"; do
  if [ ! -s "$work/$w.pcap" ]; then
    echo "run-bench: making $w"
    # shellcheck disable=SC2086
    "$bin/cors-synth" ${workloads[$w]} -o "$work/$w.pcap"
  fi
done
# the page cache holds the traces, as in the targets' measurements
for w in "${order[@]}"; do cat "$work/$w.pcap" >/dev/null; done

# one run: prints "wall user maxrss_kb"
measure() {
  local out=$work/out
  rm -rf "$out" && mkdir -p "$out"
  /usr/bin/time -f "%e %U %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" ||
    { echo "run-bench: failed: $*" >&2; cat "$work/stderr" >&2; exit 1; }
  cat "$work/time"
}

# configuration name -> command (TRACE and OUT substituted)
configs=(tracestats flowtuple flowtuple-readahead flowtuple+dos flowtuple-gz cors2ascii cors-ft-aggregate)
command_for() {
  local c=$1 trace=$2 out=$work/out
  case $c in
    tracestats) echo "tracestats $trace" ;;
    flowtuple) echo "$bin/corsaro -o $out/%P.cors -p flowtuple $trace" ;;
    # libwandio's read-ahead thread on, as tracestats runs it: the memory
    # of corsaro's own structures, at equal read-ahead
    flowtuple-readahead) echo "env LIBTRACEIO=threads=1 $bin/corsaro -o $out/%P.cors -p flowtuple $trace" ;;
    flowtuple+dos) echo "$bin/corsaro -o $out/%P.cors -p flowtuple -p dos $trace" ;;
    flowtuple-gz) echo "$bin/corsaro -o $out/%P.cors.gz -p flowtuple $trace" ;;
    cors2ascii) echo "$bin/cors2ascii $work/ft-$(basename "$trace" .pcap).cors" ;;
    cors-ft-aggregate) echo "$bin/cors-ft-aggregate -f protocol -f dst_port $work/ft-$(basename "$trace" .pcap).cors" ;;
  esac
}

median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

declare -A wall user rss ratio
for w in "${order[@]}"; do
  trace=$work/$w.pcap
  # the readers' input: this workload's flowtuple file
  rm -rf "$work/out" && mkdir -p "$work/out"
  "$bin/corsaro" -o "$work/out/%P.cors" -p flowtuple "$trace"
  mv "$work/out/flowtuple.cors" "$work/ft-$w.cors"
  for ((r = 1; r <= runs; r++)); do
    base=""
    for c in "${configs[@]}"; do
      # shellcheck disable=SC2046
      read -r t u m < <(measure $(command_for "$c" "$trace"))
      [ "$c" = tracestats ] && base=$t
      wall[$w,$c]+="$t "
      user[$w,$c]+="$u "
      rss[$w,$c]+="$m "
      ratio[$w,$c]+="$(awk -v a="$t" -v b="$base" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}') "
    done
    echo "run-bench: $w round $r/$runs done"
  done
done

{
  echo "# Benchmark results"
  echo
  echo "Made by \`bench/run-bench.sh\` ($runs runs per configuration, alternating; medians)."
  echo
  # (this results file, being written, is not a change to the code)
  echo "- commit: $(git -C "$top" rev-parse --short HEAD)$(git -C "$top" diff --quiet -- . ':!bench/results.md' || echo ' (with uncommitted changes)')"
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores)"
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- traces: cors-synth, pcap, read from the page cache; outputs uncompressed unless named -gz"
  echo "- corsaro turns libwandio's read-ahead thread off for plain inputs with plain outputs (README, Performance);"
  echo "  flowtuple-readahead keeps it on, as tracestats runs, so its memory compares corsaro's own structures"
  echo
  echo "| workload | configuration | wall s | user s | peak MiB | packets/s | x tracestats | MiB over tracestats |"
  echo "|---|---|---|---|---|---|---|---|"
  for w in "${order[@]}"; do
    base_rss=$(echo "${rss[$w,tracestats]}" | tr ' ' '\n' | grep . | median)
    for c in "${configs[@]}"; do
      mw=$(echo "${wall[$w,$c]}" | tr ' ' '\n' | grep . | median)
      mu=$(echo "${user[$w,$c]}" | tr ' ' '\n' | grep . | median)
      mr=$(echo "${rss[$w,$c]}" | tr ' ' '\n' | grep . | median)
      mx=$(echo "${ratio[$w,$c]}" | tr ' ' '\n' | grep . | median)
      # /usr/bin/time has 10 ms resolution: shorter runs get no rate
      awk -v w="$w" -v c="$c" -v t="$mw" -v u="$mu" -v m="$mr" -v x="$mx" -v b="$base_rss" -v p="${packets[$w]}" \
        'BEGIN {if (t > 0) printf "| %s | %s | %.2f | %.2f | %.1f | %.2fM | %.2f | %+.1f |\n", w, c, t, u, m / 1024, p / t / 1e6, x, (m - b) / 1024;
                else printf "| %s | %s | <0.01 | %.2f | %.1f | - | - | %+.1f |\n", w, c, u, m / 1024, (m - b) / 1024}'
    done
  done
} >"$results"
echo "run-bench: wrote $results"
cat "$results"
