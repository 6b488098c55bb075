package org.consignmenthub.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.runtime.HubClock;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Counts from handheld scanners over the API, and what follows them: vendors answering
 * cases, the retailer settling disputes, recounts superseding cases, units found again
 * credited, and the figures and checks operations read.
 */
class HandheldCountApiTest extends HubIntegrationTest {

    private static final Instant STOCKED = Instant.parse("2026-11-02T14:00:00Z");
    private static final Instant COUNTED = Instant.parse("2026-12-02T15:00:00Z");

    @Autowired
    private HubClock clock;
    @Autowired
    private MeterRegistry metrics;
    @Autowired
    private CamelContext camel;
    @LocalServerPort
    private int port;

    private ApiClient api;

    @BeforeEach
    void scanner() throws Exception {
        // The periodic run is called by hand here; the timer would race the assertions.
        camel.getRouteController().stopRoute("reconciliation-periodic-run");
        api = new ApiClient(port);
        clock.driveTo(Instant.parse("2026-12-02T16:00:00Z"));
    }

    @AfterEach
    void clockFollowsTheSystemAgain() {
        clock.followSystemClock();
    }

    @Nested
    class BadInput {

        @Test
        void aLineIsRefusedNamingItsFieldAndReason() {
            long session = open("SCAN-BAD");

            assertRefused(addLine(session, "1", "L1", "NOPE", 3), 400, "UNKNOWN_SKU",
                    "lines[0].sku");
            assertRefused(addLine(session, "1", "L9", "A", 3), 400, "UNKNOWN_LOCATION",
                    "lines[0].location");
            assertRefused(addLine(session, "1", "L1", "A", -3), 400, "INVALID_FIELD",
                    "lines[0].countedQty");
            assertRefused(api.post(linesOf(session), """
                    {"lines":[{"lineRef":"1","location":"L1","sku":"A","countedQty":3}]}"""),
                    400, "INVALID_FIELD", "lines[0].countedAt");
            assertRefused(api.post("/api/reconciliation/sessions/" + session + "/submit", ""),
                    409, "EMPTY_SESSION", "lines");
        }

        @Test
        void aFractionOfAUnitOrACountDatedInTheFutureIsRefused() {
            long session = open("SCAN-ODD");

            assertRefused(api.post(linesOf(session), """
                    {"lines":[{"lineRef":"1","location":"L1","sku":"A","countedQty":1.5,
                      "countedAt":"2026-12-03T18:00:00Z"}]}"""),
                    400, "INVALID_FIELD", "lines[0].countedQty");
            assertRefused(api.post(linesOf(session), """
                    {"lines":[{"lineRef":"1","location":"L1","sku":"A","countedQty":2,
                      "countedAt":"2099-01-01T00:00:00Z"}]}"""),
                    400, "INVALID_FIELD", "lines[0].countedAt");
            assertThat(books.jdbc().queryForObject("select count(*) from count_line",
                    Long.class)).isZero();
        }

        @Test
        void aLineSentAgainWithOtherValuesIsAConflict() {
            long session = open("SCAN-TWICE");
            assertThat(addLine(session, "1", "L1", "A", 3).status()).isEqualTo(200);
            assertThat(addLine(session, "1", "L1", "A", 3).status()).isEqualTo(200);

            assertRefused(addLine(session, "1", "L1", "A", 4), 409, "LINE_CONFLICT",
                    "lines[0].lineRef");
            assertThat(books.jdbc().queryForObject("select counted_qty from count_line",
                    Long.class)).isEqualTo(3);
        }

        @Test
        void aVoidedSessionIsNeverReconciled() {
            long session = open("SCAN-VOID");
            addLine(session, "1", "L1", "A", 3);
            assertRefused(api.post("/api/reconciliation/sessions/" + session + "/void", "{}"),
                    400, "INVALID_FIELD", "reason");

            JsonNode voided = api.post("/api/reconciliation/sessions/" + session + "/void",
                    "{\"reason\":\"scanned the wrong aisle\"}").json();

            assertThat(voided.path("status").asText()).isEqualTo("VOIDED");
            assertRefused(api.post("/api/reconciliation/sessions/" + session + "/submit", ""),
                    409, "SESSION_VOIDED", "session");
            assertRefused(addLine(session, "2", "L1", "B", 3), 409, "SESSION_CLOSED",
                    "session");
            assertThat(open("SCAN-VOID")).as("the same reference is the same session")
                    .isEqualTo(session);
            assertThat(books.jdbc().queryForObject("select count(*) from count_result",
                    Long.class)).isZero();
        }
    }

    @Test
    void aDisputeIsSettledByTheRetailerAndEachOwnerBearsItsShare() {
        receipt("V2", "D", "L1", 10, STOCKED);
        purchase("D", "L1", 10);
        snapshot("V2", "D", "L1", 10, Instant.parse("2026-12-01T12:00:00Z"));
        long session = open("SCAN-D");
        addLine(session, "1", "L1", "D", 14);
        JsonNode outcome = submit(session);

        assertThat(outcome.path("casesOpened").asInt()).isEqualTo(1);
        JsonNode result = api.get("/api/reconciliation/sessions/" + session).json()
                .path("results").get(0);
        assertThat(result.path("book_qty").asLong()).isEqualTo(20);
        assertThat(result.path("counted_qty").asLong()).isEqualTo(14);
        assertThat(result.path("vendor_reported_qty").asLong()).isEqualTo(10);
        assertThat(result.path("variance").asLong()).isEqualTo(-6);
        // PROPORTIONAL under V2's agreement: half the book is V2's, half the retailer's.
        assertThat(result.path("attribution").toString()).isEqualTo("""
                [{"owner":"RETAILER","book_qty":10,"variance":-3},\
                {"owner":"V2","book_qty":10,"variance":-3}]""");
        long caseId = result.path("case_id").asLong();

        JsonNode evidence = api.get("/api/reconciliation/cases/" + caseId).json();
        assertThat(evidence.path("countLines").get(0).path("counted_qty").asLong())
                .isEqualTo(14);
        assertThat(evidence.path("movementsSinceLastGoodCount")).hasSize(2);
        assertThat(evidence.path("vendorLatestReport").get(0).path("quantity").asLong())
                .isEqualTo(10);

        clock.driveTo(Instant.parse("2026-12-02T18:00:00Z"));
        JsonNode disputed = vendor("V2").post("/api/v1/vendor/discrepancies/" + caseId
                + "/dispute", "{\"reason\":\"ship notice shows 10 delivered\"}").json();
        assertThat(disputed.path("status").asText()).isEqualTo("DISPUTED");
        assertRefused(api.post("/api/reconciliation/cases/" + caseId + "/resolve",
                "{\"actor\":\"ops\"}"), 400, "INVALID_FIELD", "bearer");
        assertThat(books.onHand("V2", "D", "L1")).as("a dispute moves nothing").isEqualTo(10);

        clock.driveTo(Instant.parse("2026-12-02T21:00:00Z"));
        JsonNode settled = api.post("/api/reconciliation/cases/" + caseId + "/resolve",
                "{\"actor\":\"ops\",\"bearer\":\"VENDOR_CHARGEABLE\",\"note\":\"CCTV\"}")
                .json();

        assertThat(settled.path("status").asText()).isEqualTo("RESOLVED");
        assertThat(books.onHand("V2", "D", "L1")).isEqualTo(7);
        assertThat(books.onHand("RETAILER", "D", "L1")).isEqualTo(7);
        assertThat(movements("discrepancy-case/" + caseId)).containsExactly(
                Map.of("owner", "RETAILER", "quantity", -3L, "reason", "RETAILER_LIABLE"),
                Map.of("owner", "V2", "quantity", -3L, "reason", "VENDOR_CHARGEABLE"));
        assertThat(books.billingLines("V2")).as("the vendor bears it: nothing billed")
                .isEmpty();
        JsonNode cycle = kpis().path("cycleTimes").get(0);
        assertThat(cycle.path("open_cases").asInt()).isZero();
        assertThat(cycle.path("cycle_seconds").asLong()).as("16:00 submitted, 21:00 settled")
                .isEqualTo(5 * 3600);
    }

    @Test
    void aRecountSupersedesTheCaseAndOnlyItsOwnDifferenceIsPosted() {
        receipt("V1", "A", "L1", 40, STOCKED);
        long first = open("SCAN-A-1");
        addLine(first, "1", "L1", "A", 30);
        submit(first);
        long caseId = cases().get(0).path("id").asLong();
        vendor("V1").post("/api/v1/vendor/discrepancies/" + caseId + "/recount",
                "{\"note\":\"please count the back room\"}");
        assertThat(api.get("/api/reconciliation/counts-due").json()).singleElement()
                .satisfies(due -> assertThat(due.path("location").asText() + "/"
                        + due.path("sku").asText() + " " + due.path("why").asText())
                        .isEqualTo("L1/A RECOUNT_REQUESTED"));

        long second = open("SCAN-A-2");
        api.post(linesOf(second), """
                {"lines":[{"lineRef":"1","location":"L1","sku":"A","countedQty":39,
                  "countedAt":"2026-12-02T15:30:00Z"}]}""");
        JsonNode outcome = submit(second);

        assertThat(outcome.path("casesSuperseded").asInt()).isEqualTo(1);
        assertThat(submit(second)).as("submitted again: the same outcome").isEqualTo(outcome);
        assertThat(outcome.path("adjusted").asInt()).as("1 of 40 is within 5%").isEqualTo(1);
        assertThat(cases().get(0).path("status").asText()).isEqualTo("SUPERSEDED");
        assertRefused(vendor("V1").post("/api/v1/vendor/discrepancies/" + caseId + "/accept",
                "{}"), 409, "CASE_CLOSED", "case");
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(39);
        assertThat(books.billingLines("V1")).singleElement().satisfies(line -> {
            assertThat(line).containsEntry("kind", "INVOICE").containsEntry("quantity", 1L);
            assertThat((BigDecimal) line.get("net_amount")).isEqualByComparingTo("12.50");
        });
        assertThat(kpis().path("accuracy").path("accuracy").decimalValue())
                .as("the latest count of A/L1 is within tolerance")
                .isEqualByComparingTo("1.0000");
    }

    @Test
    void aDifferenceWorthLessThanTheValueBandIsAdjustedWithoutACase() {
        receipt("V1", "B", "L1", 10, STOCKED);
        receipt("V1", "B", "L2", 10, STOCKED);
        long session = open("SCAN-B");
        addLine(session, "1", "L1", "B", 3);
        addLine(session, "2", "L2", "B", 2);

        JsonNode outcome = submit(session);

        // Beyond 5% of 10 either way; 7 x 4.00 = 28.00 is within V1's 30.00, 32.00 is not.
        assertThat(outcome.path("adjusted").asInt()).isEqualTo(1);
        assertThat(cases()).singleElement().satisfies(c -> assertThat(c.path("location")
                .asText()).isEqualTo("L2"));
        assertThat(books.onHand("V1", "B", "L1")).isEqualTo(3);
        assertThat(books.onHand("V1", "B", "L2")).isEqualTo(10);
    }

    @Test
    void unitsBoughtAsLostAndFoundAgainAreCreditedBack() {
        receipt("V1", "A", "L1", 40, STOCKED);
        long first = open("SCAN-LOST");
        addLine(first, "1", "L1", "A", 34);
        submit(first);
        vendor("V1").post("/api/v1/vendor/discrepancies/" + cases().get(0).path("id").asLong()
                + "/accept", "{}");
        assertThat(books.netPayable("V1")).isEqualByComparingTo("75.00");

        long second = open("SCAN-FOUND");
        api.post(linesOf(second), """
                {"lines":[{"lineRef":"1","location":"L1","sku":"A","countedQty":38,
                  "countedAt":"2026-12-02T15:45:00Z"}]}""");
        submit(second);
        JsonNode found = vendor("V1").post("/api/v1/vendor/discrepancies/" + cases().get(1)
                .path("id").asLong() + "/accept", "{}").json();

        assertThat(found.path("variance").asLong()).isEqualTo(4);
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(38);
        List<Map<String, Object>> lines = books.billingLines("V1");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).containsEntry("kind", "CREDIT_NOTE")
                .containsEntry("quantity", -4L).containsEntry("reverses_line",
                        lines.get(0).get("id"));
        assertThat(books.netPayable("V1")).as("6 lost, 4 found: 2 x 12.50")
                .isEqualByComparingTo("25.00");
    }

    @Test
    void thePeriodicRunListsCountsDueNotesLateCasesAndPublishesMetrics() {
        receipt("V1", "A", "L1", 40, STOCKED);
        receipt("V1", "B", "L2", 8, STOCKED);
        snapshot("V1", "B", "L2", 8, Instant.parse("2026-11-20T12:00:00Z"));
        books.apply(new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", "V1",
                "VendorStockReported", "R-LATER", 0), "V1", "L2", "B",
                VendorStockReported.Kind.RECEIPT, 5, "R-LATER",
                Instant.parse("2026-11-25T12:00:00Z")));
        long session = open("SCAN-RUN");
        addLine(session, "1", "L1", "A", 30);
        submit(session);

        JsonNode due = api.get("/api/reconciliation/counts-due").json();
        assertThat(due).singleElement().satisfies(row -> {
            assertThat(row.path("sku").asText()).isEqualTo("B");
            assertThat(row.path("location").asText()).isEqualTo("L2");
        });
        clock.driveTo(Instant.parse("2026-12-04T17:00:00Z"));
        JsonNode run = api.post("/api/reconciliation/run", "").json();
        JsonNode again = api.post("/api/reconciliation/run", "").json();

        assertThat(run.path("countsDue").asInt()).isEqualTo(1);
        assertThat(run.path("deadlinesPassed").asInt()).as("48 hours passed").isEqualTo(1);
        assertThat(again.path("deadlinesPassed").asInt()).as("noted once").isZero();
        assertThat(run.path("vendorReportDifferences").asInt()).isEqualTo(1);
        JsonNode reports = api.get("/api/reconciliation/vendor-reports?legalEntity=US-RETAIL")
                .json();
        assertThat(reports).singleElement().satisfies(row -> {
            assertThat(row.path("reported_qty").asLong()).isEqualTo(8);
            assertThat(row.path("book_available_qty").asLong()).isEqualTo(13);
            assertThat(row.path("difference").asLong()).as("received since the report")
                    .isEqualTo(5);
        });
        JsonNode age = kpis().path("openCasesByAge");
        assertThat(age.path("from_24h_to_72h").asInt()).isEqualTo(1);
        assertThat(age.path("overdue").asInt()).isEqualTo(1);
        assertThat(metrics.get("hub.reconciliation.cases.open").gauge().value()).isEqualTo(1);
        assertThat(metrics.get("hub.reconciliation.cases.overdue").gauge().value())
                .isEqualTo(1);
        assertThat(metrics.get("hub.reconciliation.accuracy").tags("legal_entity",
                "US-RETAIL", "location", "L1", "vendor", "V1").gauge().value())
                .as("the one count of A/L1 is beyond tolerance").isZero();
    }

    private long open(String reference) {
        ApiClient.Answer opened = api.post("/api/reconciliation/sessions", """
                {"legalEntity":"US-RETAIL","reference":"%s","counter":"scanner-3"}"""
                .formatted(reference));
        assertThat(opened.status()).as(opened.json().toString()).isEqualTo(200);
        return opened.json().path("id").asLong();
    }

    private ApiClient.Answer addLine(long session, String lineRef, String location, String sku,
            long counted) {
        return api.post(linesOf(session), """
                {"lines":[{"lineRef":"%s","location":"%s","sku":"%s","countedQty":%d,
                  "countedAt":"%s"}]}""".formatted(lineRef, location, sku, counted, COUNTED));
    }

    private JsonNode submit(long session) {
        ApiClient.Answer submitted = api.post("/api/reconciliation/sessions/" + session
                + "/submit", "");
        assertThat(submitted.status()).as(submitted.json().toString()).isEqualTo(200);
        return submitted.json();
    }

    private static String linesOf(long session) {
        return "/api/reconciliation/sessions/" + session + "/lines";
    }

    private JsonNode cases() {
        return api.get("/api/reconciliation/cases").json();
    }

    private JsonNode kpis() {
        return api.get("/api/reconciliation/kpis?legalEntity=US-RETAIL").json();
    }

    private List<Map<String, Object>> movements(String cause) {
        return books.jdbc().queryForList("select owner, quantity, reason from stock_movement"
                + " where cause = ? order by owner", cause);
    }

    /** Vendors answer their cases through the vendor API, with their own credentials. */
    private ApiClient vendor(String vendor) {
        return ApiClient.withApiKey(port, TestCredentials.apiKeyOf(vendor));
    }

    private static void assertRefused(ApiClient.Answer reply, int status, String reasonCode,
            String field) {
        assertThat(reply.status()).as(String.valueOf(reply.json())).isEqualTo(status);
        assertThat(reply.json().path("reasonCode").asText()).isEqualTo(reasonCode);
        assertThat(reply.json().path("field").asText()).isEqualTo(field);
        assertThat(reply.json().path("reason").asText()).isNotBlank();
    }

    private void receipt(String vendor, String sku, String location, long units, Instant at) {
        String id = "R-" + vendor + "-" + sku + "-" + location;
        books.apply(new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", vendor,
                "VendorStockReported", id, 0), vendor, location, sku,
                VendorStockReported.Kind.RECEIPT, units, id, at));
    }

    private void snapshot(String vendor, String sku, String location, long units,
            Instant at) {
        String id = "LEVEL-" + vendor + "-" + sku + "-" + location;
        books.apply(new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", vendor,
                "VendorStockReported", id, 0), vendor, location, sku,
                VendorStockReported.Kind.SNAPSHOT, units, null, at));
    }

    private void purchase(String sku, String location, long units) {
        books.apply(new PurchaseReceived(new EventKey("US-RETAIL", "purchase-receipts",
                "default", "PurchaseReceived", "PO-" + sku + location, 0), "TEAWORKS", location,
                sku, units, new BigDecimal("3.00"), "USD", STOCKED));
    }
}
