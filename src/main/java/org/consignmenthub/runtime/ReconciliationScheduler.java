package org.consignmenthub.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.reconciliation.AccuracyFigures;
import org.consignmenthub.reconciliation.CountMatching;
import org.consignmenthub.reconciliation.CountSchedule;
import org.consignmenthub.reconciliation.CountSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs reconciliation on the hub's clock for the timer routes and the API: submits count
 * files once they have arrived in full (each in its own transaction), runs the periodic
 * checks, and publishes the accuracy figures as metrics. Every step is safe to repeat, so
 * several hub instances may all call it.
 */
@Component
public class ReconciliationScheduler {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationScheduler.class);

    private final CountSessions sessions;
    private final CountSchedule schedule;
    private final AccuracyFigures figures;
    private final TransactionTemplate transaction;
    private final JdbcTemplate jdbc;
    private final HubClock clock;
    private final MultiGauge accuracy;
    private final MultiGauge unitAccuracy;

    ReconciliationScheduler(CountSessions sessions, CountSchedule schedule,
            AccuracyFigures figures, TransactionTemplate transaction, JdbcTemplate jdbc,
            HubClock clock, MeterRegistry registry) {
        this.sessions = sessions;
        this.schedule = schedule;
        this.figures = figures;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.clock = clock;
        this.accuracy = MultiGauge.builder("hub.reconciliation.accuracy")
                .description("share of counted SKU-locations within tolerance")
                .register(registry);
        this.unitAccuracy = MultiGauge.builder("hub.reconciliation.accuracy.units")
                .description("share of counted book units in SKU-locations within tolerance")
                .register(registry);
        Gauge.builder("hub.reconciliation.cases.open", this, s -> s.caseCount(false))
                .description("discrepancy cases awaiting an answer or a decision")
                .register(registry);
        Gauge.builder("hub.reconciliation.cases.overdue", this, s -> s.caseCount(true))
                .description("unresolved discrepancy cases past their deadline")
                .register(registry);
    }

    /** Submits every count file that has arrived in full; returns how many. */
    public int submitCompleteCountFiles() {
        int submitted = 0;
        for (long id : sessions.completeFileSessions()) {
            try {
                CountMatching.Outcome outcome = transaction.execute(s -> sessions.submit(id));
                submitted += outcome == null ? 0 : 1;
            } catch (Refusal refusal) {
                // Trying again cannot help: the file is set aside with its reason.
                transaction.executeWithoutResult(s -> sessions.refuse(id,
                        refusal.reasonCode() + ": " + refusal.getMessage()));
            }
        }
        return submitted;
    }

    public CountSchedule.Run run() {
        CountSchedule.Run run = transaction.execute(s -> schedule.run());
        publishAccuracy();
        return run;
    }

    /** Accuracy per legal entity, location and vendor, as gauges. */
    public void publishAccuracy() {
        List<MultiGauge.Row<?>> shares = new ArrayList<>();
        List<MultiGauge.Row<?>> units = new ArrayList<>();
        for (String entity : jdbc.queryForList("select code from legal_entity order by code",
                String.class)) {
            for (Map<String, Object> row : figures.byLocationAndVendor(entity)) {
                Tags tags = Tags.of("legal_entity", entity, "location",
                        String.valueOf(row.get("location")), "vendor",
                        String.valueOf(row.get("vendor")));
                shares.add(MultiGauge.Row.of(tags, number(row.get("accuracy"))));
                units.add(MultiGauge.Row.of(tags, number(row.get("unit_weighted_accuracy"))));
            }
        }
        accuracy.register(shares, true);
        unitAccuracy.register(units, true);
    }

    private double caseCount(boolean overdueOnly) {
        try {
            Long count = jdbc.queryForObject("""
                    select count(*) from discrepancy_case
                    where status in ('OPEN', 'DISPUTED', 'RECOUNT_REQUESTED')
                      and (not ? or due_at < ?)""", Long.class, overdueOnly,
                    java.sql.Timestamp.from(clock.instant()));
            return count == null ? 0 : count;
        } catch (RuntimeException unavailable) {
            return Double.NaN;
        }
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
