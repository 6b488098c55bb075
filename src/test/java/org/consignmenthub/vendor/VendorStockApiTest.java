package org.consignmenthub.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

class VendorStockApiTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    private VendorCalls v1;
    private VendorCalls v2;

    @BeforeEach
    void vendors() {
        v1 = new VendorCalls(port, "V1");
        v2 = new VendorCalls(port, "V2");
    }

    @Test
    void snapshotsAndDeltasWithReasonsReachTheLedgerUnderTheCallersVendor() {
        VendorCalls.Answer taken = v1.post("/stock", """
                {"vendor":"V2","reports":[{"reportId":"R-1","sku":"A","location":"L1",
                  "kind":"RECEIPT","quantity":10,"reference":"ASN-77",
                  "occurredAt":"2026-12-01T09:00:00Z"}]}""");
        assertThat(taken.status()).as(taken.body()).isEqualTo(202);
        assertThat(taken.json().path("records").asInt()).isEqualTo(1);
        assertThat(taken.json().path("rejected").asInt()).isZero();
        awaitAvailable("A", 10);

        v1.post("/stock", """
                {"reports":[{"reportId":"ADJ-1","sku":"A","location":"L1","kind":"ADJUSTMENT",
                  "quantity":-2,"reason":"broken in the stockroom",
                  "occurredAt":"2026-12-01T10:00:00Z"}]}""");
        awaitAvailable("A", 8);
        v1.post("/stock", """
                {"reports":[{"reportId":"RTV-1","sku":"A","location":"L1",
                  "kind":"RETURN_TO_VENDOR","quantity":3,"reference":"RMA-9",
                  "occurredAt":"2026-12-01T11:00:00Z"}]}""");
        awaitAvailable("A", 5);
        v1.post("/stock", """
                {"reports":[{"reportId":"SNAP-1","sku":"A","location":"L1","kind":"SNAPSHOT",
                  "quantity":7,"occurredAt":"2026-12-01T12:00:00Z"}]}""");
        awaitAvailable("A", 7);

        List<String> journal = new ArrayList<>();
        v1.get("/movements").json().forEach(m -> journal.add(m.path("reason").asText() + " "
                + m.path("quantity").asLong()));
        assertThat(journal).containsExactly("RECEIPT 10", "VENDOR_ADJUSTMENT -2",
                "RETURN_TO_VENDOR -3", "LEVEL_REPORTED 2");
        assertThat(books.onHand("V2", "A", "L1")).as("the body cannot name the vendor")
                .isZero();
        assertThat(v2.get("/positions").json()).as("V2 sees none of it").isEmpty();
        assertThat(v2.get("/movements").json()).isEmpty();
        long after = v1.get("/movements").json().get(1).path("id").asLong();
        assertThat(v1.get("/movements?after=" + after + "&limit=1").json()).singleElement()
                .satisfies(m -> assertThat(m.path("reason").asText())
                        .isEqualTo("RETURN_TO_VENDOR"));
    }

    @Test
    void anAdjustmentWithoutAReasonIsStoredAndDeadLetteredNamingTheField() {
        VendorCalls.Answer taken = v1.post("/stock", """
                {"reports":[{"reportId":"ADJ-X","sku":"A","location":"L1","kind":"ADJUSTMENT",
                  "quantity":-2}]}""");

        assertThat(taken.status()).isEqualTo(202);
        assertThat(taken.json().path("rejected").asInt()).isEqualTo(1);
        List<Map<String, Object>> dead = books.deadLetters();
        assertThat(dead).singleElement().satisfies(letter -> {
            assertThat(letter).containsEntry("channel", "vendor-stock-api")
                    .containsEntry("account", "V1").containsEntry("field", "reason");
            assertThat(new String((byte[]) letter.get("raw_record")))
                    .contains("\"ADJ-X\"");
        });
        assertThat(books.onHand("V1", "A", "L1")).isZero();
    }

    @Test
    void aShipNoticeIsReceivedInPartsAndARepeatedReceiptCountsOnce() {
        VendorCalls.Answer announced = v1.post("/shipment-notices", """
                {"noticeRef":"ASN-100","location":"L1","expectedAt":"2026-12-03T08:00:00Z",
                 "lines":[{"sku":"A","quantity":10},{"sku":"B","quantity":4}]}""");
        assertThat(announced.status()).as(announced.body()).isEqualTo(201);
        long id = announced.json().path("id").asLong();
        assertThat(announced.json().path("status").asText()).isEqualTo("ANNOUNCED");

        String firstReceipt = """
                {"receiptRef":"GRN-1","receivedAt":"2026-12-03T09:00:00Z",
                 "lines":[{"sku":"A","quantity":10}]}""";
        VendorCalls.Answer received = v1.post("/shipment-notices/" + id + "/receipts",
                firstReceipt);
        assertThat(received.status()).as(received.body()).isEqualTo(202);
        assertThat(received.json().path("notice").path("status").asText())
                .isEqualTo("PARTLY_RECEIVED");
        awaitAvailable("A", 10);
        v1.post("/shipment-notices/" + id + "/receipts", firstReceipt);
        v1.post("/shipment-notices/" + id + "/receipts", """
                {"receiptRef":"GRN-2","lines":[{"sku":"B","quantity":4}]}""");
        await().atMost(Duration.ofSeconds(30)).until(() -> books.onHand("V1", "B", "L1") == 4);

        JsonNode notice = v1.get("/shipment-notices/" + id).json();
        assertThat(notice.path("status").asText()).isEqualTo("RECEIVED");
        assertThat(notice.path("lines").get(0).path("receivedQty").asLong()).isEqualTo(10);
        assertThat(books.onHand("V1", "A", "L1")).as("GRN-1 twice is one receipt")
                .isEqualTo(10);
        assertThat(v2.get("/shipment-notices/" + id).status()).isEqualTo(404);
        assertThat(v2.get("/shipment-notices").json()).isEmpty();
        assertThat(v2.post("/shipment-notices/" + id + "/receipts", firstReceipt).status())
                .isEqualTo(404);
    }

    @Test
    void aNoticeForAnotherVendorsSkuOrTwiceUnderOneReferenceIsRefused() {
        VendorCalls.Answer foreign = v1.post("/shipment-notices", """
                {"noticeRef":"ASN-D","location":"L1","lines":[{"sku":"D","quantity":1}]}""");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().path("reasonCode").asText()).isEqualTo("UNKNOWN_SKU");
        assertThat(foreign.json().path("field").asText()).isEqualTo("lines[0].sku");

        String notice = """
                {"noticeRef":"ASN-1","location":"L1","lines":[{"sku":"A","quantity":1}]}""";
        assertThat(v1.post("/shipment-notices", notice).status()).isEqualTo(201);
        VendorCalls.Answer twice = v1.post("/shipment-notices", notice);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().path("reasonCode").asText()).isEqualTo("DUPLICATE_NOTICE");
        assertThat(v2.post("/shipment-notices", """
                {"noticeRef":"ASN-1","location":"L1","lines":[{"sku":"D","quantity":1}]}""")
                .status()).as("references are the vendor's own").isEqualTo(201);
    }

    private void awaitAvailable(String sku, long quantity) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                v1.get("/positions?sku=" + sku + "&location=L1").json())
                .singleElement().satisfies(p -> {
                    assertThat(p.path("bucket").asText()).isEqualTo("AVAILABLE");
                    assertThat(p.path("quantity").asLong()).isEqualTo(quantity);
                }));
    }
}
