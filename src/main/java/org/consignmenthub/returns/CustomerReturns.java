package org.consignmenthub.returns;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.agreement.Terms;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.catalog.Catalog;
import org.consignmenthub.catalog.Owners;
import org.consignmenthub.ledger.Bucket;
import org.consignmenthub.ledger.StockKey;
import org.consignmenthub.ledger.StockLedger;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Customer returns. A return mirrors the sale it reverses, owner by owner. Units the line
 * took from a vendor's stock reverse the title transfer they passed under: the vendor's
 * credit is reversed at that transfer's price and the unit goes back into the vendor's
 * stock. Units the line took from the retailer's own stock go back into the retailer's
 * stock, with nothing to credit.
 *
 * <p>The sales a return reverses are those of its order line when the channel names one;
 * otherwise the same customer's lines of the SKU. Order and customer references belong to
 * a channel, so only that channel's sales are candidates. Units come back in the reverse
 * order they left: the latest sale first, within it the latest shipped part, and within
 * one shipment the owner the line took last (consumption priority) first. A partial return
 * of a line that took a vendor's units before the retailer's thus gives back the
 * retailer's units first and credits the vendor only for what comes back beyond them; the
 * rest of the line stays returnable, so a later return restores the vendor's units. Only
 * a vendor's sales within the agreement's return window count; the retailer's own units
 * are not bound by a vendor's window. A return is taken whole or refused whole. A return
 * of a SKU the retailer owns outright is not checked against a sale.
 */
public class CustomerReturns {

    private final JdbcTemplate jdbc;
    private final StockLedger ledger;
    private final Catalog catalog;
    private final Agreements agreements;

    public CustomerReturns(JdbcTemplate jdbc, StockLedger ledger, Catalog catalog,
            Agreements agreements) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.catalog = catalog;
        this.agreements = agreements;
    }

    /** A quantity taken back from one title transfer. */
    public record Reversal(long transferId, String vendor, long agreementId, String sku,
            long quantity, java.math.BigDecimal unitPrice, String currency) {
    }

    /**
     * Units of one shipped part still out with the customer: a vendor's title transfer, or
     * the retailer's own units, which passed under no transfer.
     */
    private record Candidate(Long transferId, long partId, String owner, Long agreementId,
            long open, Instant soldAt, Instant leftAt, String shipmentRef, int taken,
            java.math.BigDecimal unitPrice, String currency) {

        boolean retailers() {
            return transferId == null;
        }

        long id() {
            return transferId != null ? transferId : partId;
        }
    }

    /** A line of the channel sold with the SKU, that a return may reverse. */
    private record SoldLine(String orderRef, String lineRef, Instant soldAt) {
    }

    /** Units of a line that left under one shipment from one owner. */
    private record Part(long id, String shipmentRef, String owner, Instant shippedAt,
            long transferred, long returned) {

        boolean retailers() {
            return Owners.isRetailer(owner);
        }
    }

    /**
     * Latest sale first, then the latest to leave, the latest shipment, and the owner taken
     * last. Ids follow the order events arrived in, so they only break ties left by these
     * business facts: parts of one line then reverse the same way whatever came first.
     */
    private static final Comparator<Candidate> LATEST_FIRST =
            Comparator.comparing(Candidate::soldAt, Comparator.reverseOrder())
                    .thenComparing(Candidate::leftAt, Comparator.reverseOrder())
                    .thenComparing(Candidate::shipmentRef, Comparator.reverseOrder())
                    .thenComparingInt(Candidate::taken)
                    .thenComparing(Candidate::id, Comparator.reverseOrder());

    private record Take(Candidate from, long quantity) {
    }

    /**
     * Accepts the return and lists the vendors' transfers it reverses, each to be credited
     * (none for the retailer's own units).
     */
    public List<Reversal> receive(String legalEntity, ReturnReceived event, String cause) {
        Catalog.ItemRecord item = catalog.item(legalEntity, event.sku())
                .orElseThrow(() -> new Refusal("UNKNOWN_SKU", "sku", "SKU " + event.sku()
                        + " is not in the catalog of " + legalEntity));
        if (!catalog.locationExists(legalEntity, event.location())) {
            throw new Refusal("UNKNOWN_LOCATION", "location", "location " + event.location()
                    + " is not in the catalog of " + legalEntity);
        }
        if (!item.consigned()) {
            restock(legalEntity, event, Owners.RETAILER, event.quantity(), cause);
            return List.of();
        }

        List<Reversal> reversals = new ArrayList<>();
        for (Take take : match(legalEntity, event)) {
            Candidate from = take.from();
            if (from.retailers()) {
                jdbc.update("update shipment_part set returned_qty = returned_qty + ?"
                        + " where id = ?", take.quantity(), from.partId());
                restock(legalEntity, event, Owners.RETAILER, take.quantity(), cause);
                continue;
            }
            Reversal reversal = new Reversal(from.transferId(), from.owner(),
                    from.agreementId(), event.sku(), take.quantity(), from.unitPrice(),
                    from.currency());
            reverse(legalEntity, event, reversal, cause);
            reversals.add(reversal);
        }
        return reversals;
    }

    /**
     * Takes the units back from one transfer into the stock of the vendor they came from,
     * and counts them returned on the shipped part they left by.
     */
    void reverse(String legalEntity, ReturnReceived event, Reversal reversal, String cause) {
        Long partId = jdbc.queryForObject("""
                update title_transfer set returned_qty = returned_qty + ? where id = ?
                returning shipment_part_id""", Long.class,
                reversal.quantity(), reversal.transferId());
        if (partId != null) {
            jdbc.update("update shipment_part set returned_qty = returned_qty + ? where id = ?",
                    reversal.quantity(), partId);
        }
        restock(legalEntity, event, reversal.vendor(), reversal.quantity(), cause);
    }

    private List<Take> match(String legalEntity, ReturnReceived event) {
        List<Candidate> candidates = candidates(legalEntity, event);
        long wanted = event.quantity();
        long withinWindow = 0;
        long anyTime = 0;
        List<Take> takes = new ArrayList<>();
        for (Candidate candidate : candidates) {
            anyTime += candidate.open();
            if (!withinWindow(candidate, event.occurredAt())) {
                continue;
            }
            long take = Math.min(wanted - withinWindow, candidate.open());
            if (take > 0) {
                takes.add(new Take(candidate, take));
                withinWindow += take;
            }
        }
        if (withinWindow < wanted) {
            String why = anyTime >= wanted
                    ? "the sales that could be reversed are outside the return window"
                    : "only " + anyTime + " sold and not yet returned";
            throw new Refusal("NO_MATCHING_SALE", "quantity", "return " + event.returnRef()
                    + " of " + wanted + " x " + event.sku() + " matches no sale: " + why);
        }
        return takes;
    }

    private boolean withinWindow(Candidate candidate, Instant returnedAt) {
        if (candidate.soldAt().isAfter(returnedAt)) {
            return false;
        }
        if (candidate.retailers()) {
            return true;
        }
        Duration window = agreements.byId(candidate.agreementId())
                .map(Terms::returnWindow).orElse(Duration.ZERO);
        return !returnedAt.isAfter(candidate.soldAt().plus(window));
    }

    /**
     * The units the return may take back, in the reverse order they left. Each step is one
     * lookup by the leading columns of an index no other index of its table shares (the
     * line, or the customer's lines of the SKU; each line's parts; each vendor's part's
     * transfers), so its cost does not hang on how well the planner knows the tables, even
     * for a plan made while they were empty.
     */
    private List<Candidate> candidates(String legalEntity, ReturnReceived event) {
        List<Candidate> candidates = new ArrayList<>();
        for (SoldLine line : lines(legalEntity, event)) {
            List<Part> parts = parts(legalEntity, event.key().channel(), line);
            candidates.addAll(retailersUnits(line, parts));
            candidates.addAll(transfers(parts));
        }
        candidates.sort(LATEST_FIRST);
        return candidates;
    }

    /** The sold line the return names, or the customer's sold lines of the SKU. */
    private List<SoldLine> lines(String legalEntity, ReturnReceived event) {
        String select = """
                select order_ref, line_ref, sold_at from order_line
                where legal_entity = ? and channel = ? and sku = ? and sold_at is not null
                  and %s""";
        String channel = event.key().channel();
        if (event.orderRef() != null && event.lineRef() != null) {
            return jdbc.query(select.formatted("order_ref = ? and line_ref = ?"),
                    CustomerReturns::soldLine, legalEntity, channel, event.sku(),
                    event.orderRef(), event.lineRef());
        }
        if (event.customerRef() == null || event.customerRef().isBlank()) {
            return List.of();
        }
        return jdbc.query(select.formatted("customer_ref = ?"), CustomerReturns::soldLine,
                legalEntity, channel, event.sku(), event.customerRef());
    }

    private List<Part> parts(String legalEntity, String channel, SoldLine line) {
        return jdbc.query("""
                select id, shipment_ref, owner, shipped_at, transferred_qty, returned_qty
                from shipment_part
                where legal_entity = ? and channel = ? and order_ref = ? and line_ref = ?""",
                (rs, n) -> new Part(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getLong(5), rs.getLong(6)),
                legalEntity, channel, line.orderRef(), line.lineRef());
    }

    /**
     * The retailer's own units of the line still out. They passed under no transfer, so
     * they count as sold when the line was and as leaving when the sale met the shipment,
     * as a transfer would. Part ids follow the order the owners were taken in within one
     * shipment (one shipment event writes them all), so the retailer's part comes back
     * before the vendor's when it was taken after it (taken 0), else after it (taken 2).
     */
    private static List<Candidate> retailersUnits(SoldLine line, List<Part> parts) {
        List<Candidate> units = new ArrayList<>();
        for (Part part : parts) {
            if (!part.retailers() || part.transferred() <= part.returned()) {
                continue;
            }
            boolean takenAfterAnother = parts.stream().anyMatch(o -> o.id() < part.id()
                    && o.shipmentRef().equals(part.shipmentRef()));
            Instant leftAt = line.soldAt().isAfter(part.shippedAt()) ? line.soldAt()
                    : part.shippedAt();
            units.add(new Candidate(null, part.id(), part.owner(), null,
                    part.transferred() - part.returned(), line.soldAt(), leftAt,
                    part.shipmentRef(), takenAfterAnother ? 0 : 2, null, null));
        }
        return units;
    }

    /**
     * The vendors' transfers of the line not yet wholly returned, found through the parts
     * that passed them. Locked, as a return matched by its location may reach for the same
     * transfers.
     */
    private List<Candidate> transfers(List<Part> parts) {
        List<Candidate> transfers = new ArrayList<>();
        for (Part part : parts) {
            if (part.retailers() || part.transferred() == 0) {
                continue;
            }
            transfers.addAll(jdbc.query("""
                    select id, vendor, agreement_id, quantity - returned_qty, sold_at,
                        transferred_at, unit_price, currency
                    from title_transfer
                    where shipment_part_id = ? and quantity > returned_qty
                    for update""",
                    (rs, n) -> new Candidate(rs.getLong(1), part.id(), rs.getString(2),
                            rs.getLong(3), rs.getLong(4), rs.getTimestamp(5).toInstant(),
                            rs.getTimestamp(6).toInstant(), part.shipmentRef(), 1,
                            rs.getBigDecimal(7), rs.getString(8)),
                    part.id()));
        }
        return transfers;
    }

    private static SoldLine soldLine(java.sql.ResultSet rs, int row)
            throws java.sql.SQLException {
        return new SoldLine(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant());
    }

    void restock(String legalEntity, ReturnReceived event, String owner, long quantity,
            String cause) {
        Bucket bucket = "DAMAGED".equalsIgnoreCase(event.condition()) ? Bucket.DAMAGED
                : Bucket.AVAILABLE;
        ledger.increase(new StockKey(legalEntity, event.location(), event.sku(), owner, bucket),
                quantity, "CUSTOMER_RETURN", cause, event.occurredAt());
        jdbc.update("""
                insert into customer_return (legal_entity, channel, return_ref, order_ref,
                    line_ref, customer_ref, sku, location, owner, quantity, returned_at, cause)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                legalEntity, event.key().channel(), event.returnRef(), event.orderRef(),
                event.lineRef(), event.customerRef(), event.sku(), event.location(), owner,
                quantity, Timestamp.from(event.occurredAt()), cause);
    }
}
