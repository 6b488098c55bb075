package org.consignmenthub.canonical;

import java.math.BigDecimal;
import java.time.Instant;

/** The retailer received stock it bought outright, at a unit cost. */
public record PurchaseReceived(
        EventKey key,
        String supplier,
        String location,
        String sku,
        long quantity,
        BigDecimal unitCost,
        String currency,
        Instant occurredAt) implements CanonicalEvent {
}
