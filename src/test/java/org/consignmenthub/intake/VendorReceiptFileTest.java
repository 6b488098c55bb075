package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * A vendor's receipt with a reference may bring one SKU to several stores: each store's row
 * is its own receipt, and the same receipt sent again in another file is counted once.
 */
class VendorReceiptFileTest extends HubIntegrationTest {

    private static final String RECEIPT = """
            sku,location,qty_received,reference,received_at
            A,L1,5,ASN-9100,2026-12-03 09:00
            A,L2,3,ASN-9100,2026-12-03 09:00
            B,L2,4,ASN-9100,2026-12-03 09:00
            """;

    @Value("${hub.data-dir}")
    Path dataDir;

    @Test
    void oneReferenceBringsASkuToTwoStoresAndASecondCopyChangesNothing() throws Exception {
        InboundMessages inbox = new InboundMessages(books.jdbc());

        drop("asn-9100.csv", RECEIPT);
        inbox.awaitFile("vendor-stock", "V1", "asn-9100.csv");

        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(5);
        assertThat(books.onHand("V1", "A", "L2")).isEqualTo(3);
        assertThat(books.onHand("V1", "B", "L2")).isEqualTo(4);
        assertThat(books.deadLetters()).isEmpty();

        drop("asn-9100-resent.csv", RECEIPT);
        inbox.awaitFile("vendor-stock", "V1", "asn-9100-resent.csv");

        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(5);
        assertThat(books.onHand("V1", "A", "L2")).isEqualTo(3);
        assertThat(books.onHand("V1", "B", "L2")).isEqualTo(4);
        assertThat(books.deadLetters()).isEmpty();
    }

    @Test
    void twoChangedCopiesOfAReceiptAreTwoConflictsEachWithItsOwnEntry() throws Exception {
        InboundMessages inbox = new InboundMessages(books.jdbc());
        String header = "sku,location,qty_received,reference\n";

        drop("asn-9200.csv", header + "A,L1,5,ASN-9200\n");
        inbox.awaitFile("vendor-stock", "V1", "asn-9200.csv");
        drop("asn-9200-b.csv", header + "A,L1,6,ASN-9200\n");
        inbox.awaitFile("vendor-stock", "V1", "asn-9200-b.csv");
        drop("asn-9200-c.csv", header + "A,L1,7,ASN-9200\n");
        inbox.awaitFile("vendor-stock", "V1", "asn-9200-c.csv");

        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(5);
        assertThat(books.jdbc().queryForList("""
                select record_ref || ' ' || reason_code || ' ' || attempts from dead_letter
                order by record_ref""", String.class)).containsExactly(
                "vendor-stock/V1/asn-9200-b.csv:2 KEY_CONFLICT 1",
                "vendor-stock/V1/asn-9200-c.csv:2 KEY_CONFLICT 1");
    }

    private void drop(String name, String csv) throws Exception {
        Path folder = Files.createDirectories(dataDir.resolve("inbound/vendor-stock/V1"));
        Path partial = folder.resolve("." + name);
        Files.writeString(partial, csv, StandardCharsets.UTF_8);
        Files.move(partial, folder.resolve(name));
    }
}
