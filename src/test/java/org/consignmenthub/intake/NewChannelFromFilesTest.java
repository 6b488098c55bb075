package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.WholesalePortalHubTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * A channel added without Java: the hub runs on a mappings folder holding only the
 * wholesale-portal channel's files, its accounts come from a catalog file, and partner files
 * dropped into its inbound folders reach the ledger, with its validation rules applied.
 */
class NewChannelFromFilesTest extends WholesalePortalHubTest {

    static final String ORDERS_HEADER =
            "order_id,line,sku,qty,unit_price,currency,email,po_number,country,ordered_at\n";

    @Value("${hub.intake.files.dir}")
    private Path dropFolder;

    private InboundMessages inbox;

    @BeforeEach
    void inbox() {
        inbox = new InboundMessages(books.jdbc());
    }

    @Test
    void theVendorsFeedAndTheBuyersOrdersReachTheLedger() throws IOException {
        drop("V1", "stock_20261203.csv", "EAN,Quantity,Price\nA,10,12.50\nNEW-7,3,1.00\n");
        inbox.awaitFile(CHANNEL, "V1", "stock_20261203.csv");
        await().atMost(InboundMessages.PATIENCE).untilAsserted(() ->
                assertThat(books.onHand("V1", "A", "L1")).isEqualTo(10));

        drop("MARKETPLACE", "orders_1.csv", ORDERS_HEADER
                + "M-1,1,A,4,13.00,USD,,,US,2026-12-03 10:00\n");
        drop("ACME-B2B", "orders_2.csv", ORDERS_HEADER
                + "B-1,1,A,1,13.00,USD,buyer@acme.example,,US,2026-12-03 11:00\n"
                + "B-2,1,A,2,13.00,USD,,PO-881,US,2026-12-03 11:05\n");
        inbox.awaitFile(CHANNEL, "MARKETPLACE", "orders_1.csv");
        long b2bFile = inbox.awaitFile(CHANNEL, "ACME-B2B", "orders_2.csv");

        // Four units for the marketplace order without e-mail, two for the PO-backed one.
        await().atMost(InboundMessages.PATIENCE).untilAsserted(() ->
                assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(6));
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(4);
        assertThat(books.jdbc().queryForList("select order_ref from order_line"
                + " order by order_ref", String.class)).containsExactly("B-2", "M-1");
        // The feed named a SKU the catalog lacked; the V1 account's rules add it as V1's.
        assertThat(books.jdbc().queryForObject("select vendor from item where sku = 'NEW-7'",
                String.class)).isEqualTo("V1");
        assertThat(books.onHand("V1", "NEW-7", "L1")).isEqualTo(3);

        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("channel", CHANNEL)
                    .containsEntry("account", "ACME-B2B")
                    .containsEntry("record_ref", "wholesale-portal/ACME-B2B/orders_2.csv:2")
                    .containsEntry("stage", "RULES")
                    .containsEntry("field", "poNumber")
                    .containsEntry("reason_code", "RULE_REQUIRED")
                    .containsEntry("inbound_message_id", b2bFile);
            assertThat(new String((byte[]) dead.get("raw_record"), StandardCharsets.UTF_8))
                    .isEqualTo("B-1,1,A,1,13.00,USD,buyer@acme.example,,US,2026-12-03 11:00");
            assertThat((String) dead.get("reason")).contains("account ACME-B2B",
                    "field poNumber = (absent)", "rule 'required'");
        });
        assertThat(new String(inbox.payload(b2bFile), StandardCharsets.UTF_8))
                .contains("B-1,1,A,1,13.00");
    }

    @Test
    void refusedRecordsOfEachBookRuleNameTheirRule() throws IOException {
        books.jdbc().update("insert into item (legal_entity, sku, description, vendor)"
                + " values ('US-RETAIL', 'A', 'Blue mug', 'V1') on conflict do nothing");
        drop("V1", "stock_1.csv", "EAN,Quantity,Price\nA,20,12.50\n");
        inbox.awaitFile(CHANNEL, "V1", "stock_1.csv");
        await().atMost(InboundMessages.PATIENCE).untilAsserted(() ->
                assertThat(books.onHand("V1", "A", "L1")).isEqualTo(20));

        // A is agreed at 12.50 with V1: 13.50 is 8% off, 14.00 is 12% off (10% allowed).
        drop("MARKETPLACE", "orders_a.csv", ORDERS_HEADER
                + "P-1,1,A,1,13.50,USD,,,US,2026-12-03 10:00\n"
                + "P-2,1,A,1,14.00,USD,,,US,2026-12-03 10:01\n"
                + "P-3,1,Q-404,1,5.00,USD,,,US,2026-12-03 10:02\n");
        inbox.awaitFile(CHANNEL, "MARKETPLACE", "orders_a.csv");
        // The same row again in a file of another name is a duplicate; the same file again
        // under its own name is not (its event keys already make it change nothing).
        drop("MARKETPLACE", "orders_b.csv", ORDERS_HEADER
                + "P-1,1,A,1,13.50,USD,,,US,2026-12-03 10:00\n");
        inbox.awaitFile(CHANNEL, "MARKETPLACE", "orders_b.csv");
        drop("MARKETPLACE", "orders_a.csv", ORDERS_HEADER
                + "P-1,1,A,1,13.50,USD,,,US,2026-12-03 10:00\n"
                + "P-2,1,A,1,14.00,USD,,,US,2026-12-03 10:01\n"
                + "P-3,1,Q-404,1,5.00,USD,,,US,2026-12-03 10:02\n");
        String again = "wholesale-portal/MARKETPLACE/orders_a.csv";
        await().atMost(InboundMessages.PATIENCE)
                .until(() -> inbox.ids(CHANNEL, again).size() == 2);
        inbox.awaitComplete(inbox.ids(CHANNEL, again).get(1));

        await().atMost(InboundMessages.PATIENCE).untilAsserted(() ->
                assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(1));
        Map<String, Map<String, Object>> byRecord = new java.util.TreeMap<>();
        books.deadLetters().forEach(d -> byRecord.put((String) d.get("record_ref"), d));
        assertThat(byRecord).containsOnlyKeys("wholesale-portal/MARKETPLACE/orders_a.csv:3",
                "wholesale-portal/MARKETPLACE/orders_a.csv:4",
                "wholesale-portal/MARKETPLACE/orders_b.csv:2");
        assertThat(byRecord.get("wholesale-portal/MARKETPLACE/orders_a.csv:3"))
                .containsEntry("reason_code", "RULE_PRICE")
                .containsEntry("field", "lines[0].unitPrice")
                .containsEntry("stage", "RULES");
        assertThat((String) byRecord.get("wholesale-portal/MARKETPLACE/orders_a.csv:3")
                .get("reason")).contains("= '14.00'", "agreed at 12.50 with vendor V1",
                "12.00% off, more than the 10% allowed");
        assertThat(byRecord.get("wholesale-portal/MARKETPLACE/orders_a.csv:4"))
                .containsEntry("reason_code", "RULE_SKU")
                .containsEntry("field", "lines[0].sku");
        assertThat((String) byRecord.get("wholesale-portal/MARKETPLACE/orders_a.csv:4")
                .get("reason")).contains("= 'Q-404'", "not in the catalog of US-RETAIL");
        assertThat(byRecord.get("wholesale-portal/MARKETPLACE/orders_b.csv:2"))
                .containsEntry("reason_code", "RULE_DUPLICATE");
        assertThat((String) byRecord.get("wholesale-portal/MARKETPLACE/orders_b.csv:2")
                .get("reason")).contains("the same record came as " + again + ":2");
        assertThat(byRecord.get(again + ":3")).containsEntry("attempts", 2);
        assertThat(books.jdbc().queryForObject("select count(*) from item where sku = 'Q-404'",
                Long.class)).isZero();
    }

    private void drop(String account, String name, String content) throws IOException {
        Path folder = Files.createDirectories(dropFolder.resolve(CHANNEL).resolve(account));
        // Written aside and moved in, as a partner's upload completes.
        Path aside = Files.writeString(folder.resolve("." + name), content);
        Files.move(aside, folder.resolve(name));
    }
}
