#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in a build directory of their own, then runs
# each for a bounded time, two at a time, starting from the committed
# corpus (fuzz/corpus/NAME). Fails if any harness finds a crash, a leak, a
# hang or a broken invariant; the input that did it is kept in
# BUILD/fuzz/artifacts/ and the report is printed.
#
#   scripts/fuzz.sh            (scripts/test.sh passes its build dir: unused)
#   FUZZ_SECONDS=600 scripts/fuzz.sh     longer runs
#   FUZZ_ONLY="global dos" scripts/fuzz.sh
#
# A finding becomes a regression test: copy the artifact into
# tests/faults/regressions/ (see docs/reliability.md).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD:-$top/build-fuzz}
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
all="global flowtuple dos portcount replay packet plugin_args template"
only=${FUZZ_ONLY:-$all}

if ! command -v clang >/dev/null; then
  echo "fuzz.sh: clang is missing (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
echo "== fuzz: build ($build)"
start=$(date +%s)
CC=clang cmake -S "$top" -B "$build" -DCORSARO_FUZZ=ON -DCORSARO_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzzers >"$build/fuzz-build.log" 2>&1 ||
  { tail -n 40 "$build/fuzz-build.log"; exit 1; }
echo "built in $(($(date +%s) - start)) s"

out=$build/fuzz/runs
rm -rf "$out"
mkdir -p "$out" "$build/fuzz/artifacts"
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# run NAME: one harness for $seconds; new inputs go to a scratch corpus so
# the committed one stays as it is
run() {
  local name=$1 exe=$build/fuzz/fuzz_$1 dict=() extra=()
  case $name in global | flowtuple | dos | portcount | replay) dict=(-dict="$top/fuzz/corsaro.dict") ;; esac
  # the packet harness keeps one run (and its writer threads) across
  # inputs: libFuzzer's check after each input can miss what only those
  # threads hold and report a false leak. LeakSanitizer still checks the
  # whole process at exit, after the run is finalised.
  [ "$name" = packet ] && extra=(-detect_leaks=0)
  if [ ! -x "$exe" ]; then
    echo "missing" >"$out/$name.rc"
    return
  fi
  mkdir -p "$out/$name.corpus"
  local rc=0
  "$exe" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
    -print_final_stats=1 "${dict[@]}" "${extra[@]}" \
    -artifact_prefix="$build/fuzz/artifacts/$name-" \
    "$out/$name.corpus" "$top/fuzz/corpus/$name" >"$out/$name.log" 2>&1 || rc=$?
  echo "$rc" >"$out/$name.rc"
}

echo "== fuzz: each harness for $seconds s, $jobs at a time"
for name in $only; do
  run "$name" &
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
done
wait

failed=0
for name in $only; do
  rc=$(cat "$out/$name.rc")
  stats=$(grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec' "$out/$name.log" |
    awk '{printf "%s ", $2}')
  cov=$(grep -oE 'cov: [0-9]+' "$out/$name.log" | tail -n 1)
  if [ "$rc" = missing ] && [ "$name" = portcount ] && [ ! -d "$top/examples/portcount" ]; then
    echo "skip $name: examples/portcount is not there"
  elif [ "$rc" = missing ]; then
    echo "FAIL $name: the harness was not built" >&2
    failed=1
  elif [ "$rc" -ne 0 ]; then
    echo "FAIL $name (exit $rc): runs/exec-per-s $stats" >&2
    grep -E -A 30 'ERROR: |runtime error|fuzz harness:|==ERROR|SUMMARY' "$out/$name.log" | head -n 60 >&2
    ls "$build/fuzz/artifacts/$name-"* 2>/dev/null >&2 || true
    failed=1
  else
    echo "ok $name: runs, exec/s: $stats$cov"
  fi
done
echo "fuzz.sh took $(($(date +%s) - start)) s"
[ "$failed" -eq 0 ] || { echo "fuzz.sh: findings above" >&2; exit 1; }
echo "fuzz: no findings"
