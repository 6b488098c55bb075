package org.consignmenthub.ownership;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.agreement.Terms;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.catalog.Owners;
import org.consignmenthub.ledger.Bucket;
import org.consignmenthub.ledger.OrderFulfilment;
import org.consignmenthub.ledger.OrderLineKey;
import org.consignmenthub.ledger.StockKey;
import org.consignmenthub.ledger.StockLedger;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The title-transfer rule: units of an order line pass to the retailer when, and only as
 * far as, they are both sold and shipped. What may pass is min(sold, shipped) minus what
 * passed already, so sale and shipment may arrive in either order, more than once, or in
 * parts, and the outcome is the same.
 *
 * <p>Title passes shipment by shipment, earliest first, each part at the later of its
 * sale and its shipment, so every shipped part yields its own transfer whatever order the
 * events came in. Units whose title has passed have left with the customer and leave the
 * books; the retailer's own units leave the same way without a transfer.
 */
public class TitleTransfers {

    private final JdbcTemplate jdbc;
    private final StockLedger ledger;
    private final OrderFulfilment fulfilment;
    private final Agreements agreements;

    public TitleTransfers(JdbcTemplate jdbc, StockLedger ledger, OrderFulfilment fulfilment,
            Agreements agreements) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.fulfilment = fulfilment;
        this.agreements = agreements;
    }

    private record Part(long id, String owner, String location, long quantity,
            long transferred, Instant shippedAt) {
    }

    /** Passes title for whatever of the line is now both sold and shipped. */
    public List<TitleTransfer> settle(OrderLineKey key, String cause) {
        OrderFulfilment.Line line = fulfilment.line(key).orElse(null);
        if (line == null || line.soldQty() == 0) {
            return List.of();
        }
        List<Part> parts = parts(key);
        long passed = parts.stream().mapToLong(Part::transferred).sum();
        long passable = line.soldQty() - passed;

        List<TitleTransfer> transfers = new ArrayList<>();
        for (Part part : parts) {
            long take = Math.min(passable, part.quantity() - part.transferred());
            if (take <= 0) {
                continue;
            }
            Instant at = line.soldAt().isAfter(part.shippedAt()) ? line.soldAt()
                    : part.shippedAt();
            StockKey inTransit = new StockKey(key.legalEntity(), part.location(), line.sku(),
                    part.owner(), Bucket.IN_TRANSIT);
            ledger.decrease(inTransit, take, "SHIPPED_SOLD", cause, at);
            jdbc.update("update shipment_part set transferred_qty = transferred_qty + ?"
                    + " where id = ?", take, part.id());
            if (!Owners.isRetailer(part.owner())) {
                transfers.add(record(key, line, part, take, at, cause));
            }
            passable -= take;
        }
        return transfers;
    }

    private TitleTransfer record(OrderLineKey key, OrderFulfilment.Line line, Part part,
            long quantity, Instant at, String cause) {
        String vendor = part.owner();
        Terms terms = agreements.termsAt(key.legalEntity(), vendor, at)
                .orElseThrow(() -> new Refusal("NO_AGREEMENT", "sku", "no consignment"
                        + " agreement with vendor " + vendor + " is in force at " + at));
        BigDecimal price = agreements.priceAt(terms, line.sku(), at)
                .orElseThrow(() -> new Refusal("NO_AGREED_PRICE", "sku", "agreement "
                        + terms.reference() + " v" + terms.version() + " has no price for "
                        + line.sku() + " at " + at));
        Long id = jdbc.queryForObject("""
                insert into title_transfer (legal_entity, vendor, channel, order_ref, line_ref,
                    sku, location, customer_ref, shipment_part_id, quantity, unit_price, currency,
                    agreement_id, agreement_version, sold_at, transferred_at, cause)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""",
                Long.class, key.legalEntity(), vendor, key.channel(), key.orderRef(),
                key.lineRef(), line.sku(), part.location(), line.customerRef(), part.id(),
                quantity, price, terms.currency(), terms.agreementId(), terms.version(),
                Timestamp.from(line.soldAt()), Timestamp.from(at), cause);
        return new TitleTransfer(id, key.legalEntity(), vendor, key.channel(), key.orderRef(),
                key.lineRef(), line.sku(), part.location(), line.customerRef(), quantity, price,
                terms.currency(), terms.agreementId(), terms.version(), line.soldAt(), at);
    }

    private List<Part> parts(OrderLineKey key) {
        return jdbc.query("""
                select id, owner, location, quantity, transferred_qty, shipped_at
                from shipment_part
                where legal_entity = ? and channel = ? and order_ref = ? and line_ref = ?
                order by shipped_at, shipment_ref, owner""",
                (rs, n) -> new Part(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getLong(4), rs.getLong(5), rs.getTimestamp(6).toInstant()),
                key.legalEntity(), key.channel(), key.orderRef(), key.lineRef());
    }
}
