package org.consignmenthub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The broker stops while batches of a large vendor file are queued and being applied, and
 * starts again. Its journal keeps what was queued; the consumers and the intake reconnect;
 * every row is applied exactly once. The broker is persistent here, as in the embedded
 * default.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
    "hub.processing.batch-size=10",
    "spring.artemis.embedded.persistent=true"
})
class BrokerRestartTest extends HubIntegrationTest {

    private static final int ROWS = 3000;

    @Autowired
    private EmbeddedActiveMQ broker;

    @Value("${hub.intake.files.dir}")
    private Path dropFolder;

    @Test
    void brokerRestartedMidFileLosesAndDoublesNothing() throws Exception {
        new ReceiptFiles(dropFolder).drop("receipts.csv", ReceiptFiles.receipts("R", ROWS));
        await("the first receipts apply").atMost(Duration.ofSeconds(60))
                .until(() -> applied() > 0);

        broker.stop();
        long appliedAtStop = applied();
        broker.start();

        assertThat(appliedAtStop).as("the broker stops mid-file").isLessThan(ROWS);
        await("every receipt is applied after the restart").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> applied() == ROWS);
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(ROWS / 2);
        assertThat(books.onHand("V1", "B", "L1")).isEqualTo(ROWS / 2);
        assertThat(books.deadLetters()).isEmpty();
        assertThat(books.jdbc().queryForObject("select count(*) from processed_event",
                Long.class)).isEqualTo(ROWS);
    }

    private long applied() {
        return ReceiptFiles.receiptsApplied(books.jdbc());
    }
}
