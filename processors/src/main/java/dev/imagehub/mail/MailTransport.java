package dev.imagehub.mail;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.mail.PasswordAuthentication;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.component.mail.MailAuthenticator;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Sends finished MIME messages through Camel's smtp/smtps producer, in the hub's one CamelContext. The mail component
 * instance is the transport's own and stops when the transport closes, after the notifier has sent what it queued
 * during shutdown (the context stops its registered components first). The password is read from the environment at
 * each connection through an authenticator, so it never appears in an endpoint URI, a log line or a mail.
 */
public final class MailTransport implements AutoCloseable {
    private final CamelContext camel;
    private final MailComponent component;
    private final Function<String, String> environment;
    private final Map<SmtpSettings, Producer> producers = new ConcurrentHashMap<>();

    /**
     * {@code environment} looks up a variable of the hub's environment (HubSettings::environment); {@code camel} is the
     * hub's CamelContext.
     */
    public MailTransport(Function<String, String> environment, CamelContext camel) {
        this.environment = environment;
        this.camel = camel;
        component = new MailComponent();
        component.setCamelContext(camel);
        component.start();
    }

    /** Sends {@code message} as it is; throws with a message naming the server (never the password) when it is refused. */
    public void send(SmtpSettings smtp, MimeMessage message) throws MailSendException {
        Exchange ex = new DefaultExchange(camel);
        ex.getIn().setBody(message);
        try {
            producer(smtp).process(ex);
        } catch (Exception e) {
            ex.setException(e);
        }
        Exchange out = ex;
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

    private Producer producer(SmtpSettings smtp) {
        return producers.computeIfAbsent(smtp, s -> {
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
            String uri = (tls(s) ? "smtps://" : "smtp://") + s.host() + ":" + s.port()
                    + (login ? "?username=RAW(" + s.user() + ")" : "");
            try {
                MailEndpoint endpoint = (MailEndpoint) component.createEndpoint(uri);
                // set on the endpoint, not in the URI: neither the properties nor the authenticator become beans
                endpoint.getConfiguration().setAdditionalJavaMailProperties(props);
                if (login) endpoint.getConfiguration().setAuthenticator(new EnvAuthenticator(s.user(), () -> password(s)));
                Producer producer = endpoint.createProducer();
                ServiceHelper.startService(endpoint, producer);
                return producer;
            } catch (Exception e) {
                throw new IllegalStateException("cannot set up sending through " + s.host() + ":" + s.port() + ": " + e.getMessage(), e);
            }
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
            ServiceHelper.stopAndShutdownServices(producers.values());
            ServiceHelper.stopAndShutdownService(component);
        } catch (Exception e) {
            // nothing is pending once the services close; a failing stop must not hide the hub's own shutdown
        }
    }
}
