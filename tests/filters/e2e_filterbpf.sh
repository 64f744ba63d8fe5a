#!/usr/bin/env bash
# filterbpf on a cors-synth trace: flowtuple keeps exactly what tracestats
# counts with the same BPF (-m any and -m all), each filter's tag is set on
# exactly the packets its BPF matches and is named "filterbpf:NAME", BPF
# text holding ':' is not taken for a name, and flowtuple re-processing
# passes tuples through untouched.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/filters_lib.sh"

T=$WORK/t.pcap
"$SYNTH" -s 12 -n 20000 -d 180 -p 44.0.0.0/8 -o "$T" --summary "$WORK/sum.txt"
packets=$(awk '$1 == "packets" { print $2 }' "$WORK/sum.txt")
A="dst net 44.1.0.0/16"
B="tcp"

tags_run() { # tags_run OUT FILTERBPF-ARGS TAG... : prints the helper's report
  local out=$1 args=$2; shift 2
  "$CORSARO" -n t -o "$out/%P.cors" --plugin-path "$HELPERS" \
    -p "filterbpf $args" -p "filttest_tags $*" -p flowtuple "$T"
}
field() { awk -v k="$2" -v n="${3:-}" '$1 == k && (n == "" || $2 == n) { print $NF }' "$1"; }

# -m any (default)
o=$(fresh any)
tags_run "$o" "-f \"d441:$A\" -f \"t:$B\"" filterbpf:d441 filterbpf:t \
  "\"filterbpf:t:$B\"" >"$WORK/any.txt"
check_eq "any: flowtuple packets" "$(ft_sum "$o/flowtuple.cors")" \
  "$(count_bpf "$T" "ip and (($A) or ($B))")"
check_eq "any: IGNORE on packets matching no filter" "$(field "$WORK/any.txt" ignored)" \
  "$((packets - $(count_bpf "$T" "($A) or ($B)")))"
check_eq "tag filterbpf:d441 = packets matching its BPF" \
  "$(field "$WORK/any.txt" tag filterbpf:d441)" "$(count_bpf "$T" "$A")"
check_eq "tag filterbpf:t = packets matching its BPF" \
  "$(field "$WORK/any.txt" tag filterbpf:t)" "$(count_bpf "$T" "$B")"
grep -q "^tag filterbpf:t:.* -1$" "$WORK/any.txt" &&
  pass "v2-style tag name is not registered" ||
  fail "v2-style tag name found: $(cat "$WORK/any.txt")"

# -m all
o=$(fresh all)
tags_run "$o" "-m all -f \"d441:$A\" -f \"t:$B\"" filterbpf:d441 >"$WORK/all.txt"
check_eq "all: flowtuple packets" "$(ft_sum "$o/flowtuple.cors")" \
  "$(count_bpf "$T" "ip and ($A) and ($B)")"
check_eq "all: IGNORE unless every filter matches" "$(field "$WORK/all.txt" ignored)" \
  "$((packets - $(count_bpf "$T" "($A) and ($B)")))"
check_eq "all: tags still set for each match" \
  "$(field "$WORK/all.txt" tag filterbpf:d441)" "$(count_bpf "$T" "$A")"

# unnamed filters: the tag is the BPF text; ':' inside BPF is not a name
o=$(fresh unnamed)
S="tcp[13:1] & 0x12 = 0x12"
tags_run "$o" "-f udp -f \"$S\"" filterbpf:udp "\"filterbpf:$S\"" >"$WORK/un.txt"
check_eq "unnamed filter tag filterbpf:udp" "$(field "$WORK/un.txt" tag filterbpf:udp)" \
  "$(count_bpf "$T" udp)"
check_eq "unnamed filter with ':' in its BPF" \
  "$(grep "^tag filterbpf:tcp\[13:1\]" "$WORK/un.txt" | awk '{ print $NF }')" \
  "$(count_bpf "$T" "$S")"
check_eq "unnamed filters: flowtuple packets" "$(ft_sum "$o/flowtuple.cors")" \
  "$(count_bpf "$T" "ip and (udp or ($S))")"

# re-processing: tuples carry no packet bytes, so they pass untouched
o=$(fresh plain)
"$CORSARO" -n t -o "$o/%P.cors" -p flowtuple "$T"
r=$(fresh re)
"$CORSARO" -n t -o "$r/%P.cors" --plugin-path "$HELPERS" -p "filterbpf -f tcp" \
  -p filttest_tags -p flowtuple "$o/flowtuple.cors" >"$WORK/re.txt"
"$CORS2ASCII" "$o/flowtuple.cors" >"$WORK/a.txt"
"$CORS2ASCII" "$r/flowtuple.cors" >"$WORK/b.txt"
cmp -s "$WORK/a.txt" "$WORK/b.txt" && pass "re-processing passes tuples through" ||
  fail "re-processing changed tuples: $(diff "$WORK/a.txt" "$WORK/b.txt" | head -5)"
check_eq "re-processing: no tuple flagged" "$(awk '$1 == "tuples" { print $4 }' "$WORK/re.txt")" 0
finish
