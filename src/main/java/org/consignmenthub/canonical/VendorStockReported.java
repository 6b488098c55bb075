package org.consignmenthub.canonical;

import java.time.Instant;

/**
 * A vendor's word about its consigned stock at a location: a receipt adds units, a snapshot
 * states the available level, which the ledger reaches with one adjusting movement. A delta
 * says why the level changed: an adjustment (signed quantity; its {@code reference} carries
 * the vendor's reason) or goods taken back by the vendor (a return to vendor).
 */
public record VendorStockReported(
        EventKey key,
        String vendor,
        String location,
        String sku,
        Kind kind,
        long quantity,
        String reference,
        Instant occurredAt) implements CanonicalEvent {

    public enum Kind { RECEIPT, SNAPSHOT, ADJUSTMENT, RETURN_TO_VENDOR }
}
