package dev.imagehub.wavespeed.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Await;
import dev.imagehub.wavespeed.AiCall;
import dev.imagehub.wavespeed.AiFailure;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Restarts never pay twice, and the account's concurrency is never exceeded. */
class WaveSpeedResumeIT {
    private static final String EDIT = "wavespeed-ai/qwen-image/edit";
    private static final byte[] PHOTO = GatewayHarness.png(140, 100, 21);
    private static final String SHA = TaskKey.sha256(PHOTO);
    private static WaveSpeedEmulator emu;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws IOException {
        emu = WaveSpeedEmulator.start(0, Duration.ofMillis(100));
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void clean() {
        emu.reset();
        emu.defaultLatency(Duration.ofMillis(100));
    }

    private static AiCall call(GatewayHarness h, String job) {
        return h.call(job, SHA, EDIT, Map.of("prompt", "night sky", "image", AiInput.of(PHOTO, "p.png")));
    }

    private static void stateIs(GatewayHarness h, String job, String state) {
        Await.until(Duration.ofSeconds(20), "ai_task of " + job + " in state " + state,
                () -> h.sql("SELECT 1 FROM ai_task WHERE job_id = ? AND state = ?", job, state).size() == 1);
    }

    @Test
    void aHubStoppedWhilePollingResumesTheSamePredictionAfterRestart() throws Exception {
        emu.latency(EDIT, Duration.ofSeconds(3));
        String firstJob;
        String predictionId;
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            firstJob = h.job(SHA);
            AtomicReference<Throwable> ended = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    h.gateway.run(call(h, firstJob));
                } catch (Throwable t) {
                    ended.set(t);
                }
            });
            worker.start();
            stateIs(h, firstJob, "SUBMITTED");
            worker.interrupt();   // the hub stops while the task is polled
            worker.join();
            assertThat(ended.get()).isInstanceOf(InterruptedException.class);
            predictionId = (String) h.sql("SELECT prediction_id FROM ai_task").get(0).get("prediction_id");
            h.journal.abandon(firstJob);   // what RecoverySweep does at the next start
        }
        assertThat(emu.stats().submits(EDIT)).isEqualTo(1);

        try (GatewayHarness restarted = new GatewayHarness(home, emu, Map.of())) {
            String secondJob = restarted.job(SHA);
            AiResult r = restarted.gateway.run(call(restarted, secondJob));
            assertThat(r.predictionId()).isEqualTo(predictionId);
            assertThat(r.resumed()).isTrue();
            assertThat(r.outputs()).hasSize(1);
            assertThat(r.costUsd()).isEqualByComparingTo("0.02");
            assertThat(restarted.sql("SELECT job_id, state FROM ai_task")).singleElement().satisfies(row -> {
                assertThat(row.get("job_id")).isEqualTo(secondJob);
                assertThat(row.get("state")).isEqualTo("COMPLETED");
            });
        }
        assertThat(emu.stats().submits(EDIT)).isEqualTo(1);
        assertThat(emu.stats().uploads()).isEqualTo(1);
    }

    @Test
    void aCrashAfterTheDownloadReturnsTheSavedOutputsWithoutAskingWaveSpeed() throws Exception {
        AiResult first;
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            String job = h.job(SHA);
            first = h.gateway.run(call(h, job));
            h.journal.abandon(job);   // the job died before it committed its outputs
        }
        long polls = emu.stats().polls();
        long downloads = emu.stats().downloads();
        try (GatewayHarness restarted = new GatewayHarness(home, emu, Map.of())) {
            AiResult again = restarted.gateway.run(call(restarted, restarted.job(SHA)));
            assertThat(again.resumed()).isTrue();
            assertThat(again.predictionId()).isEqualTo(first.predictionId());
            assertThat(again.outputs().get(0).bytes()).isEqualTo(first.outputs().get(0).bytes());
            assertThat(again.costUsd()).isEqualByComparingTo("0.02");   // the abandoned job's ledger rows never committed
        }
        assertThat(emu.stats().submits(EDIT)).isEqualTo(1);
        assertThat(emu.stats().polls()).isEqualTo(polls);
        assertThat(emu.stats().downloads()).isEqualTo(downloads);
    }

    @Test
    void aSubmitWhoseOutcomeIsUnknownIsNotResentByTheSameJobButAFileMovedBackRunsAnew() throws Exception {
        EmulatorControl.faults(emu, "{\"fault\":\"500\",\"endpoint\":\"submit\"}");
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            String job = h.job(SHA);
            AiFailure unknown = catchThrowableOfType(AiFailure.class, () -> h.gateway.run(call(h, job)));
            assertThat(unknown.getMessage()).contains("not sent again");
            h.journal.abandon(job);   // a crash before the job committed its failure

            String rerun = h.job(SHA);
            AiFailure again = catchThrowableOfType(AiFailure.class, () -> h.gateway.run(call(h, rerun)));
            assertThat(again.getMessage()).contains("whether WaveSpeed created (and charged) a task is unknown")
                    .contains("move the file back into the inbox");
            assertThat(emu.stats().submits(EDIT)).isEqualTo(1);

            // the re-run committed its failure; the user moves the file back: a new job may submit
            markCommitted(h, rerun);
            AiResult fresh = h.gateway.run(call(h, h.job(SHA)));
            assertThat(fresh.resumed()).isFalse();
        }
        assertThat(emu.stats().submits(EDIT)).isEqualTo(2);
    }

    @Test
    void aCompletedTaskOfADeliveredJobIsRunAgainWhenTheFileComesBack() throws Exception {
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            String job = h.job(SHA);
            h.gateway.run(call(h, job));
            markCommitted(h, job, "DONE");
            AiResult second = h.gateway.run(call(h, h.job(SHA)));
            assertThat(second.resumed()).isFalse();
            assertThat(second.costUsd()).isEqualByComparingTo("0.02");
        }
        assertThat(emu.stats().submits(EDIT)).isEqualTo(2);
    }

    @Test
    void aPaidResultAFailedJobNeverDeliveredIsTakenUpByTheNextRunOfTheSameFileAtNoCost() throws Exception {
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            String job = h.job(SHA);
            AiResult first = h.gateway.run(call(h, job));
            markCommitted(h, job, "FAILED");   // a later step failed: the paid result never reached the outbox
            AiResult retry = h.gateway.run(call(h, h.job(SHA)));
            assertThat(retry.resumed()).isTrue();
            assertThat(retry.predictionId()).isEqualTo(first.predictionId());
            assertThat(retry.costUsd()).isZero();
        }
        assertThat(emu.stats().submits(EDIT)).isEqualTo(1);
    }

    @Test
    void aTimedOutTaskIsAbandonedAtItsPriceAndALaterFileSubmitsAnew() throws Exception {
        emu.latency(EDIT, Duration.ofMillis(2500));
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of("hub.wavespeed.taskTimeoutSeconds", "1"))) {
            String job = h.job(SHA);
            AiFailure timedOut = catchThrowableOfType(AiFailure.class, () -> h.gateway.run(call(h, job)));
            assertThat(timedOut.costUsd()).isEqualByComparingTo("0.02");
            assertThat(timedOut.getMessage()).contains("abandoned").contains("submits it anew");
            assertThat(h.sql("SELECT state FROM ai_task WHERE job_id = ?", job)).singleElement()
                    .satisfies(r -> assertThat(r.get("state")).isEqualTo("ABANDONED"));
            markCommitted(h, job);   // the failure and its cost are in the ledger
        }
        try (GatewayHarness later = new GatewayHarness(home, emu, Map.of("hub.wavespeed.taskTimeoutSeconds", "30"))) {
            AiResult r = later.gateway.run(call(later, later.job(SHA)));
            assertThat(r.resumed()).isFalse();
            assertThat(r.costUsd()).isEqualByComparingTo("0.02");
        }
        assertThat(emu.stats().submits(EDIT)).isEqualTo(2);
    }

    @Test
    void aPredictionWaveSpeedNoLongerKnowsEndsAndTheNextRunSubmitsAnew() throws Exception {
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            String job = h.job(SHA);
            AiResult done = h.gateway.run(call(h, job));
            markCommitted(h, job);
            // as if the hub had stopped waiting long ago and the prediction has expired since
            try (var c = h.ledger.dataSource().getConnection(); var ps = c.prepareStatement(
                    "UPDATE ai_task SET state = 'SUBMITTED', prediction_id = 'expired1', result_url = ?")) {
                ps.setString(1, emu.baseUrl() + "/api/v3/predictions/expired1/result");
                ps.executeUpdate();
            }
            String rerun = h.job(SHA);
            AiFailure gone = catchThrowableOfType(AiFailure.class, () -> h.gateway.run(call(h, rerun)));
            assertThat(gone.getMessage()).contains("prediction expired1 is unknown to WaveSpeed").contains("Prediction not found")
                    .contains("run it anew");
            assertThat(h.sql("SELECT state FROM ai_task")).singleElement().satisfies(r -> assertThat(r.get("state")).isEqualTo("FAILED"));
            markCommitted(h, rerun);
            AiResult fresh = h.gateway.run(call(h, h.job(SHA)));
            assertThat(fresh.resumed()).isFalse();
            assertThat(fresh.predictionId()).isNotEqualTo(done.predictionId()).isNotEqualTo("expired1");
        }
        assertThat(emu.stats().submits(EDIT)).isEqualTo(2);
    }

    @Test
    void neverMoreTasksInFlightThanTheConfiguredConcurrency() throws Exception {
        emu.defaultLatency(Duration.ofMillis(400));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of("hub.wavespeed.concurrency", "2"))) {
            List<Future<AiResult>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] photo = GatewayHarness.png(64, 64, 100 + i);
                String sha = TaskKey.sha256(photo);
                AiCall c = h.call(h.job(sha), sha, EDIT, Map.of("prompt", "p" + i, "image", AiInput.of(photo, "p" + i + ".png")));
                results.add(pool.submit(() -> h.gateway.run(c)));
            }
            for (Future<AiResult> f : results) assertThat(f.get().outputs()).hasSize(1);
        } finally {
            pool.shutdown();
        }
        assertThat(emu.stats().submits(EDIT)).isEqualTo(6);
        assertThat(emu.stats().maxInFlight()).isEqualTo(2);
    }

    private static void markCommitted(GatewayHarness h, String job) {
        markCommitted(h, job, "FAILED");
    }

    private static void markCommitted(GatewayHarness h, String job, String state) {
        try (var c = h.ledger.dataSource().getConnection(); var ps = c.prepareStatement("UPDATE hub_job SET state = ? WHERE job_id = ?")) {
            ps.setString(1, state);
            ps.setString(2, job);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
