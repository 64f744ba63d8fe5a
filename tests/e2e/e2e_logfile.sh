#!/usr/bin/env bash
# Reliability II (issue 17, item 17): the log file says what happened.
# Every line is "[HH:MM:SS:mmm] function: message" (SPEC 1.2); the log holds
# the start-up configuration, each output file opened and closed (the
# closed size equal to the file's size on disk), every warning and error
# with the text stderr shows, and a summary whose counts agree with
# tcpdump and cors2ascii. Rotated logs each say their part; -L writes
# none and keeps stderr free of these records.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C

START=1320969600
"$SYNTH" -o "$WORK/t.pcap" -n 1000 -d 300 -t "$START" >/dev/null
total=$(tcpdump -n -r "$WORK/t.pcap" 2>/dev/null | wc -l)
LINE_RE='^\[[0-9]{2}:[0-9]{2}:[0-9]{2}:[0-9]{3}\] [A-Za-z_0-9]+: .'

# has WHAT FILE FIXED-TEXT
has() {
  if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1: $(basename "$2") lacks '$3'"; fi
}

# -- one log: no time field in the template, so one log file for the run
out=$WORK/one && mkdir -p "$out"
"$CORSARO" -n mon -o "$out/%P.cors" -p "flowtuple -s" -p pcap "$WORK/t.pcap" 2>"$WORK/err1"
log=$out/log.cors
[ -s "$log" ] && pass "the log is not empty" || fail "the log is empty"
bad=$(grep -cvE "$LINE_RE" "$log" || true)
[ "$bad" -eq 0 ] && pass "every log line has v2's form" ||
  fail "$bad log line(s) not in v2's form: $(grep -vE "$LINE_RE" "$log" | head -n 3)"
has "configuration: template" "$log" "template '$out/%P.cors'"
has "configuration: monitor" "$log" "monitor 'mon'"
has "configuration: interval" "$log" "interval: 60 s"
has "configuration: mode" "$log" "mode: binary, compression: none"
has "configuration: flowtuple and its options" "$log" "plugin 1 of 2: flowtuple ("
has "configuration: flowtuple's options" "$log" "options: -s"
has "configuration: pcap" "$log" "plugin 2 of 2: pcap ("
has "the input" "$log" "input 1 of 1: $WORK/t.pcap (trace)"
for f in global pcap; do
  has "$f opened" "$log" "opened $out/$f.cors"
  size=$(stat -c %s "$out/$f.cors")
  has "$f closed with its size" "$log" "closed $out/$f.cors ($size bytes)"
done
has "the log itself opened" "$log" "opened $log"
intervals=$("$CORS2ASCII" "$out/global.cors" | grep -c '^# CORSARO_INTERVAL_END')
files=$(ls "$out" | wc -l)
sum=$(grep -F 'summary: ' "$log" || true)
if [[ $sum =~ summary:\ ([0-9]+)\ packets,\ ([0-9]+)\ intervals,\ ([0-9]+)\ files\ written.*wall\ time\ [0-9.]+\ s ]] &&
   [ "${BASH_REMATCH[1]}" = "$total" ] && [ "${BASH_REMATCH[2]}" = "$intervals" ] &&
   [ "${BASH_REMATCH[3]}" = "$files" ]; then
  pass "summary: $total packets, $intervals intervals, $files files, wall time"
else
  fail "summary '$sum', expected $total packets, $intervals intervals, $files files"
fi
[ ! -s "$WORK/err1" ] && pass "a clean run prints nothing on stderr" ||
  fail "a clean run printed: $(head -c 300 "$WORK/err1")"

# -- a warning and an error: the same text on stderr and in the log
out=$WORK/bad && mkdir -p "$out"
size=$(stat -c %s "$WORK/t.pcap")
head -c $((size / 2)) "$WORK/t.pcap" >"$WORK/cut.pcap"
rc=0
"$CORSARO" -l -o "$out/%P.cors" "$WORK/t.pcap" "$WORK/cut.pcap" 2>"$WORK/err2" || rc=$?
[ "$rc" -eq 1 ] && pass "cut second input: exit 1" || fail "cut second input: exit $rc"
n=0
while IFS= read -r line; do
  msg=${line#corsaro: }
  n=$((n + 1))
  has "stderr line $n is in the log" "$out/log.cors" ": $msg"
done <"$WORK/err2"
[ "$n" -ge 3 ] && pass "stderr had $n lines (2 warnings, 1 error)" ||
  fail "stderr had $n lines: $(cat "$WORK/err2")"
has "summary counts the warnings and the error" "$out/log.cors" "2 warning(s), 1 error(s)"

# -- an error the library sets before the log opens (a plugin refusing its
#    options): stderr has it once, and the held log records stay unprinted
out=$WORK/refused && mkdir -p "$out"
rc=0
"$CORSARO" -o "$out/%P.cors" -p "flowtuple -x" "$WORK/t.pcap" 2>"$WORK/err3" || rc=$?
[ "$rc" -eq 1 ] && [ "$(grep -c 'unknown option -x' "$WORK/err3")" -eq 1 ] &&
  ! grep -qE "$LINE_RE" "$WORK/err3" && [ -z "$(ls "$out")" ] &&
  pass "refused options: the error once on stderr, no held log lines, no files" ||
  fail "refused options: exit $rc: $(cat "$WORK/err3")"

# -- rotated logs: -r 1 gives one log per interval, each says its part
out=$WORK/rot && mkdir -p "$out"
"$CORSARO" -i 60 -r 1 -o "$out/%s.%P.cors" -p flowtuple -p dos "$WORK/t.pcap"
logs=$(ls "$out"/*.log.cors | wc -l)
empty=0
for l in "$out"/*.log.cors; do
  [ -s "$l" ] || empty=$((empty + 1))
  g=${l%.log.cors}.global.cors
  has "$(basename "$l") opens its global file" "$l" "opened $g"
  has "$(basename "$l") closes its global file" "$l" "closed $g ($(stat -c %s "$g") bytes)"
done
[ "$logs" -ge 5 ] && [ "$empty" -eq 0 ] && pass "$logs rotated logs, none empty" ||
  fail "$logs rotated logs, $empty empty"
last=$(ls "$out"/*.log.cors | tail -n 1)
has "the last rotated log has the summary" "$last" "summary: $total packets"
has "the first rotated log has the configuration" "$(ls "$out"/*.log.cors | head -n 1)" \
  "rotation: plugin files every 1 interval, global and log files every 1 interval"

# -- -L: no log file, and its records do not spill onto stderr
out=$WORK/nolog && mkdir -p "$out"
"$CORSARO" -L -o "$out/%P.cors" "$WORK/t.pcap" 2>"$WORK/err4"
[ ! -e "$out/log.cors" ] && [ ! -s "$WORK/err4" ] && pass "-L: no log, quiet stderr" ||
  fail "-L: $(ls "$out"), stderr: $(head -c 300 "$WORK/err4")"
finish
