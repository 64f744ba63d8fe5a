#!/usr/bin/env bash
# Every bad input gets a message naming the cause and a non-zero exit, and
# what was processed before the error is finalised and readable.
. "$(dirname "$0")/lib.sh"

"$SYNTH" -s 5 -n 2000 -d 200 -o "$WORK/good.pcap"
out=$WORK/o && mkdir -p "$out"
run() { "$CORSARO" -n t -o "$out/%P.cors" "$@"; }

expect_error "missing trace" "cannot open trace $WORK/none.pcap" run -p pcap "$WORK/none.pcap"
head -c 3000 /dev/urandom >"$WORK/garbage.pcap"
expect_error "garbage trace" "garbage.pcap" run -p pcap "$WORK/garbage.pcap"
chmod 000 "$WORK/garbage.pcap"
if [ "$(id -u)" -ne 0 ]; then
  expect_error "unreadable trace" "garbage.pcap" run -p pcap "$WORK/garbage.pcap"
fi
chmod 644 "$WORK/garbage.pcap"
# a pcapng section header block: libtrace 3 cannot read pcapng
printf '\x0a\x0d\x0d\x0a\x1c\x00\x00\x00\x4d\x3c\x2b\x1a\x01\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\x1c\x00\x00\x00' >"$WORK/x.pcapng"
expect_error "pcapng trace" "x.pcapng" run -p pcap "$WORK/x.pcapng"
expect_error "template without %P" "must contain %P" "$CORSARO" -o "$out/x.cors" "$WORK/good.pcap"
expect_error "-i 0" "interval of 0 seconds" "$CORSARO" -i 0 -o "$out/%P" "$WORK/good.pcap"
expect_error "unknown plugin" "no plugin named 'nosuch'" run -p nosuch "$WORK/good.pcap"
expect_error "unknown option" "--help" "$CORSARO" --bogus
expect_error "no trace" "at least one trace" "$CORSARO" -o "$out/%P"
expect_error "bad mode" "-m must be" "$CORSARO" -m text -o "$out/%P" "$WORK/good.pcap"
expect_error "bad BPF filter" "does not compile" run -f "tcp port" "$WORK/good.pcap"
expect_error "missing output dir" "cannot create output file $WORK/nodir/" \
  "$CORSARO" -o "$WORK/nodir/%P.cors" -p pcap "$WORK/good.pcap"
expect_error "-r without time field" "no time specifier" \
  "$CORSARO" -r 2 -o "$out/%P.cors" -p pcap "$WORK/good.pcap"
expect_error "dos without flowtuple" "add -p flowtuple before -p dos" \
  run -p dos "$WORK/good.pcap"
expect_error "plugin option refused" "pcap: this plugin takes no options" \
  run -p "pcap -x" "$WORK/good.pcap"

# a full disk: the output file is a symlink to /dev/full
mkdir -p "$WORK/full"
ln -s /dev/full "$WORK/full/pcap.cors"
expect_error "full disk" "writing $WORK/full/pcap.cors failed: No space left on device" \
  "$CORSARO" -n t -G -L -o "$WORK/full/%P.cors" -p pcap "$WORK/good.pcap"

# truncated trace: what was read is finalised
head -c 50000 "$WORK/good.pcap" >"$WORK/trunc.pcap"
rm -rf "$out" && mkdir -p "$out"
expect_error "truncated trace" "trunc.pcap" run -p pcap "$WORK/trunc.pcap"
"$CORS2ASCII" "$out/global.cors" >"$WORK/g.txt" &&
  grep -q '^# CORSARO_PACKETCNT [1-9]' "$WORK/g.txt" &&
  pass "truncated trace: global file finalised and readable" ||
  fail "truncated trace: global file not readable"

# a valid trace followed by a missing one: the first is finalised
rm -rf "$out" && mkdir -p "$out"
expect_error "valid then missing" "none.pcap" run -p pcap "$WORK/good.pcap" "$WORK/none.pcap"
"$CORS2ASCII" "$out/global.cors" >"$WORK/g.txt" &&
  grep -q '^# CORSARO_PACKETCNT 2000$' "$WORK/g.txt" &&
  pass "valid then missing: 2000 packets finalised" ||
  fail "valid then missing: $(cat "$WORK/g.txt" | tail -5)"
n=$(count_packets "$out/pcap.cors")
[ "$n" -eq 2000 ] && pass "valid then missing: pcap holds 2000 packets" ||
  fail "valid then missing: pcap holds $n packets"

# cors2ascii on bad files
expect_error "cors2ascii missing" "cannot open" "$CORS2ASCII" "$WORK/nothing.cors"
: >"$WORK/empty.cors"
expect_error "cors2ascii empty" "empty" "$CORS2ASCII" "$WORK/empty.cors"
expect_error "cors2ascii garbage" "not a corsaro file" "$CORS2ASCII" "$WORK/garbage.pcap"
rm -rf "$out" && mkdir -p "$out"
run -m ascii -p pcap "$WORK/good.pcap"
expect_error "cors2ascii ascii-mode" "ASCII-mode file" "$CORS2ASCII" "$out/global.cors"
expect_error "cors2ascii usage" "exactly one input file" "$CORS2ASCII"
finish
