#!/usr/bin/env bash
# A day of one-minute flowtuple files (1,440 inputs): cors-ft-aggregate's
# memory does not grow with the number of inputs (the whole day peaks no
# higher than its first tenth, give or take allocator noise), and its
# hourly re-binning equals the test's own computation.
. "$(dirname "$0")/ftagg_lib.sh"
MAXRSS=${1:?the maxrss helper}

"$SYNTH" -s 13 -n 288000 -d 86399 -m unique -o "$WORK/day.pcap"
make_flowtuple "$WORK/day" "$WORK/day.pcap"
rm -f "$WORK/day.pcap"
files=("$WORK"/day/*.flowtuple.cors)
[ "${#files[@]}" -eq 1440 ] && pass "1440 one-minute files" ||
  fail "expected 1440 files, got ${#files[@]}"
printf '%s\n' "${files[@]}" >"$WORK/day.list"
printf '%s\n' "${files[@]:0:144}" >"$WORK/tenth.list"

# peak_kib LIST OPTIONS...: peak memory of a run over the list, in KiB
peak_kib() {
  local list=$1; shift
  "$MAXRSS" "$AGG" "$@" -F "$list" >"$WORK/peak.out" 2>"$WORK/peak.err" ||
    fail "run over $list failed: $(tail -2 "$WORK/peak.err")"
  sed -n 's/^maxrss //p' "$WORK/peak.err"
}

# AddressSanitizer keeps state for every thread that ever ran (wandio
# reads each input in a thread of its own): peaks mean nothing there.
if sanitizer_build "$AGG"; then
  echo "note: sanitizer build: the memory comparison is skipped"
  memory_opts=()
else
  memory_opts=("-f protocol" "-f src_ip -f dst_ip -f src_port -f dst_port -f protocol -f ttl -f tcp_flags -f ip_len")
fi
for opts in "${memory_opts[@]}"; do
  # shellcheck disable=SC2086
  tenth=$(peak_kib "$WORK/tenth.list" $opts)
  # shellcheck disable=SC2086
  day=$(peak_kib "$WORK/day.list" $opts)
  # 10 times the inputs; the allowance is for allocator arenas, far less
  # than what keeping ~1 KiB per extra input would cost
  if [ -n "$day" ] && [ -n "$tenth" ] && [ "$day" -le $((tenth + 4096)) ]; then
    pass "memory flat over inputs ($opts): 144 files ${tenth} KiB, 1440 files ${day} KiB"
  else
    fail "memory grows with inputs ($opts): 144 files ${tenth:-?} KiB, 1440 files ${day:-?} KiB"
  fi
done

ascii_of "${files[@]}" >"$WORK/day.txt"
start=$(date +%s%N)
check_against_reference "day, -i 3600 -f protocol -f dst_port" "$WORK/day.txt" \
  3600 protocol,dst_port packet_cnt 0 -F "$WORK/day.list"
check_against_reference "day, -i -1 -f ttl -v src_ip" "$WORK/day.txt" \
  -1 ttl src_ip 0 -F "$WORK/day.list"
echo "note: two day runs and their references took $(( ($(date +%s%N) - start) / 1000000 )) ms"
finish
