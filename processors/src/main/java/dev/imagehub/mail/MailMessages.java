package dev.imagehub.mail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

/** The {@code mail_message} table: what became of each mail, so each is processed once and answered once. */
public final class MailMessages {
    public static final String RECEIVED = "RECEIVED";
    public static final String PROCESSED = "PROCESSED";
    public static final String REPLIED = "REPLIED";
    /** Processed, and some results wait for a reviewer: the prepared reply is sent once all are decided. */
    public static final String REVIEWING = "REVIEWING";
    public static final String QUARANTINED = "QUARANTINED";
    public static final String IGNORED = "IGNORED";

    /**
     * One row.
     *
     * @param state  see the constants
     * @param outDir where the mail's results go, relative to the hub's home (fixed at first sight, so a restart reuses it)
     * @param reply  the prepared reply as JSON, once PROCESSED
     */
    public record Row(String state, String outDir, String reply) {
    }

    private final DataSource ds;

    public MailMessages(DataSource ds) {
        this.ds = ds;
    }

    public Optional<Row> find(String mailbox, String key) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state, out_dir, reply FROM mail_message WHERE mailbox = ? AND message_key = ?")) {
            ps.setString(1, mailbox);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        }
    }

    /** Records a mail seen for the first time. */
    public void insert(String mailbox, String key, String messageId, String sender, String subject, String state, String outDir)
            throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO mail_message (mailbox, message_key, message_id, sender, subject, state, "
                     + "out_dir, received_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            ps.setString(1, mailbox);
            ps.setString(2, key);
            ps.setString(3, cut(messageId, 1000));
            ps.setString(4, cut(sender, 320));
            ps.setString(5, cut(subject, 1000));
            ps.setString(6, state);
            ps.setString(7, outDir);
            ps.setTimestamp(8, now);
            ps.setTimestamp(9, now);
            ps.executeUpdate();
        }
    }

    /** Moves a mail to {@code state}, storing {@code reply} when not null. */
    public void update(String mailbox, String key, String state, String reply) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE mail_message SET state = ?, reply = COALESCE(?, reply), updated_at = ? "
                     + "WHERE mailbox = ? AND message_key = ?")) {
            ps.setString(1, state);
            ps.setString(2, reply);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setString(4, mailbox);
            ps.setString(5, key);
            if (ps.executeUpdate() != 1) throw new SQLException("mail " + key + " of mailbox " + mailbox + " is not recorded");
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
