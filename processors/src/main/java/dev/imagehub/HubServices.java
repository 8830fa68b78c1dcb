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
 * Everything the routes share, built once before Camel starts: settings, validated chains, the ledger and its SQL
 * server, the job journal and the memory budget. Bound in Camel's registry as {@code hub}.
 */
public final class HubServices implements AutoCloseable {
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

    private HubServices(HubSettings settings, StepCatalog steps, ChainCatalog chains, LedgerServer server, Ledger ledger,
                        dev.imagehub.wavespeed.ModelRegistry models, BudgetConfig budgetConfig) {
        this.settings = settings;
        this.steps = steps;
        this.chains = chains;
        this.server = server;
        this.ledger = ledger;
        this.journal = new JobJournal(ledger.dataSource());
        this.memory = new MemoryBudget(settings.memoryBudgetMb());
        this.budgets = new Budgets(budgetConfig, ledger.dataSource(), Clock.systemDefaultZone());
        this.ai = gateway(settings, models, ledger, budgets);
    }

    /** The real WaveSpeed client when WAVESPEED_API_KEY is set, else a gateway that sends nothing and says why. */
    private static dev.imagehub.wavespeed.AiGateway gateway(HubSettings settings, dev.imagehub.wavespeed.ModelRegistry models,
                                                            Ledger ledger, dev.imagehub.wavespeed.SpendGuard spend) {
        var key = dev.imagehub.wavespeed.client.ApiKey.from(settings);
        if (key.isEmpty()) {
            LOG.info("WaveSpeed: WAVESPEED_API_KEY is not set; AI steps fail with a clear reason and nothing is sent");
            return new dev.imagehub.wavespeed.NoKeyGateway(models);
        }
        var ws = dev.imagehub.wavespeed.client.WaveSpeedSettings.of(settings);
        LOG.info("WaveSpeed: endpoint {}, {} concurrent task(s), {} submits/min", ws.baseUrl(), ws.concurrency(),
                ws.submitsPerMinute() == 0 ? "unlimited" : String.valueOf(ws.submitsPerMinute()));
        return new dev.imagehub.wavespeed.client.WaveSpeedGateway(ws, key.get(), models, ledger.dataSource(), spend, settings.home());
    }

    /** Validates the configuration first (so a typo fails fast, before any database is opened), then opens the ledger. */
    public static HubServices start(HubSettings settings) {
        StepCatalog steps = StepCatalog.discover();
        ChainCatalog chains = ChainCatalog.load(settings.home().resolve("config"), "config", steps);
        // the WaveSpeed model registry is checked now too, so a broken entry stops the start rather than a later AI job
        dev.imagehub.wavespeed.ModelRegistry models = dev.imagehub.wavespeed.ModelRegistry.load(settings.home().resolve("config"));
        BudgetConfig budgetConfig = BudgetConfig.load(settings.home().resolve("config"));
        LedgerServer server = settings.dbServerEnabled() ? LedgerServer.start(settings) : null;
        Ledger ledger;
        try {
            ledger = Ledger.open(settings);
        } catch (RuntimeException e) {
            if (server != null) server.close();
            throw e;
        }
        LOG.info("Hub {} at {}: {} chains ({}), {} steps, {} workers, ledger {}", settings.version(), settings.home(),
                chains.all().size(), String.join(", ", chains.all().keySet()), steps.names().size(), settings.workers(),
                Ledger.redact(settings.dbUrl()));
        try {
            return new HubServices(settings, steps, chains, server, ledger, models, budgetConfig);
        } catch (RuntimeException e) {
            ledger.close();
            if (server != null) server.close();
            throw e;
        }
    }

    public HubSettings settings() { return settings; }
    public Path home() { return settings.home(); }
    public StepCatalog steps() { return steps; }
    public ChainCatalog chains() { return chains; }
    public JobJournal journal() { return journal; }
    public MemoryBudget memory() { return memory; }
    public DataSource dataSource() { return ledger.dataSource(); }
    /** The WaveSpeed gateway AI steps call; without WAVESPEED_API_KEY it refuses every call with a clear reason. */
    public dev.imagehub.wavespeed.AiGateway ai() { return ai; }
    /** The budgets of config/budgets.yaml: the gateway reserves each task's price here before it submits. */
    public SpendGuard spendGuard() { return budgets; }
    /** The same budgets with their status, for commands that report what is left. */
    public Budgets budgets() { return budgets; }

    @Override
    public void close() {
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
