package dev.imagehub.mail;

import java.util.List;

/**
 * The answer to one processed mail, in the sender's thread: built by the mail intake once every attachment's results
 * are safely written, sent by a {@link ReplySender}.
 *
 * @param mailbox    the configured mailbox name
 * @param smtp       how to send it
 * @param to         the original sender
 * @param subject    the original subject (the sender renders "Re: ...")
 * @param messageId  the original Message-ID (becomes In-Reply-To)
 * @param references the original References plus its Message-ID, in order
 * @param chain      the chain that ran
 * @param prompt     the prompt taken from the subject for AI chains, or empty
 * @param files      one report per image attachment
 * @param notes      other remarks for the sender (skipped non-image attachments, limits applied), one sentence each
 */
public record MailReply(String mailbox, SmtpSettings smtp, String to, String subject, String messageId, List<String> references,
                        String chain, String prompt, List<FileReport> files, List<String> notes) {

    public MailReply {
        references = List.copyOf(references);
        files = List.copyOf(files);
        notes = List.copyOf(notes);
    }
}
