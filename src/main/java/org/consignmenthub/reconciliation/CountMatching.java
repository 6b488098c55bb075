package org.consignmenthub.reconciliation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The three-way match of a submitted count session. For each location and SKU counted it
 * sets the count beside the book of all owners as it stood at the moment of the count
 * (movements the business dates later are not a difference) and beside the vendor's latest
 * report, in one statement over the whole session. A variance is shared among the owners by
 * the agreement's rule; within tolerance it is posted at once, beyond it a discrepancy case
 * opens for the vendor and the books wait for its resolution. A newer count of a location
 * and SKU supersedes the cases of older ones still unresolved.
 */
public class CountMatching {

    private static final Logger log = LoggerFactory.getLogger(CountMatching.class);

    /** Lines from which a session is matched with fresh statistics and more memory. */
    private static final long LARGE_SESSION = 10_000;

    private final JdbcTemplate jdbc;
    private final Adjustments adjustments;
    private final DiscrepancyCases cases;

    public CountMatching(JdbcTemplate jdbc, Adjustments adjustments, DiscrepancyCases cases) {
        this.jdbc = jdbc;
        this.adjustments = adjustments;
        this.cases = cases;
    }

    /** What a session's match came to. */
    public record Outcome(long sessionId, int positions, int matched, int adjusted,
            int casesOpened, int casesSuperseded) {
    }

    public Outcome reconcile(String legalEntity, long sessionId) {
        int positions = matchPositions(legalEntity, sessionId);

        Map<Long, Map<String, Long>> books = ownerBooks(sessionId);
        cases.supersedeOlder(sessionId);
        Map<String, CountTerms> terms = new HashMap<>();
        for (Variance v : variances(sessionId)) {
            CountTerms t = terms.computeIfAbsent(v.vendor() == null ? "" : v.vendor(),
                    k -> CountTerms.of(jdbc, legalEntity, v.vendor(), v.countedAt()));
            settle(legalEntity, v, books.getOrDefault(v.resultId(), Map.of()), t);
        }

        Outcome outcome = outcomeOf(sessionId);
        log.info("Count session reconciled session={} positions={} matched={} adjusted={}"
                + " casesOpened={} casesSuperseded={}", sessionId, positions,
                outcome.matched(), outcome.adjusted(), outcome.casesOpened(),
                outcome.casesSuperseded());
        return outcome;
    }

    /** Shares one variance among the owners; posts it within tolerance, else opens a case. */
    private void settle(String legalEntity, Variance v, Map<String, Long> books,
            CountTerms terms) {
        Map<String, Long> shares = Attribution.share(terms.attribution(), books, v.vendor(),
                v.variance());
        record(v.resultId(), books, shares);
        if ("ADJUSTED".equals(v.outcome())) {
            post(legalEntity, v, shares, terms.shrinkBearer());
        } else {
            cases.open(v.resultId(), terms.responseTime());
        }
    }

    /** What the session's match came to, read from its records. */
    public Outcome outcomeOf(long sessionId) {
        Integer superseded = jdbc.queryForObject("""
                select count(*) from discrepancy_case d
                join count_result r on r.id = d.superseded_by where r.session_id = ?""",
                Integer.class, sessionId);
        Map<String, Integer> byOutcome = new HashMap<>();
        jdbc.query("select outcome, count(*) from count_result where session_id = ?"
                + " group by outcome", rs -> {
                    byOutcome.put(rs.getString(1), rs.getInt(2));
                }, sessionId);
        int matched = byOutcome.getOrDefault("MATCHED", 0);
        int adjusted = byOutcome.getOrDefault("ADJUSTED", 0);
        int opened = byOutcome.getOrDefault("CASE_OPENED", 0);
        return new Outcome(sessionId, matched + adjusted + opened, matched, adjusted, opened,
                superseded == null ? 0 : superseded);
    }

    /**
     * One statement for the whole session: counted lines summed per location and SKU, the
     * journal summed up to each count's moment, the agreement's tolerance, the vendor's
     * latest report. Terms and prices are those in force at the session's last count.
     */
    private int matchPositions(String legalEntity, long sessionId) {
        Timestamp lastCount = jdbc.queryForObject("select max(counted_at) from count_line"
                + " where session_id = ?", Timestamp.class, sessionId);
        Long lines = jdbc.queryForObject("select count(*) from count_line where session_id = ?",
                Long.class, sessionId);
        if (lines != null && lines > LARGE_SESSION) {
            // The planner must know the lines just written to join them by hashing rather
            // than one index probe per line; the hashes of a large session need the memory.
            jdbc.execute("analyze count_line");
            jdbc.execute("set local work_mem = '256MB'");
        }
        return jdbc.update("""
                insert into count_result (session_id, legal_entity, location, sku, vendor,
                    counted_at, counted_qty, book_qty, vendor_reported_qty, vendor_reported_at,
                    variance, tolerance_units, within_tolerance, outcome)
                with counted as (
                    select location, sku, sum(counted_qty) as qty, max(counted_at) as at
                    from count_line where session_id = ? group by location, sku),
                book as (
                    select c.location, c.sku, sum(m.quantity) as qty
                    from counted c join stock_movement m
                      on m.legal_entity = ? and m.location = c.location and m.sku = c.sku
                     and m.bucket in ('AVAILABLE', 'ALLOCATED', 'DAMAGED')
                     and m.business_time <= c.at
                    group by c.location, c.sku),
                terms as (
                    select distinct on (vendor) vendor, id, count_tolerance_units as units,
                        count_tolerance_percent as pct, count_tolerance_value as val
                    from consignment_agreement
                    where legal_entity = ? and effective_from <= ?
                    order by vendor, effective_from desc, version desc),
                price as (
                    select distinct on (p.agreement_id, p.sku) p.agreement_id, p.sku,
                        p.unit_price
                    from agreed_price p join terms t on t.id = p.agreement_id
                    where p.effective_from <= ?
                    order by p.agreement_id, p.sku, p.effective_from desc),
                reported as (
                    select distinct on (s.location, s.sku) s.location, s.sku, s.vendor,
                        s.quantity, s.reported_at
                    from vendor_stock_snapshot s
                    join counted c on c.location = s.location and c.sku = s.sku
                    where s.legal_entity = ?
                    order by s.location, s.sku, s.reported_at desc, s.id desc),
                matched as (
                    select c.location, c.sku, i.vendor, c.at, c.qty as counted,
                        coalesce(b.qty, 0) as book, r.quantity as reported_qty,
                        r.reported_at, coalesce(t.units, 0) as units,
                        coalesce(t.pct, 0) as pct, t.val, pr.unit_price
                    from counted c
                    left join item i on i.legal_entity = ? and i.sku = c.sku
                    left join book b on b.location = c.location and b.sku = c.sku
                    left join terms t on t.vendor = i.vendor
                    left join price pr on pr.agreement_id = t.id and pr.sku = c.sku
                    left join reported r on r.location = c.location and r.sku = c.sku
                      and r.vendor = i.vendor),
                judged as (
                    select *, counted - book as variance,
                        abs(counted - book) <= units
                        or abs(counted - book) * 100 <= pct * book
                        or (val is not null and unit_price is not null
                            and abs(counted - book) * unit_price <= val) as within
                    from matched)
                select ?, ?, location, sku, vendor, at, counted, book, reported_qty,
                    reported_at, variance, units, within,
                    case when variance = 0 then 'MATCHED'
                         when (within and not ?) or vendor is null then 'ADJUSTED'
                         else 'CASE_OPENED' end
                from judged""",
                sessionId, legalEntity, legalEntity, lastCount, lastCount, legalEntity,
                legalEntity, sessionId, legalEntity,
                // A vendor's own count posts nothing by itself, not even within tolerance:
                // a shortage posted on the vendor's word would bill the retailer.
                CountSessions.countedByVendor(jdbc, sessionId));
    }

    private record Variance(long resultId, String location, String sku, String vendor,
            long variance, String outcome, Instant countedAt) {
    }

    private List<Variance> variances(long sessionId) {
        return jdbc.query("""
                select id, location, sku, vendor, variance, outcome, counted_at
                from count_result where session_id = ? and variance <> 0
                order by location, sku""",
                (rs, n) -> new Variance(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getString(6),
                        rs.getTimestamp(7).toInstant()), sessionId);
    }

    /** Each owner's book at the moment of the count, for the positions that differ. */
    private Map<Long, Map<String, Long>> ownerBooks(long sessionId) {
        Map<Long, Map<String, Long>> books = new HashMap<>();
        jdbc.query("""
                select r.id, m.owner, sum(m.quantity)
                from count_result r join stock_movement m
                  on m.legal_entity = r.legal_entity and m.location = r.location
                 and m.sku = r.sku and m.bucket in ('AVAILABLE', 'ALLOCATED', 'DAMAGED')
                 and m.business_time <= r.counted_at
                where r.session_id = ? and r.variance <> 0
                group by r.id, m.owner having sum(m.quantity) <> 0
                order by r.id, m.owner""", rs -> {
                    books.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getLong(3));
                }, sessionId);
        return books;
    }

    private void record(long resultId, Map<String, Long> books, Map<String, Long> shares) {
        List<Object[]> rows = new ArrayList<>();
        Map<String, Long> owners = new LinkedHashMap<>(books);
        shares.keySet().forEach(owner -> owners.putIfAbsent(owner, 0L));
        owners.forEach((owner, book) -> rows.add(new Object[] {resultId, owner, book,
            shares.getOrDefault(owner, 0L)}));
        jdbc.batchUpdate("insert into count_attribution (result_id, owner, book_qty, variance)"
                + " values (?, ?, ?, ?)", rows);
    }

    private void post(String legalEntity, Variance v, Map<String, Long> shares,
            Bearer bearer) {
        String cause = "count-result/" + v.resultId();
        shares.forEach((owner, units) -> adjustments.post(new Adjustments.Share(legalEntity,
                v.location(), v.sku(), owner, units, v.countedAt()), bearer, cause));
    }
}
