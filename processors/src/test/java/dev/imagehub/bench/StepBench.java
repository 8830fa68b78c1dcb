package dev.imagehub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.chain.StepFailure;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.ledger.UsageRecord;

/**
 * Per-step speed on a folder of images: runs every chain of a bench chains file over every image (in one thread, after
 * a warm-up pass) and reports, per step, the mean time and the megapixels per second of the pixels the step received.
 * The timings are the same ones the ledger records. Run through bench/steps-bench.sh.
 *
 * <p>Arguments: chains-dir (holding chains.yaml and the libraries it needs), images-dir, [max-images]. The system
 * property {@code bench.chains} (comma-separated names) measures only those chains of the file.
 */
public final class StepBench {
    private static final java.util.regex.Pattern IMAGE_NAME =
            java.util.regex.Pattern.compile("(?i)[^.].*\\.(jpe?g|heic|heif|png|webp|avif|tiff?)");

    private StepBench() {
    }

    /** Accumulated timing of one step of one chain. */
    private static final class Tally {
        long millis;
        double megapixels;
        int runs;
        int failures;
        long bytesOut;
        long bytesIn;
    }

    public static void main(String[] args) throws Exception {
        Path configDir = Path.of(args[0]);
        Path images = Path.of(args[1]);
        int max = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        ChainCatalog chains = ChainCatalog.load(configDir, configDir.toString(), StepCatalog.discover());
        List<Path> files;
        try (Stream<Path> s = Files.list(images)) {
            files = s.filter(p -> IMAGE_NAME.matcher(p.getFileName().toString()).matches()).sorted().limit(max).toList();
        }
        List<byte[]> bytes = new ArrayList<>();
        List<ImageInfo> infos = new ArrayList<>();
        double sourceMp = 0;
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            bytes.add(b);
            ImageInfo info = ImageProbe.probe(b);
            infos.add(info);
            sourceMp += info.megapixels();
        }
        System.out.printf(Locale.ROOT, "%d images, %.1f source MP, %s%n%n", files.size(), sourceMp, images);
        System.out.println("| chain | step | runs | mean ms | step input MP/s | notes |");
        System.out.println("|---|---|---|---|---|---|");
        List<String> only = System.getProperty("bench.chains", "").isBlank() ? List.of()
                : List.of(System.getProperty("bench.chains").split("\\s*,\\s*"));
        for (ChainDefinition chain : chains.all().values()) {
            if (!only.isEmpty() && !only.contains(chain.name())) continue;
            run(chain, files, bytes, infos, true);                 // warm-up: JIT, native loading, caches
            long cpu0 = processCpuNanos(), wall0 = System.nanoTime();
            Map<String, Tally> tallies = run(chain, files, bytes, infos, false);
            double cores = (processCpuNanos() - cpu0) / (double) Math.max(1, System.nanoTime() - wall0);
            long chainMillis = tallies.values().stream().mapToLong(t -> t.millis).sum();
            for (Map.Entry<String, Tally> e : tallies.entrySet()) {
                Tally t = e.getValue();
                double seconds = t.millis / 1000.0;
                String notes = t.failures > 0 ? t.failures + " failed" : "";
                if (e.getKey().equals("encode") && t.bytesIn > 0) {
                    notes = String.format(Locale.ROOT, "%.1f KB/image out", t.bytesOut / 1000.0 / Math.max(1, t.runs));
                }
                // the ledger times in whole milliseconds: a step that never reached 1 ms has no meaningful rate
                String mean = t.millis == 0 ? "< 1" : String.format(Locale.ROOT, "%.1f", (double) t.millis / Math.max(1, t.runs));
                String rate = t.millis == 0 ? "(settings only)" : String.format(Locale.ROOT, "%.1f", t.megapixels / seconds);
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %s |%n", chain.name(), e.getKey(), t.runs, mean, rate, notes);
            }
            System.out.printf(Locale.ROOT, "| %s | (whole chain) | %d | %.1f | %.1f | source MP/s, %.2f cores |%n", chain.name(), files.size(),
                    (double) chainMillis / Math.max(1, files.size()), sourceMp / Math.max(0.001, chainMillis / 1000.0), cores);
        }
    }

    // CPU time of the whole process (every thread, native codec threads too), so that the cores a chain used show
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Map<String, Tally> run(ChainDefinition chain, List<Path> files, List<byte[]> bytes, List<ImageInfo> infos,
                                          boolean warmUp) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            List<UsageRecord> usage;
            try {
                ChainResult r = ChainRunner.run(chain, files.get(i).getFileName().toString(), bytes.get(i), infos.get(i));
                usage = r.usage();
            } catch (StepFailure f) {
                usage = f.usage();
            }
            if (warmUp) continue;
            long pixelBytes = 0;
            for (UsageRecord u : usage) {
                Tally t = tallies.computeIfAbsent(u.step(), k -> new Tally());
                t.runs++;
                t.millis += u.durationMs();
                // decode is measured against the source's pixels, encode against the final pixel buffer, and every
                // other step against the pixel buffer it received (bytes in = width x height x channels, ~3)
                t.megapixels += switch (u.step()) {
                    case "decode" -> infos.get(i).megapixels();
                    case "encode" -> pixelBytes / 3.0 / 1e6;
                    default -> u.bytesIn() / 3.0 / 1e6;
                };
                if (!u.step().equals("encode")) pixelBytes = u.bytesOut();
                if (UsageRecord.FAILED.equals(u.status())) t.failures++;
                t.bytesIn += u.bytesIn();
                t.bytesOut += u.bytesOut();
            }
        }
        return tallies;
    }
}
