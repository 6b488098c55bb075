package org.consignmenthub.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.EventBatch;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What cannot be applied however often it is tried leaves the processing queue at once and
 * is recorded in the dead-letter store with everything it held; the good records around it
 * are applied.
 */
class PoisonBatchTest extends HubIntegrationTest {

    private static final String US = "US-RETAIL";

    @Autowired
    private ProducerTemplate producer;

    @Test
    void messageThatIsNoBatchIsParkedAtOnceWithItsContent() {
        String poison = "{\"this is\": \"not an event batch\"";

        producer.sendBody("jms:queue:hub.events?exchangePattern=InOnly", poison);

        await("the poison message is recorded").atMost(Duration.ofSeconds(30))
                .until(() -> !books.deadLetters().isEmpty());
        List<Map<String, Object>> dead = books.deadLetters();
        assertThat(dead).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("reason_code", "UNREADABLE_BATCH")
                    .containsEntry("stage", "PROCESSING")
                    .containsEntry("channel", "unknown");
            assertThat(new String((byte[]) entry.get("raw_record"))).isEqualTo(poison);
        });
    }

    @Test
    void recordThatFaultsWhenAppliedIsParkedAndTheRecordsAroundItApply() throws Exception {
        // A receipt without its kind passes no intake mapping; put on the queue by hand it
        // stands for any record whose application fails for a reason no retry can cure.
        long inboundId = books.jdbc().queryForObject("""
                insert into inbound_message (channel, account, message_type, source_ref,
                    payload, payload_sha256, record_count, batches_sent)
                values ('vendor-stock', 'V1', 'stock-report', 'poison.csv', '\\x00', 'x', 3, 1)
                returning id""", Long.class);
        EventBatch batch = new EventBatch(inboundId, "vendor-stock", "V1", "poison.csv", "g1",
                List.of(
                record("poison.csv:2", receipt("R-1", "A", VendorStockReported.Kind.RECEIPT, 6)),
                record("poison.csv:3", receipt("R-2", "B", null, 4)),
                record("poison.csv:4", receipt("R-3", "B", VendorStockReported.Kind.RECEIPT, 9))));

        producer.sendBody("jms:queue:hub.events?exchangePattern=InOnly",
                CanonicalJson.mapper().writeValueAsString(batch));

        await("the good records apply").atMost(Duration.ofSeconds(30))
                .until(() -> books.onHand("V1", "B", "L1") == 9);
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(6);
        assertThat(books.deadLetters()).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("reason_code", "PROCESSING_FAILED")
                    .containsEntry("record_ref", "poison.csv:3")
                    .containsEntry("channel", "vendor-stock")
                    .containsEntry("account", "V1");
            assertThat((String) entry.get("reason")).contains("NullPointerException");
            assertThat(new String((byte[]) entry.get("raw_record"))).isEqualTo("B,L1,4");
        });
    }

    private static EventBatch.Record record(String ref, VendorStockReported event) {
        return new EventBatch.Record(ref, event.sku() + ",L1," + event.quantity(),
                List.of(event));
    }

    private static VendorStockReported receipt(String id, String sku,
            VendorStockReported.Kind kind, long quantity) {
        return new VendorStockReported(new EventKey(US, "vendor-stock", "V1",
                "VendorStockReported", id, 0), "V1", "L1", sku, kind, quantity, id,
                Instant.parse("2026-11-01T14:00:00Z"));
    }
}
