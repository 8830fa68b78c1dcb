package dev.imagehub;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the hub in its own JVM on exactly the classpath {@code ./hub run} uses (the main classes and the runtime
 * dependencies in target/lib), not the test classpath: test-only jars such as camel-test-junit5 bring Camel
 * components (camel-bean) that the real hub would otherwise miss, and every other test would still pass.
 */
class RuntimeClasspathIT {

    @TempDir
    Path home;

    @Test
    void should_start_every_shipped_route_on_the_runtime_classpath_alone() throws Exception {
        TestHub.prepareHome(home);
        Path target = Path.of("target").toAbsolutePath();
        assertThat(target.resolve("lib")).as("runtime libraries copied before the tests (maven-dependency-plugin)").isDirectory();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = target.resolve("classes") + File.pathSeparator + target.resolve("lib") + File.separator + "*";
        Path log = home.resolve("hub.log");
        int httpPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            httpPort = free.getLocalPort();
        }
        Process hub = new ProcessBuilder(List.of(java, "-Xmx512m", "-Djava.awt.headless=true", "-Dhub.home=" + home,
                "-Dhub.db.server.enabled=false",
                "-Dhub.http.port=" + httpPort,                     // /health and /metrics start from the runtime libraries too
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", home.resolve("data/javacpp").toString()),
                "-cp", classpath, "dev.imagehub.HubMain", "run", "1"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(hub.waitFor(TestHub.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the hub stops after its 1 s run").isTrue();
        String output = Files.readString(log);
        assertThat(output).as(output).contains("Hub ready").doesNotContain("Exception");
        assertThat(hub.exitValue()).isZero();
    }
}
