package dev.imagehub.wavespeed.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubSettings;
import dev.imagehub.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;

/** Over the account's limits work waits in the hub (and stops waiting when the hub stops), instead of being sent. */
class LimitsTest {
    @TempDir
    Path home;

    private Limits limits(String concurrency, String perMinute) {
        return new Limits(WaveSpeedSettings.of(HubSettings.load(home, Map.of("hub.wavespeed.concurrency", concurrency,
                "hub.wavespeed.submitsPerMinute", perMinute), Map.of())));
    }

    /** Runs {@code action} in a thread and returns it once it is blocked waiting. */
    private static Thread blocked(Waiting action, AtomicReference<Throwable> outcome) {
        Thread t = new Thread(() -> {
            try {
                action.run();
                outcome.set(new AssertionError("did not wait"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        t.start();
        Await.until(Duration.ofSeconds(10), "the thread to wait", () -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING || outcome.get() != null);
        return t;
    }

    private interface Waiting {
        void run() throws InterruptedException;
    }

    @Test
    void aThirdSubmitInTheSameMinuteWaitsForTheRateOfABronzeAccount() throws Exception {
        Limits l = limits("10", "2");
        l.awaitSubmitPermit();
        l.awaitSubmitPermit();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread third = blocked(l::awaitSubmitPermit, outcome);
        assertThat(outcome.get()).isNull();
        third.interrupt();   // the hub stops: the waiting task gives up without sending anything
        third.join();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class).hasMessageContaining("submit rate");
    }

    @Test
    void aTaskWaitsForAFreeSlotAndGetsItWhenOneEnds() throws Exception {
        Limits l = limits("2", "0");
        Limits.Slot first = l.enterTask();
        l.enterTask();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread third = blocked(l::enterTask, outcome);
        assertThat(outcome.get()).isNull();
        first.close();
        first.close();   // a slot is given back once, however often it is closed
        third.join();
        assertThat(outcome.get()).hasMessage("did not wait");   // it ran once a slot was free

        Thread fourth = blocked(l::enterTask, outcome);
        fourth.interrupt();
        fourth.join();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class).hasMessageContaining("task slot");
    }
}
