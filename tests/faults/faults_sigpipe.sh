#!/usr/bin/env bash
# `cors2ascii FILE | head`: the reader goes away, cors2ascii's writes fail
# with EPIPE (it ignores SIGPIPE). It stops reading and exits 0 without a
# word: the reader chose to stop, nothing was lost that anyone wanted.
. "$(dirname "$0")/common.sh"

# several MiB of text: more than the pipe and cors2ascii's buffer hold
"$SYNTH" -s 5 -m unique -n 60000 -d 120 -o "$WORK/t.pcap"
mkdir -p "$WORK/o"
"$CORSARO" -n t -o "$WORK/o/%P.cors.gz" -p flowtuple -p dos "$WORK/t.pcap"

for f in flowtuple global; do
  rc_file=$WORK/rc-$f
  # the exit status of cors2ascii itself, whatever head does
  { "$CORS2ASCII" "$WORK/o/$f.cors.gz" 2>"$WORK/err-$f"; echo $? >"$rc_file"; } | head -n 1 >/dev/null
  rc=$(cat "$rc_file")
  [ "$rc" -eq 0 ] && pass "$f | head: cors2ascii exits 0" || fail "$f | head: exit $rc"
  [ ! -s "$WORK/err-$f" ] && pass "$f | head: nothing on stderr" ||
    fail "$f | head: stderr says: $(head -c 300 "$WORK/err-$f")"
done

# a real write error on standard output is still one
if [ -w /dev/full ]; then
  rc=0
  "$CORS2ASCII" "$WORK/o/flowtuple.cors.gz" >/dev/full 2>"$WORK/err" || rc=$?
  [ "$rc" -eq 1 ] && pass "stdout on a full disk: exit 1" || fail "stdout on a full disk: exit $rc"
  grep -q "No space left on device" "$WORK/err" && pass "stdout on a full disk: says so" ||
    fail "stdout on a full disk: $(head -c 300 "$WORK/err")"
fi
finish
