#!/usr/bin/env bash
# HEIC input: 12 MP phone photos (4032x3024, a grid of 512x512 HEVC tiles as iPhones store them) through the hub's
# `web` chain, against libvips' vipsthumbnail doing the same job and libheif's heif-convert decoding the same files.
#
#   bench/heic-bench.sh [--install] [corpus-dir] [runs]
#
#   corpus-dir  folder with the source photos (default: ../shared/corpus/real relative to the repo root)
#   runs        timed runs of each command-line tool per file (default 3; the median is kept)
#   --install   first `apt-get install -y libheif-examples libvips-tools` (Debian packages)
#
# The files: photo-digikam-about-iphone7-p3.jpg (an iPhone 7 photo, 4032x3024, Display P3) and four other corpus
# photos cut to 4032x3024, each laid out as an iPhone HEIC by processors/src/test/resources/fixtures/make-heic.py
# (tiles coded by heif-enc at quality 50, the Display P3 profile and the EXIF carried over), and the same pixels as
# JPEG q92 for the hub's JPEG row.
#
#   hub web (HEIC)     chain `web` of config/chains.yaml, in one thread of one warm JVM (bench/StepBench: the same
#                      timings the ledger records), each file decoded, oriented, fitted into 1600x1600, encoded q82
#   hub web (JPEG)     the same chain on the JPEG twins, for what HEIC costs over JPEG
#   vipsthumbnail      `vipsthumbnail F.heic -s '1600x1600>' -o out.jpg[Q=82,strip,interlace]`: the same job
#   heif-convert       `heif-convert F.heic out.y4m`: libheif decoding the whole picture (libde265), no encoding
#
# Command-line tools are timed one file at a time (process start included, a few ms); the CPU column is user+system
# time over wall time, so the cores each tool used are visible (for the hub: the whole JVM's CPU time over the timed
# pass; FFmpeg's HEVC decoder decodes several tiles at once with frame threads).
#
# Results: a Markdown table on stdout, also written to bench/results/heic-<date>.md (git-ignored).
set -euo pipefail

# shellcheck source=bench-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"

if [ "$INSTALL" = 1 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q libheif-examples libvips-tools
fi
for tool in heif-enc heif-convert vips vipsthumbnail java python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (try --install)" >&2; exit 2; }
done

mkdir -p "$ROOT/bench/results"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/heic-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/heic" "$WORK/jpeg" "$WORK/src" "$WORK/out"
MAKE_HEIC=$ROOT/processors/src/test/resources/fixtures/make-heic.py

# ---- the files ---------------------------------------------------------------------------------------------------
SOURCES=(photo-digikam-about-iphone7-p3.jpg photo-dragonfly-bolly.jpg photo-picosdeeuropa-aitzol-berasategi.jpg
         photo-life-aitzol-berasategi.jpg photo-kleiber-lukas-baubkus.jpg)
for name in "${SOURCES[@]}"; do
  [ -f "$CORPUS/$name" ] || { log "skipping $name (not in $CORPUS)"; continue; }
  stem=${name%.jpg}
  src=$WORK/src/$stem.jpg
  if [ "$(vipsheader -f width "$CORPUS/$name")x$(vipsheader -f height "$CORPUS/$name")" = 4032x3024 ]; then
    cp "$CORPUS/$name" "$src"
  else
    vips thumbnail "$CORPUS/$name" "$src[Q=95]" 4032 --height 3024 --crop centre --size both
  fi
  log "making $stem.heic (4032x3024, 48 tiles)"
  python3 "$MAKE_HEIC" "$src" "$WORK/heic/$stem.heic" --quality 50 >/dev/null
  vips copy "$src" "$WORK/jpeg/$stem.jpg[Q=92]"
done
N=$(ls "$WORK/heic" | wc -l)
[ "$N" -gt 0 ] || { echo "no source photos found in $CORPUS" >&2; exit 2; }
HEIC_MB=$(du -cb "$WORK"/heic/*.heic | tail -1 | awk '{printf "%.1f", $1 / 1e6}')

# ---- the hub: chain web in one warm JVM ---------------------------------------------------------------------------
cd "$ROOT"
log "building the test classes"
mvn -B -q -o -Dstyle.color=never test-compile >&2 || mvn -B -q -Dstyle.color=never test-compile >&2
CP_FILE=$WORK/classpath
mvn -B -q -o -Dstyle.color=never -pl processors dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2
hub_web() {
  java -Xmx1g -Dbench.chains=web -Dorg.bytedeco.javacpp.cachedir="$ROOT/data/javacpp" \
    -cp "processors/target/test-classes:processors/target/classes:$(cat "$CP_FILE")" \
    dev.imagehub.bench.StepBench "$ROOT/config" "$1" 2>/dev/null
}
log "hub: chain web on the HEIC files"
HUB_HEIC=$(hub_web "$WORK/heic")
log "hub: chain web on the JPEG twins"
HUB_JPEG=$(hub_web "$WORK/jpeg")
step_ms() { awk -F'|' -v s="$2" '$3 ~ "^ *"s" *$" {gsub(/ /, "", $5); print $5}' <<<"$1"; }
chain_cores() { awk -F'|' '$3 ~ /whole chain/ {n = split($7, w, " "); print w[n - 1]}' <<<"$1"; }

# ---- the command-line tools: median wall and CPU time per file ----------------------------------------------------
# prints "wall_ms cpu_ms" for one file: the median of RUNS timed runs after one untimed run
time_tool() {
  python3 - "$RUNS" "$@" <<'PY'
import resource, statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
walls, cpus = [], []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    walls.append((time.perf_counter() - t0) * 1000)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
print(f"{statistics.median(walls):.1f} {statistics.median(cpus):.1f}")
PY
}
VIPS_WALL=0; VIPS_CPU=0; DEC_WALL=0; DEC_CPU=0
for f in "$WORK"/heic/*.heic; do
  stem=$(basename "${f%.heic}")
  read -r w c < <(time_tool vipsthumbnail "$f" -s '1600x1600>' -o "$WORK/out/$stem.jpg[Q=82,strip,interlace]")
  VIPS_WALL=$(awk -v a="$VIPS_WALL" -v b="$w" 'BEGIN {print a + b}'); VIPS_CPU=$(awk -v a="$VIPS_CPU" -v b="$c" 'BEGIN {print a + b}')
  read -r w c < <(time_tool heif-convert --quiet "$f" "$WORK/out/$stem.y4m")
  DEC_WALL=$(awk -v a="$DEC_WALL" -v b="$w" 'BEGIN {print a + b}'); DEC_CPU=$(awk -v a="$DEC_CPU" -v b="$c" 'BEGIN {print a + b}')
done
per() { awk -v t="$1" -v n="$N" 'BEGIN {printf "%.0f", t / n}'; }
cores() { awk -v c="$1" -v w="$2" 'BEGIN {printf "%.2f", c / w}'; }

HUB_HEIC_MS=$(step_ms "$HUB_HEIC" "\\(whole chain\\)")
HUB_HEIC_DECODE=$(step_ms "$HUB_HEIC" decode)
HUB_JPEG_MS=$(step_ms "$HUB_JPEG" "\\(whole chain\\)")
HUB_JPEG_DECODE=$(step_ms "$HUB_JPEG" decode)
VIPS_MS=$(per "$VIPS_WALL")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }

OUT=$ROOT/bench/results/heic-$(date +%Y-%m-%d).md
{
  echo "HEIC bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores: $N photos of 4032x3024 (12.2 MP) as iPhone-style HEIC grids, $HEIC_MB MB in all"
  echo
  echo "| what | per photo, ms (whole job) | of which decoding, ms | time vs vipsthumbnail | CPU cores used |"
  echo "|---|---|---|---|---|"
  echo "| hub, chain web, HEIC in | $HUB_HEIC_MS | $HUB_HEIC_DECODE | $(ratio "$HUB_HEIC_MS" "$VIPS_MS") | $(chain_cores "$HUB_HEIC") |"
  echo "| hub, chain web, same pixels as JPEG q92 | $HUB_JPEG_MS | $HUB_JPEG_DECODE (shrink-on-load) | $(ratio "$HUB_JPEG_MS" "$VIPS_MS") | $(chain_cores "$HUB_JPEG") |"
  echo "| vipsthumbnail 8.14 -s 1600x1600 Q=82 (libheif) | $VIPS_MS | - | 1.00x | $(cores "$VIPS_CPU" "$VIPS_WALL") |"
  echo "| heif-convert 1.15 to y4m (decode only) | $(per "$DEC_WALL") | $(per "$DEC_WALL") | - | $(cores "$DEC_CPU" "$DEC_WALL") |"
  echo
  echo "hub, HEIC, every step:"
  echo
  grep '^| web' <<<"$HUB_HEIC" | sed 's/^/    /'
} | tee "$OUT"
