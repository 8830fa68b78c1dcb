package dev.imagehub.wavespeed.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.wavespeed.AiOutput;

import static org.assertj.core.api.Assertions.assertThat;

/** Saved outputs come back exactly, text and files, even when their manifest must drop the source URLs to fit. */
class OutputFilesTest {
    @TempDir
    Path root;

    @Test
    void manyOutputsRoundTripThroughAManifestThatFitsItsColumn() throws Exception {
        OutputFiles files = new OutputFiles(root, "k");
        List<AiOutput> outputs = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            AiOutput o = i % 3 == 0 ? AiOutput.text("caption " + i)
                    : new AiOutput("png", new byte[] {(byte) i, 1, 2}, null, "https://cdn.example/" + "x".repeat(200) + i + ".png");
            files.save(i, o);
            outputs.add(o);
        }
        String manifest = OutputFiles.manifest(outputs);
        assertThat(manifest.length()).isLessThanOrEqualTo(8000);
        List<AiOutput> back = files.fromManifest(manifest);
        assertThat(back).hasSize(120);
        for (int i = 0; i < 120; i++) {
            assertThat(back.get(i).bytes()).isEqualTo(outputs.get(i).bytes());
            assertThat(back.get(i).isText()).isEqualTo(outputs.get(i).isText());
            assertThat(back.get(i).text()).isEqualTo(outputs.get(i).text());
            assertThat(back.get(i).extension()).isEqualTo(outputs.get(i).extension());
        }
        assertThat(files.existing(5)).hasValueSatisfying(p -> assertThat(p.getFileName().toString()).isEqualTo("5.png"));
        assertThat(files.existing(120)).isEmpty();
    }
}
