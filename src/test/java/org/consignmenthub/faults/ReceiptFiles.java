package org.consignmenthub.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Vendor V1's receipt files for the fault tests: many rows of one unit each, alternating
 * SKUs A and B at L1, every receipt with its own reference, so that each row is one
 * movement and a row applied twice or lost shows in the counts.
 */
final class ReceiptFiles {

    private final Path dropFolder;

    ReceiptFiles(Path dropFolder) {
        this.dropFolder = dropFolder;
    }

    static String receipts(String batch, int rows) {
        StringBuilder file = new StringBuilder("sku,location,qty_received,reference\n");
        for (int row = 0; row < rows; row++) {
            file.append(row % 2 == 0 ? "A" : "B").append(",L1,1,")
                    .append(batch).append('-').append(row).append('\n');
        }
        return file.toString();
    }

    static long receiptsApplied(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from stock_movement"
                + " where reason = 'RECEIPT'", Long.class);
    }

    /** Written aside and moved in, as a partner's upload that completes at once. */
    void drop(String name, String content) throws IOException {
        Path folder = Files.createDirectories(dropFolder.resolve("vendor-stock/V1"));
        Path partial = folder.resolve("." + name + ".part");
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        Files.move(partial, folder.resolve(name));
    }
}
