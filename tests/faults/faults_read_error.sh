#!/usr/bin/env bash
# Read errors in the middle of an input: a truncated gzip trace, corrupt
# bytes in a pcap record header, corrupt deflate data, a truncated
# flowtuple file being re-processed. Each time corsaro names the input,
# finalises what it read (the outputs are readable and count the packets
# read so far) and exits 1.
. "$(dirname "$0")/common.sh"

# larger than wandio's 1 MiB read-ahead, so the error comes mid-trace
"$SYNTH" -s 5 -n 60000 -d 600 -o "$WORK/big.pcap"
gzip -c "$WORK/big.pcap" >"$WORK/big.pcap.gz"

# mid_trace_error NAME TRACE MESSAGE: corsaro stops with MESSAGE and
# finalises fewer than the 60000 packets
mid_trace_error() {
  local name=$1 trace=$2 msg=$3 out=$WORK/out-$1
  mkdir -p "$out"
  run_rc rc "$CORSARO" -n t -o "$out/%P.cors" -p flowtuple -p dos -p pcap "$trace"
  expect_rc "$name" 1 "$rc"
  says "$name" "$msg"
  readable "$name" "$out/global.cors" "$out/flowtuple.cors" "$out/dos.cors"
  local n p
  n=$(packet_count "$out/global.cors")
  p=$(count_packets "$out/pcap.cors")
  if [ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" -lt 60000 ] && [ "$p" = "$n" ]; then
    pass "$name: $n packets read before the error, all finalised"
  else
    fail "$name: global counts '$n', pcap holds '$p'"
  fi
}

size=$(stat -c %s "$WORK/big.pcap.gz")
head -c $((size * 2 / 3)) "$WORK/big.pcap.gz" >"$WORK/truncated.pcap.gz"
mid_trace_error "truncated gzip trace" "$WORK/truncated.pcap.gz" "reading $WORK/truncated.pcap.gz failed"

# a record header whose caplen is 2 GiB, after 300 good records
cp "$WORK/big.pcap" "$WORK/badcaplen.pcap"
off=24 i=0
while [ $i -lt 300 ]; do
  caplen=$(od -An -tu4 -j $((off + 8)) -N4 "$WORK/big.pcap" | tr -d ' ')
  off=$((off + 16 + caplen)) i=$((i + 1))
done
printf '\xff\xff\xff\x7f\xff\xff\xff\x7f' |
  dd of="$WORK/badcaplen.pcap" bs=1 seek=$((off + 8)) conv=notrunc 2>/dev/null
mid_trace_error "corrupt pcap record header" "$WORK/badcaplen.pcap" "reading $WORK/badcaplen.pcap failed"

# deflate data overwritten in the middle of the gzip stream
cp "$WORK/big.pcap.gz" "$WORK/corrupt.pcap.gz"
head -c 4096 /dev/zero | tr '\0' '\377' |
  dd of="$WORK/corrupt.pcap.gz" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
mid_trace_error "corrupt deflate data" "$WORK/corrupt.pcap.gz" "$WORK/corrupt.pcap.gz"

# a gzip trace cut so short that libtrace cannot even tell its format
head -c 30000 "$WORK/big.pcap.gz" >"$WORK/stub.pcap.gz"
mkdir -p "$WORK/out-stub"
# (libtrace 3.0.22 leaks the reader it guessed with when the guess fails:
# not ours, so LeakSanitizer looks away for this one run)
run_rc rc env ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
  "$CORSARO" -n t -o "$WORK/out-stub/%P.cors" -p flowtuple "$WORK/stub.pcap.gz"
expect_rc "gzip trace cut before its first MiB" 1 "$rc"
says "gzip trace cut before its first MiB" "cannot open trace $WORK/stub.pcap.gz"

# a flowtuple file cut in the middle of a tuple, re-processed
mkdir -p "$WORK/ft" "$WORK/out-ft"
"$CORSARO" -n t -G -L -o "$WORK/ft/%P.cors" -p flowtuple "$WORK/big.pcap"
ftsize=$(stat -c %s "$WORK/ft/flowtuple.cors")
head -c $((ftsize / 2 + 7)) "$WORK/ft/flowtuple.cors" >"$WORK/cut.flowtuple.cors"
run_rc rc "$CORSARO" -n t -o "$WORK/out-ft/%P.cors" -p flowtuple "$WORK/cut.flowtuple.cors"
expect_rc "truncated flowtuple input" 1 "$rc"
says "truncated flowtuple input" "$WORK/cut.flowtuple.cors: byte "
readable "truncated flowtuple input" "$WORK/out-ft/global.cors" "$WORK/out-ft/flowtuple.cors"
# a record past the size limit (CORSARO_IN_RECORD_MAX): a dos vector that
# says its packet is 2 GiB long is refused before anything is allocated
"$SYNTH" -s 3 -n 3000 -d 400 -o "$WORK/attacks.pcap"
mkdir -p "$WORK/dos"
"$CORSARO" -n t -i 120 -G -L -o "$WORK/dos/%P.cors" -p flowtuple -p dos "$WORK/attacks.pcap"
cp "$WORK/dos/dos.cors" "$WORK/huge.dos.cors"
# interval start (14) + vector count (4) + the vector's last field (68)
printf '\x7f\xff\xff\xff' | dd of="$WORK/huge.dos.cors" bs=1 seek=86 conv=notrunc 2>/dev/null
run_rc rc "$CORS2ASCII" "$WORK/huge.dos.cors"
expect_rc "a 2 GiB dos packet" 1 "$rc"
says "a 2 GiB dos packet" "initial_packet_len is 2147483647, expected 1 to"
finish
