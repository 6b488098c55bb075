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
 * Customer returns. A returned consigned unit reverses the title transfer it came from:
 * the vendor's credit is reversed at that transfer's price and the unit goes back into the
 * vendor's stock. Retailer-owned stock does not move for it.
 *
 * <p>The transfers a return reverses are those of its order line when the channel names
 * one; otherwise the same customer's transfers of the SKU. Order and customer references
 * belong to a channel, so only that channel's transfers are candidates. Either way the latest sale
 * goes first, and within it the latest transfer (the last part shipped). Only sales
 * within the agreement's return window count. A return is taken whole or refused whole.
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

    private record Candidate(long id, String vendor, long agreementId, long open,
            Instant soldAt, java.math.BigDecimal unitPrice, String currency) {
    }

    /** Accepts the return and lists the transfers it reverses (none for retailer stock). */
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

        List<Reversal> reversals = match(legalEntity, event);
        for (Reversal reversal : reversals) {
            reverse(legalEntity, event, reversal, cause);
        }
        return reversals;
    }

    /** Takes the units back from one transfer into the stock of the vendor they came from. */
    void reverse(String legalEntity, ReturnReceived event, Reversal reversal, String cause) {
        jdbc.update("update title_transfer set returned_qty = returned_qty + ? where id = ?",
                reversal.quantity(), reversal.transferId());
        restock(legalEntity, event, reversal.vendor(), reversal.quantity(), cause);
    }

    private List<Reversal> match(String legalEntity, ReturnReceived event) {
        List<Candidate> candidates = candidates(legalEntity, event);
        long wanted = event.quantity();
        long withinWindow = 0;
        long anyTime = 0;
        List<Reversal> reversals = new ArrayList<>();
        for (Candidate candidate : candidates) {
            anyTime += candidate.open();
            if (!withinWindow(candidate, event.occurredAt())) {
                continue;
            }
            long take = Math.min(wanted - withinWindow, candidate.open());
            if (take > 0) {
                reversals.add(new Reversal(candidate.id(), candidate.vendor(),
                        candidate.agreementId(), event.sku(), take, candidate.unitPrice(),
                        candidate.currency()));
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
        return reversals;
    }

    private boolean withinWindow(Candidate candidate, Instant returnedAt) {
        Duration window = agreements.byId(candidate.agreementId())
                .map(Terms::returnWindow).orElse(Duration.ZERO);
        return !candidate.soldAt().isAfter(returnedAt)
                && !returnedAt.isAfter(candidate.soldAt().plus(window));
    }

    private List<Candidate> candidates(String legalEntity, ReturnReceived event) {
        // Ids follow the order events arrived in, so ties are broken by business facts
        // first: parts of one line then reverse the same way whatever came first. Only
        // transfers alike in sale, transfer time and shipment still fall back on the id.
        String select = """
                select t.id, t.vendor, t.agreement_id, t.quantity - t.returned_qty, t.sold_at,
                    t.unit_price, t.currency
                from title_transfer t join shipment_part p on p.id = t.shipment_part_id
                where t.legal_entity = ? and t.channel = ? and t.sku = ?
                  and t.quantity > t.returned_qty and %s
                order by t.sold_at desc, t.transferred_at desc, p.shipment_ref desc,
                    t.id desc""";
        if (event.orderRef() != null && event.lineRef() != null) {
            return jdbc.query(select.formatted("t.order_ref = ? and t.line_ref = ?"),
                    (rs, n) -> candidate(rs), legalEntity, event.key().channel(), event.sku(),
                    event.orderRef(), event.lineRef());
        }
        if (event.customerRef() == null || event.customerRef().isBlank()) {
            return List.of();
        }
        return jdbc.query(select.formatted("t.customer_ref = ?"), (rs, n) -> candidate(rs),
                legalEntity, event.key().channel(), event.sku(), event.customerRef());
    }

    private static Candidate candidate(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Candidate(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getTimestamp(5).toInstant(), rs.getBigDecimal(6), rs.getString(7));
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
