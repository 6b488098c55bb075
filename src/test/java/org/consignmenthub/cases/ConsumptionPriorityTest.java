package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.cases.CaseEvents.key;
import static org.consignmenthub.cases.CaseEvents.line;
import static org.consignmenthub.cases.CaseEvents.order;
import static org.consignmenthub.cases.CaseEvents.receipt;
import static org.consignmenthub.cases.CaseEvents.sale;
import static org.consignmenthub.cases.CaseEvents.shipment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store holds one SKU twice: units the retailer bought and units a vendor consigned. The
 * agreement's consumption priority says whose units an order line takes first; the line
 * takes the rest from the other owner, title passes only for the vendor's units, and only
 * those are invoiced. Store L1 starts with 3 of the retailer's units and 4 of the vendor's.
 */
class ConsumptionPriorityTest extends HubIntegrationTest {

    private static final String CHANNEL = "cases";

    @BeforeEach
    void sharedShelf() {
        books.loadCatalog("fixtures/agreement-terms-catalog.yaml");
    }

    @Test
    void consignmentFirstTakesTheVendorsUnitsThenTheRetailers() {
        stockBoth("V4", "E");

        books.apply(order(CHANNEL, "P-1", "2026-11-02T10:00:00-05:00", line("1", "E", 2)));
        assertThat(positions("E")).isEqualTo(Map.of(
                "RETAILER AVAILABLE", 3L, "V4 AVAILABLE", 2L, "V4 ALLOCATED", 2L));
        books.apply(shipment(CHANNEL, "S-P-1", "P-1", "S-1", "2026-11-02T12:00:00-05:00",
                line("1", "E", 2)));
        assertThat(positions("E")).isEqualTo(Map.of(
                "RETAILER AVAILABLE", 3L, "V4 AVAILABLE", 2L, "V4 IN_TRANSIT", 2L));
        books.apply(sale(CHANNEL, "P-1", "2026-11-02T13:00:00-05:00", line("1", "E", 2)));
        assertThat(positions("E")).isEqualTo(Map.of(
                "RETAILER AVAILABLE", 3L, "V4 AVAILABLE", 2L));
        assertThat(transfers()).containsExactly("P-1 V4 2 x 6.0000");

        // Four units: the vendor's last two, then two of the retailer's three.
        books.apply(order(CHANNEL, "P-2", "2026-11-03T10:00:00-05:00", line("1", "E", 4)));
        assertThat(positions("E")).isEqualTo(Map.of(
                "RETAILER AVAILABLE", 1L, "RETAILER ALLOCATED", 2L, "V4 ALLOCATED", 2L));
        books.apply(shipment(CHANNEL, "S-P-2", "P-2", "S-2", "2026-11-03T12:00:00-05:00",
                line("1", "E", 4)));
        assertThat(positions("E")).isEqualTo(Map.of(
                "RETAILER AVAILABLE", 1L, "RETAILER IN_TRANSIT", 2L, "V4 IN_TRANSIT", 2L));
        books.apply(sale(CHANNEL, "P-2", "2026-11-03T13:00:00-05:00", line("1", "E", 4)));

        assertThat(positions("E")).isEqualTo(Map.of("RETAILER AVAILABLE", 1L));
        assertThat(transfers()).containsExactly("P-1 V4 2 x 6.0000", "P-2 V4 2 x 6.0000");
        assertThat(invoices("V4")).containsExactly(
                "INVOICE E 2 x 6.0000 = 12.00 + 2.40 in SBI 12.00 + 2.40",
                "INVOICE E 2 x 6.0000 = 12.00 + 2.40 in SBI 12.00 + 2.40");
    }

    @Test
    void ownedFirstTakesTheRetailersUnitsThenTheVendors() {
        stockBoth("V5", "F");

        books.apply(order(CHANNEL, "P-1", "2026-11-02T10:00:00-05:00", line("1", "F", 2)));
        assertThat(positions("F")).isEqualTo(Map.of(
                "RETAILER AVAILABLE", 1L, "RETAILER ALLOCATED", 2L, "V5 AVAILABLE", 4L));
        books.apply(shipment(CHANNEL, "S-P-1", "P-1", "S-1", "2026-11-02T12:00:00-05:00",
                line("1", "F", 2)));
        assertThat(positions("F")).isEqualTo(Map.of(
                "RETAILER AVAILABLE", 1L, "RETAILER IN_TRANSIT", 2L, "V5 AVAILABLE", 4L));
        books.apply(sale(CHANNEL, "P-1", "2026-11-02T13:00:00-05:00", line("1", "F", 2)));
        assertThat(positions("F")).isEqualTo(Map.of(
                "RETAILER AVAILABLE", 1L, "V5 AVAILABLE", 4L));
        assertThat(transfers()).as("the retailer's own units pass no title").isEmpty();
        assertThat(invoices("V5")).isEmpty();

        // Four units: the retailer's last one, then three of the vendor's four.
        books.apply(order(CHANNEL, "P-2", "2026-11-03T10:00:00-05:00", line("1", "F", 4)));
        assertThat(positions("F")).isEqualTo(Map.of(
                "RETAILER ALLOCATED", 1L, "V5 AVAILABLE", 1L, "V5 ALLOCATED", 3L));
        books.apply(shipment(CHANNEL, "S-P-2", "P-2", "S-2", "2026-11-03T12:00:00-05:00",
                line("1", "F", 4)));
        assertThat(positions("F")).isEqualTo(Map.of(
                "RETAILER IN_TRANSIT", 1L, "V5 AVAILABLE", 1L, "V5 IN_TRANSIT", 3L));
        books.apply(sale(CHANNEL, "P-2", "2026-11-03T13:00:00-05:00", line("1", "F", 4)));

        assertThat(positions("F")).isEqualTo(Map.of("V5 AVAILABLE", 1L));
        assertThat(transfers()).containsExactly("P-2 V5 3 x 6.0000");
        assertThat(invoices("V5")).containsExactly(
                "INVOICE F 3 x 6.0000 = 18.00 + 3.60 in SBI 18.00 + 3.60");
    }

    /** Three of the retailer's own units (bought at 5.00) and four of the vendor's, at L1. */
    private void stockBoth(String vendor, String sku) {
        books.apply(new PurchaseReceived(key(CHANNEL, "PurchaseReceived", "PR-" + sku),
                        "WHOLESALER", "L1", sku, 3, new BigDecimal("5.00"), "USD",
                        Instant.parse("2026-11-01T08:00:00-05:00")),
                receipt("R-" + sku, vendor, sku, "L1", 4));
        assertThat(positions(sku)).isEqualTo(Map.of(
                "RETAILER AVAILABLE", 3L, vendor + " AVAILABLE", 4L));
    }

    /** Every non-zero position of the SKU at L1, as "owner bucket" to units. */
    private Map<String, Long> positions(String sku) {
        Map<String, Long> positions = new TreeMap<>();
        books.jdbc().query("""
                select owner || ' ' || bucket, quantity from stock_position
                where sku = ? and location = 'L1' and quantity <> 0""",
                rs -> {
                    positions.put(rs.getString(1), rs.getLong(2));
                }, sku);
        return positions;
    }

    /** Title transfers, oldest first: order, vendor, units and agreed unit price. */
    private List<String> transfers() {
        return books.jdbc().queryForList("""
                select order_ref || ' ' || vendor || ' ' || quantity || ' x ' || unit_price
                from title_transfer order by id""", String.class);
    }

    /** The vendor's billing lines with the totals of the document each is on. */
    private List<String> invoices(String vendor) {
        return books.jdbc().queryForList("""
                select l.kind || ' ' || l.sku || ' ' || l.quantity || ' x ' || l.unit_price
                    || ' = ' || l.net_amount || ' + ' || l.tax_amount || ' in '
                    || coalesce(split_part(d.number, '-', 1) || ' ' || d.net_total || ' + '
                        || d.tax_total, 'no document')
                from billing_line l left join billing_document d on d.id = l.document_id
                where l.vendor = ? order by l.id""", String.class, vendor);
    }
}
