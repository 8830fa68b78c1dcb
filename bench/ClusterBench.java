// Several hubs on one shared inbox and one PostgreSQL: throughput of 1, 2 and 3 hub JVMs on the same photos, CPU and
// database transactions per file, the time a killed hub's file takes to be finished by another, and one hub in cluster
// mode against one hub on its embedded HSQLDB. Run by bench/cluster-bench.sh (which builds the classpath):
//   java -cp <test classes, hub jar and libs> bench/ClusterBench.java <photos> <work dir>
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.imagehub.testing.HubProcess;
import dev.imagehub.testing.TestHub;
import dev.imagehub.testing.TestPostgres;

public class ClusterBench {
    static byte[] photo;
    static int photos;
    static Path work;

    public static void main(String[] args) throws Exception {
        photos = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        work = Path.of(args.length > 1 ? args[1] : "/tmp/cluster-bench");
        photo = Files.readAllBytes(Path.of("processors/src/test/resources/fixtures/photo-sunset-1800.jpg"));
        StringBuilder out = new StringBuilder("| run | hubs | photos | wall s | photos/s | CPU ms per photo | DB transactions per photo |\n|---|---|---|---|---|---|---|\n");
        try (TestPostgres pg = TestPostgres.start()) {
            out.append(run("embedded HSQLDB, one hub, no cluster", null, 1, "hsqldb")).append('\n');
            for (int n = 1; n <= 3; n++) out.append(run("PostgreSQL, cluster mode", pg, n, "pg" + n)).append('\n');
            out.append('\n').append(failover(pg)).append('\n');
        }
        System.out.println(out);
    }

    static String run(String label, TestPostgres pg, int hubs, String name) throws Exception {
        Path dir = work.resolve(name);
        Path shared = dir.resolve("share");
        Files.createDirectories(shared.resolve("inbox/web"));
        Files.createDirectories(shared.resolve("outbox"));
        String url = pg == null ? null : pg.createDatabase("bench_" + name);
        List<HubProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < hubs; i++) nodes.add(start(dir, shared, url, "n" + i, pg != null));
            long tx0 = url == null ? 0 : transactions(url);
            long[] cpu0 = cpu(nodes);
            long start = System.nanoTime();
            drop(shared.resolve("inbox/web"), "p");
            waitDone(shared.resolve("inbox/web/.done"), photos, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = sum(cpu(nodes)) - sum(cpu0);
            Thread.sleep(1500);                     // PostgreSQL publishes a backend's counters within a second of its last transaction
            long tx = url == null ? 0 : transactions(url) - tx0;
            return String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %d | %s |", label, hubs, photos, seconds, photos / seconds, cpu / photos,
                    url == null ? "-" : String.format(Locale.ROOT, "%.1f", (double) tx / photos));
        } finally {
            for (HubProcess n : nodes) n.close();
        }
    }

    // three hubs, one killed while it holds a file: the time until another hub has finished that file
    static String failover(TestPostgres pg) throws Exception {
        Path dir = work.resolve("failover");
        Path shared = dir.resolve("share");
        Files.createDirectories(shared.resolve("inbox/web"));
        Files.createDirectories(shared.resolve("outbox"));
        String url = pg.createDatabase("bench_failover");
        List<HubProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) nodes.add(start(dir, shared, url, "n" + i, true));
            drop(shared.resolve("inbox/web"), "f");
            String held = null;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (held == null && System.nanoTime() < deadline) {
                try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, ""); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT file_name FROM file_claim WHERE node = 'n0'")) {
                    if (rs.next()) held = rs.getString(1);
                }
            }
            if (held == null) return "failover: node n0 held no file to kill it with";
            nodes.get(0).kill();
            long killed = System.nanoTime();
            Path file = shared.resolve("inbox").resolve(held.replace("web/", "web/.done/"));
            while (!Files.exists(file)) Thread.sleep(20);
            long ms = (System.nanoTime() - killed) / 1_000_000;
            waitDone(shared.resolve("inbox/web/.done"), photos, Duration.ofMinutes(10));
            return String.format(Locale.ROOT, "Failover: kill -9 of a hub holding %s; another hub had finished it %d ms later (lease %d s).", held, ms, LEASE);
        } finally {
            for (HubProcess n : nodes) n.close();
        }
    }

    static final int LEASE = 10;

    static HubProcess start(Path dir, Path shared, String url, String node, boolean cluster) throws Exception {
        Path home = dir.resolve("home-" + node);
        TestHub.prepareHome(home);
        Files.createSymbolicLink(home.resolve("inbox"), shared.resolve("inbox"));
        Files.createSymbolicLink(home.resolve("outbox"), shared.resolve("outbox"));
        Map<String, String> settings = new HashMap<>();
        if (cluster) {
            settings.putAll(Map.of("hub.db.url", url, "hub.db.user", TestPostgres.USER, "hub.cluster.enabled", "true", "hub.node.id", node,
                    "hub.cluster.leaseSeconds", String.valueOf(LEASE)));
        }
        HubProcess hub = HubProcess.start(home, node, HubProcess.options("768m", settings), List.of());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!hub.logText().contains("Hub ready")) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("hub " + node + " did not start: " + hub.logText());
            Thread.sleep(50);
        }
        return hub;
    }

    static void drop(Path inbox, String prefix) throws Exception {
        for (int i = 0; i < photos; i++) {
            Path tmp = inbox.resolve("." + prefix + i + ".tmp");
            Files.write(tmp, photo);
            Files.move(tmp, inbox.resolve(prefix + i + ".jpg"));
        }
    }

    static void waitDone(Path done, int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(done) < n) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("only " + count(done) + " of " + n + " done");
            Thread.sleep(20);
        }
    }

    static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return 0;
        try (var s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".jpg")).count();
        }
    }

    static long[] cpu(List<HubProcess> nodes) {
        long[] out = new long[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) out[i] = nodes.get(i).jvm().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
        return out;
    }

    static long sum(long[] v) {
        long s = 0;
        for (long x : v) s += x;
        return s;
    }

    static long transactions(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
