# Shared helpers of the end-to-end tests. Source it.
set -euo pipefail
BIN=${CORSARO_BIN:?CORSARO_BIN must point at the built programs}
SHARED=${CORSARO_SHARED:-}
CORSARO=$BIN/corsaro
CORS2ASCII=$BIN/cors2ascii
SYNTH=$BIN/cors-synth
WORK=$(mktemp -d /tmp/corsaro-e2e.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# expect_error "what" SUBSTRING cmd...: the command must exit non-zero and
# say SUBSTRING on stderr.
expect_error() {
  local what=$1 want=$2; shift 2
  local rc=0
  "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
  if [ "$rc" -eq 0 ]; then
    fail "$what: exit 0, expected an error"
  elif ! grep -qF -- "$want" "$WORK/err"; then
    fail "$what: stderr lacks '$want': $(head -c 600 "$WORK/err")"
  else
    pass "$what (exit $rc)"
  fi
}

# The shared traces, or skip the whole test.
need_shared() {
  if [ -z "$SHARED" ] || [ ! -d "$SHARED/traces" ]; then
    echo "SKIP: the shared traces folder (${SHARED:-unset}/traces) is absent"
    exit 77
  fi
}

# Strip the wall-clock lines v2's golden text omits, and the trace path.
normalise() {
  grep -v -e '^# CORSARO_INITTIME' -e '^# CORSARO_FINALTIME' \
          -e '^# CORSARO_RUNTIME' -e '^# CORSARO_TRACEURI' "$1" || true
}

finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "all checks passed"
}

# Number of packets in a trace, counted by libtrace's tracestats.
count_packets() {
  tracestats "$1" 2>/dev/null | awk '/Total:/ {print $2}'
}

# Whether BINARY is built with AddressSanitizer. grep reads all of ldd's
# output: with grep -q it could exit first, and under pipefail ldd's
# SIGPIPE made the test false at random.
sanitizer_build() {
  ldd "$1" 2>/dev/null | grep -E 'libasan|libclang_rt.asan' >/dev/null
}
