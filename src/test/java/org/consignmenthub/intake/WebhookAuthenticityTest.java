package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Shopify signs each webhook body with the shop's shared secret. The hub takes in only
 * what the named shop signed; anything else is refused with 401 before it is stored.
 */
class WebhookAuthenticityTest extends HubIntegrationTest {

    private static final byte[] ORDER = """
            {"id": 8101, "created_at": "2026-11-02T10:00:00-05:00", "currency": "USD",
             "line_items": [{"id": 1, "sku": "A", "quantity": 1, "price": "19.99"}]}
            """.getBytes(StandardCharsets.UTF_8);

    @LocalServerPort
    private int port;

    private IntakeClient shop;

    @BeforeEach
    void shop() {
        shop = new IntakeClient(port);
    }

    @Test
    void bodySignedWithTheShopsSecretIsTakenIn() {
        IntakeClient.Answer answer = post("test-shop",
                IntakeClient.shopifySignature("secret-test-shop", ORDER));

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(new InboundMessages(books.jdbc()).payload(answer.inboundId()))
                .isEqualTo(ORDER);
    }

    @Test
    void signatureMadeWithAnotherSecretIsRefusedAndNothingIsStored() {
        IntakeClient.Answer answer = post("test-shop",
                IntakeClient.shopifySignature("secret-of-someone-else", ORDER));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("\"reasonCode\":\"UNAUTHENTIC_WEBHOOK\"")
                .contains("does not match the body");
        assertThat(storedMessages()).isZero();
    }

    @Test
    void bodyChangedAfterSigningIsRefused() {
        String signatureOfAnotherBody = IntakeClient.shopifySignature("secret-test-shop",
                "{\"id\": 8102}".getBytes(StandardCharsets.UTF_8));

        assertThat(post("test-shop", signatureOfAnotherBody).status()).isEqualTo(401);
        assertThat(storedMessages()).isZero();
    }

    @Test
    void unsignedRequestIsRefused() {
        IntakeClient.Answer answer = post("test-shop", "");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("carries no X-Shopify-Hmac-Sha256 signature");
        assertThat(storedMessages()).isZero();
    }

    @Test
    void shopWithoutAConfiguredSecretIsRefused() {
        IntakeClient.Answer answer = post("stranger-shop",
                IntakeClient.shopifySignature("secret-stranger-shop", ORDER));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("no webhook secret is configured");
        assertThat(storedMessages()).isZero();
    }

    private IntakeClient.Answer post(String account, String signature) {
        return shop.post("/intake/shopify/" + account, ORDER, "X-Shopify-Topic",
                "orders/create", "X-Shopify-Webhook-Id", "hmac-" + account,
                "X-Shopify-Hmac-Sha256", signature);
    }

    private long storedMessages() {
        return books.jdbc().queryForObject("select count(*) from inbound_message", Long.class);
    }
}
