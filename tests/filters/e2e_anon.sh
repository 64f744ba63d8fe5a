#!/usr/bin/env bash
# anon in front of pcap and flowtuple, on a cors-synth trace, checked by an
# independent pcap reader (filttest_pcap_check): every checksum still
# verifies; addresses map one-to-one and consistently, the ICMP-quoted
# header included, with -s, -d and both; the hex key gives the published
# Crypto-PAn mapping; -t prefix gives (prefix & mask) | (ip & ~mask);
# re-processing a flowtuple file anonymises both addresses.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/filters_lib.sh"

# The Crypto-PAn reference's sample key; it maps 24.0.250.221 to
# 100.15.198.226, so (prefixes are preserved) all of 24.0.0.0/16 lands in
# 100.15.0.0/16.
KEY=1522178d33a4cf80130a5b1649907d10d8988f837979652762574c2d2a842202
T=$WORK/t.pcap
"$SYNTH" -s 13 -n 20000 -d 180 -p 24.0.0.0/16 -o "$T"
"$PCAP_CHECK" sums "$T" >"$WORK/sums0.txt"
"$PCAP_CHECK" addrs "$T" >"$WORK/addrs0.txt"
val() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
[ "$(val "$WORK/sums0.txt" quoted)" -gt 0 ] || fail "no ICMP error in the trace: test is void"

anon_pcap() { # anon_pcap NAME ANON-ARGS: runs anon + pcap, checks sums
  local o
  o=$(fresh "$1")
  "$CORSARO" -n t -o "$o/%P.cors" -p "anon $2" -p pcap "$T"
  "$PCAP_CHECK" sums "$o/pcap.cors" >"$WORK/$1.sums"
  "$PCAP_CHECK" addrs "$o/pcap.cors" >"$WORK/$1.addrs"
  local bad=0
  for k in ip_bad tcp_bad udp_bad icmp_bad quoted_ip_bad; do
    bad=$((bad + $(val "$WORK/$1.sums" $k)))
  done
  check_eq "$1: checksums that fail" "$bad" 0
  for k in ip_ok tcp_ok udp_ok icmp_ok quoted_ip_ok udp_none; do
    [ "$(val "$WORK/$1.sums" $k)" = "$(val "$WORK/sums0.txt" $k)" ] ||
      fail "$1: $k $(val "$WORK/$1.sums" $k), original $(val "$WORK/sums0.txt" $k)"
  done
}

# mapping_check NAME MAPPED: MAPPED lists which of the four positions
# (src dst quoted-src quoted-dst) must change ("1 1 1 1" = all). Every
# address must map the same way everywhere and no two addresses may meet.
mapping_check() {
  local name=$1 mapped=$2
  paste -d'|' "$WORK/addrs0.txt" "$WORK/$name.addrs" | awk -F'|' -v mapped="$mapped" '
    BEGIN { split(mapped, want, " ") }
    {
      n = split($1, o, " "); m = split($2, a, " ")
      if (n != m) { print "line " NR ": field count " n " vs " m; bad++; next }
      if (o[1] == "-") next
      for (i = 1; i <= n; i++) {
        if (!want[i]) {
          if (o[i] != a[i]) { print "line " NR ": position " i " changed"; bad++ }
          continue
        }
        if ((o[i] in fwd) && fwd[o[i]] != a[i]) { print "line " NR ": " o[i] " maps to two"; bad++ }
        if ((a[i] in back) && back[a[i]] != o[i]) { print "line " NR ": " a[i] " has two sources"; bad++ }
        fwd[o[i]] = a[i]; back[a[i]] = o[i]
        if (o[i] == a[i]) same++
        total++
      }
    }
    END {
      if (total == 0) { print "nothing was mapped"; bad++ }
      if (same * 10 > total) { print same " of " total " addresses unchanged"; bad++ }
      exit bad > 0
    }' >"$WORK/$name.map" &&
    pass "$name: addresses map consistently ($mapped)" ||
    fail "$name: $(head -5 "$WORK/$name.map")"
}

anon_pcap both "-s -d -x $KEY"
mapping_check both "1 1 1 1"
outside=$(awk '$1 != "-" && $2 !~ /^100\.15\./' "$WORK/both.addrs" | wc -l)
check_eq "published key: every 24.0/16 destination lands in 100.15/16" "$outside" 0

anon_pcap src "-s -x $KEY"
mapping_check src "1 0 0 1" # the quoted packet's destination is the far side
anon_pcap dst "-d -x $KEY"
mapping_check dst "0 1 1 0" # the quoted packet's source is the telescope

# the same key as text and as hex give the same result when it is text
anon_pcap text "-s -d my-secret-key"
mapping_check text "1 1 1 1"
hexkey=$(printf %s my-secret-key | od -An -tx1 | tr -d ' \n')
anon_pcap texthex "-s -d -x $hexkey"
cmp -s "$WORK/text.addrs" "$WORK/texthex.addrs" && pass "text key = its hex form" ||
  fail "text key and its hex form differ"
cmp -s "$WORK/text.addrs" "$WORK/both.addrs" && fail "two keys gave the same mapping" ||
  pass "another key, another mapping"

# -t prefix: 10.0.0.0/8 replaces the first octet of destinations
anon_pcap prefix "-d -t prefix 10.0.0.0/8"
paste -d'|' "$WORK/addrs0.txt" "$WORK/prefix.addrs" | awk -F'|' '
  { n = split($1, o, " "); split($2, a, " ")
    if (o[1] == "-") next
    split(o[2], d, "."); want = "10." d[2] "." d[3] "." d[4]
    if (a[1] != o[1] || a[2] != want) { print NR ": " $0; bad++ }
    if (n == 4) { split(o[3], q, "."); if (a[3] != "10." q[2] "." q[3] "." q[4] || a[4] != o[4]) { print NR ": " $0; bad++ } } }
  END { exit bad > 0 }' >"$WORK/prefix.bad" && pass "-t prefix: (prefix & mask) | (ip & ~mask)" ||
  fail "-t prefix: $(head -3 "$WORK/prefix.bad")"

# re-processing anonymises both addresses of every tuple, whatever -s/-d
d=$(fresh direct)
"$CORSARO" -n t -o "$d/%P.cors" -p "anon -s -d -x $KEY" -p flowtuple "$T"
p=$(fresh plain)
"$CORSARO" -n t -o "$p/%P.cors" -p flowtuple "$T"
r=$(fresh re)
"$CORSARO" -n t -o "$r/%P.cors" -p "anon -s -x $KEY" -p flowtuple "$p/flowtuple.cors"
"$CORS2ASCII" "$d/flowtuple.cors" >"$WORK/direct.txt"
"$CORS2ASCII" "$r/flowtuple.cors" >"$WORK/re.txt"
cmp -s "$WORK/direct.txt" "$WORK/re.txt" &&
  pass "re-processing: same tuples as anonymising the packets (-s -d)" ||
  fail "re-processing differs: $(diff "$WORK/direct.txt" "$WORK/re.txt" | head -4)"
finish
