#!/usr/bin/env bash
# A full disk under each output in turn (the file is a symlink to
# /dev/full, whose writes fail with ENOSPC): corsaro names the file, exits
# 1, and every other output is finalised and readable. Compressed outputs
# too: the compressor runs on a thread whose errors must not be lost.
. "$(dirname "$0")/common.sh"

if [ ! -w /dev/full ]; then
  echo "SKIP: /dev/full is not there"
  exit 77
fi
"$SYNTH" -s 3 -n 3000 -d 400 -o "$WORK/t.pcap"

# full KIND SUFFIX: the KIND output is on a full disk
full() {
  # (no ".gz" in the directory name: the log's name is cut there, SPEC 1.4)
  local kind=$1 sfx=$2 out=$WORK/full-$1${2#.} k
  mkdir -p "$out"
  ln -s /dev/full "$out/$kind.cors$sfx"
  # the fault plugin's -l writes log lines, so the log has bytes to lose
  run_rc rc "$CORSARO" -n t -i 60 --plugin-path "$FAULT_PLUGINS" -o "$out/%P.cors$sfx" \
    -p flowtuple -p dos -p pcap -p "fault -l" "$WORK/t.pcap"
  expect_rc "full disk under $kind$sfx" 1 "$rc"
  says "full disk under $kind$sfx" "writing $out/$kind.cors$sfx failed: No space left on device"
  for k in global flowtuple dos; do
    [ "$k" = "$kind" ] || readable "full disk under $kind$sfx" "$out/$k.cors$sfx"
  done
  if [ "$kind" != pcap ]; then
    local n
    n=$(count_packets "$out/pcap.cors$sfx")
    [ -n "$n" ] && [ "$n" -gt 0 ] && pass "full disk under $kind$sfx: pcap readable ($n packets)" ||
      fail "full disk under $kind$sfx: pcap not readable"
  fi
}
for kind in global log flowtuple dos pcap; do
  full "$kind" ""
done
for kind in global flowtuple dos pcap; do
  full "$kind" .gz
done
finish
