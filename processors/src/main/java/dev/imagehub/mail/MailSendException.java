package dev.imagehub.mail;

/** The SMTP server did not accept a mail; the message names the server and what to check, never the password. */
public final class MailSendException extends Exception {
    public MailSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
