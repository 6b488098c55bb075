package org.consignmenthub.intake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.Corpus;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * BigCommerce webhooks on {@code /intake/bigcommerce/{account}}: taken in only with the
 * account's shared secret in a header, stored before anything else, and, being thin, the
 * order they name fetched from the store's API (a stand-in on 127.0.0.1) and applied once.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BigCommerceWebhookTest extends HubIntegrationTest {

    private static final String ACCOUNT = "store-1025646";
    private static final String PATH = "/intake/bigcommerce/" + ACCOUNT;
    private static final String SECRET_HEADER = "X-Hub-Webhook-Secret";
    private static final String TOKEN = "bc-test-token";
    private static final String API = "/stores/abc123";
    private static final WireMockServer STORE = new WireMockServer(options()
            .bindAddress("127.0.0.1").dynamicPort());
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @LocalServerPort
    private int port;

    private IntakeClient bigCommerce;
    private InboundMessages inbox;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        STORE.start();
        registry.add("hub.intake.bigcommerce.stores[0].account", () -> ACCOUNT);
        registry.add("hub.intake.bigcommerce.stores[0].base-url", () -> STORE.baseUrl() + API);
        registry.add("hub.intake.bigcommerce.stores[0].access-token", () -> TOKEN);
    }

    @AfterAll
    static void stopStore() {
        STORE.stop();
    }

    @BeforeEach
    void stockedStore() {
        STORE.resetAll();
        // BigCommerce holds no credentials of the hub: only the shared secret header.
        bigCommerce = IntakeClient.anonymous(port);
        inbox = new InboundMessages(books.jdbc());
        books.apply(receipt("R-A", "A"), receipt("R-B", "B"));
    }

    @Test
    void webhookWithoutTheAccountsSecretIsRefusedAndNotStored() {
        byte[] webhook = Corpus.bytes(
                "other-channels/bigcommerce_webhook_store_order_created_thin.json");

        IntakeClient.Answer missing = bigCommerce.post(PATH, webhook);
        IntakeClient.Answer wrong = bigCommerce.post(PATH, webhook, SECRET_HEADER,
                "secret-store-1025647");
        IntakeClient.Answer otherStore = bigCommerce.post("/intake/bigcommerce/other-store",
                webhook, SECRET_HEADER, "secret-store-1025646");

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body()).contains("carries no X-Hub-Webhook-Secret header");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("does not hold the secret of bigcommerce account"
                + " store-1025646");
        assertThat(otherStore.status()).isEqualTo(401);
        assertThat(otherStore.body()).contains("no webhook secret is configured");
        assertThat(books.jdbc().queryForObject("select count(*) from inbound_message"
                + " where channel = 'bigcommerce'", Long.class)).isZero();
        assertThat(STORE.getAllServeEvents()).isEmpty();
    }

    @Test
    void thinOrderWebhookIsStoredAndItsOrderFetchedAndAppliedOnce() throws IOException {
        stubOrder(250, 11);
        byte[] webhook = Corpus.bytes(
                "other-channels/bigcommerce_webhook_store_order_created_thin.json");

        IntakeClient.Answer answer = post(webhook);

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(inbox.payload(answer.inboundId())).isEqualTo(webhook);
        assertThat(books.jdbc().queryForObject("select route from inbound_message where id = ?",
                String.class, answer.inboundId())).isEqualTo("intake-bigcommerce-webhook");
        assertThat(books.jdbc().queryForObject("select headers::text from inbound_message"
                + " where id = ?", String.class, answer.inboundId()))
                .doesNotContain("secret-store-1025646");
        assertThat(books.jdbc().queryForObject("select reason_code from skipped_record"
                + " where inbound_message_id = ?", String.class, answer.inboundId()))
                .isEqualTo("THIN_ORDER_WEBHOOK");
        STORE.verify(getRequestedFor(urlPathEqualTo(API + "/v2/orders/250"))
                .withHeader("X-Auth-Token", equalTo(TOKEN)));
        await().atMost(InboundMessages.PATIENCE).until(() -> allocated("B") == 3);
        assertThat(allocated("A")).isEqualTo(1);
        assertThat(messageTypes()).containsExactly("webhook", "order");

        IntakeClient.Answer again = post(webhook);
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        awaitAllSettled();
        assertThat(allocated("A")).isEqualTo(1);
        assertThat(allocated("B")).isEqualTo(3);
        assertThat(books.deadLetters()).isEmpty();
    }

    @Test
    void storeThatCannotBeReadIsAnswered503AfterTheWebhookIsStored() {
        STORE.stubFor(get(urlPathMatching(API + "/v2/orders/.*"))
                .willReturn(aResponse().withStatus(500)));

        IntakeClient.Answer answer = post(Corpus.bytes(
                "other-channels/bigcommerce_webhook_store_order_created_thin.json"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.body()).contains("ORDER_NOT_FETCHED", "order 250 could not be read",
                "the store answered 500 for /stores/abc123/v2/orders/250");
        assertThat(messageTypes()).containsExactly("webhook");
    }

    @Test
    void inventoryWebhookCausedByAnOrderIsStoredAndNotBooked() {
        IntakeClient.Answer answer = post(Corpus.bytes(
                "other-channels/bigcommerce_webhook_sku_inventory_order_updated.json"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.records()).isEqualTo(1);
        assertThat(answer.rejected()).isZero();
        assertThat(books.jdbc().queryForObject("select reason_code from skipped_record"
                + " where inbound_message_id = ?", String.class, answer.inboundId()))
                .isEqualTo("INVENTORY_CHANGED_BY_ORDER");
        assertThat(STORE.getAllServeEvents()).isEmpty();
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(5);
    }

    @Test
    void orderFollowedThroughPaymentAndShipmentBillsTheVendorOnce() throws IOException {
        String placed = "Mon, 02 Nov 2026 14:00:00 +0000";
        stubOrder(260, 7, placed, placed);
        assertThat(post(webhook("store/order/created", 260, 1)).status()).isEqualTo(202);
        await().atMost(InboundMessages.PATIENCE).until(() -> allocated("B") == 3);
        assertThat(soldQuantities(260)).containsExactly(0L, 0L);

        stubOrder(260, 11, placed, "Mon, 02 Nov 2026 14:20:00 +0000");
        assertThat(post(webhook("store/order/statusUpdated", 260, 2)).status()).isEqualTo(202);
        await().atMost(InboundMessages.PATIENCE)
                .until(() -> soldQuantities(260).equals(List.of(1L, 3L)));
        assertThat(allocated("A")).isEqualTo(1);
        assertThat(allocated("B")).isEqualTo(3);

        stubOrder(260, 2, placed, "Mon, 02 Nov 2026 16:05:00 +0000");
        STORE.stubFor(get(urlPathEqualTo(API + "/v2/orders/260/shipments"))
                .willReturn(okJson("""
                        [{"id": 9, "order_id": 260, "date_created":
                          "Mon, 02 Nov 2026 16:00:00 +0000", "items": [
                          {"order_product_id": 501, "product_id": 0, "quantity": 1},
                          {"order_product_id": 502, "product_id": 0, "quantity": 3}]}]""")));
        assertThat(post(webhook("store/order/statusUpdated", 260, 3)).status()).isEqualTo(202);
        await().atMost(InboundMessages.PATIENCE).until(() -> books.billingLines("V1").size() == 2);
        assertThat(post(webhook("store/order/statusUpdated", 260, 4)).status()).isEqualTo(202);
        awaitAllSettled();

        // Agreed prices of V1: A 12.50, B 4.00; title passed for 1 and 3 units, once.
        assertThat(books.billingLines("V1")).extracting(l -> l.get("sku"),
                l -> l.get("quantity"), l -> l.get("net_amount").toString())
                .containsExactlyInAnyOrder(org.assertj.core.api.Assertions.tuple("A", 1L,
                        "12.50"), org.assertj.core.api.Assertions.tuple("B", 3L, "12.00"));
        assertThat(allocated("A") + allocated("B")).isZero();
        assertThat(books.onHand("V1", "B", "L1")).isEqualTo(2);
        assertThat(books.deadLetters()).isEmpty();
    }

    private List<Long> soldQuantities(int orderId) {
        return books.jdbc().queryForList("select sold_qty from order_line where channel ="
                + " 'bigcommerce' and order_ref = ? order by line_ref", Long.class,
                String.valueOf(orderId));
    }

    /** An order webhook of BigCommerce's shape; {@code sent} tells deliveries apart. */
    private static byte[] webhook(String scope, int orderId, int sent) {
        return ("""
                {"scope": "%s", "store_id": "1025646", "data": {"type": "order", "id": %d},
                 "hash": "%040d", "created_at": %d, "producer": "stores/abc123"}"""
                .formatted(scope, orderId, sent, 1_793_628_000 + sent))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The corpus order, as order 250, paid (status 11) and with its products listed. */
    private void stubOrder(int orderId, int statusId) throws IOException {
        stubOrder(orderId, statusId, null, null);
    }

    /** The corpus order under another id, status and dates, with its products listed. */
    private void stubOrder(int orderId, int statusId, String created, String modified)
            throws IOException {
        ObjectNode order = (ObjectNode) PLAIN.readTree(Corpus.bytes(
                "other-channels/bigcommerce_v2_get_order_example.json"));
        order.put("id", orderId).put("status_id", statusId);
        if (created != null) {
            order.put("date_created", created).put("date_modified", modified);
        }
        ArrayNode products = PLAIN.createArrayNode();
        products.addObject().put("id", 501).put("order_id", orderId).put("sku", "A")
                .put("quantity", 1).put("price_inc_tax", "19.9900");
        products.addObject().put("id", 502).put("order_id", orderId).put("sku", "B")
                .put("quantity", 3).put("price_inc_tax", "9.5000");
        String base = API + "/v2/orders/" + orderId;
        STORE.stubFor(get(urlPathEqualTo(base)).withHeader("X-Auth-Token", equalTo(TOKEN))
                .willReturn(okJson(order.toString())));
        STORE.stubFor(get(urlPathEqualTo(base + "/products"))
                .withHeader("X-Auth-Token", equalTo(TOKEN))
                .willReturn(okJson(products.toString())));
        STORE.stubFor(get(urlPathEqualTo(base + "/shipments"))
                .withHeader("X-Auth-Token", equalTo(TOKEN))
                .willReturn(aResponse().withStatus(204)));
    }

    private IntakeClient.Answer post(byte[] webhook) {
        return bigCommerce.post(PATH, webhook, SECRET_HEADER, "secret-store-1025646");
    }

    private List<String> messageTypes() {
        return books.jdbc().queryForList("select distinct message_type from inbound_message"
                + " where channel = 'bigcommerce' order by message_type desc", String.class);
    }

    private void awaitAllSettled() {
        await("every batch settled").atMost(InboundMessages.PATIENCE).until(() ->
                books.jdbc().queryForObject("select count(*) from inbound_message"
                        + " where status <> 'COMPLETE'", Long.class) == 0);
    }

    private long allocated(String sku) {
        return books.bucket("V1", sku, "L1", "ALLOCATED");
    }

    private static VendorStockReported receipt(String id, String sku) {
        return new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", "V1",
                "VendorStockReported", id, 0), "V1", "L1", sku,
                VendorStockReported.Kind.RECEIPT, 5, id, Instant.parse("2019-03-01T09:00:00Z"));
    }
}
