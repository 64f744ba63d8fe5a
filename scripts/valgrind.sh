#!/usr/bin/env bash
# Runs a representative set of end-to-end runs under valgrind memcheck,
# with a normal (non-sanitizer) build: corsaro with flowtuple + dos + pcap
# (and the filters) on a cors-synth trace with gzip output, cors2ascii of
# every output, re-processing a flowtuple file, and the error paths (a
# truncated trace, a corrupt file, a plugin that fails, a full disk). Any
# invalid read or write, use of uninitialised memory or definite leak
# fails it.
#
#   scripts/valgrind.sh [BUILD_DIR]     (default: build/; test.sh passes it)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
bin=$build/bin
if ! command -v valgrind >/dev/null; then
  echo "valgrind.sh: valgrind is missing (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
work=$(mktemp -d /tmp/corsaro-valgrind.XXXXXX)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
export CORSARO_PLUGIN_PATH=$build/lib/corsaro/plugins
fault_plugins=$build/tests/faults/plugins

runs=0 failed=0
# vg WANT_RC NAME cmd...: cmd under memcheck must exit WANT_RC (its own
# status) with no memcheck error; valgrind's own failure exits 99
vg() {
  local want=$1 name=$2 rc=0; shift 2
  runs=$((runs + 1))
  valgrind --quiet --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
    --track-origins=yes --log-file="$work/$name.vg" "$@" \
    >"$work/$name.out" 2>"$work/$name.err" || rc=$?
  if [ "$rc" -eq 99 ] || [ -s "$work/$name.vg" ]; then
    echo "FAIL $name: memcheck errors:" >&2
    head -n 60 "$work/$name.vg" >&2
    failed=$((failed + 1))
  elif [ "$rc" -ne "$want" ]; then
    echo "FAIL $name: exit $rc, expected $want: $(head -c 400 "$work/$name.err")" >&2
    failed=$((failed + 1))
  else
    echo "ok $name"
  fi
}

"$bin/cors-synth" -s 7 -n 20000 -d 400 -o "$work/t.pcap"
mkdir -p "$work/o" "$work/re" "$work/f" "$work/full" "$work/bad"
vg 0 corsaro-ft-dos-pcap-gz "$bin/corsaro" -n vg -i 60 -o "$work/o/%P.cors.gz" \
  -p flowtuple -p dos -p pcap "$work/t.pcap"
for f in global flowtuple dos; do
  vg 0 "cors2ascii-$f" "$bin/cors2ascii" "$work/o/$f.cors.gz"
done
vg 0 corsaro-reprocess "$bin/corsaro" -n vg -o "$work/re/%P.cors" -p flowtuple \
  "$work/o/flowtuple.cors.gz"
vg 0 cors2ascii-reprocessed "$bin/cors2ascii" "$work/re/flowtuple.cors"
if [ -e "$CORSARO_PLUGIN_PATH/filterpfx.so" ] && [ -e "$CORSARO_PLUGIN_PATH/filterbpf.so" ]; then
  vg 0 corsaro-filters "$bin/corsaro" -n vg -m ascii -o "$work/f/%P.cors" \
    -p "filterbpf -f tcp -f udp" -p "filterpfx -p 44.0.0.0/9" -p flowtuple -p dos "$work/t.pcap"
fi

# error paths: everything is still freed and closed
head -c 300000 "$work/t.pcap" >"$work/trunc.pcap"
vg 1 corsaro-truncated-trace "$bin/corsaro" -n vg -o "$work/bad/%P.cors" \
  -p flowtuple -p dos "$work/trunc.pcap"
for f in "$top"/tests/faults/regressions/*.cors*; do
  vg 1 "cors2ascii-regression-$(basename "$f")" "$bin/cors2ascii" "$f"
done
head -c 1000 "$work/o/flowtuple.cors.gz" >"$work/cut.flowtuple.cors.gz"
vg 1 cors2ascii-cut-file "$bin/cors2ascii" "$work/cut.flowtuple.cors.gz"
if [ -e "$fault_plugins/fault.so" ]; then
  mkdir -p "$work/pf"
  vg 1 corsaro-plugin-fails "$bin/corsaro" -n vg --plugin-path "$fault_plugins" \
    -o "$work/pf/%P.cors" -p flowtuple -p "fault -e 2" -p dos "$work/t.pcap"
fi
if [ -w /dev/full ]; then
  ln -s /dev/full "$work/full/flowtuple.cors"
  vg 1 corsaro-full-disk "$bin/corsaro" -n vg -o "$work/full/%P.cors" \
    -p flowtuple -p dos "$work/t.pcap"
fi

echo "valgrind.sh: $runs runs, $failed failed, $(($(date +%s) - start)) s"
[ "$failed" -eq 0 ]
