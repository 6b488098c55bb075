package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Requests a partner or a careless script may send, and what the hub makes of them. */
class IntakeRobustnessTest extends HubIntegrationTest {

    @LocalServerPort
    private int port;

    @Value("${hub.intake.files.dir}")
    private Path dropFolder;

    private IntakeClient partner;
    private InboundMessages inbox;

    @BeforeEach
    void connect() {
        partner = new IntakeClient(port);
        inbox = new InboundMessages(books.jdbc());
    }

    @Test
    void sameRequestSentTwiceWithoutAnIdChangesNothingTheSecondTime() {
        byte[] report = utf8("{\"reports\":[{\"reportId\":\"R-1\",\"sku\":\"A\","
                + "\"location\":\"L1\",\"kind\":\"RECEIPT\",\"quantity\":10}]}");

        IntakeClient.Answer first = partner.post("/intake/vendors/V1/stock", report);
        inbox.awaitComplete(first.inboundId());
        IntakeClient.Answer second = partner.post("/intake/vendors/V1/stock", report);
        inbox.awaitComplete(second.inboundId());

        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(10);
        assertThat(books.deadLetters()).isEmpty();
    }

    @Test
    void webhookWithoutItsTopicIsStoredAndRefused() {
        byte[] body = utf8("{\"id\": 5501, \"line_items\": []}");

        IntakeClient.Answer answer = partner.post("/intake/shopify/test-shop", body);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(inbox.payload(answer.inboundId())).isEqualTo(body);
        assertThat(books.deadLetters()).singleElement().satisfies(dead -> assertThat(dead)
                .containsEntry("reason_code", "NO_MAPPING")
                .containsEntry("field", "messageType"));
    }

    @Test
    void deadLettersStayReadableWhenARawRecordHoldsZeroBytes() throws Exception {
        byte[] junk = {'s', 'k', 'u', '\n', 0, 0, (byte) 0xFF, ',', '\n'};
        Path folder = dropFolder.resolve("vendor-stock/V1");
        Files.createDirectories(folder);
        Files.write(folder.resolve("junk.csv"), junk);
        inbox.awaitComplete(inbox.awaitFile("vendor-stock", "V1", "junk.csv"));

        ApiClient.Answer listing = new ApiClient(port).get("/api/dead-letters");

        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.text()).contains("\"reason_code\":\"UNREADABLE\"", "\\u0000");
        assertThat((byte[]) books.deadLetters().get(0).get("raw_record"))
                .containsSequence((byte) 0, (byte) 0);
    }

    @Test
    void skuHoldingAZeroByteIsRefusedIntoTheStoreNotRetriedForever() {
        IntakeClient.Answer answer = partner.post("/intake/vendors/V1/stock",
                utf8("{\"reports\":[{\"reportId\":\"NUL-1\",\"sku\":\"A\\u0000\","
                        + "\"location\":\"L1\",\"kind\":\"RECEIPT\",\"quantity\":1}]}"));

        assertThat(answer.status()).isEqualTo(202);
        inbox.awaitComplete(answer.inboundId());
        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("inbound_message_id", answer.inboundId())
                    .containsEntry("stage", "PROCESSING");
            assertThat((String) dead.get("reason_code")).isIn("DATA_REJECTED", "UNKNOWN_SKU");
        });
        assertThat(books.onHand("V1", "A", "L1")).isZero();
    }

    @Test
    void bodyThatIsNotUtf8IsStoredAndRefusedSayingSo() {
        byte[] report = {'{', '"', 'r', 'e', 'p', 'o', 'r', 't', 's', '"', ':', '[', '{', '"',
            's', 'k', 'u', '"', ':', '"', 'A', (byte) 0xFF, (byte) 0xFE, '"', '}', ']', '}'};

        IntakeClient.Answer answer = partner.post("/intake/vendors/V1/stock", report);

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(inbox.payload(answer.inboundId())).isEqualTo(report);
        inbox.awaitComplete(answer.inboundId());
        assertThat(books.deadLetters()).filteredOn(dead -> dead.get("inbound_message_id")
                .equals(answer.inboundId())).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("reason_code", "UNREADABLE")
                    .containsEntry("field", "body");
            assertThat((String) dead.get("reason")).contains("UTF-8", "offset 21", "0xFF");
            // The record's text shows the bad bytes as U+FFFD; the message keeps them exact.
            assertThat(new String((byte[]) dead.get("raw_record"), StandardCharsets.UTF_8))
                    .contains("A\uFFFD\uFFFD");
        });
    }

    @Test
    void moveToTheSameLocationIsRefused() {
        partner.post("/intake/vendors/V1/stock", utf8("{\"reports\":[{\"reportId\":\"R-2\","
                + "\"sku\":\"A\",\"location\":\"L1\",\"kind\":\"RECEIPT\",\"quantity\":4}]}"));
        IntakeClient.Answer move = partner.post("/intake/stock-moves/ops", utf8(
                "{\"moveId\":\"M-1\",\"sku\":\"A\",\"from\":\"L1\",\"to\":\"L1\",\"quantity\":2}"));
        inbox.awaitComplete(move.inboundId());

        assertThat(books.deadLetters()).singleElement().satisfies(dead -> assertThat(dead)
                .containsEntry("reason_code", "SAME_LOCATION")
                .containsEntry("field", "toLocation"));
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(4);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
