package org.consignmenthub.returns;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.agreement.Terms;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.catalog.Catalog;
import org.consignmenthub.catalog.Owners;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Returns matched by their location: a store that reports its returns without the sale
 * they reverse (a store's sales report names neither customer nor sold line). Such a return
 * reverses the latest title transfers of its SKU at its location, whatever order or channel
 * they came from, each only within its agreement's return window counted back from the
 * return. Reversing a transfer is the same step as for a return naming its line: the
 * transfer is marked returned, the units go back into the stock of the vendor they came
 * from and the vendor is credited at that transfer's price.
 *
 * <p>A location that sold the SKU only from the retailer's own stock, or a SKU the retailer
 * owns, takes the units back into retailer stock, as a returned line of retailer units
 * does. Otherwise a return the transfers cannot cover whole is refused whole.
 */
public class StoreReturns {

    private final JdbcTemplate jdbc;
    private final Catalog catalog;
    private final Agreements agreements;
    private final CustomerReturns returns;

    public StoreReturns(JdbcTemplate jdbc, Catalog catalog, Agreements agreements,
            CustomerReturns returns) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.agreements = agreements;
        this.returns = returns;
    }

    private record Candidate(long id, String vendor, long agreementId, long open,
            Instant soldAt, BigDecimal unitPrice, String currency) {
    }

    /** Accepts the return and lists the transfers it reverses (none for retailer stock). */
    public List<CustomerReturns.Reversal> receive(String legalEntity, ReturnReceived event,
            String cause) {
        Catalog.ItemRecord item = catalog.item(legalEntity, event.sku())
                .orElseThrow(() -> new Refusal("UNKNOWN_SKU", "sku", "SKU " + event.sku()
                        + " is not in the catalog of " + legalEntity));
        if (!catalog.locationExists(legalEntity, event.location())) {
            throw new Refusal("UNKNOWN_LOCATION", "location", "location " + event.location()
                    + " is not in the catalog of " + legalEntity);
        }
        if (!item.consigned()) {
            returns.restock(legalEntity, event, Owners.RETAILER, event.quantity(), cause);
            return List.of();
        }

        List<Candidate> candidates = candidates(legalEntity, event);
        List<CustomerReturns.Reversal> reversals = match(event, candidates);
        if (reversals.isEmpty() && candidates.isEmpty() && soldOnlyFromRetailerStock(
                legalEntity, event)) {
            returns.restock(legalEntity, event, Owners.RETAILER, event.quantity(), cause);
            return List.of();
        }
        if (reversals.stream().mapToLong(CustomerReturns.Reversal::quantity).sum()
                < event.quantity()) {
            throw noMatchingSale(legalEntity, event, item, candidates);
        }

        for (CustomerReturns.Reversal reversal : reversals) {
            returns.reverse(legalEntity, event, reversal, cause);
        }
        return reversals;
    }

    /** Latest transfer first, each within its own agreement's window, until the return is full. */
    private List<CustomerReturns.Reversal> match(ReturnReceived event,
            List<Candidate> candidates) {
        long wanted = event.quantity();
        List<CustomerReturns.Reversal> reversals = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (wanted == 0) {
                break;
            }
            if (!withinWindow(candidate, event.occurredAt())) {
                continue;
            }
            long take = Math.min(wanted, candidate.open());
            reversals.add(new CustomerReturns.Reversal(candidate.id(), candidate.vendor(),
                    candidate.agreementId(), event.sku(), take, candidate.unitPrice(),
                    candidate.currency()));
            wanted -= take;
        }
        return reversals;
    }

    private boolean withinWindow(Candidate candidate, Instant returnedAt) {
        return !returnedAt.isAfter(candidate.soldAt().plus(window(candidate.agreementId())));
    }

    private Duration window(long agreementId) {
        return agreements.byId(agreementId).map(Terms::returnWindow).orElse(Duration.ZERO);
    }

    /**
     * The customer sales of the SKU at the location not yet returned, up to the return's
     * time, latest transfer first. Transfers from counts (units lost, bought by the
     * retailer) were never sold to a customer, so only shipped parts count. Locked, as a
     * return through another channel may reach for the same transfers.
     */
    private List<Candidate> candidates(String legalEntity, ReturnReceived event) {
        return jdbc.query("""
                select t.id, t.vendor, t.agreement_id, t.quantity - t.returned_qty, t.sold_at,
                    t.unit_price, t.currency
                from title_transfer t join shipment_part p on p.id = t.shipment_part_id
                where t.legal_entity = ? and t.location = ? and t.sku = ?
                  and t.quantity > t.returned_qty and t.sold_at <= ?
                order by t.transferred_at desc, t.sold_at desc, p.shipment_ref desc,
                    t.id desc
                for update of t""",
                (rs, n) -> candidate(rs), legalEntity, event.location(), event.sku(),
                Timestamp.from(event.occurredAt()));
    }

    private static Candidate candidate(ResultSet rs) throws SQLException {
        return new Candidate(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getTimestamp(5).toInstant(), rs.getBigDecimal(6), rs.getString(7));
    }

    /** Units of the SKU left the location sold, and none of them under a vendor's title. */
    private boolean soldOnlyFromRetailerStock(String legalEntity, ReturnReceived event) {
        Boolean vendorSales = jdbc.queryForObject("""
                select exists (select 1 from title_transfer
                    where legal_entity = ? and location = ? and sku = ?
                      and shipment_part_id is not null)""",
                Boolean.class, legalEntity, event.location(), event.sku());
        if (Boolean.TRUE.equals(vendorSales)) {
            return false;
        }
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from shipment_part p join order_line l
                        using (legal_entity, channel, order_ref, line_ref)
                    where p.legal_entity = ? and p.location = ? and l.sku = ?
                      and p.owner = ? and p.transferred_qty > 0)""",
                Boolean.class, legalEntity, event.location(), event.sku(), Owners.RETAILER));
    }

    private Refusal noMatchingSale(String legalEntity, ReturnReceived event,
            Catalog.ItemRecord item, List<Candidate> candidates) {
        long open = candidates.stream().mapToLong(Candidate::open).sum();
        long inWindow = candidates.stream()
                .filter(c -> withinWindow(c, event.occurredAt()))
                .mapToLong(Candidate::open).sum();
        return new Refusal("NO_MATCHING_SALE", "quantity", "return " + event.returnRef()
                + " of " + event.quantity() + " x " + event.sku() + " at location "
                + event.location() + " matches no sale there: " + inWindow
                + " sold within the return window (" + windows(legalEntity, event, item,
                candidates) + " before " + event.occurredAt() + ") and not yet returned"
                + (open > inWindow ? ", " + (open - inWindow) + " more sold before it" : ""));
    }

    /** The windows that applied, or the one the vendor's agreement gives when none did. */
    private String windows(String legalEntity, ReturnReceived event, Catalog.ItemRecord item,
            List<Candidate> candidates) {
        TreeSet<Long> hours = new TreeSet<>();
        candidates.forEach(c -> hours.add(window(c.agreementId()).toHours()));
        if (hours.isEmpty()) {
            agreements.termsAt(legalEntity, item.vendor(), event.occurredAt())
                    .ifPresent(t -> hours.add(t.returnWindow().toHours()));
        }
        if (hours.isEmpty()) {
            return "none, as no agreement with vendor " + item.vendor() + " is in force";
        }
        return hours.stream().map(String::valueOf)
                .reduce((a, b) -> a + " or " + b).orElseThrow() + " hours";
    }
}
