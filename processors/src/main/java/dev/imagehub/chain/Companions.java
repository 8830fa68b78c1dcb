package dev.imagehub.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Files that belong to a lead file by name: {@code chair_front.jpg} leads {@code chair_back.jpg},
 * {@code chair_left.png}, ... A step that reads companions declares them; the hot folder then leaves companion files
 * for their lead's job, which archives them with itself, and fails a companion left alone past {@code graceSeconds}.
 *
 * @param lead         the lead's stem suffix, e.g. {@code _front}
 * @param members      the companions' stem suffixes, e.g. {@code _back, _left, _right}
 * @param graceSeconds how long a companion waits for its lead before it fails (or, with {@code loneRunsAlone},
 *                     is processed by itself)
 * @param loneRunsAlone true when a companion left without its lead is an ordinary file of its own after the grace
 */
public record Companions(String lead, List<String> members, long graceSeconds, boolean loneRunsAlone) {
    private static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "png", "webp");

    public Companions {
        members = List.copyOf(members);
    }

    public Companions(String lead, List<String> members, long graceSeconds) {
        this(lead, members, graceSeconds, false);
    }

    /** The member suffix {@code fileName} ends with (before its extension), or null when it is not a companion. */
    public String memberSuffix(String fileName) {
        String stem = stem(fileName);
        return members.stream().filter(s -> stem.endsWith(s) && stem.length() > s.length()).findFirst().orElse(null);
    }

    public boolean isLead(String fileName) {
        String stem = stem(fileName);
        return stem.endsWith(lead) && stem.length() > lead.length();
    }

    /** The lead file of companion {@code fileName} in {@code folder}, if it is there. */
    public Optional<Path> leadOf(Path folder, String fileName) throws IOException {
        String suffix = memberSuffix(fileName);
        if (suffix == null) return Optional.empty();
        String base = stem(fileName).substring(0, stem(fileName).length() - suffix.length());
        return find(folder, base + lead);
    }

    /** The companions present beside lead {@code fileName}, by member suffix, in declaration order. */
    public Map<String, Path> membersOf(Path folder, String fileName) throws IOException {
        Map<String, Path> found = new LinkedHashMap<>();
        if (!isLead(fileName)) return found;
        String base = stem(fileName).substring(0, stem(fileName).length() - lead.length());
        for (String m : members) {
            Optional<Path> p = find(folder, base + m);
            p.ifPresent(path -> found.put(m, path));
        }
        return found;
    }

    private static Optional<Path> find(Path folder, String stem) throws IOException {
        if (!Files.isDirectory(folder)) return Optional.empty();
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                int dot = n.lastIndexOf('.');
                return dot > 0 && n.substring(0, dot).equals(stem) && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
            }).sorted().findFirst();
        }
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
