package org.consignmenthub.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * A poison record or message among good ones: the good ones apply, the poison is in the
 * dead-letter store exactly once, however often it comes back.
 */
class PoisonAmongGoodTest extends HubIntegrationTest {

    @Autowired
    private ProducerTemplate producer;
    @Value("${hub.intake.files.dir}")
    private Path dropFolder;

    @Test
    void poisonRowAmongGoodRowsIsStoredOnceAcrossDeliveries() throws IOException {
        String file = "sku,location,qty_received,reference\n"
                + "A,L1,5,ASN-P-1\n"
                + "D,L1,9,ASN-P-2\n"
                + "B,L1,3,ASN-P-3\n"
                + "A,L2,2,ASN-P-4\n";
        InboundMessages inbox = new InboundMessages(books.jdbc());

        drop("receipts-p.csv", file, inbox, 1);
        drop("receipts-p.csv", file, inbox, 2);

        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(5);
        assertThat(books.bucket("V1", "B", "L1", "AVAILABLE")).isEqualTo(3);
        assertThat(books.bucket("V1", "A", "L2", "AVAILABLE")).isEqualTo(2);
        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("reason_code", "NOT_VENDORS_SKU")
                    .containsEntry("record_ref", "vendor-stock/V1/receipts-p.csv:3")
                    .containsEntry("attempts", 2)
                    .containsEntry("status", "OPEN");
            assertThat(new String((byte[]) dead.get("raw_record"), StandardCharsets.UTF_8))
                    .isEqualTo("D,L1,9,ASN-P-2");
        });
    }

    @Test
    void poisonMessageOnTheQueueAmongGoodBatchesIsStoredOnce() throws IOException {
        String poison = "{\"records\": \"not an event batch\"}";
        InboundMessages inbox = new InboundMessages(books.jdbc());

        producer.sendBody("jms:queue:hub.events?exchangePattern=InOnly", poison);
        drop("receipts-q.csv", "sku,location,qty_received,reference\nA,L1,4,ASN-Q-1\n",
                inbox, 1);
        await("the poison message is parked and recorded").atMost(Duration.ofSeconds(120))
                .until(() -> !books.deadLetters().isEmpty());

        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(4);
        List<Map<String, Object>> dead = books.deadLetters();
        assertThat(dead).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("reason_code", "UNREADABLE_BATCH")
                    .containsEntry("error_class", "PERMANENT");
            assertThat(new String((byte[]) entry.get("raw_record"), StandardCharsets.UTF_8))
                    .isEqualTo(poison);
        });
    }

    private void drop(String name, String content, InboundMessages inbox, int deliveries)
            throws IOException {
        Path file = dropFolder.resolve("vendor-stock/V1").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        String sourceRef = "vendor-stock/V1/" + name;
        await(name + " delivery " + deliveries).atMost(InboundMessages.PATIENCE)
                .until(() -> inbox.ids("vendor-stock", sourceRef).size() == deliveries);
        inbox.awaitComplete(inbox.ids("vendor-stock", sourceRef).get(deliveries - 1));
    }
}
