#!/usr/bin/env bash
# Megapixels per second of each enhancement step (autoEnhance, whiteBalance, exposure, denoise, sharpen, vignette,
# filter, and autoEnhance with its before/after image) on the corpus photos, at a 1600 px working size and, with
# --full, at full size. See docs/enhance.md.
#
#   bench/enhance-bench.sh [corpus-dir] [--full] [--limit N] [--samples DIR]
#
#   corpus-dir    folder holding real/*.jpg (default: ../shared/corpus relative to the repo root)
#   --full        also time every step on the full-size photos (about 2 minutes more on 2 cores)
#   --limit N     only the first N photos (by name)
#   --samples DIR write each step's result on the first photo, and a contact sheet (sheet.jpg), to DIR
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT/processors"
ARGS=("$@")
if [[ ${#ARGS[@]} -eq 0 || ${ARGS[0]} == --* ]]; then ARGS=("$ROOT/../shared/corpus" "${ARGS[@]}"); fi
mvn -B -q -o test-compile
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
exec java -Xmx2g -Dorg.bytedeco.javacpp.cachedir=target/javacpp-cache \
  -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" dev.imagehub.bench.EnhanceBench "${ARGS[@]}" 2> >(grep -v -e WARNING -e '^done ' >&2)
