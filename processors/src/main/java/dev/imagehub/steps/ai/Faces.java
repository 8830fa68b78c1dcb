package dev.imagehub.steps.ai;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.imagehub.chain.StepContext;
import dev.imagehub.wavespeed.AiInput;

/** Face images named in a chain: one file, or a folder whose images (by name) are each used in turn. */
final class Faces {
    private static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "png", "webp", "heic", "heif", "avif");

    /** One face image and the name its result is delivered under. */
    record Face(String name, AiInput image) {
    }

    private Faces() {
    }

    /** True when {@code path} (relative to the home) is a folder: one prediction and one output per face. */
    static boolean isFolder(StepContext ctx, String path) {
        return Files.isDirectory(ctx.scope().home().resolve(path));
    }

    static List<Face> load(StepContext ctx, String path, String option, String step) throws IOException {
        Path p = ModelInputs.underHome(ctx, path, option, step);
        if (Files.isRegularFile(p)) {
            return List.of(new Face(AiImages.stem(p.getFileName().toString()),
                    AiImages.sendableFile(dev.imagehub.files.FileBytes.read(p), p.getFileName().toString(), option, step)));
        }
        if (!Files.isDirectory(p)) {
            throw new IOException("the face image or folder '" + path + "' (option " + option + " of step " + step
                    + ") does not exist: " + p + "; paths are relative to the hub's home folder");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(p)) {
            files = s.filter(f -> Files.isRegularFile(f) && (ctx.scope().followsLinks() || !Files.isSymbolicLink(f)))
                    .filter(f -> IMAGE_EXTENSIONS.contains(extension(f))).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("the face folder " + p + " (option " + option + " of step " + step + ") holds no JPEG, PNG, WebP, HEIC or AVIF image");
        }
        List<Face> faces = new java.util.ArrayList<>();
        for (Path f : files) {
            faces.add(new Face(AiImages.stem(f.getFileName().toString()),
                    AiImages.sendableFile(dev.imagehub.files.FileBytes.read(f), f.getFileName().toString(), option, step)));
        }
        return faces;
    }

    /** True for a file name the face folder reads: JPEG, PNG, WebP, HEIC or AVIF. */
    static boolean isImageName(String fileName) {
        return IMAGE_EXTENSIONS.contains(fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
    }

    private static String extension(Path f) {
        String n = f.getFileName().toString();
        return n.substring(n.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }
}
