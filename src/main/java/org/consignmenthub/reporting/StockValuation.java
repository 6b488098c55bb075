package org.consignmenthub.reporting;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.agreement.Terms;
import org.consignmenthub.canonical.Money;
import org.consignmenthub.catalog.Owners;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the stock of one legal entity is worth, in two parts that are never added together.
 * The retailer's own stock is valued at its moving average cost. Consigned stock costs the
 * retailer nothing until title passes, so it is kept out of that value and shown instead as
 * the exposure to each vendor: what the retailer would owe if every consigned unit were sold
 * and shipped at the agreed price in force.
 *
 * <p>Units are those the owner still holds title to, in every bucket: on the shelf,
 * reserved, damaged, or on the way to a customer whose sale is not complete yet. Stock that
 * has no cost or no agreed price is listed as unvalued rather than counted at zero.
 */
public class StockValuation {

    private final JdbcTemplate jdbc;
    private final Agreements agreements;

    public StockValuation(JdbcTemplate jdbc, Agreements agreements) {
        this.jdbc = jdbc;
        this.agreements = agreements;
    }

    /** The retailer's own units of a SKU at their moving average unit cost. */
    public record OwnStock(String sku, long units, BigDecimal averageUnitCost,
            BigDecimal value, String currency) {
    }

    /** A vendor's consigned units of a SKU at the unit price agreed with that vendor. */
    public record Exposure(String vendor, String sku, long units, BigDecimal agreedUnitPrice,
            BigDecimal value, String currency) {
    }

    /** Units that cannot be valued: the retailer's without a cost, a vendor's without a price. */
    public record Unvalued(String owner, String sku, long units, String why) {
    }

    /** The valuation, with agreed prices taken as in force at {@code pricesAt}. */
    public record Report(String legalEntity, Instant pricesAt, List<OwnStock> retailer,
            List<Exposure> consignment, List<Unvalued> unvalued) {
    }

    /**
     * Values today's stock. Agreed prices are those in force at {@code pricesAt}, normally
     * the hub clock's now; costs are the retailer's current moving averages.
     */
    public Report of(String legalEntity, Instant pricesAt) {
        List<Unvalued> unvalued = new ArrayList<>();
        List<OwnStock> retailer = retailerStock(legalEntity, unvalued);
        List<Exposure> consignment = consignedStock(legalEntity, pricesAt, unvalued);
        return new Report(legalEntity, pricesAt, retailer, consignment, List.copyOf(unvalued));
    }

    /**
     * One SKU at one location: the retailer's own units at their average cost (null when
     * the retailer holds none there) and each vendor's consigned units at its agreed price.
     * Units that cannot be valued keep their count with a null cost or price and value.
     */
    public record Holding(String location, String sku, OwnStock retailer,
            List<Exposure> consigned) {

        Holding withRetailer(OwnStock own) {
            return new Holding(location, sku, own, consigned);
        }

        Holding withConsigned(Exposure exposure) {
            List<Exposure> more = new ArrayList<>(consigned);
            more.add(exposure);
            return new Holding(location, sku, retailer, List.copyOf(more));
        }
    }

    /** Units at a location that cannot be valued, and why. */
    public record UnvaluedAt(String location, String owner, String sku, long units,
            String why) {
    }

    /** Holdings per location and SKU, of one location or of all when it is null. */
    public record LocationReport(String legalEntity, String location, Instant pricesAt,
            List<Holding> holdings, List<UnvaluedAt> unvalued) {
    }

    /**
     * Values today's stock location by location. The retailer's average cost is one per SKU
     * across the legal entity, as purchases are averaged; agreed prices are those in force
     * at {@code pricesAt}.
     */
    public LocationReport byLocation(String legalEntity, String location, Instant pricesAt) {
        Map<String, Holding> holdings = new LinkedHashMap<>();
        List<UnvaluedAt> unvalued = new ArrayList<>();
        jdbc.query("""
                select p.location, p.sku, p.owner, sum(p.quantity), c.average_unit_cost,
                    c.currency
                from stock_position p
                left join retailer_cost c on c.legal_entity = p.legal_entity and c.sku = p.sku
                    and p.owner = ?
                where p.legal_entity = ? and (?::text is null or p.location = ?)
                group by p.location, p.sku, p.owner, c.average_unit_cost, c.currency
                having sum(p.quantity) > 0
                order by p.location, p.sku, p.owner""",
                rs -> {
                    String at = rs.getString(1);
                    String sku = rs.getString(2);
                    String owner = rs.getString(3);
                    long units = rs.getLong(4);
                    List<Unvalued> found = new ArrayList<>();
                    Holding held = holdings.getOrDefault(at + "\u0000" + sku,
                            new Holding(at, sku, null, List.of()));
                    holdings.put(at + "\u0000" + sku, Owners.isRetailer(owner)
                            ? held.withRetailer(ownStock(sku, units, rs.getBigDecimal(5),
                                    rs.getString(6), found))
                            : held.withConsigned(exposure(legalEntity, owner, sku, units,
                                    pricesAt, found)));
                    found.forEach(u -> unvalued.add(new UnvaluedAt(at, u.owner(), u.sku(),
                            u.units(), u.why())));
                }, Owners.RETAILER, legalEntity, location, location);

        return new LocationReport(legalEntity, location, pricesAt,
                List.copyOf(holdings.values()), List.copyOf(unvalued));
    }

    private static OwnStock ownStock(String sku, long units, BigDecimal averageCost,
            String currency, List<Unvalued> unvalued) {
        if (averageCost == null) {
            unvalued.add(new Unvalued(Owners.RETAILER, sku, units,
                    "no purchase cost recorded"));
            return new OwnStock(sku, units, null, null, null);
        }
        return new OwnStock(sku, units, averageCost, Money.extend(units, averageCost, currency),
                currency);
    }

    private Exposure exposure(String legalEntity, String vendor, String sku, long units,
            Instant pricesAt, List<Unvalued> unvalued) {
        Optional<Terms> terms = agreements.termsAt(legalEntity, vendor, pricesAt);
        Optional<BigDecimal> price = terms.flatMap(t -> agreements.priceAt(t, sku, pricesAt));
        if (price.isEmpty()) {
            unvalued.add(new Unvalued(vendor, sku, units,
                    "no agreed price in force at " + pricesAt));
            return new Exposure(vendor, sku, units, null, null,
                    terms.map(Terms::currency).orElse(null));
        }
        String currency = terms.get().currency();
        return new Exposure(vendor, sku, units, price.get(),
                Money.extend(units, price.get(), currency), currency);
    }

    private List<OwnStock> retailerStock(String legalEntity, List<Unvalued> unvalued) {
        List<OwnStock> stock = new ArrayList<>();
        jdbc.query("""
                select p.sku, sum(p.quantity), c.average_unit_cost, c.currency
                from stock_position p
                left join retailer_cost c on c.legal_entity = p.legal_entity and c.sku = p.sku
                where p.legal_entity = ? and p.owner = ?
                group by p.sku, c.average_unit_cost, c.currency
                having sum(p.quantity) > 0
                order by p.sku""",
                rs -> {
                    OwnStock own = ownStock(rs.getString(1), rs.getLong(2),
                            rs.getBigDecimal(3), rs.getString(4), unvalued);
                    if (own.value() != null) {
                        stock.add(own);
                    }
                }, legalEntity, Owners.RETAILER);
        return stock;
    }

    private List<Exposure> consignedStock(String legalEntity, Instant pricesAt,
            List<Unvalued> unvalued) {
        List<Exposure> exposures = new ArrayList<>();
        jdbc.query("""
                select owner, sku, sum(quantity) from stock_position
                where legal_entity = ? and owner <> ?
                group by owner, sku
                having sum(quantity) > 0
                order by owner, sku""",
                rs -> {
                    Exposure exposure = exposure(legalEntity, rs.getString(1),
                            rs.getString(2), rs.getLong(3), pricesAt, unvalued);
                    if (exposure.value() != null) {
                        exposures.add(exposure);
                    }
                }, legalEntity, Owners.RETAILER);
        return exposures;
    }
}
