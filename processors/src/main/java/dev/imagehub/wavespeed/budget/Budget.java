package dev.imagehub.wavespeed.budget;

import java.math.BigDecimal;

/**
 * One spending limit of config/budgets.yaml: overall or for one route (by route id or folder name), per day or per
 * month, in USD.
 *
 * @param route  the route id or folder name it applies to, or null for the overall budget
 * @param period day or month
 * @param limit  the most that may be spent (reserved or charged) in one period
 * @param key    where it is written, e.g. {@code routes.upscale.day}, for messages that say what to change
 */
public record Budget(String route, Period period, BigDecimal limit, String key) {

    /** The length of a budget's window, in the configured time zone. */
    public enum Period {
        DAY("day", "daily", "today"), MONTH("month", "monthly", "this month");

        private final String word;
        private final String adjective;
        private final String current;

        Period(String word, String adjective, String current) {
            this.word = word;
            this.adjective = adjective;
            this.current = current;
        }

        public String word() {
            return word;
        }

        public String adjective() {
            return adjective;
        }

        /** "today" or "this month". */
        public String current() {
            return current;
        }
    }

    public boolean overall() {
        return route == null;
    }

    /** True when this budget covers spending of {@code routeId} (always for the overall budget). */
    public boolean covers(String routeId) {
        return route == null || matchesRoute(route, routeId);
    }

    /**
     * A route budget key names the route id ({@code hotfolder-upscale}) or its folder, the part after the source
     * prefix ({@code upscale}), so users can write what they see in inbox/.
     */
    static boolean matchesRoute(String key, String routeId) {
        if (key.equals(routeId)) return true;
        int dash = routeId.indexOf('-');
        return dash > 0 && routeId.substring(dash + 1).equals(key);
    }

    /** "the overall daily budget" or "the daily budget of route 'upscale'". */
    public String describe() {
        return overall() ? "the overall " + period.adjective() + " budget"
                : "the " + period.adjective() + " budget of route '" + route + "'";
    }
}
