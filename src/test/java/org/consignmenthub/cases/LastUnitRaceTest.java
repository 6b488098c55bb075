package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.cases.CaseEvents.line;
import static org.consignmenthub.cases.CaseEvents.order;
import static org.consignmenthub.cases.CaseEvents.receipt;
import static org.consignmenthub.cases.CaseEvents.sale;
import static org.consignmenthub.cases.CaseEvents.shipment;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Field case B15: two channels sell the last consigned unit at the same moment. Released
 * together from a barrier on two threads, exactly one order gets the unit and the other is
 * refused for insufficient stock; available stock never goes below zero. Each repetition
 * starts from fresh books holding one unit of V1's A at L1.
 */
class LastUnitRaceTest extends HubIntegrationTest {

    private static final String PAID_AT = "2026-12-04T09:00:00-05:00";

    private static ExecutorService channels;

    @BeforeAll
    static void twoChannelThreads() {
        channels = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopThreads() {
        channels.shutdownNow();
    }

    @RepeatedTest(100)
    void exactlyOneOfTwoSimultaneousOrdersGetsTheLastUnit() throws Exception {
        books.apply(receipt("E-B15-0", "V1", "A", "L1", 1));
        CyclicBarrier start = new CyclicBarrier(2);

        Future<?> shopify = channels.submit(() -> paidOrder(start, "SHOPIFY", "S-B15"));
        Future<?> amazon = channels.submit(() -> paidOrder(start, "AMAZON", "AMZ-B15"));
        shopify.get(30, TimeUnit.SECONDS);
        amazon.get(30, TimeUnit.SECONDS);

        List<Map<String, Object>> reserved = books.jdbc().queryForList("""
                select channel, order_ref, owner, allocated_qty from line_allocation""");
        assertThat(reserved).as("orders holding a reservation").hasSize(1);
        String winner = (String) reserved.get(0).get("channel");
        String winningOrder = (String) reserved.get(0).get("order_ref");
        assertThat(reserved.get(0)).containsEntry("owner", "V1")
                .containsEntry("allocated_qty", 1L);
        String loser = winner.equals("SHOPIFY") ? "AMAZON" : "SHOPIFY";
        assertThat(books.deadLetters()).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("channel", loser)
                .containsEntry("reason_code", "INSUFFICIENT_STOCK"));
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isZero();
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(1);
        assertThat(lowestAvailableEver()).isZero();

        books.apply(shipment(winner, "E-B15-3", winningOrder, "S1", "2026-12-04T15:00:00-05:00",
                line("1", "A", 1)));

        assertThat(books.onHand("V1", "A", "L1")).isZero();
        assertThat(books.billingLines("V1")).singleElement().satisfies(only -> assertThat(only)
                .containsEntry("quantity", 1L)
                .containsEntry("net_amount", new BigDecimal("12.50")));
    }

    private Void paidOrder(CyclicBarrier start, String channel, String orderRef)
            throws Exception {
        start.await(10, TimeUnit.SECONDS);
        books.applyRecord(order(channel, orderRef, PAID_AT, line("1", "A", 1)),
                sale(channel, orderRef, PAID_AT, line("1", "A", 1)));
        return null;
    }

    /** The lowest the available position ever stood, replaying its journal in order. */
    private long lowestAvailableEver() {
        return books.jdbc().queryForObject("""
                select min(running) from (
                    select sum(quantity) over (order by id) as running from stock_movement
                    where owner = 'V1' and sku = 'A' and location = 'L1'
                      and bucket = 'AVAILABLE') journal""", Long.class);
    }
}
