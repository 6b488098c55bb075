package org.consignmenthub.agreement;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds the agreement terms and agreed prices in force at a moment. Agreements only gain
 * versions, so what was read once stays true; the cache is dropped when the catalog loads.
 */
public class Agreements {

    private final JdbcTemplate jdbc;
    private final Map<String, List<Terms>> versions = new ConcurrentHashMap<>();
    private final Map<String, List<PriceFrom>> prices = new ConcurrentHashMap<>();
    private final Map<Long, Optional<Terms>> byId = new ConcurrentHashMap<>();

    public Agreements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record PriceFrom(Instant from, BigDecimal unitPrice) {
    }

    /** The agreement version in force for the vendor at {@code at}, if any. */
    public Optional<Terms> termsAt(String legalEntity, String vendor, Instant at) {
        return versions.computeIfAbsent(legalEntity + "\u0000" + vendor,
                        k -> loadVersions(legalEntity, vendor)).stream()
                .filter(t -> !t.effectiveFrom().isAfter(at))
                .findFirst();
    }

    public Optional<Terms> byId(long agreementId) {
        return byId.computeIfAbsent(agreementId, id -> jdbc.query(
                "select * from consignment_agreement where id = ?",
                (rs, n) -> terms(rs), id).stream().findFirst());
    }

    /** The agreed unit price of the SKU under these terms at {@code at}, if one is set. */
    public Optional<BigDecimal> priceAt(Terms terms, String sku, Instant at) {
        return prices.computeIfAbsent(terms.agreementId() + "\u0000" + sku,
                        k -> loadPrices(terms.agreementId(), sku)).stream()
                .filter(p -> !p.from().isAfter(at))
                .map(PriceFrom::unitPrice)
                .findFirst();
    }

    public void forget() {
        versions.clear();
        prices.clear();
        byId.clear();
    }

    private List<Terms> loadVersions(String legalEntity, String vendor) {
        return jdbc.query("""
                select * from consignment_agreement where legal_entity = ? and vendor = ?
                order by effective_from desc, version desc""",
                (rs, n) -> terms(rs), legalEntity, vendor);
    }

    private List<PriceFrom> loadPrices(long agreementId, String sku) {
        return jdbc.query("""
                select effective_from, unit_price from agreed_price
                where agreement_id = ? and sku = ? order by effective_from desc""",
                (rs, n) -> new PriceFrom(rs.getTimestamp(1).toInstant(), rs.getBigDecimal(2)),
                agreementId, sku);
    }

    private static Terms terms(ResultSet rs) throws SQLException {
        Timestamp from = rs.getTimestamp("effective_from");
        return new Terms(
                rs.getLong("id"),
                rs.getString("legal_entity"),
                rs.getString("vendor"),
                rs.getInt("version"),
                rs.getString("reference"),
                from.toInstant(),
                rs.getString("currency"),
                rs.getBigDecimal("tax_rate"),
                Terms.SettlementPeriod.valueOf(rs.getString("settlement_period")),
                ZoneId.of(rs.getString("time_zone")),
                Duration.ofHours(rs.getLong("return_window_hours")),
                Terms.ConsumptionPriority.valueOf(rs.getString("consumption_priority")));
    }
}
