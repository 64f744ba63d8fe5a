# Helpers of the cors-ft-aggregate end-to-end tests. Source it; $1 of the
# sourcing script is the maxrss helper (see CMakeLists.txt).
. "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"
AGG=$BIN/cors-ft-aggregate
FTAGG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# make_flowtuple DIR TRACE [PLUGIN_SPEC] [SUFFIX]: runs corsaro on TRACE,
# one flowtuple file per 60 s interval (-r 1), named DIR/<start>.flowtuple.cors
make_flowtuple() {
  local dir=$1 trace=$2 spec=${3:-flowtuple} suffix=${4:-}
  mkdir -p "$dir"
  "$CORSARO" -n t -G -L -r 1 -i 60 -o "$dir/%s.%P.cors$suffix" -p "$spec" "$trace"
}

# ascii_of FILE...: cors2ascii's text of each file after a "FILE name" line
ascii_of() {
  local f
  for f in "$@"; do
    echo "FILE $f"
    "$CORS2ASCII" "$f"
  done
}

# reference TEXT I KEEP VAL [LEGACY]: what cors-ft-aggregate must print,
# computed by ref.awk from cors2ascii's TEXT (KEEP: comma-separated fields)
reference() {
  LC_ALL=C awk -v I="$2" -v KEEP="$3" -v VAL="$4" -v LEGACY="${5:-0}" \
    -f "$FTAGG_DIR/ref.awk" "$1" |
    LC_ALL=C sort | sed -E 's/^[0-9]+ 1 [0-9a-f]+ //; s/^[0-9]+ [02] //'
}

# agg_options I KEEP VAL: the cors-ft-aggregate options for a reference
agg_options() {
  local opts="-i $1 -v $3" f
  for f in ${2//,/ }; do
    opts="$opts -f $f"
  done
  echo "$opts"
}

# same_output WHAT EXPECTED ACTUAL: the two files must be equal and the
# expected one must hold rows (an empty reference proves nothing)
same_output() {
  local what=$1 want=$2 got=$3
  local rows
  rows=$(grep -vc '^#' "$want" || true)
  if [ "$rows" -eq 0 ]; then
    fail "$what: the reference has no rows"
  elif cmp -s "$want" "$got"; then
    pass "$what ($rows rows)"
  else
    fail "$what: output differs from the reference (< expected, > got):"
    diff "$want" "$got" | head -10 >&2 || true
  fi
}

# check_against_reference WHAT TEXT I KEEP VAL LEGACY FILE...: runs
# cors-ft-aggregate on the files and compares with the reference
check_against_reference() {
  local what=$1 text=$2 i=$3 keep=$4 val=$5 legacy=$6
  shift 6
  local lopt=""
  [ "$legacy" = 1 ] && lopt="-l"
  reference "$text" "$i" "$keep" "$val" "$legacy" >"$WORK/want"
  # shellcheck disable=SC2046
  if ! "$AGG" $lopt $(agg_options "$i" "$keep" "$val") "$@" >"$WORK/got" 2>"$WORK/agg.err"; then
    fail "$what: cors-ft-aggregate failed: $(tail -3 "$WORK/agg.err")"
    return
  fi
  same_output "$what" "$WORK/want" "$WORK/got"
}
