package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.cases.CaseEvents.receipt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Field case B09: the same signed orders/create webhook delivered three times, the first
 * two at the same instant, then once more under another webhook id. One order, one
 * reservation, every delivery answered 2xx, each repeat counted as a duplicate.
 */
class DuplicateWebhookTest extends HubIntegrationTest {

    private static final byte[] ORDER = """
            {"id":820001,"name":"#B09","created_at":"2026-12-04T09:00:00-05:00",\
            "updated_at":"2026-12-04T09:00:00-05:00","currency":"USD",\
            "financial_status":"paid",
             "line_items":[{"id":1,"sku":"A","quantity":2,"current_quantity":2,\
            "price":"19.99"}],
             "shipping_address":{"name":"CUSTOMER-1","country_code":"US"}}
            """.getBytes(StandardCharsets.UTF_8);
    private static final String WEBHOOK_ID = "00000000-0000-4000-8000-00000000b009";

    @LocalServerPort
    private int port;
    @Autowired
    private MeterRegistry meters;

    @Test
    void theSameOrderDeliveredFourTimesIsOneOrder() throws Exception {
        books.apply(receipt("E-B09-0", "V1", "A", "L1", 10));
        IntakeClient shop = new IntakeClient(port);
        InboundMessages inbox = new InboundMessages(books.jdbc());
        double duplicatesBefore = duplicates();

        CountDownLatch together = new CountDownLatch(1);
        CompletableFuture<IntakeClient.Answer> first = deliver(shop, together, WEBHOOK_ID);
        CompletableFuture<IntakeClient.Answer> second = deliver(shop, together, WEBHOOK_ID);
        together.countDown();
        List<IntakeClient.Answer> answers = List.of(first.get(), second.get());
        for (IntakeClient.Answer answer : answers) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            inbox.awaitComplete(answer.inboundId());
        }
        IntakeClient.Answer third = post(shop, WEBHOOK_ID);
        inbox.awaitComplete(third.inboundId());

        assertThat(third.status()).isEqualTo(202);
        assertThat(orderLines()).containsExactly(Map.of("order_ref", "820001", "sku", "A",
                "quantity", 2L));
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(8);
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(2);
        assertThat(duplicates() - duplicatesBefore).isEqualTo(2);
        assertThat(books.deadLetters()).isEmpty();

        IntakeClient.Answer fourth = post(shop, "another-webhook-id-for-the-same-order");
        inbox.awaitComplete(fourth.inboundId());

        assertThat(fourth.status()).isEqualTo(202);
        assertThat(orderLines()).hasSize(1);
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(8);
        assertThat(duplicates() - duplicatesBefore).isEqualTo(3);
        assertThat(books.deadLetters()).isEmpty();
    }

    private CompletableFuture<IntakeClient.Answer> deliver(IntakeClient shop,
            CountDownLatch together, String webhookId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                together.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return post(shop, webhookId);
        });
    }

    private static IntakeClient.Answer post(IntakeClient shop, String webhookId) {
        return shop.post("/intake/shopify/test-shop", ORDER, "X-Shopify-Topic",
                "orders/create", "X-Shopify-Webhook-Id", webhookId);
    }

    private List<Map<String, Object>> orderLines() {
        return books.jdbc().queryForList("select order_ref, sku, quantity from order_line");
    }

    private double duplicates() {
        Counter counter = meters.find("hub.intake.duplicates")
                .tags("channel", "shopify", "account", "test-shop").counter();
        return counter == null ? 0 : counter.count();
    }
}
