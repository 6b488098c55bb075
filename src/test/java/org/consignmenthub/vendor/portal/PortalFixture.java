package org.consignmenthub.vendor.portal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.Books;

/**
 * The books both vendors of the field-case catalog see in the portal tests: V1 consigns
 * mugs A (12.50) and B (4.00), V2 saucers D (3.00); a web order of each vendor's goods is
 * sold and shipped, so title passes, and V2's customer returns one saucer.
 */
final class PortalFixture {

    static final String US = "US-RETAIL";
    static final Instant STOCKED = Instant.parse("2026-11-02T14:00:00Z");
    static final Instant SOLD = Instant.parse("2026-11-20T10:00:00Z");
    static final Instant SHIPPED = Instant.parse("2026-11-21T09:00:00Z");
    static final Instant RETURNED = Instant.parse("2026-11-25T09:00:00Z");
    /** What the customer paid: never shown to the vendor. */
    static final BigDecimal SHELF_PRICE = new BigDecimal("19.99");

    private PortalFixture() {
    }

    /** V1: 40 A at L1, 10 B at L2, then 2 A sold and shipped; V2: 7 D at L1, 3 sold. */
    static void stockAndSales(Books books) {
        books.apply(receipt("V1", "A", "L1", 40), receipt("V1", "B", "L2", 10),
                receipt("V2", "D", "L1", 7));
        sellAndShip(books, "WEB-100", "CUST-ALICE", "A", 2);
        sellAndShip(books, "WEB-200", "CUST-BOB", "D", 3);
    }

    static void customerReturnsOneSaucer(Books books) {
        books.apply(new ReturnReceived(key("ReturnReceived", "RET-200"), "RET-200",
                "WEB-200", "1", "CUST-BOB", "D", 1, "GOOD", "L1", RETURNED));
    }

    static VendorStockReported receipt(String vendor, String sku, String location,
            long quantity) {
        String id = "ASN-" + vendor + "-" + sku + "-" + location;
        return new VendorStockReported(new EventKey(US, "vendor-stock", vendor,
                "VendorStockReported", id, 0), vendor, location, sku,
                VendorStockReported.Kind.RECEIPT, quantity, id, STOCKED);
    }

    private static void sellAndShip(Books books, String order, String customer, String sku,
            long quantity) {
        List<OrderLine> lines = List.of(new OrderLine("1", sku, quantity, SHELF_PRICE, "L1"));
        books.apply(new OrderPlaced(key("OrderPlaced", order), order, customer, "USD", SOLD,
                        lines),
                new SaleCompleted(key("SaleCompleted", order), order, customer, "USD", SOLD,
                        lines),
                new ShipmentConfirmed(key("ShipmentConfirmed", order + "-S1"), order,
                        order + "-S1", SHIPPED, lines));
    }

    private static EventKey key(String type, String externalId) {
        return new EventKey(US, "SHOPIFY", "default", type, externalId, 0);
    }
}
