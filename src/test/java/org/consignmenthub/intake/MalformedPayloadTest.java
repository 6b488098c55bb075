package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.VendorStockReported;
import org.junit.jupiter.api.Test;

/**
 * Payloads that are broken on purpose or by accident, read and mapped by the real readers
 * and mappings without Spring: each is refused with the field and a reason in the hub's own
 * words (never the parser's or the database's), and the good records beside it go on.
 */
class MalformedPayloadTest {

    private final MappingEngine engine = new MappingEngine(
            MappingCatalog.load(Path.of("mappings")),
            List.of(new JsonRecordReader(), new CsvRecordReader()));

    @Test
    void csvRowWithBytesThatAreNotUtf8IsRefusedNamingTheBytePosition() {
        byte[] file = bytes("sku,location,qty_available\nA,L1,5\nB", 0xC3, 0x28,
                ",L1,3\nC,L1,2\n");

        List<MappedRecord> records = engine.map(message("vendor-stock", "stock-report",
                "stock.csv", file));

        assertThat(records).hasSize(3);
        assertThat(quantity(records.get(0))).isEqualTo(5);
        assertThat(records.get(1)).isInstanceOfSatisfying(MappedRecord.Rejected.class, bad -> {
            assertThat(bad.recordRef()).isEqualTo("stock.csv:3");
            assertThat(bad.reasonCode()).isEqualTo("UNREADABLE");
            assertThat(bad.field()).isEqualTo("sku");
            assertThat(bad.reason()).contains("offset 35", "line 3", "0xC3", "UTF-8");
        });
        assertThat(quantity(records.get(2))).isEqualTo(2);
    }

    @Test
    void csvHeaderThatIsNotUtf8RefusesTheWholeFile() {
        byte[] file = bytes("sk", 0xFF, "u,location,qty_available\nA,L1,5\n");

        List<MappedRecord> records = engine.map(message("vendor-stock", "stock-report",
                "stock.csv", file));

        assertThat(records).singleElement().isInstanceOfSatisfying(MappedRecord.Rejected.class,
                bad -> {
                    assertThat(bad.field()).isEqualTo("header");
                    assertThat(bad.reason()).contains("offset 2", "line 1", "0xFF");
                });
    }

    @Test
    void jsonBodyWithBytesThatAreNotUtf8IsRefusedNamingTheBytePosition() {
        byte[] body = bytes("{\"reports\":[{\"sku\":\"A", 0xFF, 0xFE, "\"}]}");

        MappedRecord.Rejected bad = rejected(engine.map(message("vendor-stock-api",
                "stock-report", "request-1", body)));

        assertThat(bad.field()).isEqualTo("body");
        assertThat(bad.reasonCode()).isEqualTo("UNREADABLE");
        assertThat(bad.reason()).contains("offset 21", "0xFF", "UTF-8")
                .doesNotContain("Invalid UTF-8", "start byte");
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsRefusedInPlainWords() {
        String deep = "{\"reports\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";

        MappedRecord.Rejected bad = rejected(engine.map(message("vendor-stock-api",
                "stock-report", "request-2", deep.getBytes(StandardCharsets.UTF_8))));

        assertThat(bad.field()).isEqualTo("body");
        assertThat(bad.reason()).contains("nested deeper than 64 levels")
                .doesNotContain("StreamReadConstraints", "exceeds the maximum");
    }

    @Test
    void jsonThatIsBrokenIsRefusedNamingLineAndColumn() {
        byte[] body = "{\"reports\":[\n{\"sku\": \"A\",,}]}".getBytes(StandardCharsets.UTF_8);

        MappedRecord.Rejected bad = rejected(engine.map(message("vendor-stock-api",
                "stock-report", "request-3", body)));

        assertThat(bad.reason()).contains("not valid JSON", "line 2", "column 13")
                .doesNotContain("Unexpected character", "code 44");
    }

    @Test
    void aFieldGivenTwiceIsRefusedNamingItRatherThanReadAsItsLastValue() {
        byte[] body = "{\"reports\":[{\"sku\": \"A\", \"sku\": \"B\", \"quantity\": 1}]}"
                .getBytes(StandardCharsets.UTF_8);

        MappedRecord.Rejected bad = rejected(engine.map(message("vendor-stock-api",
                "stock-report", "request-dup", body)));

        assertThat(bad.reason()).contains("\"sku\" is given twice", "line 1")
                .doesNotContain("Duplicate field");
    }

    @Test
    void xmlSentToAJsonChannelIsRefusedAsXmlAndNoEntityIsResolved() {
        byte[] body = ("<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM"
                + " \"file:///etc/hostname\">]>\n<r>&x;</r>").getBytes(StandardCharsets.UTF_8);

        MappedRecord.Rejected bad = rejected(engine.map(message("vendor-stock-api",
                "stock-report", "request-4", body)));

        assertThat(bad.field()).isEqualTo("body");
        assertThat(bad.reason()).contains("XML", "JSON");
        assertThat(bad.rawRecord()).isEqualTo(new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void hugeQuantityInJsonIsRefusedNamingTheField() {
        byte[] body = ("{\"reports\":[{\"reportId\":\"R-1\",\"sku\":\"A\",\"location\":\"L1\","
                + "\"kind\":\"RECEIPT\",\"quantity\":99999999999999999999}]}")
                .getBytes(StandardCharsets.UTF_8);

        MappedRecord.Rejected bad = rejected(engine.map(message("vendor-stock-api",
                "stock-report", "request-5", body)));

        assertThat(bad.field()).isEqualTo("quantity");
        assertThat(bad.reasonCode()).isEqualTo("INVALID_FIELD");
        assertThat(bad.reason()).contains("99999999999999999999", "whole number")
                .doesNotContain("Cannot deserialize", "out of range of", "`");
    }

    @Test
    void hugeQuantityInCsvIsRefusedNamingTheField() {
        byte[] file = "sku,location,qty_received\nA,L1,99999999999999999999\nB,L1,4\n"
                .getBytes(StandardCharsets.UTF_8);

        List<MappedRecord> records = engine.map(message("vendor-stock", "stock-report",
                "receipts.csv", file));

        assertThat(records.get(0)).isInstanceOfSatisfying(MappedRecord.Rejected.class, bad -> {
            assertThat(bad.field()).isEqualTo("quantity");
            assertThat(bad.reason()).contains("99999999999999999999", "whole number")
                    .doesNotContain("Cannot deserialize", "`");
        });
        assertThat(quantity(records.get(1))).isEqualTo(4);
    }

    @Test
    void quantityAboveTheLimitThatFitsALongIsStillRefused() {
        byte[] file = "sku,location,qty_received\nA,L1,5000000000\n"
                .getBytes(StandardCharsets.UTF_8);

        MappedRecord.Rejected bad = rejected(engine.map(message("vendor-stock", "stock-report",
                "receipts.csv", file)));

        assertThat(bad.field()).isEqualTo("quantity");
        assertThat(bad.reason()).contains("5000000000", "at most 1000000000");
    }

    private static MappedRecord.Rejected rejected(List<MappedRecord> records) {
        assertThat(records).hasSize(1);
        assertThat(records.get(0)).isInstanceOf(MappedRecord.Rejected.class);
        return (MappedRecord.Rejected) records.get(0);
    }

    private static long quantity(MappedRecord record) {
        assertThat(record).isInstanceOf(MappedRecord.Events.class);
        return ((VendorStockReported) ((MappedRecord.Events) record).events().get(0))
                .quantity();
    }

    private static InboundMessage message(String channel, String messageType, String source,
            byte[] payload) {
        return new InboundMessage(1, channel, "V1", messageType, source, payload,
                Map.of("legalEntity", "UK", "receivedAt", "2026-12-04T10:00:00Z",
                        "fileName", source));
    }

    /** Text parts as UTF-8, integers as single raw bytes. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(part.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
