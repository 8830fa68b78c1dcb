package dev.imagehub.wavespeed.budget;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.imagehub.ledger.LedgerAccess;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQL examples of docs/costs.md run on the real schema and return what they promise. */
class CostQueriesTest {

    @Test
    void should_run_the_documented_queries() throws Exception {
        // given: the queries as written in the docs, and one settled task today
        String doc = Files.readString(Path.of(System.getProperty("test.hub.source", "..")).resolve("docs/costs.md"));
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<String> queries = new ArrayList<>();
        while (m.find()) queries.add(m.group(1).trim().replaceAll(";$", ""));
        assertThat(queries).hasSize(2);
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:hsqldb:mem:docs-" + UUID.randomUUID());
        cfg.setUsername("SA");
        cfg.setPassword("");
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            LedgerAccess.applySchema(ds);
            Budgets budgets = new Budgets(BudgetConfig.none(), ds, Clock.systemDefaultZone());
            budgets.reserve("k", "hotfolder-upscale", "wavespeed-ai/image-upscaler", new BigDecimal("0.02"));
            budgets.settle("k", new BigDecimal("0.01"));
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                // when / then
                try (ResultSet rs = st.executeQuery(queries.get(0))) {
                    assertThat(rs.getMetaData().getColumnCount()).isEqualTo(6);
                }
                try (ResultSet rs = st.executeQuery(queries.get(1))) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString("route")).isEqualTo("hotfolder-upscale");
                    assertThat(rs.getBigDecimal("usd")).isEqualByComparingTo("0.01");
                }
            }
        }
    }
}
