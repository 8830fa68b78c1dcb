package dev.imagehub.console;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The models of an AI step's {@code compare} run side by side: each model's result (the output named
 * {@code <name>-<model>.<ext>}), its cost and its time, from the run's ledger rows. Empty for a run without one.
 */
final class ModelComparison {
    private ModelComparison() {
    }

    /** {@code published}: the job's outputs (relative paths, in the order their links are numbered from 1 under {@code base}). */
    static List<Map<String, Object>> of(List<JobHistory.Operation> operations, List<String> published, String base) {
        Map<Integer, List<JobHistory.Operation>> byStep = new LinkedHashMap<>();
        for (JobHistory.Operation o : operations) {
            if (o.model() != null && !o.model().isEmpty()) byStep.computeIfAbsent(o.index(), k -> new ArrayList<>()).add(o);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<JobHistory.Operation> step : byStep.values()) {
            if (step.stream().map(JobHistory.Operation::model).distinct().count() < 2) continue;   // one model: nothing compared
            for (JobHistory.Operation o : step) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", o.model());
                m.put("cost", CostReport.usd(o.cost() == null ? BigDecimal.ZERO : o.cost()));
                m.put("seconds", String.format(Locale.ROOT, "%.1f", o.millis() / 1000.0));
                m.put("failed", "failed".equals(o.status()));
                m.put("error", o.error() == null ? "" : o.error());
                String suffix = "-" + dev.imagehub.wavespeed.ModelSpec.shortName(o.model()) + ".";
                for (int i = 0; i < published.size(); i++) {
                    String name = Path.of(published.get(i)).getFileName().toString().toLowerCase(Locale.ROOT);
                    if (name.contains(suffix) && JobFiles.viewable(name)) {
                        m.put("link", base + (i + 1));
                        break;
                    }
                }
                out.add(m);
            }
        }
        return out;
    }
}
