package org.consignmenthub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.consignmenthub.runtime.ProcessingCircuit;
import org.consignmenthub.testing.CuttableLink;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The database goes away for thirty seconds while a large vendor file is being applied and
 * another arrives. Nothing may be lost, nothing applied twice, and nothing good may end in
 * the dead-letter store: the hub pauses, then finishes the work once the database is back.
 * The hub reaches PostgreSQL through a relay the test cuts; the test itself watches the
 * books over a direct connection.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
    "hub.processing.batch-size=10",
    "hub.processing.circuit.open-ms=3000",
    "spring.datasource.hikari.connection-timeout=2000"
})
class DatabaseOutageTest extends HubIntegrationTest {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final int ROWS_BEFORE = 3000;
    private static final int ROWS_DURING = 200;

    private static CuttableLink link;
    private static JdbcTemplate direct;

    @Autowired
    private ProcessingCircuit circuit;

    @Value("${hub.intake.files.dir}")
    private Path dropFolder;

    @DynamicPropertySource
    static void hubReachesTheDatabaseThroughTheLink(DynamicPropertyRegistry properties) {
        link = CuttableLink.toTestDatabase(properties);
        direct = TestDatabase.direct();
    }

    @AfterAll
    static void closeLink() {
        link.close();
    }

    @Test
    void thirtySecondsWithoutTheDatabaseDelayTheBooksAndLoseNothing() throws IOException {
        files().drop("receipts-before.csv", ReceiptFiles.receipts("BEFORE", ROWS_BEFORE));
        await("the first receipts apply").atMost(Duration.ofSeconds(60))
                .until(() -> receiptsApplied() > 0);

        link.cut();
        long appliedAtCut = receiptsApplied();
        files().drop("receipts-during.csv", ReceiptFiles.receipts("DURING", ROWS_DURING));

        assertThat(appliedAtCut).as("the outage begins mid-file").isLessThan(ROWS_BEFORE);
        await("processing pauses").atMost(OUTAGE)
                .until(() -> circuit.state() == CircuitBreaker.State.OPEN);
        assertThat(circuit.health().getStatus()).isEqualTo(Status.DOWN);
        await("the outage lasts its time, and the books do not move meanwhile")
                .during(OUTAGE.minusSeconds(5)).atMost(OUTAGE)
                .until(() -> receiptsApplied() == appliedAtCut && deadLetters() == 0);

        link.restore();

        await("every receipt is applied once the database is back")
                .atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> receiptsApplied() == ROWS_BEFORE + ROWS_DURING);
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo((ROWS_BEFORE + ROWS_DURING) / 2);
        assertThat(books.onHand("V1", "B", "L1")).isEqualTo((ROWS_BEFORE + ROWS_DURING) / 2);
        assertThat(deadLetters()).isZero();
        assertThat(direct.queryForObject("select count(*) from processed_event",
                Long.class)).isEqualTo(ROWS_BEFORE + ROWS_DURING);
        await("processing runs normally again").atMost(Duration.ofSeconds(30))
                .until(() -> circuit.state() == CircuitBreaker.State.CLOSED);
    }

    private ReceiptFiles files() {
        return new ReceiptFiles(dropFolder);
    }

    private long receiptsApplied() {
        return ReceiptFiles.receiptsApplied(direct);
    }

    private long deadLetters() {
        return direct.queryForObject("select count(*) from dead_letter", Long.class);
    }
}
