#!/usr/bin/env bash
# A plugin whose init fails, or whose callback returns an error at some
# point: the host names the plugin, ends the interval and closes every
# file cleanly (the other plugins' files stay readable), and exits 1.
. "$(dirname "$0")/common.sh"

"$SYNTH" -s 3 -n 3000 -d 400 -o "$WORK/t.pcap"
out=$WORK/o
# the fault plugin runs between flowtuple and dos, so a failure there
# skips the plugins after it for that call
run() {
  rm -rf "$out" && mkdir -p "$out"
  run_rc rc "$CORSARO" -n t -i 60 --plugin-path "$FAULT_PLUGINS" -o "$out/%P.cors" \
    -p flowtuple -p "fault $1" -p dos -p pcap "$WORK/t.pcap"
}
# all_readable WHAT GLOBAL_COUNT [PCAP_COUNT]: pcap runs after the fault
# plugin, so the packet it failed on never reaches pcap
all_readable() {
  readable "$1" "$out/global.cors" "$out/flowtuple.cors" "$out/dos.cors"
  local g p want=${3:-$2}
  g=$(packet_count "$out/global.cors")
  p=$(count_packets "$out/pcap.cors")
  [ "$g" = "$2" ] && pass "$1: global counts $2 packets" || fail "$1: global counts '$g', expected $2"
  [ "$p" = "$want" ] && pass "$1: pcap holds $want packets" || fail "$1: pcap holds '$p', expected $want"
}

run -i
expect_rc "init fails" 1 "$rc"
says "init fails" "plugin fault failed to initialise"
[ -z "$(ls -A "$out")" ] && pass "init fails: no file written" || fail "init fails: files: $(ls "$out")"

run "-p 1000"
expect_rc "packet 1000 fails" 1 "$rc"
says "packet 1000 fails" "plugin fault failed on packet 1000"
all_readable "packet 1000 fails" 1000 999

run "-e 2"
expect_rc "2nd interval end fails" 1 "$rc"
says "2nd interval end fails" "plugin fault failed to end interval 1"
n=$(packet_count "$out/global.cors")
all_readable "2nd interval end fails" "$n"
# every plugin wrote both intervals, the one that failed included
"$CORS2ASCII" "$out/flowtuple.cors" | grep -c '^# CORSARO_INTERVAL_END' >"$WORK/ends"
[ "$(cat "$WORK/ends")" = 2 ] && pass "2nd interval end fails: flowtuple has both intervals" ||
  fail "2nd interval end fails: flowtuple has $(cat "$WORK/ends") intervals"
"$CORS2ASCII" "$out/dos.cors" | grep -c '^# CORSARO_INTERVAL_END' >"$WORK/ends"
[ "$(cat "$WORK/ends")" = 1 ] && pass "2nd interval end fails: dos wrote its last report" ||
  fail "2nd interval end fails: dos has $(cat "$WORK/ends") reports"

run "-s 3"
expect_rc "3rd interval start fails" 1 "$rc"
says "3rd interval start fails" "plugin fault failed to start interval 2"
all_readable "3rd interval start fails" "$(packet_count "$out/global.cors")"

run "-c"
expect_rc "close fails" 1 "$rc"
says "close fails" "plugin fault failed to close its output"
all_readable "close fails" 3000
finish
