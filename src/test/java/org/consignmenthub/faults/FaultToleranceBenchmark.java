package org.consignmenthub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.EventBatch;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Load harness, not part of the test run (tag {@code benchmark}); see the README for the
 * command. Measures vendor-file throughput into the ledger with and without 1% poison
 * rows, and how long the processors take to drain a backlog of queued messages that built
 * up while processing was stopped, as during an outage. Prints its figures; asserts only
 * that every row ended where it belongs.
 */
@Tag("benchmark")
class FaultToleranceBenchmark extends HubIntegrationTest {

    private static final int FILE_ROWS = 5_000;

    @Value("${hub.intake.files.dir}")
    private Path dropFolder;
    @Autowired
    private CamelContext camel;
    @Autowired
    private ProducerTemplate producer;

    @Test
    void throughputWithAndWithoutPoison() throws IOException {
        int rows = Integer.getInteger("bench.rows", 50_000);

        // Not reported: the first files pay for class loading and the JIT's warm-up.
        filesPerSecond("WARMUP", 2 * FILE_ROWS, 0);
        freshBooks();
        double clean = filesPerSecond("CLEAN", rows, 0);
        freshBooks();
        double poisoned = filesPerSecond("POISON", rows, 100);

        report("vendor file rows/s, no poison: %.0f; with 1%% poison rows: %.0f (%d rows,"
                + " files of %d)", clean, poisoned, rows, FILE_ROWS);
    }

    @Test
    void backlogDrainAfterAnOutage() throws Exception {
        int messages = Integer.getInteger("bench.backlog", 100_000);
        long inboundId = books.jdbc().queryForObject("""
                insert into inbound_message (channel, account, message_type, source_ref,
                    payload, payload_sha256, record_count, batches_sent)
                values ('vendor-stock', 'V1', 'stock-report', 'backlog', '\\x00', 'x', ?, ?)
                returning id""", Long.class, messages, messages);

        camel.getRouteController().suspendRoute("process-events");
        Instant queueing = Instant.now();
        for (int message = 0; message < messages; message++) {
            producer.sendBody("jms:queue:hub.events?exchangePattern=InOnly",
                    oneReceipt(inboundId, message));
        }
        Duration queued = Duration.between(queueing, Instant.now());
        Instant resumed = Instant.now();
        camel.getRouteController().resumeRoute("process-events");
        await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> receipts() == messages);
        Duration drained = Duration.between(resumed, Instant.now());

        report("backlog of %d queued messages (one receipt each, queued in %d s): drained in"
                + " %d s, %.0f messages/s", messages, queued.toSeconds(), drained.toSeconds(),
                messages * 1000.0 / drained.toMillis());
    }

    private double filesPerSecond(String batch, int rows, int poisonEvery) throws IOException {
        ReceiptFiles files = new ReceiptFiles(dropFolder);
        Instant start = Instant.now();
        for (int file = 0; file * FILE_ROWS < rows; file++) {
            String content = ReceiptFiles.receipts(batch + file, FILE_ROWS);
            if (poisonEvery > 0) {
                content = poison(content, poisonEvery);
            }
            files.drop(batch + "-" + file + ".csv", content);
        }
        int poison = poisonEvery == 0 ? 0 : rows / poisonEvery;
        await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> receipts() + deadLetters() == rows);
        Duration took = Duration.between(start, Instant.now());

        assertThat(deadLetters()).isEqualTo(poison);
        return rows * 1000.0 / took.toMillis();
    }

    private void freshBooks() {
        books.reset();
        books.loadCatalog("fixtures/cases-catalog.yaml");
    }

    /** Every n-th row names SKU Z, which the catalog does not know: refused when applied. */
    private static String poison(String content, int every) {
        String[] lines = content.split("\n");
        StringBuilder file = new StringBuilder(lines[0]).append('\n');
        for (int row = 1; row < lines.length; row++) {
            String line = row % every == 0 ? "Z" + lines[row].substring(1) : lines[row];
            file.append(line).append('\n');
        }
        return file.toString();
    }

    private String oneReceipt(long inboundId, int message) throws IOException {
        String sku = message % 2 == 0 ? "A" : "B";
        String reference = "BACKLOG-" + message;
        VendorStockReported receipt = new VendorStockReported(new EventKey("US-RETAIL",
                "vendor-stock", "V1", "VendorStockReported", reference, 0), "V1",
                message % 4 < 2 ? "L1" : "L2", sku, VendorStockReported.Kind.RECEIPT, 1,
                reference, Instant.parse("2026-11-01T14:00:00Z"));
        EventBatch batch = new EventBatch(inboundId, "vendor-stock", "V1", "backlog",
                "g" + (message % 8), List.of(new EventBatch.Record("backlog:" + message,
                        sku + ",1", List.of(receipt))));
        return CanonicalJson.mapper().writeValueAsString(batch);
    }

    private long receipts() {
        return ReceiptFiles.receiptsApplied(books.jdbc());
    }

    private long deadLetters() {
        return books.jdbc().queryForObject("select count(*) from dead_letter", Long.class);
    }

    private static void report(String format, Object... values) {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf("BENCHMARK %s (load average %.1f, %d cores)%n",
                String.format(format, values), load,
                Runtime.getRuntime().availableProcessors());
    }
}
