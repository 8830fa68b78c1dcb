#!/usr/bin/env bash
# How each whiteBalance method treats the corpus: the shift of originals that are probably right, and how well five
# synthetic casts of every photo are removed (figures in docs/enhance.md).
#
#   bench/white-balance-bench.sh [corpus-dir]      (default: ../shared/corpus relative to the repo root)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPUS=${1:-$ROOT/../shared/corpus}
[[ $CORPUS == /* ]] || CORPUS="$PWD/$CORPUS"
cd "$ROOT/processors"
mvn -B -q -o test-compile
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
java -Xmx2g -Dorg.bytedeco.javacpp.cachedir=target/javacpp-cache \
  -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" dev.imagehub.bench.WhiteBalanceBench "$CORPUS" 2> >(grep -v -e WARNING >&2)
