#!/usr/bin/env bash
# Several hubs on one shared inbox and one PostgreSQL (docs/CLUSTER.md): throughput of 1, 2 and 3 hub JVMs on the same
# photos, CPU and database transactions per photo, failover after kill -9, and one hub in cluster mode against one hub
# on its embedded HSQLDB.
#
#   bench/cluster-bench.sh [photos]      (default 60; needs Debian's postgresql, as .ci/run installs it)
#
# Each hub is a JVM of its own (as on separate machines, but sharing this machine's cores: on 2 cores three hubs
# compete for them, so the figures show the cost of coordination, not the scaling of three machines).
# Results: Markdown on stdout and in bench/results/cluster-<date>.md.
set -euo pipefail
export LC_ALL=C
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PHOTOS=${1:-60}
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
log "building the hub and its test classes (mvn -B -q -DskipTests package)"
mvn -B -q -DskipTests package >&2
CP="processors/target/test-classes:processors/target/hub.jar:processors/target/lib/*"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p bench/results
OUT=bench/results/cluster-$(date -u +%Y-%m-%dT%H%M).md
java -cp "$CP" -Dtest.hub.source="$ROOT" bench/ClusterBench.java "$PHOTOS" "$WORK" | tee "$OUT"
log "written to $OUT"
