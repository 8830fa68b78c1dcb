#!/usr/bin/env bash
# Latency benchmark: how long a fresh file waits in a hot folder, with the hub's default settings (no read-lock tweak).
#
#   bench/latency-bench.sh [--install] [corpus-dir] [runs]
#
#   corpus-dir  folder whose *.jpg are the batch (default: ../shared/corpus/real relative to the repo root)
#   runs        timed batches per tool (default 3)
#   --install   first `apt-get install -y libvips-tools` (vipsthumbnail, the reference)
#
# Three measurements in one hub JVM (fresh home, config/ routes/ templates/ of this checkout, after one untimed
# warm-up batch), each file *copied* in (written in place, byte by byte, as cp or a file manager does; never renamed):
#   1. drop-to-outbox of one 2.5 MP photo (photo-mate-storm.jpg, 1920x1280), DROPS times one after the other: p50, p90;
#   2. the 48 corpus JPEGs copied in fresh, until the last result is out, against vipsthumbnail doing the same job
#      (2 processes x 1 thread, as in hotfolder-bench.sh) in the same run: median of `runs`, and the ratio;
#   3. a writer that stops for PAUSE seconds half-way through a JPEG: exactly one complete result, nothing failed.
#
# Environment knobs: DROPS [20], PAUSE [5], HUB_XMX [1g]. Results: Markdown on stdout and in bench/results/latency-<date>.md.
set -euo pipefail
# shellcheck source=bench-common.sh
. "$(dirname "$0")/bench-common.sh"
cd "$ROOT"
DROPS=${DROPS:-20}
PAUSE=${PAUSE:-5}
HUB_XMX=${HUB_XMX:-1g}
if [ "$INSTALL" = 1 ]; then sudo_cmd=; [ "$(id -u)" = 0 ] || sudo_cmd=sudo; $sudo_cmd apt-get install -y libvips-tools >&2; fi
command -v vipsthumbnail >/dev/null || { echo "vipsthumbnail not found: run with --install" >&2; exit 2; }
HUB_JAR=processors/target/hub.jar
if [ ! -f "$HUB_JAR" ] || [ -n "$(find pom.xml processors/pom.xml processors/src -newer "$HUB_JAR" -print -quit)" ]; then
  log "building the hub (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package >&2
fi
mkdir -p bench/results
STAMP=$(date -u +%Y-%m-%dT%H%M)
WORK=$(mktemp -d)
trap 'kill -TERM $(cat "$WORK/hub.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT
HOME_DIR=$WORK/home
mkdir -p "$HOME_DIR"
cp -r config routes templates "$HOME_DIR"/
java "-Xmx$HUB_XMX" "-Dhub.home=$HOME_DIR" "-Dorg.bytedeco.javacpp.cachedir=$ROOT/data/javacpp" -Dhub.db.server.enabled=false \
  -Dhub.http.enabled=false -cp "$HUB_JAR:processors/target/lib/*" dev.imagehub.HubMain run >"$WORK/console.log" 2>&1 &
echo $! >"$WORK/hub.pid"
for _ in $(seq 240); do grep -q "Hub ready" "$WORK/console.log" 2>/dev/null && break; sleep 0.25; done
grep -q "Hub ready" "$WORK/console.log" || { tail -20 "$WORK/console.log" >&2; echo "the hub did not start" >&2; exit 1; }
log "hub ready; measuring"
python3 - "$HOME_DIR" "$CORPUS" "$RUNS" "$DROPS" "$PAUSE" "$WORK" >"bench/results/latency-$STAMP.md" <<'PY'
import os, shutil, subprocess, sys, time, glob, statistics
home, corpus, runs, drops, pause, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
inbox, outbox = os.path.join(home, "inbox/web"), os.path.join(home, "outbox/web")
done = os.path.join(inbox, ".done")
jpegs = sorted(glob.glob(os.path.join(corpus, "*.jpg")))
storm = os.path.join(corpus, "photo-mate-storm.jpg")
def log(m): print(f"[bench {time.strftime('%H:%M:%S')}] {m}", file=sys.stderr, flush=True)
def outputs(): return [n for n in os.listdir(outbox) if not n.startswith(".") and n != "failed"] if os.path.isdir(outbox) else []
def failed(): d = os.path.join(outbox, "failed"); return os.listdir(d) if os.path.isdir(d) else []
def wait(cond, what, limit=300):
    t = time.monotonic()
    while not cond():
        if time.monotonic() - t > limit: raise SystemExit("timed out waiting for " + what)
        time.sleep(0.002)
def archived(n): return lambda: os.path.isdir(done) and len([f for f in os.listdir(done) if not f.startswith(".")]) >= n and not [f for f in os.listdir(inbox) if not f.startswith(".") and os.path.isfile(os.path.join(inbox, f))]
def clear():
    shutil.rmtree(outbox, ignore_errors=True); shutil.rmtree(done, ignore_errors=True); os.makedirs(outbox, exist_ok=True)
def copy_batch(prefix):
    for f in jpegs: shutil.copyfile(f, os.path.join(inbox, prefix + os.path.basename(f)))
# untimed warm-up: JIT, native libraries, first use of OpenCV and libjpeg
os.makedirs(inbox, exist_ok=True); os.makedirs(outbox, exist_ok=True)
copy_batch("w-"); wait(lambda: len(outputs()) + len(failed()) >= len(jpegs), "the warm-up batch"); wait(archived(len(jpegs)), "archiving"); clear()
# 1. one photo at a time
lat = []
for i in range(drops):
    name = f"storm-{i}.jpg"
    t0 = time.monotonic()
    shutil.copyfile(storm, os.path.join(inbox, name))
    wait(lambda: os.path.exists(os.path.join(outbox, name)), name)
    lat.append((time.monotonic() - t0) * 1000)
    wait(archived(i + 1), "archiving " + name)
    time.sleep(0.3)
lat.sort()
p50 = statistics.median(lat); p90 = lat[min(len(lat) - 1, int(round(0.9 * len(lat))) - 1)]
log(f"single photo: p50 {p50:.0f} ms, p90 {p90:.0f} ms")
clear()
# 2. the 48 JPEGs copied in fresh, against vipsthumbnail
hub_t, vips_t = [], []
vips_cmd = "ls *.jpg | VIPS_CONCURRENCY=1 xargs -P2 -n4 vipsthumbnail -s '1600x1600>' -o \"$OUT/%s.jpg[Q=82,interlace,strip]\""
for r in range(runs):
    t0 = time.monotonic()
    copy_batch(f"r{r}-")
    wait(lambda: len(outputs()) + len(failed()) >= len(jpegs), "the batch")
    hub_t.append(time.monotonic() - t0)
    nfailed = len(failed())
    wait(archived(len(jpegs)), "archiving"); clear()
    out = os.path.join(work, "vips"); shutil.rmtree(out, ignore_errors=True); os.makedirs(out)
    t0 = time.monotonic()
    subprocess.run(["sh", "-c", vips_cmd], cwd=corpus, env=dict(os.environ, OUT=out), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    vips_t.append(time.monotonic() - t0)
    log(f"batch {r + 1}: hub {hub_t[-1]:.2f} s ({nfailed} failed), vipsthumbnail {vips_t[-1]:.2f} s")
hm, vm = statistics.median(hub_t), statistics.median(vips_t)
# 3. a writer that pauses half-way
data = open(storm, "rb").read()
name = "paused.jpg"
with open(os.path.join(inbox, name), "wb") as f:
    f.write(data[: len(data) // 2]); f.flush()
    time.sleep(pause)
    early = outputs() + failed()
    f.write(data[len(data) // 2:])
wait(lambda: os.path.exists(os.path.join(outbox, name)) or failed(), name)
wait(archived(1), "archiving " + name)
time.sleep(1)
paused_ok = not early and outputs() == [name] and not failed() and open(os.path.join(done, name), "rb").read() == data
print(f"# Latency benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
print(f"Hub defaults (hub.pollDelay, hub.readLockMinAge, hub.incompleteFileWait from config/application.properties), chain web, {os.cpu_count()} cores.\n")
print("| measurement | result | goal |\n|---|---|---|")
print(f"| one 2.5 MP photo copied in, drop to outbox ({drops} drops) | p50 **{p50:.0f} ms**, p90 {p90:.0f} ms (min {lat[0]:.0f}, max {lat[-1]:.0f}) | p50 <= 400 ms |")
print(f"| {len(jpegs)} corpus JPEGs copied in fresh, until the last result (median of {runs}) | hub {hm:.2f} s, vipsthumbnail {vm:.2f} s: **{hm / vm:.2f}x** | <= 1.0x |")
print(f"| a writer that stops {pause:.0f} s half-way through a JPEG | {'one complete result, nothing failed, nothing published during the pause' if paused_ok else 'FAILED: early=%s outputs=%s failed=%s' % (early, outputs(), failed())} | exactly one complete result |")
print(f"\nRuns: hub {', '.join('%.2f' % t for t in hub_t)} s; vipsthumbnail {', '.join('%.2f' % t for t in vips_t)} s. Single-photo latencies (ms): {', '.join('%.0f' % x for x in lat)}.")
PY
cat "bench/results/latency-$STAMP.md"
