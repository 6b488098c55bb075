package org.consignmenthub.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The catalog and its agreements as a retailer writes them down (a YAML file): legal
 * entities with their locations, vendors, consignment agreements and items, and the
 * channel accounts whose messages belong to each entity.
 */
public record CatalogDocument(List<LegalEntity> legalEntities) {

    public record LegalEntity(
            String code,
            String name,
            String currency,
            String timeZone,
            List<Location> locations,
            List<Vendor> vendors,
            List<Item> items,
            List<ChannelAccount> channelAccounts) {
    }

    public record Location(String code, String name) {
    }

    /**
     * A vendor; {@code expectedFeedHours}, when given, is how often a stock report from it
     * is expected, so that a silent feed shows in the hub's health.
     */
    public record Vendor(String code, String name, String taxRegistration,
            List<Agreement> agreements, Integer expectedFeedHours) {
    }

    public record Agreement(
            Integer version,
            String reference,
            Instant effectiveFrom,
            String currency,
            BigDecimal taxRate,
            String settlementPeriod,
            String timeZone,
            Long returnWindowHours,
            String transferTrigger,
            String consumptionPriority,
            List<Price> prices,
            CountTerms counts) {
    }

    /**
     * How counts are reconciled under an agreement; every field may be left out for its
     * default. A variance is within tolerance when it is within the units, the percent of
     * the book, or (if given) the value at the agreed price.
     */
    public record CountTerms(
            String attribution,
            Long toleranceUnits,
            BigDecimal tolerancePercent,
            BigDecimal toleranceValue,
            String shrinkBearer,
            Integer responseHours,
            Integer cycleCountDays) {
    }

    public record Price(String sku, BigDecimal unitPrice, Instant effectiveFrom) {
    }

    /** An item; with a vendor it is stocked on consignment from that vendor. */
    public record Item(String sku, String description, String vendor) {
    }

    public record ChannelAccount(String channel, String account, String location) {
    }
}
