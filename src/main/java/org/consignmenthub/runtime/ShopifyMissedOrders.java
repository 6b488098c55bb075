package org.consignmenthub.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.consignmenthub.intake.MissedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Asks each configured Shopify shop which orders it created or changed lately (the Admin
 * API's order list) and compares that with what the hub received. An order the hub never
 * got, or got only in an older revision, goes into intake the way its webhook would have,
 * so it meets the same mapping, rules and event keys; each one is recorded and logged.
 * Orders changed in the last few minutes are left to their webhooks.
 */
@Component("shopifyMissedOrders")
@EnableConfigurationProperties(ShopifyMissedOrders.Settings.class)
public class ShopifyMissedOrders {

    static final String CHANNEL = "shopify";
    static final String MESSAGE_TYPE = "OrderPlaced";

    private static final Logger log = LoggerFactory.getLogger(ShopifyMissedOrders.class);
    private static final int MAX_TRIES = 5;
    private static final Duration MAX_PAUSE = Duration.ofSeconds(60);
    private static final Pattern NEXT_PAGE = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    private final Settings settings;
    private final MissedMessages missed;
    private final ProducerTemplate intake;
    private final HubClock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    ShopifyMissedOrders(Settings settings, MissedMessages missed, ProducerTemplate intake,
            HubClock clock) {
        this.settings = settings;
        this.missed = missed;
        this.intake = intake;
        this.clock = clock;
    }

    /**
     * Where and how to ask. {@code lookback} is how far back each check looks, {@code
     * settle} how recent a change may be before the check leaves it to its webhook, {@code
     * firstRetryDelay} the first pause when the shop answers 429 or 5xx without Retry-After.
     */
    @ConfigurationProperties("hub.missed-messages.shopify")
    public record Settings(List<Shop> shops, Duration lookback, Duration settle,
            Duration firstRetryDelay) {

        public Settings {
            shops = shops == null ? List.of() : shops;
            lookback = lookback == null ? Duration.ofHours(48) : lookback;
            settle = settle == null ? Duration.ofMinutes(5) : settle;
            firstRetryDelay = firstRetryDelay == null ? Duration.ofSeconds(2)
                    : firstRetryDelay;
        }

        /** One shop: the hub's account for it, its base address, API version and token. */
        public record Shop(String account, String baseUrl, String apiVersion,
                String accessToken) {

            public Shop {
                apiVersion = apiVersion == null ? "2025-01" : apiVersion;
            }
        }
    }

    /** One check of every configured shop; a shop that fails is recorded and skipped. */
    public void checkAll() {
        for (Settings.Shop shop : settings.shops()) {
            check(shop);
        }
    }

    /** Checks one shop by its account; returns how many orders were found missing. */
    public int check(String account) {
        return settings.shops().stream().filter(shop -> shop.account().equals(account))
                .findFirst().map(this::check)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no Shopify shop is configured for account " + account));
    }

    private int check(Settings.Shop shop) {
        Instant now = clock.instant();
        Instant since = now.minus(settings.lookback());
        long checkId = missed.beginCheck(CHANNEL, shop.account(), since);

        int listed = 0;
        int missing = 0;
        try {
            for (JsonNode order : listOrders(shop, since)) {
                listed++;
                if (feedIfMissing(checkId, shop, order, now)) {
                    missing++;
                }
            }
        } catch (IOException | RuntimeException failure) {
            log.error("Missed-order check failed channel={} account={}", CHANNEL,
                    shop.account(), failure);
            missed.finishCheck(checkId, listed, missing, failure.getMessage());
            return missing;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            missed.finishCheck(checkId, listed, missing, "interrupted");
            return missing;
        }

        missed.finishCheck(checkId, listed, missing, null);
        log.info("Missed-order check done channel={} account={} listed={} missing={}",
                CHANNEL, shop.account(), listed, missing);
        return missing;
    }

    private boolean feedIfMissing(long checkId, Settings.Shop shop, JsonNode order,
            Instant now) {
        String orderId = order.path("id").asText();
        OffsetDateTime created = OffsetDateTime.parse(order.path("created_at").asText());
        OffsetDateTime updated = order.hasNonNull("updated_at")
                ? OffsetDateTime.parse(order.path("updated_at").asText()) : created;
        // The same revision the orders/create mapping gives: seconds from creation to change.
        int revision = (int) Duration.between(created, updated).toSeconds();
        if (updated.toInstant().isAfter(now.minus(settings.settle()))
                || missed.received(CHANNEL, shop.account(), MESSAGE_TYPE, orderId, revision)) {
            return false;
        }

        Long inboundId = feed(shop.account(), orderId, revision, order);
        missed.recordMissing(checkId, CHANNEL, shop.account(), MESSAGE_TYPE, orderId, revision,
                inboundId);
        log.info("Missed order fed into intake channel={} account={} order={} revision={}"
                + " inboundId={}", CHANNEL, shop.account(), orderId, revision, inboundId);
        return true;
    }

    private Long feed(String account, String orderId, int revision, JsonNode order) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(order);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // The same headers the webhook route sets, into the same shared intake route.
        Exchange result = intake.request("direct:intake-request", exchange -> {
            exchange.getIn().setBody(body);
            exchange.getIn().setHeaders(Map.of(
                    IntakeGateway.CHANNEL, CHANNEL,
                    IntakeGateway.ACCOUNT, account,
                    IntakeGateway.MESSAGE_TYPE, "orders-create",
                    "X-Topic", "orders/create",
                    "X-Webhook-Id", "missed-" + orderId + "-" + revision));
        });
        if (result.getException() != null) {
            throw new IllegalStateException("intake refused missed order " + orderId,
                    result.getException());
        }
        return result.getMessage().getHeader(IntakeGateway.INBOUND_ID, Long.class);
    }

    /** Every page of the shop's order list changed since the given moment. */
    private List<JsonNode> listOrders(Settings.Shop shop, Instant since)
            throws IOException, InterruptedException {
        String base = shop.baseUrl().replaceAll("/+$", "");
        URI page = URI.create(base + "/admin/api/" + shop.apiVersion()
                + "/orders.json?status=any&limit=250&updated_at_min="
                + DateTimeFormatter.ISO_INSTANT.format(since));
        List<JsonNode> orders = new ArrayList<>();
        while (page != null) {
            HttpResponse<byte[]> response = fetch(shop, page);
            json.readTree(response.body()).path("orders").forEach(orders::add);
            page = nextPage(response, base).orElse(null);
        }
        return orders;
    }

    /**
     * One page, asked again after a pause when the shop answers 429 (too many requests) or
     * a 5xx: its Retry-After if it names one, else doubling delays with jitter, at most
     * {@code MAX_TRIES} times; any other answer than 200 fails the check.
     */
    private HttpResponse<byte[]> fetch(Settings.Shop shop, URI page)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(page)
                    .timeout(Duration.ofSeconds(30))
                    .header("X-Shopify-Access-Token", shop.accessToken())
                    .header("Accept", "application/json")
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            boolean worthAnotherTry = status == 429 || status >= 500;
            if (status == 200 || !worthAnotherTry || attempt == MAX_TRIES) {
                if (status != 200) {
                    throw new IOException("the shop answered " + status + " for "
                            + page.getPath() + " after " + attempt + " tries");
                }
                return response;
            }
            Duration pause = retryAfter(response).orElse(backOff(attempt));
            log.warn("Shop asked to wait channel={} account={} status={} pause={}",
                    CHANNEL, shop.account(), status, pause);
            Thread.sleep(pause.toMillis());
        }
    }

    private Duration backOff(int attempt) {
        long base = settings.firstRetryDelay().toMillis() << (attempt - 1);
        long jitter = ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofMillis(Math.min(base + jitter, MAX_PAUSE.toMillis()));
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                long seconds = Long.parseLong(value.trim());
                return Optional.of(Duration.ofSeconds(Math.min(Math.max(seconds, 0),
                        MAX_PAUSE.toSeconds())));
            } catch (NumberFormatException httpDate) {
                return Optional.empty();
            }
        });
    }

    /**
     * The next page from the Link header, only on the shop's own address: a link elsewhere
     * would send the shop's token to another host.
     */
    private static Optional<URI> nextPage(HttpResponse<?> response, String base) {
        for (String link : response.headers().allValues("Link")) {
            Matcher next = NEXT_PAGE.matcher(link);
            if (next.find()) {
                String target = next.group(1);
                if (!target.startsWith(base + "/")) {
                    throw new IllegalStateException("the shop's next page points elsewhere: "
                            + target);
                }
                return Optional.of(URI.create(target));
            }
        }
        return Optional.empty();
    }
}
