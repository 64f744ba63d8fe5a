#!/usr/bin/env bash
# The plugin SDK as a third party uses it (issue 4). Installs the build
# ($1, default build/) into a temporary prefix; from a separate directory,
# using only that prefix, builds every example (CMake and Makefile) and a
# freshly bootstrapped plugin and runs their tests; puts the .so files into
# a temporary plugin directory; runs corsaro with --plugin-path and with
# CORSARO_PLUGIN_PATH on a cors-synth trace; checks the outputs with
# cors2ascii against counts computed independently (libpcap, by hand, in
# tests/sdk/pcap_portcount.c) and against cors-synth's summary.
# Prints every check; exits 1 if any failed. KEEP=1 keeps the work folder.
set -euo pipefail
umask 022 # the loader refuses plugins that others may write
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
[ -x "$build/bin/corsaro" ] || { echo "test-sdk: no build in $build (run scripts/build.sh)" >&2; exit 1; }

work=$(mktemp -d /tmp/corsaro-sdk.XXXXXX)
cleanup() {
  local rc=$?
  if [ "${KEEP:-0}" = 1 ] || [ "$failures" -ne 0 ] || [ "$rc" -ne 0 ]; then
    echo "test-sdk: work folder kept: $work"
  else
    rm -rf "$work"
  fi
}
failures=0
trap cleanup EXIT
pass() { echo "  ok: $*"; }
fail() { echo "  FAIL: $*" >&2; failures=$((failures + 1)); }
step() { echo "== $*"; }
# check "what" cmd...: the command must succeed (its output is logged).
check() {
  local what=$1; shift
  if "$@" >"$work/last.log" 2>&1; then pass "$what"; else
    fail "$what: $(tail -n 20 "$work/last.log")"; fi
}
# same "what" A B: two values must be equal.
same() {
  if [ "$2" = "$3" ]; then pass "$1 ($2)"; else fail "$1: got '$2', expected '$3'"; fi
}
# expect_error "what" SUBSTRING cmd...: non-zero exit, SUBSTRING on stderr.
expect_error() {
  local what=$1 want=$2 rc=0; shift 2
  "$@" >"$work/out" 2>"$work/err" || rc=$?
  if [ "$rc" -eq 0 ]; then fail "$what: exit 0, expected an error"
  elif ! grep -qF -- "$want" "$work/err"; then fail "$what: stderr lacks '$want': $(cat "$work/err")"
  else pass "$what (exit $rc)"; fi
}

prefix=$work/prefix
src=$work/src          # copies of the examples: nothing is built in the source tree
plugins=$work/plugins  # the plugin directory given to corsaro
mkdir -p "$src" "$plugins"
# Nothing from the environment may help: only the prefix.
unset CORSARO_PLUGIN_PATH LD_LIBRARY_PATH PKG_CONFIG_PATH CMAKE_PREFIX_PATH

step "install into $prefix"
check "cmake --install" cmake --install "$build" --prefix "$prefix"
# lib, or lib/<multiarch> when the build was configured for /usr
so=$(find "$prefix" -name libcorsaro.so | head -n 1)
[ -n "$so" ] || { fail "no libcorsaro.so under $prefix"; exit 1; }
libdir=$(dirname "$so")
lib=${libdir#"$prefix"/}
export PKG_CONFIG_PATH=$libdir/pkgconfig
for f in bin/corsaro bin/cors2ascii bin/cors-synth bin/cors-plugin-bootstrap \
         include/corsaro/plugin.h include/corsaro/corsaro.h \
         $lib/cmake/Corsaro/CorsaroConfig.cmake $lib/cmake/Corsaro/CorsaroConfigVersion.cmake \
         $lib/cmake/Corsaro/CorsaroTargets.cmake $lib/cmake/Corsaro/CorsaroPlugin.cmake \
         $lib/pkgconfig/corsaro.pc $lib/corsaro/plugins/flowtuple.so \
         $lib/corsaro/plugins/dos.so $lib/corsaro/plugins/pcap.so; do
  [ -e "$prefix/$f" ] && pass "installed $f" || fail "missing $prefix/$f"
done
soname=$(objdump -p "$libdir/libcorsaro.so" | awk '$1 == "SONAME" {print $2}')
same "libcorsaro SONAME" "$soname" "libcorsaro.so.3"
P=$prefix/bin
abi=$(sed -n 's/^#define CORSARO_PLUGIN_ABI_\(MAJOR\|MINOR\) \([0-9]*\)$/\2/p' \
      "$prefix/include/corsaro/plugin.h" | paste -sd.)
same "pkg-config plugin_abi = plugin.h's ABI" "$(pkg-config --variable=plugin_abi corsaro)" "$abi"
same "pkg-config plugindir" "$(pkg-config --variable=plugindir corsaro)" "$libdir/corsaro/plugins"
"$P/corsaro" --list-plugins >"$work/list0" 2>&1 || fail "installed corsaro --list-plugins failed"
grep -Eq "^flowtuple .* installed +$prefix/.*corsaro/plugins/flowtuple\.so$" "$work/list0" &&
  pass "installed corsaro runs without LD_LIBRARY_PATH and finds the installed plugins" ||
  fail "installed corsaro does not list its installed plugins: $(cat "$work/list0")"

step "a moved install still works (RPATH and CMake config are relative)"
cp -a "$prefix" "$work/moved"
"$work/moved/bin/corsaro" --list-plugins >"$work/list-moved" 2>&1 &&
  grep -q "$work/moved/.*flowtuple.so" "$work/list-moved" &&
  pass "moved corsaro finds its plugins" || fail "moved corsaro: $(cat "$work/list-moved")"
mkdir -p "$src/probe"
cat >"$src/probe/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.16)
project(probe LANGUAGES C)
find_package(Corsaro 3 REQUIRED)
file(WRITE ${CMAKE_BINARY_DIR}/plugindir.txt "${CORSARO_PLUGINDIR}")
EOF
check "find_package(Corsaro) from the moved prefix" \
  cmake -S "$src/probe" -B "$work/b/probe" -DCMAKE_PREFIX_PATH="$work/moved"
same "CORSARO_PLUGINDIR follows the move" "$(cat "$work/b/probe/plugindir.txt" 2>/dev/null)" \
  "$work/moved/$lib/corsaro/plugins"
rm -rf "$work/moved"

step "build the examples out of tree against $prefix"
cp -r "$top/examples/portcount" "$top/examples/cidrfilter" "$top/examples/makefile-plugin" "$src/"
for ex in portcount cidrfilter; do
  check "$ex: configure (find_package(Corsaro))" \
    cmake -S "$src/$ex" -B "$work/b/$ex" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_FLAGS=-Werror
  same "$ex: found the SDK in the prefix" \
    "$(sed -n 's/^Corsaro_DIR:PATH=//p' "$work/b/$ex/CMakeCache.txt")" "$libdir/cmake/Corsaro"
  check "$ex: build" cmake --build "$work/b/$ex"
  check "$ex: unit tests" ctest --test-dir "$work/b/$ex" --output-on-failure
  cp "$work/b/$ex/$ex.so" "$plugins/" || fail "$ex.so not built"
done
check "makefile-plugin: make (pkg-config)" make -C "$src/makefile-plugin" CFLAGS="-O2 -Werror"
cp "$src/makefile-plugin/pktcount.so" "$plugins/" || fail "pktcount.so not built"
# a plugin with the ABI 1.0 descriptor, built with pkg-config too
check "abi10 (ABI 1.0 descriptor): cc with pkg-config" \
  cc -std=gnu11 -Wall -Wextra -Werror -fPIC -fvisibility=hidden -shared \
     -Wl,-z,defs $(pkg-config --cflags corsaro) -o "$plugins/abi10.so" \
     "$top/tests/sdk/abi10_plugin.c" $(pkg-config --libs corsaro)

step "bootstrap a plugin with cors-plugin-bootstrap"
check "cors-plugin-bootstrap mystats" "$P/cors-plugin-bootstrap" mystats "$src/mystats"
for f in mystats.c test_mystats.c CMakeLists.txt README.md; do
  [ -s "$src/mystats/$f" ] && pass "wrote $f" || fail "no $src/mystats/$f"
done
missing=""
for cb in init_output close_output start_interval end_interval process_packet \
          process_flowtuple process_flowtuple_class_start process_flowtuple_class_end \
          probe_filename probe_magic init_input close_input read_record \
          read_global_data_record print_record; do
  grep -Eq "^static [a-z_]+ corsaro_mystats_$cb\((.*[^;])?$" "$src/mystats/mystats.c" ||
    missing="$missing $cb"
done
[ -z "$missing" ] && pass "mystats.c defines every callback" || fail "mystats.c lacks:$missing"
check "mystats: configure" cmake -S "$src/mystats" -B "$work/b/mystats" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_FLAGS=-Werror
check "mystats: build" cmake --build "$work/b/mystats"
check "mystats: its cmocka test" ctest --test-dir "$work/b/mystats" --output-on-failure
grep -q "100% tests passed" "$work/last.log" && pass "mystats: test ran" || fail "mystats: no test ran"
cp "$work/b/mystats/mystats.so" "$plugins/" || fail "mystats.so not built"
expect_error "bad name refused, naming the rule" "[a-z0-9_]+" "$P/cors-plugin-bootstrap" Bad-Name "$work/x"
expect_error "non-empty DIR refused" "not empty" "$P/cors-plugin-bootstrap" other "$src/mystats"
[ "$(ls "$src/mystats" | wc -l)" = 4 ] && pass "nothing written into the non-empty DIR" ||
  fail "files changed in $src/mystats: $(ls "$src/mystats")"
check "cors-plugin-bootstrap --help" "$P/cors-plugin-bootstrap" --help

step "the plugin directory $plugins"
for so in "$plugins"/*.so; do
  syms=$(nm -D --defined-only "$so" | awk '{print $3}' | paste -sd' ')
  same "$(basename "$so") exports only its descriptor" "$syms" "corsaro_plugin"
done
"$P/corsaro" --plugin-path "$plugins" --list-plugins >"$work/list1" 2>&1 ||
  fail "corsaro --plugin-path --list-plugins: $(cat "$work/list1")"
for name in portcount cidrfilter pktcount mystats abi10; do
  grep -Eq "^$name .* --plugin-path +$plugins/$name\.so$" "$work/list1" &&
    pass "--plugin-path: $name listed" || fail "--plugin-path: $name not listed"
done
grep -Eq "^abi10 +1\.0\.0 +1\.0 " "$work/list1" && pass "abi10 listed as ABI 1.0" ||
  fail "abi10 not listed as ABI 1.0: $(grep abi10 "$work/list1")"
grep -Eq "^portcount +1\.0\.0 +$abi +PCNT +yes " "$work/list1" &&
  pass "portcount listed with ABI $abi, magic PCNT, Corsaro-In" || fail "portcount line: $(grep portcount "$work/list1")"
grep -q "Refused" "$work/list1" && fail "refused files: $(sed -n '/Refused/,$p' "$work/list1")" ||
  pass "no file refused"
CORSARO_PLUGIN_PATH=$plugins "$P/corsaro" --list-plugins >"$work/list2" 2>&1 ||
  fail "CORSARO_PLUGIN_PATH corsaro --list-plugins: $(cat "$work/list2")"
grep -Eq "^mystats .* CORSARO_PLUGIN_PATH +$plugins/mystats\.so$" "$work/list2" &&
  pass "CORSARO_PLUGIN_PATH: mystats listed" || fail "CORSARO_PLUGIN_PATH: $(cat "$work/list2")"

step "a cors-synth trace"
trace=$work/trace.pcap
check "cors-synth" "$P/cors-synth" -s 11 -n 30000 -d 400 -o "$trace" --summary "$work/summary"
sum() { awk -v k="$1" '$1 == k {print $2}' "$work/summary"; }
check "build the independent counter (libpcap)" \
  cc -O2 -Wall -Wextra -o "$work/pcap_portcount" "$top/tests/sdk/pcap_portcount.c" -lpcap
cidrs="44.0.0.0/10 44.128.0.0/9"
"$work/pcap_portcount" 60 "$trace" 2>"$work/all.n" | sort >"$work/want-all" ||
  fail "pcap_portcount: $(cat "$work/all.n")"
"$work/pcap_portcount" 60 "$trace" $cidrs 2>"$work/in.n" | sort >"$work/want-in" ||
  fail "pcap_portcount with prefixes: $(cat "$work/in.n")"
n_all=$(awk '{print $2}' "$work/all.n"); n_in=$(awk '{print $2}' "$work/in.n")
same "independent IPv4 count = cors-synth's" "$n_all" "$(sum ipv4)"
[ "$n_in" -gt 0 ] && [ "$n_in" -lt "$n_all" ] && pass "$cidrs holds $n_in of $n_all IPv4 packets" ||
  fail "$cidrs holds $n_in of $n_all: the filter test would prove nothing"

# cors2ascii's portcount text as `START PROTOCOL PORT PACKETS` lines
flatten() {
  awk '/^# CORSARO_INTERVAL_START/ {t = $4; next} /^#/ {next} {print t, $1, $2, $3}' "$1" | sort
}
total_of() { awk -v p="${2:-}" 'p == "" || $2 == p {n += $4} END {print n + 0}' "$1"; }

step "run 1: --plugin-path, -p portcount -p pktcount -p mystats"
mkdir -p "$work/r1"
check "corsaro --plugin-path" "$P/corsaro" --plugin-path "$plugins" -i 60 \
  -o "$work/r1/%N.%s.%P.cors" -n sdk -p portcount -p pktcount -p mystats "$trace"
pc1=$(ls "$work"/r1/sdk.*.portcount.cors 2>/dev/null | head -1 || true)
check "cors2ascii portcount file" "$P/cors2ascii" --plugin-path "$plugins" "$pc1"
cp "$work/last.log" "$work/r1.txt"
flatten "$work/r1.txt" >"$work/got-all"
if diff -q "$work/want-all" "$work/got-all" >/dev/null; then
  pass "portcount = independent count, $(wc -l <"$work/got-all") (interval, protocol, port) rows"
else
  fail "portcount differs from the independent count: $(diff "$work/want-all" "$work/got-all" | head)"
fi
same "portcount total = cors-synth ipv4" "$(total_of "$work/got-all")" "$(sum ipv4)"
same "portcount TCP = cors-synth tcp" "$(total_of "$work/got-all" 6)" "$(sum tcp)"
same "portcount UDP = cors-synth udp" "$(total_of "$work/got-all" 17)" "$(sum udp)"
same "portcount ICMP = cors-synth icmp" "$(total_of "$work/got-all" 1)" "$(sum icmp)"
same "portcount GRE = cors-synth gre" "$(total_of "$work/got-all" 47)" "$(sum gre)"
head -c "$(($(stat -c %s "$pc1") - 5))" "$pc1" >"$work/r1/cut.portcount.cors"
expect_error "cors2ascii of a truncated portcount file says so" "truncated" \
  "$P/cors2ascii" --plugin-path "$plugins" "$work/r1/cut.portcount.cors"
pk1=$(ls "$work"/r1/sdk.*.pktcount.cors 2>/dev/null | head -1 || true)
same "pktcount packets = cors-synth packets" "$(awk '{n += $3} END {print n + 0}' "$pk1")" "$(sum packets)"
same "pktcount ignored (no filter)" "$(awk '{n += $4} END {print n + 0}' "$pk1")" 0
intervals=$(grep -c '^# CORSARO_INTERVAL_START' "$work/r1.txt" || true)
same "pktcount intervals = portcount intervals" "$(wc -l <"$pk1")" "$intervals"
ms1=$(ls "$work"/r1/sdk.*.mystats.cors 2>/dev/null | head -1 || true)
check "cors2ascii mystats file" "$P/cors2ascii" --plugin-path "$plugins" "$ms1"
same "mystats packets = cors-synth packets" \
  "$(awk '$2 == "packets" {n += $3} END {print n + 0}' "$work/last.log")" "$(sum packets)"

step "run 2: CORSARO_PLUGIN_PATH, -p \"cidrfilter $cidrs\" -p portcount -p pktcount"
mkdir -p "$work/r2"
check "corsaro with CORSARO_PLUGIN_PATH" env CORSARO_PLUGIN_PATH="$plugins" "$P/corsaro" \
  -i 60 -o "$work/r2/%N.%s.%P.cors" -n sdk -p "cidrfilter $cidrs" -p portcount -p pktcount "$trace"
pc2=$(ls "$work"/r2/sdk.*.portcount.cors 2>/dev/null | head -1 || true)
check "cors2ascii (CORSARO_PLUGIN_PATH)" env CORSARO_PLUGIN_PATH="$plugins" "$P/cors2ascii" "$pc2"
flatten "$work/last.log" >"$work/got-in"
if diff -q "$work/want-in" "$work/got-in" >/dev/null; then
  pass "cidrfilter + portcount = independent count inside $cidrs ($(total_of "$work/got-in") packets)"
else
  fail "filtered portcount differs: $(diff "$work/want-in" "$work/got-in" | head)"
fi
pk2=$(ls "$work"/r2/sdk.*.pktcount.cors 2>/dev/null | head -1 || true)
same "pktcount after cidrfilter: packets - ignored = inside" \
  "$(awk '{n += $3 - $4} END {print n + 0}' "$pk2")" "$n_in"
grep -q "cidrfilter: kept $n_in packets" "$work"/r2/sdk.*.log.cors &&
  pass "cidrfilter logged kept $n_in" || fail "cidrfilter's log line: $(grep cidrfilter "$work"/r2/*log* || true)"
expect_error "bad CIDR fails, naming the option" "cidrfilter: option '44.0.0.0/33'" \
  "$P/corsaro" --plugin-path "$plugins" -o "$work/r2/x.%P" -p "cidrfilter 44.0.0.0/8 44.0.0.0/33" "$trace"
expect_error "cidrfilter without prefixes fails" "give at least one IPv4 prefix" \
  "$P/corsaro" --plugin-path "$plugins" -o "$work/r2/x.%P" -p cidrfilter "$trace"
expect_error "mystats' unknown option fails" "mystats: unknown option '-z'" \
  "$P/corsaro" --plugin-path "$plugins" -o "$work/r2/x.%P" -p "mystats -z" "$trace"

step "run 3: -m ascii writes what cors2ascii prints"
mkdir -p "$work/r3"
check "corsaro -m ascii" "$P/corsaro" --plugin-path "$plugins" -m ascii -i 60 -G -L \
  -o "$work/r3/%P.txt" -p portcount -p mystats "$trace"
cmp -s "$work/r3/portcount.txt" "$work/r1.txt" && pass "portcount: ASCII file = cors2ascii of the binary" ||
  fail "portcount: ASCII and cors2ascii differ: $(diff "$work/r3/portcount.txt" "$work/r1.txt" | head -5)"
"$P/cors2ascii" --plugin-path "$plugins" "$ms1" >"$work/ms1.txt" 2>&1 || true
cmp -s "$work/r3/mystats.txt" "$work/ms1.txt" && pass "mystats: ASCII file = cors2ascii of the binary" ||
  fail "mystats: ASCII and cors2ascii differ"

step "run 4: the ABI 1.0 plugin runs"
mkdir -p "$work/r4"
check "corsaro -p abi10" "$P/corsaro" --plugin-path "$plugins" -G -L -i 60 \
  -o "$work/r4/%P.txt" -p abi10 "$trace"
same "abi10 packets = cors-synth packets" \
  "$(awk '{n += $3} END {print n + 0}' "$work/r4/abi10.txt" 2>/dev/null)" "$(sum packets)"

step "install plugins into the installed plugin directory"
check "cmake --install portcount" cmake --install "$work/b/portcount"
check "make install pktcount" make -C "$src/makefile-plugin" install
"$P/corsaro" --list-plugins >"$work/list3" 2>&1 || fail "corsaro --list-plugins: $(cat "$work/list3")"
for name in portcount pktcount; do
  grep -Eq "^$name .* installed +.*$name\.so$" "$work/list3" &&
    pass "$name found in the installed directory without --plugin-path" ||
    fail "$name not found as installed: $(cat "$work/list3")"
done
"$P/cors2ascii" "$pc1" >"$work/r1-installed.txt" 2>&1 || true
cmp -s "$work/r1.txt" "$work/r1-installed.txt" && pass "cors2ascii reads portcount files with the installed plugin" ||
  fail "cors2ascii with the installed portcount differs: $(head -3 "$work/r1-installed.txt")"

echo
if [ "$failures" -ne 0 ]; then
  echo "test-sdk: $failures check(s) failed" >&2
  exit 1
fi
echo "test-sdk: all checks passed"
