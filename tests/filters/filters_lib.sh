# Helpers shared by the filter and anon end-to-end scripts. Source it after
# ../e2e/lib.sh.
HELPERS=${FILTERS_HELPERS:?FILTERS_HELPERS must point at the test helpers}
PCAP_CHECK=$HELPERS/filttest_pcap_check

if ! command -v tracestats >/dev/null; then
  echo "SKIP: tracestats (libtrace-tools) is not installed"
  exit 77
fi

# Packets of trace $1 matching BPF $2, counted by libtrace's tracestats:
# the independent count the plugins' results are checked against.
count_bpf() {
  tracestats -f "$2" "$1" 2>/dev/null | awk -F'\t' 'NR == 2 { print $2 + 0 }'
}

# Sum of the packet counts of every tuple in flowtuple file $1.
ft_sum() {
  "$CORS2ASCII" "$1" | awk -F, '/^[0-9]/ { s += $NF } END { print s + 0 }'
}

# Tuple lines of flowtuple file $1 ("src|dst|...|ip_len,count").
ft_tuples() {
  "$CORS2ASCII" "$1" | grep -E '^[0-9]' || true
}

# check_eq WHAT GOT WANT
check_eq() {
  if [ "$2" = "$3" ]; then
    pass "$1 ($2)"
  else
    fail "$1: got '$2', expected '$3'"
  fi
}

# A fresh, empty output directory.
fresh() {
  rm -rf "$WORK/$1" && mkdir -p "$WORK/$1"
  echo "$WORK/$1"
}
