package org.consignmenthub.intake;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The validation rules one channel account's records must pass, after the channel's
 * defaults and the account's overrides have been merged. A rule left out is not checked.
 *
 * @param required facts every record must carry (names declared under {@code facts})
 * @param currencies the currencies an order, sale or purchase may be in (empty: any)
 * @param sku whether an unknown SKU is refused, added to the catalog, or not looked at
 * @param priceTolerancePercent how far an order line's price may lie from the agreed price
 * @param countryRequired whether the record must name a country (fact {@code country})
 * @param allowedCountries the countries a record may name (empty: any)
 * @param duplicateWindow how long the same record content is refused from another delivery
 */
public record RuleSet(
        List<String> required,
        Set<String> currencies,
        SkuRule sku,
        BigDecimal priceTolerancePercent,
        boolean countryRequired,
        Set<String> allowedCountries,
        Duration duplicateWindow) {

    /** No rules at all: what a channel without {@code rules.yaml} gets. */
    public static final RuleSet NONE = new RuleSet(List.of(), Set.of(), SkuRule.ANY, null,
            false, Set.of(), null);

    /** What becomes of a record naming a SKU the catalog does not hold. */
    public enum SkuRule {
        /** Not checked here; the processors refuse what the ledger cannot take. */
        ANY,
        /** Refused at intake, before it reaches the queue. */
        KNOWN,
        /** Added to the catalog: as the reporting vendor's on a stock report, else owned. */
        CREATE
    }

    /** Whether any rule needs the books (catalog, agreements, earlier deliveries). */
    public boolean needsBooks() {
        return sku != SkuRule.ANY || priceTolerancePercent != null || duplicateWindow != null;
    }
}
