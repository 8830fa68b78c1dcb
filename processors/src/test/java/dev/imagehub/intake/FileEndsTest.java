package dev.imagehub.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.intake.FileEnds.Verdict;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a file's bytes are all there, judged from its format's own end marker or declared length. */
class FileEndsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"photo-sunset-1800.jpg", "alpha-tuxpaint-anemone.png", "gif-go-video-001.gif", "webp-go-yellow-rose-alpha.webp",
            "bmp-go-video-001.bmp", "heic-grid-p3-1000.heic", "avif-avifenc-grid-2x1.avif", "webp-hugin-ca-fringes-animated.webp"})
    void a_whole_file_is_complete_and_every_cut_of_it_is_not(String fixture) throws Exception {
        byte[] whole = Fixtures.bytes(fixture);
        assertThat(judge(whole)).as(fixture).isEqualTo(Verdict.COMPLETE);
        // cut anywhere, from the header to one byte short: never complete
        for (int cut : new int[] {1, 7, 20, whole.length / 3, whole.length / 2, whole.length - 13, whole.length - 1}) {
            assertThat(judge(Arrays.copyOf(whole, cut))).as(fixture + " cut at " + cut).isNotEqualTo(Verdict.COMPLETE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"webp-go-yellow-rose-alpha.webp", "bmp-go-video-001.bmp", "heic-grid-p3-1000.heic", "avif-avifenc-grid-2x1.avif"})
    void formats_that_declare_their_length_say_incomplete_for_sure(String fixture) throws Exception {
        byte[] whole = Fixtures.bytes(fixture);
        assertThat(judge(Arrays.copyOf(whole, whole.length / 2))).isEqualTo(Verdict.INCOMPLETE);
    }

    @Test
    void an_empty_file_is_incomplete_and_formats_without_an_end_are_unknown() throws Exception {
        assertThat(judge(new byte[0])).isEqualTo(Verdict.INCOMPLETE);
        assertThat(judge(Fixtures.bytes("tiff-go-video-001-deflate.tiff"))).isEqualTo(Verdict.UNKNOWN);
        assertThat(judge("a lighthouse at dusk".getBytes())).isEqualTo(Verdict.UNKNOWN);
        // a JPEG with something appended (a motion photo's video): the decode decides, so it is not called incomplete
        byte[] jpeg = Fixtures.bytes("photo-fog-640.jpg");
        byte[] trailer = Arrays.copyOf(jpeg, jpeg.length + 64);
        assertThat(judge(trailer)).isEqualTo(Verdict.UNKNOWN);
    }

    private Verdict judge(byte[] bytes) throws Exception {
        Path f = Files.write(dir.resolve("f" + System.nanoTime()), bytes);
        return FileEnds.judge(f, bytes.length);
    }
}
