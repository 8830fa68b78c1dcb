#!/usr/bin/env bash
# AI benchmark: 200 images through the hub's `upscale` hot folder (AI upscale 2x, budget model) against the WaveSpeed
# emulator with 1.5 s latency per task, at hub.wavespeed.concurrency 2, 8 and 32. Reports the wall time against the
# ideal (images x latency / concurrency) and the hub's CPU per task.
#
#   bench/ai-bench.sh [corpus-dir] [runs]
#
#   corpus-dir  folder whose *.jpg are turned into the 640 px test images (default ../shared/corpus/real); without
#               readable JPEGs there, synthetic gradients are used
#   runs        timed runs per concurrency (default 1; the median is reported)
#
# Environment knobs (defaults in brackets):
#   AI_BENCH_IMAGES       images per timed batch [200]
#   AI_BENCH_LATENCY_MS   emulator latency per task [1500]
#   AI_BENCH_PX           long side of the test images in pixels [640]; smaller images cut the CPU both JVMs spend
#   AI_BENCH_CONCURRENCY  the concurrency values to measure ["2 8 32"]
#   AI_BENCH_TIMEOUT      seconds a batch may take before the run is declared failed [900]
#   AI_BENCH_WORKERS      files the upscale folder works on at once, as a multiple of the concurrency [2]: files beyond
#                         the concurrency are decoded, uploaded and priced while they wait for a task slot
#   HUB_XMX               the hub JVM's -Xmx [1g]
#   AI_BENCH_HUB_OPTS     extra JVM options for the hub, e.g. "-Dhub.wavespeed.pollMaxMillis=100" []
#   AI_BENCH_EMU_OPTS     extra JVM options for the emulator, e.g. a flight recording []
#
# Everything runs on loopback: the emulator in its own JVM (so the hub's CPU is measured alone), the hub in a fresh
# temporary home per run with WAVESPEED_BASE_URL pointing at the emulator and a dummy WAVESPEED_API_KEY. The hub home
# keeps only the upscale route, sets its workers to AI_BENCH_WORKERS x the concurrency, has no budgets
# file (no limits) and polls the inbox every 100 ms with hub.readLockMinAge 0 (files arrive by rename, whole).
#
# Results: a Markdown table on stdout, also written to bench/results/ai-<date>.md (git-ignored). docs/BENCHMARKS.md
# explains the columns and holds the reference figures.
set -euo pipefail

# shellcheck source=bench-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
RUNS=${POS[1]:-1}
IMAGES=${AI_BENCH_IMAGES:-200}
LATENCY_MS=${AI_BENCH_LATENCY_MS:-1500}
PX=${AI_BENCH_PX:-640}
CONCURRENCY=${AI_BENCH_CONCURRENCY:-"2 8 32"}
TIMEOUT=${AI_BENCH_TIMEOUT:-900}
WORKERS_FACTOR=${AI_BENCH_WORKERS:-2}
HUB_XMX=${HUB_XMX:-1g}
read -r -a HUB_OPTS <<<"${AI_BENCH_HUB_OPTS:-}"
read -r -a EMU_OPTS <<<"${AI_BENCH_EMU_OPTS:-}"
cd "$ROOT"

HUB_JAR=processors/target/hub.jar
CP="$HUB_JAR:processors/target/lib/*"
if [ ! -f "$HUB_JAR" ] || [ -n "$(find pom.xml processors/pom.xml processors/src config/models.yaml -newer "$HUB_JAR" -print -quit)" ]; then
  log "building the hub (mvn package -DskipTests)"
  mvn -B -q -o -DskipTests package >&2 || mvn -B -q -DskipTests package >&2
fi

HZ=$(getconf CLK_TCK)
proc_cpu() { local f; f=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }; awk '{print $12 + $13}' <<<"$f"; }
now() { echo "${EPOCHREALTIME:-$(date +%s.%N)}"; }

STAMP=$(date +%Y-%m-%d-%H%M%S)
mkdir -p bench/results
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ai-bench.XXXXXX")
EMU_PID=
HUB_PID=
stop_pid() { # pid: TERM, then KILL after 40 s
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$HUB_PID"
  stop_pid "$EMU_PID"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- test images: JPEGs of $PX px, each one different (a number drawn on it), so no upload is served from the cache ----
cat >"$WORK/MakeImages.java" <<'JAVA'
import java.awt.*;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.*;
import javax.imageio.stream.ImageOutputStream;

public class MakeImages {
    public static void main(String[] a) throws Exception {
        File corpus = new File(a[0]), out = new File(a[1]);
        int n = Integer.parseInt(a[2]);
        String prefix = a[3];
        int px = Integer.parseInt(a[4]);
        List<BufferedImage> sources = new ArrayList<>();
        File[] files = corpus.listFiles((d, name) -> name.toLowerCase().endsWith(".jpg"));
        if (files != null) {
            Arrays.sort(files);
            for (File f : files) {
                if (sources.size() >= 24) break;
                try {
                    BufferedImage img = ImageIO.read(f);
                    if (img != null) sources.add(scale(img, px));
                } catch (Exception e) {
                    // CMYK or unusual JPEGs: skip, others will do
                }
            }
        }
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.85f);
        for (int i = 0; i < n; i++) {
            BufferedImage img = sources.isEmpty() ? scale(gradient(i), px) : copy(sources.get(i % sources.size()));
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, px / 23)));
            g.drawString(prefix + " #" + i, px / 50, px / 16);
            g.dispose();
            try (ImageOutputStream s = ImageIO.createImageOutputStream(new File(out, String.format("%s-%03d.jpg", prefix, i)))) {
                w.setOutput(s);
                w.write(null, new IIOImage(img, null, null), p);
            }
        }
        w.dispose();
    }

    static BufferedImage scale(BufferedImage src, int longSide) {
        double f = (double) longSide / Math.max(src.getWidth(), src.getHeight());
        int w = (int) Math.round(src.getWidth() * f), h = (int) Math.round(src.getHeight() * f);
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return dst;
    }

    static BufferedImage copy(BufferedImage src) {
        BufferedImage c = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        c.createGraphics().drawImage(src, 0, 0, null);
        return c;
    }

    static BufferedImage gradient(int i) {
        BufferedImage img = new BufferedImage(640, 427, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color((i * 37) % 256, 90, 160), 640, 427, new Color(240, (i * 53) % 256, 60)));
        g.fillRect(0, 0, 640, 427);
        g.dispose();
        return img;
    }
}
JAVA
CORPUS_OR_NONE=${POS[0]:-$CORPUS}
mkdir -p "$WORK/images"
log "making $IMAGES test images per batch ($PX px) from $CORPUS_OR_NONE"
java -Djava.awt.headless=true "$WORK/MakeImages.java" "$CORPUS_OR_NONE" "$WORK/images" 8 warmup "$PX"
java -Djava.awt.headless=true "$WORK/MakeImages.java" "$CORPUS_OR_NONE" "$WORK/images" "$IMAGES" bench "$PX"

# ---- the emulator, in its own JVM --------------------------------------------------------------------------------
mkdir -p "$WORK/emu-home"
cp -r config "$WORK/emu-home/"
java -Xmx1g -Djava.awt.headless=true "-Dhub.home=$WORK/emu-home" "${EMU_OPTS[@]}" -cp "$CP" dev.imagehub.HubMain emulator 0 >"$WORK/emulator.log" 2>&1 &
EMU_PID=$!
URL=
for _ in $(seq 120); do
  URL=$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$WORK/emulator.log" 2>/dev/null | sed 's/listening on //' || true)
  [ -n "$URL" ] && break
  kill -0 "$EMU_PID" 2>/dev/null || break
  sleep 0.25
done
[ -n "$URL" ] || { cat "$WORK/emulator.log" >&2; echo "the emulator did not start" >&2; exit 1; }
emu() { curl -s -X "$1" -H 'Content-Type: application/json' ${3:+-d "$3"} "$URL/__emulator/$2"; }
log "emulator at $URL"

count_out() { find "$1" -maxdepth 1 -type f -name '*.jpg' 2>/dev/null | wc -l; }
count_failed() { find "$1/failed" -maxdepth 1 -type f -name '*.jpg' 2>/dev/null | wc -l; }

# Moves a staged batch into the inbox and waits for every result; prints "seconds outputs failed".
drop_and_wait() {
  local stage=$1 home=$2 n=$3 t0 t1 out got=0 bad=0 deadline
  out=$home/outbox/upscale
  t0=$(now)
  mv "$stage"/*.jpg "$home/inbox/upscale/"
  deadline=$((SECONDS + TIMEOUT))
  while :; do
    got=$(count_out "$out"); bad=$(count_failed "$out")
    [ $((got + bad)) -ge "$n" ] && break
    if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$HUB_PID" 2>/dev/null; then echo "timeout-or-dead $got $bad"; return 1; fi
    sleep 0.02
  done
  t1=$(now)
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}') $got $bad"
}

# One run at concurrency $1 in a fresh home and a fresh hub JVM. Sets R_T R_N R_NF R_CPUMS R_SUBMITS R_INFLIGHT.
run_once() {
  local c=$1 r=$2 home=$WORK/hub-$1-$2 res
  rm -rf "$home"
  mkdir -p "$home/routes" "$home/stage-warmup" "$home/stage" "$home/inbox/upscale"
  cp -r config templates "$home/"
  rm -f "$home/config/budgets.yaml"
  [ -f routes/upscale.camel.yaml ] || { echo "routes/upscale.camel.yaml is missing: the AI hot folders are not on this branch" >&2; exit 1; }
  local workers=$((c * WORKERS_FACTOR))
  sed "s/value: \"[0-9]*\"/value: \"$workers\"/" routes/upscale.camel.yaml >"$home/routes/upscale.camel.yaml"
  grep -q "value: \"$workers\"" "$home/routes/upscale.camel.yaml" || { echo "cannot set the workers of the upscale route" >&2; exit 1; }
  cp "$WORK"/images/warmup-*.jpg "$home/stage-warmup/"
  cp "$WORK"/images/bench-*.jpg "$home/stage/"
  WAVESPEED_API_KEY=bench-key WAVESPEED_BASE_URL=$URL java "-Xmx$HUB_XMX" -Djava.awt.headless=true "-Dhub.home=$home" \
    "-Dorg.bytedeco.javacpp.cachedir=$ROOT/data/javacpp" -Dhub.db.server.enabled=false -Dhub.readLockMinAge=0 -Dhub.pollDelay=100 \
    "-Dhub.wavespeed.concurrency=$c" "${HUB_OPTS[@]}" -cp "$CP" dev.imagehub.HubMain run >"$home/console.log" 2>&1 &
  HUB_PID=$!
  local ok=0
  for _ in $(seq 240); do
    grep -q "Hub ready" "$home/console.log" 2>/dev/null && { ok=1; break; }
    kill -0 "$HUB_PID" 2>/dev/null || break
    sleep 0.25
  done
  [ "$ok" = 1 ] || { tail -30 "$home/console.log" >&2; echo "the hub did not start" >&2; exit 1; }
  emu POST latency "{\"millis\": $LATENCY_MS}" >/dev/null
  # warm-up (JIT, native libraries, connection pool), then an idle baseline of the hub's own CPU
  res=$(drop_and_wait "$home/stage-warmup" "$home" 8) || { tail -30 "$home/console.log" >&2; echo "warm-up failed: $res" >&2; exit 1; }
  rm -rf "$home/outbox/upscale"
  local i0 i1 w0 w1 j0 j1
  i0=$(proc_cpu "$HUB_PID"); w0=$(now); sleep 5; i1=$(proc_cpu "$HUB_PID"); w1=$(now)
  emu POST reset >/dev/null
  emu POST latency "{\"millis\": $LATENCY_MS}" >/dev/null
  local e0 e1
  j0=$(proc_cpu "$HUB_PID"); e0=$(proc_cpu "$EMU_PID")
  res=$(drop_and_wait "$home/stage" "$home" "$IMAGES") || { tail -30 "$home/console.log" >&2; echo "batch failed: $res" >&2; exit 1; }
  j1=$(proc_cpu "$HUB_PID"); e1=$(proc_cpu "$EMU_PID")
  # the emulator really resamples and encodes every output: its CPU shares the machine with the hub
  R_EMUMS=$(awk -v a="$e0" -v b="$e1" -v hz="$HZ" -v n="$IMAGES" 'BEGIN {printf "%.1f", (b - a) / hz / n * 1000}')
  read -r R_T R_N R_NF <<<"$res"
  # CPU of the batch minus what the idle hub burns in the same time, per task, in ms
  R_CPUMS=$(awk -v j0="$j0" -v j1="$j1" -v i0="$i0" -v i1="$i1" -v w="$(awk -v a="$w0" -v b="$w1" 'BEGIN {print b - a}')" \
    -v t="$R_T" -v hz="$HZ" -v n="$IMAGES" 'BEGIN {idle = (i1 - i0) / hz / w; c = (j1 - j0) / hz - idle * t; if (c < 0) c = 0; printf "%.1f", c / n * 1000}')
  local stats
  stats=$(emu GET stats)
  R_SUBMITS=$(grep -o '"submits_total":[0-9]*' <<<"$stats" | cut -d: -f2)
  R_INFLIGHT=$(grep -o '"max_in_flight":[0-9]*' <<<"$stats" | cut -d: -f2)
  [ "$r" = 1 ] && cp "$home/console.log" "bench/results/ai-$STAMP-c$c.log"
  stop_pid "$HUB_PID"; HUB_PID=
  rm -rf "$home"
}

ROWS=()
for c in $CONCURRENCY; do
  TIMES=()
  for r in $(seq "$RUNS"); do
    log "concurrency $c, run $r: $IMAGES images, ${LATENCY_MS} ms per task"
    run_once "$c" "$r"
    log "  ${R_T} s, ${R_N} results, ${R_NF} failed, ${R_CPUMS} ms CPU per task, ${R_SUBMITS} submits, at most ${R_INFLIGHT} in flight, emulator ${R_EMUMS} ms CPU per task"
    TIMES+=("$R_T")
  done
  T=$(printf '%s\n' "${TIMES[@]}" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
  IDEAL=$(awk -v n="$IMAGES" -v l="$LATENCY_MS" -v c="$c" 'BEGIN {printf "%.1f", n * l / 1000 / c}')
  # a slot runs its tasks one after another: ceil(images / concurrency) whole latencies is the shortest possible batch
  BEST=$(awk -v n="$IMAGES" -v l="$LATENCY_MS" -v c="$c" 'BEGIN {r = int((n + c - 1) / c); printf "%.1f", r * l / 1000}')
  PER_ROUND=$(awk -v t="$T" -v b="$BEST" -v n="$IMAGES" -v c="$c" 'BEGIN {r = int((n + c - 1) / c); printf "%.0f", (t - b) / r * 1000}')
  # both JVMs' CPU spread over every core: below this no batch can finish, whatever the concurrency
  CPUFLOOR=$(awk -v h="$R_CPUMS" -v e="$R_EMUMS" -v n="$IMAGES" -v c="$(nproc)" 'BEGIN {printf "%.1f", (h + e) * n / 1000 / c}')
  RATIO=$(awk -v t="$T" -v i="$IDEAL" 'BEGIN {printf "%.3f", t / i}')
  OVER=$(awk -v t="$T" -v i="$IDEAL" 'BEGIN {printf "%+.1f %%", (t / i - 1) * 100}')
  ROWS+=("| $c | $IMAGES | $IDEAL | $BEST | $T | $RATIO | $OVER | $PER_ROUND | $R_CPUMS | $R_EMUMS | $CPUFLOOR | $R_SUBMITS | $R_INFLIGHT | $R_NF |")
done

{
  echo "AI benchmark $(date -u +%Y-%m-%dT%H:%MZ): upscale 2x (budget model) of $IMAGES images of $PX px, emulator latency ${LATENCY_MS} ms, folder workers ${WORKERS_FACTOR} x concurrency, $(nproc) cores"
  echo
  echo "| concurrency | images | ideal s | whole rounds s | wall s | wall / ideal | over ideal | lost per round ms | hub CPU ms per task | emulator CPU ms per task | CPU floor s | submits | max in flight | failed |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
} | tee "bench/results/ai-$STAMP.md"
