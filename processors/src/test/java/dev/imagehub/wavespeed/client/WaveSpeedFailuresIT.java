package dev.imagehub.wavespeed.client;

import dev.imagehub.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.imagehub.wavespeed.Postponed;
import dev.imagehub.wavespeed.AiFailure;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** How the client meets refusals, flaky answers, failed tasks, timeouts and a failing API, against the emulator. */
class WaveSpeedFailuresIT {
    private static final String EDIT = "wavespeed-ai/qwen-image/edit";
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
        emu.reset();                                                 // stats, faults and settings as started
    }

    private static final byte[] PHOTO = GatewayHarness.png(120, 90, 11);

    private static AiResult edit(GatewayHarness h, Map<String, Object> extra) throws Exception {
        String sha = TaskKey.sha256(PHOTO);
        Map<String, Object> inputs = new java.util.LinkedHashMap<>(Map.of("prompt", "warmer", "image", AiInput.of(PHOTO, "p.png")));
        inputs.putAll(extra);
        return h.gateway.run(h.call(h.job(sha), sha, EDIT, inputs));
    }

    private static AiFailure failure(GatewayHarness h) {
        return catchThrowableOfType(AiFailure.class, () -> edit(h, Map.of()));
    }

    @Test
    void aRefusedSubmitFailsAtOnceWithTheServersMessageAndIsNotRetried() throws Exception {
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            AiFailure f = catchThrowableOfType(AiFailure.class, () -> edit(h, Map.of("size", "832x480")));
            assertThat(f.getMessage()).contains("Invalid size: 832x480").contains("HTTP 400").contains("Nothing was created or charged");
            assertThat(f.costUsd()).isZero();
            assertThat(f.predictionId()).isNull();
            assertThat(h.sql("SELECT state FROM ai_task")).singleElement().satisfies(r -> assertThat(r.get("state")).isEqualTo("REJECTED"));
        }
        assertThat(emu.stats().submits(EDIT)).isEqualTo(1);
        assertThat(emu.stats().polls()).isZero();
    }

    @Test
    void a429OnTheSubmitMakesTheFileWaitAndCostsNothing() throws Exception {
        EmulatorControl.faults(emu, "{\"fault\":\"429\",\"endpoint\":\"submit\"}");
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            Postponed p = catchThrowableOfType(Postponed.class, () -> edit(h, Map.of()));
            assertThat(p.service()).isEqualTo("WaveSpeed");
            assertThat(p.getMessage()).contains("cannot take tasks now").contains("HTTP 429");
            assertThat(h.sql("SELECT state FROM ai_task")).singleElement().satisfies(r -> assertThat(r.get("state")).isEqualTo("REJECTED"));
            assertThat(h.sql("SELECT COUNT(*) AS n FROM ai_spend").get(0).get("n")).as("the reservation is released").isEqualTo(0L);
            // the refusal created nothing, so the same job trying again later is a new, allowed submit
            AiResult again = edit(h, Map.of());
            assertThat(again.outputs()).hasSize(1);
        }
        assertThat(emu.stats().submits(EDIT)).isEqualTo(2);
    }

    @Test
    void aSubmitWithoutAUsableAnswerIsNeverSentAgain() throws Exception {
        EmulatorControl.faults(emu, "{\"fault\":\"502\",\"endpoint\":\"submit\"}");
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            AiFailure f = failure(h);
            assertThat(f.getMessage()).contains("HTML page '502 Bad Gateway'").contains("not sent again").contains("0.02");
            assertThat(f.costUsd()).isEqualByComparingTo("0.02");
            assertThat(h.sql("SELECT state FROM ai_task")).singleElement().satisfies(r -> assertThat(r.get("state")).isEqualTo("UNKNOWN"));
        }
        assertThat(emu.stats().submits(EDIT)).isEqualTo(1);
    }

    @Test
    void aSubmitThatCannotConnectCreatedNothingAndMakesTheFileWait() throws Exception {
        WaveSpeedEmulator stopped = WaveSpeedEmulator.start(0, Duration.ofMillis(100));
        stopped.close();                                            // its port now refuses connections
        String model = "wavespeed-ai/qwen-image/text-to-image";    // a prompt only: nothing to upload first
        try (GatewayHarness h = new GatewayHarness(home, stopped, Map.of())) {
            String sha = TaskKey.sha256(PHOTO);
            Postponed p = catchThrowableOfType(Postponed.class,
                    () -> h.gateway.run(h.call(h.job(sha), sha, model, Map.of("prompt", "a red kite"))));
            assertThat(p.getMessage()).contains("WaveSpeed cannot take tasks now");
            assertThat(h.sql("SELECT state FROM ai_task")).singleElement().satisfies(r -> assertThat(r.get("state")).isEqualTo("REJECTED"));
            assertThat(h.sql("SELECT COUNT(*) AS n FROM ai_spend").get(0).get("n")).isEqualTo(0L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"429", "500", "502", "malformed_json"})
    void flakyResultAnswersAreRetried(String fault) throws Exception {
        EmulatorControl.faults(emu, "{\"fault\":\"" + fault + "\",\"endpoint\":\"result\",\"count\":2}");
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            AiResult r = edit(h, Map.of());
            assertThat(r.outputs()).hasSize(1);
        }
        assertThat(emu.stats().faultsApplied()).isEqualTo(2);
        assertThat(emu.stats().submits(EDIT)).isEqualTo(1);
    }

    @Test
    void resultRetriesStopAfterTheConfiguredCount() throws Exception {
        EmulatorControl.faults(emu, "{\"fault\":\"500\",\"endpoint\":\"result\",\"count\":-1}");
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of("hub.wavespeed.pollRetries", "2", "hub.wavespeed.breakerFailures", "50"))) {
            AiFailure f = failure(h);
            assertThat(f.getMessage()).contains("HTTP 500").contains("Internal Server Error").contains("not submitted again")
                    .contains("gave up after 3 attempts");
            assertThat(f.predictionId()).isNotNull();
            assertThat(f.costUsd()).isEqualByComparingTo("0.02");
            assertThat(h.sql("SELECT state FROM ai_task")).singleElement().satisfies(r -> assertThat(r.get("state")).isEqualTo("SUBMITTED"));
        }
        assertThat(emu.stats().polls()).isEqualTo(3);
    }

    @Test
    void aResult4xxFailsAtOnce() throws Exception {
        // a prediction the server does not know: 404 is not worth retrying
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            WaveSpeedApi api = new WaveSpeedApi(WaveSpeedSettings.of(h.settings), ApiKey.from(h.settings).orElseThrow(), dev.imagehub.testing.TestCamel.context());
            ApiError e = catchThrowableOfType(ApiError.class, () -> api.result(emu.baseUrl() + "/api/v3/predictions/nope/result"));
            api.close();
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).contains("Prediction not found: nope");
        }
        assertThat(emu.stats().polls()).isEqualTo(1);
    }

    @Test
    void failedTasksAreExplainedInPlainWords() throws Exception {
        EmulatorControl.faults(emu, "[{\"fault\":\"failed\",\"code\":1200},{\"fault\":\"failed\",\"code\":5003}]");
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            AiFailure moderated = failure(h);
            assertThat(moderated.getMessage()).contains("refused by WaveSpeed's moderation (code 1200)").contains("change the image or the prompt")
                    .contains("WaveSpeed said:").contains(moderated.predictionId());
            assertThat(moderated.costUsd()).isEqualByComparingTo("0.02");
            AiFailure unavailable = catchThrowableOfType(AiFailure.class, () -> edit(h, Map.of("seed", 2)));
            assertThat(unavailable.getMessage()).contains("unavailable right now (code 5003)").contains("move the file back later");
        }
    }

    @Test
    void cancelledAndTimedOutTasksFail() throws Exception {
        EmulatorControl.faults(emu, "[{\"fault\":\"cancelled\"},{\"fault\":\"timeout\"}]");
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            assertThat(failure(h).getMessage()).contains("was cancelled on WaveSpeed's side");
            assertThat(catchThrowableOfType(AiFailure.class, () -> edit(h, Map.of("seed", 3))).getMessage())
                    .contains("timed out on WaveSpeed's side (code 5004)");
        }
    }

    @Test
    void aTaskThatNeverFinishesHitsThePerTaskTimeoutAndIsAbandonedWithItsId() throws Exception {
        EmulatorControl.faults(emu, "{\"fault\":\"never_finish\"}");
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of("hub.wavespeed.taskTimeoutSeconds", "1"))) {
            AiFailure f = failure(h);
            assertThat(f.predictionId()).isNotBlank();
            assertThat(f.getMessage()).contains("prediction " + f.predictionId()).contains("after 1 s (hub.wavespeed.taskTimeoutSeconds)");
            assertThat(f.costUsd()).isEqualByComparingTo("0.02");
            assertThat(h.sql("SELECT state, prediction_id FROM ai_task")).singleElement()
                    .satisfies(r -> assertThat(r.get("state")).isEqualTo("ABANDONED"));
        }
        assertThat(emu.stats().submits(EDIT)).isEqualTo(1);
    }

    @Test
    void anOutputThatIsGoneFailsAsPaid() throws Exception {
        EmulatorControl.faults(emu, "{\"fault\":\"output_404\"}");
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of())) {
            AiFailure f = failure(h);
            assertThat(f.getMessage()).contains("could not be downloaded").contains("HTTP 404").contains("The task is paid");
            assertThat(f.costUsd()).isEqualByComparingTo("0.02");
            assertThat(h.sql("SELECT state FROM ai_task")).singleElement().satisfies(r -> assertThat(r.get("state")).isEqualTo("FAILED"));
        }
    }

    @Test
    void theBreakerClosesAgainWhenTheApiAnswersAndSaysSoOnce() throws Exception {
        EmulatorControl.faults(emu, "{\"fault\":\"500\",\"endpoint\":\"result\",\"count\":2}");
        try (LogCapture log = new LogCapture(org.apache.logging.log4j.Level.INFO);
             GatewayHarness h = new GatewayHarness(home, emu, Map.of("hub.wavespeed.breakerFailures", "2",
                     "hub.wavespeed.breakerOpenSeconds", "1"))) {
            AiFailure first = failure(h);
            assertThat(first.getMessage()).contains("WaveSpeed is failing");
            int[] seed = {100};
            dev.imagehub.testing.Await.until(Duration.ofSeconds(20), "a call to succeed once the breaker lets a trial through", () -> {
                try {
                    return edit(h, Map.of("seed", seed[0]++)).outputs().size() == 1;
                } catch (AiFailure f) {
                    assertThat(f.getMessage()).contains("WaveSpeed is failing");
                    return false;
                } catch (Postponed waiting) {
                    // while the breaker is open (or its one trial runs) the file waits instead of failing
                    assertThat(waiting.getMessage()).contains("WaveSpeed is failing");
                    return false;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String text = log.text();
            assertThat(text.split("WaveSpeed is failing", -1)).as("one WARN when it opens").hasSize(2);
            assertThat(text).contains("WARN dev.imagehub.wavespeed.client.ApiBreaker WaveSpeed is failing (last error: the result poll got HTTP 500");
            assertThat(text).contains("INFO dev.imagehub.wavespeed.client.ApiBreaker WaveSpeed answers again");
        }
        assertThat(emu.stats().polls()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theBreakerOpensAfterRepeatedFailuresAndThenSendsNothingWhileFilesWait() throws Exception {
        EmulatorControl.faults(emu, "{\"fault\":\"500\",\"endpoint\":\"result\",\"count\":-1}");
        try (GatewayHarness h = new GatewayHarness(home, emu, Map.of("hub.wavespeed.pollRetries", "10",
                "hub.wavespeed.breakerFailures", "3", "hub.wavespeed.breakerOpenSeconds", "600"))) {
            AiFailure first = failure(h);
            assertThat(first.getMessage()).contains("WaveSpeed is failing (last error: the result poll got HTTP 500")
                    .contains("the hub stopped sending requests until");
            long polls = emu.stats().polls();
            assertThat(polls).isEqualTo(3);
            long submits = emu.stats().submits();
            long uploads = emu.stats().uploads();

            // the next file waits for the breaker instead of failing: nothing is sent, nothing reserved
            Postponed second = catchThrowableOfType(Postponed.class, () -> edit(h, Map.of("seed", 9)));
            assertThat(second.getMessage()).contains("WaveSpeed is failing").contains("the hub stopped sending requests until");
            assertThat(h.sql("SELECT COUNT(*) AS n FROM ai_spend WHERE state = 'RESERVED'").get(0).get("n")).isEqualTo(0L);
            assertThat(emu.stats().polls()).isEqualTo(polls);
            assertThat(emu.stats().submits()).isEqualTo(submits);
            assertThat(emu.stats().uploads()).isEqualTo(uploads);
        }
    }
}
