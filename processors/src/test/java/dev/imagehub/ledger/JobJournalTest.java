package dev.imagehub.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The job journal on a real (in-memory) HSQLDB: a job's outcome and its usage rows are committed together, once. */
class JobJournalTest {
    private static final String ROUTE = "web";
    private static final String NAME = "photo.jpg";
    private static final long SIZE = 12_345;
    private static final String SHA = "a".repeat(64);
    private static final String OTHER_SHA = "b".repeat(64);

    private HikariDataSource ds;
    private JobJournal journal;

    @BeforeEach
    void openDatabase() throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:hsqldb:mem:journal-" + UUID.randomUUID());
        cfg.setUsername("SA");
        cfg.setPassword("");
        cfg.setMaximumPoolSize(2);
        cfg.setMinimumIdle(1);
        cfg.setPoolName("journal-test");
        ds = new HikariDataSource(cfg);
        Ledger.applySchema(ds);
        journal = new JobJournal(ds);
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } finally {
            ds.close();
        }
    }

    @Test
    void should_start_a_job_as_running_and_unfinalized() throws SQLException {
        // when
        String id = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);

        // then
        JobRecord job = journal.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobRecord.RUNNING);
        assertThat(job.finalized()).isFalse();
        assertThat(job.committed()).isFalse();
        assertThat(job).extracting(JobRecord::route, JobRecord::folder, JobRecord::chain, JobRecord::fileName, JobRecord::fileSize,
                JobRecord::sha256).containsExactly(ROUTE, "web", "web", NAME, SIZE, SHA);
        assertThat(journal.running()).extracting(JobRecord::jobId).containsExactly(id);
        assertThat(usageRows(id)).isEmpty();
    }

    @Test
    void should_write_usage_rows_and_done_together() throws SQLException {
        // given
        String id = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);

        // when
        journal.commit(id, true, "hotfolder", ROUTE, NAME, SHA, usage("decode", "resize", "encode"), null, null, ".hub-tmp\tphoto\tjpg");

        // then
        JobRecord job = journal.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobRecord.DONE);
        assertThat(job.committed()).isTrue();
        assertThat(job.finalized()).isFalse();
        assertThat(job.outputs()).isEqualTo(".hub-tmp\tphoto\tjpg");
        assertThat(usageRows(id)).containsExactly("0:decode:ok", "1:resize:ok", "2:encode:ok");
        assertThat(journal.running()).isEmpty();
    }

    @Test
    void should_record_a_failure_with_its_step_and_reason() throws SQLException {
        // given
        String id = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);
        List<UsageRecord> rows = List.of(UsageRecord.local("probe", 0, UsageRecord.FAILED, 1, SIZE, 0, "the file is empty", null));

        // when
        journal.commit(id, false, "hotfolder", ROUTE, NAME, SHA, rows, "probe", "the file is empty", null);

        // then
        JobRecord job = journal.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobRecord.FAILED);
        assertThat(job.failedStep()).isEqualTo("probe");
        assertThat(job.error()).isEqualTo("the file is empty");
        assertThat(usageRows(id)).containsExactly("0:probe:failed");
    }

    @Test
    void should_refuse_a_second_commit_and_add_no_rows() throws SQLException {
        // given
        String id = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);
        journal.commit(id, true, "hotfolder", ROUTE, NAME, SHA, usage("decode", "encode"), null, null, "out");

        // when (different step names, so only the state check can refuse it)
        Throwable e = catchThrowableOfType(SQLException.class,
                () -> journal.commit(id, false, "hotfolder", ROUTE, NAME, SHA, usage("probe", "retry", "again"), "probe", "late", null));

        // then
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("no longer running");
        assertThat(usageRows(id)).containsExactly("0:decode:ok", "1:encode:ok");
        JobRecord job = journal.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobRecord.DONE);
        assertThat(job.outputs()).isEqualTo("out");
    }

    @Test
    void should_write_nothing_when_a_usage_row_is_rejected() throws SQLException {
        // given two rows for the same operation, which the unique index refuses
        String id = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);
        List<UsageRecord> rows = List.of(UsageRecord.local("resize", 1, UsageRecord.OK, 1, 10, 10, null, null),
                UsageRecord.local("resize", 1, UsageRecord.OK, 1, 10, 10, null, null));

        // when
        Throwable e = catchThrowableOfType(SQLException.class,
                () -> journal.commit(id, true, "hotfolder", ROUTE, NAME, SHA, rows, null, null, "out"));

        // then the whole commit rolled back: no rows, job still running and can be committed properly
        assertThat(e).isNotNull();
        assertThat(usageRows(id)).isEmpty();
        assertThat(journal.find(id).orElseThrow().state()).isEqualTo(JobRecord.RUNNING);
        journal.commit(id, true, "hotfolder", ROUTE, NAME, SHA, usage("decode"), null, null, "out");
        assertThat(usageRows(id)).containsExactly("0:decode:ok");
    }

    @Test
    void should_find_running_and_committed_unfinalized_jobs_for_the_same_file_only() throws SQLException {
        // given
        String running = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);
        String done = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);
        journal.commit(done, true, "hotfolder", ROUTE, NAME, SHA, usage("decode"), null, null, "out");
        String failed = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);
        journal.commit(failed, false, "hotfolder", ROUTE, NAME, SHA, usage("probe"), "probe", "bad", null);
        String finished = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);
        journal.commit(finished, true, "hotfolder", ROUTE, NAME, SHA, usage("decode"), null, null, "out");
        journal.finalized(finished);
        String abandoned = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);
        journal.abandon(abandoned);
        // and jobs for other files, routes, sizes and contents
        journal.begin("thumbnails", "thumbs", "thumbnails", NAME, SIZE, SHA);
        journal.begin(ROUTE, "web", "web", "other.jpg", SIZE, SHA);
        journal.begin(ROUTE, "web", "web", NAME, SIZE + 1, SHA);
        journal.begin(ROUTE, "web", "web", NAME, SIZE, OTHER_SHA);

        // when
        List<JobRecord> unfinished = journal.unfinished(ROUTE, NAME, SIZE, SHA);

        // then
        assertThat(unfinished).extracting(JobRecord::jobId).containsExactlyInAnyOrder(running, done, failed);
        assertThat(journal.committedUnfinalized()).extracting(JobRecord::jobId).containsExactlyInAnyOrder(done, failed);
    }

    @Test
    void should_abandon_only_running_jobs() throws SQLException {
        // given
        String running = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);
        String done = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);
        journal.commit(done, true, "hotfolder", ROUTE, NAME, SHA, usage("decode"), null, null, "out");

        // when
        journal.abandon(running);
        journal.abandon(done);

        // then
        JobRecord abandoned = journal.find(running).orElseThrow();
        assertThat(abandoned.state()).isEqualTo(JobRecord.ABANDONED);
        assertThat(abandoned.finalized()).isTrue();
        JobRecord stillDone = journal.find(done).orElseThrow();
        assertThat(stillDone.state()).as("a committed job is never abandoned").isEqualTo(JobRecord.DONE);
        assertThat(stillDone.finalized()).isFalse();
        assertThat(journal.running()).isEmpty();
        assertThat(journal.unfinished(ROUTE, NAME, SIZE, SHA)).extracting(JobRecord::jobId).containsExactly(done);
        // an abandoned job cannot be committed any more
        Throwable late = catchThrowableOfType(SQLException.class,
                () -> journal.commit(running, true, "hotfolder", ROUTE, NAME, SHA, usage("decode"), null, null, "out"));
        assertThat(late).isNotNull();
        assertThat(usageRows(running)).isEmpty();
    }

    @Test
    void should_forget_finalized_jobs_in_recovery_queries() throws SQLException {
        // given
        String id = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);
        journal.commit(id, true, "hotfolder", ROUTE, NAME, SHA, usage("decode"), null, null, "out");
        assertThat(journal.committedUnfinalized()).hasSize(1);

        // when
        journal.finalized(id);

        // then
        assertThat(journal.find(id).orElseThrow().finalized()).isTrue();
        assertThat(journal.find(id).orElseThrow().state()).isEqualTo(JobRecord.DONE);
        assertThat(journal.committedUnfinalized()).isEmpty();
        assertThat(journal.unfinished(ROUTE, NAME, SIZE, SHA)).isEmpty();
    }

    @Test
    void should_truncate_overlong_errors_instead_of_failing_the_commit() throws SQLException {
        // given
        String id = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);
        String longError = "x".repeat(10_000);
        List<UsageRecord> rows = List.of(UsageRecord.local("decode", 0, UsageRecord.FAILED, 1, SIZE, 0, longError, longError));

        // when
        journal.commit(id, false, "hotfolder", ROUTE, NAME, SHA, rows, "decode", longError, null);

        // then
        JobRecord job = journal.find(id).orElseThrow();
        assertThat(job.error()).hasSize(4000).endsWith("…");
        assertThat(usageRows(id)).containsExactly("0:decode:failed");
    }

    @Test
    void should_apply_the_schema_twice_without_harm() throws Exception {
        // when
        Ledger.applySchema(ds);

        // then
        String id = journal.begin(ROUTE, "web", "web", NAME, SIZE, SHA);
        assertThat(journal.find(id)).isPresent();
    }

    private static List<UsageRecord> usage(String... steps) {
        List<UsageRecord> rows = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) rows.add(UsageRecord.local(steps[i], i, UsageRecord.OK, 5, 100, 50, null, "note " + i));
        return rows;
    }

    /** The job's usage rows as "index:step:status", in step order. */
    private List<String> usageRows(String jobId) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT step_index, step, status, route, file_name, file_sha256 FROM usage_log "
                     + "WHERE job_id = ? ORDER BY step_index")) {
            ps.setString(1, jobId);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString(4)).isEqualTo(ROUTE);
                    assertThat(rs.getString(5)).isEqualTo(NAME);
                    assertThat(rs.getString(6)).isEqualTo(SHA);
                    rows.add(rs.getInt(1) + ":" + rs.getString(2) + ":" + rs.getString(3));
                }
            }
            return rows;
        }
    }
}
