package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;

/**
 * The Shopify refunds/create mapping: a refund line whose goods came back is a customer
 * return of that order line; money-only refunds move no stock. The example's whole output
 * is pinned by {@link MappingExamplesTest}; here are the corpus refunds and the rules.
 */
class ShopifyRefundMappingTest {

    private static final String REFUNDS = "refunds-create";
    private static final Path EXAMPLE = Path.of("mappings/shopify/examples/refunds-create.json");
    /** The Admin API's refund, wrapped in "refund", restocked by the old boolean. */
    private static final String CORPUS_LEGACY_RESTOCK =
            "shopify/shopifypy_refund_restock_two_lines.json";
    /** A captured webhook, anonymised down to placeholder values. */
    private static final String CORPUS_PLACEHOLDERS =
            "shopify/gadget_exemplar_2025-04_refund_anonymized.json";

    /** Plain Jackson keeps integers as longs, so edited bodies keep every id digit. */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final MappingEngine engine = new MappingEngine(
            MappingCatalog.load(Path.of("mappings")),
            List.of(new JsonRecordReader(), new CsvRecordReader()));

    @Test
    void refundRestockedByTheLegacyFlagReturnsEveryLine() {
        List<ReturnReceived> returns = returns(Corpus.bytes(CORPUS_LEGACY_RESTOCK));

        assertThat(returns).extracting(r -> r.key().externalId(), ReturnReceived::returnRef,
                        ReturnReceived::orderRef, ReturnReceived::lineRef, ReturnReceived::sku,
                        ReturnReceived::quantity, ReturnReceived::location)
                .containsExactly(
                        tuple("509562969/104689539", "509562969",
                                "450789469", "703073504", "IPOD2008BLACK", 1L, "HUB-01"),
                        tuple("509562969/709875399", "509562969",
                                "450789469", "466157049", "IPOD2008GREEN", 1L, "HUB-01"));
        // 13:35:06 at UTC-4.
        assertThat(returns).extracting(ReturnReceived::occurredAt)
                .containsOnly(Instant.parse("2016-06-20T17:35:06Z"));
        assertThat(returns).extracting(ReturnReceived::customerRef).containsOnlyNulls();
    }

    @Test
    void placeholderTimesOfTheCapturedWebhookAreRejectedByName() {
        MappedRecord.Rejected rejected = single(Corpus.bytes(CORPUS_PLACEHOLDERS),
                MappedRecord.Rejected.class);

        assertThat(rejected.field()).isEqualTo("created_at");
        assertThat(rejected.reasonCode()).isEqualTo("INVALID_FIELD");
        assertThat(rejected.reason()).contains("\"2019-01-01 00:00:00.000Z\"");
    }

    @Test
    void refundOfMoneyAloneIsSkipped() throws IOException {
        byte[] body = edited(r -> lines(r).forEach(l ->
                ((ObjectNode) l).put("restock_type", "no_restock")));

        MappedRecord.Skipped skipped = single(body, MappedRecord.Skipped.class);

        assertThat(skipped.reasonCode()).isEqualTo("NO_GOODS_RETURNED");
    }

    @Test
    void cancelledUnitsThatNeverLeftAreNoReturn() throws IOException {
        byte[] body = edited(r -> ((ObjectNode) lines(r).get(0)).put("restock_type", "cancel"));

        assertThat(single(body, MappedRecord.Skipped.class).reasonCode())
                .isEqualTo("NO_GOODS_RETURNED");
    }

    @Test
    void returnedLineWithoutSkuIsRejected() throws IOException {
        byte[] body = edited(r -> ((ObjectNode) lines(r).get(0).get("line_item")).remove("sku"));

        MappedRecord.Rejected rejected = single(body, MappedRecord.Rejected.class);

        assertThat(rejected.field()).isEqualTo("refund_line_items[0].line_item.sku");
        assertThat(rejected.reasonCode()).isEqualTo("MISSING_FIELD");
        assertThat(rejected.reason()).contains("9007199254743011");
    }

    @Test
    void refundLineWithAFractionalQuantityIsRejected() throws IOException {
        byte[] body = edited(r -> ((ObjectNode) lines(r).get(1)).put("quantity", 0.5));

        MappedRecord.Rejected rejected = single(body, MappedRecord.Rejected.class);

        assertThat(rejected.field()).isEqualTo("refund_line_items[1].quantity");
        assertThat(rejected.reason()).contains("was 0.5");
    }

    @Test
    void webhookOfAnotherTopicIsRejected() throws IOException {
        Map<String, String> attributes = attributes();
        attributes.put("topic", "refunds/updated");

        MappedRecord.Rejected rejected = (MappedRecord.Rejected) engine.map(
                message(Files.readAllBytes(EXAMPLE), attributes)).get(0);

        assertThat(rejected.field()).isEqualTo("topic");
        assertThat(rejected.reasonCode()).isEqualTo("UNEXPECTED_TOPIC");
    }

    private List<ReturnReceived> returns(byte[] body) {
        return single(body, MappedRecord.Events.class).events().stream()
                .map(ReturnReceived.class::cast).toList();
    }

    private <T extends MappedRecord> T single(byte[] body, Class<T> kind) {
        List<MappedRecord> records = engine.map(message(body, attributes()));
        assertThat(records).hasSize(1);
        assertThat(records.get(0)).as(records.get(0)::toString).isInstanceOf(kind);
        return kind.cast(records.get(0));
    }

    private static InboundMessage message(byte[] body, Map<String, String> attributes) {
        return new InboundMessage(1L, "shopify", "example-shop", REFUNDS, "webhook-test", body,
                attributes);
    }

    private static Map<String, String> attributes() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("legalEntity", "RETAIL-01");
        attributes.put("location", "HUB-01");
        attributes.put("topic", "refunds/create");
        return attributes;
    }

    private static ArrayNode lines(ObjectNode refund) {
        return (ArrayNode) refund.get("refund_line_items");
    }

    private static byte[] edited(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode body = (ObjectNode) PLAIN.readTree(Files.readAllBytes(EXAMPLE));
        edit.accept(body);
        return PLAIN.writeValueAsBytes(body);
    }
}
