#!/usr/bin/env bash
# Installs every Debian 12 package Corsaro needs to build, test and
# benchmark. Safe to run again. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libtrace3-dev libwandio1-dev libltdl-dev uthash-dev libpcap-dev
  libcmocka-dev libpacketdump3-dev
  libtrace-tools   # tracestats: the benchmark baseline
  tcpdump          # tests compare pcap output packet by packet
  clang libclang-rt-14-dev  # libFuzzer and its sanitizers (scripts/fuzz.sh)
  valgrind         # scripts/valgrind.sh
  time             # /usr/bin/time -v: peak memory in tests/faults
  libssl-dev       # libcrypto's AES for the anon plugin (Crypto-PAn)
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
