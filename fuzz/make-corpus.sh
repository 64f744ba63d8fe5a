#!/usr/bin/env bash
# Remakes the committed seed corpus (fuzz/corpus/NAME/) from cors-synth
# traces with a normal build: ./fuzz/make-corpus.sh BUILD_DIR
# The seeds are small valid files, so the fuzzers start from the real
# grammar; the corpus is committed so fuzz runs need no build of their own.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: make-corpus.sh BUILD_DIR}" && pwd)
bin=$build/bin
corpus=$top/fuzz/corpus
work=$(mktemp -d /tmp/corsaro-corpus.XXXXXX)
trap 'rm -rf "$work"' EXIT
export CORSARO_PLUGIN_PATH=$build/lib/corsaro/plugins

rm -rf "$corpus"
mkdir -p "$corpus"/{global,flowtuple,dos,portcount,replay,packet,plugin_args,template}

# the example plugin, built as a third party would (against the SDK)
ex=$top/examples/portcount
cc -shared -fPIC -I"$top/include" -o "$work/portcount.so" \
  "$ex"/portcount.c "$ex"/portcount_format.c "$ex"/portcount_reader.c \
  "$ex"/portcount_table.c -L"$build/lib" -lcorsaro
export CORSARO_PLUGIN_PATH=$CORSARO_PLUGIN_PATH:$work

# a few intervals with little in them, and a longer trace with dos attacks
"$bin/cors-synth" -s 4 -n 120 -d 150 -o "$work/small.pcap"
"$bin/cors-synth" -s 3 -n 3000 -d 400 -o "$work/attacks.pcap"
# (relative names: the trace URI in the global header stays the same)
run() { (cd "$work" && "$bin/corsaro" -n fuzz "$@"); }
mkdir "$work"/{a,b,c,d}
run -i 60 -o a/%P.cors -p flowtuple -p dos small.pcap
run -i 60 -o b/%P.cors.gz -p "flowtuple -8 44" -p dos small.pcap
run -i 120 -o c/%P.cors -p flowtuple -p dos attacks.pcap
run -i 60 -o d/%P.cors -p "flowtuple -8 44" -p portcount small.pcap
for d in a b c d; do
  for kind in global flowtuple dos portcount; do
    for f in "$work/$d/$kind".cors*; do
      [ -s "$f" ] || continue
      cp "$f" "$corpus/$kind/$d-$(basename "$f")"
    done
  done
done
rm -f "$corpus/flowtuple/c-flowtuple.cors" # 60 KB: too big to be a seed
cp "$corpus"/flowtuple/* "$corpus/replay/" # re-processing reads flowtuple files

# packets: the first frames of the small trace, each after the harness's
# two bytes of time (no step, no microseconds)
off=24
for i in $(seq -w 1 40); do
  caplen=$(od -An -tu4 -j $((off + 8)) -N4 "$work/small.pcap" | tr -d ' ')
  { printf '\0\0'; head -c $((off + 16 + caplen)) "$work/small.pcap" | tail -c "$caplen"; } \
    >"$corpus/packet/frame-$i"
  off=$((off + 16 + caplen))
done

# option strings as -p gives them
i=0
for s in '-s' '-8 44' '-f "web:tcp port 80" -m all' '-i -p 10.0.0.0/8 -d' \
         'a  b   ' '"unterminated quote' '""' '   '; do
  printf '%s' "$s" >"$corpus/plugin_args/args-$((i += 1))"
done

# templates: flags, time (4 bytes), "template\0plugin\0monitor"
i=0
for t in 'out/%N.%s.%P.cors.gz' '%P' '/d/%Y/%m/%d/%P.%s.cors.bz2' '%%P%%%' \
         '%P.cors.xz.gz' '.gz%P'; do
  for flags in '\xff' '\x10'; do
    printf "$flags"'\x4e\xbc\x84\x00%s\0flowtuple\0ucsd-nt' "$t" \
      >"$corpus/template/tmpl-$((i += 1))"
  done
done
du -sh "$corpus"/*
