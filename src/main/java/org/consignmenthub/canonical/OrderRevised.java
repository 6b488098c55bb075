package org.consignmenthub.canonical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A channel's order as it stands at one of its revisions: payment, cancellation and the
 * current quantity of every line, and the channel's own amounts (order total and tax, each
 * line's total and tax) kept exactly as the channel wrote them.
 *
 * <p>{@code occurredAt} is the channel's time of the revision (its {@code updated_at} or
 * modification date). A revision older than one already applied changes nothing, so a
 * webhook delivered late cannot undo a newer state. A revision never creates an order: it
 * waits until the order is placed.
 */
public record OrderRevised(
        EventKey key,
        String orderRef,
        Instant occurredAt,
        FinancialStatus financialStatus,
        Instant cancelledAt,
        String currency,
        BigDecimal total,
        BigDecimal totalTax,
        List<Line> lines) implements CanonicalEvent {

    /** How far the customer has paid, in the channel-neutral terms the ledger acts on. */
    public enum FinancialStatus {
        /** Nothing captured yet (pending, authorised, on hold). */
        UNPAID,
        /** Payment captured: the lines are sold. */
        PAID,
        /** Paid, then partly refunded; refunded goods come back as returns. */
        PARTIALLY_REFUNDED,
        /** Paid, then refunded in full. */
        REFUNDED,
        /** The authorisation was voided: nothing was or will be captured. */
        VOIDED;

        /** Whether the customer paid for the lines at some point. */
        public boolean sold() {
            return this == PAID || this == PARTIALLY_REFUNDED || this == REFUNDED;
        }
    }

    /**
     * One line at this revision. {@code quantity} is what the customer still orders (zero
     * for a line removed by an edit); {@code total} and {@code totalTax} are the channel's
     * line amounts, never recomputed here.
     */
    public record Line(
            String lineRef,
            String sku,
            long quantity,
            BigDecimal unitPrice,
            BigDecimal total,
            BigDecimal totalTax,
            String location) {
    }
}
