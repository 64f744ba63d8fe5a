#!/usr/bin/env bash
# Plugin loading runs no code it should not (docs/reliability.md,
# "Reliability II: plugin loading"). Each test plugin's constructor appends
# its name to $CORSARO_TEST_MARKER, so the marker file tells which .so
# files were mapped: a file without a corsaro_plugin data symbol never is
# (not even for --list-plugins); a run loads only the plugins it asks for;
# cors2ascii loads only the reader the file needs; truncated and hostile
# ELF files are refused from the file alone, with a reason, no crash (this
# test runs under ASan too); plugin names global and log are reserved.
. "$(dirname "$0")/common.sh"

MARKERS=${CORSARO_MARKER_PLUGINS:?CORSARO_MARKER_PLUGINS must name the marker plugin dir}
HOSTILE_ELF=${CORSARO_HOSTILE_ELF:?CORSARO_HOSTILE_ELF must name the hostile_elf program}
BOOTSTRAP=$BIN/cors-plugin-bootstrap
export CORSARO_TEST_MARKER=$WORK/marker
"$SYNTH" -s 5 -n 400 -d 100 -o "$WORK/t.pcap"

# ran NAME: the constructor of NAME.so ran since the last reset
ran() { [ -f "$CORSARO_TEST_MARKER" ] && grep -qx "$1" "$CORSARO_TEST_MARKER"; }
reset() { rm -f "$CORSARO_TEST_MARKER"; }
# no_code_ran WHAT: no test plugin's constructor ran
no_code_ran() {
  if [ -s "$CORSARO_TEST_MARKER" ]; then
    fail "$1: loaded $(tr '\n' ' ' <"$CORSARO_TEST_MARKER")"
  else
    pass "$1: no test plugin was loaded"
  fi
}
# lists WHAT TEXT: stdout of the last run_rc holds TEXT
lists() {
  if grep -qF -- "$2" "$WORK/out"; then pass "$1: lists '$2'"; else fail "$1: stdout lacks '$2': $(head -c 800 "$WORK/out")"; fi
}

# ---- --list-plugins maps only files that declare themselves plugins ----
reset
run_rc rc "$CORSARO" --plugin-path "$MARKERS" --list-plugins
expect_rc "--list-plugins" 0 "$rc"
lists "--list-plugins" "$MARKERS/nosym.so: it has no 'corsaro_plugin' symbol, so it is not a Corsaro plugin"
ran nosym && fail "--list-plugins ran the constructor of nosym.so (no corsaro_plugin symbol)" ||
  pass "--list-plugins did not map nosym.so"
# the control: a file that passes the ELF check is loaded to show its name
grep -qE '^marked +1\.0\.0' "$WORK/out" && ran marked &&
  pass "--list-plugins loads marked.so, which passes the check" ||
  fail "--list-plugins did not load marked.so: $(head -c 600 "$WORK/out")"

# ---- a run loads only the plugins it asks for ----
mkdir -p "$WORK/run"
reset
run_rc rc "$CORSARO" --plugin-path "$MARKERS" -o "$WORK/run/x-%P.cors" -p flowtuple -p dos "$WORK/t.pcap"
expect_rc "-p flowtuple -p dos with marked.so and nosym.so on the path" 0 "$rc"
no_code_ran "-p flowtuple -p dos"
reset
run_rc rc "$CORSARO" --plugin-path "$MARKERS" -o "$WORK/run/m-%P.cors" -p marked "$WORK/t.pcap"
expect_rc "-p marked" 0 "$rc"
ran marked && ! ran nosym && pass "-p marked loads marked.so, not nosym.so" ||
  fail "-p marked: marker says $(cat "$CORSARO_TEST_MARKER" 2>/dev/null)"
reset
run_rc rc "$CORSARO" --plugin-path "$MARKERS" -o "$WORK/run/n-%P.cors" -p nosym "$WORK/t.pcap"
expect_rc "-p nosym" 1 "$rc"
says "-p nosym" "plugin 'nosym' was refused: $MARKERS/nosym.so: it has no 'corsaro_plugin' symbol"
ran nosym && fail "-p nosym ran its constructor" || pass "-p nosym: nosym.so never mapped"

# ---- readers load only the plugin the file needs ----
for f in x-global.cors x-flowtuple.cors x-dos.cors; do
  "$CORS2ASCII" "$WORK/run/$f" >"$WORK/want.txt" 2>"$WORK/want.err" ||
    fail "cors2ascii $f without the marker plugins: $(head -c 300 "$WORK/want.err")"
  reset
  run_rc rc "$CORS2ASCII" --plugin-path "$MARKERS" "$WORK/run/$f"
  expect_rc "cors2ascii $f" 0 "$rc"
  cmp -s "$WORK/out" "$WORK/want.txt" && pass "cors2ascii $f: same text with the marker plugins on the path" ||
    fail "cors2ascii $f: the text differs with the marker plugins on the path"
  no_code_ran "cors2ascii $f"
done
# a global file names its plugins by magic: still only flowtuple and dos
"$CORS2ASCII" --plugin-path "$MARKERS" "$WORK/run/x-global.cors" | grep -c '^# CORSARO_PLUGIN \(flowtuple\|dos\)$' >"$WORK/n" || true
[ "$(cat "$WORK/n")" = 2 ] && pass "cors2ascii of the global file names flowtuple and dos" ||
  fail "cors2ascii of the global file named $(cat "$WORK/n") of flowtuple, dos"

# ---- truncated and hostile ELF files ----
mkdir -p "$WORK/h"
"$HOSTILE_ELF" "$MARKERS/marked.so" "$WORK/h"
chmod 644 "$WORK"/h/*.so
total=$(ls "$WORK"/h/*.so | wc -l)
reset
run_rc rc "$CORSARO" --plugin-path "$WORK/h" --list-plugins
expect_rc "--list-plugins over $total hostile files" 0 "$rc"
no_code_ran "--list-plugins over hostile files"
refused=$(grep -cE "^  $WORK/h/h_[a-z0-9_]+\.so: .{20,}" "$WORK/out" || true)
[ "$refused" -eq "$total" ] && pass "all $total hostile files refused with a reason" ||
  fail "$refused of $total hostile files refused: $(head -c 3000 "$WORK/out")"
grep -qE "^[a-z0-9_]+ .* $WORK/h/" "$WORK/out" &&
  fail "a hostile file was listed as a plugin: $(head -c 1500 "$WORK/out")" ||
  pass "no hostile file listed as a plugin"
for want in "h_not_elf.so: it is not an ELF shared object" \
            "h_trunc_0.so: it is 0 bytes, too short for an ELF file" \
            "h_trunc_last.so: its ELF section headers lie outside the file" \
            "h_shoff_huge.so: its ELF section header" \
            "h_dynsym_size_huge.so: its ELF dynamic symbol table claims" \
            "h_dynstr_off_huge.so: its ELF dynamic string table lies outside the file" \
            "h_dynstr_cut.so: it has no 'corsaro_plugin' symbol" \
            "h_sym_func.so: its 'corsaro_plugin' symbol is a function" \
            "h_sym_undef.so: its 'corsaro_plugin' symbol is undefined" \
            "h_sym_short.so: its descriptor is 4 bytes, shorter than the" \
            "h_sym_value_huge.so: its 'corsaro_plugin' symbol lies outside the section" \
            "h_data_msb.so: it is a big-endian ELF file" \
            "h_elf32_plugin.so: it is a 32-bit plugin, this corsaro is 64-bit" \
            "h_machine_other.so: it is built for another processor" \
            "h_type_exec.so: it is an ELF file but not a shared object"; do
  lists "hostile ELF" "$want"
done
reset
run_rc rc "$CORSARO" --plugin-path "$WORK/h" -o "$WORK/run/h-%P.cors" -p h_sym_func "$WORK/t.pcap"
expect_rc "-p h_sym_func" 1 "$rc"
says "-p h_sym_func" "plugin 'h_sym_func' was refused: $WORK/h/h_sym_func.so: its 'corsaro_plugin' symbol is a function"
no_code_ran "-p h_sym_func"
reset
run_rc rc "$CORS2ASCII" --plugin-path "$WORK/h" "$WORK/run/x-global.cors"
expect_rc "cors2ascii of the global file with hostile files on the path" 0 "$rc"
no_code_ran "cors2ascii with hostile files on the path"

# ---- the names global and log are reserved ----
run_rc rc "$CORSARO" --plugin-path "$MARKERS/reserved" -o "$WORK/run/r-%P.cors" -p global "$WORK/t.pcap"
expect_rc "-p global (a plugin named global)" 1 "$rc"
says "-p global" "plugin 'global' was refused: $MARKERS/reserved/global.so: its name 'global' is reserved"
run_rc rc "$CORSARO" --plugin-path "$MARKERS/reserved" --list-plugins
lists "--list-plugins with a plugin named global" "global.so: its name 'global' is reserved"
grep -qE '^global ' "$WORK/out" && fail "a plugin named global is listed as loaded" ||
  pass "a plugin named global is not listed as loaded"
for name in global log; do
  run_rc rc "$BOOTSTRAP" "$name" "$WORK/bs-$name"
  expect_rc "cors-plugin-bootstrap $name" 2 "$rc"
  says "cors-plugin-bootstrap $name" "plugin name '$name' is reserved"
  [ ! -e "$WORK/bs-$name" ] && pass "cors-plugin-bootstrap $name: nothing written" ||
    fail "cors-plugin-bootstrap $name wrote $WORK/bs-$name"
done
finish
