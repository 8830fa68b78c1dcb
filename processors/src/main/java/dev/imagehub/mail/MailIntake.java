package dev.imagehub.mail;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.HubServices;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.intake.FileJob;
import dev.imagehub.intake.SafeNames;
import dev.imagehub.ledger.JobRecord;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;

/**
 * The per-mailbox processor the {@code mailbox} route template creates: takes one mail from the IMAP consumer and
 * carries it to exactly one end: answered with its results (every image attachment a journaled job, published under
 * {@code outbox/mail/<mailbox>/<date>/<mail>/}), ignored (a stranger's mail), or quarantined (a malformed mail).
 * The mail is marked done on the server only after its results are written and the reply sent; the
 * {@code mail_message} table makes a mail shown again after a crash be answered once, and processed at most once.
 */
public final class MailIntake implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(MailIntake.class);
    public static final String SOURCE = "mail";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HubServices hub;
    private String mailbox;
    private MailboxSettings box;
    private MailMessages messages;

    public void setHub(HubServices hub) { this.hub = hub; }
    public void setMailbox(String mailbox) { this.mailbox = mailbox; }

    /** Called by Camel when the route is created (the template's initMethod). */
    public void init() {
        if (hub == null) throw new IllegalStateException("mailbox '" + mailbox + "': the hub services bean is missing");
        box = hub.mailboxes().enabled().get(mailbox);
        if (box == null) throw new IllegalArgumentException("mailbox '" + mailbox + "' is not an enabled mailbox of " + MailboxCatalog.FILE);
        messages = new MailMessages(hub.dataSource());
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message mail = exchange.getIn().getBody(Message.class);
        if (mail == null) throw new IllegalStateException(box.route() + ": the route must consume with mapMailMessage=false");
        hub.metrics().mail(box.route(), "in");
        handle(mail);
    }

    /** Takes one mail to its end; throws only when it must be tried again later (e.g. the reply could not be sent). */
    public void handle(Message mail) throws Exception {
        String messageId = header(mail, "Message-ID");
        String key = key(mail, messageId);
        Optional<MailMessages.Row> seen = messages.find(mailbox, key);
        if (seen.isPresent()) {
            MailMessages.Row row = seen.get();
            switch (row.state()) {
                case MailMessages.REPLIED, MailMessages.IGNORED, MailMessages.QUARANTINED, MailMessages.REVIEWING -> {
                    // finished before a crash, but the server never learnt it: only the marking is repeated
                    markFinished(mail, row.state());
                    return;
                }
                case MailMessages.PROCESSED -> {
                    LOG.info("{}: mail {} was processed before a restart; sending its reply without processing it again", box.route(), messageId);
                    sendAndFinish(mail, key, JSON.readValue(row.reply(), MailReply.class));
                    return;
                }
                default -> process(mail, key, messageId, row.outDir());
            }
            return;
        }
        String sender = sender(mail);
        if (sender == null) {
            quarantine(mail, key, messageId, null, "it has no readable From address");
            return;
        }
        if (!box.allows(sender)) {
            LOG.info("{}: ignored a mail from {} (not in allowedSenders); nothing was processed", box.route(), sender);
            messages.insert(mailbox, key, messageId, sender, subject(mail), MailMessages.IGNORED, outDir(messageId, key));
            if (box.refuseStrangers()) {
                try {
                    hub.smtpReplies().sendRefusal(box.smtp(), mailbox, sender, subject(mail), messageId, references(mail, messageId));
                } catch (Exception e) {
                    // a refusal is a courtesy: the mail stays ignored either way, and is never retried for it
                    LOG.warn("{}: the refusal to {} could not be sent: {}", box.route(), sender, e.getMessage());
                }
            }
            markFinished(mail, MailMessages.IGNORED);
            return;
        }
        String outDir = outDir(messageId, key);
        messages.insert(mailbox, key, messageId, sender, subject(mail), MailMessages.RECEIVED, outDir);
        process(mail, key, messageId, outDir);
    }

    private void process(Message mail, String key, String messageId, String outDir) throws Exception {
        String sender = sender(mail);
        String subject = subject(mail);
        List<Taken> taken = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        MailRouting.Route route;
        try {
            route = MailRouting.route(subject, recipients(mail), box, hub.chains(), hub.mailboxes().hotFolders());
            if (!route.unknownTag()) take(mail, taken, notes);
        } catch (MessagingException | IOException e) {
            quarantine(mail, key, messageId, sender, "its MIME structure or content cannot be read (" + firstLine(e) + ")");
            return;
        }
        if (route.unknownTag()) {
            // answered with the chains that exist (template help); nothing was processed, so nothing is stored to resend
            java.util.Map<String, String> chains = new java.util.LinkedHashMap<>();
            hub.chains().all().forEach((name, def) -> chains.put(name, def.description()));
            hub.mailboxes().hotFolders().forEach((folder, chain) -> chains.putIfAbsent(folder, "hot folder, chain " + chain));
            hub.smtpReplies().sendHelp(box.smtp(), mailbox, sender, subject, messageId, references(mail, messageId), route.tag(), chains);
            messages.update(mailbox, key, MailMessages.REPLIED, null);
            markFinished(mail, MailMessages.REPLIED);
            return;
        }
        ChainDefinition chain = hub.chains().get(route.chain());
        boolean ai = chain.paid();
        String prompt = ai ? route.prompt() : "";
        if (chain.takesText() && taken.isEmpty() && !prompt.isEmpty()) {
            taken.add(new Taken("prompt.txt", "prompt.txt", prompt.getBytes(StandardCharsets.UTF_8)));
        } else if (taken.isEmpty()) {
            notes.add("The mail has no image attachment, so there was nothing to process.");
        }
        List<FileReport> files = new ArrayList<>();
        for (Taken t : taken) files.add(runJob(outDir, chain, t, chain.takesText() ? "" : prompt,
                dev.imagehub.ledger.Campaigns.mailThread(subject), dev.imagehub.ledger.Campaigns.sender(sender)));
        MailReply reply = new MailReply(mailbox, box.smtp(), sender, subject, messageId, references(mail, messageId), chain.name(), prompt, files, notes);
        if (files.stream().anyMatch(f -> f.heldJob() != null)) {
            // the chain asks for review: the sender is answered once a reviewer has decided every held file
            messages.update(mailbox, key, MailMessages.REVIEWING, JSON.writeValueAsString(reply));
            LOG.info("{}: the results of mail {} from {} wait for review; the reply follows the decision", box.route(), messageId, sender);
            markFinished(mail, MailMessages.REVIEWING);
            hub.reviewedMail().settle(outDir);                     // files decided already (a mail seen again after a crash)
            return;
        }
        messages.update(mailbox, key, MailMessages.PROCESSED, JSON.writeValueAsString(reply));
        sendAndFinish(mail, key, reply);
    }

    /** An attachment read into memory under a safe, unique name. */
    private record Taken(String sentName, String name, byte[] bytes) {
    }

    // Reads every attachment the limits allow before any is processed, so a mail that turns out to be malformed is
    // quarantined whole rather than half processed.
    private void take(Message mail, List<Taken> taken, List<String> notes) throws MessagingException, IOException {
        int size = mail.getSize();
        if (size > box.maxMailBytes()) {
            notes.add(String.format(Locale.ROOT, "The mail is %.1f MB; this mailbox takes mails up to %d MB (limits.maxMailMegabytes), "
                    + "so nothing was downloaded. Send the images in several mails.", size / 1e6, box.maxMailBytes() / 1_000_000));
            return;
        }
        List<MailAttachments.Attachment> all = MailAttachments.of(mail);
        Set<String> usedStems = new HashSet<>();
        int images = 0;
        for (MailAttachments.Attachment a : all) {
            String shown = display(a.name());
            if (!a.image()) {
                notes.add("Skipped " + shown + ": it is not an image (" + a.contentType() + ").");
                continue;
            }
            if (a.size() > box.maxAttachmentBytes()) {
                notes.add(String.format(Locale.ROOT, "Skipped %s: it is about %.1f MB; the limit is %d MB per image (limits.maxAttachmentMegabytes).",
                        shown, a.size() / 1e6, box.maxAttachmentBytes() / 1_000_000));
                continue;
            }
            if (++images > box.maxAttachments()) {
                notes.add("Skipped " + shown + ": this mailbox takes at most " + box.maxAttachments() + " images per mail (limits.maxAttachments).");
                continue;
            }
            byte[] bytes = read(a, box.maxAttachmentBytes());
            if (bytes == null) {
                notes.add("Skipped " + shown + ": it is larger than " + box.maxAttachmentBytes() / 1_000_000 + " MB (limits.maxAttachmentMegabytes).");
                continue;
            }
            taken.add(new Taken(shown, uniqueName(a.name(), a.contentType(), usedStems), bytes));
        }
    }

    private static byte[] read(MailAttachments.Attachment a, long max) throws MessagingException, IOException {
        try (InputStream in = a.part().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            return bytes.length > max ? null : bytes;
        }
    }

    private FileReport runJob(String outDir, ChainDefinition chain, Taken t, String prompt, String thread, String from) throws Exception {
        Path inbox = hub.home().resolve("inbox").resolve(outDir);
        String route = box.route();
        List<JobRecord> earlier = hub.journal().ofFile(route, outDir, t.name());
        boolean committed = earlier.stream().anyMatch(j -> !JobRecord.RUNNING.equals(j.state()));
        long started = System.nanoTime();
        if (!committed || earlier.stream().anyMatch(j -> !j.finalized())) {
            Path file = inbox.resolve(t.name()).normalize();
            if (!file.getParent().equals(inbox.normalize())) throw new IllegalStateException("unsafe attachment name " + t.name());
            Files.createDirectories(inbox);
            if (!prompt.isEmpty()) {
                // the prompt travels as the image's sidecar, exactly as a hot folder's photo.jpg.json would
                write(inbox.resolve(t.name() + ".json"), JSON.writeValueAsBytes(java.util.Map.of("prompt", prompt)));
            }
            write(file, t.bytes());
            if (new FileJob(hub, outDir, route, chain.name(), chain, SOURCE, false).campaign(thread, from).run(file) == FileJob.Outcome.WAITING) {
                // the outbox or the ledger cannot be written now: the mail stays unread and is taken again later
                throw new IllegalStateException(route + ": " + t.name() + " waits until the hub can write its results again ("
                        + String.join("; ", hub.pauses().current().values()) + ")");
            }
        }
        JobRecord job = hub.journal().ofFile(route, outDir, t.name()).stream().filter(j -> !JobRecord.RUNNING.equals(j.state()))
                .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException(route + ": " + t.name() + " was not committed"));
        long millis = committed ? usageMillis(job.jobId()) : (System.nanoTime() - started) / 1_000_000;
        BigDecimal cost = usageCost(job.jobId());
        Path out = hub.home().resolve("outbox").resolve(outDir);
        if (!JobRecord.DONE.equals(job.state())) {
            return new FileReport(t.sentName(), List.of(), chain.stepNames(), t.bytes().length, 0, cost, millis, job.failedStep(), job.error());
        }
        if (job.reviewState() != null) {
            // held in outbox/<folder>/.review/ (or decided already): the reply is made from the reviewer's decision
            return new FileReport(t.sentName(), List.of(), chain.stepNames(), t.bytes().length, 0, cost, millis, null, null, job.jobId());
        }
        List<Path> outputs = new ArrayList<>();
        long bytesOut = 0;
        for (String line : job.outputs() == null ? new String[0] : job.outputs().split("\n")) {
            String planned = dev.imagehub.intake.Placements.plannedName(line);
            if (planned == null) continue;
            Path result = out.resolve(planned);
            if (Files.isRegularFile(result)) {
                outputs.add(result);
                bytesOut += Files.size(result);
            }
        }
        return new FileReport(t.sentName(), outputs, chain.stepNames(), t.bytes().length, bytesOut, cost, millis, null, null);
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(".hub-mail-" + System.nanoTime() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private BigDecimal usageCost(String jobId) throws SQLException {
        Object v = usage("SELECT COALESCE(SUM(cost_usd), 0) FROM usage_log WHERE job_id = ?", jobId);
        return v instanceof BigDecimal b ? b : new BigDecimal(String.valueOf(v));
    }

    private long usageMillis(String jobId) throws SQLException {
        Object v = usage("SELECT COALESCE(SUM(duration_ms), 0) FROM usage_log WHERE job_id = ?", jobId);
        return ((Number) v).longValue();
    }

    private Object usage(String sql, String jobId) throws SQLException {
        try (Connection c = hub.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1);
            }
        }
    }

    private void sendAndFinish(Message mail, String key, MailReply reply) throws Exception {
        hub.replySender().send(reply);
        hub.metrics().mail(box.route(), "out");
        messages.update(mailbox, key, MailMessages.REPLIED, null);
        LOG.info("{}: answered {} ({} file(s), chain {})", box.route(), reply.to(), reply.files().size(),
                reply.chain().isEmpty() ? "none" : reply.chain());
        markFinished(mail, MailMessages.REPLIED);
    }

    private void quarantine(Message mail, String key, String messageId, String sender, String reason) throws Exception {
        LOG.warn("{}: quarantined mail {} from {}: {}", box.route(), messageId, sender == null ? "(unknown)" : sender, reason);
        if (messages.find(mailbox, key).isPresent()) messages.update(mailbox, key, MailMessages.QUARANTINED, null);
        else messages.insert(mailbox, key, messageId, sender, safeSubject(mail), MailMessages.QUARANTINED, outDir(messageId, key));
        markFinished(mail, MailMessages.QUARANTINED);
    }

    // Finished mail leaves the unread set: moved to the done or quarantine folder, else flagged \Seen plus a keyword.
    private void markFinished(Message mail, String state) throws MessagingException {
        String target = MailMessages.QUARANTINED.equals(state) ? box.quarantineFolder()
                : MailMessages.REPLIED.equals(state) ? box.doneFolder() : "";
        mail.setFlag(Flags.Flag.SEEN, true);
        Folder folder = mail.getFolder();
        if (folder.getPermanentFlags() != null && folder.getPermanentFlags().contains(Flags.Flag.USER)) {
            mail.setFlags(new Flags("hub-" + state.toLowerCase(Locale.ROOT)), true);
        }
        if (!target.isEmpty() && folder.getStore() != null) {
            Folder to = folder.getStore().getFolder(target);
            if (!to.exists() && !to.create(Folder.HOLDS_MESSAGES)) {
                LOG.warn("{}: cannot create folder {}; the mail stays in {}, flagged", box.route(), target, folder.getFullName());
                return;
            }
            folder.copyMessages(new Message[] {mail}, to);
            mail.setFlag(Flags.Flag.DELETED, true);
        }
    }

    /** Where a mail's results go, relative to outbox/ (and its attachments, relative to inbox/). */
    private String outDir(String messageId, String key) {
        String id = messageId == null ? "no-id" : messageId.replaceAll("[<>]", "");
        String safe = SafeNames.safeStem(id).replace(' ', '_');
        if (safe.length() > 60) safe = safe.substring(0, 60);
        return "mail/" + mailbox + "/" + LocalDate.now(ZoneOffset.UTC) + "/" + safe + "-" + key.substring(0, 8);
    }

    /** A file name that is safe on disk and unique (by stem) within the mail. */
    static String uniqueName(String sent, String contentType, Set<String> usedStems) {
        String flat = sent.replace('/', '_').replace('\\', '_').replaceAll("\\.{2,}", "_");
        String ext = SafeNames.extension(flat).toLowerCase(Locale.ROOT);
        String stem = SafeNames.stem(flat);
        if (!ext.matches("[a-z0-9]{1,10}")) {
            stem = flat;
            ext = contentType.startsWith("image/") ? contentType.substring(6).replaceAll("[^a-z0-9]", "") : "bin";
            if (ext.equals("jpeg") || ext.isEmpty()) ext = ext.isEmpty() ? "bin" : "jpg";
        }
        String safe = SafeNames.safeStem(stem);
        if (safe.length() > 100) safe = safe.substring(0, 100);
        String unique = safe;
        for (int n = 2; !usedStems.add(unique.toLowerCase(Locale.ROOT)); n++) unique = safe + "-" + n;
        return unique + "." + ext;
    }

    private static String display(String sent) {
        String s = sent.codePoints().filter(cp -> cp >= 0x20 && cp != 0x7F)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (s.length() > 120) s = s.substring(0, 117) + "...";
        return s.isEmpty() ? "(unnamed)" : s;
    }

    private static String key(Message mail, String messageId) throws MessagingException {
        String basis = messageId != null ? "id:" + messageId.strip()
                : "from:" + header(mail, "From") + "|date:" + header(mail, "Date") + "|subject:" + header(mail, "Subject") + "|size:" + mail.getSize();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(Message mail, String name) throws MessagingException {
        String[] v = mail.getHeader(name);
        return v == null || v.length == 0 || v[0].isBlank() ? null : v[0].strip();
    }

    private static String sender(Message mail) {
        try {
            Address[] from = mail.getFrom();
            if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress ia)) return null;
            String a = ia.getAddress();
            return a == null || !a.contains("@") ? null : a.toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return null;
        }
    }

    private static String subject(Message mail) throws MessagingException {
        String s = mail.getSubject();
        return s == null ? "" : s;
    }

    private static String safeSubject(Message mail) {
        try {
            return subject(mail);
        } catch (MessagingException e) {
            return "";
        }
    }

    private static List<String> recipients(Message mail) throws MessagingException {
        List<String> out = new ArrayList<>();
        Address[] all = mail.getAllRecipients();
        if (all != null) for (Address a : all) if (a instanceof InternetAddress ia && ia.getAddress() != null) out.add(ia.getAddress());
        String[] delivered = mail.getHeader("Delivered-To");
        if (delivered != null) for (String d : delivered) out.add(d.replaceAll("[<>]", "").strip());
        return out;
    }

    private static List<String> references(Message mail, String messageId) throws MessagingException {
        List<String> refs = new ArrayList<>();
        String r = header(mail, "References");
        if (r != null) for (String s : r.split("\\s+")) if (!s.isBlank()) refs.add(s);
        if (messageId != null && !refs.contains(messageId)) refs.add(messageId);
        return refs;
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
