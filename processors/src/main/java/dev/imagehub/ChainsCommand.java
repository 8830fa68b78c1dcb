package dev.imagehub;

import java.io.PrintStream;
import java.nio.file.Path;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ImageStep;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.OptionBinder;

/** {@code hub chains}: validates the configuration and lists the chains and every step with its options. */
final class ChainsCommand {
    private ChainsCommand() {
    }

    static int print(Path home, PrintStream out) {
        StepCatalog steps = StepCatalog.discover();
        ChainCatalog chains;
        try {
            chains = ChainCatalog.load(home.resolve("config"), "config", steps);
        } catch (ConfigException e) {
            out.println("Configuration error: " + e.getMessage());
            return 2;
        }
        out.println("Chains (config/chains.yaml):");
        for (ChainDefinition c : chains.all().values()) {
            out.printf("  %-14s %s%n  %-14s   %s%n", c.name(), c.description(), "", c.stepNames());
        }
        out.println();
        out.println("Steps:");
        for (ImageStep<?> s : steps.all()) {
            out.printf("  %-14s %s%n", s.name(), s.summary());
            for (String line : OptionBinder.describe(s.optionsType())) out.println("      " + line);
        }
        return 0;
    }
}
