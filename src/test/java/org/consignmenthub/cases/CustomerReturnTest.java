package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Field case B04: a customer return must mirror the sale it reverses. The unit goes back
 * into the vendor's stock, not the retailer's, and the vendor's invoice line is credited.
 * A line that took units of both owners gives each owner back its own units, the units
 * coming back in the reverse order the line took them.
 */
class CustomerReturnTest extends HubIntegrationTest {

    private static final String US = "US-RETAIL";

    @Test
    void returnedUnitGoesBackToTheVendorAndCreditsTheInvoiceLine() {
        books.apply(receipt("E-B04-0", "V1", "A", 5));
        OrderLine line = new OrderLine("1", "A", 3, new BigDecimal("19.99"), "L1");
        books.apply(
                new OrderPlaced(key("OrderPlaced", "O-B04"), "O-B04", "C-1", "USD",
                        Instant.parse("2026-12-02T10:00:00-05:00"), List.of(line)),
                new SaleCompleted(key("SaleCompleted", "O-B04"), "O-B04", "C-1", "USD",
                        Instant.parse("2026-12-02T10:00:00-05:00"), List.of(line)),
                new ShipmentConfirmed(key("ShipmentConfirmed", "E-B04-2"), "O-B04", "S-1",
                        Instant.parse("2026-12-02T15:00:00-05:00"), List.of(line)));

        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(2);
        List<Map<String, Object>> invoiced = books.billingLines("V1");
        assertThat(invoiced).hasSize(1);
        assertThat(invoiced.get(0)).containsEntry("quantity", 3L)
                .containsEntry("net_amount", new BigDecimal("37.50"));

        books.apply(new ReturnReceived(key("ReturnReceived", "E-B04-3"), "RMA-B04", "O-B04",
                "1", "C-1", "A", 1, "RESALEABLE", "L1",
                Instant.parse("2026-12-05T10:00:00-05:00")));

        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(3);
        assertThat(books.onHand("RETAILER", "A", "L1")).isZero();
        List<Map<String, Object>> lines = books.billingLines("V1");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).containsEntry("kind", "CREDIT_NOTE")
                .containsEntry("quantity", -1L)
                .containsEntry("net_amount", new BigDecimal("-12.50"))
                .containsEntry("reverses_line", lines.get(0).get("id"));
        assertThat(books.netPayable("V1")).isEqualByComparingTo("25.00");
    }

    @Test
    void wholeReturnOfALineThatTookOwnAndConsignedUnitsGivesEachOwnerItsUnitsBack() {
        mixedLineShipped();

        books.apply(mixedReturn("RMA-MIX-1", 7, "2026-12-05T10:00:00-05:00"));

        assertThat(books.deadLetters()).isEmpty();
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(4);
        assertThat(books.onHand("RETAILER", "A", "L1")).isEqualTo(3);
        assertThat(returnedByOwner("RMA-MIX-1")).containsExactly(
                Map.entry("RETAILER", 3L), Map.entry("V1", 4L));
        List<Map<String, Object>> lines = books.billingLines("V1");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).containsEntry("kind", "CREDIT_NOTE")
                .containsEntry("quantity", -4L)
                .containsEntry("unit_price", new BigDecimal("12.5000"))
                .containsEntry("net_amount", new BigDecimal("-50.00"))
                .containsEntry("reverses_line", lines.get(0).get("id"));
        assertThat(books.jdbc().queryForObject("select count(*) from billing_line",
                Long.class)).as("no billing line for the retailer's own units").isEqualTo(2);
        assertThat(books.netPayable("V1")).isEqualByComparingTo("0.00");
    }

    @Test
    void partialReturnsOfAMixedLineGiveBackTheUnitsTakenLastFirst() {
        mixedLineShipped();

        books.apply(mixedReturn("RMA-MIX-2", 5, "2026-12-05T10:00:00-05:00"));

        assertThat(books.onHand("RETAILER", "A", "L1")).isEqualTo(3);
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(2);
        assertThat(returnedByOwner("RMA-MIX-2")).containsExactly(
                Map.entry("RETAILER", 3L), Map.entry("V1", 2L));
        List<Map<String, Object>> lines = books.billingLines("V1");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).containsEntry("kind", "CREDIT_NOTE")
                .containsEntry("quantity", -2L)
                .containsEntry("net_amount", new BigDecimal("-25.00"))
                .containsEntry("reverses_line", lines.get(0).get("id"));
        assertThat(books.netPayable("V1")).isEqualByComparingTo("25.00");

        books.apply(mixedReturn("RMA-MIX-3", 2, "2026-12-06T10:00:00-05:00"));

        assertThat(books.deadLetters()).isEmpty();
        assertThat(books.onHand("RETAILER", "A", "L1")).isEqualTo(3);
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(4);
        assertThat(returnedByOwner("RMA-MIX-3")).containsExactly(Map.entry("V1", 2L));
        lines = books.billingLines("V1");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).containsEntry("kind", "CREDIT_NOTE")
                .containsEntry("quantity", -2L)
                .containsEntry("net_amount", new BigDecimal("-25.00"))
                .containsEntry("reverses_line", lines.get(0).get("id"));
        assertThat(books.netPayable("V1")).isEqualByComparingTo("0.00");
    }

    @Test
    void returnOfAMixedLineAfterTheVendorsReturnWindowIsRefusedAndChangesNothing() {
        mixedLineShipped();
        List<Object> before = state();

        books.apply(mixedReturn("RMA-MIX-LATE", 7, "2027-01-05T10:00:00-05:00"));

        refused("return RMA-MIX-LATE of 7 x A matches no sale: the sales that could be"
                + " reversed are outside the return window");
        assertThat(state()).isEqualTo(before);
        assertThat(books.onHand("V1", "A", "L1")).isZero();
        assertThat(books.onHand("RETAILER", "A", "L1")).isZero();
        assertThat(books.netPayable("V1")).isEqualByComparingTo("50.00");
    }

    @Test
    void returnWithNothingLeftToReverseIsRefusedAndChangesNothing() {
        mixedLineShipped();
        books.apply(mixedReturn("RMA-MIX-4", 7, "2026-12-05T10:00:00-05:00"));
        List<Object> before = state();

        books.apply(mixedReturn("RMA-MIX-5", 1, "2026-12-06T10:00:00-05:00"));

        refused("return RMA-MIX-5 of 1 x A matches no sale: only 0 sold and not yet returned");
        assertThat(state()).isEqualTo(before);
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(4);
        assertThat(books.onHand("RETAILER", "A", "L1")).isEqualTo(3);
        assertThat(books.netPayable("V1")).isEqualByComparingTo("0.00");
    }

    @Test
    void returnOfMoreThanAMixedLineShippedIsRefusedAndChangesNothing() {
        mixedLineShipped();
        List<Object> before = state();

        books.apply(mixedReturn("RMA-MIX-6", 8, "2026-12-05T10:00:00-05:00"));

        refused("return RMA-MIX-6 of 8 x A matches no sale: only 7 sold and not yet returned");
        assertThat(state()).isEqualTo(before);
        assertThat(books.onHand("V1", "A", "L1")).isZero();
        assertThat(books.onHand("RETAILER", "A", "L1")).isZero();
    }

    /**
     * The probe of the audit: the retailer bought 3 of A at L1 and V1 consigned 4; V1's
     * agreement sells consigned units first, so one line of 7 took V1's 4, then the
     * retailer's 3, under one shipment.
     */
    private void mixedLineShipped() {
        books.apply(new PurchaseReceived(new EventKey(US, "cases", "default",
                "PurchaseReceived", "E-MIX-P", 0), "V2", "L1", "A", 3,
                new BigDecimal("8.00"), "USD", Instant.parse("2026-12-01T08:00:00-05:00")));
        books.apply(receipt("E-MIX-0", "V1", "A", 4));
        OrderLine line = new OrderLine("1", "A", 7, new BigDecimal("19.99"), "L1");
        books.apply(
                new OrderPlaced(key("OrderPlaced", "O-MIX"), "O-MIX", "C-2", "USD",
                        Instant.parse("2026-12-02T10:00:00-05:00"), List.of(line)),
                new SaleCompleted(key("SaleCompleted", "O-MIX"), "O-MIX", "C-2", "USD",
                        Instant.parse("2026-12-02T10:00:00-05:00"), List.of(line)),
                new ShipmentConfirmed(key("ShipmentConfirmed", "E-MIX-2"), "O-MIX", "S-1",
                        Instant.parse("2026-12-02T15:00:00-05:00"), List.of(line)));

        assertThat(books.onHand("V1", "A", "L1")).isZero();
        assertThat(books.onHand("RETAILER", "A", "L1")).isZero();
        assertThat(books.billingLines("V1")).singleElement().satisfies(invoiced ->
                assertThat(invoiced).containsEntry("kind", "INVOICE")
                        .containsEntry("quantity", 4L)
                        .containsEntry("net_amount", new BigDecimal("50.00")));
    }

    private ReturnReceived mixedReturn(String rma, long quantity, String at) {
        return new ReturnReceived(key("ReturnReceived", rma), rma, "O-MIX", "1", "C-2", "A",
                quantity, "RESALEABLE", "L1", Instant.parse(at));
    }

    /** Units that went back per owner under the return, as the hub recorded them. */
    private Map<String, Object> returnedByOwner(String rma) {
        return books.jdbc().query("""
                select owner, sum(quantity) from customer_return where return_ref = ?
                group by owner order by owner""",
                rs -> {
                    Map<String, Object> byOwner = new java.util.LinkedHashMap<>();
                    while (rs.next()) {
                        byOwner.put(rs.getString(1), rs.getLong(2));
                    }
                    return byOwner;
                }, rma);
    }

    /** Everything a refused return must leave as it was. */
    private List<Object> state() {
        return List.of(
                books.jdbc().queryForObject("select count(*) from stock_movement", Long.class),
                books.jdbc().queryForList("""
                        select owner, bucket, quantity from stock_position
                        order by owner, bucket"""),
                books.billingLines("V1"),
                books.jdbc().queryForList("select id, returned_qty from title_transfer"
                        + " order by id"),
                books.jdbc().queryForList("select id, returned_qty from shipment_part"
                        + " order by id"),
                books.jdbc().queryForObject("select count(*) from customer_return",
                        Long.class));
    }

    private void refused(String reason) {
        assertThat(books.deadLetters()).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("reason_code", "NO_MATCHING_SALE")
                .containsEntry("field", "quantity")
                .containsEntry("reason", reason));
    }

    private static VendorStockReported receipt(String id, String vendor, String sku, long qty) {
        return new VendorStockReported(new EventKey(US, "vendor-stock", vendor,
                "VendorStockReported", id, 0), vendor, "L1", sku,
                VendorStockReported.Kind.RECEIPT, qty, id,
                Instant.parse("2026-12-01T09:00:00-05:00"));
    }

    private static EventKey key(String type, String id) {
        return new EventKey(US, "SHOPIFY", "default", type, id, 0);
    }
}
