package org.consignmenthub.ledger;

import java.sql.Timestamp;
import java.util.Optional;
import org.consignmenthub.canonical.OrderRevised;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The newest state each channel reported of its orders: payment, cancellation and the
 * channel's amounts. Revisions are ordered by the channel's own time of the revision, so a
 * revision delivered late never replaces a newer one, whatever order they arrive in.
 */
public class ChannelOrders {

    private final JdbcTemplate jdbc;

    public ChannelOrders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The state of an order as its newest revision stated it. */
    public record State(String financialStatus, Timestamp revisedAt, String revisionKey) {
    }

    /** Whether any line of the order was placed: a revision needs an order to revise. */
    public boolean placed(String legalEntity, String channel, String orderRef) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from order_line
                    where legal_entity = ? and channel = ? and order_ref = ?)""",
                Boolean.class, legalEntity, channel, orderRef));
    }

    /**
     * Keeps the revision if it is newer than the one kept; true if it was kept. A revision
     * of the same moment as the kept one is not newer: it changes nothing.
     */
    public boolean keepIfNewer(OrderRevised revision) {
        var key = revision.key();
        int kept = jdbc.update("""
                insert into channel_order (legal_entity, channel, order_ref, revised_at,
                    revision_key, financial_status, cancelled_at, currency, total, total_tax)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (legal_entity, channel, order_ref) do update
                set revised_at = excluded.revised_at, revision_key = excluded.revision_key,
                    financial_status = excluded.financial_status,
                    cancelled_at = excluded.cancelled_at,
                    currency = coalesce(excluded.currency, channel_order.currency),
                    total = coalesce(excluded.total, channel_order.total),
                    total_tax = coalesce(excluded.total_tax, channel_order.total_tax),
                    recorded_at = clock_timestamp()
                where excluded.revised_at > channel_order.revised_at""",
                key.legalEntity(), key.channel(), revision.orderRef(),
                Timestamp.from(revision.occurredAt()), key.toString(),
                revision.financialStatus().name(),
                revision.cancelledAt() == null ? null : Timestamp.from(revision.cancelledAt()),
                revision.currency(), revision.total(), revision.totalTax());
        if (kept == 0) {
            return false;
        }

        for (OrderRevised.Line line : revision.lines()) {
            jdbc.update("""
                    insert into channel_order_line (legal_entity, channel, order_ref, line_ref,
                        sku, quantity, unit_price, total, total_tax)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (legal_entity, channel, order_ref, line_ref) do update
                    set sku = excluded.sku, quantity = excluded.quantity,
                        unit_price = coalesce(excluded.unit_price, channel_order_line.unit_price),
                        total = coalesce(excluded.total, channel_order_line.total),
                        total_tax = coalesce(excluded.total_tax, channel_order_line.total_tax)""",
                    key.legalEntity(), key.channel(), revision.orderRef(), line.lineRef(),
                    line.sku(), line.quantity(), line.unitPrice(), line.total(),
                    line.totalTax());
        }
        return true;
    }

    public Optional<State> state(String legalEntity, String channel, String orderRef) {
        return jdbc.query("""
                select financial_status, revised_at, revision_key from channel_order
                where legal_entity = ? and channel = ? and order_ref = ?""",
                (rs, n) -> new State(rs.getString(1), rs.getTimestamp(2), rs.getString(3)),
                legalEntity, channel, orderRef).stream().findFirst();
    }
}
