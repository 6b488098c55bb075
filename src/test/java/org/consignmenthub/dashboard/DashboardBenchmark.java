package org.consignmenthub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.EventStreamClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Load harness, not part of the test run (tag {@code benchmark}); see the README for the
 * command. Measures how long a vendor's stock update takes from its request to the
 * dashboard's stream, and how fast the dashboard's reads answer over HTTP with a million
 * positions in the books. Prints its figures and the query plans; asserts only that each
 * answer was right.
 */
@Tag("benchmark")
class DashboardBenchmark extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LOCATIONS = 100;
    private static final int SKUS = 10_000;
    private static final int VENDORS = 10;

    @LocalServerPort
    private int port;
    @Autowired
    private StockOverview overview;

    @Test
    void vendorUpdateToStreamDelay() throws IOException {
        int updates = Integer.getInteger("bench.updates", 300);
        IntakeClient vendor = new IntakeClient(port);
        try (EventStreamClient stream = new EventStreamClient(port,
                "/ops/api/stream?location=L1&sku=A")) {
            stream.assertOpen(Duration.ofSeconds(30));
            stream.next("hello", Duration.ofSeconds(30));

            // Not reported: the first updates pay for class loading and the JIT's warm-up.
            int warmUp = 30;
            delays(vendor, stream, 0, warmUp);
            double[] millis = delays(vendor, stream, warmUp, updates);

            report("vendor update to stream event, %d updates one after another: p50 %.0f ms,"
                    + " p99 %.0f ms, max %.0f ms", updates, percentile(millis, 50),
                    percentile(millis, 99), percentile(millis, 100));
        }
    }

    @Test
    void dashboardReadsWithAMillionPositions() {
        long stocked = stockTheBooks();
        ApiClient api = new ApiClient(port);
        int runs = Integer.getInteger("bench.runs", 40);
        Map<String, String> reads = new LinkedHashMap<>();
        reads.put("first page, no filter", "/ops/api/positions");
        reads.put("one location", "/ops/api/positions?location=L057");
        reads.put("SKU prefix", "/ops/api/positions?sku=BM-0042");
        reads.put("one vendor", "/ops/api/positions?vendor=BV03");
        reads.put("vendor at one location", "/ops/api/positions?vendor=BV03&location=L057");
        reads.put("owned only", "/ops/api/positions?owner=OWNED");
        reads.put("sorted by SKU", "/ops/api/positions?sort=sku");
        reads.put("page 101 (offset 5,000)", "/ops/api/positions?offset=5000");
        reads.put("one location by consigned units",
                "/ops/api/positions?location=L057&sort=consigned");
        reads.put("stock over time, one location", "/ops/api/stock-over-time?location=L057");
        reads.put("stock over time, all", "/ops/api/stock-over-time");

        report("books stocked: %,d positions and movements", stocked);
        explain(PositionQuery.of(null, null, null, null, null, null, null, null));
        explain(PositionQuery.of(null, "L057", null, null, null, null, null, null));
        explain(PositionQuery.of(null, null, null, "BM-0042", null, null, null, null));
        explain(PositionQuery.of(null, null, "BV03", null, null, null, null, null));
        explain(PositionQuery.of(null, null, null, null, null, "sku", null, null));
        explain(PositionQuery.of(null, "L057", null, null, null, "consigned", null, null));
        reads.forEach((name, path) -> {
            double[] millis = new double[runs];
            api.get(path);
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                ApiClient.Answer answer = api.get(path);
                millis[i] = (System.nanoTime() - start) / 1e6;
                assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            }
            report("%-32s p50 %6.1f ms  p99 %6.1f ms  (%d reads)", name,
                    percentile(millis, 50), percentile(millis, 99), runs);
        });
        // Pages share chart answers that were costly to read; this is the read itself.
        journal("stock over time, all (uncached)", runs / 4,
                () -> overview.stockOverTime(null, null, null, 90));
        journal("stock over time, location (uncached)", runs / 4,
                () -> overview.stockOverTime("L057", null, null, 90));
        assertThat(api.get("/ops/api/positions?location=L057&limit=500").json().get("rows"))
                .hasSize(500);
    }

    private void journal(String name, int runs, Supplier<List<Map<String, Object>>> read) {
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            assertThat(read.get()).hasSize(90);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        report("%-32s p50 %6.1f ms  p99 %6.1f ms  (%d reads)", name,
                percentile(millis, 50), percentile(millis, 99), runs);
    }

    private double[] delays(IntakeClient vendor, EventStreamClient stream, int from, int to)
            throws IOException {
        double[] millis = new double[to - from];
        for (int n = from; n < to; n++) {
            long sent = System.nanoTime();
            IntakeClient.Answer answer = vendor.post("/intake/vendors/V1/stock", """
                    {"reports":[{"reportId":"bench-%d","sku":"A","location":"L1",
                      "kind":"RECEIPT","quantity":1}]}""".formatted(n)
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            long expected = n + 1;
            while (true) {
                EventStreamClient.Event event = stream.next("positions", Duration.ofSeconds(60));
                JsonNode row = JSON.readTree(event.data()).get(0);
                if (row.at("/consigned/available").asLong() == expected) {
                    millis[n - from] = (event.receivedNanos() - sent) / 1e6;
                    break;
                }
            }
        }
        return millis;
    }

    /** 100 locations by 10,000 SKUs; one SKU in five is the retailer's own. */
    private long stockTheBooks() {
        long start = System.nanoTime();
        var jdbc = books.jdbc();
        jdbc.update("""
                insert into vendor (legal_entity, code, name)
                select 'US-RETAIL', 'BV' || to_char(v, 'FM00'), 'Bench vendor ' || v
                from generate_series(1, ?) v""", VENDORS);
        jdbc.update("""
                insert into item (legal_entity, sku, description, vendor)
                select 'US-RETAIL', 'BM-' || to_char(s, 'FM00000'), 'Bench item ' || s,
                    case when s % 5 = 0 then null
                         else 'BV' || to_char(s % ? + 1, 'FM00') end
                from generate_series(1, ?) s""", VENDORS, SKUS);
        int movements = jdbc.update("""
                insert into stock_movement (legal_entity, location, sku, owner, bucket,
                    quantity, reason, cause, business_time)
                select 'US-RETAIL', 'L' || to_char(l, 'FM000'), i.sku,
                    coalesce(i.vendor, 'RETAILER'), 'AVAILABLE', 1 + (l * 7 + s) % 40,
                    'RECEIPT', 'bench', timestamptz '2026-01-01' + (s % 300) * interval '1 day'
                from generate_series(1, ?) l
                cross join generate_series(1, ?) s
                join item i on i.legal_entity = 'US-RETAIL'
                    and i.sku = 'BM-' || to_char(s, 'FM00000')""", LOCATIONS, SKUS);
        jdbc.update("""
                insert into stock_position (legal_entity, location, sku, owner, bucket, quantity)
                select legal_entity, location, sku, owner, bucket, sum(quantity)
                from stock_movement where cause = 'bench'
                group by legal_entity, location, sku, owner, bucket""");
        jdbc.execute("analyze stock_position");
        jdbc.execute("analyze stock_movement");
        jdbc.execute("analyze item");
        report("stocking took %.1f s", (System.nanoTime() - start) / 1e9);
        return movements;
    }

    private void explain(PositionQuery query) {
        StockOverview.Statement statement = overview.positionsStatement(query);
        List<String> plan = books.jdbc().queryForList("explain (analyze, buffers, costs off) "
                + statement.sql(), String.class, statement.args().toArray());
        report("plan of %s:%n  %s", query, String.join("\n  ", plan));
    }

    private static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void report(String format, Object... args) {
        System.out.println("BENCHMARK " + String.format(format, args));
    }
}
