package dev.imagehub.batch;

import dev.imagehub.config.Csv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;


import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.files.ConfinedPaths;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ConfiguredStep;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.config.ConfigBinder;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.JsonConfig;
import dev.imagehub.config.Option;
import dev.imagehub.config.Suggestion;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.layout.Layout;
import dev.imagehub.layout.LayoutCatalog;
import dev.imagehub.steps.TemplateStep;

/**
 * A batch manifest ({@code <name>.csv} or {@code <name>.json} in {@code inbox/batch/}) read and checked row by row:
 * every problem is kept with its row number, so the estimate lists them all instead of stopping at the first. Columns
 * named like a slot of a layout (headline, quote ...) are template values for rows whose chain has a template step.
 */
public record BatchManifest(Path file, String id, List<Row> rows, List<String> recipients, BatchSchedule schedule) {
    static final List<String> COLUMNS = List.of("image", "chain", "watermark", "prompt", "languages", "output");
    private static final List<String> JSON_FIELDS = List.of("image", "chain", "operations", "watermark", "prompt", "languages", "output");

    /** One row: its number (the CSV line, or the JSON index from 1), the image beside the manifest, the chain and options. */
    /** {@code operations} is the row's own step list (JSON), bound like a chain; then {@code chain} is "operations". */
    public record Row(int number, String image, String chain, Map<String, Object> options, String output, String problem, Path source,
                      ChainDefinition operations) {
        Row(int number, String image, String chain, Map<String, Object> options, String output, String problem) {
            this(number, image, chain, options, output, problem, null, null);
        }

        public boolean valid() { return problem == null; }

        /** The chain this row runs: its operations, or the named chain of chains.yaml (null if unknown). */
        public ChainDefinition chainIn(ChainCatalog chains) {
            return operations != null ? operations : chains.get(chain);
        }
    }

    /**
     * Reads and validates {@code file}; {@code id} names the batch's folder under outbox/batch/. Images are looked up
     * beside the manifest, then in {@code unpacked} (the ZIP dropped with it), when not null.
     */
    public static BatchManifest read(Path file, String id, ChainCatalog chains, StepCatalog steps, Path unpacked) throws IOException {
        return read(file, id, chains, steps, unpacked, false);
    }

    /** As above; {@code followLinks} ({@code hub.batch.followLinks}) lets rows name images through symbolic links. */
    public static BatchManifest read(Path file, String id, ChainCatalog chains, StepCatalog steps, Path unpacked, boolean followLinks)
            throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<Row> raw = new ArrayList<>();
        List<String> notify = new ArrayList<>();
        String[] schedule = new String[1];
        byte[] bytes = dev.imagehub.files.FileBytes.read(file);
        Map<String, Set<String>> layouts = layouts(chains);
        Set<String> slots = new TreeSet<>();
        layouts.values().forEach(slots::addAll);
        if (name.endsWith(".json")) readJson(bytes, "inbox/batch/" + file.getFileName(), chains, steps, raw, notify, schedule, slots);
        else readCsv(new String(bytes, StandardCharsets.UTF_8), raw, notify, schedule, slots);
        List<Row> rows = new ArrayList<>();
        List<Path> dirs = unpacked == null ? List.of(file.getParent()) : List.of(file.getParent(), unpacked);
        for (Row r : raw) rows.add(r.problem() != null ? r : check(r, dirs, chains, layouts, followLinks));
        BatchSchedule when;
        try {
            when = BatchSchedule.parse(schedule[0]);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new BatchManifest(file, id, List.copyOf(rows), List.copyOf(notify), when);
    }

    /** Each layout of templates/layouts with its slot names; a column named like a slot is a template value. */
    private static Map<String, Set<String>> layouts(ChainCatalog chains) {
        Map<String, Set<String>> out = new TreeMap<>();
        LayoutCatalog catalog = LayoutCatalog.load(chains.config().home());
        for (String n : catalog.names()) {
            Set<String> slots = new TreeSet<>();
            for (Layout.Slot s : catalog.get(n).slots()) if (s.name() != null) slots.add(s.name());
            out.put(n, slots);
        }
        return out;
    }

    // a row's slot values need a template step in its chain that has those slots, else they would silently do nothing
    private static String slotProblem(Row r, ChainDefinition chain, Map<String, Set<String>> layouts) {
        List<String> values = r.options().keySet().stream().filter(k -> !JSON_FIELDS.contains(k)).toList();
        if (values.isEmpty()) return null;
        Set<String> slots = new TreeSet<>();
        List<String> names = new ArrayList<>();
        for (ConfiguredStep<?> s : chain.steps()) {
            if (s.options() instanceof TemplateStep.Options o) {
                String layout = Path.of(o.name()).getFileName().toString();
                names.add(layout);
                slots.addAll(layouts.getOrDefault(layout, Set.of()));
            }
        }
        if (names.isEmpty()) {
            return "column '" + values.get(0) + "' is a template value, but chain '" + r.chain() + "' has no template step; use a chain "
                    + "with - template: <layout> or leave the column empty";
        }
        for (String v : values) {
            if (!slots.contains(v)) {
                return "column '" + v + "' is no slot of layout " + String.join(", ", names) + " (slots: " + String.join(", ", slots) + ")";
            }
        }
        return null;
    }

    private static Row check(Row r, List<Path> dirs, ChainCatalog chains, Map<String, Set<String>> layouts, boolean followLinks) {
        String problem = null;
        Path source = null;
        if (r.image() == null || r.image().isBlank()) {
            problem = "the column 'image' is empty";
        } else if (r.chain() == null || r.chain().isBlank()) {
            problem = "the column 'chain' is empty";
        } else {
            for (Path dir : dirs) {
                Path image = dir.resolve(r.image()).normalize();
                if (Path.of(r.image()).isAbsolute() || !image.startsWith(dir)) {
                    problem = "image '" + r.image() + "' is outside the manifest's folder; name it relative to the manifest";
                    break;
                }
                java.util.Optional<Path> link = followLinks ? java.util.Optional.empty() : ConfinedPaths.firstLink(dir, image);
                if (link.isPresent()) {
                    problem = "image " + ConfinedPaths.linkReason(r.image(), dir.relativize(link.get()).toString())
                            + ", or allow links with hub.batch.followLinks = true";
                    break;
                }
                if (Files.isRegularFile(image)) {
                    source = image;
                    break;
                }
            }
            if (problem != null) {
                source = null;
            } else if (source == null) {
                problem = "image '" + r.image() + "' is missing: put it beside the manifest, in a sub-folder named in the path, or in "
                        + "the ZIP dropped with the manifest";
            } else if (r.chainIn(chains) == null) {
                problem = "unknown chain '" + r.chain() + "'; chains in config/chains.yaml: " + String.join(", ", chains.all().keySet());
            } else if (r.chainIn(chains).takesText()) {
                problem = "chain '" + r.chain() + "' starts from a prompt file, not an image; batches run image chains";
            } else if (slotProblem(r, r.chainIn(chains), layouts) != null) {
                problem = slotProblem(r, r.chainIn(chains), layouts);
            } else if (r.output() != null && (r.output().contains("/") || r.output().contains("\\") || r.output().startsWith("."))) {
                problem = "output name '" + r.output() + "' must be a plain file name without a folder or a leading dot";
            }
        }
        return new Row(r.number(), r.image(), r.chain(), r.options(), r.output(), problem, problem == null ? source : null, r.operations());
    }

    /** A JSON manifest as written, bound by the one config binder. */
    record JsonFile(@Option(value = "the rows, one object each", required = true) List<ConfigNode> rows,
                    @Option("when the batch may start (see docs/batches.md)") String schedule,
                    @Option(value = "who is mailed when the batch ends: an address or a list", key = "notify") List<String> recipients) {
    }

    /** One row of a JSON manifest; keys named after a layout's slots are the template's values. */
    record JsonRow(@Option("the image, relative to the manifest") String image,
                   @Option("a chain of config/chains.yaml") String chain,
                   @Option("the row's own steps, written like a chain") ConfigNode operations,
                   @Option("a watermark of config/watermarks.yaml") String watermark,
                   @Option("the prompt of an AI step") String prompt,
                   @Option("languages of a translate step") List<String> languages,
                   @Option("the result's name, without a folder") String output,
                   @Option(value = "template values by slot name", rest = true) Map<String, String> values) {
    }

    private static final ConfigBinder BINDER = ConfigBinder.standard();

    private static void readJson(byte[] bytes, String display, ChainCatalog chains, StepCatalog steps, List<Row> rows, List<String> notify,
                                 String[] schedule, Set<String> slots) throws IOException {
        ConfigNode root;
        JsonFile file;
        try {
            root = JsonConfig.parse(bytes, display);
            file = BINDER.bind(JsonFile.class, root);
        } catch (ConfigException e) {
            throw new IOException(e.getMessage() + " (a JSON manifest is an object with an array 'rows', see docs/batches.md)", e);
        }
        schedule[0] = file.schedule();
        for (String n : file.recipients()) notify.addAll(splitLanguages(n));
        int i = 0;
        for (ConfigNode node : file.rows()) {
            i++;
            if (!node.isMap()) {
                rows.add(new Row(i, null, null, Map.of(), null, "the row is not an object"));
                continue;
            }
            JsonRow row;
            try {
                row = BINDER.bind(JsonRow.class, node);
            } catch (ConfigException e) {
                // a bad row is reported with its line in the estimate and the report; the other rows still run
                rows.add(new Row(i, text(node, "image"), text(node, "chain"), Map.of(), text(node, "output"), e.getMessage()));
                continue;
            }
            String problem = null;
            Map<String, Object> options = new LinkedHashMap<>();
            if (row.watermark() != null) options.put("watermark", row.watermark());
            if (row.prompt() != null) options.put("prompt", row.prompt());
            if (!row.languages().isEmpty()) options.put("languages", row.languages().stream().flatMap(l -> splitLanguages(l).stream()).toList());
            for (Map.Entry<String, String> v : row.values().entrySet()) {
                if (slots.contains(v.getKey())) {
                    // a template's slot value (headline, quote, price ...): text, or a number written as it is
                    options.put(v.getKey(), v.getValue());
                } else if (problem == null) {
                    problem = "unknown field '" + v.getKey() + "'" + Suggestion.hint(v.getKey(), JSON_FIELDS) + " (known: "
                            + String.join(", ", JSON_FIELDS) + ", and the slots of the layouts in templates/layouts for a chain with a template step)";
                }
            }
            String chain = row.chain();
            ChainDefinition operations = null;
            if (row.operations() != null && problem == null) {
                if (chain != null) {
                    problem = "give either 'chain' or 'operations', not both";
                } else {
                    // the row's steps are bound like a chain, so a mistake in a step names its line and key
                    try {
                        operations = chains.bind("row " + i, row.operations(), steps);
                        chain = "operations";
                    } catch (ConfigException e) {
                        problem = e.getMessage();
                    }
                }
            }
            rows.add(new Row(i, row.image(), chain, options, row.output(), problem, null, operations));
        }
    }

    private static String text(ConfigNode row, String key) {
        ConfigNode v = row.get(key);
        return v == null || !v.isScalar() || v.text().isEmpty() ? null : v.text();
    }

    private static void readCsv(String text, List<Row> rows, List<String> notify, String[] schedule, Set<String> slots) throws IOException {
        // comment lines may carry the batch's settings: "# schedule: ..." and "# notify: a@example.com, b@example.com"
        for (String c : Csv.comments(text)) {
            String key = c.toLowerCase(Locale.ROOT);
            if (key.startsWith("schedule:")) schedule[0] = c.substring("schedule:".length()).strip();
            else if (key.startsWith("notify:")) notify.addAll(splitLanguages(c.substring("notify:".length())));
        }
        List<Csv.Record> records;
        try {
            records = Csv.records(text, true);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<String> header = null;
        for (Csv.Record record : records) {
            int i = record.line() - 1;                              // line numbers below are i + 1
            List<String> cells = record.cells();
            if (header == null) {
                header = new ArrayList<>();
                for (String c : cells) {
                    String h = c.trim().toLowerCase(Locale.ROOT);
                    // a column named like a layout's slot (headline, quote ...) is a template value of each row
                    if (!COLUMNS.contains(h) && !slots.contains(h)) {
                        throw new IOException("line " + (i + 1) + ": unknown column '" + c.trim() + "' (known: " + String.join(", ", COLUMNS) + ")");
                    }
                    header.add(h);
                }
                if (!header.contains("image") || !header.contains("chain")) {
                    throw new IOException("line " + (i + 1) + ": the header must name the columns 'image' and 'chain'");
                }
                continue;
            }
            if (cells.size() > header.size()) {
                rows.add(new Row(i + 1, null, null, Map.of(), null, "the row has " + cells.size() + " cells, the header " + header.size()));
                continue;
            }
            Map<String, String> v = new LinkedHashMap<>();
            for (int c = 0; c < cells.size(); c++) v.put(header.get(c), cells.get(c).trim());
            Map<String, Object> options = new LinkedHashMap<>();
            for (String key : List.of("watermark", "prompt")) {
                String s = v.get(key);
                if (s != null && !s.isEmpty()) options.put(key, s);
            }
            String langs = v.get("languages");
            if (langs != null && !langs.isEmpty()) options.put("languages", splitLanguages(langs));
            for (Map.Entry<String, String> e : v.entrySet()) {
                if (!COLUMNS.contains(e.getKey()) && !e.getValue().isEmpty()) options.put(e.getKey(), e.getValue());
            }
            String output = v.get("output");
            rows.add(new Row(i + 1, v.get("image"), v.get("chain"), options, output == null || output.isEmpty() ? null : output, null));
        }
        if (header == null) throw new IOException("the CSV has no header line (image,chain,...)");
    }

    // comma-, semicolon- or space-separated values (languages, addresses)
    private static List<String> splitLanguages(String s) {
        List<String> out = new ArrayList<>();
        for (String p : s.split("[ ,;]+")) if (!p.isBlank()) out.add(p.trim());
        return out;
    }
}
