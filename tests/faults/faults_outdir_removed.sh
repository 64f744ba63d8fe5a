#!/usr/bin/env bash
# The output directory is removed in the middle of a run. On Linux the
# files already open can still be written (into inodes no name points
# at), so corsaro notices when it closes them (no link left) and exits 1
# naming the file; with -r, closing the previous files or opening the next
# ones fails at the next rotation, with a message naming the file. The trace comes through a FIFO that pauses half-way,
# so the directory is removed mid-run whatever the machine's speed.
. "$(dirname "$0")/common.sh"

"$SYNTH" -s 9 -n 200000 -d 600 -o "$WORK/in.pcap"
size=$(stat -c %s "$WORK/in.pcap")
half=$((size / 2))

# removed_mid_run NAME corsaro-options...: runs corsaro on the FIFO and
# removes $out while the writer pauses
removed_mid_run() {
  local name=$1; shift
  out=$WORK/$name && mkdir -p "$out"
  local fifo=$WORK/fifo-$name && mkfifo "$fifo"
  ( head -c "$half" "$WORK/in.pcap"; sleep 3; tail -c +$((half + 1)) "$WORK/in.pcap" ) >"$fifo" &
  local writer=$!
  "$CORSARO" -n t "$@" "pcapfile:$fifo" >"$WORK/out" 2>"$WORK/err" &
  local pid=$!
  # once corsaro has its files open (the global file opens at the first
  # packet), while the writer pauses
  local i=0
  while [ -z "$(ls -A "$out" 2>/dev/null | grep global)" ] && [ $i -lt 100 ]; do
    sleep 0.1; i=$((i + 1))
  done
  sleep 0.5
  rm -rf "$out"
  rc=0
  wait "$pid" || rc=$?
  wait "$writer" 2>/dev/null || true
}

removed_mid_run plain -o "$WORK/plain/%P.cors" -p flowtuple -p dos -p pcap
expect_rc "directory removed" 1 "$rc"
says "directory removed" "was removed while corsaro wrote it"
[ ! -e "$WORK/plain" ] && pass "directory removed: nothing was recreated" ||
  fail "directory removed: $(ls "$WORK/plain")"

removed_mid_run rotating -i 60 -r 1 -o "$WORK/rotating/%s.%P.cors" -p flowtuple -p pcap
expect_rc "directory removed, -r 1" 1 "$rc"
# whichever comes first: closing a file written into the removed directory,
# or opening the next one there
says "directory removed, -r 1" "$WORK/rotating/"
grep -qE "was removed while corsaro wrote it|No such file or directory" "$WORK/err" &&
  pass "directory removed, -r 1: says why" || fail "directory removed, -r 1: $(cat "$WORK/err")"
finish
