#!/usr/bin/env bash
# The README's second command, and what CI runs (.ci/run): installs what
# is needed, builds with warnings as errors, runs every test, then builds
# again with AddressSanitizer + UndefinedBehaviorSanitizer and runs every
# test there too.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"

echo "== build (warnings are errors) and test"
"$top/scripts/build.sh" "$top/build"
(cd "$top/build" && ctest --output-on-failure -j"$(nproc)")

echo "== build with AddressSanitizer + UndefinedBehaviorSanitizer and test"
"$top/scripts/build.sh" "$top/build-asan" -DCORSARO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
(cd "$top/build-asan" && \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j"$(nproc)")
# Further suites, each a script of its own: the SDK as a third party uses
# it (install + out-of-tree builds), the fuzzers, valgrind.
for suite in test-sdk.sh fuzz.sh valgrind.sh; do
  if [ -x "$top/scripts/$suite" ]; then
    echo "== scripts/$suite"
    "$top/scripts/$suite" "$top/build"
  fi
done
echo "== all tests passed"
