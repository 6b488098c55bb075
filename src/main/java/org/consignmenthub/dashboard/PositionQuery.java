package org.consignmenthub.dashboard;

import java.util.Locale;

/**
 * Which side-by-side positions to list and in which order. Built from request parameters:
 * a value the dashboard cannot use is refused, naming the parameter and what it accepts.
 *
 * @param owner {@code CONSIGNED}: only rows holding vendor-owned units; {@code OWNED}:
 *     only rows holding retailer-owned units; null: all rows
 */
public record PositionQuery(String legalEntity, String location, String vendor,
        String skuPrefix, String owner, Sort sort, int limit, int offset) {

    public static final int MAX_LIMIT = 500;
    public static final int MAX_OFFSET = 100_000;

    /** Orders the dashboard offers; the first two follow an index, the others sum first. */
    public enum Sort { LOCATION, SKU, CONSIGNED, OWNED }

    public static PositionQuery of(String legalEntity, String location, String vendor,
            String skuPrefix, String owner, String sort, Integer limit, Integer offset) {
        PositionQuery query = new PositionQuery(blankToNull(legalEntity), blankToNull(location),
                blankToNull(vendor), blankToNull(skuPrefix), owner(owner), sort(sort),
                within("limit", limit == null ? 50 : limit, 1, MAX_LIMIT),
                within("offset", offset == null ? 0 : offset, 0, MAX_OFFSET));
        // Ordering by units sums every position the filter admits before the first row is
        // known: seconds over a million positions, a few milliseconds within one location.
        if ((query.sort == Sort.CONSIGNED || query.sort == Sort.OWNED)
                && query.location == null) {
            throw new DashboardRefusal("sort", "by consigned or owned units needs a location");
        }
        return query;
    }

    /** True if a row with these keys and holdings belongs in the listing. */
    public boolean admits(PositionRow row) {
        return (legalEntity == null || legalEntity.equals(row.legalEntity()))
                && (location == null || location.equals(row.location()))
                && (vendor == null || vendor.equals(row.vendor()))
                && (skuPrefix == null || row.sku().startsWith(skuPrefix))
                && (!"CONSIGNED".equals(owner) || row.consigned().total() > 0)
                && (!"OWNED".equals(owner) || row.owned().total() > 0);
    }

    private static String owner(String owner) {
        String given = blankToNull(owner);
        if (given == null) {
            return null;
        }
        String upper = given.toUpperCase(Locale.ROOT);
        if (!upper.equals("CONSIGNED") && !upper.equals("OWNED")) {
            throw new DashboardRefusal("owner", "must be CONSIGNED or OWNED, was " + given);
        }
        return upper;
    }

    private static Sort sort(String sort) {
        String given = blankToNull(sort);
        if (given == null) {
            return Sort.LOCATION;
        }
        try {
            return Sort.valueOf(given.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DashboardRefusal("sort", "must be location, sku, consigned or owned, was "
                    + given);
        }
    }

    static int within(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new DashboardRefusal(field, "must be between " + min + " and " + max
                    + ", was " + value);
        }
        return value;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
