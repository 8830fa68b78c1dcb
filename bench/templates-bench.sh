#!/usr/bin/env bash
# Template speed: every shipped layout composed from the corpus photos (bench/templates-chains.yaml), one thread,
# after a warm-up pass; the same harness and table as bench/steps-bench.sh (per step: runs, mean ms, MP/s).
#   bench/templates-bench.sh [images-dir] [max-images]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec "$ROOT/bench/steps-bench.sh" "${1:-$ROOT/../shared/corpus/real}" "${2:-1000}" "$ROOT/bench/templates-chains.yaml"
