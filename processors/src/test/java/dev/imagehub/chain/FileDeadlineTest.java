package dev.imagehub.chain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.image.ImageProbe;
import dev.imagehub.ledger.UsageRecord;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.wavespeed.AiGateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The per-file deadline is checked between steps: a chain past it stops before its next step, naming it. */
class FileDeadlineTest {

    @TempDir
    Path home;

    @Test
    void a_file_past_its_deadline_fails_before_the_next_step_with_a_reason_naming_it() throws Exception {
        Path dir = Files.createDirectories(home.resolve("config"));
        Files.writeString(dir.resolve(ChainCatalog.CHAINS_FILE), "test:\n  steps:\n    - autoEnhance\n    - resize: { width: 400 }\n");
        ChainDefinition chain = ChainCatalog.load(dir, "config", StepCatalog.discover()).get("test");
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");

        // a deadline the first step always overruns: the resize never starts
        StepFailure late = catchThrowableOfType(StepFailure.class,
                () -> ChainRunner.run(chain, "slow.jpg", photo, ImageProbe.probe(photo), Map.of(), scope(Duration.ofNanos(1))));
        assertThat(late).isNotNull();
        assertThat(late.getMessage()).contains("hub.fileDeadlineSeconds", "stopped before step");
        assertThat(late.usage()).extracting(UsageRecord::status).contains(UsageRecord.FAILED);

        // no deadline: the same chain runs through
        ChainResult done = ChainRunner.run(chain, "slow.jpg", photo, ImageProbe.probe(photo), Map.of(), scope(null));
        assertThat(done.outputs()).hasSize(1);
    }

    private JobScope scope(Duration deadline) {
        return new JobScope() {
            @Override public String route() { return "test"; }
            @Override public String folder() { return "test"; }
            @Override public String jobId() { return "job"; }
            @Override public String fileSha256() { return "0".repeat(64); }
            @Override public Path home() { return home; }
            @Override public Path inboxFolder() { return home; }
            @Override public AiGateway ai() { return null; }
            @Override public Duration deadline() { return deadline; }
        };
    }
}
