package org.consignmenthub.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.billing.BillingEvents.customerReturn;
import static org.consignmenthub.billing.BillingEvents.paidOrder;
import static org.consignmenthub.billing.BillingEvents.receipt;
import static org.consignmenthub.billing.BillingEvents.shipment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.consignmenthub.runtime.HubClock;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Finance closes settlement months over the operations API: a plain close issues the
 * months that have ended by the hub's clock, {@code all=true} every month still open.
 * Documents are numbered per vendor and kind without gaps, and total their lines.
 */
class SettlementCloseApiTest extends HubIntegrationTest {

    @LocalServerPort
    private int port;

    @Autowired
    private HubClock clock;

    private ApiClient finance;

    @BeforeEach
    void marchAndAprilOfTwoVendors() {
        clock.driveTo(Instant.parse("2033-03-01T12:00:00Z"));
        books.loadCatalog("fixtures/billing-catalog.yaml");
        finance = new ApiClient(port, TestCredentials.FINANCE);

        books.apply(receipt("R-V1-A", "V1", "A", 10, Instant.parse("2033-03-01T14:00:00Z")));
        books.apply(receipt("R-V4-E", "V4", "E", 20, Instant.parse("2033-03-01T14:00:00Z")));
        sell("O-V1-1", "A", 2, "2033-03-03T15:00:00Z");
        sell("O-V1-2", "A", 1, "2033-03-31T23:30:00Z");
        sell("O-V4-1", "E", 3, "2033-03-04T15:00:00Z");
        sell("O-V4-2", "E", 7, "2033-03-05T15:00:00Z");
        books.apply(customerReturn("RMA-V4-1", "O-V4-2", "E", 2,
                Instant.parse("2033-03-10T15:00:00Z")));
        sell("O-V4-3", "E", 4, "2033-04-02T15:00:00Z");
        books.apply(customerReturn("RMA-V4-2", "O-V4-2", "E", 5,
                Instant.parse("2033-04-03T15:00:00Z")));
        clock.driveTo(Instant.parse("2033-04-15T12:00:00Z"));
    }

    @AfterEach
    void clockFollowsTheSystemAgain() {
        clock.followSystemClock();
    }

    @Test
    void financeClosesTheEndedMonthsAndThenEveryOpenOne() {
        ApiClient.Answer ended = finance.post("/api/billing/close");

        assertThat(ended.status()).as(ended.text()).isEqualTo(200);
        assertThat(ended.json().get("periodsClosed").asInt()).isEqualTo(2);
        // V1 2033-03: 2 x 12.50 and 1 x 12.50 (23:30 UTC is still March in New York).
        // V4 2033-03: 3 x 0.13 = 0.39 (0.08) and 7 x 0.13 = 0.91 (0.18); 2 back: 0.26 (0.05).
        assertThat(documents("V1")).containsExactly(
                "SBI-US-RETAIL-V1-000001 INVOICE 2033-03 37.50 0.00 US-V1-TAX SBA-V1-2");
        assertThat(documents("V4")).containsExactly(
                "SBC-US-RETAIL-V4-000001 CREDIT_NOTE 2033-03 -0.26 -0.05 US-V4-TAX SBA-V4-1",
                "SBI-US-RETAIL-V4-000001 INVOICE 2033-03 1.30 0.26 US-V4-TAX SBA-V4-1");
        assertThat(lines("SBI-US-RETAIL-V1-000001")).containsExactly(
                "O-V1-1 A 2 25.00 0.00", "O-V1-2 A 1 12.50 0.00");
        assertThat(lines("SBC-US-RETAIL-V4-000001")).containsExactly(
                "O-V4-2 E -2 -0.26 -0.05");
        assertThat(finance.post("/api/billing/close").json().get("periodsClosed").asInt())
                .as("closing again finds nothing ended").isZero();

        ApiClient.Answer all = finance.post("/api/billing/close?all=true");

        assertThat(all.status()).as(all.text()).isEqualTo(200);
        assertThat(all.json().get("periodsClosed").asInt()).isEqualTo(1);
        // V4 2033-04: 4 x 0.13 = 0.52 (0.104 -> 0.10); 5 more back of the 7: all 7 credited
        // come to 0.91 (0.18), less 0.26 (0.05) before: 0.65 (0.13).
        assertThat(documents("V4")).containsExactly(
                "SBC-US-RETAIL-V4-000001 CREDIT_NOTE 2033-03 -0.26 -0.05 US-V4-TAX SBA-V4-1",
                "SBC-US-RETAIL-V4-000002 CREDIT_NOTE 2033-04 -0.65 -0.13 US-V4-TAX SBA-V4-1",
                "SBI-US-RETAIL-V4-000001 INVOICE 2033-03 1.30 0.26 US-V4-TAX SBA-V4-1",
                "SBI-US-RETAIL-V4-000002 INVOICE 2033-04 0.52 0.10 US-V4-TAX SBA-V4-1");
        assertThat(lines("SBC-US-RETAIL-V4-000002")).containsExactly(
                "O-V4-2 E -5 -0.65 -0.13");
        assertThat(documents("V1")).hasSize(1);
        assertThat(finance.post("/api/billing/close?all=true").json().get("periodsClosed")
                .asInt()).as("nothing left open").isZero();
    }

    @Test
    void supportStaffMayNotClose() {
        ApiClient.Answer refused = new ApiClient(port, TestCredentials.SUPPORT)
                .post("/api/billing/close?all=true");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(documents("V1")).isEmpty();
        assertThat(documents("V4")).isEmpty();
    }

    private void sell(String orderRef, String sku, long units, String shipped) {
        Instant at = Instant.parse(shipped);
        books.apply(paidOrder(orderRef, sku, units, at.minusSeconds(3_600)));
        books.apply(shipment(orderRef, sku, units, at));
    }

    /** The vendor's documents as finance reads them from the API, one line of text each. */
    private List<String> documents(String vendor) {
        ApiClient.Answer answer = finance.get("/api/billing/documents?vendor=" + vendor);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        List<String> documents = new ArrayList<>();
        for (JsonNode d : answer.json()) {
            documents.add(String.join(" ", d.get("number").asText(), d.get("kind").asText(),
                    d.get("period").asText(), money(d.get("net_total")),
                    money(d.get("tax_total")), d.get("vendor_tax_registration").asText(),
                    d.get("self_billing_agreement").asText()));
        }
        documents.sort(null);
        return documents;
    }

    private List<String> lines(String number) {
        ApiClient.Answer answer = finance.get("/api/billing/documents/" + number + "/lines");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        for (JsonNode l : answer.json()) {
            lines.add(String.join(" ", l.get("order_ref").asText(), l.get("sku").asText(),
                    l.get("quantity").asText(), money(l.get("net_amount")),
                    money(l.get("tax_amount"))));
        }
        return lines;
    }

    private static String money(JsonNode amount) {
        return amount.decimalValue().setScale(2).toPlainString();
    }
}
