package dev.imagehub.console;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagehub.HubServices;

/**
 * Makes the console's users ready before it serves: the first admin from the environment
 * ({@code HUB_CONSOLE_ADMIN_PASSWORD}, name {@code HUB_CONSOLE_ADMIN_USER} or admin) when there is no user yet, and a
 * refusal to start a console reachable from other machines that nobody can log in to.
 */
public final class ConsoleSetup {
    public static final String ADMIN_PASSWORD = "HUB_CONSOLE_ADMIN_PASSWORD";
    public static final String ADMIN_USER = "HUB_CONSOLE_ADMIN_USER";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSetup.class);

    private ConsoleSetup() {
    }

    public static void prepare(HubServices hub, ConsoleUsers users) {
        String password = hub.settings().environment(ADMIN_PASSWORD);
        if (password != null && !password.isEmpty()) {
            String name = hub.settings().environment(ADMIN_USER);
            name = name == null || name.isBlank() ? "admin" : name.trim();
            if (users.count() == 0) {
                try {
                    users.put(name, Role.ADMIN, password);
                } catch (IllegalArgumentException e) {
                    throw hub.settings().invalid("hub.console.enabled", ADMIN_PASSWORD + "/" + ADMIN_USER + ": " + e.getMessage());
                }
                new Audit(hub.dataSource()).record("environment", "user-added", name, "admin, from " + ADMIN_PASSWORD);
                LOG.info("Console: first admin '{}' created from {}", name, ADMIN_PASSWORD);
            } else {
                LOG.info("Console: {} is ignored, the console has users already (manage them on its Users page or with ./hub user)", ADMIN_PASSWORD);
            }
        }
        String host = hub.settings().setting("hub.http.host", "127.0.0.1");
        if (users.count() == 0) {
            if (!loopback(host)) {
                throw hub.settings().invalid("hub.http.host", host + " serves the console beyond this machine, and the console has no users: "
                        + "add an admin first (./hub user add NAME --role admin, or set " + ADMIN_PASSWORD + "), or keep hub.http.host = 127.0.0.1");
            }
            LOG.info("Console: no users yet; add one with ./hub user add NAME --role admin (or set {}) to log in", ADMIN_PASSWORD);
        }
    }

    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
