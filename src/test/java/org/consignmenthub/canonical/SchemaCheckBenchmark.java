package org.consignmenthub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.consignmenthub.intake.CsvRecordReader;
import org.consignmenthub.intake.InboundMessage;
import org.consignmenthub.intake.MappedRecord;
import org.consignmenthub.intake.MappingCatalog;
import org.consignmenthub.intake.MappingEngine;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What checking every mapped event against the canonical schema costs at runtime: the
 * first day of the Online Retail data (3,108 rows, 6,000 events) mapped with the schema and
 * without it, best of several rounds each. Not part of the suite (the name does not end in
 * Test); run with {@code ./mvnw -B -ntp test -Dtest=SchemaCheckBenchmark}.
 */
class SchemaCheckBenchmark {

    private static final int ROUNDS = 8;

    @Test
    void mapADayWithAndWithoutTheSchema(@TempDir Path bare) throws IOException {
        Path channel = Files.createDirectories(bare.resolve("online-retail"));
        for (String file : List.of("sales-report.yaml", "sales-report.jsonata")) {
            Files.copy(Path.of("mappings/online-retail", file), channel.resolve(file));
        }
        MappingEngine checked = engine(Path.of("mappings"));
        MappingEngine unchecked = engine(bare);
        byte[] day = Corpus.bytes("retail-dataset/online-retail-by-day/2010-12-01.csv");
        assertThat(checked.catalog().schema()).isPresent();
        assertThat(unchecked.catalog().schema()).isEmpty();

        long events = events(checked.map(message(day)));
        long withSchema = Long.MAX_VALUE;
        long withoutSchema = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            withoutSchema = Math.min(withoutSchema, time(unchecked, day));
            withSchema = Math.min(withSchema, time(checked, day));
        }

        System.out.printf("schema check: %d events; without %d ms, with %d ms;"
                + " %.1f us per event%n", events, withoutSchema / 1_000_000,
                withSchema / 1_000_000, (withSchema - withoutSchema) / 1000.0 / events);
        assertThat(events).isGreaterThan(5000);
    }

    private static long time(MappingEngine engine, byte[] day) {
        long start = System.nanoTime();
        engine.map(message(day));
        return System.nanoTime() - start;
    }

    private static long events(List<MappedRecord> records) {
        return records.stream().filter(r -> r instanceof MappedRecord.Events)
                .mapToLong(r -> ((MappedRecord.Events) r).events().size()).sum();
    }

    private static MappingEngine engine(Path mappings) {
        return new MappingEngine(MappingCatalog.load(mappings), List.of(new CsvRecordReader()));
    }

    private static InboundMessage message(byte[] day) {
        return new InboundMessage(1L, "online-retail", "default", "sales-report",
                "2010-12-01.csv", day, Map.of("legalEntity", "RETAIL-01", "location",
                        "HUB-01", "receivedAt", "2011-06-12T06:00:00Z"));
    }
}
