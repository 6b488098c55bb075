package org.consignmenthub.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.consignmenthub.runtime.HubClock;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * What operations watch: Prometheus counters per channel, account and reason after known
 * traffic; a source that fails again and again shows DOWN and comes back UP with its next
 * good payload; a vendor whose stock feed has gone quiet too long shows overdue; liveness
 * and readiness stay UP throughout, since a partner's trouble is no reason to restart.
 * Its hub (with metrics export) is closed afterwards, so that it polls no drop folder
 * beside the other tests' hub.
 */
@DirtiesContext
@AutoConfigureObservability
class IntakeHealthAndMetricsTest extends HubIntegrationTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{(.*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    @Autowired
    private HubClock clock;
    @LocalServerPort
    private int port;

    private IntakeClient vendor;
    private ApiClient operations;
    private InboundMessages inbox;

    @BeforeEach
    void vendorOperationsAndInbox() {
        vendor = new IntakeClient(port);
        operations = new ApiClient(port, "olu.ops");
        inbox = new InboundMessages(books.jdbc());
    }

    @AfterEach
    void clockFollowsTheSystemAgain() {
        clock.followSystemClock();
    }

    @Test
    void countersPerChannelAccountAndReasonFollowTheTraffic() {
        Map<String, Double> before = scrape();

        post("V1", "req-m-good", report("R-M-1", "A", 5) + "," + report("R-M-2", "B", 3));
        post("V1", "req-m-good-2", report("R-M-3", "A", 1));
        post("V1", "req-m-no-sku", "{\"reportId\": \"R-M-4\", \"location\": \"L1\","
                + " \"kind\": \"RECEIPT\", \"quantity\": 2}");
        post("V1", "req-m-no-sku", "{\"reportId\": \"R-M-4\", \"location\": \"L1\","
                + " \"kind\": \"RECEIPT\", \"quantity\": 2}");
        post("NOBODY", "req-m-nobody", report("R-M-5", "A", 1));
        long entry = books.jdbc().queryForObject("select id from dead_letter"
                + " where reason_code = 'INVALID_FIELD'", Long.class);
        JsonNode replay = operations.post("/api/dead-letters/" + entry + "/replay").json();
        inbox.awaitComplete(replay.get("inboundMessages").get(0).asLong());
        Map<String, Double> after = scrape();

        String v1 = "account=V1,channel=vendor-stock-api";
        assertThat(delta(before, after, "hub_intake_received_total{" + v1 + "}"))
                .as("4 requests and 1 replay").isEqualTo(5);
        assertThat(delta(before, after, "hub_intake_accepted_total{" + v1 + "}"))
                .as("one record per request that mapped").isEqualTo(2);
        assertThat(delta(before, after,
                "hub_intake_rejected_total{" + v1 + ",reason=INVALID_FIELD}"))
                .as("sent twice and replayed once").isEqualTo(3);
        assertThat(delta(before, after,
                "hub_dead_letters_total{" + v1 + ",reason=INVALID_FIELD}"))
                .as("one entry, however often refused").isEqualTo(1);
        assertThat(delta(before, after, "hub_dead_letters_replayed_total{" + v1 + "}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "hub_intake_rejected_total{account=NOBODY,"
                + "channel=vendor-stock-api,reason=UNKNOWN_ACCOUNT}")).isEqualTo(1);
        assertThat(delta(before, after, "hub_processing_lag_seconds_count{" + v1 + "}"))
                .as("each batch handed on is settled once").isGreaterThanOrEqualTo(2);
        assertThat(after.get("hub_queue_depth{queue=hub.events}")).isNotNull();
        await("nothing pending for V1").atMost(InboundMessages.PATIENCE).until(() ->
                Double.valueOf(0).equals(scrape().get("hub_batches_pending{" + v1 + "}")));
        System.gc();
        assertThat(scrape().get("hub_queue_depth{queue=hub.events}"))
                .as("a number after a collection, not NaN").isEqualTo(0.0);
    }

    @Test
    void sourceIsDownAfterFailuresInARowAndUpAfterAGoodPayload() {
        for (int i = 1; i <= 3; i++) {
            post("NOBODY", "req-h-" + i, report("R-H-" + i, "A", 1));
        }

        ApiClient.Answer down = operations.get("/actuator/health/sources/intake-vendor-stock-api");
        post("V1", "req-h-good", report("R-H-4", "A", 1));
        ApiClient.Answer up = operations.get("/actuator/health/sources/intake-vendor-stock-api");

        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("status").asText()).isEqualTo("DOWN");
        assertThat(down.json().get("details").get("consecutiveFailures").asInt()).isEqualTo(3);
        assertThat(down.json().get("details").get("lastError").asText())
                .contains("refused in full");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.json().get("status").asText()).isEqualTo("UP");
        assertThat(up.json().get("details").get("consecutiveFailures").asInt()).isZero();
        assertThat(up.json().get("details").get("lastSuccessAt").asText()).isNotBlank();
        assertThat(operations.get("/actuator/health/liveness").json().get("status").asText())
                .isEqualTo("UP");
        assertThat(operations.get("/actuator/health/readiness").json().get("status").asText())
                .isEqualTo("UP");
    }

    @Test
    void vendorFeedIsOverdueWhenNoStockReportCameForLongerThanExpected() {
        books.loadCatalog("fixtures/v1-daily-feed.yaml");
        Instant reported = Instant.parse("2026-12-04T06:00:00Z");
        clock.driveTo(reported);
        post("V1", "req-feed-1", report("R-F-1", "A", 2));

        clock.driveTo(reported.plus(Duration.ofHours(20)));
        JsonNode fresh = operations.get("/actuator/health/vendorFeeds/US-RETAIL.V1").json();
        clock.driveTo(reported.plus(Duration.ofHours(30)));
        ApiClient.Answer overdue = operations.get("/actuator/health/vendorFeeds/US-RETAIL.V1");

        assertThat(fresh.get("status").asText()).isEqualTo("UP");
        assertThat(overdue.status()).isEqualTo(503);
        assertThat(overdue.json().get("status").asText()).isEqualTo("DOWN");
        assertThat(overdue.json().get("details").get("summary").asText()).isEqualTo(
                "no stock report from vendor V1 for 30 hours; one is expected every 24 hours");
        assertThat(overdue.json().get("details").get("lastReceivedAt").asText())
                .isEqualTo("2026-12-04T06:00:00Z");
        assertThat(operations.get("/actuator/health/vendorFeeds").json().get("components")
                .fieldNames()).toIterable().containsExactly("US-RETAIL.V1");
    }

    private void post(String account, String requestId, String reports) {
        IntakeClient.Answer answer = vendor.post("/intake/vendors/" + account + "/stock",
                ("{\"reports\": [" + reports + "]}").getBytes(StandardCharsets.UTF_8),
                "X-Request-Id", requestId);
        assertThat(answer.status()).isEqualTo(202);
        inbox.awaitComplete(answer.inboundId());
    }

    private static String report(String id, String sku, int quantity) {
        return "{\"reportId\": \"" + id + "\", \"sku\": \"" + sku + "\", \"location\": \"L1\","
                + " \"kind\": \"RECEIPT\", \"quantity\": " + quantity + "}";
    }

    /** Every labelled sample, keyed as name{label=value,...} with labels in order. */
    private Map<String, Double> scrape() {
        ApiClient.Answer answer = operations.get("/actuator/prometheus");
        assertThat(answer.status()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        for (String line : answer.text().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                continue;
            }
            StringBuilder labels = new StringBuilder();
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                labels.append(labels.isEmpty() ? "" : ",").append(label.group(1)).append('=')
                        .append(label.group(2));
            }
            samples.put(sample.group(1) + "{" + labels + "}",
                    Double.valueOf(sample.group(3)));
        }
        return samples;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after,
            String sample) {
        assertThat(after).as("scraped " + sample).containsKey(sample);
        return after.get(sample) - before.getOrDefault(sample, 0.0);
    }
}
