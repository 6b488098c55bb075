package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.CanonicalSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At runtime every mapped event is checked against the canonical schema beside the
 * mappings: a mapping that writes a currency in lower case makes an event Java would take
 * but the schema does not describe, and its record is refused naming the field.
 */
class MappedEventSchemaTest {

    private static final String MAPPING = """
            {
              "type": "PurchaseReceived",
              "externalId": $record,
              "supplier": "V2",
              "location": $location,
              "sku": sku,
              "quantity": qty,
              "unitCost": cost,
              "currency": currency,
              "occurredAt": "2026-12-01T15:00:00Z"
            }
            """;

    @Test
    void anEventOutsideTheSchemaIsRefusedNamingTheField(@TempDir Path mappings)
            throws IOException {
        channel(mappings);
        Files.createDirectories(mappings.resolve("canonical"));
        Files.copy(Path.of("mappings", CanonicalSchema.FILE),
                mappings.resolve(CanonicalSchema.FILE));

        List<MappedRecord> records = map(mappings, "A,2,8.00,usd\nA,2,8.00,USD\n");

        assertThat(records.get(0)).isInstanceOfSatisfying(MappedRecord.Rejected.class, bad -> {
            assertThat(bad.reasonCode()).isEqualTo("INVALID_FIELD");
            assertThat(bad.field()).isEqualTo("currency");
            assertThat(bad.reason()).contains("canonical-events.v1.schema.json",
                    "^[A-Z]{3}$");
        });
        assertThat(records.get(1)).isInstanceOf(MappedRecord.Events.class);
    }

    @Test
    void withoutTheSchemaFileTheSameEventPasses(@TempDir Path mappings) throws IOException {
        channel(mappings);

        assertThat(map(mappings, "A,2,8.00,usd\n")).singleElement()
                .isInstanceOf(MappedRecord.Events.class);
    }

    private static void channel(Path mappings) throws IOException {
        Path channel = Files.createDirectories(mappings.resolve("purchases"));
        Files.writeString(channel.resolve("receipt.yaml"),
                "format: csv\nexpression: receipt.jsonata\n");
        Files.writeString(channel.resolve("receipt.jsonata"), MAPPING);
    }

    private static List<MappedRecord> map(Path mappings, String rows) {
        MappingEngine engine = new MappingEngine(MappingCatalog.load(mappings),
                List.of(new CsvRecordReader()));
        return engine.map(new InboundMessage(1L, "purchases", "default", "receipt",
                "receipts.csv", ("sku,qty,cost,currency\n" + rows)
                        .getBytes(StandardCharsets.UTF_8),
                Map.of("legalEntity", "US-RETAIL", "location", "L1")));
    }
}
