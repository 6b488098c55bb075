package org.consignmenthub.reconciliation;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Figures computed from the reconciliation records, never estimated. Inventory record
 * accuracy takes the latest count of each location and SKU: the share of them whose
 * variance was within tolerance, and the same weighted by book units. Cycle time runs from
 * a session's submission to the closing of its last case. Open cases are aged on the hub's
 * clock.
 */
public class AccuracyFigures {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AccuracyFigures(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private static final String LATEST = """
            with latest as (
                select distinct on (r.legal_entity, r.location, r.sku) r.*
                from count_result r
                where r.legal_entity = ?
                order by r.legal_entity, r.location, r.sku, r.counted_at desc, r.id desc)
            """;

    /** Accuracy per location and vendor ({@code RETAILER} for the retailer's own items). */
    public List<Map<String, Object>> byLocationAndVendor(String legalEntity) {
        return jdbc.queryForList(LATEST + """
                select location, coalesce(vendor, 'RETAILER') as vendor,
                    count(*) as positions,
                    count(*) filter (where within_tolerance) as within_tolerance,
                    round(count(*) filter (where within_tolerance)::numeric / count(*), 4)
                        as accuracy,
                    sum(book_qty) as book_units,
                    sum(book_qty) filter (where within_tolerance) as book_units_within,
                    case when sum(book_qty) > 0 then round(coalesce(sum(book_qty)
                        filter (where within_tolerance), 0)::numeric / sum(book_qty), 4)
                    end as unit_weighted_accuracy
                from latest group by location, coalesce(vendor, 'RETAILER')
                order by location, vendor""", legalEntity);
    }

    /** Accuracy over every location and vendor of the legal entity. */
    public Map<String, Object> overall(String legalEntity) {
        return jdbc.queryForMap(LATEST + """
                select count(*) as positions,
                    count(*) filter (where within_tolerance) as within_tolerance,
                    case when count(*) > 0 then round(count(*) filter
                        (where within_tolerance)::numeric / count(*), 4) end as accuracy,
                    case when sum(book_qty) > 0 then round(coalesce(sum(book_qty)
                        filter (where within_tolerance), 0)::numeric / sum(book_qty), 4)
                    end as unit_weighted_accuracy
                from latest""", legalEntity);
    }

    /**
     * Per submitted session: seconds from submission until its last case closed, once all
     * are closed (zero for a session without cases), and how many cases are still open.
     */
    public List<Map<String, Object>> cycleTimes(String legalEntity) {
        return jdbc.queryForList("""
                select s.id as session_id, s.reference, s.submitted_at,
                    count(d.id) as cases,
                    count(d.id) filter (where d.closed_at is null) as open_cases,
                    case when count(d.id) filter (where d.closed_at is null) = 0 then
                        extract(epoch from coalesce(max(d.closed_at), s.submitted_at)
                            - s.submitted_at)::bigint
                    end as cycle_seconds
                from count_session s
                left join count_result r on r.session_id = s.id
                left join discrepancy_case d on d.result_id = r.id
                where s.legal_entity = ? and s.status = 'RECONCILED'
                group by s.id order by s.id""", legalEntity);
    }

    /** Unresolved cases by age on the hub's clock, and those past their deadline. */
    public Map<String, Object> openCasesByAge(String legalEntity) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.queryForMap("""
                with open_case as (
                    select cast(? as timestamptz) - opened_at as age,
                        due_at < cast(? as timestamptz) as overdue
                    from discrepancy_case
                    where legal_entity = ?
                      and status in ('OPEN', 'DISPUTED', 'RECOUNT_REQUESTED'))
                select count(*) as open,
                    count(*) filter (where age < interval '24 hours') as under_24h,
                    count(*) filter (where age >= interval '24 hours'
                        and age < interval '72 hours') as from_24h_to_72h,
                    count(*) filter (where age >= interval '72 hours') as over_72h,
                    count(*) filter (where overdue) as overdue
                from open_case""", now, now, legalEntity);
    }
}
