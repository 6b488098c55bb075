package org.consignmenthub.reconciliation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The count terms of the agreement version in force for a vendor: how a variance is shared
 * among owners, the tolerance within which it is adjusted without asking, who bears shrink
 * of consigned units when the vendor accepts, how long the vendor has to answer a case and
 * how often each SKU is due for a cycle count.
 */
public record CountTerms(
        Long agreementId,
        String vendor,
        Attribution.Rule attribution,
        long toleranceUnits,
        BigDecimal tolerancePercent,
        BigDecimal toleranceValue,
        Bearer shrinkBearer,
        Duration responseTime,
        int cycleCountDays) {

    /** The terms of the retailer's own items: no tolerance, the retailer bears every unit. */
    public static CountTerms retailerOwn() {
        return new CountTerms(null, null, Attribution.Rule.CONSIGNMENT_FIRST, 0,
                BigDecimal.ZERO, null, Bearer.RETAILER_LIABLE, Duration.ofHours(72), 30);
    }

    /** The terms in force for the vendor at {@code at}; the retailer's own without one. */
    public static CountTerms of(JdbcTemplate jdbc, String legalEntity, String vendor,
            Instant at) {
        if (vendor == null) {
            return retailerOwn();
        }
        List<CountTerms> found = jdbc.query("""
                select id, vendor, count_attribution, count_tolerance_units,
                    count_tolerance_percent, count_tolerance_value, shrink_bearer,
                    discrepancy_response_hours, cycle_count_days
                from consignment_agreement
                where legal_entity = ? and vendor = ? and effective_from <= ?
                order by effective_from desc, version desc limit 1""",
                (rs, n) -> new CountTerms(rs.getLong(1), rs.getString(2),
                        Attribution.Rule.valueOf(rs.getString(3)), rs.getLong(4),
                        rs.getBigDecimal(5), rs.getBigDecimal(6),
                        Bearer.valueOf(rs.getString(7)), Duration.ofHours(rs.getLong(8)),
                        rs.getInt(9)),
                legalEntity, vendor, java.sql.Timestamp.from(at));
        if (found.isEmpty()) {
            CountTerms own = retailerOwn();
            return new CountTerms(null, vendor, own.attribution(), 0, BigDecimal.ZERO, null,
                    own.shrinkBearer(), own.responseTime(), own.cycleCountDays());
        }
        return found.get(0);
    }
}
