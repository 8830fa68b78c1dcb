package dev.imagehub.observe;

/** The port of /health and /metrics, checked before the hub starts. */
public final class HttpPort {
    private HttpPort() {
    }

    /**
     * Refuses a start whose HTTP port is taken (another program, or another hub), naming the setting: a hub running
     * without the /health it was configured with would only be noticed when a monitor calls it.
     */
    public static void check(dev.imagehub.HubSettings settings) {
        if (!Boolean.parseBoolean(settings.setting("hub.http.enabled", "true"))) return;
        String host = settings.setting("hub.http.host", "127.0.0.1");
        int port = settings.intSetting("hub.http.port", 8181, 1, 65535);
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw settings.invalid("hub.http.port", host + ":" + port + " cannot be used for /health and /metrics (" + e.getMessage()
                    + "): another program, or another hub, listens there; choose a free port, or set hub.http.enabled = false");
        }
    }
}
