package org.consignmenthub.canonical;

import java.time.Instant;
import java.util.List;

/**
 * A depositor asked a warehouse to ship an order: what to pick, from which warehouse, to
 * whom. The hub records the request; the goods leave the books when the shipment is
 * confirmed, not when it is asked for.
 */
public record WarehouseOrderReceived(
        EventKey key,
        String orderRef,
        String purchaseOrderRef,
        String warehouse,
        String shipTo,
        Instant occurredAt,
        List<DocumentLine> lines) implements CanonicalEvent {
}
