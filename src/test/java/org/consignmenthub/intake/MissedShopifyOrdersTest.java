package org.consignmenthub.intake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.runtime.HubClock;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.IntakeClient;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A shop whose webhooks did not all arrive: the hub asks the shop's order list (a stand-in
 * for Shopify's Admin API on 127.0.0.1) and feeds what it never received into intake, once.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MissedShopifyOrdersTest extends HubIntegrationTest {

    private static final String TOKEN = "shpat-test-token";
    private static final String ORDERS = "/admin/api/2025-01/orders.json";
    private static final WireMockServer SHOP = new WireMockServer(options()
            .bindAddress("127.0.0.1").dynamicPort());

    @Autowired
    private HubClock clock;
    @Autowired
    private TestRestTemplate rest;
    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void shops(DynamicPropertyRegistry registry) {
        SHOP.start();
        registry.add("hub.missed-messages.shopify.shops[0].account", () -> "test-shop");
        registry.add("hub.missed-messages.shopify.shops[0].base-url", SHOP::baseUrl);
        registry.add("hub.missed-messages.shopify.shops[0].access-token", () -> TOKEN);
        registry.add("hub.missed-messages.shopify.shops[1].account", () -> "moved-shop");
        registry.add("hub.missed-messages.shopify.shops[1].base-url",
                () -> SHOP.baseUrl() + "/moved");
        registry.add("hub.missed-messages.shopify.shops[1].access-token", () -> TOKEN);
        registry.add("hub.missed-messages.shopify.first-retry-delay", () -> "50ms");
    }

    @AfterAll
    static void stopShop() {
        SHOP.stop();
    }

    @BeforeEach
    void stockedShop() {
        clock.followSystemClock();
        SHOP.resetAll();
        books.apply(new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", "V1",
                "VendorStockReported", "R-MISSED", 0), "V1", "L1", "A",
                VendorStockReported.Kind.RECEIPT, 10, "R-MISSED", Instant.now()));
    }

    @Test
    void ordersTheShopListsButTheHubNeverGotAreFedInOnce() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String received = order(9001, now.minus(Duration.ofHours(3)), 1);
        String missed = order(9002, now.minus(Duration.ofHours(2)), 2);
        String missedOnPageTwo = order(9003, now.minus(Duration.ofMinutes(90)), 3);
        String tooRecent = order(9004, now.minus(Duration.ofMinutes(1)), 4);
        webhook(9001, received);
        SHOP.stubFor(get(urlPathEqualTo(ORDERS)).withQueryParam("page_info", absent())
                .withHeader("X-Shopify-Access-Token", equalTo(TOKEN))
                .willReturn(okJson(list(received, missed, tooRecent)).withHeader("Link",
                        "<" + SHOP.baseUrl() + ORDERS + "?limit=250&page_info=p2>;"
                                + " rel=\"next\"")));
        SHOP.stubFor(get(urlPathEqualTo(ORDERS)).withQueryParam("page_info", equalTo("p2"))
                .withHeader("X-Shopify-Access-Token", equalTo(TOKEN))
                .willReturn(okJson(list(missedOnPageTwo))));

        assertThat(check("test-shop")).containsEntry("missing", 2);

        await("the missed orders reserve their units").atMost(Duration.ofSeconds(60))
                .until(() -> books.bucket("V1", "A", "L1", "ALLOCATED") == 6);
        assertThat(books.jdbc().queryForList("select order_ref from order_line"
                + " order by order_ref", String.class)).containsExactly("9001", "9002", "9003");
        Map<String, Object> report = latestCheck();
        assertThat(report).containsEntry("listed", 4).containsEntry("missing", 2)
                .containsEntry("failure", null);
        assertThat((List<?>) report.get("found")).extracting("external_id")
                .containsExactly("9002", "9003");

        assertThat(check("test-shop")).as("a second check finds nothing new")
                .containsEntry("missing", 0);
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(6);
    }

    @Test
    void aNextPageOnAnotherHostIsNotFollowedAndNothingIsFed() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SHOP.stubFor(get(urlPathEqualTo("/moved" + ORDERS))
                .willReturn(okJson(list(order(9100, now.minus(Duration.ofHours(1)), 1)))
                        .withHeader("Link", "<http://127.0.0.2:1/elsewhere?page_info=x>;"
                                + " rel=\"next\"")));

        assertThat(check("moved-shop")).containsEntry("missing", 0);

        assertThat(latestCheck()).containsEntry("missing", 0)
                .satisfies(report -> assertThat((String) report.get("failure"))
                        .contains("points elsewhere"));
        assertThat(SHOP.getAllServeEvents()).hasSize(1);
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isZero();
    }

    @Test
    void aShopThatAsksToWaitIsAskedAgainAfterThePauseItNames() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SHOP.stubFor(get(urlPathEqualTo(ORDERS)).inScenario("throttled")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("after the pause"));
        SHOP.stubFor(get(urlPathEqualTo(ORDERS)).inScenario("throttled")
                .whenScenarioStateIs("after the pause")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovered"));
        SHOP.stubFor(get(urlPathEqualTo(ORDERS)).inScenario("throttled")
                .whenScenarioStateIs("recovered")
                .willReturn(okJson(list(order(9201, now.minus(Duration.ofHours(1)), 2)))));

        assertThat(check("test-shop")).containsEntry("missing", 1);

        List<ServeEvent> calls = SHOP.getAllServeEvents();
        assertThat(calls).extracting(call -> call.getResponse().getStatus())
                .containsExactlyInAnyOrder(429, 503, 200);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> books.bucket("V1", "A", "L1", "ALLOCATED") == 2);
    }

    @Test
    void aShopThatKeepsFailingFailsTheCheckAfterItsTriesAndFeedsNothing() {
        SHOP.stubFor(get(urlPathEqualTo(ORDERS)).willReturn(aResponse().withStatus(502)));

        assertThat(check("test-shop")).containsEntry("missing", 0);

        assertThat(SHOP.getAllServeEvents()).hasSize(5);
        assertThat((String) latestCheck().get("failure"))
                .contains("answered 502").contains("after 5 tries");
    }

    @Test
    void aShopThatIsNotConfiguredIsAnsweredNotFound() {
        assertThat(staff().postForEntity("/api/missed-messages/shopify/nobody/check", null,
                String.class).getStatusCode().value()).isEqualTo(404);
    }

    private Map<String, Object> check(String account) {
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = staff().postForObject(
                "/api/missed-messages/shopify/" + account + "/check", null, Map.class);
        return answer;
    }

    private Map<String, Object> latestCheck() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = staff().getForObject("/api/missed-messages?limit=1",
                List.class);
        return checks.get(0);
    }

    private void webhook(long id, String order) {
        IntakeClient.Answer answer = new IntakeClient(port).post("/intake/shopify/test-shop",
                order.getBytes(StandardCharsets.UTF_8), "X-Shopify-Topic", "orders/create",
                "X-Shopify-Webhook-Id", "webhook-" + id);
        assertThat(answer.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> books.bucket("V1", "A", "L1", "ALLOCATED") == 1);
    }

    private static String list(String... orders) {
        return "{\"orders\": [" + String.join(",", orders) + "]}";
    }

    private static String order(long id, Instant created, int quantity) {
        return """
                {"id": %d, "name": "#%d", "created_at": "%s", "updated_at": "%s",
                 "currency": "USD", "financial_status": "pending",
                 "line_items": [{"id": %d, "sku": "A", "quantity": %d, "price": "19.99"}]}
                """.formatted(id, id, created, created, id * 10, quantity);
    }

    /** The operations API as the test operations staff user. */
    private TestRestTemplate staff() {
        return rest.withBasicAuth(TestCredentials.OPERATOR,
                TestCredentials.secretOf(TestCredentials.OPERATOR));
    }
}
