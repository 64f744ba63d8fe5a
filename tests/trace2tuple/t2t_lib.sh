# Helpers of the cors-trace2tuple end-to-end tests. Source it; $1 of the
# sourcing script is t2t_decode, the test's own decoder.
. "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"
T2T=$BIN/cors-trace2tuple
DECODE=${1:?the t2t_decode helper}
COLUMNS_NAMES="time src_ip dst_ip src_port dst_port protocol ip_id ip_len"

# raw_copy TRACE OUT: TRACE uncompressed into OUT. @return 1 when the
# decompressor is not installed (the caller skips that trace, saying so)
raw_copy() {
  local tool
  case $1 in
    *.gz) tool=zcat ;;
    *.bz2) tool=bzcat ;;
    *.xz) tool=xzcat ;;
    *) cp "$1" "$2"; return 0 ;;
  esac
  if ! command -v "$tool" >/dev/null; then
    echo "note: $tool is not installed: $(basename "$1") not checked"
    return 1
  fi
  "$tool" "$1" >"$2"
}

# same_lines WHAT EXPECTED ACTUAL: line by line and field by field; the
# first difference is named by line number and column.
same_lines() {
  local what=$1 want=$2 got=$3 n
  n=$(wc -l <"$want")
  if [ "$n" -eq 0 ]; then
    fail "$what: the decoder found no IPv4 packet (nothing proven)"
    return
  fi
  if cmp -s "$want" "$got"; then
    pass "$what: $n lines equal, field by field"
    return
  fi
  local diff
  diff=$(awk -F'\t' -v names="$COLUMNS_NAMES" '
    BEGIN { split(names, col, " ") }
    NR == FNR { want[FNR] = $0; nwant = FNR; next }
    {
      if (!(FNR in want)) { print "line " FNR ": extra line: " $0; exit }
      n = split(want[FNR], w, "\t")
      if (NF != 8) { print "line " FNR ": " NF " columns, not 8: " $0; exit }
      for (i = 1; i <= 8; i++)
        if ($i != w[i]) {
          print "line " FNR ", " col[i] ": expected " w[i] ", got " $i; exit
        }
      ngot = FNR
    }
    END { if (ngot < nwant && ngot == FNR) print "only " ngot " of " nwant " lines" }
  ' "$want" "$got")
  fail "$what: ${diff:-outputs differ}"
}

# total_of ERRFILE: "packets bytes" of the last "Total" line
total_of() {
  awk '/^Total / { t = $2 " " $3 } END { print t }' "$1"
}

# filter_row ERRFILE EXPR: "count bytes percent" of EXPR in the last
# filter table of ERRFILE (the expression is the row's leading text)
filter_row() {
  awk -v e="$2" '
    substr($0, 1, length(e)) == e && substr($0, length(e) + 1, 1) == " " && NF >= 4 {
      r = $(NF - 2) " " $(NF - 1) " " $NF
    }
    END { print r }' "$1"
}
