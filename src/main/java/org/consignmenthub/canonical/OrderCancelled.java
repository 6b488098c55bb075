package org.consignmenthub.canonical;

import java.time.Instant;

/** The unshipped remainder of an order will not be fulfilled; its reservations are released. */
public record OrderCancelled(
        EventKey key,
        String orderRef,
        Instant occurredAt) implements CanonicalEvent {
}
