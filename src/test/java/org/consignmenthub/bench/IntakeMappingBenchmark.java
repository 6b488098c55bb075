package org.consignmenthub.bench;

import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.consignmenthub.intake.CsvRecordReader;
import org.consignmenthub.intake.EdifactRecordReader;
import org.consignmenthub.intake.InboundMessage;
import org.consignmenthub.intake.JsonRecordReader;
import org.consignmenthub.intake.MappedRecord;
import org.consignmenthub.intake.MappingCatalog;
import org.consignmenthub.intake.MappingEngine;
import org.consignmenthub.intake.X12RecordReader;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Intake mapping throughput, without database or broker: the corpus's X12 and EDIFACT files
 * read and mapped by the hub's readers and mappings, beside StAEDI's bare parse of the same
 * bytes (the floor any EDI intake pays), and Shopify order webhooks mapped to canonical
 * orders. One operation is one pass over a file set; the counters turn that into bytes,
 * transaction sets (EDIFACT messages) and orders per second. Not a test: see the README's
 * "Measured figures" for the command.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class IntakeMappingBenchmark {

    /** What one pass went through; JMH reports each field as a rate per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Volume {
        public long bytes;
        public long documents;

        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
            documents = 0;
        }
    }

    /** The payloads, read once from the corpus, and one engine as the hub runs it. */
    @State(Scope.Benchmark)
    public static class Payloads {
        final List<InboundMessage> x12 = new ArrayList<>();
        final List<InboundMessage> edifact = new ArrayList<>();
        final List<InboundMessage> shopifyOrders = new ArrayList<>();
        MappingEngine engine;

        @Setup
        public void read() throws IOException {
            Path corpus = Path.of(System.getProperty("corpus.dir", "../shared/corpus"));
            Map<String, String> attributes = Map.of("legalEntity", "US-RETAIL",
                    "location", "L1", "receivedAt", "2026-12-04T10:00:00Z",
                    "topic", "orders/create", "webhookId", "bench");
            for (Path file : files(corpus.resolve("x12"))) {
                x12.add(message("x12", "CHANNELX", "transaction-sets", file, attributes));
            }
            for (Path file : files(corpus.resolve("edifact"))) {
                boolean salesReport = file.getFileName().toString().contains("slsrpt");
                edifact.add(message(salesReport ? "edifact-slsrpt" : "edifact-orders",
                        "CHANNELY", salesReport ? "sales-report" : "order", file,
                        attributes));
            }
            for (Path file : List.of(
                    corpus.resolve("shopify/shopifydocs_2026-04_orders_create_webhook.json"),
                    corpus.resolve("shopify/shopifypy_order_single_discount_note_attributes"
                            + ".json"),
                    Path.of("mappings/shopify/examples/orders-create.json"))) {
                shopifyOrders.add(message("shopify", "example-shop", "orders-create", file,
                        attributes));
            }
            engine = new MappingEngine(MappingCatalog.load(Path.of("mappings")),
                    List.of(new X12RecordReader(), new EdifactRecordReader(),
                            new JsonRecordReader(), new CsvRecordReader()));
        }

        private static List<Path> files(Path folder) throws IOException {
            try (Stream<Path> files = Files.list(folder)) {
                return files.filter(Files::isRegularFile).sorted().toList();
            }
        }

        private static InboundMessage message(String channel, String account, String type,
                Path file, Map<String, String> attributes) throws IOException {
            return new InboundMessage(1, channel, account, type, file.getFileName().toString(),
                    Files.readAllBytes(file), attributes);
        }
    }

    @Benchmark
    public void x12ReadAndMap(Payloads payloads, Volume volume, Blackhole sink) {
        mapAll(payloads.engine, payloads.x12, volume, sink);
    }

    @Benchmark
    public void x12BareParse(Payloads payloads, Volume volume, Blackhole sink) {
        parseAll(payloads.x12, volume, sink);
    }

    @Benchmark
    public void edifactReadAndMap(Payloads payloads, Volume volume, Blackhole sink) {
        mapAll(payloads.engine, payloads.edifact, volume, sink);
    }

    @Benchmark
    public void edifactBareParse(Payloads payloads, Volume volume, Blackhole sink) {
        parseAll(payloads.edifact, volume, sink);
    }

    @Benchmark
    public void shopifyOrdersMap(Payloads payloads, Volume volume, Blackhole sink) {
        mapAll(payloads.engine, payloads.shopifyOrders, volume, sink);
    }

    /** Documents are the records the readers give: transaction sets, messages, orders. */
    private static void mapAll(MappingEngine engine, List<InboundMessage> messages,
            Volume volume, Blackhole sink) {
        for (InboundMessage message : messages) {
            List<MappedRecord> records = engine.map(message);
            volume.bytes += message.payload().length;
            volume.documents += records.size();
            sink.consume(records);
        }
    }

    /**
     * StAEDI's own reading of the same bytes, event by event, counting transaction sets
     * and messages; a file it cannot read ends where it stops, as the hub's readers do.
     */
    private static void parseAll(List<InboundMessage> messages, Volume volume,
            Blackhole sink) {
        EDIInputFactory factory = EDIInputFactory.newFactory();
        factory.setProperty(EDIInputFactory.EDI_VALIDATE_CONTROL_CODE_VALUES, false);
        factory.setProperty(EDIInputFactory.EDI_IGNORE_EXTRANEOUS_CHARACTERS, true);
        for (InboundMessage message : messages) {
            volume.bytes += message.payload().length;
            try (EDIStreamReader reader = factory.createEDIStreamReader(
                    new ByteArrayInputStream(message.payload()),
                    StandardCharsets.ISO_8859_1.name())) {
                while (reader.hasNext()) {
                    EDIStreamEvent event = reader.next();
                    if (event == EDIStreamEvent.START_TRANSACTION) {
                        volume.documents++;
                    }
                    sink.consume(event);
                }
            } catch (Exception unreadable) {
                sink.consume(unreadable);
            }
        }
    }
}
