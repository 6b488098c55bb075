package org.consignmenthub.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.billing.BillingEvents.paidOrder;
import static org.consignmenthub.billing.BillingEvents.receipt;
import static org.consignmenthub.billing.BillingEvents.shipment;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.consignmenthub.runtime.HubClock;
import org.consignmenthub.runtime.SettlementScheduler;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessException;

/**
 * Closing a month while shipments of that month are still being billed, on real threads
 * against the real database, round after round: every line ends on a document, a line that
 * lost the race to the close goes into the next month, and numbers run without gaps.
 */
class SettlementCloseRaceTest extends HubIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(SettlementCloseRaceTest.class);

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final YearMonth FIRST_MONTH = YearMonth.of(2031, 1);
    private static final int ROUNDS = 20;
    private static final int SHIPMENTS_PER_WRITER = 6;
    private static final List<String> SKUS = List.of("A", "B");

    @Autowired
    private HubClock clock;

    @Autowired
    private SettlementScheduler settlement;

    @AfterEach
    void clockFollowsTheSystemAgain() {
        clock.followSystemClock();
    }

    @Test
    void noLineIsLeftOutOfAMonthClosedWhileItWasWritten() throws Exception {
        clock.driveTo(FIRST_MONTH.atDay(1).atStartOfDay(NEW_YORK).toInstant());
        Instant stocked = FIRST_MONTH.atDay(1).atStartOfDay(NEW_YORK).toInstant();
        for (String sku : SKUS) {
            books.apply(receipt("R-RACE-" + sku, "V1", sku, 1_000, stocked));
        }

        ExecutorService threads = Executors.newFixedThreadPool(SKUS.size() + 1);
        int closesWhileWriting = 0;
        try {
            // Two months apart, so that lines that lost a race have a month of their own.
            for (int round = 0; round < ROUNDS; round++) {
                closesWhileWriting += race(threads, FIRST_MONTH.plusMonths(2L * round), round);
            }
        } finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        YearMonth last = FIRST_MONTH.plusMonths(2L * (ROUNDS - 1));
        clock.driveTo(endOf(last.plusMonths(1)));
        settlement.closeEndedPeriods();

        int lines = ROUNDS * SKUS.size() * SHIPMENTS_PER_WRITER;
        long late = count("""
                select count(*) from billing_line
                where period_month > date_trunc('month', business_date)""");
        log.info("Settlement race rounds={} closesWhileWriting={} lines={} lateLines={}",
                ROUNDS, closesWhileWriting, lines, late);
        assertThat(closesWhileWriting).as("closes that met lines being written").isPositive();
        assertThat(late).as("lines that lost the race and went into the next month")
                .isPositive();
        assertThat(count("select count(*) from billing_line")).isEqualTo(lines);
        assertThat(books.jdbc().queryForList("""
                select id, to_char(period_month, 'YYYY-MM') as period from billing_line
                where document_id is null""")).as("lines without a document").isEmpty();
        assertThat(count("""
                select count(*) from billing_line b join billing_document d
                  on d.id = b.document_id and d.period_month = b.period_month"""))
                .as("lines on the document of their own month").isEqualTo(lines);
        assertThat(count("""
                select count(*) from billing_line
                where period_month < date_trunc('month', business_date)"""))
                .as("lines billed in a month before their business date").isZero();
        List<Map<String, Object>> numbers = books.jdbc().queryForList("""
                select sequence_number, number, net_total,
                    (select sum(net_amount) from billing_line b where b.document_id = d.id)
                        as lines_total
                from billing_document d where vendor = 'V1' order by sequence_number""");
        for (int i = 0; i < numbers.size(); i++) {
            Map<String, Object> document = numbers.get(i);
            assertThat(document.get("sequence_number")).isEqualTo(i + 1L);
            assertThat(document.get("number")).isEqualTo(
                    String.format("SBI-US-RETAIL-V1-%06d", i + 1));
            assertThat((BigDecimal) document.get("net_total"))
                    .isEqualByComparingTo((BigDecimal) document.get("lines_total"));
        }
        assertThat(count("""
                select count(*) from (select period_month from billing_document
                    group by period_month having count(*) > 1) twice"""))
                .as("months with more than one invoice").isZero();
    }

    /**
     * One round: the month's orders are paid, then writers ship them while a closer closes
     * every ended month, again and again until the writers are done. Returns how many of
     * its closes issued documents while the writers were still at work.
     */
    private int race(ExecutorService threads, YearMonth month, int round) throws Exception {
        Instant paid = month.atDay(10).atTime(12, 0).atZone(NEW_YORK).toInstant();
        Instant shipped = month.atDay(20).atTime(12, 0).atZone(NEW_YORK).toInstant();
        clock.driveTo(endOf(month));
        for (String sku : SKUS) {
            for (int n = 0; n < SHIPMENTS_PER_WRITER; n++) {
                books.apply(paidOrder(orderRef(round, sku, n), sku, 1, paid));
            }
        }

        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<Integer>> writers = new ArrayList<>();
        for (String sku : SKUS) {
            writers.add(threads.submit(() -> {
                start.await();
                for (int n = 0; n < SHIPMENTS_PER_WRITER; n++) {
                    String orderRef = orderRef(round, sku, n);
                    retried(() -> {
                        books.apply(shipment(orderRef, sku, 1, shipped));
                        return 0;
                    });
                }
                return SHIPMENTS_PER_WRITER;
            }));
        }
        Future<Integer> closer = threads.submit(() -> {
            start.await();
            int whileWriting = 0;
            while (writing.get()) {
                int issued = retried(() -> settlement.closeEndedPeriods());
                whileWriting += issued > 0 && writing.get() ? 1 : 0;
            }
            return whileWriting;
        });

        start.countDown();
        for (Future<Integer> writer : writers) {
            writer.get(120, TimeUnit.SECONDS);
        }
        writing.set(false);
        return closer.get(120, TimeUnit.SECONDS);
    }

    /** A deadlock or lock timeout is the database asking to try again; anything else fails. */
    private static int retried(Callable<Integer> work) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.call();
            } catch (TransientDataAccessException transientFailure) {
                if (attempt == 5) {
                    throw transientFailure;
                }
            }
        }
    }

    private static String orderRef(int round, String sku, int n) {
        return "O-RACE-" + round + "-" + sku + "-" + n;
    }

    private static Instant endOf(YearMonth month) {
        return month.plusMonths(1).atDay(1).atStartOfDay(NEW_YORK).toInstant();
    }

    private long count(String sql) {
        return books.jdbc().queryForObject(sql, Long.class);
    }
}
