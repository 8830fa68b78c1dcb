package dev.imagehub.steps;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.Fixtures;

class WatermarkStepTest {
    @TempDir
    Path tmp;

    @Test
    void dump() throws Exception {
        WatermarkRun run = new WatermarkRun(tmp);
        byte[] sunset = Fixtures.bytes("photo-sunset-1800.jpg");
        ImageIO.write(run.run(sunset, "- watermark: { template: copyright }"), "png", new File("/tmp/wm/out-copyright.png"));
        ImageIO.write(run.run(sunset, "- watermark: { template: proof }"), "png", new File("/tmp/wm/out-proof.png"));
        ImageIO.write(run.run(sunset, "- watermark: { template: brand-corner }"), "png", new File("/tmp/wm/out-brand.png"));
        ImageIO.write(run.run(sunset, "- watermark: { text: 'A very long copyright line that cannot possibly fit in one line of this image at that size', size: 10, effect: outline, opacity: 100 }"), "png", new File("/tmp/wm/out-long.png"));
    }
}
