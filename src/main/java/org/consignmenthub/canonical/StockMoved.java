package org.consignmenthub.canonical;

import java.time.Instant;

/**
 * Available units moved between two locations. The owner may be left out when only one
 * owner holds the SKU at the source; ownership never changes on a move.
 */
public record StockMoved(
        EventKey key,
        String sku,
        String owner,
        String fromLocation,
        String toLocation,
        long quantity,
        Instant occurredAt) implements CanonicalEvent {
}
