#!/usr/bin/env bash
# Per-step speed: every chain of bench/steps-chains.yaml over the corpus JPEGs, in one thread after a warm-up pass.
#   bench/steps-bench.sh [images-dir] [max-images] [chains-file]
# Prints a Markdown table (chain, step, runs, mean ms, megapixels per second of the step's input).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGES=${1:-$ROOT/../shared/corpus/real}
MAX=${2:-1000}
CHAINS=${3:-$ROOT/bench/steps-chains.yaml}
cd "$ROOT"
mvn -B -q -o -Dstyle.color=never test-compile >&2 || mvn -B -q -Dstyle.color=never test-compile >&2
CP_FILE=$(mktemp)
mvn -B -q -o -Dstyle.color=never -pl processors dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2
# a throw-away hub home: the bench chains plus the real libraries and templates (fonts, logos) they may name
HOME_DIR=$(mktemp -d)
trap 'rm -rf "$HOME_DIR" "$CP_FILE"' EXIT
mkdir -p "$HOME_DIR/config"
cp "$CHAINS" "$HOME_DIR/config/chains.yaml"
for lib in presets watermarks brand; do if [ -f "config/$lib.yaml" ]; then cp "config/$lib.yaml" "$HOME_DIR/config/"; fi; done
ln -s "$ROOT/templates" "$HOME_DIR/templates"
CONF=$HOME_DIR/config
java -Xmx1g -Dorg.bytedeco.javacpp.cachedir="$ROOT/data/javacpp" \
  -cp "processors/target/test-classes:processors/target/classes:$(cat "$CP_FILE")" \
  dev.imagehub.bench.StepBench "$CONF" "$IMAGES" "$MAX" 2>/dev/null
