#!/usr/bin/env bash
# corsaro --list-plugins in the build tree lists the shipped plugins and
# where they were found, without installing and without any path set.
. "$(dirname "$0")/lib.sh"

env -u CORSARO_PLUGIN_PATH "$CORSARO" --list-plugins >"$WORK/list"
for p in pcap flowtuple dos; do
  if grep -E "^$p +[^ ]+ +1\.[0-9]+ .*build tree +/.*/$p\.so$" "$WORK/list" >/dev/null; then
    pass "$p listed with its path"
  else
    fail "$p not listed: $(cat "$WORK/list")"
  fi
done

# refused files show with the reason; CORSARO_PLUGIN_PATH is a source too
CORSARO_PLUGIN_PATH=$CORSARO_BROKEN_PLUGINS "$CORSARO" --list-plugins >"$WORK/list2"
grep -q "good .*CORSARO_PLUGIN_PATH" "$WORK/list2" && pass "env path source shown" ||
  fail "good.so not found through CORSARO_PLUGIN_PATH"
grep -q "major.so: built for plugin ABI 2.0" "$WORK/list2" && pass "refusal listed" ||
  fail "refusal of major.so not listed"
finish
