package org.consignmenthub.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.consignmenthub.intake.Intake;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.consignmenthub.testing.PartnerSftpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every intake route's way into the dead-letter store keeps what the partner sent, byte
 * for byte: the entry's payload has the SHA-256 of the bytes sent, and names the route,
 * channel, account and the headers or file name it came with. Field case B22, with a
 * vendor's stock CSV over SFTP: the unknown SKU is named, the file's other row applies,
 * and once the catalog knows the SKU a replay applies it, a second replay nothing.
 */
@DirtiesContext
class DeadLetterFidelityTest extends HubIntegrationTest {

    private static final PartnerSftpServer SFTP = new PartnerSftpServer("hub", "s3cret-V2");
    private static final String SFTP_ROOT = "inbound";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Autowired
    private CamelContext camel;
    @LocalServerPort
    private int port;
    @Value("${hub.intake.files.dir}")
    private Path dropFolder;

    private IntakeClient partner;
    private ApiClient support;
    private InboundMessages inbox;

    @DynamicPropertySource
    static void vendorSftpServer(DynamicPropertyRegistry registry) {
        SFTP.startAsHubSource(registry, SFTP_ROOT);
    }

    @AfterAll
    static void stopSftpServer() {
        SFTP.stop();
    }

    @BeforeEach
    void partnerSupportAndInbox() {
        partner = new IntakeClient(port);
        support = new ApiClient(port, "sam.support");
        inbox = new InboundMessages(books.jdbc());
    }

    /** Field case B22, with a CSV stock file over SFTP instead of an X12 846. */
    @Test
    void vendorFileOverSftpIsKeptByteForByteAndReplaysOnceTheSkuExists() {
        byte[] file = withBom("sku,location,qty_received\r\nD,L1,12\r\nZ,L1,4\r\n");
        SFTP.upload(SFTP_ROOT + "/vendor-stock/V2/INV_V2_20261204.csv", file);
        long inboundId = inbox.awaitFile("vendor-stock", "V2", "INV_V2_20261204.csv");

        JsonNode entry = support.get("/api/dead-letters/" + onlyEntry()).json();
        long id = entry.get("id").asLong();
        byte[] payload = support.get("/api/dead-letters/" + id + "/payload").body();

        assertThat(Intake.sha256(payload)).isEqualTo(Intake.sha256(file));
        assertThat(entry.get("payload_sha256").asText()).isEqualTo(Intake.sha256(file));
        assertThat(entry.get("inbound_message_id").asLong()).isEqualTo(inboundId);
        assertThat(entry.get("route").asText()).isEqualTo("intake-sftp");
        assertThat(entry.get("channel").asText()).isEqualTo("vendor-stock");
        assertThat(entry.get("account").asText()).isEqualTo("V2");
        assertThat(entry.get("vendor").asText()).isEqualTo("V2");
        assertThat(entry.get("headers").get("fileName").asText())
                .isEqualTo("INV_V2_20261204.csv");
        assertThat(entry.get("headers").get("fileLength").asText())
                .isEqualTo(String.valueOf(file.length));
        assertThat(entry.get("reason_code").asText()).isEqualTo("UNKNOWN_SKU");
        assertThat(entry.get("reason").asText()).contains("SKU Z");
        assertThat(entry.get("error_class").asText()).isEqualTo("PERMANENT");
        assertThat(entry.get("attempts").asInt()).isEqualTo(1);
        assertThat(entry.get("first_failed_at").isNull()).isFalse();
        assertThat(entry.get("record").asText()).isEqualTo("Z,L1,4");
        assertThat(entry.get("event_json").asText()).contains("\"sku\":\"Z\"");
        assertThat(books.bucket("V2", "D", "L1", "AVAILABLE")).as("row by row").isEqualTo(12);
        assertThat(books.onHand("V2", "Z", "L1")).isZero();

        books.loadCatalog("fixtures/sku-z-from-v2.yaml");
        replayAndAwait(id);

        assertThat(books.bucket("V2", "Z", "L1", "AVAILABLE")).isEqualTo(4);
        assertThat(books.bucket("V2", "D", "L1", "AVAILABLE")).isEqualTo(12);
        List<Map<String, Object>> journal = journal();
        replayAndAwait(id);
        assertThat(journal()).as("a second replay changes nothing").isEqualTo(journal);
        assertThat(books.jdbc().queryForObject("select count(*) from processed_event",
                Long.class)).isEqualTo(2);
        assertThat(support.get("/api/dead-letters/" + id + "/payload").body()).isEqualTo(file);
    }

    @Test
    void fileDroppedLocallyIsKeptByteForByte() throws IOException {
        byte[] file = withBom("sku,location,qty_available\r\nA,L1,7 pcs\r\n");
        Path target = dropFolder.resolve("vendor-stock/V1/levels_20261204.csv");
        Files.createDirectories(target.getParent());
        Files.write(target, file);
        inbox.awaitFile("vendor-stock", "V1", "levels_20261204.csv");

        JsonNode entry = support.get("/api/dead-letters/" + onlyEntry()).json();

        assertThat(entry.get("route").asText()).isEqualTo("intake-file-drop");
        assertThat(entry.get("reason_code").asText()).isEqualTo("INVALID_FIELD");
        assertThat(entry.get("field").asText()).isEqualTo("quantity");
        assertThat(entry.get("headers").get("fileName").asText())
                .isEqualTo("levels_20261204.csv");
        assertThat(support.get("/api/dead-letters/" + entry.get("id").asLong() + "/payload")
                .body()).isEqualTo(file);
        assertThat(entry.get("payload_sha256").asText()).isEqualTo(Intake.sha256(file));
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("/intake/vendors/V1/stock", "intake-vendor-stock-api",
                        "vendor-stock-api", "V1", "INVALID_FIELD",
                        "{\"reports\": [{\"reportId\": \"R-1\", \"location\": \"L1\","
                                + " \"kind\": \"RECEIPT\", \"quantity\": 4}]}\n",
                        new String[] {"X-Request-Id", "req-fidelity-vendor",
                            "X-Vendor-System", "stockbot 2.1"}),
                Arguments.of("/intake/stock-moves/ops", "intake-stock-moves-api",
                        "stock-moves-api", "ops", "INVALID_FIELD",
                        "{\"moveId\": \"MV-1\", \"sku\": \"A\", \"from\": \"L1\","
                                + " \"to\": \"L2\", \"quantity\": \"zwei\"}\r\n",
                        new String[] {"X-Request-Id", "req-fidelity-move",
                            "X-Operator-Shift", "night"}),
                Arguments.of("/intake/shopify/test-shop", "intake-shopify-webhook",
                        "shopify", "test-shop", "UNKNOWN_SKU",
                        "{\"id\": 77, \"created_at\": \"2026-12-02T10:00:00-05:00\","
                                + " \"currency\": \"USD\", \"financial_status\": \"pending\","
                                + " \"line_items\": [{\"id\": 1, \"sku\": \"Zürich-1\","
                                + " \"quantity\": 1, \"price\": \"9.90\"}]}",
                        new String[] {"X-Shopify-Topic", "orders/create",
                            "X-Shopify-Webhook-Id", "wh-fidelity-1"}));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("requests")
    void requestIsKeptByteForByte(String path, String route, String channel, String account,
            String reason, String body, String[] headers) {
        byte[] sent = body.getBytes(StandardCharsets.UTF_8);

        IntakeClient.Answer answer = partner.post(path, sent, headers);
        inbox.awaitComplete(answer.inboundId());
        JsonNode entry = support.get("/api/dead-letters/" + onlyEntry()).json();

        assertThat(entry.get("route").asText()).isEqualTo(route);
        assertThat(entry.get("channel").asText()).isEqualTo(channel);
        assertThat(entry.get("account").asText()).isEqualTo(account);
        assertThat(entry.get("reason_code").asText()).isEqualTo(reason);
        assertThat(ApiClient.storedHeader(entry, headers[0])).isEqualTo(headers[1]);
        assertThat(ApiClient.storedHeader(entry, headers[2])).isEqualTo(headers[3]);
        assertThat(ApiClient.storedHeader(entry, "Content-Type")).startsWith("application/json");
        assertThat(entry.get("payload_sha256").asText()).isEqualTo(Intake.sha256(sent));
        assertThat(support.get("/api/dead-letters/" + entry.get("id").asLong() + "/payload")
                .body()).isEqualTo(sent);
    }

    private void replayAndAwait(long id) {
        ApiClient.Answer replay = support.post("/api/dead-letters/" + id + "/replay");
        assertThat(replay.status()).as(replay.text()).isEqualTo(200);
        inbox.awaitComplete(replay.json().get("inboundMessages").get(0).asLong());
        await("entry " + id + " resolved").atMost(InboundMessages.PATIENCE).until(() ->
                "RESOLVED".equals(books.jdbc().queryForObject(
                        "select status from dead_letter where id = ?", String.class, id)));
    }

    private long onlyEntry() {
        List<Map<String, Object>> dead = books.deadLetters();
        assertThat(dead).hasSize(1);
        return ((Number) dead.get(0).get("id")).longValue();
    }

    private List<Map<String, Object>> journal() {
        return books.jdbc().queryForList("select id, sku, location, owner, bucket, quantity,"
                + " reason, cause from stock_movement order by id");
    }

    private static byte[] withBom(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, file, 0, BOM.length);
        System.arraycopy(body, 0, file, BOM.length, body.length);
        return file;
    }
}
