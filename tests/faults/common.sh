# Shared helpers of the fault tests. Source it (after nothing else).
. "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"
FAULT_PLUGINS=${CORSARO_FAULT_PLUGINS:?CORSARO_FAULT_PLUGINS must name the fault plugin dir}

# readable WHAT FILE...: each file must print in full with cors2ascii
readable() {
  local what=$1 f; shift
  for f in "$@"; do
    if "$CORS2ASCII" "$f" >"$WORK/readable.txt" 2>"$WORK/readable.err"; then
      pass "$what: $(basename "$f") readable"
    else
      fail "$what: $(basename "$f") not readable: $(head -c 400 "$WORK/readable.err")"
    fi
  done
}

# packet_count GLOBAL_FILE: the trailer's packet count
packet_count() {
  "$CORS2ASCII" "$1" 2>/dev/null | sed -n 's/^# CORSARO_PACKETCNT //p'
}

# run_rc VAR cmd...: runs cmd, stdout/stderr to $WORK/out and $WORK/err,
# and stores its exit status in VAR
run_rc() {
  local __var=$1; shift
  local __rc=0
  "$@" >"$WORK/out" 2>"$WORK/err" || __rc=$?
  printf -v "$__var" '%s' "$__rc"
}

# expect_rc WHAT WANT GOT
expect_rc() {
  if [ "$3" -eq "$2" ]; then pass "$1: exit $3"; else fail "$1: exit $3, expected $2: $(head -c 600 "$WORK/err")"; fi
}

# says WHAT TEXT: stderr of the last run_rc holds TEXT
says() {
  if grep -qF -- "$2" "$WORK/err"; then pass "$1: says '$2'"; else fail "$1: stderr lacks '$2': $(head -c 600 "$WORK/err")"; fi
}
