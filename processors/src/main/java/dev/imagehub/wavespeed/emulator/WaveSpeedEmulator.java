package dev.imagehub.wavespeed.emulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import dev.imagehub.config.ConfigException;
import dev.imagehub.wavespeed.ModelRegistry;

/**
 * A WaveSpeed API look-alike on loopback: model submits, result polling, uploads, balance, pricing and the model list,
 * with configurable latency, fault injection and a stats endpoint, so the hub's AI chains can run without a key.
 * See docs/wavespeed-emulator.md.
 */
public final class WaveSpeedEmulator implements AutoCloseable {
    /** Default latency of the standalone emulator: short, yet long enough to watch a task go through its statuses. */
    public static final Duration STANDALONE_LATENCY = Duration.ofMillis(1500);

    /** Memory for uploads and outputs; beyond it the oldest files are forgotten (a later read gets 404 or task code 1402). */
    static final long STORE_BYTES = 256L * 1024 * 1024;

    /** A stored file (upload or output); {@code delayMillis} throttles its download when a slow-download fault is set. */
    record StoredFile(byte[] bytes, String contentType, long delayMillis) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ExecutorService renderPool;
    private final HttpClient fetchClient;
    final Stats stats = new Stats();
    final Faults faults = new Faults();
    final BoundedStore<Prediction> predictions = new BoundedStore<>(10_000);
    final BoundedStore<StoredFile> files = new BoundedStore<>(STORE_BYTES, f -> f.bytes().length);
    final BoundedStore<ApiHandler.UploadSlot> uploadSlots = new BoundedStore<>(2_000);
    final OutputMaker outputs = new OutputMaker(this::fetch);
    private final Map<String, Long> latencyByModel = new ConcurrentHashMap<>();
    private volatile long defaultLatencyMillis;
    /** The latency it was started with, restored by {@link #reset()}. */
    private final long startLatencyMillis;
    private volatile long maxUploadBytes = 20L * 1024 * 1024;
    private volatile boolean objectOutputs;
    private volatile boolean twoStepUploads = true;
    private volatile String quoteEndpoint = "both";
    private volatile long syncTimeoutMillis = 30_000;
    /** Starting balance in USD, generous enough for any manual session. */
    static final double START_BALANCE = 100.0;
    private double balance = START_BALANCE;

    /** The models it answers for, from the hub's model registry (ids, names, price rules). */
    final Map<String, EmulatedModel> catalogue;

    private WaveSpeedEmulator(int port, Duration defaultLatency, ModelRegistry registry) throws IOException {
        this.catalogue = EmulatedModel.catalogue(registry);
        this.defaultLatencyMillis = defaultLatency.toMillis();
        this.startLatencyMillis = defaultLatency.toMillis();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.executor = Executors.newFixedThreadPool(48, r -> {
            Thread t = new Thread(r, "wavespeed-emulator");
            t.setDaemon(true);
            return t;
        });
        this.renderPool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "wavespeed-emulator-render");
            t.setDaemon(true);
            return t;
        });
        this.fetchClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        server.setExecutor(executor);
        server.createContext("/api/v3/", new ApiHandler(this));
        FilesHandler filesHandler = new FilesHandler(this);
        server.createContext("/media/", filesHandler);
        server.createContext("/outputs/", filesHandler);
        server.createContext("/__emulator/", new AdminHandler(this));
        server.start();
    }

    /**
     * Starts on 127.0.0.1 at {@code port} (0 = any free port) with the given latency for every model, answering for
     * the models of the shipped config/models.yaml at their registry prices.
     */
    public static WaveSpeedEmulator start(int port, Duration defaultLatency) throws IOException {
        return start(port, defaultLatency, EmulatedModel.shippedRegistry());
    }

    /** As {@link #start(int, Duration)}, answering for the models of {@code registry} at its prices. */
    public static WaveSpeedEmulator start(int port, Duration defaultLatency, ModelRegistry registry) throws IOException {
        return new WaveSpeedEmulator(port, defaultLatency, registry);
    }

    /** {@code hub emulator [port]} with the bundled registry. */
    public static int runStandalone(String[] args) throws IOException, InterruptedException {
        return runStandalone(null, args);
    }

    /**
     * {@code hub emulator [port]}: runs until the process is stopped, with the models and prices of
     * {@code <configDir>/models.yaml} (the hub's own registry, so both price alike), or the bundled one when null.
     */
    public static int runStandalone(Path configDir, String[] args) throws IOException, InterruptedException {
        int port;
        try {
            port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        } catch (NumberFormatException e) {
            System.err.println("usage: hub emulator [port]   ('" + args[0] + "' is not a port number)");
            return 2;
        }
        ModelRegistry registry;
        try {
            registry = configDir == null ? EmulatedModel.shippedRegistry() : ModelRegistry.load(configDir);
        } catch (ConfigException e) {
            System.err.println("Cannot start the emulator: " + e.getMessage());
            return 2;
        }
        WaveSpeedEmulator emulator = start(port, STANDALONE_LATENCY, registry);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        System.out.println("WaveSpeed emulator listening on " + emulator.baseUrl() + " (latency " + STANDALONE_LATENCY.toMillis()
                + " ms); run the hub with WAVESPEED_BASE_URL=" + emulator.baseUrl() + " and any WAVESPEED_API_KEY. Ctrl-C stops it.");
        stopped.await();
        return 0;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Stats stats() {
        return stats;
    }

    /** Latency of tasks submitted from now on for every model without its own setting. */
    public void defaultLatency(Duration latency) {
        defaultLatencyMillis = latency.toMillis();
    }

    /** Latency of tasks submitted from now on for one model. */
    public void latency(String modelId, Duration latency) {
        latencyByModel.put(modelId, latency.toMillis());
    }

    long latencyMillis(String modelId) {
        return latencyByModel.getOrDefault(modelId, defaultLatencyMillis);
    }

    public void maxUploadBytes(long bytes) {
        maxUploadBytes = bytes;
    }

    long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** When true, caption and 3D outputs are objects ({@code {"text":...}}, {@code {"url":...}}) instead of plain strings. */
    public void objectOutputs(boolean on) {
        objectOutputs = on;
    }

    boolean objectOutputs() {
        return objectOutputs;
    }

    /** When false, {@code POST /api/v3/media/uploads} answers 404, as an API without the two-step upload would. */
    public void twoStepUploads(boolean on) {
        twoStepUploads = on;
    }

    boolean twoStepUploads() {
        return twoStepUploads;
    }

    /**
     * Which quote endpoint exists: {@code both} (default), {@code pricing} (only {@code /model/pricing}) or {@code price}
     * (only {@code /model/price}); the other answers 404, as the two API generations in WAVESPEED-API.md would.
     */
    public void quoteEndpoint(String which) {
        if (!which.equals("both") && !which.equals("pricing") && !which.equals("price")) {
            throw new IllegalArgumentException("quote_endpoint must be both, pricing or price, was '" + which + "'");
        }
        quoteEndpoint = which;
    }

    String quoteEndpoint() {
        return quoteEndpoint;
    }

    /** How long a submit with {@code enable_sync_mode} waits before answering "still processing" (code 5004). */
    public void syncTimeout(Duration timeout) {
        syncTimeoutMillis = timeout.toMillis();
    }

    long syncTimeoutMillis() {
        return syncTimeoutMillis;
    }

    synchronized double balance() {
        return balance;
    }

    synchronized void balance(double value) {
        balance = value;
    }

    /** Takes the price from the balance; false (and nothing taken) when the balance does not cover it. */
    synchronized boolean charge(double amount) {
        if (balance < amount) return false;
        balance = Math.round((balance - amount) * 1_000_000d) / 1_000_000d;
        return true;
    }

    /** Back to the emulator as started: stats, faults, latencies, settings and balance, so one test does not leak into the next. */
    public void reset() {
        stats.reset();
        faults.clear();
        latencyByModel.clear();
        balance(START_BALANCE);
        // settings too, so each test (or curious user) starts from the emulator as it was started
        defaultLatencyMillis = startLatencyMillis;
        maxUploadBytes = 20L * 1024 * 1024;
        objectOutputs = false;
        twoStepUploads = true;
        quoteEndpoint = "both";
        syncTimeoutMillis = 30_000;
    }

    /**
     * Reads an input media URL: the emulator's own files directly, other loopback servers over HTTP; anything else is
     * refused (task code 1402) because the emulator never sends traffic off the machine.
     */
    private byte[] fetch(String url) throws OutputMaker.TaskFailure {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new OutputMaker.TaskFailure(1402, "Media URL not reachable: '" + url + "' is not a URL");
        }
        String host = uri.getHost();
        if (host == null || !(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"))) {
            throw new OutputMaker.TaskFailure(1402, "Media URL not reachable: the emulator only reads loopback URLs, not " + url);
        }
        if (uri.getPort() == port() && uri.getPath() != null) {
            StoredFile f = files.get(FilesHandler.key(uri.getPath()));
            if (f == null) throw new OutputMaker.TaskFailure(1402, "Media URL not reachable: " + url + " is not (or no longer) stored");
            return f.bytes();
        }
        try {
            HttpResponse<byte[]> r = fetchClient.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2) throw new OutputMaker.TaskFailure(1402, "Media URL not reachable: " + url + " answered HTTP " + r.statusCode());
            return r.body();
        } catch (IOException e) {
            throw new OutputMaker.TaskFailure(1402, "Media URL not reachable: " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutputMaker.TaskFailure(5000, "Internal error: interrupted while reading " + url);
        }
    }

    /** Makes a prediction's outputs in the background and stores its files under {@code /outputs/{id}/{n}.{ext}}. */
    void render(Prediction p, String base) {
        p.render(() -> {
            if (p.fault != null && p.fault.kind.terminalStatus != null) {
                return new Prediction.Result(p.fault.kind.terminalStatus, List.of(), p.fault.taskCode, p.fault.message);
            }
            List<Object> made;
            try {
                made = outputs.make(p.model, p.inputs);
            } catch (OutputMaker.TaskFailure f) {
                return Prediction.Result.failed(f.code, f.getMessage());
            } catch (RuntimeException e) {
                // a rendering bug must end the task like a server-side error, not leave the poll without an answer
                return Prediction.Result.failed(5000, "Internal error: " + e);
            }
            boolean base64 = p.inputs.path("enable_base64_output").asBoolean(false);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < made.size(); i++) {
                Object m = made.get(i);
                if (m instanceof OutputMaker.OutputFile file && base64) {
                    out.add(Base64.getEncoder().encodeToString(file.bytes()));
                } else if (m instanceof OutputMaker.OutputFile file) {
                    String key = "outputs/" + p.id + "/" + i + "." + file.ext();
                    boolean missing = p.fault != null && p.fault.kind == Faults.Kind.OUTPUT_404;
                    long delay = p.fault != null && p.fault.kind == Faults.Kind.SLOW_DOWNLOAD ? p.fault.delayMillis : 0;
                    if (!missing) files.put(key, new StoredFile(file.bytes(), file.contentType(), delay));
                    String url = base + "/" + key;
                    out.add(objectOutputs && file.ext().equals("glb") ? Map.of("url", url, "type", "glb") : url);
                } else {
                    out.add(objectOutputs ? Map.of("text", m) : m);
                }
            }
            return Prediction.Result.completed(out);
        }, renderPool);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        renderPool.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
