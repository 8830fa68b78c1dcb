#!/usr/bin/env bash
# What the shipped enhance chain does to every corpus photo: near-grey chroma, newly clipped pixels, dominant hue shift,
# mean lightness and contrast, before and after (figures in docs/enhance.md), and a contact sheet of all of them.
#
#   bench/enhance-quality.sh [corpus-dir] [--sheet FILE [--pick a,b,c]] [--limit N] [--only STEP]
#
#   corpus-dir    folder holding real/*.jpg (default: ../shared/corpus relative to the repo root)
#   --sheet FILE  also write a contact sheet (.jpg or .png): every photo before | after, with its figures
#   --pick a,b,c  only the photos whose names contain one of these on the sheet
#   --only STEP   measure one step of the chain alone (autoEnhance or sharpen)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# paths are the caller's: made absolute before moving into the module
ARGS=()
prev=
for a in "$@"; do
  if [[ ($prev == --sheet || (${#ARGS[@]} -eq 0 && $a != --*)) && $a != /* ]]; then a="$PWD/$a"; fi
  ARGS+=("$a"); prev=$a
done
cd "$ROOT/processors"
if [[ ${#ARGS[@]} -eq 0 || ${ARGS[0]} == --* ]]; then ARGS=("$ROOT/../shared/corpus" "${ARGS[@]}"); fi
mvn -B -q -o test-compile
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
exec java -Xmx2g -Dorg.bytedeco.javacpp.cachedir=target/javacpp-cache \
  -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" dev.imagehub.bench.EnhanceQualityBench "${ARGS[@]}" 2> >(grep -v -e WARNING -e '^done ' >&2)
