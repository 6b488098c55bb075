package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.OrderCancelled;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every BigCommerce file of the corpus through the bigcommerce channel's mappings, each
 * giving its golden records, and the same documents completed the way the hub fetches
 * them (the order with its products, shipments beside the order's products) giving their
 * events. Golden files are rewritten only with {@code -Dgolden.write=true}.
 */
class BigCommerceCorpusTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/bigcommerce");
    private static final String ORDER = "bigcommerce_v2_get_order_example.json";
    private static final String SHIPMENTS = "bigcommerce_v2_order_shipments_example.json";

    private static final Map<String, String> TYPES = Map.of(
            ORDER, "order",
            SHIPMENTS, "shipments",
            "bigcommerce_webhook_sku_inventory_order_updated.json", "webhook",
            "bigcommerce_webhook_store_order_created_thin.json", "webhook");

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final MappingEngine engine = new MappingEngine(
            MappingCatalog.load(Path.of("mappings")), List.of(new JsonRecordReader()));

    static Stream<String> corpusFiles() {
        return TYPES.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void corpusFileGivesItsGoldenRecords(String name) throws IOException {
        GoldenJson.assertGolden(GOLDEN.resolve(name), name, map(name));
    }

    @Test
    void orderWithItsProductsLinkedNotListedIsRefusedNamingTheLink() {
        assertThat(map(ORDER)).singleElement().isInstanceOfSatisfying(
                MappedRecord.Rejected.class, r -> {
                    assertThat(r.field()).isEqualTo("products");
                    assertThat(r.reasonCode()).isEqualTo("LINES_NOT_EMBEDDED");
                    assertThat(r.reason()).contains("\"/orders/218/products\"");
                });
    }

    @Test
    void orderAwaitingPaymentWithItsProductsIsPlacedNotSold() throws IOException {
        ObjectNode order = orderWithProducts(7);

        List<CanonicalEvent> events = events(map("order", "order-218.json",
                PLAIN.writeValueAsBytes(order)));

        OrderPlaced placed = (OrderPlaced) events.get(0);
        assertThat(events).hasSize(1);
        assertThat(placed.orderRef()).isEqualTo("218");
        assertThat(placed.customerRef()).isEqualTo("11");
        assertThat(placed.currency()).isEqualTo("USD");
        // Tue, 05 Mar 2019 21:40:11 +0000; modified Mon, 11 Mar 2019 15:17:25 +0000.
        assertThat(placed.occurredAt()).hasToString("2019-03-05T21:40:11Z");
        assertThat(placed.key().revision()).isEqualTo(495_434);
        assertThat(placed.lines()).extracting(OrderLine::lineRef, OrderLine::sku,
                OrderLine::quantity, l -> l.unitPrice().toPlainString(), OrderLine::location)
                .containsExactly(tuple("188", "A", 1L, "12.0000", "L1"),
                        tuple("189", "B", 3L, "15.9467", "L1"));
    }

    @Test
    void paidOrderIsSoldAndCancelledOrderIsCancelled() throws IOException {
        List<CanonicalEvent> paid = events(map("order", "order-218.json",
                PLAIN.writeValueAsBytes(orderWithProducts(11))));
        assertThat(paid).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("OrderPlaced", "SaleCompleted");
        assertThat(((SaleCompleted) paid.get(1)).lines())
                .isEqualTo(((OrderPlaced) paid.get(0)).lines());

        List<CanonicalEvent> cancelled = events(map("order", "order-218.json",
                PLAIN.writeValueAsBytes(orderWithProducts(5))));
        assertThat(cancelled).singleElement().isInstanceOfSatisfying(OrderCancelled.class,
                c -> assertThat(c.occurredAt()).hasToString("2019-03-11T15:17:25Z"));
    }

    @Test
    void shipmentsNameTheirSkusOnlyThroughTheOrdersProducts() throws IOException {
        assertThat(map(SHIPMENTS)).singleElement().isInstanceOfSatisfying(
                MappedRecord.Rejected.class, r -> {
                    assertThat(r.field()).isEqualTo("[0].items[0].order_product_id");
                    assertThat(r.reasonCode()).isEqualTo("SKU_NOT_NAMED");
                });

        ObjectNode fetched = PLAIN.createObjectNode();
        fetched.set("products", products());
        fetched.set("shipments", PLAIN.readTree(Corpus.bytes("other-channels/" + SHIPMENTS)));
        List<CanonicalEvent> events = events(map("shipments", "shipments-225.json",
                PLAIN.writeValueAsBytes(fetched)));

        assertThat(events).map(ShipmentConfirmed.class::cast).extracting(
                ShipmentConfirmed::orderRef, ShipmentConfirmed::shipmentRef,
                e -> e.occurredAt().toString(), e -> e.lines().get(0).lineRef(),
                e -> e.lines().get(0).sku(), e -> e.lines().get(0).quantity())
                .containsExactly(tuple("225", "6", "2019-03-11T17:22:08Z", "188", "A", 1L),
                        tuple("225", "7", "2019-03-11T17:22:31Z", "189", "B", 1L));
    }

    @Test
    void inventoryChangedByAnOrderIsNotBookedTwiceAndOtherChangesNameTheIds()
            throws IOException {
        ObjectNode manual = (ObjectNode) PLAIN.readTree(Corpus.bytes(
                "other-channels/bigcommerce_webhook_sku_inventory_order_updated.json"));
        manual.put("scope", "store/sku/inventory/updated");

        assertThat(map("webhook", "manual.json", PLAIN.writeValueAsBytes(manual)))
                .singleElement().isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.reasonCode()).isEqualTo("SKU_NOT_NAMED");
                    assertThat(r.reason()).isEqualTo("the webhook names BigCommerce's sku 461"
                            + " (product 206, variant 509) and the level 5, but no SKU code"
                            + " the catalog knows");
                });
    }

    private ObjectNode orderWithProducts(int statusId) throws IOException {
        ObjectNode order = (ObjectNode) PLAIN.readTree(Corpus.bytes("other-channels/" + ORDER));
        order.put("status_id", statusId);
        order.set("products", products());
        return order;
    }

    /** What /v2/orders/{id}/products lists, with catalog SKUs. */
    private static ArrayNode products() {
        ArrayNode products = PLAIN.createArrayNode();
        products.addObject().put("id", 188).put("order_id", 225).put("sku", "A")
                .put("quantity", 1).put("price_inc_tax", "12.0000");
        products.addObject().put("id", 189).put("order_id", 225).put("sku", "B")
                .put("quantity", 3).put("price_inc_tax", "15.9467");
        return products;
    }

    private List<MappedRecord> map(String name) {
        return map(TYPES.get(name), name, Corpus.bytes("other-channels/" + name));
    }

    private List<MappedRecord> map(String messageType, String source, byte[] payload) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("legalEntity", "US-RETAIL");
        attributes.put("location", "L1");
        attributes.put("receivedAt", "2026-12-04T10:00:00Z");
        return engine.map(new InboundMessage(1L, "bigcommerce", "store-1025646", messageType,
                source, payload, attributes));
    }

    private static List<CanonicalEvent> events(List<MappedRecord> records) {
        assertThat(records).singleElement().isInstanceOf(MappedRecord.Events.class);
        return ((MappedRecord.Events) records.get(0)).events();
    }
}
