package org.consignmenthub.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.catalog.Owners;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The moving average unit cost of the retailer's own stock. Consigned units are the
 * vendor's and never enter it: they have no cost to the retailer until title passes.
 */
public class RetailerValuation {

    private final JdbcTemplate jdbc;

    public RetailerValuation(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Folds a purchase receipt into the average; call before the units are added. An
     * average of amounts in two currencies means nothing, and converting needs a rate the
     * hub does not hold: a purchase in another currency than the SKU's cost is refused.
     */
    public void recordPurchase(String legalEntity, String sku, long quantity,
            BigDecimal unitCost, String currency) {
        Long onHand = jdbc.queryForObject("""
                select coalesce(sum(quantity), 0) from stock_position
                where legal_entity = ? and sku = ? and owner = ?""",
                Long.class, legalEntity, sku, Owners.RETAILER);

        String kept = jdbc.queryForObject("""
                insert into retailer_cost (legal_entity, sku, currency, average_unit_cost)
                values (?, ?, ?, ?)
                on conflict (legal_entity, sku) do update
                set average_unit_cost = case when retailer_cost.currency = excluded.currency
                    then (? * retailer_cost.average_unit_cost + ? * ?) / nullif(? + ?, 0)
                    else retailer_cost.average_unit_cost end
                returning trim(currency)""", String.class,
                legalEntity, sku, currency, unitCost.setScale(6, RoundingMode.HALF_UP),
                onHand, quantity, unitCost, onHand, quantity);
        if (!currency.equals(kept)) {
            throw new Refusal("CURRENCY_MISMATCH", "currency", "the retailer's cost of SKU "
                    + sku + " is kept in " + kept + "; a purchase in " + currency
                    + " cannot be averaged into it");
        }
    }
}
