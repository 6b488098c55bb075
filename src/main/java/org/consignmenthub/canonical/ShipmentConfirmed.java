package org.consignmenthub.canonical;

import java.time.Instant;
import java.util.List;

/** Order lines and quantities that physically left a location under one shipment. */
public record ShipmentConfirmed(
        EventKey key,
        String orderRef,
        String shipmentRef,
        Instant occurredAt,
        List<OrderLine> lines) implements CanonicalEvent {
}
