package dev.imagehub.mail;

/** Sends the reply to a processed mail over SMTP (results attached, zipped and split, or listed when too large). */
public interface ReplySender {

    /** Sends {@code reply}; throws when the SMTP server did not accept it (the intake then retries later). */
    void send(MailReply reply) throws Exception;
}
