package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every intake route's way into the dead-letter store, driven through the running hub: a
 * refused record is kept with its stage, reason, field, where it sat (file and line, or
 * request) and exactly what the partner sent, and the rest of its message still applies.
 * Files go through the local drop folder, which shares its intake with the SFTP route.
 */
class IntakeDeadLetterTest extends HubIntegrationTest {

    private static final String CATALOG = "fixtures/cases-catalog.yaml";

    @Value("${hub.intake.files.dir}")
    private Path dropFolder;
    @LocalServerPort
    private int port;

    private IntakeClient partner;
    private InboundMessages inbox;

    @BeforeEach
    void partnerAndInbox() {
        partner = new IntakeClient(port);
        inbox = new InboundMessages(books.jdbc());
    }

    @Nested
    class VendorStockFiles {

        @Test
        void rowWithAnUnreadableQuantityIsRefusedAndTheOtherRowsApply() {
            String file = "sku,location,qty_available\n"
                    + "A,L1,7\n"
                    + "B,L1,7 pcs\n"
                    + "A,L2,3\n";

            long id = dropAndAwait("vendor-stock", "V1", "levels-bad-qty.csv", utf8(file));

            assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead).containsEntry("stage", "MAPPING")
                        .containsEntry("reason_code", "INVALID_FIELD")
                        .containsEntry("field", "quantity")
                        .containsEntry("record_ref", "vendor-stock/V1/levels-bad-qty.csv:3")
                        .containsEntry("inbound_message_id", id);
                assertThat(raw(dead)).isEqualTo("B,L1,7 pcs");
                assertThat((String) dead.get("reason")).contains("7 pcs");
            });
            assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(7);
            assertThat(books.bucket("V1", "A", "L2", "AVAILABLE")).isEqualTo(3);
            assertThat(books.onHand("V1", "B", "L1")).isZero();
            assertThat(inbox.payload(id)).isEqualTo(utf8(file));
        }

        @Test
        void skuTheVendorDoesNotConsignIsRefusedWhenApplied() {
            String file = "sku,location,qty_available\n"
                    + "A,L1,5\n"
                    + "D,L1,4\n";

            long id = dropAndAwait("vendor-stock", "V1", "levels-with-d.csv", utf8(file));

            assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead).containsEntry("stage", "PROCESSING")
                        .containsEntry("reason_code", "NOT_VENDORS_SKU")
                        .containsEntry("field", "sku")
                        .containsEntry("record_ref", "vendor-stock/V1/levels-with-d.csv:3")
                        .containsEntry("inbound_message_id", id);
                assertThat(raw(dead)).isEqualTo("D,L1,4");
                assertThat((String) dead.get("reason")).contains("SKU D", "vendor V1");
                assertThat((String) dead.get("event_json")).contains("\"sku\":\"D\"");
            });
            assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(5);
            assertThat(books.onHand("V1", "D", "L1")).isZero();
            assertThat(books.onHand("V2", "D", "L1")).isZero();
        }

        /** Field case B19: a byte-order mark must not hide the first column, "sku". */
        @Test
        void fileWithAByteOrderMarkAndCrlfReadsLikeThePlainFile() {
            byte[] plain = utf8("sku,location,qty_available\r\nA,L1,7\r\nB,L1,0\r\n");
            byte[] withBom = new byte[plain.length + 3];
            withBom[0] = (byte) 0xEF;
            withBom[1] = (byte) 0xBB;
            withBom[2] = (byte) 0xBF;
            System.arraycopy(plain, 0, withBom, 3, plain.length);

            long doneBefore = done("vendor-stock/V1", "stock_20261204-");
            long id = dropAndAwait("vendor-stock", "V1", "stock_20261204.csv", withBom);
            List<String> afterBom = rowsAndLevels(id);
            assertThat(inbox.payload(id)).as("stored with its BOM").isEqualTo(withBom);
            assertThat(books.deadLetters()).isEmpty();
            books.reset();
            books.loadCatalog(CATALOG);
            long plainId = dropAndAwait("vendor-stock", "V1", "stock_20261204.csv", plain);
            List<String> afterPlain = rowsAndLevels(plainId);

            assertThat(inbox.payload(plainId)).isEqualTo(plain);
            // Both rows applied, the zero level too, nothing refused.
            assertThat(afterBom).containsExactly("row 2 APPLIED", "row 3 APPLIED",
                    "V1 A/L1 = 7", "V1 B/L1 = 0");
            assertThat(afterPlain).isEqualTo(afterBom);
            assertThat(books.deadLetters()).isEmpty();
            await("both files moved to .done").atMost(InboundMessages.PATIENCE)
                    .until(() -> done("vendor-stock/V1", "stock_20261204-") == doneBefore + 2);
            assertThat(done("vendor-stock/V1", "stock_20261204-")).isEqualTo(doneBefore + 2);
        }

        /** What a stock file left behind: each row's outcome, then the levels at L1. */
        private List<String> rowsAndLevels(long inboundId) {
            List<String> found = new ArrayList<>(books.jdbc().queryForList("""
                    select 'row ' || split_part(external_id, ':', 2) || ' ' || outcome
                    from processed_event where inbound_message_id = ?
                    order by external_id""", String.class, inboundId));
            for (String sku : List.of("A", "B")) {
                found.add("V1 " + sku + "/L1 = " + books.bucket("V1", sku, "L1", "AVAILABLE"));
            }
            return found;
        }
    }

    @Nested
    class FilesNoMappingReads {

        @Test
        void fileInAFolderNoMappingReadsIsKeptAndRefused() {
            // The shop's channel reads dropped order lists, inventory levels and exports;
            // none of its mappings reads a file named like this one.
            byte[] file = utf8("{\"id\": 1042, \"line_items\": []}\n");

            long id = dropAndAwait("shopify", "test-shop", "customers-1042.json", file);

            assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead).containsEntry("stage", "INTAKE")
                        .containsEntry("reason_code", "NO_MAPPING")
                        .containsEntry("field", "messageType")
                        .containsEntry("record_ref", "shopify/test-shop/customers-1042.json")
                        .containsEntry("inbound_message_id", id);
                assertThat((byte[]) dead.get("raw_record")).isEqualTo(file);
            });
            assertThat(inbox.payload(id)).isEqualTo(file);
            await("file moved to .done").atMost(InboundMessages.PATIENCE)
                    .until(() -> Files.notExists(
                            dropFolder.resolve("shopify/test-shop/customers-1042.json")));
        }
    }

    @Nested
    class ShopifyWebhooks {

        @Test
        void shopTheCatalogDoesNotKnowIsRefusedWholeAndKept() {
            byte[] order = utf8("""
                    {"id": 4401, "created_at": "2026-12-02T10:00:00-05:00", "currency": "USD",
                     "financial_status": "paid",
                     "line_items": [{"id": 1, "sku": "A", "quantity": 1, "price": "19.99"}]}
                    """);

            IntakeClient.Answer answer = partner.post("/intake/shopify/unknown-shop", order,
                    "X-Shopify-Topic", "orders/create", "X-Request-Id", "req-unknown-shop-1");

            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.rejected()).isEqualTo(1);
            inbox.awaitComplete(answer.inboundId());
            assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead).containsEntry("stage", "INTAKE")
                        .containsEntry("reason_code", "UNKNOWN_ACCOUNT")
                        .containsEntry("field", "account")
                        .containsEntry("record_ref", "shopify/unknown-shop/req-unknown-shop-1")
                        .containsEntry("account", "unknown-shop")
                        .containsEntry("inbound_message_id", answer.inboundId());
                assertThat((byte[]) dead.get("raw_record")).isEqualTo(order);
            });
            assertThat(inbox.payload(answer.inboundId())).isEqualTo(order);
            assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isZero();
        }

        @Test
        void bodyThatIsNotJsonIsRefusedAsUnreadable() {
            byte[] form = utf8("order=1042&sku=A&qty=3");

            IntakeClient.Answer answer = partner.post("/intake/shopify/test-shop", form,
                    "X-Shopify-Topic", "orders/create", "X-Request-Id", "req-form-body-1");

            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.rejected()).isEqualTo(1);
            inbox.awaitComplete(answer.inboundId());
            assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead).containsEntry("stage", "MAPPING")
                        .containsEntry("reason_code", "UNREADABLE")
                        .containsEntry("field", "body")
                        .containsEntry("record_ref", "shopify/test-shop/req-form-body-1");
                assertThat((String) dead.get("reason")).startsWith("not valid JSON");
                assertThat((byte[]) dead.get("raw_record")).isEqualTo(form);
            });
            assertThat(inbox.payload(answer.inboundId())).isEqualTo(form);
        }
    }

    @Nested
    class VendorAndOperationsApis {

        @Test
        void stockReportWithoutSkuIsRefusedNamingTheField() {
            byte[] report = utf8("""
                    {"reports": [{"reportId": "V1-LEVEL-1", "location": "L1",
                      "kind": "SNAPSHOT", "quantity": 4}]}
                    """);

            IntakeClient.Answer answer = partner.post("/intake/vendors/V1/stock", report,
                    "X-Request-Id", "req-no-sku-1");

            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.rejected()).isEqualTo(1);
            inbox.awaitComplete(answer.inboundId());
            assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead).containsEntry("stage", "MAPPING")
                        .containsEntry("reason_code", "INVALID_FIELD")
                        .containsEntry("field", "sku")
                        .containsEntry("record_ref", "vendor-stock-api/V1/req-no-sku-1");
                assertThat((String) dead.get("reason")).isEqualTo("sku is required");
                assertThat((byte[]) dead.get("raw_record")).isEqualTo(report);
            });
            assertThat(inbox.payload(answer.inboundId())).isEqualTo(report);
        }

        @Test
        void stockMoveWithAQuantityInWordsIsRefused() {
            byte[] move = utf8("""
                    {"moveId": "MV-9", "sku": "A", "from": "L1", "to": "L2",
                     "quantity": "two"}
                    """);

            IntakeClient.Answer answer = partner.post("/intake/stock-moves/ops", move,
                    "X-Request-Id", "req-move-words-1");

            assertThat(answer.status()).isEqualTo(202);
            inbox.awaitComplete(answer.inboundId());
            assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead).containsEntry("stage", "MAPPING")
                        .containsEntry("reason_code", "INVALID_FIELD")
                        .containsEntry("field", "quantity")
                        .containsEntry("record_ref", "stock-moves-api/ops/req-move-words-1");
                assertThat((byte[]) dead.get("raw_record")).isEqualTo(move);
            });
        }
    }

    @Nested
    class Redelivery {

        @Test
        void theSameFileDeliveredTwiceChangesNothingTheSecondTime() {
            byte[] file = utf8("sku,location,qty_received,reference\n"
                    + "A,L1,10,ASN-V1-7001\n"
                    + "B,L1,6,\n");

            long first = dropAndAwait("vendor-stock", "V1", "receipt-7001.csv", file);
            List<Map<String, Object>> journal = journal();
            long second = dropAndAwait("vendor-stock", "V1", "receipt-7001.csv", file);

            assertThat(second).as("stored again, as received").isNotEqualTo(first);
            assertThat(inbox.payload(second)).isEqualTo(file);
            assertThat(journal()).isEqualTo(journal);
            assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(10);
            assertThat(books.bucket("V1", "B", "L1", "AVAILABLE")).isEqualTo(6);
            assertThat(books.deadLetters()).isEmpty();
            assertThat(books.jdbc().queryForObject("select count(*) from processed_event",
                    Long.class)).isEqualTo(2);
        }

        /**
         * A unit price beyond what the books can hold is refused by the mapping, naming the
         * line's field, before it reaches the database; the database's own refusals are
         * worded by RefusedValuesTest.
         */
        @Test
        void priceBeyondWhatTheBooksHoldIsRefusedNamingTheField() {
            byte[] order = utf8("""
                    {"id": 4402, "created_at": "2026-12-02T10:00:00-05:00", "currency": "USD",
                     "financial_status": "paid",
                     "line_items": [{"id": 1, "sku": "A", "quantity": 1,
                                     "price": "123456789012345678.00"}]}
                    """);

            IntakeClient.Answer answer = partner.post("/intake/shopify/test-shop", order,
                    "X-Shopify-Topic", "orders/create", "X-Request-Id", "req-overflow-1");

            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.rejected()).isEqualTo(1);
            inbox.awaitComplete(answer.inboundId());
            assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead).containsEntry("stage", "MAPPING")
                        .containsEntry("reason_code", "INVALID_FIELD")
                        .containsEntry("field", "lines[0].unitPrice")
                        .containsEntry("record_ref", "shopify/test-shop/req-overflow-1")
                        .containsEntry("inbound_message_id", answer.inboundId());
                assertThat((String) dead.get("reason")).contains("at most 99999999.9999",
                        "123456789012345678.00").doesNotContain("numeric field overflow");
                assertThat((byte[]) dead.get("raw_record")).isEqualTo(order);
            });
            assertThat(books.jdbc().queryForObject("select count(*) from order_line",
                    Long.class)).as("nothing of the record was applied").isZero();
        }

        private List<Map<String, Object>> journal() {
            return books.jdbc().queryForList("select id, sku, location, owner, bucket,"
                    + " quantity, reason, cause from stock_movement order by id");
        }
    }

    /** Drops a file into the channel account's folder and waits until it is applied. */
    private long dropAndAwait(String channel, String account, String name, byte[] content) {
        Path folder = dropFolder.resolve(channel).resolve(account);
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Long> before = inbox.ids(channel, channel + "/" + account + "/" + name);
        await("file " + name + " taken in").atMost(InboundMessages.PATIENCE).until(() ->
                inbox.ids(channel, channel + "/" + account + "/" + name).size() > before.size());
        List<Long> ids = inbox.ids(channel, channel + "/" + account + "/" + name);
        long id = ids.get(ids.size() - 1);
        inbox.awaitComplete(id);
        return id;
    }

    /** How many files named {@code prefix...} the channel account's .done folder holds. */
    private long done(String channelAccount, String prefix) {
        Path folder = dropFolder.resolve(".done").resolve(channelAccount);
        if (Files.notExists(folder)) {
            return 0;
        }
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String raw(Map<String, Object> deadLetter) {
        return new String((byte[]) deadLetter.get("raw_record"), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
