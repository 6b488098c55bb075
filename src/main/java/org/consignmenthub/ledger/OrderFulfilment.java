package org.consignmenthub.ledger;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.agreement.Terms;
import org.consignmenthub.catalog.Catalog;
import org.consignmenthub.catalog.Owners;
import org.consignmenthub.canonical.Refusal;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Order lines and the stock they hold: a line reserves units at its location, a shipment
 * takes them out of the location into transit, a cancellation releases what is unshipped.
 * Every quantity kept here is absolute (what was ordered, sold, shipped), so the same fact
 * reported twice, or reported before the fact it depends on, leaves the same state.
 */
public class OrderFulfilment {

    private final JdbcTemplate jdbc;
    private final StockLedger ledger;
    private final Catalog catalog;
    private final Agreements agreements;

    public OrderFulfilment(JdbcTemplate jdbc, StockLedger ledger, Catalog catalog,
            Agreements agreements) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.catalog = catalog;
        this.agreements = agreements;
    }

    /** A line as ordered; what it reserves and its customer. */
    public record LineFacts(String sku, long quantity, BigDecimal unitPrice, String currency,
            String location, String customerRef) {
    }

    /** Records that a line was ordered and reserves the units it still needs. */
    public void order(OrderLineKey key, LineFacts facts, Instant at, String cause) {
        Line line = upsertLine(key, facts);
        reserveOutstanding(key, line, at, cause);
    }

    /** Records that a line was sold (paid, or rung up at a till), in full. */
    public void sell(OrderLineKey key, LineFacts facts, Instant at, String cause) {
        upsertLine(key, facts);
        Line line = jdbc.queryForObject("""
                update order_line set sold_qty = greatest(sold_qty, quantity - cancelled_qty),
                    sold_at = least(coalesce(sold_at, ?), ?)
                where legal_entity = ? and channel = ? and order_ref = ? and line_ref = ?"""
                + " returning " + LINE_COLUMNS, OrderFulfilment::line,
                Timestamp.from(at), Timestamp.from(at),
                key.legalEntity(), key.channel(), key.orderRef(), key.lineRef());
        reserveOutstanding(key, line, at, cause);
    }

    /**
     * Records units of a line leaving under a shipment. Returns false when this shipment
     * of this line was recorded before.
     */
    public boolean ship(OrderLineKey key, String shipmentRef, LineFacts facts, Instant at,
            String cause) {
        int inserted = jdbc.update("""
                insert into shipment_line (legal_entity, channel, order_ref, shipment_ref,
                    line_ref, quantity, location, shipped_at)
                values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""",
                key.legalEntity(), key.channel(), key.orderRef(), shipmentRef, key.lineRef(),
                facts.quantity(), facts.location(), Timestamp.from(at));
        if (inserted == 0) {
            return false;
        }

        Line line = upsertLine(key, facts);
        if (!line.location().equals(facts.location())) {
            throw new Refusal("LOCATION_MISMATCH", "location", "order line " + key
                    + " is fulfilled from " + line.location() + ", not " + facts.location());
        }
        List<Allocation> allocations = allocations(key, line.sku());
        long shippedBefore = allocations.stream().mapToLong(Allocation::shipped).sum();
        // A shipment larger than the order line so far grows the line: the channel knows
        // what left, and a sale reported later still caps what passes title.
        if (shippedBefore + facts.quantity() + line.cancelledQty() > line.quantity()) {
            line = growLine(key, shippedBefore + facts.quantity());
        }
        allocations = reserveOutstanding(key, line, allocations, at, cause);

        long remaining = facts.quantity();
        for (Allocation allocation : allocations) {
            long take = Math.min(remaining, allocation.unshipped());
            if (take == 0) {
                continue;
            }
            StockKey reserved = new StockKey(key.legalEntity(), line.location(), line.sku(),
                    allocation.owner(), Bucket.ALLOCATED);
            ledger.move(reserved, reserved.in(Bucket.IN_TRANSIT), take, "SHIPMENT", cause, at);
            jdbc.update("""
                    update line_allocation set shipped_qty = shipped_qty + ?
                    where legal_entity = ? and channel = ? and order_ref = ? and line_ref = ?
                      and owner = ?""",
                    take, key.legalEntity(), key.channel(), key.orderRef(), key.lineRef(),
                    allocation.owner());
            jdbc.update("""
                    insert into shipment_part (legal_entity, channel, order_ref, line_ref,
                        shipment_ref, owner, location, quantity, shipped_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    key.legalEntity(), key.channel(), key.orderRef(), key.lineRef(), shipmentRef,
                    allocation.owner(), line.location(), take, Timestamp.from(at));
            remaining -= take;
        }
        if (remaining > 0) {
            throw new IllegalStateException("shipment " + shipmentRef + " of " + key
                    + " left " + remaining + " units unallocated");
        }
        return true;
    }

    /**
     * Sets what the customer still orders on a line, as a revision of the order states it:
     * fewer units release their reservations, more units reserve more. Units that already
     * left stay shipped; what comes back of them is a return, not a revision.
     */
    public void revise(OrderLineKey key, LineFacts facts, Instant at, String cause) {
        Optional<Line> stored = line(key);
        if (stored.isEmpty() && facts.quantity() == 0) {
            return;
        }
        Line line = stored.isPresent() ? stored.get() : upsertLine(key, facts);
        if (!line.sku().equals(facts.sku())) {
            throw new Refusal("SKU_MISMATCH", "sku", "order line " + key + " is for "
                    + line.sku() + ", not " + facts.sku());
        }
        long shipped = allocations(key, line.sku()).stream()
                .mapToLong(Allocation::shipped).sum();
        long wanted = Math.max(facts.quantity(), shipped);
        long live = line.quantity() - line.cancelledQty();

        if (wanted < live) {
            releaseUnshipped(key, line, live - wanted, at, cause);
        } else if (wanted > live) {
            reserveOutstanding(key, growLine(key, wanted), at, cause);
        }
    }

    private void releaseUnshipped(OrderLineKey key, Line line, long units, Instant at,
            String cause) {
        long remaining = units;
        for (Allocation allocation : allocations(key, line.sku())) {
            long take = Math.min(remaining, allocation.unshipped());
            if (take == 0) {
                continue;
            }
            StockKey reserved = new StockKey(key.legalEntity(), line.location(), line.sku(),
                    allocation.owner(), Bucket.ALLOCATED);
            ledger.move(reserved, reserved.in(Bucket.AVAILABLE), take, "RELEASE", cause, at);
            jdbc.update("""
                    update line_allocation set released_qty = released_qty + ?
                    where legal_entity = ? and channel = ? and order_ref = ? and line_ref = ?
                      and owner = ?""",
                    take, key.legalEntity(), key.channel(), key.orderRef(), key.lineRef(),
                    allocation.owner());
            remaining -= take;
        }
        jdbc.update("""
                update order_line set cancelled_qty = cancelled_qty + ?,
                    sold_qty = least(sold_qty, quantity - cancelled_qty - ?)
                where legal_entity = ? and channel = ? and order_ref = ? and line_ref = ?""",
                units, units, key.legalEntity(), key.channel(), key.orderRef(), key.lineRef());
    }

    /** Releases every unshipped reservation of the order; nothing more of it will be sold. */
    public void cancel(String legalEntity, String channel, String orderRef, Instant at,
            String cause) {
        List<String> lineRefs = jdbc.queryForList("""
                select line_ref from order_line
                where legal_entity = ? and channel = ? and order_ref = ? order by line_ref""",
                String.class, legalEntity, channel, orderRef);
        if (lineRefs.isEmpty()) {
            throw new Refusal("ORDER_NOT_FOUND", "orderRef", "no order " + orderRef
                    + " from channel " + channel);
        }
        for (String lineRef : lineRefs) {
            cancelLine(new OrderLineKey(legalEntity, channel, orderRef, lineRef), at, cause);
        }
    }

    private void cancelLine(OrderLineKey key, Instant at, String cause) {
        Line line = line(key).orElseThrow();
        for (Allocation allocation : allocations(key, line.sku())) {
            long unshipped = allocation.unshipped();
            if (unshipped == 0) {
                continue;
            }
            StockKey reserved = new StockKey(key.legalEntity(), line.location(), line.sku(),
                    allocation.owner(), Bucket.ALLOCATED);
            ledger.move(reserved, reserved.in(Bucket.AVAILABLE), unshipped, "RELEASE", cause,
                    at);
            jdbc.update("""
                    update line_allocation set released_qty = released_qty + ?
                    where legal_entity = ? and channel = ? and order_ref = ? and line_ref = ?
                      and owner = ?""",
                    unshipped, key.legalEntity(), key.channel(), key.orderRef(), key.lineRef(),
                    allocation.owner());
        }
        long shipped = allocations(key, line.sku()).stream()
                .mapToLong(Allocation::shipped).sum();
        jdbc.update("""
                update order_line set cancelled_qty = quantity - ?,
                    sold_qty = least(sold_qty, ?)
                where legal_entity = ? and channel = ? and order_ref = ? and line_ref = ?""",
                shipped, shipped, key.legalEntity(), key.channel(), key.orderRef(),
                key.lineRef());
    }

    private void reserveOutstanding(OrderLineKey key, Line line, Instant at, String cause) {
        reserveOutstanding(key, line, allocations(key, line.sku()), at, cause);
    }

    /**
     * Reserves what the line needs beyond what its allocations already hold, owner by
     * owner, and returns the allocations as they stand afterwards.
     */
    private List<Allocation> reserveOutstanding(OrderLineKey key, Line line,
            List<Allocation> allocations, Instant at, String cause) {
        long held = allocations.stream().mapToLong(Allocation::held).sum();
        long outstanding = line.quantity() - line.cancelledQty() - held;
        if (outstanding <= 0) {
            return allocations;
        }

        for (String owner : ownersInPriority(key.legalEntity(), line.sku(), at)) {
            StockKey available = new StockKey(key.legalEntity(), line.location(), line.sku(),
                    owner, Bucket.AVAILABLE);
            long take = Math.min(outstanding, ledger.quantity(available));
            if (take > 0 && ledger.tryMove(available, available.in(Bucket.ALLOCATED), take,
                    "RESERVATION", cause, at)) {
                jdbc.update("""
                        insert into line_allocation (legal_entity, channel, order_ref, line_ref,
                            owner, allocated_qty)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict (legal_entity, channel, order_ref, line_ref, owner)
                        do update set allocated_qty = line_allocation.allocated_qty + ?""",
                        key.legalEntity(), key.channel(), key.orderRef(), key.lineRef(), owner,
                        take, take);
                outstanding -= take;
            }
            if (outstanding == 0) {
                return allocations(key, line.sku());
            }
        }
        throw new Refusal("INSUFFICIENT_STOCK", "quantity", "order line " + key + " needs "
                + outstanding + " more of " + line.sku() + " at " + line.location()
                + " than is available");
    }

    /** The owners whose stock a sale of the SKU may take, in the order it takes them. */
    public List<String> ownersInPriority(String legalEntity, String sku, Instant at) {
        String vendor = catalog.item(legalEntity, sku)
                .orElseThrow(() -> new Refusal("UNKNOWN_SKU", "sku", "SKU " + sku
                        + " is not in the catalog of " + legalEntity))
                .vendor();
        if (vendor == null) {
            return List.of(Owners.RETAILER);
        }
        boolean ownedFirst = agreements.termsAt(legalEntity, vendor, at)
                .map(t -> t.consumptionPriority() == Terms.ConsumptionPriority.OWNED_FIRST)
                .orElse(false);
        return ownedFirst ? List.of(Owners.RETAILER, vendor) : List.of(vendor, Owners.RETAILER);
    }

    private Line upsertLine(OrderLineKey key, LineFacts facts) {
        catalog.item(key.legalEntity(), facts.sku()).orElseThrow(() -> new Refusal(
                "UNKNOWN_SKU", "sku", "SKU " + facts.sku() + " is not in the catalog of "
                        + key.legalEntity()));
        if (!catalog.locationExists(key.legalEntity(), facts.location())) {
            throw new Refusal("UNKNOWN_LOCATION", "location", "location " + facts.location()
                    + " is not in the catalog of " + key.legalEntity());
        }
        Line line = jdbc.queryForObject("""
                insert into order_line (legal_entity, channel, order_ref, line_ref, sku, location,
                    quantity, unit_price, currency, customer_ref)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (legal_entity, channel, order_ref, line_ref) do update
                set quantity = greatest(order_line.quantity, excluded.quantity),
                    unit_price = coalesce(order_line.unit_price, excluded.unit_price),
                    currency = coalesce(order_line.currency, excluded.currency),
                    customer_ref = coalesce(order_line.customer_ref, excluded.customer_ref)"""
                + " returning " + LINE_COLUMNS, OrderFulfilment::line,
                key.legalEntity(), key.channel(), key.orderRef(), key.lineRef(), facts.sku(),
                facts.location(), facts.quantity(), facts.unitPrice(), facts.currency(),
                facts.customerRef());
        if (!line.sku().equals(facts.sku())) {
            throw new Refusal("SKU_MISMATCH", "sku", "order line " + key + " is for "
                    + line.sku() + ", not " + facts.sku());
        }
        return line;
    }

    private Line growLine(OrderLineKey key, long atLeast) {
        return jdbc.queryForObject("""
                update order_line set quantity = greatest(quantity, ? + cancelled_qty)
                where legal_entity = ? and channel = ? and order_ref = ? and line_ref = ?"""
                + " returning " + LINE_COLUMNS, OrderFulfilment::line,
                atLeast, key.legalEntity(), key.channel(), key.orderRef(), key.lineRef());
    }

    /** The stored state of an order line. */
    public record Line(String sku, String location, long quantity, long soldQty,
            long cancelledQty, Instant soldAt, String customerRef) {
    }

    private static final String LINE_COLUMNS =
            "sku, location, quantity, sold_qty, cancelled_qty, sold_at, customer_ref";

    public Optional<Line> line(OrderLineKey key) {
        return jdbc.query("select " + LINE_COLUMNS + """
                 from order_line
                where legal_entity = ? and channel = ? and order_ref = ? and line_ref = ?""",
                OrderFulfilment::line,
                key.legalEntity(), key.channel(), key.orderRef(), key.lineRef())
                .stream().findFirst();
    }

    private static Line line(ResultSet rs, int row) throws SQLException {
        Timestamp soldAt = rs.getTimestamp(6);
        return new Line(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getLong(5), soldAt == null ? null : soldAt.toInstant(), rs.getString(7));
    }

    private record Allocation(String owner, long allocated, long shipped, long released) {

        long unshipped() {
            return allocated - shipped - released;
        }

        long held() {
            return allocated - released;
        }
    }

    private List<Allocation> allocations(OrderLineKey key, String sku) {
        List<Allocation> found = new ArrayList<>(jdbc.query("""
                select owner, allocated_qty, shipped_qty, released_qty from line_allocation
                where legal_entity = ? and channel = ? and order_ref = ? and line_ref = ?""",
                (rs, n) -> new Allocation(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4)),
                key.legalEntity(), key.channel(), key.orderRef(), key.lineRef()));
        List<String> priority = ownersInPriority(key.legalEntity(), sku, Instant.MAX);
        found.sort((a, b) -> Integer.compare(rank(priority, a.owner()),
                rank(priority, b.owner())));
        return found;
    }

    private static int rank(List<String> priority, String owner) {
        int index = priority.indexOf(owner);
        return index < 0 ? priority.size() : index;
    }
}
