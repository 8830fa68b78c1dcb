package dev.imagehub.mail;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's mail notifications: an alert to the operations address when a route keeps failing (one per burst, see
 * {@link FailureWatch}) and a note when it recovers, and mails when a batch or scheduled export finishes or fails.
 * Mails go out on one background thread, so a slow or unreachable SMTP server never holds up a file; a mail that
 * cannot be sent is logged with the reason. With notifications disabled every call only logs.
 */
public final class Notifier implements AutoCloseable, dev.imagehub.intake.Pauses.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final NotificationSettings settings;
    private final MailTransport transport;
    private final MailTemplates templates;
    private final FailureWatch watch;
    private final Clock clock;
    private final ExecutorService sender;

    /** {@code transport} may be null when notifications are disabled. */
    public Notifier(NotificationSettings settings, MailTransport transport, MailTemplates templates, Clock clock) {
        this.settings = settings;
        this.transport = transport;
        this.templates = templates;
        this.clock = clock;
        this.watch = new FailureWatch(settings.threshold(), settings.window(), clock);
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mail-notifier");
            t.setDaemon(true);
            return t;
        });
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** A file of {@code route} failed with {@code reason}: counted, and an alert sent when the route keeps failing. */
    public void fileFailed(String route, String reason) {
        if (watch.failed(route) instanceof FailureWatch.Alert a) {
            routeFailing(route, a.consecutiveFailures(), reason, a.since());
        }
    }

    /** A file of {@code route} succeeded: ends a failure burst, with a recovery note if an alert went out. */
    public void fileSucceeded(String route) {
        if (watch.succeeded(route) instanceof FailureWatch.Recovered r) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("route", route);
            v.put("failures", r.failures());
            v.put("at", TIME.format(clock.instant()));
            LOG.info("route {} works again after {} failures in a row", route, r.failures());
            send("route-recovered", v, opsList(), List.of());
        }
    }

    /** Alerts the operations address that {@code route} failed {@code consecutiveFailures} times in a row. */
    public void routeFailing(String route, int consecutiveFailures, String lastReason) {
        routeFailing(route, consecutiveFailures, lastReason, clock.instant());
    }

    private void routeFailing(String route, int consecutiveFailures, String lastReason, Instant since) {
        LOG.warn("route {} is failing: {} failures in a row; last: {}", route, consecutiveFailures, lastReason);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("route", route);
        v.put("failures", consecutiveFailures);
        v.put("reason", lastReason);
        v.put("since", TIME.format(since));
        send("route-failing", v, opsList(), List.of());
    }

    /** Work paused because {@code what} (an outbox folder, the ledger) cannot be used: one mail per pause. */
    @Override
    public void paused(String what, String reason) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("what", what);
        v.put("reason", reason);
        v.put("at", TIME.format(clock.instant()));
        send("hub-paused", v, opsList(), List.of());
    }

    /** {@code what} works again after {@code pausedFor}; the paused files are being processed. */
    @Override
    public void resumed(String what, java.time.Duration pausedFor) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("what", what);
        v.put("minutes", Math.max(1, (pausedFor.toSeconds() + 59) / 60));
        v.put("at", TIME.format(clock.instant()));
        send("hub-resumed", v, opsList(), List.of());
    }

    /**
     * A batch or scheduled export finished. {@code attachments} are attached when they fit the server's mail size,
     * else listed with {@code paths}; empty {@code recipients} means the configured export recipients.
     */
    public void exportFinished(String title, List<String> summaryLines, List<Path> attachments, List<Path> paths, List<String> recipients) {
        Map<String, Object> v = exportValues(title, summaryLines, paths);
        v.put("hasAttachments", !attachments.isEmpty());
        LOG.info("{} finished", title);
        send("export-finished", v, recipients(recipients), attachments);
    }

    /** A batch or scheduled export failed with {@code reason}; {@code paths} are files worth looking at. */
    public void exportFailed(String title, String reason, List<String> summaryLines, List<Path> paths, List<String> recipients) {
        Map<String, Object> v = exportValues(title, summaryLines, paths);
        v.put("reason", reason);
        LOG.warn("{} failed: {}", title, reason);
        send("export-failed", v, recipients(recipients), List.of());
    }

    private static Map<String, Object> exportValues(String title, List<String> lines, List<Path> paths) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("title", title);
        v.put("lines", List.copyOf(lines));
        List<String> p = paths.stream().map(Path::toString).toList();
        v.put("paths", p);
        v.put("hasPaths", !p.isEmpty());
        return v;
    }

    private List<String> opsList() {
        return settings.operations() == null ? List.of() : List.of(settings.operations());
    }

    private List<String> recipients(List<String> given) {
        return given == null || given.isEmpty() ? settings.exportRecipients() : List.copyOf(given);
    }

    private void send(String template, Map<String, Object> values, List<String> to, List<Path> attachments) {
        if (!settings.enabled() || to.isEmpty()) return;
        try {
            sender.execute(() -> {
                try {
                    MimeMessage m = compose(template, values, to, attachments);
                    transport.send(settings.smtp(), m);
                    LOG.info("notification '{}' sent to {}", template, String.join(", ", to));
                } catch (MailSendException | MessagingException | RuntimeException e) {
                    LOG.warn("notification '{}' to {} could not be sent: {}", template, String.join(", ", to), e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // a file finishing while the hub stops: the event is logged, the mail is not worth holding the shutdown for
            LOG.warn("notification '{}' not sent: the hub is stopping", template);
        }
    }

    // Attachments that would push the mail over the server's limit are listed by path instead.
    private MimeMessage compose(String template, Map<String, Object> values, List<String> to, List<Path> attachments)
            throws MessagingException {
        List<MailComposer.Attachment> files = new ArrayList<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Path p : attachments) files.add(MailComposer.Attachment.of(p, ZipParts.unique(MailComposer.safeName(p.getFileName().toString()), used)));
        MimeMessage m = MailComposer.compose(settings.smtp().from(), to, templates.render(template, values), Map.of("Auto-Submitted", "auto-generated"), files);
        if (files.isEmpty() || MailComposer.size(m) <= settings.smtp().maxMailBytes()) return m;
        Map<String, Object> listed = new LinkedHashMap<>(values);
        List<String> paths = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<String> before = (List<String>) values.getOrDefault("paths", List.of());
        paths.addAll(before);
        for (Path p : attachments) paths.add(p.toString());
        listed.put("paths", paths);
        listed.put("hasPaths", true);
        listed.put("hasAttachments", false);
        return MailComposer.compose(settings.smtp().from(), to, templates.render(template, listed), Map.of("Auto-Submitted", "auto-generated"), List.of());
    }

    /** Waits until every queued notification has been handed to the SMTP server (or failed); used at shutdown. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(30, TimeUnit.SECONDS)) sender.shutdownNow();
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
