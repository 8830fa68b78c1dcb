package dev.imagehub.mail;

/**
 * Where and how a mailbox sends its replies.
 *
 * @param host         SMTP server
 * @param port         its port
 * @param security     {@code none}, {@code starttls} or {@code tls} (SMTPS)
 * @param user         login, or empty for none
 * @param passwordEnv  the environment variable holding the password (the password itself is never in config)
 * @param from         the sender address of replies
 * @param maxMailBytes the largest mail the server takes; bigger results go as split ZIPs or stay in the outbox
 */
public record SmtpSettings(String host, int port, String security, String user, String passwordEnv, String from,
                           long maxMailBytes) {
}
