#!/bin/sh
# Colour and metadata costs on corpus photos: sRGB conversion per output megapixel, CMYK-with-profile decode at each
# shrink-on-load factor, EXIF rebuild. Needs ../shared/corpus beside the repository. Usage: bench/color-bench.sh
set -eu
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile -pl processors
mvn -B -o -q dependency:build-classpath -pl processors -Dmdep.outputFile="$PWD/processors/target/color-bench.cp" >/dev/null
java -Xmx1g -Dorg.bytedeco.javacpp.cachedir="$PWD/processors/target/javacpp-cache" \
  -cp "processors/target/classes:processors/target/test-classes:$(cat processors/target/color-bench.cp)" \
  dev.imagehub.image.ColorBench "${1:-../shared/corpus}"
