package dev.imagehub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import dev.imagehub.config.ConfigException;

/**
 * The hub's own settings ({@code hub.*} keys) from {@code config/application.properties}, overridden by system
 * properties. Defaults make a fresh checkout run with zero set-up. Secrets never live here: they come from the
 * environment (see {@link #dbPassword()}).
 */
public final class HubSettings {
    public static final String FILE = "config/application.properties";
    private final Path home;
    private final Properties props;
    private final java.util.Map<String, String> environment;

    private HubSettings(Path home, Properties props, java.util.Map<String, String> environment) {
        this.home = home;
        this.props = props;
        this.environment = environment;
    }

    public static HubSettings load(Path home) {
        return load(home, java.util.Map.of());
    }

    /** Loads the settings and applies {@code overrides} last (tests and tools use this instead of system properties). */
    public static HubSettings load(Path home, java.util.Map<String, String> overrides) {
        return load(home, overrides, System.getenv());
    }

    /**
     * As {@link #load(Path, java.util.Map)}, reading secrets such as {@code WAVESPEED_API_KEY} from {@code environment}
     * instead of the process environment: the seam tests use to give a hub a key without touching the real one.
     */
    public static HubSettings load(Path home, java.util.Map<String, String> overrides, java.util.Map<String, String> environment) {
        Properties p = new Properties();
        Path file = home.resolve(FILE);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new ConfigException(FILE, 0, "", "cannot read: " + e.getMessage());
            }
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("hub.")) p.setProperty(key, System.getProperty(key));
        }
        overrides.forEach(p::setProperty);
        HubSettings s = new HubSettings(home, p, java.util.Map.copyOf(environment));
        List<ConfigException> problems = s.mistakes();
        if (!problems.isEmpty()) throw problems.size() == 1 ? problems.get(0) : new ConfigException(problems);
        return s;
    }

    /** The settings of {@code home} without checking them: the hub's start reports their mistakes with all others. */
    public static HubSettings unchecked(Path home) {
        try {
            return load(home);
        } catch (ConfigException e) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(home.resolve(FILE))) {
                p.load(in);
            } catch (IOException io) {
                throw e;
            }
            for (String key : System.getProperties().stringPropertyNames()) {
                if (key.startsWith("hub.")) p.setProperty(key, System.getProperty(key));
            }
            return new HubSettings(home, p, java.util.Map.copyOf(System.getenv()));
        }
    }

    /**
     * Every {@code hub.*} key the hub reads (config/application.properties documents each). A key not here is a
     * mistake, most often a misspelling that would otherwise leave a limit at its default without a word.
     */
    public static final java.util.Set<String> KEYS = java.util.Set.of(
            "hub.home", "hub.workers", "hub.readLockMinAge", "hub.incompleteFileWait", "hub.pollDelay", "hub.maxMegapixels", "hub.maxFileMegabytes",
            "hub.memoryBudgetMb", "hub.pauseMaxSeconds", "hub.minFreeDiskMb",
            "hub.http.enabled", "hub.http.host", "hub.http.port", "hub.health.stuckMinutes", "hub.fileDeadlineSeconds", "hub.console.enabled",
            "hub.db.url", "hub.db.user", "hub.db.server.enabled", "hub.db.server.port", "hub.db.connectTimeoutSeconds",
            "hub.cluster.enabled", "hub.node.id", "hub.cluster.leaseSeconds",
            "hub.wavespeed.concurrency", "hub.wavespeed.submitsPerMinute", "hub.wavespeed.taskTimeoutSeconds",
            "hub.wavespeed.pollMaxMillis", "hub.wavespeed.pollRetries", "hub.wavespeed.retryBackoffMillis",
            "hub.wavespeed.breakerFailures", "hub.wavespeed.breakerOpenSeconds", "hub.wavespeed.connectTimeoutSeconds",
            "hub.wavespeed.responseTimeoutSeconds", "hub.wavespeed.quote", "hub.wavespeed.balanceSeconds",
            "hub.mail.largeResults",
            "hub.calendar.zone", "hub.calendar.catchUpHours", "hub.calendar.pollMillis", "hub.calendar.mailTo",
            "hub.batch.autoApproveUsd", "hub.batch.notify", "hub.batch.followLinks", "hub.batch.zip.maxEntries",
            "hub.batch.zip.maxMegabytes", "hub.batch.zip.maxRatio");

    /** Every mistake of the settings: unknown keys (with the nearest known one) and values out of range. */
    public List<ConfigException> mistakes() {
        List<ConfigException> problems = new java.util.ArrayList<>();
        for (String key : new java.util.TreeSet<>(props.stringPropertyNames())) {
            if (key.startsWith("hub.") && !KEYS.contains(key)) {
                problems.add(invalid(key, "unknown setting" + dev.imagehub.config.Suggestion.hint(key, KEYS)
                        + " (every setting is listed in " + FILE + ")"));
            }
        }
        for (Runnable check : java.util.List.<Runnable>of(this::workers, this::maxMegapixels, this::maxFileBytes, this::readLockMinAgeMs,
                this::incompleteFileWaitMs, this::pollDelayMs, this::dbServerPort, this::memoryBudgetMb)) {
            try {
                check.run();
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        return problems;
    }

    public Path home() { return home; }

    /** Every {@code hub.*} key with its effective value, for Camel's property placeholders. */
    public Properties asProperties() {
        Properties p = new Properties();
        p.putAll(props);
        p.setProperty("hub.home", home.toString());
        p.setProperty("hub.workers", String.valueOf(workers()));
        p.setProperty("hub.readLockMinAge", String.valueOf(readLockMinAgeMs()));
        // Camel lets JVM system properties win over these; the clamped value gets a key nobody sets by hand
        p.setProperty("hub.effective.readLockMinAge", String.valueOf(readLockMinAgeMs()));
        p.setProperty("hub.effective.incompleteFileWait", String.valueOf(incompleteFileWaitMs()));
        p.setProperty("hub.pollDelay", String.valueOf(pollDelayMs()));
        return p;
    }

    public int workers() {
        return intValue("hub.workers", Runtime.getRuntime().availableProcessors(), 1, 256);
    }

    public int maxMegapixels() {
        return intValue("hub.maxMegapixels", 100, 1, 10_000);
    }

    public long maxFileBytes() {
        return intValue("hub.maxFileMegabytes", 200, 1, 100_000) * 1_000_000L;
    }

    /**
     * How long a file must be unchanged before it is taken. Never 0: with 0, Camel's "changed" read lock compares two
     * samples one check interval apart for every file, in the single polling thread, which caps intake at ~4 files/s.
     */
    public int readLockMinAgeMs() {
        return Math.max(1, intValue("hub.readLockMinAge", 1000, 0, 3_600_000));
    }

    public int pollDelayMs() {
        return intValue("hub.pollDelay", 200, 10, 3_600_000);
    }

    /**
     * How long a file that is shorter than its own format says (or whose decode finds it cut off) may wait for the rest
     * of its bytes; older, it is taken and fails as truncated. Never below the minimum age.
     */
    public int incompleteFileWaitMs() {
        return Math.max(readLockMinAgeMs(), intValue("hub.incompleteFileWait", 30_000, 0, 86_400_000));
    }

    /** Megabytes of decoded pixels that may be in flight at once; 0 means "derive from the heap size". */
    public int memoryBudgetMb() {
        int configured = intValue("hub.memoryBudgetMb", 0, 0, 1_000_000);
        if (configured > 0) return configured;
        long heapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        return (int) Math.max(256, heapMb / 2);
    }

    public String dbUrl() {
        String url = props.getProperty("hub.db.url", "").trim();
        if (!url.isEmpty()) return url;
        // cached tables: rows live in the .data file, not in the heap, so a ledger of millions of rows neither fills the
        // heap nor takes minutes to load at start (memory tables are read back from the .script file every start)
        return "jdbc:hsqldb:file:" + home.resolve("data/ledger/hub") + ";hsqldb.write_delay=false;hsqldb.lock_file=false;hsqldb.default_table_type=cached";
    }

    public String dbUser() {
        return props.getProperty("hub.db.user", "SA").trim();
    }

    /** From the environment only ({@code HUB_DB_PASSWORD}); empty for the embedded default. */
    public String dbPassword() {
        String env = environment("HUB_DB_PASSWORD");
        return env == null ? "" : env;
    }

    /** Several hubs share the inbox and the (PostgreSQL) ledger: each hot folder file is claimed in the database first. */
    public boolean clusterEnabled() {
        return Boolean.parseBoolean(props.getProperty("hub.cluster.enabled", "false").trim());
    }

    /** This hub's name among several: {@code hub.node.id}, by default the host name. */
    public String nodeId() {
        String id = props.getProperty("hub.node.id", "").trim();
        if (!id.isEmpty()) return id;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            String env = environment("HOSTNAME");
            return env == null || env.isBlank() ? "hub" : env.trim();
        }
    }

    /** How long a file claimed by a hub that stopped answering stays its own before another hub takes it over. */
    public int clusterLeaseSeconds() {
        return intValue("hub.cluster.leaseSeconds", 30, 5, 3600);
    }

    public boolean dbServerEnabled() {
        return Boolean.parseBoolean(props.getProperty("hub.db.server.enabled", "true").trim()) && dbUrl().startsWith("jdbc:hsqldb:file:");
    }

    public int dbServerPort() {
        return intValue("hub.db.server.port", 9001, 1, 65535);
    }

    public String version() {
        String v = HubSettings.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    /** A variable of the hub's environment (the process environment unless a test supplied its own); null if unset. */
    public String environment(String name) {
        return environment.get(name);
    }

    /** A whole-number {@code hub.*} setting in [min, max]; a bad value is a {@link ConfigException} naming file, line and key. */
    public int intSetting(String key, int def, int min, int max) {
        return intValue(key, def, min, max);
    }

    /** A {@code hub.*} setting as trimmed text, or {@code def} when unset or blank. */
    public String setting(String key, String def) {
        String raw = props.getProperty(key);
        return raw == null || raw.isBlank() ? def : raw.trim();
    }

    /** A {@link ConfigException} pointing at the line of {@code key} in the settings file. */
    public ConfigException invalid(String key, String message) {
        return new ConfigException(FILE, lineOf(key), key, message);
    }

    private int intValue(String key, int def, int min, int max) {
        String raw = props.getProperty(key);
        if (raw == null || raw.isBlank()) return def;
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(FILE, lineOf(key), key, "must be a whole number from " + min + " to " + max + ", was '" + raw + "'");
        }
    }

    private int lineOf(String key) {
        try {
            java.util.List<String> lines = Files.readAllLines(home.resolve(FILE));
            // java.util.Properties keeps the last definition, so that is the line to point at
            java.util.regex.Pattern exact = java.util.regex.Pattern.compile("^\\s*" + java.util.regex.Pattern.quote(key) + "\\s*[=:\\s].*");
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (exact.matcher(lines.get(i)).matches()) return i + 1;
            }
        } catch (IOException e) {
            return 0;
        }
        return 0; // set as a system property, not in the file
    }
}
