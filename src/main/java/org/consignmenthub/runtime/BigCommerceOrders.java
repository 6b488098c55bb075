package org.consignmenthub.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Fetches the order a BigCommerce order webhook names. The webhook carries only the id;
 * once it is stored, the order, its products and its shipments are read from the store's
 * v2 API (only at the store's configured address, with its token) and fed into intake as
 * the messages {@code order} and {@code shipments}, so they meet the same mappings, rules
 * and event keys as a delivered file. The same order state fetched twice is the same
 * message, and changes nothing the second time. When the store cannot be read the webhook
 * is answered 503, so that BigCommerce sends it again later.
 */
@Component("bigCommerceOrders")
@EnableConfigurationProperties(BigCommerceOrders.Settings.class)
public class BigCommerceOrders {

    static final String CHANNEL = "bigcommerce";
    /** The order id a stored webhook names, for the fetch that follows. */
    static final String NAMED_ORDER = "hubBigCommerceOrder";

    private static final Logger log = LoggerFactory.getLogger(BigCommerceOrders.class);

    private final Settings settings;
    private final ProducerTemplate intake;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    BigCommerceOrders(Settings settings, ProducerTemplate intake) {
        this.settings = settings;
        this.intake = intake;
    }

    /** Stores whose API the hub may read: {@code hub.intake.bigcommerce.stores}. */
    @ConfigurationProperties("hub.intake.bigcommerce")
    public record Settings(List<Store> stores) {

        public Settings {
            stores = stores == null ? List.of() : stores;
        }

        /**
         * One store: the hub's account for it, its API address
         * ({@code https://api.bigcommerce.com/stores/<store hash>}) and its access token.
         */
        public record Store(String account, String baseUrl, String accessToken) {
        }
    }

    /** Before the webhook is stored: notes the order it names, if it names one. */
    public void noteOrder(Exchange exchange) {
        var in = exchange.getIn();
        // Read once and put back: the body may be a stream.
        byte[] body = in.getBody(byte[].class);
        in.setBody(body == null ? new byte[0] : body);
        try {
            JsonNode webhook = json.readTree(in.getBody(byte[].class));
            JsonNode id = webhook == null ? null : webhook.path("data").path("id");
            if (webhook != null && webhook.path("scope").asText("").startsWith("store/order/")
                    && id.canConvertToLong() && id.isIntegralNumber() && id.asLong() > 0) {
                in.setHeader(NAMED_ORDER, id.asLong());
            }
        } catch (IOException unreadable) {
            // Stored and refused as unreadable by intake; there is nothing to fetch.
            in.removeHeader(NAMED_ORDER);
        }
    }

    /** After the webhook is stored: fetches the order it named and feeds it into intake. */
    public void fetchNamedOrder(Exchange exchange) {
        var in = exchange.getIn();
        Long orderId = in.getHeader(NAMED_ORDER, Long.class);
        String account = in.getHeader(IntakeGateway.ACCOUNT, String.class);
        if (orderId == null) {
            return;
        }
        Optional<Settings.Store> store = settings.stores().stream()
                .filter(s -> s.account().equals(account)).findFirst();
        if (store.isEmpty()) {
            log.warn("Order webhook not followed channel={} account={} order={}: no store API"
                    + " is configured for the account", CHANNEL, account, orderId);
            return;
        }

        try {
            fetchAndFeed(store.get(), orderId);
        } catch (IOException | RuntimeException failure) {
            log.error("Order not fetched channel={} account={} order={}", CHANNEL, account,
                    orderId, failure);
            answerLater(exchange, "order " + orderId + " could not be read from the store: "
                    + failure.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            answerLater(exchange, "interrupted while reading order " + orderId);
        }
    }

    private void fetchAndFeed(Settings.Store store, long orderId)
            throws IOException, InterruptedException {
        String path = "/v2/orders/" + orderId;
        JsonNode order = get(store, path).orElseThrow(() -> new IOException("the store"
                + " has no order " + orderId));
        JsonNode products = get(store, path + "/products?limit=250")
                .orElse(json.createArrayNode());
        JsonNode shipments = get(store, path + "/shipments?limit=250")
                .orElse(json.createArrayNode());

        ObjectNode full = order.deepCopy();
        full.set("products", products);
        Long orderInbound = feed(store.account(), "order", full);
        Long shipmentsInbound = null;
        if (shipments.isArray() && !shipments.isEmpty()) {
            ObjectNode shipped = json.createObjectNode();
            shipped.set("products", products);
            shipped.set("shipments", shipments);
            shipmentsInbound = feed(store.account(), "shipments", shipped);
        }
        log.info("Order fetched channel={} account={} order={} products={} shipments={}"
                + " inboundId={} shipmentsInboundId={}", CHANNEL, store.account(), orderId,
                products.size(), shipments.size(), orderInbound, shipmentsInbound);
    }

    private Long feed(String account, String messageType, JsonNode document)
            throws IOException {
        byte[] body = json.writeValueAsBytes(document);
        Exchange result = intake.request("direct:intake-request", exchange -> {
            exchange.getIn().setBody(body);
            exchange.getIn().setHeaders(Map.of(
                    IntakeGateway.CHANNEL, CHANNEL,
                    IntakeGateway.ACCOUNT, account,
                    IntakeGateway.MESSAGE_TYPE, messageType));
        });
        if (result.getException() != null) {
            throw new IOException("intake could not take the fetched " + messageType,
                    result.getException());
        }
        Integer status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE,
                Integer.class);
        if (status != null && status != 202) {
            throw new IOException("intake answered " + status + " for the fetched "
                    + messageType);
        }
        return result.getMessage().getHeader(IntakeGateway.INBOUND_ID, Long.class);
    }

    /** One resource of the store's API; empty when it answers 204 (an empty list). */
    private Optional<JsonNode> get(Settings.Store store, String path)
            throws IOException, InterruptedException {
        URI uri = URI.create(store.baseUrl().replaceAll("/+$", "") + path);
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .header("X-Auth-Token", store.accessToken())
                .header("Accept", "application/json")
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 204) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("the store answered " + response.statusCode() + " for "
                    + uri.getPath());
        }
        return Optional.of(json.readTree(response.body()));
    }

    private static void answerLater(Exchange exchange, String reason) {
        var in = exchange.getIn();
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
        in.setHeader("Retry-After", "60");
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody("{\"error\":\"ORDER_NOT_FETCHED\",\"inboundId\":"
                + in.getHeader(IntakeGateway.INBOUND_ID) + ",\"reason\":"
                + quoted(reason) + "}");
    }

    private static String quoted(String text) {
        try {
            return new ObjectMapper().writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
