package dev.imagehub.estimate;

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
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ConfiguredStep;
import dev.imagehub.image.BadImageException;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.wavespeed.ModelTask;
import dev.imagehub.wavespeed.PriceEstimate;

/**
 * Prices a chain over the files of a folder without sending anything: each AI step of the chain plans its calls per
 * file (by {@link AiCostPlanner}, else {@link GenericPlanner}) and each call is priced with the registry's rule.
 */
public final class CostEstimate {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One planned call of one step for one file, with its registry price. */
    public record Line(String file, int stepIndex, String step, PlannedCall call, PriceEstimate price) {
        /** {@code translate} or, for one of several calls, {@code translate:es}. */
        public String stepLabel() {
            return call.variant().isEmpty() ? step : step + ":" + call.variant();
        }
    }

    /** A file of the folder that will not be priced, and why. */
    public record Skipped(String file, String reason) {
    }

    /**
     * What the chain would cost over the folder.
     *
     * @param files    files that would be processed
     * @param aiSteps  the chain's AI steps by name (empty: a local-only chain, free)
     */
    public record Report(String chain, Path folder, int files, List<String> aiSteps, List<Line> lines, List<Skipped> skipped) {
        public Report {
            aiSteps = List.copyOf(aiSteps);
            lines = List.copyOf(lines);
            skipped = List.copyOf(skipped);
        }

        /** Sum of every call the registry can price. */
        public BigDecimal total() {
            return lines.stream().filter(l -> !l.price().quoteNeeded()).map(l -> l.price().usd()).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        /** Calls whose price only the pricing endpoint knows (not in {@link #total()}). */
        public long quoteCalls() {
            return lines.stream().filter(l -> l.price().quoteNeeded()).count();
        }

        /** Priced totals per model id, in order of first use. */
        public Map<String, BigDecimal> byModel() {
            Map<String, BigDecimal> out = new LinkedHashMap<>();
            for (Line l : lines) {
                if (!l.price().quoteNeeded()) out.merge(l.call().choice().model().id(), l.price().usd(), BigDecimal::add);
            }
            return out;
        }
    }

    private CostEstimate() {
    }

    /** Plans and prices {@code chain} over the regular files directly in {@code folder} (not its subfolders). */
    public static Report run(ChainDefinition chain, Path folder, ModelRegistry registry, Path home) throws IOException {
        List<String> aiSteps = new ArrayList<>();
        for (ConfiguredStep<?> s : chain.steps()) {
            if (s.step() instanceof AiCostPlanner<?> || GenericPlanner.isAiStep(s.name(), s.options().getClass())) aiSteps.add(s.name());
        }
        boolean prompts = !chain.steps().isEmpty() && ModelTask.of(chain.steps().get(0).name()).orElse(null) == ModelTask.GENERATE;
        List<Line> lines = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        int files = 0;
        List<Path> entries;
        try (Stream<Path> s = Files.list(folder)) {
            entries = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.startsWith(".")) continue;
            if (lower.endsWith(".part") || lower.endsWith(".crdownload") || lower.endsWith(".tmp")) {
                skipped.add(new Skipped(name, "a partial download; the hub ignores it until it is complete"));
                continue;
            }
            if (chain.companions() != null && chain.companions().memberSuffix(name) != null) {
                skipped.add(new Skipped(name, "a " + chain.companions().memberSuffix(name) + " view: sent with its "
                        + chain.companions().lead() + " file in the same prediction, not priced on its own"));
                continue;
            }
            boolean promptFile = prompts && (lower.endsWith(".txt") || lower.endsWith(".json"));
            if (!promptFile && lower.endsWith(".json") && Files.isRegularFile(folder.resolve(name.substring(0, name.length() - 5)))) {
                continue; // a sidecar travels with its image
            }
            PlanContext ctx;
            try {
                ctx = promptFile ? promptContext(registry, home, p) : imageContext(registry, home, p);
            } catch (BadImageException e) {
                skipped.add(new Skipped(name, e.getMessage()));
                continue;
            } catch (IOException e) {
                skipped.add(new Skipped(name, "cannot be read: " + e.getMessage()));
                continue;
            }
            files++;
            for (int i = 0; i < chain.steps().size(); i++) {
                ConfiguredStep<?> s = chain.steps().get(i);
                List<PlannedCall> calls;
                try {
                    calls = plan(s, ctx);
                } catch (RuntimeException e) {
                    skipped.add(new Skipped(name, "step '" + s.name() + "' cannot be planned: " + e.getMessage()));
                    continue;
                }
                for (PlannedCall c : calls) {
                    lines.add(new Line(name, i + 1, s.name(), c, c.choice().model().estimate(c.priceInputs())));
                }
            }
        }
        return new Report(chain.name(), folder, files, aiSteps, lines, skipped);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<PlannedCall> plan(ConfiguredStep<?> s, PlanContext ctx) {
        if (s.step() instanceof AiCostPlanner planner) return planner.plan(s.options(), ctx);
        return GenericPlanner.plan(s.name(), s.options(), ctx).orElse(List.of());
    }

    private static PlanContext imageContext(ModelRegistry registry, Path home, Path p) throws IOException, BadImageException {
        ImageInfo info = ImageProbe.probe(dev.imagehub.files.FileBytes.read(p));
        Path sidecar = p.resolveSibling(p.getFileName() + ".json");
        Map<String, Object> values = Files.isRegularFile(sidecar) ? readJson(sidecar) : Map.of();
        return new PlanContext(registry, home, p.getFileName().toString(), p.getParent(), info.orientedWidth(), info.orientedHeight(), values);
    }

    // a prompt file of a generating chain: a .json holds the request's fields, a .txt just the prompt
    private static PlanContext promptContext(ModelRegistry registry, Path home, Path p) throws IOException {
        Map<String, Object> values = p.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? readJson(p)
                : Map.of("prompt", Files.readString(p, StandardCharsets.UTF_8).strip());
        return new PlanContext(registry, home, p.getFileName().toString(), p.getParent(), 0, 0, values);
    }

    private static Map<String, Object> readJson(Path file) throws IOException {
        Object parsed = JSON.readValue(file.toFile(), Object.class);
        if (!(parsed instanceof Map<?, ?> map)) throw new IOException(file.getFileName() + " must hold a JSON object { ... }");
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) out.put(String.valueOf(k), v);
        });
        return out;
    }
}
