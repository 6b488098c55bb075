package org.consignmenthub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consignmenthub.dashboard.DashboardEvents.purchase;
import static org.consignmenthub.dashboard.DashboardEvents.soldAndShipped;
import static org.consignmenthub.dashboard.DashboardEvents.vendorReceipt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard's reads on real books: five side-by-side rows (consigned stock of two
 * vendors at two stores, the retailer's own teapots), one order of three blue mugs sold and
 * shipped, so that title passed and was invoiced at the agreed 12.50.
 */
class DashboardApiTest extends HubIntegrationTest {

    private static final String NOV_1 = "2026-11-01T09:00:00-05:00";

    @LocalServerPort
    private int port;

    private ApiClient api;

    @BeforeEach
    void stockAndOneSale() {
        api = new ApiClient(port);
        books.apply(vendorReceipt("R-1", "V1", "A", "L1", 10, NOV_1),
                vendorReceipt("R-2", "V1", "A", "L2", 4, NOV_1),
                vendorReceipt("R-3", "V1", "B", "L1", 6, NOV_1),
                vendorReceipt("R-4", "V2", "D", "L1", 8, NOV_1),
                purchase("P-1", "C", "L1", 5, "2026-11-02T09:00:00-05:00"));
        books.apply(soldAndShipped("O-1", "A", 3, "2026-11-03T10:00:00-05:00")
                .toArray(CanonicalEvent[]::new));
    }

    @Test
    void positionsShowConsignedAndOwnedSideBySide() {
        JsonNode page = ok("/ops/api/positions");

        assertThat(keys(page)).containsExactly("L1|A", "L1|B", "L1|C", "L1|D", "L2|A");
        JsonNode blueMugs = page.get("rows").get(0);
        assertThat(blueMugs.get("vendor").asText()).isEqualTo("V1");
        assertThat(blueMugs.get("description").asText()).isEqualTo("Blue mug");
        assertThat(blueMugs.at("/consigned/available").asLong()).isEqualTo(7);
        assertThat(blueMugs.at("/consigned/allocated").asLong()).isZero();
        assertThat(blueMugs.at("/consigned/onHand").asLong()).isEqualTo(7);
        assertThat(blueMugs.at("/owned/onHand").asLong()).isZero();
        JsonNode teapots = page.get("rows").get(2);
        assertThat(teapots.get("vendor").isNull()).isTrue();
        assertThat(teapots.at("/owned/available").asLong()).isEqualTo(5);
        assertThat(teapots.at("/consigned/onHand").asLong()).isZero();
        assertThat(page.get("more").asBoolean()).isFalse();
    }

    @Test
    void filtersNarrowTheRows() {
        assertThat(keys(ok("/ops/api/positions?vendor=V1"))).containsExactly("L1|A", "L1|B",
                "L2|A");
        assertThat(keys(ok("/ops/api/positions?location=L2"))).containsExactly("L2|A");
        assertThat(keys(ok("/ops/api/positions?sku=A"))).containsExactly("L1|A", "L2|A");
        assertThat(keys(ok("/ops/api/positions?owner=owned"))).containsExactly("L1|C");
        assertThat(keys(ok("/ops/api/positions?owner=CONSIGNED"))).containsExactly("L1|A",
                "L1|B", "L1|D", "L2|A");
        assertThat(keys(ok("/ops/api/positions?vendor=V2&location=L1"))).containsExactly(
                "L1|D");
        // A prefix is taken literally: "_" is no wildcard.
        assertThat(keys(ok("/ops/api/positions?sku=_"))).isEmpty();
    }

    @Test
    void rowsAreSortedAndPaged() {
        assertThat(keys(ok("/ops/api/positions?sort=consigned&location=L1")))
                .containsExactly("L1|D", "L1|A", "L1|B", "L1|C");
        assertThat(keys(ok("/ops/api/positions?sort=sku"))).containsExactly("L1|A", "L2|A",
                "L1|B", "L1|C", "L1|D");
        assertThat(keys(ok("/ops/api/positions?sort=owned&location=L1")).get(0))
                .isEqualTo("L1|C");

        JsonNode first = ok("/ops/api/positions?limit=2");
        assertThat(keys(first)).containsExactly("L1|A", "L1|B");
        assertThat(first.get("more").asBoolean()).isTrue();
        JsonNode last = ok("/ops/api/positions?limit=2&offset=4");
        assertThat(keys(last)).containsExactly("L2|A");
        assertThat(last.get("more").asBoolean()).isFalse();
    }

    @Test
    void stockOverTimeIsSummedFromTheJournalDayByDay() {
        JsonNode days = ok("/ops/api/stock-over-time");

        assertThat(days).hasSize(3);
        assertDay(days.get(0), "2026-11-01", 28, 0);
        assertDay(days.get(1), "2026-11-02", 28, 5);
        // Three mugs shipped: in transit, then no longer the vendor's once title passed.
        assertDay(days.get(2), "2026-11-03", 25, 5);

        JsonNode saucers = ok("/ops/api/stock-over-time?vendor=V2");
        assertThat(saucers).hasSize(1);
        assertDay(saucers.get(0), "2026-11-01", 8, 0);
        JsonNode lastDay = ok("/ops/api/stock-over-time?days=1&location=L1");
        assertThat(lastDay).hasSize(1);
        assertDay(lastDay.get(0), "2026-11-03", 21, 5);
    }

    @Test
    void transfersAndInvoicedValueByVendorPerDayAndMonth() {
        JsonNode daily = ok("/ops/api/transfers?period=day&from=2026-10-01");

        assertThat(daily).hasSize(1);
        JsonNode mugs = daily.get(0);
        assertThat(mugs.get("vendor").asText()).isEqualTo("V1");
        assertThat(mugs.get("period").asText()).isEqualTo("2026-11-03");
        assertThat(mugs.get("currency").asText()).isEqualTo("USD");
        assertThat(mugs.get("units_transferred").asLong()).isEqualTo(3);
        assertThat(mugs.get("invoiced_net").decimalValue()).isEqualByComparingTo("37.50");
        assertThat(mugs.get("credited_net").decimalValue()).isEqualByComparingTo("0");

        JsonNode monthly = ok("/ops/api/transfers?period=month&from=2026-11-01");
        assertThat(monthly).hasSize(1);
        assertThat(monthly.get(0).get("period").asText()).isEqualTo("2026-11");
        assertThat(ok("/ops/api/transfers?period=day&from=2026-11-04")).isEmpty();
    }

    @Test
    void healthShowsOpenDeadLettersAndSources() {
        IntakeClient.Answer refused = new IntakeClient(port).post("/intake/vendors/V1/stock",
                """
                {"reports":[{"reportId":"R-bad","sku":"NO-SUCH-SKU","location":"L1",
                  "kind":"RECEIPT","quantity":2}]}""".getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ok("/ops/api/health").get("deadLettersOpen").asLong()).isEqualTo(1));
        JsonNode glance = ok("/ops/api/health");
        JsonNode reason = glance.get("deadLettersByReason").get(0);
        assertThat(reason.get("channel").asText()).isEqualTo("vendor-stock-api");
        assertThat(reason.get("reason_code").asText()).isEqualTo("UNKNOWN_SKU");
        assertThat(reason.get("entries").asLong()).isEqualTo(1);
        assertThat(glance.get("sources").findValuesAsText("route"))
                .contains("intake-vendor-stock-api");
        assertThat(glance.get("messagesInProgress").asLong()).isZero();
    }

    @Test
    void pageIsServedUnderOps() {
        ApiClient.Answer page = api.get("/ops/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("Stock by location and SKU").contains("/ops/ops.js");
        assertThat(api.get("/ops/ops.js").text()).contains("EventSource");
        assertThat(api.get("/ops").status()).isEqualTo(302);
    }

    @Nested
    class Refusals {

        @Test
        void unknownOwnerIsRefusedNamingTheParameter() {
            assertRefused("/ops/api/positions?owner=VENDOR", "owner",
                    "must be CONSIGNED or OWNED, was VENDOR");
        }

        @Test
        void pageSizeOutsideItsBoundsIsRefused() {
            assertRefused("/ops/api/positions?limit=0", "limit", "between 1 and 500, was 0");
            assertRefused("/ops/api/positions?limit=501", "limit", "between 1 and 500, was 501");
        }

        @Test
        void unknownSortAndPeriodAreRefused() {
            assertRefused("/ops/api/positions?sort=price", "sort", "was price");
            assertRefused("/ops/api/positions?sort=consigned", "sort",
                    "by consigned or owned units needs a location");
            assertRefused("/ops/api/transfers?period=week", "period",
                    "must be day or month, was week");
        }

        private void assertRefused(String path, String field, String reason) {
            ApiClient.Answer answer = api.get(path);
            assertThat(answer.status()).as(answer.text()).isEqualTo(400);
            assertThat(answer.json().get("field").asText()).isEqualTo(field);
            assertThat(answer.json().get("reason").asText()).contains(reason);
        }
    }

    private JsonNode ok(String path) {
        ApiClient.Answer answer = api.get(path);
        assertThat(answer.status()).as(path + ": " + answer.text()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> keys(JsonNode page) {
        List<String> keys = new ArrayList<>();
        page.get("rows").forEach(row -> keys.add(row.get("location").asText() + "|"
                + row.get("sku").asText()));
        return keys;
    }

    private static void assertDay(JsonNode day, String date, long consigned, long owned) {
        assertThat(day.get("day").asText()).isEqualTo(date);
        assertThat(day.get("consigned").asLong()).as(date + " consigned").isEqualTo(consigned);
        assertThat(day.get("owned").asLong()).as(date + " owned").isEqualTo(owned);
    }
}
