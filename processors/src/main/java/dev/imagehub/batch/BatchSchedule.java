package dev.imagehub.batch;

import java.text.ParseException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.TimeZone;

import org.quartz.CronExpression;

/**
 * When an approved batch may start: at once, at a fixed time (ISO-8601 with an offset, e.g.
 * {@code 2026-11-25T02:00:00+01:00}), or at the next firing of a Quartz cron expression (e.g. {@code 0 0 2 * * ?},
 * evaluated in the hub's time zone) after its approval.
 */
public record BatchSchedule(Instant at, String cron) {
    static final BatchSchedule NOW = new BatchSchedule(null, null);

    static BatchSchedule parse(String text) {
        if (text == null || text.isBlank()) return NOW;
        String t = text.strip();
        try {
            return new BatchSchedule(OffsetDateTime.parse(t).toInstant(), null);
        } catch (DateTimeParseException notATime) {
            if (CronExpression.isValidExpression(t)) return new BatchSchedule(null, t);
        }
        throw new IllegalArgumentException("schedule '" + t + "' is neither a time with an offset (2026-11-25T02:00:00+01:00) nor a "
                + "Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. '0 0 2 * * ?')");
    }

    /** The instant a batch approved at {@code approved} starts. */
    Instant startAfter(Instant approved) {
        if (at != null) return at;
        if (cron == null) return approved;
        try {
            CronExpression e = new CronExpression(cron);
            e.setTimeZone(TimeZone.getDefault());
            Date next = e.getNextValidTimeAfter(Date.from(approved));
            if (next == null) throw new IllegalArgumentException("cron expression '" + cron + "' never fires again");
            return next.toInstant();
        } catch (ParseException e) {
            throw new IllegalArgumentException("cron expression '" + cron + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return at != null ? at.toString() : cron != null ? "cron " + cron : "now";
    }
}
