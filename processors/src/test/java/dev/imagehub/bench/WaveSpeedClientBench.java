package dev.imagehub.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

import dev.imagehub.HubSettings;
import dev.imagehub.ledger.JobJournal;
import dev.imagehub.ledger.Ledger;
import dev.imagehub.wavespeed.AiCall;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.wavespeed.client.ApiKey;
import dev.imagehub.wavespeed.client.UnlimitedSpendGuard;
import dev.imagehub.wavespeed.client.WaveSpeedGateway;
import dev.imagehub.wavespeed.client.WaveSpeedSettings;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

/**
 * The WaveSpeed client's overhead: N distinct images captioned through the gateway against the emulator with a fixed
 * latency, at several concurrency settings, with twice as many callers as slots (so tasks queue in the hub). Reports
 * wall time against the ideal (N x latency / concurrency) and the client's CPU per task (CPU time of the calling
 * threads, which do the uploads, polls and downloads). Run through bench/wavespeed-client-bench.sh.
 *
 * <p>Arguments: images (200), latency-ms (1500), concurrencies (2,8,32), hub source dir (for config/models.yaml).
 */
public final class WaveSpeedClientBench {
    private WaveSpeedClientBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long latency = args.length > 1 ? Long.parseLong(args[1]) : 1500;
        String[] levels = (args.length > 2 ? args[2] : "2,8,32").split(",");
        Path source = Path.of(args.length > 3 ? args[3] : "..");
        ModelRegistry registry = ModelRegistry.load(source.resolve("config"));
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < n; i++) images.add(png(i));
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        System.out.println("| concurrency | images | latency ms | wall s | ideal s | over ideal | client CPU ms/task |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String level : levels) {
            int c = Integer.parseInt(level.trim());
            Path home = Files.createTempDirectory("ws-bench");
            try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ofMillis(latency))) {
                HubSettings settings = HubSettings.load(home, Map.of("hub.db.server.enabled", "false",
                        "hub.wavespeed.concurrency", String.valueOf(c), "hub.workers", "8"),
                        Map.of(ApiKey.ENV, "bench", WaveSpeedSettings.BASE_URL_ENV, emu.baseUrl()));
                try (Ledger ledger = Ledger.open(settings);
                     WaveSpeedGateway gw = new WaveSpeedGateway(WaveSpeedSettings.of(settings), ApiKey.from(settings).orElseThrow(),
                             registry, ledger.dataSource(), new UnlimitedSpendGuard(), home, dev.imagehub.testing.TestCamel.context())) {
                    JobJournal journal = new JobJournal(ledger.dataSource());
                    List<AiCall> calls = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        String sha = sha(images.get(i));
                        String job = journal.begin("bench", "bench", "bench", i + ".png", images.get(i).length, sha);
                        calls.add(new AiCall("bench", job, sha, 1, "caption", "", registry.require("wavespeed-ai/image-captioner"),
                                Map.of("image", AiInput.of(images.get(i), i + ".png")), "bench"));
                    }
                    ExecutorService pool = Executors.newFixedThreadPool(2 * c);
                    long start = System.nanoTime();
                    List<Future<Long>> cpuTimes = new ArrayList<>();
                    for (AiCall call : calls) {
                        cpuTimes.add(pool.submit(() -> {
                            long before = cpu.getCurrentThreadCpuTime();
                            gw.run(call);
                            return cpu.getCurrentThreadCpuTime() - before;
                        }));
                    }
                    long cpuNanos = 0;
                    for (Future<Long> f : cpuTimes) cpuNanos += f.get();
                    double wall = (System.nanoTime() - start) / 1e9;
                    pool.shutdown();
                    double ideal = n * latency / 1000.0 / c;
                    System.out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %.1f | %+.1f %% | %.1f |%n", c, n, latency, wall, ideal,
                            (wall / ideal - 1) * 100, cpuNanos / 1e6 / n);
                }
            }
        }
    }

    private static byte[] png(int i) throws Exception {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(i * 7 % 256, i * 13 % 256, i * 29 % 256));
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
