package dev.imagehub.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import javax.sql.DataSource;

/**
 * The file names of every job, in memory and newest first, so that a search for any part of a name ({@code 12} finds
 * {@code photo-12.jpg} and {@code IMG_0012.HEIC}) is a scan of strings instead of a scan of the journal's table, which
 * on disk costs a second per 200,000 jobs. Jobs begun since the last search (on any hub sharing the database) are read
 * in before each search. About 150 bytes per job.
 */
final class JobNames {
    // jobs that began up to this long before the newest one seen may still appear (a slow insert, another hub's clock)
    private static final long OVERLAP_MILLIS = 10 * 60_000;

    private final DataSource db;
    private final List<String> ids = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private long[] started = new long[1024];
    private long newest = Long.MIN_VALUE;

    JobNames(DataSource db) {
        this.db = db;
    }

    /**
     * The ids of jobs whose name contains {@code part} (ignoring case), newest first, in batches: {@code take} gets each
     * batch and says whether it wants more.
     */
    synchronized void matching(String part, int batch, Predicate<List<String>> take) throws SQLException {
        refresh();
        String needle = part.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>(batch);
        for (int i = ids.size() - 1; i >= 0; i--) {
            if (!names.get(i).contains(needle)) continue;
            found.add(ids.get(i));
            if (found.size() == batch) {
                if (!take.test(List.copyOf(found))) return;
                found.clear();
            }
        }
        if (!found.isEmpty()) take.test(List.copyOf(found));
    }

    /** How many jobs' names contain {@code part} (ignoring case). */
    synchronized int count(String part) throws SQLException {
        refresh();
        String needle = part.toLowerCase(Locale.ROOT);
        int n = 0;
        for (String name : names) if (name.contains(needle)) n++;
        return n;
    }

    /** Reads the names in now, so that the first search does not wait for them. */
    synchronized void load() throws SQLException {
        refresh();
    }

    private void refresh() throws SQLException {
        String sql = "SELECT job_id, file_name, started_at FROM hub_job" + (newest == Long.MIN_VALUE ? "" : " WHERE started_at >= ?")
                + " ORDER BY started_at";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (newest != Long.MIN_VALUE) ps.setTimestamp(1, Timestamp.from(Instant.ofEpochMilli(newest - OVERLAP_MILLIS)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    long at = rs.getTimestamp(3).getTime();
                    if (seen(id, at)) continue;
                    add(id, rs.getString(2).toLowerCase(Locale.ROOT), at);
                    newest = Math.max(newest, at);
                }
            }
        }
    }

    // read again in the overlap: only the window's own entries can hold it
    private boolean seen(String id, long at) {
        for (int i = ids.size() - 1; i >= 0 && started[i] >= at - OVERLAP_MILLIS; i--) {
            if (ids.get(i).equals(id)) return true;
        }
        return false;
    }

    // kept in start order, so that newest first is the list read backwards; a late arrival is put in its place
    private void add(String id, String name, long at) {
        int i = ids.size();
        while (i > 0 && started[i - 1] > at) i--;
        if (ids.size() == started.length) started = java.util.Arrays.copyOf(started, started.length * 2);
        System.arraycopy(started, i, started, i + 1, ids.size() - i);
        started[i] = at;
        ids.add(i, id);
        names.add(i, name);
    }
}
