package dev.imagehub.mail;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * A reply sender for tests that really sends through the SMTP server of {@link MailReply#smtp()} (GreenMail) with plain
 * jakarta.mail: the reply in the thread, a line per file and per note, the results attached. It can be told to refuse
 * its first sends, as an SMTP outage would.
 */
final class SmtpTestSender implements ReplySender {
    final List<MailReply> sent = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();

    @Override
    public void send(MailReply reply) throws Exception {
        if (failuresLeft.getAndDecrement() > 0) throw new java.io.IOException("SMTP refused (test outage)");
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", reply.smtp().host());
        p.setProperty("mail.smtp.port", String.valueOf(reply.smtp().port()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(reply.smtp().from()));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(reply.to()));
        m.setSubject("Re: " + reply.subject());
        if (reply.messageId() != null) m.setHeader("In-Reply-To", reply.messageId());
        if (!reply.references().isEmpty()) m.setHeader("References", String.join(" ", reply.references()));
        StringBuilder text = new StringBuilder("chain: " + reply.chain() + "\nprompt: " + reply.prompt() + "\n");
        for (FileReport f : reply.files()) {
            text.append(f.attachmentName()).append(": ").append(f.ok() ? f.outputs().size() + " result(s), $" + f.costUsd()
                    : "failed at " + f.failedStep() + ": " + f.reason()).append('\n');
        }
        for (String n : reply.notes()) text.append("note: ").append(n).append('\n');
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart body = new MimeBodyPart();
        body.setText(text.toString(), "UTF-8");
        mp.addBodyPart(body);
        for (FileReport f : reply.files()) {
            for (java.nio.file.Path out : f.outputs()) {
                MimeBodyPart a = new MimeBodyPart();
                a.setDataHandler(new DataHandler(new FileDataSource(out.toFile())));
                a.setFileName(out.getFileName().toString());
                mp.addBodyPart(a);
            }
        }
        m.setContent(mp);
        Transport.send(m);
        sent.add(reply);
    }
}
