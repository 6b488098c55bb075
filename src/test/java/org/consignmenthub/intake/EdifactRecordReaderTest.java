package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The EDIFACT reader on hand-made interchanges: what a mapping sees of a message, how the
 * release character and per-interchange delimiters are honoured, and how broken files turn
 * into unreadable records that say where and why, never into exceptions.
 */
class EdifactRecordReaderTest {

    private static final String SOURCE = "in.edi";
    private static final String UNB = "UNB+UNOC:3+5412345000013:14+5498765000017:14+240601:0700+";
    private static final MappingDescriptor DESCRIPTOR = new MappingDescriptor("edifact-slsrpt",
            "sales-report", "edifact", Path.of("sales-report.jsonata"), Map.of());

    private final EdifactRecordReader reader = new EdifactRecordReader();

    @Test
    void readsOneRecordPerMessageWithItsEnvelope() {
        String message = "UNH+1+SLSRPT:D:96A:UN:EAN004'\r\nBGM+73E+R1+9'\r\n"
                + "PRI+NTP:27::RTP'\r\nUNT+4+1'";
        List<RecordReader.ReadRecord> records = read(
                "UNA:+.? '\r\n" + UNB + "IC7'\r\n" + message + "\r\nUNZ+1+IC7'\r\n");

        RecordReader.ReadRecord record = records.get(0);
        assertThat(records).hasSize(1);
        assertThat(record.readable()).as(record::unreadableReason).isTrue();
        assertThat(record.recordRef()).isEqualTo("in.edi#IC7/1");
        assertThat(record.rawRecord()).isEqualTo(message);
        JsonNode tree = record.tree();
        assertThat(tree.at("/interchange/sender").asText()).isEqualTo("5412345000013");
        assertThat(tree.at("/interchange/recipientQualifier").asText()).isEqualTo("14");
        assertThat(tree.at("/interchange/controlRef").asText()).isEqualTo("IC7");
        assertThat(tree.at("/interchange/testIndicator").isNull()).isTrue();
        assertThat(tree.at("/interchange/decimalMark").asText()).isEqualTo(".");
        assertThat(tree.get("group").isNull()).isTrue();
        assertThat(tree.get("messageType").asText()).isEqualTo("SLSRPT");
        assertThat(tree.get("version").asText()).isEqualTo("D");
        assertThat(tree.get("release").asText()).isEqualTo("96A");
        assertThat(tree.get("association").asText()).isEqualTo("EAN004");
        assertThat(tree.get("segments").toString()).isEqualTo("["
                + "{\"tag\":\"BGM\",\"position\":2,\"line\":4,"
                + "\"elements\":[[\"73E\"],[\"R1\"],[\"9\"]]},"
                + "{\"tag\":\"PRI\",\"position\":3,\"line\":5,"
                + "\"elements\":[[\"NTP\",\"27\",\"\",\"RTP\"]]}]");
    }

    @Test
    void aGroupIsNamedInItsMessages() {
        List<RecordReader.ReadRecord> records = read(UNB + "IC8'"
                + "UNG+SLSRPT+5412345000013:14+5498765000017:14+240601:0700+G5+UN+D:96A'"
                + "UNH+1+SLSRPT:D:96A:UN:EAN004'BGM+73E+R1+9'UNT+3+1'UNE+1+G5'UNZ+1+IC8'");

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.readable()).as(r::unreadableReason).isTrue();
            assertThat(r.tree().at("/group/controlRef").asText()).isEqualTo("G5");
        });
    }

    @Nested
    class ReleaseCharacter {

        @Test
        void aReleasedReleaseBeforeTheTerminatorEndsTheSegment() {
            JsonNode segments = onlyTree(message("FTX+AAA+++ends with??'LIN+1'", 4));

            assertThat(segments.get(0).at("/elements/3/0").asText()).isEqualTo("ends with?");
            assertThat(segments.get(1).get("tag").asText()).isEqualTo("LIN");
        }

        @Test
        void aReleasedReleaseThenAReleasedTerminatorDoesNot() {
            JsonNode segments = onlyTree(message("FTX+AAB+++a???'b'LIN+1'", 4));

            assertThat(segments.get(0).at("/elements/3/0").asText()).isEqualTo("a?'b");
            assertThat(segments.get(1).get("tag").asText()).isEqualTo("LIN");
        }

        @Test
        void releasedSeparatorsStayInTheirValue() {
            JsonNode segments = onlyTree(message("FTX+AAC+++c?:d?+e?'f'", 3));

            assertThat(segments.get(0).get("elements").toString())
                    .isEqualTo("[[\"AAC\"],[\"\"],[\"\"],[\"c:d+e'f\"]]");
        }
    }

    @Test
    void eachInterchangeUsesTheDelimitersOfItsOwnUna() {
        String first = "UNA:+.? '" + UNB + "A1'UNH+1+SLSRPT:D:96A:UN:EAN004'"
                + "FTX+AAA+++x?+y:z'UNT+3+1'UNZ+1+A1'\n";
        String second = "UNA|*,# !UNB*UNOC|3*5412345000013|14*5498765000017|14*240601|0700*A2!"
                + "UNH*7*SLSRPT|D|96A|UN|EAN004!FTX*AAA***x#!y+z|w!PRI*NTP|2,5||RTP!UNT*4*7!"
                + "UNZ*1*A2!";

        List<RecordReader.ReadRecord> records = read(first + second);

        assertThat(records).extracting(RecordReader.ReadRecord::recordRef)
                .containsExactly("in.edi#A1/1", "in.edi#A2/7");
        assertThat(records).allMatch(RecordReader.ReadRecord::readable);
        JsonNode one = records.get(0).tree();
        JsonNode two = records.get(1).tree();
        assertThat(one.at("/segments/0/elements/3").toString()).isEqualTo("[\"x+y\",\"z\"]");
        assertThat(two.at("/segments/0/elements/3").toString()).isEqualTo("[\"x!y+z\",\"w\"]");
        assertThat(two.at("/segments/1/elements/0/1").asText()).isEqualTo("2,5");
        assertThat(one.at("/interchange/decimalMark").asText()).isEqualTo(".");
        assertThat(two.at("/interchange/decimalMark").asText()).isEqualTo(",");
        assertThat(records.get(1).rawRecord()).startsWith("UNH*7*").endsWith("UNT*4*7!");
    }

    @Test
    void latinOnePayloadsAreRead() {
        byte[] payload = (UNB + "L1'UNH+1+SLSRPT:D:96A:UN:EAN004'FTX+AAA+++Grüße'UNT+3+1'"
                + "UNZ+1+L1'").getBytes(StandardCharsets.ISO_8859_1);

        List<RecordReader.ReadRecord> records = reader.read(message(payload), DESCRIPTOR);

        assertThat(records.get(0).tree().at("/segments/0/elements/3/0").asText())
                .isEqualTo("Grüße");
    }

    @Test
    void aByteOrderMarkAndHardWrappedLinesAreReadThrough() {
        String wrapped = "\uFEFFUNB+UNOC:3+54123450\r\n00013:14+5498765000017:14+240601:0700+W1'"
                + "UNH+1+SLSRPT:D:96A:UN:EAN004'BGM+73E+R\r\n1+9'U\r\nNT+3+1'UNZ+1+W1'";

        List<RecordReader.ReadRecord> records = read(wrapped);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.readable()).as(r::unreadableReason).isTrue();
            assertThat(r.tree().at("/interchange/sender").asText()).isEqualTo("5412345000013");
            assertThat(r.tree().at("/segments/0/elements/1/0").asText()).isEqualTo("R1");
            assertThat(r.rawRecord()).startsWith("UNH+1+").endsWith("NT+3+1'");
        });
    }

    @Nested
    class BrokenFiles {

        @Test
        void aTruncatedFileRejectsTheMessageItEndsIn() {
            List<RecordReader.ReadRecord> records = read(UNB + "T1'"
                    + "UNH+1+SLSRPT:D:96A:UN:EAN004'BGM+73E+R1+9'LIN+1++5498765");

            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.readable()).isFalse();
                assertThat(r.recordRef()).isEqualTo("in.edi#T1/1");
                assertThat(r.field()).isEqualTo("LIN");
                assertThat(r.unreadableReason()).contains("message 1 is incomplete",
                        "the file ends", "segment LIN");
                assertThat(r.rawRecord()).endsWith("LIN+1++5498765");
            });
        }

        @Test
        void aWrongSegmentCountInUntRejectsTheMessage() {
            List<RecordReader.ReadRecord> records = read(UNB + "C1'"
                    + "UNH+1+SLSRPT:D:96A:UN:EAN004'BGM+73E+R1+9'LIN+1'QTY+153:2'UNT+4+1'"
                    + "UNH+2+SLSRPT:D:96A:UN:EAN004'BGM+73E+R2+9'UNT+3+2'UNZ+2+C1'");

            assertThat(records).hasSize(2);
            assertThat(records.get(0).readable()).isFalse();
            assertThat(records.get(0).field()).isEqualTo("UNT");
            assertThat(records.get(0).unreadableReason()).startsWith("UNT at line 1")
                    .contains("segment count 4", "5 segments of message 1");
            // The next message carries its own count and is read as usual.
            assertThat(records.get(1).readable()).isTrue();
        }

        @Test
        void aMissingUnzIsReportedBesideTheCompleteMessages() {
            List<RecordReader.ReadRecord> records = read(UNB + "Z1'"
                    + "UNH+1+SLSRPT:D:96A:UN:EAN004'BGM+73E+R1+9'UNT+3+1'");

            assertThat(records).hasSize(2);
            assertThat(records.get(0).readable()).isTrue();
            assertThat(records.get(1).recordRef()).isEqualTo("in.edi#Z1");
            assertThat(records.get(1).unreadableReason()).contains("Z1", "UNZ");
        }

        @Test
        void aUnzCountThatDisagreesIsReported() {
            List<RecordReader.ReadRecord> records = read(UNB + "Z2'"
                    + "UNH+1+SLSRPT:D:96A:UN:EAN004'BGM+73E+R1+9'UNT+3+1'UNZ+2+Z2'");

            assertThat(records.get(1).field()).isEqualTo("UNZ");
            assertThat(records.get(1).unreadableReason()).contains("count 2", "messages read: 1");
        }

        @Test
        void aMessageWithoutUntCannotVouchForTheNextOne() {
            List<RecordReader.ReadRecord> records = read(UNB + "N1'"
                    + "UNH+1+SLSRPT:D:96A:UN:EAN004'BGM+73E+R1+9'"
                    + "UNH+2+SLSRPT:D:96A:UN:EAN004'BGM+73E+R2+9'UNT+3+2'UNZ+2+N1'");

            assertThat(records).extracting(RecordReader.ReadRecord::field)
                    .containsExactly("UNT", "UNH");
            assertThat(records.get(0).unreadableReason()).contains("message 1 has no UNT");
            assertThat(records.get(1).unreadableReason()).contains("cannot be checked");
        }

        @Test
        void repeatedElementsAreUnsupported() {
            List<RecordReader.ReadRecord> records = read("UNA:+.?*'"
                    + "UNB+UNOC:4+5412345000013:14+5498765000017:14+20240601:0700+R4'"
                    + "UNH+1+SLSRPT:D:96A:UN:EAN004'FTX+AAA+++a*b'UNT+3+1'UNZ+1+R4'");

            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.field()).isEqualTo("FTX");
                assertThat(r.unreadableReason()).startsWith("unsupported content")
                        .contains("repeated data element");
            });
        }

        @Test
        void otherStandardsAreUnsupported() {
            List<RecordReader.ReadRecord> records = read("ISA*00*          *00*          "
                    + "*ZZ*SENDER         *ZZ*RECEIVER       *210101*1200*U*00401*000000001*0*P*>~"
                    + "GS*PO*SENDER*RECEIVER*20210101*1200*1*X*004010~ST*850*0001~"
                    + "BEG*00*SA*1**20210101~SE*3*0001~GE*1*1~IEA*1*000000001~");

            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.field()).isEqualTo("interchange");
                assertThat(r.unreadableReason()).contains("X12", "EDIFACT only");
            });
        }

        @Test
        void textThatIsNotEdiIsRejected() {
            assertThat(read("order 17, 2 lamps")).singleElement().satisfies(r -> {
                assertThat(r.readable()).isFalse();
                assertThat(r.unreadableReason()).startsWith("not an EDIFACT interchange");
            });
            assertThat(read(" \r\n")).singleElement().satisfies(
                    r -> assertThat(r.unreadableReason()).startsWith("the file is empty"));
        }
    }

    private List<RecordReader.ReadRecord> read(String payload) {
        return reader.read(message(payload.getBytes(StandardCharsets.UTF_8)), DESCRIPTOR);
    }

    private static InboundMessage message(byte[] payload) {
        return new InboundMessage(1L, "edifact-slsrpt", "acct", "sales-report", SOURCE, payload,
                Map.of("legalEntity", "RETAIL-01"));
    }

    /** An interchange around one message whose body segments are given, UNT counted. */
    private static String message(String body, int segments) {
        return "UNA:+.? '" + UNB + "M1'UNH+1+SLSRPT:D:96A:UN:EAN004'" + body + "UNT+" + segments
                + "+1'UNZ+1+M1'";
    }

    private JsonNode onlyTree(String payload) {
        List<RecordReader.ReadRecord> records = read(payload);
        assertThat(records).singleElement().satisfies(r -> assertThat(r.readable())
                .as(r::unreadableReason).isTrue());
        return records.get(0).tree().get("segments");
    }
}
