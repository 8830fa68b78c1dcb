// Fills a fresh hub home's ledger with a busy year: N usage_log rows (default 1,000,000) over the last 90 days, in jobs
// of 5 operations across 12 folders, one job in 10 with an AI step that costs something, a few failures.
// Run by bench/console-bench.sh with the hub's classpath:  java -cp <hub classpath> bench/ConsoleSeed.java <home> [rows]
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.Random;
import java.util.UUID;

import dev.imagehub.HubSettings;
import dev.imagehub.ledger.Ledger;

public class ConsoleSeed {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        String[] folders = {"web", "thumbnails", "instagram", "email", "webp", "enhance", "square", "upscale", "background", "caption", "translate", "avif"};
        String[] steps = {"probe", "decode", "resize", "compress", "encode"};
        String[] models = {"wavespeed-ai/image-upscaler", "bytedance/seedream-v4", "wavespeed-ai/flux-kontext-pro", "google/nano-banana/edit"};
        Random random = new Random(42);
        OffsetDateTime now = OffsetDateTime.now();
        long start = System.nanoTime();
        try (Ledger ledger = Ledger.open(HubSettings.load(home)); Connection c = ledger.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement job = c.prepareStatement("INSERT INTO hub_job (job_id, route, folder, chain, file_name, file_size, file_sha256, state, "
                    + "finalized, started_at, finished_at, failed_step, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?, ?)");
                 PreparedStatement op = c.prepareStatement("INSERT INTO usage_log (ts, source, route, job_id, file_name, file_sha256, step, step_index, "
                         + "provider, model, status, cost_usd, estimated_cost_usd, duration_ms, bytes_in, bytes_out) "
                         + "VALUES (?, 'hotfolder', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int written = 0;
                int jobs = 0;
                while (written < rows) {
                    String id = UUID.randomUUID().toString();
                    String folder = folders[random.nextInt(folders.length)];
                    OffsetDateTime ts = now.minusSeconds((long) (random.nextDouble() * 90 * 86_400));
                    boolean failed = random.nextInt(50) == 0;
                    boolean ai = random.nextInt(10) == 0;
                    String sha = String.format("%064x", new java.math.BigInteger(256, random));
                    String name = "photo-" + jobs + ".jpg";
                    job.setString(1, id);
                    job.setString(2, "hotfolder-" + folder);
                    job.setString(3, folder);
                    job.setString(4, folder);
                    job.setString(5, name);
                    job.setLong(6, 2_000_000 + random.nextInt(3_000_000));
                    job.setString(7, sha);
                    job.setString(8, failed ? "FAILED" : "DONE");
                    job.setObject(9, ts);
                    job.setObject(10, ts.plusNanos(300_000_000));
                    job.setString(11, failed ? "decode" : null);
                    job.setString(12, failed ? "the JPEG file has no readable frame header (damaged or truncated)" : null);
                    job.addBatch();
                    for (int i = 0; i < steps.length && written < rows; i++, written++) {
                        boolean paid = ai && i == 2;
                        BigDecimal cost = paid ? new BigDecimal(10_000 + random.nextInt(200_000)).movePointLeft(6) : BigDecimal.ZERO;
                        op.setObject(1, ts.plusNanos(i * 50_000_000L));
                        op.setString(2, "hotfolder-" + folder);
                        op.setString(3, id);
                        op.setString(4, name);
                        op.setString(5, sha);
                        op.setString(6, paid ? "upscale" : steps[i]);
                        op.setInt(7, i);
                        op.setString(8, paid ? "wavespeed" : "local");
                        op.setString(9, paid ? models[random.nextInt(models.length)] : null);
                        op.setString(10, "ok");
                        op.setBigDecimal(11, cost);
                        op.setBigDecimal(12, cost);
                        op.setLong(13, 5 + random.nextInt(200));
                        op.setLong(14, 2_000_000);
                        op.setLong(15, 300_000);
                        op.addBatch();
                    }
                    if (++jobs % 2_000 == 0) {
                        job.executeBatch();
                        op.executeBatch();
                        c.commit();
                    }
                }
                if (jobs % 2_000 != 0) {
                    job.executeBatch();
                    op.executeBatch();
                    c.commit();
                }
                System.out.printf("seeded %d usage_log rows in %d jobs in %.0f s%n", written, jobs, (System.nanoTime() - start) / 1e9);
            }
            try (var st = c.createStatement()) {
                st.execute("CHECKPOINT");
            }
        }
    }
}
