#!/usr/bin/env bash
# Output names (issue 17, items 5, 6, 7, 9): a run never writes one file
# twice and never touches a file that is not its own output.
#  5. a compression suffix counts only at the end of the template;
#  6. no name is opened twice in a run: refused at start-up when the
#     template cannot tell rotated files apart (-r and -R), else at the
#     open, before truncating, naming the file;
#  7. an output that is one of the run's inputs is refused, the input kept;
#  9. a second -p for one plugin is a usage error naming both.
. "$(dirname "$0")/common.sh"

"$SYNTH" -s 5 -n 3000 -d 300 -o "$WORK/t.pcap" >/dev/null
want=$(count_packets "$WORK/t.pcap")

# empty_dir WHAT DIR: DIR holds no file
empty_dir() {
  if [ -z "$(ls -A "$2")" ]; then pass "$1: nothing written"; else fail "$1: wrote $(ls "$2" | tr '\n' ' ')"; fi
}

# ---- 5: the suffix only at the end ----
mkdir "$WORK/out.gz.d"
run_rc rc "$CORSARO" -n t -o "$WORK/out.gz.d/%P.cors" -p flowtuple -p dos "$WORK/t.pcap"
expect_rc "5: -o out.gz.d/%P.cors" 0 "$rc"
for f in global log flowtuple dos; do
  [ -f "$WORK/out.gz.d/$f.cors" ] && pass "5: $f.cors written" || fail "5: no $f.cors: $(ls "$WORK/out.gz.d" | tr '\n' ' ')"
done
readable "5" "$WORK/out.gz.d/global.cors" "$WORK/out.gz.d/flowtuple.cors" "$WORK/out.gz.d/dos.cors"
got=$(packet_count "$WORK/out.gz.d/global.cors" || true)
[ "$got" = "$want" ] && pass "5: global counts all $want packets" || fail "5: global counts '$got' packets, tracestats $want"

# a directory named after the trace, compressed outputs: v2's cut made the
# log file's name the trace's, and truncated it before reading it
cp "$WORK/t.pcap" "$WORK/t5.pcap"
mkdir "$WORK/t5.pcap.gz.out"
run_rc rc "$CORSARO" -n t -o "$WORK/t5.pcap.gz.out/%P.cors.gz" -p flowtuple "$WORK/t5.pcap"
expect_rc "5: -o t5.pcap.gz.out/%P.cors.gz" 0 "$rc"
cmp -s "$WORK/t.pcap" "$WORK/t5.pcap" && pass "5: the trace t5.pcap is intact" || fail "5: the trace t5.pcap was overwritten"
if zcat "$WORK/t5.pcap.gz.out/flowtuple.cors.gz" >/dev/null 2>&1; then
  pass "5: flowtuple.cors.gz is gzip"; else fail "5: flowtuple.cors.gz is not gzip"; fi
[ -f "$WORK/t5.pcap.gz.out/log.cors" ] && pass "5: the log is t5.pcap.gz.out/log.cors" ||
  fail "5: no t5.pcap.gz.out/log.cors: $(ls "$WORK/t5.pcap.gz.out" | tr '\n' ' ')"

# %P.gz.%s: the time field after a ".gz" is kept, one file per interval
mkdir "$WORK/mid"
run_rc rc "$CORSARO" -n t -r 1 -i 60 -o "$WORK/mid/%P.gz.%s" -p flowtuple "$WORK/t.pcap"
expect_rc "5: -r 1 -o %P.gz.%s" 0 "$rc"
n=$(ls "$WORK/mid" | grep -c '^flowtuple\.gz\.[0-9]*$' || true)
[ "$n" -ge 5 ] && pass "5: %P.gz.%s gave $n flowtuple files" || fail "5: %P.gz.%s gave $n flowtuple files: $(ls "$WORK/mid" | tr '\n' ' ')"

# ---- 6: no name twice ----
mkdir "$WORK/day"
run_rc rc "$CORSARO" -n t -r 1 -i 60 -o "$WORK/day/%Y%m%d.%P.cors" -p flowtuple "$WORK/t.pcap"
expect_rc "6: -r 1 -i 60 with %Y%m%d" 1 "$rc"
says "6: -r 1 -i 60 with %Y%m%d" "cannot tell them apart"
says "6: -r 1 -i 60 with %Y%m%d" "$WORK/day/20111111."
empty_dir "6: -r 1 -i 60 with %Y%m%d" "$WORK/day"

mkdir "$WORK/meta"
run_rc rc "$CORSARO" -n t -R 1 -i 60 -o "$WORK/meta/%P.cors" -p flowtuple "$WORK/t.pcap"
expect_rc "6: -R 1 without a time field" 1 "$rc"
says "6: -R 1 without a time field" "-R 1 starts new global and log files every 60 s"
empty_dir "6: -R 1 without a time field" "$WORK/meta"

mkdir "$WORK/hour"
run_rc rc "$CORSARO" -n t -r 60 -i 60 -o "$WORK/hour/%M.%P.cors" -p flowtuple "$WORK/t.pcap"
expect_rc "6: hourly files named by the minute" 1 "$rc"
empty_dir "6: hourly files named by the minute" "$WORK/hour"

# Only the run can know: with -a -i 90 the first interval may last 1 s,
# so its files and the next ones fall in the same minute.
"$SYNTH" -s 5 -n 3000 -d 300 -t 1320969689 -o "$WORK/late.pcap" >/dev/null
mkdir "$WORK/minute"
run_rc rc "$CORSARO" -n t -a -r 1 -i 90 -o "$WORK/minute/%M.%P.cors" -p flowtuple "$WORK/late.pcap"
expect_rc "6: two files in one minute (-a -i 90)" 1 "$rc"
says "6: two files in one minute (-a -i 90)" "refusing to overwrite $WORK/minute/01."
readable "6: the first interval's file kept" "$WORK/minute/01.flowtuple.cors"
starts=$("$CORS2ASCII" "$WORK/minute/01.flowtuple.cors" 2>/dev/null | grep '^# CORSARO_INTERVAL_START' | tr '\n' ' ' || true)
[ "$starts" = "# CORSARO_INTERVAL_START 0 1320969689 " ] && pass "6: 01.flowtuple.cors holds the first interval, not the next" ||
  fail "6: 01.flowtuple.cors holds intervals '$starts'"

# another name (a symbolic link) of a file the run is writing
mkdir "$WORK/link"
ln -s flowtuple.cors "$WORK/link/log.cors"
run_rc rc "$CORSARO" -n t -o "$WORK/link/%P.cors" -p flowtuple "$WORK/t.pcap"
expect_rc "6: log.cors -> flowtuple.cors" 1 "$rc"
says "6: log.cors -> flowtuple.cors" "refusing to overwrite $WORK/link/flowtuple.cors"

# ---- 7: never an input ----
mkdir "$WORK/in"
cp "$WORK/t.pcap" "$WORK/in/pcap"
for uri in "$WORK/in/pcap" "pcapfile:$WORK/in/pcap"; do
  run_rc rc "$CORSARO" -n t -o "$WORK/in/%P" -p pcap "$uri"
  expect_rc "7: -o in/%P -p pcap $uri" 1 "$rc"
  says "7: -o in/%P -p pcap $uri" "refusing to write $WORK/in/pcap: it is the run's input"
done
ln "$WORK/in/pcap" "$WORK/in/hardlink.pcap"
run_rc rc "$CORSARO" -n t -o "$WORK/in/%P" -p pcap "$WORK/in/hardlink.pcap"
expect_rc "7: a hard link of the output as input" 1 "$rc"
run_rc rc "$CORSARO" -n t -o "$WORK/in/%P" -p pcap - <"$WORK/in/pcap"
expect_rc "7: the output as standard input" 1 "$rc"
cmp -s "$WORK/t.pcap" "$WORK/in/pcap" && pass "7: the input is intact" || fail "7: the input was changed"
[ "$(ls "$WORK/in" | sort | tr '\n' ' ')" = "hardlink.pcap pcap " ] &&
  pass "7: refused before anything was opened" || fail "7: wrote $(ls "$WORK/in" | tr '\n' ' ')"

# a template with a time field: refused at the open, before truncating
mkdir "$WORK/in2"
cp "$WORK/t.pcap" "$WORK/in2/1320969600.pcap"
run_rc rc "$CORSARO" -n t -o "$WORK/in2/%s.%P" -p pcap "$WORK/in2/1320969600.pcap"
expect_rc "7: -o %s.%P names the input" 1 "$rc"
says "7: -o %s.%P names the input" "refusing to write $WORK/in2/1320969600.pcap"
cmp -s "$WORK/t.pcap" "$WORK/in2/1320969600.pcap" && pass "7: that input is intact" || fail "7: that input was changed"

# ---- 9: one -p per plugin ----
mkdir "$WORK/twice"
run_rc rc "$CORSARO" -n t -o "$WORK/twice/%P.cors" -p flowtuple -p dos -p "DOS -x" "$WORK/t.pcap"
expect_rc "9: -p dos -p 'DOS -x'" 2 "$rc"
says "9: -p dos -p 'DOS -x'" "-p 'dos' and -p 'DOS -x' both enable plugin dos"
empty_dir "9: -p dos -p 'DOS -x'" "$WORK/twice"

finish
