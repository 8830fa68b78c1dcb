package dev.imagehub.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.imagehub.HubLock;
import dev.imagehub.HubSettings;
import dev.imagehub.ledger.Ledger;

/**
 * {@code hub user add NAME [--role viewer|reviewer|admin]}, {@code hub user remove NAME}, {@code hub user list}: the
 * console's users while the hub is stopped (while it runs, an admin uses the console's Users page). The password is
 * read from {@code HUB_CONSOLE_PASSWORD}, else from the terminal without echo, else from the first line of stdin:
 * never from the command line, where other users of the machine could see it.
 */
public final class UserCommand {
    public static final String PASSWORD_ENV = "HUB_CONSOLE_PASSWORD";

    private UserCommand() {
    }

    public static int run(HubSettings settings, String[] args, InputStream in, PrintStream out, PrintStream err) throws IOException {
        String usage = "usage: hub user add NAME [--role viewer|reviewer|admin] | hub user remove NAME | hub user list";
        if (args.length == 0) {
            err.println(usage);
            return 2;
        }
        Path home = settings.home();
        Optional<HubLock> lock = HubLock.tryTake(home);
        if (lock.isEmpty()) {
            err.println("the hub is running in " + home + ": manage users on the console's Users page, or stop the hub first");
            return 3;
        }
        try (HubLock held = lock.get(); Ledger ledger = Ledger.open(settings)) {
            ConsoleUsers users = new ConsoleUsers(ledger.dataSource());
            Audit audit = new Audit(ledger.dataSource());
            String who = "hub user (" + System.getProperty("user.name", "?") + ")";
            switch (args[0]) {
                case "list" -> {
                    List<ConsoleUsers.User> all = users.list();
                    if (all.isEmpty()) out.println("no console users yet: hub user add NAME --role admin");
                    for (ConsoleUsers.User u : all) out.printf("%-24s %-9s since %s%n", u.name(), u.role().word(), u.createdAt().toLocalDate());
                    return 0;
                }
                case "add" -> {
                    if (args.length < 2) {
                        err.println(usage);
                        return 2;
                    }
                    String name = args[1];
                    Role role = Role.VIEWER;
                    for (int i = 2; i < args.length; i++) {
                        if (args[i].equals("--role") && i + 1 < args.length) role = Role.of(args[++i]);
                        else if (args[i].startsWith("--role=")) role = Role.of(args[i].substring(7));
                        else {
                            err.println("unknown option '" + args[i] + "'; " + usage);
                            return 2;
                        }
                    }
                    String password = password(settings, in);
                    boolean existed = users.find(name).isPresent();
                    users.put(name, role, password);
                    audit.record(who, existed ? "user-changed" : "user-added", name, role.word());
                    out.println((existed ? "changed " : "added ") + name + " (" + role.word() + ")");
                    return 0;
                }
                case "remove" -> {
                    if (args.length != 2) {
                        err.println(usage);
                        return 2;
                    }
                    if (!users.remove(args[1])) {
                        err.println("there is no console user " + args[1]);
                        return 1;
                    }
                    audit.record(who, "user-removed", args[1], null);
                    out.println("removed " + args[1]);
                    return 0;
                }
                default -> {
                    err.println(usage);
                    return 2;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static String password(HubSettings settings, InputStream in) throws IOException {
        String env = settings.environment(PASSWORD_ENV);
        if (env != null && !env.isEmpty()) return env;
        java.io.Console terminal = System.console();
        if (terminal != null) {
            char[] first = terminal.readPassword("Password (at least %d characters): ", ConsoleUsers.MIN_PASSWORD);
            char[] again = terminal.readPassword("Again: ");
            if (first == null || again == null || !java.util.Arrays.equals(first, again)) throw new IllegalArgumentException("the two passwords differ");
            return new String(first);
        }
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) throw new IllegalArgumentException("no password: set " + PASSWORD_ENV + " or give it on stdin");
        return line;
    }
}
