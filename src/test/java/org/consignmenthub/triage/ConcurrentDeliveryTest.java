package org.consignmenthub.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A vendor's system that retries hard: the very same stock report sent 100 times at once.
 * Every copy is stored as received and answered, and the units are counted once.
 */
class ConcurrentDeliveryTest extends HubIntegrationTest {

    private static final int COPIES = 100;

    @LocalServerPort
    private int port;

    @Test
    void theSameReportSentAHundredTimesAtOnceIsAppliedOnce() throws Exception {
        IntakeClient vendor = new IntakeClient(port);
        InboundMessages inbox = new InboundMessages(books.jdbc());
        byte[] report = ("{\"reports\": [{\"reportId\": \"R-STORM-1\", \"sku\": \"A\","
                + " \"location\": \"L1\", \"kind\": \"RECEIPT\", \"quantity\": 10}]}")
                .getBytes(StandardCharsets.UTF_8);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService senders = Executors.newFixedThreadPool(COPIES);
        List<Future<IntakeClient.Answer>> answers = new ArrayList<>();

        try {
            for (int i = 0; i < COPIES; i++) {
                answers.add(senders.submit(() -> {
                    start.await();
                    return vendor.post("/intake/vendors/V1/stock", report,
                            "X-Request-Id", "req-storm-1");
                }));
            }
            start.countDown();
            for (Future<IntakeClient.Answer> answer : answers) {
                IntakeClient.Answer taken = answer.get(120, TimeUnit.SECONDS);
                assertThat(taken.status()).as(taken.body()).isEqualTo(202);
                inbox.awaitComplete(taken.inboundId());
            }
        } finally {
            senders.shutdownNow();
        }

        List<Long> stored = inbox.ids("vendor-stock-api", "vendor-stock-api/V1/req-storm-1");
        assertThat(stored).hasSize(COPIES);
        assertThat(stored).allSatisfy(id -> assertThat(inbox.payload(id)).isEqualTo(report));
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(10);
        assertThat(books.jdbc().queryForObject("select count(*) from stock_movement",
                Long.class)).isEqualTo(1);
        assertThat(books.jdbc().queryForObject("select count(*) from processed_event",
                Long.class)).isEqualTo(1);
        assertThat(books.deadLetters()).isEmpty();
    }
}
