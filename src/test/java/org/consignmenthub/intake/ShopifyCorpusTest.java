package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.OrderRevised;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Shopify file of the corpus through the shopify channel's mappings, as the channel
 * takes it: a webhook body under its topic, an Admin API list or export as a dropped file
 * (the mapping chosen by the file name). Each gives exactly its golden records: events, a
 * deliberate skip, or a rejection naming the file, the place in it and the reason. The
 * tests beside the golden check the values that matter against the file as written.
 * Golden files are rewritten only with {@code -Dgolden.write=true}.
 */
class ShopifyCorpusTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/shopify/corpus");

    /** The webhook topic each webhook body of the corpus is delivered under. */
    private static final Map<String, String> TOPICS = Map.of(
            "gadget_exemplar_2025-04_refund_anonymized.json", "refunds/create",
            "shopifydocs_2026-04_fulfillment_orders_split_webhook.json",
            "fulfillment_orders/split",
            "shopifydocs_2026-04_fulfillments_create_webhook.json", "fulfillments/create",
            "shopifydocs_2026-04_orders_create_webhook.json", "orders/create",
            "shopifydocs_2026-04_returns_request_webhook.json", "returns/request",
            "shopifypy_order_single_discount_note_attributes.json", "orders/create",
            "shopifypy_refund_restock_two_lines.json", "refunds/create");

    private final MappingEngine engine = new MappingEngine(
            MappingCatalog.load(Path.of("mappings")),
            List.of(new JsonRecordReader(), new CsvRecordReader()));

    static Stream<String> corpusFiles() throws IOException {
        List<String> names = GoldenJson.corpusFiles("shopify");
        assertThat(names).hasSize(10);
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void corpusFileGivesItsGoldenRecords(String name) throws IOException {
        GoldenJson.assertGolden(GOLDEN.resolve(name + ".json"), name, map(name));
    }

    @Test
    void everyRecordIsEventsASkipOrARejectionNamingWhere() throws IOException {
        for (String name : corpusFiles().toList()) {
            for (MappedRecord record : map(name)) {
                assertThat(record.recordRef()).startsWith(name);
                if (record instanceof MappedRecord.Rejected rejected) {
                    assertThat(rejected.reason()).as(record.recordRef()).isNotBlank();
                    assertThat(rejected.field()).as(record.recordRef()).isNotBlank();
                }
            }
        }
    }

    @Test
    void createdOrderAlsoStatesItsRevisionWithTheShopsAmounts() {
        List<CanonicalEvent> events = events("shopifydocs_2026-04_orders_create_webhook.json");

        // financial_status "voided" and cancelled_at 2021-12-31T19:00:00-05:00: placed,
        // then the revision says it was cancelled at once, so its reservations are released.
        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("OrderPlaced", "OrderRevised");
        OrderRevised revised = (OrderRevised) events.get(1);
        assertThat(revised.key().externalId())
                .isEqualTo("820982911946154500/2022-01-01T00:00:00Z");
        assertThat(revised.financialStatus()).isEqualTo(OrderRevised.FinancialStatus.VOIDED);
        assertThat(revised.cancelledAt()).isEqualTo(Instant.parse("2022-01-01T00:00:00Z"));
        assertThat(revised.total()).isEqualByComparingTo("404.95");
        assertThat(revised.total().toPlainString()).isEqualTo("404.95");
        assertThat(revised.totalTax().toPlainString()).isEqualTo("0.00");
        assertThat(revised.lines()).extracting(OrderRevised.Line::sku,
                OrderRevised.Line::quantity, l -> l.unitPrice().toPlainString())
                .containsExactly(tuple("SKU2006-001", 1L, "89.99"),
                        tuple("LENS-PROTECT-2YR", 1L, "19.99"),
                        tuple("CASE-LEATHER-PREM", 1L, "24.99"),
                        tuple("SKU2006-020", 1L, "159.99"),
                        tuple("SKU2006-035", 1L, "119.99"));
    }

    @Test
    void listedOrderWithoutLinesIsRefusedNamingItsPlaceInTheList() {
        List<MappedRecord> records = map("shopifypy_orders_list_partially_refunded.json");

        assertThat(records).singleElement().isInstanceOfSatisfying(
                MappedRecord.Rejected.class, r -> {
                    assertThat(r.recordRef()).isEqualTo(
                            "shopifypy_orders_list_partially_refunded.json#orders[0]");
                    assertThat(r.field()).isEqualTo("line_items");
                    assertThat(r.reasonCode()).isEqualTo("MISSING_FIELD");
                });
    }

    @Test
    void inventoryLevelsAreRefusedOneByOneWithTheShopsFigures() {
        List<MappedRecord> records = map("shopifypy_inventory_levels.json");

        assertThat(records).extracting(MappedRecord::recordRef).containsExactly(
                "shopifypy_inventory_levels.json#inventory_levels[0]",
                "shopifypy_inventory_levels.json#inventory_levels[1]",
                "shopifypy_inventory_levels.json#inventory_levels[2]",
                "shopifypy_inventory_levels.json#inventory_levels[3]");
        assertThat(records.get(0)).isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
            assertThat(r.reasonCode()).isEqualTo("SHOP_STOCK_LEVEL_NOT_BOOKED");
            assertThat(r.reason()).contains("27", "inventory item 39072856",
                    "location 487838322");
        });
    }

    @Test
    void inventoryExportRowsAreRefusedNamingTheirLineAndSku() {
        List<MappedRecord> records = map("stedi_shopify_inventory_export_multi_location.csv");

        assertThat(records).hasSize(4).allMatch(r -> r instanceof MappedRecord.Rejected);
        MappedRecord.Rejected second = (MappedRecord.Rejected) records.get(1);
        assertThat(second.recordRef())
                .isEqualTo("stedi_shopify_inventory_export_multi_location.csv:3");
        assertThat(second.reasonCode()).isEqualTo("SHOP_STOCK_LEVEL_NOT_BOOKED");
        assertThat(second.reason()).contains("ACM/8900-250", "New York 1", "Dallas 9");
    }

    @Test
    void returnRequestAndFulfilmentSplitMoveNothingAndSaySo() {
        assertThat(map("shopifydocs_2026-04_returns_request_webhook.json")).singleElement()
                .isInstanceOfSatisfying(MappedRecord.Skipped.class, s -> assertThat(
                        s.reasonCode()).isEqualTo("RETURN_REQUESTED_NOT_RECEIVED"));
        assertThat(map("shopifydocs_2026-04_fulfillment_orders_split_webhook.json"))
                .singleElement().isInstanceOfSatisfying(MappedRecord.Skipped.class,
                        s -> assertThat(s.reasonCode()).isEqualTo("FULFILLMENT_PLAN_CHANGED"));
    }

    @Test
    void paidOrderBodyIsARevisionOnly() throws IOException {
        byte[] body = Corpus.bytes("shopify/shopifypy_order_single_discount_note_attributes.json");

        List<MappedRecord> records = engine.map(message("orders-paid", "paid-order.json", body,
                "orders/paid"));

        MappedRecord.Events mapped = (MappedRecord.Events) records.get(0);
        assertThat(mapped.events()).singleElement().isInstanceOfSatisfying(
                OrderRevised.class, r -> {
                    // financial_status "authorized": no capture yet.
                    assertThat(r.financialStatus())
                            .isEqualTo(OrderRevised.FinancialStatus.UNPAID);
                    assertThat(r.total()).isEqualTo(new BigDecimal("409.94"));
                    assertThat(r.totalTax()).isEqualTo(new BigDecimal("11.94"));
                    assertThat(r.occurredAt()).isEqualTo(Instant.parse("2008-01-10T16:00:00Z"));
                });
    }

    private List<CanonicalEvent> events(String name) {
        MappedRecord record = map(name).get(0);
        assertThat(record).isInstanceOf(MappedRecord.Events.class);
        return ((MappedRecord.Events) record).events();
    }

    private List<MappedRecord> map(String name) {
        String topic = TOPICS.get(name);
        String messageType = topic != null ? topic.replace('/', '-')
                : engine.catalog().messageTypeForFile("shopify", name);
        return engine.map(message(messageType, name, Corpus.bytes("shopify/" + name), topic));
    }

    private static InboundMessage message(String messageType, String source, byte[] body,
            String topic) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("legalEntity", "RETAIL-01");
        attributes.put("location", "HUB-01");
        attributes.put("receivedAt", "2026-12-04T12:00:00Z");
        if (topic != null) {
            attributes.put("topic", topic);
        }
        if (topic == null) {
            attributes.put("fileName", source);
        }
        return new InboundMessage(1L, "shopify", "example-shop", messageType, source, body,
                attributes);
    }
}
