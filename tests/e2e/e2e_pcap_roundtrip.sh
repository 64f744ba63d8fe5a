#!/usr/bin/env bash
# The pcap plugin writes the same packets it reads (tcpdump decodes both),
# plain and compressed, and rotates with -r.
. "$(dirname "$0")/lib.sh"

same_packets() { # what input output
  tcpdump -nn -tt -xx -r "$2" >"$WORK/a.txt" 2>/dev/null
  tcpdump -nn -tt -xx -r "$3" >"$WORK/b.txt" 2>/dev/null
  if [ -s "$WORK/a.txt" ] && cmp -s "$WORK/a.txt" "$WORK/b.txt"; then
    pass "$1: $(count_packets "$2") packets identical"
  else
    fail "$1: pcap output differs from the input"
  fi
}

"$SYNTH" -s 3 -n 3000 -d 300 -o "$WORK/in.pcap"
mkdir -p "$WORK/plain"
"$CORSARO" -n t -o "$WORK/plain/%P.cors" -p pcap "$WORK/in.pcap"
same_packets "synthetic, plain" "$WORK/in.pcap" "$WORK/plain/pcap.cors"

mkdir -p "$WORK/gz"
"$CORSARO" -n t -o "$WORK/gz/%P.cors.gz" -p pcap "$WORK/in.pcap"
gzip -t "$WORK/gz/pcap.cors.gz" && pass "gz output is gzip" || fail "gz output is not gzip"
gzip -dc "$WORK/gz/pcap.cors.gz" >"$WORK/gz.pcap"
same_packets "synthetic, gzip" "$WORK/in.pcap" "$WORK/gz.pcap"

# -r 2 with 60 s intervals over 300 s: a new file every 2 intervals
mkdir -p "$WORK/rot"
"$CORSARO" -n t -o "$WORK/rot/%s.%P.cors" -r 2 -p pcap "$WORK/in.pcap"
n=$(ls "$WORK/rot" | grep -c 'pcap.cors$')
[ "$n" -ge 3 ] && pass "rotation made $n pcap files" || fail "rotation made $n pcap files"
cat "$WORK/rot"/*.pcap.cors >/dev/null
total=0
for f in "$WORK"/rot/*.pcap.cors; do
  total=$((total + $(count_packets "$f")))
done
want=$(count_packets "$WORK/in.pcap")
[ "$total" -eq "$want" ] && pass "rotated files hold all $want packets" ||
  fail "rotated files hold $total packets, expected $want"

if [ -n "$SHARED" ] && [ -d "$SHARED/traces" ]; then
  for t in tcpreplay-test.pcap libtrace-vlan.pcap pcaphunt-icmp-scan.pcap; do
    mkdir -p "$WORK/s-$t"
    "$CORSARO" -n t -o "$WORK/s-$t/%P.cors" -p pcap "$SHARED/traces/$t"
    same_packets "$t" "$SHARED/traces/$t" "$WORK/s-$t/pcap.cors"
  done
else
  echo "note: shared traces absent, checked synthetic traces only"
fi
finish
