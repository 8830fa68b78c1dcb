package dev.imagehub.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import dev.imagehub.config.ByteSize;
import dev.imagehub.config.ConfigBinder;
import dev.imagehub.config.Option;
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
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)", Pattern.CASE_INSENSITIVE);

    /** What config/notifications.yaml holds, bound by the one config binder. */
    record File(@Option(value = "true to send mails at all", defaultValue = "false") boolean enabled,
                @Option("the address for route-failing alerts and recovery notes") MailAddress operations,
                @Option("default recipients of batch and export mails") List<MailAddress> exportRecipients,
                @Option("the SMTP server") Smtp smtp,
                @Option("when a route counts as failing") RouteFailing routeFailing) {
        File {
            if (enabled && smtp == null) throw new IllegalArgumentException("notifications are enabled but there is no 'smtp:' section; add host, port, security and from");
            if (enabled && operations == null) {
                throw new IllegalArgumentException("notifications are enabled but 'operations' (the address for route-failing alerts) is not set");
            }
        }
    }

    /** An address written in a config file, checked when it is read. */
    record MailAddress(String text) {
    }

    /** The {@code smtp:} section of notifications.yaml. */
    record Smtp(@Option("the server's host name") String host,
                @Option(value = "default 465 for tls, 587 for starttls, 25 for none", min = 1, max = 65535) Integer port,
                @Option(value = "none, starttls (port 587) or tls (SMTPS, port 465)", defaultValue = "starttls") Security security,
                @Option("login name; leave out for a server without login") String user,
                @Option("the NAME of the environment variable holding the password") String passwordEnv,
                @Option("the sender of the hub's mails") MailAddress from,
                @Option(value = "the largest mail the server takes, base64 included", defaultValue = "20MB") ByteSize maxMailSize) {
        Smtp {
            if (host == null || host.isBlank()) throw ConfigBinder.at("host", "'host' is required");
            if (from == null) throw ConfigBinder.at("from", "'from' is required");
            if (passwordEnv != null && !passwordEnv.isBlank() && !passwordEnv.trim().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw ConfigBinder.at("passwordEnv", "passwordEnv must be the NAME of an environment variable holding the password "
                        + "(e.g. HUB_SMTP_PASSWORD), never the password itself");
            }
            if (user != null && !user.isBlank() && (passwordEnv == null || passwordEnv.isBlank())) {
                throw ConfigBinder.at("user", "a 'user' is set but no 'passwordEnv' (the environment variable holding its password)");
            }
            if (maxMailSize.bytes() < 50_000) throw ConfigBinder.at("maxMailSize", "maxMailSize must be at least 50KB, was " + maxMailSize);
        }

        SmtpSettings settings() {
            int p = port != null ? port : switch (security) {
                case TLS -> 465;
                case STARTTLS -> 587;
                case NONE -> 25;
            };
            return new SmtpSettings(host.trim(), p, security.name().toLowerCase(Locale.ROOT), user == null ? "" : user.trim(),
                    passwordEnv == null ? "" : passwordEnv.trim(), from.text(), maxMailSize.bytes());
        }
    }

    /** How a server is reached. */
    enum Security { NONE, STARTTLS, TLS }

    /** Consecutive failures of one route within a window make one alert. */
    record RouteFailing(@Option(value = "failures of one route in a row that make an alert", defaultValue = "5", min = 1, max = 10_000) int threshold,
                        @Option(value = "... all within this time (90s, 10m, 1h)", defaultValue = "10m") Duration window) {
    }

    private static final ConfigBinder BINDER = ConfigBinder.standard()
            .with(MailAddress.class, NotificationSettings::address)
            .with(Duration.class, NotificationSettings::duration);

    public NotificationSettings {
        exportRecipients = List.copyOf(exportRecipients);
    }

    /** Notifications off: what a hub without config/notifications.yaml runs with. */
    public static NotificationSettings disabled() {
        return new NotificationSettings(false, null, List.of(), null, 5, Duration.ofMinutes(10));
    }

    /** Reads and validates {@code config/notifications.yaml} under {@code configDir}; every mistake names file, line and key. */
    public static NotificationSettings load(Path configDir) {
        Path path = configDir.resolve("notifications.yaml");
        if (!Files.exists(path)) return disabled();
        File file = BINDER.bind(File.class, YamlConfig.read(path, FILE));
        RouteFailing failing = file.routeFailing() != null ? file.routeFailing() : new RouteFailing(5, Duration.ofMinutes(10));
        return new NotificationSettings(file.enabled(), file.operations() == null ? null : file.operations().text(),
                file.exportRecipients().stream().map(MailAddress::text).toList(), file.smtp() == null ? null : file.smtp().settings(),
                failing.threshold(), failing.window());
    }

    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) throw new IllegalArgumentException("must be a duration such as 90s, 10m or 1h, was '" + text + "'");
        long v = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            default -> Duration.ofHours(v);
        };
        if (d.isZero()) throw new IllegalArgumentException("must be longer than zero");
        return d;
    }

    static MailAddress address(String raw) {
        String text = raw.trim();
        try {
            InternetAddress a = new InternetAddress(text, true);
            a.validate();
            return new MailAddress(text);
        } catch (AddressException e) {
            throw new IllegalArgumentException("'" + text + "' is not a mail address (" + e.getMessage() + ")");
        }
    }
}
