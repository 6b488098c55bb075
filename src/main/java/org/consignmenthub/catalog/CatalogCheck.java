package org.consignmenthub.catalog;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.consignmenthub.catalog.CatalogRefused.Problem;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads a catalog document the way finance would before signing it: every field the hub
 * bills or moves stock by is present and means something, references point at things that
 * exist, and an agreement version already loaded is not quietly given other terms (title
 * transfers priced under it would no longer match the document). Each problem names its
 * place in the document, so a long catalog can be fixed in one pass.
 */
class CatalogCheck {

    private static final Set<String> SETTLEMENT_PERIODS = Set.of("PER_SHIPMENT", "MONTHLY");
    private static final Set<String> TRANSFER_TRIGGERS = Set.of("SALE_AND_SHIPMENT");
    private static final Set<String> PRIORITIES = Set.of("CONSIGNMENT_FIRST", "OWNED_FIRST");
    private static final Set<String> ATTRIBUTIONS =
            Set.of("CONSIGNMENT_FIRST", "RETAILER_FIRST", "PROPORTIONAL");
    private static final Set<String> SHRINK_BEARERS =
            Set.of("VENDOR_CHARGEABLE", "RETAILER_LIABLE");

    /**
     * The largest unit price intake takes from a channel: an agreed price above it could
     * not be invoiced, since a line of many units would overflow the invoice's amounts.
     */
    private static final BigDecimal MONEY_LIMIT = new BigDecimal("1E8");
    private static final int MONEY_SCALE = 4;

    private final JdbcTemplate jdbc;
    private final List<Problem> problems = new ArrayList<>();
    private Set<String> items = Set.of();

    CatalogCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Problem> problems(CatalogDocument document) {
        problems.clear();
        List<CatalogDocument.LegalEntity> entities = listOf(document.legalEntities());
        for (int e = 0; e < entities.size(); e++) {
            entity("legalEntities[" + e + "]", entities.get(e));
        }
        return List.copyOf(problems);
    }

    private void entity(String at, CatalogDocument.LegalEntity entity) {
        if (!present(at + ".code", entity.code())) {
            return;
        }
        present(at + ".name", entity.name());
        currency(at + ".currency", entity.currency());
        timeZone(at + ".timeZone", entity.timeZone());
        unchangedEntity(at, entity);

        Set<String> locations = known("select code from location where legal_entity = ?",
                entity.code());
        List<CatalogDocument.Location> listed = listOf(entity.locations());
        for (int i = 0; i < listed.size(); i++) {
            if (present(at + ".locations[" + i + "].code", listed.get(i).code())) {
                locations.add(listed.get(i).code());
            }
        }
        items = known("select sku from item where legal_entity = ?", entity.code());
        listOf(entity.items()).forEach(item -> items.add(item.sku()));
        Set<String> vendors = known("select code from vendor where legal_entity = ?",
                entity.code());
        List<CatalogDocument.Vendor> vendorList = listOf(entity.vendors());
        for (int i = 0; i < vendorList.size(); i++) {
            vendor(at + ".vendors[" + i + "]", entity.code(), vendorList.get(i));
            vendors.add(vendorList.get(i).code());
        }
        items(at, vendors, listOf(entity.items()));
        channelAccounts(at, locations, listOf(entity.channelAccounts()));
    }

    private void vendor(String at, String legalEntity, CatalogDocument.Vendor vendor) {
        if (!present(at + ".code", vendor.code())) {
            return;
        }
        present(at + ".name", vendor.name());
        if (!listOf(vendor.agreements()).isEmpty()) {
            // A self-billing document names it: the retailer invoices on the vendor's behalf.
            present(at + ".taxRegistration", vendor.taxRegistration());
        }
        if (Owners.RETAILER.equals(vendor.code())) {
            fail(at + ".code", Owners.RETAILER + " is reserved for the retailer's own stock");
        }
        if (vendor.expectedFeedHours() != null && vendor.expectedFeedHours() <= 0) {
            fail(at + ".expectedFeedHours", "must be a positive number of hours, not "
                    + vendor.expectedFeedHours());
        }
        Set<Integer> versions = new HashSet<>();
        List<CatalogDocument.Agreement> agreements = listOf(vendor.agreements());
        for (int i = 0; i < agreements.size(); i++) {
            String where = at + ".agreements[" + i + "]";
            CatalogDocument.Agreement agreement = agreements.get(i);
            if (agreement.version() != null && !versions.add(agreement.version())) {
                fail(where + ".version", "version " + agreement.version()
                        + " of vendor " + vendor.code() + " is given twice");
            }
            if (agreement(where, agreement)) {
                unchangedIfLoaded(where, legalEntity, vendor.code(), agreement);
            }
        }
    }

    /** Returns whether the agreement is whole enough to compare with a loaded version. */
    private boolean agreement(String at, CatalogDocument.Agreement agreement) {
        int before = problems.size();
        if (present(at + ".version", agreement.version()) && agreement.version() < 1) {
            fail(at + ".version", "must be a whole number from 1, not " + agreement.version());
        }
        present(at + ".reference", agreement.reference());
        present(at + ".effectiveFrom", agreement.effectiveFrom());
        currency(at + ".currency", agreement.currency());
        if (present(at + ".taxRate", agreement.taxRate())
                && (agreement.taxRate().signum() < 0 || agreement.taxRate().compareTo(
                        BigDecimal.ONE) >= 0 || agreement.taxRate().scale() > 4)) {
            fail(at + ".taxRate", "must be a fraction from 0 to below 1 with at most four"
                    + " decimals (0.20 for 20%), not " + agreement.taxRate().toPlainString());
        }
        oneOf(at + ".settlementPeriod", agreement.settlementPeriod(), SETTLEMENT_PERIODS,
                true);
        timeZone(at + ".timeZone", agreement.timeZone());
        if (present(at + ".returnWindowHours", agreement.returnWindowHours())
                && (agreement.returnWindowHours() < 0
                        || agreement.returnWindowHours() > Integer.MAX_VALUE)) {
            fail(at + ".returnWindowHours", "must be a number of hours from 0 (720 for 30"
                    + " days), not " + agreement.returnWindowHours());
        }
        oneOf(at + ".transferTrigger", agreement.transferTrigger(), TRANSFER_TRIGGERS, false);
        oneOf(at + ".consumptionPriority", agreement.consumptionPriority(), PRIORITIES, false);
        countTerms(at + ".counts", agreement.counts());
        prices(at, agreement);
        return problems.size() == before;
    }

    private void countTerms(String at, CatalogDocument.CountTerms counts) {
        if (counts == null) {
            return;
        }
        oneOf(at + ".attribution", counts.attribution(), ATTRIBUTIONS, false);
        oneOf(at + ".shrinkBearer", counts.shrinkBearer(), SHRINK_BEARERS, false);
        if (counts.toleranceUnits() != null && counts.toleranceUnits() < 0) {
            fail(at + ".toleranceUnits", "must not be negative, not " + counts.toleranceUnits());
        }
        if (counts.tolerancePercent() != null && (counts.tolerancePercent().signum() < 0
                || counts.tolerancePercent().compareTo(new BigDecimal("1000")) >= 0)) {
            fail(at + ".tolerancePercent", "must be a percentage from 0, not "
                    + counts.tolerancePercent().toPlainString());
        }
        if (counts.toleranceValue() != null) {
            money(at + ".toleranceValue", counts.toleranceValue());
        }
        if (counts.responseHours() != null && counts.responseHours() <= 0) {
            fail(at + ".responseHours", "must be a positive number of hours, not "
                    + counts.responseHours());
        }
        if (counts.cycleCountDays() != null && counts.cycleCountDays() <= 0) {
            fail(at + ".cycleCountDays", "must be a positive number of days, not "
                    + counts.cycleCountDays());
        }
    }

    private void prices(String at, CatalogDocument.Agreement agreement) {
        Set<String> seen = new HashSet<>();
        List<CatalogDocument.Price> prices = listOf(agreement.prices());
        for (int i = 0; i < prices.size(); i++) {
            String where = at + ".prices[" + i + "]";
            CatalogDocument.Price price = prices.get(i);
            boolean named = present(where + ".sku", price.sku());
            if (named && !items.contains(price.sku())) {
                fail(where + ".sku", "no item " + price.sku() + " in this legal entity");
            }
            if (present(where + ".unitPrice", price.unitPrice())) {
                money(where + ".unitPrice", price.unitPrice());
            }
            Instant from = price.effectiveFrom() != null ? price.effectiveFrom()
                    : agreement.effectiveFrom();
            if (named && !seen.add(price.sku() + "@" + from)) {
                fail(where, "SKU " + price.sku() + " has two prices from " + from);
            }
            if (price.effectiveFrom() != null && agreement.effectiveFrom() != null
                    && price.effectiveFrom().isBefore(agreement.effectiveFrom())) {
                fail(where + ".effectiveFrom", "is before the agreement's effectiveFrom "
                        + agreement.effectiveFrom());
            }
        }
    }

    private void items(String at, Set<String> vendors, List<CatalogDocument.Item> items) {
        Set<String> skus = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String where = at + ".items[" + i + "]";
            CatalogDocument.Item item = items.get(i);
            if (present(where + ".sku", item.sku()) && !skus.add(item.sku())) {
                fail(where + ".sku", "SKU " + item.sku() + " is listed twice");
            }
            if (item.vendor() != null && !vendors.contains(item.vendor())) {
                fail(where + ".vendor", "no vendor " + item.vendor() + " in this legal entity");
            }
        }
    }

    private void channelAccounts(String at, Set<String> locations,
            List<CatalogDocument.ChannelAccount> accounts) {
        for (int i = 0; i < accounts.size(); i++) {
            String where = at + ".channelAccounts[" + i + "]";
            CatalogDocument.ChannelAccount account = accounts.get(i);
            present(where + ".channel", account.channel());
            present(where + ".account", account.account());
            if (present(where + ".location", account.location())
                    && !locations.contains(account.location())) {
                fail(where + ".location", "no location " + account.location()
                        + " in this legal entity");
            }
        }
    }

    /**
     * A legal entity's books are kept in its currency and its days end in its time zone;
     * changing either under booked stock and issued documents would misstate them.
     */
    private void unchangedEntity(String at, CatalogDocument.LegalEntity entity) {
        jdbc.query("select currency, time_zone from legal_entity where code = ?", rs -> {
            String currency = rs.getString(1).trim();
            if (entity.currency() != null && !currency.equals(entity.currency())) {
                fail(at + ".currency", "legal entity " + entity.code() + " keeps its books in "
                        + currency + "; its currency cannot change to " + entity.currency());
            }
            if (entity.timeZone() != null && !rs.getString(2).equals(entity.timeZone())) {
                fail(at + ".timeZone", "legal entity " + entity.code() + " runs on "
                        + rs.getString(2) + "; its time zone cannot change to "
                        + entity.timeZone());
            }
        }, entity.code());
    }

    /**
     * A version already in the books keeps its terms: the transfers priced under it refer
     * to it. Loading the same document again is fine; changing it is refused, so that the
     * change is not lost without a word.
     */
    private void unchangedIfLoaded(String at, String legalEntity, String vendor,
            CatalogDocument.Agreement agreement) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select id, effective_from, currency, tax_rate, settlement_period, time_zone,
                    return_window_hours, transfer_trigger, consumption_priority, reference,
                    count_attribution, count_tolerance_units, count_tolerance_percent,
                    count_tolerance_value, shrink_bearer, discrepancy_response_hours,
                    cycle_count_days
                from consignment_agreement
                where legal_entity = ? and vendor = ? and version = ?""",
                legalEntity, vendor, agreement.version());
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Object> loaded = rows.get(0);
        List<String> changed = new ArrayList<>();
        compare(changed, "effectiveFrom", ((java.sql.Timestamp) loaded.get("effective_from"))
                .toInstant(), agreement.effectiveFrom());
        compare(changed, "currency", String.valueOf(loaded.get("currency")).trim(),
                agreement.currency());
        compareAmount(changed, "taxRate", (BigDecimal) loaded.get("tax_rate"),
                agreement.taxRate());
        compare(changed, "settlementPeriod", loaded.get("settlement_period"),
                agreement.settlementPeriod());
        compare(changed, "timeZone", loaded.get("time_zone"), agreement.timeZone());
        compare(changed, "returnWindowHours",
                Long.valueOf(((Number) loaded.get("return_window_hours")).longValue()),
                agreement.returnWindowHours());
        compare(changed, "transferTrigger", loaded.get("transfer_trigger"),
                Objects.requireNonNullElse(agreement.transferTrigger(), "SALE_AND_SHIPMENT"));
        compare(changed, "consumptionPriority", loaded.get("consumption_priority"),
                Objects.requireNonNullElse(agreement.consumptionPriority(),
                        "CONSIGNMENT_FIRST"));
        compare(changed, "reference", loaded.get("reference"), agreement.reference());
        changed.addAll(changedCountTerms(loaded, agreement.counts()));
        changed.addAll(changedPrices((Long) loaded.get("id"), agreement));
        if (!changed.isEmpty()) {
            fail(at, "version " + agreement.version() + " of vendor " + vendor
                    + "'s agreement is already loaded with other terms (" + String.join("; ",
                    changed.subList(0, Math.min(5, changed.size())))
                    + (changed.size() > 5 ? "; and " + (changed.size() - 5) + " more" : "")
                    + "); new terms need a new version with its own effectiveFrom");
        }
    }

    /** The count terms as loaded, with the defaults the loader gives missing ones. */
    private static List<String> changedCountTerms(Map<String, Object> loaded,
            CatalogDocument.CountTerms given) {
        CatalogDocument.CountTerms terms = given != null ? given
                : new CatalogDocument.CountTerms(null, null, null, null, null, null, null);
        List<String> changed = new ArrayList<>();
        compare(changed, "counts.attribution", loaded.get("count_attribution"),
                Objects.requireNonNullElse(terms.attribution(), "CONSIGNMENT_FIRST"));
        compare(changed, "counts.toleranceUnits",
                ((Number) loaded.get("count_tolerance_units")).longValue(),
                Objects.requireNonNullElse(terms.toleranceUnits(), 0L));
        compareAmount(changed, "counts.tolerancePercent",
                (BigDecimal) loaded.get("count_tolerance_percent"),
                Objects.requireNonNullElse(terms.tolerancePercent(), BigDecimal.ZERO));
        compareAmount(changed, "counts.toleranceValue",
                (BigDecimal) loaded.get("count_tolerance_value"), terms.toleranceValue());
        compare(changed, "counts.shrinkBearer", loaded.get("shrink_bearer"),
                Objects.requireNonNullElse(terms.shrinkBearer(), "RETAILER_LIABLE"));
        compare(changed, "counts.responseHours",
                ((Number) loaded.get("discrepancy_response_hours")).intValue(),
                Objects.requireNonNullElse(terms.responseHours(), 72));
        compare(changed, "counts.cycleCountDays",
                ((Number) loaded.get("cycle_count_days")).intValue(),
                Objects.requireNonNullElse(terms.cycleCountDays(), 30));
        return changed;
    }

    private List<String> changedPrices(long agreementId, CatalogDocument.Agreement agreement) {
        Map<String, BigDecimal> loaded = new TreeMap<>();
        jdbc.query("select sku, effective_from, unit_price from agreed_price"
                + " where agreement_id = ?", rs -> {
                    loaded.put(rs.getString(1) + " from " + rs.getTimestamp(2).toInstant(),
                            rs.getBigDecimal(3));
                }, agreementId);
        Map<String, BigDecimal> given = new TreeMap<>();
        for (CatalogDocument.Price price : listOf(agreement.prices())) {
            Instant from = price.effectiveFrom() != null ? price.effectiveFrom()
                    : agreement.effectiveFrom();
            given.put(price.sku() + " from " + from, price.unitPrice());
        }
        List<String> changed = new ArrayList<>();
        Set<String> keys = new java.util.TreeSet<>(loaded.keySet());
        keys.addAll(given.keySet());
        for (String key : keys) {
            compareAmount(changed, "unitPrice of SKU " + key, loaded.get(key), given.get(key));
        }
        return changed;
    }

    private static void compare(List<String> changed, String term, Object loaded,
            Object given) {
        if (!Objects.equals(loaded, given)) {
            changed.add(term + " " + loaded + " loaded, " + given + " given");
        }
    }

    private static void compareAmount(List<String> changed, String term, BigDecimal loaded,
            BigDecimal given) {
        boolean same = loaded == null ? given == null
                : given != null && loaded.compareTo(given) == 0;
        if (!same) {
            changed.add(term + " " + plain(loaded) + " loaded, " + plain(given) + " given");
        }
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? "none" : amount.stripTrailingZeros().toPlainString();
    }

    private void money(String at, BigDecimal amount) {
        if (amount.signum() < 0) {
            fail(at, "must not be negative, not " + amount.toPlainString());
        } else if (amount.compareTo(MONEY_LIMIT) >= 0) {
            fail(at, amount.toPlainString() + " is too large (at most 99999999.9999)");
        } else if (amount.stripTrailingZeros().scale() > MONEY_SCALE) {
            fail(at, amount.toPlainString() + " has more than " + MONEY_SCALE + " decimals");
        }
    }

    private void currency(String at, String code) {
        if (!present(at, code)) {
            return;
        }
        try {
            if (code.length() != 3 || !code.equals(Currency.getInstance(code)
                    .getCurrencyCode())) {
                throw new IllegalArgumentException(code);
            }
        } catch (IllegalArgumentException e) {
            fail(at, "'" + code + "' is not an ISO 4217 currency code (GBP, EUR, USD)");
        }
    }

    private void timeZone(String at, String zone) {
        if (!present(at, zone)) {
            return;
        }
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            fail(at, "'" + zone + "' is not a time zone (Europe/London, UTC)");
        }
    }

    private void oneOf(String at, String value, Set<String> allowed, boolean required) {
        if (value == null && !required) {
            return;
        }
        if (present(at, value) && !allowed.contains(value)) {
            fail(at, "'" + value + "' is not one of " + new java.util.TreeSet<>(allowed));
        }
    }

    private boolean present(String at, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            fail(at, "is missing");
            return false;
        }
        return true;
    }

    private Set<String> known(String sql, String legalEntity) {
        return new HashSet<>(jdbc.queryForList(sql, String.class, legalEntity));
    }

    private void fail(String at, String reason) {
        problems.add(new Problem(at, reason));
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }
}
