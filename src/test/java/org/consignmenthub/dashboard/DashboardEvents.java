package org.consignmenthub.dashboard;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.VendorStockReported;

/** Stock and sales of the US retailer of the shared catalog, as the dashboard tests tell them. */
final class DashboardEvents {

    static final String US = "US-RETAIL";

    private DashboardEvents() {
    }

    static VendorStockReported vendorReceipt(String id, String vendor, String sku,
            String location, long quantity, String at) {
        return new VendorStockReported(new EventKey(US, "vendor-stock", vendor,
                "VendorStockReported", id, 0), vendor, location, sku,
                VendorStockReported.Kind.RECEIPT, quantity, id, Instant.parse(at));
    }

    static PurchaseReceived purchase(String id, String sku, String location, long quantity,
            String at) {
        return new PurchaseReceived(new EventKey(US, "purchase-receipts", "default",
                "PurchaseReceived", id, 0), "WHOLESALER", location, sku, quantity,
                new BigDecimal("3.00"), "USD", Instant.parse(at));
    }

    /** An order of one line from L1, placed, paid and shipped whole at one moment. */
    static List<CanonicalEvent> soldAndShipped(String orderRef, String sku, long quantity,
            String at) {
        OrderLine line = new OrderLine("1", sku, quantity, new BigDecimal("19.99"), "L1");
        EventKey placed = key("OrderPlaced", orderRef);
        return List.of(
                new OrderPlaced(placed, orderRef, "C-" + orderRef, "USD", Instant.parse(at),
                        List.of(line)),
                new SaleCompleted(key("SaleCompleted", orderRef), orderRef, "C-" + orderRef,
                        "USD", Instant.parse(at), List.of(line)),
                new ShipmentConfirmed(key("ShipmentConfirmed", orderRef), orderRef,
                        "S-" + orderRef, Instant.parse(at), List.of(line)));
    }

    private static EventKey key(String type, String orderRef) {
        return new EventKey(US, "SHOPIFY", "default", type, orderRef, 0);
    }
}
