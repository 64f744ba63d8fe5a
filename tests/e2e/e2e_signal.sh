#!/usr/bin/env bash
# SIGINT or SIGTERM in the middle of a run: corsaro stops reading, ends the
# current interval, writes the trailers, closes every file and exits 128+N.
# The trace comes through a FIFO whose writer pauses half-way, so the
# signal always lands mid-run, whatever the machine's speed. (wandio reads
# ahead in 1 MiB blocks: the trace must be much larger than that.)
. "$(dirname "$0")/lib.sh"

"$SYNTH" -s 9 -n 200000 -d 600 -o "$WORK/in.pcap"
size=$(stat -c %s "$WORK/in.pcap")
half=$((size / 2))

for sig in INT TERM; do
  out=$WORK/$sig && mkdir -p "$out"
  fifo=$WORK/fifo-$sig && mkfifo "$fifo"
  # the writer: half the trace, a pause, then the rest
  ( head -c "$half" "$WORK/in.pcap"; sleep 3; tail -c +$((half + 1)) "$WORK/in.pcap" ) >"$fifo" &
  writer=$!
  "$CORSARO" -n t -o "$out/%P.cors" -p flowtuple -p pcap "pcapfile:$fifo" 2>"$out/err" &
  pid=$!
  sleep 1.5
  kill -"$sig" "$pid"
  rc=0
  wait "$pid" || rc=$?
  wait "$writer" 2>/dev/null || true
  want=$((128 + $(kill -l "$sig")))
  [ "$rc" -eq "$want" ] && pass "SIG$sig: exit $rc" || fail "SIG$sig: exit $rc, expected $want: $(cat "$out/err")"
  grep -q "outputs finalised" "$out/err" && pass "SIG$sig: says so" || fail "SIG$sig: no message"
  if "$CORS2ASCII" "$out/global.cors" >"$out/g.txt"; then
    n=$(sed -n "s/^# CORSARO_PACKETCNT //p" "$out/g.txt")
    if [ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" -lt 200000 ]; then
      pass "SIG$sig: global file complete, $n of 200000 packets"
    else
      fail "SIG$sig: packet count '$n'"
    fi
  else
    fail "SIG$sig: global file not readable"
  fi
  "$CORS2ASCII" "$out/flowtuple.cors" >"$out/ft.txt" &&
    [ "$(tail -n 1 "$out/ft.txt" | cut -c1-22)" = "# CORSARO_INTERVAL_END" ] &&
    pass "SIG$sig: flowtuple file ends with a whole interval" ||
    fail "SIG$sig: flowtuple file not readable to its end"
  p=$(count_packets "$out/pcap.cors")
  [ "$p" -eq "$n" ] && pass "SIG$sig: pcap holds the $p packets counted" ||
    fail "SIG$sig: pcap holds $p packets, global counted $n"
done
finish
