package org.consignmenthub.reconciliation;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The periodic side of reconciliation, on the hub's clock: consigned SKUs whose cycle
 * count is due under their agreement are listed, cases past their deadline are noted, and
 * vendors' latest reports are compared with the book.
 */
public class CountSchedule {

    private static final Logger log = LoggerFactory.getLogger(CountSchedule.class);

    private final JdbcTemplate jdbc;
    private final DiscrepancyCases cases;
    private final VendorSnapshots snapshots;
    private final Clock clock;

    public CountSchedule(JdbcTemplate jdbc, DiscrepancyCases cases, VendorSnapshots snapshots,
            Clock clock) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /** What one run found. */
    public record Run(int countsDue, int deadlinesPassed, int vendorReportDifferences) {
    }

    /**
     * What is due for counting: consigned stock on hand whose last count is older than the
     * agreement's cycle, or that was never counted ({@code CYCLE_DUE}), and positions whose
     * vendor asked for a recount ({@code RECOUNT_REQUESTED}).
     */
    public List<Map<String, Object>> countsDue() {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.queryForList("""
                with on_hand as (
                    select legal_entity, location, sku, owner as vendor, sum(quantity) as qty
                    from stock_position
                    where owner <> 'RETAILER' and bucket in ('AVAILABLE', 'ALLOCATED', 'DAMAGED')
                    group by legal_entity, location, sku, owner having sum(quantity) > 0),
                terms as (
                    select distinct on (legal_entity, vendor) legal_entity, vendor,
                        cycle_count_days
                    from consignment_agreement where effective_from <= ?
                    order by legal_entity, vendor, effective_from desc, version desc),
                last_count as (
                    select legal_entity, location, sku, max(counted_at) as counted_at
                    from count_result group by legal_entity, location, sku)
                select o.legal_entity, o.vendor, o.location, o.sku, 'CYCLE_DUE' as why,
                    c.counted_at as last_counted_at
                from on_hand o
                join terms t on t.legal_entity = o.legal_entity and t.vendor = o.vendor
                left join last_count c on c.legal_entity = o.legal_entity
                  and c.location = o.location and c.sku = o.sku
                where c.counted_at is null
                   or c.counted_at
                      < cast(? as timestamptz) - make_interval(days => t.cycle_count_days)
                union all
                select d.legal_entity, d.vendor, d.location, d.sku, 'RECOUNT_REQUESTED',
                    r.counted_at
                from discrepancy_case d join count_result r on r.id = d.result_id
                where d.status = 'RECOUNT_REQUESTED'
                order by 1, 2, 3, 4""", now, now);
    }

    public Run run() {
        int due = countsDue().size();
        int late = cases.noteDeadlinesPassed();
        int differences = 0;
        for (String legalEntity : jdbc.queryForList("select code from legal_entity order by"
                + " code", String.class)) {
            differences += snapshots.differencesFromBook(legalEntity).size();
        }
        log.info("Reconciliation run countsDue={} deadlinesPassed={}"
                + " vendorReportDifferences={}", due, late, differences);
        return new Run(due, late, differences);
    }
}
