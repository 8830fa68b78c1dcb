package dev.imagehub.ledger;

import java.io.IOException;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Lets tests of other packages apply the real schema to a database of their own. */
public final class LedgerAccess {
    private LedgerAccess() {
    }

    public static void applySchema(DataSource ds) throws SQLException, IOException {
        Ledger.applySchema(ds);
    }
}
