package org.consignmenthub.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The consignment summary at {@code /api/summary} tells what the hub booked: a month and a
 * bit of a web shop's sales report (sales, a non-stock line, returns accepted and refused,
 * a row that is neither) over stock received from the vendor and bought by the retailer,
 * with both settlement months closed. Every figure is checked against the books.
 */
class ConsignmentSummaryApiTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UK = "UK-RETAIL";
    private static final String REPORT = "sales_2011-06.csv";

    @Value("${hub.intake.files.dir}")
    private Path inbound;
    @LocalServerPort
    private int port;

    private ApiClient finance;

    @BeforeEach
    void webShop() {
        books.loadCatalog("fixtures/summary-catalog.yaml");
        finance = new ApiClient(port, TestCredentials.FINANCE);
    }

    @Test
    void summaryFiguresAreThoseTheHubBooked() throws Exception {
        books.apply(new VendorStockReported(key("vendor-stock", "LUMEN", "VendorStockReported",
                        "R-71053"), "LUMEN", "UK-WEB", "71053",
                        VendorStockReported.Kind.RECEIPT, 10, "R-71053",
                        Instant.parse("2011-06-01T00:00:00Z")),
                new PurchaseReceived(key("purchase-receipts", "default", "PurchaseReceived",
                        "P-22423"), "WHOLESALER", "UK-WEB", "22423", 5,
                        new BigDecimal("7.65"), "GBP", Instant.parse("2011-06-01T00:00:00Z")));
        long report = drop("""
                InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
                581001,71053,LANTERN,3,2011-06-10 10:00:00,3.39,17850.0,UK
                581001,POST,POSTAGE,1,2011-06-10 10:00:00,18.00,17850.0,UK
                581002,22423,CAKESTAND,2,2011-06-10 11:00:00,12.75,13047.0,UK
                581003,71053,LANTERN,2,2011-06-20 12:00:00,3.39,13047.0,UK
                C581004,71053,LANTERN,-1,2011-06-21 09:00:00,3.39,17850.0,UK
                C581005,71053,LANTERN,-2,2011-06-21 10:00:00,3.39,12583.0,UK
                581006,22423,CAKESTAND,-3,2011-06-22 10:00:00,0,,UK
                C581007,22423,CAKESTAND,-1,2011-06-23 10:00:00,12.75,13047.0,UK
                581008,71053,LANTERN,1,2011-07-02 09:00:00,3.39,17850.0,UK
                """);
        assertThat(books.jdbc().queryForObject("select record_count from inbound_message"
                + " where id = ?", Integer.class, report)).isEqualTo(9);
        assertThat(finance.post("/api/billing/close").status()).isEqualTo(200);

        ApiClient.Answer summary = finance.get("/api/summary?legalEntity=UK-RETAIL"
                + "&channel=online-retail");

        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.json()).isEqualTo(JSON.readTree("""
                {"legalEntity": "UK-RETAIL",
                 "vendors": [{"vendor": "LUMEN", "skus": 1, "unitsReceived": 10,
                   "unitsTransferred": 6, "valueTransferred": "12.18",
                   "invoices": 2, "invoiceTotal": "12.18", "invoiceTax": "2.44",
                   "returnsAccepted": 1, "unitsReturned": 1,
                   "creditNotes": 1, "creditTotal": "2.03", "creditTax": "0.41",
                   "returnsRejected": 1, "onHand": 5,
                   "months": [{"month": "2011-06", "invoiced": "10.15", "credited": "2.03"},
                              {"month": "2011-07", "invoiced": "2.03", "credited": "0.00"}]}],
                 "retailer": {"skus": 1, "unitsReceived": 5, "unitsSold": 2,
                   "unitsReturned": 1, "onHand": 4},
                 "rows": {"total": 9, "sales": 4, "returns": 2, "nonStock": 1,
                   "rejected": {"NO_MATCHING_SALE": 1, "NOT_A_SALE_OR_RETURN": 1}}}"""));
        assertThat(finance.get("/api/summary").json()).as("the replay's entity and channel"
                + " are the defaults").isEqualTo(summary.json());
        figuresAreTheBooks(summary.json().path("vendors").get(0));
    }

    /** The vendor's figures read straight from transfers, documents and positions. */
    private void figuresAreTheBooks(JsonNode lumen) {
        assertThat(books.jdbc().queryForList("""
                select order_ref || ' ' || quantity || ' x ' || unit_price
                from title_transfer order by order_ref""", String.class))
                .containsExactly("581001 3 x 2.0300", "581003 2 x 2.0300", "581008 1 x 2.0300");
        assertThat(books.jdbc().queryForList("""
                select kind || ' ' || to_char(period_month, 'YYYY-MM') || ' ' || net_total
                    || ' + ' || tax_total
                from billing_document where vendor = 'LUMEN' order by kind, period_month""",
                String.class)).containsExactly("CREDIT_NOTE 2011-06 -2.03 + -0.41",
                        "INVOICE 2011-06 10.15 + 2.03", "INVOICE 2011-07 2.03 + 0.41");
        assertThat(lumen.path("onHand").asLong())
                .isEqualTo(books.onHand("LUMEN", "71053", "UK-WEB")).isEqualTo(5);
        assertThat(books.onHand("RETAILER", "22423", "UK-WEB")).isEqualTo(4);
        assertThat(books.deadLetters()).extracting(d -> d.get("reason_code"))
                .containsExactlyInAnyOrder("NO_MATCHING_SALE", "NOT_A_SALE_OR_RETURN");
    }

    /** Drops the sales report into the shop's folder and waits until it is applied. */
    private long drop(String csv) throws IOException {
        Path folder = Files.createDirectories(inbound.resolve("online-retail/default"));
        Path aside = Files.writeString(folder.resolve("." + REPORT), csv,
                StandardCharsets.UTF_8);
        Files.move(aside, folder.resolve(REPORT));
        return new InboundMessages(books.jdbc()).awaitFile("online-retail", "default", REPORT);
    }

    private static EventKey key(String channel, String account, String type, String id) {
        return new EventKey(UK, channel, account, type, id, 0);
    }
}
