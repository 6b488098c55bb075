package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Field case B04: a customer return must mirror the sale it reverses. The unit goes back
 * into the vendor's stock, not the retailer's, and the vendor's invoice line is credited.
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
