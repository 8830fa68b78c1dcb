package dev.imagehub.mail;

import java.util.List;
import java.util.Locale;

/**
 * One mailbox from {@code config/mailboxes.yaml}, validated: where to read mail (IMAP), how to answer (SMTP), which
 * chain runs when a mail names none, who may send, and the limits applied before anything is downloaded. The password
 * is not here: it stays in the environment and only the variable's name is kept.
 *
 * @param name               mailbox name: route {@code mail-<name>}, results in {@code outbox/mail/<name>/}
 * @param imap               where mail is read
 * @param smtp               where replies are sent
 * @param defaultChain       the chain for a mail without a tag
 * @param allowedSenders     addresses ({@code ann@example.com}) or domains ({@code @example.com} or {@code example.com})
 * @param refuseStrangers    whether a stranger gets a polite refusal (otherwise nothing is sent)
 * @param maxAttachments     image attachments processed per mail; the rest are skipped with a note
 * @param maxAttachmentBytes the largest attachment taken
 * @param maxMailBytes       the largest mail taken; a bigger one is answered without downloading anything
 * @param quarantineFolder   where malformed mail is moved
 * @param doneFolder         where finished mail is moved, or empty to leave it in place, flagged
 */
public record MailboxSettings(String name, Imap imap, SmtpSettings smtp, String defaultChain, List<String> allowedSenders,
                              boolean refuseStrangers, int maxAttachments, long maxAttachmentBytes, long maxMailBytes,
                              String quarantineFolder, String doneFolder) {

    public MailboxSettings {
        allowedSenders = List.copyOf(allowedSenders);
    }

    /**
     * Where and how a mailbox is read.
     *
     * @param host        IMAP server
     * @param port        its port
     * @param security    {@code none}, {@code starttls} or {@code tls} (IMAPS)
     * @param user        login
     * @param passwordEnv the environment variable holding the password
     * @param folder      the folder read, usually INBOX
     * @param pollMillis  time between two checks for new mail
     */
    public record Imap(String host, int port, String security, String user, String passwordEnv, String folder, long pollMillis) {
    }

    /** The Camel route id of this mailbox; also the {@code route} of its usage rows. */
    public String route() {
        return "mail-" + name;
    }

    /** Whether {@code address} may have mail processed: listed exactly, or its domain is listed. */
    public boolean allows(String address) {
        if (address == null) return false;
        String a = address.trim().toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        if (at < 1) return false;
        String domain = a.substring(at + 1);
        for (String allowed : allowedSenders) {
            String s = allowed.trim().toLowerCase(Locale.ROOT);
            if (s.startsWith("@") ? domain.equals(s.substring(1)) : s.contains("@") ? a.equals(s) : domain.equals(s)) return true;
        }
        return false;
    }
}
