package org.consignmenthub.returns;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
            long open, Instant soldAt, java.math.BigDecimal unitPrice, String currency) {

        boolean retailers() {
            return transferId == null;
        }
    }

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

    private List<Candidate> candidates(String legalEntity, ReturnReceived event) {
        // Ids follow the order events arrived in, so ties are broken by business facts
        // first: parts of one line then reverse the same way whatever came first. Within
        // one shipment of a line, part ids do follow the order the owners were taken in
        // (one shipment event writes them all), so the retailer's part comes back before
        // the vendor's when it was taken after it (taken 0), else after it (taken 2). Only
        // transfers alike in sale, transfer time and shipment still fall back on the id.
        String select = """
                select transfer_id, part_id, owner, agreement_id, open, sold_at, unit_price,
                    currency
                from (
                    select t.id as transfer_id, p.id as part_id, t.vendor as owner,
                        t.agreement_id, t.quantity - t.returned_qty as open, t.sold_at,
                        t.transferred_at, p.shipment_ref, 1 as taken, t.unit_price,
                        t.currency
                    from title_transfer t join shipment_part p on p.id = t.shipment_part_id
                    where t.legal_entity = ? and t.channel = ? and t.sku = ?
                      and t.quantity > t.returned_qty and %s
                    union all
                    select null, p.id, p.owner, null, p.transferred_qty - p.returned_qty,
                        l.sold_at, greatest(l.sold_at, p.shipped_at), p.shipment_ref,
                        case when exists (select 1 from shipment_part o
                                          where o.legal_entity = p.legal_entity
                                            and o.channel = p.channel
                                            and o.order_ref = p.order_ref
                                            and o.line_ref = p.line_ref
                                            and o.shipment_ref = p.shipment_ref
                                            and o.id < p.id)
                             then 0 else 2 end,
                        null, null
                    from shipment_part p join order_line l
                      on l.legal_entity = p.legal_entity and l.channel = p.channel
                     and l.order_ref = p.order_ref and l.line_ref = p.line_ref
                    where p.legal_entity = ? and p.channel = ? and l.sku = ? and p.owner = ?
                      and p.transferred_qty > p.returned_qty and %s
                ) c
                order by sold_at desc, transferred_at desc, shipment_ref desc, taken,
                    coalesce(transfer_id, part_id) desc""";
        String channel = event.key().channel();
        if (event.orderRef() != null && event.lineRef() != null) {
            return jdbc.query(select.formatted("t.order_ref = ? and t.line_ref = ?",
                    "p.order_ref = ? and p.line_ref = ?"), (rs, n) -> candidate(rs),
                    legalEntity, channel, event.sku(), event.orderRef(), event.lineRef(),
                    legalEntity, channel, event.sku(), Owners.RETAILER, event.orderRef(),
                    event.lineRef());
        }
        if (event.customerRef() == null || event.customerRef().isBlank()) {
            return List.of();
        }
        return jdbc.query(select.formatted("t.customer_ref = ?", "l.customer_ref = ?"),
                (rs, n) -> candidate(rs), legalEntity, channel, event.sku(),
                event.customerRef(), legalEntity, channel, event.sku(), Owners.RETAILER,
                event.customerRef());
    }

    private static Candidate candidate(java.sql.ResultSet rs) throws java.sql.SQLException {
        long transferId = rs.getLong(1);
        Long transfer = rs.wasNull() ? null : transferId;
        long agreementId = rs.getLong(4);
        Long agreement = rs.wasNull() ? null : agreementId;
        return new Candidate(transfer, rs.getLong(2), rs.getString(3), agreement,
                rs.getLong(5), rs.getTimestamp(6).toInstant(), rs.getBigDecimal(7),
                rs.getString(8));
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
