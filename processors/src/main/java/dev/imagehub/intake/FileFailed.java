package dev.imagehub.intake;

/**
 * A hot-folder file that failed, as the exchange's exception: its original is already in failed/ with the reason in
 * its sidecar; the route configuration {@code hotfolder-failures} handles it, so Camel's counters and events see it.
 */
public final class FileFailed extends Exception {
    private final String route;

    public FileFailed(String route, String fileName, String reason) {
        super(fileName + ": " + reason, null, false, false);       // the reason is the point, not a stack trace
        this.route = route;
    }

    public String route() {
        return route;
    }
}
