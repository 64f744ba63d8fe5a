#!/usr/bin/env bash
# The README's first command: installs what is needed, builds, makes a
# sample telescope trace with cors-synth, runs corsaro on it with the
# flowtuple, dos and pcap plugins, and shows what came out.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh"
bin=$top/build/bin
out=$top/out
rm -rf "$out" && mkdir -p "$out"

echo "== making a sample trace: 50,000 packets over 15 minutes into 44.0.0.0/8"
"$bin/cors-synth" -s 7 -n 50000 -d 900 -p 44.0.0.0/8 -o "$out/sample.pcap.gz"

echo "== plugins found at run time"
"$bin/corsaro" --list-plugins

echo "== corsaro -o $out/%N.%s.%P.cors.gz -p flowtuple -p dos -p pcap sample.pcap.gz"
"$bin/corsaro" -n demo -o "$out/%N.%s.%P.cors.gz" -p flowtuple -p dos -p pcap \
  "$out/sample.pcap.gz"

echo "== files written"
ls -l "$out"
echo "== the global file"
"$bin/cors2ascii" "$out"/demo.*.global.cors.gz
echo "== the first lines of the flowtuple file"
"$bin/cors2ascii" "$out"/demo.*.flowtuple.cors.gz | head -n 12
echo "== the dos file: attack vectors, each with a decode of its first packet"
"$bin/cors2ascii" "$out"/demo.*.dos.cors.gz | head -n 30
