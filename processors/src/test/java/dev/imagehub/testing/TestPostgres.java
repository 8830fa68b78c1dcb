package dev.imagehub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for a test: Debian's binaries ({@code apt-get install postgresql}, which .ci/run installs)
 * with a fresh cluster in a temporary folder, on a free loopback port, trust authentication for one user. PostgreSQL
 * refuses to run as root, so as root the server runs as the {@code postgres} system user. Stopped (and its folder
 * removed) by {@link #close()}.
 */
public final class TestPostgres implements AutoCloseable {
    public static final String USER = "hub";
    private final Path dir;
    private final int port;
    private final Process server;

    private TestPostgres(Path dir, int port, Process server) {
        this.dir = dir;
        this.port = port;
        this.server = server;
    }

    /** The folder of PostgreSQL's server programs, if installed. */
    public static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return Optional.empty();
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Initialises a cluster and starts its server; waits until it takes connections. */
    public static TestPostgres start() throws Exception {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException("PostgreSQL is not installed: apt-get install postgresql"));
        Path dir = Files.createTempDirectory("hub-pg-");
        Path data = dir.resolve("data");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) run(List.of("chown", "postgres:postgres", dir.toString()), Duration.ofSeconds(10));
        run(as(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-sync")),
                Duration.ofSeconds(120));
        int port = TestHub.freePort();
        List<String> command = as(root, List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", String.valueOf(port),
                "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=200"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        TestPostgres pg = new TestPostgres(dir, port, server);
        try {
            Await.until(Duration.ofSeconds(60), "PostgreSQL takes connections (" + dir.resolve("server.log") + ")", pg::accepts);
        } catch (RuntimeException | Error e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    private static List<String> as(boolean root, List<String> command) {
        if (!root) return command;
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(command);
        return out;
    }

    private static void run(List<String> command, Duration timeout) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private boolean accepts() {
        if (!server.isAlive()) throw new IllegalStateException("PostgreSQL stopped: " + log());
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** A new, empty database. */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, ""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.destroy();   // SIGTERM: PostgreSQL's smart shutdown; then fast if it lingers
        try {
            if (!server.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
