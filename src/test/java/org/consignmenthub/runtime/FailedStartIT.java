package org.consignmenthub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.consignmenthub.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub that cannot start (here: the catalog file it was told to load is missing) stops the
 * process with a failure code, so that a service manager sees it down and can say why,
 * instead of a process that serves nothing. Runs on the packaged jar.
 */
class FailedStartIT {

    @TempDir
    Path dataDir;

    @Test
    void aMissingCatalogFileEndsTheProcessWithAFailureCode() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = dataDir.resolve("hub.log").toFile();
        Process hub = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar",
                "target/consignment-hub.jar",
                "--hub.data-dir=" + dataDir,
                "--hub.database.mode=external",
                "--spring.datasource.url=" + TestDatabase.url(),
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(),
                "--hub.catalog.file=" + dataDir.resolve("no-such-catalog.yaml"),
                "--server.port=0")).redirectErrorStream(true).redirectOutput(log).start();
        try {
            boolean ended = hub.waitFor(180, TimeUnit.SECONDS);

            assertThat(ended).as("the process ended on its own").isTrue();
            assertThat(hub.exitValue()).isEqualTo(1);
            assertThat(Files.readString(log.toPath())).contains("Catalog file not found: "
                    + dataDir.resolve("no-such-catalog.yaml").toAbsolutePath());
        } finally {
            hub.destroyForcibly();
        }
    }
}
