package org.consignmenthub.canonical;

import java.time.Instant;

/**
 * A counted quantity of one SKU at one location, one line of a count session (a count file
 * is one session). The count sees no owners; {@code occurredAt} is when it was counted, so
 * it is compared with the book as it stood at that moment.
 */
public record CountRecorded(
        EventKey key,
        String session,
        String location,
        String sku,
        long countedQuantity,
        String counter,
        Instant occurredAt) implements CanonicalEvent {
}
