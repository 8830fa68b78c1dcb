package dev.imagehub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real hub in a JVM of its own, started as {@code ./hub run} starts it (on the test classpath): for what one process
 * cannot show about itself, such as its resident memory, its system calls, or surviving a {@code kill -9}.
 */
public final class HubProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private HubProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java <jvmOptions> dev.imagehub.HubMain run} with {@code home} as the hub's home, its output in
     * {@code home/hub-<label>.log}; {@code wrapper} (such as strace and its options) runs the JVM when not empty.
     */
    public static HubProcess start(Path home, String label, List<String> jvmOptions, List<String> wrapper) {
        return start(home, label, jvmOptions, wrapper, java.util.Map.of());
    }

    /** As above, with {@code environment} added to the hub's (an emulator's WAVESPEED_API_KEY and WAVESPEED_BASE_URL). */
    public static HubProcess start(Path home, String label, List<String> jvmOptions, List<String> wrapper, java.util.Map<String, String> environment) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-Dhub.home=" + home, "-Djava.awt.headless=true",
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", home.resolve("data/javacpp").toString()),
                "-cp", System.getProperty("java.class.path"), "dev.imagehub.HubMain", "run"));
        Path log = home.resolve("hub-" + label + ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            // the same environment a user's shell gives it, minus any real API key of the developer's
            pb.environment().remove("WAVESPEED_API_KEY");
            pb.environment().remove("HUB_DB_PASSWORD");
            pb.environment().putAll(environment);
            return new HubProcess(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hub's JVM (the wrapper's child when a wrapper runs it). */
    public ProcessHandle jvm() {
        Optional<ProcessHandle> child = process.toHandle().descendants().filter(p -> p.info().command().orElse("").endsWith("/java")).findFirst();
        return child.orElse(process.toHandle());
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the hub's output contains {@code text} (fails early if the hub exited). */
    public void awaitLog(String text, Duration timeout) {
        Await.until(timeout, () -> "'" + text + "' in the hub's output; it says:\n" + tail(), () -> {
            if (!process.isAlive() && !logText().contains(text)) throw new AssertionError("the hub exited:\n" + tail());
            return logText().contains(text);
        });
    }

    private String tail() {
        List<String> lines = logText().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** The most memory the JVM has had resident so far (VmHWM of /proc), in bytes. */
    public long peakResidentBytes() {
        return procStatus("VmHWM:") * 1024;
    }

    /** The memory resident now (VmRSS), in bytes. */
    public long residentBytes() {
        return procStatus("VmRSS:") * 1024;
    }

    private long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(jvm().pid()), "status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(field + " not in /proc status");
    }

    /** SIGTERM, as Ctrl+C: in-flight files finish; waits for the exit and returns the exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        jvm().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the hub did not stop within " + timeout.toSeconds() + " s of SIGTERM:\n" + tail());
        }
        return process.exitValue();
    }

    /** Waits for the hub to end by itself (a start refused) and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw new AssertionError("the hub did not exit:\n" + tail());
        return process.exitValue();
    }

    /** SIGKILL, as a crash. */
    public void kill() throws InterruptedException {
        jvm().destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** JVM options for a hub under test: the heap and buffer cache of ./hub, quick polling, no SQL server, and {@code settings}. */
    public static List<String> options(String heap, Map<String, String> settings) {
        List<String> out = new ArrayList<>(List.of("-Xmx" + heap, "-Djdk.nio.maxCachedBufferSize=1048576", "-Dhub.pollDelay=50", "-Dhub.readLockMinAge=300", "-Dhub.incompleteFileWait=1500", "-Dhub.db.server.enabled=false",
                "-Dhub.http.enabled=false"));
        settings.forEach((k, v) -> out.add("-D" + k + "=" + v));
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            jvm().destroyForcibly();
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
