package dev.imagehub.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.imagehub.ledger.UsageRecord;

/**
 * The hub's metrics in one Micrometer registry, rendered for Prometheus at {@code /metrics}: files per folder and
 * outcome, in flight and waiting, step and chain timings, AI submits and cost per model, the ledger's connection pool
 * (HikariCP), the memory budget and the process's resident memory besides the JVM's own.
 */
public final class HubMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Path inbox;

    /** Metrics of the hub whose inbox is {@code inbox}. */
    public HubMetrics(Path inbox) {
        this.inbox = inbox;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("process.resident.memory", HubMetrics::residentBytes).baseUnit("bytes")
                .description("resident set size of the whole process (Java heap, native image buffers, codecs)").register(registry);
    }

    /** Reports the memory budget's bytes in use, as {@code budgetUsed} tells them. */
    public void memoryBudget(java.util.function.LongSupplier budgetUsed) {
        Gauge.builder("hub.memory.budget.used", budgetUsed::getAsLong).baseUnit("bytes")
                .description("decoded pixels and file bytes held under the memory budget (native memory included)").register(registry);
    }

    /** The registry, for the ledger's connection pool and anything else that reports to Micrometer. */
    public MeterRegistry registry() {
        return registry;
    }

    /** A file of {@code folder} is being worked on (until {@link #finished}). */
    public void started(String folder) {
        inFlight(folder).incrementAndGet();
    }

    /** A file of {@code folder} left the worker: {@code outcome} is done, failed or waiting (not taken this time). */
    public void finished(String folder, String outcome) {
        inFlight(folder).decrementAndGet();
        if (!outcome.equals("waiting")) Counter.builder("hub.files").tag("folder", folder).tag("outcome", outcome)
                .description("files that left a hot folder, by outcome").register(registry).increment();
    }

    /** The ledger rows of one finished file: step and chain timings, AI submits and cost per model. */
    public void recorded(String folder, String chain, List<UsageRecord> usage) {
        long total = 0;
        for (UsageRecord u : usage) {
            total += u.durationMs();
            Timer.builder("hub.step").tag("step", u.step()).publishPercentileHistogram().description("time of each step")
                    .register(registry).record(java.time.Duration.ofMillis(u.durationMs()));
            if (u.model() != null) {
                Counter.builder("hub.ai.submits").tag("model", u.model()).tag("status", u.status()).register(registry).increment();
                Counter.builder("hub.ai.cost").baseUnit("usd").tag("model", u.model()).register(registry).increment(u.costUsd().doubleValue());
            }
        }
        Timer.builder("hub.chain").tag("chain", chain == null ? "" : chain).tag("folder", folder).publishPercentileHistogram()
                .description("time of a whole chain run").register(registry).record(java.time.Duration.ofMillis(total));
    }

    /** A mail taken from a mailbox ({@code in}) or a reply sent ({@code out}) by {@code route}. */
    public void mail(String route, String direction) {
        Counter.builder("hub.mail").tag("route", route).tag("direction", direction).description("mails read and replies sent")
                .register(registry).increment();
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    private AtomicInteger inFlight(String folder) {
        return inFlight.computeIfAbsent(folder, f -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("hub.files.inflight", n, AtomicInteger::get).tag("folder", f).description("files being worked on").register(registry);
            Gauge.builder("hub.files.backlog", () -> backlog(f)).tag("folder", f).description("files waiting in the inbox folder")
                    .register(registry);
            return n;
        });
    }

    /** Registers the in-flight and backlog gauges of {@code folder} before its first file. */
    public void folder(String folder) {
        inFlight(folder);
    }

    private long backlog(String folder) {
        try (Stream<Path> s = Files.list(inbox.resolve(folder))) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static double residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc unreadable: no figure rather than a wrong one
        }
        return Double.NaN;
    }
}
