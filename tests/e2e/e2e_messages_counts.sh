#!/usr/bin/env bash
# Reliability II, messages and counts (issue 17, item 16):
# * a pcap whose name contains "flowtuple" is read as a trace (content
#   decides before the name), plain or compressed;
# * the -l warning comes only with -l, and only for traces;
# * -R's message says what it accepts (-1 included);
# * a cut pcap's message carries no errno left over from another call;
# * with -R 1 each global file's ACCEPTEDCNT is the packets of its own
#   interval, counted by tcpdump.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C

START=1320969600
"$SYNTH" -o "$WORK/t.pcap" -n 1000 -d 300 -t "$START" >/dev/null
total=$(tcpdump -n -r "$WORK/t.pcap" 2>/dev/null | wc -l)

# -- a pcap named like a flowtuple file is a trace
cp "$WORK/t.pcap" "$WORK/capture.flowtuple.pcap"
gzip -c "$WORK/t.pcap" >"$WORK/capture.flowtuple.pcap.gz"
for f in capture.flowtuple.pcap capture.flowtuple.pcap.gz; do
  out=$WORK/named-${f%%.*}-$(echo "$f" | tr -c a-z0-9 _) && mkdir -p "$out"
  rc=0
  "$CORSARO" -o "$out/%P.cors" "$WORK/$f" 2>"$WORK/err" || rc=$?
  got=$("$CORS2ASCII" "$out/global.cors" 2>/dev/null | sed -n 's/^# CORSARO_PACKETCNT //p' || true)
  if [ "$rc" -eq 0 ] && [ "$got" = "$total" ]; then
    pass "$f is read as a trace ($got packets)"
  else
    fail "$f: exit $rc, $got packets of $total: $(head -c 400 "$WORK/err")"
  fi
done

# -- the -l warning: none without -l, none for a flowtuple file, one naming
#    the trace with -l
mkdir -p "$WORK/ft" "$WORK/l1" "$WORK/l2" "$WORK/l3"
"$CORSARO" -o "$WORK/ft/%P.cors" "$WORK/t.pcap"
# (a trace and a flowtuple file cannot share a run: one clock per run)
"$CORSARO" -o "$WORK/l1/%P.cors" "$WORK/t.pcap" 2>"$WORK/err1"
"$CORSARO" -o "$WORK/l1/ft.%P.cors" "$WORK/ft/flowtuple.cors" 2>>"$WORK/err1"
if grep -q -- '-l' "$WORK/err1"; then
  fail "without -l, a trace and a flowtuple file: warned: $(cat "$WORK/err1")"
else
  pass "without -l: no -l warning"
fi
"$CORSARO" -l -o "$WORK/l2/%P.cors" "$WORK/ft/flowtuple.cors" 2>"$WORK/err2"
if [ -s "$WORK/err2" ]; then
  fail "-l on a flowtuple file: warned: $(cat "$WORK/err2")"
else
  pass "-l on a flowtuple file: no warning"
fi
"$CORSARO" -l -o "$WORK/l3/%P.cors" "$WORK/t.pcap" 2>"$WORK/err3"
if [ "$(grep -c -- '-l' "$WORK/err3")" -eq 1 ] &&
   grep -q "trace $WORK/t.pcap\$" "$WORK/err3" &&
   ! grep -q "flowtuple.cors" "$WORK/err3"; then
  pass "-l with a trace: one warning, naming the trace"
else
  fail "-l with a trace: $(cat "$WORK/err3")"
fi

# -- -R: the message names every accepted value; -1 is accepted
mkdir -p "$WORK/r"
rc=0
"$CORSARO" -R -2 -o "$WORK/r/%s.%P.cors" "$WORK/t.pcap" 2>"$WORK/err" || rc=$?
if [ "$rc" -eq 2 ] && grep -qF -- "-R needs a number of intervals >= 0 (0 = never), or -1 to follow -r, not '-2'" "$WORK/err"; then
  pass "-R -2: usage error naming >= 0 and -1"
else
  fail "-R -2: exit $rc: $(cat "$WORK/err")"
fi
rc=0
"$CORSARO" -R -1 -o "$WORK/r/%s.%P.cors" "$WORK/t.pcap" 2>"$WORK/err" || rc=$?
[ "$rc" -eq 0 ] && pass "-R -1 accepted" || fail "-R -1: exit $rc: $(cat "$WORK/err")"

# -- a cut pcap: the reason is libtrace's, without a stale errno text
size=$(stat -c %s "$WORK/t.pcap")
head -c $((size / 2 + 7)) "$WORK/t.pcap" >"$WORK/cut.pcap"
head -c 30 "$WORK/t.pcap" >"$WORK/cuthdr.pcap"
for f in cut.pcap:"Incomplete pcap packet body" cuthdr.pcap:"Incomplete pcap packet header"; do
  name=${f%%:*} want=${f#*:}
  mkdir -p "$WORK/c-$name"
  rc=0
  "$CORSARO" -o "$WORK/c-$name/%P.cors" "$WORK/$name" 2>"$WORK/err" || rc=$?
  if [ "$rc" -eq 1 ] &&
     grep -qxF "corsaro: reading $WORK/$name failed: $want (truncated or corrupt trace?)" "$WORK/err"; then
    pass "$name: '$want', no errno text"
  else
    fail "$name: exit $rc: $(cat "$WORK/err")"
  fi
done

# -- ACCEPTEDCNT of each rotated global file = its own interval's packets.
#    tcpdump counts the packets of each 60 s interval from the first one.
mkdir -p "$WORK/rot"
"$CORSARO" -i 60 -r 1 -o "$WORK/rot/%s.%P.cors" "$WORK/t.pcap"
tcpdump -n -tt -r "$WORK/t.pcap" 2>/dev/null |
  awk -v s="$START" '{n[int((int($1) - s) / 60)]++} END {for (i in n) print i, n[i]}' |
  sort -n >"$WORK/want"
: >"$WORK/got"
for g in "$WORK"/rot/*.global.cors; do
  "$CORS2ASCII" "$g" | awk '/^# CORSARO_INTERVAL_START/ {i = $3}
                             /^# CORSARO_ACCEPTEDCNT/ {print i, $3}' >>"$WORK/got"
done
sort -n -o "$WORK/got" "$WORK/got"
if [ "$(wc -l <"$WORK/want")" -ge 5 ] && cmp -s "$WORK/want" "$WORK/got"; then
  pass "-r 1: each global file's ACCEPTEDCNT = its interval's packets ($(tr '\n' ' ' <"$WORK/got"))"
else
  fail "-r 1: ACCEPTEDCNT per file: $(diff "$WORK/want" "$WORK/got" | tr '\n' ' ')"
fi
finish
