package dev.imagehub.variants;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import dev.imagehub.layout.Layout;

/**
 * Which variants of a spec one file gets, and their codes: all combinations in the order T, H, S, C, B (the last
 * changes fastest), or a deterministic sample of N of them. A code has one letter and 1-based index per axis with
 * more than one value ({@code H2-S1-C3}); a spec without such an axis gives the single code {@code V1}.
 */
public final class VariantPlan {
    private static final String LETTERS = "THSCB";

    /** One variant: its code and the value chosen on each axis (headline null when the spec has no headlines). */
    public record Variant(String code, Layout template, String headline, VariantSpec.Scheme scheme, VariantSpec.Crop crop,
                          VariantSpec.Backdrop background) {
    }

    private VariantPlan() {
    }

    /**
     * The variants of {@code spec} for a file whose content hashes to {@code fileSha256}: all of them, or
     * {@code spec.sample()} picked with the spec's seed, else a seed from the spec and the file (the same file and spec
     * always give the same sample).
     */
    public static List<Variant> of(VariantSpec spec, String fileSha256) {
        int[] sizes = sizes(spec);
        int product = (int) spec.product();
        List<Integer> picked = new ArrayList<>();
        if (spec.sample() == null || spec.sample() >= product) {
            for (int i = 0; i < product; i++) picked.add(i);
        } else {
            long seed = spec.seed() != null ? spec.seed() : seed(spec, fileSha256);
            int[] all = new int[product];
            for (int i = 0; i < product; i++) all[i] = i;
            Random random = new Random(seed);
            // a partial Fisher-Yates shuffle: the first N places are a uniform sample without repeats
            for (int i = 0; i < spec.sample(); i++) {
                int j = i + random.nextInt(product - i);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
                picked.add(all[i]);
            }
            picked.sort(Integer::compare);
        }
        List<Variant> out = new ArrayList<>();
        for (int index : picked) {
            int[] at = digits(index, sizes);
            StringBuilder code = new StringBuilder();
            for (int a = 0; a < sizes.length; a++) {
                if (sizes[a] < 2) continue;
                if (code.length() > 0) code.append('-');
                code.append(LETTERS.charAt(a)).append(at[a] + 1);
            }
            out.add(new Variant(code.length() == 0 ? "V1" : code.toString(), spec.templates().get(at[0]),
                    spec.headlines().isEmpty() ? null : spec.headlines().get(at[1]), spec.schemes().get(at[2]), spec.crops().get(at[3]),
                    spec.backgrounds().get(at[4])));
        }
        return out;
    }

    private static int[] sizes(VariantSpec spec) {
        return new int[] {spec.templates().size(), Math.max(1, spec.headlines().size()), spec.schemes().size(), spec.crops().size(),
                spec.backgrounds().size()};
    }

    private static int[] digits(int index, int[] sizes) {
        int[] at = new int[sizes.length];
        for (int a = sizes.length - 1; a >= 0; a--) {
            at[a] = index % sizes[a];
            index /= sizes[a];
        }
        return at;
    }

    // the axes' values and the file's hash: another file, or another headline list, gives another sample
    private static long seed(VariantSpec spec, String fileSha256) {
        StringBuilder key = new StringBuilder(fileSha256 == null ? "" : fileSha256);
        spec.templates().forEach(l -> key.append("\u0000T").append(l.name()));
        spec.headlines().forEach(h -> key.append("\u0000H").append(h));
        spec.schemes().forEach(s -> key.append("\u0000S").append(s.name()).append(s.colors()));
        spec.crops().forEach(c -> key.append("\u0000C").append(c.name()).append(c.describe()));
        spec.backgrounds().forEach(b -> key.append("\u0000B").append(b.name()));
        key.append("\u0000N").append(spec.sample());
        byte[] d = sha256(key.toString().getBytes(StandardCharsets.UTF_8));
        long seed = 0;
        for (int i = 0; i < 8; i++) seed = seed << 8 | (d[i] & 0xFF);
        return seed;
    }

    /** The SHA-256 of {@code bytes} in lower-case hex. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
