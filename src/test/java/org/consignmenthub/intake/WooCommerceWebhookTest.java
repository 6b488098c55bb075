package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The WooCommerce webhook intake: a store's order webhooks are taken in only when signed
 * with the store account's secret (X-WC-Webhook-Signature), and an order placed, paid,
 * then completed in the store reserves, sells and ships its units, passing title and
 * billing the vendor once.
 */
class WooCommerceWebhookTest extends HubIntegrationTest {

    private static final String STORE = "/intake/woocommerce/test-store";

    @LocalServerPort
    private int port;

    @Test
    void unsignedOrWronglySignedWebhooksAreRefusedAndNothingIsStored() {
        IntakeClient store = new IntakeClient(port);
        byte[] body = order("pending", "2026-12-04T15:00:00").getBytes(StandardCharsets.UTF_8);
        long storedBefore = stored();

        IntakeClient.Answer forged = store.post(STORE, body, "X-WC-Webhook-Topic",
                "order.created", "X-WC-Webhook-Signature",
                IntakeClient.shopifySignature("not-the-secret", body));
        IntakeClient.Answer otherStore = store.post("/intake/woocommerce/unknown-store", body,
                "X-WC-Webhook-Topic", "order.created");

        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.body()).contains("X-WC-Webhook-Signature signature does not match");
        assertThat(otherStore.status()).isEqualTo(401);
        assertThat(otherStore.body()).contains("no webhook secret is configured for"
                + " woocommerce account unknown-store");
        assertThat(stored()).isEqualTo(storedBefore);
    }

    @Test
    void orderPlacedPaidAndCompletedPassesTitleOnce() {
        books.apply(new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", "V1",
                "VendorStockReported", "R-WOO", 0), "V1", "L1", "A",
                VendorStockReported.Kind.RECEIPT, 5, "R-WOO",
                Instant.parse("2026-11-01T14:00:00Z")));
        IntakeClient store = new IntakeClient(port);
        InboundMessages inbox = new InboundMessages(books.jdbc());

        for (String[] step : new String[][] {
                {"order.created", "d-1", order("pending", "2026-12-04T15:00:00")},
                {"order.updated", "d-2", order("processing", "2026-12-04T15:02:00")},
                {"order.updated", "d-3", order("completed", "2026-12-04T16:30:00")},
                // The processing revision delivered again, late: nothing changes.
                {"order.updated", "d-2-again", order("processing", "2026-12-04T15:02:00")}}) {
            IntakeClient.Answer answer = store.post(STORE,
                    step[2].getBytes(StandardCharsets.UTF_8), "X-WC-Webhook-Topic", step[0],
                    "X-WC-Webhook-Delivery-ID", step[1]);
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            assertThat(answer.rejected()).as(answer.body()).isZero();
            inbox.awaitComplete(answer.inboundId());
        }

        await().atMost(InboundMessages.PATIENCE)
                .until(() -> books.billingLines("V1").size() == 1);
        assertThat(books.billingLines("V1")).singleElement().satisfies(line -> {
            assertThat(((Number) line.get("quantity")).longValue()).isEqualTo(2);
            assertThat(line.get("unit_price").toString()).isEqualTo("12.5000");
        });
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(3);
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isZero();
        assertThat(books.jdbc().queryForObject("select financial_status from channel_order"
                + " where channel = 'woocommerce' and order_ref = '1207'", String.class))
                .isEqualTo("PAID");
        assertThat(books.deadLetters()).isEmpty();
    }

    private static String order(String status, String modifiedGmt) {
        return """
                {"id":1207,"status":"%s","currency":"USD",\
                "date_created_gmt":"2026-12-04T15:00:00","date_modified_gmt":"%s",\
                "date_completed_gmt":%s,"customer_id":0,"total":"39.98","total_tax":"0.00",\
                "line_items":[{"id":881,"name":"Blue mug","sku":"A","quantity":2,\
                "subtotal":"39.98","total":"39.98","total_tax":"0.00"}]}"""
                .formatted(status, modifiedGmt,
                        status.equals("completed") ? "\"" + modifiedGmt + "\"" : "null");
    }

    private long stored() {
        return books.jdbc().queryForObject("select count(*) from inbound_message"
                + " where channel = 'woocommerce'", Long.class);
    }
}
