package dev.imagehub.batch;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.files.AtomicFiles;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ConfiguredStep;
import dev.imagehub.image.BadImageException;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.wavespeed.PriceEstimate;
import dev.imagehub.estimate.AiCostPlanner;
import dev.imagehub.estimate.GenericPlanner;
import dev.imagehub.estimate.PlanContext;
import dev.imagehub.estimate.PlannedCall;

/**
 * What a batch will do before it runs: each row's chain, options, problem, estimated time and cost and the paid AI steps
 * it calls, with totals; written as estimate.json and a readable estimate.html. Each AI step is planned like
 * {@code hub estimate} does (the model chosen by mode or name, one call per language or compared model, the row's own
 * options and the image's size) and priced with config/models.yaml; only a call the registry cannot price (a quote-only
 * model) or a step that cannot be planned falls back to the ledger's recent average for that step, and with no history
 * either the row is "unpriced" and the batch needs approval. Time comes from the ledger's recent averages; a step never
 * run counts {@link #LOCAL_STEP_MS} (local) or {@link #AI_STEP_MS} (AI).
 */
record BatchEstimate(String batchId, String approveName, List<RowEstimate> rows, long totalMs, int aiRows, int invalidRows,
                     BigDecimal costUsd, int unpricedRows, BigDecimal autoApproveUsd) {
    static final long LOCAL_STEP_MS = 300;
    static final long AI_STEP_MS = 20_000;
    /** Probe, decode and encode around every chain. */
    static final List<String> FIXED_STEPS = List.of("probe", "decode", "encode");
    /** Where a price came from: the registry's rule, the ledger's recent average, or nowhere (unpriced). */
    static final String REGISTRY = "registry";
    static final String LEDGER = "ledger";
    static final String NONE = "none";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One row: {@code aiSteps} lists the paid steps of its chain; {@code costUsd} is null when one call has no price. */
    record RowEstimate(BatchManifest.Row row, List<String> aiSteps, long estimatedMs, BigDecimal costUsd, List<Priced> pricing) {
    }

    /**
     * One priced AI call (or a whole step priced from the ledger): {@code usd} is null when unpriced; {@code source}
     * is {@link #REGISTRY}, {@link #LEDGER} or {@link #NONE}; {@code model} and {@code reason} are empty for a step
     * that could not be planned; {@code detail} says how the amount was reached.
     */
    record Priced(String step, String model, String reason, BigDecimal usd, String source, String detail) {
    }

    static BatchEstimate of(BatchManifest manifest, ChainCatalog chains, Map<String, BatchStore.StepHistory> history,
                            BigDecimal autoApproveUsd, ModelRegistry registry, Path home) {
        List<RowEstimate> rows = new ArrayList<>();
        long total = 0;
        int ai = 0;
        int invalid = 0;
        int unpriced = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (BatchManifest.Row r : manifest.rows()) {
            if (!r.valid()) {
                invalid++;
                rows.add(new RowEstimate(r, List.of(), 0, BigDecimal.ZERO, List.of()));
                continue;
            }
            ChainDefinition chain = r.chainIn(chains);
            List<String> aiSteps = new ArrayList<>();
            List<Priced> pricing = new ArrayList<>();
            PlanContext ctx = null;
            double ms = 0;
            for (String s : FIXED_STEPS) ms += millis(history, s, LOCAL_STEP_MS);
            for (ConfiguredStep<?> s : chain.steps()) {
                boolean paid = s.paid();
                ms += millis(history, s.name(), paid ? AI_STEP_MS : LOCAL_STEP_MS);
                if (!paid) continue;
                aiSteps.add(s.name());
                if (ctx == null) ctx = context(r, registry, home);
                pricing.addAll(price(s, ctx, history.get(s.name())));
            }
            BigDecimal rowCost = BigDecimal.ZERO;
            for (Priced p : pricing) rowCost = rowCost == null || p.usd() == null ? null : rowCost.add(p.usd());
            if (!aiSteps.isEmpty()) ai++;
            if (rowCost == null) unpriced++;
            else cost = cost.add(rowCost);
            total += Math.round(ms);
            rows.add(new RowEstimate(r, List.copyOf(aiSteps), Math.round(ms), rowCost, List.copyOf(pricing)));
        }
        return new BatchEstimate(manifest.id(), BatchFolder.approveFile(manifest.file()).getFileName().toString(),
                List.copyOf(rows), total, ai, invalid, cost, unpriced, autoApproveUsd);
    }

    // the row's image as hub estimate sees a file: its upright size, and the row's options standing in for a sidecar
    private static PlanContext context(BatchManifest.Row r, ModelRegistry registry, Path home) {
        int w = 0;
        int h = 0;
        try {
            ImageInfo info = ImageProbe.probe(dev.imagehub.files.FileBytes.read(r.source()));
            w = info.orientedWidth();
            h = info.orientedHeight();
        } catch (IOException | BadImageException | RuntimeException e) {
            // an unreadable image fails at its probe when the row runs; size-dependent prices use the model's defaults
        }
        Path source = r.source();
        return new PlanContext(registry, home, source == null ? r.image() : source.getFileName().toString(),
                source == null ? home : source.getParent(), w, h, r.options());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Priced> price(ConfiguredStep<?> s, PlanContext ctx, BatchStore.StepHistory history) {
        List<PlannedCall> calls;
        try {
            calls = s.step() instanceof AiCostPlanner planner ? planner.plan(s.options(), ctx)
                    : GenericPlanner.plan(s.name(), s.options(), ctx).orElse(List.of());
        } catch (RuntimeException e) {
            // e.g. a row's languages the model does not know: the row fails when it runs, so price what the ledger knows
            return List.of(fromLedger(s.name(), "", "", history, "cannot be planned (" + e.getMessage() + ")"));
        }
        List<Priced> out = new ArrayList<>();
        for (PlannedCall c : calls) {
            String label = c.variant().isEmpty() ? s.name() : s.name() + ":" + c.variant();
            PriceEstimate p = c.choice().model().estimate(c.priceInputs());
            if (p.quoteNeeded()) {
                out.add(fromLedger(label, c.choice().model().id(), c.choice().reason(), history, "the registry has no price (" + p.detail() + ")"));
            } else {
                out.add(new Priced(label, c.choice().model().id(), c.choice().reason(), p.usd(), REGISTRY, p.detail()));
            }
        }
        return out;
    }

    private static Priced fromLedger(String step, String model, String reason, BatchStore.StepHistory history, String why) {
        return history == null
                ? new Priced(step, model, reason, null, NONE, why + " and the hub has not run this step recently")
                : new Priced(step, model, reason, history.usd(), LEDGER, why + "; recent average of the step in the ledger");
    }

    /** The part of {@link #costUsd} that came from {@code source} ({@link #REGISTRY} or {@link #LEDGER}). */
    BigDecimal costFrom(String source) {
        BigDecimal sum = BigDecimal.ZERO;
        for (RowEstimate e : rows) {
            if (e.costUsd() == null) continue;
            for (Priced p : e.pricing()) if (p.source().equals(source)) sum = sum.add(p.usd());
        }
        return sum;
    }

    private static double millis(Map<String, BatchStore.StepHistory> history, String step, long fallback) {
        BatchStore.StepHistory h = history.get(step);
        return h == null ? fallback : h.millis();
    }

    /**
     * A batch runs without the approve file when every row is valid and its AI cost is priced and at most
     * hub.batch.autoApproveUsd (default 0: local-only batches run at once, any AI cost waits).
     */
    boolean needsApproval() {
        return invalidRows > 0 || unpricedRows > 0 || costUsd.compareTo(autoApproveUsd) > 0;
    }

    int validRows() {
        return rows.size() - invalidRows;
    }

    void write(Path dir) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("batch", batchId);
        root.put("rows", rows.size());
        root.put("validRows", validRows());
        root.put("invalidRows", invalidRows);
        root.put("aiRows", aiRows);
        root.put("costUsd", costUsd);
        root.put("costFromRegistryUsd", costFrom(REGISTRY));
        root.put("costFromLedgerUsd", costFrom(LEDGER));
        root.put("unpricedRows", unpricedRows);
        root.put("autoApproveUsd", autoApproveUsd);
        root.put("estimatedSeconds", Math.round(totalMs / 100.0) / 10.0);
        root.put("needsApproval", needsApproval());
        root.put("approveFile", approveName);
        List<Map<String, Object>> list = new ArrayList<>();
        for (RowEstimate e : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("row", e.row().number());
            m.put("image", e.row().image());
            m.put("chain", e.row().chain());
            if (e.row().operations() != null) m.put("operations", e.row().operations().stepNames());
            m.put("options", e.row().options());
            m.put("output", e.row().output());
            m.put("valid", e.row().valid());
            if (!e.row().valid()) m.put("problem", e.row().problem());
            m.put("aiSteps", e.aiSteps());
            m.put("estimatedSeconds", Math.round(e.estimatedMs() / 100.0) / 10.0);
            m.put("costUsd", e.costUsd());
            List<Map<String, Object>> pricing = new ArrayList<>();
            for (Priced p : e.pricing()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("step", p.step());
                c.put("model", p.model());
                c.put("reason", p.reason());
                c.put("usd", p.usd());
                c.put("source", p.source());
                c.put("detail", p.detail());
                pricing.add(c);
            }
            m.put("pricing", pricing);
            list.add(m);
        }
        root.put("items", list);
        // the HTML first: a reader waiting for estimate.json finds the page beside it
        AtomicFiles.write(dir.resolve("estimate.html"), html().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("estimate.json"), JSON.writeValueAsBytes(root));
    }

    String html() {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Batch ").append(esc(batchId))
                .append(" estimate</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.bad{color:#b00020}</style></head><body>\n");
        h.append("<h1>Batch ").append(esc(batchId)).append("</h1>\n<p>").append(rows.size()).append(" rows: ").append(validRows())
                .append(" valid, ").append(invalidRows).append(" invalid; ").append(aiRows).append(" call paid AI models. Estimated time: ")
                .append(String.format(Locale.ROOT, "%.1f s", totalMs / 1000.0)).append(". Estimated AI cost: ")
                .append(usd(costUsd)).append(" (").append(usd(costFrom(REGISTRY))).append(" from the prices of config/models.yaml, ")
                .append(usd(costFrom(LEDGER))).append(" from the ledger's recent averages)")
                .append(unpricedRows > 0 ? " and " + unpricedRows + " row(s) with an AI call neither the registry nor the ledger can price" : "")
                .append(" (runs without approval up to ").append(usd(autoApproveUsd)).append(", hub.batch.autoApproveUsd). ")
                .append(needsApproval() ? "Waiting for approval (" + (invalidRows > 0 ? "invalid rows are skipped" : "AI cost")
                        + "): drop <code>" + esc(approveName) + "</code> beside the manifest, or fix the manifest and drop it again."
                        : aiRows == 0 ? "Local steps only: runs without approval." : "Under the threshold: runs without approval.")
                .append("</p>\n");
        h.append("<table><tr><th>row</th><th>image</th><th>chain</th><th>options</th><th>output</th><th>AI steps</th>"
                + "<th>est. seconds</th><th>est. USD</th><th>how priced</th><th>problem</th></tr>\n");
        for (RowEstimate e : rows) {
            BatchManifest.Row r = e.row();
            h.append("<tr").append(r.valid() ? "" : " class=\"bad\"").append("><td>").append(r.number()).append("</td><td>")
                    .append(esc(r.image())).append("</td><td>").append(esc(r.operations() != null ? r.operations().stepNames() : r.chain())).append("</td><td>").append(esc(String.valueOf(r.options())))
                    .append("</td><td>").append(esc(r.output())).append("</td><td>").append(esc(String.join(", ", e.aiSteps())))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.1f", e.estimatedMs() / 1000.0)).append("</td><td>")
                    .append(e.costUsd() == null ? "not priced" : usd(e.costUsd())).append("</td><td>")
                    .append(pricing(e.pricing())).append("</td><td>")
                    .append(esc(r.problem())).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Estimated time per row</h2>\n").append(chart()).append("\n</body></html>\n");
        return h.toString();
    }

    // one line per call: "translate:es alibaba/qwen-image/translate $0.0100 from the registry: flat (budget mode: ...)"
    private static String pricing(List<Priced> pricing) {
        List<String> lines = new ArrayList<>();
        for (Priced p : pricing) {
            String from = switch (p.source()) {
                case REGISTRY -> "from the registry";
                case LEDGER -> "from the ledger";
                default -> "not priced";
            };
            lines.add(esc(p.step() + (p.model().isEmpty() ? "" : " " + p.model()) + " " + (p.usd() == null ? "" : usd(p.usd()) + " ")
                    + from + ": " + p.detail() + (p.reason().isEmpty() ? "" : " (model: " + p.reason() + ")")));
        }
        return String.join("<br>", lines);
    }

    // a small horizontal bar chart: one bar per row, as wide as its share of the longest row
    private String chart() {
        long max = rows.stream().mapToLong(RowEstimate::estimatedMs).max().orElse(0);
        int barHeight = 18;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"520\" height=\"").append(rows.size() * barHeight + 4)
                .append("\" role=\"img\" aria-label=\"estimated seconds per row\">");
        int y = 2;
        for (RowEstimate e : rows) {
            long w = max == 0 ? 0 : Math.round(360.0 * e.estimatedMs() / max);
            s.append("<text x=\"0\" y=\"").append(y + 13).append("\" font-size=\"12\">row ").append(e.row().number()).append("</text>");
            s.append("<rect x=\"70\" y=\"").append(y + 2).append("\" width=\"").append(w).append("\" height=\"").append(barHeight - 4)
                    .append("\" fill=\"").append(e.aiSteps().isEmpty() ? "#4a7ebb" : "#d08020").append("\"/>");
            s.append("<text x=\"").append(76 + w).append("\" y=\"").append(y + 13).append("\" font-size=\"12\">")
                    .append(String.format(Locale.ROOT, "%.1f s", e.estimatedMs() / 1000.0)).append("</text>");
            y += barHeight;
        }
        return s.append("</svg>").toString();
    }

    private static String usd(BigDecimal v) {
        return String.format(Locale.ROOT, "$%.4f", v);
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
