#!/usr/bin/env bash
# The WaveSpeed client's overhead against the emulator: N images captioned at each concurrency, wall time vs the ideal
# (N x latency / concurrency) and the client's CPU per task. Nothing leaves the machine (the emulator is on loopback).
#   bench/wavespeed-client-bench.sh [images=200] [latency-ms=1500] [concurrencies=2,8,32]
# Prints a Markdown table.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${1:-200}
LATENCY=${2:-1500}
LEVELS=${3:-2,8,32}
cd "$ROOT"
mvn -B -q -o -Dstyle.color=never test-compile >&2 || mvn -B -q -Dstyle.color=never test-compile >&2
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -q -o -Dstyle.color=never -pl processors dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2
java -Xmx1g -cp "processors/target/test-classes:processors/target/classes:$(cat "$CP_FILE")" \
  dev.imagehub.bench.WaveSpeedClientBench "$N" "$LATENCY" "$LEVELS" "$ROOT" 2>/dev/null | grep "^|"
