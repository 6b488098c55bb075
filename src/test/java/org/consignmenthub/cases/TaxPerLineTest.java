package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.cases.CaseEvents.key;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Field case B12 over the signed WooCommerce webhook: two orders whose tax was rounded per
 * line (two one-unit lines, one two-unit line) are both accepted, and the store's amounts
 * are kept exactly as decimals. The cross-check of line tax against the order's tax allows
 * a cent per line and never rewrites the store's figure; beyond that the order is refused.
 */
class TaxPerLineTest extends HubIntegrationTest {

    private static final String STORE = "/intake/woocommerce/test-store";
    private static final String FIRST = """
            {"id":"W-B12-1","currency":"USD","total":"20.08","total_tax":"1.82",
             "line_items":[{"sku":"C","quantity":1,"subtotal":"9.13","total":"9.13",
                            "total_tax":"0.91"},
                           {"sku":"C","quantity":1,"subtotal":"9.13","total":"9.13",
                            "total_tax":"0.91"}]}
            """;
    private static final String SECOND = """
            {"id":"W-B12-2","currency":"USD","total":"20.09","total_tax":"1.83",
             "line_items":[{"sku":"C","quantity":2,"subtotal":"18.26","total":"18.26",
                            "total_tax":"1.83"}]}
            """;

    @LocalServerPort
    private int port;

    private IntakeClient store;
    private InboundMessages inbox;

    @BeforeEach
    void storeAndStock() {
        store = new IntakeClient(port);
        inbox = new InboundMessages(books.jdbc());
        books.apply(new PurchaseReceived(key("purchase-receipts", "PurchaseReceived",
                "P-B12"), "SUPPLIER-1", "L1", "C", 10, new BigDecimal("6.00"), "USD",
                Instant.parse("2026-11-01T14:00:00Z")));
    }

    @Test
    void bothOrdersAreAcceptedWithTheStoresAmountsExactly() {
        deliver(FIRST, "b12-1");
        deliver(SECOND, "b12-2");

        assertThat(books.deadLetters()).isEmpty();
        assertThat(orders()).containsExactly(
                Map.of("order_ref", "W-B12-1", "total", "20.08", "total_tax", "1.82"),
                Map.of("order_ref", "W-B12-2", "total", "20.09", "total_tax", "1.83"));
        assertThat(books.jdbc().queryForList("""
                select order_ref, line_ref, quantity, total::text as total,
                    total_tax::text as total_tax, unit_price::text as unit_price
                from channel_order_line order by order_ref, line_ref""")).containsExactly(
                Map.of("order_ref", "W-B12-1", "line_ref", "1", "quantity", 1L, "total", "9.13",
                        "total_tax", "0.91", "unit_price", "9.13"),
                Map.of("order_ref", "W-B12-1", "line_ref", "2", "quantity", 1L, "total", "9.13",
                        "total_tax", "0.91", "unit_price", "9.13"),
                Map.of("order_ref", "W-B12-2", "line_ref", "1", "quantity", 2L,
                        "total", "18.26", "total_tax", "1.83", "unit_price", "9.13"));
        // Orders without a status are pending: four units of C reserved, none sold.
        assertThat(books.bucket("RETAILER", "C", "L1", "ALLOCATED")).isEqualTo(4);
        assertThat(books.bucket("RETAILER", "C", "L1", "AVAILABLE")).isEqualTo(6);
    }

    @Test
    void taxOffByUpToACentPerLineIsAcceptedAndKeptAsTheStoreWroteIt() {
        deliver(FIRST.replace("\"W-B12-1\"", "\"W-B12-3\"")
                .replace("\"total_tax\":\"1.82\"", "\"total_tax\":\"1.84\""), "b12-3");

        assertThat(books.deadLetters()).isEmpty();
        assertThat(orders()).containsExactly(
                Map.of("order_ref", "W-B12-3", "total", "20.08", "total_tax", "1.84"));
    }

    @Test
    void taxOffByMoreThanACentPerLineIsRefusedWithBothFigures() {
        String body = FIRST.replace("\"W-B12-1\"", "\"W-B12-4\"")
                .replace("\"total_tax\":\"1.82\"", "\"total_tax\":\"1.85\"");

        IntakeClient.Answer answer = store.post(STORE, body.getBytes(StandardCharsets.UTF_8),
                "X-WC-Webhook-Topic", "order.created", "X-WC-Webhook-Delivery-ID", "b12-4");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.rejected()).isEqualTo(1);
        assertThat(books.deadLetters()).singleElement().satisfies(entry -> {
            assertThat(entry.get("reason_code")).isEqualTo("TAX_MISMATCH");
            assertThat(entry.get("field")).isEqualTo("total_tax");
            assertThat((String) entry.get("reason")).contains("lines' tax 1.82",
                    "total_tax 1.85", "2 lines");
            assertThat(new String((byte[]) entry.get("raw_record"), StandardCharsets.UTF_8))
                    .isEqualTo(body);
        });
        assertThat(orders()).isEmpty();
    }

    private void deliver(String body, String deliveryId) {
        IntakeClient.Answer answer = store.post(STORE, body.getBytes(StandardCharsets.UTF_8),
                "X-WC-Webhook-Topic", "order.created", "X-WC-Webhook-Delivery-ID", deliveryId);
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.rejected()).as(answer.body()).isZero();
        inbox.awaitComplete(answer.inboundId());
    }

    private List<Map<String, Object>> orders() {
        return books.jdbc().queryForList("""
                select order_ref, total::text as total, total_tax::text as total_tax
                from channel_order order by order_ref""");
    }
}
