package org.consignmenthub.reconciliation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.consignmenthub.catalog.Owners;

/**
 * Shares a count variance among the owners holding the SKU at the location. A count cannot
 * see ownership, so the agreement names the rule: consigned units first, the retailer's own
 * first, or in proportion to each owner's book (whole units, largest remainders first).
 */
public final class Attribution {

    /** The rule an agreement names for sharing a variance among owners. */
    public enum Rule { CONSIGNMENT_FIRST, RETAILER_FIRST, PROPORTIONAL }

    private Attribution() {
    }

    /**
     * The variance of each owner. {@code books} holds each owner's book at the moment of the
     * count; {@code vendor} is the SKU's consignment vendor, or null for the retailer's own
     * item, and takes an over-count nobody's book explains under consignment first.
     */
    public static Map<String, Long> share(Rule rule, Map<String, Long> books, String vendor,
            long variance) {
        Map<String, Long> shares = new LinkedHashMap<>();
        if (variance == 0) {
            return shares;
        }
        List<String> owners = ordered(rule, books, vendor);
        if (variance < 0) {
            return rule == Rule.PROPORTIONAL ? proportional(owners, books, variance)
                    : takeInOrder(owners, books, -variance);
        }
        long total = books.values().stream().mapToLong(Long::longValue).sum();
        if (rule == Rule.PROPORTIONAL && total > 0) {
            return proportional(owners, books, variance);
        }
        shares.put(owners.get(0), variance);
        return shares;
    }

    /** Owners in the order the rule consumes them; the gainer of an over-count first. */
    private static List<String> ordered(Rule rule, Map<String, Long> books, String vendor) {
        List<String> owners = new ArrayList<>(books.keySet());
        if (vendor != null && !owners.contains(vendor)) {
            owners.add(vendor);
        }
        if (!owners.contains(Owners.RETAILER)) {
            owners.add(Owners.RETAILER);
        }
        Comparator<String> retailerLast = Comparator.comparing(Owners.RETAILER::equals);
        Comparator<String> order = rule == Rule.RETAILER_FIRST ? retailerLast.reversed()
                : retailerLast;
        owners.sort(order.thenComparing(Comparator.naturalOrder()));
        if (vendor == null && rule != Rule.RETAILER_FIRST) {
            // An item of the retailer's own: an unexplained gain is the retailer's.
            owners.remove(Owners.RETAILER);
            owners.add(0, Owners.RETAILER);
        }
        return owners;
    }

    private static Map<String, Long> takeInOrder(List<String> owners, Map<String, Long> books,
            long missing) {
        Map<String, Long> shares = new LinkedHashMap<>();
        long left = missing;
        for (String owner : owners) {
            long taken = Math.min(left, Math.max(0, books.getOrDefault(owner, 0L)));
            if (taken > 0) {
                shares.put(owner, -taken);
                left -= taken;
            }
        }
        if (left > 0) {
            throw new IllegalArgumentException("a shortage of " + missing
                    + " exceeds the book " + books);
        }
        return shares;
    }

    private static Map<String, Long> proportional(List<String> owners, Map<String, Long> books,
            long variance) {
        long total = books.values().stream().mapToLong(Long::longValue).sum();
        long size = Math.abs(variance);
        Map<String, Long> whole = new LinkedHashMap<>();
        Map<String, Long> remainder = new LinkedHashMap<>();
        long given = 0;
        for (String owner : owners) {
            long book = Math.max(0, books.getOrDefault(owner, 0L));
            long product = size * book;
            whole.put(owner, product / total);
            remainder.put(owner, product % total);
            given += product / total;
        }
        List<String> byRemainder = new ArrayList<>(owners);
        byRemainder.sort(Comparator.comparing((String o) -> remainder.get(o)).reversed());
        for (int i = 0; given < size; i++, given++) {
            String owner = byRemainder.get(i);
            whole.merge(owner, 1L, Long::sum);
        }
        Map<String, Long> shares = new LinkedHashMap<>();
        whole.forEach((owner, units) -> {
            if (units > 0) {
                shares.put(owner, Long.signum(variance) * units);
            }
        });
        return shares;
    }
}
