package org.consignmenthub.vendor;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A vendor's receiver on 127.0.0.1, played by WireMock, down at first and then up. */
class VendorWebhooksTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    private final WireMockServer receiver = new WireMockServer(options()
            .bindAddress("127.0.0.1").dynamicPort());
    private VendorCalls v1;

    @BeforeEach
    void receiverAndVendor() {
        receiver.start();
        v1 = new VendorCalls(port, "V1");
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop();
    }

    @Test
    void aStockChangeIsDeliveredSignedAfterTheReceiverComesBack() throws Exception {
        receiver.stubFor(post(urlEqualTo("/hooks/stock")).inScenario("outage")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("second try"));
        receiver.stubFor(post(urlEqualTo("/hooks/stock")).inScenario("outage")
                .whenScenarioStateIs("second try")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        receiver.stubFor(post(urlEqualTo("/hooks/stock")).inScenario("outage")
                .whenScenarioStateIs("up").willReturn(aResponse().withStatus(204)));
        JsonNode registered = register("/hooks/stock", "[\"stock.changed\"]");
        String secret = registered.path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        long subscription = registered.path("id").asLong();

        books.apply(receipt("V1", "A", 6, "R-HOOK-1"), receipt("V2", "D", 4, "R-HOOK-2"));

        await().atMost(Duration.ofSeconds(30)).until(() -> v1.get("/webhooks/" + subscription
                + "/deliveries").json().path(0).path("status").asText().equals("DELIVERED"));
        List<LoggedRequest> sent = receiver.findAll(postRequestedFor(urlEqualTo(
                "/hooks/stock")));
        assertThat(sent).as("twice refused, then taken").hasSize(3);
        LoggedRequest delivered = sent.get(2);
        JsonNode event = new ObjectMapper().readTree(delivered.getBody());
        assertThat(event.path("type").asText()).isEqualTo("stock.changed");
        assertThat(event.path("vendor").asText()).isEqualTo("V1");
        assertThat(event.path("data").path("sku").asText()).isEqualTo("A");
        assertThat(event.path("data").path("quantity").asLong()).isEqualTo(6);
        assertThat(delivered.getHeader("X-Hub-Event")).isEqualTo("stock.changed");
        String signature = delivered.getHeader(WebhookSignature.HEADER);
        long now = Instant.now().getEpochSecond();
        assertThat(WebhookSignature.verify(secret, signature, delivered.getBody(), now, 300))
                .isTrue();
        assertThat(WebhookSignature.verify("whsec_other", signature, delivered.getBody(), now,
                300)).isFalse();
        assertThat(WebhookSignature.verify(secret, signature, delivered.getBody(),
                now + 3600, 300)).as("an old delivery replayed is refused").isFalse();
        JsonNode deliveries = v1.get("/webhooks/" + subscription + "/deliveries").json();
        assertThat(deliveries).as("V2's stock is not V1's event").singleElement()
                .satisfies(d -> assertThat(d.path("attempts").asInt()).isEqualTo(3));
    }

    @Test
    void theSecretIsShownOnceAndAnotherVendorsSubscriptionIsUnknown() {
        long subscription = register("/hooks/any", "[\"invoice.issued\"]").path("id")
                .asLong();

        VendorCalls.Answer listed = v1.get("/webhooks/" + subscription);
        assertThat(listed.json().path("events").get(0).asText()).isEqualTo("invoice.issued");
        assertThat(listed.body()).doesNotContain("whsec_");
        VendorCalls v2 = new VendorCalls(port, "V2");
        assertThat(v2.get("/webhooks/" + subscription).status()).isEqualTo(404);
        assertThat(v2.get("/webhooks/" + subscription + "/deliveries").status())
                .isEqualTo(404);
        assertThat(v2.delete("/webhooks/" + subscription).status()).isEqualTo(404);
        assertThat(v2.get("/webhooks").json()).isEmpty();
        assertThat(v1.delete("/webhooks/" + subscription).status()).isEqualTo(204);
        assertThat(v1.get("/webhooks").json()).isEmpty();
    }

    @Test
    void anUnknownEventOrAnAddressThatIsNotHttpIsRefused() {
        VendorCalls.Answer unknown = v1.post("/webhooks", """
                {"url":"http://127.0.0.1:1/x","events":["stock.changed","price.changed"]}""");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("field").asText()).isEqualTo("events[1]");
        VendorCalls.Answer notHttp = v1.post("/webhooks", """
                {"url":"file:///etc/passwd","events":["stock.changed"]}""");
        assertThat(notHttp.status()).isEqualTo(400);
        assertThat(notHttp.json().path("field").asText()).isEqualTo("url");
    }

    @Test
    void oneVendorsBacklogDoesNotHoldBackAnothersDelivery() {
        // V1's receiver is slow and V1 has more waiting than one round of sending takes;
        // V2's single delivery must still go out in the first round, not after V1's backlog.
        receiver.stubFor(post(urlEqualTo("/hooks/v1")).willReturn(aResponse().withStatus(204)
                .withFixedDelay(100)));
        receiver.stubFor(post(urlEqualTo("/hooks/v2")).willReturn(aResponse().withStatus(204)));
        long mine = register("/hooks/v1", "[\"stock.changed\"]").path("id").asLong();
        VendorCalls v2 = new VendorCalls(port, "V2");
        long theirs = register(v2, "/hooks/v2", "[\"stock.changed\"]").path("id").asLong();

        for (int i = 1; i <= 120; i++) {
            books.apply(receipt("V1", "A", 1, "R-BACKLOG-" + i));
        }
        books.apply(receipt("V2", "D", 4, "R-WAITING"));

        await().atMost(Duration.ofSeconds(30)).until(() -> v2.get("/webhooks/" + theirs
                + "/deliveries").json().path(0).path("status").asText().equals("DELIVERED"));
        Integer waiting = books.jdbc().queryForObject("""
                select count(*) from webhook_delivery
                where subscription_id = ? and status = 'PENDING'""", Integer.class, mine);
        assertThat(waiting).as("V1's backlog still going out").isPositive();
    }

    private JsonNode register(String path, String events) {
        return register(v1, path, events);
    }

    private JsonNode register(VendorCalls vendor, String path, String events) {
        VendorCalls.Answer answer = vendor.post("/webhooks", """
                {"url":"http://127.0.0.1:%d%s","events":%s}""".formatted(receiver.port(), path,
                events));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    private static VendorStockReported receipt(String vendor, String sku, long quantity,
            String id) {
        return new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", vendor,
                "VendorStockReported", id, 0), vendor, "L1", sku,
                VendorStockReported.Kind.RECEIPT, quantity, id,
                Instant.parse("2026-11-01T09:00:00Z"));
    }
}
