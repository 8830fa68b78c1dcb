package dev.imagehub.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Down when a file has waited in an inbox folder longer than {@code hub.health.stuckMinutes}: work is paused, a folder
 * has no route, or something else keeps it from being taken. The message names the oldest files.
 */
public final class StuckFilesHealthCheck extends AbstractHealthCheck {
    private final Path inbox;
    private final Duration threshold;

    public StuckFilesHealthCheck(Path inbox, Duration threshold) {
        super("hub", "stuck-files");
        this.inbox = inbox;
        this.threshold = threshold;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant limit = Instant.now().minus(threshold);
        List<String> stuck = new ArrayList<>();
        try (Stream<Path> folders = Files.list(inbox)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).filter(Files::isRegularFile).toList()) {
                        if (Files.getLastModifiedTime(f).toInstant().isBefore(limit)) stuck.add(inbox.relativize(f).toString());
                    }
                }
            }
        } catch (IOException e) {
            builder.message("the inbox cannot be listed: " + e.getMessage()).down();
            return;
        }
        builder.detail("stuck", stuck.size());
        if (stuck.isEmpty()) {
            builder.up();
        } else {
            builder.message(stuck.size() + " file(s) waiting longer than " + threshold.toMinutes() + " min (hub.health.stuckMinutes): "
                    + String.join(", ", stuck.subList(0, Math.min(5, stuck.size()))) + (stuck.size() > 5 ? ", ..." : "")).down();
        }
    }
}
