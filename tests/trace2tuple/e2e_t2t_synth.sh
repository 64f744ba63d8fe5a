#!/usr/bin/env bash
# cors-trace2tuple on cors-synth traces (no shared folder needed): lines
# equal the test's own decoder field by field (fragments, GRE, IP options,
# IPv6 and ARP skipped...), compressed input, several URIs with their
# Grand total, a URI that cannot be opened (reported, skipped, exit 1), a
# truncated trace, filters that do not compile, usage errors.
. "$(dirname "$0")/t2t_lib.sh"

"$SYNTH" -s 31 -n 20000 -d 300 -m telescope -o "$WORK/a.pcap"
"$SYNTH" -s 32 -n 5000 -d 100 -m unique -o "$WORK/b.pcap.gz"
zcat "$WORK/b.pcap.gz" >"$WORK/b.pcap"
"$DECODE" "$WORK/a.pcap" >"$WORK/a.want"
"$DECODE" "$WORK/b.pcap" >"$WORK/b.want"
ta=$("$DECODE" -t "$WORK/a.pcap")
tb=$("$DECODE" -t "$WORK/b.pcap")

"$T2T" "$WORK/a.pcap" >"$WORK/got" 2>"$WORK/err" || fail "telescope: exit non-zero"
same_lines "telescope trace" "$WORK/a.want" "$WORK/got"
[ "$(total_of "$WORK/err")" = "$ta" ] && pass "telescope: Total $ta" ||
  fail "telescope: Total '$(total_of "$WORK/err")', expected '$ta'"
grep -q '^Accepted packets: '"${ta% *}"'$' "$WORK/err" &&
  pass "libtrace's accepted count is shown" || fail "no 'Accepted packets: ${ta% *}' line"
grep -q 'Grand total' "$WORK/err" && fail "one URI: a Grand total?" ||
  pass "one URI: no Grand total"
frag=$(awk -F'\t' '$4 == 0 && $5 == 0 && ($6 == 6 || $6 == 17)' "$WORK/a.want" | wc -l)
[ "$frag" -gt 0 ] && pass "the trace has port-less TCP/UDP packets (fragments): $frag" ||
  fail "no fragment in the telescope trace: the port rules are not exercised"

# compressed input, read directly
"$T2T" "$WORK/b.pcap.gz" >"$WORK/got" 2>/dev/null || fail "gzip trace: exit non-zero"
same_lines "gzip trace" "$WORK/b.want" "$WORK/got"

# two URIs and a filter: per-trace tables, then the Grand total
"$T2T" -f udp "$WORK/a.pcap" "$WORK/b.pcap.gz" >"$WORK/got" 2>"$WORK/err" ||
  fail "two URIs: exit non-zero"
cat "$WORK/a.want" "$WORK/b.want" | awk -F'\t' '$6 == 17' >"$WORK/want"
same_lines "two URIs, -f udp" "$WORK/want" "$WORK/got"
sed -n '/^Grand total:$/,$p' "$WORK/err" >"$WORK/grand"
want_total="$(( ${ta% *} + ${tb% *} )) $(( ${ta#* } + ${tb#* } ))"
[ "$(total_of "$WORK/grand")" = "$want_total" ] && pass "Grand total $want_total" ||
  fail "Grand total '$(total_of "$WORK/grand")', expected '$want_total' ($(cat "$WORK/grand"))"
# the filter counts every packet it matches, IPv6 ones too (only IPv4
# packets have lines): count them with tcpdump, libpcap's own reader
if command -v tcpdump >/dev/null; then
  tcpdump -nn -r "$WORK/a.pcap" -w "$WORK/a.udp" udp 2>/dev/null
  tcpdump -nn -r "$WORK/b.pcap" -w "$WORK/b.udp" udp 2>/dev/null
  ua=$("$DECODE" -t "$WORK/a.udp")
  ub=$("$DECODE" -t "$WORK/b.udp")
  udp_n=$(( ${ua% *} + ${ub% *} ))
  row=$(filter_row "$WORK/grand" udp)
  [ "${row%% *}" = "$udp_n" ] && pass "Grand total: udp matched $udp_n" ||
    fail "Grand total udp row '$row', expected $udp_n packets"
else
  echo "note: tcpdump is not installed: the Grand total filter row is not checked"
fi
grep -qxF "$WORK/a.pcap:" "$WORK/err" && grep -qxF "$WORK/b.pcap.gz:" "$WORK/err" &&
  pass "each trace's stderr section starts with '<uri>:'" || fail "missing '<uri>:' headers"

# a URI that cannot be opened: reported, skipped, the rest done, exit 1
rc=0
"$T2T" "$WORK/a.pcap" "$WORK/none.pcap" "$WORK/b.pcap" >"$WORK/got" 2>"$WORK/err" || rc=$?
[ "$rc" -eq 1 ] && pass "missing URI: exit 1" || fail "missing URI: exit $rc, expected 1"
grep -qF "$WORK/none.pcap: cannot open: No such file or directory" "$WORK/err" &&
  pass "missing URI: named with the reason" || fail "missing URI: $(cat "$WORK/err")"
cat "$WORK/a.want" "$WORK/b.want" >"$WORK/want"
same_lines "missing URI: the other traces still printed" "$WORK/want" "$WORK/got"

# a truncated trace: what was read is printed, the error named, exit 1
head -c 300000 "$WORK/a.pcap" >"$WORK/cut.pcap"
"$DECODE" "$WORK/cut.pcap" >"$WORK/want"
rc=0
"$T2T" "$WORK/cut.pcap" >"$WORK/got" 2>"$WORK/err" || rc=$?
[ "$rc" -eq 1 ] && grep -qF "$WORK/cut.pcap: reading packets failed" "$WORK/err" &&
  pass "truncated trace: exit 1, error named" || fail "truncated trace: exit $rc: $(cat "$WORK/err")"
same_lines "truncated trace: the packets before the cut" "$WORK/want" "$WORK/got"

# filters are checked before anything is read
rc=0
"$T2T" -f tcp -f "tcp port" "$WORK/a.pcap" >"$WORK/got" 2>"$WORK/err" || rc=$?
if [ "$rc" -eq 2 ] && grep -qF -- "-f 'tcp port': the BPF filter does not compile" "$WORK/err" &&
  [ ! -s "$WORK/got" ]; then
  pass "bad filter: refused at start-up (exit 2, nothing printed)"
else
  fail "bad filter: exit $rc, $(head -c 300 "$WORK/err")"
fi

# a failed write (full disk) is reported and fails the run
rc=0
"$T2T" "$WORK/a.pcap" >/dev/full 2>"$WORK/err" || rc=$?
[ "$rc" -eq 1 ] && grep -q 'writing the output failed: No space left on device' "$WORK/err" &&
  pass "full disk: reported, exit 1" || fail "full disk: exit $rc: $(tail -1 "$WORK/err")"

# usage
for args in "" "--bogus $WORK/a.pcap" "-f"; do
  rc=0
  # shellcheck disable=SC2086
  "$T2T" $args >/dev/null 2>"$WORK/err" || rc=$?
  [ "$rc" -eq 2 ] && grep -q "Try 'cors-trace2tuple --help'" "$WORK/err" &&
    pass "usage error '$args': exit 2" || fail "usage error '$args': exit $rc"
done
rc=0
"$T2T" --help >"$WORK/out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] && grep -q '^usage: cors-trace2tuple' "$WORK/out" && pass "--help" ||
  fail "--help: exit $rc"
rc=0
"$T2T" -H >"$WORK/out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] && grep -qi 'pcapfile' "$WORK/out" && pass "-H lists libtrace formats" ||
  fail "-H: exit $rc"
finish
