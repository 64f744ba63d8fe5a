#!/usr/bin/env bash
# cors-ft-aggregate refuses bad input with a message naming the file (and
# the byte offset where reading failed) and a non-zero exit: inputs out of
# time order, files that are not flowtuple files, truncated and corrupt
# ones; and usage errors exit 2 with a message.
. "$(dirname "$0")/ftagg_lib.sh"

"$SYNTH" -s 8 -n 6000 -d 300 -m telescope -o "$WORK/t.pcap"
make_flowtuple "$WORK/ft" "$WORK/t.pcap"
ft=("$WORK"/ft/*.flowtuple.cors)
[ "${#ft[@]}" -ge 5 ] || fail "expected >= 5 flowtuple files, got ${#ft[@]}"

# expect_exit WHAT CODE SUBSTRING cmd...: exact exit status and message
expect_exit() {
  local what=$1 code=$2 want=$3; shift 3
  local rc=0
  "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
  if [ "$rc" -ne "$code" ]; then
    fail "$what: exit $rc, expected $code ($(tail -2 "$WORK/err"))"
  elif ! grep -qF -- "$want" "$WORK/err"; then
    fail "$what: stderr lacks '$want': $(head -c 600 "$WORK/err")"
  else
    pass "$what (exit $rc)"
  fi
}

# Out of time order: the later file first, then an earlier one.
expect_exit "inputs out of order" 1 "${ft[1]}: interval" \
  "$AGG" -f protocol "${ft[2]}" "${ft[1]}"
grep -qF "(in ${ft[2]})" "$WORK/err" && grep -q 'out of time order' "$WORK/err" &&
  pass "out of order: names both files" || fail "out of order: $(cat "$WORK/err")"
expect_exit "the same file twice" 1 "out of time order" \
  "$AGG" -f protocol "${ft[0]}" "${ft[0]}"
printf '%s\n%s\n' "${ft[3]}" "${ft[0]}" >"$WORK/rev.list"
expect_exit "out of order through -F" 1 "${ft[0]}: interval" \
  "$AGG" -f protocol -F "$WORK/rev.list"

# Not flowtuple files: a pcap, a global file, a dos-named file.
expect_exit "a pcap trace" 1 "$WORK/t.pcap: byte 0:" "$AGG" "$WORK/t.pcap"
mkdir -p "$WORK/g"
"$CORSARO" -n t -L -o "$WORK/g/%P.cors" -p pcap "$WORK/t.pcap"
expect_exit "a global file" 1 "$WORK/g/global.cors: byte 0: not a flowtuple file" \
  "$AGG" "$WORK/g/global.cors"
: >"$WORK/empty.flowtuple.cors"
expect_exit "an empty file" 1 "$WORK/empty.flowtuple.cors" "$AGG" "$WORK/empty.flowtuple.cors"
expect_exit "a missing file" 1 "$WORK/none.cors: cannot open" "$AGG" "$WORK/none.cors"

# Truncated inside a tuple: the offset of the record that is cut.
size=$(stat -c %s "${ft[0]}")
head -c $((size / 2)) "${ft[0]}" >"$WORK/half.cors"
expect_exit "truncated file" 1 "$WORK/half.cors: byte " "$AGG" "$WORK/half.cors"
off=$(sed -n 's/.*half\.cors: byte \([0-9]*\):.*/\1/p' "$WORK/err")
if [ -n "$off" ] && [ "$off" -le $((size / 2)) ] && [ "$off" -ge $((size / 2 - 21)) ]; then
  pass "truncated file: offset $off is the cut record's"
else
  fail "truncated file: offset '$off' for a cut at $((size / 2))"
fi
# Corrupt records, in files detected by name: the first class start
# (bytes 14-23) loses its magic; the interval end (the last 14 bytes).
cp "${ft[0]}" "$WORK/bad.flowtuple.cors"
printf 'XXXX' | dd of="$WORK/bad.flowtuple.cors" bs=1 seek=14 conv=notrunc 2>/dev/null
expect_exit "corrupt class record" 1 "$WORK/bad.flowtuple.cors: byte 14:" \
  "$AGG" "$WORK/bad.flowtuple.cors"
cp "${ft[0]}" "$WORK/bad2.flowtuple.cors"
printf 'XXXX' | dd of="$WORK/bad2.flowtuple.cors" bs=1 seek=$((size - 14)) conv=notrunc 2>/dev/null
expect_exit "corrupt interval end" 1 "$WORK/bad2.flowtuple.cors: byte $((size - 14)):" \
  "$AGG" "$WORK/bad2.flowtuple.cors"
# An error after valid inputs: still reported, still non-zero.
n=${#ft[@]}
size=$(stat -c %s "${ft[$((n - 1))]}")
head -c $((size / 2)) "${ft[$((n - 1))]}" >"$WORK/lasthalf.cors"
expect_exit "valid then truncated" 1 "$WORK/lasthalf.cors: byte " \
  "$AGG" -f protocol "${ft[@]:0:$((n - 1))}" "$WORK/lasthalf.cors"
# gzip data cut short
gzip -c "${ft[0]}" | head -c 3000 >"$WORK/cut.cors.gz"
expect_exit "truncated gzip" 1 "$WORK/cut.cors.gz" "$AGG" "$WORK/cut.cors.gz"

# A failed write (full disk): reported, exit 1.
expect_exit "full disk" 1 "writing the output failed: No space left on device" \
  sh -c '"$0" -f src_ip "$@" >/dev/full' "$AGG" "${ft[@]}"

# Usage errors: exit 2 and a message.
expect_exit "unknown -f field" 2 "invalid field name 'port'" "$AGG" -f port "${ft[0]}"
grep -q '^usage: cors-ft-aggregate' "$WORK/err" && fail "-f error prints the whole usage?" ||
  pass "-f error: short message and a hint"
expect_exit "unknown -v field" 2 "invalid field name 'count'" "$AGG" -v count "${ft[0]}"
expect_exit "unknown option" 2 "unknown option -x" "$AGG" -x "${ft[0]}"
expect_exit "unknown long option" 2 "unknown option --bogus" "$AGG" --bogus "${ft[0]}"
expect_exit "-i not a number" 2 "-i wants a whole number" "$AGG" -i 1m "${ft[0]}"
expect_exit "no inputs" 2 "no input files" "$AGG" -f protocol
expect_exit "-F and files" 2 "either with -F or as arguments" \
  "$AGG" -F "$WORK/rev.list" "${ft[0]}"
expect_exit "-F twice" 2 "-F can be given only once" \
  "$AGG" -F "$WORK/rev.list" -F "$WORK/rev.list"
expect_exit "-F missing list" 1 "-F $WORK/nolist: cannot open" "$AGG" -F "$WORK/nolist"
printf '\n  \n' >"$WORK/blank.list"
expect_exit "-F list of blank lines" 1 "names no input file" "$AGG" -F "$WORK/blank.list"
expect_exit "-v twice warns, last wins" 0 "using the last, 'ttl'" \
  "$AGG" -v src_ip -v ttl -f protocol "${ft[0]}"
for h in -h -? --help; do
  rc=0
  "$AGG" "$h" >"$WORK/out" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] && grep -q '^usage: cors-ft-aggregate' "$WORK/out" &&
    pass "$h: usage, exit 0" || fail "$h: exit $rc"
done
finish
