package dev.imagehub.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import dev.imagehub.HubSettings;

/**
 * {@code hub sql ["query"]}: read-only SQL on the ledger, whether the hub runs or not. With a query, runs it and prints
 * the rows as a table ({@code --csv}: as CSV); without, reads statements ending in {@code ;} from standard input (a
 * prompt when typed at a terminal), with {@code \d} to list the tables, {@code \d table} to describe one, {@code \q}
 * to quit. Writes are refused by the database itself: the connection is read-only and, on the running hub, its
 * account may only SELECT.
 */
public final class SqlCommand {
    private static final int MAX_TABLE_ROWS = 1000;
    private static final int MAX_CELL = 60;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean csv;

    private SqlCommand(PrintStream out, PrintStream err, boolean csv) {
        this.out = out;
        this.err = err;
        this.csv = csv;
    }

    public static int run(HubSettings settings, String[] args, InputStream in, PrintStream out, PrintStream err) throws IOException {
        boolean csv = false;
        List<String> queries = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--csv")) csv = true;
            else if (a.equals("-h") || a.equals("--help")) {
                out.println("usage: hub sql [--csv] [\"SELECT ...\"]   (no query: statements ending in ';' from standard input;"
                        + " \\d lists the tables, \\d <table> describes one, \\q quits)");
                return 0;
            } else queries.add(a);
        }
        SqlCommand command = new SqlCommand(out, err, csv);
        Optional<LedgerClient> ledger;
        try {
            ledger = LedgerClient.open(settings);
        } catch (SQLException e) {
            err.println("Cannot read the ledger: " + e.getMessage());
            return 1;
        }
        if (ledger.isEmpty()) {
            err.println("No ledger yet: the hub has not run in " + settings.home());
            return 1;
        }
        try (LedgerClient client = ledger.get()) {
            if (!queries.isEmpty()) return command.execute(client.connection(), String.join(" ", queries)) ? 0 : 1;
            return command.interactive(client, in);
        } catch (SQLException e) {
            err.println("ERROR: " + e.getMessage());
            return 1;
        }
    }

    private int interactive(LedgerClient client, InputStream in) throws IOException {
        boolean terminal = System.console() != null && in == System.in;
        if (terminal) {
            out.println("Ledger (read-only) from " + client.source() + ". End statements with ';'. \\d lists tables, \\q quits.");
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder statement = new StringBuilder();
        boolean ok = true;
        while (true) {
            if (terminal) {
                out.print(statement.length() == 0 ? "ledger> " : "   ...> ");
                out.flush();
            }
            String line = reader.readLine();
            if (line == null) break;
            String trimmed = line.strip();
            if (statement.length() == 0 && trimmed.startsWith("\\")) {
                if (trimmed.equals("\\q")) break;
                ok &= meta(client.connection(), trimmed);
                continue;
            }
            statement.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = statement.toString().strip();
                statement.setLength(0);
                sql = sql.substring(0, sql.length() - 1).strip();
                if (!sql.isEmpty()) ok &= execute(client.connection(), sql);
            }
        }
        if (!statement.toString().isBlank()) ok &= execute(client.connection(), statement.toString().strip());
        return ok ? 0 : 1;
    }

    private boolean meta(Connection c, String command) {
        String[] parts = command.split("\\s+", 2);
        if (!parts[0].equals("\\d")) {
            err.println("unknown command " + parts[0] + " (\\d, \\d <table>, \\q)");
            return false;
        }
        if (parts.length == 1) {
            return execute(c, "SELECT TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME");
        }
        String table = parts[1].replace("'", "''").toUpperCase(Locale.ROOT);
        return execute(c, "SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH AS LENGTH, IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS "
                + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = '" + table + "' ORDER BY ORDINAL_POSITION");
    }

    /** Runs one statement and prints its rows (or its update count); false, with the database's reason, when it fails. */
    boolean execute(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            if (!st.execute(sql)) {
                out.println("(" + st.getUpdateCount() + " rows changed)");
                return true;
            }
            try (ResultSet rs = st.getResultSet()) {
                if (csv) printCsv(rs);
                else printTable(rs);
            }
            return true;
        } catch (IOException e) {
            err.println("ERROR: " + e.getMessage());
            return false;
        } catch (SQLException e) {
            err.println("ERROR: " + e.getMessage());
            return false;
        }
    }

    private void printTable(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[n];
        for (int i = 0; i < n; i++) header[i] = md.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
        boolean more = false;
        while (rs.next()) {
            if (rows.size() == MAX_TABLE_ROWS) {
                more = true;
                break;
            }
            String[] row = new String[n];
            for (int i = 0; i < n; i++) row[i] = cell(rs.getString(i + 1));
            rows.add(row);
        }
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = header[i].length();
            for (String[] r : rows) width[i] = Math.max(width[i], r[i].length());
        }
        out.println(line(header, width));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        out.println(rule);
        for (String[] r : rows) out.println(line(r, width));
        out.println(more ? "(first " + MAX_TABLE_ROWS + " rows shown; add LIMIT, or --csv for all)"
                : "(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    private void printCsv(ResultSet rs) throws SQLException, IOException {
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator(System.lineSeparator()).get());
        printer.printRecords(rs, true);
        printer.flush();
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) sb.append(" | ");
            sb.append(cells[i]).append(" ".repeat(width[i] - cells[i].length()));
        }
        return sb.toString().stripTrailing();
    }

    private static String cell(String v) {
        if (v == null) return "NULL";
        String one = v.replace('\n', ' ').replace('\r', ' ');
        return one.length() <= MAX_CELL ? one : one.substring(0, MAX_CELL - 1) + "…";
    }
}
