package dev.imagehub.wavespeed.client;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import dev.imagehub.HubSettings;
import dev.imagehub.ledger.JobJournal;
import dev.imagehub.ledger.Ledger;
import dev.imagehub.wavespeed.AiCall;
import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.wavespeed.SpendGuard;
import dev.imagehub.wavespeed.emulator.WaveSpeedEmulator;

/**
 * A WaveSpeed gateway on a real HSQLDB ledger in a temporary home, pointed at an emulator through the environment
 * seam (WAVESPEED_BASE_URL, WAVESPEED_API_KEY), exactly as HubServices builds it. A second harness on the same home is
 * a restarted hub.
 */
final class GatewayHarness implements AutoCloseable {
    static final String KEY = "sk-test-7f3a9c1e5b2d4f60a8e1c3b5d7f9a2c4";
    static final ModelRegistry REGISTRY = ModelRegistry.load(Path.of(System.getProperty("test.hub.source", "..")).resolve("config"));

    final Path home;
    final HubSettings settings;
    final Ledger ledger;
    final WaveSpeedGateway gateway;
    final JobJournal journal;

    GatewayHarness(Path home, WaveSpeedEmulator emu, Map<String, String> overrides) {
        this(home, emu, overrides, new UnlimitedSpendGuard());
    }

    GatewayHarness(Path home, WaveSpeedEmulator emu, Map<String, String> overrides, SpendGuard guard) {
        this.home = home;
        Map<String, String> props = new LinkedHashMap<>();
        props.put("hub.db.server.enabled", "false");
        props.put("hub.wavespeed.retryBackoffMillis", "20");
        props.putAll(overrides);
        settings = HubSettings.load(home, props, Map.of(ApiKey.ENV, KEY, WaveSpeedSettings.BASE_URL_ENV, emu.baseUrl()));
        ledger = Ledger.open(settings);
        journal = new JobJournal(ledger.dataSource());
        gateway = new WaveSpeedGateway(WaveSpeedSettings.of(settings), ApiKey.from(settings).orElseThrow(), REGISTRY,
                ledger.dataSource(), guard, home, dev.imagehub.testing.TestCamel.context());
    }

    /** A journaled job, as the hot-folder processor begins one. */
    String job(String fileSha) {
        try {
            return journal.begin("hotfolder-test", "test", "test", "photo.jpg", 100, fileSha);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    AiCall call(String jobId, String fileSha, String modelId, Map<String, Object> inputs) {
        return new AiCall("hotfolder-test", jobId, fileSha, 1, "edit", "", REGISTRY.require(modelId), inputs, "named in the chain");
    }

    List<Map<String, Object>> sql(String query, Object... args) {
        try (Connection c = ledger.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A small PNG with a colour block, distinct per {@code seed}. */
    static byte[] png(int width, int height, int seed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40 + seed * 37 % 200, 90, 160));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        gateway.close();
        try (Connection c = ledger.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            // already down
        }
        ledger.close();
    }
}
