package dev.imagehub.ledger;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import org.hsqldb.persist.HsqlDatabaseProperties;

/**
 * Decides every login to the embedded HSQLDB ledger (installed as the database's authentication function). The admin
 * account only logs in from inside the hub's own process, with a token that exists only in that process's memory; over
 * the network (the loopback SQL server) only the read-only {@code READER} logs in, with the reader password. So no
 * other local account can change, script out or shut down the ledger, whatever it knows.
 */
public final class LedgerLogin {
    /** The ledger's admin account (HSQLDB's default name, kept so ledgers of earlier versions open unchanged). */
    public static final String ADMIN = "SA";
    /** The read-only account SQL clients use. */
    public static final String READER = "READER";
    /** The role holding SELECT on the ledger's tables and views, and nothing else. */
    public static final String READER_ROLE = "LEDGER_READER";
    /** The Java routine HSQLDB calls for each login; the only Java routine the ledger may call. */
    public static final String ROUTINE = "dev.imagehub.ledger.LedgerLogin.authenticate";

    // a fresh secret per process: never written anywhere, so the admin cannot be used from outside this JVM
    private static final String ADMIN_TOKEN = randomSecret();
    private static final Map<String, byte[]> READER_PASSWORDS = new ConcurrentHashMap<>();
    private static final Set<ThreadGroup> NETWORK_THREADS = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private LedgerLogin() {
    }

    /**
     * Lets HSQLDB call {@link #authenticate} and no other Java method (HSQLDB reads the allow-list once, when its
     * classes load, so this runs before the first database is opened: see {@code HubMain} and the surefire settings).
     */
    public static void allowOnlyTheLoginRoutine() {
        if (System.getProperty(HsqlDatabaseProperties.hsqldb_method_class_names) == null) {
            System.setProperty(HsqlDatabaseProperties.hsqldb_method_class_names, ROUTINE);
        }
        if (!HsqlDatabaseProperties.supportsJavaMethod(ROUTINE)) {
            throw new IllegalStateException("the ledger's login routine is not allowed: start the JVM with -D"
                    + HsqlDatabaseProperties.hsqldb_method_class_names + "=" + ROUTINE);
        }
    }

    /** The password the hub's own connections use for {@link #ADMIN}: valid in this process only. */
    static String adminToken() {
        return ADMIN_TOKEN;
    }

    /** The reader password of the database whose unique name is {@code databaseName} (HSQLDB's {@code DATABASE_NAME()}). */
    static void readerPassword(String databaseName, String password) {
        READER_PASSWORDS.put(databaseName, password.getBytes(StandardCharsets.UTF_8));
    }

    /** Connections whose threads belong to {@code group} come over the network. */
    static void networkThreads(ThreadGroup group) {
        if (group != null) NETWORK_THREADS.add(group);
    }

    /**
     * HSQLDB's external authentication function: null keeps the user's own privileges; an exception refuses the login
     * with its message.
     */
    public static java.sql.Array authenticate(String database, String user, String password) throws SQLException {
        boolean network = fromNetwork();
        byte[] given = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
        if (ADMIN.equalsIgnoreCase(user)) {
            if (network) {
                throw new SQLException("the ledger's admin account cannot log in over the network; SQL clients log in as "
                        + READER + " (read-only)");
            }
            if (!MessageDigest.isEqual(given, ADMIN_TOKEN.getBytes(StandardCharsets.UTF_8))) {
                throw new SQLException("the ledger's admin account is used by the hub only");
            }
            return null;
        }
        if (READER.equalsIgnoreCase(user)) {
            byte[] expected = READER_PASSWORDS.get(database);
            if (expected != null && MessageDigest.isEqual(given, expected)) return null;
        }
        throw new SQLException("invalid user name or password for the ledger (SQL clients log in as " + READER + ")");
    }

    private static boolean fromNetwork() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        for (; g != null; g = g.getParent()) {
            if (NETWORK_THREADS.contains(g)) return true;
        }
        return false;
    }

    static String randomSecret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
