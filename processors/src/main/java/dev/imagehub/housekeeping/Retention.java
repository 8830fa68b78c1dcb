package dev.imagehub.housekeeping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
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

        boolean perFolder() {
            return this == DONE || this == FAILED;
        }
    }

    /** How long {@code kind} is kept in {@code folder} (null: kept forever). */
    public Duration keep(Kind kind, String folder) {
        Map<Kind, Duration> f = folder == null ? null : perFolder.get(folder);
        if (f != null && f.containsKey(kind)) return f.get(kind);
        return defaults.get(kind);
    }

    /** Reads {@code config/retention.yaml}; without it, nothing is pruned. Mistakes name the file, line and key. */
    public static Retention load(Path configDir) {
        Path file = configDir.resolve("retention.yaml");
        Map<Kind, Duration> defaults = new LinkedHashMap<>();
        Map<String, Map<Kind, Duration>> folders = new LinkedHashMap<>();
        if (!Files.exists(file)) return new Retention(defaults, folders);
        ConfigNode root = YamlConfig.read(file, FILE);
        if (root.isScalar() && root.text().isBlank()) return new Retention(defaults, folders);
        for (Map.Entry<String, ConfigNode> e : root.entries().entrySet()) {
            if (e.getKey().equals("folders")) {
                for (Map.Entry<String, ConfigNode> f : e.getValue().entries().entrySet()) {
                    Map<Kind, Duration> own = new LinkedHashMap<>();
                    for (Map.Entry<String, ConfigNode> k : f.getValue().entries().entrySet()) {
                        Kind kind = kind(k.getKey(), k.getValue());
                        if (!kind.perFolder()) {
                            throw new ConfigException(k.getValue(), "'" + kind.key + "' is kept for the whole hub, not per folder; set it at the top");
                        }
                        own.put(kind, age(k.getValue()));
                    }
                    folders.put(f.getKey(), own);
                }
            } else {
                Kind kind = kind(e.getKey(), e.getValue());
                defaults.put(kind, age(e.getValue()));
            }
        }
        return new Retention(defaults, folders);
    }

    private static Kind kind(String key, ConfigNode at) {
        for (Kind k : Kind.values()) if (k.key.equals(key)) return k;
        throw new ConfigException(at, "unknown key '" + key + "' (known: done, failed, aiDownloads, exports, logs, ledgerDetail, folders)");
    }

    // "30d", "12h" or "keep"
    private static Duration age(ConfigNode at) {
        String v = at.text();
        if (v.trim().equals("keep")) return null;
        Matcher m = AGE.matcher(v);
        if (!m.matches()) throw new ConfigException(at, "'" + v + "' is not an age: write for example 30d (days), 12h (hours) or keep");
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n);
    }
}
