package org.consignmenthub.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A count finds 6 of V2's 10 saucers and 20 of V1's 25 mugs: each vendor gets a case, sees
 * its own with the evidence, and answers it; the other vendor's case is unknown to it.
 */
class VendorCasesApiTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    private VendorCalls v1;
    private VendorCalls v2;
    private long v1Case;
    private long v2Case;

    @BeforeEach
    void countWithDifferences() {
        v1 = new VendorCalls(port, "V1");
        v2 = new VendorCalls(port, "V2");
        books.apply(receipt("V2", "D", 10), receipt("V1", "A", 25));
        ApiClient staff = new ApiClient(port);
        long session = staff.post("/api/reconciliation/sessions", """
                {"legalEntity":"US-RETAIL","reference":"COUNT-1","counter":"scanner-1"}""")
                .json().path("id").asLong();
        staff.post("/api/reconciliation/sessions/" + session + "/lines", """
                {"lines":[
                  {"lineRef":"1","location":"L1","sku":"D","countedQty":6,
                   "countedAt":"2026-12-02T15:00:00Z"},
                  {"lineRef":"2","location":"L1","sku":"A","countedQty":20,
                   "countedAt":"2026-12-02T15:00:00Z"}]}""");
        staff.post("/api/reconciliation/sessions/" + session + "/submit", "");
        v1Case = v1.get("/discrepancies").json().get(0).path("id").asLong();
        v2Case = v2.get("/discrepancies").json().get(0).path("id").asLong();
    }

    @Test
    void aVendorSeesItsCaseWithEvidenceAndDisputesIt() {
        assertThat(v2.get("/discrepancies").json()).singleElement().satisfies(c -> {
            assertThat(c.path("sku").asText()).isEqualTo("D");
            assertThat(c.path("bookQty").asLong()).isEqualTo(10);
            assertThat(c.path("countedQty").asLong()).isEqualTo(6);
            assertThat(c.path("variance").asLong()).isEqualTo(-4);
        });
        JsonNode evidence = v2.get("/discrepancies/" + v2Case).json();
        assertThat(evidence.path("countLines").get(0).path("counted_qty").asLong())
                .isEqualTo(6);

        VendorCalls.Answer noReason = v2.post("/discrepancies/" + v2Case + "/dispute", "{}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().path("field").asText()).isEqualTo("reason");
        JsonNode disputed = v2.post("/discrepancies/" + v2Case + "/dispute",
                "{\"reason\":\"the delivery note says 10 arrived\"}").json();

        assertThat(disputed.path("status").asText()).isEqualTo("DISPUTED");
        assertThat(disputed.path("disputeReason").asText())
                .isEqualTo("the delivery note says 10 arrived");
        assertThat(books.jdbc().queryForObject("select actor from discrepancy_case_event"
                + " where case_id = ? and action = 'DISPUTED'", String.class, v2Case))
                .as("recorded under the caller's key").startsWith("chk_00000002");
        assertThat(books.onHand("V2", "D", "L1")).as("a dispute moves nothing").isEqualTo(10);
    }

    @Test
    void anAcceptedCaseMovesTheBooksOnceAndAskingForARecountIsRecorded() {
        JsonNode accepted = v1.post("/discrepancies/" + v1Case + "/accept", "").json();
        assertThat(accepted.path("status").asText()).isEqualTo("RESOLVED");
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(20);
        assertThat(v1.post("/discrepancies/" + v1Case + "/accept", "").status())
                .isEqualTo(409);
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(20);

        JsonNode recount = v2.post("/discrepancies/" + v2Case + "/recount",
                "{\"note\":\"count the back room\"}").json();
        assertThat(recount.path("status").asText()).isEqualTo("RECOUNT_REQUESTED");
    }

    @Test
    void anotherVendorsCaseIsUnknownToTheCallerAndStaysUntouched() {
        VendorCalls.Answer evidence = v1.get("/discrepancies/" + v2Case);
        assertThat(evidence.status()).isEqualTo(404);
        assertThat(evidence.body()).doesNotContain("\"D\"");
        assertThat(v1.post("/discrepancies/" + v2Case + "/accept", "").status())
                .isEqualTo(404);
        assertThat(v1.post("/discrepancies/" + v2Case + "/dispute", "{\"reason\":\"x\"}")
                .status()).isEqualTo(404);
        assertThat(v1.post("/discrepancies/" + v2Case + "/recount", "").status())
                .isEqualTo(404);
        assertThat(v1.get("/discrepancies?status=OPEN").json()).singleElement()
                .satisfies(c -> assertThat(c.path("sku").asText()).isEqualTo("A"));

        assertThat(v2.get("/discrepancies/" + v2Case).json().path("case").path("status")
                .asText()).isEqualTo("OPEN");
        assertThat(books.onHand("V2", "D", "L1")).isEqualTo(10);
    }

    private static VendorStockReported receipt(String vendor, String sku, long quantity) {
        return new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", vendor,
                "VendorStockReported", "R-" + vendor + sku, 0), vendor, "L1", sku,
                VendorStockReported.Kind.RECEIPT, quantity, "R-" + sku,
                Instant.parse("2026-11-01T09:00:00Z"));
    }
}
