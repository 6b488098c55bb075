package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A payload above the mapping limit is kept exactly as received and refused whole with
 * the reason, instead of being mapped in memory. Its hub is closed afterwards: left
 * running, it would take other tests' dropped files in under its own limit.
 */
@DirtiesContext
@TestPropertySource(properties = "hub.intake.max-payload-bytes=64")
class OversizePayloadTest extends HubIntegrationTest {

    @LocalServerPort
    private int port;

    @Test
    void payloadAboveTheLimitIsStoredAndRefusedWhole() {
        byte[] report = ("{\"reports\":[{\"reportId\":\"R-9\",\"sku\":\"A\",\"location\":\"L1\","
                + "\"kind\":\"RECEIPT\",\"quantity\":5}]}").getBytes(StandardCharsets.UTF_8);

        IntakeClient.Answer answer = new IntakeClient(port)
                .post("/intake/vendors/V1/stock", report);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.rejected()).isEqualTo(1);
        InboundMessages inbox = new InboundMessages(books.jdbc());
        assertThat(inbox.payload(answer.inboundId())).isEqualTo(report);
        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("reason_code", "PAYLOAD_TOO_LARGE")
                    .containsEntry("field", "payload")
                    .containsEntry("inbound_message_id", answer.inboundId());
            assertThat((String) dead.get("reason")).contains(report.length + " bytes", "64");
        });
        assertThat(books.onHand("V1", "A", "L1")).isZero();
    }
}
