package org.consignmenthub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published schema of the canonical events describes everything the mappings emit:
 * every event of every mapping example's expected output and of every golden file is valid
 * against it. Since the examples and goldens are what the mappings are tested to give, a
 * mapping cannot emit an event the schema does not describe without one of them failing.
 */
class CanonicalSchemaTest {

    private static final Path MAPPINGS = Path.of("mappings");
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CanonicalSchema schema = CanonicalSchema.load(
            MAPPINGS.resolve(CanonicalSchema.FILE));

    static Stream<Path> expectedOutputs() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> examples = Files.walk(MAPPINGS, 3)) {
            examples.filter(p -> p.toString().endsWith(".expected.json")).forEach(files::add);
        }
        try (Stream<Path> goldens = Files.walk(GOLDEN)) {
            goldens.filter(p -> p.toString().endsWith(".json")).forEach(files::add);
        }
        assertThat(files).as("expected outputs and golden files").hasSizeGreaterThan(20);
        return files.stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectedOutputs")
    void everyEventOfTheFileIsValid(Path file) throws IOException {
        List<JsonNode> events = events(JSON.readTree(file.toFile()));

        for (JsonNode event : events) {
            assertThat(schema.problems(event)).as("%s in %s", event.path("key"), file)
                    .isEmpty();
        }
    }

    @Test
    void theFilesHoldEventsOfEveryKindTheMappingsEmit() throws IOException {
        List<String> kinds = new ArrayList<>();
        for (Path file : expectedOutputs().toList()) {
            events(JSON.readTree(file.toFile())).forEach(e -> kinds.add(e.path("type").asText()));
        }

        assertThat(kinds).hasSizeGreaterThan(100).contains("OrderPlaced", "SaleCompleted",
                "ShipmentConfirmed", "ReturnReceived", "VendorStockReported",
                "PurchaseReceived", "CountRecorded");
    }

    @Test
    void eventsTheHubWritesAreValid() {
        EventKey key = new EventKey("US-RETAIL", "cases", "default", "StockMoved", "M-1", 0);
        StockMoved move = new StockMoved(key, "A", null, "L1", "L2", 3,
                Instant.parse("2026-12-02T14:00:00Z"));
        OrderCancelled cancel = new OrderCancelled(key, "O-1",
                Instant.parse("2026-12-02T14:00:00.123Z"));

        assertThat(schema.problems(CanonicalSchema.tree(move))).isEmpty();
        assertThat(schema.problems(CanonicalSchema.tree(cancel))).isEmpty();
    }

    @Test
    void anEventOutsideTheSchemaIsNamedWithItsProblem() {
        EventKey key = new EventKey("US-RETAIL", "cases", "default", "PurchaseReceived",
                "P-1", 0);
        PurchaseReceived receipt = new PurchaseReceived(key, "V2", "L1", "A", 2,
                new BigDecimal("8.00"), "usd", Instant.parse("2026-12-01T15:00:00Z"));
        ObjectNode withExtra = (ObjectNode) CanonicalSchema.tree(receipt);
        withExtra.put("currency", "USD").put("colour", "blue");
        ObjectNode withoutSku = (ObjectNode) CanonicalSchema.tree(receipt);
        withoutSku.put("currency", "USD").remove("sku");
        ObjectNode unknownType = (ObjectNode) CanonicalSchema.tree(receipt);
        unknownType.put("type", "InvoiceIssued");

        assertThat(schema.problems(CanonicalSchema.tree(receipt)))
                .singleElement().asString().startsWith("currency: ");
        assertThat(schema.problems(withExtra)).singleElement().asString().contains("colour");
        assertThat(schema.problems(withoutSku)).singleElement().asString().contains("sku");
        assertThat(schema.problems(unknownType)).isNotEmpty();
    }

    /** The events of a file of events, or of a file of records each with its events. */
    private static List<JsonNode> events(JsonNode tree) {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode item : tree.isArray() ? tree : List.of(tree)) {
            if (item.has("recordRef")) {
                item.path("events").forEach(events::add);
            } else {
                events.add(item);
            }
        }
        return events;
    }
}
