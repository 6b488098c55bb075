package org.consignmenthub.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Vendor V2 (invoiced per shipment) sells three saucers, one comes back; vendor V1 (monthly
 * settlement) sells two mugs. Each sees its own transfers, documents and balance, and
 * V2's documents are unknown to V1.
 */
class VendorAccountsApiTest extends HubIntegrationTest {

    private static final String US = "US-RETAIL";

    @LocalServerPort
    int port;

    private VendorCalls v1;
    private VendorCalls v2;

    @BeforeEach
    void saleAndReturn() {
        v1 = new VendorCalls(port, "V1");
        v2 = new VendorCalls(port, "V2");
        books.apply(receipt("V2", "D", 10), receipt("V1", "A", 5));
        sellAndShip("O-1", "D", 3);
        sellAndShip("O-2", "A", 2);
        books.apply(new ReturnReceived(key("ReturnReceived", "RET-1"), "RMA-1", "O-1", "1",
                "C-O-1", "D", 1, "RESALEABLE", "L1", Instant.parse("2026-12-03T10:00:00Z")));
    }

    @Test
    void aVendorReadsItsTitleTransfersInvoicesCreditNotesAndBalance() {
        JsonNode transfers = v2.get("/title-transfers").json();
        assertThat(transfers).singleElement().satisfies(t -> {
            assertThat(t.path("orderRef").asText()).isEqualTo("O-1");
            assertThat(t.path("quantity").asLong()).isEqualTo(3);
            assertThat(t.path("returnedQty").asLong()).isEqualTo(1);
            assertThat(t.path("unitPrice").decimalValue()).isEqualByComparingTo("3.00");
        });

        JsonNode invoices = v2.get("/invoices").json();
        assertThat(invoices).hasSize(1);
        long invoiceId = invoices.get(0).path("id").asLong();
        JsonNode invoice = v2.get("/invoices/" + invoiceId).json();
        assertThat(invoice.path("grossTotal").decimalValue()).isEqualByComparingTo("9.00");
        assertThat(invoice.path("lines")).singleElement().satisfies(line -> {
            assertThat(line.path("sku").asText()).isEqualTo("D");
            assertThat(line.path("quantity").asLong()).isEqualTo(3);
            assertThat(line.path("netAmount").decimalValue()).isEqualByComparingTo("9.00");
        });
        JsonNode creditNotes = v2.get("/credit-notes").json();
        assertThat(creditNotes).hasSize(1);
        JsonNode credit = v2.get("/credit-notes/" + creditNotes.get(0).path("id").asLong())
                .json();
        assertThat(credit.path("lines")).singleElement().satisfies(line ->
                assertThat(line.path("netAmount").decimalValue()).isEqualByComparingTo("-3.00"));

        assertThat(v2.get("/balance").json()).singleElement().satisfies(b -> {
            assertThat(b.path("currency").asText()).isEqualTo("USD");
            assertThat(b.path("invoiced").decimalValue()).isEqualByComparingTo("9.00");
            assertThat(b.path("credited").decimalValue()).isEqualByComparingTo("3.00");
            assertThat(b.path("paid").decimalValue()).isEqualByComparingTo("0");
            assertThat(b.path("balance").decimalValue()).isEqualByComparingTo("6.00");
        });
        assertThat(v1.get("/balance").json()).singleElement().satisfies(b -> {
            assertThat(b.path("invoiced").decimalValue()).as("monthly: not issued yet")
                    .isEqualByComparingTo("0");
            assertThat(b.path("notYetInvoiced").decimalValue()).isEqualByComparingTo("25.00");
        });
    }

    @Test
    void anotherVendorsDocumentsAndTransfersAreUnknownToTheCaller() {
        long invoiceId = v2.get("/invoices").json().get(0).path("id").asLong();
        String number = v2.get("/invoices").json().get(0).path("number").asText();
        long creditId = v2.get("/credit-notes").json().get(0).path("id").asLong();

        VendorCalls.Answer invoice = v1.get("/invoices/" + invoiceId);
        assertThat(invoice.status()).isEqualTo(404);
        assertThat(invoice.body()).doesNotContain(number);
        assertThat(v1.get("/credit-notes/" + creditId).status()).isEqualTo(404);
        assertThat(v1.get("/invoices/" + creditId).status()).as("not an invoice either")
                .isEqualTo(404);
        assertThat(v1.get("/invoices").json()).isEmpty();
        assertThat(v1.get("/title-transfers").json()).singleElement().satisfies(t ->
                assertThat(t.path("sku").asText()).isEqualTo("A"));
    }

    private void sellAndShip(String order, String sku, long quantity) {
        OrderLine line = new OrderLine("1", sku, quantity, new java.math.BigDecimal("19.99"),
                "L1");
        Instant at = Instant.parse("2026-12-02T15:00:00Z");
        books.apply(new OrderPlaced(key("OrderPlaced", order), order, "C-" + order, "USD", at,
                        List.of(line)),
                new SaleCompleted(key("SaleCompleted", order), order, "C-" + order, "USD", at,
                        List.of(line)),
                new ShipmentConfirmed(key("ShipmentConfirmed", order), order, "S-" + order,
                        at, List.of(line)));
    }

    private static VendorStockReported receipt(String vendor, String sku, long quantity) {
        return new VendorStockReported(new EventKey(US, "vendor-stock", vendor,
                "VendorStockReported", "R-" + vendor + sku, 0), vendor, "L1", sku,
                VendorStockReported.Kind.RECEIPT, quantity, "R-" + sku,
                Instant.parse("2026-11-01T09:00:00Z"));
    }

    private static EventKey key(String type, String id) {
        return new EventKey(US, "cases", "default", type, id, 0);
    }
}
