package dev.imagehub.ledger;

import java.sql.Connection;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Creates and migrates the ledger's tables with Flyway, on HSQLDB and PostgreSQL alike: version 1 is the schema of
 * {@code db/schema.sql} (a Java migration, idempotent, so that a ledger made before Flyway is completed and then
 * baselined), later versions are {@code db/migration/V<n>__<what>.sql}. Each version applied is recorded in
 * {@code flyway_schema_history}.
 */
public final class LedgerSchema {
    private LedgerSchema() {
    }

    /** Brings the database of {@code ds} to the latest version. */
    public static void migrate(DataSource ds) {
        Flyway.configure(LedgerSchema.class.getClassLoader())
                .dataSource(ds)
                .locations("classpath:db/migration")
                .javaMigrations(new Tables())
                // a ledger made before Flyway has tables but no history: recorded as version 0, then version 1 completes it
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("ledger made before Flyway")
                .load()
                .migrate();
    }

    /** Version 1: the tables of db/schema.sql, created where missing, columns added where an older ledger lacks them. */
    static final class Tables implements JavaMigration {
        @Override
        public MigrationVersion getVersion() {
            return MigrationVersion.fromVersion("1");
        }

        @Override
        public String getDescription() {
            return "ledger tables (db/schema.sql)";
        }

        @Override
        public Integer getChecksum() {
            return null;
        }

        @Override
        public boolean canExecuteInTransaction() {
            return true;
        }

        @Override
        public void migrate(Context context) throws Exception {
            Connection c = context.getConnection();
            Ledger.applySchema(c);
        }
    }
}
