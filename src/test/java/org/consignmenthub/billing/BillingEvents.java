package org.consignmenthub.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.VendorStockReported;

/**
 * The events the self-billing tests tell their stories in: consigned stock at store L1 of
 * the US retailer, shop orders paid and shipped from it, and customer returns.
 */
final class BillingEvents {

    static final String US = "US-RETAIL";
    private static final String SHOP = "SHOPIFY";
    private static final BigDecimal SHELF_PRICE = new BigDecimal("9.99");

    private BillingEvents() {
    }

    static VendorStockReported receipt(String id, String vendor, String sku, long quantity,
            Instant at) {
        return new VendorStockReported(new EventKey(US, "vendor-stock", vendor,
                "VendorStockReported", id, 0), vendor, "L1", sku,
                VendorStockReported.Kind.RECEIPT, quantity, id, at);
    }

    /** An order of one line, placed and paid at {@code at}: title waits for the shipment. */
    static CanonicalEvent[] paidOrder(String orderRef, String sku, long quantity, Instant at) {
        OrderLine line = line(sku, quantity);
        return new CanonicalEvent[] {
            new OrderPlaced(key("OrderPlaced", orderRef), orderRef, customerOf(orderRef), "USD",
                    at, List.of(line)),
            new SaleCompleted(key("SaleCompleted", orderRef), orderRef, customerOf(orderRef),
                    "USD", at, List.of(line))};
    }

    /** The whole line shipped at {@code at}: title passes and the vendor is invoiced. */
    static ShipmentConfirmed shipment(String orderRef, String sku, long quantity, Instant at) {
        return new ShipmentConfirmed(key("ShipmentConfirmed", "SHIP-" + orderRef), orderRef,
                "S-" + orderRef, at, List.of(line(sku, quantity)));
    }

    static ReturnReceived customerReturn(String returnRef, String orderRef, String sku,
            long quantity, Instant at) {
        return new ReturnReceived(key("ReturnReceived", returnRef), returnRef, orderRef, "1",
                customerOf(orderRef), sku, quantity, "RESALEABLE", "L1", at);
    }

    private static OrderLine line(String sku, long quantity) {
        return new OrderLine("1", sku, quantity, SHELF_PRICE, "L1");
    }

    private static String customerOf(String orderRef) {
        return "C-" + orderRef;
    }

    private static EventKey key(String type, String externalId) {
        return new EventKey(US, SHOP, "default", type, externalId, 0);
    }
}
