package dev.imagehub.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.imagehub.calendar.CalendarReview;
import dev.imagehub.review.ReviewDesk;
import dev.imagehub.review.WaitingBatches;

/**
 * The review queue: results held by a folder or chain with {@code review: true}, approved or declined (with a comment)
 * by a reviewer, and batches waiting for their {@code .approve} file, approved with a click.
 */
final class ReviewPage {
    /** The prefix of a calendar post's id in review URLs (jobs are UUIDs, posts SHA-256 keys). */
    static final String POST = "post-";
    private final ReviewDesk desk;
    private final CalendarReview posts;
    private final WaitingBatches batches;
    private final Audit audit;

    ReviewPage(ReviewDesk desk, CalendarReview posts, WaitingBatches batches, Audit audit) {
        this.desk = desk;
        this.posts = posts;
        this.batches = batches;
        this.audit = audit;
    }

    int waiting() {
        try {
            return desk.count() + posts.count();
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }

    Map<String, Object> model(String message) throws Exception {
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Review");
        m.put("navReview", true);
        if (message != null) m.put("message", message);
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (ReviewDesk.Waiting w : desk.waiting()) {
            Map<String, Object> j = new HashMap<>();
            String id = enc(w.jobId());
            j.put("fileName", w.fileName());
            j.put("folder", w.folder());
            j.put("chain", w.chain());
            j.put("finished", w.finished() == null ? "" : w.finished().toLocalDateTime().withNano(0).toString().replace('T', ' '));
            j.put("link", WebRequest.PREFIX + "/files/" + id);
            j.put("approveAction", WebRequest.PREFIX + "/review/" + id + "/approve");
            j.put("declineAction", WebRequest.PREFIX + "/review/" + id + "/decline");
            List<Map<String, Object>> results = new ArrayList<>();
            for (int i = 0; i < w.results().size(); i++) {
                String name = w.results().get(i).substring(w.results().get(i).lastIndexOf('/') + 1);
                results.add(Map.of("name", name, "link", WebRequest.PREFIX + "/files/" + id + "/file/" + (i + 1), "image", JobFiles.viewable(name)));
            }
            j.put("results", results);
            j.put("count", results.size());
            jobs.add(j);
        }
        m.put("jobs", jobs);
        List<Map<String, Object>> held = new ArrayList<>();
        for (CalendarReview.Waiting w : posts.waiting()) {
            Map<String, Object> p = new HashMap<>();
            String id = enc(POST + w.key());
            p.put("image", w.image());
            p.put("when", w.date() + " " + w.time());
            p.put("platforms", w.platforms());
            p.put("link", WebRequest.PREFIX + "/calendar/post/" + enc(w.key()));
            p.put("approveAction", WebRequest.PREFIX + "/review/" + id + "/approve");
            p.put("declineAction", WebRequest.PREFIX + "/review/" + id + "/decline");
            p.put("files", w.files().stream().map(f -> f.getParent().getFileName() + "/" + f.getFileName()).toList());
            held.add(p);
        }
        m.put("posts", held);
        List<Map<String, Object>> waitingBatches = new ArrayList<>();
        for (WaitingBatches.Batch b : batches.waiting()) {
            if (!b.needsApproval()) continue;
            waitingBatches.add(Map.of("id", b.id(), "manifest", b.manifest(), "rows", b.rows(), "aiRows", b.aiRows(),
                    "cost", CostReport.usd(b.costUsd()), "seconds", Math.round(b.seconds()), "approved", b.approved(),
                    "approveAction", WebRequest.PREFIX + "/batches/" + enc(b.id()) + "/approve"));
        }
        m.put("batches", waitingBatches);
        return m;
    }

    /** POST /review/<job>/approve|decline; returns the message for the page. */
    String decide(Sessions.Session s, WebRequest r, String jobId, String action) throws Exception {
        if (jobId.startsWith(POST)) return decidePost(s, r, jobId.substring(POST.length()), action);
        ReviewDesk.Outcome o;
        if (action.equals("approve")) {
            o = desk.approve(jobId, s.user());
        } else if (action.equals("decline")) {
            o = desk.decline(jobId, s.user(), r.form("comment"));
        } else {
            return "unknown action";
        }
        if (o.done()) audit.record(s.user(), action.equals("approve") ? "approved" : "declined", jobId, action.equals("decline") ? r.form("comment") : o.message());
        return o.message();
    }

    private String decidePost(Sessions.Session s, WebRequest r, String key, String action) throws Exception {
        CalendarReview.Outcome o;
        if (action.equals("approve")) {
            o = posts.approve(key, s.user());
        } else if (action.equals("decline")) {
            o = posts.decline(key, s.user(), r.form("comment"));
        } else {
            return "unknown action";
        }
        if (o.done()) audit.record(s.user(), action.equals("approve") ? "approved" : "declined", "calendar post " + key, action.equals("decline") ? r.form("comment") : o.message());
        return o.message();
    }

    String approveBatch(Sessions.Session s, String id) throws Exception {
        Optional<String> file = batches.approve(id);
        if (file.isEmpty()) return "batch " + id + " does not wait for approval";
        audit.record(s.user(), "batch-approved", id, file.get());
        return "batch " + id + " approved (" + file.get() + "); it starts at the batch folder's next poll";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
