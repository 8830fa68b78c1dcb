package dev.imagehub.mail;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the reply to a processed mail in the sender's thread: "Re: subject", In-Reply-To and References set, a
 * summary per file from the {@code reply} template, and the results attached. Results that do not fit in one mail of
 * {@link SmtpSettings#maxMailBytes()} (measured exactly, base64 included) go as self-contained ZIP parts in several
 * replies "part i of n", or, with {@link LargeResults#LIST}, stay in the outbox and the reply lists their paths. A
 * single file too large for any mail is always listed.
 */
public final class SmtpReplySender implements ReplySender {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpReplySender.class);

    /** What happens to results too large for one mail. */
    public enum LargeResults {
        /** ZIP archives split over several replies, each within the size limit. */
        ZIP,
        /** Nothing attached: the reply lists where the results are in the outbox. */
        LIST;

        /** {@code zip} or {@code list}; anything else is an IllegalArgumentException saying what is allowed. */
        public static LargeResults parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "zip" -> ZIP;
                case "list" -> LIST;
                default -> throw new IllegalArgumentException("must be 'zip' (split ZIP parts over several replies) or 'list' "
                        + "(leave the results in the outbox and list their paths), was '" + text + "'");
            };
        }
    }

    private final MailTransport transport;
    private final MailTemplates templates;
    private final LargeResults large;
    private final Path home;

    /** {@code home} is the hub's home: listed paths are shown relative to it. */
    public SmtpReplySender(MailTransport transport, MailTemplates templates, LargeResults large, Path home) {
        this.transport = transport;
        this.templates = templates;
        this.large = large;
        this.home = home;
    }

    @Override
    public void send(MailReply reply) throws Exception {
        List<MailComposer.Attachment> results = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (FileReport f : reply.files()) {
            for (Path p : f.outputs()) {
                results.add(MailComposer.Attachment.of(p, ZipParts.unique(MailComposer.safeName(p.getFileName().toString()), used)));
            }
        }
        long max = reply.smtp().maxMailBytes();
        MimeMessage whole = message(reply, results, List.of(), null);
        if (results.isEmpty() || MailComposer.size(whole) <= max) {
            transport.send(reply.smtp(), whole);
            LOG.info("mail {}: replied to {} with {} result(s) attached", reply.mailbox(), reply.to(), results.size());
            return;
        }
        if (large == LargeResults.LIST) {
            transport.send(reply.smtp(), message(reply, List.of(), paths(results), null));
            LOG.info("mail {}: replied to {}; {} result(s) too large to mail, listed in the reply", reply.mailbox(), reply.to(), results.size());
            return;
        }
        List<MimeMessage> parts = zipParts(reply, results);
        for (MimeMessage m : parts) transport.send(reply.smtp(), m);
        LOG.info("mail {}: replied to {} with {} result(s) in {} ZIP part(s)", reply.mailbox(), reply.to(), results.size(), parts.size());
    }

    /**
     * Politely tells a sender who is not on the mailbox's allowed list that nothing was done (template {@code refusal}),
     * in the sender's thread. Nothing of the mail is processed or quoted.
     */
    public void sendRefusal(SmtpSettings smtp, String mailbox, String to, String subject, String messageId, List<String> references)
            throws MessagingException, MailSendException {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("subject", replySubject(subject));
        v.put("mailbox", mailbox);
        v.put("sender", to);
        transport.send(smtp, simple(smtp, to, templates.render("refusal", v), messageId, references));
        LOG.info("mail {}: refusal sent to {}", mailbox, to);
    }

    /**
     * Answers a mail whose subject tag names no chain (template {@code help}) with the chains it can use:
     * {@code chains} maps each name to a one-line description (or an empty string).
     */
    public void sendHelp(SmtpSettings smtp, String mailbox, String to, String subject, String messageId, List<String> references,
                         String tag, Map<String, String> chains) throws MessagingException, MailSendException {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("subject", replySubject(subject));
        v.put("mailbox", mailbox);
        v.put("tag", tag);
        List<Map<String, Object>> list = new ArrayList<>();
        chains.forEach((name, description) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", name);
            c.put("description", description == null || description.isBlank() ? null : description);
            list.add(c);
        });
        v.put("chains", list);
        v.put("example", chains.isEmpty() ? "web" : chains.keySet().iterator().next());
        transport.send(smtp, simple(smtp, to, templates.render("help", v), messageId, references));
        LOG.info("mail {}: unknown tag '{}', help sent to {}", mailbox, tag, to);
    }

    private static MimeMessage simple(SmtpSettings smtp, String to, MailTemplates.Rendered body, String messageId, List<String> references)
            throws MessagingException {
        return MailComposer.compose(smtp.from(), List.of(to), body, threading(messageId, references), List.of());
    }

    private static Map<String, String> threading(String messageId, List<String> references) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("In-Reply-To", messageId);
        List<String> refs = new ArrayList<>(references);
        if (messageId != null && !messageId.isBlank() && !refs.contains(messageId)) refs.add(messageId);
        headers.put("References", String.join(" ", refs));
        headers.put("Auto-Submitted", "auto-replied");
        return headers;
    }

    // Greedy parts sized from an estimate, then measured: a part over the limit gives its last file to the next part.
    private List<MimeMessage> zipParts(MailReply reply, List<MailComposer.Attachment> results) throws IOException, MessagingException {
        long max = reply.smtp().maxMailBytes();
        List<MailComposer.Attachment> fitting = new ArrayList<>();
        List<MailComposer.Attachment> tooLarge = new ArrayList<>();
        // the body of a part mail, measured with the longest part numbers it can carry, bounds what is left for the ZIP
        long frame = MailComposer.size(message(reply, List.of(), paths(results), new Part(results.size(), results.size(), "x"))) + 1024;
        long zipBudget = Math.max(0, (max - frame) * 3 / 4 - (max - frame) / 38 - 512);
        for (MailComposer.Attachment a : results) {
            if (ZipParts.entrySize(a) + 22 <= zipBudget) fitting.add(a);
            else tooLarge.add(a);
        }
        List<List<MailComposer.Attachment>> plan = new ArrayList<>(ZipParts.plan(fitting, zipBudget));
        List<String> listed = paths(tooLarge);
        while (true) {
            List<MimeMessage> out = new ArrayList<>();
            boolean replanned = false;
            int total = Math.max(1, plan.size());
            for (int i = 0; i < plan.size() && !replanned; i++) {
                String zipName = zipName(reply, i + 1, total);
                byte[] zip = ZipParts.zip(plan.get(i));
                MimeMessage m = message(reply, List.of(MailComposer.Attachment.of(zipName, zip, "application/zip")), listed,
                        new Part(i + 1, total, zipName));
                if (MailComposer.size(m) > max) {
                    if (plan.get(i).size() == 1) {
                        throw new IllegalStateException("a ZIP part of one file does not fit the mail size limit; this is a bug in the size estimate");
                    }
                    List<MailComposer.Attachment> part = new ArrayList<>(plan.get(i));
                    MailComposer.Attachment last = part.remove(part.size() - 1);
                    plan.set(i, part);
                    if (i + 1 < plan.size()) {
                        List<MailComposer.Attachment> next = new ArrayList<>(plan.get(i + 1));
                        next.add(0, last);
                        plan.set(i + 1, next);
                    } else {
                        plan.add(new ArrayList<>(List.of(last)));
                    }
                    replanned = true;
                } else {
                    out.add(m);
                }
            }
            if (!replanned) {
                if (plan.isEmpty()) out.add(message(reply, List.of(), listed, null));
                return out;
            }
        }
    }

    private String zipName(MailReply reply, int n, int total) {
        String base = MailComposer.safeName(reply.chain() == null || reply.chain().isBlank() ? "results" : reply.chain() + "-results");
        return total == 1 ? base + ".zip" : base + "-part" + n + "of" + total + ".zip";
    }

    private record Part(int number, int total, String zipName) {
    }

    private List<String> paths(List<MailComposer.Attachment> files) {
        List<String> out = new ArrayList<>();
        for (MailComposer.Attachment a : files) {
            Path p = a.file().toAbsolutePath().normalize();
            Path h = home.toAbsolutePath().normalize();
            out.add(p.startsWith(h) ? h.relativize(p).toString() : p.toString());
        }
        return out;
    }

    private MimeMessage message(MailReply reply, List<MailComposer.Attachment> attachments, List<String> listed, Part part)
            throws MessagingException {
        MailTemplates.Rendered body = templates.render("reply", values(reply, listed, part));
        return MailComposer.compose(reply.smtp().from(), List.of(reply.to()), body, threading(reply.messageId(), reply.references()), attachments);
    }

    /** The template values of a reply; documented in docs/mail-out.md. */
    static Map<String, Object> values(MailReply reply, List<String> listed, Object part) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("subject", replySubject(reply.subject()));
        v.put("originalSubject", reply.subject() == null ? "" : reply.subject());
        v.put("mailbox", reply.mailbox());
        v.put("chain", reply.chain());
        v.put("prompt", reply.prompt() == null || reply.prompt().isBlank() ? null : reply.prompt());
        List<Map<String, Object>> files = new ArrayList<>();
        int ok = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (FileReport f : reply.files()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.attachmentName());
            m.put("ok", f.ok());
            m.put("failed", !f.ok());
            m.put("steps", f.steps());
            m.put("sizeBefore", size(f.bytesIn()));
            m.put("sizeAfter", size(f.bytesOut()));
            m.put("cost", cost(f.costUsd()));
            m.put("time", time(f.millis()));
            m.put("failedStep", f.failedStep());
            m.put("reason", f.reason());
            m.put("outputs", f.outputs().stream().map(p -> p.getFileName().toString()).toList());
            files.add(m);
            if (f.ok()) ok++;
            if (f.costUsd() != null) cost = cost.add(f.costUsd());
        }
        v.put("files", files);
        v.put("okCount", ok);
        v.put("failedCount", reply.files().size() - ok);
        v.put("hasFailures", ok < reply.files().size());
        v.put("totalCost", cost(cost));
        v.put("notes", reply.notes());
        v.put("hasNotes", !reply.notes().isEmpty());
        v.put("listed", listed);
        v.put("hasListed", !listed.isEmpty());
        if (part instanceof Part p) v.put("part", Map.of("number", p.number(), "total", p.total(), "zipName", p.zipName()));
        return v;
    }

    /** "Re: subject", without stacking a second "Re:" on a subject that has one. */
    public static String replySubject(String subject) {
        String s = subject == null ? "" : subject.strip();
        return s.regionMatches(true, 0, "re:", 0, 3) ? s : "Re: " + s;
    }

    static String size(long bytes) {
        if (bytes >= 1_000_000) return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        if (bytes >= 1_000) return String.format(Locale.ROOT, "%.0f KB", bytes / 1e3);
        return bytes + " bytes";
    }

    static String cost(BigDecimal usd) {
        if (usd == null || usd.signum() == 0) return "$0";
        return "$" + usd.setScale(4, RoundingMode.HALF_UP).toPlainString();
    }

    static String time(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
