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
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.YamlConfig;

/**
 * The mailboxes of {@code config/mailboxes.yaml}, checked at start-up: every key known, every value in range, every
 * chain existing and, for enabled mailboxes, every password variable set in the environment. The file is optional;
 * without it (or with every mailbox disabled) the hub reads no mail.
 */
public final class MailboxCatalog {
    public static final String FILE = "config/mailboxes.yaml";
    private static final Set<String> SECURITY = Set.of("none", "starttls", "tls");
    private static final Set<String> MAILBOX_KEYS = Set.of("name", "enabled", "imap", "smtp", "defaultChain", "allowedSenders",
            "refuseStrangers", "limits", "quarantineFolder", "doneFolder");
    private static final Set<String> IMAP_KEYS = Set.of("host", "port", "security", "user", "passwordEnv", "folder", "pollSeconds");
    private static final Set<String> SMTP_KEYS = Set.of("host", "port", "security", "user", "passwordEnv", "from", "maxMailMegabytes");
    private static final Set<String> LIMIT_KEYS = Set.of("maxAttachments", "maxAttachmentMegabytes", "maxMailMegabytes");

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
        Path file = settings.home().resolve(FILE);
        Map<String, String> hotFolders = HotFolders.read(settings.home().resolve("routes"));
        if (!Files.isRegularFile(file)) return new MailboxCatalog(Map.of(), Map.of(), hotFolders);
        ConfigNode root = YamlConfig.read(file, FILE);
        if (root.isMap() && root.entries().isEmpty()) return new MailboxCatalog(Map.of(), Map.of(), hotFolders);
        known(root, Set.of("mailboxes"));
        ConfigNode list = root.get("mailboxes");
        Map<String, MailboxSettings> enabled = new LinkedHashMap<>();
        Map<String, String> passwords = new HashMap<>();
        Set<String> names = new java.util.HashSet<>();
        if (list == null || (list.isScalar() && list.text().isEmpty())) return new MailboxCatalog(Map.of(), Map.of(), hotFolders);
        for (ConfigNode m : list.items()) {
            known(m, MAILBOX_KEYS);
            String name = required(m, "name").text();
            if (!name.matches("[a-z0-9][a-z0-9_-]{0,39}")) {
                throw new ConfigException(m.get("name"), "mailbox names use lower-case letters, digits, '-' and '_' (at most 40), was '" + name + "'");
            }
            if (!names.add(name)) throw new ConfigException(m.get("name"), "mailbox '" + name + "' is defined twice");
            boolean on = bool(m, "enabled", true);
            ConfigNode imapNode = required(m, "imap");
            known(imapNode, IMAP_KEYS);
            String imapSecurity = security(imapNode);
            MailboxSettings.Imap imap = new MailboxSettings.Imap(required(imapNode, "host").text(),
                    intValue(imapNode, "port", imapSecurity.equals("tls") ? 993 : 143, 1, 65535), imapSecurity,
                    required(imapNode, "user").text(), envName(imapNode), text(imapNode, "folder", "INBOX"),
                    pollMillis(imapNode));
            ConfigNode smtpNode = required(m, "smtp");
            known(smtpNode, SMTP_KEYS);
            String smtpSecurity = security(smtpNode);
            String smtpUser = text(smtpNode, "user", "");
            String from = required(smtpNode, "from").text();
            if (!from.contains("@")) throw new ConfigException(smtpNode.get("from"), "must be an e-mail address, was '" + from + "'");
            SmtpSettings smtp = new SmtpSettings(required(smtpNode, "host").text(),
                    intValue(smtpNode, "port", smtpSecurity.equals("tls") ? 465 : 587, 1, 65535), smtpSecurity, smtpUser,
                    smtpUser.isEmpty() ? text(smtpNode, "passwordEnv", "") : envName(smtpNode), from,
                    intValue(smtpNode, "maxMailMegabytes", 20, 1, 1000) * 1_000_000L);
            String defaultChain = required(m, "defaultChain").text();
            if (chains.get(defaultChain) == null && !hotFolders.containsKey(defaultChain) && !chains.broken().contains(defaultChain)) {
                throw new ConfigException(m.get("defaultChain"), "unknown chain '" + defaultChain + "' (chains: "
                        + String.join(", ", chains.all().keySet()) + "; hot folders: " + String.join(", ", hotFolders.keySet()) + ")");
            }
            List<String> allowed = new ArrayList<>();
            ConfigNode senders = m.get("allowedSenders");
            if (senders != null) {
                for (ConfigNode s : senders.items()) {
                    String v = s.text().trim().toLowerCase(Locale.ROOT);
                    if (!v.matches("@?[^@\\s]+|[^@\\s]+@[^@\\s]+")) throw new ConfigException(s, "'" + v + "' is neither an address (ann@example.com) nor a domain (@example.com)");
                    allowed.add(v);
                }
            }
            ConfigNode limits = m.get("limits");
            if (limits != null) known(limits, LIMIT_KEYS);
            MailboxSettings box = new MailboxSettings(name, imap, smtp, defaultChain, allowed, bool(m, "refuseStrangers", false),
                    limits == null ? 20 : intValue(limits, "maxAttachments", 20, 1, 1000),
                    (limits == null ? 25 : intValue(limits, "maxAttachmentMegabytes", 25, 1, 10_000)) * 1_000_000L,
                    (limits == null ? 50 : intValue(limits, "maxMailMegabytes", 50, 1, 10_000)) * 1_000_000L,
                    text(m, "quarantineFolder", "Quarantine"), text(m, "doneFolder", ""));
            if (!on) continue;
            if (allowed.isEmpty()) {
                throw new ConfigException(senders == null ? m : senders, "mailbox '" + name + "' lists no allowedSenders, so it would process nobody's mail; "
                        + "add addresses or domains (@example.com)");
            }
            passwords.put(name + "/imap", password(settings, imapNode, imap.passwordEnv()));
            if (!smtpUser.isEmpty()) passwords.put(name + "/smtp", password(settings, smtpNode, smtp.passwordEnv()));
            enabled.put(name, box);
        }
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

    private static String password(HubSettings settings, ConfigNode node, String env) {
        String value = settings.environment(env);
        if (value == null || value.isEmpty()) {
            throw new ConfigException(node.get("passwordEnv"), "the environment variable " + env + " is not set; set it to the mailbox's "
                    + "password before starting the hub (or set enabled: false)");
        }
        return value;
    }

    private static String envName(ConfigNode node) {
        String env = required(node, "passwordEnv").text();
        if (!env.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigException(node.get("passwordEnv"), "must be the NAME of an environment variable (letters, digits, '_'), "
                    + "never the password itself");
        }
        return env;
    }

    private static String security(ConfigNode node) {
        String s = text(node, "security", "tls").toLowerCase(Locale.ROOT);
        if (!SECURITY.contains(s)) throw new ConfigException(node.get("security"), "must be none, starttls or tls, was '" + s + "'");
        return s;
    }

    private static long pollMillis(ConfigNode node) {
        ConfigNode n = node.get("pollSeconds");
        if (n == null) return 30_000;
        try {
            double s = Double.parseDouble(n.text());
            if (s < 0.05 || s > 86_400) throw new NumberFormatException();
            return Math.round(s * 1000);
        } catch (NumberFormatException e) {
            throw new ConfigException(n, "must be a number of seconds from 0.05 to 86400, was '" + n.text() + "'");
        }
    }

    private static void known(ConfigNode node, Set<String> keys) {
        for (Map.Entry<String, ConfigNode> e : node.entries().entrySet()) {
            if (!keys.contains(e.getKey())) {
                throw new ConfigException(e.getValue(), "unknown key '" + e.getKey() + "' (known: " + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
            }
        }
    }

    private static ConfigNode required(ConfigNode node, String key) {
        ConfigNode v = node.get(key);
        if (v == null || (v.isScalar() && v.text().isBlank())) {
            throw new ConfigException(node.file(), node.line(), node.path().isEmpty() ? key : node.path() + "." + key, "is required");
        }
        return v;
    }

    private static String text(ConfigNode node, String key, String def) {
        ConfigNode v = node.get(key);
        return v == null || v.text().isBlank() ? def : v.text().trim();
    }

    private static boolean bool(ConfigNode node, String key, boolean def) {
        ConfigNode v = node.get(key);
        if (v == null) return def;
        String t = v.text().trim().toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) throw new ConfigException(v, "must be true or false, was '" + v.text() + "'");
        return Boolean.parseBoolean(t);
    }

    private static int intValue(ConfigNode node, String key, int def, int min, int max) {
        ConfigNode v = node.get(key);
        if (v == null) return def;
        try {
            int i = Integer.parseInt(v.text().trim());
            if (i < min || i > max) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigException(v, "must be a whole number from " + min + " to " + max + ", was '" + v.text() + "'");
        }
    }
}
