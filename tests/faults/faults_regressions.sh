#!/usr/bin/env bash
# Every input a fuzzer (scripts/fuzz.sh) ever crashed on, read again by
# cors2ascii: each must be refused with a message naming the file (exit 1)
# or printed (exit 0), never crash. The file's name picks the reader, as
# the fuzzer's did: NAME.global.cors, NAME.flowtuple.cors, ... Under the
# ASan build (scripts/test.sh) a memory error fails the test too.
. "$(dirname "$0")/common.sh"

dir=${CORSARO_REGRESSIONS:?CORSARO_REGRESSIONS must name tests/faults/regressions}
shopt -s nullglob
files=("$dir"/*.cors*)
[ ${#files[@]} -gt 0 ] || { echo "SKIP: no regression inputs in $dir"; exit 77; }
for f in "${files[@]}"; do
  name=$(basename "$f")
  run_rc rc "$CORS2ASCII" "$f"
  if [ "$rc" -eq 0 ]; then
    pass "$name: printed"
  elif [ "$rc" -eq 1 ] && grep -qF "$f" "$WORK/err"; then
    pass "$name: refused: $(head -c 200 "$WORK/err")"
  else
    fail "$name: exit $rc: $(head -c 600 "$WORK/err")"
  fi
done
finish
