#!/usr/bin/env bash
# Console benchmark: server time of every console page with a big ledger, and how soon the overview shows a file.
#
#   bench/console-bench.sh [rows] [requests]
#
#   rows      usage_log rows seeded over the last 90 days (default 1000000; 5 per job, one job in 10 with a paid AI step)
#   requests  timed requests per page after 3 warm-up ones (default 20)
#
# One hub JVM (fresh home, config/ routes/ templates/ of this checkout, HSQLDB, default settings), logged in over real
# HTTP on loopback with curl; time_total of each request (loopback: server time plus well under a millisecond).
# Then the overview's freshness: a photo dropped into inbox/web/, the time until /console/live counts it (the page
# asks every 1.5 s, so a person sees it within that plus this).
# Results: Markdown on stdout and in bench/results/console-<date>.md.
set -euo pipefail
export LC_ALL=C
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
ROWS=${1:-1000000}
REQUESTS=${2:-20}
HUB_JAR=processors/target/hub.jar
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
if [ ! -f "$HUB_JAR" ] || [ -n "$(find pom.xml processors/pom.xml processors/src -newer "$HUB_JAR" -print -quit)" ]; then
  log "building the hub (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package >&2
fi
mkdir -p bench/results
STAMP=$(date -u +%Y-%m-%dT%H%M)
WORK=$(mktemp -d)
trap 'kill -TERM $(cat "$WORK/hub.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT
# SEEDED=dir keeps the seeded home in dir and uses it again on the next run (seeding a million rows takes minutes)
HOME_DIR=${SEEDED:-$WORK/home}
CP="$HUB_JAR:processors/target/lib/*"
if [ ! -d "$HOME_DIR/data/ledger" ]; then
  mkdir -p "$HOME_DIR/data"
  cp -r config routes templates "$HOME_DIR"/
  log "seeding $ROWS usage_log rows"
  java -Xmx2g "-Dhub.home=$HOME_DIR" -Dhsqldb.method_class_names=dev.imagehub.ledger.LedgerLogin.authenticate -cp "$CP" bench/ConsoleSeed.java "$HOME_DIR" "$ROWS" >&2
else
  log "using the seeded home $HOME_DIR"
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PASSWORD="bench password 123"
HUB_CONSOLE_ADMIN_PASSWORD=$PASSWORD java -Xmx1g "-Dhub.home=$HOME_DIR" "-Dorg.bytedeco.javacpp.cachedir=$ROOT/data/javacpp" -Dhub.db.server.enabled=false \
  "-Dhub.http.port=$PORT" -cp "$CP" dev.imagehub.HubMain run >"$WORK/console.log" 2>&1 &
echo $! > "$WORK/hub.pid"
T_START=$(date +%s.%N)
for _ in $(seq 1 1500); do grep -q "Hub ready" "$WORK/console.log" && break; sleep 0.2; done
log "hub ready after $(awk -v a="$T_START" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
grep -q "Hub ready" "$WORK/console.log" || { cat "$WORK/console.log" >&2; exit 1; }
BASE=http://127.0.0.1:$PORT
JAR=$WORK/cookies
TOKEN=$(curl -s -c "$JAR" "$BASE/console/login" | sed -n 's/.*name="_login" value="\([^"]*\)".*/\1/p')
curl -s -b "$JAR" -c "$JAR" -o /dev/null -H "Origin: $BASE" --data-urlencode "_login=$TOKEN" --data-urlencode "user=admin" \
  --data-urlencode "password=$PASSWORD" --data-urlencode "next=/console/" "$BASE/console/login"
JOB=$(curl -s -b "$JAR" "$BASE/console/files?status=FAILED" | sed -n 's/.*href="\/console\/files\/\([0-9a-f-]\{36\}\)".*/\1/p' | head -1 || true)
TODAY=$(date +%F)
FROM=$(date -d '-89 days' +%F)
PAGES=("/console/" "/console/live" "/console/costs" "/console/costs?period=week&by=model&from=$FROM&to=$TODAY" \
  "/console/costs?period=month&by=chain&from=$FROM&to=$TODAY" "/console/costs.csv?period=day&by=folder&from=$FROM&to=$TODAY" \
  "/console/files" "/console/files?q=photo-12&status=DONE" "/console/files?q=photo&status=FAILED" "/console/files?folder=web&status=FAILED" "/console/files/$JOB" \
  "/console/review" "/console/calendar" "/console/library" "/console/audit" "/console/trends")
{
  echo "# Console pages, $ROWS usage_log rows ($(date -u +%F))"
  echo
  echo "| page | p50 ms | p90 ms | max ms |"
  echo "|---|---|---|---|"
  for page in "${PAGES[@]}"; do
    for _ in 1 2 3; do curl -s -b "$JAR" -o /dev/null "$BASE$page"; done
    times=$(for _ in $(seq 1 "$REQUESTS"); do curl -s -b "$JAR" -o /dev/null -w '%{http_code} %{time_total}\n' "$BASE$page"; done)
    bad=$(echo "$times" | awk '$1 != 200' | wc -l)
    [ "$bad" = 0 ] || { echo "$page answered $(echo "$times" | awk '$1 != 200 {print $1}' | sort -u | tr '\n' ' ')" >&2; exit 1; }
    echo "$times" | awk -v p="$page" '{print $2 * 1000}' | sort -n | awk -v p="$page" '{a[NR]=$1} END {printf "| `%s` | %.0f | %.0f | %.0f |\n", p, a[int((NR+1)/2)], a[int(NR*0.9+0.5)], a[NR]}'
  done
  # freshness: the overview counts a finished file
  before=$(curl -s -b "$JAR" "$BASE/console/live" | python3 -c 'import re,sys; m = re.search(r"data-folder=\"web\">.*?<td class=\"n done\">(\d+)<", sys.stdin.read(), re.S); print(m.group(1) if m else "")')
  t0=$(date +%s.%N)
  cp processors/src/test/resources/fixtures/photo-sunset-1800.jpg "$HOME_DIR/inbox/web/fresh-$STAMP-$RANDOM.jpg"
  for _ in $(seq 1 400); do
    now=$(curl -s -b "$JAR" "$BASE/console/live" | python3 -c 'import re,sys; m = re.search(r"data-folder=\"web\">.*?<td class=\"n done\">(\d+)<", sys.stdin.read(), re.S); print(m.group(1) if m else "")')
    [ "$now" != "$before" ] && break
    sleep 0.05
  done
  t1=$(date +%s.%N)
  echo
  echo "A photo copied into inbox/web/ was counted by /console/live $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", (b - a) * 1000}') ms later"
  echo "(done today: $before -> $now); the overview asks every 1.5 s, so a person sees a finished file within 1.5 s plus one fragment (under 0.1 s)."
} | tee "bench/results/console-$STAMP.md"
