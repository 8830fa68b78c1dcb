package dev.imagehub.mail;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.imagehub.chain.ChainCatalog;

/**
 * Decides which chain a mail runs: a tag in the subject ({@code [instagram] ...}), else a plus-address
 * ({@code hub+instagram@example.com}), else the mailbox's default chain. A tag may name a chain or a hot folder. The
 * subject text after the tag (or the whole subject without a tag) is the prompt for AI chains.
 */
public final class MailRouting {
    private static final Pattern TAG = Pattern.compile("\\[\\s*([A-Za-z0-9][A-Za-z0-9._-]{0,79})\\s*]");
    private static final Pattern REPLY_PREFIX = Pattern.compile("^\\s*((re|fw|fwd|aw|wg)\\s*:\\s*)+", Pattern.CASE_INSENSITIVE);

    /**
     * The routing decision.
     *
     * @param chain      the chain to run, or null when the tag names nothing known
     * @param tag        the tag as written, or empty for the default chain
     * @param prompt     the subject text meant as the prompt, possibly empty
     * @param unknownTag true when a tag was given but names no chain or hot folder
     */
    public record Route(String chain, String tag, String prompt, boolean unknownTag) {
    }

    private MailRouting() {
    }

    /**
     * Routes a mail.
     *
     * @param subject    the subject, may be null
     * @param recipients To, Cc and Delivered-To addresses
     * @param mailbox    the mailbox (its own addresses and default chain)
     * @param chains     the known chains
     * @param hotFolders hot folder names to chains
     */
    public static Route route(String subject, List<String> recipients, MailboxSettings mailbox, ChainCatalog chains,
                              Map<String, String> hotFolders) {
        String s = REPLY_PREFIX.matcher(subject == null ? "" : subject).replaceFirst("").strip();
        Matcher m = TAG.matcher(s);
        if (m.find()) {
            String tag = m.group(1);
            String prompt = (s.substring(0, m.start()) + " " + s.substring(m.end())).strip();
            String chain = resolve(tag, chains, hotFolders);
            return new Route(chain, tag, prompt, chain == null);
        }
        String plus = plusTag(recipients, mailbox);
        if (plus != null) {
            String chain = resolve(plus, chains, hotFolders);
            return new Route(chain, plus, s, chain == null);
        }
        return new Route(resolve(mailbox.defaultChain(), chains, hotFolders), "", s, false);
    }

    private static String resolve(String tag, ChainCatalog chains, Map<String, String> hotFolders) {
        if (chains.get(tag) != null) return tag;
        if (hotFolders.containsKey(tag)) return hotFolders.get(tag);
        // people type [Instagram]; names are case-sensitive in config but not in a subject line
        for (String c : chains.all().keySet()) if (c.equalsIgnoreCase(tag)) return c;
        for (Map.Entry<String, String> e : hotFolders.entrySet()) if (e.getKey().equalsIgnoreCase(tag)) return e.getValue();
        return null;
    }

    /** The tag of a plus-address to one of the mailbox's own addresses ({@code hub+tag@host}), or null. */
    static String plusTag(List<String> recipients, MailboxSettings mailbox) {
        for (String r : recipients) {
            String a = r.trim().toLowerCase(Locale.ROOT);
            int at = a.lastIndexOf('@');
            int plus = a.indexOf('+');
            if (at < 1 || plus < 1 || plus > at) continue;
            String base = a.substring(0, plus) + a.substring(at);
            if (!ownAddress(base, mailbox)) continue;
            String tag = r.trim().substring(plus + 1, at);
            if (!tag.isEmpty()) return tag;
        }
        return null;
    }

    private static boolean ownAddress(String address, MailboxSettings mailbox) {
        String user = mailbox.imap().user().toLowerCase(Locale.ROOT);
        String from = mailbox.smtp().from().toLowerCase(Locale.ROOT);
        if (address.equals(from)) return true;
        // a login without a domain (plain "hub") matches any hub+tag@ address on the server
        return user.contains("@") ? address.equals(user) : address.substring(0, address.indexOf('@')).equals(user);
    }
}
