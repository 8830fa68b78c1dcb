package dev.imagehub.mail;

import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.mail.MailAuthenticator;

import dev.imagehub.HubServices;

/**
 * Creates one route per enabled mailbox from the {@code mailbox} route template, binding what the template refers to:
 * an authenticator that hands the password (read from the environment) to the IMAP client, so it never appears in an
 * endpoint URI or a log, and the JavaMail properties for STARTTLS and partial fetches.
 */
public final class MailboxRoutes {
    private MailboxRoutes() {
    }

    /** Adds the mailbox routes to {@code context}; call after the route templates are loaded, before the context starts. */
    public static int add(CamelContext context, HubServices hub) throws Exception {
        int n = 0;
        for (MailboxSettings box : hub.mailboxes().enabled().values()) {
            MailboxSettings.Imap imap = box.imap();
            String password = hub.mailboxes().imapPassword(box.name());
            context.getRegistry().bind("mailAuthenticator-" + box.name(), MailAuthenticator.class, new MailAuthenticator() {
                @Override
                public jakarta.mail.PasswordAuthentication getPasswordAuthentication() {
                    return new jakarta.mail.PasswordAuthentication(imap.user(), password);
                }
            });
            context.getRegistry().bind("mailProperties-" + box.name(), Properties.class, javaMailProperties(imap));
            TemplatedRouteBuilder.builder(context, "mailbox")
                    .routeId(box.route())
                    .parameter("name", box.name())
                    .parameter("scheme", imap.security().equals("tls") ? "imaps" : "imap")
                    .parameter("host", imap.host())
                    .parameter("port", String.valueOf(imap.port()))
                    .parameter("user", imap.user())
                    .parameter("folder", imap.folder())
                    .parameter("pollMillis", String.valueOf(imap.pollMillis()))
                    .add();
            n++;
        }
        return n;
    }

    static Properties javaMailProperties(MailboxSettings.Imap imap) {
        Properties p = new Properties();
        String prefix = imap.security().equals("tls") ? "mail.imaps." : "mail.imap.";
        // attachments are fetched part by part, only when taken; sizes come from the structure before that
        p.setProperty(prefix + "partialfetch", "true");
        p.setProperty(prefix + "connectiontimeout", "30000");
        p.setProperty(prefix + "timeout", "60000");
        if (imap.security().equals("starttls")) {
            p.setProperty("mail.imap.starttls.enable", "true");
            p.setProperty("mail.imap.starttls.required", "true");
        }
        return p;
    }
}
