#!/usr/bin/env bash
# cors-trace2tuple on every trace of ../shared/traces (pcap, ERF, gzip,
# bzip2, xz; Ethernet, VLAN, MPLS, Linux cooked; truncated packets,
# fragments): each line equals, field by field, what the test's own
# libtrace-free decoder (t2t_decode) finds, and the totals match. On the
# pcap traces, -f filters print exactly the packets tcpdump's copy of the
# same filter keeps, and the filter table counts them.
. "$(dirname "$0")/t2t_lib.sh"
need_shared

checked=0
for trace in "$SHARED"/traces/*; do
  case $trace in *.md) continue ;; esac
  name=$(basename "$trace")
  raw_copy "$trace" "$WORK/raw" || continue
  "$DECODE" "$WORK/raw" >"$WORK/want"
  rc=0
  "$T2T" "$trace" >"$WORK/got" 2>"$WORK/err" || rc=$?
  [ "$rc" -eq 0 ] || fail "$name: exit $rc: $(tail -2 "$WORK/err")"
  same_lines "$name" "$WORK/want" "$WORK/got"
  want_total=$("$DECODE" -t "$WORK/raw")
  got_total=$(total_of "$WORK/err")
  [ "$got_total" = "$want_total" ] && pass "$name: Total $got_total" ||
    fail "$name: Total '$got_total', expected '$want_total'"
  head -1 "$WORK/err" | grep -qxF "$trace:" && pass "$name: stderr starts with '<uri>:'" ||
    fail "$name: stderr does not start with '$trace:'"
  checked=$((checked + 1))
done
[ "$checked" -ge 10 ] || fail "only $checked shared traces checked"

# Filters on pcap traces, checked against tcpdump (libpcap's own reading).
if ! command -v tcpdump >/dev/null; then
  echo "note: tcpdump is not installed: filter checks skipped"
  finish
fi
check_filters() {
  local trace=$1; shift
  local name; name=$(basename "$trace")
  local union="" f opts=()
  raw_copy "$trace" "$WORK/raw" || return 0
  for f in "$@"; do
    opts+=(-f "$f")
    union="${union:+$union or }($f)"
  done
  tcpdump -nn -r "$WORK/raw" -w "$WORK/kept.pcap" "$union" 2>/dev/null
  "$DECODE" "$WORK/kept.pcap" >"$WORK/want"
  "$T2T" "${opts[@]}" "$trace" >"$WORK/got" 2>"$WORK/err" ||
    fail "$name with filters: exit non-zero"
  same_lines "$name -f $*" "$WORK/want" "$WORK/got"
  local total; total=$(total_of "$WORK/err")
  for f in "$@"; do
    tcpdump -nn -r "$WORK/raw" -w "$WORK/one.pcap" "$f" 2>/dev/null
    local cb; cb=$("$DECODE" -t "$WORK/one.pcap")
    local pct; pct=$(awk -v c="${cb% *}" -v t="${total% *}" 'BEGIN { printf "%.2f%%", t ? 100 * c / t : 0 }')
    local row; row=$(filter_row "$WORK/err" "$f")
    [ "$row" = "$cb $pct" ] && pass "$name: filter '$f' row: $row" ||
      fail "$name: filter '$f' row '$row', expected '$cb $pct'"
  done
}
check_filters "$SHARED/traces/darknet-synthetic-a.pcap.gz" "tcp" "icmp[icmptype] == icmp-echoreply"
check_filters "$SHARED/traces/tcpreplay-test.pcap" "udp" "tcp[tcpflags] & tcp-syn != 0" "ip6"
check_filters "$SHARED/traces/stopddos-reflection-synack.pcap" "tcp[tcpflags] & tcp-rst != 0"
check_filters "$SHARED/traces/libtrace-vlan.pcap" "vlan and tcp"
finish
