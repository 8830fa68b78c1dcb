package dev.imagehub.brandcheck;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.imagehub.image.Rgba;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** k-means in CIELAB: the colours of a flat design with their shares, and the same answer every time on a real photo. */
class DominantColorsTest {
    @Test
    void should_find_the_flat_colours_of_a_design_with_their_shares() {
        // given: 60% blue, 30% saffron, 10% white
        List<double[]> samples = new ArrayList<>();
        for (int i = 0; i < 600; i++) samples.add(Ciede2000.lab(Rgba.parse("#1f4e79")));
        for (int i = 0; i < 300; i++) samples.add(Ciede2000.lab(Rgba.parse("#f2a541")));
        for (int i = 0; i < 100; i++) samples.add(Ciede2000.lab(Rgba.WHITE));

        // when
        List<DominantColors.Swatch> found = DominantColors.of(samples);

        // then
        assertThat(found).hasSize(3);
        assertThat(found.get(0).color()).isEqualTo(Rgba.parse("#1f4e79"));
        assertThat(found.get(0).share()).isCloseTo(0.6, within(1e-9));
        assertThat(found.get(1).color()).isEqualTo(Rgba.parse("#f2a541"));
        assertThat(found.get(2).color()).isEqualTo(Rgba.WHITE);
        assertThat(found.get(2).share()).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void should_give_the_same_colours_every_time_on_a_real_photo() {
        var photo = Images.read(Fixtures.bytes("photo-sunset-1800.jpg"));
        List<double[]> samples = new ArrayList<>();
        for (int y = 0; y < photo.getHeight(); y += 12) {
            for (int x = 0; x < photo.getWidth(); x += 12) {
                int p = photo.getRGB(x, y);
                samples.add(Ciede2000.lab((p >> 16) & 255, (p >> 8) & 255, p & 255));
            }
        }

        List<DominantColors.Swatch> first = DominantColors.of(samples);
        List<DominantColors.Swatch> second = DominantColors.of(new ArrayList<>(samples));

        assertThat(first).hasSize(DominantColors.K);
        assertThat(first.stream().mapToDouble(DominantColors.Swatch::share).sum()).isCloseTo(1, within(1e-9));
        assertThat(second.stream().map(DominantColors.Swatch::color).toList()).isEqualTo(first.stream().map(DominantColors.Swatch::color).toList());
        assertThat(second.stream().map(DominantColors.Swatch::share).toList()).isEqualTo(first.stream().map(DominantColors.Swatch::share).toList());
    }
}
