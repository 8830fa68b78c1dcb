package dev.imagehub.observe;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import dev.imagehub.intake.Pauses;
import dev.imagehub.wavespeed.AiGateway;

/**
 * WaveSpeed as the AI folders see it: down while its calls are paused (an outage, the open circuit breaker, the rate
 * limit) or when the account balance is used up; the balance, when known, is in the check's details.
 */
public final class WaveSpeedHealthCheck extends AbstractHealthCheck {
    private final Pauses pauses;
    private final AiGateway ai;

    public WaveSpeedHealthCheck(Pauses pauses, AiGateway ai) {
        super("hub", "wavespeed");
        this.pauses = pauses;
        this.ai = ai;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<BigDecimal> balance = ai.balance();
        balance.ifPresent(b -> builder.detail("balance_usd", b.toPlainString()));
        String paused = pauses.current().get(Pauses.WAVESPEED);
        if (paused != null) {
            builder.message(paused).down();
        } else if (balance.isPresent() && balance.get().signum() <= 0) {
            builder.message("the WaveSpeed account balance is " + balance.get().toPlainString() + " USD: AI steps are refused until it is "
                    + "topped up").down();
        } else {
            builder.up();
        }
    }
}
