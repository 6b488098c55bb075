package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    private final CsvRecordReader reader = new CsvRecordReader();

    @Test
    void byteOrderMarkDoesNotHideTheFirstColumn() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "sku,location,qty_available\r\nA,L1,7\r\nB,L1,0\r\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, file, 0, bom.length);
        System.arraycopy(body, 0, file, bom.length, body.length);

        List<RecordReader.ReadRecord> records = read("stock.csv", file, Map.of());

        assertThat(records).hasSize(2);
        assertThat(records.get(0).tree().get("sku").asText()).isEqualTo("A");
        assertThat(records.get(1).tree().get("qty_available").asText()).isEqualTo("0");
        assertThat(records.get(1).recordRef()).isEqualTo("stock.csv:3");
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() {
        String csv = "sku,description\n1,\"HOOK, 1 HANGER\"\n2,\"SAY \"\"HI\"\"\"\n"
                + "3,\"TWO\nLINES\"\n4,plain\n";

        List<RecordReader.ReadRecord> records = read("d.csv",
                csv.getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(records).extracting(r -> r.tree().get("description").asText())
                .containsExactly("HOOK, 1 HANGER", "SAY \"HI\"", "TWO\nLINES", "plain");
        assertThat(records).extracting(RecordReader.ReadRecord::recordRef)
                .containsExactly("d.csv:2", "d.csv:3", "d.csv:4", "d.csv:6");
    }

    @Test
    void rowWithTheWrongNumberOfColumnsIsUnreadableWithItsLine() {
        List<RecordReader.ReadRecord> records = read("s.csv",
                "a,b\n1,2\n3\n".getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(records.get(0).readable()).isTrue();
        assertThat(records.get(1).readable()).isFalse();
        assertThat(records.get(1).recordRef()).isEqualTo("s.csv:3");
        assertThat(records.get(1).unreadableReason())
                .isEqualTo("expected 2 columns as in the header, found 1");
    }

    @Test
    void recordOrderSortsByTheColumnAndKeepsFileOrderForTies() {
        String csv = "id,at\nx,2010-12-01 09:00\ny,2010-12-01 08:00\nz,2010-12-01 09:00\n";

        List<RecordReader.ReadRecord> records = read("o.csv",
                csv.getBytes(StandardCharsets.UTF_8), Map.of("recordOrder", "at"));

        assertThat(records).extracting(r -> r.tree().get("id").asText())
                .containsExactly("y", "x", "z");
    }

    @Test
    void quoteThatNeverClosesIsRefusedNotTakenAsData() {
        String csv = "sku,location,qty_received,reference\n71053,L1,5,\"ASN-1\n"
                + "71054,L1,6,ASN-2\n71055,L1,7,ASN-3\n";

        List<RecordReader.ReadRecord> records = read("r.csv",
                csv.getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.readable()).isFalse();
            assertThat(r.recordRef()).isEqualTo("r.csv:2");
            assertThat(r.unreadableReason()).startsWith("a quote opened on line 2 never closes");
        });
    }

    @Test
    void emptyFileIsUnreadableNamingTheHeader() {
        List<RecordReader.ReadRecord> records = read("e.csv", new byte[0], Map.of());

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.readable()).isFalse();
            assertThat(r.field()).isEqualTo("header");
        });
    }

    private List<RecordReader.ReadRecord> read(String name, byte[] bytes,
            Map<String, String> options) {
        InboundMessage message = new InboundMessage(1, "c", "a", "t", name, bytes, Map.of());
        return reader.read(message, new MappingDescriptor("c", "t", "csv", null, options));
    }
}
