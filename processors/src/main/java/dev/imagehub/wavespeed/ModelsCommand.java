package dev.imagehub.wavespeed;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.imagehub.config.ConfigException;

/** {@code hub models [task]}: the registry as a table grouped by task, cheapest first, to compare before choosing. */
public final class ModelsCommand {
    private static final String[] HEAD = {"TASK", "MODEL", "ID", "PRICE (USD per run)", "TIER", "OUTPUT", "BEST FOR"};

    private ModelsCommand() {
    }

    public static int print(Path home, String[] args, PrintStream out) {
        List<ModelTask> tasks = List.of(ModelTask.values());
        if (args.length > 0) {
            Optional<ModelTask> only = ModelTask.of(args[0]);
            if (only.isEmpty()) {
                out.println("Unknown task '" + args[0] + "'; use one of: " + ModelTask.words());
                return 2;
            }
            tasks = List.of(only.get());
        }
        ModelRegistry registry;
        try {
            registry = ModelRegistry.load(home.resolve("config"));
        } catch (ConfigException e) {
            out.println("Configuration error: " + e.getMessage());
            return 2;
        }
        List<String[]> rows = new ArrayList<>();
        for (ModelTask t : tasks) {
            for (ModelSpec m : registry.forTask(t)) {
                rows.add(new String[] {t.word(), m.name() + (m.preferred() ? " *" : ""), m.id(), m.price().summary(),
                        m.tier().word(), m.output().word(), m.bestFor()});
            }
        }
        int[] width = new int[HEAD.length];
        for (String[] r : concat(rows)) {
            for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        }
        ModelTask previous = null;
        line(out, HEAD, width);
        for (String[] r : rows) {
            ModelTask task = ModelTask.of(r[0]).orElseThrow();
            if (previous != null && task != previous) out.println();
            previous = task;
            line(out, r, width);
        }
        out.println();
        out.println(rows.size() + " model(s) from config/models.yaml; * = preferred by mode: quality. Prices are the registry's;"
                + " WaveSpeed's final charge prevails (see docs/models.md).");
        return 0;
    }

    private static List<String[]> concat(List<String[]> rows) {
        List<String[]> all = new ArrayList<>(rows);
        all.add(HEAD);
        return all;
    }

    private static void line(PrintStream out, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            sb.append(i == cells.length - 1 ? cells[i] : String.format("%-" + width[i] + "s  ", cells[i]));
        }
        out.println(sb.toString().stripTrailing());
    }
}
