#!/usr/bin/env bash
# A hostile trace: every packet is backscatter from a source never seen
# before, so every packet is a new dos target and a new flowtuple. Memory
# must stay bounded by what one time window holds, not grow with the
# length of the trace: flowtuple keeps one interval's tuples, dos drops a
# vector 300-600 s after its last packet (SPEC 5). Checked with peak RSS
# (/usr/bin/time -v); the numbers are in docs/reliability.md.
. "$(dirname "$0")/common.sh"

HOSTILE=${CORSARO_HOSTILE_TRACE:?CORSARO_HOSTILE_TRACE must name the generator}
if [ ! -x /usr/bin/time ]; then
  echo "SKIP: /usr/bin/time is missing (apt-get install time)"
  exit 77
fi

# measure VAR PACKETS SECONDS: VAR = peak RSS (KiB) of flowtuple + dos on
# the hostile trace of PACKETS packets over SECONDS
measure() {
  local out=$WORK/o-$2-$3 rc=0
  "$HOSTILE" -n "$2" -d "$3" -o "$WORK/h.pcap"
  mkdir -p "$out"
  /usr/bin/time -f '%M' -o "$WORK/rss" "$CORSARO" -n t -L -o "$out/%P.cors" \
    -p flowtuple -p dos "$WORK/h.pcap" 2>"$WORK/err" || rc=$?
  [ "$rc" -eq 0 ] || fail "corsaro failed (exit $rc) on $2 packets: $(cat "$WORK/err")"
  readable "hostile trace, $2 packets over $3 s" "$out/global.cors" "$out/flowtuple.cors"
  printf -v "$1" '%s' "$(tail -n 1 "$WORK/rss")"
}

measure base 150000 600    # 250 new targets a second for 10 minutes
measure long 600000 2400   # the same rate for 40 minutes
measure dense 600000 600   # 1000 a second for 10 minutes
echo "peak RSS: 150k targets/600 s: $base KiB; 600k/2400 s: $long KiB; 600k/600 s: $dense KiB"

if sanitizer_build "$CORSARO"; then
  echo "skip: the memory bounds are not measured under AddressSanitizer"
  finish
  exit 0
fi
# four times the trace at the same rate: well under twice the memory
if [ "$long" -lt $((base * 2)) ]; then
  pass "memory does not grow with the trace: $base KiB for 10 min, $long KiB for 40 min"
else
  fail "memory grows with the trace: $base KiB for 10 min, $long KiB for 40 min"
fi
# what one more target held in the window costs: under 1 KiB
per=$(( (dense - base) * 1024 / 450000 ))
if [ "$per" -lt 1024 ]; then
  pass "about $per bytes per target held (flowtuple + dos)"
else
  fail "$per bytes per target held, expected under 1024"
fi
finish
