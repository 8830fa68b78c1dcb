package dev.imagehub.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.imagehub.chain.ChainResult;

/**
 * A job's results on their way out: written to temporary files in the outbox, listed as placement lines (journaled
 * with the commit, so a crash can finish them), then published under their final names. A file about a result (a
 * JSON sidecar) is published as {@code <the result's published name>.json}, and a shared CSV row's {@value #RESULT}
 * becomes that name, so both stay right when the result had to take another name ({@code photo-2.jpg}).
 */
public final class Placements {
    /** The token a CSV row uses for the name its file's main result was published under. */
    public static final String RESULT = ChainResult.RESULT_NAME;
    private static final String BESIDE = ">beside:";

    private Placements() {
    }

    /**
     * Writes {@code result}'s outputs and CSV rows as temporary files named {@code <tempPrefix>-<n>.tmp} in
     * {@code outDir} (forced to disk) and returns their placement lines; the results are named after {@code stem}.
     */
    public static List<String> write(Path outDir, String tempPrefix, String stem, ChainResult result) throws IOException {
        List<String> placements = new ArrayList<>();
        List<ChainResult.Output> outs = result.outputs();
        int main = -1;
        int i = 0;
        for (ChainResult.Output out : outs) {
            Path tmp = Publisher.writeTemp(outDir, tempPrefix + "-" + i + ".tmp", out.bytes());
            int beside = besideWhich(outs, out);
            placements.add(tmp.getFileName() + "\t" + (beside >= 0 ? besideMark(beside) : "") + stem + out.suffix() + "\t" + out.extension());
            if (out.format() != null && (main < 0 || out.suffix().isEmpty())) main = i;
            i++;
        }
        for (ChainResult.Append append : result.appends()) {
            byte[] content = (append.header() + "\n" + append.row() + "\n").getBytes(StandardCharsets.UTF_8);
            Path tmp = Publisher.writeTemp(outDir, tempPrefix + "-" + i++ + ".tmp", content);
            // the third column says which result the row's {result} names
            String names = main < 0 ? "" : besideMark(main) + stem + outs.get(main).suffix() + "." + outs.get(main).extension();
            placements.add(tmp.getFileName() + "\t" + CsvAppender.MARK + SafeNames.safeStem(append.fileName()) + "\t" + names);
        }
        return placements;
    }

    /**
     * Publishes the placements still waiting in {@code outDir} and returns the names the files got. A placement already
     * published (before a crash) is skipped; a file about a result published then takes the result's planned name.
     */
    public static List<String> publish(Path outDir, List<String> placements) throws IOException {
        List<String> names = new ArrayList<>();
        String[] published = new String[placements.size()];
        for (int k = 0; k < placements.size(); k++) {
            String[] p = placements.get(k).split("\t", -1);
            Path tmp = outDir.resolve(p[0]);
            if (!Files.exists(tmp)) continue;                       // published before a crash
            if (p[1].startsWith(CsvAppender.MARK)) {                // a CSV row for a file the whole folder shares
                String result = p.length > 2 && !p[2].isEmpty() ? stem(p[2], published) : null;
                CsvAppender.appendOnce(tmp, outDir.resolve(p[1].substring(CsvAppender.MARK.length())), result);
                continue;
            }
            if (Publisher.alreadyLinked(tmp)) {                     // linked before a crash, temp name not yet removed
                Files.delete(tmp);
                continue;
            }
            published[k] = Publisher.publish(tmp, outDir, stem(p[1], published), p[2]);
            names.add(published[k]);
        }
        return names;
    }

    /** The name a placement line's result is planned under (before any clash), or null for a CSV row. */
    public static String plannedName(String line) {
        String[] p = line.split("\t", -1);
        if (p.length < 3 || p[1].startsWith(CsvAppender.MARK) || p[1].isEmpty()) return null;
        return SafeNames.candidate(planned(p[1]), p[2], 1);
    }

    // the index of the image output `file` is about (its suffix is that output's suffix and extension), or -1
    static int besideWhich(List<ChainResult.Output> outputs, ChainResult.Output file) {
        if (file.format() != null) return -1;
        for (int k = 0; k < outputs.size(); k++) {
            ChainResult.Output o = outputs.get(k);
            if (o.format() != null && file.suffix().equals(o.suffix() + "." + o.extension())) return k;
        }
        return -1;
    }

    private static String besideMark(int placement) {
        return BESIDE + placement + ":";
    }

    private static String planned(String column) {
        return column.startsWith(BESIDE) ? column.substring(column.indexOf(':', BESIDE.length()) + 1) : column;
    }

    // the stem to publish under: as planned, or for a file about a result, the name that result was published under
    private static String stem(String column, String[] published) {
        if (!column.startsWith(BESIDE)) return column;
        int colon = column.indexOf(':', BESIDE.length());
        int k = Integer.parseInt(column.substring(BESIDE.length(), colon));
        return k < published.length && published[k] != null ? published[k] : column.substring(colon + 1);
    }
}
