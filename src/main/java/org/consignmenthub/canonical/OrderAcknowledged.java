package org.consignmenthub.canonical;

import java.time.Instant;
import java.util.List;

/**
 * A partner answered a purchase order: accepted whole, accepted with changes, or rejected,
 * with each line's own answer ({@link DocumentLine#status()}: ACCEPTED, CHANGED, REJECTED,
 * BACKORDERED). Recorded for operations to see; reservations are not changed by it.
 */
public record OrderAcknowledged(
        EventKey key,
        String orderRef,
        String acknowledgementRef,
        Status status,
        Instant occurredAt,
        List<DocumentLine> lines) implements CanonicalEvent {

    public enum Status { ACCEPTED, ACCEPTED_WITH_CHANGES, REJECTED }
}
