package org.consignmenthub.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consignmenthub.billing.BillingEvents.customerReturn;
import static org.consignmenthub.billing.BillingEvents.paidOrder;
import static org.consignmenthub.billing.BillingEvents.receipt;
import static org.consignmenthub.billing.BillingEvents.shipment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.consignmenthub.runtime.HubClock;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The settlement route closes a vendor's month by itself once the hub's clock has passed
 * the month's end in the agreement's time zone (America/New_York for V4), not in UTC: the
 * timer runs every quarter second here, and the test only moves the clock and waits.
 */
@TestPropertySource(properties = "hub.billing.close-interval-ms=250")
class ScheduledSettlementCloseTest extends HubIntegrationTest {

    private static final String ROUTE = "billing-settlement-close";
    /** May 2032 ends at midnight in New York, four hours after midnight in UTC. */
    private static final Instant MAY_ENDS_IN_NEW_YORK = Instant.parse("2032-06-01T04:00:00Z");
    private static final Instant JUNE_ENDS_IN_NEW_YORK = Instant.parse("2032-07-01T04:00:00Z");

    @Autowired
    private HubClock clock;

    @Autowired
    private CamelContext camel;

    @BeforeEach
    void mayAndJuneOfVendorFour() throws Exception {
        clock.driveTo(Instant.parse("2032-05-20T12:00:00Z"));
        books.loadCatalog("fixtures/billing-catalog.yaml");
        camel.getRouteController().startRoute(ROUTE);

        books.apply(receipt("R-V4-MAY", "V4", "E", 20, Instant.parse("2032-05-02T14:00:00Z")));
        sell("O-V4-1", 3, Instant.parse("2032-05-10T14:00:00Z"));
        sell("O-V4-2", 5, Instant.parse("2032-06-01T03:30:00Z"));
        books.apply(customerReturn("RMA-V4-1", "O-V4-1", "E", 1,
                Instant.parse("2032-05-20T14:00:00Z")));
        sell("O-V4-3", 2, Instant.parse("2032-06-01T04:30:00Z"));
    }

    @AfterEach
    void routeAndClockAsOtherTestsExpectThem() throws Exception {
        // The hub stays cached for later test classes: its quick timer must not close their
        // months by the system clock.
        camel.getRouteController().stopRoute(ROUTE);
        clock.followSystemClock();
    }

    @Test
    void theRouteClosesAMonthOnceItHasEndedInTheAgreementsTimeZone() {
        clock.driveTo(MAY_ENDS_IN_NEW_YORK.minusSeconds(1));
        timerRuns(3);
        assertThat(documents()).as("June already in UTC, still May in New York").isEmpty();

        clock.driveTo(MAY_ENDS_IN_NEW_YORK);
        await("May closed by the route").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> documents().size() == 2);
        timerRuns(3);
        assertThat(documents()).containsExactly(
                document("SBC-US-RETAIL-V4-000001", "2032-05", 1, "-0.13", "-0.03"),
                document("SBI-US-RETAIL-V4-000001", "2032-05", 2, "1.04", "0.21"));
        assertThat(openLines()).containsExactly(Map.of("period", "2032-06", "lines", 1L));

        clock.driveTo(JUNE_ENDS_IN_NEW_YORK);
        await("June closed by the route").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> documents().size() == 3);
        assertThat(documents()).containsExactly(
                document("SBC-US-RETAIL-V4-000001", "2032-05", 1, "-0.13", "-0.03"),
                document("SBI-US-RETAIL-V4-000001", "2032-05", 2, "1.04", "0.21"),
                document("SBI-US-RETAIL-V4-000002", "2032-06", 1, "0.26", "0.05"));
        assertThat(openLines()).isEmpty();
        assertThat(books.jdbc().queryForList("""
                select to_char(period_month, 'YYYY-MM') as period, status
                from settlement_period where vendor = 'V4' order by period_month"""))
                .containsExactly(
                Map.of("period", "2032-05", "status", "CLOSED"),
                Map.of("period", "2032-06", "status", "CLOSED"));
    }

    private void sell(String orderRef, long units, Instant shipped) {
        books.apply(paidOrder(orderRef, "E", units, Instant.parse("2032-05-05T14:00:00Z")));
        books.apply(shipment(orderRef, "E", units, shipped));
    }

    /** Waits until the timer has run the route {@code runs} more times, whatever they did. */
    private void timerRuns(int runs) {
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute(ROUTE).whenDone(runs).create();
        assertThat(done.matches(60, TimeUnit.SECONDS)).as("the timer ran " + runs + " times")
                .isTrue();
    }

    /** V4's documents: number, month, line count, totals. */
    private List<Map<String, Object>> documents() {
        return books.jdbc().queryForList("""
                select d.number, to_char(d.period_month, 'YYYY-MM') as period,
                    (select count(*) from billing_line b where b.document_id = d.id) as lines,
                    d.net_total::text as net, d.tax_total::text as tax
                from billing_document d where d.vendor = 'V4' order by d.number""");
    }

    private List<Map<String, Object>> openLines() {
        return books.jdbc().queryForList("""
                select to_char(period_month, 'YYYY-MM') as period, count(*) as lines
                from billing_line where vendor = 'V4' and document_id is null
                group by period_month order by period_month""");
    }

    private static Map<String, Object> document(String number, String period, long lines,
            String net, String tax) {
        return Map.of("number", number, "period", period, "lines", lines, "net", net,
                "tax", tax);
    }
}
