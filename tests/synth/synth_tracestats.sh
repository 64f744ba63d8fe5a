#!/bin/sh
# Checks cors-synth traces with libtrace's tracestats, an independent
# reader: it must read them without complaint, and its BPF (libpcap)
# counts must equal the --summary counters.
#
# usage: synth_tracestats.sh CORS-SYNTH TRACESTATS
set -u
synth=$1
tracestats=$2
tmp=$(mktemp -d /tmp/cors-synth-tracestats.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0

fail() {
    echo "FAIL: $*" >&2
    failed=1
}

# ICMP types flowtuple calls backscatter.
bs_icmp='icmp[0] == 0 or icmp[0] == 3 or icmp[0] == 4 or icmp[0] == 5 or
 icmp[0] == 11 or icmp[0] == 12 or icmp[0] == 14 or icmp[0] == 16 or
 icmp[0] == 18'
bs_icmp=$(echo "$bs_icmp" | tr '\n' ' ')
backscatter="(tcp[13] & 0x12 == 0x12) or (tcp[13] & 0x04 != 0) or $bs_icmp"

# summary key | filter
filters="ipv4|ip
ipv6|ip6
arp|arp
tcp|ip proto 6
udp|ip proto 17
icmp|ip proto 1
gre|ip proto 47
fragments|ip[6:2] & 0x3fff != 0
ip_options|ip[0] & 0x0f > 5
syn|tcp[13] & 0x12 == 0x02
synack|tcp[13] & 0x12 == 0x12
rst|tcp[13] & 0x14 == 0x04
rstack|tcp[13] & 0x14 == 0x14
echo_request|icmp[0] == 8
echo_reply|icmp[0] == 0
icmp_unreach|icmp[0] == 3
icmp_timex|icmp[0] == 11
backscatter|$backscatter
icmpreq|ip proto 1 and ip[6:2] & 0x1fff == 0 and not ($bs_icmp)"

# value KEY: the summary's value for KEY
value() {
    awk -v k="$1" '$1 == k { print $2 }' "$tmp/t.sum"
}

# Runs tracestats with the filters given as "-f F" pairs; leaves
# "filter<TAB>count" lines in $tmp/counts. Its stderr must stay empty.
run_tracestats() {
    file=$1
    shift
    if ! "$tracestats" "$@" "$file" >"$tmp/ts.out" 2>"$tmp/ts.err"; then
        fail "tracestats $file exited non-zero: $(cat "$tmp/ts.err")"
    fi
    # it reports on stderr which file it read and how many packets passed
    grep -v -e "^$file:\$" -e '^ *Filtered packets:' -e '^ *Accepted Packets:' \
        "$tmp/ts.err" >"$tmp/ts.complaints"
    if [ -s "$tmp/ts.complaints" ]; then
        fail "tracestats $file complained: $(cat "$tmp/ts.complaints")"
    fi
    awk -F '\t' 'NF >= 3 { name = $1; sub(/^ +/, "", name); sub(/:$/, "", name);
                 c = $2; gsub(/ /, "", c); print name "\t" c }' \
        "$tmp/ts.out" >"$tmp/counts"
}

# count FILTER: what tracestats counted for it
count() {
    awk -F '\t' -v f="$1" '$1 == f { print $2; exit }' "$tmp/counts"
}

check_trace() {
    label=$1
    set --
    while IFS='|' read -r key filter; do
        set -- "$@" -f "$filter"
    done <<EOF
$filters
EOF
    run_tracestats "$tmp/t.pcap" "$@"
    total=$(count Total)
    [ "$total" = "$(value packets)" ] ||
        fail "$label: tracestats read $total packets," \
            "summary says $(value packets)"
    while IFS='|' read -r key filter; do
        got=$(count "$filter")
        want=$(value "$key")
        if [ -z "$got" ] || [ "$got" != "$want" ]; then
            fail "$label: $key: tracestats '$filter' counts '$got'," \
                "summary says '$want'"
        fi
    done <<EOF
$filters
EOF
    other=$(( $(value ipv4) - $(value backscatter) - $(value icmpreq) ))
    [ "$other" = "$(value other)" ] ||
        fail "$label: other is $(value other), expected $other"

    # each victim's backscatter
    set --
    awk '$1 == "victim" { print $2, $3 }' "$tmp/t.sum" >"$tmp/victims"
    while read -r ip n; do
        set -- "$@" -f "src host $ip and ($backscatter)"
    done <"$tmp/victims"
    [ $# -gt 0 ] || { fail "$label: no victim lines"; return; }
    run_tracestats "$tmp/t.pcap" "$@"
    sum=0
    while read -r ip n; do
        got=$(count "src host $ip and ($backscatter)")
        [ "$got" = "$n" ] ||
            fail "$label: victim $ip sent $got backscatter packets," \
                "summary says $n"
        sum=$((sum + n))
    done <"$tmp/victims"
    [ "$sum" = "$(value backscatter)" ] ||
        fail "$label: victims sent $sum packets," \
            "backscatter is $(value backscatter)"
}

for mix in telescope unique repeat; do
    for seed in 1 9; do
        if ! "$synth" -m "$mix" -s "$seed" -n 20000 -o "$tmp/t.pcap" \
            --summary "$tmp/t.sum"; then
            fail "cors-synth -m $mix -s $seed failed"
            continue
        fi
        check_trace "$mix seed $seed"
    done
done

# compressed output reads the same
for ext in gz bz2 xz; do
    "$synth" -n 5000 -o "$tmp/z.pcap.$ext" || fail "cors-synth .$ext failed"
    run_tracestats "$tmp/z.pcap.$ext"
    [ "$(count Total)" = 5000 ] ||
        fail ".$ext: tracestats read $(count Total) packets, not 5000"
done

[ "$failed" = 0 ] && echo "synth_tracestats: all checks passed"
exit "$failed"
