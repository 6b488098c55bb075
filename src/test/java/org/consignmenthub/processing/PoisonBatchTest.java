package org.consignmenthub.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A message on the processing queue that fails every delivery is not lost: once the
 * broker gives up it is parked on the dead-letter address, and the hub records it in the
 * dead-letter store with everything it held.
 */
class PoisonBatchTest extends HubIntegrationTest {

    @Autowired
    private ProducerTemplate producer;

    @Test
    void messageThatIsNoBatchEndsInTheDeadLetterStoreAfterItsRedeliveries() {
        String poison = "{\"this is\": \"not an event batch\"";

        producer.sendBody("jms:queue:hub.events?exchangePattern=InOnly", poison);

        await("the poison message is parked and recorded").atMost(Duration.ofSeconds(90))
                .until(() -> !books.deadLetters().isEmpty());
        List<Map<String, Object>> dead = books.deadLetters();
        assertThat(dead).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("reason_code", "UNREADABLE_BATCH")
                    .containsEntry("stage", "PROCESSING")
                    .containsEntry("channel", "unknown");
            assertThat(new String((byte[]) entry.get("raw_record"))).isEqualTo(poison);
        });
    }
}
