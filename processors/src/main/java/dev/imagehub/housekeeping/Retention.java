package dev.imagehub.housekeeping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.imagehub.config.ConfigBinder;
import dev.imagehub.config.Option;
import dev.imagehub.config.YamlConfig;

/**
 * {@code config/retention.yaml}: how long each kind of file the hub piles up is kept, with per-folder overrides for
 * the kinds that live per folder. A kind set to {@code keep} is never pruned.
 */
public record Retention(Map<Kind, Duration> defaults, Map<String, Map<Kind, Duration>> perFolder) {
    private static final String FILE = "config/retention.yaml";
    private static final Pattern AGE = Pattern.compile("\\s*(\\d{1,5})\\s*([dh])\\s*");

    /** What housekeeping prunes; the key is the name used in retention.yaml. */
    public enum Kind {
        DONE("done", "originals in inbox/<folder>/.done/"),
        FAILED("failed", "failed originals and their .error.json in outbox/<folder>/failed/"),
        AI_DOWNLOADS("aiDownloads", "WaveSpeed results kept under data/wavespeed/tasks/"),
        EXPORTS("exports", "finished calendar and batch exports in outbox/calendar/ and outbox/batch/"),
        LOGS("logs", "rolled log files in data/logs/ (never the current hub.log)"),
        LEDGER("ledgerDetail", "usage_log rows, rolled up into daily totals (usage_daily) once older");

        final String key;
        final String what;

        Kind(String key, String what) {
            this.key = key;
            this.what = what;
        }
    }

    /** How long {@code kind} is kept in {@code folder} (null: kept forever). */
    public Duration keep(Kind kind, String folder) {
        Map<Kind, Duration> f = folder == null ? null : perFolder.get(folder);
        if (f != null && f.containsKey(kind)) return f.get(kind);
        return defaults.get(kind);
    }

    /** An age as written in retention.yaml: a duration, or {@code keep} (null: never pruned). */
    record Age(Duration duration) {
    }

    /** What config/retention.yaml holds, bound by the one config binder. */
    record File(@Option("originals in inbox/<folder>/.done/") Age done,
                @Option("outbox/<folder>/failed/: failed originals and their .error.json") Age failed,
                @Option("data/wavespeed/tasks/: WaveSpeed results already delivered") Age aiDownloads,
                @Option("outbox/calendar/ and finished batches' folders in outbox/batch/") Age exports,
                @Option("rolled logs in data/logs/") Age logs,
                @Option("usage_log rows older than this become daily totals") Age ledgerDetail,
                @Option("per folder, for done and failed") Map<String, FolderAges> folders) {
    }

    /** The kinds kept per folder. */
    record FolderAges(@Option("originals in inbox/<folder>/.done/") Age done,
                      @Option("outbox/<folder>/failed/") Age failed) {
    }

    private static final ConfigBinder BINDER = ConfigBinder.standard().with(Age.class, Retention::age);

    /** Reads {@code config/retention.yaml}; without it, nothing is pruned. Mistakes name the file, line and key. */
    public static Retention load(Path configDir) {
        Path path = configDir.resolve("retention.yaml");
        Map<Kind, Duration> defaults = new LinkedHashMap<>();
        Map<String, Map<Kind, Duration>> folders = new LinkedHashMap<>();
        if (!Files.exists(path)) return new Retention(defaults, folders);
        File file = BINDER.bind(File.class, YamlConfig.read(path, FILE));
        put(defaults, Kind.DONE, file.done());
        put(defaults, Kind.FAILED, file.failed());
        put(defaults, Kind.AI_DOWNLOADS, file.aiDownloads());
        put(defaults, Kind.EXPORTS, file.exports());
        put(defaults, Kind.LOGS, file.logs());
        put(defaults, Kind.LEDGER, file.ledgerDetail());
        file.folders().forEach((folder, ages) -> {
            Map<Kind, Duration> own = new LinkedHashMap<>();
            if (ages != null) {
                put(own, Kind.DONE, ages.done());
                put(own, Kind.FAILED, ages.failed());
            }
            folders.put(folder, own);
        });
        return new Retention(defaults, folders);
    }

    // a kind that is written (even as keep) is in the map; one left out is not, so a folder falls back to the top
    private static void put(Map<Kind, Duration> ages, Kind kind, Age age) {
        if (age != null) ages.put(kind, age.duration());
    }

    // "30d", "12h" or "keep"
    private static Age age(String v) {
        if (v.trim().equals("keep")) return new Age(null);
        Matcher m = AGE.matcher(v);
        if (!m.matches()) throw new IllegalArgumentException("'" + v + "' is not an age: write for example 30d (days), 12h (hours) or keep");
        long n = Long.parseLong(m.group(1));
        return new Age(m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n));
    }
}
