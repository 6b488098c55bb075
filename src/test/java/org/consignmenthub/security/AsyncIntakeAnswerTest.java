package org.consignmenthub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Intake answers from Camel's asynchronous REST routes. The request was authorized on its
 * way in; finishing it must not be checked again and refused after the answer went out,
 * which filled the log with a stack trace per vendor request.
 */
@ExtendWith(OutputCaptureExtension.class)
class AsyncIntakeAnswerTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void aVendorsApiKeyRequestIsAnsweredOnceWithNoRefusalAfterIt(CapturedOutput output) {
        byte[] report = """
                {"reports":[{"reportId":"ASYNC-1","sku":"A","location":"L1","kind":"RECEIPT",
                  "quantity":3,"occurredAt":"2026-12-04T10:00:00Z"}]}"""
                .getBytes(StandardCharsets.UTF_8);

        IntakeClient.Answer answer = IntakeClient.withApiKey(port, TestCredentials.V1_API_KEY)
                .post("/intake/vendors/V1/stock", report, "X-Request-Id", "async-1");

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        new InboundMessages(books.jdbc()).awaitComplete(answer.inboundId());
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(3);
        assertThat(output.getAll()).doesNotContain("AuthorizationDeniedException")
                .doesNotContain("response is already committed");
    }
}
