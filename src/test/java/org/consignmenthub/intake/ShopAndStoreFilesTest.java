package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.Corpus;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Files that shops' and stores' APIs return, dropped into the channel account's folder:
 * the file name chooses the mapping, each element of a list is a record of its own, and
 * what cannot be booked lands in the dead-letter store naming its place in the file.
 */
class ShopAndStoreFilesTest extends HubIntegrationTest {

    @Value("${hub.intake.files.dir}")
    private Path dropFolder;

    @Test
    void shopifyInventoryLevelsAreStoredAndEachLevelRefusedInItsPlace() {
        String name = "shopifypy_inventory_levels.json";
        long id = drop("shopify", "test-shop", name, Corpus.bytes("shopify/" + name));

        List<String> refs = books.jdbc().queryForList("""
                select record_ref || ' ' || reason_code from dead_letter
                where inbound_message_id = ? order by record_ref""", String.class, id);
        assertThat(refs).containsExactly(
                "shopify/test-shop/" + name + "#inventory_levels[0] SHOP_STOCK_LEVEL_NOT_BOOKED",
                "shopify/test-shop/" + name + "#inventory_levels[1] SHOP_STOCK_LEVEL_NOT_BOOKED",
                "shopify/test-shop/" + name + "#inventory_levels[2] SHOP_STOCK_LEVEL_NOT_BOOKED",
                "shopify/test-shop/" + name + "#inventory_levels[3] SHOP_STOCK_LEVEL_NOT_BOOKED");
        assertThat(new String((byte[]) books.deadLetters().get(0).get("raw_record"),
                StandardCharsets.UTF_8)).contains("\"inventory_item_id\":39072856",
                "\"available\":27");
    }

    @Test
    void listedWooCommerceOrdersApplyOneByOneAndABadOneIsRefusedAlone() {
        books.apply(new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", "V1",
                "VendorStockReported", "R-WOO-FILE", 0), "V1", "L1", "A",
                VendorStockReported.Kind.RECEIPT, 10, "R-WOO-FILE",
                Instant.parse("2026-11-01T14:00:00Z")));
        String orders = """
                [{"id":501,"status":"pending","currency":"USD",\
                "date_created_gmt":"2026-12-04T15:00:00","total":"19.99","total_tax":"0.00",\
                "line_items":[{"id":1,"sku":"A","quantity":1,"total":"19.99",\
                "total_tax":"0.00"}]},
                 {"id":502,"status":"pending","currency":"USD",\
                "date_created_gmt":"2026-12-04T15:10:00","total":"9.99","total_tax":"0.00",\
                "line_items":[{"id":2,"sku":"","quantity":1,"total":"9.99"}]}]""";

        long id = drop("woocommerce", "test-store", "orders_20261204.json",
                orders.getBytes(StandardCharsets.UTF_8));

        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(1);
        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead.get("record_ref"))
                    .isEqualTo("woocommerce/test-store/orders_20261204.json#[1]");
            assertThat(dead.get("field")).isEqualTo("line_items[0].sku");
            assertThat(dead.get("inbound_message_id")).isEqualTo(id);
        });
    }

    private long drop(String channel, String account, String name, byte[] content) {
        Path folder = dropFolder.resolve(channel).resolve(account);
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        InboundMessages inbox = new InboundMessages(books.jdbc());
        return inbox.awaitFile(channel, account, name);
    }
}
