package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;

/**
 * The Shopify orders/create and fulfillments/create mappings, run through the real engine.
 * Goldens pin whole outputs; the explicit assertions beside them say which values were
 * checked by hand against the corpus file, so a regenerated golden cannot hide a wrong id.
 */
class ShopifyMappingTest {

    private static final Path EXAMPLES = Path.of("mappings/shopify/examples");
    private static final Path GOLDEN = Path.of("src/test/resources/golden/shopify");
    private static final String CORPUS_ORDER =
            "shopify/shopifydocs_2026-04_orders_create_webhook.json";
    private static final String CORPUS_FULFILLMENT =
            "shopify/shopifydocs_2026-04_fulfillments_create_webhook.json";
    private static final String CORPUS_WRAPPED_ORDER =
            "shopify/shopifypy_order_single_discount_note_attributes.json";

    private static final String ORDERS = "orders-create";
    private static final String FULFILLMENTS = "fulfillments-create";

    /** Plain Jackson keeps integers as longs, so edited bodies keep every id digit. */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final MappingEngine engine = new MappingEngine(
            MappingCatalog.load(Path.of("mappings")),
            List.of(new JsonRecordReader(), new CsvRecordReader()));

    @Test
    void orderExampleGivesItsExpectedEvents() throws IOException {
        List<CanonicalEvent> events = events(ORDERS, example("orders-create.json"));

        assertThat(events).isEqualTo(expected(EXAMPLES.resolve("orders-create.expected.json")));
        // Record equality compares BigDecimal with its scale; the text form says so plainly.
        assertThat(((OrderPlaced) events.get(0)).lines())
                .extracting(l -> l.unitPrice().toPlainString())
                .containsExactly("199.00", "5.00");
    }

    @Test
    void fulfillmentExampleGivesItsExpectedEvents() throws IOException {
        List<CanonicalEvent> events = events(FULFILLMENTS, example("fulfillments-create.json"));

        assertThat(events)
                .isEqualTo(expected(EXAMPLES.resolve("fulfillments-create.expected.json")));
    }

    @Test
    void idsPastTheExactRangeOfADoubleKeepEveryDigit() throws IOException {
        List<CanonicalEvent> events = events(ORDERS, example("orders-create.json"));

        // 2^53 + 1: a double would have made it ...992.
        OrderPlaced placed = (OrderPlaced) events.get(0);
        assertThat(placed.orderRef()).isEqualTo("9007199254740993");
        assertThat(placed.key().externalId()).isEqualTo("9007199254740993");
        assertThat(placed.lines()).extracting(OrderLine::lineRef)
                .containsExactly("9007199254741011", "9007199254741013");
    }

    @Test
    void corpusOrderMatchesItsGoldenAndItsPublishedValues() throws IOException {
        List<CanonicalEvent> events = events(ORDERS, Corpus.bytes(CORPUS_ORDER));

        assertThat(events).isEqualTo(expected(GOLDEN.resolve("orders-create.json")));

        // financial_status is "voided": the order is placed, no sale is reported; the
        // revision after it (ShopifyCorpusTest checks it) says it was cancelled.
        assertThat(events).hasSize(2);
        OrderPlaced placed = (OrderPlaced) events.get(0);
        assertThat(placed.orderRef()).isEqualTo("820982911946154500");
        assertThat(placed.key().externalId()).isEqualTo("820982911946154500");
        assertThat(placed.key().revision()).isZero();
        assertThat(placed.customerRef()).isEqualTo("115310627314723950");
        assertThat(placed.currency()).isEqualTo("USD");
        assertThat(placed.occurredAt()).isEqualTo(Instant.parse("2022-01-01T00:00:00Z"));
        assertThat(placed.lines())
                .extracting(OrderLine::lineRef, OrderLine::sku, OrderLine::quantity,
                        l -> l.unitPrice().toPlainString(), OrderLine::location)
                .containsExactly(
                        tuple("487817672276298560", "SKU2006-001", 1L, "89.99", "HUB-01"),
                        tuple("789012345678901200", "LENS-PROTECT-2YR", 1L, "19.99", "HUB-01"),
                        tuple("890123456789012400", "CASE-LEATHER-PREM", 1L, "24.99", "HUB-01"),
                        tuple("976318377106520300", "SKU2006-020", 1L, "159.99", "HUB-01"),
                        tuple("315789986012684400", "SKU2006-035", 1L, "119.99", "HUB-01"));
    }

    @Test
    void corpusFulfillmentMatchesItsGoldenAndItsPublishedValues() throws IOException {
        List<CanonicalEvent> events = events(FULFILLMENTS, Corpus.bytes(CORPUS_FULFILLMENT));

        assertThat(events).isEqualTo(expected(GOLDEN.resolve("fulfillments-create.json")));

        assertThat(events).hasSize(1);
        ShipmentConfirmed shipment = (ShipmentConfirmed) events.get(0);
        assertThat(shipment.shipmentRef()).isEqualTo("123456");
        assertThat(shipment.key().externalId()).isEqualTo("123456");
        assertThat(shipment.orderRef()).isEqualTo("820982911946154500");
        assertThat(shipment.occurredAt()).isEqualTo(Instant.parse("2022-01-01T00:00:00Z"));
        assertThat(shipment.lines())
                .extracting(OrderLine::lineRef, OrderLine::sku, OrderLine::quantity,
                        OrderLine::unitPrice, OrderLine::location)
                .containsExactly(
                        tuple("487817672276298560", "SKU2006-001", 1L, null, "HUB-01"),
                        tuple("789012345678901200", "LENS-PROTECT-2YR", 1L, null, "HUB-01"),
                        tuple("890123456789012400", "CASE-LEATHER-PREM", 1L, null, "HUB-01"),
                        tuple("976318377106520300", "SKU2006-020", 1L, null, "HUB-01"),
                        tuple("315789986012684400", "SKU2006-035", 1L, null, "HUB-01"));
    }

    @Test
    void adminApiOrderWrappedInAnOrderFieldMapsLikeTheWebhookBody() throws IOException {
        List<CanonicalEvent> events = events(ORDERS, Corpus.bytes(CORPUS_WRAPPED_ORDER));

        assertThat(events)
                .isEqualTo(expected(GOLDEN.resolve("orders-create-admin-api-order.json")));

        // financial_status is "authorized": payment is not captured, so no sale yet.
        assertThat(events).hasSize(2);
        OrderPlaced placed = (OrderPlaced) events.get(0);
        assertThat(placed.orderRef()).isEqualTo("450789469");
        assertThat(placed.customerRef()).isEqualTo("207119551");
        assertThat(placed.currency()).isEqualTo("USD");
        assertThat(placed.occurredAt()).isEqualTo(Instant.parse("2008-01-10T16:00:00Z"));
        assertThat(placed.lines())
                .extracting(OrderLine::lineRef, OrderLine::sku, OrderLine::quantity,
                        l -> l.unitPrice().toPlainString())
                .containsExactly(
                        tuple("466157049", "IPOD2008GREEN", 1L, "199.00"),
                        tuple("518995019", "IPOD2008RED", 1L, "199.00"),
                        tuple("703073504", "IPOD2008BLACK", 1L, "199.00"));
    }

    @Test
    void paidOrderAlsoReportsTheSaleWithTheSameLines() throws IOException {
        List<CanonicalEvent> events = events(ORDERS, example("orders-create.json"));

        assertThat(events).hasSize(3);
        OrderPlaced placed = (OrderPlaced) events.get(0);
        SaleCompleted sale = (SaleCompleted) events.get(1);
        assertThat(sale.lines()).isEqualTo(placed.lines());
        assertThat(sale.key().externalId()).isEqualTo(placed.key().externalId());
        assertThat(sale.key().messageType()).isEqualTo("SaleCompleted");
    }

    @Test
    void aLaterEditOfTheSameOrderIsAHigherRevision() throws IOException {
        byte[] first = example("orders-create.json");
        byte[] edited = editedOrder(o -> o.put("updated_at", "2026-03-04T08:00:00+01:00"));

        int firstRevision = events(ORDERS, first).get(0).key().revision();
        int redeliveredRevision = events(ORDERS, first).get(0).key().revision();
        int editedRevision = events(ORDERS, edited).get(0).key().revision();

        assertThat(redeliveredRevision).isEqualTo(firstRevision);
        assertThat(editedRevision).isGreaterThan(firstRevision);
        // Seconds from created_at (10:15:00 on the 2nd) to the edit (08:00:00 on the 4th).
        assertThat(editedRevision).isEqualTo(164_700);
    }

    @Test
    void orderWithoutUpdatedAtIsRevisionZero() throws IOException {
        byte[] body = editedOrder(o -> o.remove("updated_at"));

        assertThat(events(ORDERS, body).get(0).key().revision()).isZero();
    }

    @Test
    void orderWithoutCustomerHasNoCustomerRef() throws IOException {
        byte[] body = editedOrder(o -> o.putNull("customer"));

        assertThat(((OrderPlaced) events(ORDERS, body).get(0)).customerRef()).isNull();
    }

    @Test
    void orderWithoutLineItemsIsRejected() throws IOException {
        MappedRecord.Rejected rejected = rejected(ORDERS,
                editedOrder(o -> o.remove("line_items")));

        assertThat(rejected.field()).isEqualTo("line_items");
        assertThat(rejected.reasonCode()).isEqualTo("MISSING_FIELD");
        assertThat(rejected.reason()).contains("at least one line item");
    }

    @Test
    void orderLineWithQuantityZeroIsRejected() throws IOException {
        MappedRecord.Rejected rejected = rejected(ORDERS,
                editedOrder(o -> line(o, 1).put("quantity", 0)));

        assertThat(rejected.field()).isEqualTo("line_items[1].quantity");
        assertThat(rejected.reasonCode()).isEqualTo("INVALID_FIELD");
        assertThat(rejected.reason()).contains("positive whole number, was 0");
    }

    @Test
    void orderLineWithAFractionalQuantityIsRejectedNotTruncated() throws IOException {
        MappedRecord.Rejected rejected = rejected(ORDERS,
                editedOrder(o -> line(o, 0).put("quantity", 1.5)));

        assertThat(rejected.field()).isEqualTo("line_items[0].quantity");
        assertThat(rejected.reason()).contains("was 1.5");
    }

    @Test
    void orderLineWithAQuantityGivenAsTextIsRejected() throws IOException {
        MappedRecord.Rejected rejected = rejected(ORDERS,
                editedOrder(o -> line(o, 0).put("quantity", "2")));

        assertThat(rejected.field()).isEqualTo("line_items[0].quantity");
        assertThat(rejected.reason()).contains("was \"2\"");
    }

    @Test
    void orderLineWithoutPriceIsRejected() throws IOException {
        MappedRecord.Rejected rejected = rejected(ORDERS,
                editedOrder(o -> line(o, 0).remove("price")));

        assertThat(rejected.field()).isEqualTo("line_items[0].price");
        assertThat(rejected.reasonCode()).isEqualTo("MISSING_FIELD");
    }

    @Test
    void orderLineWithANegativePriceIsRejected() throws IOException {
        MappedRecord.Rejected rejected = rejected(ORDERS,
                editedOrder(o -> line(o, 1).put("price", "-5.00")));

        assertThat(rejected.field()).isEqualTo("line_items[1].price");
        assertThat(rejected.reasonCode()).isEqualTo("INVALID_FIELD");
        assertThat(rejected.reason()).contains("cannot be negative, was -5.00");
    }

    @Test
    void orderLineWithAPriceThatIsNotADecimalIsRejected() throws IOException {
        MappedRecord.Rejected rejected = rejected(ORDERS,
                editedOrder(o -> line(o, 0).put("price", "12,50")));

        assertThat(rejected.field()).isEqualTo("line_items[0].price");
        assertThat(rejected.reason()).contains("must be a decimal number, was 12,50");
    }

    @Test
    void orderLineWithoutSkuRejectsTheWholeOrder() throws IOException {
        MappedRecord.Rejected rejected = rejected(ORDERS,
                editedOrder(o -> line(o, 1).putNull("sku")));

        assertThat(rejected.field()).isEqualTo("line_items[1].sku");
        assertThat(rejected.reasonCode()).isEqualTo("MISSING_FIELD");
        assertThat(rejected.reason()).contains("9007199254741013");
    }

    @Test
    void orderWithoutCurrencyIsRejected() throws IOException {
        MappedRecord.Rejected rejected = rejected(ORDERS,
                editedOrder(o -> o.remove("currency")));

        assertThat(rejected.field()).isEqualTo("currency");
        assertThat(rejected.reasonCode()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void orderWithAnUnreadableCreationTimeIsRejected() throws IOException {
        MappedRecord.Rejected rejected = rejected(ORDERS,
                editedOrder(o -> o.put("created_at", "02/03/2026 10:15")));

        assertThat(rejected.field()).isEqualTo("created_at");
        assertThat(rejected.reason()).contains("02/03/2026 10:15");
    }

    @Test
    void orderWithAFractionalIdIsRejected() throws IOException {
        MappedRecord.Rejected rejected = rejected(ORDERS,
                editedOrder(o -> o.put("id", 8.2e17)));

        assertThat(rejected.field()).isEqualTo("id");
        assertThat(rejected.reasonCode()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void nonJsonOrderBodyIsRejectedAsUnreadable() {
        MappedRecord.Rejected rejected = rejected(ORDERS,
                "order=1001&sku=A".getBytes(StandardCharsets.UTF_8));

        assertThat(rejected.field()).isEqualTo("body");
        assertThat(rejected.reasonCode()).isEqualTo("UNREADABLE");
        assertThat(rejected.reason()).startsWith("not valid JSON");
    }

    @Test
    void jsonArrayInsteadOfAnOrderIsRejected() {
        MappedRecord.Rejected rejected = rejected(ORDERS,
                "[{\"id\": 1}]".getBytes(StandardCharsets.UTF_8));

        assertThat(rejected.field()).isEqualTo("body");
        assertThat(rejected.reasonCode()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void webhookOfAnotherTopicIsRejected() throws IOException {
        MappedRecord.Rejected rejected = single(engine.map(message(ORDERS,
                example("orders-create.json"), attributes("orders/updated"))),
                MappedRecord.Rejected.class);

        assertThat(rejected.field()).isEqualTo("topic");
        assertThat(rejected.reasonCode()).isEqualTo("UNEXPECTED_TOPIC");
        assertThat(rejected.reason()).contains("orders/updated");
    }

    @Test
    void shopAccountWithoutAHubLocationIsRejected() throws IOException {
        Map<String, String> attributes = attributes("orders/create");
        attributes.remove("location");

        MappedRecord.Rejected rejected = single(engine.map(message(ORDERS,
                example("orders-create.json"), attributes)), MappedRecord.Rejected.class);

        assertThat(rejected.field()).isEqualTo("location");
        assertThat(rejected.reasonCode()).isEqualTo("MISSING_ATTRIBUTE");
    }

    @Test
    void fulfillmentWithoutLineItemsIsRejected() throws IOException {
        MappedRecord.Rejected rejected = rejected(FULFILLMENTS,
                editedFulfillment(f -> f.putArray("line_items")));

        assertThat(rejected.field()).isEqualTo("line_items");
        assertThat(rejected.reasonCode()).isEqualTo("MISSING_FIELD");
    }

    @Test
    void fulfillmentLineWithQuantityZeroIsRejected() throws IOException {
        MappedRecord.Rejected rejected = rejected(FULFILLMENTS,
                editedFulfillment(f -> line(f, 0).put("quantity", 0)));

        assertThat(rejected.field()).isEqualTo("line_items[0].quantity");
        assertThat(rejected.reasonCode()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void fulfillmentLineWithoutSkuIsRejected() throws IOException {
        MappedRecord.Rejected rejected = rejected(FULFILLMENTS,
                editedFulfillment(f -> line(f, 1).put("sku", " ")));

        assertThat(rejected.field()).isEqualTo("line_items[1].sku");
        assertThat(rejected.reasonCode()).isEqualTo("MISSING_FIELD");
    }

    @Test
    void fulfillmentWithoutOrderIdIsRejected() throws IOException {
        MappedRecord.Rejected rejected = rejected(FULFILLMENTS,
                editedFulfillment(f -> f.remove("order_id")));

        assertThat(rejected.field()).isEqualTo("order_id");
    }

    @Test
    void nonJsonFulfillmentBodyIsRejectedAsUnreadable() {
        MappedRecord.Rejected rejected = rejected(FULFILLMENTS,
                "{\"id\": 1, \"line_items\": [".getBytes(StandardCharsets.UTF_8));

        assertThat(rejected.field()).isEqualTo("body");
        assertThat(rejected.reasonCode()).isEqualTo("UNREADABLE");
    }

    @Test
    void failedFulfillmentIsSkippedBecauseNothingLeft() throws IOException {
        byte[] body = editedFulfillment(f -> f.put("status", "failure"));

        MappedRecord.Skipped skipped = single(engine.map(message(FULFILLMENTS, body,
                attributes("fulfillments/create"))), MappedRecord.Skipped.class);

        assertThat(skipped.reasonCode()).isEqualTo("FULFILLMENT_FAILURE");
    }

    private List<CanonicalEvent> events(String messageType, byte[] body) {
        MappedRecord.Events events = single(engine.map(message(messageType, body,
                attributes(topic(messageType)))), MappedRecord.Events.class);
        return events.events();
    }

    private MappedRecord.Rejected rejected(String messageType, byte[] body) {
        return single(engine.map(message(messageType, body, attributes(topic(messageType)))),
                MappedRecord.Rejected.class);
    }

    private static <T extends MappedRecord> T single(List<MappedRecord> records, Class<T> kind) {
        assertThat(records).hasSize(1);
        assertThat(records.get(0)).isInstanceOf(kind);
        return kind.cast(records.get(0));
    }

    private static InboundMessage message(String messageType, byte[] body,
            Map<String, String> attributes) {
        return new InboundMessage(1L, "shopify", "example-shop", messageType, "webhook-test",
                body, attributes);
    }

    private static String topic(String messageType) {
        return messageType.replace('-', '/');
    }

    private static Map<String, String> attributes(String topic) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("legalEntity", "RETAIL-01");
        attributes.put("location", "HUB-01");
        attributes.put("topic", topic);
        attributes.put("webhookId", "3f1c2a9e-7b40-4d1e-9a57-0c6e2d8b1f44");
        return attributes;
    }

    private static byte[] example(String name) throws IOException {
        return Files.readAllBytes(EXAMPLES.resolve(name));
    }

    private static byte[] editedOrder(Consumer<ObjectNode> edit) throws IOException {
        return edited("orders-create.json", edit);
    }

    private static byte[] editedFulfillment(Consumer<ObjectNode> edit) throws IOException {
        return edited("fulfillments-create.json", edit);
    }

    private static byte[] edited(String example, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode body = (ObjectNode) PLAIN.readTree(example(example));
        edit.accept(body);
        return PLAIN.writeValueAsBytes(body);
    }

    private static ObjectNode line(ObjectNode body, int index) {
        return (ObjectNode) ((ArrayNode) body.get("line_items")).get(index);
    }

    private static List<CanonicalEvent> expected(Path file) throws IOException {
        return CanonicalJson.mapper().readValue(file.toFile(),
                new TypeReference<List<CanonicalEvent>>() { });
    }
}
