package dev.imagehub.review;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Batches that wait for approval (their estimate is above {@code hub.batch.autoApproveUsd}): what the estimate says,
 * and an approval that writes the {@code <name>.approve} file beside the manifest, exactly the file way, so both keep
 * working and the batch route starts it at its next poll.
 */
public final class WaitingBatches {
    /** A waiting batch and its estimate. */
    public record Batch(String id, String manifest, int rows, int aiRows, BigDecimal costUsd, double seconds, boolean needsApproval,
                        boolean approved, String approveFile) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path home;
    private final DataSource db;

    public WaitingBatches(Path home, DataSource db) {
        this.home = home.toAbsolutePath().normalize();
        this.db = db;
    }

    public List<Batch> waiting() throws SQLException {
        List<Batch> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT batch_id, manifest FROM batch_run WHERE state = 'WAITING' ORDER BY updated_at")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) estimate(rs.getString(1), rs.getString(2)).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Approves batch {@code id}; empty when it does not wait (any more), else the approval file written. */
    public Optional<String> approve(String id) throws SQLException, IOException {
        for (Batch b : waiting()) {
            if (!b.id().equals(id)) continue;
            Path file = inbox().resolve(b.approveFile()).normalize();
            if (!file.getParent().equals(inbox())) return Optional.empty();
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) Files.writeString(file, "approved in the console\n");
            return Optional.of("inbox/batch/" + b.approveFile());
        }
        return Optional.empty();
    }

    private Optional<Batch> estimate(String id, String manifest) {
        Path json = home.resolve("outbox").resolve("batch").resolve(id).resolve("estimate.json").normalize();
        if (!json.startsWith(home.resolve("outbox")) || !Files.isRegularFile(json, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try {
            JsonNode e = JSON.readTree(json.toFile());
            String approveFile = e.path("approveFile").asText();
            boolean approved = !approveFile.isEmpty() && Files.exists(inbox().resolve(approveFile), LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new Batch(id, manifest, e.path("rows").asInt(), e.path("aiRows").asInt(), e.path("costUsd").decimalValue(),
                    e.path("estimatedSeconds").asDouble(), e.path("needsApproval").asBoolean(), approved, approveFile));
        } catch (IOException ex) {
            return Optional.empty();
        }
    }

    private Path inbox() {
        return home.resolve("inbox").resolve("batch");
    }
}
