#!/usr/bin/env bash
# A cors-synth trace through flowtuple and dos: the packets counted in each
# flowtuple class, the global packet count and the dos targets agree with
# what the generator says it made (its --summary), and a SIXT run prints
# the same tuples as a SIXU run.
. "$(dirname "$0")/lib.sh"

"$SYNTH" -s 7 -n 50000 -d 900 -o "$WORK/t.pcap" --summary "$WORK/s.txt"
value() { awk -v k="$1" '$1 == k {print $2}' "$WORK/s.txt"; }

mkdir -p "$WORK/u" "$WORK/t"
"$CORSARO" -n t -o "$WORK/u/%P.cors" -p flowtuple -p dos "$WORK/t.pcap"
"$CORS2ASCII" "$WORK/u/flowtuple.cors" >"$WORK/u.txt"

# packets per class: the counts after ',' summed under each START line
awk '/^START / {cls = $2; next}
     /^END / || /^#/ {next}
     {split($0, f, ","); sum[cls] += f[2]}
     END {for (c in sum) print c, sum[c]}' "$WORK/u.txt" >"$WORK/classes"
for cls in backscatter icmpreq other; do
  got=$(awk -v c="flowtuple_$cls" '$1 == c {print $2}' "$WORK/classes")
  want=$(value "$cls")
  [ "${got:-0}" = "$want" ] && pass "$cls: $want packets" ||
    fail "$cls: flowtuple counted ${got:-0}, cors-synth made $want"
done

"$CORS2ASCII" "$WORK/u/global.cors" >"$WORK/g.txt"
got=$(sed -n 's/^# CORSARO_PACKETCNT //p' "$WORK/g.txt")
[ "$got" = "$(value packets)" ] && pass "global packet count $got" ||
  fail "global counted $got packets, cors-synth made $(value packets)"

# every dos target is one of the generator's victims, with no more packets
# than that victim sent
"$CORS2ASCII" "$WORK/u/dos.cors" | awk -F, 'NF > 10 {print $1, $6}' >"$WORK/vectors"
[ -s "$WORK/vectors" ] && pass "dos reported $(wc -l <"$WORK/vectors") vectors" ||
  fail "dos reported no attack vector"
while read -r target packets; do
  sent=$(awk -v t="$target" '$1 == "victim" && $2 == t {print $3}' "$WORK/s.txt")
  if [ -n "$sent" ] && [ "$packets" -le "$sent" ]; then
    pass "dos target $target ($packets of $sent packets)"
  else
    fail "dos target $target with $packets packets is not a victim cors-synth made (sent: ${sent:-none})"
  fi
done <"$WORK/vectors"

# SIXT: only 3 destination octets stored; read back with the /8 octet the
# lines equal the SIXU run's (the darknet is 44.0.0.0/8)
"$CORSARO" -n t -o "$WORK/t/%P.cors" -p "flowtuple -8 44" "$WORK/t.pcap"
head -c 18 "$WORK/t/flowtuple.cors" | tail -c 4 | grep -q SIXT && pass "SIXT magic written" ||
  fail "SIXT magic missing"
CORSARO_FLOWTUPLE_SLASH_EIGHT=44 "$CORS2ASCII" "$WORK/t/flowtuple.cors" >"$WORK/t.txt"
cmp -s "$WORK/u.txt" "$WORK/t.txt" && pass "SIXT reads back as the SIXU tuples" ||
  fail "SIXT text differs: $(diff "$WORK/u.txt" "$WORK/t.txt" | head -4)"
finish
