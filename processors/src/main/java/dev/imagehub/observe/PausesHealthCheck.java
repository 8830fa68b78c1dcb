package dev.imagehub.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import dev.imagehub.intake.Pauses;

/** Down while any work is paused (an outbox, the ledger, free disk space, WaveSpeed), naming what and why. */
public final class PausesHealthCheck extends AbstractHealthCheck {
    private final Pauses pauses;

    public PausesHealthCheck(Pauses pauses) {
        super("hub", "paused-work");
        this.pauses = pauses;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, String> now = pauses.current();
        if (now.isEmpty()) {
            builder.up();
            return;
        }
        StringBuilder sb = new StringBuilder("paused: ");
        now.forEach((what, why) -> sb.append(what).append(" (").append(why).append("); "));
        builder.message(sb.substring(0, sb.length() - 2)).down();
    }
}
