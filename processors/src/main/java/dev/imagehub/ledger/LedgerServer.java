package dev.imagehub.ledger;

import java.io.PrintWriter;
import java.net.Socket;

import org.hsqldb.server.Server;
import org.hsqldb.server.ServerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagehub.HubSettings;

/**
 * An HSQLDB server inside the hub's process, bound to loopback only, so that SQL clients can read the ledger while
 * the hub runs ({@code jdbc:hsqldb:hsql://127.0.0.1:9001/hub}, user {@code READER}). It serves the same database the hub
 * writes; its connections are marked as coming from the network, so {@link LedgerLogin} refuses the admin on them.
 * Start it only after {@link Ledger#open}, which installs that login check.
 */
public final class LedgerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerServer.class);
    public static final String DATABASE_ALIAS = "hub";
    private final Server server;

    private LedgerServer(Server server) {
        this.server = server;
    }

    /** The HSQLDB server whose connection threads {@link LedgerLogin} knows as network logins. */
    private static final class NetworkServer extends Server {
        @Override
        public void handleConnection(Socket socket) {
            // the connection's thread is created in this group just below, before any login can happen on it
            LedgerLogin.networkThreads(serverConnectionThreadGroup);
            super.handleConnection(socket);
        }
    }

    /** The JDBC URL SQL clients use while the hub runs. */
    public static String clientUrl(HubSettings settings) {
        return "jdbc:hsqldb:hsql://127.0.0.1:" + settings.dbServerPort() + "/" + DATABASE_ALIAS;
    }

    /** Starts the server, or returns null (with a warning) when the port is taken: the hub still works without it. */
    public static LedgerServer start(HubSettings settings) {
        String path = settings.dbUrl().substring("jdbc:hsqldb:".length());
        Server server = new NetworkServer();
        server.setLogWriter(null);
        server.setErrWriter(new PrintWriter(java.io.Writer.nullWriter()));
        server.setSilent(true);
        server.setNoSystemExit(true);
        server.setAddress("127.0.0.1");
        server.setPort(settings.dbServerPort());
        server.setDatabaseName(0, DATABASE_ALIAS);
        server.setDatabasePath(0, path);
        server.start();
        if (server.getState() != ServerConstants.SERVER_STATE_ONLINE) {
            LOG.warn("SQL server for the ledger could not start on 127.0.0.1:{} ({}); the hub runs on, but SQL clients cannot "
                    + "connect until the port is free or hub.db.server.port is changed", settings.dbServerPort(),
                    server.getServerError() == null ? "unknown reason" : server.getServerError().getMessage());
            server.shutdown();
            return null;
        }
        LOG.info("Ledger SQL server: {} (loopback only; user {}, read-only, password in {} or ${})", clientUrl(settings),
                LedgerLogin.READER, ReaderPassword.FILE, ReaderPassword.ENV);
        return new LedgerServer(server);
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
