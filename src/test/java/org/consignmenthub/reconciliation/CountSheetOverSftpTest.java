package org.consignmenthub.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.runtime.ReconciliationScheduler;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.PartnerSftpServer;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Field case B07: the book shows 100 units and the counter finds 75. The count sheet,
 * uploaded by SFTP, must set the stock to 75 once the difference is accepted, never add
 * 75 to it; and the same sheet uploaded again must change nothing.
 */
@DirtiesContext
class CountSheetOverSftpTest extends HubIntegrationTest {

    private static final PartnerSftpServer STORE_SFTP = new PartnerSftpServer("hub",
            "s3cret-L1");
    private static final String ROOT = "inbound";
    private static final String SHEET = "count_L1_20261203.csv";
    private static final byte[] SHEET_CONTENT = """
            location,sku,counted_qty,counted_at
            L1,A,75,2026-12-03T18:00:00-05:00
            """.getBytes(StandardCharsets.UTF_8);

    @Autowired
    private CamelContext camel;
    @Autowired
    private ReconciliationScheduler scheduler;
    @LocalServerPort
    private int port;

    private InboundMessages inbox;
    private ApiClient api;

    @DynamicPropertySource
    static void storeSftpServer(DynamicPropertyRegistry registry) {
        STORE_SFTP.startAsHubSource(registry, ROOT);
        registry.add("hub.reconciliation.file-check-ms", () -> "200");
    }

    @AfterEach
    void hubStopsPollingTheStore() throws Exception {
        camel.getRouteController().stopRoute("intake-sftp");
    }

    @AfterAll
    static void stopSftpServer() {
        STORE_SFTP.stop();
    }

    @BeforeEach
    void clients() {
        inbox = new InboundMessages(books.jdbc());
        api = new ApiClient(port);
    }

    @Test
    void countedSeventyFiveOfAHundredSetsTheStockToSeventyFiveOnceAccepted() {
        books.apply(new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", "V1",
                "VendorStockReported", "E-B07-1", 0), "V1", "L1", "A",
                VendorStockReported.Kind.RECEIPT, 100, "E-B07-1",
                Instant.parse("2026-12-01T09:00:00-05:00")));

        STORE_SFTP.upload(ROOT + "/counts/STORE-L1/" + SHEET, SHEET_CONTENT);
        inbox.awaitFile("counts", "STORE-L1", SHEET);
        await("the count sheet reconciled").atMost(InboundMessages.PATIENCE)
                .until(() -> cases().size() == 1);

        assertThat(cases()).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("vendor", "V1").containsEntry("location", "L1")
                .containsEntry("sku", "A").containsEntry("book_qty", 100L)
                .containsEntry("counted_qty", 75L).containsEntry("variance", -25L)
                .containsEntry("status", "OPEN"));
        long caseId = (Long) cases().get(0).get("id");
        assertThat(attribution(caseId)).containsExactly(Map.entry("V1", -25L));
        assertThat(books.onHand("V1", "A", "L1")).as("the books wait for the answer")
                .isEqualTo(100);
        assertThat(adjustments()).isEmpty();

        uploadTheSameSheetAgain();

        assertThat(cases()).as("no second discrepancy").hasSize(1);
        assertThat(adjustments()).as("no adjustment before the answer").isEmpty();
        assertThat(books.jdbc().queryForObject("select count(*) from count_session",
                Long.class)).as("the second upload is the same session").isEqualTo(1);

        ApiClient.Answer accepted = ApiClient.withApiKey(port, TestCredentials.V1_API_KEY)
                .post("/api/v1/vendor/discrepancies/" + caseId + "/accept", "{}");

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.json().path("status").asText()).isEqualTo("RESOLVED");
        assertThat(adjustments()).singleElement().satisfies(m -> assertThat(m)
                .containsEntry("owner", "V1").containsEntry("quantity", -25L)
                .containsEntry("reason", "RETAILER_LIABLE")
                .containsEntry("cause", "discrepancy-case/" + caseId));
        assertThat(books.onHand("V1", "A", "L1")).as("set to the count, never 175")
                .isEqualTo(75);
        // The retailer lost the vendor's units in its custody: it buys them at 12.50.
        assertThat(books.billingLines("V1")).singleElement().satisfies(line -> {
            assertThat(line).containsEntry("kind", "INVOICE").containsEntry("quantity", 25L);
            assertThat((BigDecimal) line.get("net_amount")).isEqualByComparingTo("312.50");
        });

        ApiClient.Answer again = ApiClient.withApiKey(port, TestCredentials.V1_API_KEY)
                .post("/api/v1/vendor/discrepancies/" + caseId + "/accept", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("reasonCode").asText()).isEqualTo("CASE_CLOSED");
        assertThat(adjustments()).hasSize(1);
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(75);
    }

    private void uploadTheSameSheetAgain() {
        STORE_SFTP.upload(ROOT + "/counts/STORE-L1/" + SHEET, SHEET_CONTENT);
        String sourceRef = "counts/STORE-L1/" + SHEET;
        await("second upload taken in").atMost(InboundMessages.PATIENCE)
                .until(() -> inbox.ids("counts", sourceRef).size() == 2);
        List<Long> ids = inbox.ids("counts", sourceRef);
        inbox.awaitComplete(ids.get(1));
        // What the timer would do next, done now, so the assertions follow it.
        scheduler.submitCompleteCountFiles();
        JsonNode kpis = api.get("/api/reconciliation/kpis?legalEntity=US-RETAIL").json();
        assertThat(kpis.path("openCasesByAge").path("open").asLong()).isEqualTo(1);
    }

    private List<Map<String, Object>> cases() {
        return books.jdbc().queryForList("select * from discrepancy_case order by id");
    }

    private Map<String, Long> attribution(long caseId) {
        Map<String, Long> shares = new java.util.LinkedHashMap<>();
        books.jdbc().query("""
                select a.owner, a.variance from count_attribution a
                join discrepancy_case d on d.result_id = a.result_id
                where d.id = ? order by a.owner""", rs -> {
                    shares.put(rs.getString(1), rs.getLong(2));
                }, caseId);
        return shares;
    }

    private List<Map<String, Object>> adjustments() {
        return books.jdbc().queryForList("""
                select owner, quantity, reason, cause from stock_movement
                where reason in ('VENDOR_CHARGEABLE', 'RETAILER_LIABLE') order by id""");
    }
}
