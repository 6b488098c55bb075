package org.consignmenthub.canonical;

import java.time.Instant;
import java.util.List;

/**
 * Payment was captured (or a till sale rang up) for these lines. The lines are repeated in
 * full so that a sale reported before its order still names what was sold.
 */
public record SaleCompleted(
        EventKey key,
        String orderRef,
        String customerRef,
        String currency,
        Instant occurredAt,
        List<OrderLine> lines) implements CanonicalEvent {
}
