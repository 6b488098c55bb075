package org.consignmenthub.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.TestCredentials;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every delivery the hub kept, sent in again: a vendor's receipts and levels with a bad
 * row, a paid web order, its shipment and a stock move. The books (positions, journal,
 * title transfers, billing, applied events, dead letters) end exactly as they were.
 */
class WholeInboxReplayTest extends HubIntegrationTest {

    @LocalServerPort
    private int port;
    @Value("${hub.intake.files.dir}")
    private Path dropFolder;

    @Test
    void replayingTheWholeInboxChangesNothing() throws IOException {
        IntakeClient partners = new IntakeClient(port);
        InboundMessages inbox = new InboundMessages(books.jdbc());
        drop("receipts.csv", "sku,location,qty_received,reference\nA,L1,10,ASN-1\nB,L1,5,ASN-1\n");
        inbox.awaitFile("vendor-stock", "V1", "receipts.csv");
        drop("levels.csv", "sku,location,qty_available\nB,L1,4\nA,L1,seven\n");
        inbox.awaitFile("vendor-stock", "V1", "levels.csv");
        accepted(inbox, partners.post("/intake/shopify/test-shop", ORDER,
                "X-Shopify-Topic", "orders/create", "X-Shopify-Webhook-Id", "inbox-order"));
        accepted(inbox, partners.post("/intake/shopify/test-shop", FULFILMENT,
                "X-Shopify-Topic", "fulfillments/create", "X-Shopify-Webhook-Id",
                "inbox-fulfilment"));
        accepted(inbox, partners.post("/intake/stock-moves/ops", MOVE,
                "X-Request-Id", "inbox-move"));
        Map<String, List<Map<String, Object>>> before = books();

        ApiClient.Answer replay = new ApiClient(port, "sam.support").post("/api/inbox/replay");

        assertThat(replay.status()).as(replay.text()).isEqualTo(200);
        assertThat(replay.json().get("messages").asInt()).isEqualTo(5);
        replay.json().get("inboundMessages")
                .forEach(id -> inbox.awaitComplete(id.asLong()));
        assertThat(books()).isEqualTo(before);
        assertThat(before.get("positions")).isNotEmpty();
        assertThat(before.get("transfers")).hasSize(1);
        assertThat(before.get("dead letters")).hasSize(1);
    }

    @Test
    void aReplayWithoutCredentialsIsRefusedAndAnOperatorHeaderIsNotTrusted() {
        ApiClient.Answer refused = new ApiClient(port).postAnonymously("/api/inbox/replay");
        ApiClient.Answer finance = new ApiClient(port, TestCredentials.FINANCE)
                .post("/api/inbox/replay");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("reasonCode").asText()).isEqualTo("NO_CREDENTIALS");
        assertThat(finance.status()).isEqualTo(403);
    }

    /** Everything the books hold, in a stable order. */
    private Map<String, List<Map<String, Object>>> books() {
        return Map.of(
                "positions", rows("select * from stock_position order by 1, 2, 3, 4, 5"),
                "journal", rows("select * from stock_movement order by id"),
                "transfers", rows("select * from title_transfer order by id"),
                "billing", rows("select * from billing_line order by id"),
                "events", rows("select legal_entity, channel, account, message_type,"
                        + " external_id, revision, event_sha256 from processed_event"
                        + " order by 1, 2, 3, 4, 5, 6"),
                "dead letters", rows("select id, channel, account, record_ref, reason_code,"
                        + " status from dead_letter order by id"));
    }

    private List<Map<String, Object>> rows(String sql) {
        return books.jdbc().queryForList(sql);
    }

    private static void accepted(InboundMessages inbox, IntakeClient.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        inbox.awaitComplete(answer.inboundId());
    }

    private void drop(String name, String content) throws IOException {
        Path folder = Files.createDirectories(dropFolder.resolve("vendor-stock/V1"));
        Path partial = folder.resolve("." + name);
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        Files.move(partial, folder.resolve(name));
    }

    private static final byte[] ORDER = """
            {"id": 9501, "created_at": "2026-11-03T10:00:00-05:00", "currency": "USD",
             "financial_status": "paid", "customer": {"id": 77},
             "line_items": [{"id": 95011, "sku": "A", "quantity": 3, "price": "19.99"}]}
            """.getBytes(StandardCharsets.UTF_8);
    private static final byte[] FULFILMENT = """
            {"id": 9502, "order_id": 9501, "status": "success",
             "created_at": "2026-11-04T09:00:00-05:00",
             "line_items": [{"id": 95011, "sku": "A", "quantity": 3}]}
            """.getBytes(StandardCharsets.UTF_8);
    private static final byte[] MOVE = """
            {"moveId": "MV-INBOX-1", "sku": "A", "from": "L1", "to": "L2", "quantity": 2,
             "occurredAt": "2026-11-05T15:00:00Z"}
            """.getBytes(StandardCharsets.UTF_8);
}
