#!/usr/bin/env bash
# A plugin built with the ABI 1.0 descriptor loads in this host, is listed
# as ABI 1.0 (the shipped ones as the host's ABI), and runs: the packets it
# counts add up to what cors-synth generated.
# usage: test_abi10.sh CORSARO CORS-SYNTH PLUGIN_DIR
set -euo pipefail
corsaro=$1 synth=$2 dir=$3
work=$(mktemp -d /tmp/corsaro-abi10.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

host_abi=$("$corsaro" --version | sed -n 's/.*plugin ABI \([0-9]*\.[0-9]*\).*/\1/p')
[ "$host_abi" != "1.0" ] && [ -n "$host_abi" ] && pass "host ABI is $host_abi" ||
  fail "host ABI '$host_abi': expected newer than 1.0 (print_record is 1.1)"

"$corsaro" --plugin-path "$dir" --list-plugins >"$work/list"
if grep -Eq "^abi10 +1\.0\.0 +1\.0 .*--plugin-path +$dir/abi10\.so$" "$work/list"; then
  pass "--list-plugins shows abi10 as ABI 1.0, found by --plugin-path"
else
  fail "abi10 not listed as ABI 1.0:"; cat "$work/list" >&2
fi
grep -q "abi10" <(sed -n '/Refused/,$p' "$work/list") &&
  fail "abi10 refused: $(grep abi10 "$work/list")" || pass "abi10 not refused"
grep -Eq "^flowtuple +[^ ]+ +$host_abi " "$work/list" &&
  pass "flowtuple listed with the host's ABI $host_abi" ||
  fail "flowtuple not listed with ABI $host_abi"

"$synth" -s 7 -n 3000 -d 200 -o "$work/t.pcap" --summary "$work/sum" >/dev/null
want=$(awk '$1 == "packets" {print $2}' "$work/sum")
if "$corsaro" --plugin-path "$dir" -G -L -i 60 -o "$work/%P.txt" -p abi10 \
     "$work/t.pcap" 2>"$work/err"; then
  got=$(awk '{n += $3} END {print n + 0}' "$work/abi10.txt")
  lines=$(wc -l <"$work/abi10.txt")
  [ "$got" = "$want" ] && pass "abi10 counted $got packets in $lines intervals" ||
    fail "abi10 counted $got packets, cors-synth wrote $want"
  [ "$lines" -ge 4 ] && pass "$lines intervals ended" ||
    fail "expected at least 4 intervals of 60 s in 200 s, got $lines"
else
  fail "run with abi10 failed: $(cat "$work/err")"
fi

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed" >&2; exit 1; }
echo "all checks passed"
