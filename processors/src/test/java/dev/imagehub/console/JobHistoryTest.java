package dev.imagehub.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.imagehub.ledger.Ledger;

import static org.assertj.core.api.Assertions.assertThat;

/** The files page's search on a real HSQLDB: by any part of a name, with the other filters, gives what SQL's LIKE gives, newest first. */
class JobHistoryTest {
    private HikariDataSource ds;
    private JobHistory history;
    private int next;

    @BeforeEach
    void open() throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:hsqldb:mem:history-" + UUID.randomUUID());
        cfg.setUsername("SA");
        cfg.setPassword("");
        ds = new HikariDataSource(cfg);
        Ledger.applySchema(ds);
        history = new JobHistory(ds, ZoneId.of("UTC"));
    }

    @AfterEach
    void close() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        }
        ds.close();
    }

    private void jobs(int n, Instant start) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO hub_job (job_id, route, folder, chain, file_name, file_size, file_sha256, state, "
                     + "finalized, started_at) VALUES (?, 'r', ?, 'c', ?, 1, ?, ?, TRUE, ?)")) {
            for (int i = 0; i < n; i++, next++) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, next % 3 == 0 ? "web" : "print");
                ps.setString(3, (next % 2 == 0 ? "Photo-" : "IMG_") + next + ".JPG");
                ps.setString(4, "a".repeat(64));
                ps.setString(5, next % 5 == 0 ? "FAILED" : "DONE");
                // out of order on purpose: a late insert must still come out in its place
                ps.setObject(6, start.plusSeconds(next * 7L % 1500).atOffset(java.time.ZoneOffset.UTC));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private List<String> sql(String part, String folder, String state, int limit) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT job_id FROM hub_job WHERE LOWER(file_name) LIKE ? AND (? = '' OR folder = ?) "
                     + "AND (? = '' OR state = ?) ORDER BY started_at DESC, job_id FETCH FIRST " + limit + " ROWS ONLY")) {
            ps.setString(1, "%" + part.toLowerCase() + "%");
            ps.setString(2, folder);
            ps.setString(3, folder);
            ps.setString(4, state);
            ps.setString(5, state);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private List<String> search(String part, String folder, String state, int limit) throws Exception {
        return history.search(new JobHistory.Search(part, folder, state, null, null, limit)).stream().map(JobHistory.Job::jobId).toList();
    }

    @Test
    void any_part_of_a_name_with_folder_and_status_gives_what_sql_gives() throws Exception {
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        jobs(1500, start);
        String[][] cases = {{"12", "", ""}, {"photo-1", "web", ""}, {"img_", "", "FAILED"}, {".jpg", "print", "DONE"}, {"zzz", "", ""}, {"PHOTO-149", "", ""}, {"photo", "", "FAILED"}, {"photo", "web", "FAILED"}};
        for (String[] k : cases) {
            for (int limit : new int[] {5, 100, 2000}) {
                assertThat(search(k[0], k[1], k[2], limit)).as(String.join("/", k) + " " + limit).containsExactlyElementsOf(sql(k[0], k[1], k[2], limit));
            }
        }
        // jobs begun after the first search are found by the next one, and come first
        jobs(10, start.plusSeconds(5000));
        assertThat(search("photo-150", "", "", 10)).containsExactlyElementsOf(sql("photo-150", "", "", 10));
    }
}
