package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consignmenthub.cases.CaseEvents.order;
import static org.consignmenthub.cases.CaseEvents.receipt;
import static org.consignmenthub.cases.CaseEvents.sale;
import static org.consignmenthub.cases.CaseEvents.shipment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * EDI documents the ledger does not move on, dropped into partners' folders and taken
 * through the real routes, processor and database: a vendor's 810 is recorded beside the
 * hub's own self-billing invoice with the difference, an 855 and a 940 are recorded, none
 * of them moves stock or bills anything, and operations read them over the API. Beside
 * them, the new channels that do move the books: an EDIFACT despatch advice receives the
 * vendor's stock and a TRADACOMS order reserves it.
 */
class EdiPartnerDocumentsTest extends HubIntegrationTest {

    @Value("${hub.intake.files.dir}")
    private Path dropFolder;
    @Value("${hub.outbound.files.dir}")
    private Path outbound;
    @LocalServerPort
    private int port;

    private InboundMessages inbox;

    @BeforeEach
    void vendorTwoSoldAndShippedFiveSaucers() {
        inbox = new InboundMessages(books.jdbc());
        OrderLine saucers = new OrderLine("1", "D", 5, CaseEvents.SHELF_PRICE, "L1");
        books.apply(receipt("E-PD-0", "V2", "D", "L1", 10),
                order("cases", "O-PD-1", "2026-12-01T15:00:00Z", saucers),
                sale("cases", "O-PD-1", "2026-12-01T15:00:00Z", saucers),
                shipment("cases", "S-PD-1", "O-PD-1", "S-PD-1", "2026-12-01T16:00:00Z",
                        saucers));
    }

    @Test
    void vendorInvoiceIsSetBesideTheSelfBillingInvoiceAndBooksNothing() throws IOException {
        // Five saucers at V2's agreed 3.00, per shipment, no tax: the hub billed 15.00.
        String hubInvoice = books.jdbc().queryForObject(
                "select number from billing_document where vendor = 'V2'", String.class);
        long movements = count("stock_movement");

        drop("x12", "V2", "INV_V2_9.x12", invoice("INV-V2-9", hubInvoice, "3.10", "1550"));
        drop("x12", "V2", "PR_V2_77.x12", Files.readAllBytes(
                Path.of("mappings/x12/examples/po-acknowledgement.edi")));
        drop("x12", "CHANNELX", "WO_5521.x12", Files.readAllBytes(
                Path.of("mappings/x12/examples/warehouse-order.edi")));
        inbox.awaitFile("x12", "V2", "INV_V2_9.x12");
        inbox.awaitFile("x12", "V2", "PR_V2_77.x12");
        inbox.awaitFile("x12", "CHANNELX", "WO_5521.x12");

        await().atMost(InboundMessages.PATIENCE).until(() -> count("partner_document") == 3);
        Map<String, Object> recorded = books.jdbc().queryForMap("""
                select document_ref, status, currency, document_total, hub_document, hub_total,
                    difference, line_count from partner_document
                where document_type = 'VendorInvoiceReceived'""");
        assertThat(recorded).containsEntry("document_ref", "INV-V2-9")
                .containsEntry("status", "INVOICE").containsEntry("currency", "USD")
                .containsEntry("hub_document", hubInvoice).containsEntry("line_count", 1);
        assertThat((BigDecimal) recorded.get("document_total")).isEqualByComparingTo("15.50");
        assertThat((BigDecimal) recorded.get("hub_total")).isEqualByComparingTo("15.00");
        assertThat((BigDecimal) recorded.get("difference")).isEqualByComparingTo("0.50");
        assertThat(books.jdbc().queryForList("select document_type, document_ref,"
                + " coalesce(status, '') as status from partner_document"
                + " order by document_type")).containsExactly(
                Map.of("document_type", "OrderAcknowledged", "document_ref", "PO-V2-77",
                        "status", "ACCEPTED_WITH_CHANGES"),
                Map.of("document_type", "VendorInvoiceReceived", "document_ref", "INV-V2-9",
                        "status", "INVOICE"),
                Map.of("document_type", "WarehouseOrderReceived", "document_ref", "WO-5521",
                        "status", ""));

        // Recorded only: no movement, no transfer, no billing line besides the hub's own.
        assertThat(count("stock_movement")).isEqualTo(movements);
        assertThat(books.billingLines("V2")).hasSize(1);
        assertThat(books.onHand("V2", "D", "L1")).isEqualTo(5);
        assertThat(books.deadLetters()).isEmpty();

        ApiClient api = new ApiClient(port);
        JsonNode listed = api.get("/api/partner-documents?account=V2&type=VendorInvoiceReceived")
                .json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("hub_document").asText()).isEqualTo(hubInvoice);
        JsonNode one = api.get("/api/partner-documents/" + listed.get(0).path("id").asLong())
                .json();
        assertThat(one.path("content").path("lines").get(0).path("sku").asText())
                .isEqualTo("D");
        assertThat(one.path("content").path("invoiceTotal").decimalValue())
                .isEqualByComparingTo("15.50");
    }

    @Test
    void theSameInvoiceAgainChangesNothingAndAChangedOneIsAConflict() throws IOException {
        byte[] invoice = invoice("INV-V2-10", "none", "3.00", "1500");
        drop("x12", "V2", "a.x12", invoice);
        inbox.awaitFile("x12", "V2", "a.x12");
        drop("x12", "V2", "b.x12", invoice);
        inbox.awaitFile("x12", "V2", "b.x12");
        drop("x12", "V2", "c.x12", invoice("INV-V2-10", "none", "3.20", "1600"));
        inbox.awaitFile("x12", "V2", "c.x12");

        await().atMost(InboundMessages.PATIENCE).until(() -> !books.deadLetters().isEmpty());
        assertThat(count("partner_document")).isEqualTo(1);
        // It quotes no hub number: the hub's only December invoice to V2 stands beside it.
        assertThat(books.jdbc().queryForMap("select hub_document, difference"
                + " from partner_document")).satisfies(row -> {
                    assertThat(row.get("hub_document")).isEqualTo(books.jdbc().queryForObject(
                            "select number from billing_document where vendor = 'V2'",
                            String.class));
                    assertThat((BigDecimal) row.get("difference")).isEqualByComparingTo("0");
                });
        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("reason_code", "KEY_CONFLICT");
            assertThat((String) dead.get("record_ref")).startsWith("x12/V2/c.x12#");
        });
    }

    @Test
    void invoiceWhoseTotalDisagreesIsRefusedWithTheFigures() throws IOException {
        drop("x12", "V2", "d.x12", invoice("INV-V2-11", "none", "3.00", "1600"));
        inbox.awaitFile("x12", "V2", "d.x12");

        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("field", "TDS01")
                    .containsEntry("reason_code", "TOTALS_DISAGREE");
            assertThat((String) dead.get("reason")).contains("INV-V2-11",
                    "states a total of 16", "come to 15");
        });
        assertThat(count("partner_document")).isZero();
    }

    @Test
    void edifactDespatchAdviceReceivesStockAndTradacomsOrderReservesIt() throws IOException {
        String advice = "UNA:+.? 'UNB+UNOC:3+V2:14+HUB:14+261209:0700+D9'"
                + "UNH+1+DESADV:D:96A:UN:EAN005'BGM+351+DES-9+9'DTM+11:20261209:102'"
                + "NAD+DP+L1::92'LIN+1++D:SA'QTY+12:6:PCE'UNT+7+1'UNZ+1+D9'";
        drop("edifact-desadv", "V2", "DES_9.edi", advice.getBytes(StandardCharsets.UTF_8));
        inbox.awaitFile("edifact-desadv", "V2", "DES_9.edi");
        await().atMost(InboundMessages.PATIENCE).untilAsserted(() ->
                assertThat(books.onHand("V2", "D", "L1")).isEqualTo(11));
        // V2 asks for CONTRL reports: its interchange D9 and message 1 are acknowledged.
        Path reports = outbound.resolve("edifact-desadv").resolve("V2");
        await().atMost(InboundMessages.PATIENCE).until(() -> Files.isDirectory(reports)
                && contrlFiles(reports).size() == 1);
        assertThat(Files.readString(contrlFiles(reports).get(0)).replace("\n", ""))
                .contains("UNB+UNOC:3+HUB:14+V2:14+", "UCI+D9+V2:14+HUB:14+7'",
                        "UCM+1+DESADV:D:96A:UN+7'");

        String order = "STX=ANA:1+5000000000000:SOME STORES+5010000000000:HUB+261210:0915"
                + "+000042+PW+ORDHDR+B'MHD=1+ORDHDR:9'TYP=0430+NEW-ORDERS'MTR=3'"
                + "MHD=2+ORDERS:9'CLO=5000000000283+EAST DEPOT'ORD=PO-SS-9::261210'"
                + "OLD=1+:D++++4+250'MTR=5'MHD=3+ORDTLR:9'OFT=1'MTR=3'END=3'";
        drop("tradacoms", "SOMESTORES", "ORD_9.edi", order.getBytes(StandardCharsets.UTF_8));
        inbox.awaitFile("tradacoms", "SOMESTORES", "ORD_9.edi");

        // Four of V2's eleven saucers reserved for the store chain's order.
        await().atMost(InboundMessages.PATIENCE).untilAsserted(() ->
                assertThat(books.bucket("V2", "D", "L1", "ALLOCATED")).isEqualTo(4));
        assertThat(books.bucket("V2", "D", "L1", "AVAILABLE")).isEqualTo(7);
        assertThat(books.jdbc().queryForMap("select order_ref, quantity, unit_price"
                + " from order_line where channel = 'tradacoms'"))
                .containsEntry("order_ref", "PO-SS-9").containsEntry("quantity", 4L)
                .hasEntrySatisfying("unit_price", price ->
                        assertThat((BigDecimal) price).isEqualByComparingTo("2.50"));
        assertThat(books.deadLetters()).isEmpty();
    }

    /** A one-line 810 of saucers at the given price, naming a document of the hub. */
    private static byte[] invoice(String number, String hubDocument, String price,
            String totalCents) {
        String text = "ISA*00*          *00*          *ZZ*VENDOR2        *ZZ*HUBRETAIL      "
                + "*261210*0900*U*00401*000000501*0*P*>~"
                + "GS*IN*VENDOR2*HUBRETAIL*20261210*0900*501*X*004010~ST*810*0001~"
                + "BIG*20261210*" + number + "*20261201*O-PD-1~REF*IV*" + hubDocument + "~"
                + "IT1*1*5*EA*" + price + "**VP*D~TDS*" + totalCents + "~CTT*1~SE*7*0001~"
                + "GE*1*501~IEA*1*000000501~";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<Path> contrlFiles(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith("CONTRL_")).toList();
        }
    }

    private long count(String table) {
        return books.jdbc().queryForObject("select count(*) from " + table, Long.class);
    }

    private void drop(String channel, String account, String name, byte[] content)
            throws IOException {
        Path folder = dropFolder.resolve(channel).resolve(account);
        Files.createDirectories(folder);
        Path aside = Files.write(folder.resolve("." + name), content);
        Files.move(aside, folder.resolve(name));
    }
}
