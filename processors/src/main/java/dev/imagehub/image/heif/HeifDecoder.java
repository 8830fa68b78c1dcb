package dev.imagehub.image.heif;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;

import dev.imagehub.image.BadImageException;
import dev.imagehub.image.Orientation;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.image.YuvFrames;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.split;

/**
 * Decodes the primary image of a HEIC/HEIF file to upright 8-bit BGR (BGRA with an alpha plane): the container is read
 * by {@link HeifImage}, the HEVC pictures by FFmpeg's decoder ({@link HevcPictures}); the tiles of a grid are placed on
 * one canvas and cut to the picture's size, then the clean aperture, rotation and mirroring are applied, once.
 */
public final class HeifDecoder {
    private HeifDecoder() {
    }

    /** Decodes {@code bytes}, whose header {@code header} was read from them. */
    public static WorkingImage decode(byte[] bytes, HeifImage header) throws BadImageException {
        Mat colour = compose(header, header.colour(), false);
        try {
            if (header.alpha() != null) {
                try (Mat alpha = compose(header, header.alpha(), true); MatVector planes = new MatVector(); MatVector bgra = new MatVector(4)) {
                    split(colour, planes);
                    for (int c = 0; c < 3; c++) bgra.put(c, planes.get(c));
                    bgra.put(3, alpha);
                    Mat withAlpha = new Mat();
                    merge(bgra, withAlpha);
                    colour.close();
                    colour = withAlpha;
                }
            }
            HeifImage.Crop crop = header.crop();
            if (crop != null) {
                Mat cropped;
                try (Rect r = new Rect(crop.x(), crop.y(), crop.width(), crop.height()); Mat view = new Mat(colour, r)) {
                    cropped = view.clone();
                }
                colour.close();
                colour = cropped;
            }
            WorkingImage image = new WorkingImage(colour);
            colour = null;
            Orientation.apply(image, header.orientation());
            return image;
        } finally {
            if (colour != null) colour.close();
        }
    }

    // the coded pictures of one image (colour or alpha) on one canvas, cut to the image's size
    private static Mat compose(HeifImage header, HeifImage.Layout layout, boolean alpha) throws BadImageException {
        HeifImage.Coded first = layout.tiles().get(0);
        int tileW = first.width();
        int tileH = first.height();
        Mat canvas = new Mat(layout.rows() * tileH, layout.columns() * tileW, alpha ? CV_8UC1 : CV_8UC3);
        try {
            // tiles sharing one decoder configuration (all of them, in phone files) go through one decoder, in order
            List<List<Integer>> groups = new ArrayList<>();
            for (int i = 0; i < layout.tiles().size(); i++) {
                List<Integer> group = null;
                for (List<Integer> g : groups) {
                    if (Arrays.equals(layout.tiles().get(g.get(0)).hvcC(), layout.tiles().get(i).hvcC())) group = g;
                }
                if (group == null) groups.add(group = new ArrayList<>());
                group.add(i);
            }
            for (List<Integer> group : groups) {
                List<byte[]> packets = new ArrayList<>();
                for (int i : group) {
                    HeifImage.Coded c = layout.tiles().get(i);
                    packets.add(header.file().data(c.item(), layout.grid() ? "tile " + (i + 1) + " of " + layout.tiles().size() : "the image"));
                }
                try (HevcPictures decoder = HevcPictures.open(layout.tiles().get(group.get(0)).hvcC())) {
                    decoder.decode(packets, (index, frame) -> place(canvas, frame, group.get(index), layout, alpha, header.nclx()));
                }
            }
            if (canvas.cols() == layout.width() && canvas.rows() == layout.height()) return canvas;
            Mat cut;
            try (Rect r = new Rect(0, 0, layout.width(), layout.height()); Mat view = new Mat(canvas, r)) {
                cut = view.clone();
            }
            canvas.close();
            return cut;
        } catch (BadImageException | RuntimeException e) {
            canvas.close();
            throw e;
        }
    }

    private static void place(Mat canvas, AVFrame frame, int tile, HeifImage.Layout layout, boolean alpha, HeifImage.Nclx nclx)
            throws BadImageException {
        HeifImage.Coded c = layout.tiles().get(tile);
        if (frame.width() < c.width() || frame.height() < c.height()) {
            throw new BadImageException(String.format(Locale.ROOT, "the HEIF file is damaged: %s decodes to %dx%d but is declared %dx%d",
                    layout.grid() ? "tile " + (tile + 1) : "the image", frame.width(), frame.height(), c.width(), c.height()));
        }
        try (Mat pixels = alpha ? YuvFrames.alpha(frame) : colour(frame, nclx);
             Rect from = new Rect(0, 0, c.width(), c.height());
             Rect to = new Rect((tile % layout.columns()) * c.width(), (tile / layout.columns()) * c.height(), c.width(), c.height());
             Mat source = new Mat(pixels, from); Mat target = new Mat(canvas, to)) {
            source.copyTo(target);
        }
    }

    // the container's nclx, where it says something, decides the matrix and range over the bitstream's
    private static Mat colour(AVFrame frame, HeifImage.Nclx nclx) throws BadImageException {
        if (nclx == null) return YuvFrames.bgr(frame);
        int matrix = nclx.matrix() == 2 || nclx.matrix() == 0 ? YuvFrames.FROM_PICTURE : nclx.matrix();
        return YuvFrames.bgr(frame, matrix, nclx.fullRange() ? 1 : 0);
    }
}
