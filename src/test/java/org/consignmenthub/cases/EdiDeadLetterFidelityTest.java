package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.consignmenthub.intake.Intake;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.PartnerSftpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Field case B22: an X12 846 from vendor V2 over SFTP names SKU Z, which the catalog does
 * not know. The transaction set is one document: nothing of it applies, and the
 * dead-letter entry keeps the file exactly as received, beside the reason and the mapped
 * events. Once Z exists, a replay applies the whole advice; a second replay changes
 * nothing. Unknown SKU is a permanent failure, so it is set aside at once rather than
 * after redeliveries.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EdiDeadLetterFidelityTest extends HubIntegrationTest {

    private static final PartnerSftpServer V2_SFTP = new PartnerSftpServer("hub", "s3cret-V2");
    private static final String FILE = "INV_V2_20261204.x12";
    private static final byte[] ADVICE = String.join("\n",
            "ISA*00*          *00*          *ZZ*VENDOR2        *ZZ*HUBRETAIL      *261204*1015"
                    + "*U*00401*000000301*0*P*>~",
            "GS*IB*VENDOR2*HUBRETAIL*20261204*1015*301*X*004010~",
            "ST*846*0001~",
            "BIA*00*DD*INV-V2-1204*20261204~",
            "N1*WH*VENDOR2 DC*92*L1~",
            "LIN**VP*B~",
            "QTY*33*12*EA~",
            "LIN**VP*Z~",
            "QTY*33*4*EA~",
            "SE*8*0001~",
            "GE*1*301~",
            "IEA*1*000000301~", "").getBytes(StandardCharsets.US_ASCII);

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void vendorSftpServer(DynamicPropertyRegistry registry) {
        V2_SFTP.startAsHubSource(registry, "inbound");
        registry.add("hub.intake.sftp.min-age-ms", () -> "500");
    }

    @AfterAll
    static void stopSftpServer() {
        V2_SFTP.stop();
    }

    @Test
    void adviceNamingAnUnknownSkuIsKeptByteForByteAndAppliesWholeOnReplay() {
        books.loadCatalog("fixtures/b22-catalog.yaml");
        ApiClient support = new ApiClient(port, "sam.support");
        InboundMessages inbox = new InboundMessages(books.jdbc());

        V2_SFTP.upload("inbound/x12/V2/" + FILE, ADVICE);
        long inboundId = inbox.awaitFile("x12", "V2", FILE);
        await("the advice is refused").atMost(InboundMessages.PATIENCE)
                .until(() -> books.deadLetters().size() == 1);

        long id = ((Number) books.deadLetters().get(0).get("id")).longValue();
        JsonNode entry = support.get("/api/dead-letters/" + id).json();
        byte[] kept = support.get("/api/dead-letters/" + id + "/payload").body();
        assertThat(Intake.sha256(kept)).isEqualTo(Intake.sha256(ADVICE));
        assertThat(entry.get("inbound_message_id").asLong()).isEqualTo(inboundId);
        assertThat(entry.get("channel").asText()).isEqualTo("x12");
        assertThat(entry.get("account").asText()).isEqualTo("V2");
        assertThat(entry.get("vendor").asText()).isEqualTo("V2");
        assertThat(entry.get("route").asText()).isEqualTo("intake-sftp");
        assertThat(ApiClient.storedHeader(entry, "fileName")).isEqualTo(FILE);
        assertThat(entry.get("reason_code").asText()).isEqualTo("UNKNOWN_SKU");
        assertThat(entry.get("reason").asText()).contains("SKU Z");
        assertThat(entry.get("error_class").asText()).isEqualTo("PERMANENT");
        assertThat(entry.get("attempts").asInt()).isEqualTo(1);
        assertThat(entry.get("first_failed_at").isNull()).isFalse();
        assertThat(entry.get("event_json").asText()).contains("\"sku\":\"Z\"")
                .contains("\"sku\":\"B\"");
        assertThat(books.onHand("V2", "B", "L1")).as("one document, not applied in part")
                .isZero();

        books.loadCatalog("fixtures/sku-z-from-v2.yaml");
        replay(support, inbox, id);

        assertThat(books.bucket("V2", "B", "L1", "AVAILABLE")).isEqualTo(12);
        assertThat(books.bucket("V2", "Z", "L1", "AVAILABLE")).isEqualTo(4);
        List<Map<String, Object>> journal = books.jdbc().queryForList(
                "select * from stock_movement order by id");
        replay(support, inbox, id);
        assertThat(books.jdbc().queryForList("select * from stock_movement order by id"))
                .as("a second replay changes nothing").isEqualTo(journal);
    }

    private void replay(ApiClient support, InboundMessages inbox, long id) {
        ApiClient.Answer replay = support.post("/api/dead-letters/" + id + "/replay");
        assertThat(replay.status()).as(replay.text()).isEqualTo(200);
        inbox.awaitComplete(replay.json().get("inboundMessages").get(0).asLong());
        await("entry " + id + " resolved").atMost(InboundMessages.PATIENCE).until(() ->
                "RESOLVED".equals(books.jdbc().queryForObject(
                        "select status from dead_letter where id = ?", String.class, id)));
    }
}
