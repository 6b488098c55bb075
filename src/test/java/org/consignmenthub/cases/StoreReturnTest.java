package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.consignmenthub.cases.CaseEvents.US;
import static org.consignmenthub.cases.CaseEvents.key;
import static org.consignmenthub.cases.CaseEvents.receipt;
import static org.consignmenthub.cases.CaseEvents.sale;
import static org.consignmenthub.cases.CaseEvents.shipment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store reports a return without the sale it reverses (a store's sales report names
 * neither customer nor sold line): it is matched to the latest title transfers of the SKU
 * at that store, from any order and channel, within the return window, and credited at
 * each transfer's own price.
 *
 * <p>V1 sold blue mugs (A) at L1 twice: two on 20 November through one channel, at
 * agreement version 1's 12.50, and one on 2 December through another, at version 2's
 * 13.00. One more was sold at L2 on 3 December.
 */
class StoreReturnTest extends HubIntegrationTest {

    private static final String STORE_REPORT = "edifact-slsrpt";

    @BeforeEach
    void blueMugsWereSoldAtBothStores() {
        books.loadCatalog("fixtures/v1-second-agreement.yaml");
        books.apply(receipt("E-SR-0", "V1", "A", "L1", 10),
                receipt("E-SR-1", "V1", "A", "L2", 3));
        sell("cases", "S-1", "2026-11-20T11:00:00-05:00", "L1", 2);
        sell("SHOPIFY", "S-2", "2026-12-02T11:00:00-05:00", "L1", 1);
        sell("cases", "S-3", "2026-12-03T11:00:00-05:00", "L2", 1);

        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(7);
        assertThat(books.billingLines("V1")).extracting(l -> l.get("net_amount"))
                .containsExactly(new BigDecimal("25.00"), new BigDecimal("13.00"),
                        new BigDecimal("13.00"));
    }

    @Test
    void returnReversesTheLatestTransferAtItsStore() {
        books.apply(storeReturn("R-1", "L1", 1, "2026-12-05T10:00:00-05:00"));

        // S-2 through Shopify was the latest sale at L1: its mug goes back to V1 at 13.00.
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(8);
        assertThat(books.onHand("V1", "A", "L2")).isEqualTo(2);
        assertThat(books.onHand("RETAILER", "A", "L1")).isZero();
        assertThat(credits()).singleElement().satisfies(credit -> {
            assertThat(credit).containsEntry("order_ref", "S-2")
                    .containsEntry("quantity", -1L)
                    .containsEntry("net_amount", new BigDecimal("-13.00"))
                    .containsEntry("reverses_line", invoiceLineOf("S-2"));
            assertThat((BigDecimal) credit.get("unit_price")).isEqualByComparingTo("13.00");
        });
        assertThat(books.netPayable("V1")).isEqualByComparingTo("38.00");
        assertThat(books.jdbc().queryForList("select channel, return_ref, order_ref, line_ref,"
                + " owner, quantity from customer_return")).singleElement().satisfies(row -> {
                    assertThat(row).containsEntry("channel", STORE_REPORT)
                            .containsEntry("return_ref", "R-1").containsEntry("owner", "V1")
                            .containsEntry("quantity", 1L);
                    assertThat(row.get("order_ref")).isNull();
                    assertThat(row.get("line_ref")).isNull();
                });
        assertThat(books.deadLetters()).isEmpty();
    }

    @Test
    void returnOfMoreThanTheLatestSaleReachesBackToTheOneBefore() {
        books.apply(storeReturn("R-2", "L1", 2, "2026-12-05T10:00:00-05:00"));

        // One from S-2 at 13.00, then one of S-1's two at 12.50; L2's sale is not touched.
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(9);
        assertThat(books.onHand("V1", "A", "L2")).isEqualTo(2);
        assertThat(credits()).extracting(c -> c.get("order_ref"), c -> c.get("quantity"),
                        c -> c.get("net_amount"), c -> c.get("reverses_line"))
                .containsExactly(
                        tuple("S-2", -1L, new BigDecimal("-13.00"), invoiceLineOf("S-2")),
                        tuple("S-1", -1L, new BigDecimal("-12.50"), invoiceLineOf("S-1")));
        assertThat(books.netPayable("V1")).isEqualByComparingTo("25.50");
        assertThat(returnedPerOrder()).isEqualTo(Map.of("S-1", 1L, "S-2", 1L, "S-3", 0L));
    }

    @Test
    void returnTheWindowCannotCoverIsRefusedAndChangesNothing() {
        // 25 December: S-1 is 35 days old, past the 720 hours; S-2's one mug is not enough.
        books.apply(storeReturn("R-3", "L1", 2, "2026-12-25T10:00:00-05:00"));

        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("reason_code", "NO_MATCHING_SALE")
                    .containsEntry("field", "quantity");
            assertThat((String) dead.get("reason")).isEqualTo("return R-3 of 2 x A at"
                    + " location L1 matches no sale there: 1 sold within the return window"
                    + " (720 hours before 2026-12-25T15:00:00Z) and not yet returned,"
                    + " 2 more sold before it");
        });
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(7);
        assertThat(credits()).isEmpty();
        assertThat(returnedPerOrder()).isEqualTo(Map.of("S-1", 0L, "S-2", 0L, "S-3", 0L));
        assertThat(books.jdbc().queryForObject("select count(*) from customer_return",
                Long.class)).isZero();
    }

    @Test
    void storeThatSoldOnlyTheRetailersOwnUnitsTakesTheReturnIntoRetailerStock() {
        // V1 consigns white mugs (B), but L2 only ever sold two it had bought outright.
        books.apply(new PurchaseReceived(new EventKey(US, "cases", "default",
                        "PurchaseReceived", "P-1", 0), "WHOLESALER", "L2", "B", 3,
                new BigDecimal("2.50"), "USD", Instant.parse("2026-12-01T09:00:00-05:00")));
        sell("cases", "S-4", "2026-12-02T11:00:00-05:00", "L2", "B", 2);
        assertThat(books.onHand("RETAILER", "B", "L2")).isEqualTo(1);

        books.apply(storeReturn("R-4", "L2", "B", 1, "2026-12-04T10:00:00-05:00"));
        // A teapot (C) is the retailer's own SKU: back into its stock as well.
        books.apply(storeReturn("R-5", "L1", "C", 1, "2026-12-05T10:00:00-05:00"));

        assertThat(books.onHand("RETAILER", "B", "L2")).isEqualTo(2);
        assertThat(books.onHand("V1", "B", "L2")).isZero();
        assertThat(books.onHand("RETAILER", "C", "L1")).isEqualTo(1);
        assertThat(credits()).isEmpty();
        assertThat(books.jdbc().queryForList("select return_ref, owner from customer_return"
                + " order by id")).extracting(r -> r.get("return_ref"), r -> r.get("owner"))
                .containsExactly(tuple("R-4", "RETAILER"), tuple("R-5", "RETAILER"));
        assertThat(books.deadLetters()).isEmpty();
    }

    private void sell(String channel, String order, String at, String location, long qty) {
        sell(channel, order, at, location, "A", qty);
    }

    private void sell(String channel, String order, String at, String location, String sku,
            long qty) {
        OrderLine line = new OrderLine("1", sku, qty, CaseEvents.SHELF_PRICE, location);
        books.apply(sale(channel, order, at, line),
                shipment(channel, order + "/ship", order, order + "-S", at, line));
    }

    private static ReturnReceived storeReturn(String ref, String location, long qty,
            String at) {
        return storeReturn(ref, location, "A", qty, at);
    }

    private static ReturnReceived storeReturn(String ref, String location, String sku,
            long qty, String at) {
        return new ReturnReceived(key(STORE_REPORT, "ReturnReceived", ref), ref, null, null,
                ReturnReceived.MatchBy.LOCATION, null, sku, qty, "RESALEABLE", location,
                Instant.parse(at));
    }

    /** Credit lines, oldest first, with the order of the transfer each reverses. */
    private List<Map<String, Object>> credits() {
        return books.jdbc().queryForList("""
                select t.order_ref, b.quantity, b.unit_price, b.net_amount, b.reverses_line
                from billing_line b join title_transfer t on t.id = b.transfer_id
                where b.kind = 'CREDIT_NOTE' order by b.id""");
    }

    private Object invoiceLineOf(String order) {
        return books.jdbc().queryForObject("""
                select b.id from billing_line b join title_transfer t on t.id = b.transfer_id
                where b.kind = 'INVOICE' and t.order_ref = ?""", Long.class, order);
    }

    private Map<String, Long> returnedPerOrder() {
        Map<String, Long> returned = new TreeMap<>();
        books.jdbc().query("select order_ref, sum(returned_qty) from title_transfer"
                + " group by order_ref", rs -> {
                    returned.put(rs.getString(1), rs.getLong(2));
                });
        return returned;
    }
}
