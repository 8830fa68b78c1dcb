package dev.imagehub.wavespeed;

/**
 * A step could not do its work now, for a reason that is not the file's (a service is down or refuses for a while), and
 * nothing was paid or sent that a later try would repeat: the file waits untouched in its inbox and is taken again
 * once the service answers, instead of failing. {@link #service()} names what it waits for.
 */
public final class Postponed extends RuntimeException {
    private final String service;

    public Postponed(String service, String reason) {
        super(reason);
        this.service = service;
    }

    public String service() {
        return service;
    }
}
