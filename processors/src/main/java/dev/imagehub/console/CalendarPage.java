package dev.imagehub.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import dev.imagehub.calendar.CalendarPost;
import dev.imagehub.calendar.ContentCalendar;
import dev.imagehub.calendar.PostExporter;

/**
 * The content calendar in month and week views: each post with its picture, platforms, caption and status (planned,
 * due, exported, failed, missed), and a post's page with its picture at every platform's size, computed before its time
 * and written nowhere.
 */
final class CalendarPage {
    private static final int PREVIEWS_KEPT = 48;

    /** An export as the ledger recorded it. */
    private record Export(String state, String error) {
    }

    private final ContentCalendar calendar;
    private final DataSource db;
    private final Path home;
    // previews are a chain run each: the last few are kept, as a browser asks for them again when a page reloads
    private final Map<String, PostExporter.Preview> previews = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PostExporter.Preview> eldest) {
            return size() > PREVIEWS_KEPT;
        }
    });

    CalendarPage(ContentCalendar calendar, DataSource db, Path home) {
        this.calendar = calendar;
        this.db = db;
        this.home = home.toAbsolutePath().normalize();
    }

    Map<String, Object> model(String view, String dateText, LocalDate today) throws SQLException {
        LocalDate date = parse(dateText, today);
        boolean week = "week".equals(view);
        LocalDate first = week ? date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                : date.withDayOfMonth(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate last = week ? first.plusDays(6)
                : YearMonth.from(date).atEndOfMonth().with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
        Map<String, Export> exports = exports(first, last);
        Map<LocalDate, List<Map<String, Object>>> byDay = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (CalendarPost p : calendar.posts()) {
            if (p.date().isBefore(first) || p.date().isAfter(last)) continue;
            byDay.computeIfAbsent(p.date(), d -> new ArrayList<>()).add(post(p, exports.get(p.key()), now));
        }
        List<Map<String, Object>> weeks = new ArrayList<>();
        for (LocalDate w = first; !w.isAfter(last); w = w.plusWeeks(1)) {
            List<Map<String, Object>> days = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                LocalDate d = w.plusDays(i);
                Map<String, Object> day = new HashMap<>();
                day.put("day", d.getDayOfMonth());
                day.put("date", d.toString());
                day.put("name", d.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                day.put("other", !week && d.getMonthValue() != date.getMonthValue());
                day.put("today", d.equals(today));
                day.put("posts", byDay.getOrDefault(d, List.of()));
                days.add(day);
            }
            weeks.add(Map.of("days", days));
        }
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Calendar");
        m.put("navCalendar", true);
        m.put("week", week);
        m.put("heading", week ? "Week of " + first : date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + date.getYear());
        m.put("weeks", weeks);
        String v = week ? "week" : "month";
        m.put("prev", WebRequest.PREFIX + "/calendar?view=" + v + "&date=" + (week ? date.minusWeeks(1) : date.minusMonths(1).withDayOfMonth(1)));
        m.put("next", WebRequest.PREFIX + "/calendar?view=" + v + "&date=" + (week ? date.plusWeeks(1) : date.plusMonths(1).withDayOfMonth(1)));
        m.put("monthLink", WebRequest.PREFIX + "/calendar?view=month&date=" + date);
        m.put("weekLink", WebRequest.PREFIX + "/calendar?view=week&date=" + date);
        m.put("hasProblems", !calendar.problems().isEmpty());
        m.put("problems", calendar.problems().stream().map(p -> Map.<String, Object>of("where", p.file() + ":" + p.line(), "reason", p.reason())).toList());
        return m;
    }

    Optional<Map<String, Object>> postModel(String key) throws SQLException {
        Optional<CalendarPost> found = calendar.posts().stream().filter(p -> p.key().equals(key)).findFirst();
        if (found.isEmpty()) return Optional.empty();
        CalendarPost p = found.get();
        Map<String, Object> m = new HashMap<>(post(p, exports(p.date(), p.date()).get(key), Instant.now()));
        m.put("title", "Post " + p.date() + " " + p.time());
        m.put("navCalendar", true);
        m.put("platformPreviews", p.platforms().stream().map(pl -> Map.<String, Object>of("name", pl.name(), "preset", pl.preset(),
                "link", link(p) + "/preview/" + pl.name())).toList());
        m.put("back", WebRequest.PREFIX + "/calendar?view=month&date=" + p.date());
        return Optional.of(m);
    }

    /** The post's own picture (from the hub folder), for thumbnails. */
    Optional<Path> image(String key) {
        return calendar.posts().stream().filter(p -> p.key().equals(key) && !p.image().isEmpty()).findFirst().flatMap(p -> {
            Path f = home.resolve(p.image()).normalize();
            if (!f.startsWith(home) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
            try {
                return f.toRealPath().startsWith(home.toRealPath()) ? Optional.of(f) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    Optional<PostExporter.Preview> preview(String key, String platform) throws Exception {
        PostExporter.Preview kept = previews.get(key + "/" + platform);
        if (kept != null) return Optional.of(kept);
        Optional<PostExporter.Preview> made = calendar.preview(key, platform);
        made.ifPresent(p -> previews.put(key + "/" + platform, p));
        return made;
    }

    private Map<String, Object> post(CalendarPost p, Export e, Instant now) {
        Map<String, Object> m = new HashMap<>();
        String status = e == null ? (p.instant().isBefore(now) ? "due" : "planned")
                : switch (e.state()) {
                    case "DONE" -> "exported";
                    case "FAILED" -> "failed";
                    case "MISSED" -> "missed";
                    case "REVIEW" -> "waits for review";
                    case "DECLINED" -> "declined";
                    case "APPROVING", "DECLINING" -> "being decided";
                    default -> "exporting";
                };
        m.put("time", p.time().toString());
        m.put("date", p.date().toString());
        m.put("status", status);
        m.put("caption", p.caption());
        m.put("short", p.caption().length() > 60 ? p.caption().substring(0, 57) + "..." : p.caption());
        m.put("platforms", String.join(", ", p.platforms().stream().map(CalendarPost.Platform::name).toList()));
        m.put("chain", p.chain() == null ? "" : p.chain());
        m.put("image", p.image());
        m.put("hasImage", !p.image().isEmpty());
        m.put("link", link(p));
        m.put("thumb", p.image().isEmpty() ? link(p) + "/preview/" + p.platforms().get(0).name() : link(p) + "/image");
        m.put("error", e == null || e.error() == null ? "" : e.error());
        return m;
    }

    private static String link(CalendarPost p) {
        return WebRequest.PREFIX + "/calendar/post/" + p.key();
    }

    private Map<String, Export> exports(LocalDate from, LocalDate to) throws SQLException {
        Map<String, Export> out = new HashMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT post_key, state, error FROM calendar_export WHERE post_date >= ? AND post_date <= ?")) {
            ps.setString(1, from.toString());
            ps.setString(2, to.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), new Export(rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    private static LocalDate parse(String text, LocalDate fallback) {
        try {
            return text == null || text.isEmpty() ? fallback : LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return fallback;
        }
    }
}
