package dev.imagehub.cluster;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.imagehub.ledger.LedgerSchema;
import dev.imagehub.testing.Await;
import dev.imagehub.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leader-only routes on two hubs (two Camel contexts with their own node ids) sharing one PostgreSQL: a mailbox route
 * runs on exactly one of them, moves to the other when its hub stops, and waits for a dead hub's lease to run out.
 */
class LeaderOnlyRoutesIT {
    private static TestPostgres pg;
    private static HikariDataSource ds;
    private static java.nio.file.Path box;

    @BeforeAll
    static void startPostgres() throws Exception {
        Assumptions.assumeTrue(TestPostgres.binaries().isPresent(), "PostgreSQL is not installed (apt-get install postgresql; .ci/run does)");
        pg = TestPostgres.start();
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(pg.createDatabase("leaders"));
        cfg.setUsername(TestPostgres.USER);
        ds = new HikariDataSource(cfg);
        LedgerSchema.migrate(ds);
        box = java.nio.file.Files.createTempDirectory("leader-box");
        java.nio.file.Files.writeString(box.resolve("mail.eml"), "a mail");
    }

    @AfterAll
    static void stopPostgres() {
        if (ds != null) ds.close();
        if (pg != null) pg.close();
    }

    private static CamelContext hub(String node, AtomicInteger polls) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        LeaseClusterService leases = new LeaseClusterService(ds, node, 5);
        camel.addService(leases, true, true);
        camel.addRoutePolicyFactory(new LeaderOnlyRoutes(leases));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // a folder with one file read again at every poll stands in for a mailbox (no timer component here)
                from("file:" + box + "?noop=true&idempotent=false&delay=50").routeId("mail-studio").process(e -> polls.incrementAndGet());
                from("file:" + box + "/web-" + node + "?delay=50").routeId("hotfolder-web").log("tick");
            }
        });
        camel.start();
        return camel;
    }

    private static boolean started(CamelContext camel, String route) {
        return camel.getRouteController().getRouteStatus(route) == ServiceStatus.Started;
    }

    @Test
    void a_mailbox_route_runs_on_one_hub_and_moves_when_it_stops_or_dies() throws Exception {
        AtomicInteger pollsX = new AtomicInteger();
        AtomicInteger pollsY = new AtomicInteger();
        CamelContext x = hub("x", pollsX);
        CamelContext y = hub("y", pollsY);
        try {
            Await.until(Duration.ofSeconds(30), "one hub polls the mailbox", () -> started(x, "mail-studio") != started(y, "mail-studio"));
            // hot folders run everywhere
            assertThat(started(x, "hotfolder-web")).isTrue();
            assertThat(started(y, "hotfolder-web")).isTrue();
            CamelContext leader = started(x, "mail-studio") ? x : y;
            CamelContext other = leader == x ? y : x;
            AtomicInteger otherPolls = leader == x ? pollsY : pollsX;
            assertThat(otherPolls.get()).as("the other hub never polled").isZero();
            leader.stop();
            Await.until(Duration.ofSeconds(30), "the other hub takes the mailbox over", () -> started(other, "mail-studio"));
            Await.until(Duration.ofSeconds(30), "and polls it", () -> otherPolls.get() > 0);
        } finally {
            x.stop();
            y.stop();
        }
        // a hub that died holding the lead: another waits for its lease, then leads
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM hub_leader");
            st.execute("INSERT INTO hub_leader (namespace, node, lease_until) VALUES ('mail-studio', 'dead', CURRENT_TIMESTAMP + INTERVAL '3' SECOND)");
        }
        AtomicInteger pollsZ = new AtomicInteger();
        long start = System.nanoTime();
        CamelContext z = hub("z", pollsZ);
        try {
            Await.until(Duration.ofSeconds(30), "z leads once the dead hub's lease ran out", () -> started(z, "mail-studio"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before the lease ran out").isGreaterThan(Duration.ofMillis(2500));
        } finally {
            z.stop();
        }
    }
}
