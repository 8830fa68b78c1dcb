package dev.imagehub.mail;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Replies to mails whose results waited for a reviewer: once every held file of a mail is approved or declined, the
 * sender gets one reply with the approved results and, for each declined file, the reviewer's comment. Until then the
 * mail is {@code REVIEWING} with its prepared reply; a reply a crash or a mail server outage kept back is sent at the
 * next start.
 */
public final class ReviewedMail {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewedMail.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final DataSource db;
    private final MailMessages messages;
    private final Supplier<ReplySender> sender;

    public ReviewedMail(Path home, DataSource db, Supplier<ReplySender> sender) {
        this.home = home.toAbsolutePath().normalize();
        this.db = db;
        this.messages = new MailMessages(db);
        this.sender = sender;
    }

    private final java.util.concurrent.ExecutorService later = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hub-reviewed-mail");
        t.setDaemon(true);
        return t;
    });

    /** As {@link #settle}, on a thread of its own: a reviewer's click does not wait for the mail server. */
    public void settleLater(String folder) {
        later.execute(() -> settle(folder));
    }

    /** Answers the mail whose files went to {@code folder}, if it waits for review and every file is decided. */
    public synchronized void settle(String folder) {
        try {
            for (String[] mail : waiting("SELECT mailbox, message_key, reply FROM mail_message WHERE state = ? AND out_dir = ?", folder)) {
                answer(mail[0], mail[1], mail[2]);
            }
        } catch (Exception e) {
            // the decision itself stands; the reply is tried again at the next decision of this mail's files or start
            LOG.warn("review: cannot answer the mail of {} yet: {}", folder, e.getMessage());
        }
    }

    /** Answers every mail whose review was finished but not answered (a crash, an SMTP outage). Called at start-up. */
    public synchronized int settleAll() throws Exception {
        int sent = 0;
        for (String[] mail : waiting("SELECT mailbox, message_key, reply FROM mail_message WHERE state = ?", null)) {
            if (answer(mail[0], mail[1], mail[2])) sent++;
        }
        return sent;
    }

    private boolean answer(String mailbox, String key, String json) throws Exception {
        MailReply held = JSON.readValue(json, MailReply.class);
        List<FileReport> files = new ArrayList<>();
        for (FileReport f : held.files()) {
            if (f.heldJob() == null) {
                files.add(f);
                continue;
            }
            FileReport decided = decided(f);
            if (decided == null) return false;                      // a file still waits: the mail is answered later
            files.add(decided);
        }
        MailReply reply = new MailReply(held.mailbox(), held.smtp(), held.to(), held.subject(), held.messageId(), held.references(), held.chain(),
                held.prompt(), files, held.notes());
        sender.get().send(reply);
        messages.update(mailbox, key, MailMessages.REPLIED, JSON.writeValueAsString(reply));
        LOG.info("review: answered {} after review ({} file(s))", reply.to(), files.size());
        return true;
    }

    // the file as the reviewer left it: its delivered results, or declined with the reviewer's words; null while undecided
    private FileReport decided(FileReport f) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT review_state, review_by, review_comment, published FROM hub_job WHERE job_id = ?")) {
            ps.setString(1, f.heldJob());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                String state = rs.getString(1);
                if ("DECLINED".equals(state)) {
                    String by = rs.getString(2) == null ? "the reviewer" : rs.getString(2);
                    return new FileReport(f.attachmentName(), List.of(), f.steps(), f.bytesIn(), 0, f.costUsd(), f.millis(), "review",
                            "declined by " + by + ": " + rs.getString(3), null);
                }
                if (!"APPROVED".equals(state)) return null;
                List<Path> outputs = new ArrayList<>();
                long bytes = 0;
                String published = rs.getString(4);
                for (String relative : published == null || published.isEmpty() ? new String[0] : published.split("\n")) {
                    Path file = home.resolve(relative).normalize();
                    if (!file.startsWith(home) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) continue;
                    outputs.add(file);
                    bytes += Files.size(file);
                }
                return new FileReport(f.attachmentName(), outputs, f.steps(), f.bytesIn(), bytes, f.costUsd(), f.millis(), null, null, null);
            } catch (java.io.IOException e) {
                throw new SQLException("cannot read the approved results of " + f.attachmentName() + ": " + e.getMessage(), e);
            }
        }
    }

    private List<String[]> waiting(String sql, String folder) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, MailMessages.REVIEWING);
            if (folder != null) ps.setString(2, folder);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        return out;
    }
}
