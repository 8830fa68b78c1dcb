package dev.imagehub.testing;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The CamelContext of tests that use one service without booting a hub (the WaveSpeed client, the SMTP sender): in
 * the hub they run in its one context, here in one shared context started once per test JVM.
 */
public final class TestCamel {
    private static CamelContext context;

    private TestCamel() {
    }

    public static synchronized CamelContext context() {
        if (context == null) {
            DefaultCamelContext c = new DefaultCamelContext();
            c.getCamelContextExtension().setName("tests");
            c.start();
            context = c;
        }
        return context;
    }
}
