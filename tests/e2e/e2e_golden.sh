#!/usr/bin/env bash
# Our output on the shared traces equals what v2 wrote (../shared/golden),
# binary and ASCII; our cors2ascii prints v2's own binaries as v2 did. The
# only allowed difference is the extra final interval or dos report that
# our fixes add at the end. dos vectors are compared as a set per report.
. "$(dirname "$0")/lib.sh"
need_shared
GOLDEN=$SHARED/golden
[ -d "$GOLDEN" ] || { echo "SKIP: $GOLDEN is absent"; exit 77; }
export LC_ALL=C

# dos text: drop packet dumps, sort vectors within each report
canon_dos() {
  awk '/^START PACKET$/ {skip = 1; next}
       /^END PACKET$/ {skip = 0; next}
       skip {next}
       /^# CORSARO_INTERVAL_START/ {blk++; print blk " 0 " $0; next}
       /^# CORSARO_INTERVAL_END/ {print blk " 2 " $0; next}
       /^[0-9]+$/ {print blk " 0 " $0; next}
       {print blk " 1 " $0}' "$1" | sort -s -t' ' -k1,1n -k2,2n -k3 | cut -d' ' -f3-
}

# $2 (golden) must equal $3 (ours), or be its prefix when ours only adds
# whole intervals at the end.
same_or_prefix() {
  local what=$1 golden=$2 ours=$3
  local n
  n=$(wc -l <"$golden")
  if cmp -s "$golden" "$ours"; then
    pass "$what: identical"
  elif head -n "$n" "$ours" | cmp -s - "$golden" &&
       [ "$(sed -n "$((n + 1))p" "$ours" | cut -c1-24)" = "# CORSARO_INTERVAL_START" ]; then
    pass "$what: identical, plus $(($(wc -l <"$ours") - n)) lines of a final interval"
  else
    fail "$what differs: $(diff "$golden" "$ours" | head -n 8)"
  fi
}

# global text: the trailer may follow an extra final interval
same_global() {
  local what=$1 golden=$2 ours=$3
  grep -v '^# CORSARO_\(PACKETCNT\|ACCEPTEDCNT\|DROPPEDCNT\|FIRSTPKT\|LASTPKT\)' "$golden" >"$WORK/gb"
  grep -v '^# CORSARO_\(PACKETCNT\|ACCEPTEDCNT\|DROPPEDCNT\|FIRSTPKT\|LASTPKT\)' "$ours" >"$WORK/ob"
  same_or_prefix "$what (intervals)" "$WORK/gb" "$WORK/ob"
  grep '^# CORSARO_\(PACKETCNT\|ACCEPTEDCNT\|DROPPEDCNT\|FIRSTPKT\|LASTPKT\)' "$golden" >"$WORK/gt"
  grep '^# CORSARO_\(PACKETCNT\|ACCEPTEDCNT\|DROPPEDCNT\|FIRSTPKT\|LASTPKT\)' "$ours" >"$WORK/ot"
  cmp -s "$WORK/gt" "$WORK/ot" && pass "$what (trailer)" ||
    fail "$what trailer differs: $(diff "$WORK/gt" "$WORK/ot")"
}

checked=0
for g in "$GOLDEN"/*/; do
  name=$(basename "$g")
  trace=$(ls "$SHARED/traces/$name".* 2>/dev/null | head -n 1)
  [ -n "$trace" ] || { echo "note: no trace for golden $name"; continue; }
  d=$WORK/$name && mkdir -p "$d/bin" "$d/ascii"
  "$CORSARO" -n oracle -o "$d/bin/%P.cors" -p flowtuple -p dos "$trace"
  "$CORSARO" -n oracle -m ascii -o "$d/ascii/ascii-%P.txt" -p flowtuple -p dos "$trace"

  # flowtuple bytes
  gzip -dc "$g/flowtuple.cors.gz" >"$d/v2-flowtuple.cors"
  size=$(stat -c %s "$d/v2-flowtuple.cors")
  if cmp -s "$d/v2-flowtuple.cors" "$d/bin/flowtuple.cors"; then
    pass "$name: flowtuple bytes identical"
  elif head -c "$size" "$d/bin/flowtuple.cors" | cmp -s - "$d/v2-flowtuple.cors" &&
       [ "$(tail -c +$((size + 1)) "$d/bin/flowtuple.cors" | head -c 8)" = "EDGRINTR" ]; then
    pass "$name: flowtuple bytes identical, plus a final interval"
  else
    fail "$name: flowtuple bytes differ"
  fi

  # our binaries through our cors2ascii
  "$CORS2ASCII" "$d/bin/flowtuple.cors" >"$d/ft.txt"
  same_or_prefix "$name: flowtuple text" "$g/flowtuple.txt" "$d/ft.txt"
  "$CORS2ASCII" "$d/bin/global.cors" >"$d/global.raw"
  normalise "$d/global.raw" >"$d/global.txt"
  normalise "$g/global.txt" >"$d/v2-global.txt"
  same_global "$name: global text" "$d/v2-global.txt" "$d/global.txt"
  if [ -s "$d/bin/dos.cors" ]; then
    "$CORS2ASCII" "$d/bin/dos.cors" >"$d/dos.raw"
  else
    : >"$d/dos.raw"
  fi
  canon_dos "$d/dos.raw" >"$d/dos.txt"
  canon_dos "$g/dos.txt" >"$d/v2-dos.txt"
  same_or_prefix "$name: dos text (vectors as sets)" "$d/v2-dos.txt" "$d/dos.txt"

  # -m ascii output
  same_or_prefix "$name: ascii flowtuple" "$g/ascii-flowtuple.txt" "$d/ascii/ascii-flowtuple.txt"
  normalise "$d/ascii/ascii-global.txt" >"$d/ag.txt"
  normalise "$g/ascii-global.txt" >"$d/v2-ag.txt"
  same_global "$name: ascii global" "$d/v2-ag.txt" "$d/ag.txt"
  touch "$d/ascii/ascii-dos.txt"
  canon_dos "$d/ascii/ascii-dos.txt" >"$d/ad.txt"
  canon_dos "$g/ascii-dos.txt" >"$d/v2-ad.txt"
  same_or_prefix "$name: ascii dos (vectors as sets)" "$d/v2-ad.txt" "$d/ad.txt"

  # v2's own binaries read by our cors2ascii print v2's text
  "$CORS2ASCII" "$g/flowtuple.cors.gz" >"$d/v2ft.txt"
  cmp -s "$d/v2ft.txt" "$g/flowtuple.txt" && pass "$name: reads v2 flowtuple" ||
    fail "$name: v2 flowtuple printed differently: $(diff "$g/flowtuple.txt" "$d/v2ft.txt" | head -5)"
  "$CORS2ASCII" "$g/global.cors.gz" >"$d/v2g.raw"
  normalise "$d/v2g.raw" >"$d/v2g.txt"
  cmp -s "$d/v2g.txt" "$d/v2-global.txt" && pass "$name: reads v2 global" ||
    fail "$name: v2 global printed differently: $(diff "$d/v2-global.txt" "$d/v2g.txt" | head -5)"
  if [ -s "$g/dos.txt" ]; then
    "$CORS2ASCII" "$g/dos.cors.gz" >"$d/v2d.raw"
    canon_dos "$d/v2d.raw" >"$d/v2d.txt"
    cmp -s "$d/v2d.txt" "$d/v2-dos.txt" && pass "$name: reads v2 dos" ||
      fail "$name: v2 dos printed differently: $(diff "$d/v2-dos.txt" "$d/v2d.txt" | head -5)"
  fi
  checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || fail "no golden folder was checked"
finish
