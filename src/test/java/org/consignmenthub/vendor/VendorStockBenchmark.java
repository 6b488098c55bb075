package org.consignmenthub.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Load harness, not part of the test run (tag {@code benchmark}); see README "Measured
 * figures" for the command. Vendor V1 sends stock receipts through the vendor API from
 * four client threads, one report per request and then a hundred per request, and the
 * clock runs until the last unit is in the ledger. Prints its figures; asserts only that
 * every unit arrived.
 */
@Tag("benchmark")
class VendorStockBenchmark extends HubIntegrationTest {

    private static final int CLIENTS = 4;

    @LocalServerPort
    int port;

    @Autowired
    VendorRateLimits limits;

    @AfterEach
    void configuredLimits() {
        limits.restore("V1");
    }

    @Test
    void stockUpdatesPerSecondSingleAndBatched() throws Exception {
        int updates = Integer.getInteger("bench.updates", 4_000);
        // The benchmark measures the hub, not the allowance a vendor is given.
        limits.change("V1", new VendorApiSettings.Allowance(1_000_000, 1_000_000));

        updatesPerSecond("WARMUP", 400, 1);
        books.reset();
        books.loadCatalog("fixtures/cases-catalog.yaml");
        double single = updatesPerSecond("SINGLE", updates, 1);
        books.reset();
        books.loadCatalog("fixtures/cases-catalog.yaml");
        double batched = updatesPerSecond("BATCHED", updates * 5, 100);

        System.out.printf("BENCHMARK vendor API stock updates into the ledger: one per request"
                + " %.0f/s (%d updates); 100 per request %.0f/s (%d updates); %d clients%n",
                single, updates, batched, updates * 5, CLIENTS);
    }

    private double updatesPerSecond(String run, int updates, int perRequest) throws Exception {
        int requests = updates / perRequest;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();

        List<Future<Integer>> sent = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int first = client;
            sent.add(clients.submit(() -> send(run, first, requests, perRequest)));
        }
        for (Future<Integer> accepted : sent) {
            assertThat(accepted.get()).isEqualTo(requests / CLIENTS);
        }
        double answered = (System.nanoTime() - started) / 1e9;
        long expected = (long) (requests / CLIENTS) * CLIENTS * perRequest;
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> received() == expected);

        double seconds = (System.nanoTime() - started) / 1e9;
        clients.shutdown();
        System.out.printf("BENCHMARK %s: %d updates in %d requests answered 202 after %.1f s,"
                + " all in the ledger after %.1f s%n", run, expected, requests, answered,
                seconds);
        return expected / seconds;
    }

    private int send(String run, int client, int requests, int perRequest) {
        VendorCalls v1 = new VendorCalls(port, "V1");
        int accepted = 0;
        for (int request = client; request < requests; request += CLIENTS) {
            StringBuilder body = new StringBuilder("{\"reports\":[");
            for (int i = 0; i < perRequest; i++) {
                body.append(i == 0 ? "" : ",").append("{\"reportId\":\"").append(run)
                        .append('-').append(request).append('-').append(i)
                        .append("\",\"sku\":\"").append(i % 2 == 0 ? "A" : "B")
                        .append("\",\"location\":\"L").append(1 + request % 2)
                        .append("\",\"kind\":\"RECEIPT\",\"quantity\":1}");
            }
            VendorCalls.Answer answer = v1.post("/stock", body.append("]}").toString());
            if (answer.status() == 202) {
                accepted++;
            }
        }
        return accepted;
    }

    private long received() {
        return books.jdbc().queryForObject("select coalesce(sum(quantity), 0)"
                + " from stock_movement where owner = 'V1' and reason = 'RECEIPT'", Long.class);
    }
}
