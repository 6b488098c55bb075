package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consignmenthub.cases.CaseEvents.receipt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consignmenthub.processing.EventProcessor;
import org.consignmenthub.runtime.HubClock;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Field case B10 and the life of a Shopify order through its revisions, over the signed
 * webhook intake: "paid" before "create", edits, a revision delivered late, a partial
 * fulfilment and a cancellation each change the order as the shop meant, and an older
 * revision never overwrites a newer one.
 */
class OrderRevisionTest extends HubIntegrationTest {

    private static final String SHOP = "/intake/shopify/test-shop";

    @LocalServerPort
    private int port;
    @Autowired
    private EventProcessor processor;
    @Autowired
    private HubClock clock;

    private IntakeClient shop;
    private InboundMessages inbox;

    @BeforeEach
    void shopAndStock() {
        shop = new IntakeClient(port);
        inbox = new InboundMessages(books.jdbc());
        books.apply(receipt("E-REV-0", "V1", "A", "L1", 10));
    }

    @Test
    void paidBeforeCreateIsOnePaidOrderWithOneReservationAndNoInvoiceLine() {
        IntakeClient.Answer paid = deliver("orders/paid", "wh-b10-2", """
                {"id":820002,"financial_status":"paid",\
                "updated_at":"2026-12-04T09:00:05-05:00","line_items":[{"id":11,"sku":"A",\
                "quantity":1,"current_quantity":1,"price":"19.99"}]}""");
        // The paid record waits for its order rather than being refused.
        await().atMost(InboundMessages.PATIENCE).until(() -> waiting() == 1);
        assertThat(books.deadLetters()).isEmpty();

        deliver("orders/create", "wh-b10-1", """
                {"id":820002,"financial_status":"pending",\
                "updated_at":"2026-12-04T09:00:00-05:00","line_items":[{"id":11,"sku":"A",\
                "quantity":1,"current_quantity":1,"price":"19.99"}]}""");

        assertThat(paid.status()).isEqualTo(202);
        assertThat(orderLines()).containsExactly(Map.of("order_ref", "820002", "sku", "A",
                "quantity", 1L, "sold_qty", 1L));
        assertThat(financialStatus("820002")).isEqualTo("PAID");
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(9);
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(1);
        assertThat(reservations("820002")).isEqualTo(1);
        assertThat(books.billingLines("V1")).isEmpty();
        assertThat(waiting()).isZero();
        assertThat(books.deadLetters()).isEmpty();
    }

    @Test
    void paidWhoseCreateNeverComesIsRefusedAsOrderNotFoundAfterTheBudget() {
        String body = """
                {"id":820003,"financial_status":"paid",\
                "updated_at":"2026-12-04T09:00:05-05:00","line_items":[{"id":12,"sku":"A",\
                "quantity":1,"current_quantity":1,"price":"19.99"}]}""";
        deliver("orders/paid", "wh-b10-3", body);
        await().atMost(InboundMessages.PATIENCE).until(() -> waiting() == 1);

        // Within the budget, trying again leaves it waiting.
        processor.settleWaiting();
        assertThat(waiting()).isEqualTo(1);
        assertThat(books.deadLetters()).isEmpty();

        // The hub's own timer may hold the waiting record at that moment; it is passed over
        // then, so the check is repeated until it got its turn.
        clock.driveTo(Instant.now().plus(Duration.ofMinutes(31)));
        try {
            await().atMost(InboundMessages.PATIENCE).until(() -> {
                processor.settleWaiting();
                return waiting() == 0;
            });
        } finally {
            clock.followSystemClock();
        }

        assertThat(books.deadLetters()).singleElement().satisfies(entry -> {
            assertThat(entry.get("reason_code")).isEqualTo("ORDER_NOT_FOUND");
            assertThat(entry.get("field")).isEqualTo("orderRef");
            assertThat((String) entry.get("reason")).contains("no order 820003",
                    "within 30 minutes");
            assertThat(new String((byte[]) entry.get("raw_record"), StandardCharsets.UTF_8))
                    .isEqualTo(body);
            assertThat(entry.get("channel")).isEqualTo("shopify");
        });
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(10);

        // Replayed while the order is still missing: refused again at once, still open.
        long entry = (Long) books.deadLetters().get(0).get("id");
        replay(entry);
        await().atMost(InboundMessages.PATIENCE).until(() -> "OPEN".equals(
                deadLetterStatus(entry)) && attempts(entry) == 2);
        assertThat(waiting()).isZero();

        // Once the order is placed, the replay applies it: the order is paid.
        deliver("orders/create", "wh-b10-3-create", body.replace("\"paid\"",
                "\"pending\"").replace("09:00:05", "09:00:00"));
        replay(entry);
        await().atMost(InboundMessages.PATIENCE)
                .until(() -> "RESOLVED".equals(deadLetterStatus(entry)));
        assertThat(financialStatus("820003")).isEqualTo("PAID");
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(1);
    }

    private void replay(long entry) {
        IntakeClient.Answer answer = shop.post("/api/dead-letters/" + entry + "/replay",
                new byte[0], "X-Operator", "dana");
        assertThat(answer.status()).as(answer.body()).isBetween(200, 202);
    }

    private String deadLetterStatus(long entry) {
        return books.jdbc().queryForObject("select status from dead_letter where id = ?",
                String.class, entry);
    }

    private int attempts(long entry) {
        return books.jdbc().queryForObject("select attempts from dead_letter where id = ?",
                Integer.class, entry);
    }

    @Test
    void editsCancellationAndALateRevisionChangeTheOrderAsTheShopMeant() {
        deliver("orders/create", "wh-rev-1", order("2026-12-04T10:00:00-05:00", "pending", 3,
                null));
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(3);

        // An edit takes one unit off the line: its reservation is released.
        deliver("orders/updated", "wh-rev-2", order("2026-12-04T10:05:00-05:00", "pending", 2,
                null));
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(8);
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(2);

        // Payment, then a revision from before the edit arriving late: it changes nothing.
        deliver("orders/paid", "wh-rev-3", order("2026-12-04T10:06:00-05:00", "paid", 2,
                null));
        deliver("orders/updated", "wh-rev-late", order("2026-12-04T10:01:00-05:00", "pending",
                3, null));
        assertThat(financialStatus("820010")).isEqualTo("PAID");
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(2);
        assertThat(books.jdbc().queryForObject("select quantity from channel_order_line"
                + " where order_ref = '820010'", Long.class)).isEqualTo(2);

        // One of the two ships: title passes for it alone.
        shop.post(SHOP, """
                {"id":930010,"order_id":820010,"status":"success",\
                "created_at":"2026-12-04T11:00:00-05:00",\
                "line_items":[{"id":21,"sku":"A","quantity":1}]}\
                """.getBytes(StandardCharsets.UTF_8), "X-Shopify-Topic", "fulfillments/create",
                "X-Shopify-Webhook-Id", "wh-rev-4");
        await().atMost(InboundMessages.PATIENCE)
                .until(() -> books.billingLines("V1").size() == 1);

        // The cancellation releases the unit that did not ship.
        deliver("orders/cancelled", "wh-rev-5", order("2026-12-04T12:00:00-05:00", "paid", 2,
                "\"2026-12-04T12:00:00-05:00\""));

        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(9);
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isZero();
        assertThat(books.billingLines("V1")).singleElement().satisfies(line ->
                assertThat(((Number) line.get("quantity")).longValue()).isEqualTo(1));
        assertThat(books.jdbc().queryForObject("select cancelled_at is not null"
                + " from channel_order where order_ref = '820010'", Boolean.class)).isTrue();
        assertThat(books.deadLetters()).isEmpty();
    }

    private static String order(String updatedAt, String financialStatus, int quantity,
            String cancelledAt) {
        return """
                {"id":820010,"created_at":"2026-12-04T10:00:00-05:00","updated_at":"%s",\
                "currency":"USD","financial_status":"%s","cancelled_at":%s,\
                "total_price":"39.98","line_items":[{"id":21,"sku":"A","quantity":3,\
                "current_quantity":%d,"price":"19.99"}]}"""
                .formatted(updatedAt, financialStatus, cancelledAt, quantity);
    }

    private IntakeClient.Answer deliver(String topic, String webhookId, String body) {
        IntakeClient.Answer answer = shop.post(SHOP, body.getBytes(StandardCharsets.UTF_8),
                "X-Shopify-Topic", topic, "X-Shopify-Webhook-Id", webhookId);
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.rejected()).as(answer.body()).isZero();
        inbox.awaitComplete(answer.inboundId());
        return answer;
    }

    private List<Map<String, Object>> orderLines() {
        return books.jdbc().queryForList("select order_ref, sku, quantity, sold_qty"
                + " from order_line");
    }

    private String financialStatus(String orderRef) {
        return books.jdbc().queryForObject("select financial_status from channel_order"
                + " where order_ref = ?", String.class, orderRef);
    }

    private long reservations(String orderRef) {
        return books.jdbc().queryForObject("select count(*) from stock_movement"
                + " where reason = 'RESERVATION' and bucket = 'ALLOCATED' and cause like ?",
                Long.class,
                "%/" + orderRef + "#%");
    }

    private int waiting() {
        return books.jdbc().queryForObject("select count(*) from awaiting_order",
                Integer.class);
    }
}
