package dev.imagehub.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs Phil Harvey's exiftool (Debian libimage-exiftool-perl) when installed: the reference reader and validator. */
public final class ExifTool {
    private static Boolean available;

    private ExifTool() {
    }

    public static synchronized boolean available() {
        if (available == null) {
            try {
                available = run("-ver").exit == 0;
            } catch (IOException e) {
                available = false;
            }
        }
        return available;
    }

    /** The warnings of {@code exiftool -validate} (empty when the file validates cleanly). */
    public static List<String> warnings(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : run("-validate", "-warning", "-a", "-S", file.toString()).lines) {
            if (line.startsWith("Warning:")) out.add(line.substring("Warning:".length()).trim());
        }
        return out;
    }

    /** The {@code -validate} warnings of many files from one exiftool run (starting exiftool costs more than validating). */
    public static Map<Path, List<String>> warnings(List<Path> files) throws IOException {
        Map<Path, List<String>> out = new LinkedHashMap<>();
        files.forEach(f -> out.put(f, new ArrayList<>()));
        if (files.isEmpty()) return out;
        List<String> args = new ArrayList<>(List.of("-validate", "-warning", "-a", "-S"));
        files.forEach(f -> args.add(f.toString()));
        List<String> current = files.size() == 1 ? out.get(files.get(0)) : null;
        for (String line : run(args.toArray(String[]::new)).lines) {
            if (line.startsWith("======== ")) {
                current = out.get(Path.of(line.substring(9).trim()));
            } else if (line.startsWith("Warning:") && current != null) {
                current.add(line.substring("Warning:".length()).trim());
            }
        }
        return out;
    }

    /** Tag name to value (as exiftool prints it, -n numbers) for every tag of every group ({@code -a -G1 -n -S}). */
    public static Map<String, String> tags(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : run("-a", "-G1", "-n", "-S", file.toString()).lines) {
            int colon = line.indexOf(": ");
            if (colon > 0) out.put(line.substring(0, colon).trim().replaceAll("\\s+", " "), line.substring(colon + 2));
        }
        return out;
    }

    private record Result(int exit, List<String> lines) {
    }

    private static Result run(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("exiftool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("exiftool did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(p.exitValue(), text.lines().toList());
    }
}
