package dev.imagehub.console;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagehub.HubServices;

/**
 * The studio console: logs people in, checks their role and the CSRF token of every change, and answers each page.
 * Pages are server-rendered ({@link Views}); the only script is the console's own {@code console.js} (live overview,
 * before/after slider). Every change is written to the audit trail.
 */
public final class Console {
    static final String SESSION_COOKIE = "hub_session";
    static final String LOGIN_COOKIE = "hub_login";
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    private static final Set<String> ASSETS = Set.of("console.css", "console.js", "viewer.js");
    // the few files of three.js the viewer loads, from its webjar; its examples import 'three' by a bare name, which a
    // browser resolves only through an import map (an inline script, which the console's CSP forbids): rewritten here
    private static final String THREE = "/META-INF/resources/webjars/three/0.181.1/";
    private static final Set<String> THREE_FILES = Set.of("build/three.module.js", "build/three.core.js", "examples/jsm/loaders/GLTFLoader.js",
            "examples/jsm/controls/OrbitControls.js", "examples/jsm/utils/BufferGeometryUtils.js");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final HubServices hub;
    private final ConsoleUsers users;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Audit audit;
    private final Activity activity;
    private final CostReport costs;
    private final JobHistory history;
    private final JobFiles files;
    private final FailedRetry retry;
    private final dev.imagehub.review.ChosenVersions chosen;
    private final ReviewPage review;
    private final Comments comments;
    private final CalendarPage calendar;
    private final LibraryPage library;
    private final Trends trends;
    // folder -> chain of routes/*.camel.yaml, read once: routes are not reloaded while the hub runs
    private final Map<String, String> hotFolders;
    private final Views views = new Views();
    private final ZoneId zone;

    public Console(HubServices hub, CamelContext camel, Clock clock) {
        this.hub = hub;
        this.zone = hub.budgets().config().zone();
        this.hotFolders = dev.imagehub.mail.HotFolders.read(hub.home().resolve("routes"));
        this.users = new ConsoleUsers(hub.dataSource());
        this.sessions = new Sessions(clock);
        this.throttle = new LoginThrottle(clock);
        this.audit = new Audit(hub.dataSource());
        this.activity = new Activity(hub, camel, zone, hotFolders);
        this.costs = new CostReport(hub.dataSource(), zone);
        this.history = new JobHistory(hub.dataSource(), zone);
        // the names the files search reads, loaded off the request path (about a second per 200,000 jobs)
        Thread names = new Thread(history::loadNames, "console-names");
        names.setDaemon(true);
        names.start();
        this.files = new JobFiles(hub.home());
        this.retry = new FailedRetry(hub.home(), hub.dataSource());
        this.chosen = new dev.imagehub.review.ChosenVersions(hub.home(), hub.dataSource());
        this.comments = new Comments(hub.dataSource());
        this.library = new LibraryPage(hub, hotFolders);
        this.trends = new Trends(hub.dataSource(), () -> hub.chains().all());
        this.calendar = new CalendarPage(hub.calendar(), hub.dataSource(), hub.home());
        this.review = new ReviewPage(hub.reviews(), hub.calendar().review(),
                new dev.imagehub.review.WaitingBatches(hub.home(), hub.dataSource()), audit);
    }

    public ConsoleUsers users() {
        return users;
    }

    /** Answers one request; never throws (a failure is a 500 page naming what went wrong, logged with its cause). */
    public WebResponse handle(WebRequest r) {
        try {
            return route(r);
        } catch (Exception e) {
            LOG.warn("console: {} {} failed: {}", r.method(), r.path(), e.toString(), e);
            return page(500, "error", null, Map.of("title", "Something went wrong", "message", String.valueOf(e.getMessage())));
        }
    }

    private WebResponse route(WebRequest r) throws Exception {
        List<String> p = r.parts();
        String first = p.isEmpty() ? "" : p.get(0);
        if (first.equals("static") && r.method().equals("GET")) return asset(p.size() == 2 ? p.get(1) : "");
        if (first.equals("vendor") && r.method().equals("GET") && p.size() > 2 && p.get(1).equals("three")) {
            return three(String.join("/", p.subList(2, p.size())));
        }
        if (first.equals("login")) return r.method().equals("POST") ? login(r) : loginPage(r, null, 200);
        Optional<Sessions.Session> found = sessions.find(r.cookies().get(SESSION_COOKIE));
        if (found.isEmpty()) {
            // a page asks to log in first; a file, a fragment or a change is simply refused
            if (r.method().equals("GET") && p.size() <= 2 && !first.equals("live") && !first.equals("costs.csv")) {
                return WebResponse.redirect(WebRequest.PREFIX + "/login?next=" + URLEncoder.encode(WebRequest.PREFIX + r.path(), StandardCharsets.UTF_8));
            }
            return WebResponse.text(401, "log in first");
        }
        Sessions.Session s = found.get();
        if (r.method().equals("POST")) {
            if (!sameOrigin(r)) return WebResponse.text(403, "refused: the request came from another site");
            if (!Sessions.csrfMatches(s, r.form().get("_csrf"))) return WebResponse.text(403, "refused: the form's security token is missing or old; reload the page");
        } else if (!r.method().equals("GET")) {
            return WebResponse.text(405, "only GET and POST");
        }
        boolean get = r.method().equals("GET");
        switch (first) {
            case "" -> {
                return get ? overview(s) : notFound(s);
            }
            case "live" -> {
                return get ? WebResponse.html(200, views.render("live", live())) : notFound(s);
            }
            case "logout" -> {
                sessions.close(s.token());
                audit.record(s.user(), "logout", null, null);
                return WebResponse.redirect(WebRequest.PREFIX + "/login").header("Set-Cookie", cookie(SESSION_COOKIE, "", 0));
            }
            case "costs" -> {
                return get ? costsPage(s, r) : notFound(s);
            }
            case "costs.csv" -> {
                if (!get) return notFound(s);
                CostReport.Table t = costTable(r);
                return WebResponse.bytes("text/csv; charset=utf-8", CostReport.csv(t).getBytes(StandardCharsets.UTF_8))
                        .header("Content-Disposition", "attachment; filename=\"hub-costs-" + t.from() + "-to-" + t.to().minusDays(1) + ".csv\"");
            }
            case "trends" -> {
                return get ? trendsPage(s, r) : notFound(s);
            }
            case "report" -> {
                return get ? report(s, r) : notFound(s);
            }
            case "files" -> {
                return filesRoute(s, r, p);
            }
            case "folders" -> {
                // POST /folders/<folder>/retry: every failed file of a folder back into its inbox
                if (get || p.size() != 3 || !p.get(2).equals("retry")) return notFound(s);
                if (!s.role().allows(Role.REVIEWER)) return forbidden(s, "retrying files needs the reviewer role");
                return bulkRetry(s, p.get(1));
            }
            case "review" -> {
                if (get) return p.size() == 1 ? page(200, "review", s, review.model(null)) : notFound(s);
                if (p.size() != 3) return notFound(s);
                if (!s.role().allows(Role.REVIEWER)) return forbidden(s, "approving and declining needs the reviewer role");
                return page(200, "review", s, review.model(review.decide(s, r, p.get(1), p.get(2))));
            }
            case "batches" -> {
                if (get || p.size() != 3 || !p.get(2).equals("approve")) return notFound(s);
                if (!s.role().allows(Role.REVIEWER)) return forbidden(s, "approving batches needs the reviewer role");
                return page(200, "review", s, review.model(review.approveBatch(s, p.get(1))));
            }
            case "calendar" -> {
                return get ? calendarRoute(s, r, p) : notFound(s);
            }
            case "library" -> {
                return get ? libraryRoute(s, p) : notFound(s);
            }
            case "users" -> {
                if (!s.role().allows(Role.ADMIN)) return forbidden(s, "managing users needs the admin role");
                return get ? usersPage(s, null) : changeUsers(s, r, p);
            }
            case "audit" -> {
                if (!s.role().allows(Role.ADMIN)) return forbidden(s, "the audit trail is for admins");
                return get ? page(200, "audit", s, Map.of("title", "Audit trail", "entries", auditRows())) : notFound(s);
            }
            default -> {
                return notFound(s);
            }
        }
    }

    // ---- login

    private WebResponse loginPage(WebRequest r, String message, int status) {
        String token = Sessions.random();
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Log in");
        m.put("loginToken", token);
        m.put("next", safeNext(r.query("next").isEmpty() ? r.form("next") : r.query("next")));
        if (message != null) m.put("message", message);
        return page(status, "login", null, m).header("Set-Cookie", cookie(LOGIN_COOKIE, token, 600));
    }

    private WebResponse login(WebRequest r) {
        // login CSRF: the form's token must equal the cookie set with the form (another site can set neither)
        String sent = r.form("_login");
        String cookie = r.cookies().get(LOGIN_COOKIE);
        if (!sameOrigin(r) || sent.isEmpty() || cookie == null || !java.security.MessageDigest.isEqual(sent.getBytes(StandardCharsets.US_ASCII),
                cookie.getBytes(StandardCharsets.US_ASCII))) {
            return loginPage(r, "The login form was old or came from elsewhere; try again.", 403);
        }
        String user = r.form("user").trim();
        Duration wait = throttle.wait(user, r.address());
        if (!wait.isZero()) {
            return loginPage(r, "Too many failed logins: wait " + Math.max(1, wait.toSeconds()) + " s and try again.", 429)
                    .header("Retry-After", String.valueOf(Math.max(1, wait.toSeconds())));
        }
        Optional<ConsoleUsers.User> ok = users.verify(user, r.form("password"));
        if (ok.isEmpty()) {
            throttle.failed(user, r.address());
            audit.record(user.isEmpty() ? "?" : user, "login-refused", r.address(), null);
            return loginPage(r, "Wrong user name or password.", 401);
        }
        throttle.succeeded(user);
        Sessions.Session s = sessions.open(ok.get().name(), ok.get().role());
        audit.record(s.user(), "login", r.address(), s.role().word());
        return WebResponse.redirect(safeNext(r.form("next"))).header("Set-Cookie", cookie(SESSION_COOKIE, s.token(), -1));
    }

    // only a path of the console itself: a link to elsewhere would make the login page an open redirect
    private static String safeNext(String next) {
        return next != null && next.startsWith(WebRequest.PREFIX + "/") && !next.startsWith("//") && !next.contains("\\") && !next.contains("://")
                ? next : WebRequest.PREFIX + "/";
    }

    private static boolean sameOrigin(WebRequest r) {
        if (r.origin() == null) return true;                        // browsers send Origin with every cross-site POST
        if (r.host() == null) return false;
        return r.origin().equals("http://" + r.host()) || r.origin().equals("https://" + r.host());
    }

    // HttpOnly (no script reads it), SameSite=Strict (no other site's form or link sends it), Secure (HTTPS only, and
    // on loopback, which browsers treat as secure); -1: for the browser session
    static String cookie(String name, String value, int maxAgeSeconds) {
        return name + "=" + value + "; Path=" + WebRequest.PREFIX + "; HttpOnly; SameSite=Strict; Secure" + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "");
    }

    // ---- pages

    private WebResponse overview(Sessions.Session s) throws SQLException {
        Map<String, Object> m = live();
        m.put("title", "Overview");
        m.put("navOverview", true);
        return page(200, "overview", s, m);
    }

    private Map<String, Object> live() throws SQLException {
        Activity.Snapshot snap = activity.snapshot();
        Map<String, Object> m = new HashMap<>();
        List<Map<String, Object>> folders = new ArrayList<>();
        for (Activity.Folder f : snap.folders()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", f.name());
            row.put("chain", f.chain());
            row.put("done", f.done());
            row.put("failed", f.failed());
            row.put("hasFailed", f.failed() > 0);
            row.put("inFlight", f.inFlight());
            row.put("backlog", f.backlog());
            row.put("lastFile", f.lastFile() == null ? "" : f.lastFile());
            row.put("lastAt", time(f.lastAt()));
            row.put("filesLink", WebRequest.PREFIX + "/files?folder=" + enc(f.name()));
            folders.add(row);
        }
        m.put("folders", folders);
        m.put("healthy", snap.healthy());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Activity.Check c : snap.checks()) checks.add(Map.of("name", c.name(), "state", c.state(), "down", c.down(), "message", c.message()));
        m.put("checks", checks);
        List<Map<String, Object>> budgets = new ArrayList<>();
        for (Activity.BudgetUse b : snap.budgets()) {
            budgets.add(Map.of("name", b.name(), "period", b.period(), "spent", CostReport.usd(b.spent()), "limit", CostReport.usd(b.limit()),
                    "percent", Math.min(100, b.percent()), "width", "w" + Math.min(100, b.percent() / 5 * 5), "over", b.percent() >= 100,
                    "projected", CostReport.usd(b.projected()), "projectedOver", b.projected().compareTo(b.limit()) > 0));
        }
        m.put("budgets", budgets);
        m.put("failures", jobRows(snap.failures()));
        m.put("updated", time(snap.at()));
        return m;
    }

    private CostReport.Table costTable(WebRequest r) throws SQLException {
        CostReport.Period period = word(CostReport.Period.values(), r.query("period"), CostReport.Period.DAY);
        CostReport.GroupBy by = word(CostReport.GroupBy.values(), r.query("by"), CostReport.GroupBy.FOLDER);
        LocalDate today = LocalDate.now(zone);
        LocalDate to = date(r.query("to"), today);
        LocalDate from = date(r.query("from"), period == CostReport.Period.MONTH ? to.minusMonths(11).withDayOfMonth(1)
                : period == CostReport.Period.WEEK ? to.minusWeeks(11) : to.minusDays(29));
        if (from.isAfter(to)) from = to;
        if (from.isBefore(to.minusYears(5))) from = to.minusYears(5);           // a page, not a data dump
        return costs.table(from, to.plusDays(1), period, by);
    }

    private WebResponse costsPage(Sessions.Session s, WebRequest r) throws SQLException {
        CostReport.Table t = costTable(r);
        Map<String, Object> m = costModel(t);
        m.put("title", "Costs");
        m.put("navCosts", true);
        String query = "period=" + t.period().word() + "&by=" + t.by().word() + "&from=" + t.from() + "&to=" + t.to().minusDays(1);
        m.put("csvLink", WebRequest.PREFIX + "/costs.csv?" + query);
        m.put("reportLink", WebRequest.PREFIX + "/report?" + query);
        List<Map<String, Object>> periods = new ArrayList<>();
        for (CostReport.Period p : CostReport.Period.values()) periods.add(Map.of("word", p.word(), "selected", p == t.period()));
        List<Map<String, Object>> bys = new ArrayList<>();
        for (CostReport.GroupBy b : CostReport.GroupBy.values()) bys.add(Map.of("word", b.word(), "selected", b == t.by()));
        m.put("periods", periods);
        m.put("bys", bys);
        m.put("budgets", activity.budgets().stream().map(b -> Map.<String, Object>of("name", b.name(), "period", b.period(), "spent", CostReport.usd(b.spent()),
                "limit", CostReport.usd(b.limit()), "percent", b.percent(), "projected", CostReport.usd(b.projected()),
                "projectedOver", b.projected().compareTo(b.limit()) > 0)).toList());
        return page(200, "costs", s, m);
    }

    private WebResponse trendsPage(Sessions.Session s, WebRequest r) throws SQLException {
        LocalDate today = LocalDate.now(zone);
        LocalDate to = date(r.query("to"), today);
        LocalDate from = date(r.query("from"), to.minusDays(6));
        if (from.isAfter(to)) from = to;
        if (from.isBefore(to.minusYears(1))) from = to.minusYears(1);
        Trends.Figures f = trends.figures(from, to);
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Trends");
        m.put("navCosts", true);
        m.put("from", from.toString());
        m.put("to", to.toString());
        m.put("files", f.files());
        m.put("chainsChart", Trends.bars(f.chains(), "files"));
        m.put("formatsChart", Trends.bars(f.formats(), "files"));
        m.put("templatesChart", Trends.bars(f.templates(), "runs"));
        m.put("stylesChart", Trends.bars(f.styles(), "runs"));
        m.put("modelsChart", Trends.bars(f.models(), "calls"));
        m.put("steps", f.steps().stream().map(x -> Map.<String, Object>of("step", x.step(), "runs", x.runs(), "mean", x.meanMs(), "max", x.maxMs(),
                "total", String.format(Locale.ROOT, "%.1f", x.runs() * x.meanMs() / 60_000.0))).toList());
        return page(200, "trends", s, m);
    }

    private WebResponse report(Sessions.Session s, WebRequest r) throws SQLException {
        CostReport.Table t = costTable(r);
        Map<String, Object> m = costModel(t);
        m.put("title", "Cost report " + t.from() + " to " + t.to().minusDays(1));
        m.put("generated", time(OffsetDateTime.now(zone)));
        return page(200, "report", s, m);
    }

    private Map<String, Object> costModel(CostReport.Table t) {
        Map<String, Object> m = new HashMap<>();
        m.put("from", t.from().toString());
        m.put("to", t.to().minusDays(1).toString());
        m.put("period", t.period().word());
        m.put("by", t.by().word());
        m.put("chart", CostChart.svg(t));
        m.put("total", CostReport.usd(t.total()));
        m.put("calls", t.calls());
        List<Map<String, Object>> keys = new ArrayList<>();
        for (int k = 0; k < t.keys().size(); k++) {
            keys.add(Map.of("key", t.keys().get(k), "swatch", "c" + Math.min(k, CostChart.COLOURS.length), "total", CostReport.usd(t.keyTotals().get(t.keys().get(k)))));
        }
        m.put("keys", keys);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LocalDate b : t.buckets()) {
            rows.add(Map.of("bucket", b.toString(), "cells", t.keys().stream().map(k -> CostReport.usd(t.cell(k, b))).toList(),
                    "total", CostReport.usd(t.bucketTotals().get(b))));
        }
        m.put("rows", rows);
        return m;
    }

    // ---- files

    private WebResponse filesRoute(Sessions.Session s, WebRequest r, List<String> p) throws Exception {
        boolean get = r.method().equals("GET");
        if (p.size() == 1) return get ? filesPage(s, r) : notFound(s);
        Optional<JobHistory.Job> job = history.job(p.get(1));
        if (job.isEmpty()) return notFound(s);
        if (p.size() == 2) return get ? filePage(s, job.get(), null) : notFound(s);
        if (p.size() == 4 && p.get(2).equals("file") && get) {
            int n = fileNumber(p.get(3));
            Optional<Path> f = files.file(job.get(), n);
            if (f.isEmpty()) return notFound(s);
            WebResponse out = WebResponse.bytes(JobFiles.type(f.get()), Files.readAllBytes(f.get())).header("Cache-Control", "private, max-age=300");
            if (!JobFiles.viewable(f.get().getFileName().toString()) && !JobFiles.type(f.get()).startsWith("video/")
                    && !JobFiles.type(f.get()).startsWith("model/")) {
                out.header("Content-Disposition", "attachment; filename=\"" + f.get().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
            }
            return out;
        }
        if (p.size() == 4 && p.get(2).equals("view") && get) {
            int n = fileNumber(p.get(3));
            Optional<Path> f = files.file(job.get(), n);
            if (f.isEmpty() || !JobFiles.type(f.get()).startsWith("model/")) return notFound(s);
            return page(200, "viewer", s, Map.of("title", f.get().getFileName().toString() + " in 3D", "src",
                    WebRequest.PREFIX + "/files/" + enc(job.get().jobId()) + "/file/" + n, "back", WebRequest.PREFIX + "/files/" + enc(job.get().jobId())));
        }
        if (p.size() == 3 && p.get(2).equals("comment") && !get) {
            if (!s.role().allows(Role.REVIEWER)) return forbidden(s, "commenting needs the reviewer role");
            String text = r.form("text").strip();
            if (text.isEmpty()) return filePage(s, job.get(), "A comment needs some text.");
            if (text.length() > Comments.MAX) return filePage(s, job.get(), "A comment has at most " + Comments.MAX + " characters.");
            comments.add(job.get().jobId(), s.user(), text);
            audit.record(s.user(), "comment", job.get().folder() + "/" + job.get().fileName(), text);
            return WebResponse.redirect(WebRequest.PREFIX + "/files/" + enc(job.get().jobId()) + "#comments");
        }
        if (p.size() == 3 && p.get(2).equals("choose") && !get) {
            if (!s.role().allows(Role.REVIEWER)) return forbidden(s, "choosing the delivered version needs the reviewer role");
            String said = chosen.choose(job.get().jobId(), s.user());
            audit.record(s.user(), "choose", job.get().folder() + "/" + job.get().fileName(), said);
            return filePage(s, job.get(), said);
        }
        if (p.size() == 3 && p.get(2).equals("retry") && !get) {
            if (!s.role().allows(Role.REVIEWER)) return forbidden(s, "retrying files needs the reviewer role");
            String said = retry.retry(job.get());
            audit.record(s.user(), "retry", job.get().folder() + "/" + job.get().fileName(), said);
            return filePage(s, history.job(job.get().jobId()).orElse(job.get()), said);
        }
        return notFound(s);
    }

    private WebResponse filesPage(Sessions.Session s, WebRequest r) throws SQLException {
        LocalDate from = date(r.query("from"), null);
        LocalDate to = date(r.query("to"), null);
        JobHistory.Search search = new JobHistory.Search(r.query("q"), r.query("folder"), r.query("status"), from, to, 500);
        List<JobHistory.Job> found = history.search(search);
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Files");
        m.put("navFiles", true);
        m.put("q", search.name());
        m.put("from", from == null ? "" : from.toString());
        m.put("to", to == null ? "" : to.toString());
        List<Map<String, Object>> folders = new ArrayList<>();
        for (String f : hotFolders.keySet()) {
            folders.add(Map.of("name", f, "selected", f.equals(search.folder())));
        }
        m.put("folders", folders);
        m.put("statuses", List.of("DONE", "FAILED", "RUNNING").stream().map(x -> Map.<String, Object>of("name", x, "selected", x.equalsIgnoreCase(search.state()))).toList());
        m.put("jobs", jobRows(found));
        m.put("count", found.size());
        m.put("more", found.size() >= search.limit());
        BigDecimal total = found.stream().map(JobHistory.Job::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        m.put("totalCost", CostReport.usd(total));
        boolean canRetry = s.role().allows(Role.REVIEWER) && !search.folder().isEmpty() && found.stream().anyMatch(j -> j.failed() && j.original() != null);
        m.put("bulkRetry", canRetry);
        m.put("folder", search.folder());
        m.put("bulkAction", WebRequest.PREFIX + "/folders/" + enc(search.folder()) + "/retry");
        return page(200, "files", s, m);
    }

    private WebResponse filePage(Sessions.Session s, JobHistory.Job job, String message) throws SQLException {
        Map<String, Object> m = new HashMap<>(jobRow(job));
        m.put("title", job.fileName());
        m.put("navFiles", true);
        if (message != null) m.put("message", message);
        List<Map<String, Object>> ops = new ArrayList<>();
        List<JobHistory.Operation> operations = history.operations(job.jobId());
        for (JobHistory.Operation o : operations) {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("index", o.index());
            op.put("step", o.step());
            op.put("provider", o.provider());
            op.put("model", o.model() == null ? "" : o.model());
            op.put("status", o.status());
            op.put("cost", CostReport.usd(o.cost()));
            op.put("millis", o.millis());
            op.put("bytesIn", o.bytesIn());
            op.put("bytesOut", o.bytesOut());
            op.put("error", o.error() == null ? "" : o.error());
            op.put("details", o.details() == null ? "" : o.details());
            ops.add(op);
        }
        m.put("operations", ops);
        String base = WebRequest.PREFIX + "/files/" + enc(job.jobId()) + "/file/";
        Optional<Path> original = files.file(job, 0);
        m.put("hasOriginal", original.isPresent());
        m.put("originalLink", base + 0);
        m.put("originalName", original.map(x -> x.getFileName().toString()).orElse(""));
        m.put("originalViewable", original.isPresent() && JobFiles.viewable(original.get().getFileName().toString()));
        List<Map<String, Object>> outputs = new ArrayList<>();
        String firstViewable = null;
        for (int i = 0; i < job.published().size(); i++) {
            Optional<Path> f = files.file(job, i + 1);
            String name = Path.of(job.published().get(i)).getFileName().toString();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", name);
            o.put("present", f.isPresent());
            o.put("link", base + (i + 1));
            o.put("image", f.isPresent() && JobFiles.viewable(name));
            o.put("video", f.isPresent() && JobFiles.type(f.get()).startsWith("video/"));
            o.put("model", f.isPresent() && JobFiles.type(f.get()).startsWith("model/"));
            o.put("viewLink", WebRequest.PREFIX + "/files/" + enc(job.jobId()) + "/view/" + (i + 1));
            o.put("size", f.map(x -> x.toFile().length()).orElse(0L));
            outputs.add(o);
            if (firstViewable == null && f.isPresent() && JobFiles.viewable(name)) firstViewable = base + (i + 1);
        }
        m.put("outputs", outputs);
        List<Map<String, Object>> compared = ModelComparison.of(operations, job.published(), base);
        m.put("comparison", compared);
        m.put("hasComparison", !compared.isEmpty());
        m.put("compare", original.isPresent() && firstViewable != null && JobFiles.viewable(original.get().getFileName().toString()));
        m.put("afterLink", firstViewable);
        m.put("canRetry", job.failed() && job.original() != null && s.role().allows(Role.REVIEWER));
        m.put("comments", comments.of(job.jobId()).stream().map(c -> Map.<String, Object>of("ts", time(c.ts()), "user", c.user(), "text", c.text())).toList());
        m.put("commentAction", WebRequest.PREFIX + "/files/" + enc(job.jobId()) + "/comment");
        List<Map<String, Object>> versions = new ArrayList<>();
        int n = 0;
        Map<String, dev.imagehub.review.ChosenVersions.Choice> choice = chosen.chosen(job.sha256());
        for (JobHistory.Job v : history.versions(job)) {
            Map<String, Object> row = new LinkedHashMap<>(jobRow(v));
            row.put("number", ++n);
            row.put("current", v.jobId().equals(job.jobId()));
            var c = choice.get(v.jobId());
            row.put("chosen", c == null ? "" : "delivered (chosen by " + c.by() + ", " + time(c.at()) + ")");
            row.put("canChoose", c == null && "DONE".equals(v.state()) && !"WAITING".equals(v.reviewState()) && !"DECLINED".equals(v.reviewState())
                    && s.role().allows(Role.REVIEWER));
            row.put("chooseAction", WebRequest.PREFIX + "/files/" + enc(v.jobId()) + "/choose");
            versions.add(row);
        }
        m.put("versions", versions);
        m.put("hasVersions", versions.size() > 1);
        m.put("retryAction", WebRequest.PREFIX + "/files/" + enc(job.jobId()) + "/retry");
        return page(200, "file", s, m);
    }

    private WebResponse bulkRetry(Sessions.Session s, String folder) throws Exception {
        int sent = 0;
        List<String> said = new ArrayList<>();
        for (JobHistory.Job j : history.failedIn(folder)) {
            String result = retry.retry(j);
            said.add(result);
            if (result.contains("is back in")) sent++;
        }
        audit.record(s.user(), "retry-folder", folder, sent + " file(s) sent back");
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Retried " + folder);
        m.put("message", sent + " failed file(s) of " + folder + " sent back to inbox/" + folder);
        m.put("lines", said);
        m.put("back", WebRequest.PREFIX + "/files?folder=" + enc(folder) + "&status=FAILED");
        return page(200, "done", s, m);
    }

    // ---- library

    private WebResponse libraryRoute(Sessions.Session s, List<String> p) throws Exception {
        if (p.size() == 1) return page(200, "library", s, library.model());
        if (p.size() == 2 && p.get(1).equals("templates.png")) return WebResponse.bytes("image/png", library.sheet()).header("Cache-Control", "private, max-age=60");
        if (p.size() == 3 && p.get(1).equals("logo")) {
            Optional<Path> f = library.logo(p.get(2));
            return f.isEmpty() ? notFound(s) : WebResponse.bytes(JobFiles.type(f.get()), Files.readAllBytes(f.get()));
        }
        if (p.size() == 3 && p.get(1).equals("watermark")) {
            Optional<byte[]> img = library.watermark(p.get(2));
            return img.isEmpty() ? notFound(s) : WebResponse.bytes("image/jpeg", img.get()).header("Cache-Control", "private, max-age=60");
        }
        return notFound(s);
    }

    // ---- calendar

    private WebResponse calendarRoute(Sessions.Session s, WebRequest r, List<String> p) throws Exception {
        if (p.size() == 1) return page(200, "calendar", s, calendar.model(r.query("view"), r.query("date"), LocalDate.now(zone)));
        if (p.size() < 3 || !p.get(1).equals("post") || !p.get(2).matches("[0-9a-f]{64}")) return notFound(s);
        String key = p.get(2);
        if (p.size() == 3) {
            Optional<Map<String, Object>> m = calendar.postModel(key);
            return m.isPresent() ? page(200, "post", s, m.get()) : notFound(s);
        }
        if (p.size() == 4 && p.get(3).equals("image")) {
            Optional<Path> f = calendar.image(key);
            return f.isEmpty() ? notFound(s) : WebResponse.bytes(JobFiles.type(f.get()), Files.readAllBytes(f.get())).header("Cache-Control", "private, max-age=300");
        }
        if (p.size() == 5 && p.get(3).equals("preview")) {
            Optional<dev.imagehub.calendar.PostExporter.Preview> pv = calendar.preview(key, p.get(4));
            if (pv.isEmpty()) return notFound(s);
            return WebResponse.bytes(JobFiles.type(Path.of("x." + pv.get().extension())), pv.get().bytes())
                    .header("Cache-Control", "private, max-age=60").header("X-Preview-Size", pv.get().width() + "x" + pv.get().height())
                    .header("X-Preview-Note", pv.get().note().isEmpty() ? "complete" : pv.get().note().replaceAll("[^\\x20-\\x7e]", "?"));
        }
        return notFound(s);
    }

    // ---- users

    private WebResponse usersPage(Sessions.Session s, String message) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Users");
        m.put("navUsers", true);
        if (message != null) m.put("message", message);
        m.put("users", users.list().stream().map(u -> Map.<String, Object>of("name", u.name(), "role", u.role().word(), "created", time(u.createdAt()),
                "self", u.name().equals(s.user()), "deleteAction", WebRequest.PREFIX + "/users/" + enc(u.name()) + "/delete")).toList());
        m.put("minPassword", ConsoleUsers.MIN_PASSWORD);
        return page(200, "users", s, m);
    }

    private WebResponse changeUsers(Sessions.Session s, WebRequest r, List<String> p) {
        try {
            if (p.size() == 1) {
                String name = r.form("name").trim();
                Role role = Role.of(r.form("role"));
                boolean existed = users.find(name).isPresent();
                if (existed && name.equals(s.user()) && role != Role.ADMIN) return usersPage(s, "You cannot take away your own admin role.");
                users.put(name, role, r.form("password"));
                sessions.closeAll(name);
                audit.record(s.user(), existed ? "user-changed" : "user-added", name, role.word());
                return usersPage(s, (existed ? "Changed " : "Added ") + name + " (" + role.word() + ")");
            }
            if (p.size() == 3 && p.get(2).equals("delete")) {
                String name = p.get(1);
                if (name.equals(s.user())) return usersPage(s, "You cannot remove yourself.");
                if (users.remove(name)) {
                    sessions.closeAll(name);
                    audit.record(s.user(), "user-removed", name, null);
                    return usersPage(s, "Removed " + name);
                }
                return usersPage(s, "There is no user " + name);
            }
        } catch (IllegalArgumentException e) {
            return usersPage(s, e.getMessage());
        }
        return notFound(s);
    }

    private List<Map<String, Object>> auditRows() {
        return audit.latest(300).stream().map(e -> Map.<String, Object>of("ts", time(e.ts()), "user", e.user(), "action", e.action(),
                "target", e.target() == null ? "" : e.target(), "detail", e.detail() == null ? "" : e.detail())).toList();
    }

    // ---- helpers

    private List<Map<String, Object>> jobRows(List<JobHistory.Job> jobs) {
        return jobs.stream().map(this::jobRow).toList();
    }

    private Map<String, Object> jobRow(JobHistory.Job j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", j.jobId());
        m.put("link", WebRequest.PREFIX + "/files/" + enc(j.jobId()));
        m.put("fileName", j.fileName());
        m.put("folder", j.folder());
        m.put("chain", j.chain());
        m.put("node", j.node() == null ? "" : j.node());
        m.put("state", j.state());
        m.put("stateClass", j.state().toLowerCase(Locale.ROOT));
        m.put("failed", j.failed());
        m.put("started", time(j.started()));
        m.put("finished", time(j.finished()));
        m.put("seconds", j.started() == null || j.finished() == null ? "" : String.format(Locale.ROOT, "%.2f",
                Duration.between(j.started(), j.finished()).toMillis() / 1000.0));
        m.put("failedStep", j.failedStep() == null ? "" : j.failedStep());
        m.put("error", j.error() == null ? "" : j.error());
        m.put("cost", CostReport.usd(j.cost()));
        m.put("size", j.size());
        m.put("retried", j.failed() && j.original() == null);
        m.put("review", j.reviewState() == null ? "" : j.reviewState().toLowerCase(Locale.ROOT));
        m.put("reviewWaiting", "WAITING".equals(j.reviewState()));
        m.put("reviewBy", j.reviewBy() == null ? "" : j.reviewBy());
        m.put("reviewAt", time(j.reviewAt()));
        m.put("reviewComment", j.reviewComment() == null ? "" : j.reviewComment());
        return m;
    }

    private WebResponse page(int status, String view, Sessions.Session s, Map<String, Object> model) {
        Map<String, Object> m = new HashMap<>(model);
        if (s != null) {
            m.put("user", s.user());
            m.put("role", s.role().word());
            m.put("csrf", s.csrf());
            m.put("isReviewer", s.role().allows(Role.REVIEWER));
            m.put("isAdmin", s.role().allows(Role.ADMIN));
            m.put("signedIn", true);
            int waiting = review.waiting();
            if (waiting > 0) m.put("reviewCount", waiting);
        }
        m.put("base", WebRequest.PREFIX);
        return WebResponse.html(status, views.render(view, m));
    }

    private WebResponse notFound(Sessions.Session s) {
        return page(404, "error", s, Map.of("title", "Not found", "message", "There is nothing here."));
    }

    private WebResponse forbidden(Sessions.Session s, String why) {
        audit.record(s.user(), "refused", null, why);
        return page(403, "error", s, Map.of("title", "Not allowed", "message", "Your role (" + s.role().word() + ") does not allow this: " + why + "."));
    }

    private WebResponse asset(String name) throws IOException {
        if (!ASSETS.contains(name)) return WebResponse.text(404, "not found");
        try (InputStream in = Console.class.getResourceAsStream("/console/static/" + name)) {
            if (in == null) return WebResponse.text(404, "not found");
            String type = name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            return WebResponse.bytes(type, in.readAllBytes()).header("Cache-Control", "private, max-age=3600");
        }
    }

    private static WebResponse three(String file) throws IOException {
        if (!THREE_FILES.contains(file)) return WebResponse.text(404, "not found");
        try (InputStream in = Console.class.getResourceAsStream(THREE + file)) {
            if (in == null) return WebResponse.text(404, "not found");
            String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (file.startsWith("examples/")) {
                js = js.replace("from 'three';", "from '" + WebRequest.PREFIX + "/vendor/three/build/three.module.js';");
            }
            return WebResponse.bytes("text/javascript; charset=utf-8", js.getBytes(StandardCharsets.UTF_8)).header("Cache-Control", "private, max-age=86400");
        }
    }

    private String time(OffsetDateTime t) {
        return t == null ? "" : t.atZoneSameInstant(zone).format(TIME);
    }

    // a job's file number from the URL; -1 (no such file) for anything else
    private static int fileNumber(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static LocalDate date(String text, LocalDate fallback) {
        if (text == null || text.isEmpty()) return fallback;
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private static <E extends Enum<E>> E word(E[] all, String text, E fallback) {
        for (E e : all) if (e.name().equalsIgnoreCase(text)) return e;
        return fallback;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
