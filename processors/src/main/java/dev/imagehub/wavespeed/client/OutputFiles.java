package dev.imagehub.wavespeed.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.imagehub.wavespeed.AiOutput;

/**
 * A task's downloaded outputs under {@code data/wavespeed/tasks/<task_key>/}, named {@code <n>.<ext>} in WaveSpeed's
 * order. Each file appears atomically, so after a crash a file that exists is complete and is not downloaded again;
 * the manifest stored in {@code ai_task.outputs} lets a re-run return them without asking WaveSpeed.
 */
final class OutputFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    OutputFiles(Path tasksRoot, String key) {
        this.dir = tasksRoot.resolve(key);
    }

    /** The output already saved at position {@code n} by an interrupted earlier run, if any. */
    Optional<Path> existing(int n) throws IOException {
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(n + ".") && !p.getFileName().toString().endsWith(".part"))
                    .findFirst();
        }
    }

    Path save(int n, AiOutput out) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(n + "." + out.extension());
        Path tmp = dir.resolve(n + ".part");
        Files.write(tmp, out.bytes());
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads back a saved output; text outputs are recorded as such in the manifest. */
    AiOutput load(Path file, boolean text, String url) throws IOException {
        byte[] bytes = dev.imagehub.files.FileBytes.read(file);
        String name = file.getFileName().toString();
        String ext = name.substring(name.indexOf('.') + 1);
        return text ? new AiOutput(ext, bytes, new String(bytes, StandardCharsets.UTF_8), url) : new AiOutput(ext, bytes, null, url);
    }

    /** The manifest for {@code ai_task.outputs} (at most 8,000 characters: source URLs are dropped if they do not fit). */
    static String manifest(List<AiOutput> outputs) {
        String full = manifest(outputs, true);
        return full.length() <= 8000 ? full : manifest(outputs, false);
    }

    private static String manifest(List<AiOutput> outputs, boolean urls) {
        ArrayNode a = JSON.createArrayNode();
        for (int i = 0; i < outputs.size(); i++) {
            ObjectNode o = a.addObject();
            o.put("file", i + "." + outputs.get(i).extension());
            o.put("text", outputs.get(i).isText());
            if (urls) o.put("url", outputs.get(i).sourceUrl());
        }
        return a.toString();
    }

    /** The outputs a manifest names; fails if a file has gone (then the stored result cannot be reused). */
    List<AiOutput> fromManifest(String manifest) throws IOException {
        List<AiOutput> out = new ArrayList<>();
        for (JsonNode o : JSON.readTree(manifest)) {
            out.add(load(dir.resolve(o.path("file").asText()), o.path("text").asBoolean(), o.path("url").asText("")));
        }
        return out;
    }

    void clear() throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) Files.deleteIfExists(p);
        }
    }
}
