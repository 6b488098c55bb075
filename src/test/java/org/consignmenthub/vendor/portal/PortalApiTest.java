package org.consignmenthub.vendor.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.consignmenthub.billing.SelfBilling;
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
 * The portal's JSON calls as vendors V1 and V2 signed in at /login: each sees its own
 * stock, transfers, documents and cases with their real figures, and nothing of the
 * other's, whatever id it sends.
 */
class PortalApiTest extends HubIntegrationTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final String COUNT_OF_A = """
            location,sku,counted_qty,counted_at
            L1,A,30,2026-12-03T18:00:00Z
            """;

    @LocalServerPort
    private int port;
    @Autowired
    private HubClock clock;
    @Autowired
    private SelfBilling billing;
    @Autowired
    private CamelContext camel;

    private PortalSession v1;
    private PortalSession v2;

    @BeforeEach
    void signedIn() throws Exception {
        // The periodic reconciliation run is left out: it would race the case assertions.
        camel.getRouteController().stopRoute("reconciliation-periodic-run");
        clock.driveTo(NOW);
        PortalFixture.stockAndSales(books);
        v1 = PortalSession.signIn(port, TestCredentials.V1_PORTAL_USER);
        v2 = PortalSession.signIn(port, TestCredentials.V2_PORTAL_USER);
    }

    @AfterEach
    void clockFollowsTheSystemAgain() {
        clock.followSystemClock();
    }

    @Test
    void stockIsTheVendorsOwnByLocationAndSkuWithAgreedPriceAndExposure() {
        JsonNode stock = ok(v1.get("/portal/api/stock"));

        assertThat(stock.path("vendor").asText()).isEqualTo("V1");
        assertThat(stock.path("lines")).hasSize(2);
        JsonNode mugs = stock.path("lines").get(0);
        assertThat(mugs.path("location").asText()).isEqualTo("L1");
        assertThat(mugs.path("sku").asText()).isEqualTo("A");
        assertThat(mugs.path("available").asLong()).isEqualTo(38);
        assertThat(mugs.path("agreedPrice").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(mugs.path("exposure").decimalValue()).isEqualByComparingTo("475.00");
        JsonNode white = stock.path("lines").get(1);
        assertThat(white.path("location").asText()).isEqualTo("L2");
        assertThat(white.path("exposure").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(stock.path("exposure").get(0).path("units").asLong()).isEqualTo(48);
        assertThat(stock.path("exposure").get(0).path("value").decimalValue())
                .isEqualByComparingTo("515.00");

        JsonNode other = ok(v2.get("/portal/api/stock?vendor=V1"));
        assertThat(other.path("vendor").asText()).isEqualTo("V2");
        assertThat(other.path("lines")).hasSize(1);
        assertThat(other.path("lines").get(0).path("sku").asText()).isEqualTo("D");
        assertThat(other.path("lines").get(0).path("exposure").decimalValue())
                .isEqualByComparingTo("12.00");
    }

    @Nested
    class StockUpdates {

        @Test
        void aLevelFromTheFormIsStoredRawAndApplied() {
            JsonNode taken = accepted(v1.post("/portal/api/stock/reports", """
                    {"kind":"SNAPSHOT","sku":"A","location":"L1","quantity":"35",
                     "reference":"shelf check","vendor":"V2"}"""));
            long inboundId = taken.path("inboundId").asLong();

            JsonNode done = awaitDone(v1, inboundId);
            assertThat(done.path("applied").asLong()).isEqualTo(1);
            assertThat(done.path("refusals")).isEmpty();
            assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(35);
            assertThat(books.jdbc().queryForObject("select account || ' ' || channel from"
                    + " inbound_message where id = ?", String.class, inboundId))
                    .isEqualTo("V1 vendor-stock-api");
            assertThat(books.jdbc().queryForObject("select convert_from(payload, 'UTF8')"
                    + " from inbound_message where id = ?", String.class, inboundId))
                    .contains("\"quantity\":\"35\"").doesNotContain("V2");
            assertThat(ok(v1.get("/portal/api/stock/updates")).path("updates").get(0)
                    .path("inboundId").asLong()).isEqualTo(inboundId);
        }

        @Test
        void aBadQuantityAndAnotherVendorsSkuAreRefusedWithTheirReasons() {
            JsonNode lots = accepted(v1.post("/portal/api/stock/reports", """
                    {"kind":"RECEIPT","sku":"A","location":"L1","quantity":"lots"}"""));
            JsonNode saucer = accepted(v1.post("/portal/api/stock/reports", """
                    {"kind":"RECEIPT","sku":"D","location":"L1","quantity":"5"}"""));

            JsonNode lotsDone = awaitDone(v1, lots.path("inboundId").asLong());
            assertThat(lotsDone.path("refusals")).hasSize(1);
            assertThat(lotsDone.path("refusals").get(0).path("field").asText())
                    .isEqualTo("quantity");
            JsonNode refused = await().atMost(Duration.ofSeconds(60)).until(
                    () -> ok(v1.get("/portal/api/stock/updates/"
                            + saucer.path("inboundId").asLong())),
                    update -> update.path("refusals").size() == 1);
            assertThat(refused.path("refusals").get(0).path("reasonCode").asText())
                    .isEqualTo("NOT_VENDORS_SKU");
            assertThat(refused.path("refusals").get(0).path("reason").asText())
                    .contains("not consigned by vendor V1");
            assertThat(books.bucket("V2", "D", "L1", "AVAILABLE")).isEqualTo(4);
            assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(38);
        }

        @Test
        void anUploadedFileIsTheVendorsWhateverItsNameAndEachBadRowIsRefused() {
            JsonNode taken = accepted(v1.postFile("/portal/api/stock/files?name=../V2/levels.csv",
                    """
                    sku,location,qty_available
                    A,L1,33
                    B,L2,many
                    """));
            long inboundId = taken.path("inboundId").asLong();

            JsonNode done = awaitDone(v1, inboundId);
            assertThat(done.path("sourceRef").asText())
                    .startsWith("vendor-stock/V1/portal-").endsWith("-levels.csv");
            assertThat(done.path("applied").asLong()).isEqualTo(1);
            assertThat(done.path("refusals")).hasSize(1);
            assertThat(done.path("refusals").get(0).path("recordRef").asText())
                    .endsWith("levels.csv:3");
            assertThat(done.path("refusals").get(0).path("field").asText())
                    .isEqualTo("quantity");
            assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(33);
            assertThat(books.bucket("V1", "B", "L2", "AVAILABLE")).isEqualTo(10);
            assertThat(books.jdbc().queryForObject("select count(*) from dead_letter"
                    + " where inbound_message_id = ? and account = 'V1'", Long.class,
                    inboundId)).isEqualTo(1);
        }

        @Test
        void anotherVendorsUpdateIsUnknown() {
            long inboundId = accepted(v2.postFile("/portal/api/stock/files?name=d.csv",
                    "sku,location,qty_available\nD,L1,4\n")).path("inboundId").asLong();
            awaitDone(v2, inboundId);

            assertRefused(v1.get("/portal/api/stock/updates/" + inboundId), 404,
                    "UNKNOWN_STOCK_UPDATE");
            assertThat(ok(v1.get("/portal/api/stock/updates")).path("updates").findValues(
                    "inboundId")).noneMatch(id -> id.asLong() == inboundId);
        }

        @Test
        void aChangeWithoutThePagesTokenIsRefused() {
            assertThat(v1.postWithoutToken("/portal/api/stock/reports", """
                    {"kind":"SNAPSHOT","sku":"A","location":"L1","quantity":"1"}""")
                    .status()).isEqualTo(403);
            assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(38);
        }
    }

    @Test
    void aTransferDrillsDownToItsSaleAndShipmentWithoutCustomerData() {
        JsonNode transfers = ok(v1.get("/portal/api/transfers")).path("transfers");
        assertThat(transfers).hasSize(1);
        JsonNode listed = transfers.get(0);
        assertThat(listed.path("sku").asText()).isEqualTo("A");
        assertThat(listed.path("quantity").asLong()).isEqualTo(2);
        assertThat(listed.path("unitPrice").decimalValue()).isEqualByComparingTo("12.50");
        long id = listed.path("id").asLong();

        ApiClient.Answer answer = v1.get("/portal/api/transfers/" + id);
        JsonNode transfer = ok(answer);

        assertThat(transfer.path("agreement").asText()).isEqualTo("SBA-V1-1");
        assertThat(transfer.path("sale").get(0).path("orderRef").asText()).isEqualTo("WEB-100");
        assertThat(transfer.path("sale").get(0).path("soldQty").asLong()).isEqualTo(2);
        assertThat(transfer.path("shipment").get(0).path("shipmentRef").asText())
                .isEqualTo("WEB-100-S1");
        assertThat(transfer.path("shipment").get(0).path("shippedAt").asText())
                .startsWith("2026-11-21T09:00");
        assertThat(transfer.path("billingLines").get(0).path("netAmount").decimalValue())
                .isEqualByComparingTo("25.00");
        assertThat(answer.text()).doesNotContain("CUST-ALICE").doesNotContain("19.99");
        assertRefused(v2.get("/portal/api/transfers/" + id), 404, "UNKNOWN_TRANSFER");
    }

    @Test
    void documentsShowTheBalanceAndDownloadAsPdf() throws Exception {
        billing.closeAllOpenPeriods();
        PortalFixture.customerReturnsOneSaucer(books);

        JsonNode v1Documents = ok(v1.get("/portal/api/documents"));
        assertThat(v1Documents.path("documents")).hasSize(1);
        assertThat(v1Documents.path("documents").get(0).path("number").asText())
                .isEqualTo("SBI-US-RETAIL-V1-000001");
        assertThat(v1Documents.path("balance").get(0).path("balance").decimalValue())
                .isEqualByComparingTo("25.00");

        JsonNode v2Documents = ok(v2.get("/portal/api/documents"));
        assertThat(v2Documents.path("documents").findValues("number"))
                .extracting(JsonNode::asText)
                .containsExactly("SBC-US-RETAIL-V2-000001", "SBI-US-RETAIL-V2-000001");
        JsonNode balance = v2Documents.path("balance").get(0);
        assertThat(balance.path("invoiced").decimalValue()).isEqualByComparingTo("9.00");
        assertThat(balance.path("credited").decimalValue()).isEqualByComparingTo("3.00");
        assertThat(balance.path("balance").decimalValue()).isEqualByComparingTo("6.00");

        ApiClient.Answer pdf = v1.get("/portal/api/documents/SBI-US-RETAIL-V1-000001/pdf");
        assertThat(pdf.status()).isEqualTo(200);
        String text = new PdfTextExtractor(new PdfReader(pdf.body())).getTextFromPage(1);
        assertThat(text).contains("Self-billing invoice SBI-US-RETAIL-V1-000001")
                .contains("US-V1-TAX").contains("SBA-V1-1").contains("Blue mug")
                .contains("Total: 25.00 USD");

        assertRefused(v2.get("/portal/api/documents/SBI-US-RETAIL-V1-000001"), 404,
                "UNKNOWN_DOCUMENT");
        assertRefused(v2.get("/portal/api/documents/SBI-US-RETAIL-V1-000001/pdf"), 404,
                "UNKNOWN_DOCUMENT");
    }

    @Nested
    class CountsAndCases {

        @Test
        void aVendorCountOpensACaseWithItsEvidenceAndClock() {
            JsonNode outcome = ok(v1.post("/portal/api/counts",
                    countSheet("SHELF-1", COUNT_OF_A)));
            assertThat(outcome.path("casesOpened").asInt()).isEqualTo(1);

            JsonNode listed = ok(v1.get("/portal/api/cases")).path("cases").get(0);
            assertThat(listed.path("variance").asLong()).isEqualTo(-8);
            assertThat(listed.path("status").asText()).isEqualTo("OPEN");
            assertThat(listed.path("secondsToDeadline").asLong()).isEqualTo(48 * 3600);
            long id = listed.path("id").asLong();
            JsonNode evidence = ok(v1.get("/portal/api/cases/" + id));
            assertThat(evidence.path("countLines").get(0).path("countedQty").asLong())
                    .isEqualTo(30);
            assertThat(evidence.path("movementsSinceLastGoodCount").findValues("reason"))
                    .extracting(JsonNode::asText).contains("RECEIPT");
            assertThat(evidence.path("movementsSinceLastGoodCount").findValues("quantity"))
                    .extracting(JsonNode::asLong).contains(40L);
            assertThat(books.jdbc().queryForObject("select reference || ' ' || counter"
                    + " from count_session", String.class))
                    .isEqualTo("portal/V1/SHELF-1 v1-portal");

            clock.driveTo(NOW.plus(Duration.ofHours(50)));
            JsonNode late = ok(v1.get("/portal/api/cases")).path("cases").get(0);
            assertThat(late.path("overdue").asBoolean()).isTrue();
            assertThat(late.path("secondsToDeadline").asLong()).isEqualTo(-2 * 3600);
            assertThat(ok(v2.get("/portal/api/cases")).path("cases")).isEmpty();
            assertRefused(v2.get("/portal/api/cases/" + id), 404, "UNKNOWN_CASE");
        }

        @Test
        void theVendorDisputesWithAReasonAndCannotAnswerAnothersCase() {
            ok(v1.post("/portal/api/counts", countSheet("SHELF-2", COUNT_OF_A)));
            long id = ok(v1.get("/portal/api/cases")).path("cases").get(0).path("id").asLong();

            assertRefused(v2.post("/portal/api/cases/" + id + "/accept", "{}"), 404,
                    "UNKNOWN_CASE");
            assertRefused(v1.post("/portal/api/cases/" + id + "/dispute", "{}"), 400,
                    "INVALID_FIELD");
            JsonNode disputed = ok(v1.post("/portal/api/cases/" + id + "/dispute",
                    "{\"reason\":\"8 mugs were moved to the back room\"}"));

            assertThat(disputed.path("case").path("status").asText()).isEqualTo("DISPUTED");
            assertThat(disputed.path("case").path("disputeReason").asText())
                    .isEqualTo("8 mugs were moved to the back room");
            JsonNode last = disputed.path("history").get(disputed.path("history").size() - 1);
            assertThat(last.path("actor").asText()).isEqualTo("v1-portal");
            assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(38);
        }

        @Test
        void aCaseFromTheVendorsOwnCountWaitsForTheRetailersStaff() {
            ok(v1.post("/portal/api/counts", countSheet("SHELF-3", COUNT_OF_A)));
            long id = ok(v1.get("/portal/api/cases")).path("cases").get(0).path("id").asLong();
            int linesBefore = books.billingLines("V1").size();

            JsonNode refused = assertRefused(v1.post("/portal/api/cases/" + id + "/accept",
                    "{}"), 409, "CASE_AWAITS_RETAILER");

            assertThat(refused.path("reason").asText()).isEqualTo("discrepancy case " + id
                    + " comes from your own count; the retailer's staff confirm or withdraw it");
            assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(38);
            assertThat(books.billingLines("V1")).hasSize(linesBefore);

            ApiClient.Answer resolved = new ApiClient(port).post("/api/reconciliation/cases/"
                    + id + "/resolve", "{\"actor\":\"store-manager\","
                    + "\"bearer\":\"RETAILER_LIABLE\",\"note\":\"confirmed on the shelf\"}");

            assertThat(resolved.status()).as(resolved.text()).isEqualTo(200);
            assertThat(books.onHand("V1", "A", "L1")).isEqualTo(30);
            assertRefused(v1.post("/portal/api/cases/" + id + "/recount", "{}"), 409,
                    "CASE_CLOSED");
        }

        @Test
        void aVendorsCountWithinToleranceStillWaitsForTheRetailer() {
            int linesBefore = books.billingLines("V1").size();

            JsonNode outcome = ok(v1.post("/portal/api/counts", countSheet("SHELF-6", """
                    location,sku,counted_qty,counted_at
                    L1,A,37,2026-12-03T18:00:00Z
                    """)));

            assertThat(outcome.path("adjusted").asInt()).isZero();
            assertThat(outcome.path("casesOpened").asInt()).isEqualTo(1);
            assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(38);
            assertThat(books.billingLines("V1")).hasSize(linesBefore);
        }

        @Test
        void aVendorsCountLeavesTheRetailersOpenCaseAlone() {
            ApiClient staff = new ApiClient(port);
            long session = staff.post("/api/reconciliation/sessions", """
                    {"legalEntity":"US-RETAIL","reference":"STORE-1","counter":"scanner-3"}""")
                    .json().path("id").asLong();
            staff.post("/api/reconciliation/sessions/" + session + "/lines", """
                    {"lines":[{"lineRef":"1","location":"L1","sku":"A","countedQty":30,
                      "countedAt":"2026-12-03T17:00:00Z"}]}""");
            staff.post("/api/reconciliation/sessions/" + session + "/submit", "");
            long retailers = ok(v1.get("/portal/api/cases")).path("cases").get(0).path("id")
                    .asLong();

            JsonNode outcome = ok(v1.post("/portal/api/counts", countSheet("SHELF-5", """
                    location,sku,counted_qty,counted_at
                    L1,A,20,2026-12-03T18:00:00Z
                    """)));

            assertThat(outcome.path("casesSuperseded").asInt()).isZero();
            assertThat(staff.get("/api/reconciliation/cases/" + retailers).json()
                    .path("case").path("status").asText()).isEqualTo("OPEN");
            JsonNode accepted = ok(v1.post("/portal/api/cases/" + retailers + "/accept",
                    "{}"));
            assertThat(accepted.path("case").path("status").asText()).isEqualTo("RESOLVED");
            assertThat(books.onHand("V1", "A", "L1")).isEqualTo(30);
        }

        @Test
        void aRecountIsAskedFor() {
            ok(v1.post("/portal/api/counts", countSheet("SHELF-4", COUNT_OF_A)));
            long id = ok(v1.get("/portal/api/cases")).path("cases").get(0).path("id").asLong();

            JsonNode asked = ok(v1.post("/portal/api/cases/" + id + "/recount",
                    "{\"note\":\"count the back room too\"}"));

            assertThat(asked.path("case").path("status").asText())
                    .isEqualTo("RECOUNT_REQUESTED");
            assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(38);
        }

        @Test
        void aCountSheetOfAnotherVendorsSkuOrWithABadRowIsRefused() {
            assertRefused(v1.post("/portal/api/counts", countSheet("X-1", """
                    location,sku,counted_qty,counted_at
                    L1,D,1,2026-12-03T18:00:00Z
                    """)), 400, "NOT_VENDORS_SKU");
            JsonNode bad = assertRefused(v1.post("/portal/api/counts", countSheet("X-2", """
                    location,sku,counted_qty,counted_at
                    L1,A,thirty,2026-12-03 18:00
                    """)), 400, "INVALID_FIELD");
            assertThat(bad.path("field").asText()).isEqualTo("line 2 counted_qty");
            assertThat(books.jdbc().queryForObject("select count(*) from count_session",
                    Long.class)).isZero();
        }
    }

    @Test
    void pagesCarryTheVendorAndTheSessionsToken() {
        for (String page : new String[] {"/portal/", "/portal/stock-update",
                "/portal/transfers", "/portal/documents", "/portal/counts"}) {
            ApiClient.Answer answer = v2.get(page);
            assertThat(answer.status()).as(page).isEqualTo(200);
            assertThat(answer.text()).contains("Vendor V2").contains("name=\"csrf-token\"")
                    .contains("/portal/portal.js");
        }
        assertThat(ok(v2.get("/portal/api/me")).path("vendorName").asText())
                .isEqualTo("Vendor Two");
    }

    private static String countSheet(String reference, String sheet) {
        return "{\"reference\":\"" + reference + "\",\"sheet\":\""
                + sheet.replace("\n", "\\n") + "\"}";
    }

    private JsonNode awaitDone(PortalSession session, long inboundId) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> ok(session.get("/portal/api/stock/updates/" + inboundId)),
                update -> update.path("status").asText().equals("COMPLETE"));
    }

    private static JsonNode ok(ApiClient.Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    private static JsonNode accepted(ApiClient.Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(202);
        return answer.json();
    }

    private static JsonNode assertRefused(ApiClient.Answer answer, int status,
            String reasonCode) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.json().path("reasonCode").asText()).isEqualTo(reasonCode);
        return answer.json();
    }
}
