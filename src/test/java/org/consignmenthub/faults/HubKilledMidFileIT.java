package org.consignmenthub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.consignmenthub.testing.Books;
import org.consignmenthub.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The packaged hub, in its own process with a persistent broker, is killed with SIGKILL
 * while it takes in and applies a large vendor file, then started again on the same data
 * folder. It must finish the file with every row applied exactly once. Runs after the jar
 * is built (Maven's integration-test phase).
 */
class HubKilledMidFileIT {

    private static final int ROWS = 10_000;
    private static final Path JAR = Path.of("target/consignment-hub.jar");

    private final JdbcTemplate jdbc = TestDatabase.direct();
    private Path dataDir;
    private Process hub;

    @BeforeEach
    void emptyBooksAndDataFolder() throws IOException {
        assertThat(JAR).as("the packaged hub (mvn package runs before this test)").exists();
        dataDir = Files.createTempDirectory(Path.of("target"), "killed-hub-");
        if (schemaExists()) {
            Books.emptyTables(jdbc);
        }
    }

    @AfterEach
    void stopHub() throws InterruptedException {
        if (hub != null && hub.isAlive()) {
            hub.destroy();
            hub.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void killedMidFileTheRestartedHubAppliesEveryRowExactlyOnce() throws Exception {
        hub = start(1);
        await("the hub is up").atMost(Duration.ofMinutes(2)).until(this::schemaExists);
        new ReceiptFiles(dataDir.resolve("inbound")).drop("big-receipts.csv",
                ReceiptFiles.receipts("K", ROWS));
        await("the first receipts apply").atMost(Duration.ofMinutes(2))
                .until(() -> applied() > 0);

        hub.destroyForcibly();
        assertThat(hub.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long appliedAtKill = applied();
        hub = start(2);

        assertThat(appliedAtKill).as("the hub dies mid-file").isLessThan(ROWS);
        await("every row is applied after the restart").atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> applied() == ROWS);
        assertThat(onHand("A")).isEqualTo(ROWS / 2);
        assertThat(onHand("B")).isEqualTo(ROWS / 2);
        assertThat(jdbc.queryForObject("select count(*) from processed_event", Long.class))
                .isEqualTo(ROWS);
        assertThat(jdbc.queryForObject("select count(*) from dead_letter", Long.class))
                .isZero();
        Books.assertInvariants(jdbc);
    }

    private Process start(int run) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar",
                JAR.toString(),
                "--hub.data-dir=" + dataDir,
                "--hub.database.mode=external",
                "--spring.datasource.url=" + TestDatabase.url(),
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(),
                "--hub.catalog.file=src/test/resources/fixtures/cases-catalog.yaml",
                "--hub.processing.batch-size=20",
                "--server.port=0"));
        File log = dataDir.resolve("hub-run-" + run + ".log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log).start();
    }

    private boolean schemaExists() {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select to_regclass('stock_movement') is not null", Boolean.class));
    }

    private long applied() {
        return schemaExists() ? ReceiptFiles.receiptsApplied(jdbc) : 0;
    }

    private long onHand(String sku) {
        return jdbc.queryForObject("select coalesce(sum(quantity), 0) from stock_position"
                + " where owner = 'V1' and sku = ? and location = 'L1'", Long.class, sku);
    }
}
