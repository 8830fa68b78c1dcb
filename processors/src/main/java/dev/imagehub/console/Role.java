package dev.imagehub.console;

import java.util.Locale;

/** What a console user may do: a viewer sees everything, a reviewer also decides and retries, an admin also manages. */
public enum Role {
    VIEWER, REVIEWER, ADMIN;

    /** True when this role includes everything {@code needed} may do. */
    public boolean allows(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** viewer, reviewer or admin; IllegalArgumentException naming the three otherwise. */
    public static Role of(String word) {
        for (Role r : values()) if (r.word().equals(word == null ? "" : word.trim().toLowerCase(Locale.ROOT))) return r;
        throw new IllegalArgumentException("unknown role '" + word + "'; use viewer, reviewer or admin");
    }
}
