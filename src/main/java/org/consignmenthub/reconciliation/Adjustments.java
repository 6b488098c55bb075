package org.consignmenthub.reconciliation;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.agreement.Terms;
import org.consignmenthub.billing.SelfBilling;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.catalog.Owners;
import org.consignmenthub.ledger.Bucket;
import org.consignmenthub.ledger.StockKey;
import org.consignmenthub.ledger.StockLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Posts a count difference to the books: one adjusting movement per owner share, whose
 * reason says who bears it and whose cause is the count result or case that decided it.
 * Consigned units the retailer is liable for pass to the retailer at the agreed price and
 * are billed like any title transfer; such units found again later are credited back.
 */
public class Adjustments {

    private static final Logger log = LoggerFactory.getLogger(Adjustments.class);

    /** The channel under which title transfers decided by counts are recorded. */
    static final String CHANNEL = "reconciliation";

    private final JdbcTemplate jdbc;
    private final StockLedger ledger;
    private final Agreements agreements;
    private final SelfBilling billing;

    public Adjustments(JdbcTemplate jdbc, StockLedger ledger, Agreements agreements,
            SelfBilling billing) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.agreements = agreements;
        this.billing = billing;
    }

    /** One owner's share of a difference at a location, as of the moment of the count. */
    public record Share(String legalEntity, String location, String sku, String owner,
            long units, Instant countedAt) {
    }

    public void post(Share share, Bearer bearer, String cause) {
        Bearer borne = Owners.RETAILER.equals(share.owner()) ? Bearer.RETAILER_LIABLE : bearer;
        StockKey available = new StockKey(share.legalEntity(), share.location(), share.sku(),
                share.owner(), Bucket.AVAILABLE);
        if (share.units() < 0) {
            takeOut(available, -share.units(), borne.name(), cause, share.countedAt());
        } else {
            ledger.increase(available, share.units(), borne.name(), cause, share.countedAt());
        }

        if (!Owners.RETAILER.equals(share.owner()) && borne == Bearer.RETAILER_LIABLE) {
            if (share.units() < 0) {
                buyLostUnits(share, -share.units(), cause);
            } else {
                creditFoundUnits(share, share.units(), cause);
            }
        }
        log.info("Count difference posted owner={} sku={} location={} qty={} bearer={}"
                + " cause={}", share.owner(), share.sku(), share.location(), share.units(),
                borne, cause);
    }

    /** Shrink leaves the shelf first, then the damaged units; reserved units stay reserved. */
    private void takeOut(StockKey available, long units, String reason, String cause,
            Instant at) {
        long fromShelf = Math.min(units, ledger.quantity(available));
        if (fromShelf > 0) {
            ledger.decrease(available, fromShelf, reason, cause, at);
        }
        long rest = units - fromShelf;
        if (rest > 0) {
            StockKey damaged = available.in(Bucket.DAMAGED);
            if (!ledger.tryDecrease(damaged, rest, reason, cause, at)) {
                throw new Refusal("INSUFFICIENT_STOCK", "variance", "cannot take " + units
                        + " of " + available + " for " + cause + ": only " + fromShelf
                        + " available and " + ledger.quantity(damaged) + " damaged remain");
            }
        }
    }

    private void buyLostUnits(Share share, long units, String cause) {
        Terms terms = termsAt(share);
        BigDecimal price = agreements.priceAt(terms, share.sku(), share.countedAt())
                .orElseThrow(() -> new Refusal("NO_AGREED_PRICE", "sku", "agreement "
                        + terms.reference() + " has no price for " + share.sku()
                        + ", so lost units cannot be billed"));
        Long transferId = jdbc.queryForObject("""
                insert into title_transfer (legal_entity, vendor, channel, order_ref, line_ref,
                    sku, location, quantity, unit_price, currency, agreement_id,
                    agreement_version, sold_at, transferred_at, cause)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""",
                Long.class, share.legalEntity(), share.owner(), CHANNEL, cause,
                share.location(), share.sku(), share.location(), units, price,
                terms.currency(), terms.agreementId(), terms.version(),
                Timestamp.from(share.countedAt()), Timestamp.from(share.countedAt()), cause);
        long line = billing.invoice(new SelfBilling.LineRequest(share.legalEntity(),
                share.owner(), terms.agreementId(), transferId, null, share.sku(), units, price,
                terms.currency(), share.countedAt(), cause));
        log.info("Lost consigned units bought vendor={} sku={} location={} qty={}"
                + " unitPrice={} transferId={} invoiceLine={}", share.owner(), share.sku(),
                share.location(), units, price, transferId, line);
    }

    /** Units found again that the retailer paid for as lost: latest purchase first. */
    private void creditFoundUnits(Share share, long units, String cause) {
        List<BoughtLoss> losses = jdbc.query("""
                select id, agreement_id, quantity - returned_qty, unit_price, currency
                from title_transfer
                where legal_entity = ? and vendor = ? and channel = ? and sku = ?
                  and location = ? and quantity > returned_qty
                order by transferred_at desc, id desc""",
                (rs, n) -> new BoughtLoss(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getBigDecimal(4), rs.getString(5)),
                share.legalEntity(), share.owner(), CHANNEL, share.sku(), share.location());
        long left = units;
        for (BoughtLoss loss : losses) {
            if (left == 0) {
                break;
            }
            long credited = Math.min(left, loss.open());
            jdbc.update("update title_transfer set returned_qty = returned_qty + ? where id = ?",
                    credited, loss.transferId());
            billing.credit(new SelfBilling.LineRequest(share.legalEntity(), share.owner(),
                    loss.agreementId(), loss.transferId(),
                    billing.invoiceLineOf(loss.transferId()), share.sku(), credited,
                    loss.unitPrice(), loss.currency(), share.countedAt(), cause));
            left -= credited;
        }
    }

    private record BoughtLoss(long transferId, long agreementId, long open,
            BigDecimal unitPrice, String currency) {
    }

    private Terms termsAt(Share share) {
        return agreements.termsAt(share.legalEntity(), share.owner(), share.countedAt())
                .orElseThrow(() -> new Refusal("NO_AGREEMENT", "vendor", "vendor "
                        + share.owner() + " has no agreement in force at "
                        + share.countedAt()));
    }
}
