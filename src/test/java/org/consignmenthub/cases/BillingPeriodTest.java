package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.cases.CaseEvents.line;
import static org.consignmenthub.cases.CaseEvents.order;
import static org.consignmenthub.cases.CaseEvents.receipt;
import static org.consignmenthub.cases.CaseEvents.sale;
import static org.consignmenthub.cases.CaseEvents.shipment;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consignmenthub.runtime.HubClock;
import org.consignmenthub.runtime.SettlementScheduler;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Field case B14: a billing line is dated, and its month chosen, in the agreement's time
 * zone (America/New_York for V1), not in UTC; stored instants stay as they were. A
 * settlement month closes when it has ended there, and its document holds its own lines.
 */
class BillingPeriodTest extends HubIntegrationTest {

    private static final String AMAZON = "AMAZON";
    private static final Instant NOVEMBER_ENDS_IN_NEW_YORK =
            Instant.parse("2026-12-01T05:00:00Z");
    private static final Instant DECEMBER_ENDS_IN_NEW_YORK =
            Instant.parse("2027-01-01T05:00:00Z");

    @Autowired
    private HubClock clock;

    @Autowired
    private SettlementScheduler settlement;

    @BeforeEach
    void twoPaidOrders() {
        // The scheduled close reads this clock too; holding it before November's end keeps
        // it from closing a month while the test is still building it.
        clock.driveTo(Instant.parse("2026-11-30T20:00:00Z"));
        books.apply(receipt("E-B14-0", "V1", "A", "L1", 10));
        for (String orderRef : List.of("AMZ-B14-1", "AMZ-B14-2", "AMZ-B14-3")) {
            books.apply(order(AMAZON, orderRef, "2026-11-30T12:00:00-05:00", line("1", "A", 1)),
                    sale(AMAZON, orderRef, "2026-11-30T12:00:00-05:00", line("1", "A", 1)));
        }
    }

    @AfterEach
    void clockFollowsTheSystemAgain() {
        clock.followSystemClock();
    }

    @Test
    void shipmentsAreBilledInTheMonthOfTheirNewYorkDate() {
        books.apply(shipment(AMAZON, "E-B14-1", "AMZ-B14-1", "S1", "2026-12-01T03:30:00Z",
                        line("1", "A", 1)),
                shipment(AMAZON, "E-B14-2", "AMZ-B14-2", "S1", "2026-12-01T05:30:00Z",
                        line("1", "A", 1)));

        assertThat(lineSummaries()).containsExactly(
                Map.of("cause", "AMZ-B14-1", "business_date", "2026-11-30", "period", "2026-11",
                        "net_amount", new BigDecimal("12.50")),
                Map.of("cause", "AMZ-B14-2", "business_date", "2026-12-01", "period", "2026-12",
                        "net_amount", new BigDecimal("12.50")));
        assertThat(transferredAt("AMZ-B14-1")).isEqualTo(Instant.parse("2026-12-01T03:30:00Z"));
        assertThat(transferredAt("AMZ-B14-2")).isEqualTo(Instant.parse("2026-12-01T05:30:00Z"));
        assertThat(books.jdbc().queryForObject("""
                select shipped_at from shipment_line where order_ref = 'AMZ-B14-1'""",
                Timestamp.class).toInstant()).isEqualTo(Instant.parse("2026-12-01T03:30:00Z"));

        clock.driveTo(NOVEMBER_ENDS_IN_NEW_YORK.minusSeconds(1));
        assertThat(settlement.closeEndedPeriods()).isZero();
        assertThat(documents()).isEmpty();

        clock.driveTo(NOVEMBER_ENDS_IN_NEW_YORK);
        assertThat(settlement.closeEndedPeriods()).isEqualTo(1);
        clock.driveTo(DECEMBER_ENDS_IN_NEW_YORK);
        assertThat(settlement.closeEndedPeriods()).isEqualTo(1);

        assertThat(documents()).containsExactly(
                Map.of("period", "2026-11", "sequence_number", 1L,
                        "net_total", new BigDecimal("12.50"), "orders", "AMZ-B14-1"),
                Map.of("period", "2026-12", "sequence_number", 2L,
                        "net_total", new BigDecimal("12.50"), "orders", "AMZ-B14-2"));
    }

    @Test
    void aLateNovemberShipmentGoesOnTheNextOpenStatementWithItsNovemberDate() {
        books.apply(shipment(AMAZON, "E-B14-1", "AMZ-B14-1", "S1", "2026-12-01T03:30:00Z",
                line("1", "A", 1)));
        clock.driveTo(NOVEMBER_ENDS_IN_NEW_YORK);
        assertThat(settlement.closeEndedPeriods()).isEqualTo(1);

        books.apply(shipment(AMAZON, "E-B14-3", "AMZ-B14-3", "S1", "2026-12-01T04:30:00Z",
                        line("1", "A", 1)),
                shipment(AMAZON, "E-B14-2", "AMZ-B14-2", "S1", "2026-12-01T05:30:00Z",
                        line("1", "A", 1)));
        clock.driveTo(DECEMBER_ENDS_IN_NEW_YORK);
        assertThat(settlement.closeEndedPeriods()).isEqualTo(1);

        assertThat(lineSummaries()).containsExactly(
                Map.of("cause", "AMZ-B14-1", "business_date", "2026-11-30", "period", "2026-11",
                        "net_amount", new BigDecimal("12.50")),
                Map.of("cause", "AMZ-B14-3", "business_date", "2026-11-30", "period", "2026-12",
                        "net_amount", new BigDecimal("12.50")),
                Map.of("cause", "AMZ-B14-2", "business_date", "2026-12-01", "period", "2026-12",
                        "net_amount", new BigDecimal("12.50")));
        assertThat(documents()).containsExactly(
                Map.of("period", "2026-11", "sequence_number", 1L,
                        "net_total", new BigDecimal("12.50"), "orders", "AMZ-B14-1"),
                Map.of("period", "2026-12", "sequence_number", 2L,
                        "net_total", new BigDecimal("25.00"), "orders", "AMZ-B14-2,AMZ-B14-3"));
    }

    /** Each billing line with the order it bills, its business date and its month. */
    private List<Map<String, Object>> lineSummaries() {
        return books.jdbc().queryForList("""
                select t.order_ref as cause, to_char(b.business_date, 'YYYY-MM-DD')
                        as business_date,
                    to_char(b.period_month, 'YYYY-MM') as period, b.net_amount
                from billing_line b join title_transfer t on t.id = b.transfer_id
                where b.vendor = 'V1' order by b.id""");
    }

    /** V1's issued documents with the orders whose lines each one holds. */
    private List<Map<String, Object>> documents() {
        return books.jdbc().queryForList("""
                select to_char(d.period_month, 'YYYY-MM') as period, d.sequence_number,
                    d.net_total, string_agg(t.order_ref, ',' order by t.order_ref) as orders
                from billing_document d
                join billing_line b on b.document_id = d.id
                join title_transfer t on t.id = b.transfer_id
                where d.vendor = 'V1' and d.kind = 'INVOICE'
                group by d.id order by d.sequence_number""");
    }

    private Instant transferredAt(String orderRef) {
        return books.jdbc().queryForObject("select transferred_at from title_transfer"
                + " where order_ref = ?", Timestamp.class, orderRef).toInstant();
    }
}
