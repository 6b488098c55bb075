package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;

/**
 * One engine, its compiled mappings shared by every thread, gives exactly what a mapping
 * compiled afresh for each payload gives: on many threads at once, and record after record
 * on one thread. Had a cached expression been its thread's evaluator, each record's scope
 * would hang below the last: 25,000 records overflow the stack after slowing down
 * quadratically (measured: about 19,000 with the default stack).
 */
class SharedMappingConcurrencyTest {

    private static final Map<String, String> US = Map.of("legalEntity", "US-RETAIL",
            "location", "L1", "receivedAt", "2026-12-04T10:00:00Z");

    @Test
    void manyThreadsOnOneEngineMapEachPayloadAsAFreshCompilationDoes() throws Exception {
        List<InboundMessage> payloads = payloads();
        List<String> expected = new ArrayList<>();
        for (InboundMessage payload : payloads) {
            expected.add(GoldenJson.pretty(GoldenJson.records(freshEngine().map(payload))));
        }
        assertThat(expected).as("the payloads give events, not only refusals")
                .anyMatch(records -> records.contains("\"OrderPlaced\""))
                .anyMatch(records -> records.contains("\"VendorStockReported\""));

        MappingEngine shared = freshEngine();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<List<String>>> runs = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Random random = new Random(1_000 + t);
            runs.add(threads.submit(() -> {
                List<String> wrong = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    int pick = random.nextInt(payloads.size());
                    String actual = GoldenJson.pretty(GoldenJson.records(
                            shared.map(payloads.get(pick))));
                    if (!actual.equals(expected.get(pick))) {
                        wrong.add(payloads.get(pick).sourceRef());
                    }
                }
                return wrong;
            }));
        }
        List<String> wrong = new ArrayList<>();
        for (Future<List<String>> run : runs) {
            wrong.addAll(run.get());
        }
        threads.shutdown();

        assertThat(wrong).as("payloads mapped differently on a shared engine").isEmpty();
    }

    @Test
    void aLongFileMapsRecordAfterRecordOnOneThreadWithoutItsScopeGrowing() {
        int rows = 25_000;
        StringBuilder file = new StringBuilder("sku,location,qty_available\n");
        for (int i = 1; i <= rows; i++) {
            file.append("SKU-").append(i).append(",L1,").append(i).append('\n');
        }

        List<MappedRecord> records = freshEngine().map(new InboundMessage(1, "vendor-stock",
                "V1", "stock-report", "levels.csv",
                file.toString().getBytes(StandardCharsets.UTF_8), US));

        assertThat(records).hasSize(rows).allMatch(MappedRecord.Events.class::isInstance);
        for (int i : new int[] {0, rows / 2, rows - 1}) {
            VendorStockReported level = (VendorStockReported)
                    ((MappedRecord.Events) records.get(i)).events().get(0);
            assertThat(level.sku()).isEqualTo("SKU-" + (i + 1));
            assertThat(level.quantity()).isEqualTo(i + 1);
            assertThat(level.key().externalId()).isEqualTo("levels.csv:" + (i + 2));
        }
    }

    private static MappingEngine freshEngine() {
        return new MappingEngine(MappingCatalog.load(Path.of("mappings")),
                List.of(new X12RecordReader(), new EdifactRecordReader(),
                        new JsonRecordReader(), new CsvRecordReader()));
    }

    private static List<InboundMessage> payloads() throws IOException {
        List<InboundMessage> payloads = new ArrayList<>();
        try (Stream<Path> files = Files.list(Corpus.dir().resolve("x12"))) {
            for (Path file : files.sorted().toList()) {
                payloads.add(new InboundMessage(1, "x12", "CHANNELX", "transaction-sets",
                        file.getFileName().toString(), Files.readAllBytes(file), US));
            }
        }
        for (String example : List.of("inventory-advice-b22.edi", "product-activity.edi",
                "ship-notice.edi")) {
            payloads.add(new InboundMessage(1, "x12", "V2", "transaction-sets", example,
                    Files.readAllBytes(Path.of("mappings/x12/examples", example)), US));
        }
        payloads.add(new InboundMessage(1, "edifact-orders", "CHANNELX", "order",
                "b18-order.edi", Files.readAllBytes(
                        Path.of("mappings/edifact-orders/examples/b18-order.edi")), US));
        StringBuilder levels = new StringBuilder("sku,location,qty_available\n");
        for (int i = 1; i <= 50; i++) {
            levels.append("S").append(i).append(",L").append(i % 3).append(',').append(i * 7)
                    .append('\n');
        }
        payloads.add(new InboundMessage(1, "vendor-stock", "V1", "stock-report", "levels.csv",
                levels.toString().getBytes(StandardCharsets.UTF_8), US));
        return payloads;
    }
}
