package dev.imagehub.wavespeed.client;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.imagehub.wavespeed.Postponed;
import dev.imagehub.wavespeed.AiCall;
import dev.imagehub.wavespeed.AiFailure;
import dev.imagehub.wavespeed.AiGateway;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.AiOutput;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.wavespeed.OutputKind;
import dev.imagehub.wavespeed.PriceEstimate;
import dev.imagehub.wavespeed.SpendGuard;

/**
 * The WaveSpeed client behind AI steps: uploads local inputs (cached by content for 24 h), prices the run, reserves it
 * with the spend guard, submits once, stores the prediction id before the first poll, polls with backoff, downloads
 * the outputs at once and keeps them until the job commits. A call repeated for the same task (a job re-run after a
 * crash) resumes the stored prediction or returns its saved outputs; it never submits a second paid task.
 */
public final class WaveSpeedGateway implements AiGateway, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WaveSpeedGateway.class);
    private static final Duration UPLOAD_CACHE = Duration.ofHours(24);

    private final WaveSpeedSettings settings;
    private final ModelRegistry registry;
    private final WaveSpeedApi api;
    private final TaskStore store;
    private final SpendGuard spend;
    private final Path tasksRoot;
    private final Limits limits;
    private final ApiKey key;
    private final PollSchedule polls;
    private final java.util.concurrent.ConcurrentHashMap<String, Object> uploading = new java.util.concurrent.ConcurrentHashMap<>();
    private final AccountBalance balance = new AccountBalance();

    /** {@code camel} is the hub's CamelContext: the HTTP requests go through camel-http in it. */
    public WaveSpeedGateway(WaveSpeedSettings settings, ApiKey key, ModelRegistry registry, DataSource ds, SpendGuard spend,
                            Path home, org.apache.camel.CamelContext camel) {
        this(settings, key, registry, ds, spend, home, camel, null, 0);
    }

    /**
     * As above; with {@code node} set (several hubs sharing the ledger of {@code ds}) the account's concurrency is shared
     * with the other hubs through the ledger, each slot leased for {@code leaseSeconds}.
     */
    public WaveSpeedGateway(WaveSpeedSettings settings, ApiKey key, ModelRegistry registry, DataSource ds, SpendGuard spend,
                            Path home, org.apache.camel.CamelContext camel, String node, int leaseSeconds) {
        this.settings = settings;
        this.key = key;
        this.registry = registry;
        this.store = new TaskStore(ds);
        this.spend = spend;
        this.tasksRoot = home.resolve("data/wavespeed/tasks");
        this.limits = new Limits(settings, node == null ? null : sharedSlots(ds, node, settings.concurrency(), leaseSeconds));
        this.polls = new PollSchedule(Math.min(100, settings.pollMaxMillis()), settings.pollMaxMillis(), 25);
        this.api = new WaveSpeedApi(settings, key, camel);
    }

    private static SharedSlots sharedSlots(DataSource ds, String node, int slots, int leaseSeconds) {
        try {
            return new SharedSlots(ds, node, slots, leaseSeconds);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot set up the WaveSpeed task slots shared by the hubs: " + e.getMessage(), e);
        }
    }

    @Override
    public ModelRegistry registry() {
        return registry;
    }

    @Override
    public AiResult run(AiCall call) throws AiFailure, InterruptedException {
        long start = System.nanoTime();
        String taskKey = TaskKey.of(call);
        String contentKey = TaskKey.content(call);
        try {
            Optional<TaskStore.Task> earlier = store.find(taskKey);
            if (earlier.isEmpty()) {
                // a paid task an earlier run of this same file left undelivered (its job failed): take it over, pay nothing
                earlier = store.adopt(contentKey, call.jobId());
                earlier.ifPresent(t -> LOG.info("{}: taking up prediction {} ({}), which an earlier run of {} paid for and did not "
                        + "deliver; not submitted again", label(call), t.predictionId(), t.state().toLowerCase(Locale.ROOT), call.route()));
            }
            if (earlier.isPresent()) {
                Optional<AiResult> resumed = resume(call, earlier.get().key(), earlier.get(), start);
                if (resumed.isPresent()) return resumed.get();
            }
            return submitAndWait(call, taskKey, contentKey, start);
        } catch (SQLException e) {
            throw new AiFailure(label(call) + ": the hub's task table cannot be used (" + e.getMessage() + ")", null, null, null, e);
        }
    }

    /**
     * What an earlier run of the same task left: a prediction to resume, outputs or a failure to return, or (when the
     * job that ran it has committed, or the API refused it) nothing, and a fresh submit is allowed.
     */
    private Optional<AiResult> resume(AiCall call, String taskKey, TaskStore.Task t, long start)
            throws SQLException, AiFailure, InterruptedException {
        boolean ownerCommitted = store.jobCommitted(t.jobId());
        switch (t.state()) {
            case TaskStore.SUBMITTED -> {
                // a paid task still running (or of unknown end): always follow it rather than pay again
                store.owner(taskKey, call.jobId());
                LOG.info("{}: resuming prediction {} submitted by job {} (not submitted again)", label(call), t.predictionId(), t.jobId());
                return Optional.of(waitFor(call, taskKey, t.predictionId(), t.resultUrl(), t.estimatedUsd(), t.costUsd(), start, null,
                        true, 0));
            }
            case TaskStore.COMPLETED -> {
                if (ownerCommitted) return Optional.empty();
                store.owner(taskKey, call.jobId());
                List<AiOutput> outputs;
                try {
                    outputs = new OutputFiles(tasksRoot, taskKey).fromManifest(t.outputs());
                } catch (IOException e) {
                    throw new AiFailure(label(call) + ": prediction " + t.predictionId() + " completed, but its saved outputs in "
                            + tasksRoot.resolve(taskKey) + " cannot be read (" + e.getMessage() + "); it was not submitted again",
                            t.predictionId(), t.estimatedUsd(), charge(call, taskKey, t), e);
                }
                long received = outputs.stream().mapToLong(o -> o.bytes().length).sum();
                return Optional.of(new AiResult(t.predictionId(), outputs, t.estimatedUsd(), charge(call, taskKey, t),
                        millisSince(start), true, 0, received));
            }
            case TaskStore.FAILED -> {
                if (ownerCommitted) return Optional.empty();
                store.owner(taskKey, call.jobId());
                throw new AiFailure(t.error(), t.predictionId(), t.estimatedUsd(), charge(call, taskKey, t), null);
            }
            case TaskStore.SUBMITTING, TaskStore.UNKNOWN -> {
                if (ownerCommitted) return Optional.empty();
                store.state(taskKey, TaskStore.UNKNOWN, t.error());
                store.owner(taskKey, call.jobId());
                throw new AiFailure(label(call) + ": an earlier run sent this task to WaveSpeed and stopped before the answer "
                        + "came back, so whether WaveSpeed created (and charged) a task is unknown. It was not submitted again, "
                        + "to avoid paying twice; check the WaveSpeed dashboard, then move the file back into the inbox to run it anew.",
                        null, t.estimatedUsd(), charge(call, taskKey, t), null);
            }
            default -> {
                return Optional.empty(); // REJECTED: nothing was created, a new submit is safe
            }
        }
    }

    private AiResult submitAndWait(AiCall call, String taskKey, String contentKey, long start)
            throws AiFailure, InterruptedException, SQLException {
        ModelSpec model = call.model();
        // the budgets are checked before anything leaves the hub: a photo refused by a budget is never uploaded
        PriceEstimate before = model.estimate(scalarValues(call.inputs()));
        boolean quoteFirst = before.quoteNeeded() || settings.quoteAlways();
        // a price the pricing endpoint must give is not known yet: then only a budget already used up refuses here
        spend.reserve(taskKey, call.route(), model.id(), before.amount().orElse(BigDecimal.ZERO));
        boolean reserved = true;
        Limits.Slot slot = null;
        try {
            long[] sent = {0};
            Map<String, Object> inputs = uploadAll(call, sent);
            BigDecimal[] price = price(call, before, inputs);
            BigDecimal estimate = price[0];
            BigDecimal cost = price[1];
            if (quoteFirst && cost.compareTo(before.amount().orElse(BigDecimal.ZERO)) != 0) {
                // the pricing endpoint had the last word: the reservation becomes the quoted price, within the budgets
                spend.release(taskKey);
                reserved = false;
                try {
                    spend.reserve(taskKey, call.route(), model.id(), cost);
                } catch (AiFailure refused) {
                    throw AiFailure.notSent(refused.getMessage().replace("Nothing was sent and nothing was charged.",
                            "The photo was uploaded so that WaveSpeed could price the run, but no task was submitted and nothing was charged."));
                }
                reserved = true;
            }
            slot = limits.enterTask();
            limits.awaitSubmitPermit();
            store.submitting(taskKey, contentKey, call.route(), call.jobId(), call.ledgerStep(), model.id(), estimate, cost);
            // from here the reservation is settled (a task may exist) or released (a definite refusal), never left
            reserved = false;
            JsonNode data;
            try {
                data = api.submit(model.id(), inputs);
            } catch (ApiError e) {
                if (later(e)) {
                    // nothing was created: the file waits for WaveSpeed instead of failing, and is submitted once it answers
                    store.state(taskKey, TaskStore.REJECTED, e.getMessage());
                    spend.release(taskKey);
                    throw new Postponed(AiGateway.SERVICE, "WaveSpeed cannot take tasks now: " + e.getMessage());
                }
                if (definiteRefusal(e)) {
                    store.state(taskKey, TaskStore.REJECTED, e.getMessage());
                    spend.release(taskKey);
                    throw AiFailure.notSent(label(call) + ": WaveSpeed refused the task: " + e.getMessage()
                            + ". Nothing was created or charged." + advice(e));
                }
                throw unknownOutcome(call, taskKey, estimate, cost, e.getMessage(), e);
            } catch (RuntimeException e) {
                throw unknownOutcome(call, taskKey, estimate, cost, e.toString(), e);
            }
            String id = data.path("id").asText("");
            if (id.isEmpty()) throw unknownOutcome(call, taskKey, estimate, cost, "the submit answer carries no task id", null);
            String url = resultUrl(data, id);
            store.submitted(taskKey, id, url);
            LOG.info("{}: submitted prediction {} for job {} ({} USD)", label(call), id, call.jobId(), cost.toPlainString());
            return waitFor(call, taskKey, id, url, estimate, cost, start, slot, false, sent[0]);
        } finally {
            if (slot != null) slot.close();
            if (reserved) spend.release(taskKey);
        }
    }

    /** What pricing sees before anything is uploaded: the scalar inputs, and each file as present. */
    private static Map<String, String> scalarValues(Map<String, Object> inputs) {
        Map<String, String> values = new LinkedHashMap<>();
        inputs.forEach((k, v) -> {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) values.put(k, String.valueOf(v));
        });
        return values;
    }

    /** WaveSpeed cannot be reached, its breaker is open, or its rate limit is reached: no task exists; try later. */
    private static boolean later(ApiError e) {
        return e.kind() == ApiError.Kind.UNREACHABLE || e.kind() == ApiError.Kind.BREAKER_OPEN
                || (e.kind() == ApiError.Kind.RETRYABLE && e.status() == 429);
    }

    /** The POST may have created a billed task: record it as such, charge the estimate, never resend it. */
    private AiFailure unknownOutcome(AiCall call, String taskKey, BigDecimal estimate, BigDecimal cost, String why, Throwable cause)
            throws SQLException {
        store.state(taskKey, TaskStore.UNKNOWN, why);
        store.charged(taskKey, call.jobId());
        spend.settle(taskKey, cost);
        return new AiFailure(label(call) + ": the submit got no usable answer (" + why + "); WaveSpeed may have created and "
                + "charged the task, so it was not sent again, to avoid paying twice. It is counted at its price "
                + cost.toPlainString() + " USD; check the WaveSpeed dashboard, then move the file back into the inbox to run it anew.",
                null, estimate, cost, cause);
    }

    private static boolean definiteRefusal(ApiError e) {
        return e.kind() == ApiError.Kind.REJECTED;
    }

    private static String advice(ApiError e) {
        return switch (e.status()) {
            case 401 -> " Check WAVESPEED_API_KEY.";
            case 429 -> " The account's rate limit was reached: lower hub.wavespeed.submitsPerMinute or hub.wavespeed.concurrency"
                    + " and move the file back into the inbox.";
            case 0 -> " Move the file back into the inbox once WaveSpeed answers again.";
            default -> " Fix the step's options and move the file back into the inbox.";
        };
    }

    /**
     * Polls to a terminal state within the task timeout, then downloads the outputs. The task's slot (taken here for a
     * resumed task) is given back as soon as WaveSpeed reports the end, so the next task's submit overlaps the download.
     */
    private AiResult waitFor(AiCall call, String taskKey, String id, String url, BigDecimal estimate, BigDecimal cost, long start,
                             Limits.Slot held, boolean resumed, long bytesSent) throws AiFailure, InterruptedException, SQLException {
        Limits.Slot slot = held != null ? held : limits.enterTask();
        try {
            JsonNode data = poll(call, taskKey, id, url, estimate);
            slot.close();
            List<AiOutput> outputs = download(call, taskKey, id, data, estimate);
            store.completed(taskKey, OutputFiles.manifest(outputs));
            long received = outputs.stream().mapToLong(o -> o.bytes().length).sum();
            TaskStore.Task t = store.find(taskKey).orElseThrow();
            return new AiResult(id, outputs, estimate, charge(call, taskKey, t), millisSince(start), resumed, bytesSent, received);
        } finally {
            slot.close();
        }
    }

    private JsonNode poll(AiCall call, String taskKey, String id, String url, BigDecimal estimate)
            throws AiFailure, InterruptedException, SQLException {
        long begin = System.nanoTime();
        long deadline = begin + settings.taskTimeout().toNanos();
        long previousPoll = 0;
        while (true) {
            long polledAt = (System.nanoTime() - begin) / 1_000_000L;
            JsonNode data;
            try {
                data = api.result(url);
            } catch (ApiError e) {
                if (e.kind() == ApiError.Kind.REJECTED && (e.status() == 404 || e.status() == 410)) {
                    // WaveSpeed no longer knows the prediction (kept 7 days): nothing left to resume, so once this job
                    // has committed, the file moved back into the inbox is submitted anew
                    String message = label(call) + ": prediction " + id + " is unknown to WaveSpeed (" + e.getMessage()
                            + "); predictions are kept 7 days. Move the file back into the inbox to run it anew.";
                    store.state(taskKey, TaskStore.FAILED, message);
                    throw paidFailure(call, taskKey, id, estimate, null, e, message);
                }
                // the task exists and may still finish: the row stays SUBMITTED so a re-run resumes it
                throw paidFailure(call, taskKey, id, estimate, "following prediction " + id + " failed: " + e.getMessage()
                        + ". The task was not submitted again; move the file back into the inbox to pick up its result.", e);
            }
            String status = data.path("status").asText("").toLowerCase(Locale.ROOT);
            switch (status) {
                case "completed", "succeeded" -> {
                    polls.finished(call.model().id(), previousPoll, polledAt);
                    return data;
                }
                case "failed", "cancelled", "canceled", "timeout", "deleted" -> {
                    String why = TaskErrors.describe(status, data.path("code").asInt(0), key.redact(data.path("error").asText("")));
                    String message = label(call) + ": prediction " + id + " " + why;
                    store.state(taskKey, TaskStore.FAILED, message);
                    throw paidFailure(call, taskKey, id, estimate, null, null, message);
                }
                default -> {
                    // created, processing, or a status this client does not know yet: keep waiting
                }
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                // abandoned for good: kept in the ledger at its price, never taken up again, so later files submit anew
                String message = label(call) + ": prediction " + id + " was still '" + status + "' after "
                        + settings.taskTimeout().toSeconds() + " s (hub.wavespeed.taskTimeoutSeconds). The hub abandoned it; it is "
                        + "counted at its price, as WaveSpeed charged it when it was submitted (look it up by its id: it may still "
                        + "finish there). Moving the file back into the inbox submits it anew, at its price again.";
                store.state(taskKey, TaskStore.ABANDONED, message);
                throw paidFailure(call, taskKey, id, estimate, null, null, message);
            }
            previousPoll = polledAt;
            long pause = polls.pause(call.model().id(), (now - begin) / 1_000_000L);
            pause = Math.min(pause, Math.max(1, (deadline - now) / 1_000_000L));
            Thread.sleep(pause);
        }
    }

    private AiFailure paidFailure(AiCall call, String taskKey, String id, BigDecimal estimate, String what, Throwable cause)
            throws SQLException {
        return paidFailure(call, taskKey, id, estimate, what, cause, label(call) + ": " + what);
    }

    private AiFailure paidFailure(AiCall call, String taskKey, String id, BigDecimal estimate, String what, Throwable cause,
                                  String message) throws SQLException {
        TaskStore.Task t = store.find(taskKey).orElseThrow();
        return new AiFailure(message, id, estimate, charge(call, taskKey, t), cause);
    }

    /**
     * The cost to report to this job: the task's price, unless a job that already committed reported it (a timed-out
     * task picked up again), so the ledger counts each paid task once. The spend guard settles on the first report.
     */
    private BigDecimal charge(AiCall call, String taskKey, TaskStore.Task t) throws SQLException {
        if (t.chargedJobId() != null && !t.chargedJobId().equals(call.jobId()) && store.jobCommitted(t.chargedJobId())) {
            return BigDecimal.ZERO;
        }
        if (t.chargedJobId() == null) spend.settle(taskKey, t.costUsd());
        if (!call.jobId().equals(t.chargedJobId())) store.charged(taskKey, call.jobId());
        return t.costUsd();
    }

    private List<AiOutput> download(AiCall call, String taskKey, String id, JsonNode data, BigDecimal estimate)
            throws AiFailure, InterruptedException, SQLException {
        OutputFiles files = new OutputFiles(tasksRoot, taskKey);
        List<AiOutput> outputs = new ArrayList<>();
        JsonNode list = data.path("outputs");
        int n = 0;
        for (JsonNode item : list) {
            if (item.isNull() || (item.isTextual() && item.asText().isBlank())) {
                String message = label(call) + ": prediction " + id + " completed, but its output " + (n + 1)
                        + " is empty. The task is paid; move the file back into the inbox to run it anew.";
                store.state(taskKey, TaskStore.FAILED, message);
                throw paidFailure(call, taskKey, id, estimate, null, null, message);
            }
            try {
                Optional<Path> saved = files.existing(n);
                AiOutput out;
                if (saved.isPresent()) {
                    out = files.load(saved.get(), saved.get().toString().endsWith(".txt"), "");
                } else {
                    out = fetch(call, item);
                    files.save(n, out);
                }
                outputs.add(out);
            } catch (ApiError e) {
                String message = label(call) + ": prediction " + id + " completed, but output " + (n + 1) + " could not be "
                        + "downloaded (" + e.getMessage() + "). The task is paid; WaveSpeed keeps outputs 7 days.";
                if (e.status() == 404 || e.status() == 410) store.state(taskKey, TaskStore.FAILED, message);
                throw paidFailure(call, taskKey, id, estimate, null, e, message);
            } catch (IOException e) {
                throw paidFailure(call, taskKey, id, estimate, "prediction " + id + " completed, but output " + (n + 1)
                        + " could not be saved under " + tasksRoot.resolve(taskKey) + " (" + e.getMessage() + ")", e);
            }
            n++;
        }
        if (outputs.isEmpty()) {
            String message = label(call) + ": prediction " + id + " completed without any output";
            store.state(taskKey, TaskStore.FAILED, message);
            throw paidFailure(call, taskKey, id, estimate, null, null, message);
        }
        return outputs;
    }

    /** One output: a URL (string or object field) to download, an inline text, or bare base64 bytes. */
    private AiOutput fetch(AiCall call, JsonNode item) throws ApiError, InterruptedException {
        if (item.isObject()) {
            String url = item.path("url").asText("");
            if (!url.isEmpty()) return downloaded(url, item.path("type").asText(""), call.model().output());
            for (String field : new String[] {"text", "caption", "content", "output"}) {
                if (item.path(field).isTextual()) return AiOutput.text(item.path(field).asText());
            }
            return AiOutput.text(item.toString());
        }
        String s = item.asText("");
        if (s.startsWith("http://") || s.startsWith("https://")) return downloaded(s, "", call.model().output());
        if (call.model().output() == OutputKind.TEXT) return AiOutput.text(s);
        try {
            byte[] bytes = Base64.getDecoder().decode(s);
            return new AiOutput(Extensions.sniff(bytes, call.model().output()), bytes, null, "");
        } catch (IllegalArgumentException e) {
            return AiOutput.text(s);
        }
    }

    private AiOutput downloaded(String url, String typeHint, OutputKind kind) throws ApiError, InterruptedException {
        HttpTransport.Response r = api.download(url);
        String ext = Extensions.of(URI.create(url).getPath(), r.contentType(), typeHint, r.body(), kind);
        if (ext.equals("txt")) return new AiOutput("txt", r.body(), new String(r.body(), StandardCharsets.UTF_8), url);
        return new AiOutput(ext, r.body(), null, url);
    }

    /** Uploads every {@link AiInput} (also inside lists and maps) and returns the inputs with URLs in their place. */
    private Map<String, Object> uploadAll(AiCall call, long[] sent) throws AiFailure, InterruptedException, SQLException {
        Map<AiInput, String> urls = new IdentityHashMap<>();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : call.inputs().entrySet()) out.put(e.getKey(), resolve(call, e.getValue(), urls, sent));
        return out;
    }

    private Object resolve(AiCall call, Object value, Map<AiInput, String> urls, long[] sent)
            throws AiFailure, InterruptedException, SQLException {
        if (value instanceof AiInput in) {
            String url = urls.get(in);
            if (url == null) {
                url = uploadOne(call, in, sent);
                urls.put(in, url);
            }
            return url;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) out.add(resolve(call, o, urls, sent));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) out.put(String.valueOf(e.getKey()), resolve(call, e.getValue(), urls, sent));
            return out;
        }
        return value;
    }

    private String uploadOne(AiCall call, AiInput in, long[] sent) throws AiFailure, InterruptedException, SQLException {
        String sha = TaskKey.sha256(in.bytes());
        // identical bytes of files processed at the same moment wait for one upload instead of sending it again each
        synchronized (uploading.computeIfAbsent(sha, k -> new Object())) {
            try {
                return uploadOnce(call, in, sha, sent);
            } finally {
                uploading.remove(sha);
            }
        }
    }

    private String uploadOnce(AiCall call, AiInput in, String sha, long[] sent) throws AiFailure, InterruptedException, SQLException {
        Optional<String> cached = store.upload(sha, settings.baseUrl(), UPLOAD_CACHE);
        if (cached.isPresent()) return cached.get();
        try {
            String url = api.upload(in);
            store.uploaded(sha, settings.baseUrl(), url, in.bytes().length);
            sent[0] += in.bytes().length;
            return url;
        } catch (ApiError e) {
            if (e.status() == 413) {
                throw AiFailure.notSent(label(call) + ": WaveSpeed refused the upload of " + in.fileName() + " ("
                        + megabytes(in.bytes().length) + "): it is larger than WaveSpeed accepts (images up to 20 MB, audio 50 MB, "
                        + "video 100 MB). Server said: " + e.getMessage() + ". Nothing was submitted; shrink the file and move it back.");
            }
            if (later(e) || e.kind() == ApiError.Kind.NETWORK || (e.kind() == ApiError.Kind.RETRYABLE)) {
                throw new Postponed(AiGateway.SERVICE, "uploading to WaveSpeed failed for now: " + e.getMessage());
            }
            throw AiFailure.notSent(label(call) + ": uploading " + in.fileName() + " failed: " + e.getMessage()
                    + ". Nothing was submitted or charged; move the file back into the inbox to retry.");
        }
    }

    /**
     * Estimate and cost: the registry's price for these inputs, confirmed by the pricing endpoint (with the real, uploaded
     * inputs) when the registry cannot price them or {@code hub.wavespeed.quote = always}. Refuses when neither knows it.
     */
    private BigDecimal[] price(AiCall call, PriceEstimate registryPrice, Map<String, Object> inputs) throws AiFailure {
        ModelSpec model = call.model();
        Optional<BigDecimal> quoted = Optional.empty();
        String quoteError = null;
        if (registryPrice.quoteNeeded() || settings.quoteAlways()) {
            try {
                quoted = api.quote(model.id(), inputs);
            } catch (ApiError e) {
                quoteError = e.getMessage();
            }
        }
        if (registryPrice.quoteNeeded() && quoted.isEmpty()) {
            throw AiFailure.notSent(label(call) + ": the price of this run is unknown (" + registryPrice.detail() + ") and the "
                    + "pricing endpoint gave none" + (quoteError == null ? "" : " (" + quoteError + ")")
                    + "; the hub never submits a task it cannot price. No task was submitted and nothing was charged.");
        }
        BigDecimal estimate = registryPrice.amount().orElseGet(quoted::get);
        return new BigDecimal[] {estimate, quoted.orElse(estimate)};
    }

    /** {@code data.urls.get} when it points at the API itself (the key is only ever sent there), else the documented path. */
    private String resultUrl(JsonNode data, String id) {
        String get = data.path("urls").path("get").asText("");
        if (!get.isEmpty() && get.startsWith(settings.baseUrl() + "/")) return get;
        return settings.baseUrl() + "/api/v3/predictions/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8) + "/result";
    }

    private static String label(AiCall call) {
        return call.ledgerStep() + " (WaveSpeed model " + call.model().id() + ")";
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000L;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    @Override
    public java.util.Optional<java.math.BigDecimal> balance() {
        return balance.current(settings.balanceEvery(), () -> api.balance());
    }

    @Override
    public void close() {
        balance.close();
        api.close();
    }
}
