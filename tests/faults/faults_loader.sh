#!/usr/bin/env bash
# Safe plugin loading (README "Plugins"): the working directory is never
# searched, not even through an empty entry of a colon list ("a::b", a
# leading or trailing ':'); files or directories that group or others may
# write, or that another non-root user owns, are refused with the reason
# and the remedy unless --plugin-trust-all is given; CORSARO_PLUGIN_PATH is
# ignored when corsaro runs setuid or setgid; and every symbol is bound at
# load, so a plugin calling a missing function is refused there, naming
# the symbol, instead of killing the run at its first packet.
. "$(dirname "$0")/common.sh"

UNBOUND=${CORSARO_UNBOUND_PLUGINS:?CORSARO_UNBOUND_PLUGINS must name the unbound plugin dir}
BUILT=${CORSARO_BUILD_PLUGINS:?CORSARO_BUILD_PLUGINS must name the build plugin dir}
"$SYNTH" -s 3 -n 300 -d 100 -o "$WORK/t.pcap"

# found WHAT: the last --list-plugins run ($WORK/out) lists the fault plugin
found() { grep -qE '^fault +1\.0\.0' "$WORK/out"; }

# ---- the working directory is never searched ----
cwd=$WORK/cwd && mkdir -p "$cwd" && cp "$FAULT_PLUGINS/fault.so" "$cwd/"
for path in "" ":" "::" "$BUILT::$BUILT" "$BUILT:" ":$BUILT" "nowhere::elsewhere"; do
  run_rc rc env -C "$cwd" CORSARO_PLUGIN_PATH="$path" "$CORSARO" --list-plugins
  if found || grep -qE '^  \.? \(' "$WORK/out"; then
    fail "CORSARO_PLUGIN_PATH='$path': the working directory was searched"
  else
    pass "CORSARO_PLUGIN_PATH='$path': the working directory is not searched"
  fi
done
for opt in "" ":" "::"; do
  run_rc rc env -C "$cwd" "$CORSARO" --plugin-path "$opt" --list-plugins
  found && fail "--plugin-path '$opt': the working directory was searched" ||
    pass "--plugin-path '$opt': the working directory is not searched"
done
run_rc rc env -C "$cwd" "$CORSARO" -o "$WORK/x-%P.cors" -p fault "$WORK/t.pcap"
expect_rc "-p fault with fault.so in the working directory" 1 "$rc"
says "-p fault with fault.so in the working directory" "no plugin named 'fault'"
# naming it is the user's choice
run_rc rc env -C "$cwd" "$CORSARO" --plugin-path . --list-plugins
found && pass "--plugin-path . finds it" || fail "--plugin-path . does not find it"

# ---- files and directories others may change ----
# refused WHAT DIR REASON: the fault plugin in DIR is refused for REASON,
# and accepted with --plugin-trust-all
refused() {
  local what=$1 dir=$2 reason=$3
  run_rc rc "$CORSARO" --plugin-path "$dir" -o "$WORK/x-%P.cors" -p fault "$WORK/t.pcap"
  expect_rc "$what" 1 "$rc"
  says "$what" "plugin 'fault' was refused"
  says "$what" "$reason"
  says "$what" "--plugin-trust-all"
  run_rc rc "$CORSARO" --plugin-trust-all --plugin-path "$dir" --list-plugins
  found && pass "$what: --plugin-trust-all loads it" || fail "$what: --plugin-trust-all does not load it"
}
fresh() { rm -rf "$WORK/p" && mkdir -m 755 "$WORK/p" && cp "$FAULT_PLUGINS/fault.so" "$WORK/p/" && chmod 755 "$WORK/p/fault.so"; }
fresh; chmod g+w "$WORK/p/fault.so"
refused "group-writable plugin file" "$WORK/p" "is writable by group or others; fix with 'chmod go-w"
fresh; chmod o+w "$WORK/p/fault.so"
refused "world-writable plugin file" "$WORK/p" "is writable by group or others"
fresh; chmod 775 "$WORK/p"
refused "group-writable plugin directory" "$WORK/p" "$WORK/p is writable by group or others"
fresh; chmod 777 "$WORK/p"
refused "world-writable plugin directory" "$WORK/p" "$WORK/p is writable by group or others"
fresh
run_rc rc "$CORSARO" --plugin-path "$WORK/p" --list-plugins
found && pass "a plugin only its owner may write loads" || fail "a safe plugin was refused: $(cat "$WORK/out")"
if [ "$(id -u)" -eq 0 ]; then
  other=$(id -u daemon 2>/dev/null || echo 1)
  fresh; chown "$other" "$WORK/p/fault.so"
  refused "plugin file of another user" "$WORK/p" "belongs to another user (uid $other)"
  fresh; chown "$other" "$WORK/p"
  refused "plugin directory of another user" "$WORK/p" "belongs to another user (uid $other)"
else
  echo "skip: ownership checks need root (to give a file away)"
fi

# ---- CORSARO_PLUGIN_PATH is ignored when setuid ----
suid_check() {
  # a setuid copy owned by daemon, run by nobody: AT_SECURE is set
  local d=$WORK/suid
  if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null; then
    echo "skip: the setuid check needs root and setpriv"; return
  fi
  if findmnt -n -o OPTIONS -T "$WORK" | grep -q nosuid; then
    echo "skip: $WORK is on a nosuid mount"; return
  fi
  mkdir -p "$d" && chmod 755 "$WORK" "$d"
  cp "$CORSARO" "$d/corsaro" && cp "$CORSARO" "$d/corsaro-plain"
  chown daemon "$d/corsaro" && chmod 4755 "$d/corsaro"
  if sanitizer_build "$CORSARO"; then
    echo "skip: the setuid check (LeakSanitizer cannot run setuid)"; return
  fi
  local as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups env -C /)
  run_rc rc "${as_nobody[@]}" CORSARO_PLUGIN_PATH="$FAULT_PLUGINS" "$d/corsaro-plain" --list-plugins
  if ! found; then
    echo "skip: nobody cannot load the build's plugins here: $(head -c 300 "$WORK/err")"; return
  fi
  pass "not setuid: CORSARO_PLUGIN_PATH is searched"
  run_rc rc "${as_nobody[@]}" CORSARO_PLUGIN_PATH="$FAULT_PLUGINS" "$d/corsaro" --list-plugins
  expect_rc "setuid --list-plugins" 0 "$rc"
  if found || grep -q "CORSARO_PLUGIN_PATH)" "$WORK/out"; then
    fail "setuid: CORSARO_PLUGIN_PATH was searched: $(cat "$WORK/out")"
  else
    pass "setuid: CORSARO_PLUGIN_PATH is ignored"
  fi
}
suid_check

# ---- immediate binding ----
run_rc rc "$CORSARO" --plugin-path "$UNBOUND" --list-plugins
grep -q "unbound.so: cannot be loaded as a shared object with every symbol bound: .*undefined symbol: corsaro_test_missing_function" "$WORK/out" &&
  pass "a plugin calling a missing function is refused at load, naming the symbol" ||
  fail "unbound plugin not refused: $(cat "$WORK/out")"
mkdir -p "$WORK/ub"
run_rc rc "$CORSARO" --plugin-path "$UNBOUND" -o "$WORK/ub/%P.cors" -p flowtuple -p unbound "$WORK/t.pcap"
expect_rc "running a plugin calling a missing function" 1 "$rc"
says "running a plugin calling a missing function" "undefined symbol: corsaro_test_missing_function"
[ -z "$(ls -A "$WORK/ub")" ] && pass "running a plugin calling a missing function: no file written" ||
  fail "running a plugin calling a missing function: files: $(ls "$WORK/ub")"
finish
