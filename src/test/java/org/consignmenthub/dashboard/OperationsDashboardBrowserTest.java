package org.consignmenthub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.consignmenthub.testing.BrowserSession;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Operations staff watch the dashboard in a real headless Chromium while a vendor reports
 * stock and a shop sells and ships some of it, all through the hub's intake. The page must
 * show each new figure on its own, without being reloaded: a mark left in the page's
 * JavaScript at the start must still be there at the end.
 */
class OperationsDashboardBrowserTest extends HubIntegrationTest {

    private static final String ROW = "tr[data-key='US-RETAIL|L1|A'] ";
    private static final Duration LIVE = Duration.ofSeconds(30);

    @LocalServerPort
    private int port;

    private BrowserSession browser;
    private IntakeClient partners;

    @BeforeEach
    void openDashboard() {
        partners = new IntakeClient(port);
        browser = BrowserSession.open(port).loginAsStaff();
        await().atMost(LIVE).until(() -> "live".equals(browser.textOf("#live")));
        browser.script("window.sameVisit = 'dashboard-visit-1';");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void vendorStockAndASaleAppearLiveWithoutReloading() {
        assertThat(browser.textOf("#page-info")).isEqualTo("no positions");
        browser.screenshot("dashboard-1-empty");

        post("/intake/vendors/V1/stock", """
                {"reports":[{"reportId":"R-ops-1","sku":"A","location":"L1",
                  "kind":"RECEIPT","quantity":10}]}""");
        await().atMost(LIVE).untilAsserted(() -> {
            assertThat(cell("consigned.available")).isEqualTo("10");
            assertThat(cell("consigned.onHand")).isEqualTo("10");
        });
        assertThat(cell("vendor")).isEqualTo("V1");
        assertThat(cell("owned.onHand")).isEqualTo("0");
        browser.screenshot("dashboard-2-vendor-stock");

        post("/intake/shopify/test-shop", """
                {"id": 7001, "created_at": "%s", "currency": "USD",
                 "financial_status": "paid", "customer": {"id": 501},
                 "line_items": [{"id": 1, "sku": "A", "quantity": 3, "price": "19.99"}]}"""
                .formatted(hoursAgo(3)), "X-Shopify-Topic", "orders/create",
                "X-Shopify-Webhook-Id", "ops-order-7001");
        await().atMost(LIVE).untilAsserted(() -> {
            assertThat(cell("consigned.available")).isEqualTo("7");
            assertThat(cell("consigned.allocated")).isEqualTo("3");
            assertThat(cell("consigned.onHand")).isEqualTo("10");
        });
        browser.screenshot("dashboard-3-sold");

        post("/intake/shopify/test-shop", """
                {"id": 8001, "order_id": 7001, "status": "success",
                 "created_at": "%s",
                 "line_items": [{"id": 1, "sku": "A", "quantity": 3, "price": "19.99"}]}"""
                .formatted(hoursAgo(2)), "X-Shopify-Topic", "fulfillments/create",
                "X-Shopify-Webhook-Id", "ops-fulfilment-8001");
        await().atMost(LIVE).untilAsserted(() -> {
            assertThat(cell("consigned.allocated")).isEqualTo("0");
            assertThat(cell("consigned.onHand")).isEqualTo("7");
        });
        // Title passed for the three units shipped: the charts follow the live changes.
        await().atMost(LIVE).untilAsserted(() -> {
            assertThat(browser.textOf("#invoiced tr[data-vendor='V1'] [data-field='units']"))
                    .isEqualTo("3");
            assertThat(browser.textOf(
                    "#invoiced tr[data-vendor='V1'] [data-field='invoiced']"))
                    .isEqualTo("US$37.50");
        });
        assertThat(browser.textOf("#dead-letters")).isEqualTo("0");
        browser.screenshot("dashboard-4-shipped");

        assertThat(browser.script("return window.sameVisit;"))
                .as("the page was never reloaded").isEqualTo("dashboard-visit-1");
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(7);
    }

    /** Recent business times: the dashboard's charts show the last thirty days. */
    private static String hoursAgo(int hours) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
                .format(OffsetDateTime.now(ZoneOffset.UTC).minusHours(hours));
    }

    private String cell(String field) {
        return browser.textOf(ROW + "[data-field='" + field + "']");
    }

    private void post(String path, String json, String... headers) {
        IntakeClient.Answer answer = partners.post(path, json.getBytes(StandardCharsets.UTF_8),
                headers);
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.rejected()).as(answer.body()).isZero();
    }
}
