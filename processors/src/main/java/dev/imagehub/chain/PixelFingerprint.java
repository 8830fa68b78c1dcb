package dev.imagehub.chain;

import java.util.zip.CRC32C;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.image.WorkingImage;

/** A checksum of an image's pixels and shape, to tell whether any step changed them since decoding. */
final class PixelFingerprint {
    private PixelFingerprint() {
    }

    static long of(WorkingImage image) {
        Mat m = image.mat();
        CRC32C crc = new CRC32C();
        crc.update(m.cols());
        crc.update(m.rows());
        crc.update(m.type());
        // row by row: a view (a crop) is not continuous, and its rows are what the encoder would see
        long rowBytes = (long) m.cols() * m.elemSize();
        for (int y = 0; y < m.rows(); y++) {
            crc.update(m.ptr(y).capacity(rowBytes).asByteBuffer());
        }
        return crc.getValue();
    }
}
