package org.consignmenthub.story;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.consignmenthub.runtime.HubClock;
import org.consignmenthub.runtime.SettlementScheduler;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.consignmenthub.testing.PartnerSftpServer;
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
 * October at store L1, through the hub's real front doors: vendor V1 delivers consigned
 * mugs and says so in a file on its SFTP server; the web shop sells three of them, ships
 * them, and title passes; V1 reports a stock level and operations move stock to another
 * store; a customer brings one mug back; at the end of the month finance closes V1's
 * settlement and gets one self-billing invoice and one credit note.
 *
 * <p>Every step is a payload sent the way its partner sends it (SFTP upload, webhook, REST
 * call), stored raw, put on the processing queue and applied; the test waits for each to
 * be applied before the next, as the business would see it. The hub's clock follows the
 * story, so the month closes when the story says it has ended.
 */
@DirtiesContext
class ConsignmentCycleStoryTest extends HubIntegrationTest {

    private static final PartnerSftpServer V1_SFTP = new PartnerSftpServer("hub", "s3cret-V1");
    private static final String SFTP_ROOT = "inbound";

    private static final long ORDER_ID = 5_001_234_567_890L;
    private static final long LINE_ID = 13_412_345_678_901L;
    private static final String CUSTOMER_ID = "7031";

    @Autowired
    private HubClock clock;
    @Autowired
    private SettlementScheduler settlement;
    @Autowired
    private CamelContext camel;
    @LocalServerPort
    private int port;

    private IntakeClient shopAndVendors;
    private InboundMessages inbox;

    @DynamicPropertySource
    static void vendorSftpServer(DynamicPropertyRegistry registry) {
        V1_SFTP.startAsHubSource(registry, SFTP_ROOT);
    }

    @AfterEach
    void hubStopsPollingTheVendor() throws Exception {
        // The vendor's server goes away with this class; polls after that would only fail.
        camel.getRouteController().stopRoute("intake-sftp");
    }

    @AfterAll
    static void stopSftpServer() {
        V1_SFTP.stop();
    }

    @BeforeEach
    void partnersAndFinance() throws Exception {
        shopAndVendors = new IntakeClient(port);
        inbox = new InboundMessages(books.jdbc());
        // Finance closes the month by hand in this story; the hourly close would race it.
        camel.getRouteController().stopRoute("billing-settlement-close");
    }

    @Test
    void oneMonthOfConsignmentFromDeliveryToSelfBilling() {
        vendorDeliversMugsAndUploadsItsReceipt();
        shopSellsThreeBlueMugs();
        shopShipsTheOrder();
        vendorReportsItsWhiteMugLevel();
        operationsMoveTwoBlueMugsToStore2();
        customerBringsOneBlueMugBack();
        financeClosesOctober();

        assertThat(books.deadLetters()).as("nothing was refused on the way").isEmpty();
    }

    /** V1 received 10 blue mugs (A) and 5 white mugs (B) into L1, file over SFTP. */
    private void vendorDeliversMugsAndUploadsItsReceipt() {
        clock.driveTo(Instant.parse("2026-10-13T13:00:00Z"));
        String receipt = "receipt-2026-10-13.csv";
        byte[] file = ("sku,location,qty_received,reference\n"
                + "A,L1,10,ASN-V1-1013\n"
                + "B,L1,5,ASN-V1-1013\n").getBytes(StandardCharsets.UTF_8);

        V1_SFTP.upload(SFTP_ROOT + "/vendor-stock/V1/" + receipt, file);

        long id = inbox.awaitFile("vendor-stock", "V1", receipt);
        assertThat(inbox.payload(id)).as("the file as uploaded").isEqualTo(file);
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(10);
        assertThat(books.bucket("V1", "B", "L1", "AVAILABLE")).isEqualTo(5);
        assertThat(books.onHand("RETAILER", "A", "L1")).isZero();

        // Taken in: the file leaves the vendor's folder for .done, unchanged.
        Path folder = V1_SFTP.root().resolve(SFTP_ROOT);
        await("receipt moved to .done").atMost(InboundMessages.PATIENCE)
                .until(() -> Files.notExists(folder.resolve("vendor-stock/V1/" + receipt)));
        List<Path> done = files(folder.resolve(".done/vendor-stock/V1"));
        assertThat(done).singleElement().satisfies(moved -> {
            assertThat(moved.getFileName().toString()).matches("receipt-2026-10-13-\\d{17}\\.csv");
            assertThat(moved).hasBinaryContent(file);
        });
    }

    /** A paid web order for three blue mugs at 19.99 reserves three of V1's units. */
    private void shopSellsThreeBlueMugs() {
        clock.driveTo(Instant.parse("2026-10-14T14:16:00Z"));
        byte[] order = ("""
                {
                  "id": %d,
                  "name": "#1042",
                  "created_at": "2026-10-14T10:15:00-04:00",
                  "currency": "USD",
                  "financial_status": "paid",
                  "customer": {"id": %s, "first_name": "Zoë"},
                  "line_items": [
                    {"id": %d, "sku": "A", "title": "Blue mug – café edition",
                     "quantity": 3, "price": "19.99"}
                  ]
                }
                """).formatted(ORDER_ID, CUSTOMER_ID, LINE_ID)
                .getBytes(StandardCharsets.UTF_8);

        long id = webhook("orders/create", "b6a1c9e0-order-1042", order);

        assertThat(inbox.payload(id)).as("the webhook body byte for byte").isEqualTo(order);
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(7);
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(3);
        // Sold but not shipped: title stays with V1, nothing is billed yet.
        assertThat(transfers()).isEmpty();
        assertThat(books.billingLines("V1")).isEmpty();
    }

    /** The shop ships the three mugs; sold and shipped, title passes and V1 bills 3 x 12.50. */
    private void shopShipsTheOrder() {
        clock.driveTo(Instant.parse("2026-10-15T13:31:00Z"));
        byte[] fulfillment = ("""
                {
                  "id": 7300000001,
                  "order_id": %d,
                  "status": "success",
                  "created_at": "2026-10-15T09:30:00-04:00",
                  "tracking_company": "UPS",
                  "line_items": [{"id": %d, "sku": "A", "quantity": 3}]
                }
                """).formatted(ORDER_ID, LINE_ID).getBytes(StandardCharsets.UTF_8);

        long id = webhook("fulfillments/create", "b6a1c9e0-fulfil-1042", fulfillment);

        assertThat(inbox.payload(id)).isEqualTo(fulfillment);
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isZero();
        assertThat(books.bucket("V1", "A", "L1", "IN_TRANSIT")).isZero();
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(7);
        assertThat(transfers()).singleElement().satisfies(t -> {
            assertThat(t).containsEntry("vendor", "V1").containsEntry("sku", "A")
                    .containsEntry("quantity", 3L).containsEntry("customer_ref", CUSTOMER_ID)
                    .containsEntry("order_ref", Long.toString(ORDER_ID))
                    .containsEntry("transferred_at", "2026-10-15T13:30:00Z");
            assertThat((BigDecimal) t.get("unit_price")).isEqualByComparingTo("12.50");
        });
        assertThat(books.billingLines("V1")).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("kind", "INVOICE").containsEntry("quantity", 3L)
                .containsEntry("net_amount", new BigDecimal("37.50"))
                .containsEntry("period", "2026-10")
                .containsEntry("document_id", null));
    }

    /** V1 counts 4 white mugs at L1 and says so over its REST API: the level is set to 4. */
    private void vendorReportsItsWhiteMugLevel() {
        clock.driveTo(Instant.parse("2026-10-16T12:05:00Z"));
        byte[] report = """
                {"reports": [{"reportId": "V1-LEVEL-20261016-B", "sku": "B", "location": "L1",
                  "kind": "SNAPSHOT", "quantity": 4, "reference": "shelf count",
                  "occurredAt": "2026-10-16T12:00:00Z"}]}
                """.getBytes(StandardCharsets.UTF_8);

        long id = accepted(shopAndVendors.post("/intake/vendors/V1/stock", report,
                "X-Request-Id", "v1-level-20261016"));

        assertThat(inbox.payload(id)).isEqualTo(report);
        assertThat(books.bucket("V1", "B", "L1", "AVAILABLE")).isEqualTo(4);
        assertThat(movements("B", "LEVEL_REPORTED")).containsExactly(-1L);
    }

    /** Operations move two blue mugs to store L2; they stay V1's. */
    private void operationsMoveTwoBlueMugsToStore2() {
        clock.driveTo(Instant.parse("2026-10-17T15:02:00Z"));
        byte[] move = """
                {"moveId": "MV-2026-10-17-01", "sku": "A", "from": "L1", "to": "L2",
                 "quantity": 2, "occurredAt": "2026-10-17T15:00:00Z"}
                """.getBytes(StandardCharsets.UTF_8);

        long id = accepted(shopAndVendors.post("/intake/stock-moves/ops", move,
                "X-Request-Id", "ops-move-1017-01"));

        assertThat(inbox.payload(id)).isEqualTo(move);
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(5);
        assertThat(books.bucket("V1", "A", "L2", "AVAILABLE")).isEqualTo(2);
        assertThat(books.onHand("RETAILER", "A", "L2")).isZero();
    }

    /**
     * The customer returns one mug and the shop refunds it with a restock: the mug goes back
     * to V1's stock at L1 and V1's invoice line is credited for one unit at 12.50. Shopify
     * reports this as refunds/create, naming the order line; no other channel of the hub
     * carries a return of a Shopify order (the Online Retail report skips stock codes that do
     * not start with a digit, such as A).
     */
    private void customerBringsOneBlueMugBack() {
        clock.driveTo(Instant.parse("2026-10-20T16:01:00Z"));
        byte[] refund = ("""
                {
                  "id": 8800000001,
                  "order_id": %d,
                  "created_at": "2026-10-20T12:00:00-04:00",
                  "note": "returned unused",
                  "refund_line_items": [
                    {"id": 8800000011, "line_item_id": %d, "quantity": 1,
                     "restock_type": "return", "line_item": {"id": %d, "sku": "A"}}
                  ]
                }
                """).formatted(ORDER_ID, LINE_ID, LINE_ID).getBytes(StandardCharsets.UTF_8);

        long id = webhook("refunds/create", "b6a1c9e0-refund-1042", refund);

        assertThat(inbox.payload(id)).isEqualTo(refund);
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(6);
        assertThat(books.onHand("RETAILER", "A", "L1")).isZero();
        List<Map<String, Object>> lines = books.billingLines("V1");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).containsEntry("kind", "CREDIT_NOTE")
                .containsEntry("quantity", -1L)
                .containsEntry("net_amount", new BigDecimal("-12.50"))
                .containsEntry("reverses_line", lines.get(0).get("id"))
                .containsEntry("period", "2026-10");
    }

    /**
     * October ends at midnight in New York (04:00 UTC in summer time): before that closing
     * issues nothing; after it V1 gets invoice 000001 for 37.50 and credit note 000001 for
     * -12.50, and the retailer owes V1 25.00 net.
     */
    private void financeClosesOctober() {
        clock.driveTo(Instant.parse("2026-11-01T03:59:59Z"));
        assertThat(settlement.closeEndedPeriods()).as("October has not ended yet").isZero();
        assertThat(documents()).isEmpty();

        clock.driveTo(Instant.parse("2026-11-01T04:00:00Z"));
        assertThat(settlement.closeEndedPeriods()).isEqualTo(1);

        assertThat(documents()).containsExactly(
                Map.of("number", "SBI-US-RETAIL-V1-000001", "kind", "INVOICE",
                        "period", "2026-10", "currency", "USD",
                        "net_total", new BigDecimal("37.50"), "tax_total", new BigDecimal("0.00"),
                        "vendor_tax_registration", "US-V1-TAX",
                        "self_billing_agreement", "SBA-V1-1"),
                Map.of("number", "SBC-US-RETAIL-V1-000001", "kind", "CREDIT_NOTE",
                        "period", "2026-10", "currency", "USD",
                        "net_total", new BigDecimal("-12.50"),
                        "tax_total", new BigDecimal("0.00"),
                        "vendor_tax_registration", "US-V1-TAX",
                        "self_billing_agreement", "SBA-V1-1"));
        assertThat(books.billingLines("V1")).extracting(l -> l.get("document_id"))
                .doesNotContainNull();
        assertThat(books.netPayable("V1")).isEqualByComparingTo("25.00");
        assertThat(books.jdbc().queryForObject("select status from settlement_period"
                + " where vendor = 'V1' and period_month = date '2026-10-01'", String.class))
                .isEqualTo("CLOSED");
    }

    /** Posts a Shopify webhook of the test shop, expects it accepted and applied. */
    private long webhook(String topic, String webhookId, byte[] body) {
        return accepted(shopAndVendors.post("/intake/shopify/test-shop", body,
                "X-Shopify-Topic", topic, "X-Shopify-Webhook-Id", webhookId,
                "X-Shopify-Shop-Domain", "test-shop.myshopify.com"));
    }

    /** 202 with one record taken and none refused; waits until it is applied. */
    private long accepted(IntakeClient.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.records()).isEqualTo(1);
        assertThat(answer.rejected()).isZero();
        inbox.awaitComplete(answer.inboundId());
        return answer.inboundId();
    }

    private List<Map<String, Object>> transfers() {
        return books.jdbc().queryForList("""
                select vendor, sku, quantity, unit_price, customer_ref, order_ref,
                    to_char(transferred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                        as transferred_at
                from title_transfer order by id""");
    }

    private List<Long> movements(String sku, String reason) {
        return books.jdbc().queryForList("select quantity from stock_movement"
                + " where sku = ? and reason = ? order by id", Long.class, sku, reason);
    }

    private List<Map<String, Object>> documents() {
        return books.jdbc().queryForList("""
                select number, kind, to_char(period_month, 'YYYY-MM') as period,
                    currency::text as currency, net_total, tax_total, vendor_tax_registration,
                    self_billing_agreement
                from billing_document order by kind desc, sequence_number""");
    }

    private static List<Path> files(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
