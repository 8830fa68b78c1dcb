package dev.imagehub.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a YAML configuration file that remembers where it came from (file, line, dotted key path),
 * so every validation error can point the user at the exact spot to fix.
 */
public final class ConfigNode {
    private final String file;
    private final int line;
    private final String path;
    private final String scalar;
    private final Map<String, ConfigNode> map;
    private final List<ConfigNode> list;

    private ConfigNode(String file, int line, String path, String scalar, Map<String, ConfigNode> map, List<ConfigNode> list) {
        this.file = file;
        this.line = line;
        this.path = path;
        this.scalar = scalar;
        this.map = map;
        this.list = list;
    }

    static ConfigNode scalar(String file, int line, String path, String value) {
        return new ConfigNode(file, line, path, value, null, null);
    }

    static ConfigNode map(String file, int line, String path, Map<String, ConfigNode> entries) {
        return new ConfigNode(file, line, path, null, Collections.unmodifiableMap(new LinkedHashMap<>(entries)), null);
    }

    static ConfigNode list(String file, int line, String path, List<ConfigNode> items) {
        return new ConfigNode(file, line, path, null, null, List.copyOf(items));
    }

    /** An empty mapping at the given place, used for steps written without options (`- autoOrient`). */
    public static ConfigNode emptyMap(ConfigNode at) {
        return map(at.file, at.line, at.path, Map.of());
    }

    /** A scalar placed at {@code at}'s file and line under {@code path}: a default value, reported where it applies. */
    public static ConfigNode scalarAt(ConfigNode at, String path, String value) {
        return scalar(at.file, at.line, path, value);
    }

    /** A mapping of one entry at the place of {@code at}: a step's shorthand value ({@code - template: quote-card}) as its option. */
    public static ConfigNode single(ConfigNode at, String key, ConfigNode value) {
        return map(at.file, at.line, at.path, Map.of(key, value));
    }

    public String file() { return file; }
    public int line() { return line; }
    public String path() { return path; }
    public boolean isScalar() { return scalar != null; }
    public boolean isMap() { return map != null; }
    public boolean isList() { return list != null; }

    /** The scalar text; fails with a located error when the node is a mapping or a list. */
    public String text() {
        if (scalar == null) throw new ConfigException(this, "expected a single value, found " + kind());
        return scalar;
    }

    public Map<String, ConfigNode> entries() {
        if (map == null) throw new ConfigException(this, "expected a mapping of key: value, found " + kind());
        return map;
    }

    public List<ConfigNode> items() {
        if (list == null) throw new ConfigException(this, "expected a list (lines starting with '-'), found " + kind());
        return list;
    }

    public ConfigNode get(String key) {
        return entries().get(key);
    }

    String kind() {
        if (scalar != null) return "the value '" + scalar + "'";
        if (map != null) return "a mapping";
        return "a list";
    }

    /** Copies this mapping, adding entries from {@code defaults} that it does not set itself (used to merge presets). */
    public ConfigNode withDefaults(ConfigNode defaults) {
        Map<String, ConfigNode> merged = new LinkedHashMap<>(defaults.entries());
        merged.putAll(entries());
        return map(file, line, path, merged);
    }

    /** Copies this mapping without the given key. */
    public ConfigNode without(String key) {
        Map<String, ConfigNode> copy = new LinkedHashMap<>(entries());
        copy.remove(key);
        return map(file, line, path, copy);
    }

    static List<ConfigNode> newList() { return new ArrayList<>(); }

    /**
     * A tree of plain values (maps, lists, strings, numbers, booleans, as Jackson or the hub's options give them) as
     * nodes of {@code file} without lines: a sidecar or options rewritten at start-up, bound like a file.
     */
    public static ConfigNode of(Object plain, String file) {
        return of(plain, file, "");
    }

    private static ConfigNode of(Object v, String file, String path) {
        if (v instanceof Map<?, ?> m) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            m.forEach((k, x) -> entries.put(String.valueOf(k), of(x, file, path.isEmpty() ? String.valueOf(k) : path + "." + k)));
            return map(file, 0, path, entries);
        }
        if (v instanceof List<?> l) {
            List<ConfigNode> items = new ArrayList<>();
            for (Object x : l) items.add(of(x, file, path + "[" + items.size() + "]"));
            return list(file, 0, path, items);
        }
        // JSON gives 120.0 for a sidecar's 120: a whole number reads as one
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) return scalar(file, 0, path, String.valueOf(d.longValue()));
        return scalar(file, 0, path, v == null ? "" : String.valueOf(v));
    }

    /** This node as plain values: mappings as ordered maps, lists as lists, scalars as their text. */
    public Object toPlain() {
        if (map != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, v) -> m.put(k, v.toPlain()));
            return m;
        }
        if (list != null) return list.stream().map(ConfigNode::toPlain).toList();
        return scalar;
    }
}
