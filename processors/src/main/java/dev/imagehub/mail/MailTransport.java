package dev.imagehub.mail;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.mail.PasswordAuthentication;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mail.MailAuthenticator;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Sends finished MIME messages through Camel's smtp/smtps producer. Like the WaveSpeed client's HTTP transport it owns
 * a small CamelContext holding only the mail component, because the hub builds its services before its own
 * CamelContext exists and closes them after it stops. The password is read from the environment at each connection
 * through an authenticator bean, so it never appears in an endpoint URI, a log line or a mail.
 */
public final class MailTransport implements AutoCloseable {
    private final CamelContext camel;
    private final ProducerTemplate template;
    private final Function<String, String> environment;
    private final Map<SmtpSettings, String> endpoints = new ConcurrentHashMap<>();

    /** {@code environment} looks up a variable of the hub's environment (HubSettings::environment). */
    public MailTransport(Function<String, String> environment) {
        this.environment = environment;
        camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("mail-out");
        camel.addComponent("smtp", new MailComponent());
        camel.addComponent("smtps", new MailComponent());
        camel.start();
        template = camel.createProducerTemplate();
    }

    /** Sends {@code message} as it is; throws with a message naming the server (never the password) when it is refused. */
    public void send(SmtpSettings smtp, MimeMessage message) throws MailSendException {
        Exchange ex = new DefaultExchange(camel);
        ex.getIn().setBody(message);
        Exchange out = template.send(endpoint(smtp), ex);
        if (out.getException() != null) {
            Throwable root = out.getException();
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            String why = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
            throw new MailSendException("the SMTP server " + smtp.host() + ":" + smtp.port() + " did not take the mail (" + redact(smtp, why)
                    + "); check host, port, security and the password variable " + smtp.passwordEnv(), out.getException());
        }
    }

    private String redact(SmtpSettings smtp, String text) {
        String pw = password(smtp);
        return pw == null || pw.isEmpty() ? text : text.replace(pw, "****");
    }

    private String password(SmtpSettings smtp) {
        return smtp.passwordEnv() == null || smtp.passwordEnv().isBlank() ? null : environment.apply(smtp.passwordEnv());
    }

    private String endpoint(SmtpSettings smtp) {
        return endpoints.computeIfAbsent(smtp, s -> {
            String id = "mailout" + endpoints.size();
            Properties props = new Properties();
            props.setProperty("mail.smtp.connectiontimeout", "20000");
            props.setProperty("mail.smtp.timeout", "60000");
            props.setProperty("mail.smtps.connectiontimeout", "20000");
            props.setProperty("mail.smtps.timeout", "60000");
            if ("starttls".equals(s.security())) {
                props.setProperty("mail.smtp.starttls.enable", "true");
                props.setProperty("mail.smtp.starttls.required", "true");
            }
            boolean login = s.user() != null && !s.user().isBlank();
            props.setProperty("mail." + (tls(s) ? "smtps" : "smtp") + ".auth", String.valueOf(login));
            camel.getRegistry().bind(id + "Props", props);
            StringBuilder uri = new StringBuilder(tls(s) ? "smtps://" : "smtp://").append(s.host()).append(':').append(s.port())
                    .append("?additionalJavaMailProperties=#").append(id).append("Props");
            if (login) {
                camel.getRegistry().bind(id + "Auth", new EnvAuthenticator(s.user(), () -> password(s)));
                uri.append("&username=RAW(").append(s.user()).append(")&authenticator=#").append(id).append("Auth");
            }
            return uri.toString();
        });
    }

    private static boolean tls(SmtpSettings s) {
        return "tls".equals(s.security());
    }

    // Reads the password when a connection needs it: a rotated secret is picked up without a restart.
    private static final class EnvAuthenticator extends MailAuthenticator {
        private final String user;
        private final java.util.function.Supplier<String> password;

        EnvAuthenticator(String user, java.util.function.Supplier<String> password) {
            this.user = user;
            this.password = password;
        }

        @Override
        public PasswordAuthentication getPasswordAuthentication() {
            String pw = password.get();
            return new PasswordAuthentication(user, pw == null ? "" : pw);
        }
    }

    @Override
    public void close() {
        try {
            template.close();
            camel.close();
        } catch (Exception e) {
            // nothing is pending once the services close; a failing stop must not hide the hub's own shutdown
        }
    }
}
