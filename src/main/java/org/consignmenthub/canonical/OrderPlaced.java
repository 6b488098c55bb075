package org.consignmenthub.canonical;

import java.time.Instant;
import java.util.List;

/** A customer order was placed; its lines reserve stock at their fulfilment locations. */
public record OrderPlaced(
        EventKey key,
        String orderRef,
        String customerRef,
        String currency,
        Instant occurredAt,
        List<OrderLine> lines) implements CanonicalEvent {
}
