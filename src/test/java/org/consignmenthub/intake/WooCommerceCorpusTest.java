package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.OrderRevised;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every WooCommerce file of the corpus (REST API v3 responses) dropped as a file of the
 * woocommerce channel, the mapping chosen by its name: each gives exactly its golden
 * records. The tests beside the golden check the values that matter against the files.
 * Golden files are rewritten only with {@code -Dgolden.write=true}.
 */
class WooCommerceCorpusTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/woocommerce");

    private final MappingEngine engine = new MappingEngine(
            MappingCatalog.load(Path.of("mappings")), List.of(new JsonRecordReader()));

    static Stream<String> corpusFiles() throws IOException {
        List<String> names = GoldenJson.corpusFiles("woocommerce");
        assertThat(names).hasSize(5);
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void corpusFileGivesItsGoldenRecords(String name) throws IOException {
        GoldenJson.assertGolden(GOLDEN.resolve(name + ".json"), name, map(name));
    }

    @Test
    void eachFileGoesToTheMappingItsNameSays() {
        assertThat(Stream.of("wcdocs_v3_order_create_response.json",
                "wcdocs_v3_orders_list_refunds_unicode_name.json",
                "wcdocs_v3_order_refunds_list.json", "wcdocs_v3_reports_sales_by_day.json",
                "wcdocs_v3_reports_top_sellers.json")
                .map(n -> engine.catalog().messageTypeForFile("woocommerce", n)))
                .containsExactly("orders", "orders", "refunds", "reports", "reports");
    }

    @Test
    void orderWithALineWithoutSkuIsRefusedNamingTheLine() {
        // Line 315 "Woo Single #1" has sku "": nothing can be reserved for it.
        assertThat(map("wcdocs_v3_order_create_response.json")).singleElement()
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.recordRef()).isEqualTo("wcdocs_v3_order_create_response.json");
                    assertThat(r.field()).isEqualTo("line_items[0].sku");
                    assertThat(r.reasonCode()).isEqualTo("MISSING_FIELD");
                    assertThat(r.reason()).contains("line item 315 (Woo Single #1)");
                });
    }

    @Test
    void listedOrdersAreRefusedOneByOneNamingTheirPlace() {
        List<MappedRecord> records = map("wcdocs_v3_orders_list_refunds_unicode_name.json");

        assertThat(records).extracting(MappedRecord::recordRef, r ->
                ((MappedRecord.Rejected) r).field()).containsExactly(
                tuple("wcdocs_v3_orders_list_refunds_unicode_name.json#[0]",
                        "line_items[0].sku"),
                tuple("wcdocs_v3_orders_list_refunds_unicode_name.json#[1]",
                        "line_items[0].sku"));
    }

    @Test
    void refundOfMoneyAloneIsSkippedAndARefundedLineWithoutSkuRefused() {
        List<MappedRecord> records = map("wcdocs_v3_order_refunds_list.json");

        assertThat(records).hasSize(2);
        assertThat(records.get(0)).isInstanceOfSatisfying(MappedRecord.Skipped.class,
                s -> assertThat(s.reasonCode()).isEqualTo("NO_GOODS_RETURNED"));
        assertThat(records.get(1)).isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
            assertThat(r.recordRef()).isEqualTo("wcdocs_v3_order_refunds_list.json#[1]");
            assertThat(r.field()).isEqualTo("line_items[0].sku");
            assertThat(r.reason()).contains("refund line 314 (Woo Album #2)");
        });
    }

    @Test
    void refundedLineWithItsSkuIsAReturnOfThatOrderLine() {
        String refunds = new String(Corpus.bytes("woocommerce/wcdocs_v3_order_refunds_list.json"),
                StandardCharsets.UTF_8).replace("\"sku\": \"\"", "\"sku\": \"ALBUM-2\"");

        List<MappedRecord> records = engine.map(message("refunds", "order_refunds_723.json",
                refunds.getBytes(StandardCharsets.UTF_8)));

        List<CanonicalEvent> events = ((MappedRecord.Events) records.get(1)).events();
        assertThat(events).singleElement().isInstanceOfSatisfying(ReturnReceived.class, r -> {
            assertThat(r.key().externalId()).isEqualTo("724/314");
            assertThat(r.orderRef()).isEqualTo("723");
            assertThat(r.lineRef()).isEqualTo("311");
            assertThat(r.sku()).isEqualTo("ALBUM-2");
            assertThat(r.quantity()).isEqualTo(1);
            assertThat(r.occurredAt()).hasToString("2017-03-21T19:55:37Z");
        });
    }

    @Test
    void reportsAreRefusedSayingWhatTheyHold() {
        assertThat(map("wcdocs_v3_reports_sales_by_day.json")).singleElement()
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.reasonCode()).isEqualTo("REPORT_NOT_BOOKED");
                    assertThat(r.reason()).contains("3 orders", "6 items", "14.00",
                            "2016-05-03, 2016-05-04");
                });
        assertThat(map("wcdocs_v3_reports_top_sellers.json")).extracting(r ->
                ((MappedRecord.Rejected) r).reason()).satisfiesExactly(
                first -> assertThat(first).contains("1 sold of product 37 (Happy Ninja)"),
                second -> assertThat(second).contains("product 96 (Woo Album #4)"));
    }

    @Test
    void orderWithSkusKeepsTheStoresAmountsExactly() {
        String order = new String(Corpus.bytes(
                "woocommerce/wcdocs_v3_order_create_response.json"), StandardCharsets.UTF_8)
                .replace("\"sku\": \"\"", "\"sku\": \"WOO-SINGLE-1\"");

        List<MappedRecord> records = engine.map(message("orders", "order_727.json",
                order.getBytes(StandardCharsets.UTF_8)));

        List<CanonicalEvent> events = ((MappedRecord.Events) records.get(0)).events();
        // "processing": paid, not yet completed, so placed and sold but not shipped.
        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("OrderPlaced", "SaleCompleted", "OrderRevised");
        OrderRevised revised = (OrderRevised) events.get(2);
        assertThat(revised.occurredAt()).hasToString("2017-03-22T19:28:08Z");
        assertThat(revised.total().toPlainString()).isEqualTo("29.35");
        assertThat(revised.totalTax().toPlainString()).isEqualTo("1.35");
        assertThat(revised.lines()).extracting(OrderRevised.Line::lineRef,
                OrderRevised.Line::sku, OrderRevised.Line::quantity,
                l -> l.unitPrice().toPlainString(), l -> l.total().toPlainString(),
                l -> l.totalTax().toPlainString())
                .containsExactly(tuple("315", "WOO-SINGLE-1", 2L, "3.00", "6.00", "0.45"),
                        tuple("316", "Bar3", 1L, "12.00", "12.00", "0.90"));
    }

    private List<MappedRecord> map(String name) {
        return engine.map(message(engine.catalog().messageTypeForFile("woocommerce", name),
                name, Corpus.bytes("woocommerce/" + name)));
    }

    private static InboundMessage message(String messageType, String name, byte[] body) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("legalEntity", "RETAIL-01");
        attributes.put("location", "HUB-01");
        attributes.put("receivedAt", "2026-12-04T12:00:00Z");
        attributes.put("fileName", name);
        return new InboundMessage(1L, "woocommerce", "example-store", messageType, name, body,
                attributes);
    }
}
