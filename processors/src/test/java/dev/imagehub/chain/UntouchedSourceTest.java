package dev.imagehub.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.imagehub.image.ImageProbe;
import dev.imagehub.testing.Images;

import static org.assertj.core.api.Assertions.assertThat;

/** AI steps send the original file only while no earlier step changed the pixels. */
class UntouchedSourceTest {

    /** A step that only looks: it records what an AI step would be offered. */
    private static final class Peek extends AbstractStep<Peek.Options> {
        record Options() {
        }

        final AtomicReference<byte[]> seen = new AtomicReference<>();

        Peek() {
            super("peek", "records the untouched source", Options.class);
        }

        @Override
        public boolean sendsSource() {
            return true;
        }

        @Override
        public void apply(StepContext ctx, Options options) {
            seen.set(ctx.untouchedSource());
        }
    }

    private static byte[] offered(byte[] jpeg, String... before) throws Exception {
        List<ConfiguredStep<?>> steps = new ArrayList<>();
        for (String b : before) {
            String[] p = b.split(" ", 2);
            steps.add(StepHarness.configured(p[0], p.length > 1 ? p[1] : "{}"));
        }
        Peek peek = new Peek();
        steps.add(new ConfiguredStep<>(peek, new Peek.Options(), null));
        ChainRunner.run(new ChainDefinition("t", "", steps), "a.jpg", jpeg, ImageProbe.probe(jpeg), Map.of());
        return peek.seen.get();
    }

    @Test
    void the_original_bytes_are_offered_when_no_step_changed_the_pixels() throws Exception {
        byte[] jpeg = Images.syntheticJpeg(240, 160, 1, 90);
        assertThat(offered(jpeg)).isSameAs(jpeg);
        assertThat(offered(jpeg, "stripMetadata", "autoOrient")).as("metadata and an upright photo leave pixels alone").isSameAs(jpeg);
    }

    @Test
    void changed_pixels_are_never_replaced_by_the_original() throws Exception {
        byte[] jpeg = Images.syntheticJpeg(240, 160, 2, 90);
        assertThat(offered(jpeg, "resize { width: 120 }")).isNull();
        assertThat(offered(jpeg, "filter { name: sepia }")).isNull();
    }
}
