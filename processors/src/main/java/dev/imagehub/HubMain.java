package dev.imagehub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import dev.imagehub.config.ConfigException;
import dev.imagehub.ledger.UsageSummary;

/**
 * Starts the hub: validates the configuration, opens the ledger, finishes work a crash interrupted, then runs Camel
 * with the route templates and routes from the hub's home folder. Also the entry point of the small CLI
 * ({@code summary}, {@code sql}, {@code chains}, {@code templates}, {@code models}, {@code estimate}, {@code emulator}).
 */
public final class HubMain {
    private HubMain() {
    }

    static {
        // before any HSQLDB class loads: the ledger may call its login routine and no other Java method
        dev.imagehub.ledger.LedgerLogin.allowOnlyTheLoginRoutine();
    }

    public static void main(String[] args) throws Exception {
        Path home = home();
        String command = args.length == 0 ? "run" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        int code = switch (command) {
            case "run" -> run(home, rest);
            case "summary" -> UsageSummary.print(HubSettings.load(home), rest, System.out);
            case "sql" -> dev.imagehub.ledger.SqlCommand.run(HubSettings.load(home), rest, System.in, System.out, System.err);
            case "chains" -> ChainsCommand.print(home, System.out);
            case "templates" -> TemplatesCommand.print(home, rest, System.out);
            case "models" -> dev.imagehub.wavespeed.ModelsCommand.print(home, rest, System.out);
            case "estimate" -> dev.imagehub.estimate.EstimateCommand.print(home, rest, System.out);
            case "prune" -> dev.imagehub.housekeeping.PruneCommand.run(HubSettings.load(home), rest, System.out, System.err);
            case "user" -> dev.imagehub.console.UserCommand.run(HubSettings.load(home), rest, System.in, System.out, System.err);
            case "emulator" -> dev.imagehub.wavespeed.emulator.WaveSpeedEmulator.runStandalone(home.resolve("config"), rest);
            default -> {
                System.err.println("usage: hub [run [duration-seconds] | summary [yyyy-mm-dd] | sql [--csv] [\"query\"] | chains | templates [--sheet out.png [--photo file]] | models [task] | estimate <chain> <folder> [--chart file.png] | prune [--dry-run] | user add NAME [--role R] | user remove NAME | user list | emulator [port]]");
                yield 2;
            }
        };
        if (code != 0) System.exit(code);
    }

    /** The hub's home: {@code -Dhub.home}, else {@code $HUB_HOME}, else the working directory. */
    public static Path home() {
        String h = System.getProperty("hub.home");
        if (h == null || h.isBlank()) h = System.getenv("HUB_HOME");
        return Path.of(h == null || h.isBlank() ? "." : h).toAbsolutePath().normalize();
    }

    private static int run(Path home, String[] args) throws Exception {
        java.util.Optional<HubLock> taken = HubLock.tryTake(home);
        if (taken.isEmpty()) {
            System.err.println("Cannot start: another hub is already running with home " + home + " (" + HubLock.FILE + " is held)");
            return 3;
        }
        try (HubLock lock = taken.get()) {
            HubServices.Checked checked;
            try {
                checked = HubServices.validate(HubSettings.unchecked(home));
            } catch (ConfigException e) {
                // every mistake of this start, one line each: file, line, key and what is wrong
                for (ConfigException p : e.problems()) System.err.println("Cannot start: " + p.getMessage());
                return 2;
            }
            Main main = createMain(checked);
            try {
                if (args.length > 0) main.configure().withDurationMaxSeconds(Integer.parseInt(args[0]));
                main.run();
                if (main.getCamelContext() == null || (!main.getCamelContext().isStarted() && main.getExitCode() != 0)) {
                    System.err.println("Cannot start: Camel could not start the routes (see the log above)");
                }
                return main.getExitCode();
            } catch (Exception e) {
                System.err.println("Cannot start: " + rootCause(e));
                return 2;
            } finally {
                // normally stopped by Camel already; this covers a start that failed half-way
                if (main.getCamelContext() != null) main.getCamelContext().close();
            }
        } catch (IOException e) {
            System.err.println("Cannot start: " + e.getMessage());
            return 3;
        }
    }

    /**
     * A Camel Main wired to the hub's folders; its one CamelContext builds, starts and stops the hub's services
     * ({@link HubConfiguration}). Tests use it the same way.
     */
    public static Main createMain(HubServices.Checked checked) {
        Path home = checked.settings().home();
        Main main = new Main();
        HubConfiguration services = new HubConfiguration(checked);
        main.setPropertyPlaceholderLocations("file:" + home.resolve(HubSettings.FILE));
        main.setOverrideProperties(checked.settings().asProperties());
        main.configure().withRoutesIncludePattern(
                "file:" + home.resolve("templates/routes") + "/*.camel.yaml,file:" + home.resolve("routes") + "/*.camel.yaml");
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                // before the routes are parsed: the beans of routes/*.camel.yaml refer to the services by name
                try {
                    services.configure(m.getCamelContext());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }

            @Override
            public void afterConfigure(BaseMainSupport m) {
                HubServices hub = services.services();
                // one route per enabled mailbox, from templates/routes/mailbox.camel.yaml (loaded by now)
                try {
                    dev.imagehub.mail.MailboxRoutes.add(m.getCamelContext(), hub);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create the mailbox routes: " + e.getMessage(), e);
                }
                try {
                    dev.imagehub.observe.Observability.installServer(m.getCamelContext(), hub);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot start /health and /metrics: " + e.getMessage(), e);
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                HubServices hub = services.services();
                dev.imagehub.observe.Observability.registerChecks(m.getCamelContext(), hub);
                if (hub.leases() == null) {
                    hub.calendar().start();
                } else {
                    // several hubs: the calendar plans and exports on the hub that leads it, and moves when that hub dies
                    try {
                        org.apache.camel.cluster.CamelClusterView view = hub.leases().getView("calendar");
                        view.addEventListener((org.apache.camel.cluster.CamelClusterEventListener.Leadership) (v, leader) -> {
                            if (leader != null && leader.isLocal()) hub.calendar().start();
                            else hub.calendar().close();
                        });
                        // led already before the listener was added (its first lease is taken as the view starts)
                        if (view.getLeader().map(org.apache.camel.cluster.CamelClusterMember::isLocal).orElse(false)) hub.calendar().start();
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot lead the calendar: " + e.getMessage(), e);
                    }
                }
                org.slf4j.LoggerFactory.getLogger(HubMain.class).info("Hub ready: {} hot folder route(s) watching {}",
                        m.getCamelContext().getRoutes().size(), home.resolve("inbox"));
            }
        });
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeStop(BaseMainSupport m) {
                services.services().calendar().close();
            }
        });
        return main;
    }

    /** The innermost message of {@code e}, which names the file and what is wrong; the wrappers around it add nothing. */
    static String rootCause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    static void ensureDirectory(Path p) throws IOException {
        Files.createDirectories(p);
    }
}
