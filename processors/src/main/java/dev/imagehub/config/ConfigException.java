package dev.imagehub.config;

/** A configuration error that names the file, line and key that caused it, so the hub can refuse to start with a useful message. */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final int line;
    private final String key;
    private final String reason;
    private final java.util.List<ConfigException> all;

    public ConfigException(String file, int line, String key, String message) {
        super(format(file, line, key, message));
        this.file = file;
        this.line = line;
        this.key = key;
        this.reason = message;
        this.all = java.util.List.of(this);
    }

    /** Several mistakes found in one start, reported together; the message has one line per mistake. */
    public ConfigException(java.util.List<ConfigException> mistakes) {
        super(String.join("\n", mistakes.stream().flatMap(m -> m.problems().stream()).map(Throwable::getMessage).toList()));
        ConfigException first = mistakes.get(0);
        this.file = first.file;
        this.line = first.line;
        this.key = first.key;
        this.reason = getMessage();
        this.all = mistakes.stream().flatMap(m -> m.problems().stream()).toList();
    }

    /** Each mistake on its own (just this one, unless several were reported together). */
    public java.util.List<ConfigException> problems() {
        return all;
    }

    public ConfigException(ConfigNode at, String message) {
        this(at.file(), at.line(), at.path(), message);
    }

    private static String format(String file, int line, String key, String message) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) sb.append(':').append(line);
        if (key != null && !key.isEmpty()) sb.append(": key '").append(key).append('\'');
        return sb.append(": ").append(message).toString();
    }

    public String file() { return file; }
    public int line() { return line; }
    public String key() { return key; }

    /** What is wrong, without the file, line and key (the message of a single mistake). */
    public String reason() { return reason; }
}
