#!/usr/bin/env bash
# WebP and AVIF encoding: the hub's encoders against cwebp and avifenc at the same settings, on the same 1200 px
# images, in the same run.
#
#   bench/encoders-bench.sh [--install] [corpus-dir] [runs]
#
#   corpus-dir  folder whose *.jpg make the batch (default: ../shared/corpus/real relative to the repo root)
#   runs        timed runs per measurement (default 3); each tool also gets one untimed warm-up run
#   --install   first `apt-get install -y webp libavif-bin libvips-tools hyperfine` (Debian packages)
#
# The batch: every JPEG fitted into 1200x1200 once, as PNG (vipsthumbnail, or ImageMagick when vips is missing), as
# in shared/docs/BASELINES.md section d. Each tool then reads each PNG, encodes it and writes the result, two files
# at a time (two processes for the command-line tools, two threads in one JVM for the hub), one codec thread each.
#
#   cwebp   -q 80 -m 4                                    hub: WebP quality 80 (libwebp via OpenCV, method 4)
#   avifenc -s 6 -j 1 -y 420 --min 0 --max 63             hub: AVIF quality 52 = libaom crf 30 (speed 6, all-intra,
#           -a end-usage=q -a cq-level=30                      4:2:0, one thread), via FFmpeg
#
# The hub runs in one JVM whose native libraries are already loaded (the warm-up run), as in a running hub; the
# command-line tools pay a process start per file (a few ms). Quality is checked, not assumed: the PSNR of every
# output against its PNG, decoded by the hub, is in the table.
#
# Results: a Markdown table on stdout, also written to bench/results/encoders-<date>.md (git-ignored).
set -euo pipefail

# shellcheck source=bench-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"

if [ "$INSTALL" = 1 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q webp libavif-bin libvips-tools hyperfine
fi
for tool in cwebp avifenc java; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (try --install)" >&2; exit 2; }
done

mkdir -p "$ROOT/bench/results"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/encoders-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
IN=$WORK/png
mkdir -p "$IN"

# ---- the batch: 1200 px PNGs -------------------------------------------------------------------------------------
shopt -s nullglob
JPEGS=("$CORPUS"/*.jpg)
[ "${#JPEGS[@]}" -gt 0 ] || { echo "no *.jpg in $CORPUS" >&2; exit 2; }
log "fitting ${#JPEGS[@]} JPEGs into 1200x1200 as PNG"
if command -v vipsthumbnail >/dev/null; then
  (cd "$CORPUS" && vipsthumbnail -s '1200x1200>' -o "$IN/%s.png[strip]" "${JPEGS[@]##*/}" 2>/dev/null)
else
  for f in "${JPEGS[@]}"; do convert "$f" -auto-orient -strip -resize '1200x1200>' "$IN/$(basename "${f%.*}").png"; done
fi
N=$(ls "$IN"/*.png | wc -l)
MP=$(python3 - "$IN" <<'PY'
import struct, sys, os
total = 0
for name in os.listdir(sys.argv[1]):
    with open(os.path.join(sys.argv[1], name), 'rb') as f:
        head = f.read(24)
    w, h = struct.unpack('>II', head[16:24])
    total += w * h
print(f"{total / 1e6:.1f}")
PY
)
log "$N PNGs, $MP megapixels"

# ---- the hub's bench main (test classes) -------------------------------------------------------------------------
log "building the hub (offline)"
(cd "$ROOT" && mvn -B -o -q -DskipTests package test-compile >/dev/null)
CP_FILE=$WORK/cp.txt
(cd "$ROOT/processors" && mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null)
CP="$ROOT/processors/target/test-classes:$ROOT/processors/target/classes:$(cat "$CP_FILE")"
JAVA=(java -Xmx1g -Dorg.bytedeco.javacpp.cachedir="$ROOT/processors/target/javacpp-cache" -cp "$CP" dev.imagehub.bench.EncoderBench)

# ---- timing ------------------------------------------------------------------------------------------------------
# median, min, max of RUNS timed runs (after one warm-up) of a shell command; outputs go to a fresh $OUT each run
time_cli() {
  local cmd=$1 t0 t1 times=()
  for run in $(seq 0 "$RUNS"); do
    rm -rf "$OUT" && mkdir -p "$OUT"
    t0=$EPOCHREALTIME
    (cd "$IN" && OUT="$OUT" bash -c "$cmd")
    t1=$EPOCHREALTIME
    [ "$run" = 0 ] || times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.3f %.3f %.3f\n", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

bytes_of() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }

ROWS=()
row() {   # tool, settings, median min max, bytes, psnr
  local tool=$1 settings=$2 median=$3 min=$4 max=$5 bytes=$6 psnr=$7
  ROWS+=("$(awk -v t="$tool" -v s="$settings" -v m="$median" -v lo="$min" -v hi="$max" -v b="$bytes" -v n="$N" -v mp="$MP" -v p="$psnr" \
    'BEGIN { printf "| %s | %s | %.2f (%.2f-%.2f) | %.1f | %.1f | %.2f MB | %.2f dB |", t, s, m, lo, hi, n / m, mp / m, b / 1e6, p }')")
}

OUT=$WORK/cwebp
log "cwebp -q 80 -m 4, 2 processes"
read -r CW_MED CW_MIN CW_MAX < <(time_cli 'ls *.png | xargs -P2 -I{} cwebp -quiet -q 80 -m 4 {} -o "$OUT"/{}.webp')
CW_BYTES=$(bytes_of "$OUT"); read -r CW_PSNR _ < <("${JAVA[@]}" psnr "$IN" "$OUT" .webp)
row cwebp "-q 80 -m 4, 2 processes" "$CW_MED" "$CW_MIN" "$CW_MAX" "$CW_BYTES" "$CW_PSNR"

OUT=$WORK/hub-webp
log "hub WebP quality 80, 2 threads"
read -r HW_MED HW_MIN HW_MAX HW_BYTES < <("${JAVA[@]}" encode "$IN" "$OUT" webp 80 2 "$RUNS")
read -r HW_PSNR _ < <("${JAVA[@]}" psnr "$IN" "$OUT" .webp)
row "hub WebP" "quality 80 (libwebp via OpenCV), 2 threads" "$HW_MED" "$HW_MIN" "$HW_MAX" "$HW_BYTES" "$HW_PSNR"

OUT=$WORK/avifenc
log "avifenc -s 6 -j 1 cq-level 30, 2 processes"
read -r AE_MED AE_MIN AE_MAX < <(time_cli "ls *.png | xargs -P2 -I{} sh -c 'avifenc -s 6 -j 1 -y 420 --min 0 --max 63 -a end-usage=q -a cq-level=30 {} \"\$OUT\"/{}.avif >/dev/null'")
AE_BYTES=$(bytes_of "$OUT"); read -r AE_PSNR _ < <("${JAVA[@]}" psnr "$IN" "$OUT" .avif)
row avifenc "-s 6 -j 1 -y 420 cq-level 30, 2 processes" "$AE_MED" "$AE_MIN" "$AE_MAX" "$AE_BYTES" "$AE_PSNR"

OUT=$WORK/hub-avif
log "hub AVIF quality 52 (crf 30), 2 threads"
read -r HA_MED HA_MIN HA_MAX HA_BYTES < <("${JAVA[@]}" encode "$IN" "$OUT" avif 52 2 "$RUNS")
read -r HA_PSNR _ < <("${JAVA[@]}" psnr "$IN" "$OUT" .avif)
row "hub AVIF" "quality 52 = crf 30, speed 6, 4:2:0, 2 threads" "$HA_MED" "$HA_MIN" "$HA_MAX" "$HA_BYTES" "$HA_PSNR"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
{
  echo "Encoders, $(date -u '+%Y-%m-%d %H:%M UTC'), $N images fitted to 1200 px ($MP MP), $RUNS timed runs after a warm-up, $(nproc) cores"
  echo
  echo "| encoder | settings | median s (min-max) | images/s | MP/s | output | mean PSNR |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "- hub WebP time vs cwebp: $(ratio "$HW_MED" "$CW_MED") (target: at most 1.50x); bytes $(ratio "$HW_BYTES" "$CW_BYTES")"
  echo "- hub AVIF time vs avifenc: $(ratio "$HA_MED" "$AE_MED") (target: at most 1.50x); bytes $(ratio "$HA_BYTES" "$AE_BYTES")"
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows every row alike only if it is steady)"
} | tee "$ROOT/bench/results/encoders-$(date -u +%Y%m%d-%H%M).md"
