package org.consignmenthub.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.StockMoved;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * A count sheet dropped in the local folder: each bad row is refused on its own, naming
 * its field, and the good rows are reconciled as one session once the whole file is in.
 */
class CountFileDropTest extends HubIntegrationTest {

    @Value("${hub.intake.files.dir}")
    private Path dropFolder;

    @Test
    void aSheetWhoseShortageTheStockLeftCannotAbsorbIsSetAsideWithItsReason()
            throws IOException {
        books.apply(new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", "V2",
                "VendorStockReported", "R-D-L1", 0), "V2", "L1", "D",
                VendorStockReported.Kind.RECEIPT, 10, "R-D-L1",
                Instant.parse("2026-12-01T09:00:00-05:00")));
        // After the count, nine of the ten go to store 2: one is left to absorb a shortage.
        books.apply(new StockMoved(new EventKey("US-RETAIL", "stock-moves-api", "ops",
                "StockMoved", "MOVE-D", 0), "D", "V2", "L1", "L2", 9,
                Instant.parse("2026-12-05T10:00:00-05:00")));

        drop("count_L1_20261205b.csv", """
                location,sku,counted_qty,counted_at
                L1,D,8,2026-12-05T08:00:00-05:00
                """);
        await("the sheet set aside").atMost(InboundMessages.PATIENCE).until(() ->
                "REFUSED".equals(books.jdbc().queryForObject("select max(status)"
                        + " from count_session", String.class)));

        assertThat(books.jdbc().queryForObject("select refusal from count_session",
                String.class)).startsWith("INSUFFICIENT_STOCK: cannot take 2 of V2 D/L1");
        assertThat(books.onHand("V2", "D", "L1")).as("nothing posted").isEqualTo(1);
        assertThat(books.jdbc().queryForObject("select count(*) from count_result",
                Long.class)).isZero();
    }

    @Test
    void badRowsAreRefusedByFieldAndTheRestIsReconciledWithinTolerance() throws IOException {
        books.apply(new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", "V1",
                "VendorStockReported", "R-A-L1", 0), "V1", "L1", "A",
                VendorStockReported.Kind.RECEIPT, 100, "R-A-L1",
                Instant.parse("2026-12-01T09:00:00-05:00")));
        String sheet = """
                location,sku,counted_qty,counted_at
                L1,A,98,2026-12-05T08:00:00-05:00
                L1,B,7 pcs,2026-12-05T08:01:00-05:00
                L1,ZZ,4,2026-12-05T08:02:00-05:00
                """;

        drop("count_L1_20261205.csv", sheet);
        await("the sheet reconciled").atMost(InboundMessages.PATIENCE).until(() ->
                "RECONCILED".equals(books.jdbc().queryForObject("select max(status)"
                        + " from count_session", String.class)));

        assertThat(books.deadLetters()).extracting(d -> d.get("record_ref") + " "
                + d.get("field") + " " + d.get("reason_code")).containsExactly(
                        "counts/STORE-L1/count_L1_20261205.csv:3 counted_qty INVALID_FIELD",
                        "counts/STORE-L1/count_L1_20261205.csv:4 sku UNKNOWN_SKU");
        List<Map<String, Object>> results = books.jdbc().queryForList(
                "select sku, book_qty, counted_qty, variance, within_tolerance, outcome"
                        + " from count_result");
        assertThat(results).singleElement().isEqualTo(Map.of("sku", "A", "book_qty", 100L,
                "counted_qty", 98L, "variance", -2L, "within_tolerance", true,
                "outcome", "ADJUSTED"));
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(98);
        assertThat(books.jdbc().queryForList("select count(*) from discrepancy_case",
                Long.class)).containsExactly(0L);
        assertThat(books.jdbc().queryForMap("select quantity, reason from stock_movement"
                + " where cause like 'count-result/%'")).isEqualTo(Map.of("quantity", -2L,
                        "reason", "RETAILER_LIABLE"));
    }

    private void drop(String name, String sheet) throws IOException {
        Path folder = Files.createDirectories(dropFolder.resolve("counts/STORE-L1"));
        Files.writeString(folder.resolve(name), sheet, StandardCharsets.UTF_8);
        new InboundMessages(books.jdbc()).awaitFile("counts", "STORE-L1", name);
    }
}
