package org.consignmenthub.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.consignmenthub.canonical.Refusal;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The stock journal and its positions. Every change is a signed movement that says why it
 * happened; the position is updated in the same transaction and is only ever the sum of its
 * movements. A decrease that would take a position below zero is refused, never clamped.
 */
public class StockLedger {

    private final JdbcTemplate jdbc;
    private final PositionsCommitted committed = new PositionsCommitted();

    public StockLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Where to hear which positions changed, after each change is committed. */
    public PositionsCommitted committed() {
        return committed;
    }

    /** Adds units to a position. */
    public void increase(StockKey key, long quantity, String reason, String cause, Instant at) {
        requirePositive(quantity);
        // One round trip: the movement and the position it changes are written together.
        jdbc.update("""
                with movement as (
                    insert into stock_movement (legal_entity, location, sku, owner, bucket,
                        quantity, reason, cause, business_time)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    returning legal_entity, location, sku, owner, bucket, quantity)
                insert into stock_position (legal_entity, location, sku, owner, bucket, quantity)
                select * from movement
                on conflict (legal_entity, location, sku, owner, bucket)
                do update set quantity = stock_position.quantity + excluded.quantity""",
                key.legalEntity(), key.location(), key.sku(), key.owner(), key.bucket().name(),
                quantity, reason, cause, Timestamp.from(at));
        committed.touched(key);
    }

    /**
     * Takes units from a position if it holds them; the check and the change are one
     * statement, so two sales racing for the last unit cannot both have it. The movement
     * is journaled only when the position changed.
     */
    public boolean tryDecrease(StockKey key, long quantity, String reason, String cause,
            Instant at) {
        requirePositive(quantity);
        int journaled = jdbc.update("""
                with taken as (
                    update stock_position set quantity = quantity - ?
                    where legal_entity = ? and location = ? and sku = ? and owner = ?
                      and bucket = ? and quantity >= ?
                    returning legal_entity, location, sku, owner, bucket)
                insert into stock_movement (legal_entity, location, sku, owner, bucket, quantity,
                    reason, cause, business_time)
                select legal_entity, location, sku, owner, bucket, ?, ?, ?, ? from taken""",
                quantity, key.legalEntity(), key.location(), key.sku(), key.owner(),
                key.bucket().name(), quantity, -quantity, reason, cause, Timestamp.from(at));
        if (journaled == 1) {
            committed.touched(key);
        }
        return journaled == 1;
    }

    public void decrease(StockKey key, long quantity, String reason, String cause, Instant at) {
        if (!tryDecrease(key, quantity, reason, cause, at)) {
            throw new Refusal("INSUFFICIENT_STOCK", "quantity", "cannot take " + quantity
                    + " from " + key + ": it holds " + quantity(key));
        }
    }

    /** Moves units between two positions of the same SKU, as two movements with one cause. */
    public void move(StockKey from, StockKey to, long quantity, String reason, String cause,
            Instant at) {
        decrease(from, quantity, reason, cause, at);
        increase(to, quantity, reason, cause, at);
    }

    public boolean tryMove(StockKey from, StockKey to, long quantity, String reason,
            String cause, Instant at) {
        if (!tryDecrease(from, quantity, reason, cause, at)) {
            return false;
        }
        increase(to, quantity, reason, cause, at);
        return true;
    }

    public long quantity(StockKey key) {
        List<Long> found = jdbc.queryForList("""
                select quantity from stock_position
                where legal_entity = ? and location = ? and sku = ? and owner = ? and bucket = ?""",
                Long.class, key.legalEntity(), key.location(), key.sku(), key.owner(),
                key.bucket().name());
        return found.isEmpty() ? 0 : found.get(0);
    }

    /** Owners holding units of the SKU in the bucket at the location. */
    public List<String> ownersHolding(String legalEntity, String location, String sku,
            Bucket bucket) {
        return jdbc.queryForList("""
                select owner from stock_position
                where legal_entity = ? and location = ? and sku = ? and bucket = ?
                  and quantity > 0 order by owner""",
                String.class, legalEntity, location, sku, bucket.name());
    }

    private static void requirePositive(long quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("a movement quantity must be positive: "
                    + quantity);
        }
    }
}
