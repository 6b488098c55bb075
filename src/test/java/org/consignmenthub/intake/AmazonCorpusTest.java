package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.consignmenthub.canonical.OrderCancelled;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Amazon SP-API file of the corpus through the amazon channel's mappings: each gives
 * exactly its golden records (events, a skip with its reason, or a rejection naming the
 * file, the position in it, the field and the reason). The tests beside the golden check
 * the values that matter against the file as written, and edited copies show that what
 * the corpus files refuse is mapped once it is right. Golden files are rewritten only with
 * {@code -Dgolden.write=true}.
 */
class AmazonCorpusTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/amazon");
    private static final String RECEIVED = "2026-12-04T10:00:00Z";

    /** The message type each corpus file is sent as. */
    private static final Map<String, String> TYPES = Map.of(
            "spapi_notification_order_change_example.json", "notification",
            "spapi_ordersV0_getOrderItems_example_mixed_currency.json", "get-order-items",
            "spapi_ordersV0_getOrders_example_nexttoken_buyerinfo.json", "get-orders",
            "spapi_ordersV0_getOrders_sandbox_epoch_dates.json", "get-orders",
            "spapi_report_vendor_sales_weekly_example.json", "vendor-sales-report",
            "spapi_vendorDF_getOrders_example.json", "vendor-df-orders",
            "spapi_vendorDF_submitInventoryUpdate_request.json", "vendor-df-inventory",
            "spapi_vendor_getPurchaseOrders_example.json", "vendor-purchase-orders",
            "spapi_vendor_submitShipmentConfirmations_request.json",
            "vendor-shipment-confirmations");

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final MappingEngine engine = new MappingEngine(
            MappingCatalog.load(Path.of("mappings")), List.of(new JsonRecordReader()));

    static Stream<String> corpusFiles() throws IOException {
        List<String> names = GoldenJson.corpusFiles("amazon");
        assertThat(names).containsExactlyInAnyOrderElementsOf(TYPES.keySet());
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void corpusFileGivesItsGoldenRecords(String name) throws IOException {
        GoldenJson.assertGolden(GOLDEN.resolve(name), name, map(name));
    }

    @Test
    void everyRefusalNamesTheFileThePositionAndTheField() throws IOException {
        for (String name : corpusFiles().toList()) {
            for (MappedRecord record : map(name)) {
                assertThat(record.recordRef()).startsWith(name);
                if (record instanceof MappedRecord.Rejected rejected) {
                    assertThat(rejected.field()).as(record.recordRef()).isNotBlank();
                    assertThat(rejected.reason()).as(record.recordRef()).isNotBlank();
                }
            }
        }
    }

    @Test
    void mixedCurrencyOrderIsRefusedNamingTheGiftWrapPrice() {
        assertThat(map("spapi_ordersV0_getOrderItems_example_mixed_currency.json"))
                .singleElement().isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.field())
                            .isEqualTo("OrderItems[0].BuyerInfo.GiftWrapPrice.CurrencyCode");
                    assertThat(r.reasonCode()).isEqualTo("MIXED_CURRENCY");
                    assertThat(r.reason()).isEqualTo("\"GBP\" in an order priced in JPY"
                            + " (OrderItems[0].ItemPrice); one order is settled in one"
                            + " currency");
                });
    }

    @Test
    void orderItemsInOneCurrencyOnOnePageBecomeAnOrderWithUnitPrices() throws IOException {
        ObjectNode page = (ObjectNode) PLAIN.readTree(Corpus.bytes(
                "amazon/spapi_ordersV0_getOrderItems_example_mixed_currency.json"));
        ObjectNode payload = (ObjectNode) page.get("payload");
        payload.remove("NextToken");
        ((ObjectNode) payload.at("/OrderItems/0/BuyerInfo/GiftWrapPrice"))
                .put("CurrencyCode", "JPY");

        List<MappedRecord> records = map("get-order-items", "one-page.json",
                PLAIN.writeValueAsBytes(page));

        OrderPlaced order = (OrderPlaced) single(records).get(0);
        assertThat(order.orderRef()).isEqualTo("903-1671087-0812628");
        assertThat(order.currency()).isEqualTo("JPY");
        assertThat(order.occurredAt()).hasToString(RECEIVED);
        // ItemPrice is the price of the whole quantity: 17.95 for 2 is 8.975 a unit.
        assertThat(order.lines()).extracting(OrderLine::lineRef, OrderLine::sku,
                OrderLine::quantity, l -> l.unitPrice().toPlainString(), OrderLine::location)
                .containsExactly(tuple("68828574383266", "CBA_OTF_1", 1L, "25.99", "AMZ-FC"),
                        tuple("79039765272157", "CBA_OTF_5", 2L, "8.975", "AMZ-FC"));
    }

    @Test
    void aPageThatContinuesIsRefusedSoNoHalfOrderIsPlaced() throws IOException {
        ObjectNode page = (ObjectNode) PLAIN.readTree(Corpus.bytes(
                "amazon/spapi_ordersV0_getOrderItems_example_mixed_currency.json"));
        ((ObjectNode) page.at("/payload/OrderItems/0/BuyerInfo/GiftWrapPrice"))
                .put("CurrencyCode", "JPY");

        assertThat(map("get-order-items", "first-page.json", PLAIN.writeValueAsBytes(page)))
                .singleElement().isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.field()).isEqualTo("NextToken");
                    assertThat(r.reasonCode()).isEqualTo("INCOMPLETE_ORDER");
                });
    }

    @Test
    void sandboxEpochDatesAreRefusedOrderByOrder() {
        List<MappedRecord> records = map("spapi_ordersV0_getOrders_sandbox_epoch_dates.json");

        assertThat(records).extracting(MappedRecord::recordRef).containsExactly(
                "spapi_ordersV0_getOrders_sandbox_epoch_dates.json#payload.Orders[0]",
                "spapi_ordersV0_getOrders_sandbox_epoch_dates.json#payload.Orders[1]");
        assertThat(records).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(
                MappedRecord.Rejected.class, rejected -> {
                    assertThat(rejected.field()).isEqualTo("PurchaseDate");
                    assertThat(rejected.reasonCode()).isEqualTo("IMPLAUSIBLE_DATE");
                    assertThat(rejected.reason()).startsWith("1970-01-19T03:58:30Z is before"
                            + " 2000");
                }));
    }

    @Test
    void aCancelledOrderInGetOrdersCancelsAndPendingOnesAreSkipped() throws IOException {
        ObjectNode page = (ObjectNode) PLAIN.readTree(Corpus.bytes(
                "amazon/spapi_ordersV0_getOrders_example_nexttoken_buyerinfo.json"));
        ObjectNode order = (ObjectNode) page.at("/payload/Orders/0");
        assertThat(map("get-orders", "page.json", PLAIN.writeValueAsBytes(page)))
                .singleElement().isInstanceOfSatisfying(MappedRecord.Skipped.class,
                        s -> assertThat(s.reasonCode()).isEqualTo("ORDER_PENDING"));

        order.put("OrderStatus", "Canceled").put("LastUpdateDate", "2017-01-21T08:00:00Z");
        OrderCancelled cancelled = (OrderCancelled) single(map("get-orders", "page.json",
                PLAIN.writeValueAsBytes(page))).get(0);

        assertThat(cancelled.orderRef()).isEqualTo("902-3159896-1390916");
        assertThat(cancelled.occurredAt()).hasToString("2017-01-21T08:00:00Z");
        // Buyer details are personal data the ledger does not need.
        assertThat(cancelled.toString()).doesNotContain("user@example.com", "John Doe");
    }

    @Test
    void aBuyerAskingToCancelDoesNotCancelTheOrder() throws IOException {
        assertThat(map("spapi_notification_order_change_example.json")).singleElement()
                .isInstanceOfSatisfying(MappedRecord.Skipped.class,
                        s -> assertThat(s.reasonCode()).isEqualTo("BUYER_CANCEL_REQUESTED"));

        ObjectNode notice = (ObjectNode) PLAIN.readTree(Corpus.bytes(
                "amazon/spapi_notification_order_change_example.json"));
        ((ObjectNode) notice.at("/Payload/OrderChangeNotification/Summary"))
                .put("OrderStatus", "Canceled");
        OrderCancelled cancelled = (OrderCancelled) single(map("notification", "notice.json",
                PLAIN.writeValueAsBytes(notice))).get(0);

        assertThat(cancelled.orderRef()).isEqualTo("903-8868176-2219830");
        assertThat(cancelled.occurredAt()).hasToString("2022-11-29T19:42:04.284Z");
    }

    @Test
    void directFulfilmentOrderIsPlacedAndSoldAtItsNetPrices() {
        var events = single(map("spapi_vendorDF_getOrders_example.json"));

        assertThat(events).hasSize(2);
        OrderPlaced placed = (OrderPlaced) events.get(0);
        SaleCompleted sold = (SaleCompleted) events.get(1);
        assertThat(placed.orderRef()).isEqualTo("2JK3S9VC");
        assertThat(placed.currency()).isEqualTo("USD");
        assertThat(placed.occurredAt()).hasToString("2020-02-20T13:51:00Z");
        assertThat(placed.lines()).extracting(OrderLine::lineRef, OrderLine::sku,
                OrderLine::quantity, l -> l.unitPrice().toPlainString())
                .containsExactly(tuple("00001", "8806098286500", 1L, "500"),
                        tuple("00002", "8806098286123", 2L, "700"));
        assertThat(sold.lines()).isEqualTo(placed.lines());
    }

    @Test
    void cancelledDirectFulfilmentOrderCancelsAndOtherNotificationsAreSkipped()
            throws IOException {
        ObjectNode page = (ObjectNode) PLAIN.readTree(Corpus.bytes(
                "amazon/spapi_vendorDF_getOrders_example.json"));
        ((ObjectNode) page.at("/orders/0/orderDetails")).put("orderStatus", "CANCELLED");
        assertThat(single(map("vendor-df-orders", "df.json", PLAIN.writeValueAsBytes(page))))
                .singleElement().isInstanceOfSatisfying(OrderCancelled.class,
                        c -> assertThat(c.orderRef()).isEqualTo("2JK3S9VC"));

        ObjectNode notice = (ObjectNode) PLAIN.readTree(Corpus.bytes(
                "amazon/spapi_notification_order_change_example.json"));
        notice.put("NotificationType", "ANY_OFFER_CHANGED");
        assertThat(map("notification", "notice.json", PLAIN.writeValueAsBytes(notice)))
                .singleElement().isInstanceOfSatisfying(MappedRecord.Skipped.class,
                        s -> assertThat(s.reasonCode()).isEqualTo("NOTIFICATION_NOT_MAPPED"));
    }

    @Test
    void purchaseOrderPricedByWeightIsRefusedAndCasesAreCountedOut() throws IOException {
        assertThat(map("spapi_vendor_getPurchaseOrders_example.json")).singleElement()
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.recordRef()).endsWith("#payload.orders[0]");
                    assertThat(r.field()).isEqualTo("items[0].netCost.unitOfMeasure");
                    assertThat(r.reasonCode()).isEqualTo("WEIGHT_PRICED");
                });

        ObjectNode page = (ObjectNode) PLAIN.readTree(Corpus.bytes(
                "amazon/spapi_vendor_getPurchaseOrders_example.json"));
        ((ObjectNode) page.at("/payload/orders/0/items/0/netCost")).remove("unitOfMeasure");
        OrderPlaced order = (OrderPlaced) single(map("vendor-purchase-orders", "po.json",
                PLAIN.writeValueAsBytes(page))).get(0);

        assertThat(order.orderRef()).isEqualTo("L8266355");
        assertThat(order.customerRef()).isEqualTo("ABCD");
        assertThat(order.currency()).isEqualTo("INR");
        // Changed on 24 May at 16:05, 30 hours 5 minutes after it was placed.
        assertThat(order.key().revision()).isEqualTo(108_300);
        // 2 cases of 10.
        assertThat(order.lines()).extracting(OrderLine::sku, OrderLine::quantity,
                l -> l.unitPrice().toPlainString())
                .containsExactly(tuple("028877454078", 20L, "1800"));
    }

    @Test
    void shipmentConfirmationWithoutProductIdsIsRefusedAndWithThemShipsPerOrder()
            throws IOException {
        assertThat(map("spapi_vendor_submitShipmentConfirmations_request.json")).singleElement()
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.recordRef()).endsWith("#shipmentConfirmations[0]");
                    assertThat(r.field()).isEqualTo("shippedItems[0].vendorProductIdentifier");
                });

        ObjectNode request = (ObjectNode) PLAIN.readTree(Corpus.bytes(
                "amazon/spapi_vendor_submitShipmentConfirmations_request.json"));
        ObjectNode first = (ObjectNode) request.at("/shipmentConfirmations/0/shippedItems/0");
        ObjectNode second = (ObjectNode) request.at("/shipmentConfirmations/0/shippedItems/1");
        first.put("vendorProductIdentifier", "SKU-A");
        second.put("vendorProductIdentifier", "SKU-B");
        assertThat(map("vendor-shipment-confirmations", "asn.json",
                PLAIN.writeValueAsBytes(request))).singleElement()
                .isInstanceOfSatisfying(MappedRecord.Rejected.class,
                        r -> assertThat(r.field()).isEqualTo("shippedItems[1].shippedQuantity"
                                + ".unitSize"));

        ((ObjectNode) second.get("shippedQuantity")).put("unitSize", 6);
        ShipmentConfirmed shipment = (ShipmentConfirmed) single(map(
                "vendor-shipment-confirmations", "asn.json", PLAIN.writeValueAsBytes(request)))
                .get(0);
        assertThat(shipment.orderRef()).isEqualTo("TestOrder202");
        assertThat(shipment.shipmentRef()).isEqualTo("TestShipmentConfirmation202");
        assertThat(shipment.occurredAt()).hasToString("2021-03-11T12:38:23.388Z");
        assertThat(shipment.lines()).extracting(OrderLine::lineRef, OrderLine::sku,
                OrderLine::quantity)
                .containsExactly(tuple("001", "SKU-A", 100L), tuple("002", "SKU-B", 600L));
    }

    @Test
    void inventoryUpdateStatesEachItemsLevelForTheSellingVendor() {
        var events = single(map("spapi_vendorDF_submitInventoryUpdate_request.json"));

        assertThat(events).map(VendorStockReported.class::cast)
                .extracting(VendorStockReported::vendor, VendorStockReported::sku,
                        VendorStockReported::kind, VendorStockReported::quantity,
                        VendorStockReported::location, e -> e.occurredAt().toString())
                .containsExactly(
                        tuple("VENDORID", "7Q89K11", VendorStockReported.Kind.SNAPSHOT, 10L,
                                "AMZ-FC", RECEIVED),
                        tuple("VENDORID", "7Q89K12", VendorStockReported.Kind.SNAPSHOT, 15L,
                                "AMZ-FC", RECEIVED),
                        tuple("VENDORID", "7Q89K13", VendorStockReported.Kind.SNAPSHOT, 20L,
                                "AMZ-FC", RECEIVED));
    }

    private List<MappedRecord> map(String name) {
        return map(TYPES.get(name), name, Corpus.bytes("amazon/" + name));
    }

    private List<MappedRecord> map(String messageType, String source, byte[] payload) {
        // A vendor's inventory update comes from the vendor's own account.
        return map(messageType.equals("vendor-df-inventory") ? "VENDORID" : "seller-us",
                messageType, source, payload);
    }

    private List<MappedRecord> map(String account, String messageType, String source,
            byte[] payload) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("legalEntity", "US-RETAIL");
        attributes.put("location", "AMZ-FC");
        attributes.put("receivedAt", RECEIVED);
        return engine.map(new InboundMessage(1L, "amazon", account, messageType, source,
                payload, attributes));
    }

    @Test
    void aVendorCannotReportAnotherVendorsStock() {
        assertThat(map("seller-us", "vendor-df-inventory", "update.json", Corpus.bytes(
                "amazon/spapi_vendorDF_submitInventoryUpdate_request.json"))).singleElement()
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.field()).isEqualTo("inventory.sellingParty.partyId");
                    assertThat(r.reasonCode()).isEqualTo("NOT_THE_SENDER");
                });
    }

    private static List<org.consignmenthub.canonical.CanonicalEvent> single(
            List<MappedRecord> records) {
        assertThat(records).singleElement().isInstanceOf(MappedRecord.Events.class);
        return ((MappedRecord.Events) records.get(0)).events();
    }
}
