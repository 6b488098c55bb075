package org.consignmenthub.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.consignmenthub.intake.Intake;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Support staff triaging the dead-letter store over the API: entries come costliest first
 * with their figures, each shows the payload as received, a corrected payload or a catalog
 * fix is replayed through intake and applies once, a discard needs a reason, and every
 * action is on record with the operator and the time.
 */
class DeadLetterTriageTest extends HubIntegrationTest {

    private static final String OPERATOR = "dana.support";

    @LocalServerPort
    private int port;
    @Value("${hub.intake.files.dir}")
    private Path dropFolder;

    private IntakeClient partner;
    private ApiClient support;
    private InboundMessages inbox;

    @BeforeEach
    void partnerSupportAndInbox() {
        partner = new IntakeClient(port);
        support = new ApiClient(port, OPERATOR);
        inbox = new InboundMessages(books.jdbc());
    }

    @Test
    void entriesComeCostliestFirstWithTheirFigures() {
        orderOf("Z9", 2, "30.00", "req-order-z9");
        orderOf("A", 3, "19.99", "req-order-a");
        stockReport("V1", "R-Z-1", "Z", 4, "req-stock-z");
        stockReport("V1", "R-D-1", "D", 5, "req-stock-d");

        JsonNode entries = support.get("/api/dead-letters").json();

        assertThat(fields(entries, "reason_code")).containsExactly("UNKNOWN_SKU",
                "INSUFFICIENT_STOCK", "UNKNOWN_SKU", "NOT_VENDORS_SKU");
        assertThat(fields(entries, "sku")).containsExactly("Z9", "A", "Z", "D");
        // The unknown SKU's order: 2 x 30.00, nobody's agreement, so no deadline.
        assertThat(amount(entries.get(0))).isEqualByComparingTo("60.00");
        assertThat(entries.get(0).get("impact_currency").asText()).isEqualTo("USD");
        assertThat(entries.get(0).get("urgent_by").isNull()).isTrue();
        // Vendor V1's SKU A: 3 x 19.99, due when V1's December (New York) is settled.
        assertThat(amount(entries.get(1))).isEqualByComparingTo("59.97");
        assertThat(entries.get(1).get("vendor").asText()).isEqualTo("V1");
        assertThat(instant(entries.get(1).get("urgent_by")))
                .isEqualTo(Instant.parse("2027-01-01T05:00:00Z"));
        // Stock of SKUs without an agreed price: no money figure, V1's deadline still holds.
        assertThat(entries.get(2).get("impact_amount").isNull()).isTrue();
        assertThat(entries.get(2).get("vendor").asText()).isEqualTo("V1");
        assertThat(entries.get(2).get("urgent_by").isNull()).isFalse();
        assertThat(fields(entries, "error_class")).containsOnly("PERMANENT");
        assertThat(fields(entries, "attempts")).containsOnly("1");
    }

    @Test
    void entriesFilterByChannelAccountReasonAndAge() {
        orderOf("Z9", 2, "30.00", "req-order-z9");
        stockReport("V1", "R-Z-1", "Z", 4, "req-stock-z");
        stockReport("V1", "R-D-1", "D", 5, "req-stock-d");
        books.jdbc().update("update dead_letter set created_at = now() - interval '3 hours'"
                + " where sku = 'D'");

        assertThat(skus("/api/dead-letters?channel=vendor-stock-api")).containsExactly("Z", "D");
        assertThat(skus("/api/dead-letters?account=test-shop")).containsExactly("Z9");
        assertThat(skus("/api/dead-letters?reason=UNKNOWN_SKU")).containsExactly("Z9", "Z");
        assertThat(skus("/api/dead-letters?minAgeHours=2")).containsExactly("D");
        assertThat(skus("/api/dead-letters?maxAgeHours=2")).containsExactly("Z9", "Z");
        assertThat(skus("/api/dead-letters?channel=vendor-stock-api&reason=UNKNOWN_SKU"))
                .containsExactly("Z");
    }

    @Test
    void oneEntryShowsThePayloadAsReceivedWithItsHeaders() {
        byte[] order = shopifyOrder(4501, "Z9", 2, "30.00");
        IntakeClient.Answer answer = partner.post("/intake/shopify/test-shop", order,
                "X-Shopify-Topic", "orders/create", "X-Request-Id", "req-view-1");
        inbox.awaitComplete(answer.inboundId());
        long id = onlyEntry();

        JsonNode entry = support.get("/api/dead-letters/" + id).json();
        byte[] payload = support.get("/api/dead-letters/" + id + "/payload").body();

        assertThat(payload).isEqualTo(order);
        assertThat(entry.get("payload_sha256").asText()).isEqualTo(Intake.sha256(order));
        assertThat(entry.get("payload").asText()).isEqualTo(utf8(order));
        assertThat(entry.get("route").asText()).isEqualTo("intake-shopify-webhook");
        assertThat(ApiClient.storedHeader(entry, "X-Shopify-Topic")).isEqualTo("orders/create");
        assertThat(ApiClient.storedHeader(entry, "X-Request-Id")).isEqualTo("req-view-1");
        assertThat(entry.get("reason").asText()).contains("Z9");
        assertThat(entry.get("field").asText()).isEqualTo("sku");
        assertThat(entry.get("inbound_message_id").asLong()).isEqualTo(answer.inboundId());
        assertThat(entry.get("first_failed_at").isNull()).isFalse();
        assertThat(support.get("/api/dead-letters/999999").status()).isEqualTo(404);
        ApiClient.Answer notANumber = support.get("/api/dead-letters/abc");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.json().get("field").asText()).isEqualTo("id");
        assertThat(notANumber.json().get("reason").asText()).isEqualTo("cannot read abc as long");
        assertThat(support.get("/api/dead-letters?minAgeHours=abc").json().get("field")
                .asText()).isEqualTo("minAgeHours");
        ApiClient.Answer badStatus = support.get("/api/dead-letters?status=FOO");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.body()).asString().contains("status must be one of");
    }

    @Test
    void correctedFileIsReplayedAndOnlyTheCorrectedRowApplies() throws Exception {
        String received = "sku,location,qty_received\nA,L1,10\nZ,L1,4\n";
        drop("vendor-stock/V1/stock_20261203.csv", received);
        long id = onlyEntry();
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(10);
        byte[] corrected = "sku,location,qty_received\nA,L1,10\nB,L1,4\n"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(support.put("/api/dead-letters/" + id + "/payload", corrected).status())
                .isEqualTo(200);
        JsonNode replay = support.post("/api/dead-letters/" + id + "/replay").json();
        awaitStatus(id, "RESOLVED");

        assertThat(replay.get("entries").get(0).asLong()).isEqualTo(id);
        assertThat(books.bucket("V1", "B", "L1", "AVAILABLE")).isEqualTo(4);
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).as("not applied twice")
                .isEqualTo(10);
        assertThat(books.onHand("V1", "Z", "L1")).isZero();
        JsonNode entry = support.get("/api/dead-letters/" + id).json();
        assertThat(entry.get("payload").asText()).as("the received payload stays")
                .isEqualTo(received);
        assertThat(entry.get("record").asText()).isEqualTo("Z,L1,4");
        assertThat(entry.get("edited_payload").asText()).isEqualTo(utf8(corrected));
        assertThat(entry.get("replays").asInt()).isEqualTo(1);
        assertThat(entry.get("route").asText()).isEqualTo("intake-file-drop");
        assertThat(actions(id)).containsExactly("EDIT by " + OPERATOR,
                "REPLAY by " + OPERATOR);
        assertThat(support.get("/api/dead-letters/" + id + "/actions").json().get(1)
                .get("replay_inbound_message_id").asLong())
                .isEqualTo(replay.get("inboundMessages").get(0).asLong());

        // The partner sends the original file again: its bad row is refused again, but
        // the entry stays resolved, since its corrected row is in the books.
        drop("vendor-stock/V1/stock_20261203.csv", received);
        await().atMost(InboundMessages.PATIENCE).until(() -> books.jdbc().queryForObject(
                "select attempts from dead_letter where id = ?", Integer.class, id) == 2);
        assertThat(support.get("/api/dead-letters/" + id).json().get("status").asText())
                .isEqualTo("RESOLVED");
    }

    @Test
    void replayByFilterAfterTheCatalogLearnsTheSkuAppliesItsUnitsOnce() {
        stockReport("V1", "R-Z-1", "Z", 4, "req-stock-z-1");
        stockReport("V1", "R-Z-2", "Z", 6, "req-stock-z-2");
        orderOf("Z9", 2, "30.00", "req-order-z9");
        books.loadCatalog("fixtures/sku-z-from-v1.yaml");

        JsonNode replay = support.post(
                "/api/dead-letters/replay?channel=vendor-stock-api&reason=UNKNOWN_SKU").json();
        List<Long> replayed = new ArrayList<>();
        replay.get("entries").forEach(e -> replayed.add(e.asLong()));
        replayed.forEach(id -> awaitStatus(id, "RESOLVED"));

        assertThat(replayed).hasSize(2);
        assertThat(replay.get("inboundMessages")).hasSize(2);
        assertThat(books.bucket("V1", "Z", "L1", "AVAILABLE")).isEqualTo(10);
        assertThat(skus("/api/dead-letters")).as("the order was not replayed")
                .containsExactly("Z9");

        List<Map<String, Object>> journal = journal();
        long applied = processedEvents();
        assertThat(support.post("/api/dead-letters/replay?channel=vendor-stock-api").json()
                .get("entries")).as("nothing open is left to replay by filter").isEmpty();
        long again = replayed.get(0);
        JsonNode second = support.post("/api/dead-letters/" + again + "/replay").json();
        inbox.awaitComplete(second.get("inboundMessages").get(0).asLong());
        awaitStatus(again, "RESOLVED");

        assertThat(journal()).as("a second replay changes nothing").isEqualTo(journal);
        assertThat(processedEvents()).isEqualTo(applied);
        assertThat(books.bucket("V1", "Z", "L1", "AVAILABLE")).isEqualTo(10);
        assertThat(entryField(again, "attempts")).isEqualTo("1");
    }

    @Test
    void replayThatIsRefusedAgainKeepsTheEntryOpenWithAnotherAttempt() {
        stockReport("V1", "R-Z-1", "Z", 4, "req-stock-z-1");
        long id = onlyEntry();

        support.post("/api/dead-letters/" + id + "/replay");

        await("refused again").atMost(InboundMessages.PATIENCE)
                .until(() -> "2".equals(entryField(id, "attempts")));
        awaitStatus(id, "OPEN");
        assertThat(books.deadLetters()).hasSize(1);
        assertThat(books.bucket("V1", "Z", "L1", "AVAILABLE")).isZero();
    }

    @Test
    void discardNeedsAReasonAndAnOperatorAndIsFinal() {
        stockReport("V1", "R-D-1", "D", 5, "req-stock-d");
        long id = onlyEntry();

        ApiClient.Answer noReason = support.post("/api/dead-letters/" + id + "/discard");
        ApiClient.Answer noOperator = support.postAnonymously("/api/dead-letters/" + id
                + "/discard?reason=duplicate");
        ApiClient.Answer discarded = support.post("/api/dead-letters/" + id
                + "/discard?reason=V1%20sent%20V2%27s%20SKU%20by%20mistake");
        ApiClient.Answer replay = support.post("/api/dead-letters/" + id + "/replay");

        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.text()).contains("reason");
        assertThat(noOperator.status()).isEqualTo(401);
        assertThat(noOperator.json().get("reasonCode").asText()).isEqualTo("NO_CREDENTIALS");
        assertThat(discarded.status()).isEqualTo(200);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.text()).contains("discarded");
        assertThat(entryField(id, "status")).isEqualTo("DISCARDED");
        assertThat(entryField(id, "discard_reason")).isEqualTo("V1 sent V2's SKU by mistake");
        assertThat(skus("/api/dead-letters")).isEmpty();
        assertThat(skus("/api/dead-letters?status=DISCARDED")).containsExactly("D");
        List<Map<String, Object>> audit = books.jdbc().queryForList(
                "select action, operator, detail, acted_at from dead_letter_action"
                        + " where dead_letter_id = ?", id);
        assertThat(audit).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("action", "DISCARD")
                    .containsEntry("operator", OPERATOR)
                    .containsEntry("detail", "V1 sent V2's SKU by mistake");
            assertThat(((java.sql.Timestamp) row.get("acted_at")).toInstant())
                    .isBetween(Instant.now().minusSeconds(120), Instant.now());
        });
    }

    private void orderOf(String sku, int quantity, String price, String requestId) {
        IntakeClient.Answer answer = partner.post("/intake/shopify/test-shop",
                shopifyOrder(Math.abs(requestId.hashCode()), sku, quantity, price),
                "X-Shopify-Topic", "orders/create", "X-Request-Id", requestId);
        assertThat(answer.status()).isEqualTo(202);
        inbox.awaitComplete(answer.inboundId());
    }

    private static byte[] shopifyOrder(long id, String sku, int quantity, String price) {
        return ("{\"id\": " + id + ", \"created_at\": \"2026-12-02T10:00:00-05:00\","
                + " \"currency\": \"USD\", \"financial_status\": \"pending\","
                + " \"line_items\": [{\"id\": 1, \"sku\": \"" + sku + "\", \"quantity\": "
                + quantity + ", \"price\": \"" + price + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void stockReport(String vendor, String reportId, String sku, int quantity,
            String requestId) {
        String body = "{\"reports\": [{\"reportId\": \"" + reportId + "\", \"sku\": \"" + sku
                + "\", \"location\": \"L1\", \"kind\": \"RECEIPT\", \"quantity\": " + quantity
                + ", \"occurredAt\": \"2026-12-03T15:00:00\"}]}";
        IntakeClient.Answer answer = partner.post("/intake/vendors/" + vendor + "/stock",
                body.getBytes(StandardCharsets.UTF_8), "X-Request-Id", requestId);
        assertThat(answer.status()).isEqualTo(202);
        inbox.awaitComplete(answer.inboundId());
    }

    private void drop(String path, String content) throws IOException {
        Path file = dropFolder.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        String[] parts = path.split("/");
        inbox.awaitFile(parts[0], parts[1], parts[2]);
    }

    private long onlyEntry() {
        List<Map<String, Object>> dead = books.deadLetters();
        assertThat(dead).hasSize(1);
        return ((Number) dead.get(0).get("id")).longValue();
    }

    private void awaitStatus(long id, String status) {
        await("entry " + id + " " + status).atMost(InboundMessages.PATIENCE)
                .until(() -> status.equals(entryField(id, "status")));
    }

    private String entryField(long id, String field) {
        return String.valueOf(books.jdbc().queryForObject("select " + field
                + " from dead_letter where id = ?", Object.class, id));
    }

    private List<String> actions(long id) {
        return books.jdbc().queryForList("select action || ' by ' || operator"
                + " from dead_letter_action where dead_letter_id = ? order by id",
                String.class, id);
    }

    private List<String> skus(String path) {
        ApiClient.Answer answer = support.get(path);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return fields(answer.json(), "sku");
    }

    private static List<String> fields(JsonNode entries, String field) {
        List<String> values = new ArrayList<>();
        entries.forEach(e -> values.add(e.get(field).asText()));
        return values;
    }

    private static BigDecimal amount(JsonNode entry) {
        return new BigDecimal(entry.get("impact_amount").asText());
    }

    private static Instant instant(JsonNode value) {
        return OffsetDateTime.parse(value.asText()).toInstant();
    }

    private List<Map<String, Object>> journal() {
        return books.jdbc().queryForList("select id, sku, location, owner, bucket, quantity,"
                + " reason, cause from stock_movement order by id");
    }

    private long processedEvents() {
        return books.jdbc().queryForObject("select count(*) from processed_event", Long.class);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
