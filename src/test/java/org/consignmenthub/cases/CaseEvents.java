package org.consignmenthub.cases;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.OrderCancelled;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.VendorStockReported;

/**
 * The canonical events the field cases are told in, for the US retailer of the shared
 * fixture. The case notation names an event id; here it becomes the event's external id.
 */
final class CaseEvents {

    static final String US = "US-RETAIL";

    /** What the customer pays; the vendor is owed the agreed price, never this. */
    static final BigDecimal SHELF_PRICE = new BigDecimal("19.99");

    private CaseEvents() {
    }

    static EventKey key(String channel, String type, String externalId) {
        return new EventKey(US, channel, "default", type, externalId, 0);
    }

    static VendorStockReported receipt(String id, String vendor, String sku, String location,
            long quantity) {
        return new VendorStockReported(new EventKey(US, "vendor-stock", vendor,
                "VendorStockReported", id, 0), vendor, location, sku,
                VendorStockReported.Kind.RECEIPT, quantity, id,
                Instant.parse("2026-11-01T09:00:00-05:00"));
    }

    /** A line fulfilled from L1. */
    static OrderLine line(String lineRef, String sku, long quantity) {
        return new OrderLine(lineRef, sku, quantity, SHELF_PRICE, "L1");
    }

    static OrderPlaced order(String channel, String orderRef, String at, OrderLine... lines) {
        return new OrderPlaced(key(channel, "OrderPlaced", orderRef), orderRef, "C-" + orderRef,
                "USD", Instant.parse(at), List.of(lines));
    }

    static SaleCompleted sale(String channel, String orderRef, String at, OrderLine... lines) {
        return new SaleCompleted(key(channel, "SaleCompleted", orderRef), orderRef,
                "C-" + orderRef, "USD", Instant.parse(at), List.of(lines));
    }

    static ShipmentConfirmed shipment(String channel, String eventId, String orderRef,
            String shipmentRef, String at, OrderLine... lines) {
        return new ShipmentConfirmed(key(channel, "ShipmentConfirmed", eventId), orderRef,
                shipmentRef, Instant.parse(at), List.of(lines));
    }

    static OrderCancelled cancellation(String channel, String eventId, String orderRef,
            String at) {
        return new OrderCancelled(key(channel, "OrderCancelled", eventId), orderRef,
                Instant.parse(at));
    }
}
