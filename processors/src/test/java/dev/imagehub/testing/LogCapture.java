package dev.imagehub.testing;

import java.io.StringWriter;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Everything logged while it is open, at {@code level} and above on the root logger, as "LEVEL logger message" lines. */
public final class LogCapture implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig root = ctx.getConfiguration().getRootLogger();
    private final Level before = root.getLevel();
    private final WriterAppender appender;

    public LogCapture(Level level) {
        appender = WriterAppender.newBuilder().setName("capture").setTarget(out)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %c %msg %ex%n").build()).build();
        appender.start();
        root.addAppender(appender, level, null);
        root.setLevel(level);
        ctx.updateLoggers();
    }

    public String text() {
        return out.toString();
    }

    @Override
    public void close() {
        root.removeAppender("capture");
        root.setLevel(before);
        ctx.updateLoggers();
        appender.stop();
    }
}
