package dev.imagehub.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes {@code <original-name>.error.json} beside a failed original: which step failed, why, when, and how to retry. */
public final class FailureSidecar {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FailureSidecar() {
    }

    /** The sidecar's content as a map (also what tests and the mail reply read). */
    public static Map<String, Object> content(String originalName, String folder, String route, String chain, String step,
                                              String reason, String jobId, String sha256, long size, String version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", originalName);
        m.put("folder", folder);
        m.put("route", route);
        m.put("chain", chain);
        m.put("step", step);
        m.put("reason", reason);
        m.put("time", Instant.now().toString());
        m.put("hubVersion", version);
        m.put("jobId", jobId);
        m.put("sha256", sha256);
        m.put("sizeBytes", size);
        m.put("retry", "fix the cause, then move the file back into inbox/" + folder + "/");
        return m;
    }

    public static String toJson(Map<String, Object> content) throws IOException {
        return JSON.writeValueAsString(content);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> fromJson(String json) throws IOException {
        return JSON.readValue(json, Map.class);
    }

    /** What is appended to a failed file's name to name its sidecar. */
    public static final String SUFFIX = ".error.json";

    /** Writes the sidecar for {@code failedFile} atomically (temporary name, forced to disk, then rename). */
    public static Path write(Path failedFile, String json) throws IOException {
        Path sidecar = failedFile.resolveSibling(failedFile.getFileName() + SUFFIX);
        // a short temporary name: the failed file's own name may already be near the file system's limit
        Path tmp = Publisher.writeTemp(failedFile.getParent(), ".hub-sidecar-" + System.nanoTime() + ".tmp",
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.move(tmp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Publisher.syncDirectory(sidecar.getParent());
        return sidecar;
    }
}
