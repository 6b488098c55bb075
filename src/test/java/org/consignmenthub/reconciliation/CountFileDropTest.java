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

        Path folder = Files.createDirectories(dropFolder.resolve("counts/STORE-L1"));
        Files.writeString(folder.resolve("count_L1_20261205.csv"), sheet,
                StandardCharsets.UTF_8);
        new InboundMessages(books.jdbc()).awaitFile("counts", "STORE-L1",
                "count_L1_20261205.csv");
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
}
