package dev.imagehub;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.intake.MemoryBudget;
import dev.imagehub.ledger.JobJournal;
import dev.imagehub.ledger.Ledger;
import dev.imagehub.ledger.LedgerServer;
import dev.imagehub.wavespeed.SpendGuard;
import dev.imagehub.wavespeed.budget.BudgetConfig;
import dev.imagehub.wavespeed.budget.Budgets;

/**
 * Everything the routes share: settings, validated chains, the ledger and its SQL server, the job journal, the
 * WaveSpeed gateway, mail, budgets and the calendar. A Camel {@link org.apache.camel.Service} of the hub's one
 * CamelContext (see {@link HubConfiguration}): started before any route polls (it finishes work a crash interrupted)
 * and stopped after the routes have stopped. Bound in Camel's registry as {@code hub}, each service also by its name.
 */
public final class HubServices implements org.apache.camel.Service {
    private static final Logger LOG = LoggerFactory.getLogger(HubServices.class);
    public static final String BEAN_NAME = "hub";

    private final HubSettings settings;
    private final StepCatalog steps;
    private final ChainCatalog chains;
    private final LedgerServer server;
    private final Ledger ledger;
    private final JobJournal journal;
    private final MemoryBudget memory;
    private final dev.imagehub.wavespeed.AiGateway ai;
    private final Budgets budgets;
    private final dev.imagehub.mail.MailTransport mail;
    private final dev.imagehub.mail.Notifier notifier;
    private final dev.imagehub.mail.SmtpReplySender replies;
    private final dev.imagehub.mail.MailboxCatalog mailboxes;
    private volatile dev.imagehub.mail.ReplySender replySender;
    private final dev.imagehub.calendar.ContentCalendar calendar;
    private final dev.imagehub.intake.Pauses pauses;
    private final dev.imagehub.intake.DiskFloor diskFloor;
    private final dev.imagehub.observe.HubMetrics metrics;
    private final dev.imagehub.intake.WaitingFiles waiting = new dev.imagehub.intake.WaitingFiles();
    private final dev.imagehub.mail.ReviewedMail reviewedMail;
    private final dev.imagehub.cluster.FileClaims claims;
    private final dev.imagehub.review.ReviewDesk reviews;

    private HubServices(HubSettings settings, StepCatalog steps, ChainCatalog chains, LedgerServer server, Ledger ledger,
                        dev.imagehub.wavespeed.ModelRegistry models, BudgetConfig budgetConfig, MailConfig mailConfig,
                        dev.imagehub.mail.MailboxCatalog mailboxes, dev.imagehub.calendar.ContentCalendar.Settings calendarSettings,
                        dev.imagehub.observe.HubMetrics metrics, org.apache.camel.CamelContext camel) {
        this.settings = settings;
        this.metrics = metrics;
        this.mailboxes = mailboxes;
        this.steps = steps;
        this.chains = chains;
        this.server = server;
        this.ledger = ledger;
        this.journal = new JobJournal(ledger.dataSource(), settings.nodeId());
        // several hubs on one inbox: a hot folder file is worked on by the hub that claims it in the shared ledger
        if (settings.clusterEnabled()) {
            if (Ledger.isEmbedded(settings.dbUrl())) {
                throw settings.invalid("hub.cluster.enabled", "several hubs need one shared ledger: set hub.db.url to a PostgreSQL database "
                        + "(an embedded HSQLDB belongs to one hub)");
            }
            this.claims = new dev.imagehub.cluster.FileClaims(ledger.dataSource(), settings.nodeId(), settings.clusterLeaseSeconds());
            LOG.info("Cluster: node {} claims files in the shared ledger (lease {} s)", settings.nodeId(), settings.clusterLeaseSeconds());
        } else {
            this.claims = null;
        }
        this.memory = new MemoryBudget(settings.memoryBudgetMb());
        metrics.memoryBudget(() -> (long) (memory.totalMb() - memory.availableMb()) * 1024 * 1024);
        this.budgets = new Budgets(budgetConfig, ledger.dataSource(), Clock.systemDefaultZone());
        try {
            // the console's costs and trends read per-day totals in the budgets' zone: built once, or again after the zone changed
            dev.imagehub.ledger.UsageTotals.ensure(ledger.dataSource(), budgetConfig.zone());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot build the ledger's daily totals: " + e.getMessage(), e);
        }
        this.ai = gateway(settings, models, ledger, budgets, camel);
        this.mail = new dev.imagehub.mail.MailTransport(settings::environment, camel);
        this.notifier = new dev.imagehub.mail.Notifier(mailConfig.notifications(), mail, mailConfig.templates(), java.time.Clock.systemUTC());
        this.replies = new dev.imagehub.mail.SmtpReplySender(mail, mailConfig.templates(), mailConfig.largeResults(), settings.home());
        this.replySender = replies;
        this.reviewedMail = new dev.imagehub.mail.ReviewedMail(settings.home(), ledger.dataSource(), () -> replySender);
        // a decision on a mail's file may complete that mail's review: its sender is answered then
        this.reviews = new dev.imagehub.review.ReviewDesk(settings.home(), ledger.dataSource(), reviewedMail::settleLater);
        this.pauses = new dev.imagehub.intake.Pauses(java.time.Duration.ofSeconds(settings.intSetting("hub.pauseMaxSeconds", 60, 1, 3600)),
                java.time.Clock.systemUTC(), notifier);
        this.pauses.probe(dev.imagehub.intake.Pauses.LEDGER, ledger::check);
        this.diskFloor = new dev.imagehub.intake.DiskFloor(settings.intSetting("hub.minFreeDiskMb", 512, 0, 1_000_000_000),
                java.util.List.of(settings.home().resolve("outbox"), settings.home().resolve("data")));
        this.pauses.probe(dev.imagehub.intake.Pauses.DISK, diskFloor::check);
        this.calendar = new dev.imagehub.calendar.ContentCalendar(settings.home(), calendarSettings, chains, steps, ledger.dataSource(), notifier, java.time.Clock.systemUTC());
    }

    /** The mail settings checked at start-up: templates, notifications and what to do with results too large to mail. */
    public record MailConfig(dev.imagehub.mail.MailTemplates templates, dev.imagehub.mail.NotificationSettings notifications,
                              dev.imagehub.mail.SmtpReplySender.LargeResults largeResults) {
        static MailConfig load(HubSettings settings) {
            var templates = dev.imagehub.mail.MailTemplates.load(settings.home().resolve("templates").resolve("mail"));
            var notifications = dev.imagehub.mail.NotificationSettings.load(settings.home().resolve("config"));
            dev.imagehub.mail.SmtpReplySender.LargeResults large;
            try {
                large = dev.imagehub.mail.SmtpReplySender.LargeResults.parse(settings.setting("hub.mail.largeResults", "zip"));
            } catch (IllegalArgumentException e) {
                throw settings.invalid("hub.mail.largeResults", e.getMessage());
            }
            if (notifications.enabled()) {
                LOG.info("Mail notifications: alerts to {} after {} failures in a row within {} s, via {}:{}", notifications.operations(),
                        notifications.threshold(), notifications.window().toSeconds(), notifications.smtp().host(), notifications.smtp().port());
            }
            return new MailConfig(templates, notifications, large);
        }
    }

    /** The real WaveSpeed client when WAVESPEED_API_KEY is set, else a gateway that sends nothing and says why. */
    private static dev.imagehub.wavespeed.AiGateway gateway(HubSettings settings, dev.imagehub.wavespeed.ModelRegistry models,
                                                            Ledger ledger, dev.imagehub.wavespeed.SpendGuard spend,
                                                            org.apache.camel.CamelContext camel) {
        var key = dev.imagehub.wavespeed.client.ApiKey.from(settings);
        if (key.isEmpty()) {
            LOG.info("WaveSpeed: WAVESPEED_API_KEY is not set; AI steps fail with a clear reason and nothing is sent");
            return new dev.imagehub.wavespeed.NoKeyGateway(models);
        }
        var ws = dev.imagehub.wavespeed.client.WaveSpeedSettings.of(settings);
        LOG.info("WaveSpeed: endpoint {}, {} concurrent task(s), {} submits/min", ws.baseUrl(), ws.concurrency(),
                ws.submitsPerMinute() == 0 ? "unlimited" : String.valueOf(ws.submitsPerMinute()));
        // several hubs share the account: its concurrency is counted in the shared ledger
        return new dev.imagehub.wavespeed.client.WaveSpeedGateway(ws, key.get(), models, ledger.dataSource(), spend, settings.home(), camel,
                settings.clusterEnabled() ? settings.nodeId() : null, settings.clusterLeaseSeconds());
    }

    /** What {@link #validate} found valid: everything the services are built from. */
    public record Checked(HubSettings settings, StepCatalog steps, ChainCatalog chains, dev.imagehub.wavespeed.ModelRegistry models,
                          BudgetConfig budgetConfig, MailConfig mailConfig, dev.imagehub.mail.MailboxCatalog mailboxes,
                          dev.imagehub.calendar.ContentCalendar.Settings calendar) {
    }

    /** Validates the configuration and opens the services in {@code camel} (for tests; the hub uses {@link HubConfiguration}). */
    public static HubServices start(HubSettings settings, org.apache.camel.CamelContext camel) {
        return open(validate(settings), camel);
    }

    /**
     * Validates the whole configuration, reporting every mistake of the start together (each with its file, line and
     * key), without opening any database or port.
     */
    public static Checked validate(HubSettings settings) {
        StepCatalog steps = StepCatalog.discover();
        StartupChecks checks = new StartupChecks();
        checks.add(settings.mistakes());
        // the brand kit first: templates and watermarks resolve colours and fonts through it while chains are checked
        dev.imagehub.brand.BrandKit brand = checks.load(() -> dev.imagehub.brand.BrandKit.load(settings.home()));
        if (brand != null) {
            LOG.info("Brand '{}': colours {}, fonts {}", brand.name(), String.join(", ", brand.colors().keySet()),
                    String.join(", ", brand.fonts().keySet()));
        }
        // the layouts of templates/layouts next: template steps in the chains name them, and a broken one names its line
        dev.imagehub.layout.LayoutCatalog layouts = brand == null ? null : checks.load(() -> dev.imagehub.layout.LayoutCatalog.load(settings.home()));
        if (layouts != null) LOG.info("Layouts: {}", layouts.names().isEmpty() ? "none" : String.join(", ", layouts.names()));
        ChainCatalog chains = layouts == null ? null
                : checks.load(() -> ChainCatalog.load(settings.home().resolve("config"), "config", steps, checks.problems));
        // the hot-folder routes name chains: an unknown one is reported here, with its file and line, not by Camel
        if (chains != null) checks.add(chains.checkWatermarkTemplates(steps));
        if (chains != null) checks.add(dev.imagehub.intake.HotFolderRoutes.check(settings.home(), chains));
        // the WaveSpeed settings and model registry too, so a broken entry stops the start rather than a later AI job
        checks.load(() -> dev.imagehub.wavespeed.client.WaveSpeedSettings.of(settings));
        dev.imagehub.wavespeed.ModelRegistry models = checks.load(() -> dev.imagehub.wavespeed.ModelRegistry.load(settings.home().resolve("config")));
        // mail templates and config/notifications.yaml too: a broken template or address is reported now, with its line
        MailConfig mailConfig = checks.load(() -> MailConfig.load(settings));
        // mailboxes name chains and password variables: a typo or a missing variable stops the start here too
        dev.imagehub.mail.MailboxCatalog mailboxes = chains == null ? null
                : checks.load(() -> dev.imagehub.mail.MailboxCatalog.load(settings, chains));
        BudgetConfig budgetConfig = checks.load(() -> BudgetConfig.load(settings.home().resolve("config")));
        // the hub.calendar.* settings (config/calendar.csv itself is read once Camel runs, and re-read on every edit)
        dev.imagehub.calendar.ContentCalendar.Settings calendar = checks.load(() -> dev.imagehub.calendar.ContentCalendar.Settings.of(settings));
        // the HTTP port of /health and /metrics: taken by another program, the start stops and says which setting
        checks.load(() -> {
            dev.imagehub.observe.HttpPort.check(settings);
            return null;
        });
        // config/retention.yaml: a mistake stops the start, not the 03:30 housekeeping run
        checks.load(() -> dev.imagehub.housekeeping.Retention.load(settings.home().resolve("config")));
        checks.throwIfAny();
        return new Checked(settings, steps, chains, models, budgetConfig, mailConfig, mailboxes, calendar);
    }

    /** Opens the ledger (and its SQL server) and builds the services of a validated configuration in {@code camel}. */
    public static HubServices open(Checked checked, org.apache.camel.CamelContext camel) {
        HubSettings settings = checked.settings();
        StepCatalog steps = checked.steps();
        ChainCatalog chains = checked.chains();
        // the ledger first: opening it installs the login check that keeps the SQL server's clients read-only
        dev.imagehub.observe.HubMetrics metrics = new dev.imagehub.observe.HubMetrics(settings.home().resolve("inbox"));
        Ledger ledger = Ledger.open(settings, metrics.registry());
        LedgerServer server;
        try {
            server = settings.dbServerEnabled() ? LedgerServer.start(settings) : null;
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
        LOG.info("Hub {} at {}: {} chains ({}), {} steps, {} workers, ledger {}", settings.version(), settings.home(),
                chains.all().size(), String.join(", ", chains.all().keySet()), steps.names().size(), settings.workers(),
                Ledger.redact(settings.dbUrl()));
        try {
            return new HubServices(settings, steps, chains, server, ledger, checked.models(), checked.budgetConfig(),
                    checked.mailConfig(), checked.mailboxes(), checked.calendar(), metrics, camel);
        } catch (RuntimeException e) {
            ledger.close();
            if (server != null) server.close();
            throw e;
        }
    }

    /** Collects the configuration mistakes of one start, so that all of them are reported at once. */
    private static final class StartupChecks {
        final java.util.List<dev.imagehub.config.ConfigException> problems = new java.util.ArrayList<>();

        /** The loaded value, or null (the mistake kept) when it is broken. */
        <T> T load(java.util.function.Supplier<T> loader) {
            try {
                return loader.get();
            } catch (dev.imagehub.config.ConfigException e) {
                problems.add(e);
                return null;
            }
        }

        void add(java.util.List<dev.imagehub.config.ConfigException> more) {
            problems.addAll(more);
        }

        void throwIfAny() {
            if (problems.size() == 1) throw problems.get(0);
            if (!problems.isEmpty()) throw new dev.imagehub.config.ConfigException(problems);
        }
    }

    public HubSettings settings() { return settings; }
    public Path home() { return settings.home(); }
    public StepCatalog steps() { return steps; }
    public ChainCatalog chains() { return chains; }
    public JobJournal journal() { return journal; }
    public MemoryBudget memory() { return memory; }
    /** Work held back while an outbox or the ledger cannot be written; it resumes by itself. */
    public dev.imagehub.intake.Pauses pauses() { return pauses; }

    /** How long one file's chain may run ({@code hub.fileDeadlineSeconds}, 0 = no limit), checked between steps. */
    public java.time.Duration fileDeadline() {
        int s = settings.intSetting("hub.fileDeadlineSeconds", 900, 0, 86_400);
        return s == 0 ? null : java.time.Duration.ofSeconds(s);
    }

    /** Files found cut off while young, left alone by the hot folders' read lock until they change. */
    public dev.imagehub.intake.WaitingFiles waitingFiles() { return waiting; }

    /** The hub's metrics (served at /metrics). */
    public dev.imagehub.observe.HubMetrics metrics() { return metrics; }

    /** Throws when the ledger database cannot be used (the health check's probe). */
    public void ledgerCheck() throws java.sql.SQLException { ledger.check(); }

    /** The free-space floor new files wait on. */
    public dev.imagehub.intake.DiskFloor diskFloor() { return diskFloor; }
    public DataSource dataSource() { return ledger.dataSource(); }
    /** The WaveSpeed gateway AI steps call; without WAVESPEED_API_KEY it refuses every call with a clear reason. */
    public dev.imagehub.wavespeed.AiGateway ai() { return ai; }
    /** The budgets of config/budgets.yaml: the gateway reserves each task's price here before it submits. */
    public SpendGuard spendGuard() { return budgets; }
    /** The same budgets with their status, for commands that report what is left. */
    public Budgets budgets() { return budgets; }
    /** Route-failing alerts, recovery notes and batch/export mails (config/notifications.yaml; off by default). */
    public dev.imagehub.mail.Notifier notifier() { return notifier; }
    /**
     * Sends replies to processed mails over SMTP (results attached, split into ZIP parts or listed when too large), and
     * the refusal and unknown-tag help mails.
     */
    public dev.imagehub.mail.SmtpReplySender smtpReplies() { return replies; }

    /** The mailboxes of config/mailboxes.yaml (only the enabled ones are read). */
    public dev.imagehub.mail.MailboxCatalog mailboxes() { return mailboxes; }

    /** The content calendar (config/calendar.csv); started once Camel runs, stopped with the hub. */
    public dev.imagehub.calendar.ContentCalendar calendar() { return calendar; }

    /** Sends the replies of the mail intake: {@link #smtpReplies()} unless another sender was installed. */
    public dev.imagehub.mail.ReplySender replySender() { return replySender; }

    private volatile dev.imagehub.cluster.LeaseClusterService leases;

    /** The leader leases of several hubs (set by HubConfiguration), or null for a hub on its own. */
    public dev.imagehub.cluster.LeaseClusterService leases() { return leases; }

    void leases(dev.imagehub.cluster.LeaseClusterService leases) { this.leases = leases; }

    /** The claims of hot folder files among several hubs, or null for a hub on its own. */
    public dev.imagehub.cluster.FileClaims claims() { return claims; }

    /** Mails answered once a reviewer decided their files. */
    public dev.imagehub.mail.ReviewedMail reviewedMail() { return reviewedMail; }

    /** The review queue: results held for a person, approved or declined. */
    public dev.imagehub.review.ReviewDesk reviews() { return reviews; }

    /** Installs the reply sender the mail intake uses (tests use it to simulate an SMTP outage). */
    public void useReplySender(dev.imagehub.mail.ReplySender sender) { this.replySender = sender; }

    /** Nothing to do: the services are opened when they are built ({@link HubConfiguration} then runs the recovery sweep). */
    @Override
    public void start() {
    }

    /** Camel stops the services after the routes: in-flight files have finished by then. */
    @Override
    public void stop() {
        close();
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        // an export in progress finishes (and queues its mail) before the notifier drains
        pauses.close();
        if (claims != null) claims.close();
        calendar.close();
        // queued notifications go out before the mail transport closes
        notifier.close();
        mail.close();
        if (ai instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("WaveSpeed client shutdown: {}", e.getMessage());
            }
        }
        // a clean SHUTDOWN checkpoints HSQLDB so the next start does not replay the log
        if (settings.dbUrl().startsWith("jdbc:hsqldb:file:")) {
            try (Connection c = ledger.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            } catch (Exception e) {
                LOG.debug("ledger shutdown: {}", e.getMessage());
            }
        }
        ledger.close();
        if (server != null) server.close();
    }
}
