package org.consignmenthub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
                "PurchaseReceived", "CountRecorded", "OrderRevised", "VendorInvoiceReceived",
                "OrderAcknowledged", "WarehouseOrderReceived");
    }

    /** A canonical event Java knows but the schema does not name would be refused at runtime. */
    @Test
    void theSchemaNamesEveryEventJavaWritesAndDefinesEachOnce() throws IOException {
        List<String> java = Arrays.stream(
                CanonicalEvent.class.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::name).toList();
        JsonNode tree = JSON.readTree(MAPPINGS.resolve(CanonicalSchema.FILE).toFile());
        List<String> named = new ArrayList<>();
        tree.path("properties").path("type").path("enum").forEach(n -> named.add(n.asText()));
        List<String> defined = new ArrayList<>();
        tree.path("allOf").forEach(block -> defined.add(
                block.path("if").path("properties").path("type").path("const").asText()));

        assertThat(named).containsExactlyInAnyOrderElementsOf(java);
        assertThat(defined).containsExactlyInAnyOrderElementsOf(java);
    }

    @Test
    void channelOrderRevisionsAreValidWithTheAmountsAChannelLeavesOut() {
        EventKey key = new EventKey("RETAIL-01", "shopify", "example-shop", "OrderRevised",
                "1001/2026-12-03T09:14:02Z", 0);
        OrderRevised.Line kept = new OrderRevised.Line("881", "A", 2, new BigDecimal("19.13"),
                null, null, "HUB-01");
        OrderRevised.Line removed = new OrderRevised.Line("882", "B", 0, null, null, null,
                "HUB-01");
        OrderRevised paid = new OrderRevised(key, "1001", Instant.parse("2026-12-03T09:14:02Z"),
                OrderRevised.FinancialStatus.PAID, null, "EUR", new BigDecimal("40.18"),
                new BigDecimal("6.70"), List.of(kept, removed));
        OrderRevised voided = new OrderRevised(key, "1001",
                Instant.parse("2026-12-03T10:00:00Z"), OrderRevised.FinancialStatus.VOIDED,
                Instant.parse("2026-12-03T10:00:00Z"), null, null, null, List.of());
        ObjectNode negative = (ObjectNode) CanonicalSchema.tree(paid);
        ((ObjectNode) negative.path("lines").get(0)).put("quantity", -1);

        assertThat(schema.problems(CanonicalSchema.tree(paid))).isEmpty();
        assertThat(schema.problems(CanonicalSchema.tree(voided))).isEmpty();
        assertThat(schema.problems(negative)).singleElement().asString()
                .startsWith("lines[0].quantity: ");
    }

    @Test
    void partnerDocumentsAreValidAndAnInvoiceLineNeedsAQuantity() {
        Instant at = Instant.parse("2026-12-10T05:00:00Z");
        DocumentLine invoiced = new DocumentLine("1", null, "UP:012345678905",
                new BigDecimal("4"), null, "CA", new BigDecimal("12.50"), new BigDecimal("50.00"),
                new BigDecimal("0.0825"), null);
        DocumentLine answered = new DocumentLine("1", "A", "VP:A", null, new BigDecimal("3"),
                "EA", null, null, null, "BACKORDERED");
        VendorInvoiceReceived credit = new VendorInvoiceReceived(
                new EventKey("EU-RETAIL", "edifact-invoic", "V2", "VendorInvoiceReceived",
                        "CN-7", 0),
                "V2", "CN-7", VendorInvoiceReceived.Kind.CREDIT_NOTE, null, List.of(), "EUR", at,
                new BigDecimal("-50.00"), null, null, null, List.of(invoiced));
        OrderAcknowledged ack = new OrderAcknowledged(
                new EventKey("US-RETAIL", "x12", "V2", "OrderAcknowledged", "PO-1/AC", 0),
                "PO-1", null, OrderAcknowledged.Status.ACCEPTED_WITH_CHANGES, at,
                List.of(answered));
        WarehouseOrderReceived pick = new WarehouseOrderReceived(
                new EventKey("US-RETAIL", "x12", "CHANNELX", "WarehouseOrderReceived", "W-1", 0),
                "W-1", null, "L2", null, at, List.of(invoiced));
        WarehouseOrderReceived noQuantity = new WarehouseOrderReceived(pick.key(), "W-1", null,
                "L2", null, at, List.of(answered));

        assertThat(schema.problems(CanonicalSchema.tree(credit))).isEmpty();
        assertThat(schema.problems(CanonicalSchema.tree(ack))).isEmpty();
        assertThat(schema.problems(CanonicalSchema.tree(pick))).isEmpty();
        assertThat(schema.problems(CanonicalSchema.tree(noQuantity))).isNotEmpty()
                .allSatisfy(p -> assertThat(p).startsWith("lines[0].quantity: "));
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

    /** Matched by its location, a return names no order line; without it, it may. */
    @Test
    void aReturnMatchedByLocationNamesNoOrderLine() {
        EventKey key = new EventKey("RETAIL-01", "edifact-slsrpt", "5412345000013",
                "ReturnReceived", "SR1/2/return", 0);
        Instant at = Instant.parse("2024-05-11T23:00:00Z");
        ReturnReceived byStore = new ReturnReceived(key, "SR1-5412345000105", null, null,
                ReturnReceived.MatchBy.LOCATION, null, "5498765100029", 1, "RESALEABLE",
                "5412345000105", at);
        ReturnReceived byLine = new ReturnReceived(key, "RMA-1", "O-1", "1", "C-1", "A", 1,
                "RESALEABLE", "L1", at);
        ObjectNode naming = (ObjectNode) CanonicalSchema.tree(byStore);
        naming.put("orderRef", "SR1-5412345000105");

        assertThat(schema.problems(CanonicalSchema.tree(byStore))).isEmpty();
        assertThat(CanonicalSchema.tree(byLine).has("matchBy")).isFalse();
        assertThat(schema.problems(CanonicalSchema.tree(byLine))).isEmpty();
        assertThat(schema.problems(naming)).singleElement().asString()
                .startsWith("orderRef: ");
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
