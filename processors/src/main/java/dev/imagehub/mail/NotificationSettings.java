package dev.imagehub.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import dev.imagehub.config.ByteSize;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.YamlConfig;

/**
 * The settings of {@code config/notifications.yaml}: whether the hub mails at all, the operations address for
 * route-failing alerts, default recipients of batch and export mails, the SMTP server, and when a route counts as
 * failing. Missing file or {@code enabled: false} (the default) means no mail is sent and no mail setting is needed.
 *
 * @param enabled          mails are sent
 * @param operations       who gets route-failing alerts and recovery notes
 * @param exportRecipients default recipients of batch and export mails
 * @param smtp             the SMTP server, or null when disabled
 * @param threshold        consecutive failures of one route that make an alert
 * @param window           ... when they all happened within this time
 */
public record NotificationSettings(boolean enabled, String operations, List<String> exportRecipients, SmtpSettings smtp,
                                   int threshold, Duration window) {
    public static final String FILE = "config/notifications.yaml";
    private static final Set<String> TOP = Set.of("enabled", "operations", "exportRecipients", "smtp", "routeFailing");
    private static final Set<String> SMTP = Set.of("host", "port", "security", "user", "passwordEnv", "from", "maxMailSize");
    private static final Set<String> FAILING = Set.of("threshold", "window");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)", Pattern.CASE_INSENSITIVE);

    public NotificationSettings {
        exportRecipients = List.copyOf(exportRecipients);
    }

    /** Notifications off: what a hub without config/notifications.yaml runs with. */
    public static NotificationSettings disabled() {
        return new NotificationSettings(false, null, List.of(), null, 5, Duration.ofMinutes(10));
    }

    /** Reads and validates {@code config/notifications.yaml} under {@code configDir}; every error names file, line and key. */
    public static NotificationSettings load(Path configDir) {
        Path file = configDir.resolve("notifications.yaml");
        if (!Files.exists(file)) return disabled();
        ConfigNode root = YamlConfig.read(file, FILE);
        if (root.isScalar() && root.text().isBlank()) return disabled();
        known(root, TOP);
        boolean enabled = bool(root.get("enabled"), false);
        ConfigNode ops = root.get("operations");
        String operations = ops == null ? null : address(ops);
        List<String> recipients = new ArrayList<>();
        ConfigNode rec = root.get("exportRecipients");
        if (rec != null) for (ConfigNode r : rec.items()) recipients.add(address(r));

        int threshold = 5;
        Duration window = Duration.ofMinutes(10);
        ConfigNode failing = root.get("routeFailing");
        if (failing != null) {
            known(failing, FAILING);
            if (failing.get("threshold") != null) threshold = integer(failing.get("threshold"), 1, 10_000);
            if (failing.get("window") != null) window = duration(failing.get("window"));
        }

        ConfigNode smtpNode = root.get("smtp");
        SmtpSettings smtp = smtpNode == null ? null : smtp(smtpNode);
        if (enabled) {
            if (smtp == null) throw new ConfigException(root, "notifications are enabled but there is no 'smtp:' section; add host, port, security and from");
            if (operations == null) throw new ConfigException(root, "notifications are enabled but 'operations' (the address for route-failing alerts) is not set");
        }
        return new NotificationSettings(enabled, operations, recipients, smtp, threshold, window);
    }

    /** An {@code smtp:} section (also usable by other config files): host, port, security, user, passwordEnv, from, maxMailSize. */
    public static SmtpSettings smtp(ConfigNode n) {
        known(n, SMTP);
        ConfigNode host = required(n, "host");
        String security = n.get("security") == null ? "starttls" : n.get("security").text().trim().toLowerCase(Locale.ROOT);
        if (!Set.of("none", "starttls", "tls").contains(security)) {
            throw new ConfigException(n.get("security"), "must be none, starttls (port 587) or tls (SMTPS, port 465), was '" + security + "'");
        }
        int defaultPort = switch (security) {
            case "tls" -> 465;
            case "starttls" -> 587;
            default -> 25;
        };
        int port = n.get("port") == null ? defaultPort : integer(n.get("port"), 1, 65535);
        String user = n.get("user") == null ? "" : n.get("user").text().trim();
        String passwordEnv = n.get("passwordEnv") == null ? "" : n.get("passwordEnv").text().trim();
        if (!passwordEnv.isEmpty() && !passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigException(n.get("passwordEnv"), "must be the NAME of an environment variable holding the password "
                    + "(e.g. HUB_SMTP_PASSWORD), never the password itself");
        }
        if (!user.isEmpty() && passwordEnv.isEmpty()) {
            throw new ConfigException(n, "a 'user' is set but no 'passwordEnv' (the environment variable holding its password)");
        }
        String from = address(required(n, "from"));
        long max = 20_000_000;
        if (n.get("maxMailSize") != null) {
            try {
                max = ByteSize.parse(n.get("maxMailSize").text()).bytes();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(n.get("maxMailSize"), e.getMessage());
            }
            if (max < 50_000) throw new ConfigException(n.get("maxMailSize"), "must be at least 50KB, was " + n.get("maxMailSize").text());
        }
        return new SmtpSettings(host.text().trim(), port, security, user, passwordEnv, from, max);
    }

    private static ConfigNode required(ConfigNode n, String key) {
        ConfigNode v = n.get(key);
        if (v == null || (v.isScalar() && v.text().isBlank())) throw new ConfigException(n, "'" + key + "' is required");
        return v;
    }

    private static void known(ConfigNode n, Set<String> keys) {
        for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
            if (!keys.contains(e.getKey())) {
                throw new ConfigException(e.getValue(), "unknown key '" + e.getKey() + "'; known keys here: " + String.join(", ", new java.util.TreeSet<>(keys)));
            }
        }
    }

    private static boolean bool(ConfigNode n, boolean def) {
        if (n == null) return def;
        String t = n.text().trim().toLowerCase(Locale.ROOT);
        if (t.equals("true")) return true;
        if (t.equals("false")) return false;
        throw new ConfigException(n, "must be true or false, was '" + n.text() + "'");
    }

    private static int integer(ConfigNode n, int min, int max) {
        try {
            int v = Integer.parseInt(n.text().trim());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new ConfigException(n, "must be a whole number from " + min + " to " + max + ", was '" + n.text() + "'");
    }

    private static Duration duration(ConfigNode n) {
        Matcher m = DURATION.matcher(n.text().trim());
        if (!m.matches()) throw new ConfigException(n, "must be a duration such as 90s, 10m or 1h, was '" + n.text() + "'");
        long v = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            default -> Duration.ofHours(v);
        };
        if (d.isZero()) throw new ConfigException(n, "must be longer than zero");
        return d;
    }

    private static String address(ConfigNode n) {
        String text = n.text().trim();
        try {
            InternetAddress a = new InternetAddress(text, true);
            a.validate();
            return text;
        } catch (AddressException e) {
            throw new ConfigException(n, "'" + text + "' is not a mail address (" + e.getMessage() + ")");
        }
    }
}
