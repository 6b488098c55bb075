package org.consignmenthub.canonical;

import java.time.Instant;

/**
 * A customer brought goods back. When the order line is known the return reverses that
 * line; otherwise it is matched to the customer's latest sales of the SKU.
 */
public record ReturnReceived(
        EventKey key,
        String returnRef,
        String orderRef,
        String lineRef,
        String customerRef,
        String sku,
        long quantity,
        String condition,
        String location,
        Instant occurredAt) implements CanonicalEvent {
}
