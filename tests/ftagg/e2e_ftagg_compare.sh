#!/usr/bin/env bash
# cors-ft-aggregate's output equals the test's own computation (ref.awk,
# from cors2ascii's text of the same files) for several -f / -v / -i / -l
# combinations, on plain, gzip-compressed and SIXT (/8) flowtuple files,
# given as arguments, with -F FILE or with -F - (standard input).
. "$(dirname "$0")/ftagg_lib.sh"

ALL="src_ip,dst_ip,src_port,dst_port,protocol,ttl,tcp_flags,ip_len"

# A telescope trace (scans, backscatter, fragments, GRE...): 11 files.
"$SYNTH" -s 21 -n 30000 -d 600 -m telescope -o "$WORK/tel.pcap"
make_flowtuple "$WORK/tel" "$WORK/tel.pcap"
tel=("$WORK"/tel/*.flowtuple.cors)
[ "${#tel[@]}" -ge 10 ] || fail "expected >= 10 flowtuple files, got ${#tel[@]}"
ascii_of "${tel[@]}" >"$WORK/tel.txt"

while IFS='|' read -r i keep val; do
  check_against_reference "telescope -i $i -f {$keep} -v $val" "$WORK/tel.txt" \
    "$i" "$keep" "$val" 0 "${tel[@]}"
done <<'COMBOS'
0||packet_cnt
0|protocol,ttl|packet_cnt
0|src_ip,dst_ip,src_port,dst_port,protocol,ttl,tcp_flags,ip_len|packet_cnt
120|src_ip|dst_ip
-1|dst_port,protocol|src_ip
90|tcp_flags,ip_len|packet_cnt
30|dst_ip|ttl
300|src_port,dst_port|ip_len
-1|protocol|dst_port
COMBOS

# Without -v the value is packet_cnt, said on stderr; with -v, nothing.
"$AGG" -f protocol "${tel[@]}" >"$WORK/got" 2>"$WORK/err"
reference "$WORK/tel.txt" 0 protocol packet_cnt >"$WORK/want"
same_output "no -v: packet counts" "$WORK/want" "$WORK/got"
grep -q '^No value field specified. Defaulting to packet count$' "$WORK/err" &&
  pass "no -v: the default is announced" || fail "no -v: no note on stderr"
"$AGG" -v packet_cnt -f protocol "${tel[@]}" >/dev/null 2>"$WORK/err"
grep -q 'Defaulting' "$WORK/err" && fail "-v packet_cnt: default announced" ||
  pass "-v packet_cnt: no default note"
n=$(grep -c '^processing ' "$WORK/err" || true)
[ "$n" -eq "${#tel[@]}" ] && pass "one 'processing FILE' line per input" ||
  fail "$n 'processing' lines for ${#tel[@]} inputs"

# A trace of a few hundred tuples repeated: counts well above 1.
"$SYNTH" -s 4 -n 40000 -d 400 -m repeat -o "$WORK/rep.pcap"
make_flowtuple "$WORK/rep" "$WORK/rep.pcap"
rep=("$WORK"/rep/*.flowtuple.cors)
ascii_of "${rep[@]}" >"$WORK/rep.txt"
check_against_reference "repeat -i 0 all fields" "$WORK/rep.txt" 0 "$ALL" packet_cnt 0 "${rep[@]}"
check_against_reference "repeat -i 180 -f src_ip -v dst_port" "$WORK/rep.txt" 180 src_ip dst_port 0 "${rep[@]}"

# gzip-compressed inputs give the same output as plain ones.
make_flowtuple "$WORK/gz" "$WORK/tel.pcap" flowtuple .gz
gz=("$WORK"/gz/*.flowtuple.cors.gz)
check_against_reference "gzip inputs, all fields" "$WORK/tel.txt" 0 "$ALL" packet_cnt 0 "${gz[@]}"

# SIXT files (/8 destinations): with the /8 octet given back (44, the
# synthetic darknet), every output equals the SIXU one; and the reference
# of their own text matches too.
make_flowtuple "$WORK/sixt" "$WORK/tel.pcap" "flowtuple -8 44"
sixt=("$WORK"/sixt/*.flowtuple.cors)
if head -c 18 "${sixt[0]}" | tail -c 4 | grep -q SIXT; then
  pass "flowtuple -8 44 writes SIXT files"
else
  fail "flowtuple -8 44 did not write a SIXT file"
fi
export CORSARO_FLOWTUPLE_SLASH_EIGHT=44
"$AGG" -v packet_cnt $(agg_options 0 "$ALL" packet_cnt) "${sixt[@]}" >"$WORK/sixt.out" 2>/dev/null
"$AGG" -v packet_cnt $(agg_options 0 "$ALL" packet_cnt) "${tel[@]}" >"$WORK/sixu.out" 2>/dev/null
same_output "SIXT equals SIXU (all fields)" "$WORK/sixu.out" "$WORK/sixt.out"
ascii_of "${sixt[@]}" >"$WORK/sixt.txt"
check_against_reference "SIXT -i 60 -f dst_ip -v src_ip" "$WORK/sixt.txt" 60 dst_ip src_ip 0 "${sixt[@]}"
unset CORSARO_FLOWTUPLE_SLASH_EIGHT

# -l (legacy end times) on one file holding every interval.
mkdir -p "$WORK/one"
"$CORSARO" -n t -G -L -i 60 -o "$WORK/one/%s.%P.cors" -p flowtuple "$WORK/tel.pcap"
one=("$WORK"/one/*.flowtuple.cors)
ascii_of "${one[@]}" >"$WORK/one.txt"
check_against_reference "-l, one file, -i 0" "$WORK/one.txt" 0 protocol packet_cnt 1 "${one[@]}"
check_against_reference "-l, one file, -i 120" "$WORK/one.txt" 120 ttl packet_cnt 1 "${one[@]}"
check_against_reference "-l, 11 files (every end is a file's last)" "$WORK/tel.txt" 0 protocol packet_cnt 1 "${tel[@]}"
check_against_reference "no -l, one file" "$WORK/one.txt" 0 protocol packet_cnt 0 "${one[@]}"

# -F: lines taken whole (the last one without a newline), blank and
# whitespace-only lines skipped, CRLF line ends accepted; and -F -.
reference "$WORK/tel.txt" 0 "$ALL" packet_cnt >"$WORK/want"
{
  printf '\n'
  for f in "${tel[@]:0:5}"; do printf '%s\n' "$f"; done
  printf '   \n'
  for f in "${tel[@]:5:3}"; do printf '%s\r\n' "$f"; done
  last=$((${#tel[@]} - 1))
  for f in "${tel[@]:8:$((last - 8))}"; do printf '%s\n' "$f"; done
  printf '%s' "${tel[$last]}"
} >"$WORK/list"
"$AGG" $(agg_options 0 "$ALL" packet_cnt) -F "$WORK/list" >"$WORK/got" 2>"$WORK/err" ||
  fail "-F list: exit non-zero: $(tail -2 "$WORK/err")"
same_output "-F list, last line without newline" "$WORK/want" "$WORK/got"
grep -qF "processing ${tel[$last]}" "$WORK/err" &&
  pass "-F: the last line's name is whole" || fail "-F: the last name was cut"
"$AGG" $(agg_options 0 "$ALL" packet_cnt) -F - <"$WORK/list" >"$WORK/got" 2>/dev/null ||
  fail "-F -: exit non-zero"
same_output "-F - (standard input)" "$WORK/want" "$WORK/got"
finish
