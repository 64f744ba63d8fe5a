#!/usr/bin/env bash
# Configures and builds Corsaro into build/ (or $1), warnings as errors.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
shift || true
cmake -S "$top" -B "$build" -DCORSARO_WERROR=ON "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
