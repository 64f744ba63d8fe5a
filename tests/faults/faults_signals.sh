#!/usr/bin/env bash
# SIGINT and SIGTERM at every stage of a run: while plugins initialise,
# at the first packet, in the middle of an interval, while an interval
# ends, during finalisation, and while corsaro waits for a FIFO's writer.
# Each time corsaro finishes the packet in hand, ends the interval, writes
# the trailers, closes every file, says so and exits 128+N; every output
# is readable. (tests/e2e/e2e_signal.sh covers a signal mid-read from
# outside.) The fault plugin raises the signal from inside, so the moment
# is exact whatever the machine's speed. Three SIGINTs exit at once.
. "$(dirname "$0")/common.sh"

"$SYNTH" -s 3 -n 3000 -d 400 -o "$WORK/t.pcap"

# at SIG WHERE: the fault plugin (last in the chain) raises SIG at WHERE
at() {
  local sig=$1 where=$2
  out=$WORK/$sig-${where/:/-} && mkdir -p "$out"
  run_rc rc "$CORSARO" -n t -i 60 --plugin-path "$FAULT_PLUGINS" -o "$out/%P.cors" \
    -p flowtuple -p dos -p pcap -p "fault -k $(kill -l "$sig")@$where" "$WORK/t.pcap"
  what="SIG$sig at $where"
  expect_rc "$what" $((128 + $(kill -l "$sig"))) "$rc"
  says "$what" "stopped by signal $(kill -l "$sig")"
}

# finalised WHAT PACKETS: every output readable, PACKETS counted and written
# (dos leaves its file empty when it holds no vector: not after 1 packet)
finalised() {
  readable "$1" "$out/global.cors" "$out/flowtuple.cors"
  [ "$2" -eq 1 ] || readable "$1" "$out/dos.cors"
  local n p
  n=$(packet_count "$out/global.cors")
  p=$(count_packets "$out/pcap.cors")
  [ "$n" = "$2" ] && [ "$p" = "$2" ] && pass "$1: $2 packets counted and written" ||
    fail "$1: global counts '$n', pcap holds '$p', expected $2"
}

for sig in INT TERM; do
  at "$sig" init
  [ ! -e "$out/global.cors" ] && pass "SIG$sig at init: no packet read, no global file" ||
    fail "SIG$sig at init: a global file was written"
  at "$sig" start:1
  finalised "SIG$sig at the first packet" 1
  at "$sig" packet:1000
  finalised "SIG$sig at packet 1000" 1000
  at "$sig" end:2
  # the packet that ended interval 1 is the last one processed
  n=$(packet_count "$out/global.cors")
  finalised "SIG$sig while interval 1 ends" "$n"
  "$CORS2ASCII" "$out/flowtuple.cors" | grep -c '^# CORSARO_INTERVAL_END' >"$WORK/ends" || true
  [ "$(cat "$WORK/ends")" = 3 ] && pass "SIG$sig while interval 1 ends: 3 intervals written" ||
    fail "SIG$sig while interval 1 ends: $(cat "$WORK/ends") intervals written"
  at "$sig" close
  finalised "SIG$sig during finalisation" 3000
done

# waiting for a FIFO's writer at start-up: the interrupted open is no error
mkfifo "$WORK/fifo"
mkdir -p "$WORK/fifo-out"
# (libwandio leaks 4 bytes when the interrupted open() fails: not ours,
# so LeakSanitizer looks away for this one run)
ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
  "$CORSARO" -n t -o "$WORK/fifo-out/%P.cors" -p flowtuple "pcapfile:$WORK/fifo" \
  >"$WORK/out" 2>"$WORK/err" &
pid=$!
sleep 1
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
expect_rc "SIGTERM while opening a FIFO" 143 "$rc"
says "SIGTERM while opening a FIFO" "stopped by signal 15 after 0 packets"
grep -q "cannot" "$WORK/err" && fail "SIGTERM while opening a FIFO: an error message: $(cat "$WORK/err")" ||
  pass "SIGTERM while opening a FIFO: no error message"

# three SIGINTs: out at once, without finalising (README)
out=$WORK/three && mkdir -p "$out"
run_rc rc "$CORSARO" -n t --plugin-path "$FAULT_PLUGINS" -o "$out/%P.cors" \
  -p flowtuple -p "fault -n 3 -k 2@packet:10" "$WORK/t.pcap"
expect_rc "three SIGINTs" 130 "$rc"
says "three SIGINTs" "caught 3 SIGINTs"
finish
