package dev.imagehub.watermark;



import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Margins and offsets in pixels or percent, and where each anchor puts a watermark. */
class WatermarkGeometryTest {

    @ParameterizedTest
    @CsvSource({"24, 1000, 24", "24px, 1000, 24", "' 3% ', 1200, 36", "-2.5%, 2000, -50", "0, 500, 0", "100%, 640, 640"})
    void should_read_lengths_in_pixels_or_percent_of_a_reference(String text, int reference, int pixels) {
        assertThat(WatermarkLength.parse(text).pixels(reference)).isEqualTo(pixels);
    }

    @Test
    void should_refuse_lengths_that_are_not_numbers_or_exceed_100_percent() {
        assertThatThrownBy(() -> WatermarkLength.parse("3 percent")).hasMessageContaining("'3 percent' is not a length");
        assertThatThrownBy(() -> WatermarkLength.parse("150%")).hasMessageContaining("from -100% to 100%");
        assertThatThrownBy(() -> WatermarkLength.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "TOP_LEFT, 20, 20", "TOP_CENTER, 450, 20", "TOP_RIGHT, 880, 20",
            "CENTER_LEFT, 20, 275", "CENTER, 450, 275", "CENTER_RIGHT, 880, 275",
            "BOTTOM_LEFT, 20, 530", "BOTTOM_CENTER, 450, 530", "BOTTOM_RIGHT, 880, 530"})
    void should_anchor_a_layer_at_the_margin_of_the_edges_it_touches(WatermarkPosition p, int x, int y) {
        // a 100x50 layer in a 1000x600 image, 20 px from the edges
        assertThat(p.topLeft(1000, 600, 100, 50, 20, 0, 0)).containsExactly(x, y);
    }

    @Test
    void should_shift_an_anchored_layer_by_the_offsets() {
        assertThat(WatermarkPosition.BOTTOM_RIGHT.topLeft(1000, 600, 100, 50, 20, -30, 10)).containsExactly(850, 540);
        assertThat(WatermarkPosition.SMART.display()).isEqualTo("smart");
        assertThat(WatermarkPosition.BOTTOM_RIGHT.display()).isEqualTo("bottomRight");
    }
}
