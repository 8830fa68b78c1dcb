package dev.imagehub.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import dev.imagehub.intake.Pauses;

/** A health check that is up while {@code probe} passes, and down with the probe's reason when it throws. */
public final class ProbeHealthCheck extends AbstractHealthCheck {
    private final Pauses.Probe probe;

    public ProbeHealthCheck(String id, Pauses.Probe probe) {
        super("hub", id);
        this.probe = probe;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            probe.check();
            builder.up();
        } catch (Exception e) {
            builder.message(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()).down();
        }
    }
}
