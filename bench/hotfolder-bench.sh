#!/usr/bin/env bash
# Hot-folder benchmark: the hub's `web` chain against ImageMagick and libvips doing the same job, on the same machine,
# in the same run, on the same files.
#
#   bench/hotfolder-bench.sh [--install] [corpus-dir] [runs]
#
#   corpus-dir  folder whose *.jpg are the batch (default: ../shared/corpus/real relative to the repo root)
#   runs        timed runs per measurement (default 3)
#   --install   first run `apt-get update` once and `apt-get install -y imagemagick libvips-tools hyperfine time`
#
# The job (chain `web` in config/chains.yaml): auto-orient, fit into 1600x1600 without enlarging, strip metadata,
# progressive JPEG quality 82. What is timed, and how, is described in docs/BENCHMARKS.md.
#
# Environment knobs (defaults in brackets):
#   HUB_READLOCK_MIN_AGE  hub.readLockMinAge for the hub runs, in ms; several values ("0 1000") measure the hub once
#                         per value, each with its own row [0]
#   HUB_XMX               the hub JVM's -Xmx [1g]
#   BENCH_IDLE_WAIT       seconds to wait for a quiet machine before each measurement [60]
#   BENCH_TIMEOUT         seconds a hub batch may take before the run is declared failed [600]
#   BENCH_ATTEMPTS        a measurement is repeated up to this many times while other processes used more than
#                         BENCH_MAX_FOREIGN % of one core during it; the quietest attempt is kept [3]
#   BENCH_MAX_FOREIGN     see BENCH_ATTEMPTS [15]
#   BENCH_USE_HYPERFINE   0 = time the command-line tools with the plain loop even when hyperfine is installed [1]
#   BENCH_SKIP            space-separated measurements to skip: hub im-hint im-nohint vips
#
# Results: a Markdown table on stdout, also written to bench/results/hotfolder-<date>.md (git-ignored).
set -euo pipefail

# shellcheck source=bench-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
HUB_READLOCK_MIN_AGE=${HUB_READLOCK_MIN_AGE:-0}
HUB_XMX=${HUB_XMX:-1g}
BENCH_IDLE_WAIT=${BENCH_IDLE_WAIT:-60}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}
BENCH_SKIP=" ${BENCH_SKIP:-} "
BENCH_ATTEMPTS=${BENCH_ATTEMPTS:-3}
BENCH_MAX_FOREIGN=${BENCH_MAX_FOREIGN:-15}


if [ "$INSTALL" = 1 ]; then
  log "installing imagemagick libvips-tools hyperfine time"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q imagemagick libvips-tools hyperfine time
fi

# ---- the batch -------------------------------------------------------------------------------------------------
shopt -s nullglob
FILES=("$CORPUS"/*.jpg)
N=${#FILES[@]}
[ "$N" -gt 0 ] || { echo "no *.jpg in $CORPUS" >&2; exit 2; }

# Source megapixels: width x height from each JPEG's SOF header (python3), else from ImageMagick's identify.
source_mp() {
  if command -v python3 >/dev/null; then
    python3 - "$@" <<'PY'
import struct, sys
total = 0
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        data = f.read()
    i, size = 2, None
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            i += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack('>H', data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            h, w = struct.unpack('>HH', data[i + 5:i + 9])
            size = (w, h)
            break
        i += 2 + length
    if size is None:
        sys.exit('no SOF header in ' + path)
    total += size[0] * size[1]
print('%.4f' % (total / 1e6))
PY
  elif command -v identify >/dev/null; then
    identify -format '%w %h\n' "$@" 2>/dev/null | awk '{s += $1 * $2} END {printf "%.4f\n", s / 1e6}'
  else
    echo "need python3 or ImageMagick's identify to count source megapixels" >&2
    return 1
  fi
}
MP=$(source_mp "${FILES[@]}")
log "corpus $CORPUS: $N JPEGs, $(printf '%.1f' "$MP") source MP, $RUNS timed run(s) per measurement"

# ---- CPU accounting (for the foreign-load column) --------------------------------------------------------------
HZ=$(getconf CLK_TCK)
# busy jiffies of the whole machine: user nice system irq softirq (idle, iowait and steal excluded)
machine_busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8; exit}' /proc/stat; }
# CPU jiffies of a process: utime stime [+ cutime cstime of reaped children when $2 = all]
proc_cpu() {
  local f
  f=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  # after "pid (comm) " the fields start at 3 (state): utime = 14, stime = 15, cutime = 16, cstime = 17
  if [ "${2:-}" = all ]; then awk '{print $12 + $13 + $14 + $15}' <<<"$f"; else awk '{print $12 + $13}' <<<"$f"; fi
}

# Waits until the machine has been at least 90% idle for 3 consecutive seconds (at most BENCH_IDLE_WAIT seconds).
wait_idle() {
  local quiet=0 waited=0 b0 i0 b1 i1
  while [ "$waited" -lt "$BENCH_IDLE_WAIT" ]; do
    read -r b0 i0 < <(awk '/^cpu /{print $2+$3+$4+$7+$8, $5+$6; exit}' /proc/stat)
    sleep 1
    read -r b1 i1 < <(awk '/^cpu /{print $2+$3+$4+$7+$8, $5+$6; exit}' /proc/stat)
    waited=$((waited + 1))
    if [ $(( (b1 - b0) * 10 )) -le $(( (b1 - b0 + i1 - i0) )) ]; then quiet=$((quiet + 1)); else quiet=0; fi
    [ "$quiet" -ge 3 ] && return 0
  done
  log "machine not idle after ${BENCH_IDLE_WAIT}s; measuring anyway (see the foreign-load column)"
}

# ---- result rows -----------------------------------------------------------------------------------------------
# each row: tool|variant|median|min|max|cpu_seconds_per_run|peak_rss_mib|foreign_pct|note
ROWS=()
NOTES=()
DETAILS=()
stats() { # numbers on stdin -> "median min max"
  sort -g | awk '{a[NR] = $1} END {if (NR == 0) exit 1; m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
    printf "%.3f %.3f %.3f\n", m, a[1], a[NR]}'
}

STAMP=$(date +%Y-%m-%d-%H%M%S)
mkdir -p "$ROOT/bench/results"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hotfolder-bench.XXXXXX")
HUB_PID=
cleanup() {
  if [ -n "$HUB_PID" ] && kill -0 "$HUB_PID" 2>/dev/null; then
    kill -TERM "$HUB_PID" 2>/dev/null || true
    for _ in $(seq 80); do kill -0 "$HUB_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$HUB_PID" 2>/dev/null && kill -KILL "$HUB_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 1. the hub ------------------------------------------------------------------------------------------------
HUB_JAR=processors/target/hub.jar
hub_cmd_doc="java -Xmx$HUB_XMX -Dhub.home=\$TMP -Dorg.bytedeco.javacpp.cachedir=<repo>/data/javacpp -Dhub.db.server.enabled=false -Dhub.readLockMinAge=<ms> -cp \"processors/target/hub.jar:processors/target/lib/*\" dev.imagehub.HubMain run"

# count of published outputs (not dot-files, not failed/) and of failed originals
count_out() { local o=("$1"/*); local n=${#o[@]}; [ -d "$1/failed" ] && n=$((n - 1)); echo "$n"; }
count_failed() { local f=("$1"/failed/*.jpg); echo "${#f[@]}"; }

# Moves a staged batch into the inbox and waits for every file to come out; prints "seconds outputs failed".
drop_and_wait() {
  local stage=$1 home=$2 out inbox t0 t1 n=0 nf=0 deadline
  out=$home/outbox/web
  inbox=$home/inbox/web
  t0=${EPOCHREALTIME:-$(date +%s.%N)}
  mv "$stage"/*.jpg "$inbox"/
  deadline=$((SECONDS + BENCH_TIMEOUT))
  while :; do
    if [ -d "$out" ]; then
      n=$(count_out "$out"); nf=$(count_failed "$out")
      [ $((n + nf)) -ge "$N" ] && break
    fi
    if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$HUB_PID" 2>/dev/null; then
      echo "timeout-or-dead $n $nf"; return 1
    fi
    sleep 0.02
  done
  t1=${EPOCHREALTIME:-$(date +%s.%N)}
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}') $n $nf"
}

# Waits until the hub has archived every original of the batch (inbox empty, .done holds N files).
wait_archived() {
  local home=$1 left done_files
  for _ in $(seq 500); do
    left=("$home"/inbox/web/*.jpg); done_files=("$home"/inbox/web/.done/*)
    [ ${#left[@]} -eq 0 ] && [ ${#done_files[@]} -ge "$N" ] && return 0
    sleep 0.02
  done
  log "hub: originals not all archived after 10 s"
}

# One hub run in a fresh home and a fresh JVM: warm-up batch, then the timed batch. Sets H_T (seconds), H_N (outputs),
# H_NF (failed), H_CPU (JVM CPU seconds in the timed window), H_HWM (VmHWM kB), H_FOREIGN (% of a core); returns 1 on
# failure with the reason in H_ERR.
hub_once() {
  local r=$1 home=$WORK/hub-$r res
  rm -rf "$home"
  mkdir -p "$home/stage-warmup" "$home/stage-timed"
  cp -r config routes templates "$home"/
  mkdir -p "$home/inbox/web" "$home/outbox/web"
  # staged on the same filesystem as the inbox, so `mv` is a rename and each file appears whole
  cp "${FILES[@]}" "$home/stage-warmup/"
  cp "${FILES[@]}" "$home/stage-timed/"
  local staged_at
  staged_at=$(date +%s%N)
  wait_idle
  java "-Xmx$HUB_XMX" "-Dhub.home=$home" "-Dorg.bytedeco.javacpp.cachedir=$ROOT/data/javacpp" -Dhub.db.server.enabled=false \
    "-Dhub.readLockMinAge=$HUB_AGE" -cp "$HUB_JAR:processors/target/lib/*" dev.imagehub.HubMain run \
    >"$home/console.log" 2>&1 &
  HUB_PID=$!
  local ok=0
  for _ in $(seq 240); do
    grep -q "Hub ready" "$home/console.log" 2>/dev/null && { ok=1; break; }
    kill -0 "$HUB_PID" 2>/dev/null || break
    sleep 0.25
  done
  if [ "$ok" != 1 ]; then
    tail -20 "$home/console.log" >&2
    H_ERR="the hub did not start"; stop_hub "$home"; return 1
  fi
  # untimed warm-up batch in the same JVM (JIT, native library loading, OpenCV/libjpeg first use)
  res=$(drop_and_wait "$home/stage-warmup" "$home") || { H_ERR="warm-up batch did not finish ($res)"; stop_hub "$home"; return 1; }
  log "hub run $r: warm-up batch done: $res (seconds outputs failed)"
  wait_archived "$home"
  rm -rf "$home/outbox/web" "$home/inbox/web/.done"
  mkdir -p "$home/outbox/web"
  sleep 2
  # with readLockMinAge > 0 Camel takes a file at once only when its mtime (kept by mv) is older than that age
  local age_ms=$(( ($(date +%s%N) - staged_at) / 1000000 ))
  if [ "$age_ms" -lt $((HUB_AGE + 500)) ]; then sleep "$(awk -v d=$((HUB_AGE + 500 - age_ms)) 'BEGIN {print d / 1000}')"; fi
  wait_idle
  # the timed batch
  local b0 o0 j0 b1 o1 j1
  b0=$(machine_busy); o0=$(proc_cpu $$ all); j0=$(proc_cpu "$HUB_PID")
  res=$(drop_and_wait "$home/stage-timed" "$home") || { H_ERR="timed batch did not finish ($res)"; stop_hub "$home"; return 1; }
  b1=$(machine_busy); o1=$(proc_cpu $$ all); j1=$(proc_cpu "$HUB_PID")
  read -r H_T H_N H_NF <<<"$res"
  wait_archived "$home"
  H_HWM=$(awk '/^VmHWM/{print $2}' "/proc/$HUB_PID/status")
  H_CPU=$(awk -v a="$j0" -v b="$j1" -v hz="$HZ" 'BEGIN {printf "%.2f", (b - a) / hz}')
  H_FOREIGN=$(awk -v b0="$b0" -v b1="$b1" -v o="$((o1 - o0 + j1 - j0))" -v t="$H_T" -v hz="$HZ" \
    'BEGIN {f = ((b1 - b0) - o) / hz / t * 100; if (f < 0) f = 0; printf "%.0f", f}')
  stop_hub "$home"
  # keep the first run's log next to the report (per-file timings)
  [ "$r" = 1 ] && cp "$home/console.log" "$ROOT/bench/results/hotfolder-$STAMP-hub-readLockMinAge$HUB_AGE.log"
  rm -rf "$home"
  return 0
}

# SIGTERM to the hub JVM, SIGKILL only if it is still there 40 s later; checks that no JVM of this home survived.
stop_hub() {
  local home=$1 stopped=0
  [ -n "$HUB_PID" ] || return 0
  kill -TERM "$HUB_PID" 2>/dev/null || true
  for _ in $(seq 80); do kill -0 "$HUB_PID" 2>/dev/null || { stopped=1; break; }; sleep 0.5; done
  if [ "$stopped" != 1 ]; then
    log "hub did not stop within 40 s of SIGTERM; killing pid $HUB_PID"
    kill -KILL "$HUB_PID" 2>/dev/null || true
    NOTES+=("hub: a run needed SIGKILL after 40 s")
  fi
  wait "$HUB_PID" 2>/dev/null || true
  HUB_PID=
  if pgrep -f -- "-Dhub.home=$home " >/dev/null; then
    log "a java process with hub.home=$home is still running"; NOTES+=("hub: a JVM outlived its run")
  fi
  return 0
}

run_hub() {
  cd "$ROOT"
  if [ ! -f "$HUB_JAR" ] || [ -n "$(find pom.xml processors/pom.xml processors/src -newer "$HUB_JAR" -print -quit)" ]; then
    log "building the hub (mvn -B -q -DskipTests package)"
    mvn -B -q -DskipTests package >&2
  fi
  mkdir -p "$ROOT/data/javacpp"
  local times=() rss_max=0 cpu_runs=() foreign_runs=() r a best bt bn bnf bcpu bhwm bforeign
  for r in $(seq "$RUNS"); do
    best=
    for a in $(seq "$BENCH_ATTEMPTS"); do
      if ! hub_once "$r"; then
        log "hub run $r: $H_ERR"; NOTES+=("hub: run $r: $H_ERR; hub skipped"); return 0
      fi
      log "hub run $r attempt $a: timed batch ${H_T}s, $H_N outputs, $H_NF failed, JVM CPU ${H_CPU}s," \
        "VmHWM $((H_HWM / 1024)) MiB, foreign load ${H_FOREIGN}% of a core"
      if [ -z "$best" ] || [ "$H_FOREIGN" -lt "$bforeign" ]; then
        best=$a; bt=$H_T; bn=$H_N; bnf=$H_NF; bcpu=$H_CPU; bhwm=$H_HWM; bforeign=$H_FOREIGN
      fi
      [ "$H_FOREIGN" -le "$BENCH_MAX_FOREIGN" ] && break
      [ "$a" -lt "$BENCH_ATTEMPTS" ] && log "foreign load above ${BENCH_MAX_FOREIGN}%: repeating hub run $r"
    done
    [ "$bnf" -gt 0 ] && NOTES+=("hub: $bnf of $N files failed in run $r")
    [ "$bn" -lt "$N" ] && [ "$bnf" -eq 0 ] && NOTES+=("hub: only $bn of $N outputs in run $r")
    times+=("$bt"); cpu_runs+=("$bcpu"); foreign_runs+=("$bforeign")
    [ "$bhwm" -gt "$rss_max" ] && rss_max=$bhwm
    DETAILS+=("hub (readLockMinAge=$HUB_AGE) run $r: ${bt} s, JVM CPU ${bcpu} s, VmHWM $((bhwm / 1024)) MiB, foreign load ${bforeign}% of a core (attempt $best of $a)")
  done
  local s cpu_med foreign_max med mn mx
  s=$(printf '%s\n' "${times[@]}" | stats)
  cpu_med=$(printf '%s\n' "${cpu_runs[@]}" | stats | cut -d' ' -f1)
  foreign_max=$(printf '%s\n' "${foreign_runs[@]}" | sort -g | tail -1)
  read -r med mn mx <<<"$s"
  ROWS+=("hub (Camel + OpenCV)|chain web, $(nproc) workers, -Xmx$HUB_XMX, readLockMinAge=$HUB_AGE|$med|$mn|$mx|$cpu_med|$((rss_max / 1024))|$foreign_max|whole JVM")
}

# ---- 2./3. command-line tools ----------------------------------------------------------------------------------
HAVE_HYPERFINE=0; [ "${BENCH_USE_HYPERFINE:-1}" = 1 ] && command -v hyperfine >/dev/null && HAVE_HYPERFINE=1
HAVE_TIME=0; [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1 && HAVE_TIME=1
export OUT=$WORK/out

# One timed measurement of a command (run with sh from the corpus folder, writing into "$OUT"). Sets C_MED C_MIN C_MAX
# (seconds), C_CPU (CPU seconds per run) and C_FOREIGN (% of a core used by other processes meanwhile).
cli_once() {
  local cmd=$1 b0 b1 o0 o1 t_start t_end
  wait_idle
  b0=$(machine_busy); o0=$(proc_cpu $$ all); t_start=$(date +%s.%N)
  if [ "$HAVE_HYPERFINE" = 1 ]; then
    hyperfine --runs "$RUNS" --warmup 1 --prepare 'rm -rf "$OUT" && mkdir -p "$OUT"' --export-json "$WORK/hf.json" \
      --style basic "$cmd" >&2
    read -r C_MED C_MIN C_MAX C_CPU < <(python3 - "$WORK/hf.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))['results'][0]
t = sorted(r['times'])
print('%.3f %.3f %.3f %.2f' % (statistics.median(t), t[0], t[-1], r['user'] + r['system']))
PY
)
  else
    local ts=() cs=() i out
    rm -rf "$OUT" && mkdir -p "$OUT"; sh -c "$cmd" >/dev/null 2>&1 || true   # warm-up
    for i in $(seq "$RUNS"); do
      rm -rf "$OUT" && mkdir -p "$OUT"
      out=$( { TIMEFORMAT='%R %U %S'; time sh -c "$cmd" >/dev/null 2>&1; } 2>&1 )
      ts+=("$(awk '{print $1}' <<<"$out")"); cs+=("$(awk '{print $2 + $3}' <<<"$out")")
    done
    read -r C_MED C_MIN C_MAX <<<"$(printf '%s\n' "${ts[@]}" | stats)"
    C_CPU=$(printf '%s\n' "${cs[@]}" | stats | cut -d' ' -f1)
  fi
  b1=$(machine_busy); o1=$(proc_cpu $$ all); t_end=$(date +%s.%N)
  C_FOREIGN=$(awk -v b0="$b0" -v b1="$b1" -v o="$((o1 - o0))" -v t0="$t_start" -v t1="$t_end" -v hz="$HZ" \
    'BEGIN {f = ((b1 - b0) - o) / hz / (t1 - t0) * 100; if (f < 0) f = 0; printf "%.0f", f}')
}

# run_cli "tool" "variant" 'command': up to BENCH_ATTEMPTS measurements, the quietest is kept; then one extra run
# under GNU time for the peak RSS.
run_cli() {
  local tool=$1 variant=$2 cmd=$3 a best bmed bmin bmax bcpu bforeign rss="" n
  log "$tool / $variant"
  cd "$CORPUS"
  best=
  for a in $(seq "$BENCH_ATTEMPTS"); do
    cli_once "$cmd"
    log "$tool / $variant attempt $a: median ${C_MED}s, foreign load ${C_FOREIGN}% of a core"
    if [ -z "$best" ] || [ "$C_FOREIGN" -lt "$bforeign" ]; then
      best=$a; bmed=$C_MED; bmin=$C_MIN; bmax=$C_MAX; bcpu=$C_CPU; bforeign=$C_FOREIGN
    fi
    [ "$C_FOREIGN" -le "$BENCH_MAX_FOREIGN" ] && break
    [ "$a" -lt "$BENCH_ATTEMPTS" ] && log "foreign load above ${BENCH_MAX_FOREIGN}%: repeating"
  done
  n=$(count_out "$OUT")
  [ "$n" -ne "$N" ] && NOTES+=("$tool $variant: wrote $n of $N outputs")
  if [ "$HAVE_TIME" = 1 ]; then   # largest single process
    rm -rf "$OUT" && mkdir -p "$OUT"
    /usr/bin/time -v -o "$WORK/time.txt" sh -c "$cmd" >/dev/null 2>&1 || true
    rss=$(awk -F': ' '/Maximum resident set size/{print int($2 / 1024)}' "$WORK/time.txt")
  fi
  ROWS+=("$tool|$variant|$bmed|$bmin|$bmax|$bcpu|${rss:-n/a}|$bforeign|per process")
  DETAILS+=("$tool, $variant: foreign load ${bforeign}% of a core (attempt $best of $a); command: \`$cmd\`")
}

CONVERT=
for c in /usr/bin/convert "$(command -v convert || true)"; do
  [ -n "$c" ] && [ -x "$c" ] && "$c" -version 2>/dev/null | grep -q ImageMagick && { CONVERT=$c; break; }
done
VIPSTHUMB=$(command -v vipsthumbnail || true)

IM_HINT="ls *.jpg | MAGICK_THREAD_LIMIT=1 xargs -P2 -I{} $CONVERT -define jpeg:size=1600x1600 {} -auto-orient -strip -resize '1600x1600>' -quality 82 -interlace JPEG \"\$OUT\"/{}"
IM_NOHINT="ls *.jpg | MAGICK_THREAD_LIMIT=1 xargs -P2 -I{} $CONVERT {} -auto-orient -strip -resize '1600x1600>' -quality 82 -interlace JPEG \"\$OUT\"/{}"
VIPS_CMD="ls *.jpg | VIPS_CONCURRENCY=1 xargs -P2 -n4 vipsthumbnail -s '1600x1600>' -o \"\$OUT/%s.jpg[Q=82,interlace,strip]\""

if [[ "$BENCH_SKIP" == *" hub "* ]]; then
  NOTES+=("hub: skipped (BENCH_SKIP)")
else
  for HUB_AGE in $HUB_READLOCK_MIN_AGE; do
    [[ "$HUB_AGE" =~ ^[0-9]+$ ]] || { echo "HUB_READLOCK_MIN_AGE: not a number of ms: '$HUB_AGE'" >&2; exit 2; }
    run_hub
  done
fi
if [ -z "$CONVERT" ]; then
  NOTES+=("ImageMagick: not installed (no convert that reports ImageMagick in -version; /usr/local/bin/convert may be a PNG-only stand-in); run with --install")
else
  [[ "$BENCH_SKIP" == *" im-hint "* ]] || run_cli "ImageMagick convert" "2 processes, jpeg:size hint (a4 style)" "$IM_HINT"
  [[ "$BENCH_SKIP" == *" im-nohint "* ]] || run_cli "ImageMagick convert" "2 processes, no size hint (a2 style)" "$IM_NOHINT"
fi
if [ -z "$VIPSTHUMB" ]; then
  NOTES+=("libvips: vipsthumbnail not installed; run with --install")
else
  [[ "$BENCH_SKIP" == *" vips "* ]] || run_cli "libvips vipsthumbnail" "2 processes x 1 thread (b2 style)" "$VIPS_CMD"
fi
[ "$HAVE_HYPERFINE" = 1 ] || NOTES+=("hyperfine not installed: command-line tools timed with a plain loop (1 warm-up, $RUNS runs)")
[ "$HAVE_TIME" = 1 ] || NOTES+=("GNU time (/usr/bin/time) not installed: no peak RSS for the command-line tools")

# ---- report ----------------------------------------------------------------------------------------------------
VIPS_MED=
for row in "${ROWS[@]}"; do
  IFS='|' read -r tool _ med _ <<<"$row"
  [[ "$tool" == libvips* ]] && VIPS_MED=$med
done

REPORT=$ROOT/bench/results/hotfolder-$STAMP.md
{
  echo "# Hot-folder benchmark, $(date '+%Y-%m-%d %H:%M %Z')"
  echo
  echo "Job: chain \`web\` (auto-orient, fit 1600x1600 without enlarging, strip metadata, progressive JPEG q82)."
  echo "Batch: $N JPEGs from \`$CORPUS\`, $(printf '%.1f' "$MP") source MP. Median of $RUNS timed runs (min-max)."
  echo
  echo "Machine: $(nproc) CPUs ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/{printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM;" \
    "$(java -version 2>&1 | head -1);" \
    "${CONVERT:+$($CONVERT -version | head -1 | sed 's/ https.*//');} ${VIPSTHUMB:+$(vipsthumbnail --vips-version 2>/dev/null);}" \
    "$( [ "$HAVE_HYPERFINE" = 1 ] && hyperfine --version)"
  echo
  echo "| tool | variant | median s (min-max) | images/s | source MP/s | time vs vipsthumbnail | peak RSS | cores | foreign load |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r tool variant med mn mx cpu rss foreign scope <<<"$row"
    awk -v tool="$tool" -v variant="$variant" -v med="$med" -v mn="$mn" -v mx="$mx" -v cpu="$cpu" -v rss="$rss" \
        -v foreign="$foreign" -v scope="$scope" -v n="$N" -v mp="$MP" -v vm="$VIPS_MED" 'BEGIN {
      ratio = (vm == "") ? "n/a" : sprintf("%.2fx", med / vm);
      rs = (rss == "n/a") ? "n/a" : sprintf("%d MiB %s", rss, scope);
      printf "| %s | %s | %.2f (%.2f-%.2f) | %.2f | %.1f | %s | %s | %.2f | %d%% |\n",
        tool, variant, med, mn, mx, n / med, mp / med, ratio, rs, cpu / med, foreign }'
  done
  echo
  echo "- time vs vipsthumbnail: this row's median time / vipsthumbnail's median time (1.00x = as fast; above 1 = slower)."
  echo "- cores: CPU time (user + system) per timed run / median wall time. For the hub: the JVM's CPU during the timed batch."
  echo "- foreign load: CPU used by other processes during the measurement, in % of one core (hub: the worst of its timed batches; CLI tools: the whole timing loop). Measurements above ${BENCH_MAX_FOREIGN}% were repeated up to ${BENCH_ATTEMPTS} times and the quietest attempt kept."
  echo "- peak RSS: hub = VmHWM of the one JVM (both workers, warm-up included); CLI tools = largest single process of one extra run (GNU time -v)."
  echo
  echo "Details:"
  echo
  echo "- hub command: \`$hub_cmd_doc\`"
  for d in "${DETAILS[@]}"; do echo "- $d"; done
  for n in "${NOTES[@]}"; do echo "- NOTE: $n"; done
} >"$REPORT"
cat "$REPORT"
log "written to $REPORT"
