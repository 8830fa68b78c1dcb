package dev.imagehub.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.imagehub.HubSettings;
import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.config.ConfigBinder;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.config.Suggestion;
import dev.imagehub.config.YamlConfig;

/**
 * The mailboxes of {@code config/mailboxes.yaml}, checked at start-up: every key known, every value in range, every
 * chain existing and, for enabled mailboxes, every password variable set in the environment. The file is optional;
 * without it (or with every mailbox disabled) the hub reads no mail.
 */
public final class MailboxCatalog {
    public static final String FILE = "config/mailboxes.yaml";
    private static final String ENV_NAME = "[A-Za-z_][A-Za-z0-9_]*";

    /** What config/mailboxes.yaml holds, bound by the one config binder. */
    record File(@Option("the mailboxes the hub reads") List<Mailbox> mailboxes) {
    }

    /** One mailbox: where mail is read and how it is answered. */
    record Mailbox(@Option("lower-case letters, digits, '-' and '_'; the route is mail-<name>") String name,
                   @Option(value = "false: configured but not read", defaultValue = "true") boolean enabled,
                   @Option("where mail is read") Imap imap,
                   @Option("how replies are sent") Smtp smtp,
                   @Option("chain or hot folder for mail without a tag") String defaultChain,
                   @Option("addresses (ann@example.com) or domains (@example.com) whose mail is processed") List<Sender> allowedSenders,
                   @Option(value = "true: strangers get a polite refusal", defaultValue = "false") boolean refuseStrangers,
                   @Option("per-mail limits") Limits limits,
                   @Option(value = "where malformed mail is moved", defaultValue = "Quarantine") String quarantineFolder,
                   @Option("where finished mail is moved; empty: left in place, flagged hub-replied") String doneFolder) {
        Mailbox {
            if (name == null || name.isBlank()) throw ConfigBinder.at("name", "'name' is required");
            if (!name.matches("[a-z0-9][a-z0-9_-]{0,39}")) {
                throw ConfigBinder.at("name", "mailbox names use lower-case letters, digits, '-' and '_' (at most 40), was '" + name + "'");
            }
            if (imap == null) throw ConfigBinder.at("imap", "mailbox '" + name + "': 'imap' is required");
            if (smtp == null) throw ConfigBinder.at("smtp", "mailbox '" + name + "': 'smtp' is required");
            if (defaultChain == null || defaultChain.isBlank()) throw ConfigBinder.at("defaultChain", "mailbox '" + name + "': 'defaultChain' is required");
            if (enabled && allowedSenders.isEmpty()) {
                throw ConfigBinder.at("allowedSenders", "mailbox '" + name + "' lists no allowedSenders, so it would process nobody's mail; "
                        + "add addresses or domains (@example.com)");
            }
            if (limits == null) limits = new Limits(20, 25, 50);
            if (doneFolder == null) doneFolder = "";
        }
    }

    /** The IMAP side of a mailbox. */
    record Imap(@Option("the IMAP server") String host,
                @Option(value = "default 993 for tls, else 143", min = 1, max = 65535) Integer port,
                @Option(value = "none, starttls or tls", defaultValue = "tls") NotificationSettings.Security security,
                @Option("login name") String user,
                @Option("the NAME of the environment variable holding the password") String passwordEnv,
                @Option(value = "the folder read; only unread mail is taken", defaultValue = "INBOX") String folder,
                @Option(value = "seconds between checks", defaultValue = "30", min = 0.05, max = 86_400) double pollSeconds) {
        Imap {
            if (host == null || host.isBlank()) throw ConfigBinder.at("host", "'host' is required");
            if (user == null || user.isBlank()) throw ConfigBinder.at("user", "'user' is required");
            envName(passwordEnv);
        }

        MailboxSettings.Imap settings() {
            return new MailboxSettings.Imap(host.trim(), port != null ? port : security == NotificationSettings.Security.TLS ? 993 : 143,
                    security.name().toLowerCase(Locale.ROOT), user.trim(), passwordEnv.trim(), folder.trim(), Math.round(pollSeconds * 1000));
        }
    }

    /** The SMTP side of a mailbox. */
    record Smtp(@Option("the SMTP server") String host,
                @Option(value = "default 465 for tls, else 587", min = 1, max = 65535) Integer port,
                @Option(value = "none, starttls or tls", defaultValue = "tls") NotificationSettings.Security security,
                @Option("login name; leave out for a server without login") String user,
                @Option("the NAME of the environment variable holding the password") String passwordEnv,
                @Option("the sender of replies") String from,
                @Option(value = "the largest reply, in MB", defaultValue = "20", min = 1, max = 1000) int maxMailMegabytes) {
        Smtp {
            if (host == null || host.isBlank()) throw ConfigBinder.at("host", "'host' is required");
            if (from == null || from.isBlank()) throw ConfigBinder.at("from", "'from' is required");
            if (!from.contains("@")) throw ConfigBinder.at("from", "'from' must be an e-mail address, was '" + from + "'");
            if (user != null && !user.isBlank()) envName(passwordEnv);
        }

        boolean login() {
            return user != null && !user.isBlank();
        }

        SmtpSettings settings() {
            return new SmtpSettings(host.trim(), port != null ? port : security == NotificationSettings.Security.TLS ? 465 : 587,
                    security.name().toLowerCase(Locale.ROOT), login() ? user.trim() : "", passwordEnv == null ? "" : passwordEnv.trim(),
                    from.trim(), maxMailMegabytes * 1_000_000L);
        }
    }

    /** Limits checked before anything is downloaded. */
    record Limits(@Option(value = "images per mail; the rest are skipped with a note", defaultValue = "20", min = 1, max = 1000) int maxAttachments,
                  @Option(value = "per image, in MB", defaultValue = "25", min = 1, max = 10_000) int maxAttachmentMegabytes,
                  @Option(value = "per mail, in MB", defaultValue = "50", min = 1, max = 10_000) int maxMailMegabytes) {
    }

    /** An allowed sender: an address or a domain, lower case. */
    record Sender(String value) {
    }

    private static final ConfigBinder BINDER = ConfigBinder.standard().with(Sender.class, MailboxCatalog::sender);

    private final Map<String, MailboxSettings> enabled;
    private final Map<String, String> passwords;
    private final Map<String, String> hotFolders;

    private MailboxCatalog(Map<String, MailboxSettings> enabled, Map<String, String> passwords, Map<String, String> hotFolders) {
        this.enabled = enabled;
        this.passwords = passwords;
        this.hotFolders = hotFolders;
    }

    /** Loads and validates the mailboxes in the hub's home; secrets come from {@code settings}' environment. */
    public static MailboxCatalog load(HubSettings settings, ChainCatalog chains) {
        Path path = settings.home().resolve(FILE);
        Map<String, String> hotFolders = HotFolders.read(settings.home().resolve("routes"));
        if (!Files.isRegularFile(path)) return new MailboxCatalog(Map.of(), Map.of(), hotFolders);
        ConfigNode root = YamlConfig.read(path, FILE);
        File file = BINDER.bind(File.class, root);
        // what the file alone cannot tell: names used twice, chains that do not exist, passwords not in the environment
        List<ConfigException> problems = new ArrayList<>();
        Map<String, MailboxSettings> enabled = new LinkedHashMap<>();
        Map<String, String> passwords = new HashMap<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < file.mailboxes().size(); i++) {
            Mailbox m = file.mailboxes().get(i);
            ConfigNode at = root.get("mailboxes").items().get(i);
            if (!names.add(m.name())) problems.add(new ConfigException(at.get("name"), "mailbox '" + m.name() + "' is defined twice"));
            String chain = m.defaultChain().trim();
            if (chains.get(chain) == null && !hotFolders.containsKey(chain) && !chains.broken().contains(chain)) {
                problems.add(new ConfigException(at.get("defaultChain"), "unknown chain '" + chain + "'" + Suggestion.hint(chain, chains.all().keySet())
                        + " (chains: " + String.join(", ", chains.all().keySet()) + "; hot folders: " + String.join(", ", hotFolders.keySet()) + ")"));
            }
            if (!m.enabled()) continue;
            MailboxSettings box = new MailboxSettings(m.name(), m.imap().settings(), m.smtp().settings(), chain,
                    m.allowedSenders().stream().map(Sender::value).toList(), m.refuseStrangers(), m.limits().maxAttachments(),
                    m.limits().maxAttachmentMegabytes() * 1_000_000L, m.limits().maxMailMegabytes() * 1_000_000L,
                    m.quarantineFolder().trim(), m.doneFolder().trim());
            password(settings, at.get("imap"), box.imap().passwordEnv(), problems).ifPresent(pw -> passwords.put(m.name() + "/imap", pw));
            if (m.smtp().login()) {
                password(settings, at.get("smtp"), box.smtp().passwordEnv(), problems).ifPresent(pw -> passwords.put(m.name() + "/smtp", pw));
            }
            enabled.put(m.name(), box);
        }
        if (problems.size() == 1) throw problems.get(0);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new MailboxCatalog(Map.copyOf(enabled), Map.copyOf(passwords), hotFolders);
    }

    /** The enabled mailboxes, by name. */
    public Map<String, MailboxSettings> enabled() {
        return enabled;
    }

    /** The IMAP password of an enabled mailbox (from the environment). Never log it. */
    public String imapPassword(String mailbox) {
        return passwords.get(mailbox + "/imap");
    }

    /** Hot folder names to their chains, so tags may name a folder. */
    public Map<String, String> hotFolders() {
        return hotFolders;
    }

    private static java.util.Optional<String> password(HubSettings settings, ConfigNode node, String env, List<ConfigException> problems) {
        String value = settings.environment(env);
        if (value == null || value.isEmpty()) {
            problems.add(new ConfigException(node.get("passwordEnv"), "the environment variable " + env + " is not set; set it to the "
                    + "mailbox's password before starting the hub (or set enabled: false)"));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(value);
    }

    private static void envName(String env) {
        if (env == null || env.isBlank()) throw ConfigBinder.at("passwordEnv", "'passwordEnv' is required");
        if (!env.trim().matches(ENV_NAME)) {
            throw ConfigBinder.at("passwordEnv", "passwordEnv must be the NAME of an environment variable (letters, digits, '_'), "
                    + "never the password itself");
        }
    }

    private static Sender sender(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        if (!v.matches("@?[^@\\s]+|[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException("'" + v + "' is neither an address (ann@example.com) nor a domain (@example.com)");
        }
        return new Sender(v);
    }
}
