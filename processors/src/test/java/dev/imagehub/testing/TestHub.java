package dev.imagehub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import dev.imagehub.HubLock;
import dev.imagehub.HubMain;
import dev.imagehub.HubServices;
import dev.imagehub.HubSettings;

/**
 * A real hub booted from copies of the repository's config/, routes/ and templates/ in a temporary home, exactly as
 * {@code ./hub run} does, with fast polling. Tests drop files into its inbox and read its outbox and ledger.
 */
public final class TestHub implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final Path home;
    private final HubServices services;
    private final Main main;
    private final Thread thread;
    private final HubLock lock;

    private TestHub(Path home, HubServices services, Main main, Thread thread, HubLock lock) {
        this.lock = lock;
        this.home = home;
        this.services = services;
        this.main = main;
        this.thread = thread;
    }

    /** Copies the real configuration into {@code home} (once; later starts reuse the same home, like a restart). */
    public static Path prepareHome(Path home) {
        Path source = Path.of(System.getProperty("test.hub.source", "..")).toAbsolutePath().normalize();
        for (String dir : List.of("config", "routes", "templates")) {
            copyTree(source.resolve(dir), home.resolve(dir));
        }
        return home;
    }

    /** Settings every test hub uses: quick polling, an in-memory-speed ledger in the home, no SQL server. */
    public static Map<String, String> defaults() {
        Map<String, String> m = new HashMap<>();
        m.put("hub.pollDelay", "50");
        m.put("hub.readLockMinAge", "300");
        m.put("hub.incompleteFileWait", "1500");            // a truncated test file fails after 1.5 s, not 30 s
        m.put("hub.db.server.enabled", "false");
        m.put("hub.http.enabled", "false");                 // tests that read /health and /metrics turn it on, on a free port
        return m;
    }

    /** A loopback port free right now, for a hub's HTTP server or a test database. */
    public static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestHub start(Path home) {
        return start(home, Map.of());
    }

    public static TestHub start(Path home, Map<String, String> overrides) {
        return start(home, overrides, Map.of());
    }

    /**
     * Starts a hub whose environment is {@code environment} (for example WAVESPEED_API_KEY and WAVESPEED_BASE_URL of an
     * emulator); the other starts give it an empty one, so a developer's real key never reaches a test.
     */
    public static TestHub start(Path home, Map<String, String> overrides, Map<String, String> environment) {
        Map<String, String> settings = new LinkedHashMap<>(defaults());
        settings.putAll(overrides);
        // held like ./hub run holds it: a command reading the ledger meanwhile goes through the SQL server
        HubLock lock;
        try {
            lock = HubLock.tryTake(home).orElseThrow(() -> new IllegalStateException("a hub already runs in " + home));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HubServices.Checked checked;
        try {
            checked = HubServices.validate(HubSettings.load(home, settings, environment));
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
        Main main = HubMain.createMain(checked);
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                started.countDown();
            }
        });
        Thread t = new Thread(() -> {
            try {
                main.run();
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                started.countDown();
            }
        }, "test-hub");
        t.start();
        try {
            if (!started.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("hub did not start in 60 s");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        if (failure.get() != null || main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
            if (main.getCamelContext() != null) main.getCamelContext().stop();
            release(lock);
            Throwable f = failure.get();
            throw new IllegalStateException("hub failed to start: " + (f == null ? "see log" : rootMessage(f)), f);
        }
        HubServices services = main.getCamelContext().getRegistry().lookupByNameAndType(HubServices.BEAN_NAME, HubServices.class);
        return new TestHub(home, services, main, t, lock);
    }

    public static String rootMessage(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) sb.append(c.getMessage()).append(" | ");
        return sb.toString();
    }

    public Path home() { return home; }
    public HubServices services() { return services; }
    public Path inbox(String folder) { return home.resolve("inbox").resolve(folder); }
    public Path outbox(String folder) { return home.resolve("outbox").resolve(folder); }
    public Path done(String folder) { return inbox(folder).resolve(".done"); }
    public Path failed(String folder) { return outbox(folder).resolve("failed"); }

    /** Drops a file atomically (written beside the inbox, then renamed in), as a finished copy appears to the hub. */
    public Path drop(String folder, String name, byte[] bytes) {
        try {
            Path staging = home.resolve("staging");
            Files.createDirectories(staging);
            Files.createDirectories(inbox(folder));
            Path tmp = Files.createTempFile(staging, "drop", ".bin");
            Files.write(tmp, bytes);
            return Files.move(tmp, inbox(folder).resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Visible files (no dot-files, no sub-folders) directly in {@code dir}. */
    public static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Set<String> names(Path dir) {
        return new java.util.TreeSet<>(files(dir).stream().map(p -> p.getFileName().toString()).toList());
    }

    /**
     * Counts the exchanges of {@code routeId} that end from now on, with Camel's own {@link org.apache.camel.builder.NotifyBuilder}
     * (create it before dropping the files, then {@link Exchanges#await()}): the test waits on the route's events, not on
     * a folder listing. A file's exchange ends after its results are published and its original archived or failed.
     */
    public Exchanges expect(String routeId, int done) {
        org.apache.camel.builder.NotifyBuilder notify = new org.apache.camel.builder.NotifyBuilder(main.getCamelContext())
                .fromRoute(routeId).whenDone(done).create();
        return new Exchanges(notify, done + " exchanges of route " + routeId);
    }

    /** Exchanges a test waits for; see {@link #expect}. */
    public record Exchanges(org.apache.camel.builder.NotifyBuilder events, String what) {
        /** Waits until they are done; fails the test naming them otherwise. */
        public void await() {
            if (!events.matches(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) throw new AssertionError("timed out waiting for " + what);
        }
    }

    /** Waits until {@code dir} holds {@code count} visible files. */
    public void awaitFiles(Path dir, int count) {
        Await.until(TIMEOUT, () -> count + " files in " + home.relativize(dir) + ", have " + names(dir), () -> files(dir).size() >= count);
    }

    /** Waits until the inbox folder is empty (every file was taken to a result or to failed/). */
    public void awaitInboxEmpty(String folder) {
        Await.until(TIMEOUT, () -> "inbox/" + folder + " to be empty, still " + names(inbox(folder)), () -> files(inbox(folder)).isEmpty()
                && !hasInFlightTemps(folder));
    }

    private boolean hasInFlightTemps(String folder) {
        try (Stream<Path> s = Files.exists(outbox(folder)) ? Files.list(outbox(folder)) : Stream.empty()) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(".hub-"));
        } catch (IOException e) {
            return true;
        }
    }

    /** Rows of a query against the hub's ledger, as column-name maps. */
    public List<Map<String, Object>> sql(String query, Object... args) {
        try (Connection c = services.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        main.completed();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the services were stopped by Camel with its context (HubConfiguration added them as a service)
        release(lock);
    }

    private static void release(HubLock lock) {
        try {
            lock.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        if (!Files.isDirectory(from)) return;
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else if (!Files.exists(target)) Files.copy(p, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
