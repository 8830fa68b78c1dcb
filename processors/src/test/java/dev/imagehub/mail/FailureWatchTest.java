package dev.imagehub.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** When a route counts as failing: N failures in a row within the window, one alert per burst, recovery after an alert. */
class FailureWatchTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-24T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    final ManualClock clock = new ManualClock();
    final FailureWatch watch = new FailureWatch(3, Duration.ofMinutes(10), clock);

    @Test
    void theThresholdAlertsOnceAndASuccessRecovers() {
        assertThat(watch.failed("a")).isInstanceOf(FailureWatch.None.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(watch.failed("a")).isInstanceOf(FailureWatch.None.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(watch.failed("a")).isEqualTo(new FailureWatch.Alert(3, Instant.parse("2026-11-24T08:00:00Z")));
        for (int i = 0; i < 10; i++) assertThat(watch.failed("a")).isInstanceOf(FailureWatch.None.class);
        assertThat(watch.succeeded("a")).isEqualTo(new FailureWatch.Recovered(13));
        assertThat(watch.succeeded("a")).isInstanceOf(FailureWatch.None.class);
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotAlertUntilTheyBunch() {
        watch.failed("a");
        clock.advance(Duration.ofMinutes(6));
        watch.failed("a");
        clock.advance(Duration.ofMinutes(6));
        assertThat(watch.failed("a")).as("3 in 12 minutes").isInstanceOf(FailureWatch.None.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(watch.failed("a")).as("the last 3 within 7 minutes").isEqualTo(new FailureWatch.Alert(4, Instant.parse("2026-11-24T08:00:00Z")));
    }

    @Test
    void aSuccessBeforeTheThresholdResetsSilentlyAndRoutesAreCountedApart() {
        watch.failed("a");
        watch.failed("a");
        assertThat(watch.succeeded("a")).as("no alert went out, so no recovery note").isInstanceOf(FailureWatch.None.class);
        watch.failed("a");
        watch.failed("b");
        assertThat(watch.failed("a")).isInstanceOf(FailureWatch.None.class);
        assertThat(watch.failed("b")).isInstanceOf(FailureWatch.None.class);
        assertThat(watch.failed("a")).isInstanceOf(FailureWatch.Alert.class);
        assertThat(watch.failed("b")).isInstanceOf(FailureWatch.Alert.class);
    }
}
