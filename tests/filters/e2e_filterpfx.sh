#!/usr/bin/env bash
# filterpfx in front of flowtuple, on a cors-synth trace: what remains is
# exactly what tracestats counts with the equivalent BPF filter, source
# and destination, -i, -f files (plain and gzip, comments) combined with
# -d, host bits, and flowtuple re-processing.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/filters_lib.sh"

T=$WORK/t.pcap
"$SYNTH" -s 11 -n 20000 -d 180 -p 44.0.0.0/8 -o "$T" --summary "$WORK/sum.txt"
ipv4=$(awk '$1 == "ipv4" { print $2 }' "$WORK/sum.txt")
check_eq "tracestats agrees with cors-synth on IPv4 packets" \
  "$(count_bpf "$T" ip)" "$ipv4"

run() { # run DIR PLUGIN-ARGS... : corsaro with the filter, then flowtuple
  local out=$1; shift
  "$CORSARO" -n t -o "$out/%P.cors" "$@" -p flowtuple "$T"
}

# -d -p: only destinations in the prefix, and all of them
o=$(fresh d16)
run "$o" -p "filterpfx -d -p 44.1.0.0/16"
want=$(count_bpf "$T" "ip and dst net 44.1.0.0/16")
[ "$want" -gt 0 ] || fail "the trace has no packet to 44.1.0.0/16: test is void"
check_eq "-d -p 44.1.0.0/16: packets kept" "$(ft_sum "$o/flowtuple.cors")" "$want"
outside=$(ft_tuples "$o/flowtuple.cors" | awk -F'|' '$2 !~ /^44\.1\./' | wc -l)
check_eq "-d -p 44.1.0.0/16: destinations outside the prefix" "$outside" 0

# -i inverts
o=$(fresh inv)
run "$o" -p "filterpfx -i -d -p 44.1.0.0/16"
check_eq "-i -d: packets kept" "$(ft_sum "$o/flowtuple.cors")" \
  "$(count_bpf "$T" "ip and not dst net 44.1.0.0/16")"
inside=$(ft_tuples "$o/flowtuple.cors" | awk -F'|' '$2 ~ /^44\.1\./' | wc -l)
check_eq "-i -d: destinations inside the prefix" "$inside" 0

# host bits are masked: 44.1.2.3/16 is 44.1.0.0/16
o=$(fresh hostbits)
run "$o" -p "filterpfx -d -p 44.1.2.3/16"
check_eq "host bits masked" "$(ft_sum "$o/flowtuple.cors")" "$want"
grep -q "host bits" "$o/log.cors" && pass "host bits logged" ||
  fail "host bits not logged: $(cat "$o/log.cors")"

# source prefixes from a gzip file with comments, blank lines and nesting,
# plus -p; several -p
cat >"$WORK/src.txt" <<'EOF'
# sources to keep
0.0.0.0/2

   128.0.0.0/3   # nested below
128.0.0.0/4
200.0.0.0/8
EOF
gzip -c "$WORK/src.txt" >"$WORK/src.txt.gz"
o=$(fresh srcfile)
run "$o" -p "filterpfx -f $WORK/src.txt.gz -p 250.0.0.0/8 -p 251.0.0.0/8"
check_eq "-f gzip file + -p, source" "$(ft_sum "$o/flowtuple.cors")" \
  "$(count_bpf "$T" "ip and (src net 0.0.0.0/2 or src net 128.0.0.0/3 or src net 200.0.0.0/8 or src net 250.0.0.0/7)")"

# -d and -f combine, in either order (v2's -d cancelled -f)
printf '44.1.0.0/16\n44.200.0.0/14\n' >"$WORK/dst.txt"
want2=$(count_bpf "$T" "ip and (dst net 44.1.0.0/16 or dst net 44.200.0.0/14)")
o=$(fresh df)
run "$o" -p "filterpfx -d -f $WORK/dst.txt"
check_eq "-d -f" "$(ft_sum "$o/flowtuple.cors")" "$want2"
o=$(fresh fd)
run "$o" -p "filterpfx -f $WORK/dst.txt -d"
check_eq "-f -d" "$(ft_sum "$o/flowtuple.cors")" "$want2"

# non-IPv4 packets are never flagged: a helper after the filter sees them
# unflagged (ignored = IPv4 packets outside the prefix only)
o=$(fresh flags)
"$CORSARO" -n t -o "$o/%P.cors" --plugin-path "$HELPERS" \
  -p "filterpfx -d -p 44.1.0.0/16" -p filttest_tags "$T" >"$WORK/tags.txt"
check_eq "IGNORE only on IPv4 packets outside" \
  "$(awk '$1 == "ignored" { print $2 }' "$WORK/tags.txt")" "$((ipv4 - want))"

# flowtuple re-processing: filtering tuples gives what filtering packets gave
o=$(fresh all)
"$CORSARO" -n t -o "$o/%P.cors" -p flowtuple "$T"
r=$(fresh re)
"$CORSARO" -n t -o "$r/%P.cors" -p "filterpfx -d -p 44.1.0.0/16" -p flowtuple \
  "$o/flowtuple.cors"
"$CORS2ASCII" "$WORK/d16/flowtuple.cors" >"$WORK/direct.txt"
"$CORS2ASCII" "$r/flowtuple.cors" >"$WORK/re.txt"
if cmp -s "$WORK/direct.txt" "$WORK/re.txt"; then
  pass "re-processing: same tuples as filtering the packets"
else
  fail "re-processing differs: $(diff "$WORK/direct.txt" "$WORK/re.txt" | head -5)"
fi
finish
