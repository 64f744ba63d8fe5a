#!/usr/bin/env bash
# Bad options of filterpfx, filterbpf and anon: each is refused at start-up
# with a non-zero exit and a message naming the plugin and the option, and
# nothing is written: the output directory stays empty.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/filters_lib.sh"

T=$WORK/t.pcap
"$SYNTH" -s 14 -n 500 -d 30 -o "$T"
printf '44.0.0.0/8\n# fine so far\n\n44.1.0.0/33\n' >"$WORK/badline.txt"
printf '10.0.0.0/8\n' >"$WORK/secret.txt"
chmod 000 "$WORK/secret.txt"

# refused "what" "message part" PLUGIN-SPEC...: every -p given, then the
# checks. The template has a time field, so the log file too is opened only
# at the first packet, which must never come.
refused() {
  local what=$1 want=$2; shift 2
  local out
  out=$(fresh odir)
  local args=()
  for spec in "$@"; do args+=(-p "$spec"); done
  expect_error "$what" "$want" "$CORSARO" -n t -o "$out/%s.%P.cors" "${args[@]}" \
    -p flowtuple "$T"
  local left
  left=$(ls -A "$out")
  [ -z "$left" ] && pass "$what: output directory empty" ||
    fail "$what: files written: $left"
}

# filterpfx
refused "prefix with a bad octet" "filterpfx: -p '44.1.0.256/16' is not an IPv4 prefix" \
  "filterpfx -d -p 44.1.0.256/16"
refused "prefix length over 32" "filterpfx: -p '44.1.0.0/33'" "filterpfx -p 44.1.0.0/33"
refused "short prefix" "filterpfx: -p '44.1/16'" "filterpfx -p 44.1/16"
refused "IPv6 prefix" "filterpfx: -p '2001:db8::/32'" "filterpfx -p 2001:db8::/32"
refused "missing prefix file" "filterpfx: -f: cannot read prefix file $WORK/none.txt" \
  "filterpfx -f $WORK/none.txt"
refused "prefix file is a directory" "filterpfx: -f: cannot read prefix file $WORK" \
  "filterpfx -f $WORK"
if [ "$(id -u)" -ne 0 ]; then
  refused "unreadable prefix file" "filterpfx: -f: cannot read prefix file $WORK/secret.txt" \
    "filterpfx -f $WORK/secret.txt"
else
  echo "note: running as root, the unreadable-file case cannot be made"
fi
refused "bad line in a prefix file" "filterpfx: -f: prefix file $WORK/badline.txt line 4" \
  "filterpfx -d -f $WORK/badline.txt"
refused "no prefix at all" "filterpfx: no prefixes" "filterpfx -d"
refused "filterpfx unknown option" "filterpfx: unknown option -x" "filterpfx -x -p 1.0.0.0/8"
refused "filterpfx missing argument" "filterpfx: option -p needs an argument" "filterpfx -p"
refused "filterpfx stray argument" "filterpfx: unexpected argument '10.0.0.0/8'" \
  "filterpfx -p 1.0.0.0/8 10.0.0.0/8"
# a bad prefix after a good filter plugin still stops everything
refused "bad prefix after another plugin" "filterpfx: -p '1.2.3'" \
  "filterbpf -f tcp" "filterpfx -p 1.2.3"

# filterbpf
refused "BPF that does not compile" \
  "filterbpf: -f 'tcp prot 80': the BPF filter does not compile" \
  'filterbpf -f "tcp prot 80"'
refused "named BPF that does not compile" "filterbpf: -f 'web:tcp port http2x'" \
  'filterbpf -f udp -f "web:tcp port http2x"'
refused "no BPF filter" "filterbpf: no filter" "filterbpf -m any"
refused "bad -m" "filterbpf: -m must be 'any' or 'all', not 'most'" "filterbpf -m most -f tcp"
refused "duplicate filter names" "filterbpf: -f 'a:udp': a filter named 'a'" \
  "filterbpf -f a:tcp -f a:udp"
refused "v2 filter groups" "filterbpf: -f 'g1,g2|web:tcp': v2's filter groups" \
  'filterbpf -f "g1,g2|web:tcp"'
refused "empty BPF" "filterbpf: -f 'web:': the BPF filter is empty" "filterbpf -f web:"
refused "unquoted BPF" "filterbpf: unexpected argument 'port'" "filterbpf -f tcp port 80"
many=""
for i in $(seq 1 101); do many="$many -f f$i:tcp"; done
refused "101 filters" "filterbpf: -f given more than 100 times" "filterbpf$many"

# anon
refused "missing anon key" "anon: no key" "anon -s -d"
refused "anon key over 32 bytes" "anon: bad key (the KEY argument): the key is 33 bytes" \
  "anon -s 0123456789abcdef0123456789abcdefX"
grep -q 0123456789abcdef "$WORK/err" && fail "the refused key was printed" ||
  pass "the refused key is not printed"
refused "unknown anon type" "anon: -t must be 'cryptopan' or 'prefix', not 'rot13'" \
  "anon -s -t rot13 key"
refused "bad hex key" "anon: bad key (the KEY argument with -x)" "anon -s -x 12zz"
refused "odd hex key" "anon: bad key (the KEY argument with -x)" "anon -s -x abc"
refused "bad prefix key" "anon: -t prefix: the key '10.0.0.300/8'" \
  "anon -d -t prefix 10.0.0.300/8"
refused "-x with -t prefix" "anon: -x is for Crypto-PAn keys" "anon -d -x -t prefix 10.0.0.0/8"
refused "two anon keys" "anon: more than one KEY argument" "anon -s key1 key2"
refused "anon unknown option" "anon: unknown option -q" "anon -q key"
refused "anon -t without argument" "anon: option -t needs an argument" "anon -t"

# The log file: with a template without a time field the host opens it
# before the plugins check their options. No global or plugin file is
# written either way.
out=$(fresh plain)
expect_error "bad prefix, template without time" "filterpfx: -p '1.2.3'" \
  "$CORSARO" -n t -o "$out/%P.cors" -p "filterpfx -p 1.2.3" -p flowtuple "$T"
left=$(ls -A "$out" | grep -v '^log\.cors$' || true)
[ -z "$left" ] && pass "template without time: no global or plugin file" ||
  fail "template without time: files written: $left"
finish
