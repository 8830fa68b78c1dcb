package dev.imagehub.ledger;

import java.util.Locale;
import java.util.regex.Pattern;

/** The campaign names jobs are counted under: a batch, a calendar day, a mail thread. */
public final class Campaigns {
    // what mail programs put before a subject they answer or pass on, in the languages our users write in
    private static final Pattern REPLY = Pattern.compile("^\\s*((re|fw|fwd|aw|wg|tr|rv|sv|vs|antw)(\\[\\d+\\])?\\s*:\\s*)+", Pattern.CASE_INSENSITIVE);

    private Campaigns() {
    }

    public static String batch(String batchId) {
        return cut("batch " + batchId);
    }

    public static String calendarDay(java.time.LocalDate day) {
        return "calendar " + day;
    }

    /** A mail thread: its subject without the Re:/Fwd: a reply adds, so a thread's mails count together. */
    public static String mailThread(String subject) {
        String s = subject == null ? "" : REPLY.matcher(subject).replaceFirst("").strip();
        return cut("mail: " + (s.isEmpty() ? "(no subject)" : s));
    }

    /** A sender as the totals key it: the address in lower case. */
    public static String sender(String address) {
        return address == null ? "" : cut(address.strip().toLowerCase(Locale.ROOT), 320);
    }

    private static String cut(String s) {
        return cut(s, 300);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
